use anchor_lang::prelude::*;

use crate::errors::StakingError;
use crate::math::score_bps;

/// A registered compute provider and its stake / reputation.
#[account]
#[derive(InitSpace)]
pub struct Provider {
    pub authority: Pubkey,
    pub metadata_hash: [u8; 32],
    /// Active stake held in the vault, including `locked`.
    pub staked: u64,
    /// Collateral locked by accepted tasks (part of `staked`).
    pub locked: u64,
    /// Stake waiting for the end of the unbonding period (no longer part of `staked`).
    pub pending_unstake: u64,
    pub unstake_available_at: i64,
    pub completed: u64,
    pub failed: u64,
    pub slashed_total: u64,
    pub registered_at: i64,
    pub bump: u8,
}

impl Provider {
    pub fn free_stake(&self) -> Result<u64> {
        self.staked.checked_sub(self.locked).ok_or_else(|| error!(StakingError::ArithmeticOverflow))
    }

    pub fn score_bps(&self) -> u64 {
        score_bps(self.completed, self.failed)
    }

    /// Reads a provider record from an account that must be owned by the staking program.
    /// An uninitialised (system-owned / empty) account means the provider never registered.
    pub fn load(info: &AccountInfo) -> Result<Provider> {
        if info.owner != &crate::ID || info.data_is_empty() {
            return err!(StakingError::StakingNotRegistered);
        }
        let data = info.try_borrow_data()?;
        let provider = Provider::try_deserialize(&mut &data[..])?;
        if provider.authority == Pubkey::default() {
            return err!(StakingError::StakingNotRegistered);
        }
        Ok(provider)
    }

    /// Writes the record back (only the staking program can, as the owner).
    pub fn store(&self, info: &AccountInfo) -> Result<()> {
        let mut data = info.try_borrow_mut_data()?;
        let mut writer: &mut [u8] = &mut data;
        self.try_serialize(&mut writer)
    }
}
