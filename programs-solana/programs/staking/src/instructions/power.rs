//! Shared pieces of the power instructions: the validator's active stake, the randomness, fee settlement.
use anchor_lang::prelude::*;

use crate::errors::StakingError;
use crate::state::{ComputeValidator, Provider, StakingConfig};

/// Active stake (`free + locked`, i.e. `staked`) of a staking record; 0 when the account holds no record.
pub(crate) fn active_stake(info: &AccountInfo) -> u64 {
    Provider::load(info).map(|p| p.staked).unwrap_or(0)
}

/// `PowerStakeBelowMinimum` unless the record's active stake reaches `minStake`.
pub(crate) fn require_stake(config: &StakingConfig, stake_record: &AccountInfo) -> Result<()> {
    let active = active_stake(stake_record);
    if active < config.min_stake {
        return Err(error!(StakingError::PowerStakeBelowMinimum).with_values((active, config.min_stake)));
    }
    Ok(())
}

/// The most recent slot hash of the SlotHashes sysvar: its data is `len u64 LE | (slot u64 LE, hash [32])*`, newest
/// first. Read in place (the sysvar is too large to deserialize whole on chain).
pub(crate) fn recent_slot_hash(slot_hashes: &AccountInfo) -> Result<[u8; 32]> {
    let data = slot_hashes.try_borrow_data()?;
    if data.len() < 48 || data[..8] == [0u8; 8] {
        return err!(anchor_lang::error::ErrorCode::AccountDidNotDeserialize);
    }
    let mut hash = [0u8; 32];
    hash.copy_from_slice(&data[16..48]);
    Ok(hash)
}

/// A completed challenge (passed or expired) earns its validator `validatorFee` when both the governed allowance and
/// the funded CAL cover it (both drop by the fee, `feesOwed += fee`); otherwise the fee is 0. `completed += 1` either way.
pub(crate) fn settle_fee(config: &mut StakingConfig, validator: &mut ComputeValidator) -> Result<u64> {
    let mut fee = config.power.validator_fee;
    if fee == 0 || config.validator_budget < fee || config.funded_budget < fee {
        fee = 0;
    } else {
        config.validator_budget -= fee;
        config.funded_budget -= fee;
        validator.fees_owed = validator.fees_owed.checked_add(fee).ok_or(StakingError::ArithmeticOverflow)?;
    }
    validator.completed = validator.completed.checked_add(1).ok_or(StakingError::ArithmeticOverflow)?;
    Ok(fee)
}
