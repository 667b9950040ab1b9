use anchor_lang::prelude::*;

use crate::constants::*;
use crate::errors::StakingError;
use crate::events::CollateralLocked;
use crate::state::{Provider, StakingConfig};

/// Accounts shared by the marketplace-only instructions: the caller is verified by the
/// marketplace program's signer PDA, which only that program can sign for (via CPI).
#[derive(Accounts)]
pub struct MarketplaceOnly<'info> {
    #[account(
        constraint = marketplace_authority.key() == config.slasher @ StakingError::StakingUnauthorizedSlasher
    )]
    pub marketplace_authority: Signer<'info>,
    #[account(seeds = [STAKING_CONFIG_SEED], bump = config.bump)]
    pub config: Account<'info, StakingConfig>,
    /// CHECK: provider record, loaded by `Provider::load` (owner = this program + discriminator).
    #[account(mut)]
    pub provider: UncheckedAccount<'info>,
}

pub fn handler(ctx: Context<MarketplaceOnly>, amount: u64) -> Result<()> {
    let mut provider = Provider::load(&ctx.accounts.provider)?;
    require!(amount <= provider.free_stake()?, StakingError::StakingInsufficientFreeStake);
    provider.locked = provider.locked.checked_add(amount).ok_or(StakingError::ArithmeticOverflow)?;
    provider.store(&ctx.accounts.provider)?;
    emit!(CollateralLocked { provider: provider.authority, amount, locked: provider.locked });
    Ok(())
}
