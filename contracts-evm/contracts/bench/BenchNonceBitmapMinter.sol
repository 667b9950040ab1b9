// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {ICalToken} from "../interfaces/ICalToken.sol";
import {BridgeMinter} from "../bridge/BridgeMinter.sol";
import {BridgeMessage} from "../bridge/BridgeMessage.sol";

/// @title BenchNonceBitmapMinter
/// @notice Gas benchmark only (scripts/bench-bridge.ts), not deployed anywhere: the spoke minter with replay
/// protection by a bitmap of delivered nonces per source domain (256 nonces per storage word) instead of one
/// storage slot per messageId. Each (srcDomain, nonce) is delivered at most once, which is at least as strict as
/// one delivery per messageId; MessageDelivered still carries the messageId.
/// @dev What it gives up: `isDelivered(messageId)` cannot be answered from a messageId alone (it reverts
/// here), so the relayer, the SDK and DESIGN §8 ("each destination records delivered messageIds") would change.
contract BenchNonceBitmapMinter is BridgeMinter {
    mapping(uint32 srcDomain => mapping(uint256 word => uint256 bits)) private _deliveredNonces;

    /// @notice `isDelivered(messageId)` has no answer in this variant.
    error BenchUnsupported();

    /// @notice Same set-up as BridgeMinter.
    /// @param token_ The spoke CAL token.
    /// @param admin Holder of DEFAULT_ADMIN_ROLE.
    /// @param pauser Holder of PAUSER_ROLE (may be zero: none).
    /// @param validators Initial validator set, strictly ascending.
    /// @param threshold Initial threshold (1..validators.length).
    /// @param retention Seconds a replaced set stays valid (<= MAX_RETENTION).
    constructor(
        ICalToken token_,
        address admin,
        address pauser,
        address[] memory validators,
        uint16 threshold,
        uint32 retention
    ) BridgeMinter(token_, admin, pauser, validators, threshold, retention) {}

    /// @notice True once the message with `nonce` from `srcDomain` has been delivered here.
    /// @param srcDomain The source domain of the message.
    /// @param nonce The message's outbound nonce on its source domain.
    /// @return True when delivered.
    function isNonceDelivered(uint32 srcDomain, uint64 nonce) external view returns (bool) {
        return _deliveredNonces[srcDomain][nonce >> 8] & (1 << (nonce & 0xff)) != 0;
    }

    /// @notice Unsupported in this variant (see the contract's notes).
    function isDelivered(bytes32) external pure override returns (bool) {
        revert BenchUnsupported();
    }

    function _isDelivered(bytes calldata message, bytes32) internal view override returns (bool) {
        uint64 nonce = BridgeMessage.nonceOf(message);
        return _deliveredNonces[BridgeMessage.srcDomainOf(message)][nonce >> 8] & (1 << (nonce & 0xff)) != 0;
    }

    function _markDelivered(bytes calldata message, bytes32) internal override {
        uint64 nonce = BridgeMessage.nonceOf(message);
        _deliveredNonces[BridgeMessage.srcDomainOf(message)][nonce >> 8] |= 1 << (nonce & 0xff);
    }
}
