use anchor_lang::prelude::*;

use crate::constants::MAX_CHECKPOINTS;

/// A deposit amount from `timestamp` (unix seconds) on.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq, InitSpace)]
pub struct Checkpoint {
    pub timestamp: i64,
    pub amount: u64,
}

/// The CAL one owner holds in the vault, with its bounded history (`MAX_CHECKPOINTS`).
#[account]
#[derive(InitSpace)]
pub struct Voter {
    pub owner: Pubkey,
    pub amount: u64,
    #[max_len(MAX_CHECKPOINTS)]
    pub checkpoints: Vec<Checkpoint>,
    pub bump: u8,
}

impl Voter {
    /// What was held at `timestamp` (the last checkpoint at or before it; 0 before the first).
    pub fn weight_at(&self, timestamp: i64) -> u64 {
        self.checkpoints.iter().rev().find(|c| c.timestamp <= timestamp).map_or(0, |c| c.amount)
    }

    /// Records the new `amount` from `now`: overwrites a checkpoint of the same second, else appends;
    /// at `MAX_CHECKPOINTS` the two oldest merge first (older timestamp, smaller amount).
    pub fn record(&mut self, now: i64, amount: u64) {
        self.amount = amount;
        if let Some(last) = self.checkpoints.last_mut() {
            if last.timestamp >= now {
                last.amount = amount;
                return;
            }
        }
        if self.checkpoints.len() >= MAX_CHECKPOINTS {
            let second = self.checkpoints.remove(1);
            let first = &mut self.checkpoints[0];
            first.amount = first.amount.min(second.amount);
        }
        self.checkpoints.push(Checkpoint { timestamp: now, amount });
    }
}

/// Receipt of one vote (one per proposal and voter).
#[account]
#[derive(InitSpace)]
pub struct VoteRecord {
    pub proposal_id: [u8; 32],
    pub voter: Pubkey,
    pub support: u8,
    pub weight: u64,
    pub has_voted: bool,
    pub bump: u8,
}
