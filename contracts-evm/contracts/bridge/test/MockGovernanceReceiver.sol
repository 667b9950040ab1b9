// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IGovernanceReceiver} from "../../interfaces/IGovernanceMessaging.sol";

/// @title MockGovernanceReceiver
/// @notice Test double: records every version-2 message a bridge hands it, or refuses them all while `refusing`.
/// It has no constructor state, so tests can also place its code at a vector's recipient address.
contract MockGovernanceReceiver is IGovernanceReceiver {
    /// @notice One recorded call.
    struct Call {
        address bridge;
        uint32 srcDomain;
        uint8 kind;
        bytes32 sender;
        bytes payload;
    }

    /// @notice Every call received, in order.
    Call[] public calls;
    /// @notice While true, every call reverts with `MockRefused`.
    bool public refusing;

    /// @notice The receiver refused the message.
    error MockRefused();

    /// @notice Makes the receiver refuse (or accept again) every call.
    /// @param refuse True to refuse.
    function setRefusing(bool refuse) external {
        refusing = refuse;
    }

    /// @notice How many calls were recorded.
    /// @return The count.
    function callCount() external view returns (uint256) {
        return calls.length;
    }

    /// @inheritdoc IGovernanceReceiver
    function receiveGovernanceMessage(uint32 srcDomain, bytes32 sender, uint8 kind, bytes calldata payload) external {
        if (refusing) revert MockRefused();
        calls.push(Call(msg.sender, srcDomain, kind, sender, payload));
    }
}
