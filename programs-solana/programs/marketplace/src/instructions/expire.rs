use anchor_lang::prelude::*;
use anchor_spl::token::{Token, TokenAccount};
use staking::program::Staking;
use staking::state::StakingConfig;

use crate::constants::*;
use crate::errors::MarketplaceError;
use crate::events::TaskExpired;
use crate::instructions::settlement::settle;
use crate::state::{MarketplaceConfig, Task, TaskStatus};

#[derive(Accounts)]
pub struct Expire<'info> {
    #[account(seeds = [MARKETPLACE_CONFIG_SEED], bump = config.bump)]
    pub config: Box<Account<'info, MarketplaceConfig>>,
    /// CHECK: signer PDA of this program.
    #[account(seeds = [MARKETPLACE_AUTHORITY_SEED], bump = config.authority_bump)]
    pub authority: UncheckedAccount<'info>,
    #[account(mut, seeds = [TASK_SEED, &task.id.to_le_bytes()], bump = task.bump)]
    pub task: Box<Account<'info, Task>>,
    #[account(mut, address = config.escrow)]
    pub escrow: Box<Account<'info, TokenAccount>>,
    #[account(mut, token::mint = config.cal_mint, token::authority = task.user)]
    pub user_token: Box<Account<'info, TokenAccount>>,
    #[account(mut, address = config.treasury)]
    pub treasury_token: Box<Account<'info, TokenAccount>>,
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
    /// CHECK: the staking vault, checked by the staking program.
    #[account(mut, address = staking_config.vault)]
    pub staking_vault: UncheckedAccount<'info>,
    pub staking_program: Program<'info, Staking>,
    pub token_program: Program<'info, Token>,
}

pub fn handler(ctx: Context<Expire>) -> Result<()> {
    let task = &mut ctx.accounts.task;
    require!(!task.is_replicated(), MarketplaceError::MarketplaceReplicated);
    require!(task.status == TaskStatus::Assigned, MarketplaceError::MarketplaceTaskNotAssigned);
    require!(Clock::get()?.unix_timestamp > task.deadline, MarketplaceError::MarketplaceDeadlineNotPassed);
    task.status = TaskStatus::Refunded;
    emit!(TaskExpired { task_id: task.id });

    settle!(refund_and_slash, ctx.accounts)
}
