//! Events (Anchor `emit!`); clients read the accounts as the source of truth.
use anchor_lang::prelude::*;

#[event]
pub struct ProposalOpened {
    pub proposal_id: [u8; 32],
    pub snapshot: u64,
    pub vote_end: u64,
}

#[event]
pub struct VoteCast {
    pub proposal_id: [u8; 32],
    pub voter: Pubkey,
    pub support: u8,
    pub weight: u64,
}

#[event]
pub struct TallySent {
    pub proposal_id: [u8; 32],
    pub against_votes: u64,
    pub for_votes: u64,
    pub abstain_votes: u64,
}

#[event]
pub struct ActionsReceived {
    pub sequence: u64,
    pub proposal_id: [u8; 32],
    pub eta: i64,
}

#[event]
pub struct ActionsExecuted {
    pub sequence: u64,
}

/// The list was refused by validation (`action` is the index of the first refused action).
#[event]
pub struct ActionsFailed {
    pub sequence: u64,
    pub action: u8,
    pub reason: String,
}

#[event]
pub struct ActionsVetoed {
    pub sequence: u64,
    pub guardian: Pubkey,
}
