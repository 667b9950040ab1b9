//! PDA seeds, defaults and bounds of the staking program (CONVENTIONS.md "Numbers").
use anchor_lang::prelude::*;

/// Staking configuration PDA: `[STAKING_CONFIG_SEED]`.
#[constant]
pub const STAKING_CONFIG_SEED: &[u8] = b"staking_config";
/// Token vault PDA holding every provider's stake: `[STAKE_VAULT_SEED]`, authority = config PDA.
#[constant]
pub const STAKE_VAULT_SEED: &[u8] = b"stake_vault";
/// Provider record PDA: `[PROVIDER_SEED, provider authority]`.
#[constant]
pub const PROVIDER_SEED: &[u8] = b"provider";
/// Seed of the marketplace program's signer PDA, the only account allowed to lock, unlock
/// and slash collateral: `[MARKETPLACE_AUTHORITY_SEED]` under the marketplace program id.
#[constant]
pub const MARKETPLACE_AUTHORITY_SEED: &[u8] = b"marketplace_authority";

/// CAL has 9 decimals on every chain.
pub const CAL_DECIMALS: u8 = 9;
pub const ONE_CAL: u64 = 1_000_000_000;
pub const BPS_DENOMINATOR: u64 = 10_000;

pub const DEFAULT_MIN_STAKE: u64 = 100 * ONE_CAL;
pub const MIN_MIN_STAKE: u64 = ONE_CAL;
pub const MAX_MIN_STAKE: u64 = 1_000_000 * ONE_CAL;

pub const HOUR: i64 = 3_600;
pub const DAY: i64 = 86_400;
pub const DEFAULT_UNBONDING_PERIOD: i64 = 7 * DAY;
pub const MIN_UNBONDING_PERIOD: i64 = HOUR;
pub const MAX_UNBONDING_PERIOD: i64 = 30 * DAY;

/// Governed parameter ids this program owns (CONVENTIONS parameter table).
pub const PARAM_MIN_STAKE: u16 = 1;
pub const PARAM_UNBONDING_PERIOD: u16 = 2;
