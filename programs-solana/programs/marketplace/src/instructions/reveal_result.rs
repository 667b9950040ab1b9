//! `reveal_result(result_hash, salt)`: a replica opens its commit (DESIGN §5.2).
use anchor_lang::prelude::*;

use crate::constants::*;
use crate::errors::MarketplaceError;
use crate::events::ResultRevealed;
use crate::math::replica_commit;
use crate::state::{replica_state, MarketplaceConfig, Task, TaskStatus};

#[derive(Accounts)]
pub struct RevealResult<'info> {
    pub provider: Signer<'info>,
    #[account(seeds = [MARKETPLACE_CONFIG_SEED], bump = config.bump)]
    pub config: Box<Account<'info, MarketplaceConfig>>,
    #[account(mut, seeds = [TASK_SEED, &task.id.to_le_bytes()], bump = task.bump)]
    pub task: Box<Account<'info, Task>>,
}

impl RevealResult<'_> {
    /// CONVENTIONS "Reveal", in the order of core's `TaskModel`: pause, a replicated task, Assigned, the caller a
    /// replica that committed and has not revealed, the window open (all k committed or past the deadline) and not over, the commit
    /// matching. Returns the caller's replica index.
    pub fn validate(&self, now: i64, result_hash: &[u8; 32], salt: &[u8; 32]) -> Result<usize> {
        require!(!self.config.paused, MarketplaceError::EnforcedPause);
        let task = &self.task;
        require!(task.is_replicated(), MarketplaceError::MarketplaceNotReplicated);
        require!(task.status == TaskStatus::Assigned, MarketplaceError::MarketplaceTaskNotAssigned);
        let provider = self.provider.key();
        let index = task.replica_index(&provider).ok_or(MarketplaceError::MarketplaceNotTaskProvider)?;
        let replica = &task.replica_records[index];
        require!(replica.state >= replica_state::COMMITTED, MarketplaceError::MarketplaceNotCommitted);
        require!(replica.state < replica_state::REVEALED, MarketplaceError::MarketplaceAlreadyRevealed);
        let all_committed = task.count_at_least(replica_state::COMMITTED) == usize::from(task.replicas);
        require!(all_committed || now > task.deadline, MarketplaceError::MarketplaceRevealNotOpen);
        let reveal_end =
            task.effective_reveal_end(self.config.reveal_period).ok_or(MarketplaceError::ArithmeticOverflow)?;
        require!(now <= reveal_end, MarketplaceError::MarketplaceRevealPeriodOver);
        require!(
            replica_commit(result_hash, salt, &provider) == replica.commit,
            MarketplaceError::MarketplaceCommitMismatch
        );
        Ok(index)
    }
}

/// Records the revealed result hash.
pub fn handler(ctx: Context<RevealResult>, result_hash: [u8; 32], salt: [u8; 32]) -> Result<()> {
    let now = Clock::get()?.unix_timestamp;
    let index = ctx.accounts.validate(now, &result_hash, &salt)?;
    let task = &mut ctx.accounts.task;
    let replica = &mut task.replica_records[index];
    replica.result_hash = result_hash;
    replica.state = replica_state::REVEALED;
    let provider = replica.provider;
    emit!(ResultRevealed { task_id: task.id, provider, result_hash });
    Ok(())
}
