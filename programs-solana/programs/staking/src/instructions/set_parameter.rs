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
/// (`StakingParameterOutOfBounds`); the power registry's 8 `responseWindow`, 9 `powerNonces`, 10 `powerCooldown`,
/// 11 `maxPowerFailures`, 12 `powerSlashBps`, 13 `validatorFee`, 14 `validatorBudget` (`PowerParameterOutOfBounds`);
/// any other id is `GovernanceUnknownParameter`.
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
        PARAM_RESPONSE_WINDOW => {
            config.power.response_window = power_bounds(param_id, value, MIN_RESPONSE_WINDOW, MAX_RESPONSE_WINDOW)?;
            "responseWindow"
        }
        PARAM_POWER_NONCES => {
            let v = power_bounds(param_id, value, MIN_POWER_NONCES.into(), MAX_POWER_NONCES.into())?;
            config.power.power_nonces = v as u8;
            "powerNonces"
        }
        PARAM_POWER_COOLDOWN => {
            config.power.power_cooldown = power_bounds(param_id, value, MIN_POWER_COOLDOWN, MAX_POWER_COOLDOWN)?;
            "powerCooldown"
        }
        PARAM_MAX_POWER_FAILURES => {
            let v = power_bounds(param_id, value, MIN_MAX_POWER_FAILURES.into(), MAX_MAX_POWER_FAILURES.into())?;
            config.power.max_power_failures = v as u8;
            "maxPowerFailures"
        }
        PARAM_POWER_SLASH_BPS => {
            let v = power_bounds(param_id, value, MIN_POWER_SLASH_BPS.into(), MAX_POWER_SLASH_BPS.into())?;
            config.power.power_slash_bps = v as u16;
            "powerSlashBps"
        }
        PARAM_VALIDATOR_FEE => {
            config.power.validator_fee = power_bounds(param_id, value, MIN_VALIDATOR_FEE, MAX_VALIDATOR_FEE)?;
            "validatorFee"
        }
        PARAM_VALIDATOR_BUDGET => {
            config.validator_budget = power_bounds(param_id, value, MIN_VALIDATOR_BUDGET, MAX_VALIDATOR_BUDGET)?;
            "validatorBudget"
        }
        _ => return Err(error!(StakingError::GovernanceUnknownParameter).with_values((param_id, value))),
    };
    emit!(ParameterUpdated { parameter: name.to_string(), value });
    Ok(())
}

/// `value` when `min <= value <= max`, else `PowerParameterOutOfBounds`.
fn power_bounds(param_id: u16, value: u64, min: u64, max: u64) -> Result<u64> {
    if !(min..=max).contains(&value) {
        return Err(error!(StakingError::PowerParameterOutOfBounds).with_values((param_id, value)));
    }
    Ok(value)
}
