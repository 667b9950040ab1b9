// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title ISpokeVault
/// @notice A spoke chain's governance vault (DESIGN §7): holders deposit the spoke CAL; a voter's weight for a hub
/// proposal is its deposit at the proposal's snapshot (the hub's timestamp clock); the cumulative tally goes to the
/// hub in a `VoteTally` message.
interface ISpokeVault {
    /// @notice A proposal the hub announced, with this spoke's cumulative tally (OpenZeppelin's order).
    struct ProposalTally {
        uint64 snapshot;
        uint64 voteEnd;
        uint64 againstVotes;
        uint64 forVotes;
        uint64 abstainVotes;
        /// @dev All votes (against + for + abstain) when the tally was last sent; 0 before the first.
        uint64 sentVotes;
    }

    /// @notice Emitted when CAL is deposited as voting weight.
    /// @param account The depositor.
    /// @param amount CAL base units.
    event Deposited(address indexed account, uint256 amount);
    /// @notice Emitted when deposited CAL is withdrawn.
    /// @param account The depositor.
    /// @param amount CAL base units.
    event Withdrawn(address indexed account, uint256 amount);
    /// @notice Emitted when the hub's `ProposalOpened` arrives (or extends the vote end).
    /// @param proposalId The hub proposal.
    /// @param snapshot The hub's snapshot timepoint.
    /// @param voteEnd The hub's vote end.
    event ProposalOpened(uint256 indexed proposalId, uint64 snapshot, uint64 voteEnd);
    /// @notice Emitted on every vote (OpenZeppelin Governor's shape).
    /// @param voter The voter.
    /// @param proposalId The proposal.
    /// @param support 0 Against, 1 For, 2 Abstain.
    /// @param weight The voter's deposit at the snapshot.
    event VoteCast(address indexed voter, uint256 indexed proposalId, uint8 support, uint256 weight);
    /// @notice Emitted when the cumulative tally is sent to the hub.
    /// @param proposalId The proposal.
    /// @param messageId The bridge message id.
    /// @param againstVotes Cumulative Against.
    /// @param forVotes Cumulative For.
    /// @param abstainVotes Cumulative Abstain.
    event TallySent(uint256 indexed proposalId, bytes32 messageId, uint64 againstVotes, uint64 forVotes, uint64 abstainVotes);

    /// @notice The message does not come from the hub (domain and address) through this chain's bridge.
    error GovernanceNotHub(uint32 srcDomain, bytes32 sender);
    /// @notice The voter had no deposit at the proposal's snapshot.
    error GovernanceNoVotingPower(address voter, uint256 proposalId);
    /// @notice Voting is open only after the snapshot and until the vote end.
    error GovernanceVotingClosed(uint256 proposalId, uint64 snapshot, uint64 voteEnd);
    /// @notice The hub has not announced this proposal here (OpenZeppelin Governor's name).
    error GovernorNonexistentProposal(uint256 proposalId);
    /// @notice The tally has not changed since it was last sent (each send is a bridge message a relayer pays for).
    error GovernanceTallyUnchanged(uint256 proposalId, uint64 votes);
    /// @notice The voter already voted on this proposal (OpenZeppelin Governor's name).
    error GovernorAlreadyCastVote(address voter);
    /// @notice Not a valid vote type (OpenZeppelin Governor's name).
    error GovernorInvalidVoteType();
    /// @notice Zero amount, or more than the caller's deposit.
    error GovernanceInvalidAmount(uint256 amount, uint256 deposited);

    /// @notice Deposits `amount` of the spoke CAL as voting weight (counted from this timestamp on).
    /// @param amount CAL base units, non-zero.
    function deposit(uint256 amount) external;

    /// @notice Withdraws `amount` of the caller's deposit; weights at past snapshots are unchanged.
    /// @param amount CAL base units, non-zero, at most the deposit.
    function withdraw(uint256 amount) external;

    /// @notice Votes on an announced proposal with the caller's deposit at its snapshot.
    /// @param proposalId The hub proposal.
    /// @param support 0 Against, 1 For, 2 Abstain.
    /// @return weight The counted weight.
    function castVote(uint256 proposalId, uint8 support) external returns (uint256 weight);

    /// @notice Sends this spoke's cumulative tally of `proposalId` to the hub (anyone may call), once it changed since
    /// the last send (`GovernanceTallyUnchanged` otherwise, also for a tally without votes).
    /// @param proposalId An announced proposal.
    /// @return messageId The bridge message id.
    function sendTally(uint256 proposalId) external returns (bytes32 messageId);

    /// @notice The deposit of `account` now.
    /// @param account The depositor.
    /// @return CAL base units.
    function depositOf(address account) external view returns (uint256);

    /// @notice The deposit of `account` at `timepoint` (a timestamp, inclusive).
    /// @param account The depositor.
    /// @param timepoint A timestamp.
    /// @return CAL base units.
    function depositAt(address account, uint256 timepoint) external view returns (uint256);

    /// @notice All deposits at `timepoint` (a timestamp, inclusive).
    /// @param timepoint A timestamp.
    /// @return CAL base units.
    function totalDepositsAt(uint256 timepoint) external view returns (uint256);

    /// @notice The announced proposal and this spoke's tally.
    /// @param proposalId The hub proposal.
    /// @return The snapshot, vote end and cumulative tally (all zero when not announced).
    function proposalTally(uint256 proposalId) external view returns (ProposalTally memory);

    /// @notice Whether `voter` voted on `proposalId` here.
    /// @param proposalId The hub proposal.
    /// @param voter The voter.
    /// @return True once voted.
    function hasVoted(uint256 proposalId, address voter) external view returns (bool);
}

/// @title ISpokeExecutor
/// @notice A spoke chain's governance executor (DESIGN §7): the admin of the spoke's marketplace, staking and bridge.
/// It accepts `GovernanceActions` only from the hub through its bridge, holds each list for `executionDelay` (a
/// Guardian may veto it meanwhile), then anyone executes the lists in the hub's order; a failing list is recorded
/// Failed and can be retried.
interface ISpokeExecutor {
    /// @notice Lifecycle of a received action list.
    enum ListStatus {
        None,
        Pending,
        Executed,
        Vetoed,
        Failed
    }

    /// @notice One received action list.
    struct ActionList {
        uint256 proposalId;
        uint64 eta;
        ListStatus status;
        bytes actions;
    }

    /// @notice Emitted when a list arrives from the hub.
    /// @param sequence Its sequence number for this spoke.
    /// @param proposalId The hub proposal it comes from.
    /// @param eta When it can be executed.
    /// @param actions The encoded action list.
    event ActionsReceived(uint64 indexed sequence, uint256 indexed proposalId, uint64 eta, bytes actions);
    /// @notice Emitted when a list ran to completion.
    /// @param sequence The list.
    event ActionsExecuted(uint64 indexed sequence);
    /// @notice Emitted when a list's execution reverted; it is recorded Failed and may be retried.
    /// @param sequence The list.
    /// @param reason The revert data.
    event ActionsFailed(uint64 indexed sequence, bytes reason);
    /// @notice Emitted when the Guardian vetoes a list.
    /// @param sequence The list.
    /// @param guardian The Guardian.
    event ActionsVetoed(uint64 indexed sequence, address indexed guardian);
    /// @notice Emitted when governance appoints the Guardian.
    /// @param guardian The new Guardian (zero: none).
    event GuardianUpdated(address indexed guardian);
    /// @notice Emitted when `executionDelay` (parameter 6) changes.
    /// @param paramId 6.
    /// @param value Seconds.
    event ParameterUpdated(uint16 indexed paramId, uint64 value);

    /// @notice The message does not come from the hub (domain and address) through this chain's bridge.
    error GovernanceNotHub(uint32 srcDomain, bytes32 sender);
    /// @notice The caller is not the Guardian.
    error GovernanceNotGuardian(address caller);
    /// @notice List `sequence` cannot run before list `sequence - 1` is Executed, Vetoed or Failed.
    error GovernanceOutOfOrder(uint64 sequence);
    /// @notice List `sequence` is still in its execution delay.
    error GovernanceExecutionDelayActive(uint64 sequence, uint64 eta, uint256 now_);
    /// @notice List `sequence` is not in the state the call needs (Pending; Failed for retry; None to receive).
    error GovernanceActionsNotPending(uint64 sequence, ListStatus status);
    /// @notice A parameter id the executor does not route.
    error GovernanceUnknownParameter(uint16 paramId);
    /// @notice `executionDelay` outside its bounds.
    error GovernanceParameterOutOfBounds(uint16 paramId, uint256 value, uint256 min, uint256 max);
    /// @notice The list's execution ran out of gas the caller did not give it (retry with more gas).
    error GovernanceOutOfGas(uint64 sequence);
    /// @notice Only the executor itself may call (its own action runner).
    error GovernanceOnlyExecutor(address caller);

    /// @notice Vetoes a Pending list during its delay (before its eta). Guardian only.
    /// @param sequence The list.
    function veto(uint64 sequence) external;

    /// @notice Executes Pending list `sequence` once its delay is over and `sequence - 1` is settled (anyone).
    /// A revert in any action marks the whole list Failed (nothing applied) and emits the revert data.
    /// @param sequence The list.
    /// @return success Whether the list ran to completion.
    function execute(uint64 sequence) external returns (bool success);

    /// @notice Runs a Failed list again (anyone).
    /// @param sequence The list.
    /// @return success Whether the list ran to completion.
    function retry(uint64 sequence) external returns (bool success);

    /// @notice The stored state of list `sequence`.
    /// @param sequence The list.
    /// @return Its proposal, eta, status and encoded actions.
    function actionList(uint64 sequence) external view returns (ActionList memory);
}
