// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IERC7802} from "@openzeppelin/contracts/interfaces/draft-IERC7802.sol";
import {BridgeBase} from "./BridgeBase.sol";

/// @title BridgeMinter
/// @notice A spoke end of the bridge: `send` burns CAL (ERC-7802 `crosschainBurn`, spending the allowance the
/// sender gave this contract), a delivered message mints it (`crosschainMint`). Needs BRIDGE_ROLE on the
/// spoke's CalSpokeToken, granted by the spoke's admin.
contract BridgeMinter is BridgeBase {
    /// @notice The spoke CAL token.
    IERC7802 public immutable token;

    /// @notice Sets the spoke token and BridgeBase's admin, pauser, first validator set and retention window.
    /// @param token_ The spoke CAL token (CalSpokeToken: ERC-7802).
    /// @param admin Holder of DEFAULT_ADMIN_ROLE (the timelock).
    /// @param pauser Holder of PAUSER_ROLE (may be zero: none).
    /// @param validators Initial validator set, strictly ascending.
    /// @param threshold Initial threshold (a strict majority: threshold * 2 > validators.length).
    /// @param retention Seconds a replaced set stays valid (<= MAX_RETENTION).
    constructor(
        IERC7802 token_,
        address admin,
        address pauser,
        address[] memory validators,
        uint16 threshold,
        uint32 retention
    ) BridgeBase(admin, pauser, validators, threshold, retention) {
        if (address(token_) == address(0)) revert BridgeZeroAddress();
        token = token_;
    }

    function _lock(address from, uint64 amount) internal override {
        token.crosschainBurn(from, amount);
    }

    function _release(address to, uint64 amount) internal override {
        // In receiveBatch's loop (at most MAX_BATCH messages) on the immutable CAL token: a failing mint reverts
        // the whole batch, as intended.
        // slither-disable-next-line calls-loop
        token.crosschainMint(to, amount);
    }
}
