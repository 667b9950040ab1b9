// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title ICalToken
/// @notice Bridge-facing surface of the CAL token. The function signatures are ERC-7802's
/// (`crosschainMint` / `crosschainBurn`); unlike OpenZeppelin's ERC20Bridgeable, a burn from
/// another holder spends the allowance that holder gave the bridge.
interface ICalToken {
    /// @notice Emitted when the bridge mints CAL on a spoke deployment.
    event BridgeMinted(address indexed to, uint256 amount);
    /// @notice Emitted when the bridge burns CAL to send it back to the home chain.
    event BridgeBurned(address indexed from, uint256 amount);

    /// @notice Mints `amount` to `to`. Only the bridge (BRIDGE_ROLE).
    function crosschainMint(address to, uint256 amount) external;

    /// @notice Burns `amount` from `from`, spending the bridge's allowance unless `from` is the bridge.
    function crosschainBurn(address from, uint256 amount) external;
}
