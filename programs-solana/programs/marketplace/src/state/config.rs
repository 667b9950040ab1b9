use anchor_lang::prelude::*;

#[account]
#[derive(InitSpace)]
pub struct MarketplaceConfig {
    /// Governance PDA (or the deployer before hand-over).
    pub admin: Pubkey,
    /// May pause only.
    pub pauser: Pubkey,
    pub arbiter: Pubkey,
    /// The treasury's CAL token account.
    pub treasury: Pubkey,
    pub cal_mint: Pubkey,
    pub escrow: Pubkey,
    pub challenge_period: i64,
    pub slash_bps: u16,
    pub provider_bps: u16,
    pub treasury_bps: u16,
    pub creator_bps: u16,
    /// Id of the next task; ids start at 1.
    pub next_task_id: u64,
    pub paused: bool,
    pub bump: u8,
    pub authority_bump: u8,
    /// Governed parameter 7 `revealPeriod` (seconds).
    pub reveal_period: i64,
}
