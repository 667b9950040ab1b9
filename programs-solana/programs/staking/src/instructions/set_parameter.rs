use anchor_lang::prelude::*;

use crate::constants::*;
use crate::errors::StakingError;
use crate::events::ParameterUpdated;
use crate::state::StakingConfig;

#[derive(Accounts)]
pub struct SetParameter<'info> {
    #[account(constraint = admin.key() == config.admin @ StakingError::GovernorOnlyExecutor)]
    pub admin: Signer<'info>,
    #[account(mut, seeds = [STAKING_CONFIG_SEED], bump = config.bump)]
    pub config: Account<'info, StakingConfig>,
}

/// The governance setter of the parameters staking owns (CONVENTIONS parameter table):
/// 1 `minStake` (CAL base units), 2 `unbondingPeriod` (seconds), each within its inclusive bounds
/// (`StakingParameterOutOfBounds`); any other id is `GovernanceUnknownParameter`.
pub fn handler(ctx: Context<SetParameter>, param_id: u16, value: u64) -> Result<()> {
    let config = &mut ctx.accounts.config;
    let name = match param_id {
        PARAM_MIN_STAKE => {
            if !(MIN_MIN_STAKE..=MAX_MIN_STAKE).contains(&value) {
                return Err(error!(StakingError::StakingParameterOutOfBounds).with_values((param_id, value)));
            }
            config.min_stake = value;
            "minStake"
        }
        PARAM_UNBONDING_PERIOD => {
            let period = i64::try_from(value).unwrap_or(i64::MAX);
            if !(MIN_UNBONDING_PERIOD..=MAX_UNBONDING_PERIOD).contains(&period) {
                return Err(error!(StakingError::StakingParameterOutOfBounds).with_values((param_id, value)));
            }
            config.unbonding_period = period;
            "unbondingPeriod"
        }
        _ => return Err(error!(StakingError::GovernanceUnknownParameter).with_values((param_id, value))),
    };
    emit!(ParameterUpdated { parameter: name.to_string(), value });
    Ok(())
}
