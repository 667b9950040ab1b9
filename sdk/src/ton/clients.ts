/**
 * TON adapters of the chain-neutral clients (token, staking, marketplace) over @ton/core: they work
 * with any `open()` — `blockchain.openContract` of @ton/sandbox or `TonClient.open` of @ton/ton — and
 * a `Sender` (the acting wallet). Messages are built by the TON engineer's wrappers
 * (contracts-ton/wrappers); CAL enters staking and the marketplace as jetton transfers with the
 * forward payloads the contracts expect. Amounts are CAL base units.
 */
import { Address, Cell, type Contract, type Sender, type Transaction, toNano } from "@ton/core";
import { universalFromTonRaw } from "@calctra/core";
import type {
  CreateTaskParameters, CreateTaskReturnType, MarketplaceClient, ProviderInfo, StakingClient, SubmitResultParameters,
  TokenClient, TransactionReceiptSummary,
} from "@calctra/core";
import { CalctraError } from "@calctra/core";
import { BLS12_381_R, SPEC_HASH_BOUND } from "@calctra/core";
import type { Task, TaskStatus, UniversalAddress } from "@calctra/core";
import { tonWrappers, type CalJettonWalletWrapper, type TonCreateTaskArgs } from "./contracts.js";
import type { TonDeployment } from "./deployment.js";
import { decodeTonGetterError, summarizeTonTrace } from "./errors.js";

/** A message the adapter sent, for {@link TonClientParameters.trace}. */
export interface TonSentMessage {
  /** The sending wallet. */
  readonly from: Address;
  /** The contract the wallet addressed (the sender's jetton wallet for CAL transfers). */
  readonly to: Address;
  /** Unix seconds when it was sent. */
  readonly sentAt: number;
}

/** What every TON client is built from. */
export interface TonClientParameters {
  /**
   * Opens a contract wrapper: `blockchain.openContract.bind(blockchain)` (@ton/sandbox) or
   * `tonClient.open.bind(tonClient)` (@ton/ton).
   */
  readonly open: (contract: Contract) => object;
  /** The acting wallet (its `address` must be set). */
  readonly sender: Sender;
  readonly deployment: TonDeployment;
  /** Chain time in unix seconds (sandbox: `() => blockchain.now`); defaults to the local clock. */
  readonly now?: () => number;
  /**
   * Resolves the transaction chain a message caused, on a live network (the sandbox returns it from
   * every send). Without it, sends on a live network report no gas and cannot decode failures.
   */
  readonly trace?: (sent: TonSentMessage) => Promise<readonly Transaction[]>;
}

/** Receipt of a TON call: the first transaction's hash and the gas of the whole chain. */
export interface TonReceipt extends TransactionReceiptSummary {
  /** Transactions in the chain (0 when it could not be observed). */
  readonly transactionCount: number;
}

/** TON attached to a CAL transfer's notification (pays the receiving contract's gas and refunds). */
export const TON_FORWARD_AMOUNT = toNano("0.1");
/** TON attached to `submitResult` with a proof: Groth16 verification plus three payouts and an unlock. */
export const TON_SUBMIT_WITH_PROOF = toNano("0.5");

const U32_MAX = 0xffff_ffffn;
const U64_MAX = (1n << 64n) - 1n;

/**
 * Universal address of a TON address (workchain 0): its 32-byte account id.
 *
 * @example
 * ```ts
 * universalFromTonAddress(Address.parse("EQ…")); // "0x…" (64 hex digits)
 * ```
 */
export function universalFromTonAddress(address: Address): UniversalAddress {
  return universalFromTonRaw(address.toRawString());
}

function parseAddress(value: string, what: string): Address {
  try {
    return Address.parse(value);
  } catch (e) {
    throw new RangeError(`${what} is not a TON address: ${value}`, { cause: e });
  }
}

type Opened<W> = {
  [K in keyof W]: W[K] extends (p: never, ...args: infer A) => Promise<infer R> ? (...args: A) => Promise<R extends void ? unknown : R> : W[K];
};

/** Shared plumbing: open wrappers, send through the sender, summarise and decode the chain. */
export class TonContractClient {
  protected readonly wrappers = tonWrappers();
  constructor(protected readonly params: TonClientParameters) {}

  /** The acting wallet's address. */
  get address(): Address {
    const a = this.params.sender.address;
    if (!a) throw new RangeError("the TON sender has no address");
    return a;
  }
  /** Chain time, unix seconds. */
  protected now(): number {
    return this.params.now ? this.params.now() : Math.floor(Date.now() / 1000);
  }
  protected open<W extends Contract>(wrapper: W): Opened<W> {
    return this.params.open(wrapper) as Opened<W>;
  }
  protected contract(name: keyof TonDeployment["contracts"]): Address {
    return Address.parse(this.params.deployment.contracts[name]);
  }
  /** The CAL jetton wallet of `owner`. */
  protected async walletOf(owner: Address): Promise<Opened<CalJettonWalletWrapper>> {
    const minter = this.open(this.wrappers.CalJettonMinter.createFromAddress(this.contract("calJettonMinter")));
    return this.open(this.wrappers.CalJettonWallet.createFromAddress(await minter.getWalletAddress(owner)));
  }
  /** Reads through a getter, decoding exit codes (e.g. an unknown proposal). */
  protected async read<T>(get: () => Promise<T>): Promise<T> {
    try {
      return await get();
    } catch (e) {
      throw decodeTonGetterError(e);
    }
  }
  /** Sends (through a wrapper's send method) and reports the chain's hash and gas; throws decoded failures. */
  protected async run(to: Address, send: () => Promise<unknown>): Promise<TonReceipt> {
    const sentAt = this.now();
    const result = await send();
    let transactions: readonly Transaction[] | undefined;
    if (result && typeof result === "object" && "transactions" in result && Array.isArray(result.transactions)) {
      transactions = result.transactions as Transaction[];
    } else if (this.params.trace) {
      transactions = await this.params.trace({ from: this.address, to, sentAt });
    }
    if (!transactions || transactions.length === 0) return { id: "", transactionCount: 0 };
    return summarizeTonTrace({ transactions });
  }
  /** Transfers CAL from the acting wallet to `to`, with a forward payload for the receiving contract. */
  protected async transferCal(to: Address, amount: bigint, forwardPayload: Cell | null, forwardTonAmount = TON_FORWARD_AMOUNT): Promise<TonReceipt> {
    const wallet = await this.walletOf(this.address);
    return this.run(wallet.address, () => wallet.sendTransfer(this.params.sender, amount, to, {
      forwardTonAmount, forwardPayload, responseAddress: this.address,
    }));
  }
}

/**
 * The CAL jetton on TON (TEP-74).
 *
 * @example
 * ```ts
 * const token = new TonTokenClient({ open: blockchain.openContract.bind(blockchain), sender: alice.getSender(), deployment });
 * await token.transfer({ to: bob.address.toString(), amount: 5n * CAL });
 * ```
 */
export class TonTokenClient extends TonContractClient implements TokenClient {
  /**
   * CAL balance of a TON address (0 when its jetton wallet is not deployed).
   *
   * @example
   * ```ts
   * const balance = await token.balanceOf({ owner: "EQ…" });
   * ```
   */
  async balanceOf({ owner }: { readonly owner: string }): Promise<bigint> {
    const wallet = await this.walletOf(parseAddress(owner, "owner"));
    return this.read(() => wallet.getBalance());
  }
  /**
   * Total CAL minted on TON.
   *
   * @example
   * ```ts
   * const supply = await token.totalSupply();
   * ```
   */
  async totalSupply(): Promise<bigint> {
    const minter = this.open(this.wrappers.CalJettonMinter.createFromAddress(this.contract("calJettonMinter")));
    return this.read(() => minter.getTotalSupply());
  }
  /**
   * Transfers CAL (excess TON returns to the sender).
   *
   * @example
   * ```ts
   * const { id, cost } = await token.transfer({ to: "EQ…", amount: 10n * CAL });
   * ```
   */
  async transfer({ to, amount }: { readonly to: string; readonly amount: bigint }): Promise<TonReceipt> {
    if (amount < 0n) throw new RangeError("amount must be non-negative");
    return this.transferCal(parseAddress(to, "to"), amount, null, 0n);
  }
  /**
   * Mints CAL. Minter admin only: the bridge in production, the deployer in a local sandbox.
   *
   * @example
   * ```ts
   * await new TonTokenClient({ ...base, sender: deployer.getSender() }).mint({ to: "EQ…", amount: 1_000n * CAL });
   * ```
   */
  async mint({ to, amount }: { readonly to: string; readonly amount: bigint }): Promise<TonReceipt> {
    if (amount <= 0n) throw new RangeError("amount must be positive");
    const minter = this.open(this.wrappers.CalJettonMinter.createFromAddress(this.contract("calJettonMinter")));
    return this.run(minter.address, () => minter.sendMint(this.params.sender, parseAddress(to, "to"), amount, { responseAddress: this.address }));
  }
}

/**
 * Staking and reputation on TON. `stake` is a CAL transfer to the staking contract with the
 * `StakeAction` forward payload.
 *
 * @example
 * ```ts
 * const staking = new TonStakingClient({ open, sender: provider.getSender(), deployment });
 * await staking.register({ metadataHash: `0x${"ab".repeat(32)}` });
 * await staking.stake({ amount: 500n * CAL });
 * ```
 */
export class TonStakingClient extends TonContractClient implements StakingClient {
  private get staking() {
    return this.open(this.wrappers.Staking.createFromAddress(this.contract("staking")));
  }
  /**
   * Registers the sender as a provider with a 32-byte hash of its hardware / attestation document.
   *
   * @example
   * ```ts
   * await staking.register({ metadataHash: keccak256(toHex("gpu: 1x24GiB")) });
   * ```
   */
  async register({ metadataHash }: { readonly metadataHash: `0x${string}` }): Promise<TonReceipt> {
    if (!/^0x[0-9a-fA-F]{64}$/.test(metadataHash)) throw new RangeError("metadataHash must be 32 bytes");
    const s = this.staking;
    return this.run(s.address, () => s.sendRegister(this.params.sender, BigInt(metadataHash)));
  }
  /**
   * Stakes CAL: a jetton transfer to the staking contract carrying the stake payload.
   *
   * @example
   * ```ts
   * await staking.stake({ amount: 500n * CAL });
   * ```
   */
  async stake({ amount }: { readonly amount: bigint }): Promise<TonReceipt> {
    if (amount <= 0n) throw new CalctraError("StakingZeroAmount");
    return this.transferCal(this.contract("staking"), amount, this.wrappers.stakePayload());
  }
  /**
   * Starts unbonding `amount` of free stake.
   *
   * @example
   * ```ts
   * await staking.requestUnstake({ amount: 100n * CAL });
   * ```
   */
  async requestUnstake({ amount }: { readonly amount: bigint }): Promise<TonReceipt> {
    if (amount <= 0n) throw new CalctraError("StakingZeroAmount");
    const s = this.staking;
    return this.run(s.address, () => s.sendRequestUnstake(this.params.sender, amount));
  }
  /**
   * Withdraws unbonded stake once the unbonding period has passed.
   *
   * @example
   * ```ts
   * await staking.withdraw();
   * ```
   */
  async withdraw(): Promise<TonReceipt> {
    const s = this.staking;
    return this.run(s.address, () => s.sendWithdraw(this.params.sender));
  }
  /**
   * Stake, collateral and reputation of a provider (zeros when not registered).
   *
   * @example
   * ```ts
   * const info = await staking.getProvider({ provider: "EQ…" });
   * info.scoreBps; // 5000n for a new provider
   * ```
   */
  async getProvider({ provider }: { readonly provider: string }): Promise<ProviderInfo> {
    const who = parseAddress(provider, "provider");
    const s = this.staking;
    const v = await this.read(() => s.getProvider(who));
    return {
      provider: universalFromTonAddress(who), registered: v.registered,
      metadataHash: `0x${v.metadataHash.toString(16).padStart(64, "0")}`,
      staked: v.stake, locked: v.locked, pendingUnstake: v.pendingUnstake, unstakeAvailableAt: BigInt(v.unlockAt),
      completed: BigInt(v.completed), failed: BigInt(v.failed), slashedTotal: v.slashedTotal, scoreBps: BigInt(v.scoreBps),
    };
  }
}

/** Parameters of {@link TonMarketplaceClient.submitResult}: `proof` is the BoC of `encodeProofTon(...)`. */
export type TonSubmitResultParameters = SubmitResultParameters;

function assertTaskId(taskId: bigint): void {
  if (taskId <= 0n || taskId > U64_MAX) throw new CalctraError("MarketplaceTaskNotFound", { taskId });
}

/**
 * The marketplace escrow on TON. `createTask` is a CAL transfer (the reward) to the marketplace with
 * the `CreateTask` forward payload; input is validated before anything is sent, with the on-chain
 * error names; on-chain refusals come back as {@link CalctraError} (chain "ton").
 *
 * @example
 * ```ts
 * const market = new TonMarketplaceClient({ open, sender: user.getSender(), deployment, now: () => blockchain.now! });
 * const { taskId } = await market.createTask({ specHash: 42n, reward: 100n * CAL, collateral: 50n * CAL,
 *   deadline: BigInt(blockchain.now!) + 3600n, verifierId: 0, minReputationBps: 0 });
 * ```
 */
export class TonMarketplaceClient extends TonContractClient implements MarketplaceClient {
  private get market() {
    return this.open(this.wrappers.Marketplace.createFromAddress(this.contract("marketplace")));
  }
  /**
   * Posts a task and escrows its reward; returns the new task id.
   *
   * @example
   * ```ts
   * const { taskId, cost } = await market.createTask({ specHash, reward: 100n * CAL, collateral: 50n * CAL,
   *   deadline: now + 3600n, verifierId: 1, modelCreator: "EQ…", minReputationBps: 5000 });
   * ```
   */
  async createTask(p: CreateTaskParameters): Promise<CreateTaskReturnType & TonReceipt> {
    if (p.reward <= 0n) throw new CalctraError("MarketplaceZeroReward");
    if (p.specHash < 0n || p.specHash >= SPEC_HASH_BOUND) throw new CalctraError("MarketplaceFieldElementOutOfRange", { value: p.specHash, bound: SPEC_HASH_BOUND });
    if (!Number.isInteger(p.minReputationBps) || p.minReputationBps < 0 || p.minReputationBps > 10_000) {
      throw new CalctraError("MarketplaceParameterOutOfBounds", { name: "minReputationBps", value: p.minReputationBps });
    }
    if (!Number.isInteger(p.verifierId) || p.verifierId < 0 || BigInt(p.verifierId) > U32_MAX) throw new CalctraError("MarketplaceUnknownVerifier", { verifierId: p.verifierId });
    if (p.collateral < 0n) throw new RangeError("collateral must be non-negative");
    const now = BigInt(this.now());
    if (p.deadline <= now || p.deadline > U32_MAX) throw new CalctraError("MarketplaceInvalidDeadline", { deadline: p.deadline, now_: now });
    const m = this.market;
    if (p.verifierId !== 0 && (await this.read(() => m.getVerifier(p.verifierId))) === null) {
      throw new CalctraError("MarketplaceUnknownVerifier", { verifierId: p.verifierId });
    }
    const args: TonCreateTaskArgs = {
      specHash: p.specHash, collateral: p.collateral, deadline: Number(p.deadline), verifierId: p.verifierId,
      minReputationBps: p.minReputationBps, modelCreator: p.modelCreator === undefined ? null : parseAddress(p.modelCreator, "modelCreator"),
    };
    // ids are sequential: the next id is the one this transfer creates (a concurrent creator on a live
    // network could take it first; the task's user is checked below).
    const taskId = (await this.read(() => m.getData())).nextTaskId;
    const receipt = await this.transferCal(m.address, p.reward, this.wrappers.createTaskPayload(args));
    if (receipt.transactionCount > 0) {
      const t = await this.read(() => m.getTask(taskId));
      if (!t.user.equals(this.address)) throw new Error(`task ${taskId} was created by another user concurrently`);
    }
    return { ...receipt, taskId };
  }
  /**
   * Cancels an Open task (its user only) and refunds the reward.
   *
   * @example
   * ```ts
   * await market.cancelTask({ taskId: 1n });
   * ```
   */
  async cancelTask({ taskId }: { readonly taskId: bigint }): Promise<TonReceipt> {
    assertTaskId(taskId);
    const m = this.market;
    return this.run(m.address, () => m.sendCancelTask(this.params.sender, taskId));
  }
  /**
   * Takes an Open task; staking locks the collateral from the sender's free stake (or refuses with
   * the named error and the task stays Open).
   *
   * @example
   * ```ts
   * await providerMarket.acceptTask({ taskId: 1n });
   * ```
   */
  async acceptTask({ taskId }: { readonly taskId: bigint }): Promise<TonReceipt> {
    assertTaskId(taskId);
    const m = this.market;
    return this.run(m.address, () => m.sendAcceptTask(this.params.sender, taskId));
  }
  /**
   * Submits a result: with `proof` = the BoC of `encodeProofTon({ proof })` for verified tasks (checked
   * on chain, then paid out), without a proof for optimistic ones.
   *
   * @example
   * ```ts
   * await providerMarket.submitResult({ taskId, resultCommitment, proof: encodeProofTon({ proof }).toBoc() });
   * ```
   */
  async submitResult({ taskId, resultCommitment, proof }: TonSubmitResultParameters): Promise<TonReceipt> {
    assertTaskId(taskId);
    if (resultCommitment < 0n || resultCommitment >= BLS12_381_R) throw new CalctraError("MarketplaceFieldElementOutOfRange", { value: resultCommitment, bound: BLS12_381_R });
    let cell: Cell | null = null;
    if (proof) {
      try {
        const cells = Cell.fromBoc(Buffer.from(proof));
        if (cells.length !== 1) throw new RangeError("one root cell expected");
        cell = cells[0]!;
      } catch (e) {
        throw new CalctraError("MarketplaceInvalidProof", { reason: "proof is not a TON proof cell (BoC of encodeProofTon)" }, "sdk", e);
      }
    }
    const m = this.market;
    const value = cell ? TON_SUBMIT_WITH_PROOF : undefined;
    return this.run(m.address, () => m.sendSubmitResult(this.params.sender, taskId, resultCommitment, cell, value));
  }
  /**
   * Completes a Submitted task after its challenge window. Anyone.
   *
   * @example
   * ```ts
   * await market.finalize({ taskId: 1n });
   * ```
   */
  async finalize({ taskId }: { readonly taskId: bigint }): Promise<TonReceipt> {
    assertTaskId(taskId);
    const m = this.market;
    return this.run(m.address, () => m.sendFinalize(this.params.sender, taskId));
  }
  /**
   * Disputes a Submitted task inside its challenge window. Task user only.
   *
   * @example
   * ```ts
   * await userMarket.dispute({ taskId: 1n });
   * ```
   */
  async dispute({ taskId }: { readonly taskId: bigint }): Promise<TonReceipt> {
    assertTaskId(taskId);
    const m = this.market;
    return this.run(m.address, () => m.sendDispute(this.params.sender, taskId));
  }
  /**
   * Resolves a Disputed task. Arbiter only.
   *
   * @example
   * ```ts
   * await arbiterMarket.resolve({ taskId: 1n, providerAtFault: true });
   * ```
   */
  async resolve({ taskId, providerAtFault }: { readonly taskId: bigint; readonly providerAtFault: boolean }): Promise<TonReceipt> {
    assertTaskId(taskId);
    const m = this.market;
    return this.run(m.address, () => m.sendResolve(this.params.sender, taskId, providerAtFault));
  }
  /**
   * Refunds an Assigned task past its deadline and slashes the provider. Anyone.
   *
   * @example
   * ```ts
   * await market.expire({ taskId: 2n });
   * ```
   */
  async expire({ taskId }: { readonly taskId: bigint }): Promise<TonReceipt> {
    assertTaskId(taskId);
    const m = this.market;
    return this.run(m.address, () => m.sendExpire(this.params.sender, taskId));
  }
  /**
   * Reads a task with universal addresses; throws `MarketplaceTaskNotFound` for an unknown id.
   *
   * @example
   * ```ts
   * const task = await market.getTask({ taskId: 1n });
   * task.status; // TaskStatus.Open
   * ```
   */
  async getTask({ taskId }: { readonly taskId: bigint }): Promise<Task> {
    assertTaskId(taskId);
    const m = this.market;
    if ((await this.read(() => m.getTaskStatus(taskId))) === 0) throw new CalctraError("MarketplaceTaskNotFound", { taskId }, "ton");
    const t = await this.read(() => m.getTask(taskId));
    // while staking confirms the lock, the provider is tentative: the task is still Open
    const provider = t.provider && !t.locking ? universalFromTonAddress(t.provider) : null;
    return {
      id: taskId, user: universalFromTonAddress(t.user), specHash: t.specHash, reward: t.reward, collateral: t.collateral,
      deadline: BigInt(t.deadline), verifierId: t.verifierId, modelCreator: t.modelCreator ? universalFromTonAddress(t.modelCreator) : null,
      minReputationBps: t.minReputationBps, provider, resultCommitment: t.resultCommitment, status: t.status as TaskStatus,
    };
  }
  /**
   * Number of tasks created so far (ids are 1..taskCount).
   *
   * @example
   * ```ts
   * const n = await market.taskCount();
   * ```
   */
  async taskCount(): Promise<bigint> {
    const m = this.market;
    return (await this.read(() => m.getData())).nextTaskId - 1n;
  }
  /**
   * Fee split, challenge period and slash rate currently in force.
   *
   * @example
   * ```ts
   * const { providerBps, slashBps } = await market.parameters();
   * ```
   */
  async parameters(): Promise<{ readonly providerBps: bigint; readonly treasuryBps: bigint; readonly creatorBps: bigint; readonly challengePeriod: bigint; readonly slashBps: bigint; readonly paused: boolean; readonly escrowed: bigint }> {
    const m = this.market;
    const d = await this.read(() => m.getData());
    return {
      providerBps: BigInt(d.providerBps), treasuryBps: BigInt(d.treasuryBps), creatorBps: BigInt(d.creatorBps),
      challengePeriod: BigInt(d.challengePeriod), slashBps: BigInt(d.slashBps), paused: d.paused, escrowed: d.escrowed,
    };
  }
  /**
   * Whether a verifying key is registered under `verifierId`.
   *
   * @example
   * ```ts
   * await market.hasVerifier({ verifierId: 1 }); // true once governance registered it
   * ```
   */
  async hasVerifier({ verifierId }: { readonly verifierId: number }): Promise<boolean> {
    const m = this.market;
    return (await this.read(() => m.getVerifier(verifierId))) !== null;
  }
}
