import { DatabaseSync } from "./sqlite.js";
import type { Hex } from "viem";
import { decodeAnyBridgeMessage, type Domain } from "@calctra/core";
import type { AnyBridgeMessage } from "@calctra/core";
import type { ObservedMessage, ValidatorSignature } from "@calctra/sdk/bridge";

/** Relay status of a message (DESIGN §8: sent, signed k/M, delivered, failed: why). */
export type RelayStatus = "sent" | "signed" | "submitting" | "delivered" | "failed";

/** A message as the relayer tracks it. */
export interface RelayRecord {
  readonly messageId: Hex;
  readonly srcDomain: Domain;
  readonly dstDomain: Domain;
  readonly nonce: bigint;
  readonly encoded: Hex;
  readonly status: RelayStatus;
  /** Signatures collected so far (verified, ascending by signer). */
  readonly signatures: ValidatorSignature[];
  /** k of "signed k/M" and the threshold required. */
  readonly signedCount: number;
  readonly required: number;
  readonly validatorCount: number;
  readonly attempts: number;
  /** Unix ms before which the message is not retried. */
  readonly nextAttemptAt: number;
  readonly lastError: string | null;
  readonly transactionId: string | null;
  /** Unix ms at which this relayer first recorded the message. */
  readonly createdAt: number;
}

/** A value or a promise of it: SQLite answers synchronously, PostgreSQL asynchronously; callers always await. */
export type Awaitable<T> = T | Promise<T>;

/**
 * Persistence of the relayer. Every method is atomic and may answer synchronously (`SqliteRelayStore`) or with a
 * Promise (`PgRelayStore`); the relayer awaits every answer, so any implementation can be plugged in.
 *
 * Work distribution: `claimDue` hands out due messages. A store shared by several relayer instances leases them
 * (owner + expiry; `leaseMs` not null): a leased message is not handed to another instance until its lease expires,
 * `renewLeases` extends the leases an instance still holds (and tells which those are), and every outcome
 * (`markDelivered`, `markFailed`, `defer`) ends the lease. A store for one instance (SQLite) leases nothing.
 */
export interface RelayStore {
  /** "sqlite" or "postgres" (reported by /health). */
  readonly kind: string;
  /** Lease length in ms when the store leases work to several instances; null for a single-instance store. */
  readonly leaseMs: number | null;
  /** This instance's lease owner name (null without leases). */
  readonly instanceId: string | null;
  /** Records a newly observed message as "sent" (no-op if known: idempotent under concurrent scanners). */
  addSent(m: ObservedMessage<AnyBridgeMessage>): Awaitable<void>;
  get(messageId: Hex): Awaitable<RelayRecord | undefined>;
  /** Messages not delivered whose retry time has come, oldest first (no lease taken). */
  listDue(now: number, limit: number): Awaitable<RelayRecord[]>;
  /**
   * Due messages claimed for this instance (leased where the store leases), oldest first. A leasing store claims
   * only messages to `dstDomains` (the destinations this instance can deliver to), leaving the others to instances
   * that can; a single-instance store returns every due message so that one without a destination shows as failed.
   */
  claimDue(now: number, limit: number, dstDomains?: readonly Domain[]): Awaitable<RelayRecord[]>;
  /** Extends this instance's leases on `messageIds`; returns the ids whose lease it still holds. */
  renewLeases(messageIds: readonly Hex[]): Awaitable<Hex[]>;
  /** Gives up this instance's leases on `messageIds` (no-op for ids it does not hold). */
  releaseLeases(messageIds: readonly Hex[]): Awaitable<void>;
  /** Messages not delivered yet, oldest first (at most `limit`): what `/health` reports as stuck. */
  pending(limit: number): Awaitable<RelayRecord[]>;
  /** Every record (status reporting; small stores only). */
  list(): Awaitable<RelayRecord[]>;
  /** Number of records per status. */
  counts(): Awaitable<Record<string, number>>;
  setSignatures(
    messageId: Hex,
    signatures: ValidatorSignature[],
    required: number,
    validatorCount: number,
    status: "sent" | "signed",
  ): Awaitable<void>;
  /** Marks a message as being submitted (before the transaction is sent). */
  markSubmitting(messageId: Hex): Awaitable<void>;
  /** Terminal: the destination recorded the message (by this instance's transaction, or earlier). */
  markDelivered(messageId: Hex, transactionId: string | null): Awaitable<void>;
  /** Records a failure and when to retry. */
  markFailed(messageId: Hex, reason: string, nextAttemptAt: number): Awaitable<void>;
  /** Defers a message without counting a failed delivery (e.g. not yet enough signatures). */
  defer(messageId: Hex, reason: string, nextAttemptAt: number): Awaitable<void>;
  /** Next block to scan on a source domain. */
  cursor(domain: Domain): Awaitable<bigint | undefined>;
  /** Advances the scan cursor of a source domain (never moves it back where several scanners share it). */
  setCursor(domain: Domain, nextBlock: bigint): Awaitable<void>;
  close(): Awaitable<void>;
}

interface Row {
  id: string;
  src: number;
  dst: number;
  nonce: string;
  encoded: string;
  status: string;
  signatures: string;
  signed_count: number;
  required: number;
  validator_count: number;
  attempts: number;
  next_attempt_at: number;
  last_error: string | null;
  tx: string | null;
  created_at: number;
}

/**
 * SQLite store on Node's built-in `node:sqlite` (no native build step). One relayer instance per database
 * file: WAL mode, every write a single statement (atomic).
 */
export class SqliteRelayStore implements RelayStore {
  readonly kind = "sqlite";
  readonly leaseMs = null;
  readonly instanceId = null;
  readonly #db: DatabaseSync;

  constructor(path: string) {
    this.#db = new DatabaseSync(path);
    this.#db.exec(`
      PRAGMA journal_mode = WAL;
      PRAGMA synchronous = NORMAL;
      PRAGMA busy_timeout = 5000;
      CREATE TABLE IF NOT EXISTS messages (
        id TEXT PRIMARY KEY, src INTEGER NOT NULL, dst INTEGER NOT NULL, nonce TEXT NOT NULL, encoded TEXT NOT NULL,
        status TEXT NOT NULL, signatures TEXT NOT NULL DEFAULT '[]', signed_count INTEGER NOT NULL DEFAULT 0,
        required INTEGER NOT NULL DEFAULT 0, validator_count INTEGER NOT NULL DEFAULT 0,
        attempts INTEGER NOT NULL DEFAULT 0, next_attempt_at INTEGER NOT NULL DEFAULT 0, last_error TEXT, tx TEXT,
        created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);
      CREATE INDEX IF NOT EXISTS messages_due ON messages (status, next_attempt_at);
      CREATE TABLE IF NOT EXISTS cursors (domain INTEGER PRIMARY KEY, next_block TEXT NOT NULL);
    `);
  }

  addSent(m: ObservedMessage<AnyBridgeMessage>): void {
    const now = Date.now();
    this.#db
      .prepare(
        `INSERT OR IGNORE INTO messages (id, src, dst, nonce, encoded, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'sent', ?, ?)`,
      )
      .run(m.messageId, m.message.srcDomain, m.message.dstDomain, m.message.nonce.toString(), m.encoded, now, now);
  }

  get(messageId: Hex): RelayRecord | undefined {
    const row = this.#db.prepare(`SELECT * FROM messages WHERE id = ?`).get(messageId.toLowerCase()) as Row | undefined;
    return row ? toRecord(row) : undefined;
  }

  listDue(now: number, limit: number): RelayRecord[] {
    const rows = this.#db
      .prepare(
        `SELECT * FROM messages WHERE status != 'delivered' AND next_attempt_at <= ? ORDER BY created_at, src, CAST(nonce AS INTEGER) LIMIT ?`,
      )
      .all(now, limit) as unknown as Row[];
    return rows.map(toRecord);
  }

  /** One instance per file: claiming is listing (every destination). */
  claimDue(now: number, limit: number, _dstDomains?: readonly Domain[]): RelayRecord[] {
    return this.listDue(now, limit);
  }

  /** No leases: every id is held. */
  renewLeases(messageIds: readonly Hex[]): Hex[] {
    return [...messageIds];
  }

  releaseLeases(_messageIds: readonly Hex[]): void {}

  pending(limit: number): RelayRecord[] {
    const rows = this.#db
      .prepare(`SELECT * FROM messages WHERE status != 'delivered' ORDER BY created_at, src, CAST(nonce AS INTEGER) LIMIT ?`)
      .all(limit) as unknown as Row[];
    return rows.map(toRecord);
  }

  counts(): Record<string, number> {
    const rows = this.#db.prepare(`SELECT status, COUNT(*) AS n FROM messages GROUP BY status`).all() as unknown as {
      status: string;
      n: number;
    }[];
    return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
  }

  list(): RelayRecord[] {
    return (this.#db.prepare(`SELECT * FROM messages ORDER BY created_at`).all() as unknown as Row[]).map(toRecord);
  }

  setSignatures(
    messageId: Hex,
    signatures: ValidatorSignature[],
    required: number,
    validatorCount: number,
    status: "sent" | "signed",
  ): void {
    this.#db
      .prepare(
        `UPDATE messages SET signatures = ?, signed_count = ?, required = ?, validator_count = ?, status = ?, updated_at = ? WHERE id = ? AND status != 'delivered'`,
      )
      .run(JSON.stringify(signatures), signatures.length, required, validatorCount, status, Date.now(), messageId);
  }

  markSubmitting(messageId: Hex): void {
    this.#db
      .prepare(`UPDATE messages SET status = 'submitting', updated_at = ? WHERE id = ? AND status != 'delivered'`)
      .run(Date.now(), messageId);
  }

  markDelivered(messageId: Hex, transactionId: string | null): void {
    this.#db
      .prepare(`UPDATE messages SET status = 'delivered', tx = COALESCE(?, tx), last_error = NULL, updated_at = ? WHERE id = ?`)
      .run(transactionId, Date.now(), messageId);
  }

  markFailed(messageId: Hex, reason: string, nextAttemptAt: number): void {
    this.#db
      .prepare(
        `UPDATE messages SET status = 'failed', attempts = attempts + 1, last_error = ?, next_attempt_at = ?, updated_at = ? WHERE id = ? AND status != 'delivered'`,
      )
      .run(reason, nextAttemptAt, Date.now(), messageId);
  }

  defer(messageId: Hex, reason: string, nextAttemptAt: number): void {
    this.#db
      .prepare(
        `UPDATE messages SET last_error = ?, attempts = attempts + 1, next_attempt_at = ?, updated_at = ? WHERE id = ? AND status != 'delivered'`,
      )
      .run(reason, nextAttemptAt, Date.now(), messageId);
  }

  cursor(domain: Domain): bigint | undefined {
    const row = this.#db.prepare(`SELECT next_block FROM cursors WHERE domain = ?`).get(domain) as { next_block: string } | undefined;
    return row ? BigInt(row.next_block) : undefined;
  }

  setCursor(domain: Domain, nextBlock: bigint): void {
    this.#db
      .prepare(`INSERT INTO cursors (domain, next_block) VALUES (?, ?) ON CONFLICT(domain) DO UPDATE SET next_block = excluded.next_block`)
      .run(domain, nextBlock.toString());
  }

  close(): void {
    this.#db.close();
  }
}

function toRecord(r: Row): RelayRecord {
  decodeAnyBridgeMessage(Uint8Array.from(Buffer.from(r.encoded.slice(2), "hex"))); // integrity: a stored message still decodes
  return {
    messageId: r.id as Hex,
    srcDomain: r.src,
    dstDomain: r.dst,
    nonce: BigInt(r.nonce),
    encoded: r.encoded as Hex,
    status: r.status as RelayStatus,
    signatures: JSON.parse(r.signatures) as ValidatorSignature[],
    signedCount: r.signed_count,
    required: r.required,
    validatorCount: r.validator_count,
    attempts: r.attempts,
    nextAttemptAt: r.next_attempt_at,
    lastError: r.last_error,
    transactionId: r.tx,
    createdAt: Number(r.created_at),
  };
}

/** How to open a store (the relayer config's `store`). */
export type RelayStoreOptions =
  | { readonly kind: "sqlite"; readonly path: string }
  | {
      readonly kind: "postgres";
      readonly url: string;
      readonly leaseSeconds: number;
      readonly instanceId?: string | undefined;
      readonly poolSize?: number | undefined;
    };

/**
 * Opens the store a config names: SQLite (created if missing) or PostgreSQL (schema migrated on open). `pg` is
 * loaded only for PostgreSQL.
 */
export async function openRelayStore(o: RelayStoreOptions, logger?: import("pino").Logger): Promise<RelayStore> {
  if (o.kind === "sqlite") return new SqliteRelayStore(o.path);
  const { PgRelayStore } = await import("./store-pg.js");
  return PgRelayStore.open({
    url: o.url,
    leaseMs: Math.round(o.leaseSeconds * 1000),
    ...(o.instanceId !== undefined ? { instanceId: o.instanceId } : {}),
    ...(o.poolSize !== undefined ? { poolSize: o.poolSize } : {}),
    ...(logger ? { logger } : {}),
  });
}
