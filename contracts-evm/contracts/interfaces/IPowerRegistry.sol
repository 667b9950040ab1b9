// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title IPowerRegistry
/// @notice Proof of computational power (DESIGN.md §11, CONVENTIONS.md "Proof of computational power"): providers
/// declare a keccak-256 hash rate, staked compute validators challenge it, the provider answers with m nonces whose
/// hashes fall below a target sized to the claim, and the chain checks the answer.
/// @dev Accounting: the registry's CAL balance equals `fundedBudget` plus the sum over validators of `feesOwed`.
/// Stakes (the providers' and the validators') stay in Staking; a power slash leaves the provider's free stake there.
interface IPowerRegistry {
    /// @notice A provider's power record, packed in one slot.
    /// @param claimedRate Declared keccak-256 hashes per second; 0 = no claim (unverified).
    /// @param openChallenge The id of the provider's open challenge, 0 when none is open.
    /// @param lastChallengeAt When the provider was last challenged (the cooldown runs from it), 0 if never.
    /// @param powerPassed Challenges passed since the claim was declared.
    /// @param powerFailed Challenges failed in total (never reset).
    /// @param failuresInRow Challenges failed in a row since the last pass or claim.
    struct PowerRecord {
        uint64 claimedRate;
        uint64 openChallenge;
        uint48 lastChallengeAt;
        uint32 powerPassed;
        uint32 powerFailed;
        uint8 failuresInRow;
    }

    /// @notice A provider's current (or last) challenge, frozen when it opened.
    /// @param seed `keccak256(prevrandao | challengeId u64 | provider bytes32)`.
    /// @param validator The challenger.
    /// @param deadline The last second an answer is accepted (`openedAt + responseWindow`).
    /// @param responseWindow The window in seconds, as it was at the challenge.
    /// @param nonces The number of nonces asked for (m), as it was at the challenge.
    struct Challenge {
        bytes32 seed;
        address validator;
        uint48 deadline;
        uint32 responseWindow;
        uint8 nonces;
    }

    /// @notice A compute validator: registration flag, fees accrued and not yet claimed, completed challenges.
    struct ValidatorInfo {
        bool registered;
        uint64 feesOwed;
        uint64 completed;
    }

    /// @notice The governed parameters the registry owns (ids 8..14), packed in one slot.
    struct PowerParameters {
        uint32 responseWindow;
        uint8 powerNonces;
        uint32 powerCooldown;
        uint8 maxPowerFailures;
        uint16 powerSlashBps;
        uint64 validatorFee;
    }

    /// @notice Emitted when a provider declares (or replaces) its claim; the pass record resets.
    /// @param provider The provider.
    /// @param claimedRate Hashes per second.
    event PowerClaimDeclared(address indexed provider, uint64 claimedRate);
    /// @notice Emitted when a staked account registers as a compute validator.
    /// @param validator The validator.
    event ValidatorRegistered(address indexed validator);
    /// @notice Emitted when a validator challenges a provider: everything the provider needs to answer.
    /// @param challengeId The challenge id (from 1).
    /// @param provider The challenged provider.
    /// @param validator The challenger.
    /// @param seed The challenge seed.
    /// @param target A nonce is a solution when its hash is strictly below it.
    /// @param nonces m, the number of distinct solutions asked for.
    /// @param deadline The last second an answer is accepted.
    event ChallengeOpened(
        uint64 indexed challengeId,
        address indexed provider,
        address indexed validator,
        bytes32 seed,
        uint256 target,
        uint8 nonces,
        uint64 deadline
    );
    /// @notice Emitted when a provider answers in time.
    /// @param challengeId The challenge.
    /// @param provider The provider.
    /// @param validator The challenger.
    /// @param fee The fee accrued to the challenger (0 when the budget is short).
    event ChallengePassed(uint64 indexed challengeId, address indexed provider, address indexed validator, uint64 fee);
    /// @notice Emitted when a challenge expires unanswered.
    /// @param challengeId The challenge.
    /// @param provider The provider.
    /// @param validator The challenger.
    /// @param failuresInRow The provider's failures in a row, this one included (0 after a slash reset it).
    /// @param fee The fee accrued to the challenger (0 when the budget is short).
    event ChallengeExpired(
        uint64 indexed challengeId, address indexed provider, address indexed validator, uint8 failuresInRow, uint64 fee
    );
    /// @notice Emitted when `maxPowerFailures` failures in a row slash a provider; its claim resets to unverified.
    /// @param provider The provider.
    /// @param challenger The validator of the last failed challenge, paid half.
    /// @param slashed CAL taken from the provider's free stake.
    event PowerSlashed(address indexed provider, address indexed challenger, uint256 slashed);
    /// @notice Emitted when CAL is added to the validator budget.
    /// @param from The payer (normally the treasury).
    /// @param amount CAL base units.
    event ValidatorBudgetFunded(address indexed from, uint256 amount);
    /// @notice Emitted when a validator withdraws its accrued fees.
    /// @param validator The validator.
    /// @param amount CAL base units.
    event FeesClaimed(address indexed validator, uint256 amount);
    /// @notice Emitted when the owner sets the treasury (receiver of half of each power slash).
    /// @param treasury The treasury.
    event TreasurySet(address indexed treasury);
    /// @notice Emitted when a governed parameter changes.
    /// @param paramId The parameter id (8..14, CONVENTIONS.md).
    /// @param value Its new value.
    event ParameterUpdated(uint16 indexed paramId, uint64 value);

    /// @notice A claim of zero hashes per second.
    error PowerZeroClaim();
    /// @notice The caller is not a provider registered in Staking.
    error PowerNotProvider(address account);
    /// @notice The provider has no claim to challenge.
    error PowerNoClaim(address provider);
    /// @notice The caller is already a compute validator.
    error PowerAlreadyValidator(address validator);
    /// @notice The caller is not a registered compute validator.
    error PowerNotValidator(address account);
    /// @notice The validator's active stake in Staking is below `minStake`.
    error PowerStakeBelowMinimum(address validator, uint256 activeStake, uint256 minStake);
    /// @notice A validator may not challenge itself.
    error PowerSelfChallenge(address validator);
    /// @notice The provider already has an open challenge (also refuses a new claim while it is open).
    error PowerChallengeOpen(address provider, uint64 challengeId);
    /// @notice The provider was challenged too recently.
    error PowerCooldownActive(address provider, uint256 availableAt);
    /// @notice No open challenge with that id for this provider.
    error PowerUnknownChallenge(uint64 challengeId);
    /// @notice The answer came after the window.
    error PowerAnswerAfterWindow(uint64 challengeId, uint256 deadline);
    /// @notice The window is still open: the challenge cannot expire yet.
    error PowerWindowOpen(uint64 challengeId, uint256 deadline);
    /// @notice The answer does not hold exactly m nonces.
    error PowerWrongNonceCount(uint256 expected, uint256 given);
    /// @notice A nonce is not strictly above the previous one (a duplicate, replayed or out-of-order nonce).
    error PowerDuplicateNonce(uint256 index);
    /// @notice A nonce's hash is not strictly below the target.
    error PowerNonceAboveTarget(uint256 index);
    /// @notice The validator has no fees to claim.
    error PowerNothingToClaim(address validator);
    /// @notice A zero amount.
    error PowerZeroAmount();
    /// @notice A governed value outside its bounds.
    error PowerParameterOutOfBounds(bytes32 name, uint256 value, uint256 min, uint256 max);
    /// @notice The parameter id is not one the registry owns.
    error GovernanceUnknownParameter(uint16 paramId);

    /// @notice Declares (or replaces) the caller's hash rate; the pass record resets. Refused while a challenge is open.
    /// @param claimedRate keccak-256 hashes per second, non-zero.
    function declareRate(uint64 claimedRate) external;

    /// @notice Registers the caller as a compute validator; it must hold `minStake` of active stake in Staking.
    function registerValidator() external;

    /// @notice Challenges `provider`'s claim. Validators only; one open challenge per provider; per-provider cooldown.
    /// @param provider The provider.
    /// @return challengeId The new challenge's id.
    function challenge(address provider) external returns (uint64 challengeId);

    /// @notice Answers the caller's open challenge with exactly m strictly increasing nonces below the target.
    /// @param challengeId The caller's open challenge.
    /// @param nonces The solutions.
    function respond(uint64 challengeId, uint64[] calldata nonces) external;

    /// @notice Closes `provider`'s open challenge as failed once its window is over. Anyone.
    /// @param provider The provider.
    function expireChallenge(address provider) external;

    /// @notice Pays the caller's accrued validator fees.
    function claimFees() external;

    /// @notice Adds `amount` CAL (pulled from the caller) to the budget validator fees are paid from.
    /// @param amount CAL base units, non-zero.
    function fundValidatorBudget(uint256 amount) external;

    /// @notice Sets governed parameter `paramId` (8..14) to `value`. Owner (timelock) only.
    /// @param paramId The parameter id.
    /// @param value The new value.
    function setParameter(uint16 paramId, uint64 value) external;

    /// @notice A provider's power record.
    /// @param provider The provider.
    /// @return The record.
    function powerRecord(address provider) external view returns (PowerRecord memory);

    /// @notice A provider's current (or last) challenge.
    /// @param provider The provider.
    /// @return The challenge (meaningful while `powerRecord(provider).openChallenge != 0`).
    function challengeOf(address provider) external view returns (Challenge memory);

    /// @notice A validator's registration, accrued fees and completed challenges.
    /// @param validator The validator.
    /// @return The record.
    function validatorInfo(address validator) external view returns (ValidatorInfo memory);

    /// @notice The power the matching engine counts: `claimedRate * powerPassed / (powerPassed + failuresInRow + 1)`, 0 unverified.
    /// @param provider The provider.
    /// @return Hashes per second.
    function verifiedPower(address provider) external view returns (uint256);
}
