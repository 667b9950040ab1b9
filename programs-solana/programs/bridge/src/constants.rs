use anchor_lang::prelude::*;

/// Config PDA: `[BRIDGE_CONFIG_SEED]`.
#[constant]
pub const BRIDGE_CONFIG_SEED: &[u8] = b"bridge_config";
/// Mint-authority PDA `[MINT_AUTHORITY_SEED]`: cal_token hands the CAL mint authority to it once.
#[constant]
pub const MINT_AUTHORITY_SEED: &[u8] = b"mint_authority";
/// Remote-domain PDA: `[REMOTE_DOMAIN_SEED, domain u32 big-endian]` (the message's byte order).
#[constant]
pub const REMOTE_DOMAIN_SEED: &[u8] = b"remote";
/// Replay bitmap of delivered messages by `(srcDomain, nonce)`: one PDA per source domain and chunk of
/// `DELIVERED_CHUNK_BITS` nonces, `[DELIVERED_SEED, srcDomain u32 be, nonce / DELIVERED_CHUNK_BITS u64 be]`,
/// created by the relayer of the first message of the chunk; bit `nonce % DELIVERED_CHUNK_BITS` marks the message.
#[constant]
pub const DELIVERED_SEED: &[u8] = b"delivered";
/// Nonces per replay chunk (a 128-byte bitmap).
#[constant]
pub const DELIVERED_CHUNK_BITS: u64 = 1024;
/// Outbound message record: `[OUTBOUND_SEED, nonce u64 little-endian]`.
#[constant]
pub const OUTBOUND_SEED: &[u8] = b"outbound";

/// The bridge's authority PDA `[BRIDGE_AUTHORITY_SEED]`: signs the CPI that hands a delivered version-2
/// message to the governance program (which checks this signer).
#[constant]
pub const BRIDGE_AUTHORITY_SEED: &[u8] = b"bridge_authority";
/// Seed of the governance program's vault PDA (its config, `[GOVERNANCE_VAULT_SEED]` under the governance
/// program): the only signer `send_governance_message` accepts.
pub const GOVERNANCE_VAULT_SEED: &[u8] = b"governance";
/// The governance program (vault + executor) version-2 messages are handed to.
pub const GOVERNANCE_PROGRAM_ID: Pubkey = pubkey!("3KZshoc9NSBbyEyKkDecvXu6yLciiXR5Kb1VeujJXHWS");

/// Solana's bridge domain (`"SOLA"`, CONVENTIONS.md).
pub const SOLANA_DOMAIN: u32 = 0x534F_4C41;
/// TON's bridge domain (`"TON\0"`, CONVENTIONS.md).
pub const TON_DOMAIN: u32 = 0x544F_4E00;
pub const MESSAGE_VERSION: u8 = 1;
pub const MESSAGE_LEN: usize = 89;
/// Version-2 (governance) messages: `version | srcDomain | dstDomain | nonce | sender | recipient | kind | payload`.
pub const GOVERNANCE_MESSAGE_VERSION: u8 = 2;
/// Bytes of a version-2 message before its payload (the kind byte included).
pub const GOVERNANCE_HEADER_LEN: usize = 82;
/// Longest version-2 message (CONVENTIONS).
pub const MAX_GOVERNANCE_MESSAGE_LEN: usize = 1024;
pub const SIGNATURE_LEN: usize = 65;
/// Domain separator of the signed digest.
pub const DIGEST_TAG: &[u8] = b"CALCTRA_BRIDGE_V1";
/// Largest validator set (bounds every loop and the config size), as on the EVM bridge.
pub const MAX_VALIDATORS: usize = 32;
/// Largest threshold: an inbound transaction (1232 bytes) carries the 89-byte message, the
/// accounts and at most ~10 signatures of 65 bytes, so a higher threshold could never be met here.
pub const MAX_THRESHOLD: u16 = 10;
/// Longest retention window of a previous validator set (30 days), as on the EVM bridge.
pub const MAX_RETENTION: u32 = 30 * 24 * 3600;
/// secp256k1 group order n / 2 (big-endian): signatures with a larger `s` are refused (low-s only).
pub const SECP256K1_HALF_N: [u8; 32] = [
    0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x5d, 0x57, 0x6e,
    0x73, 0x57, 0xa4, 0x50, 0x1d, 0xdf, 0xe9, 0x2f, 0x46, 0x68, 0x1b, 0x20, 0xa0,
];
