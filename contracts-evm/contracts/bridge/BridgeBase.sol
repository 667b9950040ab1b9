// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {IBridge} from "./IBridge.sol";
import {BridgeMessage} from "./BridgeMessage.sol";
import {IGovernanceMessenger, IGovernanceReceiver} from "../interfaces/IGovernanceMessaging.sol";

/// @title BridgeBase
/// @notice What the home vault and the spoke minter share: the M-of-N validator set (with rotation and
/// a retention window for the previous set), signature verification, replay protection by (srcDomain, nonce)
/// in a bitmap per source domain,
/// strictly increasing outbound nonces, per-remote-domain inbound and outbound token buckets, the list
/// of enabled remote domains, and pause.
/// @dev DEFAULT_ADMIN_ROLE (the timelock) owns every parameter and unpause; PAUSER_ROLE can only pause.
/// The hot configuration (validator set id, thresholds, retention, outbound nonce, pause flag) shares
/// one storage slot. Subcontracts implement `_lock` (take CAL from the sender) and `_release`
/// (give CAL to the recipient).
abstract contract BridgeBase is IBridge, IGovernanceMessenger, AccessControl, ReentrancyGuardTransient {
    using BridgeMessage for BridgeMessage.Message;

    /// @notice Role that can pause (and nothing else).
    bytes32 public constant PAUSER_ROLE = keccak256("PAUSER_ROLE");
    /// @notice Role that can send version-2 (governance) messages: the hub's GovernanceHub, a spoke's governance vault.
    bytes32 public constant GOVERNANCE_SENDER_ROLE = keccak256("GOVERNANCE_SENDER_ROLE");
    /// @notice Largest validator set (bounds every loop over a set).
    uint256 public constant MAX_VALIDATORS = 32;
    /// @notice Largest batch accepted by `receiveBatch`.
    uint256 public constant MAX_BATCH = 64;
    /// @notice Most remote domains enabled at once (bounds `remoteDomains`).
    uint256 public constant MAX_REMOTE_DOMAINS = 64;
    /// @notice Longest retention window of a previous validator set.
    uint32 public constant MAX_RETENTION = 30 days;
    /// @notice Solana's bridge domain (a non-EVM domain: 32-byte recipients).
    uint32 public constant SOLANA_DOMAIN = 0x534F4C41;
    /// @notice TON's bridge domain (a non-EVM domain: 32-byte recipients).
    uint32 public constant TON_DOMAIN = 0x544F4E00;

    /// @dev The hot configuration, one slot.
    struct Config {
        uint64 setId;
        uint16 threshold;
        uint16 previousThreshold;
        uint40 previousValidUntil;
        uint64 outboundNonce;
        uint32 retentionWindow;
        bool paused;
    }

    /// @notice This chain's domain (its chain id).
    uint32 public immutable localDomain;

    Config private _config;
    mapping(uint64 setId => mapping(address signer => bool)) private _inSet;
    mapping(uint64 setId => address[]) private _sets;
    mapping(uint64 setId => bytes32) private _setHashes;
    /// @dev Delivered nonces per source domain, 256 to a word (word = nonce >> 8, bit = nonce & 0xff).
    mapping(uint32 srcDomain => mapping(uint256 word => uint256 bits)) private _deliveredNonces;
    mapping(uint32 domain => Bucket) private _inbound;
    mapping(uint32 domain => Bucket) private _outbound;
    mapping(uint32 domain => bytes32) private _remoteBridges;
    uint32[] private _domains;

    /// @notice Sets the admin, the pauser, the first validator set (id 1) and the retention window.
    /// @param admin Holder of DEFAULT_ADMIN_ROLE (the timelock).
    /// @param pauser Holder of PAUSER_ROLE (may be zero: none).
    /// @param validators Initial validator set, strictly ascending.
    /// @param threshold Initial threshold (a strict majority: threshold * 2 > validators.length).
    /// @param retention Seconds a replaced set stays valid (≤ MAX_RETENTION).
    constructor(address admin, address pauser, address[] memory validators, uint16 threshold, uint32 retention) {
        if (admin == address(0)) revert BridgeZeroAddress();
        if (retention > MAX_RETENTION) {
            revert BridgeParameterOutOfBounds("retentionWindow", retention, 0, MAX_RETENTION);
        }
        localDomain = SafeCast.toUint32(block.chainid);
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        if (pauser != address(0)) _grantRole(PAUSER_ROLE, pauser);
        _config.retentionWindow = retention;
        _storeSet(validators, threshold);
    }

    // ---------------------------------------------------------------- outbound

    /// @inheritdoc IBridge
    function send(uint32 dstDomain, bytes32 recipient, uint64 amount) external nonReentrant returns (bytes32 messageId) {
        Config storage c = _config;
        if (c.paused) revert EnforcedPause();
        if (amount == 0) revert BridgeZeroAmount();
        _checkRecipient(dstDomain, recipient);
        Bucket storage bucket = _outbound[dstDomain];
        if (!bucket.enabled) revert BridgeUnknownDomain(dstDomain);
        _consume(bucket, dstDomain, amount);
        uint64 nonce = c.outboundNonce + 1;
        c.outboundNonce = nonce;
        bytes32 sender = bytes32(uint256(uint160(msg.sender)));
        messageId = keccak256(
            BridgeMessage.Message({
                version: BridgeMessage.VERSION,
                srcDomain: localDomain,
                dstDomain: dstDomain,
                nonce: nonce,
                sender: sender,
                recipient: recipient,
                amount: amount
            }).encode()
        );
        emit MessageSent(messageId, dstDomain, nonce, sender, recipient, amount);
        _lock(msg.sender, amount);
    }

    /// @dev A recipient must be non-zero and, toward an EVM domain (every domain but Solana's and TON's), a
    /// left-padded 20-byte address: CAL sent to anything else could never be delivered.
    function _checkRecipient(uint32 dstDomain, bytes32 recipient) private pure {
        if (recipient == bytes32(0)) revert BridgeInvalidRecipient(recipient);
        if (dstDomain != SOLANA_DOMAIN && dstDomain != TON_DOMAIN && uint256(recipient) >> 160 != 0) {
            revert BridgeInvalidRecipient(recipient);
        }
    }

    // ---------------------------------------------------------------- governance (version-2) outbound

    /// @inheritdoc IGovernanceMessenger
    /// @dev Not stopped by pause: governance must be able to reach a paused chain (e.g. to unpause it or rotate its
    /// validators). No token moves and no rate limit applies.
    function sendGovernanceMessage(uint32 dstDomain, bytes32 recipient, uint8 kind, bytes calldata payload)
        external
        nonReentrant
        returns (bytes32 messageId, uint64 nonce)
    {
        if (!hasRole(GOVERNANCE_SENDER_ROLE, msg.sender)) revert BridgeUnauthorizedSender(msg.sender);
        if (!_outbound[dstDomain].enabled) revert BridgeUnknownDomain(dstDomain);
        _checkRecipient(dstDomain, recipient);
        uint256 length = BridgeMessage.GOVERNANCE_HEADER_LENGTH + payload.length;
        if (length > BridgeMessage.MAX_LENGTH) revert BridgeInvalidMessage(length, BridgeMessage.VERSION_GOVERNANCE);
        nonce = _config.outboundNonce + 1;
        _config.outboundNonce = nonce;
        bytes memory message = abi.encodePacked(
            BridgeMessage.VERSION_GOVERNANCE,
            localDomain,
            dstDomain,
            nonce,
            bytes32(uint256(uint160(msg.sender))),
            recipient,
            kind,
            payload
        );
        messageId = keccak256(message);
        emit GovernanceMessageSent(messageId, dstDomain, nonce, message);
    }

    // ---------------------------------------------------------------- inbound

    /// @inheritdoc IBridge
    function receiveMessage(bytes calldata message, bytes calldata signatures) external nonReentrant {
        _deliver(message, signatures, false);
    }

    /// @inheritdoc IBridge
    function receiveBatch(bytes[] calldata messages, bytes[] calldata signatures)
        external
        nonReentrant
        returns (uint256 delivered)
    {
        uint256 n = messages.length;
        if (n == 0 || n != signatures.length || n > MAX_BATCH) revert BridgeInvalidBatch(n, signatures.length);
        for (uint256 i = 0; i < n; ++i) {
            // Another relayer may have delivered a message first: it is skipped rather than reverting the batch.
            if (_deliver(messages[i], signatures[i], true)) ++delivered;
        }
    }

    /// @dev Checks and delivers one message of either version; returns false for a message already delivered when
    /// `skipDelivered` (reverts otherwise). Version 1 (token) is refused while paused; version 2 (governance) is not.
    /// Effects before the interaction (token release or receiver call). Fields are read straight from calldata.
    function _deliver(bytes calldata message, bytes calldata signatures, bool skipDelivered) private returns (bool) {
        uint256 length = message.length;
        uint8 version = length == 0 ? 0 : uint8(message[0]);
        if (version == BridgeMessage.VERSION) {
            if (length != BridgeMessage.LENGTH) revert BridgeInvalidMessage(length, version);
            if (_config.paused) revert EnforcedPause();
        } else if (
            version != BridgeMessage.VERSION_GOVERNANCE || length < BridgeMessage.GOVERNANCE_HEADER_LENGTH
                || length > BridgeMessage.MAX_LENGTH
        ) {
            revert BridgeInvalidMessage(length, version);
        }
        bytes32 messageId = keccak256(message);
        if (_isDelivered(message, messageId)) {
            if (skipDelivered) return false;
            revert BridgeMessageAlreadyDelivered(messageId);
        }
        uint32 dstDomain = BridgeMessage.dstDomainOf(message);
        if (dstDomain != localDomain) revert BridgeWrongDestination(dstDomain, localDomain);
        bytes32 to = BridgeMessage.recipientOf(message);
        if (to == bytes32(0) || uint256(to) >> 160 != 0) revert BridgeInvalidRecipient(to);
        uint32 srcDomain = BridgeMessage.srcDomainOf(message);
        Bucket storage bucket = _inbound[srcDomain];
        if (!bucket.enabled) revert BridgeUnknownDomain(srcDomain);
        _verify(BridgeMessage.digest(localDomain, bytes32(uint256(uint160(address(this)))), messageId), signatures);
        if (version == BridgeMessage.VERSION) {
            _deliverToken(message, messageId, bucket, srcDomain, address(uint160(uint256(to))));
        } else {
            _deliverGovernance(message, messageId, srcDomain, address(uint160(uint256(to))));
        }
        return true;
    }

    /// @dev Version 1, signatures verified: consumes the inbound bucket, marks, then releases or mints the CAL.
    function _deliverToken(bytes calldata message, bytes32 messageId, Bucket storage bucket, uint32 srcDomain, address to)
        private
    {
        uint64 amount = BridgeMessage.amountOf(message);
        if (amount == 0) revert BridgeZeroAmount();
        _consume(bucket, srcDomain, amount);
        _markDelivered(message, messageId);
        emit MessageDelivered(messageId, srcDomain, BridgeMessage.nonceOf(message), to, amount);
        _release(to, amount);
    }

    /// @dev Version 2, signatures verified: marks, then hands the message to its receiver. The receiver authenticates
    /// (srcDomain, sender) itself; a revert reverts the delivery (and its batch), leaving the message undelivered for
    /// a later retry.
    function _deliverGovernance(bytes calldata message, bytes32 messageId, uint32 srcDomain, address to) private {
        _markDelivered(message, messageId);
        uint8 kind = BridgeMessage.kindOf(message);
        emit GovernanceMessageDelivered(messageId, srcDomain, BridgeMessage.nonceOf(message), to, kind);
        // At most MAX_BATCH calls per transaction, each to the message's own recipient.
        // slither-disable-next-line calls-loop
        IGovernanceReceiver(to).receiveGovernanceMessage(
            srcDomain, BridgeMessage.senderOf(message), kind, BridgeMessage.payloadOf(message)
        );
    }

    /// @dev M-of-N check: 65-byte r|s|v signatures, low-s, signers strictly ascending, every signer in the
    /// current set (or every signer in the previous set while it is retained), at least that set's threshold.
    function _verify(bytes32 digest, bytes calldata signatures) private view {
        if (signatures.length % 65 != 0) revert BridgeInvalidSignatureLength(signatures.length);
        uint256 count = signatures.length / 65;
        if (count > MAX_VALIDATORS) revert BridgeInvalidSignatureLength(signatures.length);
        Config memory c = _config;
        uint64 setId = c.setId;
        // The previous set is consulted only while it is retained: strictly before `previousValidUntil`, so a
        // rotation with retention 0 revokes it at once.
        bool retained = setId > 1 && block.timestamp < c.previousValidUntil;
        bool allCurrent = true;
        bool allPrevious = retained;
        address previous = address(0);
        for (uint256 i = 0; i < count; ++i) {
            address signer = _recover(digest, signatures, i);
            if (signer == previous) revert BridgeDuplicateSigner(i, signer);
            if (signer < previous) revert BridgeSignersNotAscending(i, signer);
            previous = signer;
            bool inCurrent = _inSet[setId][signer];
            bool inPrevious = retained && _inSet[setId - 1][signer];
            // One set signs a message: a signer of neither set, or a mix of the two sets, is refused.
            if (!inCurrent && !inPrevious) revert BridgeSignerNotInSet(signer);
            allCurrent = allCurrent && inCurrent;
            allPrevious = allPrevious && inPrevious;
            if (!allCurrent && !allPrevious) revert BridgeSignerNotInSet(signer);
        }
        if (allCurrent && count >= c.threshold) return;
        if (allPrevious && count >= c.previousThreshold) return;
        revert BridgeBelowThreshold(count, allCurrent ? c.threshold : c.previousThreshold);
    }

    /// @dev Signer of the `i`-th 65-byte r|s|v signature; reverts on a high s, a bad v or no signer.
    function _recover(bytes32 digest, bytes calldata signatures, uint256 i) private pure returns (address signer) {
        uint256 o = i * 65;
        ECDSA.RecoverError err;
        // The third return value (the offending s or length) only details `err`; any error reverts below.
        // slither-disable-next-line unused-return
        (signer, err,) = ECDSA.tryRecoverCalldata(digest, signatures[o:o + 65]);
        if (err != ECDSA.RecoverError.NoError) revert BridgeInvalidSignature(i);
    }

    // ---------------------------------------------------------------- replay

    /// @dev True once `message` (whose id is `messageId`) has been delivered here: its (srcDomain, nonce) bit is set.
    /// `message` is at least 17 bytes. Virtual for the bench-only per-messageId baseline (contracts/bench).
    function _isDelivered(bytes calldata message, bytes32) internal view virtual returns (bool) {
        uint64 nonce = BridgeMessage.nonceOf(message);
        return _deliveredNonces[BridgeMessage.srcDomainOf(message)][nonce >> 8] & (1 << (nonce & 0xff)) != 0;
    }

    /// @dev Records the delivery of `message` (whose id is `messageId`): sets its (srcDomain, nonce) bit.
    function _markDelivered(bytes calldata message, bytes32) internal virtual {
        uint64 nonce = BridgeMessage.nonceOf(message);
        _deliveredNonces[BridgeMessage.srcDomainOf(message)][nonce >> 8] |= 1 << (nonce & 0xff);
    }

    // ---------------------------------------------------------------- rate limits

    /// @dev Refills `b` to now, then takes `amount` from it (one read and one write of the bucket's slot).
    function _consume(Bucket storage b, uint32 domain, uint64 amount) private {
        Bucket memory m = b;
        uint64 level = _refilled(m);
        if (amount > level) revert BridgeRateLimited(domain, amount, level);
        m.level = level - amount;
        m.updatedAt = uint40(block.timestamp);
        b.level = m.level;
        b.updatedAt = m.updatedAt;
    }

    function _levelNow(Bucket storage b) private view returns (uint64) {
        return _refilled(b);
    }

    function _refilled(Bucket memory b) private view returns (uint64) {
        uint256 refilled = uint256(b.level) + uint256(b.ratePerSecond) * (block.timestamp - b.updatedAt);
        return refilled > b.capacity ? b.capacity : uint64(refilled);
    }

    // ---------------------------------------------------------------- governance

    /// @notice Enables `domain` (or updates it): its remote bridge and both token buckets. Admin only.
    /// @dev A fresh bucket starts full; an updated one is refilled to now, then clamped to the new capacity.
    /// @param domain The remote domain (not this chain's).
    /// @param config Its remote bridge and the capacity and refill rate of both buckets.
    function setRemoteDomain(uint32 domain, RemoteConfig calldata config) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (domain == localDomain) revert BridgeUnknownDomain(domain);
        if (config.bridge == bytes32(0)) revert BridgeZeroAddress();
        if (!_inbound[domain].enabled) {
            if (_domains.length >= MAX_REMOTE_DOMAINS) {
                revert BridgeParameterOutOfBounds("remoteDomains", _domains.length + 1, 0, MAX_REMOTE_DOMAINS);
            }
            _domains.push(domain);
        }
        _remoteBridges[domain] = config.bridge;
        _setBucket(_inbound[domain], config.inboundCapacity, config.inboundRatePerSecond);
        _setBucket(_outbound[domain], config.outboundCapacity, config.outboundRatePerSecond);
        emit RemoteDomainUpdated(
            domain,
            config.bridge,
            config.inboundCapacity,
            config.inboundRatePerSecond,
            config.outboundCapacity,
            config.outboundRatePerSecond
        );
    }

    /// @notice Disables `domain` in both directions. Admin only.
    /// @param domain An enabled remote domain.
    function disableRemoteDomain(uint32 domain) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (!_inbound[domain].enabled) revert BridgeUnknownDomain(domain);
        uint256 n = _domains.length;
        for (uint256 i = 0; i < n; ++i) {
            if (_domains[i] == domain) {
                _domains[i] = _domains[n - 1];
                // Runs once: the loop breaks right after.
                // slither-disable-next-line costly-loop
                _domains.pop();
                break;
            }
        }
        delete _inbound[domain];
        delete _outbound[domain];
        delete _remoteBridges[domain];
        emit RemoteDomainDisabled(domain);
    }

    /// @notice Replaces the validator set; the current one stays valid for `retentionWindow` seconds. Admin only.
    /// @param validators The new set, strictly ascending, at most MAX_VALIDATORS.
    /// @param threshold The new threshold (a strict majority: threshold * 2 > validators.length).
    function setValidatorSet(address[] calldata validators, uint16 threshold) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _config.previousThreshold = _config.threshold;
        _config.previousValidUntil = uint40(block.timestamp + _config.retentionWindow);
        _storeSet(validators, threshold);
    }

    /// @notice Sets how long a replaced validator set stays valid (0..MAX_RETENTION seconds). Admin only.
    /// @dev Applies to later rotations; the window of an already replaced set is unchanged.
    /// @param retention Seconds, at most MAX_RETENTION.
    function setRetentionWindow(uint32 retention) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (retention > MAX_RETENTION) {
            revert BridgeParameterOutOfBounds("retentionWindow", retention, 0, MAX_RETENTION);
        }
        _config.retentionWindow = retention;
        emit ParameterUpdated("retentionWindow", retention);
    }

    /// @notice Pauses token sends and token deliveries (version-2 governance messages still flow). Pauser only.
    function pause() external onlyRole(PAUSER_ROLE) {
        if (_config.paused) revert EnforcedPause();
        _config.paused = true;
        emit Paused(msg.sender);
    }

    /// @notice Unpauses. Admin (timelock) only.
    function unpause() external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (!_config.paused) revert ExpectedPause();
        _config.paused = false;
        emit Unpaused(msg.sender);
    }

    function _setBucket(Bucket storage b, uint64 capacity, uint64 ratePerSecond) private {
        uint64 level = b.enabled ? _levelNow(b) : capacity;
        b.capacity = capacity;
        b.ratePerSecond = ratePerSecond;
        b.level = level > capacity ? capacity : level;
        b.updatedAt = uint40(block.timestamp);
        b.enabled = true;
    }

    function _storeSet(address[] memory validators, uint16 threshold) private {
        uint256 n = validators.length;
        // A strict majority of the set (threshold * 2 > size): two disjoint quorums can never both sign.
        if (n == 0 || n > MAX_VALIDATORS || threshold > n || uint256(threshold) * 2 <= n) {
            revert BridgeInvalidValidatorSet(n, threshold);
        }
        uint64 setId = _config.setId + 1;
        address previous = address(0);
        for (uint256 i = 0; i < n; ++i) {
            address v = validators[i];
            if (v <= previous) revert BridgeInvalidValidatorSet(n, threshold);
            previous = v;
            _inSet[setId][v] = true;
        }
        bytes32 setHash = keccak256(abi.encode(validators, threshold));
        _sets[setId] = validators;
        _setHashes[setId] = setHash;
        _config.setId = setId;
        _config.threshold = threshold;
        // setId is a counter (the first set is 1), neither a balance nor a time: a strict equality is exact.
        // slither-disable-next-line incorrect-equality
        emit ValidatorSetUpdated(setId, setHash, validators, threshold, setId == 1 ? 0 : _config.previousValidUntil);
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc IBridge
    function isDelivered(bytes calldata message) external view virtual returns (bool) {
        if (message.length < BridgeMessage.HEADER_LENGTH) {
            revert BridgeInvalidMessage(message.length, message.length == 0 ? 0 : uint8(message[0]));
        }
        return _isDelivered(message, keccak256(message));
    }

    /// @inheritdoc IBridge
    function isDelivered(uint32 srcDomain, uint64 nonce) external view virtual returns (bool) {
        return _deliveredNonces[srcDomain][nonce >> 8] & (1 << (nonce & 0xff)) != 0;
    }

    /// @inheritdoc IBridge
    function digestOf(bytes32 messageId) external view returns (bytes32) {
        return BridgeMessage.digest(localDomain, bytes32(uint256(uint160(address(this)))), messageId);
    }

    /// @notice The current validator set, its threshold, id and hash (`keccak256(abi.encode(validators, threshold))`).
    /// @return validators The signers, ascending.
    /// @return threshold Signatures required.
    /// @return setId The set's id (the first set is 1).
    /// @return setHash The hash recorded for the set.
    function validatorSet()
        external
        view
        returns (address[] memory validators, uint16 threshold, uint64 setId, bytes32 setHash)
    {
        setId = _config.setId;
        return (_sets[setId], _config.threshold, setId, _setHashes[setId]);
    }

    /// @notice The previous validator set, its threshold and until when it is accepted (empty before any rotation).
    /// @return validators The signers, ascending.
    /// @return threshold Signatures required.
    /// @return validUntil Its signatures are accepted strictly before this timestamp.
    function previousValidatorSet()
        external
        view
        returns (address[] memory validators, uint16 threshold, uint40 validUntil)
    {
        uint64 setId = _config.setId;
        if (setId < 2) return (validators, 0, 0);
        return (_sets[setId - 1], _config.previousThreshold, _config.previousValidUntil);
    }

    /// @notice The hash recorded for validator set `setId`.
    /// @param setId A validator set id.
    /// @return `keccak256(abi.encode(validators, threshold))` of that set (zero if unknown).
    function setHashOf(uint64 setId) external view returns (bytes32) {
        return _setHashes[setId];
    }

    /// @notice The last outbound nonce used (nonces start at 1).
    function outboundNonce() external view returns (uint64) {
        return _config.outboundNonce;
    }

    /// @notice Seconds a replaced validator set stays valid.
    function retentionWindow() external view returns (uint32) {
        return _config.retentionWindow;
    }

    /// @notice True while paused.
    function paused() external view returns (bool) {
        return _config.paused;
    }

    /// @notice The enabled remote domains (unordered).
    function remoteDomains() external view returns (uint32[] memory) {
        return _domains;
    }

    /// @notice The remote bridge of `domain` (zero when the domain is not enabled).
    /// @param domain A remote domain.
    /// @return The remote bridge as a universal (32-byte) address.
    function remoteBridge(uint32 domain) external view returns (bytes32) {
        return _remoteBridges[domain];
    }

    /// @notice The inbound bucket of `domain` with its level refilled to now.
    /// @param domain A remote domain.
    /// @return b The bucket (all zero when the domain is not enabled).
    function inboundBucket(uint32 domain) external view returns (Bucket memory b) {
        b = _inbound[domain];
        b.level = _levelNow(_inbound[domain]);
    }

    /// @notice The outbound bucket of `domain` with its level refilled to now.
    /// @param domain A remote domain.
    /// @return b The bucket (all zero when the domain is not enabled).
    function outboundBucket(uint32 domain) external view returns (Bucket memory b) {
        b = _outbound[domain];
        b.level = _levelNow(_outbound[domain]);
    }

    // ---------------------------------------------------------------- hooks

    /// @dev Takes `amount` CAL from `from` (lock on home, burn on a spoke).
    function _lock(address from, uint64 amount) internal virtual;

    /// @dev Gives `amount` CAL to `to` (release on home, mint on a spoke).
    function _release(address to, uint64 amount) internal virtual;
}
