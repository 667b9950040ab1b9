use anchor_lang::prelude::*;

/// Error names are the cross-chain names of CONVENTIONS.md (OpenZeppelin Governor's names).
#[error_code(offset = 6200)]
pub enum GovernanceError {
    #[msg("proposal does not exist")]
    GovernorNonexistentProposal,
    #[msg("proposal is not in the required state")]
    GovernorUnexpectedProposalState,
    #[msg("vote already cast")]
    GovernorAlreadyCastVote,
    #[msg("locked votes below the proposal threshold")]
    GovernorInsufficientProposerVotes,
    #[msg("only the governance executor may call this")]
    GovernorOnlyExecutor,
    #[msg("tokens are locked until the proposals voted on end")]
    GovernanceTokensLocked,
    #[msg("invalid action or missing/mismatched accounts for the action")]
    GovernanceInvalidAction,
    #[msg("timelock operation is not ready")]
    TimelockUnexpectedOperationState,
    #[msg("invalid vote type")]
    GovernorInvalidVoteType,
    #[msg("amount must be greater than zero")]
    GovernanceZeroAmount,
    #[msg("arithmetic overflow or underflow")]
    ArithmeticOverflow,
    #[msg("unknown governed parameter id")]
    GovernanceUnknownParameter,
    #[msg("parameter out of bounds")]
    GovernanceParameterOutOfBounds,
    #[msg("message does not come from the configured hub")]
    GovernanceNotHub,
    #[msg("only the guardian may veto")]
    GovernanceNotGuardian,
    #[msg("action lists run strictly in sequence order")]
    GovernanceOutOfOrder,
    #[msg("the execution delay has not elapsed")]
    GovernanceExecutionDelayActive,
    #[msg("the action list is not pending")]
    GovernanceActionsNotPending,
    #[msg("no voting power at the proposal snapshot")]
    GovernanceNoVotingPower,
    #[msg("voting is closed")]
    GovernanceVotingClosed,
    #[msg("the tally has not changed since it was last sent")]
    GovernanceTallyUnchanged,
}
