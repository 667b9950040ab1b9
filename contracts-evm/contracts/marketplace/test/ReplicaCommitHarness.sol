// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {ReplicaCommit} from "../ReplicaCommit.sol";

/// @title ReplicaCommitHarness
/// @notice Test-only: exposes ReplicaCommit.hash for any 32-byte universal address (the shared `commits` vectors
/// include Solana and TON providers, which are not EVM addresses).
contract ReplicaCommitHarness {
    /// @notice The replica commit (ReplicaCommit.hash).
    /// @param resultHash The result hash.
    /// @param salt The salt.
    /// @param provider The 32-byte universal address.
    /// @return The commit.
    function replicaCommit(bytes32 resultHash, bytes32 salt, bytes32 provider) external pure returns (bytes32) {
        return ReplicaCommit.hash(resultHash, salt, provider);
    }
}
