// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IPowerRegistry} from "../interfaces/IPowerRegistry.sol";

/// @title PowerMath
/// @notice The byte layouts and the target of the proof of computational power (CONVENTIONS.md; `test/vectors/power.json`).
library PowerMath {
    /// @notice `min(2^256 - 1, floor(2^256 * 3m / (claimedRate * responseWindow)))`, without a 264-bit numerator:
    /// with `d = claimedRate * responseWindow` and `2^256 = q*d + r + 1` (`q, r` of `2^256 - 1` by `d`),
    /// `floor(2^256 * 3m / d) = q * 3m + floor((r + 1) * 3m / d)`; when `d <= 3m` the quotient is at least 2^256: capped.
    /// @param claimedRate Hashes per second (u64, non-zero).
    /// @param responseWindow Seconds (non-zero).
    /// @param nonces m (non-zero).
    /// @return The target.
    function target(uint256 claimedRate, uint256 responseWindow, uint256 nonces) internal pure returns (uint256) {
        uint256 d = claimedRate * responseWindow;
        uint256 m3 = 3 * nonces;
        if (d <= m3) return type(uint256).max;
        uint256 max = type(uint256).max;
        // Exact, not a rounding loss: the quotient and the remainder term add up to floor(2^256 * 3m / d) (see above).
        // slither-disable-next-line divide-before-multiply
        return (max / d) * m3 + ((max % d + 1) * m3) / d;
    }

    /// @notice `keccak256(randomness bytes32 | challengeId u64 BE | provider bytes32)`, 72 bytes.
    /// @param randomness The chain's randomness (EVM: `block.prevrandao`).
    /// @param challengeId The challenge id.
    /// @param provider The provider's universal address (an EVM address left-padded to 32 bytes).
    /// @return s The seed.
    function seed(bytes32 randomness, uint64 challengeId, bytes32 provider) internal pure returns (bytes32 s) {
        // The 72 bytes are laid out in scratch memory past the free pointer, never allocated: one hash, no copy.
        // slither-disable-next-line assembly
        assembly ("memory-safe") { // solhint-disable-line no-inline-assembly
            let p := mload(0x40)
            mstore(p, randomness)
            mstore(add(p, 0x20), shl(192, challengeId))
            mstore(add(p, 0x28), provider)
            s := keccak256(p, 72)
        }
    }

    /// @notice `keccak256(seed bytes32 | provider bytes32 | nonce u64 BE)`, 72 bytes.
    /// @param seed_ The challenge seed.
    /// @param provider The provider's universal address.
    /// @param nonce The nonce.
    /// @return h The hash.
    function solutionHash(bytes32 seed_, bytes32 provider, uint64 nonce) internal pure returns (bytes32 h) {
        // The 72 bytes are laid out in scratch memory past the free pointer, never allocated: one hash, no copy.
        // slither-disable-next-line assembly
        assembly ("memory-safe") { // solhint-disable-line no-inline-assembly
            let p := mload(0x40)
            mstore(p, seed_)
            mstore(add(p, 0x20), provider)
            mstore(add(p, 0x40), shl(192, nonce))
            h := keccak256(p, 72)
        }
    }

    /// @notice Reverts unless `answer` holds exactly `m` strictly increasing nonces whose hashes are below `target_`,
    /// checked in the order CONVENTIONS.md fixes (count, then index by index: order, then hash).
    /// @param seed_ The challenge seed.
    /// @param provider The provider's universal address.
    /// @param target_ The target.
    /// @param m The number of nonces asked for.
    /// @param answer The nonces.
    function checkAnswer(bytes32 seed_, bytes32 provider, uint256 target_, uint256 m, uint64[] calldata answer)
        internal
        pure
    {
        uint256 n = answer.length;
        if (n != m) revert IPowerRegistry.PowerWrongNonceCount(m, n);
        uint256 prev = 0;
        for (uint256 i; i < n; ++i) {
            uint64 nonce = answer[i];
            if (i != 0 && nonce <= prev) revert IPowerRegistry.PowerDuplicateNonce(i);
            if (uint256(solutionHash(seed_, provider, nonce)) >= target_) revert IPowerRegistry.PowerNonceAboveTarget(i);
            prev = nonce;
        }
    }
}
