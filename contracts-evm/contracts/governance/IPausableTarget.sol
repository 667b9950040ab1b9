// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title IPausableTarget
/// @notice The marketplace's pause surface the spoke executor drives (kept out of IMarketplace, which lists the task
/// lifecycle).
interface IPausableTarget {
    /// @notice Pauses the target.
    function pause() external;
    /// @notice Unpauses the target.
    function unpause() external;
}
