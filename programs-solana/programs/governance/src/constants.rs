//! PDA seeds, defaults and bounds of the governance program.
use anchor_lang::prelude::*;

/// Governance config PDA; also the signer that administers staking and marketplace.
#[constant]
pub const GOVERNANCE_SEED: &[u8] = b"governance";
/// CAL vault of locked voting deposits: `[GOV_VAULT_SEED]`, authority = governance PDA.
#[constant]
pub const GOV_VAULT_SEED: &[u8] = b"gov_vault";
/// Voter record: `[VOTER_SEED, owner]`.
#[constant]
pub const VOTER_SEED: &[u8] = b"voter";
/// Proposal: `[PROPOSAL_SEED, id as u64 little-endian]`; ids start at 1.
#[constant]
pub const PROPOSAL_SEED: &[u8] = b"proposal";
/// Vote receipt: `[VOTE_SEED, proposal id le, voter]`.
#[constant]
pub const VOTE_SEED: &[u8] = b"vote";

pub const HOUR: i64 = 3_600;
pub const DAY: i64 = 86_400;
pub const ONE_CAL: u64 = 1_000_000_000;

pub const DEFAULT_VOTING_DELAY: i64 = DAY;
pub const DEFAULT_VOTING_PERIOD: i64 = 7 * DAY;
pub const DEFAULT_TIMELOCK_DELAY: i64 = 2 * DAY;
pub const DEFAULT_GRACE_PERIOD: i64 = 14 * DAY;
pub const DEFAULT_QUORUM_VOTES: u64 = 4_000_000 * ONE_CAL;
pub const DEFAULT_PROPOSAL_THRESHOLD: u64 = 100_000 * ONE_CAL;

pub const MIN_VOTING_DELAY: i64 = 0;
pub const MAX_VOTING_DELAY: i64 = 30 * DAY;
pub const MIN_VOTING_PERIOD: i64 = HOUR;
pub const MAX_VOTING_PERIOD: i64 = 30 * DAY;
pub const MIN_TIMELOCK_DELAY: i64 = 0;
pub const MAX_TIMELOCK_DELAY: i64 = 30 * DAY;
pub const MIN_GRACE_PERIOD: i64 = DAY;
pub const MAX_GRACE_PERIOD: i64 = 90 * DAY;

/// OpenZeppelin vote types.
pub const VOTE_AGAINST: u8 = 0;
pub const VOTE_FOR: u8 = 1;
pub const VOTE_ABSTAIN: u8 = 2;
