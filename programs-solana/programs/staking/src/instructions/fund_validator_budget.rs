use anchor_lang::prelude::*;
use anchor_spl::token::{self, Token, TokenAccount, Transfer};

use crate::constants::*;
use crate::errors::StakingError;
use crate::events::ValidatorBudgetFunded;
use crate::state::StakingConfig;

#[derive(Accounts)]
pub struct FundValidatorBudget<'info> {
    pub funder: Signer<'info>,
    #[account(mut, seeds = [STAKING_CONFIG_SEED], bump = config.bump)]
    pub config: Account<'info, StakingConfig>,
    #[account(mut, token::mint = config.cal_mint, token::authority = funder)]
    pub from: Account<'info, TokenAccount>,
    #[account(mut, address = config.power_vault)]
    pub power_vault: Account<'info, TokenAccount>,
    pub token_program: Program<'info, Token>,
}

impl FundValidatorBudget<'_> {
    /// `fundValidatorBudget(0)` → `PowerZeroAmount`.
    pub fn validate(&self, amount: u64) -> Result<()> {
        require!(amount > 0, StakingError::PowerZeroAmount);
        Ok(())
    }
}

/// `fundValidatorBudget(amount)`: anyone (normally the treasury) moves CAL into the power vault for validator fees.
pub fn handler(ctx: Context<FundValidatorBudget>, amount: u64) -> Result<()> {
    ctx.accounts.validate(amount)?;
    let config = &mut ctx.accounts.config;
    config.funded_budget = config.funded_budget.checked_add(amount).ok_or(StakingError::ArithmeticOverflow)?;
    let a = &ctx.accounts;
    token::transfer(
        CpiContext::new(
            a.token_program.to_account_info(),
            Transfer {
                from: a.from.to_account_info(),
                to: a.power_vault.to_account_info(),
                authority: a.funder.to_account_info(),
            },
        ),
        amount,
    )?;
    emit!(ValidatorBudgetFunded { from: a.funder.key(), amount });
    Ok(())
}
