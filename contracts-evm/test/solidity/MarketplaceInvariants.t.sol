// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {Test} from "forge-std/Test.sol";
import {CalToken} from "../../contracts/token/CalToken.sol";
import {Staking} from "../../contracts/staking/Staking.sol";
import {IStaking} from "../../contracts/interfaces/IStaking.sol";
import {Marketplace} from "../../contracts/marketplace/Marketplace.sol";
import {IMarketplace} from "../../contracts/interfaces/IMarketplace.sol";
import {MockVerifier} from "../../contracts/mocks/MockVerifier.sol";

/// Drives the marketplace and staking through random valid-looking actions from a few users and
/// providers; reverts are allowed (the invariants only look at resulting state).
contract MarketHandler is Test {
    CalToken public immutable token;
    Staking public immutable staking;
    Marketplace public immutable market;
    address public immutable arbiter;
    address[3] public users = [address(0x1001), address(0x1002), address(0x1003)];
    address[3] public providers = [address(0x2001), address(0x2002), address(0x2003)];

    constructor(CalToken token_, Staking staking_, Marketplace market_, address arbiter_) {
        token = token_;
        staking = staking_;
        market = market_;
        arbiter = arbiter_;
    }

    function providerCount() external pure returns (uint256) {
        return 3;
    }

    function _task(uint256 seed) internal view returns (uint256 id) {
        uint256 n = market.taskCount();
        if (n == 0) return 1;
        return bound(seed, 1, n);
    }

    function createTask(uint256 who, uint256 reward, uint256 collateral, uint256 deadlineIn, bool proved) external {
        address user = users[who % 3];
        reward = bound(reward, 1, 50_000e9);
        collateral = bound(collateral, 0, 400e9);
        deadlineIn = bound(deadlineIn, 1, 3 days);
        vm.prank(user);
        try market.createTask(
            IMarketplace.TaskParams({
                specHash: uint256(keccak256(abi.encode(reward, deadlineIn))) >> 8,
                reward: reward,
                collateral: collateral,
                deadline: block.timestamp + deadlineIn,
                verifierId: proved ? 1 : 0,
                modelCreator: proved ? address(0xC0FFEE) : address(0),
                minReputationBps: 0
            })
        ) {} catch {}
    }

    function cancelTask(uint256 seed) external {
        uint256 id = _task(seed);
        try market.getTask(id) returns (IMarketplace.TaskView memory t) {
            vm.prank(t.user);
            try market.cancelTask(id) {} catch {}
        } catch {}
    }

    function acceptTask(uint256 seed, uint256 who) external {
        uint256 id = _task(seed);
        vm.prank(providers[who % 3]);
        try market.acceptTask(id) {} catch {}
    }

    function submitResult(uint256 seed, uint256 commitment) external {
        uint256 id = _task(seed);
        try market.getTask(id) returns (IMarketplace.TaskView memory t) {
            commitment = bound(commitment, 0, market.BN254_R() - 1);
            bytes memory proof = t.verifierId == 0
                ? bytes("")
                : abi.encode([id, t.specHash, commitment, uint256(uint160(t.provider))]);
            vm.prank(t.provider);
            try market.submitResult(id, commitment, proof) {} catch {}
        } catch {}
    }

    function finalize(uint256 seed) external {
        try market.finalize(_task(seed)) {} catch {}
    }

    function dispute(uint256 seed) external {
        uint256 id = _task(seed);
        try market.getTask(id) returns (IMarketplace.TaskView memory t) {
            vm.prank(t.user);
            try market.dispute(id) {} catch {}
        } catch {}
    }

    function resolve(uint256 seed, bool fault) external {
        vm.prank(arbiter);
        try market.resolve(_task(seed), fault) {} catch {}
    }

    function expire(uint256 seed) external {
        try market.expire(_task(seed)) {} catch {}
    }

    function stake(uint256 who, uint256 amount) external {
        vm.prank(providers[who % 3]);
        try staking.stake(bound(amount, 1, 2_000e9)) {} catch {}
    }

    function requestUnstake(uint256 who, uint256 amount) external {
        vm.prank(providers[who % 3]);
        try staking.requestUnstake(bound(amount, 1, 2_000e9)) {} catch {}
    }

    function withdraw(uint256 who) external {
        vm.prank(providers[who % 3]);
        try staking.withdraw() {} catch {}
    }

    function warp(uint256 secs) external {
        vm.warp(block.timestamp + bound(secs, 1, 2 days));
    }
}

/// Escrow conservation and stake accounting under random sequences of actions.
contract MarketplaceInvariantTest is Test {
    CalToken internal token;
    Staking internal staking;
    Marketplace internal market;
    MarketHandler internal handler;
    address internal constant TREASURY = address(0x7E);
    address internal constant ARBITER = address(0xA7);
    uint256 internal supply;

    function setUp() public {
        vm.warp(1_800_000_000);
        token = new CalToken(address(this), address(this), true);
        staking = new Staking(token, address(this));
        market = new Marketplace(token, staking, address(this), address(this), TREASURY, ARBITER);
        staking.setMarketplace(address(market));
        market.registerVerifier(1, address(new MockVerifier(true)));
        handler = new MarketHandler(token, staking, market, ARBITER);
        for (uint256 i = 0; i < 3; ++i) {
            address u = handler.users(i);
            address p = handler.providers(i);
            token.transfer(u, 10_000_000e9);
            token.transfer(p, 10_000_000e9);
            vm.prank(u);
            token.approve(address(market), type(uint256).max);
            vm.startPrank(p);
            token.approve(address(staking), type(uint256).max);
            staking.register(bytes32(i));
            staking.stake(500e9);
            vm.stopPrank();
        }
        supply = token.totalSupply();
        targetContract(address(handler));
    }

    function _live(IMarketplace.TaskStatus s) internal pure returns (bool) {
        return s == IMarketplace.TaskStatus.Open || s == IMarketplace.TaskStatus.Assigned
            || s == IMarketplace.TaskStatus.Submitted || s == IMarketplace.TaskStatus.Disputed;
    }

    /// Escrow balance == sum of rewards of tasks in Open/Assigned/Submitted/Disputed.
    function invariant_EscrowEqualsLiveRewards() public view {
        uint256 sum;
        uint256 n = market.taskCount();
        for (uint256 id = 1; id <= n; ++id) {
            IMarketplace.TaskView memory t = market.getTask(id);
            if (_live(t.status)) sum += t.reward;
        }
        assertEq(token.balanceOf(address(market)), sum);
    }

    /// Staking's balance == sum over providers of free + locked + pendingUnstake, and each provider's
    /// locked stake == the collateral of its Assigned/Submitted/Disputed tasks.
    function invariant_StakeAccounting() public view {
        uint256 total;
        uint256 n = market.taskCount();
        for (uint256 i = 0; i < 3; ++i) {
            address p = handler.providers(i);
            IStaking.StakeInfo memory s = staking.stakeInfo(p);
            total += uint256(s.free) + s.locked + s.pendingUnstake;
            uint256 lockedByTasks;
            for (uint256 id = 1; id <= n; ++id) {
                IMarketplace.TaskView memory t = market.getTask(id);
                if (t.provider == p && t.status != IMarketplace.TaskStatus.Open && _live(t.status)) {
                    lockedByTasks += t.collateral;
                }
            }
            assertEq(s.locked, lockedByTasks);
        }
        assertEq(token.balanceOf(address(staking)), total);
    }

    /// No token is created or destroyed by the protocol.
    function invariant_SupplyConserved() public view {
        assertEq(token.totalSupply(), supply);
    }

    /// Reputation counters agree with the score view.
    function invariant_ScoreMatchesCounters() public view {
        for (uint256 i = 0; i < 3; ++i) {
            address p = handler.providers(i);
            IStaking.ProviderInfo memory r = staking.providerInfo(p);
            assertEq(
                staking.scoreOf(p), (10_000 * (uint256(r.completed) + 1)) / (uint256(r.completed) + 3 * r.failed + 2)
            );
        }
    }
}
