// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {ICalToken} from "../interfaces/ICalToken.sol";
import {BridgeBase} from "./BridgeBase.sol";

/// @title BridgeMinter
/// @notice A spoke end of the bridge: `send` burns CAL (ERC-7802 `crosschainBurn`, spending the allowance the
/// sender gave this contract), a delivered message mints it (`crosschainMint`). Needs BRIDGE_ROLE on the
/// spoke CalToken, granted by the timelock.
contract BridgeMinter is BridgeBase {
    /// @notice The spoke CAL token.
    ICalToken public immutable token;

    /// @param token_ The spoke CAL token.
    constructor(
        ICalToken token_,
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
        token.crosschainMint(to, amount);
    }
}
