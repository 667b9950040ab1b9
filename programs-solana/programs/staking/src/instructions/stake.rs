use anchor_lang::prelude::*;
use anchor_spl::token::{self, Token, TokenAccount, Transfer};

use crate::constants::*;
use crate::errors::StakingError;
use crate::events::Staked;
use crate::state::{Provider, StakingConfig};

#[derive(Accounts)]
pub struct Stake<'info> {
    pub authority: Signer<'info>,
    #[account(seeds = [STAKING_CONFIG_SEED], bump = config.bump)]
    pub config: Account<'info, StakingConfig>,
    /// CHECK: the provider record PDA; loaded by `Provider::load` (owner + discriminator),
    /// so that an unregistered provider yields `StakingNotRegistered`.
    #[account(mut, seeds = [PROVIDER_SEED, authority.key().as_ref()], bump)]
    pub provider: UncheckedAccount<'info>,
    #[account(mut, token::mint = config.cal_mint, token::authority = authority)]
    pub from: Account<'info, TokenAccount>,
    #[account(mut, address = config.vault)]
    pub vault: Account<'info, TokenAccount>,
    pub token_program: Program<'info, Token>,
}

pub fn handler(ctx: Context<Stake>, amount: u64) -> Result<()> {
    require!(amount > 0, StakingError::StakingZeroAmount);
    let mut provider = Provider::load(&ctx.accounts.provider)?;
    provider.staked = provider.staked.checked_add(amount).ok_or(StakingError::ArithmeticOverflow)?;
    provider.store(&ctx.accounts.provider)?;

    token::transfer(
        CpiContext::new(
            ctx.accounts.token_program.to_account_info(),
            Transfer {
                from: ctx.accounts.from.to_account_info(),
                to: ctx.accounts.vault.to_account_info(),
                authority: ctx.accounts.authority.to_account_info(),
            },
        ),
        amount,
    )?;
    emit!(Staked { provider: provider.authority, amount, staked: provider.staked });
    Ok(())
}
