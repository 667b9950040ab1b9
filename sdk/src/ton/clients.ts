/**
 * TON adapters of the chain-neutral clients (token, staking, marketplace) over @ton/core: they work with any
 * `open()` — `blockchain.openContract` of @ton/sandbox or `TonClient.open` of @ton/ton — and a `Sender` (the acting
 * wallet). Every message body is built from the generated layouts (./generated/abi.ts, from the Tolk sources) and
 * every get-method is read through the generated contract classes; CAL enters staking and the marketplace as jetton
 * transfers with the forward payloads the contracts expect. Amounts are CAL base units.
 *
 * Every write `x` comes in three forms, one internal path: `prepareX` validates (with the on-chain error names),
 * reads what it needs through get-methods and returns the {@link TonPreparedMessage}; `simulateX` prepares it and runs
 * it in the emulator of {@link TonClientParameters.emulate}; `x` prepares it, sends it from the acting wallet and
 * decodes the outcome of its transaction chain.
 *
 * What `simulateX` checks on TON (there is no eth_call): always the same input validation and get-method reads as
 * `x` (e.g. an unknown verifier, a paused bridge, a jetton wallet address); with an `emulate` function, also the whole
 * transaction chain the message causes, run against a disposable copy of the current state: a refusal anywhere in
 * it throws the same {@link CalctraError} (or `TonTransactionError`) as the send would, and `cost` is the compute gas
 * of the emulated chain (what `x` reports as `cost`). Without `emulate` nothing beyond the pre-checks can be known:
 * the answer says `emulated: false` and carries no cost. Nothing is sent either way.
 */
import { Address, Cell, toNano, type Contract, type OpenedContract, type Sender, type Transaction } from "@ton/core";
import { checkCreateOffer, quoteOffer, universalFromTonRaw } from "@calctra/core";
import type {
  CommitResultParameters,
  CreateTaskParameters,
  CreateTaskReturnType,
  MarketplaceClient,
  PublishResultParameters,
  QuoteTaskReturnType,
  Replica,
  ResolveReplicasParameters,
  RevealResultParameters,
  TaskOffer,
  ProviderInfo,
  SimulateReturnType,
  StakingClient,
  SubmitResultParameters,
  TokenClient,
  TransactionReceiptSummary,
} from "@calctra/core";
import { CalctraError } from "@calctra/core";
import { BLS12_381_R, SPEC_HASH_BOUND } from "@calctra/core";
import type { ReplicaState, Task, TaskStatus, UniversalAddress } from "@calctra/core";
import {
  TON_CALL_VALUE,
  TON_JETTON_TRANSFER_VALUE,
  TonJettonWallet,
  calTransferBody,
  jettonForwardPayload,
  sendTonMessage,
  type TonEmulationRequest,
  type TonPreparedMessage,
  type TonSentMessage,
} from "./contracts.js";
import {
  JettonMinterContract,
  MarketplaceContract,
  StakingContract,
  buildAcceptTask,
  buildCancelTask,
  buildCommitResult,
  buildCreateTask,
  buildDispute,
  buildExpire,
  buildFinalize,
  buildMintNewJettons,
  buildPublishResult,
  buildRegister,
  buildRequestUnstake,
  buildResolve,
  buildResolveReplicas,
  buildRevealResult,
  buildSettle,
  buildStakeAction,
  buildSubmitResult,
  buildWithdraw,
} from "./generated/abi.js";
import type { TonDeployment } from "./deployment.js";
import { decodeTonGetterError, summarizeTonTrace } from "./errors.js";

export type { TonPreparedMessage, TonSentMessage, TonEmulationRequest } from "./contracts.js";

/** What every TON client is built from. */
export interface TonClientParameters {
  /**
   * Opens a contract: `blockchain.openContract.bind(blockchain)` (@ton/sandbox) or `tonClient.open.bind(tonClient)`
   * (@ton/ton).
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
  /**
   * Runs a message from the acting wallet against a disposable copy of the current state and returns the transaction
   * chain it causes (the wallet's own transaction first); `simulateX` uses it. {@link tonSnapshotEmulator} makes one for
   * @ton/sandbox; on a live network, fork the state into a sandbox (`RemoteBlockchainStorage`) or call an emulation API.
   */
  readonly emulate?: (request: TonEmulationRequest) => Promise<readonly Transaction[]>;
}
export { tonSnapshotEmulator } from "./contracts.js";

/** Receipt of a TON call: the first transaction's hash and the gas of the whole chain. */
export interface TonReceipt extends TransactionReceiptSummary {
  /** Transactions in the chain (0 when it could not be observed). */
  readonly transactionCount: number;
}

/** What `simulateX` returns on TON: see the module notes for what was checked. */
export interface TonSimulateReturnType<TResult = unknown> extends SimulateReturnType<TResult> {
  /** true: the message ran in the emulator and its whole chain succeeded; false: only the pre-checks ran (no `emulate`). */
  readonly emulated: boolean;
  /** Transactions of the emulated chain (0 when not emulated). */
  readonly transactionCount: number;
}

/** TON attached to a CAL transfer's notification (pays the receiving contract's gas and refunds). */
export const TON_FORWARD_AMOUNT = toNano("0.1");
/** TON attached to `submitResult` with a proof: Groth16 verification plus three payouts and an unlock. */
export const TON_SUBMIT_WITH_PROOF = toNano("0.5");
/**
 * TON attached to `submitResult` with a proof on a Disputed replicated task (the proof path): verification plus up to
 * three replicas' payouts or slashes and the user's rest; the excess comes back.
 */
export const TON_SUBMIT_REPLICATED_WITH_PROOF = toNano("0.9");

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

/** A TON address given as a string, parsed (RangeError naming the parameter otherwise). */
export function parseTonAddress(value: string, what: string): Address {
  try {
    return Address.parse(value);
  } catch (e) {
    throw new RangeError(`${what} is not a TON address: ${value}`, { cause: e });
  }
}

/** Shared plumbing: get-method reads, prepared messages, and their one send and emulation path. */
export class TonContractClient {
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
  /** Opens a generated contract (its get-methods) at `address`. */
  protected open<C extends Contract>(contract: C): OpenedContract<C> {
    return this.params.open(contract) as OpenedContract<C>;
  }
  protected contract(name: keyof TonDeployment["contracts"]): Address {
    return Address.parse(this.params.deployment.contracts[name]);
  }
  /** The CAL jetton wallet of `owner` (`get_wallet_address` of the minter: no contract code needed). */
  protected async walletOf(owner: Address): Promise<OpenedContract<TonJettonWallet>> {
    const minter = this.open(new JettonMinterContract(this.contract("calJettonMinter")));
    return this.open(new TonJettonWallet(await this.read(() => minter.getWalletAddress(owner))));
  }
  /** Reads through a getter, decoding exit codes (e.g. an unknown proposal). */
  protected async read<T>(get: () => Promise<T>): Promise<T> {
    try {
      return await get();
    } catch (e) {
      throw decodeTonGetterError(e);
    }
  }
  /** A message to a Calctra contract (bounceable). */
  protected message(to: Address, value: bigint, body: Cell): TonPreparedMessage {
    return { to, value, body, bounce: true };
  }
  /**
   * A CAL transfer of the acting wallet to `to`, with a forward payload for the receiving contract: addressed to the
   * wallet's own jetton wallet, excesses back to the wallet.
   */
  protected async calTransfer(
    to: Address,
    amount: bigint,
    forwardPayload: Cell | null,
    forwardTonAmount = TON_FORWARD_AMOUNT,
  ): Promise<TonPreparedMessage> {
    const wallet = await this.walletOf(this.address);
    return this.message(
      wallet.address,
      TON_JETTON_TRANSFER_VALUE + forwardTonAmount,
      calTransferBody({ amount, to, responseAddress: this.address, forwardTonAmount, forwardPayload }),
    );
  }
  /** Sends a prepared message and reports the chain's hash and gas; throws decoded failures. */
  protected async send(message: TonPreparedMessage): Promise<TonReceipt> {
    const transactions = await sendTonMessage({ transport: this.params, message });
    if (!transactions || transactions.length === 0) return { id: "", transactionCount: 0 };
    return summarizeTonTrace({ transactions });
  }
  /**
   * Emulates a prepared message (when the client has `emulate`); throws the decoded failure of the chain as a send
   * would. Undefined without an emulator.
   */
  protected async emulate(
    message: TonPreparedMessage,
  ): Promise<{ readonly transactions: readonly Transaction[]; readonly cost: bigint } | undefined> {
    if (!this.params.emulate) return undefined;
    const transactions = await this.params.emulate({ from: this.address, message });
    const { cost } = summarizeTonTrace({ transactions });
    return { transactions, cost };
  }
  /** `simulateX`: emulates the prepared message when possible; `result` is reported only for an emulated success. */
  protected async simulate<R>(message: TonPreparedMessage, result?: R): Promise<TonSimulateReturnType<R>> {
    const run = await this.emulate(message);
    if (!run) return { emulated: false, transactionCount: 0 };
    return { emulated: true, cost: run.cost, transactionCount: run.transactions.length, ...(result === undefined ? {} : { result }) };
  }
}

/** Parameters of a CAL transfer ({@link TonTokenClient.transfer}) or mint ({@link TonTokenClient.mint}). */
export interface TonTokenTransferParameters {
  /** Recipient TON address. */
  readonly to: string;
  /** CAL base units. */
  readonly amount: bigint;
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
export class TonTokenClient extends TonContractClient implements TokenClient<TonPreparedMessage> {
  /**
   * CAL balance of a TON address (0 when its jetton wallet is not deployed).
   *
   * @example
   * ```ts
   * const balance = await token.balanceOf({ owner: "EQ…" });
   * ```
   */
  async balanceOf({ owner }: { readonly owner: string }): Promise<bigint> {
    const wallet = await this.walletOf(parseTonAddress(owner, "owner"));
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
    const minter = this.open(new JettonMinterContract(this.contract("calJettonMinter")));
    return (await this.read(() => minter.getJettonData())).totalSupply;
  }

  /**
   * The CAL transfer as an unsigned message to the acting wallet's jetton wallet (excess TON returns to the sender).
   *
   * @example
   * ```ts
   * const { to, value, body } = await token.prepareTransfer({ to: "EQ…", amount: 10n * CAL }); // e.g. a TON Connect request
   * ```
   */
  async prepareTransfer({ to, amount }: TonTokenTransferParameters): Promise<TonPreparedMessage> {
    if (amount < 0n) throw new RangeError("amount must be non-negative");
    return this.calTransfer(parseTonAddress(to, "to"), amount, null, 0n);
  }
  /**
   * Checks and (with `emulate`) emulates a CAL transfer without sending it.
   *
   * @example
   * ```ts
   * const { cost } = await token.simulateTransfer({ to: "EQ…", amount: 10n * CAL });
   * ```
   */
  async simulateTransfer(parameters: TonTokenTransferParameters): Promise<TonSimulateReturnType> {
    return this.simulate(await this.prepareTransfer(parameters));
  }
  /**
   * Transfers CAL (excess TON returns to the sender).
   *
   * @example
   * ```ts
   * const { id, cost } = await token.transfer({ to: "EQ…", amount: 10n * CAL });
   * ```
   */
  async transfer(parameters: TonTokenTransferParameters): Promise<TonReceipt> {
    return this.send(await this.prepareTransfer(parameters));
  }

  /**
   * The mint as an unsigned message to the minter. Minter admin only: the bridge in production, the deployer in a
   * local sandbox.
   *
   * @example
   * ```ts
   * const order = await adminToken.prepareMint({ to: "EQ…", amount: 1_000n * CAL });
   * ```
   */
  async prepareMint({ to, amount }: TonTokenTransferParameters): Promise<TonPreparedMessage> {
    if (amount <= 0n) throw new RangeError("amount must be positive");
    const body = buildMintNewJettons({
      queryId: 0n,
      mintRecipient: parseTonAddress(to, "to"),
      tonAmount: toNano("0.05"),
      internalTransferMsg: {
        queryId: 0n,
        jettonAmount: amount,
        transferInitiator: null,
        sendExcessesTo: this.address,
        forwardTonAmount: 0n,
        forwardPayload: jettonForwardPayload(null),
      },
    });
    return this.message(this.contract("calJettonMinter"), TON_CALL_VALUE.mint, body);
  }
  /**
   * Checks and (with `emulate`) emulates a mint without sending it (`JettonNotAdmin` for anyone but the admin).
   *
   * @example
   * ```ts
   * await token.simulateMint({ to: "EQ…", amount: CAL });
   * ```
   */
  async simulateMint(parameters: TonTokenTransferParameters): Promise<TonSimulateReturnType> {
    return this.simulate(await this.prepareMint(parameters));
  }
  /**
   * Mints CAL. Minter admin only: the bridge in production, the deployer in a local sandbox.
   *
   * @example
   * ```ts
   * await new TonTokenClient({ ...base, sender: deployer.getSender() }).mint({ to: "EQ…", amount: 1_000n * CAL });
   * ```
   */
  async mint(parameters: TonTokenTransferParameters): Promise<TonReceipt> {
    return this.send(await this.prepareMint(parameters));
  }
}

/** Parameters of {@link TonStakingClient.register}. */
export interface TonRegisterParameters {
  /** 32-byte hash of the provider's hardware / attestation document. */
  readonly metadataHash: `0x${string}`;
}
/** Parameters of {@link TonStakingClient.stake} and {@link TonStakingClient.requestUnstake}. */
export interface TonStakeParameters {
  /** CAL base units. */
  readonly amount: bigint;
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
export class TonStakingClient extends TonContractClient implements StakingClient<TonPreparedMessage> {
  private get staking() {
    return this.open(new StakingContract(this.contract("staking")));
  }

  /**
   * Provider registration as an unsigned message to the staking contract.
   *
   * @example
   * ```ts
   * const { to, value, body } = await staking.prepareRegister({ metadataHash: keccak256(toHex("gpu: 1x24GiB")) });
   * ```
   */
  async prepareRegister({ metadataHash }: TonRegisterParameters): Promise<TonPreparedMessage> {
    if (!/^0x[0-9a-fA-F]{64}$/.test(metadataHash)) throw new RangeError("metadataHash must be 32 bytes");
    return this.message(
      this.contract("staking"),
      TON_CALL_VALUE.register,
      buildRegister({ queryId: 0n, metadataHash: BigInt(metadataHash) }),
    );
  }
  /**
   * Checks and (with `emulate`) emulates a registration (`StakingAlreadyRegistered` for a registered sender).
   *
   * @example
   * ```ts
   * await staking.simulateRegister({ metadataHash });
   * ```
   */
  async simulateRegister(parameters: TonRegisterParameters): Promise<TonSimulateReturnType> {
    return this.simulate(await this.prepareRegister(parameters));
  }
  /**
   * Registers the sender as a provider with a 32-byte hash of its hardware / attestation document.
   *
   * @example
   * ```ts
   * await staking.register({ metadataHash: keccak256(toHex("gpu: 1x24GiB")) });
   * ```
   */
  async register(parameters: TonRegisterParameters): Promise<TonReceipt> {
    return this.send(await this.prepareRegister(parameters));
  }

  /**
   * Staking as an unsigned message: a CAL transfer to the staking contract carrying the stake payload.
   *
   * @example
   * ```ts
   * const order = await staking.prepareStake({ amount: 500n * CAL });
   * ```
   */
  async prepareStake({ amount }: TonStakeParameters): Promise<TonPreparedMessage> {
    if (amount <= 0n) throw new CalctraError("StakingZeroAmount");
    return this.calTransfer(this.contract("staking"), amount, buildStakeAction());
  }
  /**
   * Checks and (with `emulate`) emulates a stake (`StakingNotRegistered` for an unregistered sender).
   *
   * @example
   * ```ts
   * await staking.simulateStake({ amount: 500n * CAL });
   * ```
   */
  async simulateStake(parameters: TonStakeParameters): Promise<TonSimulateReturnType> {
    return this.simulate(await this.prepareStake(parameters));
  }
  /**
   * Stakes CAL: a jetton transfer to the staking contract carrying the stake payload.
   *
   * @example
   * ```ts
   * await staking.stake({ amount: 500n * CAL });
   * ```
   */
  async stake(parameters: TonStakeParameters): Promise<TonReceipt> {
    return this.send(await this.prepareStake(parameters));
  }

  /**
   * A request to unbond `amount` of free stake, as an unsigned message.
   *
   * @example
   * ```ts
   * const order = await staking.prepareRequestUnstake({ amount: 100n * CAL });
   * ```
   */
  async prepareRequestUnstake({ amount }: TonStakeParameters): Promise<TonPreparedMessage> {
    if (amount <= 0n) throw new CalctraError("StakingZeroAmount");
    return this.message(this.contract("staking"), TON_CALL_VALUE.requestUnstake, buildRequestUnstake({ queryId: 0n, amount }));
  }
  /**
   * Checks and (with `emulate`) emulates an unbonding request (`StakingInsufficientFreeStake` above the free stake).
   *
   * @example
   * ```ts
   * await staking.simulateRequestUnstake({ amount: 100n * CAL });
   * ```
   */
  async simulateRequestUnstake(parameters: TonStakeParameters): Promise<TonSimulateReturnType> {
    return this.simulate(await this.prepareRequestUnstake(parameters));
  }
  /**
   * Starts unbonding `amount` of free stake.
   *
   * @example
   * ```ts
   * await staking.requestUnstake({ amount: 100n * CAL });
   * ```
   */
  async requestUnstake(parameters: TonStakeParameters): Promise<TonReceipt> {
    return this.send(await this.prepareRequestUnstake(parameters));
  }

  /**
   * The withdrawal of unbonded stake, as an unsigned message.
   *
   * @example
   * ```ts
   * const order = await staking.prepareWithdraw();
   * ```
   */
  async prepareWithdraw(_parameters?: Record<string, never>): Promise<TonPreparedMessage> {
    return this.message(this.contract("staking"), TON_CALL_VALUE.withdraw, buildWithdraw({ queryId: 0n }));
  }
  /**
   * Checks and (with `emulate`) emulates a withdrawal (`StakingUnbondingNotElapsed` before the unbonding period ends).
   *
   * @example
   * ```ts
   * await staking.simulateWithdraw();
   * ```
   */
  async simulateWithdraw(_parameters?: Record<string, never>): Promise<TonSimulateReturnType> {
    return this.simulate(await this.prepareWithdraw());
  }
  /**
   * Withdraws unbonded stake once the unbonding period has passed.
   *
   * @example
   * ```ts
   * await staking.withdraw();
   * ```
   */
  async withdraw(_parameters?: Record<string, never>): Promise<TonReceipt> {
    return this.send(await this.prepareWithdraw());
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
    const who = parseTonAddress(provider, "provider");
    const s = this.staking;
    const v = await this.read(() => s.getProvider(who));
    return {
      provider: universalFromTonAddress(who),
      registered: v.registered,
      metadataHash: `0x${v.metadataHash.toString(16).padStart(64, "0")}`,
      staked: v.stake,
      locked: v.locked,
      pendingUnstake: v.pendingUnstake,
      unstakeAvailableAt: BigInt(v.unlockAt),
      completed: BigInt(v.completed),
      failed: BigInt(v.failed),
      slashedTotal: v.slashedTotal,
      scoreBps: v.scoreBps,
    };
  }
}

/** Parameters of {@link TonMarketplaceClient.submitResult}: `proof` is the BoC of `encodeProofTon(...)`. */
export type TonSubmitResultParameters = SubmitResultParameters;
/** Parameters of the marketplace calls on one task. */
export interface TonTaskParameters {
  readonly taskId: bigint;
}
/** Parameters of {@link TonMarketplaceClient.resolve}. */
export interface TonResolveParameters extends TonTaskParameters {
  readonly providerAtFault: boolean;
}
/** What {@link TonMarketplaceClient.createTask} returns. */
export type TonCreateTaskReturnType = CreateTaskReturnType & TonReceipt;

function assertTaskId(taskId: bigint): void {
  if (taskId <= 0n || taskId > U64_MAX) throw new CalctraError("MarketplaceTaskNotFound", { taskId });
}

/** A 32-byte 0x-hex value as a uint256 (RangeError naming the parameter otherwise). */
function bytes32(value: string, what: string): bigint {
  if (!/^0x[0-9a-fA-F]{64}$/.test(value)) throw new RangeError(`${what} must be 32 bytes of 0x-hex: ${value}`);
  return BigInt(value);
}
/**
 * An account given as a TON address string or as a universal address (`0x` + the 32-byte account id, workchain 0, as
 * `getTask` / `getReplicas` return them); RangeError naming the parameter otherwise.
 */
function parseTonAccount(value: string, what: string): Address {
  if (/^0x[0-9a-fA-F]{64}$/.test(value)) return new Address(0, Buffer.from(value.slice(2), "hex"));
  return parseTonAddress(value, what);
}
/** A uint256 as 32 bytes of 0x-hex. */
function hex32(value: bigint): `0x${string}` {
  return `0x${value.toString(16).padStart(64, "0")}`;
}
/** Timestamps are u32 on TON: rampStart + rampDuration must stay below 2^32 (`MarketplaceInvalidOffer`). */

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
export class TonMarketplaceClient extends TonContractClient implements MarketplaceClient<TonPreparedMessage> {
  private get market() {
    return this.open(new MarketplaceContract(this.contract("marketplace")));
  }

  /** createTask's one path: validation, the verifier and next-id reads, the CAL transfer carrying `CreateTask`. */
  async #createTask(p: CreateTaskParameters): Promise<{ readonly message: TonPreparedMessage; readonly taskId: bigint }> {
    if (p.reward <= 0n) throw new CalctraError("MarketplaceZeroReward");
    if (p.specHash < 0n || p.specHash >= SPEC_HASH_BOUND)
      throw new CalctraError("MarketplaceFieldElementOutOfRange", { value: p.specHash, bound: SPEC_HASH_BOUND });
    if (!Number.isInteger(p.minReputationBps) || p.minReputationBps < 0 || p.minReputationBps > 10_000) {
      throw new CalctraError("MarketplaceParameterOutOfBounds", { name: "minReputationBps", value: p.minReputationBps });
    }
    if (!Number.isInteger(p.verifierId) || p.verifierId < 0 || BigInt(p.verifierId) > U32_MAX)
      throw new CalctraError("MarketplaceUnknownVerifier", { verifierId: p.verifierId });
    if (p.collateral < 0n) throw new RangeError("collateral must be non-negative");
    const now = BigInt(this.now());
    if (p.deadline <= now || p.deadline > U32_MAX)
      throw new CalctraError("MarketplaceInvalidDeadline", { deadline: p.deadline, now_: now });
    const m = this.market;
    if (p.verifierId !== 0 && (await this.read(() => m.getVerifier(BigInt(p.verifierId)))) === null) {
      throw new CalctraError("MarketplaceUnknownVerifier", { verifierId: p.verifierId });
    }
    // offer terms: the contract's checks, in its order (CONVENTIONS "Offers and replicas")
    const o = p.offer ? checkCreateOffer({ offer: p.offer, reward: p.reward, deadline: p.deadline, now }) : undefined;
    const payload = buildCreateTask({
      specHash: p.specHash,
      collateral: p.collateral,
      deadline: Number(p.deadline),
      verifierId: p.verifierId,
      minReputationBps: p.minReputationBps,
      modelCreator: p.modelCreator === undefined ? null : parseTonAddress(p.modelCreator, "modelCreator"),
      offer: o
        ? {
            minReward: o.minReward,
            rampStart: o.rampStart,
            rampDuration: o.rampDuration,
            lockDeadline: o.lockDeadline,
            replicas: o.replicas ?? 0,
          }
        : null,
    });
    // ids are sequential: the next id is the one this transfer creates (a concurrent creator on a live
    // network could take it first; `createTask` checks the task's user).
    const taskId = (await this.read(() => m.getMarketplaceData())).nextTaskId;
    return { message: await this.calTransfer(m.address, p.reward, payload), taskId };
  }
  /**
   * A new task as an unsigned message: the CAL transfer (the reward) to the marketplace carrying `CreateTask`, after
   * the same checks as {@link createTask}.
   *
   * @example
   * ```ts
   * const order = await market.prepareCreateTask({ specHash, reward: 100n * CAL, collateral: 50n * CAL, deadline: now + 3600n, verifierId: 0, minReputationBps: 0 });
   * ```
   */
  async prepareCreateTask(parameters: CreateTaskParameters): Promise<TonPreparedMessage> {
    return (await this.#createTask(parameters)).message;
  }
  /**
   * Checks and (with `emulate`) emulates a task creation; `result` is the task id it would get.
   *
   * @example
   * ```ts
   * const { result: taskId, cost } = await market.simulateCreateTask({ specHash, reward: 100n * CAL, collateral: 0n, deadline, verifierId: 0, minReputationBps: 0 });
   * ```
   */
  async simulateCreateTask(parameters: CreateTaskParameters): Promise<TonSimulateReturnType<bigint>> {
    const { message, taskId } = await this.#createTask(parameters);
    return this.simulate(message, taskId);
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
  async createTask(parameters: CreateTaskParameters): Promise<TonCreateTaskReturnType> {
    const { message, taskId } = await this.#createTask(parameters);
    const receipt = await this.send(message);
    if (receipt.transactionCount > 0) {
      const m = this.market;
      const t = await this.read(() => m.getTask(taskId));
      if (!t.user.equals(this.address)) throw new Error(`task ${taskId} was created by another user concurrently`);
    }
    return { ...receipt, taskId };
  }

  /** The unsigned message of a call on one task (the task id checked as `MarketplaceTaskNotFound`). */
  #taskCall(taskId: bigint, value: bigint, body: () => Cell): TonPreparedMessage {
    assertTaskId(taskId);
    return this.message(this.contract("marketplace"), value, body());
  }

  /**
   * The cancellation of an Open task (its user only) as an unsigned message.
   *
   * @example
   * ```ts
   * const order = await market.prepareCancelTask({ taskId: 1n });
   * ```
   */
  async prepareCancelTask({ taskId }: TonTaskParameters): Promise<TonPreparedMessage> {
    return this.#taskCall(taskId, TON_CALL_VALUE.cancelTask, () => buildCancelTask({ queryId: 0n, taskId }));
  }
  /**
   * Checks and (with `emulate`) emulates a cancellation (`MarketplaceNotTaskUser`, `MarketplaceTaskNotOpen`).
   *
   * @example
   * ```ts
   * await market.simulateCancelTask({ taskId: 1n });
   * ```
   */
  async simulateCancelTask(parameters: TonTaskParameters): Promise<TonSimulateReturnType> {
    return this.simulate(await this.prepareCancelTask(parameters));
  }
  /**
   * Cancels an Open task (its user only) and refunds the reward.
   *
   * @example
   * ```ts
   * await market.cancelTask({ taskId: 1n });
   * ```
   */
  async cancelTask(parameters: TonTaskParameters): Promise<TonReceipt> {
    return this.send(await this.prepareCancelTask(parameters));
  }

  /**
   * Taking an Open task as an unsigned message.
   *
   * @example
   * ```ts
   * const order = await providerMarket.prepareAcceptTask({ taskId: 1n });
   * ```
   */
  async prepareAcceptTask({ taskId }: TonTaskParameters): Promise<TonPreparedMessage> {
    return this.#taskCall(taskId, TON_CALL_VALUE.acceptTask, () => buildAcceptTask({ queryId: 0n, taskId }));
  }
  /**
   * Checks and (with `emulate`) emulates taking a task, including staking's collateral lock (`MarketplaceTaskNotOpen`,
   * `StakingInsufficientFreeStake`, …).
   *
   * @example
   * ```ts
   * await providerMarket.simulateAcceptTask({ taskId: 1n });
   * ```
   */
  async simulateAcceptTask(parameters: TonTaskParameters): Promise<TonSimulateReturnType> {
    return this.simulate(await this.prepareAcceptTask(parameters));
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
  async acceptTask(parameters: TonTaskParameters): Promise<TonReceipt> {
    return this.send(await this.prepareAcceptTask(parameters));
  }

  /**
   * A result submission as an unsigned message (`proof`: the BoC of `encodeProofTon({ proof })`, for verified tasks;
   * it then attaches {@link TON_SUBMIT_WITH_PROOF}, or {@link TON_SUBMIT_REPLICATED_WITH_PROOF} on a replicated task,
   * whose Disputed state a replica that revealed `resultCommitment` settles with a proof).
   *
   * @example
   * ```ts
   * const order = await providerMarket.prepareSubmitResult({ taskId, resultCommitment, proof: encodeProofTon({ proof }).toBoc() });
   * ```
   */
  async prepareSubmitResult({ taskId, resultCommitment, proof }: TonSubmitResultParameters): Promise<TonPreparedMessage> {
    assertTaskId(taskId);
    if (resultCommitment < 0n || resultCommitment >= BLS12_381_R)
      throw new CalctraError("MarketplaceFieldElementOutOfRange", { value: resultCommitment, bound: BLS12_381_R });
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
    let value: bigint = TON_CALL_VALUE.submitResult;
    if (cell) {
      // a replicated task's proof path settles every replica: it needs more TON than a classic payout
      const m = this.market;
      const replicated =
        (await this.read(() => m.getTaskStatus(taskId))) !== 0n && (await this.read(() => m.getTaskOffer(taskId))).replicas > 0;
      value = replicated ? TON_SUBMIT_REPLICATED_WITH_PROOF : TON_SUBMIT_WITH_PROOF;
    }
    return this.#taskCall(taskId, value, () => buildSubmitResult({ queryId: 0n, taskId, resultCommitment, proof: cell }));
  }
  /**
   * Checks and (with `emulate`) emulates a submission, including the on-chain proof check (`MarketplaceInvalidProof`).
   *
   * @example
   * ```ts
   * await providerMarket.simulateSubmitResult({ taskId, resultCommitment, proof });
   * ```
   */
  async simulateSubmitResult(parameters: TonSubmitResultParameters): Promise<TonSimulateReturnType> {
    return this.simulate(await this.prepareSubmitResult(parameters));
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
  async submitResult(parameters: TonSubmitResultParameters): Promise<TonReceipt> {
    return this.send(await this.prepareSubmitResult(parameters));
  }

  /**
   * The completion of a Submitted task (anyone, after its challenge window) as an unsigned message.
   *
   * @example
   * ```ts
   * const order = await market.prepareFinalize({ taskId: 1n });
   * ```
   */
  async prepareFinalize({ taskId }: TonTaskParameters): Promise<TonPreparedMessage> {
    return this.#taskCall(taskId, TON_CALL_VALUE.finalize, () => buildFinalize({ queryId: 0n, taskId }));
  }
  /**
   * Checks and (with `emulate`) emulates a completion (`MarketplaceChallengePeriodActive` inside the window).
   *
   * @example
   * ```ts
   * await market.simulateFinalize({ taskId: 1n });
   * ```
   */
  async simulateFinalize(parameters: TonTaskParameters): Promise<TonSimulateReturnType> {
    return this.simulate(await this.prepareFinalize(parameters));
  }
  /**
   * Completes a Submitted task after its challenge window. Anyone.
   *
   * @example
   * ```ts
   * await market.finalize({ taskId: 1n });
   * ```
   */
  async finalize(parameters: TonTaskParameters): Promise<TonReceipt> {
    return this.send(await this.prepareFinalize(parameters));
  }

  /**
   * A dispute of a Submitted task (its user, inside the challenge window) as an unsigned message.
   *
   * @example
   * ```ts
   * const order = await userMarket.prepareDispute({ taskId: 1n });
   * ```
   */
  async prepareDispute({ taskId }: TonTaskParameters): Promise<TonPreparedMessage> {
    return this.#taskCall(taskId, TON_CALL_VALUE.dispute, () => buildDispute({ queryId: 0n, taskId }));
  }
  /**
   * Checks and (with `emulate`) emulates a dispute (`MarketplaceNotTaskUser`, `MarketplaceChallengePeriodOver`).
   *
   * @example
   * ```ts
   * await userMarket.simulateDispute({ taskId: 1n });
   * ```
   */
  async simulateDispute(parameters: TonTaskParameters): Promise<TonSimulateReturnType> {
    return this.simulate(await this.prepareDispute(parameters));
  }
  /**
   * Disputes a Submitted task inside its challenge window. Task user only.
   *
   * @example
   * ```ts
   * await userMarket.dispute({ taskId: 1n });
   * ```
   */
  async dispute(parameters: TonTaskParameters): Promise<TonReceipt> {
    return this.send(await this.prepareDispute(parameters));
  }

  /**
   * The arbiter's resolution of a Disputed task as an unsigned message (e.g. a multisig arbiter's order).
   *
   * @example
   * ```ts
   * const order = await arbiterMarket.prepareResolve({ taskId: 1n, providerAtFault: true });
   * ```
   */
  async prepareResolve({ taskId, providerAtFault }: TonResolveParameters): Promise<TonPreparedMessage> {
    return this.#taskCall(taskId, TON_CALL_VALUE.resolve, () => buildResolve({ queryId: 0n, taskId, providerAtFault }));
  }
  /**
   * Checks and (with `emulate`) emulates a resolution (`MarketplaceNotArbiter` for anyone but the arbiter).
   *
   * @example
   * ```ts
   * await arbiterMarket.simulateResolve({ taskId: 1n, providerAtFault: true });
   * ```
   */
  async simulateResolve(parameters: TonResolveParameters): Promise<TonSimulateReturnType> {
    return this.simulate(await this.prepareResolve(parameters));
  }
  /**
   * Resolves a Disputed task. Arbiter only.
   *
   * @example
   * ```ts
   * await arbiterMarket.resolve({ taskId: 1n, providerAtFault: true });
   * ```
   */
  async resolve(parameters: TonResolveParameters): Promise<TonReceipt> {
    return this.send(await this.prepareResolve(parameters));
  }

  /**
   * The expiry of an Assigned task past its deadline (anyone) as an unsigned message.
   *
   * @example
   * ```ts
   * const order = await market.prepareExpire({ taskId: 2n });
   * ```
   */
  async prepareExpire({ taskId }: TonTaskParameters): Promise<TonPreparedMessage> {
    return this.#taskCall(taskId, TON_CALL_VALUE.expire, () => buildExpire({ queryId: 0n, taskId }));
  }
  /**
   * Checks and (with `emulate`) emulates an expiry (`MarketplaceDeadlineNotPassed` before the deadline).
   *
   * @example
   * ```ts
   * await market.simulateExpire({ taskId: 2n });
   * ```
   */
  async simulateExpire(parameters: TonTaskParameters): Promise<TonSimulateReturnType> {
    return this.simulate(await this.prepareExpire(parameters));
  }
  /**
   * Refunds an Assigned task past its deadline and slashes the provider. Anyone.
   *
   * @example
   * ```ts
   * await market.expire({ taskId: 2n });
   * ```
   */
  async expire(parameters: TonTaskParameters): Promise<TonReceipt> {
    return this.send(await this.prepareExpire(parameters));
  }

  /**
   * A replica's commit as an unsigned message: `commit = replicaCommit(resultHash, salt, provider)` (core), the
   * provider being this wallet's 32-byte account id.
   *
   * @example
   * ```ts
   * const commit = replicaCommit(resultHash, salt, universalFromTonAddress(provider.address));
   * const order = await providerMarket.prepareCommitResult({ taskId, commit });
   * ```
   */
  async prepareCommitResult({ taskId, commit }: CommitResultParameters): Promise<TonPreparedMessage> {
    const c = bytes32(commit, "commit");
    return this.#taskCall(taskId, TON_CALL_VALUE.commitResult, () => buildCommitResult({ queryId: 0n, taskId, commit: c }));
  }
  /**
   * Checks and (with `emulate`) emulates a commit (`MarketplaceNotTaskProvider`, `MarketplaceAlreadyCommitted`, …).
   *
   * @example
   * ```ts
   * await providerMarket.simulateCommitResult({ taskId, commit });
   * ```
   */
  async simulateCommitResult(parameters: CommitResultParameters): Promise<TonSimulateReturnType> {
    return this.simulate(await this.prepareCommitResult(parameters));
  }
  /**
   * Commits a replica's result (DESIGN §5.2): only the hash binding result, salt and provider is published, so
   * nobody can copy it; the k-th commit opens the reveal window.
   *
   * @example
   * ```ts
   * const salt = `0x${randomBytes(32).toString("hex")}` as const;
   * await providerMarket.commitResult({ taskId, commit: replicaCommit(resultHash, salt, universalFromTonAddress(me)) });
   * ```
   */
  async commitResult(parameters: CommitResultParameters): Promise<TonReceipt> {
    return this.send(await this.prepareCommitResult(parameters));
  }

  /**
   * A replica's reveal as an unsigned message.
   *
   * @example
   * ```ts
   * const order = await providerMarket.prepareRevealResult({ taskId, resultHash, salt });
   * ```
   */
  async prepareRevealResult({ taskId, resultHash, salt }: RevealResultParameters): Promise<TonPreparedMessage> {
    const h = bytes32(resultHash, "resultHash");
    const s = bytes32(salt, "salt");
    return this.#taskCall(taskId, TON_CALL_VALUE.revealResult, () => buildRevealResult({ queryId: 0n, taskId, resultHash: h, salt: s }));
  }
  /**
   * Checks and (with `emulate`) emulates a reveal (`MarketplaceRevealNotOpen`, `MarketplaceCommitMismatch`, …).
   *
   * @example
   * ```ts
   * await providerMarket.simulateRevealResult({ taskId, resultHash, salt });
   * ```
   */
  async simulateRevealResult(parameters: RevealResultParameters): Promise<TonSimulateReturnType> {
    return this.simulate(await this.prepareRevealResult(parameters));
  }
  /**
   * Reveals the `(resultHash, salt)` behind this replica's commit, once every replica committed or the deadline
   * passed, until the reveal window ends.
   *
   * @example
   * ```ts
   * await providerMarket.revealResult({ taskId, resultHash, salt });
   * ```
   */
  async revealResult(parameters: RevealResultParameters): Promise<TonReceipt> {
    return this.send(await this.prepareRevealResult(parameters));
  }

  /**
   * A settlement of a replicated task as an unsigned message (anyone; it attaches enough TON for three replicas).
   *
   * @example
   * ```ts
   * const order = await market.prepareSettle({ taskId });
   * ```
   */
  async prepareSettle({ taskId }: TonTaskParameters): Promise<TonPreparedMessage> {
    return this.#taskCall(taskId, TON_CALL_VALUE.settle, () => buildSettle({ queryId: 0n, taskId }));
  }
  /**
   * Checks and (with `emulate`) emulates a settlement (`MarketplaceRevealPeriodActive` while reveals are due).
   *
   * @example
   * ```ts
   * await market.simulateSettle({ taskId });
   * ```
   */
  async simulateSettle(parameters: TonTaskParameters): Promise<TonSimulateReturnType> {
    return this.simulate(await this.prepareSettle(parameters));
  }
  /**
   * Settles a replicated task once every replica revealed or the reveal window ended: the strict majority's
   * replicas are paid `price / k` each, the others slashed, the rest of the reward returned; without a majority the
   * task goes Disputed. Anyone.
   *
   * @example
   * ```ts
   * await market.settle({ taskId });
   * (await market.getTask({ taskId })).status; // TaskStatus.Completed or TaskStatus.Disputed
   * ```
   */
  async settle(parameters: TonTaskParameters): Promise<TonReceipt> {
    return this.send(await this.prepareSettle(parameters));
  }

  /**
   * The arbiter's resolution of a Disputed replicated task as an unsigned message.
   *
   * @example
   * ```ts
   * const order = await arbiterMarket.prepareResolveReplicas({ taskId, resultHash });
   * ```
   */
  async prepareResolveReplicas({ taskId, resultHash }: ResolveReplicasParameters): Promise<TonPreparedMessage> {
    const h = bytes32(resultHash, "resultHash");
    return this.#taskCall(taskId, TON_CALL_VALUE.resolveReplicas, () => buildResolveReplicas({ queryId: 0n, taskId, resultHash: h }));
  }
  /**
   * Checks and (with `emulate`) emulates a replica resolution (`MarketplaceNotArbiter`, `MarketplaceTaskNotDisputed`).
   *
   * @example
   * ```ts
   * await arbiterMarket.simulateResolveReplicas({ taskId, resultHash });
   * ```
   */
  async simulateResolveReplicas(parameters: ResolveReplicasParameters): Promise<TonSimulateReturnType> {
    return this.simulate(await this.prepareResolveReplicas(parameters));
  }
  /**
   * Resolves a Disputed replicated task with the winning `resultHash` (its replicas paid, the others slashed), or
   * with zero: every replica slashed and the whole reward refunded. Arbiter only.
   *
   * @example
   * ```ts
   * await arbiterMarket.resolveReplicas({ taskId, resultHash });
   * ```
   */
  async resolveReplicas(parameters: ResolveReplicasParameters): Promise<TonReceipt> {
    return this.send(await this.prepareResolveReplicas(parameters));
  }

  /**
   * A result publication (DESIGN §5.3) as an unsigned message: `resultCid` is the 32-byte sha2-256 digest of the
   * encrypted result's CIDv1 (raw). Only its form is checked here; the contract checks, in this order, the task
   * (`MarketplaceTaskNotFound`), the caller (`MarketplaceNotTaskProvider`), the status (`MarketplaceTaskNotAssigned`)
   * and a non-zero cid (`MarketplaceInvalidResultCid`), as `simulatePublishResult` / `publishResult` report.
   *
   * @example
   * ```ts
   * const order = await providerMarket.preparePublishResult({ taskId, resultCid: `0x${sha256Hex(encryptedResult)}` });
   * ```
   */
  async preparePublishResult({ taskId, resultCid }: PublishResultParameters): Promise<TonPreparedMessage> {
    const cid = bytes32(resultCid, "resultCid");
    return this.#taskCall(taskId, TON_CALL_VALUE.publishResult, () => buildPublishResult({ queryId: 0n, taskId, resultCid: cid }));
  }
  /**
   * Checks and (with `emulate`) emulates a result publication (`MarketplaceNotTaskProvider`,
   * `MarketplaceTaskNotAssigned`, `MarketplaceInvalidResultCid`, …).
   *
   * @example
   * ```ts
   * const { emulated, cost } = await providerMarket.simulatePublishResult({ taskId, resultCid });
   * ```
   */
  async simulatePublishResult(parameters: PublishResultParameters): Promise<TonSimulateReturnType> {
    return this.simulate(await this.preparePublishResult(parameters));
  }
  /**
   * Records where this provider put the encrypted result (DESIGN §5.3): the digest of its CID, for the classic task's
   * provider or one of its replicas, while the task is Assigned, Submitted, Disputed or Completed; a later call
   * replaces the earlier one. Allowed while the marketplace is paused (no funds move); logs `ResultPublished`.
   *
   * @example
   * ```ts
   * // resultCid: the sha2-256 digest of the CIDv1 (raw) the encrypted result was stored under
   * await providerMarket.publishResult({ taskId, resultCid });
   * await market.getResultCid({ taskId, provider: universalFromTonAddress(provider.address) }); // resultCid
   * ```
   */
  async publishResult(parameters: PublishResultParameters): Promise<TonReceipt> {
    return this.send(await this.preparePublishResult(parameters));
  }
  /**
   * The result CID digest `provider` (a TON address, or a universal address as `getTask` / `getReplicas` return)
   * published for the task: the classic task's provider's or a replica's; zero (`0x00…00`) when none — an unknown
   * task, an account that is not its provider or replica, or nothing published yet.
   *
   * @example
   * ```ts
   * for (const r of await market.getReplicas({ taskId })) {
   *   const cid = await market.getResultCid({ taskId, provider: r.provider });
   *   if (BigInt(cid) !== 0n) console.log(r.provider, cid);
   * }
   * ```
   */
  async getResultCid({ taskId, provider }: { readonly taskId: bigint; readonly provider: string }): Promise<`0x${string}`> {
    const who = parseTonAccount(provider, "provider");
    if (taskId <= 0n || taskId > U64_MAX) return hex32(0n);
    const m = this.market;
    return hex32(await this.read(() => m.getResultCid(taskId, who)));
  }

  /**
   * A task's offer terms, a classic task's locked price (0 before accept) and the reveal window's end (0 before the
   * k-th commit); throws `MarketplaceTaskNotFound` for an unknown id.
   *
   * @example
   * ```ts
   * const { minReward, maxReward, lockDeadline, replicas } = await market.getOffer({ taskId });
   * ```
   */
  async getOffer({ taskId }: TonTaskParameters): Promise<TaskOffer> {
    assertTaskId(taskId);
    const m = this.market;
    if ((await this.read(() => m.getTaskStatus(taskId))) === 0n) throw new CalctraError("MarketplaceTaskNotFound", { taskId }, "ton");
    const o = await this.read(() => m.getTaskOffer(taskId));
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
  }
  /**
   * A replicated task's replicas in accept order (a replica whose collateral lock staking has not confirmed yet is
   * not listed); empty for a classic task.
   *
   * @example
   * ```ts
   * const replicas = await market.getReplicas({ taskId });
   * replicas.filter((r) => r.state === ReplicaState.Revealed).length;
   * ```
   */
  async getReplicas({ taskId }: TonTaskParameters): Promise<readonly Replica[]> {
    assertTaskId(taskId);
    const m = this.market;
    if ((await this.read(() => m.getTaskStatus(taskId))) === 0n) throw new CalctraError("MarketplaceTaskNotFound", { taskId }, "ton");
    const list = await this.read(() => m.getTaskReplicas(taskId));
    const out: Replica[] = [];
    while (list.remaining > 0) {
      const e = list.readTuple();
      out.push({
        provider: universalFromTonAddress(e.readAddress()),
        price: e.readBigNumber(),
        state: e.readNumber() as ReplicaState,
        commit: hex32(e.readBigNumber()),
        resultHash: hex32(e.readBigNumber()),
      });
    }
    return out;
  }
  /**
   * What accepting the task would lock now by the chain clock (or at `at`), and whether it can still be accepted then:
   * Open (or Assigned with a free replica slot) and not past its lock deadline.
   *
   * @example
   * ```ts
   * const { price, acceptable } = await providerMarket.quoteTask({ taskId });
   * if (acceptable && price >= myFloor) await providerMarket.acceptTask({ taskId });
   * ```
   */
  async quoteTask({ taskId, at }: { readonly taskId: bigint; readonly at?: bigint }): Promise<QuoteTaskReturnType> {
    const offer = await this.getOffer({ taskId });
    const when = at ?? BigInt(this.now());
    const m = this.market;
    const t = await this.read(() => m.getTask(taskId));
    // A classic task's lock in flight takes its slot; get_task_replicas lists confirmed replicas only.
    const replicasTaken = offer.replicas === 0 ? (t.locking ? 1 : 0) : (await this.getReplicas({ taskId })).length;
    return quoteOffer({ offer, status: Number(t.status) as TaskStatus, replicasTaken, at: when });
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
  async getTask({ taskId }: TonTaskParameters): Promise<Task> {
    assertTaskId(taskId);
    const m = this.market;
    if ((await this.read(() => m.getTaskStatus(taskId))) === 0n) throw new CalctraError("MarketplaceTaskNotFound", { taskId }, "ton");
    const t = await this.read(() => m.getTask(taskId));
    // while staking confirms the lock, the provider is tentative: the task is still Open
    const provider = t.provider && !t.locking ? universalFromTonAddress(t.provider) : null;
    return {
      id: taskId,
      user: universalFromTonAddress(t.user),
      specHash: t.specHash,
      reward: t.reward,
      collateral: t.collateral,
      deadline: BigInt(t.deadline),
      verifierId: t.verifierId,
      modelCreator: t.modelCreator ? universalFromTonAddress(t.modelCreator) : null,
      minReputationBps: t.minReputationBps,
      provider,
      resultCommitment: t.resultCommitment,
      status: Number(t.status) as TaskStatus,
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
    return (await this.read(() => m.getMarketplaceData())).nextTaskId - 1n;
  }
  /**
   * Fee split, challenge period, slash rate and reveal period currently in force.
   *
   * @example
   * ```ts
   * const { providerBps, slashBps } = await market.parameters();
   * ```
   */
  async parameters(): Promise<{
    readonly providerBps: bigint;
    readonly treasuryBps: bigint;
    readonly creatorBps: bigint;
    readonly challengePeriod: bigint;
    readonly slashBps: bigint;
    readonly revealPeriod: bigint;
    readonly paused: boolean;
    readonly escrowed: bigint;
  }> {
    const m = this.market;
    const d = await this.read(() => m.getMarketplaceData());
    return {
      providerBps: BigInt(d.providerBps),
      treasuryBps: BigInt(d.treasuryBps),
      creatorBps: BigInt(d.creatorBps),
      challengePeriod: BigInt(d.challengePeriod),
      slashBps: BigInt(d.slashBps),
      revealPeriod: BigInt(d.revealPeriod),
      paused: d.paused,
      escrowed: d.escrowed,
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
    return (await this.read(() => m.getVerifier(BigInt(verifierId)))) !== null;
  }
}
