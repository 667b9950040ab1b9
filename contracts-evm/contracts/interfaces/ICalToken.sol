// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title ICalToken
/// @notice Bridge-facing surface of the CAL token. The function signatures are ERC-7802's
/// (`crosschainMint` / `crosschainBurn`); unlike OpenZeppelin's ERC20Bridgeable, a burn from
/// another holder spends the allowance that holder gave the bridge.
interface ICalToken {
    /// @notice Emitted when the bridge mints CAL on a spoke deployment.
    /// @param to The recipient.
    /// @param amount CAL base units.
    event BridgeMinted(address indexed to, uint256 amount);
    /// @notice Emitted when the bridge burns CAL to send it back to the home chain.
    /// @param from The holder burnt from.
    /// @param amount CAL base units.
    event BridgeBurned(address indexed from, uint256 amount);

    /// @notice Mints `amount` to `to`. Only the bridge (BRIDGE_ROLE).
    /// @param to The recipient.
    /// @param amount CAL base units.
    function crosschainMint(address to, uint256 amount) external;

    /// @notice Burns `amount` from `from`, spending the bridge's allowance unless `from` is the bridge.
    /// @param from The holder.
    /// @param amount CAL base units.
    function crosschainBurn(address from, uint256 amount) external;
}
