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
    /// slot 2: provider | collateral | verifierId | kindAndMinReputation; slot 3: resultCommitment.
    /// Once the task is Submitted (or Disputed), `deadline` holds the end of the challenge window
    /// (`submittedAt + challengePeriod`) instead: the original deadline is no longer needed.
    /// `kindAndMinReputation` holds `minReputationBps` (<= 10000, bits 0..13), bit 14 set when the task was created
    /// with offer terms (they live in one more slot, `Offer`) and bit 15 set when it is replicated (replicas >= 1):
    /// the classic paths read the task's kind from a slot they read anyway, and a classic task without offer terms
    /// never touches the offer slot. A replicated task's `provider` holds its last replica to accept (`getTask`
    /// shows zero: its replicas are in `getReplicas`).
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
        uint16 kindAndMinReputation;
        uint256 resultCommitment;
    }

    /// @notice Where a replica stands (numbered identically on every chain; 0 = no replica).
    enum ReplicaState {
        None,
        Accepted,
        Committed,
        Revealed
    }

    /// @notice Offer terms of `createTask(TaskParams, OfferTerms)` (DESIGN §5.1, §5.2). The task's `reward` is the
    /// offer's `maxReward`, which the escrow takes. `minReward`: the price at `rampStart` (0 < minReward <= reward);
    /// `rampStart`: unix seconds the price starts to ramp from `minReward` to `reward`; `rampDuration`: seconds the
    /// ramp lasts (0: `reward` from `rampStart` on), `rampStart + rampDuration < 2^32`; `lockDeadline`: accepting is
    /// refused after this time (now <= lockDeadline <= deadline); `replicas`: 0 classic (one provider,
    /// `submitResult`), 1..3 that many replicas, commit–reveal.
    struct OfferTerms {
        uint64 minReward;
        uint64 rampStart;
        uint64 rampDuration;
        uint64 lockDeadline;
        uint8 replicas;
    }

    /// @notice A task's offer in storage: one slot, written only for a task created with offer terms.
    /// @dev `accepted`: replicas taken so far; `committed`: bit i set once replica i committed; `revealed`: bit i
    /// set once replica i revealed, and in bits 4..5 one plus the index of a replica that revealed the winning result
    /// hash once the task is settled with one (the task's `resultCommitment` is then read from that replica, saving
    /// a fresh slot), in bit 6 that the task names a model creator, and in bit 7 that the task has left Assigned
    /// (commit and reveal read this slot only). `priceOrRevealEnd`: a classic task's price locked at accept; a replicated task's `revealEnd`
    /// (low 32 bits, 0 before the k-th commit) and its `deadline` (high 32 bits, a copy, so commit and reveal read
    /// one slot less). The replica states are these bits: every replica write is in this slot or the replica's own.
    struct Offer {
        uint64 minReward;
        uint32 rampStart;
        uint32 rampDuration;
        uint32 lockDeadline;
        uint8 replicas;
        uint8 accepted;
        uint8 committed;
        uint8 revealed;
        uint64 priceOrRevealEnd;
    }

    /// @notice One replica in storage, keyed by task and provider: `previous | price | index` in one slot (the replica
    /// that accepted before it, the price it locked, its position in accept order), then its commit and its result
    /// hash. Its state is in the offer's `committed` and `revealed` bits.
    struct Replica {
        address previous;
        uint64 price;
        uint8 index;
        bytes32 commit;
        bytes32 resultHash;
    }

    /// @notice A task's offer as returned by `getOffer`. A classic task created without terms reads as the fixed
    /// reward it is: `minReward == maxReward == reward`, `rampStart` 0 (not stored: the price is the same at any
    /// time), `rampDuration` 0, `lockDeadline` the task's deadline field, `replicas` 0. `price` is a classic task's
    /// locked price (0 before accept; 0 for a replicated task, whose replicas each lock their own); `revealEnd` a
    /// replicated task's end of the reveal window once all k committed (0 before).
    struct OfferView {
        uint256 minReward;
        uint256 maxReward;
        uint256 rampStart;
        uint256 rampDuration;
        uint256 lockDeadline;
        uint8 replicas;
        uint256 price;
        uint256 revealEnd;
    }

    /// @notice One replica as returned by `getReplicas`, in accept order.
    struct ReplicaView {
        address provider;
        uint256 price;
        ReplicaState state;
        bytes32 commit;
        bytes32 resultHash;
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
    /// @notice Emitted at every accept with the price the provider locked (a task without offer terms: its reward).
    /// @param taskId The task.
    /// @param provider The accepting provider.
    /// @param price The locked price, CAL base units.
    event OfferLocked(uint256 indexed taskId, address indexed provider, uint256 price);
    /// @notice Emitted when a replica commits to its result.
    /// @param taskId The task.
    /// @param provider The replica.
    /// @param commit `replicaCommit(resultHash, salt, provider)`.
    event ResultCommitted(uint256 indexed taskId, address indexed provider, bytes32 commit);
    /// @notice Emitted when a replica reveals its result.
    /// @param taskId The task.
    /// @param provider The replica.
    /// @param resultHash The revealed result hash.
    event ResultRevealed(uint256 indexed taskId, address indexed provider, bytes32 resultHash);
    /// @notice Emitted when a replicated task is settled (or goes Disputed: resultHash 0, agreeing 0).
    /// @param taskId The task.
    /// @param resultHash The winning result hash (0: none).
    /// @param agreeing How many replicas revealed it (each of them is paid).
    event TaskSettled(uint256 indexed taskId, bytes32 resultHash, uint256 agreeing);
    /// @notice Emitted when a replica that did not reveal the winner is slashed at settlement.
    /// @param taskId The task.
    /// @param provider The replica.
    /// @param slashed Collateral slashed, CAL base units (half to the user, the rest to the treasury).
    event ReplicaSlashed(uint256 indexed taskId, address indexed provider, uint256 slashed);
    /// @notice Emitted when a provider records where it published its (encrypted) result (DESIGN §5.3).
    /// @param taskId The task.
    /// @param provider The classic task's provider or one of its replicas.
    /// @param resultCid The result CID's 32-byte sha2-256 digest (CIDv1, raw codec; CONVENTIONS.md, result delivery).
    event ResultPublished(uint256 indexed taskId, address indexed provider, bytes32 resultCid);
    /// @notice Emitted on registration; `verifier == address(0)` marks a removal.
    /// @param verifierId The verifier id.
    /// @param verifier The IProofVerifier contract, or zero.
    event VerifierRegistered(uint16 indexed verifierId, address verifier);
    /// @notice Emitted when a governed parameter changes.
    /// @param paramId The parameter id (docs/CONVENTIONS.md: 3 challengePeriod, 4 slashBps, 5 feeSplit, 7 revealPeriod).
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
    error MarketplaceInvalidOffer(uint256 minReward, uint256 maxReward, uint256 rampStart, uint256 rampDuration);
    error MarketplaceInvalidLockDeadline(uint256 lockDeadline, uint256 deadline, uint256 now_);
    error MarketplaceInvalidReplicas(uint256 replicas);
    error MarketplaceLockDeadlinePassed(uint256 taskId, uint256 lockDeadline, uint256 now_);
    error MarketplaceAlreadyReplica(uint256 taskId, address provider);
    error MarketplaceReplicated(uint256 taskId);
    error MarketplaceNotReplicated(uint256 taskId);
    error MarketplaceAlreadyCommitted(uint256 taskId, address provider);
    error MarketplaceNotCommitted(uint256 taskId, address provider);
    error MarketplaceAlreadyRevealed(uint256 taskId, address provider);
    error MarketplaceRevealNotOpen(uint256 taskId, uint256 deadline, uint256 now_);
    error MarketplaceRevealPeriodOver(uint256 taskId, uint256 revealEnd, uint256 now_);
    error MarketplaceRevealPeriodActive(uint256 taskId, uint256 revealEnd, uint256 now_);
    error MarketplaceCommitMismatch(uint256 taskId, address provider);
    /// @notice `publishResult` was given a zero result CID.
    /// @param taskId The task.
    error MarketplaceInvalidResultCid(uint256 taskId);
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

    /// @notice Posts a task with offer terms (DESIGN §5.1, §5.2) and moves `params.reward` (the offer's maximum)
    /// CAL from the caller into escrow. The price ramps from `offer.minReward` to `params.reward`; `offer.replicas`
    /// k in 1..3 asks for k providers who commit and reveal their results.
    /// @dev After the checks of `createTask`, in this order: `minReward == 0` (MarketplaceZeroReward),
    /// `minReward > reward` or `rampStart + rampDuration >= 2^32` (MarketplaceInvalidOffer), `lockDeadline < now` or
    /// `lockDeadline > deadline` (MarketplaceInvalidLockDeadline), `replicas > 3` (MarketplaceInvalidReplicas).
    /// @param params The task's parameters (`reward` is the offer's maximum).
    /// @param offer The offer terms.
    /// @return taskId The new task's id.
    function createTask(TaskParams calldata params, OfferTerms calldata offer) external returns (uint256 taskId);

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

    /// @notice Takes an Open task (or a replicated one with a free replica slot), locking its collateral from the
    /// caller's free stake and the offer's price of this moment. Refused after the task's lock deadline
    /// (MarketplaceLockDeadlinePassed); a provider already among the replicas is refused (MarketplaceAlreadyReplica).
    /// @param taskId The task.
    function acceptTask(uint256 taskId) external;

    /// @notice Commits a replica's result: `commit = replicaCommit(resultHash, salt, msg.sender)`. Replica only,
    /// while the task is Assigned and before its deadline, once. The k-th commit opens the reveal window
    /// (`revealEnd = now + revealPeriod`).
    /// @param taskId The replicated task.
    /// @param commit The commit.
    function commitResult(uint256 taskId, bytes32 commit) external;

    /// @notice Reveals a replica's committed result, once all k committed (or the deadline passed) and until the
    /// reveal window ends. `replicaCommit(resultHash, salt, msg.sender)` must equal the replica's commit.
    /// @param taskId The replicated task.
    /// @param resultHash The result hash.
    /// @param salt The salt of the commit.
    function revealResult(uint256 taskId, bytes32 resultHash, bytes32 salt) external;

    /// @notice Settles a replicated task once all k revealed or the reveal window ended. Anyone. The result hash
    /// revealed by a strict majority wins: its replicas are paid `price / k` each (split as every payout), every other
    /// replica is slashed, the user gets the rest back; without a majority the task goes Disputed.
    /// @param taskId The replicated task.
    function settle(uint256 taskId) external;

    /// @notice Settles a Disputed replicated task with `resultHash` as the winner (zero: none, every replica slashed
    /// and the whole reward refunded). Arbiter only.
    /// @param taskId The replicated task.
    /// @param resultHash The winning result hash, or zero.
    function resolveReplicas(uint256 taskId, bytes32 resultHash) external;

    /// @notice Delivers the result of an Assigned task, with a proof when the task names a verifier.
    /// On a Disputed replicated task that names a verifier, a replica that revealed `resultCommitment` settles the
    /// task with it as the winner by a valid proof.
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

    /// @notice Records where the caller published the task's (encrypted) result: its CID's 32-byte sha2-256 digest
    /// (CIDv1, raw codec), one per provider, a later call replacing the earlier one (DESIGN §5.3). The classic task's
    /// provider or one of its replicas only, while the task is Assigned, Submitted, Disputed or Completed. Not stopped
    /// by the pause: no funds move.
    /// @dev Checks in this order (CONVENTIONS.md, result delivery): the task exists (MarketplaceTaskNotFound), the
    /// caller is its provider or a replica (MarketplaceNotTaskProvider), the status (MarketplaceTaskNotAssigned), a
    /// non-zero CID (MarketplaceInvalidResultCid). Emits `ResultPublished`.
    /// @param taskId The task.
    /// @param resultCid_ The result CID's digest (non-zero).
    function publishResult(uint256 taskId, bytes32 resultCid_) external;

    /// @notice Reads a task.
    /// @param taskId The task.
    /// @return The task with its model creator.
    function getTask(uint256 taskId) external view returns (TaskView memory);

    /// @notice Reads a task's offer terms and progress.
    /// @param taskId The task.
    /// @return The offer (a classic task without terms reads as its fixed reward).
    function getOffer(uint256 taskId) external view returns (OfferView memory);

    /// @notice Reads a task's replicas in accept order (empty for a classic task).
    /// @param taskId The task.
    /// @return The replicas.
    function getReplicas(uint256 taskId) external view returns (ReplicaView[] memory);

    /// @notice The result CID digest `provider` recorded for a task with `publishResult`, or zero (none recorded,
    /// including for an unknown task).
    /// @param taskId The task.
    /// @param provider The classic task's provider or one of its replicas.
    /// @return The digest, or zero.
    function resultCid(uint256 taskId, address provider) external view returns (bytes32);

    /// @notice A replica commit: `keccak256(resultHash ‖ salt ‖ provider)`, the provider left-padded to 32 bytes.
    /// @param resultHash The result hash.
    /// @param salt The salt.
    /// @param provider The replica.
    /// @return The commit.
    function replicaCommit(bytes32 resultHash, bytes32 salt, address provider) external pure returns (bytes32);

    /// @notice Number of tasks created so far (ids are 1..taskCount).
    /// @return The count.
    function taskCount() external view returns (uint256);

    /// @notice Sets governed parameter `paramId` (3 challengePeriod, 4 slashBps, 5 feeSplit, 7 revealPeriod) to `value`. Admin only.
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
