use anchor_lang::prelude::*;

/// Error names are the cross-chain names of CONVENTIONS.md. Codes start at 6100.
#[error_code(offset = 6100)]
pub enum MarketplaceError {
    #[msg("task not found")]
    MarketplaceTaskNotFound,
    #[msg("task is not Open")]
    MarketplaceTaskNotOpen,
    #[msg("task is not Assigned")]
    MarketplaceTaskNotAssigned,
    #[msg("task is not Submitted")]
    MarketplaceTaskNotSubmitted,
    #[msg("task is not Disputed")]
    MarketplaceTaskNotDisputed,
    #[msg("caller is not the task user")]
    MarketplaceNotTaskUser,
    #[msg("caller is not the task provider")]
    MarketplaceNotTaskProvider,
    #[msg("caller is not the arbiter")]
    MarketplaceNotArbiter,
    #[msg("reward must be greater than zero")]
    MarketplaceZeroReward,
    #[msg("deadline must be in the future")]
    MarketplaceInvalidDeadline,
    #[msg("deadline has passed")]
    MarketplaceDeadlinePassed,
    #[msg("deadline has not passed")]
    MarketplaceDeadlineNotPassed,
    #[msg("challenge period is still active")]
    MarketplaceChallengePeriodActive,
    #[msg("challenge period is over")]
    MarketplaceChallengePeriodOver,
    #[msg("field element out of range")]
    MarketplaceFieldElementOutOfRange,
    #[msg("unknown verifier")]
    MarketplaceUnknownVerifier,
    #[msg("invalid proof")]
    MarketplaceInvalidProof,
    #[msg("a proof was given for an optimistic task")]
    MarketplaceUnexpectedProof,
    #[msg("provider stake is below the minimum")]
    MarketplaceStakeBelowMinimum,
    #[msg("provider reputation is too low")]
    MarketplaceReputationTooLow,
    #[msg("invalid fee split")]
    MarketplaceInvalidFeeSplit,
    #[msg("parameter out of bounds")]
    MarketplaceParameterOutOfBounds,
    #[msg("zero address")]
    MarketplaceZeroAddress,
    #[msg("the contract is paused")]
    EnforcedPause,
    #[msg("only the governance executor may call this")]
    GovernorOnlyExecutor,
    #[msg("only the pauser or governance may pause")]
    MarketplaceNotPauser,
    #[msg("arithmetic overflow or underflow")]
    ArithmeticOverflow,
    #[msg("unknown governed parameter id for this program")]
    GovernanceUnknownParameter,
    #[msg("unknown role id for this program")]
    GovernanceInvalidAction,
    // marketplace v2 (offers and replicas), appended so that earlier codes stay stable
    #[msg("offer terms are invalid")]
    MarketplaceInvalidOffer,
    #[msg("lock deadline must lie between now and the deadline")]
    MarketplaceInvalidLockDeadline,
    #[msg("a task asks for at most 3 replicas")]
    MarketplaceInvalidReplicas,
    #[msg("the lock deadline has passed")]
    MarketplaceLockDeadlinePassed,
    #[msg("the provider is already a replica of this task")]
    MarketplaceAlreadyReplica,
    #[msg("not allowed on a replicated task")]
    MarketplaceReplicated,
    #[msg("the task is not replicated")]
    MarketplaceNotReplicated,
    #[msg("the replica has already committed")]
    MarketplaceAlreadyCommitted,
    #[msg("the replica has not committed")]
    MarketplaceNotCommitted,
    #[msg("the replica has already revealed")]
    MarketplaceAlreadyRevealed,
    #[msg("the reveal window is not open")]
    MarketplaceRevealNotOpen,
    #[msg("the reveal period is over")]
    MarketplaceRevealPeriodOver,
    #[msg("the reveal period is still active")]
    MarketplaceRevealPeriodActive,
    #[msg("the revealed result does not match the commit")]
    MarketplaceCommitMismatch,
    // result delivery (DESIGN §5.3), appended so that earlier codes stay stable
    #[msg("the result CID must be non-zero")]
    MarketplaceInvalidResultCid,
}
