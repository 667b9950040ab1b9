use anchor_lang::prelude::*;

#[event]
pub struct TaskCreated {
    pub task_id: u64,
    pub user: Pubkey,
    pub reward: u64,
    pub collateral: u64,
    pub deadline: i64,
    pub verifier_id: u64,
}
#[event]
pub struct TaskCancelled {
    pub task_id: u64,
}
#[event]
pub struct TaskAccepted {
    pub task_id: u64,
    pub provider: Pubkey,
}
#[event]
pub struct ResultSubmitted {
    pub task_id: u64,
    pub result_commitment: [u8; 32],
    pub verified: bool,
}
#[event]
pub struct TaskCompleted {
    pub task_id: u64,
    pub provider: Pubkey,
    pub to_provider: u64,
    pub to_treasury: u64,
    pub to_creator: u64,
}
#[event]
pub struct TaskDisputed {
    pub task_id: u64,
}
#[event]
pub struct TaskResolved {
    pub task_id: u64,
    pub provider_at_fault: bool,
}
#[event]
pub struct TaskExpired {
    pub task_id: u64,
}
#[event]
pub struct VerifierRegistered {
    pub verifier_id: u64,
}
#[event]
pub struct ParameterUpdated {
    pub parameter: String,
    pub value: u64,
}
#[event]
pub struct RoleUpdated {
    pub role: String,
    pub account: Pubkey,
}
#[event]
pub struct Paused {
    pub by: Pubkey,
}
#[event]
pub struct Unpaused {
    pub by: Pubkey,
}
/// A provider locked the offer price at accept (classic and replicated tasks).
#[event]
pub struct OfferLocked {
    pub task_id: u64,
    pub provider: Pubkey,
    pub price: u64,
}
#[event]
pub struct ResultCommitted {
    pub task_id: u64,
    pub provider: Pubkey,
    pub commit: [u8; 32],
}
#[event]
pub struct ResultRevealed {
    pub task_id: u64,
    pub provider: Pubkey,
    pub result_hash: [u8; 32],
}
/// A replicated task settled with `result_hash` revealed by `agreeing` replicas; zero and 0 when it went Disputed
/// (or was resolved with no winner).
#[event]
pub struct TaskSettled {
    pub task_id: u64,
    pub result_hash: [u8; 32],
    pub agreeing: u8,
}
#[event]
pub struct ReplicaSlashed {
    pub task_id: u64,
    pub provider: Pubkey,
    pub slashed: u64,
}
/// A provider (classic) or replica recorded where it put the encrypted result: the sha2-256 digest of its CIDv1.
#[event]
pub struct ResultPublished {
    pub task_id: u64,
    pub provider: Pubkey,
    pub result_cid: [u8; 32],
}
