// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IBridge} from "../bridge/IBridge.sol";

/// @title IBridgeGovernance
/// @notice The bridge's admin surface the spoke executor drives (BridgeBase's function names).
interface IBridgeGovernance {
    /// @notice Enables or updates a remote domain.
    /// @param domain The remote domain.
    /// @param config Its remote bridge and rate limits.
    function setRemoteDomain(uint32 domain, IBridge.RemoteConfig calldata config) external;
    /// @notice Disables a remote domain.
    /// @param domain The remote domain.
    function disableRemoteDomain(uint32 domain) external;
    /// @notice Replaces the validator set.
    /// @param validators Strictly ascending signers.
    /// @param threshold The threshold.
    function setValidatorSet(address[] calldata validators, uint16 threshold) external;
    /// @notice Sets how long a replaced set stays valid.
    /// @param retention Seconds.
    function setRetentionWindow(uint32 retention) external;
    /// @notice Pauses the bridge.
    function pause() external;
    /// @notice Unpauses the bridge.
    function unpause() external;
}
