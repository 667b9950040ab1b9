use anchor_lang::prelude::*;
use anchor_spl::token::{Token, TokenAccount};

use crate::constants::*;
use crate::errors::StakingError;
use crate::events::Withdrawn;
use crate::instructions::vault::transfer_from_vault;
use crate::state::{Provider, StakingConfig};

#[derive(Accounts)]
pub struct Withdraw<'info> {
    pub authority: Signer<'info>,
    #[account(seeds = [STAKING_CONFIG_SEED], bump = config.bump)]
    pub config: Account<'info, StakingConfig>,
    /// CHECK: provider record PDA, loaded by `Provider::load`.
    #[account(mut, seeds = [PROVIDER_SEED, authority.key().as_ref()], bump)]
    pub provider: UncheckedAccount<'info>,
    #[account(mut, address = config.vault)]
    pub vault: Account<'info, TokenAccount>,
    #[account(mut, token::mint = config.cal_mint)]
    pub to: Account<'info, TokenAccount>,
    pub token_program: Program<'info, Token>,
}

pub fn handler(ctx: Context<Withdraw>) -> Result<()> {
    let mut provider = Provider::load(&ctx.accounts.provider)?;
    let amount = provider.pending_unstake;
    require!(amount > 0, StakingError::StakingNoPendingUnstake);
    require!(Clock::get()?.unix_timestamp >= provider.unstake_available_at, StakingError::StakingUnbondingNotElapsed);
    provider.pending_unstake = 0;
    provider.store(&ctx.accounts.provider)?;

    let a = &ctx.accounts;
    transfer_from_vault(&a.token_program, &a.vault, &a.config, a.to.to_account_info(), amount)?;
    emit!(Withdrawn { provider: provider.authority, amount });
    Ok(())
}
