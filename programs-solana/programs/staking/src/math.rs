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
