use anchor_lang::prelude::*;
use anchor_lang::solana_program::sysvar::slot_hashes;

use crate::constants::*;
use crate::errors::StakingError;
use crate::events::ChallengeOpened;
use crate::instructions::power::{recent_slot_hash, require_stake};
use crate::math::{challenge_seed, power_target};
use crate::state::{load_owned, store_owned, ComputeValidator, PowerRecord, StakingConfig};

#[derive(Accounts)]
#[instruction(provider: Pubkey)]
pub struct Challenge<'info> {
    pub validator_authority: Signer<'info>,
    #[account(mut, seeds = [STAKING_CONFIG_SEED], bump = config.bump)]
    pub config: Account<'info, StakingConfig>,
    /// CHECK: the caller's validator record PDA, loaded in `validate` (`PowerNotValidator` when absent).
    #[account(seeds = [VALIDATOR_SEED, validator_authority.key().as_ref()], bump)]
    pub validator: UncheckedAccount<'info>,
    /// CHECK: the caller's staking record PDA (its active stake); no record = no stake.
    #[account(seeds = [PROVIDER_SEED, validator_authority.key().as_ref()], bump)]
    pub validator_stake: UncheckedAccount<'info>,
    /// CHECK: the provider's power record PDA, loaded in `validate` (`PowerNoClaim` when absent).
    #[account(mut, seeds = [POWER_SEED, provider.as_ref()], bump)]
    pub power_record: UncheckedAccount<'info>,
    /// CHECK: the SlotHashes sysvar, read in place by `recent_slot_hash`.
    #[account(address = slot_hashes::ID)]
    pub slot_hashes: UncheckedAccount<'info>,
}

impl Challenge<'_> {
    /// Check order (CONVENTIONS): a validator, not itself, the validator's stake, a claim, no open challenge, the
    /// cooldown. Returns the provider's record.
    pub fn validate(&self, provider: &Pubkey, now: i64) -> Result<PowerRecord> {
        let caller = self.validator_authority.key();
        let registered = load_owned::<ComputeValidator>(&self.validator).is_some_and(|v| v.registered);
        require!(registered, StakingError::PowerNotValidator);
        require_keys_neq!(*provider, caller, StakingError::PowerSelfChallenge);
        require_stake(&self.config, &self.validator_stake)?;
        let record = load_owned::<PowerRecord>(&self.power_record).filter(|r| r.claimed_rate != 0);
        let Some(record) = record else { return err!(StakingError::PowerNoClaim) };
        if record.open_challenge != 0 {
            return Err(error!(StakingError::PowerChallengeOpen).with_values((record.open_challenge, 0)));
        }
        if record.last_challenge_at != 0 {
            let until = record.last_challenge_at.saturating_add(self.config.power.power_cooldown as i64);
            if now < until {
                return Err(error!(StakingError::PowerCooldownActive).with_values((now, until)));
            }
        }
        Ok(record)
    }
}

/// `challenge(provider)`: opens challenge `++challengeCount` with seed
/// `keccak256(recent slot hash | challengeId | provider)` and `deadline = now + responseWindow`; the window and m are
/// frozen in the record.
pub fn handler(ctx: Context<Challenge>, provider: Pubkey) -> Result<()> {
    let now = Clock::get()?.unix_timestamp;
    let mut record = ctx.accounts.validate(&provider, now)?;
    let randomness = recent_slot_hash(&ctx.accounts.slot_hashes)?;
    let config = &mut ctx.accounts.config;
    let p = config.power;
    let challenge_id = config.challenge_count.checked_add(1).ok_or(StakingError::ArithmeticOverflow)?;
    config.challenge_count = challenge_id;
    let seed = challenge_seed(&randomness, challenge_id, &provider.to_bytes());
    let deadline = now.checked_add(p.response_window as i64).ok_or(StakingError::ArithmeticOverflow)?;
    let target =
        power_target(record.claimed_rate, p.response_window, p.power_nonces).ok_or(StakingError::ArithmeticOverflow)?;
    let validator = ctx.accounts.validator_authority.key();
    record.open_challenge = challenge_id;
    record.last_challenge_at = now;
    record.challenge_id = challenge_id;
    record.seed = seed;
    record.validator = validator;
    record.deadline = deadline;
    record.response_window = p.response_window;
    record.nonces = p.power_nonces;
    store_owned(&record, &ctx.accounts.power_record)?;
    emit!(ChallengeOpened { challenge_id, provider, validator, seed, target, nonces: p.power_nonces, deadline });
    Ok(())
}
