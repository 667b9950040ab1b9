// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {Checkpoints} from "@openzeppelin/contracts/utils/structs/Checkpoints.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {IGovernanceMessenger, IGovernanceReceiver} from "../interfaces/IGovernanceMessaging.sol";
import {ISpokeVault} from "./ISpokeGovernance.sol";
import {GovernanceInvalidAction} from "./GovernanceActions.sol";
import {GovernancePayloads} from "./GovernancePayloads.sol";

/// @title SpokeVault
/// @notice A spoke chain's governance vault (DESIGN §7). Deposits are checkpointed by block timestamp (OpenZeppelin
/// `Checkpoints.Trace208`, the hub's EIP-6372 timestamp clock), so a voter's weight for a proposal is its deposit at
/// the proposal's snapshot, whatever moves after it. Holds the bridge's GOVERNANCE_SENDER_ROLE to send tallies.
contract SpokeVault is ISpokeVault, IGovernanceReceiver, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;
    using SafeCast for uint256;
    using Checkpoints for Checkpoints.Trace208;

    /// @notice The spoke CAL.
    IERC20 public immutable token;
    /// @notice This chain's bridge (sends tallies, delivers the hub's announcements).
    IGovernanceMessenger public immutable bridge;
    /// @notice The hub's domain.
    uint32 public immutable hubDomain;
    /// @notice The hub's GovernanceHub (universal address).
    bytes32 public immutable hub;

    mapping(address account => Checkpoints.Trace208) private _deposits;
    Checkpoints.Trace208 private _total;
    mapping(uint256 proposalId => ProposalTally) private _proposals;
    mapping(uint256 proposalId => mapping(address voter => bool)) private _voted;

    /// @notice Wires the vault to its token, bridge and hub.
    /// @param token_ The spoke CAL.
    /// @param bridge_ This chain's bridge.
    /// @param hubDomain_ The hub's domain.
    /// @param hub_ The hub's GovernanceHub (universal address).
    constructor(IERC20 token_, IGovernanceMessenger bridge_, uint32 hubDomain_, bytes32 hub_) {
        token = token_;
        bridge = bridge_;
        hubDomain = hubDomain_;
        hub = hub_;
    }

    /// @inheritdoc ISpokeVault
    function deposit(uint256 amount) external nonReentrant {
        if (amount == 0) revert GovernanceInvalidAmount(0, _deposits[msg.sender].latest());
        uint48 now_ = SafeCast.toUint48(block.timestamp);
        // Checkpoints.push returns the previous and new values, both known here.
        // slither-disable-start unused-return
        _deposits[msg.sender].push(now_, _deposits[msg.sender].latest() + amount.toUint208());
        _total.push(now_, _total.latest() + amount.toUint208());
        // slither-disable-end unused-return
        emit Deposited(msg.sender, amount);
        token.safeTransferFrom(msg.sender, address(this), amount);
    }

    /// @inheritdoc ISpokeVault
    function withdraw(uint256 amount) external nonReentrant {
        uint256 deposited = _deposits[msg.sender].latest();
        if (amount == 0 || amount > deposited) revert GovernanceInvalidAmount(amount, deposited);
        uint48 now_ = SafeCast.toUint48(block.timestamp);
        // Checkpoints.push returns the previous and new values, both known here.
        // slither-disable-start unused-return
        _deposits[msg.sender].push(now_, uint208(deposited - amount));
        _total.push(now_, _total.latest() - uint208(amount));
        // slither-disable-end unused-return
        emit Withdrawn(msg.sender, amount);
        token.safeTransfer(msg.sender, amount);
    }

    /// @inheritdoc IGovernanceReceiver
    /// @dev Accepts `ProposalOpened` only, from the hub through the bridge. A repeated announcement keeps the first
    /// snapshot and may only move the vote end later (late-quorum extension); anything else is ignored.
    function receiveGovernanceMessage(uint32 srcDomain, bytes32 sender, uint8 kind, bytes calldata payload) external {
        if (msg.sender != address(bridge) || srcDomain != hubDomain || sender != hub) revert GovernanceNotHub(srcDomain, sender);
        if (kind != GovernancePayloads.KIND_PROPOSAL_OPENED) revert GovernanceInvalidAction();
        (uint256 proposalId, uint64 snapshot, uint64 voteEnd) = GovernancePayloads.decodeProposalOpened(payload);
        if (snapshot == 0 || voteEnd < snapshot) revert GovernanceInvalidAction();
        ProposalTally storage p = _proposals[proposalId];
        if (p.snapshot == 0) {
            p.snapshot = snapshot;
            p.voteEnd = voteEnd;
        } else if (p.snapshot == snapshot && voteEnd > p.voteEnd) {
            p.voteEnd = voteEnd;
        } else {
            return;
        }
        emit ProposalOpened(proposalId, snapshot, p.voteEnd);
    }

    /// @inheritdoc ISpokeVault
    function castVote(uint256 proposalId, uint8 support) external returns (uint256 weight) {
        ProposalTally storage p = _proposals[proposalId];
        uint64 snapshot = p.snapshot;
        if (snapshot == 0) revert GovernorNonexistentProposal(proposalId);
        // Weights are final only once the snapshot is in the past.
        if (block.timestamp <= snapshot || block.timestamp > p.voteEnd) {
            revert GovernanceVotingClosed(proposalId, snapshot, p.voteEnd);
        }
        if (_voted[proposalId][msg.sender]) revert GovernorAlreadyCastVote(msg.sender);
        weight = _deposits[msg.sender].upperLookupRecent(uint48(snapshot));
        if (weight == 0) revert GovernanceNoVotingPower(msg.sender, proposalId);
        _voted[proposalId][msg.sender] = true;
        uint64 w = weight.toUint64();
        if (support == 0) p.againstVotes += w;
        else if (support == 1) p.forVotes += w;
        else if (support == 2) p.abstainVotes += w;
        else revert GovernorInvalidVoteType();
        emit VoteCast(msg.sender, proposalId, support, weight);
    }

    /// @inheritdoc ISpokeVault
    function sendTally(uint256 proposalId) external returns (bytes32 messageId) {
        ProposalTally storage stored = _proposals[proposalId];
        ProposalTally memory p = stored;
        if (p.snapshot == 0) revert GovernorNonexistentProposal(proposalId);
        // Votes only add weight, so an unchanged total is an unchanged tally: nothing new to count on the hub.
        uint64 votes = p.againstVotes + p.forVotes + p.abstainVotes;
        if (votes == p.sentVotes) revert GovernanceTallyUnchanged(proposalId, votes);
        stored.sentVotes = votes;
        // The nonce is inside the message id; the event names the id, which only the (immutable) bridge returns.
        // slither-disable-next-line unused-return
        (messageId,) = bridge.sendGovernanceMessage(
            hubDomain,
            hub,
            GovernancePayloads.KIND_VOTE_TALLY,
            GovernancePayloads.encodeVoteTally(proposalId, p.againstVotes, p.forVotes, p.abstainVotes)
        );
        // slither-disable-next-line reentrancy-events
        emit TallySent(proposalId, messageId, p.againstVotes, p.forVotes, p.abstainVotes);
    }

    /// @inheritdoc ISpokeVault
    function depositOf(address account) external view returns (uint256) {
        return _deposits[account].latest();
    }

    /// @inheritdoc ISpokeVault
    function depositAt(address account, uint256 timepoint) external view returns (uint256) {
        return _deposits[account].upperLookupRecent(SafeCast.toUint48(timepoint));
    }

    /// @inheritdoc ISpokeVault
    function totalDepositsAt(uint256 timepoint) external view returns (uint256) {
        return _total.upperLookupRecent(SafeCast.toUint48(timepoint));
    }

    /// @inheritdoc ISpokeVault
    function proposalTally(uint256 proposalId) external view returns (ProposalTally memory) {
        return _proposals[proposalId];
    }

    /// @inheritdoc ISpokeVault
    function hasVoted(uint256 proposalId, address voter) external view returns (bool) {
        return _voted[proposalId][voter];
    }
}
