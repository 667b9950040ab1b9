import { BaseError, ContractFunctionRevertedError, recoverAddress, toHex, type Address, type Hex } from "viem";
import type { Logger } from "pino";
import { bridgeDigest, decodeAnyBridgeMessage, hexToBytesStrict, type Domain } from "@calctra/core";
import { getJson } from "@calctra/sdk/bridge";
import { JsonServer, MESSAGE_ID_RULE } from "./http.js";
import type { Awaitable, RelayRecord, RelayStore } from "./store.js";
import type { DestinationChain, SignedMessage, SourceChain, ValidatorSetView, ValidatorSignature } from "@calctra/sdk/bridge";

/** Message ids per batched signature request. */
const FETCH_CHUNK = 64;
/** Oldest undelivered messages `/health` looks at (and lists at most {@link HEALTH_LISTED} of). */
const HEALTH_SCANNED = 256;
const HEALTH_LISTED = 20;

/**
 * A destination that can also name the transaction of a delivery it recorded earlier (made by a run that crashed
 * before storing it, or by another relayer), so that such messages are stored with their transaction.
 */
export interface DeliveryLookup {
  /** The delivery transaction of `messageId` on this destination, or null if none is found. */
  findDeliveryTransaction(messageId: Hex): Promise<string | null>;
}

/** A preflight run by {@link Relayer.start} / `Validator.start` between binding the port and the first poll. */
export type Preflight = (waiting: (reason: string | null) => void) => Promise<void>;

/** Parameters of {@link Relayer}. */
export interface RelayerParameters<S extends RelayStore = RelayStore> {
  readonly sources: readonly { source: SourceChain; startBlock: bigint }[];
  readonly destinations: ReadonlyMap<Domain, DestinationChain>;
  /** Base URLs of the validators' HTTP services. */
  readonly validators: readonly string[];
  /** SQLite (`SqliteRelayStore`, one instance) or PostgreSQL (`PgRelayStore`, several instances leasing work). */
  readonly store: S;
  readonly logger: Logger;
  readonly httpTimeoutMs?: number;
  /** Exponential backoff: `min(maxMs, baseMs * 2^attempts)`. */
  readonly retry?: { readonly baseMs: number; readonly maxMs: number };
  /** Messages claimed per poll (with a shared store: the share one instance takes at a time). */
  readonly maxPerPoll?: number;
  /**
   * "always": recover every signature locally before submitting. "on-failure" (default): trust the claimed signer
   * for set membership, let the destination's pre-submission simulation verify, and verify locally only for a
   * batch it refuses.
   */
  readonly verify?: "always" | "on-failure";
  /** A message still undelivered this long after it was first seen makes `/health` answer `ok: false` (default 600 s). */
  readonly stuckAfterMs?: number;
}

/** What a store answer becomes: synchronous for a synchronous store (SQLite), a Promise otherwise. */
export type StoreAnswer<S extends RelayStore, T> =
  ReturnType<S["get"]> extends PromiseLike<unknown> ? Promise<T> : ReturnType<S["get"]> extends RelayRecord | undefined ? T : Awaitable<T>;

function then<T, U>(x: Awaitable<T>, f: (t: T) => U): Awaitable<U> {
  const thenable = typeof (x as { then?: unknown } | null | undefined)?.then === "function";
  return thenable ? Promise.resolve(x).then(f) : f(x as T);
}

/**
 * The untrusted relayer: scans sources, collects and checks validator signatures over HTTP, and delivers
 * batches on destinations. Idempotent: a message is checked on the destination before every submission
 * and destinations refuse replays, so re-running (or running after a crash) never double-delivers.
 * With a leasing store (PostgreSQL) several instances share the work: each pass claims a share of the due
 * messages, renews the leases while it works and re-checks it still holds them right before submitting.
 */
export class Relayer<S extends RelayStore = RelayStore> {
  readonly #p: RelayerParameters<S>;
  readonly #server = new JsonServer();
  #timer: NodeJS.Timeout | null = null;
  /** Message ids claimed by the current pass. */
  #held: Set<Hex> | null = null;
  #polling: Promise<void> | null = null;
  #lastError: string | null = null;
  /** Current fault per component ("source:<domain>", "destination:<domain>"); cleared on success. */
  readonly #faults = new Map<string, string>();
  /** While the start-up checks run: what they are waiting for. */
  #starting: string | null = null;
  #stopped = false;

  constructor(parameters: RelayerParameters<S>) {
    this.#p = parameters;
    this.#server
      .get("/health", async () => {
        try {
          return [200, await this.health()];
        } catch (e) {
          return [503, { ok: false, store: this.#p.store.kind, error: `store unreachable: ${errorText(e)}` }];
        }
      })
      .get(
        "/messages/:messageId",
        async ({ messageId }) => {
          const r = await this.#p.store.get(messageId!.toLowerCase() as Hex);
          return r ? [200, describe(r)] : [404, { error: "unknown message", messageId }];
        },
        { messageId: MESSAGE_ID_RULE },
      );
  }

  /**
   * Counts per status, current faults, the store kind and (with leases) this instance's id, and the undelivered
   * messages: those below their threshold (signed k/threshold, and for how long), and how many are stuck (undelivered
   * longer than `stuckAfterMs`). `ok` is false while starting, with a fault, or with any message stuck.
   */
  health(now = Date.now()): StoreAnswer<S, RelayerHealth> {
    const { store } = this.#p;
    const stuckAfterMs = this.#p.stuckAfterMs ?? 600_000;
    return then(store.counts(), (counts) =>
      then(store.pending(HEALTH_SCANNED), (pending): RelayerHealth => {
        const age = (r: RelayRecord) => Math.max(0, Math.floor((now - r.createdAt) / 1000));
        const stuck = pending.filter((r) => now - r.createdAt >= stuckAfterMs).length;
        const below = pending.filter((r) => r.status !== "submitting" && (r.required === 0 || r.signedCount < r.required));
        return {
          ok: this.#faults.size === 0 && this.#starting === null && stuck === 0,
          ...(this.#starting !== null ? { starting: this.#starting } : {}),
          counts,
          faults: Object.fromEntries(this.#faults),
          lastError: this.#lastError,
          store: store.kind,
          instanceId: store.instanceId,
          stuckAfterSeconds: stuckAfterMs / 1000,
          stuck,
          oldestPendingSeconds: pending.length > 0 ? age(pending[0]!) : null,
          belowThreshold: below.slice(0, HEALTH_LISTED).map((r) => ({
            messageId: r.messageId,
            srcDomain: r.srcDomain,
            dstDomain: r.dstDomain,
            nonce: r.nonce.toString(),
            signed: `${r.signedCount}/${r.required === 0 ? "?" : r.required}`,
            validators: r.validatorCount,
            pendingSeconds: age(r),
            lastError: r.lastError,
          })),
        };
      }),
    ) as StoreAnswer<S, RelayerHealth>;
  }

  /** Status of a message, e.g. "signed 2/3", "delivered", "failed: <why>" (a Promise with an asynchronous store). */
  status(messageId: Hex): StoreAnswer<S, string | undefined> {
    return then(this.#p.store.get(messageId), (r) => (r ? describe(r).status : undefined)) as StoreAnswer<S, string | undefined>;
  }

  /** One full pass: scan sources, collect signatures, deliver. */
  async pollOnce(): Promise<void> {
    this.#polling ??= this.#poll().finally(() => {
      this.#polling = null;
    });
    return this.#polling;
  }

  async #poll(): Promise<void> {
    const { store, logger } = this.#p;
    for (const { source, startBlock } of this.#p.sources) {
      try {
        const scan = await source.scan((await store.cursor(source.domain)) ?? startBlock);
        if (!scan) continue;
        // Messages first, cursor after: a crash in between rescans (inserts are idempotent), never skips.
        for (const m of scan.messages) await store.addSent(m);
        await store.setCursor(source.domain, scan.toBlock + 1n);
        if (scan.messages.length)
          logger.info({ domain: source.domain, count: scan.messages.length, toBlock: scan.toBlock.toString() }, "messages observed");
        this.#faults.delete(`source:${source.domain}`);
      } catch (e) {
        this.#lastError = errorText(e);
        this.#faults.set(`source:${source.domain}`, this.#lastError);
        logger.warn({ domain: source.domain, err: this.#lastError }, "source scan failed; will retry");
      }
    }
    let due: RelayRecord[];
    try {
      due = await store.claimDue(Date.now(), this.#p.maxPerPoll ?? 1000, [...this.#p.destinations.keys()]);
      this.#faults.delete("store");
    } catch (e) {
      this.#lastError = errorText(e);
      this.#faults.set("store", this.#lastError);
      logger.warn({ err: this.#lastError }, "store unreachable; will retry");
      return;
    }
    if (due.length === 0) return;
    const held = new Set(due.map((r) => r.messageId));
    this.#held = held;
    const heartbeat = this.#heartbeat(held);
    try {
      const byDst = new Map<Domain, RelayRecord[]>();
      for (const r of due) byDst.set(r.dstDomain, [...(byDst.get(r.dstDomain) ?? []), r]);
      for (const [domain, records] of byDst) await this.#relayTo(domain, records);
    } catch (e) {
      this.#lastError = errorText(e);
      logger.warn({ err: this.#lastError }, "relay pass failed; leases released, will retry");
    } finally {
      if (heartbeat) clearInterval(heartbeat);
      this.#held = null;
      // Outcomes ended most leases already; give back the rest (e.g. after an error) so no one waits for expiry.
      await Promise.resolve(store.releaseLeases([...held])).catch((e: unknown) =>
        logger.warn({ err: errorText(e) }, "releasing leases failed"),
      );
    }
  }

  /** Renews the leases of the current pass every leaseMs/3 so a slow submission is not taken over. */
  #heartbeat(held: Set<Hex>): NodeJS.Timeout | null {
    const { store, logger } = this.#p;
    if (store.leaseMs === null) return null;
    const timer = setInterval(
      () => {
        void Promise.resolve(store.renewLeases([...held])).then(
          (kept) => {
            const lost = [...held].filter((id) => !kept.includes(id));
            if (lost.length) logger.debug({ lost: lost.length }, "leases ended (delivered or taken over)");
          },
          (e: unknown) => logger.warn({ err: errorText(e) }, "lease renewal failed"),
        );
      },
      Math.max(50, Math.floor(store.leaseMs / 3)),
    );
    timer.unref();
    return timer;
  }

  async #relayTo(domain: Domain, records: RelayRecord[]): Promise<void> {
    const { store, logger } = this.#p;
    const dst = this.#p.destinations.get(domain);
    if (!dst) {
      for (const r of records) await store.markFailed(r.messageId, `no destination configured for domain ${domain}`, this.#backoff(r));
      return;
    }
    let set: ValidatorSetView;
    try {
      set = await dst.validatorSet();
      this.#faults.delete(`destination:${domain}`);
    } catch (e) {
      this.#lastError = errorText(e);
      this.#faults.set(`destination:${domain}`, this.#lastError);
      for (const r of records) await store.markFailed(r.messageId, `destination unreachable: ${this.#lastError}`, this.#backoff(r));
      return;
    }
    // State check before any submission: never resubmit what the destination already recorded.
    const pending: RelayRecord[] = [];
    await Promise.all(
      records.map(async (r) => {
        try {
          if (await dst.isDelivered(r.messageId, { srcDomain: r.srcDomain, nonce: r.nonce })) {
            const tx = r.transactionId ?? (await this.#deliveryTransaction(dst, r.messageId));
            await store.markDelivered(r.messageId, tx);
            logger.info({ messageId: r.messageId, tx }, "already delivered");
          } else {
            pending.push(r);
          }
        } catch (e) {
          await store.markFailed(r.messageId, errorText(e), this.#backoff(r));
        }
      }),
    );
    const { claims, unreachable } = await this.#fetchSignatures(pending.map((r) => r.messageId));
    const ready: SignedMessage[] = [];
    for (const r of pending) {
      try {
        const signed = await this.#choose(r, dst, set, claims.get(r.messageId) ?? [], unreachable, this.#p.verify === "always");
        if (signed) ready.push(signed);
      } catch (e) {
        await store.markFailed(r.messageId, errorText(e), this.#backoff(r));
      }
    }
    ready.sort((a, b) => a.message.srcDomain - b.message.srcDomain || (a.message.nonce < b.message.nonce ? -1 : 1));
    for (let i = 0; i < ready.length; i += dst.maxBatch) {
      await this.#deliver(dst, ready.slice(i, i + dst.maxBatch), async (m) => {
        // Fallback after a failed batch: every claimed signature is verified locally before a single delivery.
        const r = await store.get(m.messageId);
        return r ? this.#choose(r, dst, set, claims.get(m.messageId) ?? [], unreachable, true) : null;
      });
    }
  }

  /**
   * Submits a batch. If it fails and `reverify` is given, each message is re-chosen with local verification
   * of every signature and delivered alone, so one bad message or one lying validator cannot block the rest.
   */
  async #deliver(
    dst: DestinationChain,
    batch: SignedMessage[],
    reverify?: (m: SignedMessage) => Promise<SignedMessage | null>,
  ): Promise<void> {
    const { store, logger } = this.#p;
    if (store.leaseMs !== null) {
      // Right before submitting: keep only messages whose lease this instance still holds (a lease that expired
      // while this instance stalled may have been claimed by another one).
      const kept = new Set(await store.renewLeases(batch.map((m) => m.messageId)));
      const lost = batch.filter((m) => !kept.has(m.messageId));
      if (lost.length) {
        for (const m of lost) this.#held?.delete(m.messageId);
        logger.warn({ domain: dst.domain, count: lost.length }, "leases lost before submission; left to their new holder");
        batch = batch.filter((m) => kept.has(m.messageId));
        if (batch.length === 0) return;
      }
    }
    for (const m of batch) await store.markSubmitting(m.messageId);
    try {
      const result = await dst.deliver(batch);
      for (const id of result.delivered) await store.markDelivered(id, result.transactionId);
      logger.info({ domain: dst.domain, count: batch.length, tx: result.transactionId }, "delivered");
    } catch (e) {
      this.#lastError = errorText(e);
      // A message the destination recorded anyway (the transaction landed before the error, or another
      // submission delivered it first and this one was refused as a replay) is delivered, not failed.
      const rest: SignedMessage[] = [];
      for (const m of batch) {
        if (await dst.isDelivered(m.messageId, m.message).catch(() => false)) {
          const tx = await this.#deliveryTransaction(dst, m.messageId);
          await store.markDelivered(m.messageId, tx);
          logger.info(
            { messageId: m.messageId, tx, err: this.#lastError },
            "submission reported an error but the destination recorded the message: delivered",
          );
        } else {
          rest.push(m);
        }
      }
      if (reverify && rest.length > 0) {
        logger.warn(
          { domain: dst.domain, count: rest.length, err: this.#lastError },
          "batch failed; verifying signatures and delivering one by one",
        );
        for (const m of rest) {
          const checked = await reverify(m);
          if (checked) await this.#deliver(dst, [checked]);
        }
        return;
      }
      for (const m of rest) {
        const r = await store.get(m.messageId);
        await store.markFailed(m.messageId, this.#lastError, r ? this.#backoff(r) : Date.now());
        logger.warn({ messageId: m.messageId, attempts: (r?.attempts ?? 0) + 1, err: this.#lastError }, "delivery failed; will retry");
      }
    }
  }

  /** The transaction of a delivery found on `dst` ({@link DeliveryLookup}); null if `dst` cannot tell or the lookup fails. */
  async #deliveryTransaction(dst: DestinationChain, messageId: Hex): Promise<string | null> {
    const lookup = (dst as Partial<DeliveryLookup>).findDeliveryTransaction;
    if (typeof lookup !== "function") return null;
    try {
      return await lookup.call(dst, messageId);
    } catch (e) {
      this.#p.logger.warn({ messageId, err: errorText(e) }, "delivery transaction lookup failed; stored without it");
      return null;
    }
  }

  /** Asks every validator for the signatures of `ids` (batched GET /signatures?ids=…). Claims are unverified. */
  async #fetchSignatures(ids: readonly Hex[]): Promise<{ claims: Map<Hex, ValidatorSignature[]>; unreachable: number }> {
    const claims = new Map<Hex, ValidatorSignature[]>();
    if (ids.length === 0) return { claims, unreachable: 0 };
    const results = await Promise.allSettled(
      this.#p.validators.map(async (url) => {
        for (let i = 0; i < ids.length; i += FETCH_CHUNK) {
          const doc = await getJson(
            `${url.replace(/\/$/, "")}/signatures?ids=${ids.slice(i, i + FETCH_CHUNK).join(",")}`,
            this.#p.httpTimeoutMs ?? 2000,
          );
          const list = doc && typeof doc === "object" ? (doc as { signatures?: unknown }).signatures : undefined;
          if (!Array.isArray(list)) throw new Error(`${url}: malformed signatures response`);
          for (const item of list as unknown[]) {
            if (!item || typeof item !== "object") continue;
            const { messageId, signer, signature } = item as { messageId?: unknown; signer?: unknown; signature?: unknown };
            if (typeof messageId !== "string" || typeof signer !== "string" || !/^0x[0-9a-fA-F]{40}$/.test(signer)) continue;
            if (typeof signature !== "string" || !/^0x[0-9a-fA-F]{130}$/.test(signature)) continue;
            const id = messageId.toLowerCase() as Hex;
            claims.set(id, [...(claims.get(id) ?? []), { signer: signer.toLowerCase() as Address, signature: signature as Hex }]);
          }
        }
      }),
    );
    const unreachable = results.filter((r) => r.status === "rejected").length;
    for (const r of results) if (r.status === "rejected") this.#p.logger.warn({ err: errorText(r.reason) }, "validator unreachable");
    return { claims, unreachable };
  }

  /**
   * Picks signatures until a set's threshold is reached and returns the message with them sorted ascending by
   * signer. With `verify`, each signer is recovered locally (claims are not trusted); without, a claim whose
   * signer is in the set is taken as is and the destination's own check (simulated before any transaction is
   * sent) is the verifier, with a verified retry if it refuses the batch.
   */
  async #choose(
    r: RelayRecord,
    dst: DestinationChain,
    set: ValidatorSetView,
    claims: readonly ValidatorSignature[],
    unreachable: number,
    verify: boolean,
  ): Promise<SignedMessage | null> {
    const { store } = this.#p;
    const message = decodeAnyBridgeMessage(hexToBytesStrict(r.encoded));
    const digest = toHex(bridgeDigest({ dstDomain: dst.domain, dstBridge: dst.bridge, messageId: hexToBytesStrict(r.messageId) }));
    const inAnySet = (a: Address) => set.validators.includes(a) || (set.previous?.validators.includes(a) ?? false);
    const known = new Map<Address, Hex>();
    const count = (v: readonly Address[]) => [...known.keys()].filter((a) => v.includes(a)).length;
    const enough = () =>
      count(set.validators) >= set.threshold || (set.previous !== undefined && count(set.previous.validators) >= set.previous.threshold);
    // Signatures stored by an earlier pass were verified only if that pass verified: treat them as claims too.
    for (const claim of [...claims, ...r.signatures]) {
      if (enough()) break;
      let signer = claim.signer.toLowerCase() as Address;
      if (verify) {
        try {
          signer = (await recoverAddress({ hash: digest, signature: claim.signature })).toLowerCase() as Address;
        } catch {
          continue;
        }
      }
      if (inAnySet(signer) && !known.has(signer)) known.set(signer, claim.signature);
    }
    const all: ValidatorSignature[] = [...known]
      .map(([signer, signature]) => ({ signer, signature }))
      .sort((a, b) => (BigInt(a.signer) < BigInt(b.signer) ? -1 : 1));
    const current = all.filter((s) => set.validators.includes(s.signer));
    const previous = set.previous ? all.filter((s) => set.previous!.validators.includes(s.signer)) : [];
    let chosen: ValidatorSignature[] | null = null;
    if (current.length >= set.threshold) chosen = current.slice(0, set.threshold);
    else if (set.previous && previous.length >= set.previous.threshold) chosen = previous.slice(0, set.previous.threshold);
    await store.setSignatures(r.messageId, all, set.threshold, set.validators.length, chosen ? "signed" : "sent");
    if (!chosen) {
      await store.defer(
        r.messageId,
        `signed ${current.length}/${set.validators.length}, need ${set.threshold}` +
          (unreachable ? ` (${unreachable} validator(s) unreachable)` : ""),
        this.#backoff(r),
      );
      return null;
    }
    return { messageId: r.messageId, encoded: r.encoded, message, signatures: chosen };
  }

  #backoff(r: RelayRecord): number {
    const { baseMs, maxMs } = this.#p.retry ?? { baseMs: 500, maxMs: 60_000 };
    return Date.now() + Math.min(maxMs, baseMs * 2 ** Math.min(r.attempts, 30));
  }

  /**
   * Serves `/health` and `/messages/:id` on `port` (logs "listening"), runs `preflight` (the start-up checks; `/health`
   * answers `ok: false` meanwhile, with what they wait for), then polls every `intervalMs`. If `preflight` throws, the
   * server is closed and the error rethrown. Resolves the bound port.
   */
  async start(parameters: { intervalMs: number; port: number; host?: string; preflight?: Preflight }): Promise<number> {
    const port = await this.#server.listen(parameters.port, parameters.host);
    this.#p.logger.info({ port }, "listening");
    if (parameters.preflight) {
      this.#starting = "checking the configured chains";
      try {
        await parameters.preflight((reason) => {
          this.#starting = reason ?? "checking the configured chains";
        });
      } catch (e) {
        await this.#server.close();
        throw e;
      }
      this.#starting = null;
    }
    if (this.#stopped) return port;
    const tick = () => {
      void this.pollOnce().finally(() => {
        if (this.#timer) this.#timer = setTimeout(tick, parameters.intervalMs);
      });
    };
    this.#timer = setTimeout(tick, 0);
    this.#p.logger.info({ port }, "relayer started");
    return port;
  }

  /** Stops polling (waits for a pass in flight) and closes the HTTP server; the store is the caller's to close. */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    await this.#polling;
    await this.#server.close();
  }
}

/** What `/health` reports. */
export interface RelayerHealth {
  readonly ok: boolean;
  readonly counts: Record<string, number>;
  readonly faults: Record<string, string>;
  readonly lastError: string | null;
  readonly store: string;
  readonly instanceId: string | null;
  /** Present while the start-up checks run: what they wait for. */
  readonly starting?: string;
  /** Undelivered longer than this makes a message stuck. */
  readonly stuckAfterSeconds: number;
  /** Messages undelivered longer than `stuckAfterSeconds` (among the oldest 256 undelivered). */
  readonly stuck: number;
  /** Age of the oldest undelivered message (s), null if none. */
  readonly oldestPendingSeconds: number | null;
  /** Undelivered messages short of their destination's threshold, oldest first (at most 20). */
  readonly belowThreshold: readonly {
    readonly messageId: Hex;
    readonly srcDomain: Domain;
    readonly dstDomain: Domain;
    readonly nonce: string;
    /** "k/threshold" ("k/?" before the destination's set was read). */
    readonly signed: string;
    readonly validators: number;
    readonly pendingSeconds: number;
    readonly lastError: string | null;
  }[];
}

/** A record in the words of DESIGN §8: sent, signed k/M, delivered, failed: why. */
export function describe(r: RelayRecord) {
  const status =
    r.status === "delivered"
      ? "delivered"
      : r.status === "failed"
        ? `failed: ${r.lastError ?? "unknown"}`
        : r.status === "submitting"
          ? "submitting"
          : r.validatorCount > 0
            ? `signed ${r.signedCount}/${r.validatorCount}`
            : "sent";
  return {
    messageId: r.messageId,
    srcDomain: r.srcDomain,
    dstDomain: r.dstDomain,
    nonce: r.nonce.toString(),
    status,
    attempts: r.attempts,
    lastError: r.lastError,
    transaction: r.transactionId,
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
