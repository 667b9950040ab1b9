// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title ReplicaCommit
/// @notice The replica commit every chain computes (CONVENTIONS.md, test/vectors/replicas.json `commits`).
library ReplicaCommit {
    /// @notice `keccak256(resultHash ‖ salt ‖ provider)` over 96 bytes.
    /// @param resultHash The result hash.
    /// @param salt The salt.
    /// @param provider The provider's 32-byte universal address (an EVM address left-padded with 12 zero bytes).
    /// @return h The commit.
    function hash(bytes32 resultHash, bytes32 salt, bytes32 provider) internal pure returns (bytes32) {
        // Three 32-byte words: abi.encode is the 96-byte concatenation.
        return keccak256(abi.encode(resultHash, salt, provider));
    }
}
