// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {GovernanceInvalidAction} from "./GovernanceActions.sol";

/// @title GovernancePayloads
/// @notice The payloads of version-2 bridge messages (docs/CONVENTIONS.md), big-endian:
/// 1 ProposalOpened `proposalId u256 | snapshot u64 | voteEnd u64` (hub -> spoke vault);
/// 2 VoteTally `proposalId u256 | againstVotes u64 | forVotes u64 | abstainVotes u64` (spoke vault -> hub);
/// 3 GovernanceActions `sequence u64 | proposalId u256 | action list` (hub -> spoke executor).
library GovernancePayloads {
    uint8 internal constant KIND_PROPOSAL_OPENED = 1;
    uint8 internal constant KIND_VOTE_TALLY = 2;
    uint8 internal constant KIND_GOVERNANCE_ACTIONS = 3;

    function encodeProposalOpened(uint256 proposalId, uint64 snapshot, uint64 voteEnd) internal pure returns (bytes memory) {
        return abi.encodePacked(proposalId, snapshot, voteEnd);
    }

    function decodeProposalOpened(bytes calldata p) internal pure returns (uint256 proposalId, uint64 snapshot, uint64 voteEnd) {
        if (p.length != 48) revert GovernanceInvalidAction();
        proposalId = uint256(bytes32(p[0:32]));
        snapshot = uint64(bytes8(p[32:40]));
        voteEnd = uint64(bytes8(p[40:48]));
    }

    function encodeVoteTally(uint256 proposalId, uint64 againstVotes, uint64 forVotes, uint64 abstainVotes)
        internal
        pure
        returns (bytes memory)
    {
        return abi.encodePacked(proposalId, againstVotes, forVotes, abstainVotes);
    }

    function decodeVoteTally(bytes calldata p)
        internal
        pure
        returns (uint256 proposalId, uint64 againstVotes, uint64 forVotes, uint64 abstainVotes)
    {
        if (p.length != 56) revert GovernanceInvalidAction();
        proposalId = uint256(bytes32(p[0:32]));
        againstVotes = uint64(bytes8(p[32:40]));
        forVotes = uint64(bytes8(p[40:48]));
        abstainVotes = uint64(bytes8(p[48:56]));
    }

    function encodeGovernanceActions(uint64 sequence, uint256 proposalId, bytes memory actions)
        internal
        pure
        returns (bytes memory)
    {
        return abi.encodePacked(sequence, proposalId, actions);
    }

    function decodeGovernanceActions(bytes calldata p)
        internal
        pure
        returns (uint64 sequence, uint256 proposalId, bytes calldata actions)
    {
        if (p.length < 41) revert GovernanceInvalidAction();
        sequence = uint64(bytes8(p[0:8]));
        proposalId = uint256(bytes32(p[8:40]));
        actions = p[40:];
    }
}
