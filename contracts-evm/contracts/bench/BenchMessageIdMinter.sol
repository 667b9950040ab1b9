// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IERC7802} from "@openzeppelin/contracts/interfaces/draft-IERC7802.sol";
import {BridgeMinter} from "../bridge/BridgeMinter.sol";

/// @title BenchMessageIdMinter
/// @notice Gas benchmark only (scripts/bench-bridge.ts), not deployed anywhere: the spoke minter with the replay
/// protection of the previous design, one storage slot per delivered messageId, instead of the production bitmap of
/// delivered nonces per source domain. It is the baseline the benchmark reports beside the production figures.
contract BenchMessageIdMinter is BridgeMinter {
    mapping(bytes32 messageId => bool) private _deliveredIds;

    /// @notice `isDelivered(srcDomain, nonce)` has no answer in this variant.
    error BenchUnsupported();

    /// @notice Same set-up as BridgeMinter.
    /// @param token_ The spoke CAL token.
    /// @param admin Holder of DEFAULT_ADMIN_ROLE.
    /// @param pauser Holder of PAUSER_ROLE (may be zero: none).
    /// @param validators Initial validator set, strictly ascending.
    /// @param threshold Initial threshold (a strict majority).
    /// @param retention Seconds a replaced set stays valid (<= MAX_RETENTION).
    constructor(
        IERC7802 token_,
        address admin,
        address pauser,
        address[] memory validators,
        uint16 threshold,
        uint32 retention
    ) BridgeMinter(token_, admin, pauser, validators, threshold, retention) {}

    /// @notice Unsupported in this variant (it records messageIds, not nonces).
    function isDelivered(uint32, uint64) external pure override returns (bool) {
        revert BenchUnsupported();
    }

    function _isDelivered(bytes calldata, bytes32 messageId) internal view override returns (bool) {
        return _deliveredIds[messageId];
    }

    function _markDelivered(bytes calldata, bytes32 messageId) internal override {
        _deliveredIds[messageId] = true;
    }
}
