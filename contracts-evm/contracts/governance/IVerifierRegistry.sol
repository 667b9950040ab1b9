// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title IVerifierRegistry
/// @notice The marketplace's verifier registry the spoke executor drives.
interface IVerifierRegistry {
    /// @notice Registers (or replaces) verifier `verifierId`.
    /// @param verifierId Non-zero id (0 means optimistic).
    /// @param verifier The IProofVerifier contract.
    function registerVerifier(uint16 verifierId, address verifier) external;
    /// @notice Removes verifier `verifierId`.
    /// @param verifierId A registered id.
    function removeVerifier(uint16 verifierId) external;
}
