//! Groth16 verification over BN254 with the alt_bn128 syscalls (host implementations are used
//! natively). Encoding: G1 = x || y, G2 = x.c1 || x.c0 || y.c1 || y.c0, 32-byte big-endian each.
use solana_bn254::prelude::{alt_bn128_addition, alt_bn128_multiplication, alt_bn128_pairing};

use crate::constants::{BN254_P, BN254_R, NUM_PUBLIC_INPUTS, PROOF_LEN};
use crate::state::Groth16VerifyingKey;

#[derive(Debug, PartialEq, Eq)]
pub enum Groth16Error {
    /// A public input is ≥ r.
    InputOutOfRange,
    /// Malformed proof bytes or a point not on the curve / pairing false.
    Invalid,
}

/// `p - y` for a G1 y coordinate (y = 0 stays 0: the point at infinity).
fn negate_y(y: &[u8]) -> [u8; 32] {
    let mut out = [0u8; 32];
    if y.iter().all(|b| *b == 0) {
        return out;
    }
    let mut borrow = 0i16;
    for i in (0..32).rev() {
        let mut d = BN254_P[i] as i16 - y[i] as i16 - borrow;
        if d < 0 {
            d += 256;
            borrow = 1;
        } else {
            borrow = 0;
        }
        out[i] = d as u8;
    }
    out
}

/// Verifies `proof` (A || B || C, 256 bytes) against `vk` and the 4 public inputs.
pub fn verify(
    vk: &Groth16VerifyingKey,
    proof: &[u8],
    public_inputs: &[[u8; 32]; NUM_PUBLIC_INPUTS],
) -> Result<(), Groth16Error> {
    if proof.len() != PROOF_LEN {
        return Err(Groth16Error::Invalid);
    }
    for input in public_inputs {
        if input >= &BN254_R {
            return Err(Groth16Error::InputOutOfRange);
        }
    }
    // vk_x = IC[0] + sum(input_i * IC[i+1])
    let mut acc: [u8; 64] = vk.ic[0];
    for (i, input) in public_inputs.iter().enumerate() {
        let mut mul_in = [0u8; 96];
        mul_in[..64].copy_from_slice(&vk.ic[i + 1]);
        mul_in[64..].copy_from_slice(input);
        let term = alt_bn128_multiplication(&mul_in).map_err(|_| Groth16Error::Invalid)?;
        let mut add_in = [0u8; 128];
        add_in[..64].copy_from_slice(&acc);
        add_in[64..].copy_from_slice(&term);
        let sum = alt_bn128_addition(&add_in).map_err(|_| Groth16Error::Invalid)?;
        acc.copy_from_slice(&sum);
    }
    // e(-A, B) * e(alpha, beta) * e(vk_x, gamma) * e(C, delta) == 1
    let mut pairing_in = [0u8; 4 * 192];
    pairing_in[0..32].copy_from_slice(&proof[0..32]);
    pairing_in[32..64].copy_from_slice(&negate_y(&proof[32..64]));
    pairing_in[64..192].copy_from_slice(&proof[64..192]);
    pairing_in[192..256].copy_from_slice(&vk.alpha_g1);
    pairing_in[256..384].copy_from_slice(&vk.beta_g2);
    pairing_in[384..448].copy_from_slice(&acc);
    pairing_in[448..576].copy_from_slice(&vk.gamma_g2);
    pairing_in[576..640].copy_from_slice(&proof[192..256]);
    pairing_in[640..768].copy_from_slice(&vk.delta_g2);
    let result = alt_bn128_pairing(&pairing_in).map_err(|_| Groth16Error::Invalid)?;
    let mut one = [0u8; 32];
    one[31] = 1;
    if result.as_slice() == one {
        Ok(())
    } else {
        Err(Groth16Error::Invalid)
    }
}
