use anchor_lang::prelude::*;

use crate::constants::*;
use crate::errors::StakingError;
use crate::events::UnstakeRequested;
use crate::state::{Provider, StakingConfig};

#[derive(Accounts)]
pub struct RequestUnstake<'info> {
    pub authority: Signer<'info>,
    #[account(seeds = [STAKING_CONFIG_SEED], bump = config.bump)]
    pub config: Account<'info, StakingConfig>,
    /// CHECK: provider record PDA, loaded by `Provider::load`.
    #[account(mut, seeds = [PROVIDER_SEED, authority.key().as_ref()], bump)]
    pub provider: UncheckedAccount<'info>,
}

/// Moves `amount` of free stake into the unbonding queue. A new request restarts the
/// unbonding clock for the whole pending amount.
pub fn handler(ctx: Context<RequestUnstake>, amount: u64) -> Result<()> {
    require!(amount > 0, StakingError::StakingZeroAmount);
    let mut provider = Provider::load(&ctx.accounts.provider)?;
    require!(amount <= provider.free_stake()?, StakingError::StakingInsufficientFreeStake);
    let now = Clock::get()?.unix_timestamp;
    provider.staked = provider.staked.checked_sub(amount).ok_or(StakingError::ArithmeticOverflow)?;
    provider.pending_unstake = provider.pending_unstake.checked_add(amount).ok_or(StakingError::ArithmeticOverflow)?;
    provider.unstake_available_at =
        now.checked_add(ctx.accounts.config.unbonding_period).ok_or(StakingError::ArithmeticOverflow)?;
    provider.store(&ctx.accounts.provider)?;
    emit!(UnstakeRequested { provider: provider.authority, amount, available_at: provider.unstake_available_at });
    Ok(())
}
