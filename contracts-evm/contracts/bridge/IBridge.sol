// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title IBridge
/// @notice Surface of Calctra's lock-and-mint bridge endpoints on EVM chains (DESIGN §8): the
/// home-chain `BridgeVault` (lock / release) and the spoke `BridgeMinter` (burn / mint) share it.
/// A message is 89 big-endian bytes, `messageId = keccak256(message)`, and validators sign
/// `keccak256("CALCTRA_BRIDGE_V1" | dstDomain u32 | dstBridge bytes32 | messageId)` with secp256k1.
interface IBridge {
    /// @notice A token bucket (capacity and refill per second in CAL base units), per remote domain and direction.
    struct Bucket {
        uint64 capacity;
        uint64 ratePerSecond;
        uint64 level;
        uint40 updatedAt;
        bool enabled;
    }

    /// @notice Governance settings of one remote domain.
    struct RemoteConfig {
        bytes32 bridge;
        uint64 inboundCapacity;
        uint64 inboundRatePerSecond;
        uint64 outboundCapacity;
        uint64 outboundRatePerSecond;
    }

    /// @notice Emitted when CAL leaves this chain. Validators re-encode the message from these fields.
    /// @param messageId `keccak256` of the encoded message.
    /// @param dstDomain The destination domain.
    /// @param nonce This bridge's outbound nonce (from 1, strictly increasing).
    /// @param sender The sender as a universal (32-byte) address.
    /// @param recipient The recipient on the destination domain (universal address).
    /// @param amount CAL base units.
    event MessageSent(
        bytes32 indexed messageId,
        uint32 indexed dstDomain,
        uint64 indexed nonce,
        bytes32 sender,
        bytes32 recipient,
        uint64 amount
    );
    /// @notice Emitted when an inbound message is delivered (CAL released or minted to `recipient`).
    /// @param messageId `keccak256` of the encoded message.
    /// @param srcDomain The source domain.
    /// @param nonce The message's nonce on its source domain.
    /// @param recipient The EVM recipient.
    /// @param amount CAL base units.
    event MessageDelivered(bytes32 indexed messageId, uint32 indexed srcDomain, uint64 indexed nonce, address recipient, uint64 amount);
    /// @notice Emitted on a validator-set rotation; the previous set stays valid strictly before `previousValidUntil`.
    /// @param setId The new set's id (the first set is 1).
    /// @param setHash `keccak256(abi.encode(validators, threshold))`.
    /// @param validators The new set, ascending.
    /// @param threshold Its threshold.
    /// @param previousValidUntil The replaced set is accepted strictly before this timestamp (0 for the first set).
    event ValidatorSetUpdated(uint64 indexed setId, bytes32 setHash, address[] validators, uint16 threshold, uint40 previousValidUntil);
    /// @notice Emitted when a remote domain is enabled or its bridge/limits change.
    /// @param domain The remote domain.
    /// @param bridge Its bridge as a universal (32-byte) address.
    /// @param inboundCapacity Inbound bucket capacity, CAL base units.
    /// @param inboundRatePerSecond Inbound refill per second, CAL base units.
    /// @param outboundCapacity Outbound bucket capacity, CAL base units.
    /// @param outboundRatePerSecond Outbound refill per second, CAL base units.
    event RemoteDomainUpdated(uint32 indexed domain, bytes32 bridge, uint64 inboundCapacity, uint64 inboundRatePerSecond, uint64 outboundCapacity, uint64 outboundRatePerSecond);
    /// @notice Emitted when a remote domain is disabled.
    /// @param domain The remote domain.
    event RemoteDomainDisabled(uint32 indexed domain);
    /// @notice Emitted when a numeric parameter changes (`retentionWindow`).
    /// @param name The parameter's name.
    /// @param value Its new value.
    event ParameterUpdated(bytes32 indexed name, uint256 value);
    // OpenZeppelin Pausable's exact signatures (address not indexed): the SDKs decode them as such.
    // slither-disable-start unindexed-event-address
    /// @notice Emitted when the bridge is paused (OpenZeppelin Pausable's event).
    /// @param account The pauser.
    event Paused(address account);
    /// @notice Emitted when the bridge is unpaused (OpenZeppelin Pausable's event).
    /// @param account The admin that unpaused.
    event Unpaused(address account);
    // slither-disable-end unindexed-event-address

    /// @notice The message is neither 89 bytes of version 1 nor 82..1024 bytes of version 2.
    error BridgeInvalidMessage(uint256 length, uint8 version);
    /// @notice The message is addressed to another domain.
    error BridgeWrongDestination(uint32 dstDomain, uint32 localDomain);
    /// @notice The remote domain is not enabled (or is this chain's own domain).
    error BridgeUnknownDomain(uint32 domain);
    /// @notice A transfer of zero CAL.
    error BridgeZeroAmount();
    /// @notice The recipient is zero, or not a left-padded 20-byte address where an EVM address is needed (inbound, or `send` toward an EVM domain).
    error BridgeInvalidRecipient(bytes32 recipient);
    /// @notice The message (its source domain and nonce) was already delivered here.
    error BridgeMessageAlreadyDelivered(bytes32 messageId);
    /// @notice Signature `index` is malformed, has a high s, a bad v, or recovers to nobody.
    error BridgeInvalidSignature(uint256 index);
    /// @notice The signatures blob is not a whole number of 65-byte signatures.
    error BridgeInvalidSignatureLength(uint256 length);
    /// @notice Signature `index` repeats the previous signer.
    error BridgeDuplicateSigner(uint256 index, address signer);
    /// @notice Signature `index` has a signer below the previous one (signers must be strictly ascending).
    error BridgeSignersNotAscending(uint256 index, address signer);
    /// @notice A signer is in neither the current set nor the retained previous set.
    error BridgeSignerNotInSet(address signer);
    /// @notice Fewer valid signatures than the threshold of the set they belong to.
    error BridgeBelowThreshold(uint256 signatures, uint256 threshold);
    /// @notice The transfer exceeds what the domain's token bucket holds now.
    error BridgeRateLimited(uint32 domain, uint256 amount, uint256 available);
    /// @notice A validator set that is empty, too large, unsorted, contains zero, or a threshold that is not a strict majority (threshold * 2 > size, threshold <= size).
    error BridgeInvalidValidatorSet(uint256 size, uint256 threshold);
    /// @notice A parameter outside its bounds.
    error BridgeParameterOutOfBounds(bytes32 name, uint256 value, uint256 min, uint256 max);
    /// @notice `caller` may not send version-2 (governance) messages (it lacks GOVERNANCE_SENDER_ROLE).
    error BridgeUnauthorizedSender(address caller);
    /// @notice Batch arrays of different lengths, empty, or longer than the maximum.
    error BridgeInvalidBatch(uint256 messages, uint256 signatures);
    /// @notice A zero address where one is required.
    error BridgeZeroAddress();
    /// @notice OpenZeppelin Pausable's errors (the shared pause error name on every chain is `EnforcedPause`).
    error EnforcedPause();
    error ExpectedPause();

    /// @notice Sends `amount` CAL to `recipient` (universal address) on `dstDomain`; returns the messageId.
    /// @param dstDomain An enabled remote domain.
    /// @param recipient The recipient on `dstDomain` as a universal (32-byte) address, non-zero.
    /// @param amount CAL base units, non-zero, within the domain's outbound bucket.
    /// @return messageId `keccak256` of the encoded message.
    function send(uint32 dstDomain, bytes32 recipient, uint64 amount) external returns (bytes32 messageId);

    /// @notice Delivers one inbound message with its packed signatures (65 bytes each, signers ascending): version 1
    /// releases or mints CAL, version 2 is handed to its recipient's `receiveGovernanceMessage`.
    /// @param message The encoded message (89 bytes for version 1, 82..1024 for version 2).
    /// @param signatures Concatenated 65-byte r|s|v signatures of `digestOf(keccak256(message))`.
    function receiveMessage(bytes calldata message, bytes calldata signatures) external;

    /// @notice Delivers several inbound messages; messages already delivered are skipped, any other fault reverts.
    /// @param messages The encoded messages, either version (at most MAX_BATCH).
    /// @param signatures The packed signatures of each message, in the same order.
    /// @return delivered How many messages this call delivered.
    function receiveBatch(bytes[] calldata messages, bytes[] calldata signatures) external returns (uint256 delivered);

    /// @notice True once `message` (version 1 or 2) has been delivered here, i.e. its (srcDomain, nonce) has.
    /// @param message The encoded message (at least its first 17 bytes: version, srcDomain, dstDomain, nonce).
    /// @return True when delivered.
    function isDelivered(bytes calldata message) external view returns (bool);

    /// @notice True once the message with `nonce` from `srcDomain` has been delivered here.
    /// @param srcDomain The message's source domain.
    /// @param nonce Its nonce on that source.
    /// @return True when delivered.
    function isDelivered(uint32 srcDomain, uint64 nonce) external view returns (bool);

    /// @notice The digest validators sign for a message delivered to this bridge.
    /// @param messageId `keccak256` of the encoded message.
    /// @return The digest (BridgeMessage.digest with this chain's domain and this bridge).
    function digestOf(bytes32 messageId) external view returns (bytes32);

    /// @notice This chain's bridge domain (its chain id).
    function localDomain() external view returns (uint32);
}
