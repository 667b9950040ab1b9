//! Cross-chain arithmetic (CONVENTIONS.md "Arithmetic"), integer floor, checked.
use crate::constants::BPS_DENOMINATOR;

/// Reputation score in basis points: `10000 * (completed + 1) / (completed + 3*failed + 2)`.
/// Computed in u128 so that it never overflows for any u64 counters.
pub fn score_bps(completed: u64, failed: u64) -> u64 {
    let num = 10_000u128 * (completed as u128 + 1);
    let den = completed as u128 + 3 * failed as u128 + 2;
    (num / den) as u64
}

/// Split of a slash: `(slashed, to_user, to_treasury, unlocked)`.
/// Returns `None` when `slash_bps > 10000`.
pub fn slash_split(collateral: u64, slash_bps: u16) -> Option<(u64, u64, u64, u64)> {
    if slash_bps as u64 > BPS_DENOMINATOR {
        return None;
    }
    let slashed = u64::try_from(collateral as u128 * slash_bps as u128 / BPS_DENOMINATOR as u128).ok()?;
    let to_user = slashed / 2;
    let to_treasury = slashed.checked_sub(to_user)?;
    let unlocked = collateral.checked_sub(slashed)?;
    Some((slashed, to_user, to_treasury, unlocked))
}

// ── Proof of computational power (CONVENTIONS "Proof of computational power"; core/src/power.ts) ─────

// solana-program 2.2+ moved keccak to solana-keccak-hasher; this re-export is the same code (the sol_keccak256
// syscall on SBF), as in the marketplace, and spares a new dependency in the lock file.
use anchor_lang::solana_program::keccak;

/// The largest target, `2^256 - 1`, big-endian.
pub const POWER_MAX_TARGET: [u8; 32] = [0xff; 32];

/// Why an answer is refused, with the index of the offending nonce (`None` for the count).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AnswerError {
    WrongNonceCount,
    DuplicateNonce(usize),
    NonceAboveTarget(usize),
}

/// The challenge target as a big-endian u256: `min(2^256 - 1, floor(2^256 * 3m / (claimedRate * responseWindow)))`,
/// computed as CONVENTIONS says: with `d = claimedRate * responseWindow` and `M = 2^256 - 1`, `M` when `d <= 3m`, else
/// `floor(M / d) * 3m + floor((M mod d + 1) * 3m / d)`. `None` when a factor is zero or `d >= 2^96`.
pub fn power_target(claimed_rate: u64, response_window: u64, nonces: u8) -> Option<[u8; 32]> {
    if claimed_rate == 0 || response_window == 0 || nonces == 0 {
        return None;
    }
    let d = claimed_rate as u128 * response_window as u128;
    let k = 3 * nonces as u128;
    if d >= 1u128 << 96 {
        return None;
    }
    if d <= k {
        return Some(POWER_MAX_TARGET);
    }
    // floor(M / d) by 32-bit limbs, most significant first: the remainder stays below d < 2^96, so
    // `remainder << 32 | limb` fits in a u128.
    let mut q = [0u32; 8];
    let mut r: u128 = 0;
    for limb in q.iter_mut() {
        let cur = (r << 32) | 0xffff_ffff;
        *limb = (cur / d) as u32;
        r = cur % d;
    }
    // q * 3m + floor((r + 1) * 3m / d), least significant limb first; (r + 1) * 3m < 2^96 * 96.
    let mut carry = (r + 1) * k / d;
    let mut out = [0u32; 8];
    for i in (0..8).rev() {
        let t = q[i] as u128 * k + carry;
        out[i] = t as u32;
        carry = t >> 32;
    }
    if carry != 0 {
        return None;
    }
    let mut bytes = [0u8; 32];
    for (i, limb) in out.iter().enumerate() {
        bytes[4 * i..4 * i + 4].copy_from_slice(&limb.to_be_bytes());
    }
    Some(bytes)
}

/// `keccak256(randomness bytes32 | challengeId u64 BE | provider bytes32)`.
pub fn challenge_seed(randomness: &[u8; 32], challenge_id: u64, provider: &[u8; 32]) -> [u8; 32] {
    keccak::hashv(&[randomness, &challenge_id.to_be_bytes(), provider]).0
}

/// `keccak256(seed bytes32 | provider bytes32 | nonce u64 BE)`.
pub fn solution_hash(seed: &[u8; 32], provider: &[u8; 32], nonce: u64) -> [u8; 32] {
    keccak::hashv(&[seed, provider, &nonce.to_be_bytes()]).0
}

/// The answer check in CONVENTIONS order: exactly m nonces, then index by index a nonce strictly above the previous
/// one and a solution hash strictly below the target (both big-endian, so byte order compares them).
pub fn check_answer(
    seed: &[u8; 32],
    provider: &[u8; 32],
    target: &[u8; 32],
    nonces: u8,
    answer: &[u64],
) -> core::result::Result<(), AnswerError> {
    if answer.len() != nonces as usize {
        return Err(AnswerError::WrongNonceCount);
    }
    for (i, &n) in answer.iter().enumerate() {
        if i > 0 && n <= answer[i - 1] {
            return Err(AnswerError::DuplicateNonce(i));
        }
        if solution_hash(seed, provider, n) >= *target {
            return Err(AnswerError::NonceAboveTarget(i));
        }
    }
    Ok(())
}

/// `floor(claimedRate * powerPassed / (powerPassed + failuresInRow + 1))`, 0 without a claim or a pass.
pub fn verified_power(claimed_rate: u64, power_passed: u64, failures_in_row: u64) -> u64 {
    if claimed_rate == 0 || power_passed == 0 {
        return 0;
    }
    let den = power_passed as u128 + failures_in_row as u128 + 1;
    (claimed_rate as u128 * power_passed as u128 / den) as u64
}

/// A power slash of the free stake: `(slashed, to_challenger, to_treasury)` with `slashed = floor(free * bps / 10000)`,
/// half (floor) to the challenger. `None` when `bps > 10000`.
pub fn power_slash_split(free: u64, power_slash_bps: u16) -> Option<(u64, u64, u64)> {
    if power_slash_bps as u64 > BPS_DENOMINATOR {
        return None;
    }
    let slashed = u64::try_from(free as u128 * power_slash_bps as u128 / BPS_DENOMINATOR as u128).ok()?;
    let to_challenger = slashed / 2;
    Some((slashed, to_challenger, slashed - to_challenger))
}
