//! Conversion of snarkjs Groth16 JSON (BN254) to the alt_bn128 byte encoding the marketplace
//! verifier reads: G1 = x || y, G2 = x.c1 || x.c0 || y.c1 || y.c0, 32-byte big-endian each.
//! snarkjs writes G2 coordinates as `[[x.c0, x.c1], [y.c0, y.c1], ...]` (projective, z = 1).
use crate::vectors::decimal_to_be32;
use marketplace::Groth16VerifyingKey;
use serde_json::Value;

fn s(v: &Value) -> &str {
    v.as_str().expect("decimal string")
}

pub fn g1(v: &Value) -> [u8; 64] {
    let mut out = [0u8; 64];
    out[..32].copy_from_slice(&decimal_to_be32(s(&v[0])));
    out[32..].copy_from_slice(&decimal_to_be32(s(&v[1])));
    out
}

pub fn g2(v: &Value) -> [u8; 128] {
    let mut out = [0u8; 128];
    out[..32].copy_from_slice(&decimal_to_be32(s(&v[0][1])));
    out[32..64].copy_from_slice(&decimal_to_be32(s(&v[0][0])));
    out[64..96].copy_from_slice(&decimal_to_be32(s(&v[1][1])));
    out[96..].copy_from_slice(&decimal_to_be32(s(&v[1][0])));
    out
}

/// Proof bytes `A || B || C` (A not negated: the program negates it).
pub fn proof_bytes(proof: &Value) -> Vec<u8> {
    let mut out = Vec::with_capacity(256);
    out.extend_from_slice(&g1(&proof["pi_a"]));
    out.extend_from_slice(&g2(&proof["pi_b"]));
    out.extend_from_slice(&g1(&proof["pi_c"]));
    out
}

pub fn verifying_key(vkey: &Value) -> Groth16VerifyingKey {
    let ic_json = vkey["IC"].as_array().expect("IC");
    assert_eq!(ic_json.len(), 5, "4 public inputs expected");
    let mut ic = [[0u8; 64]; 5];
    for (i, p) in ic_json.iter().enumerate() {
        ic[i] = g1(p);
    }
    Groth16VerifyingKey {
        alpha_g1: g1(&vkey["vk_alpha_1"]),
        beta_g2: g2(&vkey["vk_beta_2"]),
        gamma_g2: g2(&vkey["vk_gamma_2"]),
        delta_g2: g2(&vkey["vk_delta_2"]),
        ic,
    }
}
