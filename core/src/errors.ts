/**
 * Canonical error names, identical on every chain (EVM custom errors, Anchor error variants,
 * TON named exit codes) and in the SDK. See docs/CONVENTIONS.md.
 */
export const ERROR_NAMES = {
  staking: [
    "StakingAlreadyRegistered",
    "StakingNotRegistered",
    "StakingZeroAmount",
    "StakingInsufficientFreeStake",
    "StakingNoPendingUnstake",
    "StakingUnbondingNotElapsed",
    "StakingUnauthorizedSlasher",
    "StakingParameterOutOfBounds",
  ],
  marketplace: [
    "MarketplaceTaskNotFound",
    "MarketplaceTaskNotOpen",
    "MarketplaceTaskNotAssigned",
    "MarketplaceTaskNotSubmitted",
    "MarketplaceTaskNotDisputed",
    "MarketplaceNotTaskUser",
    "MarketplaceNotTaskProvider",
    "MarketplaceNotArbiter",
    "MarketplaceZeroReward",
    "MarketplaceInvalidDeadline",
    "MarketplaceDeadlinePassed",
    "MarketplaceDeadlineNotPassed",
    "MarketplaceChallengePeriodActive",
    "MarketplaceChallengePeriodOver",
    "MarketplaceFieldElementOutOfRange",
    "MarketplaceUnknownVerifier",
    "MarketplaceInvalidProof",
    "MarketplaceUnexpectedProof",
    "MarketplaceStakeBelowMinimum",
    "MarketplaceReputationTooLow",
    "MarketplaceInvalidFeeSplit",
    "MarketplaceParameterOutOfBounds",
    "MarketplaceZeroAddress",
    "MarketplaceInvalidOffer",
    "MarketplaceInvalidLockDeadline",
    "MarketplaceInvalidReplicas",
    "MarketplaceLockDeadlinePassed",
    "MarketplaceAlreadyReplica",
    "MarketplaceReplicated",
    "MarketplaceNotReplicated",
    "MarketplaceAlreadyCommitted",
    "MarketplaceNotCommitted",
    "MarketplaceAlreadyRevealed",
    "MarketplaceRevealNotOpen",
    "MarketplaceRevealPeriodOver",
    "MarketplaceRevealPeriodActive",
    "MarketplaceCommitMismatch",
    "MarketplaceInvalidResultCid",
  ],
  pause: ["EnforcedPause"],
  bridge: [
    "BridgeInvalidMessage",
    "BridgeWrongDestination",
    "BridgeUnknownDomain",
    "BridgeZeroAmount",
    "BridgeMessageAlreadyDelivered",
    "BridgeInvalidSignature",
    "BridgeSignersNotAscending",
    "BridgeSignerNotInSet",
    "BridgeBelowThreshold",
    "BridgeRateLimited",
    "BridgeParameterOutOfBounds",
    "BridgeInvalidRecipient",
    "BridgeInvalidValidatorSet",
    "BridgeUnauthorizedSender",
  ],
  governance: [
    "GovernorNonexistentProposal",
    "GovernorUnexpectedProposalState",
    "GovernorAlreadyCastVote",
    "GovernorInsufficientProposerVotes",
    "GovernorOnlyExecutor",
    "GovernanceTokensLocked",
    "GovernanceInvalidAction",
    "TimelockUnexpectedOperationState",
    "GovernanceUnknownParameter",
    "GovernanceParameterOutOfBounds",
    "GovernanceNotHub",
    "GovernanceNotGuardian",
    "GovernanceOutOfOrder",
    "GovernanceExecutionDelayActive",
    "GovernanceActionsNotPending",
    "GovernanceNoVotingPower",
    "GovernanceVotingClosed",
    "GovernanceTallyUnchanged",
  ],
  /** Raised off chain only, by the SDK's result delivery (DESIGN §5.3); not in test/vectors/errors.json. */
  delivery: [
    "DeliveryInvalidCid",
    "DeliveryInvalidSpec",
    "DeliveryInvalidInput",
    "DeliveryWrongKey",
    "DeliveryTampered",
    "DeliveryCommitmentMismatch",
    "DeliveryContentNotFound",
    "DeliveryContentMismatch",
    "DeliveryStoreUnreachable",
    "DeliveryTimeout",
  ],
  /** Raised off chain only, by the provider agent (`@calctra/agent`); not in test/vectors/errors.json. */
  agent: ["AgentInvalidConfig", "AgentTaskUnsupported", "AgentTaskTimeout", "AgentChainUnreachable"],
  /**
   * Raised off chain only, by the bridge services' start-up checks (a validator or relayer refuses to start); not in
   * test/vectors/errors.json.
   */
  service: ["ServiceNotABridge", "ServiceWrongChain", "ServiceRpcUnreachable"],
  /**
   * Proof of computational power (DESIGN §11, docs/CONVENTIONS.md), raised by every chain's power registry
   * (test/vectors/errors.json).
   */
  power: [
    "PowerZeroClaim",
    "PowerNotProvider",
    "PowerNoClaim",
    "PowerAlreadyValidator",
    "PowerNotValidator",
    "PowerStakeBelowMinimum",
    "PowerSelfChallenge",
    "PowerChallengeOpen",
    "PowerCooldownActive",
    "PowerUnknownChallenge",
    "PowerAnswerAfterWindow",
    "PowerWindowOpen",
    "PowerWrongNonceCount",
    "PowerDuplicateNonce",
    "PowerNonceAboveTarget",
    "PowerNothingToClaim",
    "PowerZeroAmount",
    "PowerParameterOutOfBounds",
  ],
  /**
   * Raised off chain only, by core's helpers on bad input (the SDK's own checks before anything is sent); not in
   * test/vectors/errors.json. Each carries `input` (what was wrong), `value` and the bound or expected form; a check
   * the chains make too raises the chains' name instead (e.g. `MarketplaceFieldElementOutOfRange`,
   * `BridgeInvalidMessage`, `MarketplaceInvalidOffer`).
   */
  input: [
    /** Not an address of the expected form (EVM, universal, Solana, TON). */
    "InvalidAddress",
    /** Not a CAL amount: unparsable text, a non-bigint, a negative or over-large amount. */
    "InvalidAmount",
    /** Not bytes of the expected form or length (0x-hex, a 32-byte hash, a Uint8Array). */
    "InvalidBytes",
    /** A circuit's fixed-point input outside the range the circuit accepts. */
    "FixedPointOutOfRange",
    /** Any other argument of the wrong type, shape or range (a count, a limit, a weight, a status number). */
    "InvalidArgument",
  ],
  /** Raised only by the hub (GovernanceHub, on the EVM home: DESIGN §7 puts the hub there alone). */
  hub: ["GovernanceUnknownSpoke", "GovernanceTallyDecreased", "GovernanceAlreadyAnnounced"],
  /** Raised off chain only, by `calctra deploy` (a deployment file or Ignition journal that does not match the chain). */
  deployment: ["DeploymentChainMismatch", "DeploymentCodeMissing", "DeploymentInvalidConfig"],
} as const;

/** A canonical Calctra error name. */
export type CalctraErrorName = (typeof ERROR_NAMES)[keyof typeof ERROR_NAMES][number];

const ALL_NAMES: ReadonlySet<string> = new Set(Object.values(ERROR_NAMES).flat());

/** Whether a string is a canonical Calctra error name. */
export function isCalctraErrorName(name: string): name is CalctraErrorName {
  return ALL_NAMES.has(name);
}

/** Argument values carried by an error (decoded from the chain, or set by SDK validation). */
export type CalctraErrorArgs = Readonly<Record<string, bigint | number | string | boolean>>;

/**
 * The one error type of the SDK: `name` is the canonical name on every chain, `args` its
 * decoded arguments, `chain` where it came from (`"sdk"` when input validation caught it first).
 *
 * @example
 * ```ts
 * try { await marketplace.acceptTask({ taskId: 1n }); }
 * catch (e) { if (e instanceof CalctraError && e.name === "MarketplaceTaskNotOpen") { ... } }
 * ```
 */
export class CalctraError extends Error {
  override readonly name: CalctraErrorName;
  readonly args: CalctraErrorArgs;
  readonly chain: "sdk" | "evm" | "solana" | "ton";

  constructor(name: CalctraErrorName, args: CalctraErrorArgs = {}, chain: CalctraError["chain"] = "sdk", cause?: unknown) {
    const shown = Object.entries(args)
      .map(([k, v]) => `${k}=${String(v)}`)
      .join(", ");
    super(`${name}(${shown})`, cause === undefined ? undefined : { cause });
    this.name = name;
    this.args = args;
    this.chain = chain;
  }
}
