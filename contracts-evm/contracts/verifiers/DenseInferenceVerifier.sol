// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IProofVerifier} from "../interfaces/IProofVerifier.sol";
import {DenseInferenceGroth16Verifier} from "./generated/DenseInferenceGroth16Verifier.sol";

/// @title DenseInferenceVerifier
/// @notice IProofVerifier adapter for the `dense_inference` circuit (BN254 Groth16, development ceremony).
/// @dev The pairing check is the snarkjs-generated verifier this contract inherits, regenerated
/// from circuits/build/bn254/dense_inference.zkey by circuits/scripts/export-evm.sh. It returns false for any
/// public input >= the BN254 scalar field modulus and for points off the curve.
contract DenseInferenceVerifier is IProofVerifier, DenseInferenceGroth16Verifier {
    /// @inheritdoc IProofVerifier
    /// @dev `proof = abi.encode(uint256[2] a, uint256[2][2] b, uint256[2] c)`; anything that is not
    /// exactly 256 bytes is rejected with false.
    function verifyProof(bytes calldata proof, uint256[4] calldata publicInputs) external view returns (bool) {
        if (proof.length != 256) return false;
        (uint256[2] memory a, uint256[2][2] memory b, uint256[2] memory c) =
            abi.decode(proof, (uint256[2], uint256[2][2], uint256[2]));
        // The generated verifier reads calldata, so it is reached through a (warm) self-call.
        // slither-disable-next-line var-read-using-this
        return this.verifyProof(a, b, c, publicInputs);
    }
}
