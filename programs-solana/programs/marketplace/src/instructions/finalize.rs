use anchor_lang::prelude::*;
use anchor_spl::token::{Token, TokenAccount};
use staking::program::Staking;
use staking::state::StakingConfig;

use crate::constants::*;
use crate::errors::MarketplaceError;
use crate::instructions::settlement::settle;
use crate::state::{MarketplaceConfig, Task, TaskStatus};

/// Accounts of a payout (finalize, and resolve in the provider's favour).
#[derive(Accounts)]
pub struct Finalize<'info> {
    #[account(seeds = [MARKETPLACE_CONFIG_SEED], bump = config.bump)]
    pub config: Box<Account<'info, MarketplaceConfig>>,
    /// CHECK: signer PDA of this program.
    #[account(seeds = [MARKETPLACE_AUTHORITY_SEED], bump = config.authority_bump)]
    pub authority: UncheckedAccount<'info>,
    #[account(mut, seeds = [TASK_SEED, &task.id.to_le_bytes()], bump = task.bump)]
    pub task: Box<Account<'info, Task>>,
    #[account(mut, address = config.escrow)]
    pub escrow: Box<Account<'info, TokenAccount>>,
    #[account(mut, token::mint = config.cal_mint, token::authority = task.provider)]
    pub provider_token: Box<Account<'info, TokenAccount>>,
    #[account(mut, address = config.treasury)]
    pub treasury_token: Box<Account<'info, TokenAccount>>,
    #[account(mut, token::mint = config.cal_mint, token::authority = task.model_creator.unwrap_or_default())]
    pub creator_token: Option<Box<Account<'info, TokenAccount>>>,
    /// CHECK: the provider's staking record, checked by the staking program.
    #[account(
        mut,
        seeds = [staking::constants::PROVIDER_SEED, task.provider.as_ref()],
        bump,
        seeds::program = staking::ID
    )]
    pub provider_record: UncheckedAccount<'info>,
    #[account(seeds = [staking::constants::STAKING_CONFIG_SEED], bump = staking_config.bump, seeds::program = staking::ID)]
    pub staking_config: Box<Account<'info, StakingConfig>>,
    pub staking_program: Program<'info, Staking>,
    pub token_program: Program<'info, Token>,
    /// The user's CAL account, for `reward - price` (needed when the locked price is below the reward).
    #[account(mut, token::mint = config.cal_mint, token::authority = task.user)]
    pub user_token: Option<Box<Account<'info, TokenAccount>>>,
}

pub fn handler(ctx: Context<Finalize>) -> Result<()> {
    let now = Clock::get()?.unix_timestamp;
    let task = &mut ctx.accounts.task;
    require!(!task.is_replicated(), MarketplaceError::MarketplaceReplicated);
    require!(task.status == TaskStatus::Submitted, MarketplaceError::MarketplaceTaskNotSubmitted);
    require!(now >= task.challenge_ends_at, MarketplaceError::MarketplaceChallengePeriodActive);
    task.status = TaskStatus::Completed;

    let user_token = ctx.accounts.user_token.as_ref().map(|u| u.to_account_info());
    settle!(pay_out, ctx.accounts, user_token)
}
