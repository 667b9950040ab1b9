use anchor_lang::prelude::*;
use anchor_spl::token::{Token, TokenAccount};

use crate::constants::*;
use crate::errors::StakingError;
use crate::events::{ChallengeExpired, PowerSlashed, ProviderSlashed};
use crate::instructions::power::settle_fee;
use crate::instructions::respond::challenge_validator;
use crate::instructions::vault::transfer_from_vault;
use crate::math::power_slash_split;
use crate::state::{load_owned, store_owned, ComputeValidator, PowerRecord, Provider, StakingConfig};

#[derive(Accounts)]
#[instruction(provider: Pubkey)]
pub struct ExpireChallenge<'info> {
    /// Anyone.
    pub caller: Signer<'info>,
    #[account(mut, seeds = [STAKING_CONFIG_SEED], bump = config.bump)]
    pub config: Account<'info, StakingConfig>,
    /// CHECK: the provider's power record PDA, loaded in `validate` (`PowerUnknownChallenge` when absent).
    #[account(mut, seeds = [POWER_SEED, provider.as_ref()], bump)]
    pub power_record: UncheckedAccount<'info>,
    /// CHECK: the challenge's validator record `[VALIDATOR_SEED, record.validator]` (its fee), checked in `validate`.
    #[account(mut)]
    pub validator: UncheckedAccount<'info>,
    /// CHECK: the provider's staking record PDA (a slash takes its free stake), loaded by `Provider::load`.
    #[account(mut, seeds = [PROVIDER_SEED, provider.as_ref()], bump)]
    pub provider_stake: UncheckedAccount<'info>,
    #[account(mut, address = config.vault)]
    pub vault: Account<'info, TokenAccount>,
    /// The challenger's CAL account (its half of a slash), owned by the challenge's validator.
    #[account(mut, token::mint = config.cal_mint)]
    pub challenger_token: Account<'info, TokenAccount>,
    /// CHECK: the marketplace config PDA; its `treasury` names the treasury's CAL account.
    #[account(address = config.marketplace_config, owner = config.marketplace_program)]
    pub marketplace_config: UncheckedAccount<'info>,
    /// The treasury's CAL account (the marketplace's treasury; its half of a slash).
    #[account(mut, token::mint = config.cal_mint)]
    pub treasury_token: Account<'info, TokenAccount>,
    pub token_program: Program<'info, Token>,
}

impl ExpireChallenge<'_> {
    /// Check order (CONVENTIONS): an open challenge, then the window is over; then the accounts the challenge names
    /// (its validator record and CAL account, the marketplace's treasury).
    pub fn validate(&self, now: i64) -> Result<(PowerRecord, ComputeValidator)> {
        let record = load_owned::<PowerRecord>(&self.power_record).filter(|r| r.open_challenge != 0);
        let Some(record) = record else { return Err(error!(StakingError::PowerUnknownChallenge).with_values((0, 0))) };
        if now <= record.deadline {
            return Err(error!(StakingError::PowerWindowOpen).with_values((now, record.deadline)));
        }
        let validator = challenge_validator(&self.validator, &record)?;
        require_keys_eq!(
            self.challenger_token.owner,
            record.validator,
            anchor_lang::error::ErrorCode::ConstraintTokenOwner
        );
        let data = self.marketplace_config.try_borrow_data()?;
        let at = MARKETPLACE_CONFIG_TREASURY_OFFSET;
        let treasury = data
            .get(at..at + 32)
            .map(|b| Pubkey::new_from_array(b.try_into().expect("32 bytes")))
            .ok_or(anchor_lang::error::ErrorCode::AccountDidNotDeserialize)?;
        require_keys_eq!(self.treasury_token.key(), treasury, anchor_lang::error::ErrorCode::ConstraintAddress);
        Ok((record, validator))
    }
}

/// `expireChallenge(provider)`, anyone after the window: a failure (`powerFailed += 1`, `failuresInRow += 1`, the
/// validator's fee settled); at `maxPowerFailures` in a row the provider loses `powerSlashBps` of its free stake (half
/// to the challenger, the rest to the treasury) and its claim resets to unverified.
pub fn handler(ctx: Context<ExpireChallenge>, provider: Pubkey) -> Result<()> {
    let now = Clock::get()?.unix_timestamp;
    let (mut record, mut validator) = ctx.accounts.validate(now)?;
    let p = ctx.accounts.config.power;
    let challenge_id = record.open_challenge;
    let mut in_row = record.failures_in_row.checked_add(1).ok_or(StakingError::ArithmeticOverflow)?;
    record.open_challenge = 0;
    record.power_failed = record.power_failed.checked_add(1).ok_or(StakingError::ArithmeticOverflow)?;
    let slash = in_row >= p.max_power_failures;
    if slash {
        record.claimed_rate = 0;
        record.power_passed = 0;
        in_row = 0;
    }
    record.failures_in_row = in_row;
    let fee = settle_fee(&mut ctx.accounts.config, &mut validator)?;
    store_owned(&validator, &ctx.accounts.validator)?;
    emit!(ChallengeExpired { challenge_id, provider, validator: record.validator, failures_in_row: in_row, fee });
    if slash {
        let mut stake = Provider::load(&ctx.accounts.provider_stake)?;
        let (slashed, to_challenger, to_treasury) =
            power_slash_split(stake.free_stake()?, p.power_slash_bps).ok_or(StakingError::ArithmeticOverflow)?;
        stake.staked = stake.staked.checked_sub(slashed).ok_or(StakingError::ArithmeticOverflow)?;
        stake.slashed_total = stake.slashed_total.checked_add(slashed).ok_or(StakingError::ArithmeticOverflow)?;
        stake.store(&ctx.accounts.provider_stake)?;
        record.slashed_total = record.slashed_total.checked_add(slashed).ok_or(StakingError::ArithmeticOverflow)?;
        let a = &ctx.accounts;
        for (to, amount) in
            [(a.challenger_token.to_account_info(), to_challenger), (a.treasury_token.to_account_info(), to_treasury)]
        {
            if amount > 0 {
                transfer_from_vault(&a.token_program, &a.vault, &a.config, to, amount)?;
            }
        }
        emit!(ProviderSlashed { provider, slashed, to_user: to_challenger, to_treasury });
        emit!(PowerSlashed { provider, challenger: record.validator, slashed });
    }
    store_owned(&record, &ctx.accounts.power_record)?;
    Ok(())
}
