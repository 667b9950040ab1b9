// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {Test} from "forge-std/Test.sol";
import {CalToken} from "../../contracts/token/CalToken.sol";
import {Staking} from "../../contracts/staking/Staking.sol";
import {IStaking} from "../../contracts/interfaces/IStaking.sol";
import {Marketplace} from "../../contracts/marketplace/Marketplace.sol";
import {IMarketplace} from "../../contracts/interfaces/IMarketplace.sol";
import {MockVerifier} from "../../contracts/mocks/MockVerifier.sol";
import {PowerRegistry} from "../../contracts/power/PowerRegistry.sol";
import {IPowerRegistry} from "../../contracts/interfaces/IPowerRegistry.sol";

/// Drives the marketplace and staking through random valid-looking actions from a few users and
/// providers: classic tasks, offers and replicated tasks (k = 1..3) whose replicas commit and reveal an
/// honest or a dissenting result, settle, resolveReplicas and the proof path; reverts are allowed (the
/// invariants only look at resulting state). With the power registry attached, the providers also claim hash rates,
/// challenge each other as compute validators, answer (by brute force: the claims are tiny) or let challenges expire
/// into power slashes, fund the fee budget and claim fees.
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
        return _bound(seed, 1, n);
    }

    function createTask(uint256 who, uint256 reward, uint256 collateral, uint256 deadlineIn, bool proved) external {
        address user = users[who % 3];
        reward = _bound(reward, 1, 50_000e9);
        collateral = _bound(collateral, 0, 400e9);
        deadlineIn = _bound(deadlineIn, 1, 3 days);
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

    function createOffer(uint256 who, uint256 reward, uint256 collateral, uint256 deadlineIn, uint256 terms, bool proved)
        external
    {
        address user = users[who % 3];
        reward = _bound(reward, 1, 50_000e9);
        deadlineIn = _bound(deadlineIn, 1, 3 days);
        IMarketplace.TaskParams memory params = IMarketplace.TaskParams({
            specHash: uint256(keccak256(abi.encode(reward, deadlineIn, "offer"))) >> 8,
            reward: reward,
            collateral: _bound(collateral, 0, 400e9),
            deadline: block.timestamp + deadlineIn,
            verifierId: proved ? 1 : 0,
            modelCreator: proved ? address(0xC0FFEE) : address(0),
            minReputationBps: 0
        });
        IMarketplace.OfferTerms memory offer = _terms(terms, reward, deadlineIn);
        vm.prank(user);
        try market.createTask(params, offer) {} catch {}
    }

    /// Offer terms from one seed: minReward in [1, reward], a ramp of up to 2 days from now, a lock deadline up to
    /// the task's deadline, 0..3 replicas.
    function _terms(uint256 seed, uint256 reward, uint256 deadlineIn)
        internal
        view
        returns (IMarketplace.OfferTerms memory)
    {
        return IMarketplace.OfferTerms({
            minReward: uint64(_bound(uint64(seed), 1, reward)),
            rampStart: uint64(block.timestamp),
            rampDuration: uint64(_bound(uint32(seed >> 64), 0, 2 days)),
            lockDeadline: uint64(block.timestamp + _bound(uint32(seed >> 96), 0, deadlineIn)),
            replicas: uint8(_bound(uint8(seed >> 128), 0, 3))
        });
    }

    /// The result a replica computes: the honest one is shared by every replica of a task, a dissenting one is
    /// the replica's own; both are small enough to be proved (BN254 field elements).
    function _result(uint256 id, uint256 who, bool honest) internal pure returns (bytes32) {
        return bytes32(id * 16 + (honest ? 0 : 1 + who % 3));
    }

    function _salt(uint256 id, address provider) internal pure returns (bytes32) {
        return keccak256(abi.encode(id, provider));
    }

    function commitResult(uint256 seed, uint256 who, bool honest) external {
        uint256 id = _task(seed);
        address p = providers[who % 3];
        bytes32 commit = market.replicaCommit(_result(id, who, honest), _salt(id, p), p);
        vm.prank(p);
        try market.commitResult(id, commit) {
            ++commits;
        } catch {}
    }

    function revealResult(uint256 seed, uint256 who, bool honest) external {
        uint256 id = _task(seed);
        address p = providers[who % 3];
        vm.prank(p);
        try market.revealResult(id, _result(id, who, honest), _salt(id, p)) {
            ++reveals;
        } catch {}
    }

    /// Provider `who` publishes a result CID for task `seed` (DESIGN §5.3): accepted only from the task's provider or
    /// a replica; a success must store the CID for that provider and move no CAL (counted in `publishViolations`).
    function publishResult(uint256 seed, uint256 who, bytes32 cid) external {
        uint256 id = _task(seed);
        address p = providers[who % 3];
        uint256 escrow = token.balanceOf(address(market));
        uint256 held = token.balanceOf(address(staking));
        vm.prank(p);
        try market.publishResult(id, cid) {
            ++publishes;
            if (
                cid == bytes32(0) || market.resultCid(id, p) != cid || token.balanceOf(address(market)) != escrow
                    || token.balanceOf(address(staking)) != held
            ) ++publishViolations;
        } catch {}
    }

    uint256 public publishes;
    uint256 public publishViolations;

    /// Every provider tries to accept task `seed` (a replicated task takes up to k of them).
    function acceptAll(uint256 seed) external {
        uint256 id = _task(seed);
        for (uint256 i = 0; i < 3; ++i) {
            vm.prank(providers[i]);
            try market.acceptTask(id) {} catch {}
        }
    }

    /// Every provider commits (behaviour, two bits each: 0 silent, 1 or 3 honest, 2 dissenting), then, with
    /// `reveal`, every one reveals what it committed; any of these may be refused (not open yet, window over, ...),
    /// which the invariants do not mind.
    function commitRevealAll(uint256 seed, uint8 behaviour, bool reveal) external {
        uint256 id = _task(seed);
        for (uint256 round = 0; round < (reveal ? 2 : 1); ++round) {
            for (uint256 i = 0; i < 3; ++i) {
                uint256 b = (behaviour >> (2 * i)) & 3;
                if (b == 0) continue;
                address p = providers[i];
                bytes32 result = _result(id, i, b != 2);
                bytes32 commit = market.replicaCommit(result, _salt(id, p), p);
                vm.prank(p);
                if (round == 0) {
                    try market.commitResult(id, commit) {
                        ++commits;
                    } catch {}
                } else {
                    try market.revealResult(id, result, _salt(id, p)) {
                        ++reveals;
                    } catch {}
                }
            }
        }
    }

    /// Successful replica actions, so a run can be seen to reach them.
    uint256 public commits;
    uint256 public reveals;
    uint256 public settles;

    /// Moves time past task `seed`'s reveal window (the k-th commit's, else deadline + revealPeriod), then settles.
    function settleLate(uint256 seed) external {
        uint256 id = _task(seed);
        try market.getOffer(id) returns (IMarketplace.OfferView memory o) {
            uint256 end = o.revealEnd != 0 ? o.revealEnd : market.getTask(id).deadline + market.revealPeriod();
            if (end >= block.timestamp) vm.warp(end + 1);
            try market.settle(id) {
                ++settles;
            } catch {}
        } catch {}
    }

    function settle(uint256 seed) external {
        try market.settle(_task(seed)) {
            ++settles;
        } catch {}
    }

    function resolveReplicas(uint256 seed, uint256 who, uint8 choice) external {
        uint256 id = _task(seed);
        choice = uint8(_bound(choice, 0, 2));
        bytes32 winner = choice == 0 ? bytes32(0) : _result(id, who, choice == 1);
        vm.prank(arbiter);
        try market.resolveReplicas(id, winner) {} catch {}
    }

    /// The proof path of a Disputed replicated task (the mock verifier accepts exactly these inputs).
    function proveReplica(uint256 seed, uint256 who, bool honest) external {
        uint256 id = _task(seed);
        address p = providers[who % 3];
        try market.getTask(id) returns (IMarketplace.TaskView memory t) {
            uint256 commitment = uint256(_result(id, who, honest));
            vm.prank(p);
            try market.submitResult(id, commitment, abi.encode([id, t.specHash, commitment, uint256(uint160(p))])) {}
                catch {}
        } catch {}
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
            commitment = _bound(commitment, 0, market.BN254_R() - 1);
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
        try staking.stake(_bound(amount, 1, 2_000e9)) {} catch {}
    }

    function requestUnstake(uint256 who, uint256 amount) external {
        vm.prank(providers[who % 3]);
        try staking.requestUnstake(_bound(amount, 1, 2_000e9)) {} catch {}
    }

    function withdraw(uint256 who) external {
        vm.prank(providers[who % 3]);
        try staking.withdraw() {} catch {}
    }

    // ------------------------------------------------------------ proof of computational power (DESIGN §11)

    PowerRegistry public power;
    /// Challenges closed by a pass or an expiry, counted by the handler.
    uint256 public powerPasses;
    uint256 public powerExpiries;

    function attachPower(PowerRegistry power_) external {
        power = power_;
    }

    function declareRate(uint256 who, uint256 rate) external {
        vm.prank(providers[who % 3]);
        try power.declareRate(uint64(_bound(rate, 1, 10))) {} catch {}
    }

    function challenge(uint256 validator, uint256 provider) external {
        vm.prank(providers[validator % 3]);
        try power.challenge(providers[provider % 3]) {} catch {}
    }

    /// The challenged provider answers with the first m solutions (or a wrong answer when `honest` is false).
    function respond(uint256 who, bool honest) external {
        address p = providers[who % 3];
        IPowerRegistry.PowerRecord memory r = power.powerRecord(p);
        if (r.openChallenge == 0) return;
        IPowerRegistry.Challenge memory c = power.challengeOf(p);
        uint256 target = power.computeTarget(r.claimedRate, c.responseWindow, c.nonces);
        uint64[] memory nonces = new uint64[](c.nonces);
        uint256 found;
        for (uint64 n = 0; found < c.nonces && n < 20_000; ++n) {
            if (uint256(power.computeSolutionHash(c.seed, bytes32(uint256(uint160(p))), n)) < target) nonces[found++] = n;
        }
        if (!honest && c.nonces > 1) nonces[1] = nonces[0];
        vm.prank(p);
        try power.respond(r.openChallenge, nonces) {
            ++powerPasses;
        } catch {}
    }

    function expireChallenge(uint256 who) external {
        try power.expireChallenge(providers[who % 3]) {
            ++powerExpiries;
        } catch {}
    }

    function fundValidatorBudget(uint256 amount) external {
        try power.fundValidatorBudget(_bound(amount, 1, 100e9)) {} catch {}
    }

    function claimFees(uint256 who) external {
        vm.prank(providers[who % 3]);
        try power.claimFees() {} catch {}
    }

    function warp(uint256 secs) external {
        vm.warp(block.timestamp + _bound(secs, 1, 2 days));
    }
}

/// Escrow conservation and stake accounting under random sequences of actions.
contract MarketplaceInvariantTest is Test {
    CalToken internal token;
    Staking internal staking;
    Marketplace internal market;
    MarketHandler internal handler;
    PowerRegistry internal power;
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
        power = new PowerRegistry(token, staking, TREASURY, address(this));
        staking.setPowerRegistry(address(power));
        power.setParameter(8, 60); // responseWindow: the shortest
        power.setParameter(10, 600); // powerCooldown: the shortest
        power.setParameter(11, 2); // maxPowerFailures
        power.setParameter(14, 1_000e9); // validatorBudget
        handler.attachPower(power);
        token.transfer(address(handler), 10_000e9);
        vm.prank(address(handler));
        token.approve(address(power), type(uint256).max);
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
            power.registerValidator();
            power.declareRate(uint64(i + 1));
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

    /// Staking's balance == sum over providers of free + locked + pendingUnstake (every provider's stake is
    /// its free plus its locked part, nothing else), and each provider's locked stake == the collateral of its
    /// Assigned/Submitted/Disputed tasks, as the classic provider or as one of a replicated task's replicas.
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
                if (t.status == IMarketplace.TaskStatus.Open || !_live(t.status)) continue;
                if (t.provider == p) lockedByTasks += t.collateral;
                IMarketplace.ReplicaView[] memory rs = market.getReplicas(id);
                assertLe(rs.length, 3);
                for (uint256 r = 0; r < rs.length; ++r) {
                    if (rs[r].provider == p) lockedByTasks += t.collateral;
                }
            }
            assertEq(s.locked, lockedByTasks);
        }
        assertEq(token.balanceOf(address(staking)), total);
    }

    /// A replicated task never has a classic provider, and its replicas are distinct and at most k.
    function invariant_ReplicasBounded() public view {
        uint256 n = market.taskCount();
        for (uint256 id = 1; id <= n; ++id) {
            IMarketplace.OfferView memory o = market.getOffer(id);
            IMarketplace.ReplicaView[] memory rs = market.getReplicas(id);
            assertLe(rs.length, o.replicas);
            if (o.replicas != 0) assertEq(market.getTask(id).provider, address(0));
            for (uint256 a = 0; a < rs.length; ++a) {
                for (uint256 b = a + 1; b < rs.length; ++b) {
                    assertTrue(rs[a].provider != rs[b].provider);
                }
            }
        }
    }

    /// The handler's replica actions reach a settled task: an offer for 2 replicas, accepted, committed, revealed
    /// and settled, conserving the escrow.
    function test_HandlerSettlesAReplicatedTask() public {
        handler.createOffer(0, 1000e9, 10e9, 1 days, (uint256(2) << 128) | 100e9, false);
        assertEq(market.taskCount(), 1);
        handler.acceptAll(1);
        assertEq(market.getReplicas(1).length, 2);
        handler.commitRevealAll(1, 0x3f, true);
        assertEq(handler.commits(), 2);
        assertEq(handler.reveals(), 2);
        handler.settle(1);
        assertEq(handler.settles(), 1);
        assertEq(uint8(market.getTask(1).status), uint8(IMarketplace.TaskStatus.Completed));
        invariant_EscrowEqualsLiveRewards();
        invariant_StakeAccounting();
    }

    /// A published result CID is stored for its publisher and moves no CAL.
    function invariant_PublishMovesNothing() public view {
        assertEq(handler.publishViolations(), 0);
    }

    /// The handler's publishResult reaches the contract: a classic task's provider publishes, a stranger is refused.
    function test_HandlerPublishesAResult() public {
        handler.createTask(0, 1000e9, 10e9, 1 days, false);
        handler.acceptTask(1, 0);
        handler.publishResult(1, 1, keccak256("cid")); // providers[1] is not the provider
        assertEq(handler.publishes(), 0);
        handler.publishResult(1, 0, keccak256("cid"));
        assertEq(handler.publishes(), 1);
        assertEq(market.resultCid(1, handler.providers(0)), keccak256("cid"));
        assertEq(handler.publishViolations(), 0);
    }

    /// The registry holds exactly the funded budget plus every validator's unclaimed fees; every completed challenge
    /// is counted once by its validator; an open challenge always sizes a live claim.
    function invariant_PowerBudgetAndRecords() public view {
        uint256 owed;
        uint256 completed;
        uint256 failed;
        for (uint256 i = 0; i < 3; ++i) {
            address p = handler.providers(i);
            IPowerRegistry.ValidatorInfo memory v = power.validatorInfo(p);
            owed += v.feesOwed;
            completed += v.completed;
            IPowerRegistry.PowerRecord memory r = power.powerRecord(p);
            failed += r.powerFailed;
            if (r.openChallenge != 0) assertGt(r.claimedRate, 0);
            assertLt(r.failuresInRow, power.parameters().maxPowerFailures);
        }
        assertEq(token.balanceOf(address(power)), power.fundedBudget() + owed);
        assertEq(completed, handler.powerPasses() + handler.powerExpiries());
        assertEq(failed, handler.powerExpiries());
    }

    /// The handler's power actions reach the registry: a challenge answered, one expired twice into a slash.
    function test_HandlerPassesAndSlashesPower() public {
        handler.fundValidatorBudget(10e9);
        handler.challenge(0, 1);
        handler.respond(1, true);
        assertEq(handler.powerPasses(), 1);
        uint256 free = staking.stakeInfo(handler.providers(1)).free;
        for (uint256 k = 0; k < 2; ++k) {
            vm.warp(block.timestamp + 601);
            handler.challenge(2, 1);
            handler.respond(1, false);
            vm.warp(block.timestamp + 61);
            handler.expireChallenge(1);
        }
        assertEq(handler.powerExpiries(), 2);
        assertEq(staking.stakeInfo(handler.providers(1)).free, free - free / 10);
        assertEq(power.powerRecord(handler.providers(1)).claimedRate, 0);
        invariant_PowerBudgetAndRecords();
        invariant_StakeAccounting();
        handler.claimFees(0);
        assertEq(power.validatorInfo(handler.providers(0)).feesOwed, 0);
        invariant_PowerBudgetAndRecords();
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
