// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title IProofVerifier
/// @notice Groth16 verifier interface shared by every verifier registered in the marketplace.
/// @dev `proof = abi.encode(uint256[2] a, uint256[2][2] b, uint256[2] c)` in snarkjs' Solidity order;
/// public inputs are `[taskId, specHash, resultCommitment, provider]` (CONVENTIONS.md).
interface IProofVerifier {
    /// @notice Verifies a proof against four public inputs.
    /// @param proof ABI-encoded Groth16 proof.
    /// @param publicInputs The statement's public inputs, each a BN254 scalar field element.
    /// @return True when the proof is valid.
    function verifyProof(bytes calldata proof, uint256[4] calldata publicInputs) external view returns (bool);
}
