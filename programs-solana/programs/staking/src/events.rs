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
