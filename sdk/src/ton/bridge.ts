/**
 * The SDK's TON bridge client (DESIGN §8): send CAL from TON to another domain (a CAL jetton transfer to the TON
 * bridge with the `BridgeSendPayload` forward payload; the bridge burns it and records an outbound message), read a
 * message's status (sent, signed k/M, delivered, failed: why) and deliver it yourself on its destination.
 *
 * The payload layout and the bridge's get-methods come from the TON engineer's wrapper (contracts-ton/wrappers/Bridge.ts,
 * loaded at run time like the other wrappers); outbound messages are re-derived with the bridge package's
 * `deriveTonMessage`, the way validators read them; status and self-relay share sdk/src/bridge/delivery.ts with the
 * EVM and Solana clients.
 */
import { createRequire } from "node:module";
import { Address, toNano, type Cell, type Contract, type ContractProvider } from "@ton/core";
import type { Address as EvmAddress, Hex } from "viem";
import { TonDestination, deriveTonMessage, tonUniversalAddress } from "./bridge-chain.js";
import { EvmBridgeClient, type BridgeStatusParameters, type BridgeStatusReturnType, type SelfRelayReturnType } from "../evm/bridge.js";
import { bridgeMessageStatus, bridgeRecipient, checkMessageId, checkTransfer, selfRelayMessage, type FoundMessage } from "../bridge/delivery.js";
import { DOMAINS } from "@calctra/core";
import type { BridgeClient, BridgeTransferParameters, BridgeTransferReturnType } from "@calctra/core";
import { CAL_CAP } from "@calctra/core";
import { CalctraError } from "@calctra/core";
import type { BridgeMessage, Domain, UniversalAddress } from "@calctra/core";
import { TonContractClient, type TonClientParameters } from "./clients.js";

/** `get_bridge_data` of the TON bridge (the part read here). */
interface TonBridgeData {
  paused: boolean; outboundNonce: bigint; minter: Address;
}
/** `get_domain` of the TON bridge. */
interface TonDomainView {
  known: boolean; enabled: boolean; inboundAvailable: bigint; inboundCapacity: bigint; outboundAvailable: bigint; outboundCapacity: bigint;
}
/** contracts-ton/wrappers/Bridge.ts (the part used here, with the wrapper's own signatures). */
interface BridgeWrapper extends Contract {
  getBridgeData(p: ContractProvider): Promise<TonBridgeData>;
  getDomain(p: ContractProvider, domain: number): Promise<TonDomainView>;
  getOutboundMessage(p: ContractProvider, nonce: bigint): Promise<Buffer | null>;
  getIsDelivered(p: ContractProvider, messageId: bigint): Promise<boolean>;
}
interface BridgeWrapperModule {
  readonly Bridge: { createFromAddress(a: Address): BridgeWrapper };
  bridgeSendPayload(dstDomain: number, recipient: bigint): Cell;
}

const load = createRequire(import.meta.url);
let wrapperModule: BridgeWrapperModule | undefined;
function bridgeWrapper(): BridgeWrapperModule {
  if (!wrapperModule) {
    // loaded at run time: the wrappers are compiled under contracts-ton's own tsconfig (see ./contracts.ts)
    const m = load("../../../contracts-ton/wrappers/Bridge") as Partial<BridgeWrapperModule>;
    if (!m.Bridge || typeof m.bridgeSendPayload !== "function") throw new Error("contracts-ton/wrappers/Bridge: Bridge or bridgeSendPayload not found");
    wrapperModule = m as BridgeWrapperModule;
  }
  return wrapperModule;
}

/** TON forwarded with the CAL transfer to the bridge by default (the bridge requires ≥ 0.1 TON: its gas and the burn chain). */
export const TON_BRIDGE_FORWARD_AMOUNT = toNano("0.15");

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

/** Parameters of {@link TonBridgeClient.status}: the shared ones, without the EVM block hint. */
export type TonBridgeStatusParameters = Omit<BridgeStatusParameters, "fromBlock">;

/** Parameters of {@link TonBridgeClient.selfRelay}. */
export type TonSelfRelayParameters = TonBridgeStatusParameters;

/** What {@link TonBridgeClient.selfRelay} returns (the shared shape). */
export type TonSelfRelayReturnType = SelfRelayReturnType;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The bridge on TON as a user (or a self-relaying wallet) sees it, over any @ton/core opener (`blockchain.openContract`
 * of @ton/sandbox or `TonClient.open` of @ton/ton) and the acting wallet's `Sender`. `transfer` is a CAL jetton
 * transfer to the bridge carrying `BridgeSendPayload { dstDomain, recipient }`; the bridge burns the CAL and records
 * the message under the next outbound nonce, read back and re-derived here as the validators do. Status and
 * self-relay share the EVM client's logic (signatures fetched from the validators and recovered locally against the
 * destination's digest and set).
 *
 * @example
 * ```ts
 * const bridge = new TonBridgeClient({ open: blockchain.openContract.bind(blockchain), sender: alice.getSender(), deployment });
 * const sent = await bridge.transfer({ dstDomain: 31337, recipient: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8", amount: 25n * CAL });
 * const s = await bridge.status({ messageId: sent.messageId, validators: urls, destination: homeBridgeClient });
 * ```
 */
export class TonBridgeClient extends TonContractClient implements BridgeClient {
  readonly #p: TonBridgeClientParameters;
  readonly #bridge: Address;

  constructor(parameters: TonBridgeClientParameters) {
    super(parameters);
    this.#p = parameters;
    const given = parameters.bridge ?? parameters.deployment.bridge?.address;
    if (given === undefined) throw new RangeError(`the TON deployment ${parameters.deployment.network} has no bridge entry: pass \`bridge\``);
    this.#bridge = typeof given === "string" ? Address.parse(given) : given;
    if (this.#bridge.workChain !== 0) throw new RangeError(`the TON bridge must be on workchain 0: ${this.#bridge.toString()}`);
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
    const b = this.#contract();
    return this.read(() => b.getIsDelivered(BigInt(messageId)));
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
  async transfer({ dstDomain, recipient, amount }: BridgeTransferParameters): Promise<TonTransferReturnType> {
    checkTransfer({ dstDomain, amount });
    if (amount > CAL_CAP) throw new CalctraError("BridgeInvalidMessage", { field: "amount", value: amount, reason: "above the CAL cap" });
    const to = bridgeRecipient(recipient, dstDomain);
    if (dstDomain === DOMAINS.ton) throw new CalctraError("BridgeUnknownDomain", { domain: dstDomain });
    const b = this.#contract();
    const data = await this.read(() => b.getBridgeData());
    if (!data.minter.equals(this.contract("calJettonMinter"))) {
      throw new RangeError(`the TON bridge ${this.#bridge.toString()} serves minter ${data.minter.toString()}, not the deployment's CAL minter`);
    }
    if (data.paused) throw new CalctraError("EnforcedPause");
    const domain = await this.read(() => b.getDomain(dstDomain));
    if (!domain.known || !domain.enabled) throw new CalctraError("BridgeUnknownDomain", { domain: dstDomain });
    if (domain.outboundAvailable < amount) throw new CalctraError("BridgeRateLimited", { domain: dstDomain, amount, available: domain.outboundAvailable });
    const forward = this.#p.forwardTonAmount ?? TON_BRIDGE_FORWARD_AMOUNT;
    if (forward < toNano("0.1")) throw new RangeError("forwardTonAmount must be at least 0.1 TON (the bridge refuses less)");

    const receipt = await this.transferCal(this.#bridge, amount, bridgeWrapper().bridgeSendPayload(dstDomain, BigInt(to)), forward);
    const want = { dstDomain, recipient: to, amount, sender: tonUniversalAddress(this.address) };
    const found = await this.#awaitOutbound(data.outboundNonce + 1n, want, receipt.transactionCount > 0);
    return {
      message: found.message, messageId: found.messageId, nonce: found.message.nonce, id: receipt.id,
      transactionCount: receipt.transactionCount, ...(receipt.cost === undefined ? {} : { cost: receipt.cost }),
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
    return selfRelayMessage({ messageId, found, validators, destination: await EvmBridgeClient.destinationView(destination), ...this.#timeout() });
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
    const b = this.#contract();
    const wanted = messageId.toLowerCase();
    for (let nonce = (await this.read(() => b.getBridgeData())).outboundNonce; nonce >= 1n; nonce--) {
      const m = await this.#outbound(nonce);
      if (m && m.messageId.toLowerCase() === wanted) return { message: m.message, encoded: m.encoded };
    }
    return null;
  }

  /**
   * This bridge as a relayer destination (the bridge package's `TonDestination`), e.g. to follow or self-relay a
   * message sent to TON from another chain's client. The acting wallet pays each delivery (0.2 TON attached, the
   * excess refunded) unless `sender` is given.
   *
   * @example
   * ```ts
   * const s = await homeBridgeClient.status({ messageId, validators: urls, destination: tonBridge.asDestination() });
   * ```
   */
  asDestination({ sender }: { readonly sender?: TonClientParameters["sender"] } = {}): TonDestination {
    const p = this.#p;
    return new TonDestination({
      open: p.open, bridge: this.#bridge, sender: sender ?? p.sender, ...(p.now ? { now: p.now } : {}), ...(p.trace ? { trace: p.trace } : {}),
    });
  }

  #contract() {
    return this.open(bridgeWrapper().Bridge.createFromAddress(this.#bridge));
  }

  /** Outbound message `nonce` re-derived, null when absent; throws when the stored bytes do not re-derive. */
  async #outbound(nonce: bigint): Promise<{ message: BridgeMessage; messageId: Hex; encoded: Hex } | null> {
    const b = this.#contract();
    const raw = await this.read(() => b.getOutboundMessage(nonce));
    if (!raw) return null;
    const d = deriveTonMessage(nonce, raw);
    if ("rejected" in d) throw new Error(`TON outbound message ${nonce} does not re-derive (bytes ${d.rejected})`);
    return { message: d.message, messageId: d.messageId, encoded: d.encoded };
  }

  /**
   * The message this wallet just sent: the first outbound message from `first` on carrying exactly what was sent (a
   * concurrent sender may have taken `first`). With the chain observed it must be there at once; otherwise it is polled.
   */
  async #awaitOutbound(first: bigint, want: { dstDomain: number; recipient: UniversalAddress; amount: bigint; sender: UniversalAddress }, observed: boolean) {
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
      if (observed) throw new Error(`the TON bridge recorded no outbound message from nonce ${first} carrying ${want.amount} to ${want.recipient} on ${want.dstDomain}`);
      if (Date.now() > deadline) throw new Error(`TON outbound message from nonce ${first} not observed within ${timeoutMs} ms`);
      await sleep(intervalMs);
    }
  }

  #timeout(): { httpTimeoutMs?: number } {
    return this.#p.httpTimeoutMs === undefined ? {} : { httpTimeoutMs: this.#p.httpTimeoutMs };
  }
}
