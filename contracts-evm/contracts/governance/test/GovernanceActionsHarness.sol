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
    /// @param proposalId The proposal.
    /// @param snapshot Its vote snapshot.
    /// @param voteEnd Its voting deadline.
    /// @return The payload.
    function encodeProposalOpened(uint256 proposalId, uint64 snapshot, uint64 voteEnd) external pure returns (bytes memory) {
        return GovernancePayloads.encodeProposalOpened(proposalId, snapshot, voteEnd);
    }

    /// @notice Decodes a ProposalOpened payload.
    /// @param p The payload.
    /// @return The proposal id.
    /// @return The snapshot.
    /// @return The voting deadline.
    function decodeProposalOpened(bytes calldata p) external pure returns (uint256, uint64, uint64) {
        return GovernancePayloads.decodeProposalOpened(p);
    }

    /// @notice Encodes a VoteTally payload.
    /// @param proposalId The proposal.
    /// @param againstVotes Cumulative against votes.
    /// @param forVotes Cumulative for votes.
    /// @param abstainVotes Cumulative abstain votes.
    /// @return The payload.
    function encodeVoteTally(uint256 proposalId, uint64 againstVotes, uint64 forVotes, uint64 abstainVotes)
        external
        pure
        returns (bytes memory)
    {
        return GovernancePayloads.encodeVoteTally(proposalId, againstVotes, forVotes, abstainVotes);
    }

    /// @notice Decodes a VoteTally payload.
    /// @param p The payload.
    /// @return The proposal id.
    /// @return The against votes.
    /// @return The for votes.
    /// @return The abstain votes.
    function decodeVoteTally(bytes calldata p) external pure returns (uint256, uint64, uint64, uint64) {
        return GovernancePayloads.decodeVoteTally(p);
    }

    /// @notice Encodes a GovernanceActions payload.
    /// @param sequence The list's sequence.
    /// @param proposalId The proposal it executes.
    /// @param actions The encoded action list.
    /// @return The payload.
    function encodeGovernanceActions(uint64 sequence, uint256 proposalId, bytes calldata actions)
        external
        pure
        returns (bytes memory)
    {
        return GovernancePayloads.encodeGovernanceActions(sequence, proposalId, actions);
    }

    /// @notice Decodes a GovernanceActions payload (and checks its action list).
    /// @param p The payload.
    /// @return sequence The list's sequence.
    /// @return proposalId The proposal it executes.
    /// @return actions The encoded action list.
    function decodeGovernanceActions(bytes calldata p) external pure returns (uint64 sequence, uint256 proposalId, bytes memory actions) {
        (sequence, proposalId, actions) = GovernancePayloads.decodeGovernanceActions(p);
        // Called only for its check (it reverts on a malformed list); the decoded list is not needed.
        // slither-disable-next-line unused-return
        GovernanceActions.decode(p[40:]);
    }
}
