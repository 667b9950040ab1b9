use anchor_lang::prelude::*;

use crate::constants::MAX_VALIDATORS;

/// Bridge configuration, PDA `[BRIDGE_CONFIG_SEED]`.
#[account]
#[derive(InitSpace)]
pub struct BridgeConfig {
    /// Governance (the governance PDA), or an initial admin that hands over with `set_roles`.
    pub admin: Pubkey,
    /// May pause only.
    pub pauser: Pubkey,
    /// The CAL mint (cal_token's `["cal_mint"]` PDA).
    pub cal_mint: Pubkey,
    pub paused: bool,
    /// Current validator set: 20-byte EVM-style addresses, strictly ascending.
    #[max_len(MAX_VALIDATORS)]
    pub validators: Vec<[u8; 20]>,
    pub threshold: u16,
    /// Starts at 1; +1 per rotation.
    pub set_id: u64,
    /// `keccak256(abi.encode(address[] validators, uint16 threshold))`, as on the EVM bridge.
    pub set_hash: [u8; 32],
    /// The replaced set, accepted while `now < previous_valid_until` (retention 0 revokes it at once).
    #[max_len(MAX_VALIDATORS)]
    pub previous_validators: Vec<[u8; 20]>,
    pub previous_threshold: u16,
    pub previous_valid_until: i64,
    /// Seconds a replaced set stays valid (≤ MAX_RETENTION).
    pub retention_window: u32,
    /// Nonce of the last outbound message (the first message carries nonce 1).
    pub outbound_nonce: u64,
    pub bump: u8,
    pub mint_authority_bump: u8,
}
