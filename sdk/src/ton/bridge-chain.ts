/**
 * TON as a source and a destination of the relayer (DESIGN §8), over the TON bridge contract
 * (contracts-ton/contracts/bridge/bridge.tolk). Both work with any @ton/core opener: `blockchain.openContract`
 * of @ton/sandbox or `TonClient.open` of @ton/ton.
 */
import { createRequire } from "node:module";
import {
  Address, beginCell, Cell, Dictionary, SendMode, toNano,
  type Contract, type ContractProvider, type Sender, type Transaction,
} from "@ton/core";
import { keccak_256 } from "@noble/hashes/sha3";
import { toHex, type Address as EvmAddress, type Hex } from "viem";
import { DOMAINS, type Domain, type UniversalAddress } from "@calctra/core";
import { BRIDGE_MESSAGE_BYTES, rederiveStoredMessage } from "../bridge/stored.js";
import type { DeliveryResult, DestinationChain, ObservedMessage, ScanResult, SignedMessage, SourceChain, ValidatorSetView } from "../bridge/types.js";

/** Op code of `BridgeDeliver` (contracts-ton/contracts/bridge/messages.tolk). */
export const TON_BRIDGE_DELIVER_OP = 0x4272446c;
/** TON attached to a delivery (the contract requires ≥ 0.15 TON; excesses of the mint come back). */
export const TON_DELIVER_VALUE = toNano("0.2");
const MESSAGE_BYTES = BRIDGE_MESSAGE_BYTES;

/** The 32-byte universal address (account id) of a workchain-0 TON account. */
export function tonUniversalAddress(address: Address): UniversalAddress {
  if (address.workChain !== 0) throw new RangeError(`not a workchain-0 address: ${address.toString()}`);
  return `0x${address.hash.toString("hex")}`;
}

const load = createRequire(import.meta.url);
let exitNames: Map<number, string> | undefined;

/** Canonical name of a TON exit code (the named constants of the Tolk sources, read by contracts-ton/wrappers/abi.ts). */
export function tonExitName(exitCode: number): string | undefined {
  if (!exitNames) {
    // loaded at run time: the wrappers are compiled under contracts-ton's own tsconfig
    const abi = load("../../../contracts-ton/wrappers/abi") as { Errors: Readonly<Record<string, number>> };
    exitNames = new Map(Object.entries(abi.Errors).map(([name, code]) => [code, name]));
  }
  return exitNames.get(exitCode);
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

/** The bridge contract as @ton/core sees it: the delivery message and the get-methods the services read. */
class TonBridgeContract implements Contract {
  constructor(readonly address: Address) {}

  async sendDeliver(provider: ContractProvider, via: Sender, body: Cell, value: bigint): Promise<void> {
    await provider.internal(via, { value, sendMode: SendMode.PAY_GAS_SEPARATELY, body });
  }
  async getIsDelivered(provider: ContractProvider, messageId: bigint): Promise<boolean> {
    return (await provider.get("get_is_delivered", [{ type: "int", value: messageId }])).stack.readBoolean();
  }
  async getOutboundMessage(provider: ContractProvider, nonce: bigint): Promise<Buffer | null> {
    const c = (await provider.get("get_outbound_message", [{ type: "int", value: nonce }])).stack.readCellOpt();
    return c ? c.beginParse().loadBuffer(MESSAGE_BYTES) : null;
  }
  async getValidatorSets(provider: ContractProvider) {
    const s = (await provider.get("get_validator_sets", [])).stack;
    return {
      setHash: s.readBigNumber(), size: s.readNumber(), threshold: s.readNumber(),
      previousSetHash: s.readBigNumber(), previousThreshold: s.readNumber(), previousValidUntil: s.readNumber(),
    };
  }
  /** The raw storage cell (to read the signer lists, which no get-method returns). */
  async getData(provider: ContractProvider): Promise<Cell | null> {
    const state = await provider.getState();
    return state.state.type === "active" && state.state.data ? Cell.fromBoc(state.state.data)[0] ?? null : null;
  }
}

/** The opened contract: the same methods without the provider argument; sends may return a result (sandbox). */
interface OpenedBridge {
  readonly address: Address;
  sendDeliver(via: Sender, body: Cell, value: bigint): Promise<unknown>;
  getIsDelivered(messageId: bigint): Promise<boolean>;
  getOutboundMessage(nonce: bigint): Promise<Buffer | null>;
  getValidatorSets(): ReturnType<TonBridgeContract["getValidatorSets"]>;
  getData(): Promise<Cell | null>;
}

/** What TON sources and destinations are built from. */
export interface TonBridgeParameters {
  /** Opens a contract: `blockchain.openContract.bind(blockchain)` (@ton/sandbox) or `tonClient.open.bind(tonClient)`. */
  readonly open: (contract: Contract) => object;
  /** The bridge contract (workchain 0). */
  readonly bridge: Address;
}

function openBridge(p: TonBridgeParameters): OpenedBridge {
  return p.open(new TonBridgeContract(p.bridge)) as OpenedBridge;
}

/** A message the destination sent, for {@link TonDestinationParameters.trace} (same shape as the SDK's `TonSentMessage`). */
export interface TonSentDelivery {
  readonly from: Address;
  readonly to: Address;
  readonly sentAt: number;
}

/** Parameters of {@link TonDestination}. */
export interface TonDestinationParameters extends TonBridgeParameters {
  /** The relayer's wallet (pays the delivery; its `address` must be set). */
  readonly sender: Sender;
  /** TON attached to each delivery (default 0.2 TON). */
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
  const signers = dict.keys().filter((k) => dict.get(k) === true).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return { signers, size, threshold, setHash };
}

/** The current and previous sets from the bridge's storage (storage.tolk `BridgeStorage` → `sets`). */
function readSets(data: Cell) {
  const s = data.beginParse();
  s.loadBit();            // paused
  s.loadUintBig(64);      // outboundNonce
  s.loadUintBig(64);      // nextQueryId
  s.loadCoins();          // unburned
  s.loadAddress();        // minter
  s.loadMaybeAddress();   // jettonWallet
  s.loadRef();            // config
  const sets = s.loadRef().beginParse();
  const current = readSet(sets.loadRef());
  const prevCell = sets.loadMaybeRef();
  const previousValidUntil = sets.loadUint(32);
  return { current, previous: prevCell ? readSet(prevCell) : null, previousValidUntil };
}

/**
 * TON destination: one `BridgeDeliver` internal message per bridge message (89 bytes in a ref, the r|s|v
 * signatures one per cell, ascending by signer), sent from the relayer's wallet. The outcome is read from the
 * transaction chain (sandbox result or `trace`): a refusal throws a {@link TonDeliveryError} named after the
 * contract's exit code; a bounced mint (the delivery undone) throws too.
 */
export class TonDestination implements DestinationChain {
  readonly domain: Domain = DOMAINS.ton;
  readonly bridge: UniversalAddress;
  readonly maxBatch: number;
  readonly #p: TonDestinationParameters;
  readonly #c: OpenedBridge;

  constructor(parameters: TonDestinationParameters) {
    this.#p = parameters;
    this.#c = openBridge(parameters);
    this.bridge = tonUniversalAddress(parameters.bridge);
    this.maxBatch = Math.max(1, Math.min(parameters.maxBatch ?? 1, 16));
  }

  #now(): number {
    return this.#p.now?.() ?? Math.floor(Date.now() / 1000);
  }

  /**
   * The sets the bridge accepts now. No get-method lists signers, so they are read from the contract's
   * storage and checked against `get_validator_sets` (size, threshold and set hash must match).
   */
  async validatorSet(): Promise<ValidatorSetView> {
    const [view, data] = await Promise.all([this.#c.getValidatorSets(), this.#c.getData()]);
    if (!data) throw new Error(`TON bridge ${this.#p.bridge.toString()} is not active`);
    const sets = readSets(data);
    const check = (set: ReturnType<typeof readSet>, hash: bigint, threshold: number, what: string) => {
      if (set.setHash !== hash || setHashOf(set.signers) !== hash || set.threshold !== threshold || set.signers.length !== set.size) {
        throw new Error(`TON bridge ${what} validator set read from storage does not match get_validator_sets`);
      }
    };
    check(sets.current, view.setHash, view.threshold, "current");
    let previous: ValidatorSetView["previous"];
    if (sets.previous && view.previousSetHash !== 0n && this.#now() < view.previousValidUntil) {
      check(sets.previous, view.previousSetHash, view.previousThreshold, "previous");
      previous = { validators: sets.previous.signers.map(evmAddress), threshold: sets.previous.threshold };
    }
    return { validators: sets.current.signers.map(evmAddress), threshold: sets.current.threshold, previous };
  }

  async isDelivered(messageId: Hex): Promise<boolean> {
    return this.#c.getIsDelivered(BigInt(messageId));
  }

  /** The `BridgeDeliver` body of a signed message (signatures kept in the given order: ascending by signer). */
  static deliverBody(m: SignedMessage, queryId = 0n): Cell {
    const encoded = Buffer.from(m.encoded.slice(2), "hex");
    if (encoded.length !== MESSAGE_BYTES) throw new RangeError(`a bridge message has ${MESSAGE_BYTES} bytes, got ${encoded.length}`);
    let chain: Cell | null = null;
    for (let i = m.signatures.length - 1; i >= 0; i--) {
      const sig = Buffer.from(m.signatures[i]!.signature.slice(2), "hex");
      if (sig.length !== 65) throw new RangeError("a signature has 65 bytes");
      const b = beginCell().storeBuffer(sig);
      if (chain) b.storeRef(chain);
      chain = b.endCell();
    }
    return beginCell().storeUint(TON_BRIDGE_DELIVER_OP, 32).storeUint(queryId, 64)
      .storeRef(beginCell().storeBuffer(encoded).endCell())
      .storeRef(chain ?? beginCell().endCell())
      .endCell();
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
    const sender = this.#p.sender;
    if (!sender.address) throw new Error("the TON sender has no address");
    const sentAt = this.#now();
    const result = await this.#c.sendDeliver(sender, TonDestination.deliverBody(m), this.#p.value ?? TON_DELIVER_VALUE);
    let transactions: readonly Transaction[] | undefined;
    if (result && typeof result === "object" && "transactions" in result && Array.isArray(result.transactions)) {
      transactions = result.transactions as Transaction[];
    } else if (this.#p.trace) {
      transactions = await this.#p.trace({ from: sender.address, to: this.#p.bridge, sentAt });
    }
    if (!transactions) return this.#awaitDelivered(m.messageId);
    const tx = transactions.find((t) => t.inMessage?.info.type === "internal" && t.inMessage.info.dest.equals(this.#p.bridge)
      && !t.inMessage.info.bounced && (() => {
        const s = t.inMessage!.body.beginParse();
        return s.remainingBits >= 32 && s.preloadUint(32) === TON_BRIDGE_DELIVER_OP;
      })());
    if (!tx) throw new Error(`no BridgeDeliver transaction at the TON bridge for ${m.messageId}`);
    const hash = tx.hash().toString("hex");
    const d = tx.description;
    if (d.type !== "generic") throw new Error(`unexpected TON transaction type ${d.type} for ${m.messageId}`);
    if (d.computePhase.type === "skipped") throw new TonDeliveryError("ComputeSkipped", -1, m.messageId, hash);
    if (!d.computePhase.success) {
      const code = d.computePhase.exitCode;
      throw new TonDeliveryError(tonExitName(code) ?? `ExitCode${code}`, code, m.messageId, hash);
    }
    if (d.actionPhase && !d.actionPhase.success) {
      throw new TonDeliveryError(`ActionPhase${d.actionPhase.resultCode}`, d.actionPhase.resultCode, m.messageId, hash);
    }
    // A bounced mint undoes the delivery: the message is then not recorded any more.
    if (!(await this.isDelivered(m.messageId))) throw new Error(`TON delivery of ${m.messageId} (tx ${hash}) was undone (mint bounced)`);
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
 * missing one). The "block" of the relayer's cursor is the nonce. Each message is re-derived: its bytes are
 * decoded, checked (srcDomain = TON, nonce = the key it is stored under), re-encoded with the SDK codec and
 * must give the same bytes and id; otherwise it is rejected (never signed, never relayed). A get-method does not
 * reveal the emitting transaction: `blockNumber` is the nonce and `transactionHash` carries the messageId.
 */
export class TonSource implements SourceChain {
  readonly domain: Domain = DOMAINS.ton;
  readonly #p: TonSourceParameters;
  readonly #c: OpenedBridge;
  /** First time each nonce was seen (for the delay). */
  readonly #seen = new Map<bigint, number>();

  constructor(parameters: TonSourceParameters) {
    this.#p = parameters;
    this.#c = openBridge(parameters);
  }

  async scan(fromBlock: bigint): Promise<ScanResult | null> {
    const now = this.#p.now?.() ?? Math.floor(Date.now() / 1000);
    const delay = this.#p.delaySeconds ?? 0;
    const max = BigInt(this.#p.maxPerScan ?? 256);
    const first = fromBlock < 1n ? 1n : fromBlock;
    const messages: ObservedMessage[] = [];
    const rejected: Hex[] = [];
    let last = first - 1n;
    for (let nonce = first; nonce < first + max; nonce++) {
      const raw = await this.#c.getOutboundMessage(nonce);
      if (!raw) break;
      const seen = this.#seen.get(nonce) ?? now;
      this.#seen.set(nonce, seen);
      if (now < seen + delay) break;
      const derived = deriveTonMessage(nonce, raw);
      if ("rejected" in derived) rejected.push(derived.rejected);
      else messages.push(derived);
      this.#seen.delete(nonce);
      last = nonce;
    }
    if (last < first) return null;
    return { messages, rejected, toBlock: last };
  }
}

/** Re-derives the outbound message stored under `nonce`, or names it rejected (by the keccak of its bytes). */
export function deriveTonMessage(nonce: bigint, raw: Uint8Array): ObservedMessage | { rejected: Hex } {
  return rederiveStoredMessage({ bytes: raw, nonce, srcDomain: DOMAINS.ton });
}
