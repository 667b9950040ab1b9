use anchor_lang::prelude::*;

use crate::constants::*;
use crate::errors::StakingError;
use crate::events::ValidatorRegistered;
use crate::instructions::power::require_stake;
use crate::state::{ComputeValidator, StakingConfig};

#[derive(Accounts)]
pub struct RegisterValidator<'info> {
    #[account(mut)]
    pub authority: Signer<'info>,
    #[account(seeds = [STAKING_CONFIG_SEED], bump = config.bump)]
    pub config: Account<'info, StakingConfig>,
    /// CHECK: the caller's staking record PDA (validators stake like providers); no record = no stake.
    #[account(seeds = [PROVIDER_SEED, authority.key().as_ref()], bump)]
    pub stake_record: UncheckedAccount<'info>,
    #[account(
        init_if_needed,
        payer = authority,
        space = 8 + ComputeValidator::INIT_SPACE,
        seeds = [VALIDATOR_SEED, authority.key().as_ref()],
        bump
    )]
    pub validator: Account<'info, ComputeValidator>,
    pub system_program: Program<'info, System>,
}

impl RegisterValidator<'_> {
    /// Check order (CONVENTIONS): already registered, then the active stake against `minStake`.
    pub fn validate(&self) -> Result<()> {
        require!(!self.validator.registered, StakingError::PowerAlreadyValidator);
        require_stake(&self.config, &self.stake_record)
    }
}

/// `registerValidator()`: the caller becomes a compute validator.
pub fn handler(ctx: Context<RegisterValidator>) -> Result<()> {
    ctx.accounts.validate()?;
    let authority = ctx.accounts.authority.key();
    let validator = &mut ctx.accounts.validator;
    validator.authority = authority;
    validator.registered = true;
    validator.bump = ctx.bumps.validator;
    emit!(ValidatorRegistered { validator: authority });
    Ok(())
}
