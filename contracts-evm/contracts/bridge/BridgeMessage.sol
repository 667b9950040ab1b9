// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title BridgeMessage
/// @notice The bridge messages of DESIGN §8, identical on every chain, big-endian. Version 1 (token, 89 bytes):
/// `version u8 | srcDomain u32 | dstDomain u32 | nonce u64 | sender bytes32 | recipient bytes32 | amount u64`.
/// Version 2 (governance, at most 1024 bytes): the same first 81 bytes, then `kind u8 | payload`. `messageId = keccak256(message)`; validators sign
/// `keccak256("CALCTRA_BRIDGE_V1" | dstDomain u32 | dstBridge bytes32 | messageId)`.
library BridgeMessage {
    /// @notice Encoded length in bytes.
    uint256 internal constant LENGTH = 89;
    /// @notice Token message version.
    uint8 internal constant VERSION = 1;
    /// @notice Governance message version.
    uint8 internal constant VERSION_GOVERNANCE = 2;
    /// @notice Version-2 bytes before the payload: version, srcDomain, dstDomain, nonce, sender, recipient, kind.
    uint256 internal constant GOVERNANCE_HEADER_LENGTH = 82;
    /// @notice Longest message of any version.
    uint256 internal constant MAX_LENGTH = 1024;
    /// @notice Bytes of the fields every version shares up to the nonce (version, srcDomain, dstDomain, nonce).
    uint256 internal constant HEADER_LENGTH = 17;
    /// @notice Domain separator of the validator digest (17 ASCII bytes, packed as they are).
    bytes17 internal constant DIGEST_TAG = "CALCTRA_BRIDGE_V1";

    /// @notice A decoded message (memory only; the field order is the wire order, not a storage layout).
    struct Message { // solhint-disable-line gas-struct-packing
        uint8 version;
        uint32 srcDomain;
        uint32 dstDomain;
        uint64 nonce;
        bytes32 sender;
        bytes32 recipient;
        uint64 amount;
    }

    /// @notice Encodes `m` into its 89 bytes.
    /// @param m The message.
    /// @return The packed big-endian encoding.
    function encode(Message memory m) internal pure returns (bytes memory) {
        return abi.encodePacked(m.version, m.srcDomain, m.dstDomain, m.nonce, m.sender, m.recipient, m.amount);
    }

    /// @notice Decodes 89 bytes of calldata. The caller checks the length (`data.length == LENGTH`).
    /// @param data An encoded message.
    /// @return m The decoded message.
    function decode(bytes calldata data) internal pure returns (Message memory m) {
        m.version = uint8(bytes1(data[0:1]));
        m.srcDomain = uint32(bytes4(data[1:5]));
        m.dstDomain = uint32(bytes4(data[5:9]));
        m.nonce = uint64(bytes8(data[9:17]));
        m.sender = bytes32(data[17:49]);
        m.recipient = bytes32(data[49:81]);
        m.amount = uint64(bytes8(data[81:89]));
    }

    /// @notice The source domain of an encoded message (the caller checks `data.length == LENGTH`).
    /// @param data An encoded message.
    /// @return Its `srcDomain` field.
    function srcDomainOf(bytes calldata data) internal pure returns (uint32) {
        return uint32(bytes4(data[1:5]));
    }

    /// @notice The destination domain of an encoded message.
    /// @param data An encoded message.
    /// @return Its `dstDomain` field.
    function dstDomainOf(bytes calldata data) internal pure returns (uint32) {
        return uint32(bytes4(data[5:9]));
    }

    /// @notice The nonce of an encoded message.
    /// @param data An encoded message.
    /// @return Its `nonce` field.
    function nonceOf(bytes calldata data) internal pure returns (uint64) {
        return uint64(bytes8(data[9:17]));
    }

    /// @notice The sender (universal address) of an encoded message.
    /// @param data An encoded message.
    /// @return Its `sender` field.
    function senderOf(bytes calldata data) internal pure returns (bytes32) {
        return bytes32(data[17:49]);
    }

    /// @notice The kind of an encoded version-2 message (the caller checks the length).
    /// @param data An encoded version-2 message.
    /// @return Its `kind` field.
    function kindOf(bytes calldata data) internal pure returns (uint8) {
        return uint8(data[81]);
    }

    /// @notice The payload of an encoded version-2 message (the caller checks the length).
    /// @param data An encoded version-2 message.
    /// @return Its payload bytes.
    function payloadOf(bytes calldata data) internal pure returns (bytes calldata) {
        return data[82:];
    }

    /// @notice The recipient (universal address) of an encoded message.
    /// @param data An encoded message.
    /// @return Its `recipient` field.
    function recipientOf(bytes calldata data) internal pure returns (bytes32) {
        return bytes32(data[49:81]);
    }

    /// @notice The amount of an encoded message.
    /// @param data An encoded message.
    /// @return Its `amount` field.
    function amountOf(bytes calldata data) internal pure returns (uint64) {
        return uint64(bytes8(data[81:89]));
    }

    /// @notice The messageId of an encoded message.
    /// @param message An encoded message.
    /// @return `keccak256(message)`.
    function id(bytes memory message) internal pure returns (bytes32) {
        return keccak256(message);
    }

    /// @notice The digest validators sign for delivery to `dstBridge` on `dstDomain`.
    /// @param dstDomain The destination domain.
    /// @param dstBridge The destination bridge as a universal (32-byte) address.
    /// @param messageId The message's id.
    /// @return `keccak256(DIGEST_TAG | dstDomain | dstBridge | messageId)`.
    function digest(uint32 dstDomain, bytes32 dstBridge, bytes32 messageId) internal pure returns (bytes32) {
        return keccak256(abi.encodePacked(DIGEST_TAG, dstDomain, dstBridge, messageId));
    }
}
