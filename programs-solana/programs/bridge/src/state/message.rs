use anchor_lang::prelude::*;

use crate::constants::MESSAGE_LEN;

/// Replay marker of a delivered inbound message, PDA `[DELIVERED_SEED, messageId]`.
#[account]
#[derive(InitSpace)]
pub struct Delivered {
    pub message_id: [u8; 32],
    pub src_domain: u32,
    pub nonce: u64,
    pub recipient: Pubkey,
    pub amount: u64,
    pub delivered_at: i64,
    pub bump: u8,
}

/// A sent message, PDA `[OUTBOUND_SEED, nonce u64 le]`: validators sign exactly `message`.
#[account]
#[derive(InitSpace)]
pub struct OutboundMessage {
    pub nonce: u64,
    pub message_id: [u8; 32],
    pub message: [u8; MESSAGE_LEN],
    pub sent_at: i64,
    pub bump: u8,
}
