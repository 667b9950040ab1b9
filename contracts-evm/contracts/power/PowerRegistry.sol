// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {IPowerRegistry} from "../interfaces/IPowerRegistry.sol";
import {IStaking} from "../interfaces/IStaking.sol";
import {PowerMath} from "./PowerMath.sol";

/// @title PowerRegistry
/// @notice Proof of computational power (DESIGN §11): claims, compute validators, challenges seeded with
/// `block.prevrandao`, on-chain answer checks, failures, power slashes through Staking and validator fees from a
/// treasury-funded budget.
/// @dev The owner is the governance timelock; it sets parameters 8..14 through `setParameter` (CONVENTIONS.md). Each
/// external function is a thin wrapper over an internal hook (`_declareRate`, `_challenge`, `_respond`, `_expire`,
/// `_settleFee`) so that a derived registry can extend one step. Storage is laid out for gas: a provider's record is
/// one slot, its challenge two slots written in place (made non-zero once by `declareRate`, so a challenge never
/// creates storage), the parameters one slot and the budget with the challenge counter one slot.
contract PowerRegistry is IPowerRegistry, Ownable, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;
    using SafeCast for uint256;

    /// @notice Parameter ids (CONVENTIONS.md, the one parameter table).
    uint16 public constant PARAM_RESPONSE_WINDOW = 8;
    /// @notice m, the number of nonces a challenge asks for.
    uint16 public constant PARAM_POWER_NONCES = 9;
    /// @notice Seconds between two challenges of one provider.
    uint16 public constant PARAM_POWER_COOLDOWN = 10;
    /// @notice Failures in a row that slash.
    uint16 public constant PARAM_MAX_POWER_FAILURES = 11;
    /// @notice Share of the free stake a power slash takes, bps.
    uint16 public constant PARAM_POWER_SLASH_BPS = 12;
    /// @notice CAL per completed challenge.
    uint16 public constant PARAM_VALIDATOR_FEE = 13;
    /// @notice CAL the registry may still pay in fees (each fee paid lowers it).
    uint16 public constant PARAM_VALIDATOR_BUDGET = 14;

    /// @notice Bounds (inclusive) of each parameter.
    uint256 public constant MIN_RESPONSE_WINDOW = 60;
    /// @notice See MIN_RESPONSE_WINDOW.
    uint256 public constant MAX_RESPONSE_WINDOW = 1 days;
    /// @notice Bounds of m.
    uint256 public constant MIN_POWER_NONCES = 1;
    /// @notice See MIN_POWER_NONCES.
    uint256 public constant MAX_POWER_NONCES = 32;
    /// @notice Bounds of the cooldown.
    uint256 public constant MIN_POWER_COOLDOWN = 10 minutes;
    /// @notice See MIN_POWER_COOLDOWN.
    uint256 public constant MAX_POWER_COOLDOWN = 30 days;
    /// @notice Bounds of maxPowerFailures.
    uint256 public constant MIN_MAX_POWER_FAILURES = 1;
    /// @notice See MIN_MAX_POWER_FAILURES.
    uint256 public constant MAX_MAX_POWER_FAILURES = 100;
    /// @notice Bounds of powerSlashBps.
    uint256 public constant MIN_POWER_SLASH_BPS = 100;
    /// @notice See MIN_POWER_SLASH_BPS.
    uint256 public constant MAX_POWER_SLASH_BPS = 10_000;
    /// @notice Largest validatorFee: 1,000 CAL.
    uint256 public constant MAX_VALIDATOR_FEE = 1_000e9;
    /// @notice Largest validatorBudget: 10,000,000 CAL.
    uint256 public constant MAX_VALIDATOR_BUDGET = 10_000_000e9;

    /// @notice The staked token (CAL), in which fees are paid.
    IERC20 public immutable token;
    /// @notice Where providers and validators stake, and through which power slashes go.
    IStaking public immutable staking;

    /// @dev One slot: the parameters every challenge reads.
    PowerParameters private _params;
    /// @dev One slot: what fees may still be paid, the CAL held for them, and the challenge counter.
    struct Budget {
        uint64 validatorBudget;
        uint64 fundedBudget;
        uint64 challengeCount;
    }

    Budget private _budget;
    /// @notice Receiver of half of each power slash.
    address public treasury;

    mapping(address provider => PowerRecord) private _records;
    mapping(address provider => Challenge) private _challenges;
    mapping(address validator => ValidatorInfo) private _validators;

    /// @notice Starts with the defaults of the parameter table: a 10-minute window, m = 8, a one-day cooldown,
    /// 3 failures in a row, a 1000 bps slash, a 1 CAL fee and an empty budget.
    /// @param token_ The CAL token.
    /// @param staking_ The Staking contract.
    /// @param treasury_ The treasury.
    /// @param initialOwner Owner (the timelock, or the deployer until it hands over).
    constructor(IERC20 token_, IStaking staking_, address treasury_, address initialOwner) Ownable(initialOwner) {
        token = token_;
        staking = staking_;
        // The deployer names the treasury (the marketplace's); the owner may replace it.
        // slither-disable-next-line missing-zero-check
        treasury = treasury_;
        _params = PowerParameters({
            responseWindow: 600,
            powerNonces: 8,
            powerCooldown: 1 days,
            maxPowerFailures: 3,
            powerSlashBps: 1000,
            validatorFee: 1e9
        });
    }

    // ---------------------------------------------------------------- externals

    /// @inheritdoc IPowerRegistry
    function declareRate(uint64 claimedRate) external {
        _declareRate(msg.sender, claimedRate);
    }

    /// @inheritdoc IPowerRegistry
    function registerValidator() external {
        ValidatorInfo storage v = _validators[msg.sender];
        if (v.registered) revert PowerAlreadyValidator(msg.sender);
        _requireStake(msg.sender);
        v.registered = true;
        emit ValidatorRegistered(msg.sender);
    }

    /// @inheritdoc IPowerRegistry
    function challenge(address provider) external returns (uint64 challengeId) {
        return _challenge(msg.sender, provider);
    }

    /// @inheritdoc IPowerRegistry
    function respond(uint64 challengeId, uint64[] calldata nonces) external {
        _respond(msg.sender, challengeId, nonces);
    }

    /// @inheritdoc IPowerRegistry
    function expireChallenge(address provider) external nonReentrant {
        _expire(provider);
    }

    /// @inheritdoc IPowerRegistry
    function claimFees() external nonReentrant {
        ValidatorInfo storage v = _validators[msg.sender];
        uint256 owed = v.feesOwed;
        if (owed == 0) revert PowerNothingToClaim(msg.sender);
        v.feesOwed = 0;
        emit FeesClaimed(msg.sender, owed);
        token.safeTransfer(msg.sender, owed);
    }

    /// @inheritdoc IPowerRegistry
    function fundValidatorBudget(uint256 amount) external nonReentrant {
        if (amount == 0) revert PowerZeroAmount();
        _budget.fundedBudget = (uint256(_budget.fundedBudget) + amount).toUint64();
        emit ValidatorBudgetFunded(msg.sender, amount);
        token.safeTransferFrom(msg.sender, address(this), amount);
    }

    /// @inheritdoc IPowerRegistry
    function setParameter(uint16 paramId, uint64 value) external onlyOwner {
        _setParameter(paramId, value);
    }

    /// @notice Sets the treasury (receiver of half of each power slash). Owner (timelock) only.
    /// @param treasury_ The treasury.
    function setTreasury(address treasury_) external onlyOwner {
        // slither-disable-next-line missing-zero-check
        treasury = treasury_;
        emit TreasurySet(treasury_);
    }

    // ---------------------------------------------------------------- internal hooks

    /// @dev A claim: non-zero, by a provider registered in Staking, not while a challenge is open (the claim sizes the
    /// open challenge's target). Resets the pass record. The first claim also makes the provider's challenge slots
    /// non-zero, so that challenges overwrite storage instead of creating it: the provider pays that once.
    function _declareRate(address provider, uint64 claimedRate) internal virtual {
        if (claimedRate == 0) revert PowerZeroClaim();
        if (!staking.providerInfo(provider).registered) revert PowerNotProvider(provider);
        PowerRecord memory rec = _records[provider];
        if (rec.openChallenge != 0) revert PowerChallengeOpen(provider, rec.openChallenge);
        rec.claimedRate = claimedRate;
        rec.powerPassed = 0;
        rec.failuresInRow = 0;
        _records[provider] = rec;
        Challenge storage c = _challenges[provider];
        if (c.seed == bytes32(0)) {
            c.seed = bytes32(uint256(1));
            c.responseWindow = 1;
        }
        emit PowerClaimDeclared(provider, claimedRate);
    }

    /// @dev Check order (CONVENTIONS.md): validator, not itself, the validator's stake, a claim, no open challenge,
    /// the cooldown.
    function _challenge(address validator, address provider) internal virtual returns (uint64 challengeId) {
        if (!_validators[validator].registered) revert PowerNotValidator(validator);
        if (provider == validator) revert PowerSelfChallenge(validator);
        _requireStake(validator);
        PowerRecord memory rec = _records[provider];
        if (rec.claimedRate == 0) revert PowerNoClaim(provider);
        if (rec.openChallenge != 0) revert PowerChallengeOpen(provider, rec.openChallenge);
        PowerParameters memory p = _params;
        if (rec.lastChallengeAt != 0 && block.timestamp < uint256(rec.lastChallengeAt) + p.powerCooldown) {
            revert PowerCooldownActive(provider, uint256(rec.lastChallengeAt) + p.powerCooldown);
        }
        challengeId = ++_budget.challengeCount;
        bytes32 seed = PowerMath.seed(bytes32(block.prevrandao), challengeId, _universal(provider));
        uint48 deadline = uint48(block.timestamp + p.responseWindow);
        rec.openChallenge = challengeId;
        rec.lastChallengeAt = uint48(block.timestamp);
        _records[provider] = rec;
        _challenges[provider] = Challenge({
            seed: seed, validator: validator, deadline: deadline, responseWindow: p.responseWindow, nonces: p.powerNonces
        });
        emit ChallengeOpened(
            challengeId,
            provider,
            validator,
            seed,
            PowerMath.target(rec.claimedRate, p.responseWindow, p.powerNonces),
            p.powerNonces,
            deadline
        );
    }

    /// @dev Check order (CONVENTIONS.md): the caller's open challenge has this id, the window, then the answer
    /// (count, then index by index: order, hash below the target). A pass resets the failures in a row.
    function _respond(address provider, uint64 challengeId, uint64[] calldata nonces) internal virtual {
        PowerRecord memory rec = _records[provider];
        if (challengeId == 0 || rec.openChallenge != challengeId) revert PowerUnknownChallenge(challengeId);
        Challenge memory c = _challenges[provider];
        if (block.timestamp > c.deadline) revert PowerAnswerAfterWindow(challengeId, c.deadline);
        PowerMath.checkAnswer(
            c.seed,
            _universal(provider),
            PowerMath.target(rec.claimedRate, c.responseWindow, c.nonces),
            c.nonces,
            nonces
        );
        rec.openChallenge = 0;
        ++rec.powerPassed;
        rec.failuresInRow = 0;
        _records[provider] = rec;
        emit ChallengePassed(challengeId, provider, c.validator, _settleFee(c.validator));
    }

    /// @dev Anyone, once the window is over: a failure; `maxPowerFailures` in a row slash `powerSlashBps` of the free
    /// stake through Staking (half to the challenger, half to the treasury) and reset the claim to unverified.
    function _expire(address provider) internal virtual {
        PowerRecord memory rec = _records[provider];
        uint64 challengeId = rec.openChallenge;
        // A record field (0 = no open challenge), not a balance anyone can move.
        // slither-disable-next-line incorrect-equality
        if (challengeId == 0) revert PowerUnknownChallenge(0);
        Challenge memory c = _challenges[provider];
        if (block.timestamp <= c.deadline) revert PowerWindowOpen(challengeId, c.deadline);
        PowerParameters memory p = _params;
        uint8 inRow = rec.failuresInRow + 1;
        rec.openChallenge = 0;
        ++rec.powerFailed;
        bool slash = inRow >= p.maxPowerFailures;
        if (slash) {
            rec.claimedRate = 0;
            rec.powerPassed = 0;
            inRow = 0;
        }
        rec.failuresInRow = inRow;
        _records[provider] = rec;
        emit ChallengeExpired(challengeId, provider, c.validator, inRow, _settleFee(c.validator));
        if (slash) {
            uint256 slashed = staking.slashPower(provider, p.powerSlashBps, c.validator, treasury);
            emit PowerSlashed(provider, c.validator, slashed);
        }
    }

    /// @dev A completed challenge earns its validator `validatorFee` while the governed allowance and the funded CAL
    /// both cover it; otherwise the challenge completes without a fee.
    function _settleFee(address validator) internal virtual returns (uint64 fee) {
        ValidatorInfo storage v = _validators[validator];
        Budget memory b = _budget;
        fee = _params.validatorFee;
        if (fee == 0 || b.validatorBudget < fee || b.fundedBudget < fee) {
            fee = 0;
        } else {
            _budget = Budget({
                validatorBudget: b.validatorBudget - fee, fundedBudget: b.fundedBudget - fee, challengeCount: b.challengeCount
            });
            v.feesOwed += fee;
        }
        ++v.completed;
    }

    function _requireStake(address validator) internal view {
        uint256 active = staking.activeStakeOf(validator);
        uint256 minimum = staking.minStake();
        if (active < minimum) revert PowerStakeBelowMinimum(validator, active, minimum);
    }

    /// @dev The bounds table of ids 8..14 (CONVENTIONS.md).
    function _setParameter(uint16 paramId, uint64 value) internal virtual {
        if (paramId == PARAM_RESPONSE_WINDOW) {
            _bounds("responseWindow", value, MIN_RESPONSE_WINDOW, MAX_RESPONSE_WINDOW);
            _params.responseWindow = uint32(value);
        } else if (paramId == PARAM_POWER_NONCES) {
            _bounds("powerNonces", value, MIN_POWER_NONCES, MAX_POWER_NONCES);
            _params.powerNonces = uint8(value);
        } else if (paramId == PARAM_POWER_COOLDOWN) {
            _bounds("powerCooldown", value, MIN_POWER_COOLDOWN, MAX_POWER_COOLDOWN);
            _params.powerCooldown = uint32(value);
        } else if (paramId == PARAM_MAX_POWER_FAILURES) {
            _bounds("maxPowerFailures", value, MIN_MAX_POWER_FAILURES, MAX_MAX_POWER_FAILURES);
            _params.maxPowerFailures = uint8(value);
        } else if (paramId == PARAM_POWER_SLASH_BPS) {
            _bounds("powerSlashBps", value, MIN_POWER_SLASH_BPS, MAX_POWER_SLASH_BPS);
            _params.powerSlashBps = uint16(value);
        } else if (paramId == PARAM_VALIDATOR_FEE) {
            _bounds("validatorFee", value, 0, MAX_VALIDATOR_FEE);
            _params.validatorFee = value;
        } else if (paramId == PARAM_VALIDATOR_BUDGET) {
            _bounds("validatorBudget", value, 0, MAX_VALIDATOR_BUDGET);
            _budget.validatorBudget = value;
        } else {
            revert GovernanceUnknownParameter(paramId);
        }
        emit ParameterUpdated(paramId, value);
    }

    function _bounds(bytes32 name, uint256 value, uint256 min, uint256 max) private pure {
        if (value < min || value > max) revert PowerParameterOutOfBounds(name, value, min, max);
    }

    function _universal(address a) private pure returns (bytes32) {
        return bytes32(uint256(uint160(a)));
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc IPowerRegistry
    function powerRecord(address provider) external view returns (PowerRecord memory) {
        return _records[provider];
    }

    /// @inheritdoc IPowerRegistry
    function challengeOf(address provider) external view returns (Challenge memory) {
        return _challenges[provider];
    }

    /// @inheritdoc IPowerRegistry
    function validatorInfo(address validator) external view returns (ValidatorInfo memory) {
        return _validators[validator];
    }

    /// @inheritdoc IPowerRegistry
    function verifiedPower(address provider) external view returns (uint256) {
        PowerRecord memory r = _records[provider];
        // Record fields (0 = no claim, no pass), not balances.
        // slither-disable-next-line incorrect-equality
        if (r.claimedRate == 0 || r.powerPassed == 0) return 0;
        return (uint256(r.claimedRate) * r.powerPassed) / (uint256(r.powerPassed) + r.failuresInRow + 1);
    }

    /// @notice The current parameters (ids 8..13; 14 is `validatorBudget`).
    /// @return The parameters.
    function parameters() external view returns (PowerParameters memory) {
        return _params;
    }

    /// @notice The fee allowance governance set (id 14), lowered by each fee paid.
    /// @return CAL base units.
    function validatorBudget() external view returns (uint256) {
        return _budget.validatorBudget;
    }

    /// @notice The CAL held for future fees (funded and not yet accrued to a validator).
    /// @return CAL base units.
    function fundedBudget() external view returns (uint256) {
        return _budget.fundedBudget;
    }

    /// @notice The number of challenges opened (the last challenge id).
    /// @return The count.
    function challengeCount() external view returns (uint256) {
        return _budget.challengeCount;
    }

    /// @notice The target formula itself, for cross-chain vector tests.
    /// @param claimedRate Hashes per second.
    /// @param responseWindow Seconds.
    /// @param nonces m.
    /// @return The target.
    function computeTarget(uint64 claimedRate, uint64 responseWindow, uint64 nonces) external pure returns (uint256) {
        return PowerMath.target(claimedRate, responseWindow, nonces);
    }

    /// @notice The seed layout itself, for cross-chain vector tests.
    /// @param randomness The randomness.
    /// @param challengeId The challenge id.
    /// @param provider The provider's universal address.
    /// @return The seed.
    function computeSeed(bytes32 randomness, uint64 challengeId, bytes32 provider) external pure returns (bytes32) {
        return PowerMath.seed(randomness, challengeId, provider);
    }

    /// @notice The solution hash layout itself, for cross-chain vector tests.
    /// @param seed The seed.
    /// @param provider The provider's universal address.
    /// @param nonce The nonce.
    /// @return The hash.
    function computeSolutionHash(bytes32 seed, bytes32 provider, uint64 nonce) external pure returns (bytes32) {
        return PowerMath.solutionHash(seed, provider, nonce);
    }

    /// @notice The answer check itself (reverts with the canonical error), for cross-chain vector tests.
    /// @param seed The seed.
    /// @param provider The provider's universal address.
    /// @param target The target.
    /// @param m The number of nonces asked for.
    /// @param nonces The answer.
    function checkAnswer(bytes32 seed, bytes32 provider, uint256 target, uint256 m, uint64[] calldata nonces)
        external
        pure
    {
        PowerMath.checkAnswer(seed, provider, target, m, nonces);
    }
}
