//! PDA seeds, bounds and wire constants of the governance vault + executor.
use anchor_lang::prelude::*;

/// Governance config PDA: the vault's authority, the sender of tallies over the bridge, and the admin
/// (signer of every CPI) of staking, the marketplace and the bridge.
#[constant]
pub const GOVERNANCE_SEED: &[u8] = b"governance";
/// CAL vault of voting deposits: `[GOV_VAULT_SEED]`, authority = governance PDA.
#[constant]
pub const GOV_VAULT_SEED: &[u8] = b"gov_vault";
/// Voter record: `[VOTER_SEED, owner]`.
#[constant]
pub const VOTER_SEED: &[u8] = b"voter";
/// Hub proposal record: `[PROPOSAL_SEED, proposalId u256 be (32 bytes)]`.
#[constant]
pub const PROPOSAL_SEED: &[u8] = b"proposal";
/// Vote receipt: `[VOTE_SEED, proposalId (32 bytes), voter]`.
#[constant]
pub const VOTE_SEED: &[u8] = b"vote";
/// Received action list: `[ACTIONS_SEED, sequence u64 le]`.
#[constant]
pub const ACTIONS_SEED: &[u8] = b"actions";
/// Vetoed lists the cursor passes over per `execute` / `veto` (passed as remaining accounts).
#[constant]
pub const SKIP_VETOED_MAX: u8 = 8;

/// Most checkpoints a voter keeps. A deposit or withdrawal at a new timestamp adds one; at the bound
/// the two oldest merge into one at the older timestamp holding the smaller amount, so a weight read
/// at any snapshot is never more than what was held then (an old snapshot may read less).
pub const MAX_CHECKPOINTS: usize = 32;

/// OpenZeppelin vote types.
pub const VOTE_AGAINST: u8 = 0;
pub const VOTE_FOR: u8 = 1;
pub const VOTE_ABSTAIN: u8 = 2;

/// Version-2 message kinds (CONVENTIONS).
pub const KIND_PROPOSAL_OPENED: u8 = 1;
pub const KIND_VOTE_TALLY: u8 = 2;
pub const KIND_GOVERNANCE_ACTIONS: u8 = 3;
/// Header bytes of a version-2 message, kind included.
pub const HEADER_LEN: usize = 82;
/// `ProposalOpened` payload: proposalId u256 | snapshot u64 | voteEnd u64.
pub const PROPOSAL_OPENED_LEN: usize = 48;
/// `GovernanceActions` payload before the action list: sequence u64 | proposalId u256.
pub const ACTIONS_PREFIX_LEN: usize = 40;
