// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {Test} from "forge-std/Test.sol";
import {Reputation} from "../../contracts/staking/Reputation.sol";
import {FeeMath} from "../../contracts/marketplace/FeeMath.sol";

/// Pure-arithmetic fuzz tests: the score formula against an independent reference, and the
/// payout / slash splits conserving the amounts they split.
contract ArithmeticFuzzTest is Test {
    /// Reference: score = 10000 * (c + 1) / (c + 3f + 2), computed by repeated subtraction-free long form.
    function referenceScore(uint256 c, uint256 f) internal pure returns (uint256) {
        uint256 num = 10_000 * c + 10_000;
        uint256 den = c + f + f + f + 2;
        return num / den;
    }

    function testFuzz_ScoreMatchesReference(uint64 completed, uint64 failed) public pure {
        uint256 s = Reputation.score(completed, failed);
        assertEq(s, referenceScore(completed, failed));
        assertLe(s, 10_000);
        if (failed == 0) assertGe(s, 5_000);
    }

    function test_NewProviderScores5000() public pure {
        assertEq(Reputation.score(0, 0), 5_000);
    }

    function testFuzz_PayoutSumsToReward(uint64 reward, uint16 treasuryBps, uint16 creatorBps, bool hasCreator)
        public
        pure
    {
        treasuryBps = uint16(bound(treasuryBps, 0, 5_000));
        creatorBps = uint16(bound(creatorBps, 0, 5_000 - treasuryBps > 2_000 ? 2_000 : 5_000 - treasuryBps));
        (uint256 p, uint256 t, uint256 c) = FeeMath.payout(reward, treasuryBps, creatorBps, hasCreator);
        assertEq(p + t + c, reward);
        if (!hasCreator) assertEq(c, 0);
        assertGe(p, (uint256(reward) * (10_000 - treasuryBps - creatorBps)) / 10_000);
    }

    function testFuzz_SlashSplitsConserve(uint64 collateral, uint16 slashBps) public pure {
        slashBps = uint16(bound(slashBps, 100, 10_000));
        (uint256 slashed, uint256 toUser, uint256 toTreasury) = FeeMath.slash(collateral, slashBps);
        assertEq(toUser + toTreasury, slashed);
        assertLe(slashed, collateral);
        assertLe(toUser, toTreasury);
        assertLe(toTreasury - toUser, 1);
    }
}
