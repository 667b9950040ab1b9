use anchor_lang::prelude::*;

/// Global staking configuration. `admin` is the governance PDA (or, before hand-over, a deployer).
#[account]
#[derive(InitSpace)]
pub struct StakingConfig {
    pub admin: Pubkey,
    pub cal_mint: Pubkey,
    pub vault: Pubkey,
    /// The marketplace program's signer PDA: the only account allowed to lock/unlock/slash.
    pub slasher: Pubkey,
    pub min_stake: u64,
    pub unbonding_period: i64,
    pub bump: u8,
    pub vault_bump: u8,
}
