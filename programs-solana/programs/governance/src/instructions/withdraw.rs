use anchor_lang::prelude::*;
use anchor_spl::token::{self, Token, TokenAccount, Transfer};

use crate::constants::*;
use crate::errors::GovernanceError;
use crate::state::{GovernanceConfig, Voter};

#[derive(Accounts)]
pub struct Withdraw<'info> {
    pub owner: Signer<'info>,
    #[account(seeds = [GOVERNANCE_SEED], bump = config.bump)]
    pub config: Box<Account<'info, GovernanceConfig>>,
    #[account(mut, seeds = [VOTER_SEED, owner.key().as_ref()], bump = voter.bump, has_one = owner)]
    pub voter: Box<Account<'info, Voter>>,
    #[account(mut, token::mint = config.cal_mint)]
    pub to: Box<Account<'info, TokenAccount>>,
    #[account(mut, address = config.vault)]
    pub vault: Box<Account<'info, TokenAccount>>,
    pub token_program: Program<'info, Token>,
}

/// Withdraws deposited CAL at any time: weights already taken at past snapshots are kept (the
/// checkpoint history), and from now on the voter weighs less.
pub fn handler(ctx: Context<Withdraw>, amount: u64) -> Result<()> {
    require!(amount > 0, GovernanceError::GovernanceZeroAmount);
    let now = Clock::get()?.unix_timestamp;
    let voter = &mut ctx.accounts.voter;
    let left = voter.amount.checked_sub(amount).ok_or(GovernanceError::ArithmeticOverflow)?;
    voter.record(now, left);
    let seeds: &[&[u8]] = &[GOVERNANCE_SEED, &[ctx.accounts.config.bump]];
    token::transfer(
        CpiContext::new_with_signer(
            ctx.accounts.token_program.to_account_info(),
            Transfer {
                from: ctx.accounts.vault.to_account_info(),
                to: ctx.accounts.to.to_account_info(),
                authority: ctx.accounts.config.to_account_info(),
            },
            &[seeds],
        ),
        amount,
    )
}
