//! The governance timings and thresholds of the DAO tests (governance over the marketplace and
//! over the bridge).
use governance::GovernanceParams;

use crate::ONE_CAL;

pub const DELAY: i64 = 3_600;
pub const PERIOD: i64 = 86_400;
pub const TIMELOCK: i64 = 2 * 86_400;
pub const GRACE: i64 = 14 * 86_400;

/// `DELAY` / `PERIOD` / `TIMELOCK` / `GRACE`, a 100 CAL quorum and a 10 CAL proposal threshold.
pub fn params() -> GovernanceParams {
    GovernanceParams {
        voting_delay: DELAY,
        voting_period: PERIOD,
        timelock_delay: TIMELOCK,
        grace_period: GRACE,
        quorum_votes: 100 * ONE_CAL,
        proposal_threshold: 10 * ONE_CAL,
    }
}
