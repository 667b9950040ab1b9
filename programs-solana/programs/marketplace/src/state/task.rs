use anchor_lang::prelude::*;

use crate::constants::REPLICA_SLOTS;

/// `TaskStatus` numbering shared by every chain (CONVENTIONS.md).
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq, InitSpace)]
#[repr(u8)]
pub enum TaskStatus {
    None = 0,
    Open = 1,
    Assigned = 2,
    Submitted = 3,
    Disputed = 4,
    Completed = 5,
    Cancelled = 6,
    Refunded = 7,
}

#[account]
#[derive(InitSpace)]
pub struct Task {
    pub id: u64,
    pub user: Pubkey,
    /// Field element < 2^248, big-endian.
    pub spec_hash: [u8; 32],
    pub reward: u64,
    pub collateral: u64,
    pub deadline: i64,
    /// 0 = optimistic, else a registered Groth16 verifier.
    pub verifier_id: u64,
    pub model_creator: Option<Pubkey>,
    pub min_reputation_bps: u16,
    pub provider: Pubkey,
    /// Field element < BN254 r, big-endian.
    pub result_commitment: [u8; 32],
    pub status: TaskStatus,
    pub submitted_at: i64,
    pub challenge_ends_at: i64,
    pub bump: u8,
    // ---- offer terms (DESIGN §5.1); a classic fixed-reward task has min_reward == reward, ramp_duration 0.
    pub min_reward: u64,
    pub ramp_start: u64,
    pub ramp_duration: u64,
    /// Accepting is refused after this time (unix seconds, <= deadline).
    pub lock_deadline: u64,
    /// 0: classic (one provider, submit_result); k in 1..=3: replicas by commit-reveal (DESIGN §5.2).
    pub replicas: u8,
    /// A classic task's locked price (0 before accept); replicas carry their own.
    pub price: u64,
    /// End of the reveal window, set by the k-th commit (0 before: the window then ends at deadline + revealPeriod).
    pub reveal_end: i64,
    /// The replicas in accept order; a record with state 0 is an empty slot.
    pub replica_records: [ReplicaRecord; REPLICA_SLOTS],
    /// Where a classic task's provider put the encrypted result: the sha2-256 digest of its CIDv1 (raw), set by
    /// `publish_result` (latest wins); zero until published. A replicated task's replicas publish on their records.
    pub result_cid: [u8; 32],
}

/// Bytes of a task account: the 8-byte discriminator and the task. Every task has this size, fixed at creation (a
/// new field grows it for fresh deployments only; accounts are never reallocated).
pub const TASK_ACCOUNT_SPACE: usize = 8 + Task::INIT_SPACE;

/// `ReplicaState` numbering shared by every chain; 0 marks an empty slot.
pub mod replica_state {
    pub const EMPTY: u8 = 0;
    pub const ACCEPTED: u8 = 1;
    pub const COMMITTED: u8 = 2;
    pub const REVEALED: u8 = 3;
}

/// One replica of a replicated task.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, Default, PartialEq, Eq, InitSpace)]
pub struct ReplicaRecord {
    pub provider: Pubkey,
    /// The price this replica locked at accept; its share is `price / k`.
    pub price: u64,
    /// 1 Accepted, 2 Committed, 3 Revealed (`replica_state`).
    pub state: u8,
    /// Zero until committed.
    pub commit: [u8; 32],
    /// Zero until revealed.
    pub result_hash: [u8; 32],
    /// This replica's published result CID digest (`publish_result`, latest wins); zero until published.
    pub result_cid: [u8; 32],
}

impl Task {
    pub fn is_replicated(&self) -> bool {
        self.replicas > 0
    }

    /// The replicas that accepted, in accept order.
    pub fn accepted(&self) -> &[ReplicaRecord] {
        let n = self.replica_records.iter().take_while(|r| r.state != replica_state::EMPTY).count();
        &self.replica_records[..n]
    }

    /// The index of `provider` among the accepted replicas.
    pub fn replica_index(&self, provider: &Pubkey) -> Option<usize> {
        self.accepted().iter().position(|r| r.provider == *provider)
    }

    /// How many replicas reached at least `state`.
    pub fn count_at_least(&self, state: u8) -> usize {
        self.accepted().iter().filter(|r| r.state >= state).count()
    }

    /// The end of the reveal window: set by the k-th commit, else `deadline + reveal_period` (the current period).
    pub fn effective_reveal_end(&self, reveal_period: i64) -> Option<i64> {
        if self.reveal_end != 0 {
            Some(self.reveal_end)
        } else {
            self.deadline.checked_add(reveal_period)
        }
    }
}
