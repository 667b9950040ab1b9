use anchor_lang::prelude::*;
use staking::program::Staking;
use staking::state::{Provider, StakingConfig};

use crate::constants::*;
use crate::errors::MarketplaceError;
use crate::events::TaskAccepted;
use crate::state::{MarketplaceConfig, Task, TaskStatus};

#[derive(Accounts)]
pub struct AcceptTask<'info> {
    pub provider: Signer<'info>,
    #[account(seeds = [MARKETPLACE_CONFIG_SEED], bump = config.bump)]
    pub config: Box<Account<'info, MarketplaceConfig>>,
    /// CHECK: signer PDA of this program (the staking slasher).
    #[account(seeds = [MARKETPLACE_AUTHORITY_SEED], bump = config.authority_bump)]
    pub authority: UncheckedAccount<'info>,
    #[account(mut, seeds = [TASK_SEED, &task.id.to_le_bytes()], bump = task.bump)]
    pub task: Box<Account<'info, Task>>,
    /// CHECK: the provider's staking record (PDA of the staking program), read with
    /// `Provider::load`, so that a missing record yields `StakingNotRegistered`.
    #[account(
        mut,
        seeds = [staking::constants::PROVIDER_SEED, provider.key().as_ref()],
        bump,
        seeds::program = staking::ID
    )]
    pub provider_record: UncheckedAccount<'info>,
    #[account(seeds = [staking::constants::STAKING_CONFIG_SEED], bump = staking_config.bump, seeds::program = staking::ID)]
    pub staking_config: Box<Account<'info, StakingConfig>>,
    pub staking_program: Program<'info, Staking>,
}

pub fn handler(ctx: Context<AcceptTask>) -> Result<()> {
    require!(!ctx.accounts.config.paused, MarketplaceError::EnforcedPause);
    let task = &mut ctx.accounts.task;
    require!(task.status == TaskStatus::Open, MarketplaceError::MarketplaceTaskNotOpen);
    require!(Clock::get()?.unix_timestamp <= task.deadline, MarketplaceError::MarketplaceDeadlinePassed);
    let record = Provider::load(&ctx.accounts.provider_record)?;
    require!(record.staked >= ctx.accounts.staking_config.min_stake, MarketplaceError::MarketplaceStakeBelowMinimum);
    require!(record.score_bps() >= task.min_reputation_bps as u64, MarketplaceError::MarketplaceReputationTooLow);
    task.provider = ctx.accounts.provider.key();
    task.status = TaskStatus::Assigned;

    let seeds: &[&[u8]] = &[MARKETPLACE_AUTHORITY_SEED, &[ctx.accounts.config.authority_bump]];
    staking::cpi::lock_collateral(
        CpiContext::new_with_signer(
            ctx.accounts.staking_program.to_account_info(),
            staking::cpi::accounts::MarketplaceOnly {
                marketplace_authority: ctx.accounts.authority.to_account_info(),
                config: ctx.accounts.staking_config.to_account_info(),
                provider: ctx.accounts.provider_record.to_account_info(),
            },
            &[seeds],
        ),
        task.collateral,
    )?;
    emit!(TaskAccepted { task_id: task.id, provider: task.provider });
    Ok(())
}
