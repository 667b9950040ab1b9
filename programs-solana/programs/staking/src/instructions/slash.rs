use anchor_lang::prelude::*;
use anchor_spl::token::{Token, TokenAccount};

use crate::constants::*;
use crate::errors::StakingError;
use crate::events::{CollateralUnlocked, ProviderSlashed};
use crate::instructions::vault::transfer_from_vault;
use crate::math::slash_split;
use crate::state::{Provider, StakingConfig};

#[derive(Accounts)]
pub struct Slash<'info> {
    #[account(
        constraint = marketplace_authority.key() == config.slasher @ StakingError::StakingUnauthorizedSlasher
    )]
    pub marketplace_authority: Signer<'info>,
    #[account(seeds = [STAKING_CONFIG_SEED], bump = config.bump)]
    pub config: Account<'info, StakingConfig>,
    /// CHECK: provider record, loaded by `Provider::load`.
    #[account(mut)]
    pub provider: UncheckedAccount<'info>,
    #[account(mut, address = config.vault)]
    pub vault: Account<'info, TokenAccount>,
    /// The task user's CAL account (chosen by the marketplace).
    #[account(mut, token::mint = config.cal_mint)]
    pub user_token: Account<'info, TokenAccount>,
    /// The treasury's CAL account (chosen by the marketplace).
    #[account(mut, token::mint = config.cal_mint)]
    pub treasury_token: Account<'info, TokenAccount>,
    pub token_program: Program<'info, Token>,
}

/// Slashes `slash_bps` of `collateral` (which must be locked): half to the user, half to the
/// treasury, the rest unlocked; `failed += 1`, `slashed_total += slashed`.
pub fn handler(ctx: Context<Slash>, collateral: u64, slash_bps: u16) -> Result<()> {
    let (slashed, to_user, to_treasury, _unlocked) =
        slash_split(collateral, slash_bps).ok_or(StakingError::StakingParameterOutOfBounds)?;
    let mut provider = Provider::load(&ctx.accounts.provider)?;
    provider.locked = provider.locked.checked_sub(collateral).ok_or(StakingError::ArithmeticOverflow)?;
    provider.staked = provider.staked.checked_sub(slashed).ok_or(StakingError::ArithmeticOverflow)?;
    provider.failed = provider.failed.checked_add(1).ok_or(StakingError::ArithmeticOverflow)?;
    provider.slashed_total = provider.slashed_total.checked_add(slashed).ok_or(StakingError::ArithmeticOverflow)?;
    provider.store(&ctx.accounts.provider)?;

    let a = &ctx.accounts;
    for (to, amount) in [(a.user_token.to_account_info(), to_user), (a.treasury_token.to_account_info(), to_treasury)] {
        if amount == 0 {
            continue;
        }
        transfer_from_vault(&a.token_program, &a.vault, &a.config, to, amount)?;
    }
    emit!(ProviderSlashed { provider: provider.authority, slashed, to_user, to_treasury });
    emit!(CollateralUnlocked { provider: provider.authority, amount: collateral - slashed, locked: provider.locked });
    Ok(())
}
