use anchor_lang::prelude::*;

use crate::constants::*;
use crate::errors::MarketplaceError;
use crate::events::TaskDisputed;
use crate::state::{Task, TaskStatus};

#[derive(Accounts)]
pub struct Dispute<'info> {
    pub user: Signer<'info>,
    #[account(mut, seeds = [TASK_SEED, &task.id.to_le_bytes()], bump = task.bump)]
    pub task: Box<Account<'info, Task>>,
}

pub fn handler(ctx: Context<Dispute>) -> Result<()> {
    let task = &mut ctx.accounts.task;
    require!(!task.is_replicated(), MarketplaceError::MarketplaceReplicated);
    require_keys_eq!(ctx.accounts.user.key(), task.user, MarketplaceError::MarketplaceNotTaskUser);
    require!(task.status == TaskStatus::Submitted, MarketplaceError::MarketplaceTaskNotSubmitted);
    require!(Clock::get()?.unix_timestamp < task.challenge_ends_at, MarketplaceError::MarketplaceChallengePeriodOver);
    task.status = TaskStatus::Disputed;
    emit!(TaskDisputed { task_id: task.id });
    Ok(())
}
