// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title IMarketplace
/// @notice Task escrow of the compute marketplace (DESIGN.md §5, CONVENTIONS.md).
interface IMarketplace {
    /// @notice Task status, numbered identically on every chain.
    enum TaskStatus {
        None,
        Open,
        Assigned,
        Submitted,
        Disputed,
        Completed,
        Cancelled,
        Refunded
    }

    /// @notice A task in storage: four slots.
    /// @dev slot 0: specHash (< 2^248) | status; slot 1: user | reward | deadline;
    /// slot 2: provider | collateral | verifierId | minReputationBps; slot 3: resultCommitment.
    /// Once the task is Submitted (or Disputed), `deadline` holds the end of the challenge window
    /// (`submittedAt + challengePeriod`) instead: the original deadline is no longer needed.
    /// The optional model creator lives in a separate mapping, written only when one is named.
    struct Task {
        uint248 specHash;
        TaskStatus status;
        address user;
        uint64 reward;
        uint32 deadline;
        address provider;
        uint64 collateral;
        uint16 verifierId;
        uint16 minReputationBps;
        uint256 resultCommitment;
    }

    /// @notice A task as returned by `getTask`, with the model creator joined in.
    struct TaskView {
        uint256 id;
        address user;
        uint256 specHash;
        uint256 reward;
        uint256 collateral;
        uint256 deadline;
        uint256 verifierId;
        address modelCreator;
        uint256 minReputationBps;
        address provider;
        uint256 resultCommitment;
        TaskStatus status;
    }

    /// @notice Parameters of a new task.
    struct TaskParams {
        uint256 specHash;
        uint256 reward;
        uint256 collateral;
        uint256 deadline;
        uint16 verifierId;
        address modelCreator;
        uint16 minReputationBps;
    }

    event TaskCreated(
        uint256 indexed taskId,
        address indexed user,
        uint256 specHash,
        uint256 reward,
        uint256 collateral,
        uint256 deadline,
        uint16 verifierId,
        address modelCreator,
        uint16 minReputationBps
    );
    event TaskCancelled(uint256 indexed taskId, address indexed user);
    event TaskAccepted(uint256 indexed taskId, address indexed provider, uint256 collateral);
    event ResultSubmitted(
        uint256 indexed taskId, address indexed provider, uint256 resultCommitment, uint256 challengeEnd
    );
    event TaskCompleted(
        uint256 indexed taskId,
        address indexed provider,
        uint256 providerAmount,
        uint256 treasuryAmount,
        uint256 creatorAmount
    );
    event TaskDisputed(uint256 indexed taskId, address indexed user);
    event TaskResolved(uint256 indexed taskId, bool providerAtFault);
    event TaskExpired(uint256 indexed taskId, address indexed provider);
    event TaskRefunded(uint256 indexed taskId, address indexed user, uint256 reward, uint256 slashed);
    /// @notice Emitted on registration; `verifier == address(0)` marks a removal.
    event VerifierRegistered(uint16 indexed verifierId, address verifier);
    event ParameterUpdated(bytes32 indexed name, uint256 value);
    /// @notice OpenZeppelin Pausable's events.
    event Paused(address account);
    event Unpaused(address account);

    error MarketplaceTaskNotFound(uint256 taskId);
    error MarketplaceTaskNotOpen(uint256 taskId, TaskStatus status);
    error MarketplaceTaskNotAssigned(uint256 taskId, TaskStatus status);
    error MarketplaceTaskNotSubmitted(uint256 taskId, TaskStatus status);
    error MarketplaceTaskNotDisputed(uint256 taskId, TaskStatus status);
    error MarketplaceNotTaskUser(uint256 taskId, address caller);
    error MarketplaceNotTaskProvider(uint256 taskId, address caller);
    error MarketplaceNotArbiter(address caller);
    error MarketplaceZeroReward();
    error MarketplaceInvalidDeadline(uint256 deadline, uint256 now_);
    error MarketplaceDeadlinePassed(uint256 taskId, uint256 deadline, uint256 now_);
    error MarketplaceDeadlineNotPassed(uint256 taskId, uint256 deadline, uint256 now_);
    error MarketplaceChallengePeriodActive(uint256 taskId, uint256 challengeEnd, uint256 now_);
    error MarketplaceChallengePeriodOver(uint256 taskId, uint256 challengeEnd, uint256 now_);
    error MarketplaceFieldElementOutOfRange(uint256 value, uint256 bound);
    error MarketplaceUnknownVerifier(uint16 verifierId);
    error MarketplaceInvalidProof(uint256 taskId);
    error MarketplaceUnexpectedProof(uint256 taskId);
    error MarketplaceStakeBelowMinimum(address provider, uint256 stake, uint256 minStake);
    error MarketplaceReputationTooLow(address provider, uint256 score, uint256 minReputationBps);
    error MarketplaceInvalidFeeSplit(uint256 providerBps, uint256 treasuryBps, uint256 creatorBps);
    error MarketplaceParameterOutOfBounds(bytes32 name, uint256 value, uint256 min, uint256 max);
    error MarketplaceZeroAddress();
    /// @notice OpenZeppelin Pausable's errors (the shared pause error name on every chain is `EnforcedPause`).
    error EnforcedPause();
    error ExpectedPause();

    /// @notice Posts a task and moves `reward` CAL from the caller into escrow.
    function createTask(TaskParams calldata params) external returns (uint256 taskId);

    /// @notice Same as `createTask`, approving the escrow with an EIP-2612 permit first.
    function createTaskWithPermit(TaskParams calldata params, uint256 permitDeadline, uint8 v, bytes32 r, bytes32 s)
        external
        returns (uint256 taskId);

    /// @notice Cancels an Open task and refunds its reward. Task user only.
    function cancelTask(uint256 taskId) external;

    /// @notice Takes an Open task, locking its collateral from the caller's free stake.
    function acceptTask(uint256 taskId) external;

    /// @notice Delivers the result of an Assigned task, with a proof when the task names a verifier.
    function submitResult(uint256 taskId, uint256 resultCommitment, bytes calldata proof) external;

    /// @notice Completes a Submitted task once its challenge window has ended. Anyone.
    function finalize(uint256 taskId) external;

    /// @notice Disputes a Submitted task inside its challenge window. Task user only.
    function dispute(uint256 taskId) external;

    /// @notice Resolves a Disputed task. Arbiter only.
    function resolve(uint256 taskId, bool providerAtFault) external;

    /// @notice Refunds an Assigned task whose deadline has passed and slashes its provider. Anyone.
    function expire(uint256 taskId) external;

    /// @notice Reads a task.
    function getTask(uint256 taskId) external view returns (TaskView memory);

    /// @notice Number of tasks created so far (ids are 1..taskCount).
    function taskCount() external view returns (uint256);
}
