// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";

/// @title CalTimelock
/// @notice OpenZeppelin TimelockController that holds every admin right of the protocol.
contract CalTimelock is TimelockController {
    /// @notice OpenZeppelin TimelockController with these roles and delay.
    /// @param minDelay Minimum delay of an operation, in seconds.
    /// @param proposers Proposers and cancellers (the governor).
    /// @param executors Executors (address(0) = anyone).
    /// @param admin Optional bootstrap admin (the deployer), renounced once wiring is done.
    constructor(uint256 minDelay, address[] memory proposers, address[] memory executors, address admin)
        TimelockController(minDelay, proposers, executors, admin)
    {}
}
