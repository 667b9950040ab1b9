import { BaseError, ContractFunctionRevertedError, recoverAddress, toHex, type Address, type Hex } from "viem";
import type { Logger } from "pino";
import { bridgeDigest, decodeBridgeMessage, hexToBytesStrict, type Domain } from "./sdk.js";
import { JsonServer, getJson } from "./http.js";
import type { EvmSource } from "./source.js";
import type { RelayRecord, RelayStore } from "./store.js";
import type { DestinationChain, SignedMessage, ValidatorSetView, ValidatorSignature } from "./types.js";

/** Parameters of {@link Relayer}. */
export interface RelayerParameters {
  readonly sources: readonly { source: EvmSource; startBlock: bigint }[];
  readonly destinations: ReadonlyMap<Domain, DestinationChain>;
  /** Base URLs of the validators' HTTP services. */
  readonly validators: readonly string[];
  readonly store: RelayStore;
  readonly logger: Logger;
  readonly httpTimeoutMs?: number;
  /** Exponential backoff: `min(maxMs, baseMs * 2^attempts)`. */
  readonly retry?: { readonly baseMs: number; readonly maxMs: number };
  /** Messages handled per poll. */
  readonly maxPerPoll?: number;
}

/**
 * The untrusted relayer: scans sources, collects and checks validator signatures over HTTP, and delivers
 * batches on destinations. Idempotent: a message is checked on the destination before every submission
 * and destinations refuse replays, so re-running (or running after a crash) never double-delivers.
 */
export class Relayer {
  readonly #p: RelayerParameters;
  readonly #server = new JsonServer();
  #timer: NodeJS.Timeout | null = null;
  #polling: Promise<void> | null = null;
  #lastError: string | null = null;
  /** Current fault per component ("source:<domain>", "destination:<domain>"); cleared on success. */
  readonly #faults = new Map<string, string>();

  constructor(parameters: RelayerParameters) {
    this.#p = parameters;
    this.#server
      .get("/health", () => [200, this.health()])
      .get("/messages/:messageId", ({ messageId }) => {
        const r = this.#p.store.get(messageId as Hex);
        return r ? [200, describe(r)] : [404, { error: "unknown message", messageId }];
      });
  }

  health() {
    const counts: Record<string, number> = {};
    for (const r of this.#p.store.list()) counts[r.status] = (counts[r.status] ?? 0) + 1;
    return { ok: this.#faults.size === 0, counts, faults: Object.fromEntries(this.#faults), lastError: this.#lastError };
  }

  /** Status of a message, e.g. "signed 2/3", "delivered", "failed: <why>". */
  status(messageId: Hex): string | undefined {
    const r = this.#p.store.get(messageId);
    return r ? describe(r).status : undefined;
  }

  /** One full pass: scan sources, collect signatures, deliver. */
  async pollOnce(): Promise<void> {
    this.#polling ??= this.#poll().finally(() => { this.#polling = null; });
    return this.#polling;
  }

  async #poll(): Promise<void> {
    const { store, logger } = this.#p;
    for (const { source, startBlock } of this.#p.sources) {
      try {
        const scan = await source.scan(store.cursor(source.domain) ?? startBlock);
        if (!scan) continue;
        for (const m of scan.messages) store.addSent(m);
        store.setCursor(source.domain, scan.toBlock + 1n);
        if (scan.messages.length) logger.info({ domain: source.domain, count: scan.messages.length, toBlock: scan.toBlock.toString() }, "messages observed");
        this.#faults.delete(`source:${source.domain}`);
      } catch (e) {
        this.#lastError = errorText(e);
        this.#faults.set(`source:${source.domain}`, this.#lastError);
        logger.warn({ domain: source.domain, err: this.#lastError }, "source scan failed; will retry");
      }
    }
    const due = store.listDue(Date.now(), this.#p.maxPerPoll ?? 1000);
    const byDst = new Map<Domain, RelayRecord[]>();
    for (const r of due) byDst.set(r.dstDomain, [...(byDst.get(r.dstDomain) ?? []), r]);
    for (const [domain, records] of byDst) await this.#relayTo(domain, records);
  }

  async #relayTo(domain: Domain, records: RelayRecord[]): Promise<void> {
    const { store, logger } = this.#p;
    const dst = this.#p.destinations.get(domain);
    if (!dst) {
      for (const r of records) store.markFailed(r.messageId, `no destination configured for domain ${domain}`, this.#backoff(r));
      return;
    }
    let set: ValidatorSetView;
    try {
      set = await dst.validatorSet();
      this.#faults.delete(`destination:${domain}`);
    } catch (e) {
      this.#lastError = errorText(e);
      this.#faults.set(`destination:${domain}`, this.#lastError);
      for (const r of records) store.markFailed(r.messageId, `destination unreachable: ${this.#lastError}`, this.#backoff(r));
      return;
    }
    const ready: SignedMessage[] = [];
    await Promise.all(records.map(async (r) => {
      try {
        // State check before any submission: never resubmit what the destination already recorded.
        if (await dst.isDelivered(r.messageId)) {
          store.markDelivered(r.messageId, r.transactionId);
          logger.info({ messageId: r.messageId }, "already delivered");
          return;
        }
        const signed = await this.#collect(r, dst, set);
        if (signed) ready.push(signed);
      } catch (e) {
        store.markFailed(r.messageId, errorText(e), this.#backoff(r));
      }
    }));
    ready.sort((a, b) => (a.message.srcDomain - b.message.srcDomain) || (a.message.nonce < b.message.nonce ? -1 : 1));
    for (let i = 0; i < ready.length; i += dst.maxBatch) await this.#deliver(dst, ready.slice(i, i + dst.maxBatch), true);
  }

  async #deliver(dst: DestinationChain, batch: SignedMessage[], split: boolean): Promise<void> {
    const { store, logger } = this.#p;
    for (const m of batch) store.markSubmitting(m.messageId);
    try {
      const result = await dst.deliver(batch);
      for (const id of result.delivered) store.markDelivered(id, result.transactionId);
      logger.info({ domain: dst.domain, count: batch.length, tx: result.transactionId }, "delivered");
    } catch (e) {
      this.#lastError = errorText(e);
      if (split && batch.length > 1) {
        // Isolate a bad message: deliver the batch one by one.
        logger.warn({ domain: dst.domain, count: batch.length, err: this.#lastError }, "batch failed; delivering one by one");
        for (const m of batch) await this.#deliver(dst, [m], false);
        return;
      }
      for (const m of batch) {
        const r = store.get(m.messageId)!;
        store.markFailed(m.messageId, this.#lastError, this.#backoff(r));
        logger.warn({ messageId: m.messageId, attempts: r.attempts + 1, err: this.#lastError }, "delivery failed; will retry");
      }
    }
  }

  /** Collects verified signatures; returns the message once a set's threshold is reached. */
  async #collect(r: RelayRecord, dst: DestinationChain, set: ValidatorSetView): Promise<SignedMessage | null> {
    const { store } = this.#p;
    const message = decodeBridgeMessage(hexToBytesStrict(r.encoded));
    const digest = toHex(bridgeDigest({ dstDomain: dst.domain, dstBridge: dst.bridge, messageId: hexToBytesStrict(r.messageId) }));
    const known = new Map<Address, Hex>(r.signatures.map((s) => [s.signer.toLowerCase() as Address, s.signature]));
    const inAnySet = (a: Address) => set.validators.includes(a) || (set.previous?.validators.includes(a) ?? false);
    const fetched = await Promise.allSettled(this.#p.validators.map(async (url) => {
      const doc = await getJson(`${url.replace(/\/$/, "")}/signatures/${r.messageId}`, this.#p.httpTimeoutMs ?? 2000);
      if (!doc || typeof doc !== "object") return;
      const sig = (doc as { signature?: unknown }).signature;
      if (typeof sig !== "string" || !/^0x[0-9a-fA-F]{130}$/.test(sig)) return;
      // Validators are not trusted for what they claim: the signer is recovered locally.
      const signer = (await recoverAddress({ hash: digest, signature: sig as Hex })).toLowerCase() as Address;
      if (inAnySet(signer)) known.set(signer, sig as Hex);
    }));
    const unreachable = fetched.filter((f) => f.status === "rejected").length;
    const all: ValidatorSignature[] = [...known].map(([signer, signature]) => ({ signer, signature }))
      .sort((a, b) => (BigInt(a.signer) < BigInt(b.signer) ? -1 : 1));
    const current = all.filter((s) => set.validators.includes(s.signer));
    const previous = set.previous ? all.filter((s) => set.previous!.validators.includes(s.signer)) : [];
    let chosen: ValidatorSignature[] | null = null;
    if (current.length >= set.threshold) chosen = current.slice(0, set.threshold);
    else if (set.previous && previous.length >= set.previous.threshold) chosen = previous.slice(0, set.previous.threshold);
    store.setSignatures(r.messageId, all, set.threshold, set.validators.length, chosen ? "signed" : "sent");
    if (!chosen) {
      store.defer(r.messageId, `signed ${current.length}/${set.validators.length}, need ${set.threshold}` +
        (unreachable ? ` (${unreachable} validator(s) unreachable)` : ""), this.#backoff(r));
      return null;
    }
    return { messageId: r.messageId, encoded: r.encoded, message, signatures: chosen };
  }

  #backoff(r: RelayRecord): number {
    const { baseMs, maxMs } = this.#p.retry ?? { baseMs: 500, maxMs: 60_000 };
    return Date.now() + Math.min(maxMs, baseMs * 2 ** Math.min(r.attempts, 30));
  }

  /** Starts polling every `intervalMs` and serving `/health` and `/messages/:id` on `port`. */
  async start(parameters: { intervalMs: number; port: number; host?: string }): Promise<number> {
    const port = await this.#server.listen(parameters.port, parameters.host);
    const tick = () => {
      void this.pollOnce().finally(() => {
        if (this.#timer) this.#timer = setTimeout(tick, parameters.intervalMs);
      });
    };
    this.#timer = setTimeout(tick, 0);
    this.#p.logger.info({ port }, "relayer started");
    return port;
  }

  async stop(): Promise<void> {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    await this.#polling;
    await this.#server.close();
  }
}

/** A record in the words of DESIGN §8: sent, signed k/M, delivered, failed: why. */
export function describe(r: RelayRecord) {
  const status =
    r.status === "delivered" ? "delivered"
    : r.status === "failed" ? `failed: ${r.lastError ?? "unknown"}`
    : r.status === "submitting" ? "submitting"
    : r.signedCount > 0 || r.status === "signed" ? `signed ${r.signedCount}/${r.validatorCount}`
    : "sent";
  return {
    messageId: r.messageId, srcDomain: r.srcDomain, dstDomain: r.dstDomain, nonce: r.nonce.toString(), status,
    attempts: r.attempts, lastError: r.lastError, transaction: r.transactionId,
  };
}

/** A one-line reason: the decoded custom error for reverts, else the innermost cause. */
export function errorText(e: unknown): string {
  if (e instanceof BaseError) {
    const revert = e.walk((x) => x instanceof ContractFunctionRevertedError);
    if (revert instanceof ContractFunctionRevertedError && revert.data?.errorName) {
      return `${revert.data.errorName}(${(revert.data.args ?? []).map((a) => String(a)).join(", ")})`;
    }
    const root = e.walk();
    const rootLine = root instanceof Error && root !== e ? root.message.split("\n")[0] : "";
    return rootLine && rootLine !== e.shortMessage ? `${e.shortMessage} (${rootLine})` : e.shortMessage;
  }
  return e instanceof Error ? e.message.split("\n")[0]! : String(e);
}
