use anchor_lang::prelude::*;

use crate::constants::DELIVERED_CHUNK_BITS;

/// Replay bitmap of one source domain and one chunk of `DELIVERED_CHUNK_BITS` nonces, PDA
/// `[DELIVERED_SEED, srcDomain u32 be, chunk u64 be]`: bit `nonce % DELIVERED_CHUNK_BITS` (byte `bit / 8`,
/// mask `1 << (bit % 8)`) is set once the message `(srcDomain, nonce)` is delivered. Rent: one 185-byte
/// account per 1024 messages of a source, paid once by the relayer that delivers the first of them.
#[account]
#[derive(InitSpace)]
pub struct DeliveredChunk {
    pub src_domain: u32,
    /// `nonce / DELIVERED_CHUNK_BITS`.
    pub chunk: u64,
    /// `DELIVERED_CHUNK_BITS / 8` bytes.
    pub bits: [u8; 128],
    pub bump: u8,
}

impl DeliveredChunk {
    /// The chunk index of a nonce and its (byte, mask) in `bits`.
    pub fn locate(nonce: u64) -> (u64, usize, u8) {
        let bit = nonce % DELIVERED_CHUNK_BITS;
        (nonce / DELIVERED_CHUNK_BITS, (bit / 8) as usize, 1u8 << (bit % 8))
    }

    pub fn is_delivered(&self, nonce: u64) -> bool {
        let (chunk, byte, mask) = Self::locate(nonce);
        chunk == self.chunk && self.bits[byte] & mask != 0
    }
}

/// A sent message, PDA `[OUTBOUND_SEED, nonce u64 le]`: validators sign exactly `message` (a version-1
/// token message of 89 bytes, or a version-2 governance message of at most 1024 bytes; one nonce sequence).
#[account]
pub struct OutboundMessage {
    pub nonce: u64,
    pub message_id: [u8; 32],
    pub message: Vec<u8>,
    pub sent_at: i64,
    pub bump: u8,
}

impl OutboundMessage {
    /// Account space (discriminator included) of a record holding a message of `len` bytes.
    pub const fn space(len: usize) -> usize {
        8 + 8 + 32 + 4 + len + 8 + 1
    }
}
