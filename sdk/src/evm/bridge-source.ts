import { toHex, type Address, type Hex, type PublicClient } from "viem";
import { bridgeMessageId, encodeBridgeMessage, type BridgeMessage, type Domain } from "@calctra/core";
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
 */
export function deriveMessage(srcDomain: Domain, f: MessageSentFields): { message: BridgeMessage; messageId: Hex; encoded: Hex } | null {
  const message: BridgeMessage = {
    version: 1, srcDomain, dstDomain: f.dstDomain, nonce: f.nonce, sender: f.sender, recipient: f.recipient, amount: f.amount,
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

/** Parameters of {@link EvmSource}. */
export interface EvmSourceParameters {
  readonly client: PublicClient;
  /** The source bridge (vault or minter). */
  readonly bridge: Address;
  /** The source domain (its chain id); checked against the chain at the first poll. */
  readonly domain: Domain;
  /** Blocks on top of the event's block before it counts (0 = the head itself). */
  readonly confirmations: number;
  /** Largest block range per `eth_getLogs`. */
  readonly maxBlockRange?: bigint;
}

/** Watches a source EVM chain for confirmed `MessageSent` events. */
export class EvmSource implements SourceChain {
  readonly domain: Domain;
  readonly #p: EvmSourceParameters;
  #chainChecked = false;

  constructor(parameters: EvmSourceParameters) {
    this.#p = parameters;
    this.domain = parameters.domain;
  }

  /** Scans blocks `fromBlock ..= head - confirmations`; returns null when nothing new is confirmed. */
  async scan(fromBlock: bigint): Promise<ScanResult | null> {
    const client = this.#p.client;
    if (!this.#chainChecked) {
      const chainId = await client.getChainId();
      if (chainId !== this.domain) throw new Error(`source chain id ${chainId} is not domain ${this.domain}`);
      this.#chainChecked = true;
    }
    const head = await client.getBlockNumber({ cacheTime: 0 });
    const safe = head - BigInt(this.#p.confirmations);
    if (safe < fromBlock) return null;
    const range = this.#p.maxBlockRange ?? 2_000n;
    const messages: ObservedMessage[] = [];
    const rejected: Hex[] = [];
    for (let start = fromBlock; start <= safe; start += range) {
      const end = start + range - 1n < safe ? start + range - 1n : safe;
      const logs = await client.getContractEvents({
        address: this.#p.bridge, abi: bridgeAbi, eventName: "MessageSent", fromBlock: start, toBlock: end, strict: true,
      });
      for (const log of logs) {
        const derived = deriveMessage(this.domain, log.args);
        if (!derived) {
          rejected.push(log.args.messageId);
          continue;
        }
        messages.push({ ...derived, blockNumber: log.blockNumber, transactionHash: log.transactionHash, logIndex: log.logIndex });
      }
    }
    return { messages, rejected, toBlock: safe };
  }
}
