use anchor_lang::prelude::*;

/// Lock-to-vote deposit of one owner.
#[account]
#[derive(InitSpace)]
pub struct Voter {
    pub owner: Pubkey,
    pub amount: u64,
    /// Deposits cannot be withdrawn before the end of the last proposal voted on.
    pub locked_until: i64,
    pub bump: u8,
}

/// Receipt of one vote (one per proposal and voter).
#[account]
#[derive(InitSpace)]
pub struct VoteRecord {
    pub proposal_id: u64,
    pub voter: Pubkey,
    pub support: u8,
    pub weight: u64,
    pub has_voted: bool,
    pub bump: u8,
}
