use anchor_lang::prelude::*;

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq, InitSpace)]
pub struct GovernanceParams {
    pub voting_delay: i64,
    pub voting_period: i64,
    pub timelock_delay: i64,
    pub grace_period: i64,
    pub quorum_votes: u64,
    pub proposal_threshold: u64,
}

#[account]
#[derive(InitSpace)]
pub struct GovernanceConfig {
    pub cal_mint: Pubkey,
    pub vault: Pubkey,
    pub params: GovernanceParams,
    pub proposal_count: u64,
    pub bump: u8,
}
