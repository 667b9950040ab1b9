// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title IExecutingProposal
/// @notice The governor's view of the proposal it is executing (CalGovernor); read by the GovernanceHub.
interface IExecutingProposal {
    /// @notice The proposal whose operations the timelock is executing right now, else 0.
    /// @return The executing proposal's id, or 0.
    function executingProposal() external view returns (uint256);
}
