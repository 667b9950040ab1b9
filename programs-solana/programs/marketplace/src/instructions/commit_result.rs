//! `commit_result(commit)`: a replica commits `keccak256(resultHash ‖ salt ‖ provider)` (DESIGN §5.2).
use anchor_lang::prelude::*;

use crate::constants::*;
use crate::errors::MarketplaceError;
use crate::events::ResultCommitted;
use crate::state::{replica_state, MarketplaceConfig, Task, TaskStatus};

#[derive(Accounts)]
pub struct CommitResult<'info> {
    pub provider: Signer<'info>,
    #[account(seeds = [MARKETPLACE_CONFIG_SEED], bump = config.bump)]
    pub config: Box<Account<'info, MarketplaceConfig>>,
    #[account(mut, seeds = [TASK_SEED, &task.id.to_le_bytes()], bump = task.bump)]
    pub task: Box<Account<'info, Task>>,
}

impl CommitResult<'_> {
    /// CONVENTIONS "Commit", in the order of core's `TaskModel`: pause, a replicated task, Assigned, the caller a
    /// replica, not past the deadline, not yet committed. Returns the caller's replica index.
    pub fn validate(&self, now: i64) -> Result<usize> {
        require!(!self.config.paused, MarketplaceError::EnforcedPause);
        let task = &self.task;
        require!(task.is_replicated(), MarketplaceError::MarketplaceNotReplicated);
        require!(task.status == TaskStatus::Assigned, MarketplaceError::MarketplaceTaskNotAssigned);
        let index = task.replica_index(&self.provider.key()).ok_or(MarketplaceError::MarketplaceNotTaskProvider)?;
        require!(now <= task.deadline, MarketplaceError::MarketplaceDeadlinePassed);
        require!(
            task.replica_records[index].state == replica_state::ACCEPTED,
            MarketplaceError::MarketplaceAlreadyCommitted
        );
        Ok(index)
    }
}

/// Records the replica's commit; the k-th commit opens the reveal window until `now + revealPeriod`.
pub fn handler(ctx: Context<CommitResult>, commit: [u8; 32]) -> Result<()> {
    let now = Clock::get()?.unix_timestamp;
    let index = ctx.accounts.validate(now)?;
    let reveal_period = ctx.accounts.config.reveal_period;
    let task = &mut ctx.accounts.task;
    let replica = &mut task.replica_records[index];
    replica.commit = commit;
    replica.state = replica_state::COMMITTED;
    let provider = replica.provider;
    if task.count_at_least(replica_state::COMMITTED) == usize::from(task.replicas) {
        task.reveal_end = now.checked_add(reveal_period).ok_or(MarketplaceError::ArithmeticOverflow)?;
    }
    emit!(ResultCommitted { task_id: task.id, provider, commit });
    Ok(())
}
