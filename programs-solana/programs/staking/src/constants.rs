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

// ── Proof of computational power (DESIGN §11, CONVENTIONS "Proof of computational power") ──────────

/// A provider's power record and its current (or last) challenge: `[POWER_SEED, provider authority]`.
#[constant]
pub const POWER_SEED: &[u8] = b"power";
/// A compute validator's record: `[VALIDATOR_SEED, validator authority]`.
#[constant]
pub const VALIDATOR_SEED: &[u8] = b"validator";
/// Token vault PDA holding the funded validator budget and the fees owed: `[POWER_VAULT_SEED]`, authority = config PDA.
#[constant]
pub const POWER_VAULT_SEED: &[u8] = b"power_vault";
/// Seed of the marketplace program's config PDA, whose `treasury` receives the treasury half of a power slash.
#[constant]
pub const MARKETPLACE_CONFIG_SEED: &[u8] = b"marketplace_config";
/// Byte offset of `MarketplaceConfig::treasury` in the marketplace config account (discriminator, admin, pauser,
/// arbiter): staking reads it without depending on the marketplace crate (which depends on staking).
pub const MARKETPLACE_CONFIG_TREASURY_OFFSET: usize = 8 + 32 * 3;

/// Governed parameter ids of the power registry (CONVENTIONS parameter table, ids 8..14).
pub const PARAM_RESPONSE_WINDOW: u16 = 8;
pub const PARAM_POWER_NONCES: u16 = 9;
pub const PARAM_POWER_COOLDOWN: u16 = 10;
pub const PARAM_MAX_POWER_FAILURES: u16 = 11;
pub const PARAM_POWER_SLASH_BPS: u16 = 12;
pub const PARAM_VALIDATOR_FEE: u16 = 13;
pub const PARAM_VALIDATOR_BUDGET: u16 = 14;

pub const DEFAULT_RESPONSE_WINDOW: u64 = 600;
pub const MIN_RESPONSE_WINDOW: u64 = 60;
pub const MAX_RESPONSE_WINDOW: u64 = DAY as u64;
pub const DEFAULT_POWER_NONCES: u8 = 8;
pub const MIN_POWER_NONCES: u8 = 1;
pub const MAX_POWER_NONCES: u8 = 32;
pub const DEFAULT_POWER_COOLDOWN: u64 = DAY as u64;
pub const MIN_POWER_COOLDOWN: u64 = 600;
pub const MAX_POWER_COOLDOWN: u64 = 30 * DAY as u64;
pub const DEFAULT_MAX_POWER_FAILURES: u8 = 3;
pub const MIN_MAX_POWER_FAILURES: u8 = 1;
pub const MAX_MAX_POWER_FAILURES: u8 = 100;
pub const DEFAULT_POWER_SLASH_BPS: u16 = 1_000;
pub const MIN_POWER_SLASH_BPS: u16 = 100;
pub const MAX_POWER_SLASH_BPS: u16 = 10_000;
pub const DEFAULT_VALIDATOR_FEE: u64 = ONE_CAL;
pub const MIN_VALIDATOR_FEE: u64 = 0;
pub const MAX_VALIDATOR_FEE: u64 = 1_000 * ONE_CAL;
pub const DEFAULT_VALIDATOR_BUDGET: u64 = 0;
pub const MIN_VALIDATOR_BUDGET: u64 = 0;
pub const MAX_VALIDATOR_BUDGET: u64 = 10_000_000 * ONE_CAL;
