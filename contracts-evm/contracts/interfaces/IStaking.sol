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

    /// @notice Emitted when a provider registers.
    /// @param provider The provider.
    /// @param metadataHash Hash of its hardware / attestation document.
    event ProviderRegistered(address indexed provider, bytes32 metadataHash);
    /// @notice Emitted when a provider replaces its metadata hash.
    /// @param provider The provider.
    /// @param metadataHash The new hash.
    event ProviderMetadataUpdated(address indexed provider, bytes32 metadataHash);
    /// @notice Emitted when a provider adds to its free stake.
    /// @param provider The provider.
    /// @param amount CAL base units.
    event Staked(address indexed provider, uint256 amount);
    /// @notice Emitted when free stake moves to the unbonding queue.
    /// @param provider The provider.
    /// @param amount CAL base units added to the pending unstake.
    /// @param unlockAt When the whole pending unstake can be withdrawn.
    event UnstakeRequested(address indexed provider, uint256 amount, uint256 unlockAt);
    /// @notice Emitted when a provider withdraws its pending unstake.
    /// @param provider The provider.
    /// @param amount CAL base units paid out.
    event Withdrawn(address indexed provider, uint256 amount);
    /// @notice Emitted when the marketplace locks task collateral.
    /// @param provider The provider.
    /// @param amount CAL base units moved from free to locked.
    event CollateralLocked(address indexed provider, uint256 amount);
    /// @notice Emitted when the marketplace unlocks task collateral.
    /// @param provider The provider.
    /// @param amount CAL base units moved from locked to free.
    /// @param completed True when the task completed (counted in the reputation).
    event CollateralUnlocked(address indexed provider, uint256 amount, bool completed);
    /// @notice Emitted when the marketplace slashes a provider's collateral.
    /// @param provider The provider.
    /// @param slashed CAL base units taken.
    /// @param toUser Paid to the task user.
    /// @param toTreasury Paid to the treasury.
    /// @param user The task user.
    /// @param treasury The treasury.
    event ProviderSlashed(
        address indexed provider, uint256 slashed, uint256 toUser, uint256 toTreasury, address user, address treasury
    );
    /// @notice Emitted when the owner sets the marketplace.
    /// @param marketplace The marketplace contract.
    event MarketplaceSet(address indexed marketplace);
    /// @notice Emitted when the owner sets the power registry.
    /// @param powerRegistry The registry.
    event PowerRegistrySet(address indexed powerRegistry);
    /// @notice Emitted when a governed parameter changes.
    /// @param paramId The parameter id (docs/CONVENTIONS.md: 1 minStake, 2 unbondingPeriod).
    /// @param value Its new value.
    event ParameterUpdated(uint16 indexed paramId, uint64 value);

    error StakingAlreadyRegistered(address provider);
    error StakingNotRegistered(address provider);
    error StakingZeroAmount();
    error StakingInsufficientFreeStake(address provider, uint256 free, uint256 required);
    error StakingNoPendingUnstake(address provider);
    error StakingUnbondingNotElapsed(address provider, uint256 unlockAt, uint256 now_);
    error StakingUnauthorizedSlasher(address caller);
    error StakingParameterOutOfBounds(bytes32 name, uint256 value, uint256 min, uint256 max);
    /// @notice The parameter id is not one Staking owns.
    error GovernanceUnknownParameter(uint16 paramId);

    /// @notice Registers the caller as a provider with a hash of its hardware / attestation document.
    /// @param metadataHash The hash.
    function register(bytes32 metadataHash) external;

    /// @notice Replaces the caller's metadata hash.
    /// @param metadataHash The new hash.
    function updateMetadata(bytes32 metadataHash) external;

    /// @notice Pulls `amount` CAL from the caller into its free stake.
    /// @param amount CAL base units, non-zero.
    function stake(uint256 amount) external;

    /// @notice Moves `amount` of free stake into the unbonding queue (restarts the unbonding clock).
    /// @param amount CAL base units, non-zero, at most the free stake.
    function requestUnstake(uint256 amount) external;

    /// @notice Sends the caller's whole pending unstake once `unbondingPeriod` has elapsed.
    function withdraw() external;

    /// @notice Locks `amount` of `provider`'s free stake as task collateral. Marketplace only.
    /// @dev Reverts when the provider is not registered or its free stake is short. Returns what the
    /// marketplace needs for its own eligibility rules, so an acceptance costs one call.
    /// @param provider The provider.
    /// @param amount Collateral, CAL base units.
    /// @return activeStake `free + locked` of the provider (unchanged by the lock).
    /// @return minStake_ The current `minStake`.
    /// @return score The provider's reputation score in basis points.
    function lockCollateral(address provider, uint256 amount)
        external
        returns (uint256 activeStake, uint256 minStake_, uint256 score);

    /// @notice Unlocks `amount` of collateral; counts a completed task when `taskCompleted`. Marketplace only.
    /// @param provider The provider.
    /// @param amount Collateral, CAL base units.
    /// @param taskCompleted True when the task completed.
    function unlockCollateral(address provider, uint256 amount, bool taskCompleted) external;

    /// @notice Slashes `slashBps` of `collateral`: half to `user`, the rest to `treasury`; unlocks the remainder.
    /// Marketplace only.
    /// @param provider The provider.
    /// @param collateral The task's locked collateral, CAL base units.
    /// @param slashBps Slashed share in basis points.
    /// @param user Receiver of half the slashed amount (floor).
    /// @param treasury Receiver of the rest.
    /// @return slashed CAL base units taken.
    function slash(address provider, uint256 collateral, uint256 slashBps, address user, address treasury)
        external
        returns (uint256 slashed);

    /// @notice Slashes `powerSlashBps` of `provider`'s free stake after failed power challenges (DESIGN §11): half
    /// (floor) to `challenger`, the rest to `treasury`; locked collateral and the pending unstake are untouched.
    /// Power registry only. Emits `ProviderSlashed` with the challenger as the `user`.
    /// @param provider The provider.
    /// @param powerSlashBps Slashed share of the free stake in basis points.
    /// @param challenger The validator of the last failed challenge.
    /// @param treasury The treasury.
    /// @return slashed CAL base units taken.
    function slashPower(address provider, uint256 powerSlashBps, address challenger, address treasury)
        external
        returns (uint256 slashed);

    /// @notice Reputation score in basis points: `10000 * (completed + 1) / (completed + 3*failed + 2)`.
    /// @param provider The provider.
    /// @return The score.
    function scoreOf(address provider) external view returns (uint256);

    /// @notice Active stake (`free + locked`) of a provider.
    /// @param provider The provider.
    /// @return CAL base units.
    function activeStakeOf(address provider) external view returns (uint256);

    /// @notice Stake accounting of a provider.
    /// @param provider The provider.
    /// @return Its free, locked and pending amounts and unlock time.
    function stakeInfo(address provider) external view returns (StakeInfo memory);

    /// @notice Registration and reputation counters of a provider.
    /// @param provider The provider.
    /// @return Its registration flag and counters.
    function providerInfo(address provider) external view returns (ProviderInfo memory);

    /// @notice Sets governed parameter `paramId` (1 minStake, 2 unbondingPeriod) to `value`. Owner only.
    /// @dev Refuses an id Staking does not own with `GovernanceUnknownParameter` and a value outside the bounds with
    /// `StakingParameterOutOfBounds`.
    /// @param paramId The parameter id.
    /// @param value The new value.
    function setParameter(uint16 paramId, uint64 value) external;

    /// @notice Minimum active stake to accept tasks.
    /// @return CAL base units.
    function minStake() external view returns (uint256);
}
