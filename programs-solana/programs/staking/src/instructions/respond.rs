use anchor_lang::prelude::*;

use crate::constants::*;
use crate::errors::StakingError;
use crate::events::ChallengePassed;
use crate::instructions::power::settle_fee;
use crate::math::{check_answer, power_target, AnswerError};
use crate::state::{load_owned, store_owned, ComputeValidator, PowerRecord, StakingConfig};

#[derive(Accounts)]
pub struct Respond<'info> {
    pub provider: Signer<'info>,
    #[account(mut, seeds = [STAKING_CONFIG_SEED], bump = config.bump)]
    pub config: Account<'info, StakingConfig>,
    /// CHECK: the caller's power record PDA, loaded in `validate` (`PowerUnknownChallenge` when absent).
    #[account(mut, seeds = [POWER_SEED, provider.key().as_ref()], bump)]
    pub power_record: UncheckedAccount<'info>,
    /// CHECK: the challenge's validator record `[VALIDATOR_SEED, record.validator]` (its fee), checked in `validate`.
    #[account(mut)]
    pub validator: UncheckedAccount<'info>,
}

/// The validator record of the challenge: a staking-owned `ComputeValidator` of `record.validator`.
pub(crate) fn challenge_validator(info: &AccountInfo, record: &PowerRecord) -> Result<ComputeValidator> {
    match load_owned::<ComputeValidator>(info) {
        Some(v) if v.authority == record.validator => Ok(v),
        _ => Err(error!(anchor_lang::error::ErrorCode::ConstraintSeeds).with_account_name("validator")),
    }
}

impl Respond<'_> {
    /// Check order (CONVENTIONS): the caller's open challenge has this id, the window, then the answer (count, then
    /// index by index: order, hash below the target). Returns the record and the challenge's validator.
    pub fn validate(&self, challenge_id: u64, nonces: &[u64], now: i64) -> Result<(PowerRecord, ComputeValidator)> {
        let record = load_owned::<PowerRecord>(&self.power_record)
            .filter(|r| challenge_id != 0 && r.open_challenge == challenge_id);
        let Some(record) = record else {
            return Err(error!(StakingError::PowerUnknownChallenge).with_values((challenge_id, 0)));
        };
        if now > record.deadline {
            return Err(error!(StakingError::PowerAnswerAfterWindow).with_values((now, record.deadline)));
        }
        let target = power_target(record.claimed_rate, record.response_window, record.nonces)
            .ok_or(StakingError::ArithmeticOverflow)?;
        let provider = self.provider.key().to_bytes();
        match check_answer(&record.seed, &provider, &target, record.nonces, nonces) {
            Ok(()) => {}
            Err(AnswerError::WrongNonceCount) => {
                return Err(error!(StakingError::PowerWrongNonceCount).with_values((nonces.len(), record.nonces)))
            }
            Err(AnswerError::DuplicateNonce(i)) => {
                return Err(error!(StakingError::PowerDuplicateNonce).with_values(("index", i)))
            }
            Err(AnswerError::NonceAboveTarget(i)) => {
                return Err(error!(StakingError::PowerNonceAboveTarget).with_values(("index", i)))
            }
        }
        let validator = challenge_validator(&self.validator, &record)?;
        Ok((record, validator))
    }
}

/// `respond(challengeId, nonces)`: a pass — `powerPassed += 1`, `failuresInRow = 0`, the challenge closes and its
/// validator's fee is settled.
pub fn handler(ctx: Context<Respond>, challenge_id: u64, nonces: Vec<u64>) -> Result<()> {
    let now = Clock::get()?.unix_timestamp;
    let (mut record, mut validator) = ctx.accounts.validate(challenge_id, &nonces, now)?;
    record.open_challenge = 0;
    record.power_passed = record.power_passed.checked_add(1).ok_or(StakingError::ArithmeticOverflow)?;
    record.failures_in_row = 0;
    store_owned(&record, &ctx.accounts.power_record)?;
    let fee = settle_fee(&mut ctx.accounts.config, &mut validator)?;
    store_owned(&validator, &ctx.accounts.validator)?;
    emit!(ChallengePassed { challenge_id, provider: record.provider, validator: record.validator, fee });
    Ok(())
}
