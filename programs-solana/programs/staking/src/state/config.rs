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
    /// The marketplace program and its config PDA (whose treasury receives the treasury half of a power slash).
    pub marketplace_program: Pubkey,
    pub marketplace_config: Pubkey,
    /// The power registry's CAL vault (`[POWER_VAULT_SEED]`): `funded_budget` plus every validator's fees owed.
    pub power_vault: Pubkey,
    pub power_vault_bump: u8,
    /// The governed power parameters (ids 8..13).
    pub power: PowerParameters,
    /// Governed parameter 14: the remaining allowance for validator fees (CAL base units).
    pub validator_budget: u64,
    /// CAL transferred in by `fund_validator_budget` and not yet owed to a validator.
    pub funded_budget: u64,
    /// Challenges opened so far; ids start at 1.
    pub challenge_count: u64,
}

/// The power registry's governed parameters (CONVENTIONS parameter table, ids 8..13).
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq, InitSpace)]
pub struct PowerParameters {
    /// 8 `responseWindow`, seconds.
    pub response_window: u64,
    /// 9 `powerNonces`, m.
    pub power_nonces: u8,
    /// 10 `powerCooldown`, seconds.
    pub power_cooldown: u64,
    /// 11 `maxPowerFailures`, failures in a row.
    pub max_power_failures: u8,
    /// 12 `powerSlashBps`, bps of the free stake.
    pub power_slash_bps: u16,
    /// 13 `validatorFee`, CAL base units.
    pub validator_fee: u64,
}
