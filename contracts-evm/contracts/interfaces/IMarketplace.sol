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

    /// @notice Emitted when a task is posted and its reward escrowed.
    /// @param taskId The new task's id.
    /// @param user The poster.
    /// @param specHash Hash of the task specification (< 2^248).
    /// @param reward Escrowed reward, CAL base units.
    /// @param collateral Collateral the provider must lock, CAL base units.
    /// @param deadline Timestamp by which the result must be submitted.
    /// @param verifierId The verifier that proves results (0: optimistic, with a challenge window).
    /// @param modelCreator Receiver of the creator share (zero: none, the share goes to the treasury).
    /// @param minReputationBps Minimum provider reputation score, basis points.
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
    /// @notice Emitted when the user cancels an Open task (reward refunded).
    /// @param taskId The task.
    /// @param user The task user.
    event TaskCancelled(uint256 indexed taskId, address indexed user);
    /// @notice Emitted when a provider takes a task and its collateral is locked.
    /// @param taskId The task.
    /// @param provider The provider.
    /// @param collateral Locked collateral, CAL base units.
    event TaskAccepted(uint256 indexed taskId, address indexed provider, uint256 collateral);
    /// @notice Emitted when the provider submits a result.
    /// @param taskId The task.
    /// @param provider The provider.
    /// @param resultCommitment The result commitment (a BN254 scalar field element).
    /// @param challengeEnd End of the challenge window (optimistic), or the submission time (proved).
    event ResultSubmitted(
        uint256 indexed taskId, address indexed provider, uint256 resultCommitment, uint256 challengeEnd
    );
    /// @notice Emitted when a task completes and its reward is paid out.
    /// @param taskId The task.
    /// @param provider The provider.
    /// @param providerAmount Paid to the provider, CAL base units.
    /// @param treasuryAmount Paid to the treasury, CAL base units.
    /// @param creatorAmount Paid to the model creator, CAL base units.
    event TaskCompleted(
        uint256 indexed taskId,
        address indexed provider,
        uint256 providerAmount,
        uint256 treasuryAmount,
        uint256 creatorAmount
    );
    /// @notice Emitted when the user disputes a submitted result.
    /// @param taskId The task.
    /// @param user The task user.
    event TaskDisputed(uint256 indexed taskId, address indexed user);
    /// @notice Emitted when the arbiter resolves a dispute.
    /// @param taskId The task.
    /// @param providerAtFault True: refund and slash; false: complete.
    event TaskResolved(uint256 indexed taskId, bool providerAtFault);
    /// @notice Emitted when an Assigned task passes its deadline without a result.
    /// @param taskId The task.
    /// @param provider The provider, slashed.
    event TaskExpired(uint256 indexed taskId, address indexed provider);
    /// @notice Emitted when a task's reward goes back to its user and the provider is slashed.
    /// @param taskId The task.
    /// @param user The task user.
    /// @param reward Refunded reward, CAL base units.
    /// @param slashed Collateral slashed, CAL base units (half to the user, the rest to the treasury).
    event TaskRefunded(uint256 indexed taskId, address indexed user, uint256 reward, uint256 slashed);
    /// @notice Emitted on registration; `verifier == address(0)` marks a removal.
    /// @param verifierId The verifier id.
    /// @param verifier The IProofVerifier contract, or zero.
    event VerifierRegistered(uint16 indexed verifierId, address verifier);
    /// @notice Emitted when a governed parameter changes.
    /// @param paramId The parameter id (docs/CONVENTIONS.md: 3 challengePeriod, 4 slashBps, 5 feeSplit).
    /// @param value Its new value (feeSplit packed `providerBps << 32 | treasuryBps << 16 | creatorBps`).
    event ParameterUpdated(uint16 indexed paramId, uint64 value);
    /// @notice Emitted when governance appoints a role holder.
    /// @param role 0 arbiter, 1 treasury, 2 pauser.
    /// @param account The new holder.
    event RoleUpdated(uint8 indexed role, address indexed account);
    // OpenZeppelin Pausable's exact signatures (address not indexed): the SDKs decode them as such.
    // slither-disable-start unindexed-event-address
    /// @notice Emitted when the marketplace is paused (OpenZeppelin Pausable's event).
    /// @param account The pauser.
    event Paused(address account);
    /// @notice Emitted when the marketplace is unpaused (OpenZeppelin Pausable's event).
    /// @param account The admin that unpaused.
    event Unpaused(address account);
    // slither-disable-end unindexed-event-address

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
    /// @notice The parameter id is not one the marketplace owns.
    error GovernanceUnknownParameter(uint16 paramId);
    /// @notice The role is not one the marketplace holds (0 arbiter, 1 treasury, 2 pauser).
    error GovernanceInvalidAction();
    /// @notice OpenZeppelin Pausable's errors (the shared pause error name on every chain is `EnforcedPause`).
    error EnforcedPause();
    error ExpectedPause();

    /// @notice Posts a task and moves `reward` CAL from the caller into escrow.
    /// @param params The task's parameters.
    /// @return taskId The new task's id.
    function createTask(TaskParams calldata params) external returns (uint256 taskId);

    /// @notice Same as `createTask`, approving the escrow with an EIP-2612 permit first.
    /// @param params The task's parameters.
    /// @param permitDeadline The permit's deadline.
    /// @param v The permit signature's v.
    /// @param r The permit signature's r.
    /// @param s The permit signature's s.
    /// @return taskId The new task's id.
    function createTaskWithPermit(TaskParams calldata params, uint256 permitDeadline, uint8 v, bytes32 r, bytes32 s)
        external
        returns (uint256 taskId);

    /// @notice Cancels an Open task and refunds its reward. Task user only.
    /// @param taskId The task.
    function cancelTask(uint256 taskId) external;

    /// @notice Takes an Open task, locking its collateral from the caller's free stake.
    /// @param taskId The task.
    function acceptTask(uint256 taskId) external;

    /// @notice Delivers the result of an Assigned task, with a proof when the task names a verifier.
    /// @param taskId The task.
    /// @param resultCommitment The result commitment (a BN254 scalar field element).
    /// @param proof The ABI-encoded Groth16 proof, or empty for an optimistic task.
    function submitResult(uint256 taskId, uint256 resultCommitment, bytes calldata proof) external;

    /// @notice Completes a Submitted task once its challenge window has ended. Anyone.
    /// @param taskId The task.
    function finalize(uint256 taskId) external;

    /// @notice Disputes a Submitted task inside its challenge window. Task user only.
    /// @param taskId The task.
    function dispute(uint256 taskId) external;

    /// @notice Resolves a Disputed task. Arbiter only.
    /// @param taskId The task.
    /// @param providerAtFault True: refund the user and slash the provider; false: complete the task.
    function resolve(uint256 taskId, bool providerAtFault) external;

    /// @notice Refunds an Assigned task whose deadline has passed and slashes its provider. Anyone.
    /// @param taskId The task.
    function expire(uint256 taskId) external;

    /// @notice Reads a task.
    /// @param taskId The task.
    /// @return The task with its model creator.
    function getTask(uint256 taskId) external view returns (TaskView memory);

    /// @notice Number of tasks created so far (ids are 1..taskCount).
    /// @return The count.
    function taskCount() external view returns (uint256);

    /// @notice Sets governed parameter `paramId` (3 challengePeriod, 4 slashBps, 5 feeSplit) to `value`. Admin only.
    /// @dev Refuses an id the marketplace does not own with `GovernanceUnknownParameter`, a value outside the bounds
    /// with `MarketplaceParameterOutOfBounds` and a fee split that is not valid with `MarketplaceInvalidFeeSplit`.
    /// @param paramId The parameter id.
    /// @param value The new value.
    function setParameter(uint16 paramId, uint64 value) external;

    /// @notice Appoints `account` to `role` (0 arbiter, 1 treasury, 2 pauser). Admin only.
    /// @dev The pauser moves: the previous holder's PAUSER_ROLE is revoked and the new one's granted.
    /// @param role The role.
    /// @param account The new holder (non-zero).
    function setRole(uint8 role, address account) external;
}
