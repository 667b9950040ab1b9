// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IProofVerifier} from "../interfaces/IProofVerifier.sol";

/// @title MockVerifier
/// @notice Test double: returns a configured answer and records the last public inputs it was asked about.
contract MockVerifier is IProofVerifier {
    error MockVerifierMalformedProof();

    /// @notice What `verifyProof` returns for the expected inputs.
    bool public answer;
    /// @notice Whether `verifyProof` reverts.
    bool public shouldRevert;

    /// @notice Deploys with the given answer.
    /// @param answer_ What `verifyProof` returns.
    constructor(bool answer_) {
        answer = answer_;
    }

    /// @notice Sets the answer.
    /// @param answer_ What `verifyProof` returns.
    function setAnswer(bool answer_) external {
        answer = answer_;
    }

    /// @notice Makes `verifyProof` revert (a malformed proof).
    /// @param value True to revert.
    function setShouldRevert(bool value) external {
        shouldRevert = value;
    }

    /// @inheritdoc IProofVerifier
    /// @dev Returns the configured answer only when the proof encodes exactly the expected public inputs,
    /// so tests can check what the marketplace passes.
    function verifyProof(bytes calldata proof, uint256[4] calldata publicInputs) external view returns (bool) {
        if (shouldRevert) revert MockVerifierMalformedProof();
        if (proof.length != 128) return false;
        uint256[4] memory expected = abi.decode(proof, (uint256[4]));
        for (uint256 i = 0; i < 4; ++i) {
            if (expected[i] != publicInputs[i]) return false;
        }
        return answer;
    }
}
