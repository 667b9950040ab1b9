// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {GovernanceActions} from "../GovernanceActions.sol";
import {GovernancePayloads} from "../GovernancePayloads.sol";

/// @title GovernanceActionsHarness
/// @notice Test-only: exposes GovernanceActions.decode and the GovernancePayloads codecs so the shared vectors can be
/// asserted against them.
contract GovernanceActionsHarness {
    /// @notice Decodes an action list.
    /// @param data The encoded list.
    /// @return The decoded actions.
    function decode(bytes calldata data) external pure returns (GovernanceActions.Action[] memory) {
        return GovernanceActions.decode(data);
    }

    /// @notice Encodes a ProposalOpened payload.
    function encodeProposalOpened(uint256 proposalId, uint64 snapshot, uint64 voteEnd) external pure returns (bytes memory) {
        return GovernancePayloads.encodeProposalOpened(proposalId, snapshot, voteEnd);
    }

    /// @notice Decodes a ProposalOpened payload.
    function decodeProposalOpened(bytes calldata p) external pure returns (uint256, uint64, uint64) {
        return GovernancePayloads.decodeProposalOpened(p);
    }

    /// @notice Encodes a VoteTally payload.
    function encodeVoteTally(uint256 proposalId, uint64 againstVotes, uint64 forVotes, uint64 abstainVotes)
        external
        pure
        returns (bytes memory)
    {
        return GovernancePayloads.encodeVoteTally(proposalId, againstVotes, forVotes, abstainVotes);
    }

    /// @notice Decodes a VoteTally payload.
    function decodeVoteTally(bytes calldata p) external pure returns (uint256, uint64, uint64, uint64) {
        return GovernancePayloads.decodeVoteTally(p);
    }

    /// @notice Encodes a GovernanceActions payload.
    function encodeGovernanceActions(uint64 sequence, uint256 proposalId, bytes calldata actions)
        external
        pure
        returns (bytes memory)
    {
        return GovernancePayloads.encodeGovernanceActions(sequence, proposalId, actions);
    }

    /// @notice Decodes a GovernanceActions payload (and checks its action list).
    function decodeGovernanceActions(bytes calldata p) external pure returns (uint64 sequence, uint256 proposalId, bytes memory actions) {
        (sequence, proposalId, actions) = GovernancePayloads.decodeGovernanceActions(p);
        GovernanceActions.decode(p[40:]);
    }
}
