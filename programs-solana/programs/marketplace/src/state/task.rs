use anchor_lang::prelude::*;

/// `TaskStatus` numbering shared by every chain (CONVENTIONS.md).
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq, InitSpace)]
#[repr(u8)]
pub enum TaskStatus {
    None = 0,
    Open = 1,
    Assigned = 2,
    Submitted = 3,
    Disputed = 4,
    Completed = 5,
    Cancelled = 6,
    Refunded = 7,
}

#[account]
#[derive(InitSpace)]
pub struct Task {
    pub id: u64,
    pub user: Pubkey,
    /// Field element < 2^248, big-endian.
    pub spec_hash: [u8; 32],
    pub reward: u64,
    pub collateral: u64,
    pub deadline: i64,
    /// 0 = optimistic, else a registered Groth16 verifier.
    pub verifier_id: u64,
    pub model_creator: Option<Pubkey>,
    pub min_reputation_bps: u16,
    pub provider: Pubkey,
    /// Field element < BN254 r, big-endian.
    pub result_commitment: [u8; 32],
    pub status: TaskStatus,
    pub submitted_at: i64,
    pub challenge_ends_at: i64,
    pub bump: u8,
}
