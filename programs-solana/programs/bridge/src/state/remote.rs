use anchor_lang::prelude::*;

use crate::errors::BridgeError;

/// A token bucket in CAL base units: refills `rate_per_second` up to `capacity`.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, Default, PartialEq, Eq, InitSpace)]
pub struct Bucket {
    pub capacity: u64,
    pub rate_per_second: u64,
    pub level: u64,
    pub updated_at: i64,
}

impl Bucket {
    /// The level refilled to `now` (never above capacity).
    pub fn level_at(&self, now: i64) -> u64 {
        let elapsed = u128::try_from(now.saturating_sub(self.updated_at)).unwrap_or(0);
        let refilled = u128::from(self.level).saturating_add(u128::from(self.rate_per_second).saturating_mul(elapsed));
        refilled.min(u128::from(self.capacity)) as u64
    }

    /// Refills to `now`, then takes `amount`; fails with `BridgeRateLimited(amount, available)`.
    pub fn consume(&mut self, amount: u64, now: i64) -> Result<()> {
        let level = self.level_at(now);
        if amount > level {
            return Err(error!(BridgeError::BridgeRateLimited).with_values((amount, level)));
        }
        self.level = level - amount;
        self.updated_at = now;
        Ok(())
    }

    /// Reconfigures: a fresh bucket starts full; an existing one is refilled to now and clamped.
    pub fn configure(&mut self, capacity: u64, rate_per_second: u64, fresh: bool, now: i64) {
        let level = if fresh { capacity } else { self.level_at(now) };
        self.capacity = capacity;
        self.rate_per_second = rate_per_second;
        self.level = level.min(capacity);
        self.updated_at = now;
    }
}

/// Governance settings of one remote domain, PDA `[REMOTE_DOMAIN_SEED, domain u32 be]`.
#[account]
#[derive(InitSpace)]
pub struct RemoteDomain {
    pub domain: u32,
    /// The remote bridge's universal address.
    pub bridge: [u8; 32],
    pub enabled: bool,
    /// Inbound (mint) bucket: messages from `domain`.
    pub inbound: Bucket,
    /// Outbound (burn) bucket: messages to `domain`.
    pub outbound: Bucket,
    pub bump: u8,
}
