use anchor_lang::prelude::*;

use crate::constants::*;
use crate::errors::StakingError;
use crate::events::PowerClaimDeclared;
use crate::state::{PowerRecord, Provider};

#[derive(Accounts)]
pub struct DeclareRate<'info> {
    #[account(mut)]
    pub authority: Signer<'info>,
    /// CHECK: the caller's staking record PDA, loaded by `Provider::load` (`PowerNotProvider` when absent).
    #[account(seeds = [PROVIDER_SEED, authority.key().as_ref()], bump)]
    pub provider: UncheckedAccount<'info>,
    #[account(
        init_if_needed,
        payer = authority,
        space = 8 + PowerRecord::INIT_SPACE,
        seeds = [POWER_SEED, authority.key().as_ref()],
        bump
    )]
    pub power_record: Account<'info, PowerRecord>,
    pub system_program: Program<'info, System>,
}

impl DeclareRate<'_> {
    /// Check order (CONVENTIONS): a zero claim, not a registered provider, an open challenge.
    pub fn validate(&self, claimed_rate: u64) -> Result<()> {
        require!(claimed_rate > 0, StakingError::PowerZeroClaim);
        if Provider::load(&self.provider).is_err() {
            return err!(StakingError::PowerNotProvider);
        }
        if self.power_record.open_challenge != 0 {
            return Err(error!(StakingError::PowerChallengeOpen).with_values((self.power_record.open_challenge, 0)));
        }
        Ok(())
    }
}

/// `declareRate(claimedRate)`: sets the claim and resets `powerPassed` and `failuresInRow` (`powerFailed` stays).
pub fn handler(ctx: Context<DeclareRate>, claimed_rate: u64) -> Result<()> {
    ctx.accounts.validate(claimed_rate)?;
    let authority = ctx.accounts.authority.key();
    let record = &mut ctx.accounts.power_record;
    if record.provider == Pubkey::default() {
        record.provider = authority;
        record.bump = ctx.bumps.power_record;
    }
    record.claimed_rate = claimed_rate;
    record.power_passed = 0;
    record.failures_in_row = 0;
    emit!(PowerClaimDeclared { provider: authority, claimed_rate });
    Ok(())
}
