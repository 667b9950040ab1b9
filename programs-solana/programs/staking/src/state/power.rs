use anchor_lang::prelude::*;

use crate::math::verified_power;

/// A provider's power record (`[POWER_SEED, provider]`) with its current or last challenge, frozen when it opened.
#[account]
#[derive(InitSpace)]
pub struct PowerRecord {
    pub provider: Pubkey,
    /// Declared keccak-256 hashes per second; 0 = no claim (unverified).
    pub claimed_rate: u64,
    /// The open challenge's id; 0 = none.
    pub open_challenge: u64,
    /// When the provider was last challenged (unix seconds; 0 = never).
    pub last_challenge_at: i64,
    /// Challenges passed since the claim was declared.
    pub power_passed: u64,
    /// Challenges failed in total.
    pub power_failed: u64,
    /// Challenges failed in a row since the last pass or claim.
    pub failures_in_row: u8,
    /// CAL base units taken by power slashes in total.
    pub slashed_total: u64,
    /// The current (or last) challenge: its id, seed, validator authority, deadline, window and m.
    pub challenge_id: u64,
    pub seed: [u8; 32],
    pub validator: Pubkey,
    pub deadline: i64,
    pub response_window: u64,
    pub nonces: u8,
    pub bump: u8,
}

impl PowerRecord {
    /// `floor(claimedRate * powerPassed / (powerPassed + failuresInRow + 1))`, 0 when unverified.
    pub fn verified_power(&self) -> u64 {
        verified_power(self.claimed_rate, self.power_passed, self.failures_in_row as u64)
    }
}

/// A compute validator (`[VALIDATOR_SEED, validator]`).
#[account]
#[derive(InitSpace)]
pub struct ComputeValidator {
    pub authority: Pubkey,
    pub registered: bool,
    /// Fees earned and not yet claimed, CAL base units (held in the power vault).
    pub fees_owed: u64,
    /// Challenges completed (passed or expired).
    pub completed: u64,
    pub bump: u8,
}

/// Reads an account of type `T` owned by the staking program; `None` when it does not exist (yet).
pub fn load_owned<T: AccountDeserialize>(info: &AccountInfo) -> Option<T> {
    if info.owner != &crate::ID || info.data_is_empty() {
        return None;
    }
    let data = info.try_borrow_data().ok()?;
    T::try_deserialize(&mut &data[..]).ok()
}

/// Writes an account of type `T` back (only the staking program can, as the owner).
pub fn store_owned<T: AccountSerialize>(value: &T, info: &AccountInfo) -> Result<()> {
    let mut data = info.try_borrow_mut_data()?;
    let mut writer: &mut [u8] = &mut data;
    value.try_serialize(&mut writer)
}
