// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {BridgeMessage} from "../BridgeMessage.sol";

/// @title BridgeMessageHarness
/// @notice Test double exposing the BridgeMessage library, so the shared vectors can be asserted on chain.
contract BridgeMessageHarness {
    /// @notice BridgeMessage.encode.
    /// @param m The message.
    /// @return The 89-byte encoding.
    function encode(BridgeMessage.Message calldata m) external pure returns (bytes memory) {
        return BridgeMessage.encode(m);
    }

    /// @notice BridgeMessage.decode.
    /// @param data An encoded message.
    /// @return The decoded message.
    function decode(bytes calldata data) external pure returns (BridgeMessage.Message memory) {
        return BridgeMessage.decode(data);
    }

    /// @notice BridgeMessage.id.
    /// @param data An encoded message.
    /// @return Its messageId.
    function id(bytes calldata data) external pure returns (bytes32) {
        return BridgeMessage.id(data);
    }

    /// @notice BridgeMessage.digest.
    /// @param dstDomain The destination domain.
    /// @param dstBridge The destination bridge (universal address).
    /// @param messageId The message's id.
    /// @return The digest validators sign.
    function digest(uint32 dstDomain, bytes32 dstBridge, bytes32 messageId) external pure returns (bytes32) {
        return BridgeMessage.digest(dstDomain, dstBridge, messageId);
    }

    /// @notice OpenZeppelin ECDSA.recover.
    /// @param hash The signed digest.
    /// @param signature A 65-byte signature.
    /// @return The signer.
    function recover(bytes32 hash, bytes calldata signature) external pure returns (address) {
        return ECDSA.recover(hash, signature);
    }
}
