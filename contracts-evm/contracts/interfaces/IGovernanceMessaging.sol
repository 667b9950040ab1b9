// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title IGovernanceMessenger
/// @notice The bridge's version-2 (governance) message surface (DESIGN §8, docs/CONVENTIONS.md). Only an account
/// holding the bridge's `GOVERNANCE_SENDER_ROLE` (the hub's `GovernanceHub`, a spoke's governance vault) may send;
/// the message's `sender` is that caller as a universal address. Version-2 messages share the outbound nonce
/// sequence with token messages, move no tokens and use no rate limit.
interface IGovernanceMessenger {
    /// @notice Emitted for every version-2 message sent; validators sign `keccak256(message)` as for token messages.
    /// @param messageId `keccak256(message)`.
    /// @param dstDomain The destination domain.
    /// @param nonce This bridge's outbound nonce.
    /// @param message The encoded version-2 message.
    event GovernanceMessageSent(bytes32 indexed messageId, uint32 indexed dstDomain, uint64 indexed nonce, bytes message);
    /// @notice Emitted when a version-2 message has been handed to its recipient.
    /// @param messageId `keccak256(message)`.
    /// @param srcDomain The source domain.
    /// @param nonce The message's nonce on its source.
    /// @param recipient The local receiver.
    /// @param kind The message kind (1 ProposalOpened, 2 VoteTally, 3 GovernanceActions).
    event GovernanceMessageDelivered(bytes32 indexed messageId, uint32 indexed srcDomain, uint64 indexed nonce, address recipient, uint8 kind);

    /// @notice Sends a version-2 message.
    /// @param dstDomain The destination domain (an enabled remote domain).
    /// @param recipient The receiver on the destination (universal address; 20-byte toward EVM domains).
    /// @param kind The message kind.
    /// @param payload The kind's payload bytes.
    /// @return messageId `keccak256` of the encoded message.
    /// @return nonce Its outbound nonce.
    function sendGovernanceMessage(uint32 dstDomain, bytes32 recipient, uint8 kind, bytes calldata payload)
        external
        returns (bytes32 messageId, uint64 nonce);
}

/// @title IGovernanceReceiver
/// @notice Implemented by contracts that receive version-2 messages: the bridge calls it on delivery of a message
/// whose `recipient` is the contract. The receiver must check `msg.sender` is its bridge and authenticate
/// `(srcDomain, sender)` itself; a revert reverts the delivery (the message stays undelivered and can be retried).
interface IGovernanceReceiver {
    /// @notice Handles a delivered version-2 message.
    /// @param srcDomain The source domain.
    /// @param sender The source-side sender (universal address).
    /// @param kind The message kind.
    /// @param payload The kind's payload bytes.
    function receiveGovernanceMessage(uint32 srcDomain, bytes32 sender, uint8 kind, bytes calldata payload) external;
}
