// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title FeeMath
/// @notice Payout and slash arithmetic shared by every chain (CONVENTIONS.md), integer floor.
library FeeMath {
    /// @notice Basis points in a whole.
    uint256 internal constant BPS = 10_000;

    /// @notice Splits `reward` between the provider, the treasury and the model creator.
    /// @param reward The task's reward.
    /// @param treasuryBps Treasury share in basis points.
    /// @param creatorBps Model-creator share in basis points.
    /// @param hasCreator Whether the task names a model creator.
    /// @return provider `reward - treasury - creator`
    /// @return treasury `reward*treasuryBps/10000`, plus the creator share when no creator is named
    /// @return creator `reward*creatorBps/10000` when a creator is named, else 0
    function payout(uint256 reward, uint256 treasuryBps, uint256 creatorBps, bool hasCreator)
        internal
        pure
        returns (uint256 provider, uint256 treasury, uint256 creator)
    {
        treasury = (reward * treasuryBps) / BPS;
        creator = (reward * creatorBps) / BPS;
        provider = reward - treasury - creator;
        if (!hasCreator) {
            treasury += creator;
            creator = 0;
        }
    }

    /// @notice The price of an offer at `at` (DESIGN §5.1, test/vectors/offers.json), integer floor: `minReward`
    /// before `rampStart`, `maxReward` from the end of the ramp on (from `rampStart` when `rampDuration` is 0),
    /// linear in between.
    /// @param minReward The price at the ramp's start.
    /// @param maxReward The price at its end (at least `minReward`).
    /// @param rampStart Unix seconds the ramp starts.
    /// @param rampDuration Seconds the ramp lasts.
    /// @param at Unix seconds the price is read at.
    /// @return price `minReward + (maxReward - minReward) * min(at - rampStart, rampDuration) / rampDuration`
    function offerPrice(uint256 minReward, uint256 maxReward, uint256 rampStart, uint256 rampDuration, uint256 at)
        internal
        pure
        returns (uint256 price)
    {
        if (at < rampStart || maxReward <= minReward) return minReward;
        uint256 elapsed = at - rampStart;
        if (rampDuration == 0 || elapsed >= rampDuration) return maxReward;
        return minReward + ((maxReward - minReward) * elapsed) / rampDuration;
    }

    /// @notice Splits a slash of `collateral` between the user and the treasury.
    /// @param collateral The task's locked collateral.
    /// @param slashBps Slashed share in basis points.
    /// @return slashed `collateral*slashBps/10000`
    /// @return toUser `slashed/2`
    /// @return toTreasury `slashed - toUser`
    function slash(uint256 collateral, uint256 slashBps)
        internal
        pure
        returns (uint256 slashed, uint256 toUser, uint256 toTreasury)
    {
        slashed = (collateral * slashBps) / BPS;
        toUser = slashed / 2;
        toTreasury = slashed - toUser;
    }
}
