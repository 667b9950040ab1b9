// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {BridgeMessage} from "../BridgeMessage.sol";

/// @title BridgeMessageHarness
/// @notice Test double exposing the BridgeMessage library, so the shared vectors can be asserted on chain.
contract BridgeMessageHarness {
    function encode(BridgeMessage.Message calldata m) external pure returns (bytes memory) {
        return BridgeMessage.encode(m);
    }

    function decode(bytes calldata data) external pure returns (BridgeMessage.Message memory) {
        return BridgeMessage.decode(data);
    }

    function id(bytes calldata data) external pure returns (bytes32) {
        return BridgeMessage.id(data);
    }

    function digest(uint32 dstDomain, bytes32 dstBridge, bytes32 messageId) external pure returns (bytes32) {
        return BridgeMessage.digest(dstDomain, dstBridge, messageId);
    }

    function recover(bytes32 hash, bytes calldata signature) external pure returns (address) {
        return ECDSA.recover(hash, signature);
    }
}
