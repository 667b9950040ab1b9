/**
 * Transaction chains on a live TON network. A send returns nothing there, so the outcome is
 * reconstructed: the sending wallet's transaction that emitted the message, then, breadth first,
 * the transaction each internal message caused at its destination (matched by source and logical
 * time). Plug the result into `TonClientParameters.trace`.
 */
import type { Address, Message, Transaction } from "@ton/core";
import type { TonSentMessage } from "./contracts.js";

/** Where transactions are read: `TonClient` of @ton/ton (and @ton/sandbox's `Blockchain`) fit as they are. */
export interface TonTransactionSource {
  /** The account's transactions, newest first. */
  getTransactions(address: Address, opts: { limit: number }): Promise<readonly Transaction[]>;
}

/** Parameters of {@link createTonTracer}. */
export interface CreateTonTracerParameters {
  readonly source: TonTransactionSource;
  /** Delay between polls while a transaction has not appeared yet (default 1500 ms). */
  readonly pollIntervalMs?: number;
  /** Give up after this long (default 90 s). */
  readonly timeoutMs?: number;
  /** Longest chain followed (default 64 transactions). */
  readonly maxTransactions?: number;
  /** How many recent transactions of an account are searched per poll (default 20). */
  readonly window?: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function internalOut(tx: Transaction): Message[] {
  return tx.outMessages.values().filter((m) => m.info.type === "internal");
}

/**
 * Builds a `trace` function for live networks.
 *
 * @example
 * ```ts
 * const client = new TonClient({ endpoint });
 * const market = new TonMarketplaceClient({ open: client.open.bind(client), sender, deployment,
 *   trace: createTonTracer({ source: client }) });
 * ```
 */
export function createTonTracer(parameters: CreateTonTracerParameters): (sent: TonSentMessage) => Promise<Transaction[]> {
  const { source, pollIntervalMs = 1500, timeoutMs = 90_000, maxTransactions = 64, window = 20 } = parameters;
  return async (sent) => {
    const deadline = Date.now() + timeoutMs;
    async function poll(address: Address, match: (tx: Transaction) => boolean, what: string): Promise<Transaction> {
      for (;;) {
        const found = (await source.getTransactions(address, { limit: window })).find(match);
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`TON trace timed out waiting for ${what}`);
        await sleep(pollIntervalMs);
      }
    }
    // the wallet's newest transaction, from the send time on, that emitted a message to `to`
    const root = await poll(
      sent.from,
      (tx) => tx.now >= sent.sentAt && internalOut(tx).some((m) => m.info.type === "internal" && m.info.dest.equals(sent.to)),
      `the sending wallet's transaction`,
    );
    const chain: Transaction[] = [root];
    const pending: Array<{ from: Address; message: Message }> = internalOut(root).map((message) => ({ from: sent.from, message }));
    while (pending.length > 0) {
      if (chain.length >= maxTransactions) throw new Error(`TON trace longer than ${maxTransactions} transactions`);
      const { from, message } = pending.shift()!;
      if (message.info.type !== "internal") continue;
      const { dest, createdLt } = message.info;
      const tx = await poll(
        dest,
        (t) => t.inMessage?.info.type === "internal" && t.inMessage.info.createdLt === createdLt && t.inMessage.info.src.equals(from),
        `the transaction of message lt ${createdLt} at ${dest.toString()}`,
      );
      chain.push(tx);
      for (const m of internalOut(tx)) pending.push({ from: dest, message: m });
    }
    return chain;
  };
}
