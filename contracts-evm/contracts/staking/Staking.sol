// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {IStaking} from "../interfaces/IStaking.sol";
import {Reputation} from "./Reputation.sol";
import {FeeMath} from "../marketplace/FeeMath.sol";

/// @title Staking
/// @notice Provider registry, stake accounting, collateral locking, slashing and reputation.
/// @dev The owner is the governance timelock (or a spoke's executor); it sets `minStake` and `unbondingPeriod`
/// through `setParameter` (ids 1 and 2, bounded, CONVENTIONS.md) and the marketplace, the only contract that can lock, unlock and slash.
/// Slashed tokens leave this contract once, straight to the user and the treasury named by the
/// marketplace. See IStaking for the accounting invariant.
contract Staking is IStaking, Ownable, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;
    using SafeCast for uint256;

    /// @notice Lowest `minStake`: 1 CAL.
    uint256 public constant MIN_MIN_STAKE = 1e9;
    /// @notice Highest `minStake`: 1,000,000 CAL.
    uint256 public constant MAX_MIN_STAKE = 1_000_000e9;
    /// @notice Shortest `unbondingPeriod`, seconds.
    uint256 public constant MIN_UNBONDING_PERIOD = 1 hours;
    /// @notice Longest `unbondingPeriod`, seconds.
    uint256 public constant MAX_UNBONDING_PERIOD = 30 days;
    /// @notice Governed parameter id of `minStake`.
    uint16 public constant PARAM_MIN_STAKE = 1;
    /// @notice Governed parameter id of `unbondingPeriod`.
    uint16 public constant PARAM_UNBONDING_PERIOD = 2;

    /// @notice The staked token (CAL).
    IERC20 public immutable token;

    /// @notice The marketplace, the only caller of lock / unlock / slash.
    address public marketplace;
    /// @notice The power registry (DESIGN §11), the only caller of `slashPower`.
    address public powerRegistry;
    /// @inheritdoc IStaking
    uint256 public minStake;
    /// @notice Delay between `requestUnstake` and `withdraw`, in seconds.
    uint256 public unbondingPeriod;

    mapping(address provider => StakeInfo) private _stakes;
    mapping(address provider => ProviderInfo) private _providers;
    /// @notice Metadata hash (hardware spec / attestation digest) of each provider.
    mapping(address provider => bytes32) public metadataOf;

    modifier onlyMarketplace() {
        if (msg.sender != marketplace) revert StakingUnauthorizedSlasher(msg.sender);
        _;
    }

    /// @notice Starts with `minStake` 100 CAL and a 7-day unbonding period.
    /// @param token_ The CAL token.
    /// @param initialOwner Owner (the timelock, or the deployer until it hands over).
    constructor(IERC20 token_, address initialOwner) Ownable(initialOwner) {
        token = token_;
        minStake = 100e9;
        unbondingPeriod = 7 days;
    }

    // ---------------------------------------------------------------- providers

    /// @inheritdoc IStaking
    function register(bytes32 metadataHash) external {
        ProviderInfo storage p = _providers[msg.sender];
        if (p.registered) revert StakingAlreadyRegistered(msg.sender);
        p.registered = true;
        metadataOf[msg.sender] = metadataHash;
        emit ProviderRegistered(msg.sender, metadataHash);
    }

    /// @inheritdoc IStaking
    function updateMetadata(bytes32 metadataHash) external {
        if (!_providers[msg.sender].registered) revert StakingNotRegistered(msg.sender);
        metadataOf[msg.sender] = metadataHash;
        emit ProviderMetadataUpdated(msg.sender, metadataHash);
    }

    /// @inheritdoc IStaking
    function stake(uint256 amount) external nonReentrant {
        if (amount == 0) revert StakingZeroAmount();
        if (!_providers[msg.sender].registered) revert StakingNotRegistered(msg.sender);
        StakeInfo storage s = _stakes[msg.sender];
        s.free = (uint256(s.free) + amount).toUint64();
        emit Staked(msg.sender, amount);
        token.safeTransferFrom(msg.sender, address(this), amount);
    }

    /// @inheritdoc IStaking
    function requestUnstake(uint256 amount) external {
        if (amount == 0) revert StakingZeroAmount();
        StakeInfo storage s = _stakes[msg.sender];
        uint256 free = s.free;
        if (free < amount) revert StakingInsufficientFreeStake(msg.sender, free, amount);
        uint256 unlockAt = block.timestamp + unbondingPeriod;
        s.free = uint64(free - amount);
        s.pendingUnstake = (uint256(s.pendingUnstake) + amount).toUint64();
        s.unlockAt = uint64(unlockAt);
        emit UnstakeRequested(msg.sender, amount, unlockAt);
    }

    /// @inheritdoc IStaking
    function withdraw() external nonReentrant {
        StakeInfo storage s = _stakes[msg.sender];
        uint256 amount = s.pendingUnstake;
        if (amount == 0) revert StakingNoPendingUnstake(msg.sender);
        if (block.timestamp < s.unlockAt) {
            revert StakingUnbondingNotElapsed(msg.sender, s.unlockAt, block.timestamp);
        }
        s.pendingUnstake = 0;
        s.unlockAt = 0;
        emit Withdrawn(msg.sender, amount);
        token.safeTransfer(msg.sender, amount);
    }

    // ---------------------------------------------------------------- marketplace hooks

    /// @inheritdoc IStaking
    function lockCollateral(address provider, uint256 amount)
        external
        onlyMarketplace
        returns (uint256 activeStake, uint256 minStake_, uint256 score)
    {
        ProviderInfo storage p = _providers[provider];
        if (!p.registered) revert StakingNotRegistered(provider);
        StakeInfo storage s = _stakes[provider];
        uint256 free = s.free;
        uint256 locked = s.locked;
        if (free < amount) revert StakingInsufficientFreeStake(provider, free, amount);
        s.free = uint64(free - amount);
        s.locked = (locked + amount).toUint64();
        emit CollateralLocked(provider, amount);
        return (free + locked, minStake, Reputation.score(p.completed, p.failed));
    }

    /// @inheritdoc IStaking
    function unlockCollateral(address provider, uint256 amount, bool taskCompleted) external onlyMarketplace {
        StakeInfo storage s = _stakes[provider];
        // Checked arithmetic: the marketplace never unlocks more than it locked.
        s.locked = uint64(uint256(s.locked) - amount);
        s.free = (uint256(s.free) + amount).toUint64();
        if (taskCompleted) ++_providers[provider].completed;
        emit CollateralUnlocked(provider, amount, taskCompleted);
    }

    /// @inheritdoc IStaking
    function slash(address provider, uint256 collateral, uint256 slashBps, address user, address treasury)
        external
        onlyMarketplace
        nonReentrant
        returns (uint256 slashed)
    {
        uint256 toUser;
        uint256 toTreasury;
        (slashed, toUser, toTreasury) = FeeMath.slash(collateral, slashBps);
        StakeInfo storage s = _stakes[provider];
        s.locked = uint64(uint256(s.locked) - collateral);
        s.free = (uint256(s.free) + collateral - slashed).toUint64();
        ProviderInfo storage p = _providers[provider];
        ++p.failed;
        p.slashedTotal += uint64(slashed);
        emit ProviderSlashed(provider, slashed, toUser, toTreasury, user, treasury);
        if (toUser != 0) token.safeTransfer(user, toUser);
        if (toTreasury != 0) token.safeTransfer(treasury, toTreasury);
    }

    /// @inheritdoc IStaking
    function slashPower(address provider, uint256 powerSlashBps, address challenger, address treasury)
        external
        nonReentrant
        returns (uint256 slashed)
    {
        if (msg.sender != powerRegistry) revert StakingUnauthorizedSlasher(msg.sender);
        uint256 toChallenger;
        uint256 toTreasury;
        StakeInfo storage s = _stakes[provider];
        uint256 free = s.free;
        (slashed, toChallenger, toTreasury) = FeeMath.slash(free, powerSlashBps);
        s.free = uint64(free - slashed);
        ProviderInfo storage p = _providers[provider];
        p.slashedTotal += uint64(slashed);
        emit ProviderSlashed(provider, slashed, toChallenger, toTreasury, challenger, treasury);
        if (toChallenger != 0) token.safeTransfer(challenger, toChallenger);
        if (toTreasury != 0) token.safeTransfer(treasury, toTreasury);
    }

    // ---------------------------------------------------------------- governance

    /// @notice Sets the power registry allowed to slash for failed power challenges. Owner (timelock) only.
    /// @param powerRegistry_ The registry (zero detaches it).
    function setPowerRegistry(address powerRegistry_) external onlyOwner {
        // slither-disable-next-line missing-zero-check
        powerRegistry = powerRegistry_;
        emit PowerRegistrySet(powerRegistry_);
    }

    /// @notice Sets the marketplace allowed to lock, unlock and slash. Owner (timelock) only.
    /// @param marketplace_ The marketplace contract.
    function setMarketplace(address marketplace_) external onlyOwner {
        // Owner (timelock) only; zero detaches the marketplace (lock, unlock and slash then revert).
        // slither-disable-next-line missing-zero-check
        marketplace = marketplace_;
        emit MarketplaceSet(marketplace_);
    }

    /// @inheritdoc IStaking
    function setParameter(uint16 paramId, uint64 value) external onlyOwner {
        _setParameter(paramId, value);
    }

    /// @dev The bounds table of the parameters Staking owns (docs/CONVENTIONS.md): 1 minStake, 2 unbondingPeriod.
    function _setParameter(uint16 paramId, uint64 value) internal {
        if (paramId == PARAM_MIN_STAKE) {
            if (value < MIN_MIN_STAKE || value > MAX_MIN_STAKE) {
                revert StakingParameterOutOfBounds("minStake", value, MIN_MIN_STAKE, MAX_MIN_STAKE);
            }
            minStake = value;
        } else if (paramId == PARAM_UNBONDING_PERIOD) {
            if (value < MIN_UNBONDING_PERIOD || value > MAX_UNBONDING_PERIOD) {
                revert StakingParameterOutOfBounds("unbondingPeriod", value, MIN_UNBONDING_PERIOD, MAX_UNBONDING_PERIOD);
            }
            unbondingPeriod = value;
        } else {
            revert GovernanceUnknownParameter(paramId);
        }
        emit ParameterUpdated(paramId, value);
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc IStaking
    function scoreOf(address provider) external view returns (uint256) {
        ProviderInfo storage p = _providers[provider];
        return Reputation.score(p.completed, p.failed);
    }

    /// @notice The reputation formula itself, exposed for cross-chain vector tests.
    /// @param completed Completed tasks.
    /// @param failed Failed (slashed) tasks.
    /// @return Score in basis points.
    function computeScore(uint256 completed, uint256 failed) external pure returns (uint256) {
        return Reputation.score(completed, failed);
    }

    /// @notice The slash arithmetic itself, exposed for cross-chain vector tests.
    /// @param collateral Locked collateral of the task.
    /// @param slashBps Slashed share in basis points.
    /// @return slashed Amount taken from the provider.
    /// @return toUser Half of it (floor), paid to the user.
    /// @return toTreasury The rest, paid to the treasury.
    function computeSlash(uint256 collateral, uint256 slashBps)
        external
        pure
        returns (uint256 slashed, uint256 toUser, uint256 toTreasury)
    {
        return FeeMath.slash(collateral, slashBps);
    }

    /// @inheritdoc IStaking
    function activeStakeOf(address provider) external view returns (uint256) {
        StakeInfo storage s = _stakes[provider];
        return uint256(s.free) + s.locked;
    }

    /// @inheritdoc IStaking
    function stakeInfo(address provider) external view returns (StakeInfo memory) {
        return _stakes[provider];
    }

    /// @inheritdoc IStaking
    function providerInfo(address provider) external view returns (ProviderInfo memory) {
        return _providers[provider];
    }
}
