// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {IVotes} from "@openzeppelin/contracts/governance/utils/IVotes.sol";
import {BridgeBase} from "./BridgeBase.sol";

/// @title BridgeVault
/// @notice The home-chain end of the bridge: `send` locks CAL here, a delivered message releases it.
/// Invariant: the CAL this vault holds (donations aside) == CAL minted on all spokes + in flight.
/// The votes of the CAL it holds go to one delegatee chosen by governance (DESIGN §7: the hub's spoke-vote
/// aggregator), so the spokes together never cast more votes than the CAL that exists on spokes.
contract BridgeVault is BridgeBase {
    using SafeERC20 for IERC20;

    /// @notice The CAL token.
    IERC20 public immutable token;

    /// @notice Sets the home token and BridgeBase's admin, pauser, first validator set and retention window.
    /// @param token_ The home CAL token.
    /// @param admin Holder of DEFAULT_ADMIN_ROLE (the timelock).
    /// @param pauser Holder of PAUSER_ROLE (may be zero: none).
    /// @param validators Initial validator set, strictly ascending.
    /// @param threshold Initial threshold (a strict majority: threshold * 2 > validators.length).
    /// @param retention Seconds a replaced set stays valid (<= MAX_RETENTION).
    constructor(
        IERC20 token_,
        address admin,
        address pauser,
        address[] memory validators,
        uint16 threshold,
        uint32 retention
    ) BridgeBase(admin, pauser, validators, threshold, retention) {
        if (address(token_) == address(0)) revert BridgeZeroAddress();
        token = token_;
    }

    /// @notice Delegates the votes of the CAL this vault holds (the CAL on spokes and in flight) to `delegatee`, the
    /// hub's GovernanceHub, which casts them as the spokes' tallies (DESIGN §7). Admin (timelock) only.
    /// @param delegatee The GovernanceHub.
    function delegateVotes(address delegatee) external onlyRole(DEFAULT_ADMIN_ROLE) {
        IVotes(address(token)).delegate(delegatee);
    }

    function _lock(address from, uint64 amount) internal override {
        token.safeTransferFrom(from, address(this), amount);
    }

    function _release(address to, uint64 amount) internal override {
        token.safeTransfer(to, amount);
    }
}
