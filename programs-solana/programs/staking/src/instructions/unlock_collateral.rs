use anchor_lang::prelude::*;

use crate::errors::StakingError;
use crate::events::CollateralUnlocked;
use crate::instructions::lock_collateral::MarketplaceOnly;
use crate::state::Provider;

/// Unlocks the collateral of a task that completed successfully and counts the completion
/// (`completed += 1`). The marketplace unlocks collateral only on completion; failures go
/// through `slash`, which unlocks the unslashed rest itself.
pub fn handler(ctx: Context<MarketplaceOnly>, amount: u64) -> Result<()> {
    let mut provider = Provider::load(&ctx.accounts.provider)?;
    provider.locked = provider.locked.checked_sub(amount).ok_or(StakingError::ArithmeticOverflow)?;
    provider.completed = provider.completed.checked_add(1).ok_or(StakingError::ArithmeticOverflow)?;
    provider.store(&ctx.accounts.provider)?;
    emit!(CollateralUnlocked { provider: provider.authority, amount, locked: provider.locked });
    Ok(())
}
