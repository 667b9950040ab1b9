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
import {IPausableTarget} from "../governance/IPausableTarget.sol";
import {IVerifierRegistry} from "../governance/IVerifierRegistry.sol";

/// @title Marketplace
/// @notice Escrow for compute tasks: create, cancel, accept, submit (proved or optimistic), finalize,
/// dispute, resolve, expire (DESIGN.md §5). Rewards are held here; collateral stays in Staking.
/// @dev DEFAULT_ADMIN_ROLE (the timelock) owns every parameter, the verifier registry and unpause;
/// PAUSER_ROLE can only pause. Pausing stops createTask, acceptTask and submitResult; cancelTask,
/// finalize, dispute, resolve and expire stay open, so funds can always leave escrow.
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
    /// @notice The account governance appointed as pauser (holder of PAUSER_ROLE), or zero.
    address public pauser;

    mapping(uint256 taskId => Task) private _tasks;
    mapping(uint256 taskId => address) private _modelCreators;
    /// @notice Verifier registry: verifierId => IProofVerifier (0 = none).
    mapping(uint16 verifierId => address) public verifiers;

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
    }

    // ---------------------------------------------------------------- task lifecycle

    /// @inheritdoc IMarketplace
    function createTask(TaskParams calldata params) external nonReentrant whenNotPaused returns (uint256) {
        return _createTask(params);
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
        return _createTask(params);
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
        if (t.status != TaskStatus.Open) revert MarketplaceTaskNotOpen(taskId, t.status);
        uint256 deadline = t.deadline;
        if (block.timestamp > deadline) revert MarketplaceDeadlinePassed(taskId, deadline, block.timestamp);
        uint256 collateral = t.collateral;
        uint256 minRep = t.minReputationBps;
        t.provider = msg.sender;
        t.status = TaskStatus.Assigned;
        emit TaskAccepted(taskId, msg.sender, collateral);
        // Staking checks registration and free stake, locks, and reports the rest of the eligibility.
        (uint256 activeStake, uint256 minStake, uint256 score) = staking.lockCollateral(msg.sender, collateral);
        if (activeStake < minStake) revert MarketplaceStakeBelowMinimum(msg.sender, activeStake, minStake);
        if (score < minRep) revert MarketplaceReputationTooLow(msg.sender, score, minRep);
    }

    /// @inheritdoc IMarketplace
    function submitResult(uint256 taskId, uint256 resultCommitment, bytes calldata proof)
        external
        nonReentrant
        whenNotPaused
    {
        Task storage t = _existing(taskId);
        if (t.status != TaskStatus.Assigned) revert MarketplaceTaskNotAssigned(taskId, t.status);
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
        emit ResultSubmitted(taskId, provider, resultCommitment, block.timestamp);
        _complete(taskId, t);
    }

    /// @inheritdoc IMarketplace
    function finalize(uint256 taskId) external nonReentrant {
        Task storage t = _existing(taskId);
        if (t.status != TaskStatus.Submitted) revert MarketplaceTaskNotSubmitted(taskId, t.status);
        uint256 challengeEnd = t.deadline;
        if (block.timestamp < challengeEnd) {
            revert MarketplaceChallengePeriodActive(taskId, challengeEnd, block.timestamp);
        }
        _complete(taskId, t);
    }

    /// @inheritdoc IMarketplace
    function dispute(uint256 taskId) external {
        Task storage t = _existing(taskId);
        if (t.status != TaskStatus.Submitted) revert MarketplaceTaskNotSubmitted(taskId, t.status);
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
        if (t.status != TaskStatus.Disputed) revert MarketplaceTaskNotDisputed(taskId, t.status);
        emit TaskResolved(taskId, providerAtFault);
        if (providerAtFault) _refundAndSlash(taskId, t);
        else _complete(taskId, t);
    }

    /// @inheritdoc IMarketplace
    function expire(uint256 taskId) external nonReentrant {
        Task storage t = _existing(taskId);
        if (t.status != TaskStatus.Assigned) revert MarketplaceTaskNotAssigned(taskId, t.status);
        uint256 deadline = t.deadline;
        if (block.timestamp <= deadline) revert MarketplaceDeadlineNotPassed(taskId, deadline, block.timestamp);
        emit TaskExpired(taskId, t.provider);
        _refundAndSlash(taskId, t);
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
    /// 5 feeSplit (`providerBps << 32 | treasuryBps << 16 | creatorBps`: sum 10000, provider >= 5000, creator <= 2000).
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
            minReputationBps: t.minReputationBps,
            provider: t.provider,
            resultCommitment: t.resultCommitment,
            status: t.status
        });
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

    function _createTask(TaskParams calldata p) internal returns (uint256 taskId) {
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
        Task storage t = _tasks[taskId];
        t.specHash = uint248(p.specHash);
        t.status = TaskStatus.Open;
        t.user = msg.sender;
        t.reward = p.reward.toUint64();
        t.deadline = uint32(p.deadline);
        t.collateral = p.collateral.toUint64();
        t.verifierId = p.verifierId;
        t.minReputationBps = p.minReputationBps;
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
        token.safeTransferFrom(msg.sender, address(this), p.reward);
    }

    function _existing(uint256 taskId) private view returns (Task storage t) {
        t = _tasks[taskId];
        if (t.status == TaskStatus.None) revert MarketplaceTaskNotFound(taskId);
    }

    /// @dev Completed: pays the reward out (provider / treasury / creator), unlocks collateral,
    /// counts a completion.
    function _complete(uint256 taskId, Task storage t) private {
        t.status = TaskStatus.Completed;
        Params memory p = _params;
        address provider = t.provider;
        address creator = _modelCreators[taskId];
        (uint256 toProvider, uint256 toTreasury, uint256 toCreator) =
            FeeMath.payout(t.reward, p.treasuryBps, p.creatorBps, creator != address(0));
        emit TaskCompleted(taskId, provider, toProvider, toTreasury, toCreator);
        staking.unlockCollateral(provider, t.collateral, true);
        token.safeTransfer(provider, toProvider);
        if (toTreasury != 0) token.safeTransfer(p.treasury, toTreasury);
        if (toCreator != 0) token.safeTransfer(creator, toCreator);
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
