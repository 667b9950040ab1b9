//! Proof of computational power (DESIGN §11), the provider's side: finding m nonces whose
//! `keccak256(seed | provider | nonce u64 BE)` is below a target, at full speed on every core (rayon),
//! and measuring the machine's honest keccak-256 rate. The layouts are CONVENTIONS.md's.

use rayon::prelude::*;
use std::time::Instant;
use tiny_keccak::{Hasher, Keccak};

/// Nonces hashed per parallel work item.
const CHUNK: u64 = 1 << 14;

/// The 72-byte preimage with the nonce's 8 bytes at the end.
fn preimage(seed: &[u8; 32], provider: &[u8; 32]) -> [u8; 72] {
    let mut buf = [0u8; 72];
    buf[..32].copy_from_slice(seed);
    buf[32..64].copy_from_slice(provider);
    buf
}

/// `keccak256(seed | provider | nonce)` as big-endian bytes.
pub fn solution_hash(seed: &[u8; 32], provider: &[u8; 32], nonce: u64) -> [u8; 32] {
    let mut buf = preimage(seed, provider);
    buf[64..].copy_from_slice(&nonce.to_be_bytes());
    let mut out = [0u8; 32];
    let mut k = Keccak::v256();
    k.update(&buf);
    k.finalize(&mut out);
    out
}

fn scan(seed: &[u8; 32], provider: &[u8; 32], target: &[u8; 32], from: u64, to: u64) -> Vec<u64> {
    let mut buf = preimage(seed, provider);
    let mut out = Vec::new();
    let mut hash = [0u8; 32];
    for nonce in from..to {
        buf[64..].copy_from_slice(&nonce.to_be_bytes());
        let mut k = Keccak::v256();
        k.update(&buf);
        k.finalize(&mut hash);
        // big-endian 256-bit comparison: strictly below the target
        if hash < *target {
            out.push(nonce);
        }
    }
    out
}

/// The first `m` solutions at or after `start` (strictly increasing), searching at most `limit` nonces;
/// returns the solutions found and the number of nonces hashed.
pub fn solve(
    seed: &[u8; 32],
    provider: &[u8; 32],
    target: &[u8; 32],
    m: usize,
    start: u64,
    limit: u64,
) -> (Vec<u64>, u64) {
    let threads = rayon::current_num_threads().max(1) as u64;
    let batch = CHUNK * threads * 4;
    let end = start.saturating_add(limit);
    let mut found = Vec::new();
    let mut at = start;
    while found.len() < m && at < end {
        let stop = at.saturating_add(batch).min(end);
        let chunks: Vec<(u64, u64)> =
            (at..stop).step_by(CHUNK as usize).map(|a| (a, a.saturating_add(CHUNK).min(stop))).collect();
        let mut hits: Vec<u64> =
            chunks.par_iter().flat_map_iter(|&(a, b)| scan(seed, provider, target, a, b)).collect();
        hits.sort_unstable();
        found.extend(hits);
        at = stop;
    }
    found.truncate(m);
    (found, at - start)
}

/// Hashes for about `ms` milliseconds on every core; returns (hashes, seconds).
pub fn measure(ms: u64) -> (u64, f64) {
    let seed = [7u8; 32];
    let provider = [9u8; 32];
    let never = [0u8; 32];
    let t0 = Instant::now();
    let mut hashes = 0u64;
    let mut at = 0u64;
    let threads = rayon::current_num_threads().max(1) as u64;
    while t0.elapsed().as_millis() < ms as u128 {
        let (_, n) = solve(&seed, &provider, &never, 1, at, CHUNK * threads * 4);
        hashes += n;
        at += n;
    }
    (hashes, t0.elapsed().as_secs_f64())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn solution_hash_is_keccak_of_the_72_byte_layout() {
        // keccak256 of 72 zero bytes
        let h = solution_hash(&[0u8; 32], &[0u8; 32], 0);
        let mut expected = [0u8; 32];
        let mut k = Keccak::v256();
        k.update(&[0u8; 72]);
        k.finalize(&mut expected);
        assert_eq!(h, expected);
    }

    #[test]
    fn solve_finds_the_same_nonces_as_a_sequential_scan() {
        let seed = [1u8; 32];
        let provider = [2u8; 32];
        let mut target = [0u8; 32];
        target[0] = 0x01; // one hash in 256 on average
        let (found, hashed) = solve(&seed, &provider, &target, 8, 5, 1 << 20);
        assert_eq!(found.len(), 8);
        assert!(found.windows(2).all(|w| w[0] < w[1]));
        let sequential: Vec<u64> = (5..).filter(|&n| solution_hash(&seed, &provider, n) < target).take(8).collect();
        assert_eq!(found, sequential);
        assert!(hashed >= found[7] - 5);
    }
}
