//! Events (Anchor `emit!`). Natively they do not reach the logs; clients read the accounts
//! (`OutboundMessage`, `DeliveredChunk`, `BridgeConfig`) as the source of truth.
use anchor_lang::prelude::*;

#[event]
pub struct MessageSent {
    pub message_id: [u8; 32],
    pub dst_domain: u32,
    pub nonce: u64,
    pub sender: [u8; 32],
    pub recipient: [u8; 32],
    pub amount: u64,
}

#[event]
pub struct MessageDelivered {
    pub message_id: [u8; 32],
    pub src_domain: u32,
    pub nonce: u64,
    pub recipient: Pubkey,
    pub amount: u64,
}

#[event]
pub struct GovernanceMessageSent {
    pub message_id: [u8; 32],
    pub dst_domain: u32,
    pub nonce: u64,
    pub kind: u8,
}

#[event]
pub struct GovernanceMessageDelivered {
    pub message_id: [u8; 32],
    pub src_domain: u32,
    pub nonce: u64,
    pub kind: u8,
}

#[event]
pub struct ValidatorSetUpdated {
    pub set_id: u64,
    pub set_hash: [u8; 32],
    pub validators: Vec<[u8; 20]>,
    pub threshold: u16,
    pub previous_valid_until: i64,
}

#[event]
pub struct RemoteDomainUpdated {
    pub domain: u32,
    pub bridge: [u8; 32],
    pub inbound_capacity: u64,
    pub inbound_rate_per_second: u64,
    pub outbound_capacity: u64,
    pub outbound_rate_per_second: u64,
}

#[event]
pub struct RemoteDomainDisabled {
    pub domain: u32,
}

#[event]
pub struct ParameterUpdated {
    pub name: String,
    pub value: u64,
}

#[event]
pub struct RolesUpdated {
    pub admin: Pubkey,
    pub pauser: Pubkey,
}

#[event]
pub struct Paused {
    pub by: Pubkey,
}

#[event]
pub struct Unpaused {
    pub by: Pubkey,
}
