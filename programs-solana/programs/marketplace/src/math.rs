//! Cross-chain arithmetic (CONVENTIONS.md "Arithmetic"), integer floor.
use anchor_lang::prelude::Pubkey;
// solana-program 2.2+ moved keccak to the solana-keccak-hasher crate; its re-export here is the same code
// (the sol_keccak256 syscall on SBF) and spares a new dependency in the lock file.
#[allow(deprecated)]
use anchor_lang::solana_program::keccak;

use crate::constants::*;

/// `(provider, treasury, creator)` amounts of a reward. When no creator is named its share
/// is added to the treasury (and `creator` is 0). `provider` takes the rounding remainder.
pub fn payout_split(reward: u64, treasury_bps: u16, creator_bps: u16, has_creator: bool) -> Option<(u64, u64, u64)> {
    let treasury = u64::try_from(reward as u128 * treasury_bps as u128 / BPS_DENOMINATOR as u128).ok()?;
    let creator = u64::try_from(reward as u128 * creator_bps as u128 / BPS_DENOMINATOR as u128).ok()?;
    let provider = reward.checked_sub(treasury)?.checked_sub(creator)?;
    if has_creator {
        Some((provider, treasury, creator))
    } else {
        Some((provider, treasury.checked_add(creator)?, 0))
    }
}

/// The price of an offer at `at` (DESIGN §5.1, test/vectors/offers.json), integer floor:
/// `min_reward` before `ramp_start`, `max_reward` from the end of the ramp on (from `ramp_start`
/// when `ramp_duration` is 0), linear in between. The product is taken in 128 bits; the result lies
/// between the two rewards, so it fits a u64.
pub fn offer_price(min_reward: u64, max_reward: u64, ramp_start: u64, ramp_duration: u64, at: u64) -> u64 {
    if at < ramp_start || max_reward <= min_reward {
        return min_reward;
    }
    let elapsed = at - ramp_start;
    if ramp_duration == 0 || elapsed >= ramp_duration {
        return max_reward;
    }
    let step = u128::from(max_reward - min_reward) * u128::from(elapsed) / u128::from(ramp_duration);
    // step < max_reward - min_reward, as elapsed < ramp_duration
    min_reward + step as u64
}

/// True when the fee split is valid: sum 10000, providerBps ≥ 5000, creatorBps ≤ 2000.
pub fn fee_split_valid(provider_bps: u16, treasury_bps: u16, creator_bps: u16) -> bool {
    provider_bps as u32 + treasury_bps as u32 + creator_bps as u32 == BPS_DENOMINATOR as u32
        && provider_bps >= MIN_PROVIDER_BPS
        && creator_bps <= MAX_CREATOR_BPS
}

/// The `(providerBps, treasuryBps, creatorBps)` of a packed `feeSplit` parameter value
/// (`providerBps << 32 | treasuryBps << 16 | creatorBps`), or `None` at or above 2^48.
pub fn unpack_fee_split(value: u64) -> Option<(u16, u16, u16)> {
    if value >> 48 != 0 {
        return None;
    }
    Some(((value >> 32) as u16, (value >> 16) as u16, value as u16))
}

/// Packs a fee split into the `feeSplit` parameter value.
pub fn pack_fee_split(provider_bps: u16, treasury_bps: u16, creator_bps: u16) -> u64 {
    (u64::from(provider_bps) << 32) | (u64::from(treasury_bps) << 16) | u64::from(creator_bps)
}

/// Big-endian 32-byte value strictly below `modulus`.
pub fn lt_be(value: &[u8; 32], modulus: &[u8; 32]) -> bool {
    value < modulus
}

/// `specHash` must be < 2^248, i.e. its most significant byte is zero.
pub fn spec_hash_in_range(spec_hash: &[u8; 32]) -> bool {
    spec_hash[0] == 0
}

/// The provider public input: 32-byte address big-endian, mod 2^248 (top byte dropped).
pub fn provider_field(address: &[u8; 32]) -> [u8; 32] {
    let mut out = *address;
    out[0] = 0;
    out
}

/// A u64 as a 32-byte big-endian field element.
pub fn u64_field(value: u64) -> [u8; 32] {
    let mut out = [0u8; 32];
    out[24..].copy_from_slice(&value.to_be_bytes());
    out
}

/// The replica commit (DESIGN §5.2, CONVENTIONS "replica commit", test/vectors/replicas.json `commits`):
/// `keccak256(result_hash ‖ salt ‖ provider)` over 96 bytes, the provider's public key being its universal address.
pub fn replica_commit(result_hash: &[u8; 32], salt: &[u8; 32], provider: &Pubkey) -> [u8; 32] {
    keccak::hashv(&[result_hash, salt, provider.as_ref()]).to_bytes()
}

/// A replica's share of its locked price: `price / k`, integer floor.
pub fn replica_share(price: u64, replicas: u8) -> Option<u64> {
    price.checked_div(u64::from(replicas))
}

/// The winner of a replicated task (DESIGN §5.2): the result hash revealed by a strict majority of `k`
/// (`2 * count > k`), with its count; `None` without one. `revealed` are the revealed result hashes.
pub fn majority(revealed: &[[u8; 32]], replicas: u8) -> Option<([u8; 32], u8)> {
    revealed.iter().find_map(|candidate| {
        let count = revealed.iter().filter(|h| *h == candidate).count();
        (2 * count > usize::from(replicas)).then_some((*candidate, count as u8))
    })
}
