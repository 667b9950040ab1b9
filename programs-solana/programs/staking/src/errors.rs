use anchor_lang::prelude::*;

/// Error names are the cross-chain names of CONVENTIONS.md. Codes start at 6000.
#[error_code(offset = 6000)]
pub enum StakingError {
    #[msg("provider is already registered")]
    StakingAlreadyRegistered,
    #[msg("provider is not registered")]
    StakingNotRegistered,
    #[msg("amount must be greater than zero")]
    StakingZeroAmount,
    #[msg("free stake (staked - locked) is insufficient")]
    StakingInsufficientFreeStake,
    #[msg("no pending unstake request")]
    StakingNoPendingUnstake,
    #[msg("unbonding period has not elapsed")]
    StakingUnbondingNotElapsed,
    #[msg("only the marketplace may lock, unlock or slash collateral")]
    StakingUnauthorizedSlasher,
    #[msg("parameter out of bounds")]
    StakingParameterOutOfBounds,
    #[msg("only the governance executor may call this")]
    GovernorOnlyExecutor,
    #[msg("arithmetic overflow or underflow")]
    ArithmeticOverflow,
    #[msg("unknown governed parameter id for this program")]
    GovernanceUnknownParameter,
}
