use anchor_lang::prelude::*;

#[event]
pub struct ProviderRegistered {
    pub provider: Pubkey,
    pub metadata_hash: [u8; 32],
}
#[event]
pub struct Staked {
    pub provider: Pubkey,
    pub amount: u64,
    pub staked: u64,
}
#[event]
pub struct UnstakeRequested {
    pub provider: Pubkey,
    pub amount: u64,
    pub available_at: i64,
}
#[event]
pub struct Withdrawn {
    pub provider: Pubkey,
    pub amount: u64,
}
#[event]
pub struct CollateralLocked {
    pub provider: Pubkey,
    pub amount: u64,
    pub locked: u64,
}
#[event]
pub struct CollateralUnlocked {
    pub provider: Pubkey,
    pub amount: u64,
    pub locked: u64,
}
#[event]
pub struct ProviderSlashed {
    pub provider: Pubkey,
    pub slashed: u64,
    pub to_user: u64,
    pub to_treasury: u64,
}
#[event]
pub struct ParameterUpdated {
    pub parameter: String,
    pub value: u64,
}

// ── proof of computational power ──
#[event]
pub struct PowerClaimDeclared {
    pub provider: Pubkey,
    pub claimed_rate: u64,
}
#[event]
pub struct ValidatorRegistered {
    pub validator: Pubkey,
}
#[event]
pub struct ChallengeOpened {
    pub challenge_id: u64,
    pub provider: Pubkey,
    pub validator: Pubkey,
    pub seed: [u8; 32],
    /// Big-endian u256.
    pub target: [u8; 32],
    pub nonces: u8,
    pub deadline: i64,
}
#[event]
pub struct ChallengePassed {
    pub challenge_id: u64,
    pub provider: Pubkey,
    pub validator: Pubkey,
    pub fee: u64,
}
#[event]
pub struct ChallengeExpired {
    pub challenge_id: u64,
    pub provider: Pubkey,
    pub validator: Pubkey,
    pub failures_in_row: u8,
    pub fee: u64,
}
#[event]
pub struct PowerSlashed {
    pub provider: Pubkey,
    pub challenger: Pubkey,
    pub slashed: u64,
}
#[event]
pub struct ValidatorBudgetFunded {
    pub from: Pubkey,
    pub amount: u64,
}
#[event]
pub struct FeesClaimed {
    pub validator: Pubkey,
    pub amount: u64,
}
