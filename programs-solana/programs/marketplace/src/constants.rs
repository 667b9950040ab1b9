//! PDA seeds, defaults and bounds of the marketplace program (CONVENTIONS.md "Numbers").
use anchor_lang::prelude::*;

pub use staking::constants::{BPS_DENOMINATOR, DAY, HOUR, MARKETPLACE_AUTHORITY_SEED};

/// Marketplace configuration PDA: `[MARKETPLACE_CONFIG_SEED]`.
#[constant]
pub const MARKETPLACE_CONFIG_SEED: &[u8] = b"marketplace_config";
/// Reward escrow token account PDA: `[ESCROW_SEED]`, authority = marketplace authority PDA.
#[constant]
pub const ESCROW_SEED: &[u8] = b"escrow";
/// Task PDA: `[TASK_SEED, task id as u64 little-endian]`.
#[constant]
pub const TASK_SEED: &[u8] = b"task";
/// Groth16 verifier PDA: `[VERIFIER_SEED, verifier id as u64 little-endian]`.
#[constant]
pub const VERIFIER_SEED: &[u8] = b"verifier";

/// Governed parameter ids this program owns (CONVENTIONS parameter table).
pub const PARAM_CHALLENGE_PERIOD: u16 = 3;
pub const PARAM_SLASH_BPS: u16 = 4;
pub const PARAM_FEE_SPLIT: u16 = 5;
pub const PARAM_REVEAL_PERIOD: u16 = 7;
/// Roles this program holds (`set_role`, u8 as in governance actions).
pub const ROLE_ARBITER: u8 = 0;
pub const ROLE_TREASURY: u8 = 1;
pub const ROLE_PAUSER: u8 = 2;

pub const MINUTE: i64 = 60;
pub const DEFAULT_CHALLENGE_PERIOD: i64 = DAY;
pub const MIN_CHALLENGE_PERIOD: i64 = 10 * MINUTE;
pub const MAX_CHALLENGE_PERIOD: i64 = 7 * DAY;

pub const DEFAULT_REVEAL_PERIOD: i64 = DAY;
pub const MIN_REVEAL_PERIOD: i64 = 10 * MINUTE;
pub const MAX_REVEAL_PERIOD: i64 = 7 * DAY;

pub const DEFAULT_SLASH_BPS: u16 = 2_000;
pub const MIN_SLASH_BPS: u16 = 100;
pub const MAX_SLASH_BPS: u16 = 10_000;

pub const DEFAULT_PROVIDER_BPS: u16 = 8_000;
pub const DEFAULT_TREASURY_BPS: u16 = 1_500;
pub const DEFAULT_CREATOR_BPS: u16 = 500;
pub const MIN_PROVIDER_BPS: u16 = 5_000;
pub const MAX_CREATOR_BPS: u16 = 2_000;

pub const MAX_REPUTATION_BPS: u16 = 10_000;

/// Most replicas a task may ask for (DESIGN §5.2); a task holds this many replica records.
#[constant]
pub const MAX_REPLICAS: u8 = 3;
/// `MAX_REPLICAS` as an array length (IDL constants stay non-usize).
pub const REPLICA_SLOTS: usize = MAX_REPLICAS as usize;
/// Offer timestamps are u32 on chain: `ramp_start + ramp_duration` stays below this.
pub const OFFER_TIME_LIMIT: u64 = 1 << 32;
/// Remaining accounts a settlement takes per replica, in replica order: its staking record, its CAL token account.
pub const ACCOUNTS_PER_REPLICA: usize = 2;

/// Number of public inputs of every result circuit: `[taskId, specHash, resultCommitment, provider]`.
pub const NUM_PUBLIC_INPUTS: usize = 4;
/// Number of IC points of a verifying key: one per public input plus one.
pub const IC_LEN: usize = 5;
/// Groth16 proof bytes: A (G1, 64) || B (G2, 128) || C (G1, 64), alt_bn128 big-endian encoding.
pub const PROOF_LEN: usize = 256;

/// BN254 scalar field modulus r, big-endian.
pub const BN254_R: [u8; 32] = [
    0x30, 0x64, 0x4e, 0x72, 0xe1, 0x31, 0xa0, 0x29, 0xb8, 0x50, 0x45, 0xb6, 0x81, 0x81, 0x58, 0x5d, 0x28, 0x33, 0xe8,
    0x48, 0x79, 0xb9, 0x70, 0x91, 0x43, 0xe1, 0xf5, 0x93, 0xf0, 0x00, 0x00, 0x01,
];
/// BN254 base field modulus p, big-endian (used to negate proof point A).
pub const BN254_P: [u8; 32] = [
    0x30, 0x64, 0x4e, 0x72, 0xe1, 0x31, 0xa0, 0x29, 0xb8, 0x50, 0x45, 0xb6, 0x81, 0x81, 0x58, 0x5d, 0x97, 0x81, 0x6a,
    0x91, 0x68, 0x71, 0xca, 0x8d, 0x3c, 0x20, 0x8c, 0x16, 0xd8, 0x7c, 0xfd, 0x47,
];
