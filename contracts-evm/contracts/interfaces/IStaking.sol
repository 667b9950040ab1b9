// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title IStaking
/// @notice Provider registry, stake accounting and reputation (DESIGN.md §4).
/// @dev Accounting per provider: every token a provider has in the contract is in exactly one of
/// `free` (unlocked, can back new tasks or be unstaked), `locked` (collateral of accepted tasks) or
/// `pendingUnstake` (requested, waiting for `unbondingPeriod`). The *active stake* checked against
/// `minStake` is `free + locked`. Invariant: the token balance of the contract equals the sum over
/// providers of `free + locked + pendingUnstake`.
interface IStaking {
    /// @notice Per-provider stake, packed in one storage slot (CAL amounts fit a u64).
    struct StakeInfo {
        uint64 free;
        uint64 locked;
        uint64 pendingUnstake;
        uint64 unlockAt;
    }

    /// @notice Per-provider registration and reputation counters, packed in one slot.
    struct ProviderInfo {
        bool registered;
        uint64 completed;
        uint64 failed;
        uint64 slashedTotal;
    }

    event ProviderRegistered(address indexed provider, bytes32 metadataHash);
    event ProviderMetadataUpdated(address indexed provider, bytes32 metadataHash);
    event Staked(address indexed provider, uint256 amount);
    event UnstakeRequested(address indexed provider, uint256 amount, uint256 unlockAt);
    event Withdrawn(address indexed provider, uint256 amount);
    event CollateralLocked(address indexed provider, uint256 amount);
    event CollateralUnlocked(address indexed provider, uint256 amount, bool completed);
    event ProviderSlashed(
        address indexed provider, uint256 slashed, uint256 toUser, uint256 toTreasury, address user, address treasury
    );
    event MarketplaceSet(address indexed marketplace);
    event ParameterUpdated(bytes32 indexed name, uint256 value);

    error StakingAlreadyRegistered(address provider);
    error StakingNotRegistered(address provider);
    error StakingZeroAmount();
    error StakingInsufficientFreeStake(address provider, uint256 free, uint256 required);
    error StakingNoPendingUnstake(address provider);
    error StakingUnbondingNotElapsed(address provider, uint256 unlockAt, uint256 now_);
    error StakingUnauthorizedSlasher(address caller);
    error StakingParameterOutOfBounds(bytes32 name, uint256 value, uint256 min, uint256 max);

    /// @notice Registers the caller as a provider with a hash of its hardware / attestation document.
    function register(bytes32 metadataHash) external;

    /// @notice Replaces the caller's metadata hash.
    function updateMetadata(bytes32 metadataHash) external;

    /// @notice Pulls `amount` CAL from the caller into its free stake.
    function stake(uint256 amount) external;

    /// @notice Moves `amount` of free stake into the unbonding queue (restarts the unbonding clock).
    function requestUnstake(uint256 amount) external;

    /// @notice Sends the caller's whole pending unstake once `unbondingPeriod` has elapsed.
    function withdraw() external;

    /// @notice Locks `amount` of `provider`'s free stake as task collateral. Marketplace only.
    /// @dev Reverts when the provider is not registered or its free stake is short. Returns what the
    /// marketplace needs for its own eligibility rules, so an acceptance costs one call.
    /// @return activeStake `free + locked` of the provider (unchanged by the lock).
    /// @return minStake_ The current `minStake`.
    /// @return score The provider's reputation score in basis points.
    function lockCollateral(address provider, uint256 amount)
        external
        returns (uint256 activeStake, uint256 minStake_, uint256 score);

    /// @notice Unlocks `amount` of collateral; counts a completed task when `taskCompleted`. Marketplace only.
    function unlockCollateral(address provider, uint256 amount, bool taskCompleted) external;

    /// @notice Slashes `slashBps` of `collateral`: half to `user`, the rest to `treasury`; unlocks the remainder.
    /// Marketplace only.
    function slash(address provider, uint256 collateral, uint256 slashBps, address user, address treasury)
        external
        returns (uint256 slashed);

    /// @notice Reputation score in basis points: `10000 * (completed + 1) / (completed + 3*failed + 2)`.
    function scoreOf(address provider) external view returns (uint256);

    /// @notice Active stake (`free + locked`) of a provider.
    function activeStakeOf(address provider) external view returns (uint256);

    /// @notice Stake accounting of a provider.
    function stakeInfo(address provider) external view returns (StakeInfo memory);

    /// @notice Registration and reputation counters of a provider.
    function providerInfo(address provider) external view returns (ProviderInfo memory);

    /// @notice Minimum active stake to accept tasks.
    function minStake() external view returns (uint256);
}
