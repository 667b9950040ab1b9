use anchor_lang::prelude::*;
use anchor_spl::token::{Token, TokenAccount};

use crate::constants::*;
use crate::errors::StakingError;
use crate::events::FeesClaimed;
use crate::instructions::vault::transfer_from_vault;
use crate::state::{load_owned, store_owned, ComputeValidator, StakingConfig};

#[derive(Accounts)]
pub struct ClaimFees<'info> {
    pub authority: Signer<'info>,
    #[account(seeds = [STAKING_CONFIG_SEED], bump = config.bump)]
    pub config: Account<'info, StakingConfig>,
    /// CHECK: the caller's validator record PDA, loaded in `validate` (`PowerNothingToClaim` when absent).
    #[account(mut, seeds = [VALIDATOR_SEED, authority.key().as_ref()], bump)]
    pub validator: UncheckedAccount<'info>,
    #[account(mut, address = config.power_vault)]
    pub power_vault: Account<'info, TokenAccount>,
    #[account(mut, token::mint = config.cal_mint)]
    pub to: Account<'info, TokenAccount>,
    pub token_program: Program<'info, Token>,
}

impl ClaimFees<'_> {
    /// Nothing owed → `PowerNothingToClaim`.
    pub fn validate(&self) -> Result<ComputeValidator> {
        match load_owned::<ComputeValidator>(&self.validator) {
            Some(v) if v.fees_owed > 0 => Ok(v),
            _ => err!(StakingError::PowerNothingToClaim),
        }
    }
}

/// `claimFees()`: pays the caller's fees owed out of the power vault.
pub fn handler(ctx: Context<ClaimFees>) -> Result<()> {
    let mut validator = ctx.accounts.validate()?;
    let amount = validator.fees_owed;
    validator.fees_owed = 0;
    store_owned(&validator, &ctx.accounts.validator)?;
    let a = &ctx.accounts;
    transfer_from_vault(&a.token_program, &a.power_vault, &a.config, a.to.to_account_info(), amount)?;
    emit!(FeesClaimed { validator: validator.authority, amount });
    Ok(())
}
