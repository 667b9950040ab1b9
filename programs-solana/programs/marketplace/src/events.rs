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
