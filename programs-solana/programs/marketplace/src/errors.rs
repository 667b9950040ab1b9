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
}
