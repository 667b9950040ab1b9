/**
 * The EVM bridge as a source (DESIGN §8): its `MessageSent` events (and, read by {@link evmGovernanceMessagesSent},
 * its version-2 `GovernanceMessageSent` events), each re-derived independently before anyone trusts it. The validator and the relayer scan them through {@link EvmSource}; the bridge
 * client finds its own messages with the same query.
 */
import { hexToBytes, keccak256, toHex, type Address, type Hex, type PublicClient } from "viem";
import {
  type AnyBridgeMessage,
  bridgeMessageId,
  decodeGovernanceMessage,
  encodeBridgeMessage,
  encodeGovernanceMessage,
  isGovernanceMessage,
  type BridgeMessage,
  type Domain,
  type GovernanceMessage,
} from "@calctra/core";
import { bridgeVaultAbi as bridgeAbi } from "./generated/abis.js";
import type { ObservedMessage, ScanResult, SourceChain } from "../bridge/types.js";

/** The fields of a `MessageSent` event. */
export interface MessageSentFields {
  readonly messageId: Hex;
  readonly dstDomain: number;
  readonly nonce: bigint;
  readonly sender: Hex;
  readonly recipient: Hex;
  readonly amount: bigint;
}

/**
 * Re-derives the message of a `MessageSent` event independently: re-encodes it from the fields with the
 * source domain the watcher knows, and returns it only if its id equals the event's messageId.
 *
 * @example
 * ```ts
 * const derived = deriveMessage(31337, log.args);
 * if (!derived) console.warn("MessageSent does not re-derive to its id", log.args.messageId);
 * ```
 */
export function deriveMessage(srcDomain: Domain, f: MessageSentFields): { message: BridgeMessage; messageId: Hex; encoded: Hex } | null {
  const message: BridgeMessage = {
    version: 1,
    srcDomain,
    dstDomain: f.dstDomain,
    nonce: f.nonce,
    sender: f.sender,
    recipient: f.recipient,
    amount: f.amount,
  };
  let encoded: Uint8Array;
  try {
    encoded = encodeBridgeMessage(message);
  } catch {
    return null;
  }
  const messageId = toHex(bridgeMessageId(message));
  if (messageId !== f.messageId.toLowerCase()) return null;
  return { message, messageId, encoded: toHex(encoded) };
}

/** Parameters of {@link evmMessagesSent}. */
export interface EvmMessagesSentParameters {
  readonly client: PublicClient;
  readonly bridge: Address;
  /** The source domain the messages must carry. */
  readonly domain: Domain;
  readonly fromBlock: bigint;
  /** Inclusive; the head when omitted. */
  readonly toBlock?: bigint;
  /** Only this message. */
  readonly messageId?: Hex;
}

/**
 * The `MessageSent` events of a source bridge in a block range, re-derived: the messages whose fields re-derive
 * to their id, and the ids of those that do not (never signed, never relayed).
 *
 * @example
 * ```ts
 * const { messages } = await evmMessagesSent({ client, bridge, domain: 31337, fromBlock: 0n, messageId });
 * ```
 */
export async function evmMessagesSent(parameters: EvmMessagesSentParameters): Promise<{ messages: ObservedMessage[]; rejected: Hex[] }> {
  const { messages, rejected } = await readSent(parameters, ["MessageSent"]);
  return { messages: messages.filter((m): m is ObservedMessage => !isGovernanceMessage(m.message)), rejected };
}

/** The two outbound events a source bridge emits. */
type SentEvent = "MessageSent" | "GovernanceMessageSent";
const SENT_EVENTS = bridgeAbi.filter(
  (x): x is Extract<(typeof bridgeAbi)[number], { type: "event"; name: SentEvent }> =>
    x.type === "event" && (x.name === "MessageSent" || x.name === "GovernanceMessageSent"),
);

/**
 * One `eth_getLogs` over the chosen outbound events of a range, each re-derived by its own rule, in chain order:
 * the messages that re-derive, and the ids of those that do not.
 */
async function readSent(
  { client, bridge, domain, fromBlock, toBlock, messageId }: EvmMessagesSentParameters,
  events: readonly SentEvent[],
): Promise<{ messages: ObservedMessage<AnyBridgeMessage>[]; rejected: Hex[] }> {
  const chosen = SENT_EVENTS.filter((e) => events.includes(e.name));
  const range = { fromBlock, ...(toBlock === undefined ? {} : { toBlock }) };
  // One event: the node filters by the indexed messageId. Both: one query, the id (if any) filtered here.
  const logs = (
    chosen.length === 1
      ? await client.getLogs({
          address: bridge,
          event: chosen[0]!,
          strict: true,
          ...range,
          ...(messageId === undefined ? {} : { args: { messageId } }),
        })
      : (await client.getLogs({ address: bridge, events: chosen, strict: true, ...range })).filter(
          (l) => messageId === undefined || l.args.messageId.toLowerCase() === messageId.toLowerCase(),
        )
  ) as Awaited<ReturnType<typeof client.getLogs<undefined, typeof SENT_EVENTS, true>>>;
  const messages: ObservedMessage<AnyBridgeMessage>[] = [];
  const rejected: Hex[] = [];
  for (const log of logs) {
    const derived = log.eventName === "MessageSent" ? deriveMessage(domain, log.args) : deriveGovernanceMessage(domain, log.args);
    if (derived) messages.push({ ...derived, blockNumber: log.blockNumber, transactionHash: log.transactionHash, logIndex: log.logIndex });
    else rejected.push(log.args.messageId);
  }
  return { messages, rejected };
}

/**
 * Token (version 1) and governance (version 2) outbound messages of a range with one log query, in chain order.
 *
 * @example
 * ```ts
 * const { messages } = await evmOutboundMessages({ client, bridge: vault, domain: 31337, fromBlock: 0n });
 * ```
 */
export function evmOutboundMessages(
  parameters: EvmMessagesSentParameters,
): Promise<{ messages: ObservedMessage<AnyBridgeMessage>[]; rejected: Hex[] }> {
  return readSent(parameters, ["MessageSent", "GovernanceMessageSent"]);
}

/** The fields of a `GovernanceMessageSent` event (version 2). */
export interface GovernanceMessageSentFields {
  readonly messageId: Hex;
  readonly dstDomain: number;
  readonly nonce: bigint;
  /** The whole encoded version-2 message. */
  readonly message: Hex;
}

/** A version-2 (governance) message observed on a source chain, decoded and re-checked. */
export interface ObservedGovernanceMessage {
  readonly message: GovernanceMessage;
  /** keccak256 of the encoded message, re-computed locally (equal to the event's messageId). */
  readonly messageId: Hex;
  readonly encoded: Hex;
  readonly blockNumber: bigint;
  readonly transactionHash: Hex;
  readonly logIndex: number;
}

/**
 * Re-derives the message of a `GovernanceMessageSent` event independently: decodes the emitted bytes with
 * @calctra/core (kind and payload layout included), re-encodes them, and returns the message only if the bytes are
 * canonical, hash to the event's messageId and carry the watcher's source domain and the event's destination and nonce.
 *
 * @example
 * ```ts
 * const derived = deriveGovernanceMessage(31337, log.args);
 * if (!derived) console.warn("GovernanceMessageSent does not re-derive", log.args.messageId);
 * ```
 */
export function deriveGovernanceMessage(
  srcDomain: Domain,
  f: GovernanceMessageSentFields,
): { message: GovernanceMessage; messageId: Hex; encoded: Hex } | null {
  let message: GovernanceMessage;
  try {
    message = decodeGovernanceMessage(hexToBytes(f.message));
    if (toHex(encodeGovernanceMessage(message)) !== f.message.toLowerCase()) return null;
  } catch {
    return null;
  }
  const messageId = keccak256(f.message);
  if (messageId !== f.messageId.toLowerCase()) return null;
  if (message.srcDomain !== srcDomain || message.dstDomain !== f.dstDomain || message.nonce !== f.nonce) return null;
  return { message, messageId, encoded: toHex(hexToBytes(f.message)) };
}

/**
 * The `GovernanceMessageSent` (version-2) events of a source bridge in a block range, re-derived: the messages that
 * decode and match their event, and the ids of those that do not. The version-2 counterpart of {@link evmMessagesSent}.
 *
 * @example
 * ```ts
 * const { messages } = await evmGovernanceMessagesSent({ client, bridge: vault, domain: 31337, fromBlock: 0n });
 * ```
 */
export async function evmGovernanceMessagesSent(
  parameters: EvmMessagesSentParameters,
): Promise<{ messages: ObservedGovernanceMessage[]; rejected: Hex[] }> {
  const { messages, rejected } = await readSent(parameters, ["GovernanceMessageSent"]);
  return { messages: messages.filter((m): m is ObservedGovernanceMessage => isGovernanceMessage(m.message)), rejected };
}

/** How far behind the head a source is read: the chain's own finality (default) or the head itself. */
export type EvmFinality = "finalized" | "safe" | "latest";

/** Parameters of {@link EvmSource}. */
export interface EvmSourceParameters {
  readonly client: PublicClient;
  /** The source bridge (vault or minter). */
  readonly bridge: Address;
  /** The source domain (its chain id); checked against the chain at the first poll. */
  readonly domain: Domain;
  /**
   * The block tag read as the last block that counts (DESIGN §8: validators sign only at finality). Default
   * `"finalized"`; `"latest"` only for a chain that finalizes instantly (a local development node).
   */
  readonly finality?: EvmFinality;
  /** Extra blocks below the finality tag's block before a message counts (default 0). */
  readonly confirmations?: number;
  /**
   * Independent RPC endpoints of the same chain that must agree with `client` before anything is reported:
   * the scan stops at the lowest final block among the endpoints that answer, and any message seen by one
   * answering endpoint but not all fails the scan (nothing is signed and the cursor does not move).
   */
  readonly witnesses?: readonly PublicClient[];
  /** How many endpoints (client + witnesses) must answer; default all of them. */
  readonly quorum?: number;
  /** Largest block range per `eth_getLogs`. */
  readonly maxBlockRange?: bigint;
}

/** Thrown by {@link EvmSource.scan} when independent endpoints disagree or too few answer. */
export class SourceQuorumError extends Error {
  override readonly name = "SourceQuorumError";
}

/**
 * Watches a source EVM chain for final `MessageSent` events (the services' `SourceChain`).
 *
 * @example
 * ```ts
 * const source = new EvmSource({ client: publicClient, bridge: vault, domain: 31337, finality: "finalized" });
 * const scanned = await source.scan(0n);
 * ```
 */
export class EvmSource implements SourceChain {
  readonly domain: Domain;
  readonly #p: EvmSourceParameters;
  readonly #endpoints: readonly PublicClient[];
  readonly #quorum: number;
  readonly #checked = new Set<PublicClient>();

  constructor(parameters: EvmSourceParameters) {
    this.#p = parameters;
    this.domain = parameters.domain;
    this.#endpoints = [parameters.client, ...(parameters.witnesses ?? [])];
    this.#quorum = parameters.quorum ?? this.#endpoints.length;
    if (!Number.isInteger(this.#quorum) || this.#quorum < 1 || this.#quorum > this.#endpoints.length)
      throw new RangeError(`quorum ${this.#quorum} must be between 1 and the ${this.#endpoints.length} endpoint(s)`);
  }

  /** The last block that counts on one endpoint: its finality tag's block minus the extra confirmations. */
  async #finalBlock(client: PublicClient): Promise<bigint> {
    if (!this.#checked.has(client)) {
      const chainId = await client.getChainId();
      if (chainId !== this.domain) throw new Error(`source chain id ${chainId} is not domain ${this.domain}`);
      this.#checked.add(client);
    }
    const finality = this.#p.finality ?? "finalized";
    const tip =
      finality === "latest" ? await client.getBlockNumber({ cacheTime: 0 }) : (await client.getBlock({ blockTag: finality })).number;
    return tip - BigInt(this.#p.confirmations ?? 0);
  }

  /** Token (version 1) and governance (version 2) messages of a block range, in chain order. */
  async #scanRange(
    client: PublicClient,
    fromBlock: bigint,
    toBlock: bigint,
  ): Promise<{ messages: ObservedMessage<AnyBridgeMessage>[]; rejected: Hex[] }> {
    const range = this.#p.maxBlockRange ?? 2_000n;
    const messages: ObservedMessage<AnyBridgeMessage>[] = [];
    const rejected: Hex[] = [];
    for (let start = fromBlock; start <= toBlock; start += range) {
      const end = start + range - 1n < toBlock ? start + range - 1n : toBlock;
      const found = await evmOutboundMessages({ client, bridge: this.#p.bridge, domain: this.domain, fromBlock: start, toBlock: end });
      messages.push(...found.messages);
      rejected.push(...found.rejected);
    }
    return { messages, rejected };
  }

  /**
   * Scans blocks `fromBlock ..= final block` (the lowest among the endpoints that answer); returns null when
   * nothing new is final. With witnesses, throws {@link SourceQuorumError} when fewer than `quorum` endpoints
   * answer or when they report different messages.
   *
   * @example
   * ```ts
   * const r = await source.scan(cursor + 1n);
   * if (r) cursor = r.toBlock;
   * ```
   */
  async scan(fromBlock: bigint): Promise<ScanResult | null> {
    const settled = await Promise.allSettled(this.#endpoints.map((c) => this.#finalBlock(c).then((b) => ({ c, b }))));
    const answered = settled.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
    if (answered.length < this.#quorum) {
      const first = settled.find((r) => r.status === "rejected");
      // a lone endpoint's own error is the clearest report (e.g. a wrong chain id)
      if (this.#endpoints.length === 1 && first) throw first.reason;
      throw new SourceQuorumError(`${answered.length} of ${this.#endpoints.length} endpoint(s) answered; ${this.#quorum} required`);
    }
    let safe = answered[0]!.b;
    for (const a of answered) if (a.b < safe) safe = a.b;
    if (safe < fromBlock) return null;
    const [first, ...others] = await Promise.all(answered.map((a) => this.#scanRange(a.c, fromBlock, safe)));
    const key = (r: { messages: ObservedMessage<AnyBridgeMessage>[]; rejected: Hex[] }) =>
      JSON.stringify([r.messages.map((m) => m.messageId).sort(), [...r.rejected].sort()]);
    const expected = key(first!);
    if (others.some((o) => key(o) !== expected))
      throw new SourceQuorumError(`endpoints disagree on the messages of blocks ${fromBlock}..${safe}; nothing is signed`);
    return { ...first!, toBlock: safe };
  }
}
