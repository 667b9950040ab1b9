// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {PowerMath} from "../power/PowerMath.sol";

/// @title BenchKeccak
/// @notice Gas baseline for `PowerRegistry.respond`: the same calldata shape and the same m keccak-256 hashes of
/// 72 bytes, with no storage, no checks and no events. Bench only (scripts/bench-evm-gas.ts).
contract BenchKeccak {
    /// @notice Hashes `seed | provider | nonce` for every nonce and folds the hashes together.
    /// @param seed The seed.
    /// @param provider The provider's universal address.
    /// @param nonces The nonces.
    /// @return acc The XOR of the hashes (so nothing is optimised away).
    function hashAll(bytes32 seed, bytes32 provider, uint64[] calldata nonces) external pure returns (bytes32 acc) {
        for (uint256 i; i < nonces.length; ++i) {
            acc ^= PowerMath.solutionHash(seed, provider, nonces[i]);
        }
    }
}
