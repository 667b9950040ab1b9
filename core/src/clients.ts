/**
 * Chain-neutral client interfaces. Each chain adapter (evm, solana, ton) implements them, so a
 * dApp written against these types runs on any chain. Amounts are CAL base units (9 decimals);
 * addresses passed in are the chain's native address strings; addresses read back are universal.
 */
import type { RemoteExecution } from "./governance-status.js";
import type { BridgeMessage, Domain, Proposal, Replica, Task, TaskOffer, UniversalAddress } from "./types.js";

/** What every state-changing call returns. */
export interface TransactionReceiptSummary {
  /** Transaction hash (EVM), signature (Solana) or transaction hash (TON). */
  readonly id: string;
  /** Gas used (EVM, TON) or compute units (Solana), when the chain reports it. */
  readonly cost?: bigint;
}

/** Parameters of `MarketplaceClient.createTask`. */
export interface CreateTaskParameters {
  readonly specHash: bigint;
  readonly reward: bigint;
  readonly collateral: bigint;
  /** Unix seconds. */
  readonly deadline: bigint;
  /** 0 = optimistic; otherwise a registered Groth16 verifier. */
  readonly verifierId: number;
  readonly modelCreator?: string;
  readonly minReputationBps: number;
  /**
   * Offer terms (DESIGN §5.1, §5.2): the price ramps from `minReward` to `reward` (the escrowed maximum) and
   * `replicas` k ∈ {1, 2, 3} asks for redundant execution by commit–reveal. Omitted: a fixed-reward classic task.
   */
  readonly offer?: OfferTermsParameters;
}
/** Offer terms of `createTask`: unix seconds for times, CAL base units for `minReward`. */
export interface OfferTermsParameters {
  readonly minReward: bigint;
  readonly rampStart: bigint;
  /** Seconds from `minReward` to the task's `reward`; 0 jumps to `reward` at `rampStart`. */
  readonly rampDuration: bigint;
  /** Accepting is refused after this time; at most the task's deadline. */
  readonly lockDeadline: bigint;
  /** 0 (default): one provider, `submitResult`; 1..3: that many replicas, commit–reveal. */
  readonly replicas?: 0 | 1 | 2 | 3;
}
/** Parameters of `MarketplaceClient.commitResult`: `commit` is `replicaCommit(resultHash, salt, provider)`. */
export interface CommitResultParameters {
  readonly taskId: bigint;
  readonly commit: `0x${string}`;
}
/** Parameters of `MarketplaceClient.revealResult`. */
export interface RevealResultParameters {
  readonly taskId: bigint;
  readonly resultHash: `0x${string}`;
  readonly salt: `0x${string}`;
}
/** Parameters of `MarketplaceClient.publishResult`: `resultCid` is the 32-byte sha2-256 digest of the result's CIDv1 (raw). */
export interface PublishResultParameters {
  readonly taskId: bigint;
  readonly resultCid: `0x${string}`;
}
/** Parameters of `MarketplaceClient.resolveReplicas`: the winning `resultHash`, or zero for none. */
export interface ResolveReplicasParameters {
  readonly taskId: bigint;
  readonly resultHash: `0x${string}`;
}
/** Result of `MarketplaceClient.quoteTask`. */
export interface QuoteTaskReturnType {
  /** What accepting at `at` locks (CAL base units). */
  readonly price: bigint;
  /** The chain time the quote is for (unix seconds). */
  readonly at: bigint;
  /** Whether the task can still be accepted at `at` (Open, or Assigned with a free replica slot, before `lockDeadline`). */
  readonly acceptable: boolean;
  readonly lockDeadline: bigint;
}
/** Result of `MarketplaceClient.createTask`. */
export interface CreateTaskReturnType extends TransactionReceiptSummary {
  readonly taskId: bigint;
}
/** Parameters of `MarketplaceClient.submitResult`. */
export interface SubmitResultParameters {
  readonly taskId: bigint;
  readonly resultCommitment: bigint;
  /** Chain-encoded Groth16 proof (see the zk module); omitted for optimistic tasks. */
  readonly proof?: Uint8Array;
}

/**
 * The marketplace escrow (DESIGN §5). Every write `x` also comes as `prepareX` (the unsigned transaction, in the
 * chain's prepared form `TPrepared`) and `simulateX` ({@link MarketplaceWrites}).
 */
export interface MarketplaceClient<TPrepared = unknown> extends MarketplaceWrites<TPrepared> {
  createTask(parameters: CreateTaskParameters): Promise<CreateTaskReturnType>;
  cancelTask(parameters: { readonly taskId: bigint }): Promise<TransactionReceiptSummary>;
  acceptTask(parameters: { readonly taskId: bigint }): Promise<TransactionReceiptSummary>;
  submitResult(parameters: SubmitResultParameters): Promise<TransactionReceiptSummary>;
  finalize(parameters: { readonly taskId: bigint }): Promise<TransactionReceiptSummary>;
  dispute(parameters: { readonly taskId: bigint }): Promise<TransactionReceiptSummary>;
  resolve(parameters: { readonly taskId: bigint; readonly providerAtFault: boolean }): Promise<TransactionReceiptSummary>;
  expire(parameters: { readonly taskId: bigint }): Promise<TransactionReceiptSummary>;
  commitResult(parameters: CommitResultParameters): Promise<TransactionReceiptSummary>;
  revealResult(parameters: RevealResultParameters): Promise<TransactionReceiptSummary>;
  settle(parameters: { readonly taskId: bigint }): Promise<TransactionReceiptSummary>;
  resolveReplicas(parameters: ResolveReplicasParameters): Promise<TransactionReceiptSummary>;
  getTask(parameters: { readonly taskId: bigint }): Promise<Task>;
  /** The task's offer terms and replica progress (a classic fixed-reward task reads as `minReward == maxReward`). */
  getOffer(parameters: { readonly taskId: bigint }): Promise<TaskOffer>;
  /** The task's replicas in accept order (empty for a classic task). */
  getReplicas(parameters: { readonly taskId: bigint }): Promise<readonly Replica[]>;
  /**
   * Records the CID (its 32-byte sha2-256 digest, CIDv1 raw) of the encrypted result this provider published
   * (DESIGN §5.3); the task's provider or a replica only.
   */
  publishResult(parameters: PublishResultParameters): Promise<TransactionReceiptSummary>;
  /** The result CID digest `provider` recorded for the task, or zero. */
  getResultCid(parameters: { readonly taskId: bigint; readonly provider: string }): Promise<`0x${string}`>;
  /** The price accepting would lock now (or at `at`), by the chain's clock. */
  quoteTask(parameters: { readonly taskId: bigint; readonly at?: bigint }): Promise<QuoteTaskReturnType>;
  taskCount(): Promise<bigint>;
}

/** A provider's stake and reputation. */
export interface ProviderInfo {
  readonly provider: UniversalAddress;
  readonly registered: boolean;
  readonly metadataHash: `0x${string}`;
  readonly staked: bigint;
  readonly locked: bigint;
  readonly pendingUnstake: bigint;
  readonly unstakeAvailableAt: bigint;
  readonly completed: bigint;
  readonly failed: bigint;
  readonly slashedTotal: bigint;
  readonly scoreBps: bigint;
}

/** Staking and reputation (DESIGN §4). */
export interface StakingClient<TPrepared = unknown> extends StakingWrites<TPrepared> {
  register(parameters: { readonly metadataHash: `0x${string}` }): Promise<TransactionReceiptSummary>;
  stake(parameters: { readonly amount: bigint }): Promise<TransactionReceiptSummary>;
  requestUnstake(parameters: { readonly amount: bigint }): Promise<TransactionReceiptSummary>;
  withdraw(): Promise<TransactionReceiptSummary>;
  getProvider(parameters: { readonly provider: string }): Promise<ProviderInfo>;
}

/** The CAL token. */
export interface TokenClient<TPrepared = unknown> extends TokenWrites<TPrepared> {
  balanceOf(parameters: { readonly owner: string }): Promise<bigint>;
  transfer(parameters: { readonly to: string; readonly amount: bigint }): Promise<TransactionReceiptSummary>;
  totalSupply(): Promise<bigint>;
}

/** Governance (DESIGN §7): the lifecycle is the same on every chain. */
export interface GovernanceClient<TPrepared = unknown> extends GovernanceWrites<TPrepared> {
  getProposal(parameters: { readonly proposalId: bigint }): Promise<Proposal>;
  /** 0 Against, 1 For, 2 Abstain. */
  castVote(parameters: { readonly proposalId: bigint; readonly support: 0 | 1 | 2 }): Promise<TransactionReceiptSummary>;
}

/** A proposal as a spoke's governance vault knows it (announced by the hub's `ProposalOpened`). */
export interface SpokeProposal {
  readonly proposalId: bigint;
  /** The hub's snapshot (unix seconds): weights are deposits held at this time. */
  readonly snapshot: bigint;
  /** Votes are accepted until this time (unix seconds, inclusive). */
  readonly voteEnd: bigint;
  readonly againstVotes: bigint;
  readonly forVotes: bigint;
  readonly abstainVotes: bigint;
}

/**
 * A spoke's governance (DESIGN §7): the vault holders vote from and the executor of the hub's decisions. The
 * same on the EVM spoke, Solana and TON.
 */
export interface SpokeGovernanceClient<TPrepared = unknown> extends SpokeGovernanceWrites<TPrepared> {
  /** The proposal as announced to this spoke, with its cumulative tally. */
  getProposal(parameters: { readonly proposalId: bigint }): Promise<SpokeProposal>;
  /** A voter's weight for a proposal: its vault deposit at the proposal's snapshot. */
  votingPower(parameters: { readonly proposalId: bigint; readonly voter: string }): Promise<bigint>;
  /** What a voter holds in the vault now (its weight for proposals announced from now on). */
  depositOf(parameters: { readonly voter: string }): Promise<bigint>;
  /** Where the executor stands with the `sequence`-th action list from the hub. */
  remoteExecution(parameters: { readonly sequence: bigint }): Promise<RemoteExecution>;
}

/** Parameters of `BridgeClient.transfer`. */
export interface BridgeTransferParameters {
  /** Destination domain (an EVM chain id, `DOMAINS.solana` or `DOMAINS.ton`). */
  readonly dstDomain: Domain;
  /** Recipient on the destination, in a form the source chain's client accepts (32-byte universal address always works). */
  readonly recipient: string;
  /** CAL base units (9 decimals), > 0 and ≤ 2^64 - 1. */
  readonly amount: bigint;
}

/** Result of `BridgeClient.transfer`. */
export interface BridgeTransferReturnType extends TransactionReceiptSummary {
  /** The message as sent, re-derived from what the source chain recorded. */
  readonly message: BridgeMessage;
  /** keccak256 of the 89-byte message (DESIGN §8). */
  readonly messageId: `0x${string}`;
}

/** The lock-and-mint bridge on one chain (DESIGN §8), as a user sees it. */
export interface BridgeClient<TPrepared = unknown> extends BridgeWrites<TPrepared> {
  /** This chain's bridge domain. */
  domain(): Promise<Domain>;
  /** Locks (home) or burns (spoke) `amount` CAL for `recipient` on `dstDomain`. */
  transfer(parameters: BridgeTransferParameters): Promise<BridgeTransferReturnType>;
  /** Whether `messageId` has been delivered on this chain. */
  isDelivered(parameters: { readonly messageId: `0x${string}` }): Promise<boolean>;
}

/**
 * What `simulateX` answers: the call would succeed (it throws the same `CalctraError` as `x` otherwise) with this
 * estimated cost (gas on EVM and TON, compute units on Solana) and, when the chain can say, this return value.
 */
export interface SimulateReturnType<TResult = unknown> {
  readonly cost?: bigint;
  readonly result?: TResult;
}

/**
 * The three forms of one write action, as viem gives them: `prepareX` builds the unsigned transaction (EVM
 * calldata, Solana instructions, a TON message body) for a multisig or an external signer to sign, `simulateX`
 * runs it without sending and `x` sends it and waits. `TPrepared` is the chain's prepared form.
 */
export type WriteAction<Name extends string, TParameters, TReturnType, TPrepared> = {
  [K in Name]: (parameters: TParameters) => Promise<TReturnType>;
} & { [K in `prepare${Capitalize<Name>}`]: (parameters: TParameters) => Promise<TPrepared> } & {
  [K in `simulate${Capitalize<Name>}`]: (parameters: TParameters) => Promise<SimulateReturnType>;
};

type TaskRef = { readonly taskId: bigint };
/** Every marketplace write in its three forms. */
export type MarketplaceWrites<TPrepared> = WriteAction<"createTask", CreateTaskParameters, CreateTaskReturnType, TPrepared> &
  WriteAction<"cancelTask", TaskRef, TransactionReceiptSummary, TPrepared> &
  WriteAction<"acceptTask", TaskRef, TransactionReceiptSummary, TPrepared> &
  WriteAction<"submitResult", SubmitResultParameters, TransactionReceiptSummary, TPrepared> &
  WriteAction<"finalize", TaskRef, TransactionReceiptSummary, TPrepared> &
  WriteAction<"dispute", TaskRef, TransactionReceiptSummary, TPrepared> &
  WriteAction<"resolve", TaskRef & { readonly providerAtFault: boolean }, TransactionReceiptSummary, TPrepared> &
  WriteAction<"expire", TaskRef, TransactionReceiptSummary, TPrepared> &
  WriteAction<"commitResult", CommitResultParameters, TransactionReceiptSummary, TPrepared> &
  WriteAction<"revealResult", RevealResultParameters, TransactionReceiptSummary, TPrepared> &
  WriteAction<"settle", TaskRef, TransactionReceiptSummary, TPrepared> &
  WriteAction<"resolveReplicas", ResolveReplicasParameters, TransactionReceiptSummary, TPrepared> &
  WriteAction<"publishResult", PublishResultParameters, TransactionReceiptSummary, TPrepared>;
/** Every staking write in its three forms (`withdraw` takes an empty parameter object). */
export type StakingWrites<TPrepared> = WriteAction<
  "register",
  { readonly metadataHash: `0x${string}` },
  TransactionReceiptSummary,
  TPrepared
> &
  WriteAction<"stake", { readonly amount: bigint }, TransactionReceiptSummary, TPrepared> &
  WriteAction<"requestUnstake", { readonly amount: bigint }, TransactionReceiptSummary, TPrepared> &
  WriteAction<"withdraw", Record<string, never> | undefined, TransactionReceiptSummary, TPrepared>;
/** Every token write in its three forms. */
export type TokenWrites<TPrepared> = WriteAction<
  "transfer",
  { readonly to: string; readonly amount: bigint },
  TransactionReceiptSummary,
  TPrepared
>;
/** Every chain-neutral governance write in its three forms. */
export type GovernanceWrites<TPrepared> = WriteAction<
  "castVote",
  { readonly proposalId: bigint; readonly support: 0 | 1 | 2 },
  TransactionReceiptSummary,
  TPrepared
>;
/** Every spoke governance write in its three forms. */
export type SpokeGovernanceWrites<TPrepared> = WriteAction<"deposit", { readonly amount: bigint }, TransactionReceiptSummary, TPrepared> &
  WriteAction<"withdraw", { readonly amount: bigint }, TransactionReceiptSummary, TPrepared> &
  WriteAction<"castVote", { readonly proposalId: bigint; readonly support: 0 | 1 | 2 }, TransactionReceiptSummary, TPrepared> &
  WriteAction<"sendTally", { readonly proposalId: bigint }, TransactionReceiptSummary, TPrepared> &
  WriteAction<"execute", { readonly sequence: bigint }, TransactionReceiptSummary, TPrepared> &
  WriteAction<"veto", { readonly sequence: bigint }, TransactionReceiptSummary, TPrepared> &
  WriteAction<"retry", { readonly sequence: bigint }, TransactionReceiptSummary, TPrepared>;
/** Every bridge write in its three forms. */
export type BridgeWrites<TPrepared> = WriteAction<"transfer", BridgeTransferParameters, BridgeTransferReturnType, TPrepared>;

// ── Proof of computational power (DESIGN §11) ─────────────────────────────────────────────────

/** A provider's power record as a chain stores it (core's `PowerRecord` plus the challenge bookkeeping). */
export interface ProviderPowerRecord {
  readonly provider: UniversalAddress;
  /** Declared keccak-256 hashes per second; 0 = no claim (unverified). */
  readonly claimedRate: bigint;
  readonly powerPassed: bigint;
  readonly powerFailed: bigint;
  readonly failuresInRow: bigint;
  /** The open challenge's id (0 = none). */
  readonly openChallenge: bigint;
  /** When the provider was last challenged (unix seconds; 0 = never). */
  readonly lastChallengeAt: bigint;
  /** `verifiedPower` of the record (core's formula; the chain's view where it has one). */
  readonly verifiedPower: bigint;
}

/** An open (or the last) challenge of a provider, frozen when it opened, with its target. */
export interface PowerChallenge {
  readonly challengeId: bigint;
  readonly provider: UniversalAddress;
  readonly validator: UniversalAddress;
  readonly seed: `0x${string}`;
  /** The last second an answer is accepted. */
  readonly deadline: bigint;
  readonly responseWindow: bigint;
  /** m, the number of nonces asked for. */
  readonly nonces: number;
  /** core's `powerTarget` of the claim, window and m of the moment it opened. */
  readonly target: bigint;
}

/** A compute validator (DESIGN §11). */
export interface ComputeValidatorInfo {
  readonly validator: UniversalAddress;
  readonly registered: boolean;
  /** Fees earned and not yet claimed, CAL base units. */
  readonly feesOwed: bigint;
  readonly completed: bigint;
}

/** The governed power parameters (ids 8..14) and the funded budget. */
export interface PowerParametersView {
  readonly responseWindow: bigint;
  readonly powerNonces: number;
  readonly powerCooldown: bigint;
  readonly maxPowerFailures: number;
  readonly powerSlashBps: bigint;
  readonly validatorFee: bigint;
  /** The remaining governed allowance for fees. */
  readonly validatorBudget: bigint;
  /** CAL transferred in for fees and not yet owed. */
  readonly fundedBudget: bigint;
}

/** Return type of `challenge`: the receipt and the new challenge's id. */
export interface ChallengeReturnType extends TransactionReceiptSummary {
  readonly challengeId: bigint;
}

/**
 * Proof of computational power on one chain (DESIGN §11): providers declare a keccak rate and answer challenges;
 * compute validators challenge, expire and collect fees. Every write `x` also comes as `prepareX` and `simulateX`.
 */
export interface PowerClient<TPrepared = unknown> extends PowerWrites<TPrepared> {
  declareRate(parameters: { readonly claimedRate: bigint }): Promise<TransactionReceiptSummary>;
  registerValidator(parameters?: Record<string, never>): Promise<TransactionReceiptSummary>;
  challenge(parameters: { readonly provider: string }): Promise<ChallengeReturnType>;
  respond(parameters: { readonly challengeId: bigint; readonly nonces: readonly bigint[] }): Promise<TransactionReceiptSummary>;
  expireChallenge(parameters: { readonly provider: string }): Promise<TransactionReceiptSummary>;
  claimFees(parameters?: Record<string, never>): Promise<TransactionReceiptSummary>;
  fundValidatorBudget(parameters: { readonly amount: bigint }): Promise<TransactionReceiptSummary>;
  getPowerRecord(parameters: { readonly provider: string }): Promise<ProviderPowerRecord>;
  /** The provider's open challenge, or null when none is open. */
  getChallenge(parameters: { readonly provider: string }): Promise<PowerChallenge | null>;
  getValidator(parameters: { readonly validator: string }): Promise<ComputeValidatorInfo>;
  getPowerParameters(): Promise<PowerParametersView>;
}

/** Every power write in its three forms. */
export type PowerWrites<TPrepared> = WriteAction<"declareRate", { readonly claimedRate: bigint }, TransactionReceiptSummary, TPrepared> &
  WriteAction<"registerValidator", Record<string, never> | undefined, TransactionReceiptSummary, TPrepared> &
  WriteAction<"challenge", { readonly provider: string }, ChallengeReturnType, TPrepared> &
  WriteAction<"respond", { readonly challengeId: bigint; readonly nonces: readonly bigint[] }, TransactionReceiptSummary, TPrepared> &
  WriteAction<"expireChallenge", { readonly provider: string }, TransactionReceiptSummary, TPrepared> &
  WriteAction<"claimFees", Record<string, never> | undefined, TransactionReceiptSummary, TPrepared> &
  WriteAction<"fundValidatorBudget", { readonly amount: bigint }, TransactionReceiptSummary, TPrepared>;
