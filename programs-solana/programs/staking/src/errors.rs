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
    // ── proof of computational power (6011..6028, CONVENTIONS "Proof of computational power") ──
    #[msg("the claimed rate must be non-zero")]
    PowerZeroClaim,
    #[msg("the caller is not a registered provider")]
    PowerNotProvider,
    #[msg("the provider has no power claim")]
    PowerNoClaim,
    #[msg("the caller is already a compute validator")]
    PowerAlreadyValidator,
    #[msg("the caller is not a compute validator")]
    PowerNotValidator,
    #[msg("active stake is below the minimum stake")]
    PowerStakeBelowMinimum,
    #[msg("a validator cannot challenge itself")]
    PowerSelfChallenge,
    #[msg("the provider already has an open challenge")]
    PowerChallengeOpen,
    #[msg("the provider was challenged too recently")]
    PowerCooldownActive,
    #[msg("not the provider's open challenge")]
    PowerUnknownChallenge,
    #[msg("the response window is over")]
    PowerAnswerAfterWindow,
    #[msg("the response window is still open")]
    PowerWindowOpen,
    #[msg("the answer does not have exactly m nonces")]
    PowerWrongNonceCount,
    #[msg("a nonce is not strictly above the previous one")]
    PowerDuplicateNonce,
    #[msg("a nonce's solution hash is not below the target")]
    PowerNonceAboveTarget,
    #[msg("no fees owed")]
    PowerNothingToClaim,
    #[msg("amount must be greater than zero")]
    PowerZeroAmount,
    #[msg("power parameter out of bounds")]
    PowerParameterOutOfBounds,
}
