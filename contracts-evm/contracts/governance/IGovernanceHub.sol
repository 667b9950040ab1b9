// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title IGovernanceHub
/// @notice The hub's link to the spokes (DESIGN §7): announces proposals to spoke vaults, counts each spoke's latest
/// cumulative tally as fractional votes of itself (the votes of the CAL the home BridgeVault holds are delegated to
/// it), and sends the timelock's remote action lists to spoke executors with a sequence number per destination.
interface IGovernanceHub {
    /// @notice A spoke's vault and executor (universal addresses).
    struct Spoke {
        bytes32 vault;
        bytes32 executor;
    }

    /// @notice A spoke's cumulative tally of one proposal (OpenZeppelin's order).
    struct Tally {
        uint64 againstVotes;
        uint64 forVotes;
        uint64 abstainVotes;
    }

    /// @notice Emitted when the timelock registers, changes or removes (zero vault) a spoke.
    /// @param domain The spoke's domain.
    /// @param vault Its governance vault.
    /// @param executor Its executor.
    event SpokeUpdated(uint32 indexed domain, bytes32 vault, bytes32 executor);
    /// @notice Emitted when a proposal is announced to a spoke.
    /// @param proposalId The proposal.
    /// @param dstDomain The spoke.
    /// @param messageId The bridge message id.
    event ProposalAnnounced(uint256 indexed proposalId, uint32 indexed dstDomain, bytes32 messageId);
    /// @notice Emitted when a spoke's tally is counted; the deltas are the fractional votes cast now.
    /// @param proposalId The proposal.
    /// @param srcDomain The spoke.
    /// @param againstVotes Cumulative Against of the spoke.
    /// @param forVotes Cumulative For.
    /// @param abstainVotes Cumulative Abstain.
    event TallyCounted(uint256 indexed proposalId, uint32 indexed srcDomain, uint64 againstVotes, uint64 forVotes, uint64 abstainVotes);
    /// @notice Emitted when the timelock sends an action list to a spoke.
    /// @param dstDomain The spoke.
    /// @param sequence Its sequence number for that spoke (from 1).
    /// @param proposalId The executing proposal (0 when the timelock operation was executed outside the governor).
    /// @param messageId The bridge message id.
    event ActionsDispatched(uint32 indexed dstDomain, uint64 indexed sequence, uint256 indexed proposalId, bytes32 messageId);

    /// @notice The message does not come from a registered spoke vault through the home bridge.
    error GovernanceNotHub(uint32 srcDomain, bytes32 sender);
    /// @notice Only the timelock may call.
    error GovernorOnlyExecutor(address account);
    /// @notice No spoke is registered for the domain.
    error GovernanceUnknownSpoke(uint32 domain);
    /// @notice A spoke's tally may only grow: each count is at least the last one counted.
    error GovernanceTallyDecreased(uint256 proposalId, uint32 srcDomain);
    /// @notice A proposal is announced to a spoke once (each announcement is a bridge message a relayer pays for).
    error GovernanceAlreadyAnnounced(uint256 proposalId, uint32 dstDomain);
    /// @notice A proposal whose voting has ended is no longer announced.
    error GovernanceVotingClosed(uint256 proposalId, uint64 snapshot, uint64 voteEnd);

    /// @notice Sends `ProposalOpened` (the proposal's snapshot and deadline) to `dstDomain`'s vault. Anyone, once per
    /// proposal and spoke, until the proposal's deadline.
    /// @param proposalId A proposal of the governor.
    /// @param dstDomain A registered spoke.
    /// @return messageId The bridge message id.
    function announce(uint256 proposalId, uint32 dstDomain) external returns (bytes32 messageId);

    /// @notice Sends an action list to `dstDomain`'s executor with its next sequence number. Timelock only.
    /// @param dstDomain A registered spoke.
    /// @param actions An encoded action list (refused with `GovernanceInvalidAction` when malformed).
    /// @return sequence The list's sequence number for that spoke.
    function dispatch(uint32 dstDomain, bytes calldata actions) external returns (uint64 sequence);

    /// @notice Registers, changes or (zero vault) removes a spoke. Timelock only.
    /// @param domain The spoke's domain.
    /// @param vault Its governance vault (universal address).
    /// @param executor Its executor (universal address).
    function setSpoke(uint32 domain, bytes32 vault, bytes32 executor) external;

    /// @notice A registered spoke.
    /// @param domain The spoke's domain.
    /// @return Its vault and executor.
    function spoke(uint32 domain) external view returns (Spoke memory);

    /// @notice The latest tally counted from a spoke for a proposal.
    /// @param proposalId The proposal.
    /// @param domain The spoke.
    /// @return The cumulative tally.
    function tallyOf(uint256 proposalId, uint32 domain) external view returns (Tally memory);

    /// @notice The last sequence number sent to a spoke (0: none yet).
    /// @param domain The spoke.
    /// @return The sequence number.
    function lastSequence(uint32 domain) external view returns (uint64);
}
