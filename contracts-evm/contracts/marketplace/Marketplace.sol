// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {IMarketplace} from "../interfaces/IMarketplace.sol";
import {IStaking} from "../interfaces/IStaking.sol";
import {IProofVerifier} from "../interfaces/IProofVerifier.sol";
import {FeeMath} from "./FeeMath.sol";
import {ReplicaCommit} from "./ReplicaCommit.sol";
import {IPausableTarget} from "../governance/IPausableTarget.sol";
import {IVerifierRegistry} from "../governance/IVerifierRegistry.sol";

/// @title Marketplace
/// @notice Escrow for compute tasks: create, cancel, accept, submit (proved or optimistic), finalize,
/// dispute, resolve, expire (DESIGN.md §5); offers whose price ramps until a provider locks it (§5.1) and
/// replicated tasks whose k providers commit, reveal and are settled by majority (§5.2); each provider records where
/// it published its result with publishResult (§5.3).
/// Rewards are held here; collateral stays in Staking.
/// @dev DEFAULT_ADMIN_ROLE (the timelock) owns every parameter, the verifier registry and unpause;
/// PAUSER_ROLE can only pause. Pausing stops createTask, acceptTask, submitResult, commitResult and revealResult;
/// cancelTask, finalize, dispute, resolve, expire, settle and resolveReplicas stay open, so funds can always leave
/// escrow; publishResult (no funds move) stays open too. A task holds at most 3 replica records; no loop runs over
/// more than 3 of them.
/// Payout and slash use the parameters current at the time they happen.
/// The pause flag lives in the same storage slot as the hot parameters (treasury, fee split,
/// slashBps, challengePeriod) so that a guarded call that also reads them pays one cold SLOAD;
/// names and semantics (`Paused`/`Unpaused`, `EnforcedPause`/`ExpectedPause`) are OpenZeppelin
/// Pausable's.
contract Marketplace is IMarketplace, IPausableTarget, IVerifierRegistry, AccessControl, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;
    using SafeCast for uint256;

    /// @notice Role that can pause (and nothing else).
    bytes32 public constant PAUSER_ROLE = keccak256("PAUSER_ROLE");

    /// @notice Basis points in a whole.
    uint256 public constant BPS = 10_000;
    /// @notice BN254 scalar field modulus r.
    uint256 public constant BN254_R =
        21888242871839275222246405745257275088548364400416034343698204186575808495617;
    /// @notice Exclusive bound of `specHash` (2^248).
    uint256 public constant SPEC_HASH_BOUND = 1 << 248;
    /// @notice Shortest challenge period, seconds.
    uint256 public constant MIN_CHALLENGE_PERIOD = 10 minutes;
    /// @notice Longest challenge period, seconds.
    uint256 public constant MAX_CHALLENGE_PERIOD = 7 days;
    /// @notice Smallest slashed share of collateral, basis points.
    uint256 public constant MIN_SLASH_BPS = 100;
    /// @notice Largest slashed share of collateral, basis points.
    uint256 public constant MAX_SLASH_BPS = 10_000;
    /// @notice Smallest provider share of a reward, basis points.
    uint256 public constant MIN_PROVIDER_BPS = 5_000;
    /// @notice Largest model-creator share of a reward, basis points.
    uint256 public constant MAX_CREATOR_BPS = 2_000;
    /// @notice Governed parameter id of `challengePeriod`.
    uint16 public constant PARAM_CHALLENGE_PERIOD = 3;
    /// @notice Governed parameter id of `slashBps`.
    uint16 public constant PARAM_SLASH_BPS = 4;
    /// @notice Governed parameter id of the packed fee split.
    uint16 public constant PARAM_FEE_SPLIT = 5;
    /// @notice Governed parameter id of `revealPeriod`.
    uint16 public constant PARAM_REVEAL_PERIOD = 7;
    /// @notice Shortest reveal period, seconds.
    uint256 public constant MIN_REVEAL_PERIOD = 10 minutes;
    /// @notice Longest reveal period, seconds.
    uint256 public constant MAX_REVEAL_PERIOD = 7 days;
    /// @notice The most replicas a task may ask for.
    uint256 public constant MAX_REPLICAS = 3;
    /// @dev `Task.kindAndMinReputation`: the task was created with offer terms (an `Offer` slot exists).
    uint16 internal constant KIND_OFFER = 1 << 14;
    /// @dev `Task.kindAndMinReputation`: the task is replicated (replicas >= 1).
    uint16 internal constant KIND_REPLICATED = 1 << 15;
    /// @dev `Task.kindAndMinReputation`: the bits of `minReputationBps`.
    uint16 internal constant MIN_REPUTATION_MASK = (1 << 14) - 1;
    /// @dev `Offer.revealed`: the bits of the replicas that revealed.
    uint8 internal constant REVEALED_MASK = 0x07;
    /// @dev `Offer.revealed`: the task names a model creator (settlement reads the creator only then).
    uint8 internal constant HAS_CREATOR = 0x40;
    /// @dev `Offer.revealed`: the task has left Assigned (settled, or Disputed and beyond).
    uint8 internal constant CLOSED = 0x80;
    /// @notice `setRole` role: the dispute arbiter.
    uint8 public constant ROLE_ARBITER = 0;
    /// @notice `setRole` role: the fee receiver.
    uint8 public constant ROLE_TREASURY = 1;
    /// @notice `setRole` role: the holder of PAUSER_ROLE.
    uint8 public constant ROLE_PAUSER = 2;

    /// @notice The escrowed token (CAL).
    IERC20 public immutable token;
    /// @notice The staking contract holding provider collateral.
    IStaking public immutable staking;

    /// @dev Hot parameters packed in one slot:
    /// treasury | treasuryBps | creatorBps | slashBps | challengePeriod | paused.
    struct Params {
        address treasury;
        uint16 treasuryBps;
        uint16 creatorBps;
        uint16 slashBps;
        uint32 challengePeriod;
        bool paused;
    }

    Params private _params;
    /// @notice Resolver of disputes.
    address public arbiter;
    uint64 private _taskCount;
    /// @dev Seconds replicas have to reveal once all committed (parameter 7); packed with `arbiter` and `_taskCount`.
    uint32 private _revealPeriod;
    /// @notice The account governance appointed as pauser (holder of PAUSER_ROLE), or zero.
    address public pauser;

    mapping(uint256 taskId => Task) private _tasks;
    mapping(uint256 taskId => address) private _modelCreators;
    /// @dev Offer terms and replica progress, written only for tasks created with offer terms.
    mapping(uint256 taskId => Offer) private _offers;
    /// @dev A replicated task's replicas (at most 3), by provider: a replica finds its own record in one read. The
    /// task's `provider` field holds the last replica to accept and each record the one before it, so settlement and
    /// the views walk at most 3 records in accept order. Written through storage pointers.
    // slither-disable-next-line uninitialized-state
    mapping(uint256 taskId => mapping(address provider => Replica)) private _replicas;
    /// @notice Verifier registry: verifierId => IProofVerifier (0 = none).
    mapping(uint16 verifierId => address) public verifiers;
    /// @dev Result CIDs (their sha2-256 digests, DESIGN §5.3) by task and provider: the classic task's provider or each
    /// replica records its own. Read and written by `publishResult` and `resultCid` only, so no other path pays for it.
    mapping(uint256 taskId => mapping(address provider => bytes32)) private _resultCids;

    /// @notice Sets the token, staking, roles, treasury and arbiter. Starts with an 8000/1500/500 bps
    /// provider/treasury/creator split, a 2000 bps slash and a one-day challenge period.
    /// @param token_ The CAL token.
    /// @param staking_ The staking contract.
    /// @param admin Holder of DEFAULT_ADMIN_ROLE (the timelock, or the deployer until it hands over).
    /// @param pauser_ Holder of PAUSER_ROLE (may be zero: none).
    /// @param treasury_ Fee receiver.
    /// @param arbiter_ Dispute resolver.
    constructor(
        IERC20 token_,
        IStaking staking_,
        address admin,
        address pauser_,
        address treasury_,
        address arbiter_
    ) {
        if (
            address(token_) == address(0) || address(staking_) == address(0) || admin == address(0)
                || treasury_ == address(0) || arbiter_ == address(0)
        ) revert MarketplaceZeroAddress();
        token = token_;
        staking = staking_;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        if (pauser_ != address(0)) _grantRole(PAUSER_ROLE, pauser_);
        pauser = pauser_;
        _params = Params({
                        treasury: treasury_,
            treasuryBps: 1500,
            creatorBps: 500,
            slashBps: 2000,
            challengePeriod: uint32(1 days),
            paused: false
        });
        arbiter = arbiter_;
        _revealPeriod = uint32(1 days);
    }

    // ---------------------------------------------------------------- task lifecycle

    /// @inheritdoc IMarketplace
    /// @dev No reentrancy guard: every effect precedes the one external call, the transfer from the immutable CAL
    /// token (checks-effects-interactions), and nothing is read after it.
    function createTask(TaskParams calldata params) external whenNotPaused returns (uint256 taskId) {
        taskId = _createTask(params, 0);
        token.safeTransferFrom(msg.sender, address(this), params.reward);
    }

    /// @inheritdoc IMarketplace
    /// @dev No reentrancy guard, as the classic `createTask`: the transfer from the CAL token comes last.
    function createTask(TaskParams calldata params, OfferTerms calldata offer)
        external
        whenNotPaused
        returns (uint256 taskId)
    {
        taskId = _createTask(params, offer.replicas == 0 ? KIND_OFFER : KIND_OFFER | KIND_REPLICATED);
        _storeOffer(taskId, params, offer);
        token.safeTransferFrom(msg.sender, address(this), params.reward);
    }

    /// @inheritdoc IMarketplace
    function createTaskWithPermit(TaskParams calldata params, uint256 permitDeadline, uint8 v, bytes32 r, bytes32 s)
        external
        nonReentrant
        whenNotPaused
        returns (uint256)
    {
        // A permit front-run by someone else has already set the allowance: ignore its failure,
        // the transfer below fails on its own if the allowance is short. (Both blocks are empty on purpose.)
        // solhint-disable no-empty-blocks
        // Reentrancy-safe: nonReentrant, and the permit goes to the immutable CAL token.
        // slither-disable-next-line reentrancy-benign
        try IERC20Permit(address(token)).permit(msg.sender, address(this), params.reward, permitDeadline, v, r, s) {}
            catch {}
        // solhint-enable no-empty-blocks
        uint256 taskId = _createTask(params, 0);
        token.safeTransferFrom(msg.sender, address(this), params.reward);
        return taskId;
    }

    /// @inheritdoc IMarketplace
    function cancelTask(uint256 taskId) external nonReentrant {
        Task storage t = _existing(taskId);
        if (t.status != TaskStatus.Open) revert MarketplaceTaskNotOpen(taskId, t.status);
        address user = t.user;
        if (msg.sender != user) revert MarketplaceNotTaskUser(taskId, msg.sender);
        t.status = TaskStatus.Cancelled;
        emit TaskCancelled(taskId, user);
        token.safeTransfer(user, t.reward);
    }

    /// @inheritdoc IMarketplace
    function acceptTask(uint256 taskId) external nonReentrant whenNotPaused {
        Task storage t = _existing(taskId);
        uint256 kind = t.kindAndMinReputation;
        if (kind & KIND_REPLICATED != 0) {
            _acceptReplica(taskId, t);
        } else {
            TaskStatus status = t.status;
            if (status != TaskStatus.Open) revert MarketplaceTaskNotOpen(taskId, status);
            uint256 price;
            if (kind & KIND_OFFER == 0) {
                // A fixed-reward task without terms: its lock deadline is its deadline, its price its reward
                // (nothing to store: the offer slot stays untouched).
                uint256 deadline = t.deadline;
                if (block.timestamp > deadline) {
                    revert MarketplaceLockDeadlinePassed(taskId, deadline, block.timestamp);
                }
                price = t.reward;
            } else {
                Offer storage o = _offers[taskId];
                price = _lockablePrice(taskId, o, t.reward);
                o.priceOrRevealEnd = uint64(price);
            }
            // Every accept names its price (CONVENTIONS: OfferLocked at accept, on every chain).
            emit OfferLocked(taskId, msg.sender, price);
            t.provider = msg.sender;
            t.status = TaskStatus.Assigned;
        }
        uint256 collateral = t.collateral;
        emit TaskAccepted(taskId, msg.sender, collateral);
        // Staking checks registration and free stake, locks, and reports the rest of the eligibility.
        (uint256 activeStake, uint256 minStake, uint256 score) = staking.lockCollateral(msg.sender, collateral);
        if (activeStake < minStake) revert MarketplaceStakeBelowMinimum(msg.sender, activeStake, minStake);
        uint256 minRep = kind & MIN_REPUTATION_MASK;
        if (score < minRep) revert MarketplaceReputationTooLow(msg.sender, score, minRep);
    }

    /// @inheritdoc IMarketplace
    function commitResult(uint256 taskId, bytes32 commit) external whenNotPaused {
        Offer storage o = _assignedReplicated(taskId);
        uint256 k = o.replicas;
        (Replica storage r, uint256 bit) = _replicaOf(taskId);
        uint256 word = o.priceOrRevealEnd;
        uint256 deadline = word >> 32;
        if (block.timestamp > deadline) revert MarketplaceDeadlinePassed(taskId, deadline, block.timestamp);
        uint256 committed = o.committed;
        if (committed & bit != 0) revert MarketplaceAlreadyCommitted(taskId, msg.sender);
        r.commit = commit;
        committed |= bit;
        o.committed = uint8(committed);
        if (committed == (1 << k) - 1) {
            // The k-th commit opens the reveal window (the deadline copy stays in the high bits).
            o.priceOrRevealEnd = uint64((deadline << 32) | (block.timestamp + _revealPeriod).toUint32());
        }
        emit ResultCommitted(taskId, msg.sender, commit);
    }

    /// @inheritdoc IMarketplace
    function revealResult(uint256 taskId, bytes32 resultHash, bytes32 salt) external whenNotPaused {
        Offer storage o = _assignedReplicated(taskId);
        (Replica storage r, uint256 bit) = _replicaOf(taskId);
        if (o.committed & bit == 0) revert MarketplaceNotCommitted(taskId, msg.sender);
        uint256 revealedBits = o.revealed;
        if (revealedBits & bit != 0) revert MarketplaceAlreadyRevealed(taskId, msg.sender);
        uint256 word = o.priceOrRevealEnd;
        uint256 revealEnd = uint32(word);
        if (revealEnd == 0) {
            uint256 deadline = word >> 32;
            if (block.timestamp <= deadline) revert MarketplaceRevealNotOpen(taskId, deadline, block.timestamp);
            revealEnd = deadline + _revealPeriod;
        }
        if (block.timestamp > revealEnd) revert MarketplaceRevealPeriodOver(taskId, revealEnd, block.timestamp);
        if (_replicaCommit(resultHash, salt, msg.sender) != r.commit) {
            revert MarketplaceCommitMismatch(taskId, msg.sender);
        }
        o.revealed = uint8(revealedBits | bit);
        r.resultHash = resultHash;
        emit ResultRevealed(taskId, msg.sender, resultHash);
    }

    /// @inheritdoc IMarketplace
    function settle(uint256 taskId) external nonReentrant {
        Task storage t = _existing(taskId);
        Offer storage o = _offers[taskId];
        if (o.replicas == 0) revert MarketplaceNotReplicated(taskId);
        TaskStatus status = t.status;
        if (status != TaskStatus.Assigned) revert MarketplaceTaskNotAssigned(taskId, status);
        Round memory r = _round(taskId, t, o);
        if (r.revealed != (1 << r.k) - 1) {
            uint256 word = o.priceOrRevealEnd;
            uint256 revealEnd = uint32(word);
            if (revealEnd == 0) revealEnd = (word >> 32) + _revealPeriod;
            if (block.timestamp <= revealEnd) {
                revert MarketplaceRevealPeriodActive(taskId, revealEnd, block.timestamp);
            }
        }
        // The strict majority of k (2 * count > k), if any.
        for (uint256 i = 0; i < r.n; ++i) {
            if (r.revealed & (1 << i) == 0) continue;
            uint256 count = 0;
            for (uint256 j = 0; j < r.n; ++j) {
                if (r.revealed & (1 << j) != 0 && r.hashes[j] == r.hashes[i]) ++count;
            }
            if (2 * count > r.k) {
                _settleReplicas(taskId, t, o, r, r.hashes[i], true);
                return;
            }
        }
        t.status = TaskStatus.Disputed;
        o.revealed = uint8(r.revealed | r.flags | CLOSED);
        emit TaskSettled(taskId, bytes32(0), 0);
    }

    /// @inheritdoc IMarketplace
    function resolveReplicas(uint256 taskId, bytes32 resultHash) external nonReentrant {
        if (msg.sender != arbiter) revert MarketplaceNotArbiter(msg.sender);
        Task storage t = _existing(taskId);
        Offer storage o = _offers[taskId];
        if (o.replicas == 0) revert MarketplaceNotReplicated(taskId);
        TaskStatus status = t.status;
        if (status != TaskStatus.Disputed) revert MarketplaceTaskNotDisputed(taskId, status);
        _settleReplicas(taskId, t, o, _round(taskId, t, o), resultHash, resultHash != bytes32(0));
    }

    /// @inheritdoc IMarketplace
    function submitResult(uint256 taskId, uint256 resultCommitment, bytes calldata proof)
        external
        nonReentrant
        whenNotPaused
    {
        Task storage t = _existing(taskId);
        TaskStatus status = t.status;
        if (t.kindAndMinReputation & KIND_REPLICATED != 0) {
            // The kind comes first; a Disputed replicated task that names a verifier takes the proof path.
            if (status != TaskStatus.Disputed || t.verifierId == 0) revert MarketplaceReplicated(taskId);
            _proveReplicas(taskId, t, resultCommitment, proof);
            return;
        }
        if (status != TaskStatus.Assigned) revert MarketplaceTaskNotAssigned(taskId, status);
        address provider = t.provider;
        if (msg.sender != provider) revert MarketplaceNotTaskProvider(taskId, msg.sender);
        uint256 deadline = t.deadline;
        if (block.timestamp > deadline) revert MarketplaceDeadlinePassed(taskId, deadline, block.timestamp);
        if (resultCommitment >= BN254_R) revert MarketplaceFieldElementOutOfRange(resultCommitment, BN254_R);
        t.resultCommitment = resultCommitment;
        uint16 verifierId = t.verifierId;
        if (verifierId == 0) {
            if (proof.length != 0) revert MarketplaceUnexpectedProof(taskId);
            uint256 challengeEnd = block.timestamp + _params.challengePeriod;
            t.deadline = uint32(challengeEnd); // the deadline slot now holds the challenge end
            t.status = TaskStatus.Submitted;
            emit ResultSubmitted(taskId, provider, resultCommitment, challengeEnd);
            return;
        }
        _verify(taskId, t, verifierId, resultCommitment, provider, proof);
        emit ResultSubmitted(taskId, provider, resultCommitment, block.timestamp);
        _complete(taskId, t);
    }

    /// @inheritdoc IMarketplace
    function finalize(uint256 taskId) external nonReentrant {
        Task storage t = _existing(taskId);
        if (t.status != TaskStatus.Submitted) _revertNotSubmitted(taskId, t);
        uint256 challengeEnd = t.deadline;
        if (block.timestamp < challengeEnd) {
            revert MarketplaceChallengePeriodActive(taskId, challengeEnd, block.timestamp);
        }
        _complete(taskId, t);
    }

    /// @inheritdoc IMarketplace
    function dispute(uint256 taskId) external {
        Task storage t = _existing(taskId);
        if (t.status != TaskStatus.Submitted) _revertNotSubmitted(taskId, t);
        address user = t.user;
        if (msg.sender != user) revert MarketplaceNotTaskUser(taskId, msg.sender);
        uint256 challengeEnd = t.deadline;
        if (block.timestamp >= challengeEnd) {
            revert MarketplaceChallengePeriodOver(taskId, challengeEnd, block.timestamp);
        }
        t.status = TaskStatus.Disputed;
        emit TaskDisputed(taskId, user);
    }

    /// @inheritdoc IMarketplace
    function resolve(uint256 taskId, bool providerAtFault) external nonReentrant {
        if (msg.sender != arbiter) revert MarketplaceNotArbiter(msg.sender);
        Task storage t = _existing(taskId);
        if (t.kindAndMinReputation & KIND_REPLICATED != 0) revert MarketplaceReplicated(taskId);
        if (t.status != TaskStatus.Disputed) revert MarketplaceTaskNotDisputed(taskId, t.status);
        emit TaskResolved(taskId, providerAtFault);
        if (providerAtFault) _refundAndSlash(taskId, t);
        else _complete(taskId, t);
    }

    /// @inheritdoc IMarketplace
    function expire(uint256 taskId) external nonReentrant {
        Task storage t = _existing(taskId);
        if (t.kindAndMinReputation & KIND_REPLICATED != 0) revert MarketplaceReplicated(taskId);
        if (t.status != TaskStatus.Assigned) revert MarketplaceTaskNotAssigned(taskId, t.status);
        uint256 deadline = t.deadline;
        if (block.timestamp <= deadline) revert MarketplaceDeadlineNotPassed(taskId, deadline, block.timestamp);
        emit TaskExpired(taskId, t.provider);
        _refundAndSlash(taskId, t);
    }

    /// @inheritdoc IMarketplace
    /// @dev Not `whenNotPaused` (no funds move) and no reentrancy guard (no external call).
    function publishResult(uint256 taskId, bytes32 resultCid_) external {
        _publishResult(taskId, resultCid_);
    }

    // ---------------------------------------------------------------- pause

    /// @notice Pauses the marketplace. PAUSER_ROLE only.
    function pause() external onlyRole(PAUSER_ROLE) whenNotPaused {
        _params.paused = true;
        emit Paused(msg.sender);
    }

    /// @notice Unpauses the marketplace. Admin (timelock) only.
    function unpause() external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (!_params.paused) revert ExpectedPause();
        _params.paused = false;
        emit Unpaused(msg.sender);
    }

    /// @notice True while the marketplace is paused.
    function paused() external view returns (bool) {
        return _params.paused;
    }

    modifier whenNotPaused() {
        if (_params.paused) revert EnforcedPause();
        _;
    }

    // ---------------------------------------------------------------- governance

    /// @notice Registers (or replaces) verifier `verifierId`. Admin (timelock) only.
    /// @param verifierId Non-zero id (0 means optimistic).
    /// @param verifier The IProofVerifier contract (must have code: a call to an account without
    /// code would return no data and make every proved submission revert undecodably).
    function registerVerifier(uint16 verifierId, address verifier) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (verifierId == 0) revert MarketplaceUnknownVerifier(0);
        if (verifier == address(0)) revert MarketplaceZeroAddress();
        if (verifier.code.length == 0) revert MarketplaceUnknownVerifier(verifierId);
        verifiers[verifierId] = verifier;
        emit VerifierRegistered(verifierId, verifier);
    }

    /// @notice Removes verifier `verifierId`; tasks naming it can no longer be proved. Admin (timelock) only.
    /// @param verifierId A registered id.
    function removeVerifier(uint16 verifierId) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (verifiers[verifierId] == address(0)) revert MarketplaceUnknownVerifier(verifierId);
        delete verifiers[verifierId];
        emit VerifierRegistered(verifierId, address(0));
    }

    /// @inheritdoc IMarketplace
    function setParameter(uint16 paramId, uint64 value) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setParameter(paramId, value);
    }

    /// @inheritdoc IMarketplace
    function setRole(uint8 role, address account) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (account == address(0)) revert MarketplaceZeroAddress();
        if (role == ROLE_ARBITER) {
            arbiter = account;
        } else if (role == ROLE_TREASURY) {
            _params.treasury = account;
        } else if (role == ROLE_PAUSER) {
            address previous = pauser;
            pauser = account;
            if (previous != address(0)) _revokeRole(PAUSER_ROLE, previous);
            _grantRole(PAUSER_ROLE, account);
        } else {
            revert GovernanceInvalidAction();
        }
        emit RoleUpdated(role, account);
    }

    /// @dev The bounds table of the parameters the marketplace owns (docs/CONVENTIONS.md):
    /// 3 challengePeriod [10 minutes, 7 days], 4 slashBps [100, 10000],
    /// 5 feeSplit (`providerBps << 32 | treasuryBps << 16 | creatorBps`: sum 10000, provider >= 5000, creator <= 2000),
    /// 7 revealPeriod [10 minutes, 7 days].
    function _setParameter(uint16 paramId, uint64 value) internal {
        if (paramId == PARAM_CHALLENGE_PERIOD) {
            if (value < MIN_CHALLENGE_PERIOD || value > MAX_CHALLENGE_PERIOD) {
                revert MarketplaceParameterOutOfBounds("challengePeriod", value, MIN_CHALLENGE_PERIOD, MAX_CHALLENGE_PERIOD);
            }
            _params.challengePeriod = uint32(value);
        } else if (paramId == PARAM_SLASH_BPS) {
            if (value < MIN_SLASH_BPS || value > MAX_SLASH_BPS) {
                revert MarketplaceParameterOutOfBounds("slashBps", value, MIN_SLASH_BPS, MAX_SLASH_BPS);
            }
            _params.slashBps = uint16(value);
        } else if (paramId == PARAM_FEE_SPLIT) {
            // The provider share keeps the bits above 48, so a value of 2^48 or more can never sum to 10000.
            uint256 providerBps = value >> 32;
            uint256 treasuryBps = (value >> 16) & 0xffff;
            uint256 creatorBps = value & 0xffff;
            if (
                providerBps + treasuryBps + creatorBps != BPS || providerBps < MIN_PROVIDER_BPS
                    || creatorBps > MAX_CREATOR_BPS
            ) revert MarketplaceInvalidFeeSplit(providerBps, treasuryBps, creatorBps);
            _params.treasuryBps = uint16(treasuryBps);
            _params.creatorBps = uint16(creatorBps);
        } else if (paramId == PARAM_REVEAL_PERIOD) {
            if (value < MIN_REVEAL_PERIOD || value > MAX_REVEAL_PERIOD) {
                revert MarketplaceParameterOutOfBounds("revealPeriod", value, MIN_REVEAL_PERIOD, MAX_REVEAL_PERIOD);
            }
            _revealPeriod = uint32(value);
        } else {
            revert GovernanceUnknownParameter(paramId);
        }
        emit ParameterUpdated(paramId, value);
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc IMarketplace
    function getTask(uint256 taskId) external view returns (TaskView memory v) {
        Task storage t = _tasks[taskId];
        if (t.status == TaskStatus.None) revert MarketplaceTaskNotFound(taskId);
        v = TaskView({
            id: taskId,
            user: t.user,
            specHash: t.specHash,
            reward: t.reward,
            collateral: t.collateral,
            deadline: t.deadline,
            verifierId: t.verifierId,
            modelCreator: _modelCreators[taskId],
            minReputationBps: t.kindAndMinReputation & MIN_REPUTATION_MASK,
            provider: t.kindAndMinReputation & KIND_REPLICATED == 0 ? t.provider : address(0),
            resultCommitment: _resultCommitment(taskId, t),
            status: t.status
        });
    }

    /// @inheritdoc IMarketplace
    function getOffer(uint256 taskId) external view returns (OfferView memory v) {
        Task storage t = _existing(taskId);
        uint256 reward = t.reward;
        if (t.kindAndMinReputation & KIND_OFFER == 0) {
            TaskStatus status = t.status;
            bool taken = status != TaskStatus.Open && status != TaskStatus.Cancelled;
            return OfferView({
                minReward: reward,
                maxReward: reward,
                rampStart: 0,
                rampDuration: 0,
                lockDeadline: t.deadline,
                replicas: 0,
                price: taken ? reward : 0,
                revealEnd: 0
            });
        }
        Offer memory o = _offers[taskId];
        bool replicated = o.replicas != 0;
        v = OfferView({
            minReward: o.minReward,
            maxReward: reward,
            rampStart: o.rampStart,
            rampDuration: o.rampDuration,
            lockDeadline: o.lockDeadline,
            replicas: o.replicas,
            price: replicated ? 0 : o.priceOrRevealEnd,
            revealEnd: replicated ? uint32(o.priceOrRevealEnd) : 0
        });
    }

    /// @inheritdoc IMarketplace
    function getReplicas(uint256 taskId) external view returns (ReplicaView[] memory v) {
        _existing(taskId);
        Offer storage o = _offers[taskId];
        uint256 n = o.accepted;
        uint256 committed = o.committed;
        uint256 revealed = o.revealed;
        address[3] memory providers = _replicaList(taskId, _tasks[taskId].provider, n);
        v = new ReplicaView[](n);
        for (uint256 i = 0; i < n; ++i) {
            Replica storage r = _replicas[taskId][providers[i]];
            ReplicaState state = revealed & (1 << i) != 0
                ? ReplicaState.Revealed
                : committed & (1 << i) != 0 ? ReplicaState.Committed : ReplicaState.Accepted;
            v[i] = ReplicaView({
                provider: providers[i], price: r.price, state: state, commit: r.commit, resultHash: r.resultHash
            });
        }
    }

    /// @inheritdoc IMarketplace
    function resultCid(uint256 taskId, address provider) external view returns (bytes32) {
        return _resultCids[taskId][provider];
    }

    /// @inheritdoc IMarketplace
    function replicaCommit(bytes32 resultHash, bytes32 salt, address provider) external pure returns (bytes32) {
        return _replicaCommit(resultHash, salt, provider);
    }

    /// @notice Seconds replicas have to reveal once all committed (parameter 7).
    function revealPeriod() external view returns (uint256) {
        return _revealPeriod;
    }

    /// @inheritdoc IMarketplace
    function taskCount() external view returns (uint256) {
        return _taskCount;
    }

    /// @notice Fee split in basis points.
    /// @return providerBps Provider share.
    /// @return treasuryBps Treasury share.
    /// @return creatorBps Model-creator share.
    function feeSplit() external view returns (uint256 providerBps, uint256 treasuryBps, uint256 creatorBps) {
        Params memory p = _params;
        return (BPS - p.treasuryBps - p.creatorBps, p.treasuryBps, p.creatorBps);
    }

    /// @notice Challenge window length in seconds.
    function challengePeriod() external view returns (uint256) {
        return _params.challengePeriod;
    }

    /// @notice Slashed share of collateral in basis points.
    function slashBps() external view returns (uint256) {
        return _params.slashBps;
    }

    /// @notice Fee receiver.
    function treasury() external view returns (address) {
        return _params.treasury;
    }

    /// @notice Payout arithmetic with the current split, exposed for cross-chain vector tests.
    /// @param reward A reward, CAL base units.
    /// @param hasCreator Whether the task names a model creator.
    /// @return provider Provider share.
    /// @return treasury_ Treasury share (with the creator share when no creator is named).
    /// @return creator Model-creator share.
    function computePayout(uint256 reward, bool hasCreator)
        external
        view
        returns (uint256 provider, uint256 treasury_, uint256 creator)
    {
        return FeeMath.payout(reward, _params.treasuryBps, _params.creatorBps, hasCreator);
    }

    // ---------------------------------------------------------------- internals

    /// @dev Checks and stores the task and emits TaskCreated; the caller moves the reward (last: CEI).
    function _createTask(TaskParams calldata p, uint16 kind) internal returns (uint256 taskId) {
        if (p.reward == 0) revert MarketplaceZeroReward();
        if (p.deadline <= block.timestamp || p.deadline > type(uint32).max) {
            revert MarketplaceInvalidDeadline(p.deadline, block.timestamp);
        }
        if (p.specHash >= SPEC_HASH_BOUND) revert MarketplaceFieldElementOutOfRange(p.specHash, SPEC_HASH_BOUND);
        if (p.minReputationBps > BPS) {
            revert MarketplaceParameterOutOfBounds("minReputationBps", p.minReputationBps, 0, BPS);
        }
        if (p.verifierId != 0 && verifiers[p.verifierId] == address(0)) {
            revert MarketplaceUnknownVerifier(p.verifierId);
        }
        taskId = ++_taskCount;
        // The `Task` layout (IMarketplace) in three stores, each field within its width (checked above):
        // slot 0 specHash | status << 248; slot 1 user | reward << 160 | deadline << 224;
        // slot 2 (no provider yet) collateral << 160 | verifierId << 224 | kindAndMinReputation << 240.
        uint256 word0 = p.specHash | (uint256(uint8(TaskStatus.Open)) << 248);
        uint256 word1 = uint256(uint160(msg.sender)) | (uint256(p.reward.toUint64()) << 160) | (p.deadline << 224);
        uint256 word2 = (uint256(p.collateral.toUint64()) << 160) | (uint256(p.verifierId) << 224)
            | (uint256(p.minReputationBps | kind) << 240);
        Task storage t = _tasks[taskId];
        // slither-disable-next-line assembly
        assembly ("memory-safe") { // solhint-disable-line no-inline-assembly
            let slot := t.slot
            sstore(slot, word0)
            sstore(add(slot, 1), word1)
            sstore(add(slot, 2), word2)
        }
        if (p.modelCreator != address(0)) _modelCreators[taskId] = p.modelCreator;
        emit TaskCreated(
            taskId,
            msg.sender,
            p.specHash,
            p.reward,
            p.collateral,
            p.deadline,
            p.verifierId,
            p.modelCreator,
            p.minReputationBps
        );
    }

    /// @dev Records `cid` as the caller's result CID for the task, in CONVENTIONS' order: the task exists, the caller is
    /// the classic task's provider or one of its replicas (found by the replica lookup of commit and reveal), the task
    /// is Assigned, Submitted, Disputed or Completed, the CID is non-zero. An Open or Cancelled classic task has no
    /// provider, so its caller is refused as a stranger first; a Refunded task's provider by the status.
    function _publishResult(uint256 taskId, bytes32 cid) internal {
        Task storage t = _existing(taskId);
        if (t.kindAndMinReputation & KIND_REPLICATED != 0) {
            _replicaOf(taskId);
        } else if (msg.sender != t.provider) {
            revert MarketplaceNotTaskProvider(taskId, msg.sender);
        }
        TaskStatus status = t.status;
        if (status < TaskStatus.Assigned || status > TaskStatus.Completed) {
            revert MarketplaceTaskNotAssigned(taskId, status);
        }
        if (cid == bytes32(0)) revert MarketplaceInvalidResultCid(taskId);
        _resultCids[taskId][msg.sender] = cid;
        emit ResultPublished(taskId, msg.sender, cid);
    }

    /// @dev Checks the offer terms (after the task's own checks, CONVENTIONS' order) and stores them in one slot.
    function _storeOffer(uint256 taskId, TaskParams calldata p, OfferTerms calldata o) internal {
        uint256 minReward = o.minReward;
        if (minReward == 0) revert MarketplaceZeroReward();
        uint256 rampStart = o.rampStart;
        uint256 rampDuration = o.rampDuration;
        if (minReward > p.reward || rampStart + rampDuration > type(uint32).max) {
            revert MarketplaceInvalidOffer(minReward, p.reward, rampStart, rampDuration);
        }
        uint256 lockDeadline = o.lockDeadline;
        if (lockDeadline < block.timestamp || lockDeadline > p.deadline) {
            revert MarketplaceInvalidLockDeadline(lockDeadline, p.deadline, block.timestamp);
        }
        uint256 replicas = o.replicas;
        if (replicas > MAX_REPLICAS) revert MarketplaceInvalidReplicas(replicas);
        // The `Offer` layout in one store: minReward | rampStart << 64 | rampDuration << 96 | lockDeadline << 128 |
        // replicas << 160 | revealed << 184 | (a replicated task's deadline copy) << 224; every field is within its
        // width (checked above).
        uint256 packed = minReward | (rampStart << 64) | (rampDuration << 96) | (lockDeadline << 128) | (replicas << 160);
        if (replicas != 0) {
            packed |= p.deadline << 224;
            if (p.modelCreator != address(0)) packed |= uint256(HAS_CREATOR) << 184; // the `revealed` byte
        }
        Offer storage slot = _offers[taskId];
        // One SSTORE of the whole slot (field-by-field writes would read it back first).
        // slither-disable-next-line assembly
        assembly ("memory-safe") { // solhint-disable-line no-inline-assembly
            sstore(slot.slot, packed)
        }
    }

    /// @dev The price accepting locks now; refuses after the lock deadline.
    function _lockablePrice(uint256 taskId, Offer storage o, uint256 maxReward) private view returns (uint256) {
        uint256 lockDeadline = o.lockDeadline;
        if (block.timestamp > lockDeadline) {
            revert MarketplaceLockDeadlinePassed(taskId, lockDeadline, block.timestamp);
        }
        return FeeMath.offerPrice(o.minReward, maxReward, o.rampStart, o.rampDuration, block.timestamp);
    }

    /// @dev A replica joins a replicated task: Open, or Assigned with fewer than k replicas.
    function _acceptReplica(uint256 taskId, Task storage t) private {
        TaskStatus status = t.status;
        Offer storage o = _offers[taskId];
        uint256 n = o.accepted;
        if (status != TaskStatus.Open && (status != TaskStatus.Assigned || n >= o.replicas)) {
            revert MarketplaceTaskNotOpen(taskId, status);
        }
        uint256 price = _lockablePrice(taskId, o, t.reward);
        Replica storage r = _replicas[taskId][msg.sender];
        // Every accepted replica has a price of at least minReward >= 1.
        if (r.price != 0) revert MarketplaceAlreadyReplica(taskId, msg.sender);
        r.previous = t.provider;
        r.price = uint64(price);
        r.index = uint8(n);
        t.provider = msg.sender;
        o.accepted = uint8(n + 1);
        if (status == TaskStatus.Open) t.status = TaskStatus.Assigned;
        emit OfferLocked(taskId, msg.sender, price);
    }

    /// @dev The offer of a replicated task that is Assigned, from its one slot: Assigned is "accepted, not closed".
    /// Refuses a classic task (MarketplaceNotReplicated) and any other status (MarketplaceTaskNotAssigned), reading
    /// the task itself only to name the refusal.
    function _assignedReplicated(uint256 taskId) private view returns (Offer storage o) {
        o = _offers[taskId];
        if (o.replicas == 0) {
            _existing(taskId);
            revert MarketplaceNotReplicated(taskId);
        }
        if (o.accepted == 0 || o.revealed & CLOSED != 0) {
            revert MarketplaceTaskNotAssigned(taskId, _tasks[taskId].status);
        }
    }

    /// @dev The caller's replica record and its bit (1 << index); refuses anyone else.
    function _replicaOf(uint256 taskId) private view returns (Replica storage r, uint256 bit) {
        r = _replicas[taskId][msg.sender];
        if (r.price == 0) revert MarketplaceNotTaskProvider(taskId, msg.sender);
        bit = 1 << r.index;
    }

    /// @dev A replicated task's replicas as settlement sees them, read once: k, how many accepted, the revealed bits,
    /// the flags to keep (HAS_CREATOR), and per replica (accept order) its provider, locked price and revealed result hash.
    struct Round {
        uint256 k;
        uint256 n;
        uint256 revealed;
        uint256 flags;
        address[3] providers;
        uint256[3] prices;
        bytes32[3] hashes;
    }

    /// @dev Reads the replicas of a task once, walking back from its last replica.
    function _round(uint256 taskId, Task storage t, Offer storage o) private view returns (Round memory r) {
        r.k = o.replicas;
        r.n = o.accepted;
        uint256 bits = o.revealed;
        r.revealed = bits & REVEALED_MASK;
        r.flags = bits & HAS_CREATOR;
        address p = t.provider;
        for (uint256 i = r.n; i > 0; --i) {
            Replica storage rec = _replicas[taskId][p];
            r.providers[i - 1] = p;
            r.prices[i - 1] = rec.price;
            if (r.revealed & (1 << (i - 1)) != 0) r.hashes[i - 1] = rec.resultHash;
            p = rec.previous;
        }
    }

    /// @dev The first `n` replicas in accept order, walking back from `last` (the task's `provider` field).
    function _replicaList(uint256 taskId, address last, uint256 n) private view returns (address[3] memory list) {
        address p = last;
        for (uint256 i = n; i > 0; --i) {
            list[i - 1] = p;
            p = _replicas[taskId][p].previous;
        }
    }

    /// @dev A task's result commitment: a replicated task settled with a revealed winner reads it from that replica.
    function _resultCommitment(uint256 taskId, Task storage t) private view returns (uint256) {
        if (t.kindAndMinReputation & KIND_REPLICATED != 0) {
            Offer storage o = _offers[taskId];
            uint256 winnerIndex = (o.revealed >> 4) & 3;
            if (winnerIndex != 0) {
                address winner = _replicaList(taskId, t.provider, o.accepted)[winnerIndex - 1];
                return uint256(_replicas[taskId][winner].resultHash);
            }
        }
        return t.resultCommitment;
    }

    /// @dev `keccak256(resultHash ‖ salt ‖ provider)`, the provider left-padded to 32 bytes (CONVENTIONS).
    function _replicaCommit(bytes32 resultHash, bytes32 salt, address provider) private pure returns (bytes32) {
        return ReplicaCommit.hash(resultHash, salt, bytes32(uint256(uint160(provider))));
    }

    /// @dev The proof path of a Disputed replicated task: a replica that revealed `resultCommitment` proves it.
    function _proveReplicas(uint256 taskId, Task storage t, uint256 resultCommitment, bytes calldata proof) private {
        Offer storage o = _offers[taskId];
        (Replica storage r, uint256 bit) = _replicaOf(taskId);
        if (o.revealed & bit == 0 || r.resultHash != bytes32(resultCommitment)) {
            revert MarketplaceCommitMismatch(taskId, msg.sender);
        }
        if (resultCommitment >= BN254_R) revert MarketplaceFieldElementOutOfRange(resultCommitment, BN254_R);
        _verify(taskId, t, t.verifierId, resultCommitment, msg.sender, proof);
        emit ResultSubmitted(taskId, msg.sender, resultCommitment, block.timestamp);
        _settleReplicas(taskId, t, o, _round(taskId, t, o), bytes32(resultCommitment), true);
    }

    /// @dev Checks a Groth16 proof for `[taskId, specHash, resultCommitment, provider]`.
    function _verify(
        uint256 taskId,
        Task storage t,
        uint16 verifierId,
        uint256 resultCommitment,
        address provider,
        bytes calldata proof
    ) private view {
        address verifier = verifiers[verifierId];
        if (verifier == address(0)) revert MarketplaceUnknownVerifier(verifierId);
        uint256[4] memory inputs = [taskId, uint256(t.specHash), resultCommitment, uint256(uint160(provider))];
        for (uint256 i = 0; i < 4; ++i) {
            if (inputs[i] >= BN254_R) revert MarketplaceFieldElementOutOfRange(inputs[i], BN254_R);
        }
        // Assigned on both the try and the catch path below.
        // slither-disable-next-line uninitialized-local
        bool ok;
        try IProofVerifier(verifier).verifyProof(proof, inputs) returns (bool valid) {
            ok = valid;
        } catch {
            ok = false;
        }
        if (!ok) revert MarketplaceInvalidProof(taskId);
    }

    /// @dev Settles a replicated task with `winner` (when `hasWinner`): the replicas that revealed it are paid
    /// `price / k` each, split as every payout, their collateral unlocked with a completion; every other replica is
    /// slashed as on expiry; the user gets `reward - Σ shares`. Completed with a winner, Refunded without.
    /// Effects first (status, commitment), then at most 3 replicas' staking calls and transfers, then the
    /// aggregated treasury, creator and user transfers.
    function _settleReplicas(
        uint256 taskId,
        Task storage t,
        Offer storage o,
        Round memory r,
        bytes32 winner,
        bool hasWinner
    ) private {
        uint256 wins = 0; // bit i: replica i revealed the winner
        uint256 agreeing = 0;
        uint256 first = 0; // 1 + the index of the first replica that revealed the winner (0: none)
        if (hasWinner) {
            for (uint256 i = r.n; i > 0; --i) {
                if (r.revealed & (1 << (i - 1)) != 0 && r.hashes[i - 1] == winner) {
                    wins |= 1 << (i - 1);
                    ++agreeing;
                    first = i;
                }
            }
            // The commitment: the first agreeing replica's hash, or the winner itself when nobody revealed it.
            if (first == 0) t.resultCommitment = uint256(winner);
        }
        o.revealed = uint8(r.revealed | r.flags | CLOSED | (first << 4));
        t.status = hasWinner ? TaskStatus.Completed : TaskStatus.Refunded;
        emit TaskSettled(taskId, winner, agreeing);
        _payReplicas(taskId, t, r, wins);
    }


    /// @dev Pays the replicas in `wins`, slashes the others, then sends the treasury's and the creator's parts once
    /// and the rest of the reward back to the user.
    function _payReplicas(uint256 taskId, Task storage t, Round memory r, uint256 wins) private {
        Params memory p = _params;
        address creator = r.flags & HAS_CREATOR != 0 ? _modelCreators[taskId] : address(0);
        Payout memory acc = Payout({creator: creator, paid: 0, toTreasury: 0, toCreator: 0});
        address user = t.user;
        uint256 collateral = t.collateral;
        for (uint256 i = 0; i < r.n; ++i) {
            if (wins & (1 << i) != 0) _payReplica(taskId, r.providers[i], r.prices[i] / r.k, collateral, p, acc);
            else _slashReplica(taskId, r.providers[i], collateral, p, user);
        }
        if (acc.toTreasury != 0) token.safeTransfer(p.treasury, acc.toTreasury);
        if (acc.toCreator != 0) token.safeTransfer(acc.creator, acc.toCreator);
        uint256 refund = t.reward - acc.paid;
        if (refund != 0) token.safeTransfer(user, refund);
    }

    /// @dev Slashes a replica that did not reveal the winner, as on expiry (half to the user, half to the treasury).
    function _slashReplica(uint256 taskId, address provider, uint256 collateral, Params memory p, address user)
        private
    {
        // At most 3 replicas per task (bounded loop); Staking pays the user's and the treasury's halves.
        // slither-disable-next-line calls-loop
        uint256 slashed = staking.slash(provider, collateral, p.slashBps, user, p.treasury);
        emit ReplicaSlashed(taskId, provider, slashed);
    }

    /// @dev A replicated settlement's creator and its running totals: shares paid, the treasury's and the creator's
    /// parts.
    struct Payout {
        address creator;
        uint256 paid;
        uint256 toTreasury;
        uint256 toCreator;
    }

    /// @dev Pays one agreeing replica its `share` (the provider part now; the treasury and creator parts are summed
    /// into `acc` and sent once), unlocking its collateral with a completion.
    function _payReplica(
        uint256 taskId,
        address provider,
        uint256 share,
        uint256 collateral,
        Params memory p,
        Payout memory acc
    ) private {
        (uint256 toProvider, uint256 toTreasury, uint256 toCreator) =
            FeeMath.payout(share, p.treasuryBps, p.creatorBps, acc.creator != address(0));
        acc.paid += share;
        acc.toTreasury += toTreasury;
        acc.toCreator += toCreator;
        emit TaskCompleted(taskId, provider, toProvider, toTreasury, toCreator);
        // At most 3 replicas per task (bounded loop).
        // slither-disable-next-line calls-loop
        staking.unlockCollateral(provider, collateral, true);
        // slither-disable-next-line calls-loop
        if (toProvider != 0) token.safeTransfer(provider, toProvider);
    }

    /// @dev The refusal of finalize and dispute off Submitted: the kind first (a replicated task is never Submitted, so
    /// its check costs a classic task nothing on the way through).
    function _revertNotSubmitted(uint256 taskId, Task storage t) private view {
        if (t.kindAndMinReputation & KIND_REPLICATED != 0) revert MarketplaceReplicated(taskId);
        revert MarketplaceTaskNotSubmitted(taskId, t.status);
    }

    function _existing(uint256 taskId) private view returns (Task storage t) {
        t = _tasks[taskId];
        if (t.status == TaskStatus.None) revert MarketplaceTaskNotFound(taskId);
    }

    /// @dev Completed: pays the reward out (provider / treasury / creator), unlocks collateral,
    /// counts a completion.
    /// A task created with offer terms pays out its locked price and returns `reward - price` to the user.
    function _complete(uint256 taskId, Task storage t) private {
        t.status = TaskStatus.Completed;
        Params memory p = _params;
        address provider = t.provider;
        address creator = _modelCreators[taskId];
        uint256 reward = t.reward;
        uint256 price = reward;
        if (t.kindAndMinReputation & KIND_OFFER != 0) price = _offers[taskId].priceOrRevealEnd;
        (uint256 toProvider, uint256 toTreasury, uint256 toCreator) =
            FeeMath.payout(price, p.treasuryBps, p.creatorBps, creator != address(0));
        emit TaskCompleted(taskId, provider, toProvider, toTreasury, toCreator);
        staking.unlockCollateral(provider, t.collateral, true);
        token.safeTransfer(provider, toProvider);
        if (toTreasury != 0) token.safeTransfer(p.treasury, toTreasury);
        if (toCreator != 0) token.safeTransfer(creator, toCreator);
        if (reward != price) token.safeTransfer(t.user, reward - price);
    }

    /// @dev Refunded: the whole reward back to the user; `slashBps` of the collateral slashed,
    /// half to the user and half to the treasury (paid by Staking directly).
    function _refundAndSlash(uint256 taskId, Task storage t) private {
        t.status = TaskStatus.Refunded;
        Params memory p = _params;
        address user = t.user;
        uint256 reward = t.reward;
        uint256 slashed = staking.slash(t.provider, t.collateral, p.slashBps, user, p.treasury);
        emit TaskRefunded(taskId, user, reward, slashed);
        token.safeTransfer(user, reward);
    }
}
