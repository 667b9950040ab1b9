//! The cross-chain message (DESIGN §8): 89 big-endian bytes
//! `version u8 | srcDomain u32 | dstDomain u32 | nonce u64 | sender bytes32 | recipient bytes32 | amount u64`,
//! `messageId = keccak256(message)`, signed digest
//! `keccak256("CALCTRA_BRIDGE_V1" | dstDomain u32 | dstBridge bytes32 | messageId)`, and the
//! secp256k1 signer recovery (r|s|v, v ∈ {27, 28}, low-s only). Pure functions, host-testable.
#![allow(deprecated)] // solana_program::{keccak, secp256k1_recover} re-exports (Solana 2.x)
use anchor_lang::solana_program::{keccak, secp256k1_recover::secp256k1_recover};

use crate::constants::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BridgeMessage {
    pub version: u8,
    pub src_domain: u32,
    pub dst_domain: u32,
    pub nonce: u64,
    pub sender: [u8; 32],
    pub recipient: [u8; 32],
    pub amount: u64,
}

fn array<const N: usize>(bytes: &[u8]) -> [u8; N] {
    let mut out = [0u8; N];
    out.copy_from_slice(bytes);
    out
}

impl BridgeMessage {
    pub fn encode(&self) -> [u8; MESSAGE_LEN] {
        let mut m = [0u8; MESSAGE_LEN];
        m[0] = self.version;
        m[1..5].copy_from_slice(&self.src_domain.to_be_bytes());
        m[5..9].copy_from_slice(&self.dst_domain.to_be_bytes());
        m[9..17].copy_from_slice(&self.nonce.to_be_bytes());
        m[17..49].copy_from_slice(&self.sender);
        m[49..81].copy_from_slice(&self.recipient);
        m[81..89].copy_from_slice(&self.amount.to_be_bytes());
        m
    }

    pub fn decode(m: &[u8; MESSAGE_LEN]) -> BridgeMessage {
        BridgeMessage {
            version: m[0],
            src_domain: u32::from_be_bytes(array(&m[1..5])),
            dst_domain: u32::from_be_bytes(array(&m[5..9])),
            nonce: u64::from_be_bytes(array(&m[9..17])),
            sender: array(&m[17..49]),
            recipient: array(&m[49..81]),
            amount: u64::from_be_bytes(array(&m[81..89])),
        }
    }
}

/// `keccak256(message)`.
pub fn message_id(message: &[u8]) -> [u8; 32] {
    keccak::hash(message).to_bytes()
}

/// `keccak256("CALCTRA_BRIDGE_V1" | dstDomain u32 be | dstBridge bytes32 | messageId)`.
pub fn digest(dst_domain: u32, dst_bridge: &[u8; 32], message_id: &[u8; 32]) -> [u8; 32] {
    keccak::hashv(&[DIGEST_TAG, &dst_domain.to_be_bytes(), dst_bridge, message_id]).to_bytes()
}

/// EVM address of an uncompressed secp256k1 public key (x‖y, 64 bytes).
pub fn evm_address(pubkey: &[u8; 64]) -> [u8; 20] {
    array(&keccak::hash(pubkey).to_bytes()[12..])
}

/// The signer of a 65-byte `r|s|v` signature over `digest`, or `None` when the signature is
/// unrecoverable, has a high `s` (> n/2, malleable) or `v` is not 27/28.
pub fn recover_signer(digest: &[u8; 32], signature: &[u8; SIGNATURE_LEN]) -> Option<[u8; 20]> {
    if signature[32..64] > SECP256K1_HALF_N[..] {
        return None;
    }
    let recovery_id = match signature[64] {
        27 => 0,
        28 => 1,
        _ => return None,
    };
    let pubkey = secp256k1_recover(digest, recovery_id, &signature[..64]).ok()?;
    Some(evm_address(&pubkey.to_bytes()))
}

/// `keccak256(abi.encode(address[] validators, uint16 threshold))`, the EVM bridge's set hash.
pub fn set_hash(validators: &[[u8; 20]], threshold: u16) -> [u8; 32] {
    let word = |tail: &[u8]| {
        let mut w = [0u8; 32];
        w[32 - tail.len()..].copy_from_slice(tail);
        w
    };
    let mut words: Vec<[u8; 32]> = Vec::with_capacity(validators.len() + 3);
    words.push(word(&64u64.to_be_bytes()));
    words.push(word(&threshold.to_be_bytes()));
    words.push(word(&(validators.len() as u64).to_be_bytes()));
    for v in validators {
        words.push(word(v));
    }
    let parts: Vec<&[u8]> = words.iter().map(|w| w.as_slice()).collect();
    keccak::hashv(&parts).to_bytes()
}

/// Whether a domain is an EVM chain: every domain but Solana's and TON's (DESIGN §8).
pub fn is_evm_domain(domain: u32) -> bool {
    domain != SOLANA_DOMAIN && domain != TON_DOMAIN
}

/// Whether `recipient` can receive on `dst_domain`: non-zero, and toward an EVM domain a 20-byte
/// address left-padded to 32 bytes (its top 12 bytes zero). `send` refuses any other recipient
/// with `BridgeInvalidRecipient`, since the destination could never deliver it and the burn would be lost.
pub fn is_deliverable_recipient(dst_domain: u32, recipient: &[u8; 32]) -> bool {
    *recipient != [0u8; 32] && (!is_evm_domain(dst_domain) || recipient[..12] == [0u8; 12])
}
