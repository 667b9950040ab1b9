use anchor_lang::prelude::*;
use anchor_spl::token::{self, Token, TokenAccount, Transfer};

use crate::constants::*;
use crate::errors::GovernanceError;
use crate::state::{GovernanceConfig, Voter};

#[derive(Accounts)]
pub struct Deposit<'info> {
    #[account(mut)]
    pub owner: Signer<'info>,
    #[account(seeds = [GOVERNANCE_SEED], bump = config.bump)]
    pub config: Box<Account<'info, GovernanceConfig>>,
    #[account(
        init_if_needed,
        payer = owner,
        space = 8 + Voter::INIT_SPACE,
        seeds = [VOTER_SEED, owner.key().as_ref()],
        bump
    )]
    pub voter: Box<Account<'info, Voter>>,
    #[account(mut, token::mint = config.cal_mint, token::authority = owner)]
    pub from: Box<Account<'info, TokenAccount>>,
    #[account(mut, address = config.vault)]
    pub vault: Box<Account<'info, TokenAccount>>,
    pub token_program: Program<'info, Token>,
    pub system_program: Program<'info, System>,
}

/// Deposits CAL in the vault: the voter's weight for every proposal whose snapshot is from now on.
pub fn handler(ctx: Context<Deposit>, amount: u64) -> Result<()> {
    require!(amount > 0, GovernanceError::GovernanceZeroAmount);
    let now = Clock::get()?.unix_timestamp;
    let voter = &mut ctx.accounts.voter;
    voter.owner = ctx.accounts.owner.key();
    voter.bump = ctx.bumps.voter;
    let total = voter.amount.checked_add(amount).ok_or(GovernanceError::ArithmeticOverflow)?;
    voter.record(now, total);
    token::transfer(
        CpiContext::new(
            ctx.accounts.token_program.to_account_info(),
            Transfer {
                from: ctx.accounts.from.to_account_info(),
                to: ctx.accounts.vault.to_account_info(),
                authority: ctx.accounts.owner.to_account_info(),
            },
        ),
        amount,
    )
}
