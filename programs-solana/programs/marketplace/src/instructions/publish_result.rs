//! `publish_result(result_cid)`: the classic task's provider or a replica records where it put the encrypted result,
//! the sha2-256 digest of the result's CIDv1 (raw) (DESIGN §5.3, CONVENTIONS "Result delivery"). No funds move, so
//! the pause does not stop it.
use anchor_lang::prelude::*;

use crate::constants::*;
use crate::errors::MarketplaceError;
use crate::events::ResultPublished;
use crate::state::{Task, TaskStatus};

#[derive(Accounts)]
pub struct PublishResult<'info> {
    pub provider: Signer<'info>,
    /// An unknown task id names a PDA that holds no task: Anchor refuses it (AccountNotInitialized), which the SDK
    /// reads as `MarketplaceTaskNotFound` — the first check, as on every chain.
    #[account(mut, seeds = [TASK_SEED, &task.id.to_le_bytes()], bump = task.bump)]
    pub task: Box<Account<'info, Task>>,
}

/// Where a published CID is stored: the classic task's own field, or the caller's replica record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ResultSlot {
    Classic,
    Replica(usize),
}

impl PublishResult<'_> {
    /// CONVENTIONS "Result delivery", in order (after the task exists): the caller is the classic task's provider or
    /// one of its replicas, the task is Assigned, Submitted, Disputed or Completed, the CID is non-zero. No pause check.
    pub fn validate(&self, result_cid: &[u8; 32]) -> Result<ResultSlot> {
        let task = &self.task;
        let caller = self.provider.key();
        let slot = if task.is_replicated() {
            task.replica_index(&caller).map(ResultSlot::Replica)
        } else {
            (task.provider == caller).then_some(ResultSlot::Classic)
        }
        .ok_or(MarketplaceError::MarketplaceNotTaskProvider)?;
        require!(
            matches!(
                task.status,
                TaskStatus::Assigned | TaskStatus::Submitted | TaskStatus::Disputed | TaskStatus::Completed
            ),
            MarketplaceError::MarketplaceTaskNotAssigned
        );
        require!(*result_cid != [0u8; 32], MarketplaceError::MarketplaceInvalidResultCid);
        Ok(slot)
    }
}

/// Stores the caller's result CID digest (a later call replaces it) and emits `ResultPublished`.
pub fn handler(ctx: Context<PublishResult>, result_cid: [u8; 32]) -> Result<()> {
    let slot = ctx.accounts.validate(&result_cid)?;
    let provider = ctx.accounts.provider.key();
    let task = &mut ctx.accounts.task;
    match slot {
        ResultSlot::Classic => task.result_cid = result_cid,
        ResultSlot::Replica(index) => task.replica_records[index].result_cid = result_cid,
    }
    emit!(ResultPublished { task_id: task.id, provider, result_cid });
    Ok(())
}
