use anchor_lang::prelude::*;
use anchor_spl::token::{Mint, Token, TokenAccount};

use crate::constants::*;
use crate::errors::StakingError;
use crate::state::{PowerParameters, StakingConfig};

#[derive(Accounts)]
pub struct Initialize<'info> {
    #[account(mut)]
    pub payer: Signer<'info>,
    #[account(
        init,
        payer = payer,
        space = 8 + StakingConfig::INIT_SPACE,
        seeds = [STAKING_CONFIG_SEED],
        bump
    )]
    pub config: Account<'info, StakingConfig>,
    #[account(constraint = cal_mint.decimals == CAL_DECIMALS @ StakingError::StakingParameterOutOfBounds)]
    pub cal_mint: Account<'info, Mint>,
    #[account(
        init,
        payer = payer,
        seeds = [STAKE_VAULT_SEED],
        bump,
        token::mint = cal_mint,
        token::authority = config
    )]
    pub vault: Account<'info, TokenAccount>,
    /// The power registry's vault (validator budget and fees owed), authority = config.
    #[account(
        init,
        payer = payer,
        seeds = [POWER_VAULT_SEED],
        bump,
        token::mint = cal_mint,
        token::authority = config
    )]
    pub power_vault: Account<'info, TokenAccount>,
    pub token_program: Program<'info, Token>,
    pub system_program: Program<'info, System>,
}

/// One-time set-up. `admin` is the governance PDA; `marketplace_program` determines the only
/// signer PDA allowed to lock, unlock and slash collateral, and the config PDA whose treasury receives the treasury
/// half of a power slash. The power parameters start at their defaults (CONVENTIONS parameter table).
pub fn handler(ctx: Context<Initialize>, admin: Pubkey, marketplace_program: Pubkey) -> Result<()> {
    require_keys_neq!(admin, Pubkey::default(), StakingError::StakingParameterOutOfBounds);
    let (slasher, _) = Pubkey::find_program_address(&[MARKETPLACE_AUTHORITY_SEED], &marketplace_program);
    let config = &mut ctx.accounts.config;
    config.admin = admin;
    config.cal_mint = ctx.accounts.cal_mint.key();
    config.vault = ctx.accounts.vault.key();
    config.slasher = slasher;
    config.min_stake = DEFAULT_MIN_STAKE;
    config.unbonding_period = DEFAULT_UNBONDING_PERIOD;
    config.bump = ctx.bumps.config;
    config.vault_bump = ctx.bumps.vault;
    config.marketplace_program = marketplace_program;
    config.marketplace_config = Pubkey::find_program_address(&[MARKETPLACE_CONFIG_SEED], &marketplace_program).0;
    config.power_vault = ctx.accounts.power_vault.key();
    config.power_vault_bump = ctx.bumps.power_vault;
    config.power = PowerParameters {
        response_window: DEFAULT_RESPONSE_WINDOW,
        power_nonces: DEFAULT_POWER_NONCES,
        power_cooldown: DEFAULT_POWER_COOLDOWN,
        max_power_failures: DEFAULT_MAX_POWER_FAILURES,
        power_slash_bps: DEFAULT_POWER_SLASH_BPS,
        validator_fee: DEFAULT_VALIDATOR_FEE,
    };
    config.validator_budget = DEFAULT_VALIDATOR_BUDGET;
    config.funded_budget = 0;
    config.challenge_count = 0;
    Ok(())
}
