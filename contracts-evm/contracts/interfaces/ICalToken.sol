// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title ICalToken
/// @notice Bridge-facing surface of the CAL token.
interface ICalToken {
    /// @notice Emitted when the bridge mints CAL on a spoke deployment.
    event BridgeMinted(address indexed to, uint256 amount);
    /// @notice Emitted when the bridge burns CAL to send it back to the home chain.
    event BridgeBurned(address indexed from, uint256 amount);

    /// @notice Mints `amount` to `to`. Only the bridge (BRIDGE_ROLE).
    function mint(address to, uint256 amount) external;

    /// @notice Burns `amount` from `from`, spending the bridge's allowance unless `from` is the bridge.
    function burn(address from, uint256 amount) external;
}
