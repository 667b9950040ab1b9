import type { Address, Hex } from "viem";
import { encodeAbiParameters, toHex, type Account, type Chain, type PublicClient, type Transport, type WalletClient } from "viem";
import { checkCreateOffer, quoteOffer, CalctraError } from "@calctra/core";
import { SPEC_HASH_BOUND } from "@calctra/core";
import { universalFromEvm } from "@calctra/core";
import { reputationScoreBps } from "@calctra/core";
import { TaskStatus as TaskStatuses, evmFromUniversal } from "@calctra/core";
import type {
  CommitResultParameters,
  CreateTaskParameters,
  CreateTaskReturnType,
  MarketplaceClient,
  ProviderInfo,
  PublishResultParameters,
  QuoteTaskReturnType,
  ResolveReplicasParameters,
  RevealResultParameters,
  SimulateReturnType,
  StakingClient,
  SubmitResultParameters,
  TokenClient,
} from "@calctra/core";
import type { Replica, ReplicaState, Task, TaskOffer, TaskStatus } from "@calctra/core";
import { parseEventLogs } from "viem";
import { calTokenAbi, marketplaceAbi, stakingAbi } from "./generated/abis.js";
import { decodeEvmError } from "./errors.js";
import {
  EvmWriter,
  evmContractWrite,
  type EvmContractWrite,
  type EvmPrepareOptions,
  type EvmPreparedTransaction,
  type EvmTransactionReturnType,
} from "./write.js";

/** Addresses of a deployed EVM suite, as written by the deploy script to deployments/<network>.json. */
export interface EvmDeployment {
  readonly network: string;
  readonly chainId: number;
  readonly mode: "home" | "spoke";
  readonly contracts: {
    readonly CalToken: Address;
    readonly CalTimelock: Address;
    readonly CalGovernor: Address;
    readonly Staking: Address;
    readonly Marketplace: Address;
    /** The proof-of-computational-power registry (DESIGN §11), where deployed. */
    readonly PowerRegistry?: Address;
  };
}

/** What every EVM client is built from: viem clients and a deployment. */
export interface EvmClientParameters {
  readonly publicClient: PublicClient;
  readonly walletClient: WalletClient<Transport, Chain | undefined, Account>;
  readonly deployment: EvmDeployment;
}

const U16_MAX = 0xffff;
/** Timestamps are u32 on chain: an offer's `rampStart + rampDuration` stays below 2^32. */
const ZERO_ADDRESS: Address = "0x0000000000000000000000000000000000000000";

/**
 * The base of the EVM contract clients: each write action is built once as an {@link EvmContractWrite} and
 * prepared, simulated or sent through one {@link EvmWriter} (reverts decoded to `CalctraError`).
 *
 * @example
 * ```ts
 * class MyClient extends EvmContractClient {
 *   pause() { return this.send(evmContractWrite({ address, abi, functionName: "pause", args: [] })); }
 * }
 * ```
 */
export abstract class EvmContractClient {
  protected readonly writer: EvmWriter;

  constructor(protected readonly params: EvmClientParameters) {
    this.writer = new EvmWriter(params);
  }

  /** The unsigned transaction of `write` (see {@link EvmPreparedTransaction}). */
  protected async prepare(
    write: EvmContractWrite | Promise<EvmContractWrite>,
    options: EvmPrepareOptions = {},
  ): Promise<EvmPreparedTransaction> {
    return this.writer.prepare(await write, options.account);
  }

  /** `write` run without sending: estimated gas and return value, or the decoded `CalctraError`. */
  protected async simulate<TResult = unknown>(
    write: EvmContractWrite | Promise<EvmContractWrite>,
    options: EvmPrepareOptions = {},
  ): Promise<SimulateReturnType<TResult>> {
    return this.writer.simulate<TResult>(await write, options.account);
  }

  /** `write` sent with the wallet client (approving first when needed) and awaited. */
  protected async send(write: EvmContractWrite | Promise<EvmContractWrite>): Promise<EvmTransactionReturnType> {
    const { logs: _logs, ...sent } = await this.writer.send(await write);
    return sent;
  }
}

/** Parameters of {@link EvmTokenClient.transfer}. */
export interface EvmTokenTransferParameters {
  readonly to: string;
  readonly amount: bigint;
}

/**
 * The CAL token on an EVM chain.
 *
 * @example
 * ```ts
 * const token = new EvmTokenClient({ publicClient, walletClient, deployment });
 * await token.transfer({ to: "0x…", amount: 5n * CAL });
 * ```
 */
export class EvmTokenClient extends EvmContractClient implements TokenClient<EvmPreparedTransaction> {
  private get address(): Address {
    return this.params.deployment.contracts.CalToken;
  }

  /**
   * CAL balance of an address.
   *
   * @example
   * ```ts
   * const balance = await token.balanceOf({ owner: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8" });
   * ```
   */
  async balanceOf({ owner }: { readonly owner: string }): Promise<bigint> {
    return this.params.publicClient.readContract({
      address: this.address,
      abi: calTokenAbi,
      functionName: "balanceOf",
      args: [owner as Address],
    });
  }

  /**
   * Total CAL supply on this chain.
   *
   * @example
   * ```ts
   * const supply = await token.totalSupply();
   * ```
   */
  async totalSupply(): Promise<bigint> {
    return this.params.publicClient.readContract({ address: this.address, abi: calTokenAbi, functionName: "totalSupply" });
  }

  /**
   * Transfers CAL; a short balance reverts with `ERC20InsufficientBalance`.
   *
   * @example
   * ```ts
   * const { id, cost } = await token.transfer({ to: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8", amount: 5n * CAL });
   * ```
   */
  async transfer(parameters: EvmTokenTransferParameters): Promise<EvmTransactionReturnType> {
    return this.send(this.#transfer(parameters));
  }
  /**
   * The unsigned `transfer` (for a multisig or an external signer).
   *
   * @example
   * ```ts
   * const { to, data } = await token.prepareTransfer({ to: recipient, amount: 5n * CAL, account: safe });
   * ```
   */
  async prepareTransfer(parameters: EvmTokenTransferParameters & EvmPrepareOptions): Promise<EvmPreparedTransaction> {
    return this.prepare(this.#transfer(parameters), parameters);
  }
  /**
   * Runs `transfer` without sending it: its gas, or the `CalctraError` it would throw.
   *
   * @example
   * ```ts
   * const { cost } = await token.simulateTransfer({ to: recipient, amount: 5n * CAL });
   * ```
   */
  async simulateTransfer(parameters: EvmTokenTransferParameters & EvmPrepareOptions): Promise<SimulateReturnType<boolean>> {
    return this.simulate(this.#transfer(parameters), parameters);
  }
  #transfer({ to, amount }: EvmTokenTransferParameters): EvmContractWrite {
    return evmContractWrite({ address: this.address, abi: calTokenAbi, functionName: "transfer", args: [to as Address, amount] });
  }

  /**
   * Approves `spender` (e.g. the Staking or Marketplace contract) to pull `amount`. The clients' `stake`,
   * `createTask` and bridge `transfer` approve by themselves when needed.
   *
   * @example
   * ```ts
   * await token.approve({ spender: deployment.contracts.Marketplace, amount: 100n * CAL });
   * ```
   */
  async approve(parameters: { readonly spender: Address; readonly amount: bigint }): Promise<EvmTransactionReturnType> {
    return this.send(this.#approve(parameters));
  }
  /**
   * The unsigned `approve`.
   *
   * @example
   * ```ts
   * const call = await token.prepareApprove({ spender: marketplace, amount: 100n * CAL });
   * ```
   */
  async prepareApprove(
    parameters: { readonly spender: Address; readonly amount: bigint } & EvmPrepareOptions,
  ): Promise<EvmPreparedTransaction> {
    return this.prepare(this.#approve(parameters), parameters);
  }
  /**
   * Runs `approve` without sending it.
   *
   * @example
   * ```ts
   * const { cost } = await token.simulateApprove({ spender: marketplace, amount: 100n * CAL });
   * ```
   */
  async simulateApprove(
    parameters: { readonly spender: Address; readonly amount: bigint } & EvmPrepareOptions,
  ): Promise<SimulateReturnType<boolean>> {
    return this.simulate(this.#approve(parameters), parameters);
  }
  #approve({ spender, amount }: { readonly spender: Address; readonly amount: bigint }): EvmContractWrite {
    return evmContractWrite({ address: this.address, abi: calTokenAbi, functionName: "approve", args: [spender, amount] });
  }

  /**
   * Delegates voting power (ERC20Votes): needed once before voting, to oneself or to another address.
   *
   * @example
   * ```ts
   * await token.delegate({ delegatee: walletClient.account.address });
   * ```
   */
  async delegate(parameters: { readonly delegatee: Address }): Promise<EvmTransactionReturnType> {
    return this.send(this.#delegate(parameters));
  }
  /**
   * The unsigned `delegate`.
   *
   * @example
   * ```ts
   * const call = await token.prepareDelegate({ delegatee: safe, account: safe });
   * ```
   */
  async prepareDelegate(parameters: { readonly delegatee: Address } & EvmPrepareOptions): Promise<EvmPreparedTransaction> {
    return this.prepare(this.#delegate(parameters), parameters);
  }
  /**
   * Runs `delegate` without sending it.
   *
   * @example
   * ```ts
   * const { cost } = await token.simulateDelegate({ delegatee: me });
   * ```
   */
  async simulateDelegate(parameters: { readonly delegatee: Address } & EvmPrepareOptions): Promise<SimulateReturnType> {
    return this.simulate(this.#delegate(parameters), parameters);
  }
  #delegate({ delegatee }: { readonly delegatee: Address }): EvmContractWrite {
    return evmContractWrite({ address: this.address, abi: calTokenAbi, functionName: "delegate", args: [delegatee] });
  }
}

/**
 * Staking and reputation on an EVM chain. `stake` approves the Staking contract first when the allowance is short
 * (`prepareStake` returns that approval as the call to make first).
 *
 * @example
 * ```ts
 * const staking = new EvmStakingClient({ publicClient, walletClient, deployment });
 * await staking.register({ metadataHash: keccak256(toHex("gpu: 1x24GiB")) });
 * await staking.stake({ amount: 500n * CAL });
 * ```
 */
export class EvmStakingClient extends EvmContractClient implements StakingClient<EvmPreparedTransaction> {
  private get address(): Address {
    return this.params.deployment.contracts.Staking;
  }

  /**
   * Registers the caller as a provider with a hash of its hardware / attestation document.
   *
   * @example
   * ```ts
   * await staking.register({ metadataHash: keccak256(toHex("cpu:16 mem:64 gpu:1x24")) });
   * ```
   */
  async register(parameters: { readonly metadataHash: Hex }): Promise<EvmTransactionReturnType> {
    return this.send(this.#register(parameters));
  }
  /**
   * The unsigned `register`.
   *
   * @example
   * ```ts
   * const call = await staking.prepareRegister({ metadataHash, account: safe });
   * ```
   */
  async prepareRegister(parameters: { readonly metadataHash: Hex } & EvmPrepareOptions): Promise<EvmPreparedTransaction> {
    return this.prepare(this.#register(parameters), parameters);
  }
  /**
   * Runs `register` without sending it (e.g. `StakingAlreadyRegistered` is thrown as `register` would).
   *
   * @example
   * ```ts
   * const { cost } = await staking.simulateRegister({ metadataHash });
   * ```
   */
  async simulateRegister(parameters: { readonly metadataHash: Hex } & EvmPrepareOptions): Promise<SimulateReturnType> {
    return this.simulate(this.#register(parameters), parameters);
  }
  #register({ metadataHash }: { readonly metadataHash: Hex }): EvmContractWrite {
    if (!/^0x[0-9a-fA-F]{64}$/.test(metadataHash)) throw new RangeError("metadataHash must be 32 bytes");
    return evmContractWrite({ address: this.address, abi: stakingAbi, functionName: "register", args: [metadataHash] });
  }

  /**
   * Stakes CAL, approving the Staking contract first when the allowance is short (`approval` in the result).
   *
   * @example
   * ```ts
   * const { cost, approval } = await staking.stake({ amount: 500n * CAL });
   * ```
   */
  async stake(parameters: { readonly amount: bigint }): Promise<EvmTransactionReturnType> {
    return this.send(this.#stake(parameters));
  }
  /**
   * The unsigned `stake`; its `approval` (when the sender's allowance is short) must be executed first.
   *
   * @example
   * ```ts
   * const calls = evmPreparedCalls(await staking.prepareStake({ amount: 500n * CAL, account: safe })); // [approve, stake]
   * ```
   */
  async prepareStake(parameters: { readonly amount: bigint } & EvmPrepareOptions): Promise<EvmPreparedTransaction> {
    return this.prepare(this.#stake(parameters), parameters);
  }
  /**
   * Runs `stake` without sending it, as if a pending approval had been granted.
   *
   * @example
   * ```ts
   * await staking.simulateStake({ amount: 500n * CAL }); // throws e.g. StakingNotRegistered
   * ```
   */
  async simulateStake(parameters: { readonly amount: bigint } & EvmPrepareOptions): Promise<SimulateReturnType> {
    return this.simulate(this.#stake(parameters), parameters);
  }
  #stake({ amount }: { readonly amount: bigint }): EvmContractWrite {
    if (amount <= 0n) throw new CalctraError("StakingZeroAmount");
    return evmContractWrite({
      address: this.address,
      abi: stakingAbi,
      functionName: "stake",
      args: [amount],
      spends: { token: this.params.deployment.contracts.CalToken, amount },
    });
  }

  /**
   * Starts unbonding `amount` of free stake.
   *
   * @example
   * ```ts
   * await staking.requestUnstake({ amount: 100n * CAL });
   * ```
   */
  async requestUnstake(parameters: { readonly amount: bigint }): Promise<EvmTransactionReturnType> {
    return this.send(this.#requestUnstake(parameters));
  }
  /**
   * The unsigned `requestUnstake`.
   *
   * @example
   * ```ts
   * const call = await staking.prepareRequestUnstake({ amount: 100n * CAL, account: safe });
   * ```
   */
  async prepareRequestUnstake(parameters: { readonly amount: bigint } & EvmPrepareOptions): Promise<EvmPreparedTransaction> {
    return this.prepare(this.#requestUnstake(parameters), parameters);
  }
  /**
   * Runs `requestUnstake` without sending it.
   *
   * @example
   * ```ts
   * const { cost } = await staking.simulateRequestUnstake({ amount: 100n * CAL });
   * ```
   */
  async simulateRequestUnstake(parameters: { readonly amount: bigint } & EvmPrepareOptions): Promise<SimulateReturnType> {
    return this.simulate(this.#requestUnstake(parameters), parameters);
  }
  #requestUnstake({ amount }: { readonly amount: bigint }): EvmContractWrite {
    if (amount <= 0n) throw new CalctraError("StakingZeroAmount");
    return evmContractWrite({ address: this.address, abi: stakingAbi, functionName: "requestUnstake", args: [amount] });
  }

  /**
   * Withdraws unbonded stake after the unbonding period.
   *
   * @example
   * ```ts
   * await staking.withdraw();
   * ```
   */
  async withdraw(): Promise<EvmTransactionReturnType> {
    return this.send(this.#withdraw());
  }
  /**
   * The unsigned `withdraw`.
   *
   * @example
   * ```ts
   * const call = await staking.prepareWithdraw({ account: safe });
   * ```
   */
  async prepareWithdraw(options: EvmPrepareOptions = {}): Promise<EvmPreparedTransaction> {
    return this.prepare(this.#withdraw(), options);
  }
  /**
   * Runs `withdraw` without sending it (e.g. `StakingUnbondingNotElapsed` before the period ends).
   *
   * @example
   * ```ts
   * const { cost } = await staking.simulateWithdraw();
   * ```
   */
  async simulateWithdraw(options: EvmPrepareOptions = {}): Promise<SimulateReturnType> {
    return this.simulate(this.#withdraw(), options);
  }
  #withdraw(): EvmContractWrite {
    return evmContractWrite({ address: this.address, abi: stakingAbi, functionName: "withdraw", args: [] });
  }

  /**
   * Stake, collateral and reputation of a provider.
   *
   * @example
   * ```ts
   * const { staked, scoreBps } = await staking.getProvider({ provider: "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC" });
   * ```
   */
  async getProvider({ provider }: { readonly provider: string }): Promise<ProviderInfo> {
    const { publicClient } = this.params;
    const address = this.address;
    const p = provider as Address;
    const [stake, info, metadataHash] = await Promise.all([
      publicClient.readContract({ address, abi: stakingAbi, functionName: "stakeInfo", args: [p] }),
      publicClient.readContract({ address, abi: stakingAbi, functionName: "providerInfo", args: [p] }),
      publicClient.readContract({ address, abi: stakingAbi, functionName: "metadataOf", args: [p] }),
    ]);
    return {
      provider: universalFromEvm(p),
      registered: info.registered,
      metadataHash,
      staked: stake.free + stake.locked,
      locked: stake.locked,
      pendingUnstake: stake.pendingUnstake,
      unstakeAvailableAt: stake.unlockAt,
      completed: info.completed,
      failed: info.failed,
      slashedTotal: info.slashedTotal,
      scoreBps: reputationScoreBps({ completed: info.completed, failed: info.failed }),
    };
  }
}

/**
 * Encodes a snarkjs Groth16 proof's (a, b, c) as the `bytes proof` the EVM verifiers take.
 *
 * @example
 * ```ts
 * await market.submitResult({ taskId, resultCommitment, proof: hexToBytes(encodeEvmProof(proof)) });
 * ```
 */
export function encodeEvmProof(proof: {
  readonly a: readonly [bigint, bigint];
  readonly b: readonly [readonly [bigint, bigint], readonly [bigint, bigint]];
  readonly c: readonly [bigint, bigint];
}): Hex {
  return encodeAbiParameters([{ type: "uint256[2]" }, { type: "uint256[2][2]" }, { type: "uint256[2]" }], [
    proof.a,
    proof.b,
    proof.c,
  ] as never);
}

type TaskRef = { readonly taskId: bigint };

/** What {@link EvmMarketplaceClient.createTask} returns. */
export interface EvmCreateTaskReturnType extends EvmTransactionReturnType, Pick<CreateTaskReturnType, "taskId"> {}

/**
 * The marketplace escrow on an EVM chain. `createTask` validates its input before sending (errors carry the
 * on-chain names) and approves the reward first when needed; with `offer` it posts an offer whose price ramps up to
 * the reward, optionally run on k replicas by commit–reveal (DESIGN §5.1, §5.2). Every write has three forms: `x`
 * sends and waits, `prepareX` returns the unsigned transaction, `simulateX` runs it without sending.
 *
 * @example
 * ```ts
 * const market = new EvmMarketplaceClient({ publicClient, walletClient, deployment });
 * const { taskId } = await market.createTask({ specHash, reward: 100n * CAL, collateral: 50n * CAL,
 *   deadline: now + 3600n, verifierId: 0, minReputationBps: 0,
 *   offer: { minReward: 40n * CAL, rampStart: now, rampDuration: 600n, lockDeadline: now + 1800n, replicas: 2 } });
 * ```
 */
export class EvmMarketplaceClient extends EvmContractClient implements MarketplaceClient<EvmPreparedTransaction> {
  private get address(): Address {
    return this.params.deployment.contracts.Marketplace;
  }

  /**
   * Posts a task and escrows its reward, approving the Marketplace first when the allowance is short. With `offer`
   * (the overload `createTask(TaskParams, OfferTerms)`), the reward is the offer's maximum and its terms are checked
   * first, in the contract's order (`MarketplaceZeroReward`, `MarketplaceInvalidOffer`,
   * `MarketplaceInvalidLockDeadline`, `MarketplaceInvalidReplicas`).
   *
   * @example
   * ```ts
   * const { taskId } = await market.createTask({ specHash: 123n, reward: 100n * CAL, collateral: 50n * CAL,
   *   deadline: now + 3600n, verifierId: 0, minReputationBps: 0 });
   * ```
   */
  async createTask(parameters: CreateTaskParameters): Promise<EvmCreateTaskReturnType> {
    const { logs, ...sent } = await this.writer.send(await this.#createTask(parameters));
    const [created] = parseEventLogs({ abi: marketplaceAbi, eventName: "TaskCreated", logs: [...logs] });
    if (!created) throw new Error(`createTask ${sent.id}: no TaskCreated event`);
    return { ...sent, taskId: created.args.taskId };
  }
  /**
   * The unsigned `createTask`; its `approval` (when the sender's allowance is short) must be executed first.
   *
   * @example
   * ```ts
   * const prepared = await market.prepareCreateTask({ ...task, account: safe });
   * ```
   */
  async prepareCreateTask(parameters: CreateTaskParameters & EvmPrepareOptions): Promise<EvmPreparedTransaction> {
    return this.prepare(this.#createTask(parameters), parameters);
  }
  /**
   * Runs `createTask` without sending it (as if a pending approval had been granted): its gas and the task id it
   * would get, or the `CalctraError` it would throw.
   *
   * @example
   * ```ts
   * const { result: taskId } = await market.simulateCreateTask(task);
   * ```
   */
  async simulateCreateTask(parameters: CreateTaskParameters & EvmPrepareOptions): Promise<SimulateReturnType<bigint>> {
    return this.simulate(this.#createTask(parameters), parameters);
  }
  async #createTask(p: CreateTaskParameters): Promise<EvmContractWrite> {
    if (p.reward <= 0n) throw new CalctraError("MarketplaceZeroReward");
    if (p.specHash < 0n || p.specHash >= SPEC_HASH_BOUND)
      throw new CalctraError("MarketplaceFieldElementOutOfRange", { value: p.specHash, bound: SPEC_HASH_BOUND });
    if (p.minReputationBps < 0 || p.minReputationBps > 10_000)
      throw new CalctraError("MarketplaceParameterOutOfBounds", { name: "minReputationBps", value: p.minReputationBps });
    if (p.verifierId < 0 || p.verifierId > U16_MAX) throw new CalctraError("MarketplaceUnknownVerifier", { verifierId: p.verifierId });
    const block = await this.params.publicClient.getBlock();
    if (p.deadline <= block.timestamp)
      throw new CalctraError("MarketplaceInvalidDeadline", { deadline: p.deadline, now_: block.timestamp });
    const params = {
      specHash: p.specHash,
      reward: p.reward,
      collateral: p.collateral,
      deadline: p.deadline,
      verifierId: p.verifierId,
      modelCreator: (p.modelCreator ?? ZERO_ADDRESS) as Address,
      minReputationBps: p.minReputationBps,
    };
    const spends = { token: this.params.deployment.contracts.CalToken, amount: p.reward };
    if (!p.offer)
      return evmContractWrite({ address: this.address, abi: marketplaceAbi, functionName: "createTask", args: [params], spends });
    // The offer's checks in the contract's order (CONVENTIONS), after the task's own.
    const o = checkCreateOffer({ offer: p.offer, reward: p.reward, deadline: p.deadline, now: block.timestamp });
    const replicas = o.replicas;
    const terms = { minReward: o.minReward, rampStart: o.rampStart, rampDuration: o.rampDuration, lockDeadline: o.lockDeadline, replicas };
    return evmContractWrite({ address: this.address, abi: marketplaceAbi, functionName: "createTask", args: [params, terms], spends });
  }

  /**
   * Cancels an Open task (its user only) and refunds the reward.
   *
   * @example
   * ```ts
   * await market.cancelTask({ taskId });
   * ```
   */
  async cancelTask(parameters: TaskRef): Promise<EvmTransactionReturnType> {
    return this.send(this.#task("cancelTask", parameters));
  }
  /**
   * The unsigned `cancelTask`.
   *
   * @example
   * ```ts
   * const { to, data } = await market.prepareCancelTask({ taskId, account: safe });
   * ```
   */
  async prepareCancelTask(parameters: TaskRef & EvmPrepareOptions): Promise<EvmPreparedTransaction> {
    return this.prepare(this.#task("cancelTask", parameters), parameters);
  }
  /**
   * Runs `cancelTask` without sending it (e.g. `MarketplaceNotTaskUser` from another account).
   *
   * @example
   * ```ts
   * const { cost } = await market.simulateCancelTask({ taskId });
   * ```
   */
  async simulateCancelTask(parameters: TaskRef & EvmPrepareOptions): Promise<SimulateReturnType> {
    return this.simulate(this.#task("cancelTask", parameters), parameters);
  }

  /**
   * Takes an Open task (or a replicated one with a free replica slot), locking collateral from the caller's free
   * stake and the offer's price of this moment (see {@link EvmMarketplaceClient.quoteTask}).
   *
   * @example
   * ```ts
   * await providerMarket.acceptTask({ taskId });
   * ```
   */
  async acceptTask(parameters: TaskRef): Promise<EvmTransactionReturnType> {
    return this.send(this.#task("acceptTask", parameters));
  }
  /**
   * The unsigned `acceptTask`.
   *
   * @example
   * ```ts
   * const call = await providerMarket.prepareAcceptTask({ taskId, account: providerSafe });
   * ```
   */
  async prepareAcceptTask(parameters: TaskRef & EvmPrepareOptions): Promise<EvmPreparedTransaction> {
    return this.prepare(this.#task("acceptTask", parameters), parameters);
  }
  /**
   * Runs `acceptTask` without sending it (e.g. `MarketplaceTaskNotOpen`, `StakingInsufficientStake`).
   *
   * @example
   * ```ts
   * const { cost } = await providerMarket.simulateAcceptTask({ taskId });
   * ```
   */
  async simulateAcceptTask(parameters: TaskRef & EvmPrepareOptions): Promise<SimulateReturnType> {
    return this.simulate(this.#task("acceptTask", parameters), parameters);
  }

  /**
   * Submits a result: with a proof (encoded by {@link encodeEvmProof}) for verified tasks, without for optimistic ones.
   *
   * @example
   * ```ts
   * await providerMarket.submitResult({ taskId, resultCommitment: 456n });
   * ```
   */
  async submitResult(parameters: SubmitResultParameters): Promise<EvmTransactionReturnType> {
    return this.send(this.#submitResult(parameters));
  }
  /**
   * The unsigned `submitResult`.
   *
   * @example
   * ```ts
   * const call = await providerMarket.prepareSubmitResult({ taskId, resultCommitment, proof });
   * ```
   */
  async prepareSubmitResult(parameters: SubmitResultParameters & EvmPrepareOptions): Promise<EvmPreparedTransaction> {
    return this.prepare(this.#submitResult(parameters), parameters);
  }
  /**
   * Runs `submitResult` without sending it (an invalid proof throws as `submitResult` would).
   *
   * @example
   * ```ts
   * const { cost } = await providerMarket.simulateSubmitResult({ taskId, resultCommitment, proof });
   * ```
   */
  async simulateSubmitResult(parameters: SubmitResultParameters & EvmPrepareOptions): Promise<SimulateReturnType> {
    return this.simulate(this.#submitResult(parameters), parameters);
  }
  #submitResult({ taskId, resultCommitment, proof }: SubmitResultParameters): EvmContractWrite {
    return evmContractWrite({
      address: this.address,
      abi: marketplaceAbi,
      functionName: "submitResult",
      args: [taskId, resultCommitment, proof ? toHex(proof) : "0x"],
    });
  }

  /**
   * Completes a Submitted task after its challenge window. Anyone.
   *
   * @example
   * ```ts
   * await market.finalize({ taskId });
   * ```
   */
  async finalize(parameters: TaskRef): Promise<EvmTransactionReturnType> {
    return this.send(this.#task("finalize", parameters));
  }
  /**
   * The unsigned `finalize`.
   *
   * @example
   * ```ts
   * const call = await market.prepareFinalize({ taskId });
   * ```
   */
  async prepareFinalize(parameters: TaskRef & EvmPrepareOptions): Promise<EvmPreparedTransaction> {
    return this.prepare(this.#task("finalize", parameters), parameters);
  }
  /**
   * Runs `finalize` without sending it (e.g. `MarketplaceChallengeWindowOpen` too early).
   *
   * @example
   * ```ts
   * const { cost } = await market.simulateFinalize({ taskId });
   * ```
   */
  async simulateFinalize(parameters: TaskRef & EvmPrepareOptions): Promise<SimulateReturnType> {
    return this.simulate(this.#task("finalize", parameters), parameters);
  }

  /**
   * Disputes a Submitted task inside its challenge window. Task user only.
   *
   * @example
   * ```ts
   * await market.dispute({ taskId });
   * ```
   */
  async dispute(parameters: TaskRef): Promise<EvmTransactionReturnType> {
    return this.send(this.#task("dispute", parameters));
  }
  /**
   * The unsigned `dispute`.
   *
   * @example
   * ```ts
   * const call = await market.prepareDispute({ taskId, account: safe });
   * ```
   */
  async prepareDispute(parameters: TaskRef & EvmPrepareOptions): Promise<EvmPreparedTransaction> {
    return this.prepare(this.#task("dispute", parameters), parameters);
  }
  /**
   * Runs `dispute` without sending it.
   *
   * @example
   * ```ts
   * const { cost } = await market.simulateDispute({ taskId });
   * ```
   */
  async simulateDispute(parameters: TaskRef & EvmPrepareOptions): Promise<SimulateReturnType> {
    return this.simulate(this.#task("dispute", parameters), parameters);
  }

  /**
   * Resolves a Disputed task. Arbiter only.
   *
   * @example
   * ```ts
   * await arbiterMarket.resolve({ taskId, providerAtFault: true });
   * ```
   */
  async resolve(parameters: TaskRef & { readonly providerAtFault: boolean }): Promise<EvmTransactionReturnType> {
    return this.send(this.#resolve(parameters));
  }
  /**
   * The unsigned `resolve` (e.g. for an arbiter multisig).
   *
   * @example
   * ```ts
   * const call = await market.prepareResolve({ taskId, providerAtFault: false, account: arbiterSafe });
   * ```
   */
  async prepareResolve(parameters: TaskRef & { readonly providerAtFault: boolean } & EvmPrepareOptions): Promise<EvmPreparedTransaction> {
    return this.prepare(this.#resolve(parameters), parameters);
  }
  /**
   * Runs `resolve` without sending it (e.g. `MarketplaceNotArbiter`).
   *
   * @example
   * ```ts
   * const { cost } = await arbiterMarket.simulateResolve({ taskId, providerAtFault: true });
   * ```
   */
  async simulateResolve(parameters: TaskRef & { readonly providerAtFault: boolean } & EvmPrepareOptions): Promise<SimulateReturnType> {
    return this.simulate(this.#resolve(parameters), parameters);
  }
  #resolve({ taskId, providerAtFault }: TaskRef & { readonly providerAtFault: boolean }): EvmContractWrite {
    return evmContractWrite({ address: this.address, abi: marketplaceAbi, functionName: "resolve", args: [taskId, providerAtFault] });
  }

  /**
   * Refunds an Assigned task past its deadline and slashes the provider. Anyone.
   *
   * @example
   * ```ts
   * await market.expire({ taskId });
   * ```
   */
  async expire(parameters: TaskRef): Promise<EvmTransactionReturnType> {
    return this.send(this.#task("expire", parameters));
  }
  /**
   * The unsigned `expire`.
   *
   * @example
   * ```ts
   * const call = await market.prepareExpire({ taskId });
   * ```
   */
  async prepareExpire(parameters: TaskRef & EvmPrepareOptions): Promise<EvmPreparedTransaction> {
    return this.prepare(this.#task("expire", parameters), parameters);
  }
  /**
   * Runs `expire` without sending it (e.g. `MarketplaceDeadlineNotPassed`).
   *
   * @example
   * ```ts
   * const { cost } = await market.simulateExpire({ taskId });
   * ```
   */
  async simulateExpire(parameters: TaskRef & EvmPrepareOptions): Promise<SimulateReturnType> {
    return this.simulate(this.#task("expire", parameters), parameters);
  }

  /**
   * Commits a replica's result: `commit = replicaCommit(resultHash, salt, universalFromEvm(me))`. Keep the salt: the
   * reveal needs it. Replicas only, while the task is Assigned and before its deadline, once.
   *
   * @example
   * ```ts
   * const salt = `0x${randomBytes(32).toString("hex")}` as const;
   * const commit = replicaCommit(resultHash, salt, universalFromEvm(providerAddress));
   * await providerMarket.commitResult({ taskId, commit });
   * ```
   */
  async commitResult(parameters: CommitResultParameters): Promise<EvmTransactionReturnType> {
    return this.send(this.#commitResult(parameters));
  }
  /**
   * The unsigned `commitResult`.
   *
   * @example
   * ```ts
   * const call = await providerMarket.prepareCommitResult({ taskId, commit, account: providerSafe });
   * ```
   */
  async prepareCommitResult(parameters: CommitResultParameters & EvmPrepareOptions): Promise<EvmPreparedTransaction> {
    return this.prepare(this.#commitResult(parameters), parameters);
  }
  /**
   * Runs `commitResult` without sending it (e.g. `MarketplaceNotTaskProvider`, `MarketplaceAlreadyCommitted`).
   *
   * @example
   * ```ts
   * const { cost } = await providerMarket.simulateCommitResult({ taskId, commit });
   * ```
   */
  async simulateCommitResult(parameters: CommitResultParameters & EvmPrepareOptions): Promise<SimulateReturnType> {
    return this.simulate(this.#commitResult(parameters), parameters);
  }
  #commitResult({ taskId, commit }: CommitResultParameters): EvmContractWrite {
    return evmContractWrite({ address: this.address, abi: marketplaceAbi, functionName: "commitResult", args: [taskId, commit] });
  }

  /**
   * Reveals a replica's committed result once every replica committed (or the deadline passed), before the reveal
   * window ends.
   *
   * @example
   * ```ts
   * await providerMarket.revealResult({ taskId, resultHash, salt });
   * ```
   */
  async revealResult(parameters: RevealResultParameters): Promise<EvmTransactionReturnType> {
    return this.send(this.#revealResult(parameters));
  }
  /**
   * The unsigned `revealResult`.
   *
   * @example
   * ```ts
   * const call = await providerMarket.prepareRevealResult({ taskId, resultHash, salt });
   * ```
   */
  async prepareRevealResult(parameters: RevealResultParameters & EvmPrepareOptions): Promise<EvmPreparedTransaction> {
    return this.prepare(this.#revealResult(parameters), parameters);
  }
  /**
   * Runs `revealResult` without sending it (e.g. `MarketplaceRevealNotOpen`, `MarketplaceCommitMismatch`).
   *
   * @example
   * ```ts
   * const { cost } = await providerMarket.simulateRevealResult({ taskId, resultHash, salt });
   * ```
   */
  async simulateRevealResult(parameters: RevealResultParameters & EvmPrepareOptions): Promise<SimulateReturnType> {
    return this.simulate(this.#revealResult(parameters), parameters);
  }
  #revealResult({ taskId, resultHash, salt }: RevealResultParameters): EvmContractWrite {
    return evmContractWrite({ address: this.address, abi: marketplaceAbi, functionName: "revealResult", args: [taskId, resultHash, salt] });
  }

  /**
   * Settles a replicated task once every replica revealed or the reveal window ended. Anyone. The strict majority's
   * result wins (its replicas are paid, the others slashed); without one the task goes Disputed.
   *
   * @example
   * ```ts
   * await market.settle({ taskId });
   * ```
   */
  async settle(parameters: TaskRef): Promise<EvmTransactionReturnType> {
    return this.send(this.#task("settle", parameters));
  }
  /**
   * The unsigned `settle`.
   *
   * @example
   * ```ts
   * const call = await market.prepareSettle({ taskId });
   * ```
   */
  async prepareSettle(parameters: TaskRef & EvmPrepareOptions): Promise<EvmPreparedTransaction> {
    return this.prepare(this.#task("settle", parameters), parameters);
  }
  /**
   * Runs `settle` without sending it (e.g. `MarketplaceRevealPeriodActive`).
   *
   * @example
   * ```ts
   * const { cost } = await market.simulateSettle({ taskId });
   * ```
   */
  async simulateSettle(parameters: TaskRef & EvmPrepareOptions): Promise<SimulateReturnType> {
    return this.simulate(this.#task("settle", parameters), parameters);
  }

  /**
   * Settles a Disputed replicated task with the winning result hash (zero: none — every replica slashed, the whole
   * reward refunded). Arbiter only.
   *
   * @example
   * ```ts
   * await arbiterMarket.resolveReplicas({ taskId, resultHash });
   * ```
   */
  async resolveReplicas(parameters: ResolveReplicasParameters): Promise<EvmTransactionReturnType> {
    return this.send(this.#resolveReplicas(parameters));
  }
  /**
   * The unsigned `resolveReplicas` (e.g. for an arbiter multisig).
   *
   * @example
   * ```ts
   * const call = await market.prepareResolveReplicas({ taskId, resultHash, account: arbiterSafe });
   * ```
   */
  async prepareResolveReplicas(parameters: ResolveReplicasParameters & EvmPrepareOptions): Promise<EvmPreparedTransaction> {
    return this.prepare(this.#resolveReplicas(parameters), parameters);
  }
  /**
   * Runs `resolveReplicas` without sending it (e.g. `MarketplaceNotArbiter`, `MarketplaceTaskNotDisputed`).
   *
   * @example
   * ```ts
   * const { cost } = await arbiterMarket.simulateResolveReplicas({ taskId, resultHash });
   * ```
   */
  async simulateResolveReplicas(parameters: ResolveReplicasParameters & EvmPrepareOptions): Promise<SimulateReturnType> {
    return this.simulate(this.#resolveReplicas(parameters), parameters);
  }
  #resolveReplicas({ taskId, resultHash }: ResolveReplicasParameters): EvmContractWrite {
    return evmContractWrite({ address: this.address, abi: marketplaceAbi, functionName: "resolveReplicas", args: [taskId, resultHash] });
  }

  /**
   * Records where this provider published the task's encrypted result (DESIGN §5.3): the result CID's 32-byte
   * sha2-256 digest (CIDv1, raw codec: the CID is `0x01 0x55 0x12 0x20 ‖ digest`). The classic task's provider or
   * one of its replicas only, while the task is Assigned, Submitted, Disputed or Completed, with a non-zero digest;
   * a later call replaces the earlier one. Not stopped by the pause (no funds move).
   *
   * @example
   * ```ts
   * import { createHash } from "node:crypto";
   * const resultCid = `0x${createHash("sha256").update(encryptedResult).digest("hex")}` as const;
   * await providerMarket.publishResult({ taskId, resultCid });
   * ```
   */
  async publishResult(parameters: PublishResultParameters): Promise<EvmTransactionReturnType> {
    return this.send(this.#publishResult(parameters));
  }
  /**
   * The unsigned `publishResult` (e.g. for a provider's multisig).
   *
   * @example
   * ```ts
   * const call = await providerMarket.preparePublishResult({ taskId, resultCid, account: providerSafe });
   * ```
   */
  async preparePublishResult(parameters: PublishResultParameters & EvmPrepareOptions): Promise<EvmPreparedTransaction> {
    return this.prepare(this.#publishResult(parameters), parameters);
  }
  /**
   * Runs `publishResult` without sending it (e.g. `MarketplaceNotTaskProvider`, `MarketplaceInvalidResultCid`).
   *
   * @example
   * ```ts
   * const { cost } = await providerMarket.simulatePublishResult({ taskId, resultCid });
   * ```
   */
  async simulatePublishResult(parameters: PublishResultParameters & EvmPrepareOptions): Promise<SimulateReturnType> {
    return this.simulate(this.#publishResult(parameters), parameters);
  }
  #publishResult({ taskId, resultCid }: PublishResultParameters): EvmContractWrite {
    return evmContractWrite({ address: this.address, abi: marketplaceAbi, functionName: "publishResult", args: [taskId, resultCid] });
  }

  /** The writes that take only a task id. */
  #task(functionName: "cancelTask" | "acceptTask" | "finalize" | "dispute" | "expire" | "settle", { taskId }: TaskRef): EvmContractWrite {
    return evmContractWrite({ address: this.address, abi: marketplaceAbi, functionName, args: [taskId] });
  }

  /**
   * Reads a task; throws `MarketplaceTaskNotFound` for an unknown id.
   *
   * @example
   * ```ts
   * const { status, provider } = await market.getTask({ taskId: 1n });
   * ```
   */
  async getTask({ taskId }: TaskRef): Promise<Task> {
    try {
      const t = await this.params.publicClient.readContract({
        address: this.address,
        abi: marketplaceAbi,
        functionName: "getTask",
        args: [taskId],
      });
      return {
        id: t.id,
        user: universalFromEvm(t.user),
        specHash: t.specHash,
        reward: t.reward,
        collateral: t.collateral,
        deadline: t.deadline,
        verifierId: Number(t.verifierId),
        modelCreator: t.modelCreator === ZERO_ADDRESS ? null : universalFromEvm(t.modelCreator),
        minReputationBps: Number(t.minReputationBps),
        provider: t.provider === ZERO_ADDRESS ? null : universalFromEvm(t.provider),
        resultCommitment: t.resultCommitment,
        status: t.status as TaskStatus,
      };
    } catch (e) {
      throw decodeEvmError(e);
    }
  }

  /**
   * Reads a task's offer terms and progress; a classic task created without terms reads as its fixed reward
   * (`minReward == maxReward`, `rampStart` 0). Throws `MarketplaceTaskNotFound` for an unknown id.
   *
   * @example
   * ```ts
   * const { minReward, maxReward, lockDeadline, replicas } = await market.getOffer({ taskId });
   * ```
   */
  async getOffer({ taskId }: TaskRef): Promise<TaskOffer> {
    try {
      const o = await this.params.publicClient.readContract({
        address: this.address,
        abi: marketplaceAbi,
        functionName: "getOffer",
        args: [taskId],
      });
      return {
        minReward: o.minReward,
        maxReward: o.maxReward,
        rampStart: o.rampStart,
        rampDuration: o.rampDuration,
        lockDeadline: o.lockDeadline,
        replicas: Number(o.replicas),
        price: o.price,
        revealEnd: o.revealEnd,
      };
    } catch (e) {
      throw decodeEvmError(e);
    }
  }

  /**
   * Reads a replicated task's replicas in accept order (empty for a classic task).
   *
   * @example
   * ```ts
   * for (const r of await market.getReplicas({ taskId })) console.log(r.provider, r.price, r.state);
   * ```
   */
  async getReplicas({ taskId }: TaskRef): Promise<readonly Replica[]> {
    try {
      const rs = await this.params.publicClient.readContract({
        address: this.address,
        abi: marketplaceAbi,
        functionName: "getReplicas",
        args: [taskId],
      });
      return rs.map((r) => ({
        provider: universalFromEvm(r.provider),
        price: r.price,
        state: r.state as ReplicaState,
        commit: r.commit,
        resultHash: r.resultHash,
      }));
    } catch (e) {
      throw decodeEvmError(e);
    }
  }

  /**
   * The result CID digest `provider` (an EVM address) recorded for the task with `publishResult`, or
   * `0x00…00` when it recorded none (an unknown task reads as zero as well).
   *
   * @example
   * ```ts
   * const digest = await market.getResultCid({ taskId, provider: "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC" });
   * if (digest !== `0x${"00".repeat(32)}`) console.log("result at", digest);
   * ```
   */
  async getResultCid({ taskId, provider }: TaskRef & { readonly provider: string }): Promise<Hex> {
    try {
      return await this.params.publicClient.readContract({
        address: this.address,
        abi: marketplaceAbi,
        functionName: "resultCid",
        // an EVM address, or the universal form getTask / getReplicas give
        args: [taskId, (provider.length === 66 ? evmFromUniversal(provider) : provider) as Address],
      });
    } catch (e) {
      throw decodeEvmError(e);
    }
  }

  /**
   * The price accepting would lock at `at` (default: the chain's latest block time), with core's `offerPrice`, and
   * whether the task can still be accepted then (Open, or Assigned with a free replica slot, and not past its lock
   * deadline).
   *
   * @example
   * ```ts
   * const { price, acceptable } = await providerMarket.quoteTask({ taskId });
   * if (acceptable && price >= myFloor) await providerMarket.acceptTask({ taskId });
   * ```
   */
  async quoteTask({ taskId, at }: TaskRef & { readonly at?: bigint }): Promise<QuoteTaskReturnType> {
    const [offer, task, when] = await Promise.all([
      this.getOffer({ taskId }),
      this.getTask({ taskId }),
      at ?? this.params.publicClient.getBlock().then((b) => b.timestamp),
    ]);
    const replicasTaken = offer.replicas > 0 && task.status === TaskStatuses.Assigned ? (await this.getReplicas({ taskId })).length : 0;
    return quoteOffer({ offer, status: task.status, replicasTaken, at: when });
  }

  /**
   * Number of tasks created so far (ids are 1..taskCount).
   *
   * @example
   * ```ts
   * const count = await market.taskCount();
   * ```
   */
  async taskCount(): Promise<bigint> {
    return this.params.publicClient.readContract({ address: this.address, abi: marketplaceAbi, functionName: "taskCount" });
  }
}
