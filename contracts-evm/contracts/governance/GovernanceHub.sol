// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IGovernor} from "@openzeppelin/contracts/governance/IGovernor.sol";
import {IGovernanceMessenger, IGovernanceReceiver} from "../interfaces/IGovernanceMessaging.sol";
import {IGovernanceHub} from "./IGovernanceHub.sol";
import {IExecutingProposal} from "./IExecutingProposal.sol";
import {GovernanceActions, GovernanceInvalidAction} from "./GovernanceActions.sol";
import {GovernancePayloads} from "./GovernancePayloads.sol";

/// @title GovernanceHub
/// @notice The hub's link to the spokes (DESIGN §7). Votes: the home BridgeVault delegates the votes of the CAL it
/// holds (exactly the CAL on spokes and in flight) to this contract; each spoke vault's cumulative `VoteTally` is
/// counted by casting the increase since its last tally as fractional votes of this contract
/// (`castVoteWithReasonAndParams`, support 255, `abi.encodePacked(uint128 against, uint128 for, uint128 abstain)`), so
/// the spokes together never cast more than that CAL (the governor refuses with `GovernorExceedRemainingWeight`) and
/// no CAL votes twice. Execution: the timelock's `dispatch` sends an action list to a spoke executor with a sequence
/// number per destination, from 1. Holds the home bridge's GOVERNANCE_SENDER_ROLE.
contract GovernanceHub is IGovernanceHub, IGovernanceReceiver {
    /// @notice OpenZeppelin GovernorCountingFractional's support value of a fractional vote.
    uint8 public constant VOTE_TYPE_FRACTIONAL = 255;

    /// @notice The governor (CalGovernor).
    IGovernor public immutable governor;
    /// @notice The home bridge.
    IGovernanceMessenger public immutable bridge;
    /// @notice The timelock, the only caller of `dispatch` and `setSpoke`.
    address public immutable timelock;

    mapping(uint32 domain => Spoke) private _spokes;
    mapping(uint32 domain => uint64) private _lastSequence;
    mapping(uint256 proposalId => mapping(uint32 domain => Tally)) private _tallies;
    mapping(uint256 proposalId => mapping(uint32 domain => bool)) private _announced;

    modifier onlyTimelock() {
        if (msg.sender != timelock) revert GovernorOnlyExecutor(msg.sender);
        _;
    }

    /// @notice Wires the hub to its governor, home bridge and timelock.
    /// @param governor_ The governor (fractional counting).
    /// @param bridge_ The home bridge.
    /// @param timelock_ The timelock.
    constructor(IGovernor governor_, IGovernanceMessenger bridge_, address timelock_) {
        governor = governor_;
        bridge = bridge_;
        // Deployment wiring, set once; a zero check would not catch a wrong address either.
        // slither-disable-next-line missing-zero-check
        timelock = timelock_;
    }

    /// @inheritdoc IGovernanceHub
    function announce(uint256 proposalId, uint32 dstDomain) external returns (bytes32 messageId) {
        bytes32 vault = _spokes[dstDomain].vault;
        if (vault == bytes32(0)) revert GovernanceUnknownSpoke(dstDomain);
        uint256 snapshot = governor.proposalSnapshot(proposalId);
        if (snapshot == 0) revert IGovernor.GovernorNonexistentProposal(proposalId);
        uint256 deadline = governor.proposalDeadline(proposalId);
        // Spam guard: one ProposalOpened per proposal and spoke, and none once voting is over.
        if (_announced[proposalId][dstDomain]) revert GovernanceAlreadyAnnounced(proposalId, dstDomain);
        if (block.timestamp > deadline) revert GovernanceVotingClosed(proposalId, uint64(snapshot), uint64(deadline));
        _announced[proposalId][dstDomain] = true;
        // The nonce is inside the message id; the event names the id, which only the (immutable) bridge returns.
        // slither-disable-next-line unused-return
        (messageId,) = bridge.sendGovernanceMessage(
            dstDomain,
            vault,
            GovernancePayloads.KIND_PROPOSAL_OPENED,
            GovernancePayloads.encodeProposalOpened(proposalId, uint64(snapshot), uint64(deadline))
        );
        // slither-disable-next-line reentrancy-events
        emit ProposalAnnounced(proposalId, dstDomain, messageId);
    }

    /// @inheritdoc IGovernanceReceiver
    /// @dev Accepts `VoteTally` only, from a registered spoke's vault through the home bridge. A tally equal to the last
    /// casts nothing; one lower in any column is refused (`GovernanceTallyDecreased`).
    function receiveGovernanceMessage(uint32 srcDomain, bytes32 sender, uint8 kind, bytes calldata payload) external {
        bytes32 vault = _spokes[srcDomain].vault;
        if (msg.sender != address(bridge) || vault == bytes32(0) || sender != vault) revert GovernanceNotHub(srcDomain, sender);
        if (kind != GovernancePayloads.KIND_VOTE_TALLY) revert GovernanceInvalidAction();
        (uint256 proposalId, uint64 againstVotes, uint64 forVotes, uint64 abstainVotes) =
            GovernancePayloads.decodeVoteTally(payload);
        Tally storage last = _tallies[proposalId][srcDomain];
        if (againstVotes < last.againstVotes || forVotes < last.forVotes || abstainVotes < last.abstainVotes) {
            revert GovernanceTallyDecreased(proposalId, srcDomain);
        }
        uint128 dAgainst = againstVotes - last.againstVotes;
        uint128 dFor = forVotes - last.forVotes;
        uint128 dAbstain = abstainVotes - last.abstainVotes;
        last.againstVotes = againstVotes;
        last.forVotes = forVotes;
        last.abstainVotes = abstainVotes;
        emit TallyCounted(proposalId, srcDomain, againstVotes, forVotes, abstainVotes);
        if (dAgainst == 0 && dFor == 0 && dAbstain == 0) return;
        // The governor refuses more than this contract's remaining weight at the snapshot, and any vote outside the
        // voting period: the delivery then reverts and the tally is not counted.
        // The returned weight is the sum of the deltas cast, already emitted in TallyCounted.
        // slither-disable-next-line unused-return
        governor.castVoteWithReasonAndParams(
            proposalId, VOTE_TYPE_FRACTIONAL, "spoke tally", abi.encodePacked(dAgainst, dFor, dAbstain)
        );
    }

    /// @inheritdoc IGovernanceHub
    function dispatch(uint32 dstDomain, bytes calldata actions) external onlyTimelock returns (uint64 sequence) {
        bytes32 executor = _spokes[dstDomain].executor;
        if (executor == bytes32(0)) revert GovernanceUnknownSpoke(dstDomain);
        // Called only for its check (it reverts on a malformed list); the decoded list is not needed here.
        // slither-disable-next-line unused-return
        GovernanceActions.decode(actions);
        sequence = ++_lastSequence[dstDomain];
        uint256 proposalId = IExecutingProposal(address(governor)).executingProposal();
        // The nonce is inside the message id; the event names the id, which only the (immutable) bridge returns.
        // slither-disable-next-line unused-return
        (bytes32 messageId,) = bridge.sendGovernanceMessage(
            dstDomain,
            executor,
            GovernancePayloads.KIND_GOVERNANCE_ACTIONS,
            GovernancePayloads.encodeGovernanceActions(sequence, proposalId, actions)
        );
        // slither-disable-next-line reentrancy-events
        emit ActionsDispatched(dstDomain, sequence, proposalId, messageId);
    }

    /// @inheritdoc IGovernanceHub
    function setSpoke(uint32 domain, bytes32 vault, bytes32 executor) external onlyTimelock {
        _spokes[domain] = Spoke(vault, executor);
        emit SpokeUpdated(domain, vault, executor);
    }

    /// @inheritdoc IGovernanceHub
    function spoke(uint32 domain) external view returns (Spoke memory) {
        return _spokes[domain];
    }

    /// @inheritdoc IGovernanceHub
    function tallyOf(uint256 proposalId, uint32 domain) external view returns (Tally memory) {
        return _tallies[proposalId][domain];
    }

    /// @inheritdoc IGovernanceHub
    function lastSequence(uint32 domain) external view returns (uint64) {
        return _lastSequence[domain];
    }
}
