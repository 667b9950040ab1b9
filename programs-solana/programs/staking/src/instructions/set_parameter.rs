use anchor_lang::prelude::*;

use crate::constants::*;
use crate::errors::StakingError;
use crate::events::ParameterUpdated;
use crate::state::StakingConfig;

#[derive(Accounts)]
pub struct SetParams<'info> {
    #[account(constraint = admin.key() == config.admin @ StakingError::GovernorOnlyExecutor)]
    pub admin: Signer<'info>,
    #[account(mut, seeds = [STAKING_CONFIG_SEED], bump = config.bump)]
    pub config: Account<'info, StakingConfig>,
}

/// Governance setter; every value is checked against its inclusive bounds.
pub fn handler(ctx: Context<SetParams>, min_stake: u64, unbonding_period: i64) -> Result<()> {
    require!((MIN_MIN_STAKE..=MAX_MIN_STAKE).contains(&min_stake), StakingError::StakingParameterOutOfBounds);
    require!(
        (MIN_UNBONDING_PERIOD..=MAX_UNBONDING_PERIOD).contains(&unbonding_period),
        StakingError::StakingParameterOutOfBounds
    );
    let config = &mut ctx.accounts.config;
    config.min_stake = min_stake;
    config.unbonding_period = unbonding_period;
    emit!(ParameterUpdated { parameter: "minStake".to_string(), value: min_stake });
    emit!(ParameterUpdated { parameter: "unbondingPeriod".to_string(), value: unbonding_period as u64 });
    Ok(())
}
