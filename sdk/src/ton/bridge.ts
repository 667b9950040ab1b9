/**
 * The TON bridge (DESIGN §8, contracts-ton/contracts/bridge/bridge.tolk) in one module, each concept built once over
 * the generated ABI (./generated/abi.ts) and any @ton/core opener (`blockchain.openContract` of @ton/sandbox or
 * `TonClient.open` of @ton/ton):
 * - {@link TonBridgeReads}: the bridge's get-methods as the SDK reads them — `isDelivered` (`get_is_delivered`), an
 *   outbound message by nonce re-derived ({@link deriveTonMessage}), the validator sets;
 * - {@link TonBridgeClient}: the user's client — `transfer` (a CAL transfer to the bridge with `BridgeSendPayload`, as
 *   `prepareTransfer` / `simulateTransfer` / `transfer`), status and self-relay shared with the EVM and Solana clients;
 * - {@link TonSource} and {@link TonDestination}: TON for the relayer and the validators (the destination is the one
 *   delivery path, also used by `TonBridgeClient.asDestination`).
 */
import { Address, Cell, Dictionary, beginCell, toNano, type ContractProvider, type OpenedContract, type Transaction } from "@ton/core";
import { keccak_256 } from "@noble/hashes/sha3";
import { toHex, type Address as EvmAddress, type Hex } from "viem";
import { CAL_CAP, CalctraError, DOMAINS, GOVERNANCE_MESSAGE_VERSION, isGovernanceMessage } from "@calctra/core";
import type {
  AnyBridgeMessage,
  BridgeClient,
  BridgeMessage,
  BridgeTransferParameters,
  BridgeTransferReturnType,
  Domain,
  UniversalAddress,
} from "@calctra/core";
import { BRIDGE_MESSAGE_BYTES, rederiveStoredMessage } from "../bridge/stored.js";
import type {
  DeliveryResult,
  DestinationChain,
  ObservedMessage,
  ScanResult,
  SignedMessage,
  SourceChain,
  ValidatorSetView,
} from "../bridge/types.js";
import {
  bridgeMessageStatus,
  bridgeRecipient,
  checkMessageId,
  checkTransfer,
  selfRelayMessage,
  type FoundMessage,
} from "../bridge/delivery.js";
import { EvmBridgeClient, type BridgeStatusParameters, type BridgeStatusReturnType, type SelfRelayReturnType } from "../evm/bridge.js";
import { TonContractClient, universalFromTonAddress, type TonClientParameters, type TonSimulateReturnType } from "./clients.js";
import { sendTonMessage, type TonPreparedMessage, type TonSentMessage, type TonTransport } from "./contracts.js";
import {
  BridgeContract,
  buildBridgeDeliver,
  buildBridgeSendPayload,
  loadBridgeMessage,
  storeBridgeMessage,
  tonConstants,
  tonOpcodes,
} from "./generated/abi.js";
import { tonExitCodeName } from "./errors.js";
import { tonByteSnake, tonSnakeBytes } from "./governance-actions.js";

/** Op code of `BridgeDeliver` (contracts-ton/contracts/bridge/messages.tolk). */
export const TON_BRIDGE_DELIVER_OP = tonOpcodes.BridgeDeliver;
/** TON attached to a delivery (the contract requires ≥ `DELIVER_MIN_TON` = 0.15 TON; excesses of the mint come back). */
export const TON_DELIVER_VALUE = toNano("0.2");
/** TON forwarded with the CAL transfer to the bridge by default (the bridge requires ≥ `SEND_MIN_TON` = 0.1 TON: its gas and the burn chain). */
export const TON_BRIDGE_FORWARD_AMOUNT = toNano("0.15");

/**
 * The 32-byte universal address (account id) of a workchain-0 TON account (the same as `universalFromTonAddress`).
 *
 * @example
 * ```ts
 * tonUniversalAddress(bridge.address); // "0x…" (64 hex digits): the TON bridge as validators sign for it
 * ```
 */
export function tonUniversalAddress(address: Address): UniversalAddress {
  if (address.workChain !== 0) throw new RangeError(`not a workchain-0 address: ${address.toString()}`);
  return universalFromTonAddress(address);
}

/**
 * Re-derives the outbound message stored under `nonce` (its 89 bytes), or names it rejected (by the keccak of its
 * bytes): decoded, checked (srcDomain = TON, nonce = the key), re-encoded by the SDK codec and re-hashed.
 *
 * @example
 * ```ts
 * const m = deriveTonMessage(3n, bytes);
 * if ("rejected" in m) console.warn("never signed", m.rejected);
 * ```
 */
export function deriveTonMessage(nonce: bigint, raw: Uint8Array): ObservedMessage<AnyBridgeMessage> | { rejected: Hex } {
  return rederiveStoredMessage({ bytes: raw, nonce, srcDomain: DOMAINS.ton });
}

/**
 * The bytes of an outbound record: the 89 bytes of a `BridgeMessage` cell (712 bits, no references), or a version-2
 * message's byte snake (`tonSnakeBytes`).
 */
function messageBytes(cell: Cell): Buffer {
  if (cell.refs.length === 0 && cell.bits.length === BRIDGE_MESSAGE_BYTES * 8) return cell.beginParse().loadBuffer(BRIDGE_MESSAGE_BYTES);
  return Buffer.from(tonSnakeBytes(cell));
}

/** A delivery the TON bridge refused, named by its exit code (e.g. `BridgeMessageAlreadyDelivered`). */
export class TonDeliveryError extends Error {
  constructor(
    /** Canonical error name, or `ExitCode<N>` for a code without one. */
    readonly errorName: string,
    readonly exitCode: number,
    readonly messageId: Hex,
    /** Hash of the refusing transaction (hex), when observed. */
    readonly transaction: string,
  ) {
    super(`${errorName}(${messageId}) [exit code ${exitCode}${transaction ? `, tx ${transaction}` : ""}]`);
    this.name = "TonDeliveryError";
  }
}

/** The bridge's generated get-methods, and its raw storage (the signer lists, which no get-method returns). */
class TonBridgeContract extends BridgeContract {
  async getStorage(provider: ContractProvider): Promise<Cell | null> {
    const state = await provider.getState();
    return state.state.type === "active" && state.state.data ? (Cell.fromBoc(state.state.data)[0] ?? null) : null;
  }
}

const evmAddress = (x: bigint): EvmAddress => `0x${x.toString(16).padStart(40, "0")}`;

/** keccak256 of the ascending 20-byte addresses, concatenated: the contract's set hash. */
function setHashOf(addresses: readonly bigint[]): bigint {
  const buf = Buffer.concat(addresses.map((a) => Buffer.from(a.toString(16).padStart(40, "0"), "hex")));
  return BigInt(toHex(keccak_256(buf)));
}

/** Signer addresses of a `ValidatorSet` cell: `signers: map<uint160,bool> size:uint8 threshold:uint8 setHash:uint256`. */
function readSet(cell: Cell): { signers: bigint[]; size: number; threshold: number; setHash: bigint } {
  const s = cell.beginParse();
  const dict = s.loadDict(Dictionary.Keys.BigUint(160), Dictionary.Values.Bool());
  const size = s.loadUint(8);
  const threshold = s.loadUint(8);
  const setHash = s.loadUintBig(256);
  const signers = dict
    .keys()
    .filter((k) => dict.get(k) === true)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return { signers, size, threshold, setHash };
}

/** The current and previous sets from the bridge's storage (storage.tolk `BridgeStorage` → `sets`). */
function readSets(data: Cell) {
  const s = data.beginParse();
  s.loadBit(); // paused
  s.loadUintBig(64); // outboundNonce
  s.loadUintBig(64); // nextQueryId
  s.loadCoins(); // unburned
  s.loadAddress(); // minter
  s.loadMaybeAddress(); // jettonWallet
  s.loadRef(); // config
  const sets = s.loadRef().beginParse();
  const current = readSet(sets.loadRef());
  const prevCell = sets.loadMaybeRef();
  const previousValidUntil = sets.loadUint(32);
  return { current, previous: prevCell ? readSet(prevCell) : null, previousValidUntil };
}

/** What TON sources, destinations and the reads are built from. */
export interface TonBridgeParameters {
  /** Opens a contract: `blockchain.openContract.bind(blockchain)` (@ton/sandbox) or `tonClient.open.bind(tonClient)`. */
  readonly open: TonTransport["open"];
  /** The bridge contract (workchain 0). */
  readonly bridge: Address;
}

/**
 * The TON bridge's state as every SDK part reads it (one implementation each): delivery record, outbound messages
 * re-derived, validator sets, bridge data and domain limits.
 *
 * @example
 * ```ts
 * const reads = new TonBridgeReads({ open: blockchain.openContract.bind(blockchain), bridge });
 * await reads.isDelivered(messageId);
 * ```
 */
export class TonBridgeReads {
  readonly #c: OpenedContract<TonBridgeContract>;
  readonly #bridge: Address;

  constructor({ open, bridge }: TonBridgeParameters) {
    this.#bridge = bridge;
    this.#c = open(new TonBridgeContract(bridge)) as OpenedContract<TonBridgeContract>;
  }

  /** `get_bridge_data`. */
  data() {
    return this.#c.getBridgeData();
  }
  /** `get_domain` of a remote domain (its limits and buckets now). */
  domain(domain: Domain) {
    return this.#c.getDomain(BigInt(domain));
  }
  /**
   * Whether the bridge recorded `messageId` among its last 1024 deliveries (`get_is_delivered`); replay protection
   * itself is by (srcDomain, nonce), see {@link TonBridgeReads.isNonceDelivered}.
   */
  isDelivered(messageId: Hex): Promise<boolean> {
    return this.#c.getIsDelivered(BigInt(checkMessageId(messageId)));
  }
  /** Whether message `nonce` of `srcDomain` was delivered (`get_is_nonce_delivered`: exact for every nonce ever delivered). */
  isNonceDelivered(srcDomain: Domain, nonce: bigint): Promise<boolean> {
    return this.#c.getIsNonceDelivered(BigInt(srcDomain), nonce);
  }
  /** The lowest outbound nonce still held (`get_outbound_first`: records are pruned 30 days after their send). */
  outboundFirst(): Promise<bigint> {
    return this.#c.getOutboundFirst();
  }
  /** Outbound message `nonce` (`get_outbound_message`) re-derived, `{ rejected }` when it does not, null when absent. */
  async outbound(nonce: bigint): Promise<ObservedMessage<AnyBridgeMessage> | { rejected: Hex } | null> {
    const cell = await this.#c.getOutboundMessage(nonce);
    return cell ? deriveTonMessage(nonce, messageBytes(cell)) : null;
  }
  /**
   * The sets the bridge accepts at `now`. No get-method lists signers, so they are read from the contract's
   * storage and checked against `get_validator_sets` (size, threshold and set hash must match).
   */
  async validatorSet(now: number): Promise<ValidatorSetView> {
    const [view, data] = await Promise.all([this.#c.getValidatorSets(), this.#c.getStorage()]);
    if (!data) throw new Error(`TON bridge ${this.#bridge.toString()} is not active`);
    const sets = readSets(data);
    const check = (set: ReturnType<typeof readSet>, hash: bigint, threshold: number, what: string) => {
      if (set.setHash !== hash || setHashOf(set.signers) !== hash || set.threshold !== threshold || set.signers.length !== set.size) {
        throw new Error(`TON bridge ${what} validator set read from storage does not match get_validator_sets`);
      }
    };
    check(sets.current, view.setHash, view.threshold, "current");
    let previous: ValidatorSetView["previous"];
    if (sets.previous && view.previousSetHash !== 0n && now < view.previousValidUntil) {
      check(sets.previous, view.previousSetHash, view.previousThreshold, "previous");
      previous = { validators: sets.previous.signers.map(evmAddress), threshold: sets.previous.threshold };
    }
    return { validators: sets.current.signers.map(evmAddress), threshold: sets.current.threshold, previous };
  }
}

/** A message the destination sent, for {@link TonDestinationParameters.trace} (the SDK's `TonSentMessage`). */
export type TonSentDelivery = TonSentMessage;

/** Parameters of {@link TonDestination}. */
export interface TonDestinationParameters extends TonBridgeParameters {
  /** The relayer's wallet (pays the delivery; its `address` must be set). */
  readonly sender: TonTransport["sender"];
  /** TON attached to each delivery (default {@link TON_DELIVER_VALUE}). */
  readonly value?: bigint;
  /** Deliveries per `deliver` call, one message each (default 1: a TON delivery carries one message). */
  readonly maxBatch?: number;
  /** Chain time in unix seconds (sandbox: `() => blockchain.now`); defaults to the local clock. */
  readonly now?: () => number;
  /**
   * Resolves the transaction chain a delivery caused on a live network (e.g. the SDK's `createTonTracer`);
   * the sandbox returns it from every send. Without either, `deliver` polls `get_is_delivered`.
   */
  readonly trace?: (sent: TonSentDelivery) => Promise<readonly Transaction[]>;
  /** Polling of `get_is_delivered` without a trace (default every 1500 ms for up to 90 s). */
  readonly poll?: { readonly intervalMs: number; readonly timeoutMs: number };
}

/**
 * TON destination: one `BridgeDeliver` internal message per bridge message (89 bytes in a ref, the r|s|v
 * signatures one per cell, ascending by signer), sent from the relayer's wallet. The outcome is read from the
 * transaction chain (sandbox result or `trace`): a refusal throws a {@link TonDeliveryError} named after the
 * contract's exit code; a bounced mint (the message stays delivered, the mint filed for BridgeRetryMint) throws too.
 *
 * @example
 * ```ts
 * const destination = new TonDestination({ open: client.open.bind(client), bridge, sender: relayerWallet, trace: createTonTracer({ source: client }) });
 * await destination.deliver([signed]);
 * ```
 */
export class TonDestination implements DestinationChain {
  readonly domain: Domain = DOMAINS.ton;
  readonly bridge: UniversalAddress;
  readonly maxBatch: number;
  readonly #p: TonDestinationParameters;
  readonly #reads: TonBridgeReads;

  constructor(parameters: TonDestinationParameters) {
    this.#p = parameters;
    this.#reads = new TonBridgeReads(parameters);
    this.bridge = tonUniversalAddress(parameters.bridge);
    this.maxBatch = Math.max(1, Math.min(parameters.maxBatch ?? 1, 16));
  }

  #now(): number {
    return this.#p.now?.() ?? Math.floor(Date.now() / 1000);
  }

  /** The sets the bridge accepts now (see {@link TonBridgeReads.validatorSet}). */
  async validatorSet(): Promise<ValidatorSetView> {
    return this.#reads.validatorSet(this.#now());
  }

  /** Whether `messageId` has been delivered to TON (`get_is_delivered`). */
  async isDelivered(messageId: Hex): Promise<boolean> {
    return this.#reads.isDelivered(messageId);
  }

  /**
   * The `BridgeDeliver` body of a signed message (signatures kept in the given order: ascending by signer): a token
   * message as one 89-byte cell, a version-2 governance message as its canonical byte snake.
   *
   * @example
   * ```ts
   * const body = TonDestination.deliverBody(signed); // what a relayer's wallet sends the bridge
   * ```
   */
  static deliverBody(m: SignedMessage, queryId = 0n): Cell {
    const encoded = Buffer.from(m.encoded.slice(2), "hex");
    const governance = encoded[0] === GOVERNANCE_MESSAGE_VERSION;
    if (!governance && encoded.length !== BRIDGE_MESSAGE_BYTES)
      throw new RangeError(`a bridge message has ${BRIDGE_MESSAGE_BYTES} bytes, got ${encoded.length}`);
    // signature_chain$_ sig:bits520 next:(Maybe ^SignatureChain): one 65-byte r|s|v per cell, each referencing the next
    let chain: Cell | null = null;
    for (let i = m.signatures.length - 1; i >= 0; i--) {
      const sig = Buffer.from(m.signatures[i]!.signature.slice(2), "hex");
      if (sig.length !== 65) throw new RangeError("a signature has 65 bytes");
      const b = beginCell().storeBuffer(sig);
      if (chain) b.storeRef(chain);
      chain = b.endCell();
    }
    const message = governance ? tonByteSnake(encoded) : beginCell().storeBuffer(encoded).endCell();
    return buildBridgeDeliver({ queryId, message, signatures: chain ?? beginCell().endCell() });
  }

  /**
   * The delivery of one signed message as an unsigned message from the relayer's wallet to the bridge.
   *
   * @example
   * ```ts
   * const { to, value, body } = destination.prepareDeliver(signed);
   * ```
   */
  prepareDeliver(m: SignedMessage): TonPreparedMessage {
    return { to: this.#p.bridge, value: this.#p.value ?? TON_DELIVER_VALUE, body: TonDestination.deliverBody(m), bounce: true };
  }

  /** Delivers the batch message by message; stops at the first refusal and throws it. */
  async deliver(batch: readonly SignedMessage[]): Promise<DeliveryResult> {
    const delivered: Hex[] = [];
    let last = "";
    for (const m of batch) {
      last = await this.#deliverOne(m);
      delivered.push(m.messageId);
    }
    return { transactionId: last, delivered };
  }

  async #deliverOne(m: SignedMessage): Promise<string> {
    const transactions = await sendTonMessage({ transport: this.#p, message: this.prepareDeliver(m) });
    if (!transactions) return this.#awaitDelivered(m.messageId);
    const tx = transactions.find(
      (t) =>
        t.inMessage?.info.type === "internal" &&
        t.inMessage.info.dest.equals(this.#p.bridge) &&
        !t.inMessage.info.bounced &&
        (() => {
          const s = t.inMessage!.body.beginParse();
          return s.remainingBits >= 32 && s.preloadUint(32) === TON_BRIDGE_DELIVER_OP;
        })(),
    );
    if (!tx) throw new Error(`no BridgeDeliver transaction at the TON bridge for ${m.messageId}`);
    const hash = tx.hash().toString("hex");
    const d = tx.description;
    if (d.type !== "generic") throw new Error(`unexpected TON transaction type ${d.type} for ${m.messageId}`);
    if (d.computePhase.type === "skipped") throw new TonDeliveryError("ComputeSkipped", -1, m.messageId, hash);
    if (!d.computePhase.success) {
      const code = d.computePhase.exitCode;
      throw new TonDeliveryError(tonExitCodeName({ exitCode: code }) ?? `ExitCode${code}`, code, m.messageId, hash);
    }
    if (d.actionPhase && !d.actionPhase.success) {
      throw new TonDeliveryError(`ActionPhase${d.actionPhase.resultCode}`, d.actionPhase.resultCode, m.messageId, hash);
    }
    // A bounced mint leaves the message delivered and files the mint as failed (BridgeRetryMint re-sends it).
    for (const t of transactions) {
      if (t.inMessage?.info.type !== "internal" || !t.inMessage.info.bounced || !t.inMessage.info.dest.equals(this.#p.bridge)) continue;
      const b = t.inMessage.body.beginParse();
      if (b.remainingBits < 128) continue;
      b.skip(32); // 0xFFFFFFFF
      if (b.loadUint(32) !== tonOpcodes.MintNewJettons) continue;
      throw new Error(
        `TON delivery of ${m.messageId} (tx ${hash}): the mint bounced; re-send it with BridgeRetryMint (query id ${b.loadUintBig(64)})`,
      );
    }
    return hash;
  }

  async #awaitDelivered(messageId: Hex): Promise<string> {
    const { intervalMs, timeoutMs } = this.#p.poll ?? { intervalMs: 1500, timeoutMs: 90_000 };
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (await this.isDelivered(messageId)) return "";
      if (Date.now() > deadline) throw new Error(`TON delivery of ${messageId} not observed within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, intervalMs));
    }
  }
}

/** Parameters of {@link TonSource}. */
export interface TonSourceParameters extends TonBridgeParameters {
  /**
   * Seconds a message must have been visible through `get_outbound_message` before it counts (0 = at once).
   * Get-methods of a TON liteserver read masterchain-referenced (final) state, so 0 is safe on a live network;
   * a delay only guards against a lagging or untrusted endpoint.
   */
  readonly delaySeconds?: number;
  /** Clock of the delay, unix seconds (sandbox: `() => blockchain.now`); defaults to the local clock. */
  readonly now?: () => number;
  /** Largest number of nonces read per scan. */
  readonly maxPerScan?: number;
}

/**
 * TON source: outbound messages are read by nonce through `get_outbound_message` (1, 2, …, up to the first
 * missing one). The "block" of the relayer's cursor is the nonce. Each message is re-derived
 * ({@link deriveTonMessage}); one that does not re-derive is rejected (never signed, never relayed). A get-method
 * does not reveal the emitting transaction: `blockNumber` is the nonce and `transactionHash` carries the messageId.
 *
 * @example
 * ```ts
 * const source = new TonSource({ open: client.open.bind(client), bridge });
 * const scan = await source.scan(1n); // { messages, rejected, toBlock } | null
 * ```
 */
export class TonSource implements SourceChain {
  readonly domain: Domain = DOMAINS.ton;
  readonly #p: TonSourceParameters;
  readonly #reads: TonBridgeReads;
  /** First time each nonce was seen (for the delay). */
  readonly #seen = new Map<bigint, number>();

  constructor(parameters: TonSourceParameters) {
    this.#p = parameters;
    this.#reads = new TonBridgeReads(parameters);
  }

  async scan(fromBlock: bigint): Promise<ScanResult | null> {
    const now = this.#p.now?.() ?? Math.floor(Date.now() / 1000);
    const delay = this.#p.delaySeconds ?? 0;
    const max = BigInt(this.#p.maxPerScan ?? 256);
    // records older than the bridge's retention are pruned: a scan starts at the first one still held
    const held = await this.#reads.outboundFirst();
    const first = fromBlock < held ? held : fromBlock;
    const messages: ObservedMessage<AnyBridgeMessage>[] = [];
    const rejected: Hex[] = [];
    let last = first - 1n;
    for (let nonce = first; nonce < first + max; nonce++) {
      const derived = await this.#reads.outbound(nonce);
      if (!derived) break;
      const seen = this.#seen.get(nonce) ?? now;
      this.#seen.set(nonce, seen);
      if (now < seen + delay) break;
      if ("rejected" in derived) rejected.push(derived.rejected);
      else messages.push(derived);
      this.#seen.delete(nonce);
      last = nonce;
    }
    if (last < first) return null;
    return { messages, rejected, toBlock: last };
  }
}

/** Parameters of {@link TonBridgeClient}: the acting wallet, the deployment and (optionally) the bridge. */
export interface TonBridgeClientParameters extends TonClientParameters {
  /** The TON bridge (workchain 0); default: the deployment's `bridge.address`. */
  readonly bridge?: Address | string;
  /** TON forwarded with each transfer to the bridge (default {@link TON_BRIDGE_FORWARD_AMOUNT}; at least 0.1 TON). */
  readonly forwardTonAmount?: bigint;
  /** Milliseconds per validator HTTP request (default 2000). */
  readonly httpTimeoutMs?: number;
  /**
   * On a live network without `trace`, how often and how long `transfer` looks for its outbound message
   * (default every 1500 ms for up to 90 s). The sandbox returns the transaction chain at once.
   */
  readonly poll?: { readonly intervalMs: number; readonly timeoutMs: number };
}

/** What {@link TonBridgeClient.transfer} returns. */
export interface TonTransferReturnType extends BridgeTransferReturnType {
  /** The message as sent, re-derived from `get_outbound_message` (bytes decoded, re-encoded and hashed). */
  readonly message: BridgeMessage;
  readonly messageId: Hex;
  /** The bridge's outbound nonce of the message. */
  readonly nonce: bigint;
  /** Hash (hex) of the first transaction of the chain: the sending wallet's ("" when it could not be observed). */
  readonly id: string;
  /** Compute gas of the whole transaction chain (wallet → jetton wallets → bridge → burn), when observed. */
  readonly cost?: bigint;
  /** Transactions in the chain (0 on a live network without `trace`). */
  readonly transactionCount: number;
}

/** What {@link TonBridgeClient.simulateTransfer} reports as `result` when emulated: the message the bridge would record. */
export interface TonSimulatedTransfer {
  readonly message: BridgeMessage;
  readonly messageId: Hex;
}

/** Parameters of {@link TonBridgeClient.status}: the shared ones, without the EVM block hint. */
export type TonBridgeStatusParameters = Omit<BridgeStatusParameters, "fromBlock">;

/** Parameters of {@link TonBridgeClient.selfRelay}. */
export type TonSelfRelayParameters = TonBridgeStatusParameters;

/** What {@link TonBridgeClient.selfRelay} returns (the shared shape). */
export type TonSelfRelayReturnType = SelfRelayReturnType;

interface WantedMessage {
  readonly dstDomain: number;
  readonly recipient: UniversalAddress;
  readonly amount: bigint;
  readonly sender: UniversalAddress;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The bridge on TON as a user (or a self-relaying wallet) sees it, over any @ton/core opener and the acting wallet's
 * `Sender`. `transfer` is a CAL jetton transfer to the bridge carrying `BridgeSendPayload { dstDomain, recipient }`;
 * the bridge burns the CAL and records the message under the next outbound nonce, read back and re-derived here as
 * the validators do. Status and self-relay share the EVM client's logic (signatures fetched from the validators and
 * recovered locally against the destination's digest and set).
 *
 * @example
 * ```ts
 * const bridge = new TonBridgeClient({ open: blockchain.openContract.bind(blockchain), sender: alice.getSender(), deployment });
 * const sent = await bridge.transfer({ dstDomain: 31337, recipient: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8", amount: 25n * CAL });
 * const s = await bridge.status({ messageId: sent.messageId, validators: urls, destination: homeBridgeClient });
 * ```
 */
export class TonBridgeClient extends TonContractClient implements BridgeClient<TonPreparedMessage> {
  readonly #p: TonBridgeClientParameters;
  readonly #bridge: Address;
  readonly #reads: TonBridgeReads;

  constructor(parameters: TonBridgeClientParameters) {
    super(parameters);
    this.#p = parameters;
    const given = parameters.bridge ?? parameters.deployment.bridge?.address;
    if (given === undefined)
      throw new RangeError(`the TON deployment ${parameters.deployment.network} has no bridge entry: pass \`bridge\``);
    this.#bridge = typeof given === "string" ? Address.parse(given) : given;
    if (this.#bridge.workChain !== 0) throw new RangeError(`the TON bridge must be on workchain 0: ${this.#bridge.toString()}`);
    this.#reads = new TonBridgeReads({ open: parameters.open, bridge: this.#bridge });
  }

  /**
   * This chain's bridge domain (`0x544F4E00`).
   *
   * @example
   * ```ts
   * await bridge.domain(); // 1414483456
   * ```
   */
  async domain(): Promise<Domain> {
    return DOMAINS.ton;
  }

  /**
   * The bridge contract's address.
   *
   * @example
   * ```ts
   * bridge.bridgeAddress.toString(); // "EQ…"
   * ```
   */
  get bridgeAddress(): Address {
    return this.#bridge;
  }

  /**
   * The bridge as a universal address (its account id: what validators sign as `dstBridge` for TON).
   *
   * @example
   * ```ts
   * const dstBridge = bridge.bridge; // "0x…" (64 hex digits)
   * ```
   */
  get bridge(): UniversalAddress {
    return tonUniversalAddress(this.#bridge);
  }

  /**
   * Whether `messageId` has been delivered to TON (`get_is_delivered`).
   *
   * @example
   * ```ts
   * if (await bridge.isDelivered({ messageId })) console.log("minted on TON");
   * ```
   */
  async isDelivered({ messageId }: { readonly messageId: Hex }): Promise<boolean> {
    checkMessageId(messageId);
    return this.read(() => this.#reads.isDelivered(messageId));
  }

  /** transfer's one path: the checks, the bridge reads and the CAL transfer carrying `BridgeSendPayload`. */
  async #transfer({ dstDomain, recipient, amount }: BridgeTransferParameters): Promise<{
    readonly message: TonPreparedMessage;
    readonly firstNonce: bigint;
    readonly want: WantedMessage;
  }> {
    checkTransfer({ dstDomain, amount });
    if (amount > CAL_CAP) throw new CalctraError("BridgeInvalidMessage", { field: "amount", value: amount, reason: "above the CAL cap" });
    const to = bridgeRecipient(recipient, dstDomain);
    if (dstDomain === DOMAINS.ton) throw new CalctraError("BridgeUnknownDomain", { domain: dstDomain });
    const data = await this.read(() => this.#reads.data());
    if (!data.minter.equals(this.contract("calJettonMinter"))) {
      throw new RangeError(
        `the TON bridge ${this.#bridge.toString()} serves minter ${data.minter.toString()}, not the deployment's CAL minter`,
      );
    }
    if (data.paused) throw new CalctraError("EnforcedPause");
    const domain = await this.read(() => this.#reads.domain(dstDomain));
    if (!domain.known || !domain.enabled) throw new CalctraError("BridgeUnknownDomain", { domain: dstDomain });
    if (domain.outboundAvailable < amount)
      throw new CalctraError("BridgeRateLimited", { domain: dstDomain, amount, available: domain.outboundAvailable });
    const forward = this.#p.forwardTonAmount ?? TON_BRIDGE_FORWARD_AMOUNT;
    if (forward < tonConstants.SEND_MIN_TON) throw new RangeError("forwardTonAmount must be at least 0.1 TON (the bridge refuses less)");
    const message = await this.calTransfer(this.#bridge, amount, buildBridgeSendPayload({ dstDomain, recipient: BigInt(to) }), forward);
    return {
      message,
      firstNonce: data.outboundNonce + 1n,
      want: { dstDomain, recipient: to, amount, sender: tonUniversalAddress(this.address) },
    };
  }

  /**
   * The transfer as an unsigned message: a CAL transfer from the acting wallet's jetton wallet to the bridge with the
   * send payload, after the same checks as {@link transfer} (nothing is signed or sent).
   *
   * @example
   * ```ts
   * const { to, value, body, bounce } = await bridge.prepareTransfer({ dstDomain: DOMAINS.solana, recipient: solanaUniversal, amount: 5n * CAL });
   * ```
   */
  async prepareTransfer(parameters: BridgeTransferParameters): Promise<TonPreparedMessage> {
    return (await this.#transfer(parameters)).message;
  }

  /**
   * Runs {@link transfer}'s checks and, with `emulate`, the whole chain (jetton wallets, bridge, burn) on a disposable
   * copy of the state: a refusal throws its canonical name (e.g. `BridgeRateLimited`); `result` is the message the
   * bridge would record (read from its log in the emulated chain, re-derived).
   *
   * @example
   * ```ts
   * const { result, cost } = await bridge.simulateTransfer({ dstDomain: 31337, recipient, amount: 25n * CAL });
   * result?.messageId; // the id the transfer would get (unless another transfer takes its nonce first)
   * ```
   */
  async simulateTransfer(parameters: BridgeTransferParameters): Promise<TonSimulateReturnType<TonSimulatedTransfer>> {
    const { message } = await this.#transfer(parameters);
    const run = await this.emulate(message);
    if (!run) return { emulated: false, transactionCount: 0 };
    const logged = this.#loggedMessage(run.transactions);
    return { emulated: true, cost: run.cost, transactionCount: run.transactions.length, ...(logged ? { result: logged } : {}) };
  }

  /**
   * Sends `amount` CAL of the acting wallet to `recipient` on `dstDomain`: a jetton transfer to the bridge with the
   * send payload; the bridge burns the CAL and records the message. Checked before anything is sent, with the EVM
   * client's names: `BridgeZeroAmount`, `BridgeInvalidMessage` (amount above the CAL cap; recipient neither a 32-byte
   * universal address nor a 20-byte EVM address, the zero address, or not an EVM address for an EVM domain),
   * `BridgeUnknownDomain` (the domain is not enabled on the TON bridge, as `get_domain` reports), `BridgeRateLimited`
   * (the domain's outbound bucket holds less than `amount` now) and `EnforcedPause`. A refusal on chain (the CAL is
   * handed back by the bridge) is decoded to its canonical name. Returns the message re-derived from
   * `get_outbound_message`, its id, the chain's transaction id and its compute gas.
   *
   * @example
   * ```ts
   * const { messageId, nonce, cost } = await bridge.transfer({ dstDomain: DOMAINS.solana, recipient: solanaUniversal, amount: 5n * CAL });
   * ```
   */
  async transfer(parameters: BridgeTransferParameters): Promise<TonTransferReturnType> {
    const { message, firstNonce, want } = await this.#transfer(parameters);
    const receipt = await this.send(message);
    const found = await this.#awaitOutbound(firstNonce, want, receipt.transactionCount > 0);
    return {
      message: found.message,
      messageId: found.messageId,
      nonce: found.message.nonce,
      id: receipt.id,
      transactionCount: receipt.transactionCount,
      ...(receipt.cost === undefined ? {} : { cost: receipt.cost }),
    };
  }

  /**
   * A message's state, read from this (source) chain, the validators and the destination: `delivered` when the
   * destination recorded it; otherwise `sent` / `signed` with the number of validators' signatures that recover
   * (locally) to the destination's set; with a threshold reached, an `EvmBridgeClient` destination simulates the
   * delivery and a refusal reports `failed` with its decoded reason. `failed` also when the TON bridge holds no
   * outbound message of this id, or it is for another domain.
   *
   * @example
   * ```ts
   * const s = await bridge.status({ messageId, validators: urls, destination: homeBridgeClient });
   * console.log(`${s.state} ${s.signatures}/${s.validators}`);
   * ```
   */
  async status({ messageId, validators, destination }: TonBridgeStatusParameters): Promise<BridgeStatusReturnType> {
    const dst = await EvmBridgeClient.destinationView(destination);
    const found = await this.findMessage({ messageId });
    return bridgeMessageStatus({ messageId, sourceDomain: DOMAINS.ton, found, validators, destination: dst, ...this.#timeout() });
  }

  /**
   * Delivers a message sent from TON on its destination yourself, without a relayer: a threshold of locally verified
   * signatures of the destination's set, ascending (`BridgeBelowThreshold` before sending when there are too few;
   * `BridgeWrongDestination` for a message to another domain). An `EvmBridgeClient` destination delivers with its own
   * wallet and reports the gas; a `DestinationChain` delivers with its own payer.
   *
   * @example
   * ```ts
   * const { id, cost, signers } = await bridge.selfRelay({ messageId, validators: urls, destination: homeBridgeClient });
   * ```
   */
  async selfRelay({ messageId, validators, destination }: TonSelfRelayParameters): Promise<TonSelfRelayReturnType> {
    const found = await this.findMessage({ messageId });
    if (!found) throw new Error(`no outbound message ${messageId} on the TON bridge ${this.#bridge.toString()}`);
    return selfRelayMessage({
      messageId,
      found,
      validators,
      destination: await EvmBridgeClient.destinationView(destination),
      ...this.#timeout(),
    });
  }

  /**
   * The outbound message of `messageId`, re-derived from `get_outbound_message` (newest nonces first), or null when
   * the bridge holds none with that id.
   *
   * @example
   * ```ts
   * const found = await bridge.findMessage({ messageId }); // { message, encoded } | null
   * ```
   */
  async findMessage({ messageId }: { readonly messageId: Hex }): Promise<FoundMessage | null> {
    checkMessageId(messageId);
    const wanted = messageId.toLowerCase();
    const held = await this.read(() => this.#reads.outboundFirst());
    for (let nonce = (await this.read(() => this.#reads.data())).outboundNonce; nonce >= held; nonce--) {
      const m = await this.read(() => this.#reads.outbound(nonce));
      if (m && !("rejected" in m) && m.messageId.toLowerCase() === wanted) return { message: m.message, encoded: m.encoded };
    }
    return null;
  }

  /**
   * This bridge as a relayer destination ({@link TonDestination}), e.g. to follow or self-relay a message sent to TON
   * from another chain's client. The acting wallet pays each delivery (0.2 TON attached, the excess refunded) unless
   * `sender` is given.
   *
   * @example
   * ```ts
   * const s = await homeBridgeClient.status({ messageId, validators: urls, destination: tonBridge.asDestination() });
   * ```
   */
  asDestination({ sender }: { readonly sender?: TonClientParameters["sender"] } = {}): TonDestination {
    const p = this.#p;
    return new TonDestination({
      open: p.open,
      bridge: this.#bridge,
      sender: sender ?? p.sender,
      ...(p.now ? { now: p.now } : {}),
      ...(p.trace ? { trace: p.trace } : {}),
    });
  }

  /**
   * Outbound token message `nonce` re-derived, null when absent or a governance message (the executor's, never a
   * wallet's transfer); throws when the stored bytes do not re-derive.
   */
  async #outbound(nonce: bigint): Promise<ObservedMessage | null> {
    const d = await this.read(() => this.#reads.outbound(nonce));
    if (d && "rejected" in d) throw new Error(`TON outbound message ${nonce} does not re-derive (bytes ${d.rejected})`);
    return d && !isGovernanceMessage(d.message) ? { ...d, message: d.message } : null;
  }

  /** The message the bridge logged (external out message, body `BridgeMessage`) in a transaction chain, re-derived. */
  #loggedMessage(transactions: readonly Transaction[]): TonSimulatedTransfer | undefined {
    for (const tx of transactions) {
      for (const out of tx.outMessages.values()) {
        if (out.info.type !== "external-out" || !out.info.src.equals(this.#bridge)) continue;
        const s = out.body.beginParse();
        const m = loadBridgeMessage(s.remainingBits >= 712 ? s : s.loadRef().beginParse());
        const d = deriveTonMessage(m.nonce, messageBytes(beginCell().store(storeBridgeMessage(m)).endCell()));
        if ("rejected" in d || isGovernanceMessage(d.message))
          throw new Error(
            `the TON bridge logged a message that does not re-derive as a token message (${"rejected" in d ? d.rejected : d.messageId})`,
          );
        return { message: d.message, messageId: d.messageId };
      }
    }
    return undefined;
  }

  /**
   * The message this wallet just sent: the first outbound message from `first` on carrying exactly what was sent (a
   * concurrent sender may have taken `first`). With the chain observed it must be there at once; otherwise it is polled.
   */
  async #awaitOutbound(first: bigint, want: WantedMessage, observed: boolean): Promise<ObservedMessage> {
    const { intervalMs, timeoutMs } = this.#p.poll ?? { intervalMs: 1500, timeoutMs: 90_000 };
    const deadline = Date.now() + timeoutMs;
    let nonce = first;
    for (;;) {
      const m = await this.#outbound(nonce);
      if (m) {
        const x = m.message;
        if (x.dstDomain === want.dstDomain && x.recipient === want.recipient && x.amount === want.amount && x.sender === want.sender) {
          return m;
        }
        nonce++;
        continue;
      }
      if (observed)
        throw new Error(
          `the TON bridge recorded no outbound message from nonce ${first} carrying ${want.amount} to ${want.recipient} on ${want.dstDomain}`,
        );
      if (Date.now() > deadline) throw new Error(`TON outbound message from nonce ${first} not observed within ${timeoutMs} ms`);
      await sleep(intervalMs);
    }
  }

  #timeout(): { httpTimeoutMs?: number } {
    return this.#p.httpTimeoutMs === undefined ? {} : { httpTimeoutMs: this.#p.httpTimeoutMs };
  }
}
