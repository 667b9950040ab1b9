// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {FeeMath} from "../FeeMath.sol";

/// @title FeeMathHarness
/// @notice Test-only: exposes FeeMath.offerPrice so the shared offer vectors can be asserted against it.
contract FeeMathHarness {
    /// @notice The price of an offer at `at` (FeeMath.offerPrice).
    /// @param minReward The price at the ramp's start.
    /// @param maxReward The price at its end.
    /// @param rampStart Unix seconds the ramp starts.
    /// @param rampDuration Seconds the ramp lasts.
    /// @param at Unix seconds the price is read at.
    /// @return The price.
    function offerPrice(uint256 minReward, uint256 maxReward, uint256 rampStart, uint256 rampDuration, uint256 at)
        external
        pure
        returns (uint256)
    {
        return FeeMath.offerPrice(minReward, maxReward, rampStart, rampDuration, at);
    }
}
