use anchor_lang::prelude::*;
use anchor_spl::token::{Mint, Token, TokenAccount};

use crate::constants::*;
use crate::errors::GovernanceError;
use crate::state::{GovernanceConfig, GovernanceParams};

#[derive(Accounts)]
pub struct Initialize<'info> {
    #[account(mut)]
    pub payer: Signer<'info>,
    #[account(init, payer = payer, space = 8 + GovernanceConfig::INIT_SPACE, seeds = [GOVERNANCE_SEED], bump)]
    pub config: Box<Account<'info, GovernanceConfig>>,
    pub cal_mint: Box<Account<'info, Mint>>,
    #[account(
        init,
        payer = payer,
        seeds = [GOV_VAULT_SEED],
        bump,
        token::mint = cal_mint,
        token::authority = config
    )]
    pub vault: Box<Account<'info, TokenAccount>>,
    pub token_program: Program<'info, Token>,
    pub system_program: Program<'info, System>,
}

pub fn validate(p: &GovernanceParams) -> Result<()> {
    let ok = (MIN_VOTING_DELAY..=MAX_VOTING_DELAY).contains(&p.voting_delay)
        && (MIN_VOTING_PERIOD..=MAX_VOTING_PERIOD).contains(&p.voting_period)
        && (MIN_TIMELOCK_DELAY..=MAX_TIMELOCK_DELAY).contains(&p.timelock_delay)
        && (MIN_GRACE_PERIOD..=MAX_GRACE_PERIOD).contains(&p.grace_period)
        && p.quorum_votes > 0;
    require!(ok, GovernanceError::GovernanceInvalidAction);
    Ok(())
}

pub fn handler(ctx: Context<Initialize>, params: GovernanceParams) -> Result<()> {
    validate(&params)?;
    let config = &mut ctx.accounts.config;
    config.cal_mint = ctx.accounts.cal_mint.key();
    config.vault = ctx.accounts.vault.key();
    config.params = params;
    config.proposal_count = 0;
    config.bump = ctx.bumps.config;
    Ok(())
}
