import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import pg from "pg";
import type { Logger } from "pino";
import type { Hex } from "viem";
import { decodeAnyBridgeMessage, type Domain } from "@calctra/core";
import type { RelayRecord, RelayStatus, RelayStore } from "./store.js";
import type { AnyBridgeMessage } from "@calctra/core";
import type { ObservedMessage, ValidatorSignature } from "@calctra/sdk/bridge";

/** Parameters of {@link PgRelayStore.open}. */
export interface PgRelayStoreParameters {
  /** postgres://user:password@host:port/database */
  readonly url: string;
  /** How long a claimed message stays leased to this instance without renewal. */
  readonly leaseMs: number;
  /** Lease owner name; defaults to `<hostname>-<pid>-<random>` (unique per process). */
  readonly instanceId?: string;
  /** Connections in this instance's pool (default 4). */
  readonly poolSize?: number;
  readonly logger?: Logger;
}

/**
 * Schema migrations, applied in order under an advisory lock (several instances may start at once).
 * Never edit an applied step: append a new one.
 */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE relay_messages (
     id text PRIMARY KEY,
     src bigint NOT NULL,
     dst bigint NOT NULL,
     nonce numeric(20, 0) NOT NULL,
     encoded text NOT NULL,
     status text NOT NULL CHECK (status IN ('sent', 'signed', 'submitting', 'delivered', 'failed')),
     signatures jsonb NOT NULL DEFAULT '[]',
     signed_count integer NOT NULL DEFAULT 0,
     required integer NOT NULL DEFAULT 0,
     validator_count integer NOT NULL DEFAULT 0,
     attempts integer NOT NULL DEFAULT 0,
     next_attempt_at bigint NOT NULL DEFAULT 0,
     last_error text,
     tx text,
     lease_owner text,
     lease_until timestamptz,
     delivered_by text,
     created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
     updated_at timestamptz NOT NULL DEFAULT clock_timestamp());
   CREATE INDEX relay_messages_due ON relay_messages (next_attempt_at, created_at) WHERE status <> 'delivered';
   CREATE TABLE relay_cursors (domain bigint PRIMARY KEY, next_block numeric(78, 0) NOT NULL);`,
];

/** Key of the advisory lock that serialises migrations. */
const MIGRATION_LOCK = 0x63616c63; // "calc"

interface PgRow {
  id: string;
  src: string;
  dst: string;
  nonce: string;
  encoded: string;
  status: string;
  signatures: ValidatorSignature[];
  signed_count: number;
  required: number;
  validator_count: number;
  attempts: number;
  next_attempt_at: string;
  last_error: string | null;
  tx: string | null;
  created_at: Date;
}

/**
 * PostgreSQL store for several relayer instances sharing the work. A message is claimed atomically by one
 * instance (`FOR UPDATE SKIP LOCKED`, lease owner + expiry on the database clock); the instance renews its leases
 * while it works and every outcome ends the lease. A crashed instance's leases expire and another instance
 * claims those messages. `delivered` is terminal. Scan cursors only move forward (`GREATEST`) and message inserts
 * are idempotent, so several instances scanning the same source never corrupt each other's state.
 */
export class PgRelayStore implements RelayStore {
  readonly kind = "postgres";
  readonly leaseMs: number;
  readonly instanceId: string;
  readonly #pool: pg.Pool;
  #closed = false;

  private constructor(pool: pg.Pool, leaseMs: number, instanceId: string) {
    this.#pool = pool;
    this.leaseMs = leaseMs;
    this.instanceId = instanceId;
  }

  /** Connects, applies pending migrations and returns the store. */
  static async open(parameters: PgRelayStoreParameters): Promise<PgRelayStore> {
    if (!(parameters.leaseMs >= 100)) throw new RangeError(`leaseMs must be at least 100, got ${parameters.leaseMs}`);
    const pool = new pg.Pool({ connectionString: parameters.url, max: parameters.poolSize ?? 4 });
    // A connection dropped by the server (restart, terminated backend) must not crash the process.
    pool.on("error", (e) => parameters.logger?.warn({ err: e.message }, "postgres connection lost"));
    const store = new PgRelayStore(
      pool,
      parameters.leaseMs,
      parameters.instanceId ?? `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`,
    );
    try {
      await store.#migrate();
    } catch (e) {
      await pool.end();
      throw e;
    }
    return store;
  }

  async #migrate(): Promise<void> {
    const client = await this.#pool.connect();
    try {
      await client.query("BEGIN");
      await client.query("SELECT pg_advisory_xact_lock($1)", [MIGRATION_LOCK]);
      await client.query(
        "CREATE TABLE IF NOT EXISTS relay_schema (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())",
      );
      const { rows } = await client.query<{ v: number | null }>("SELECT max(version) AS v FROM relay_schema");
      for (let v = (rows[0]?.v ?? 0) + 1; v <= MIGRATIONS.length; v++) {
        await client.query(MIGRATIONS[v - 1]!);
        await client.query("INSERT INTO relay_schema (version) VALUES ($1)", [v]);
      }
      await client.query("COMMIT");
    } catch (e) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw e;
    } finally {
      client.release();
    }
  }

  /** Applied schema version. */
  async schemaVersion(): Promise<number> {
    const { rows } = await this.#pool.query<{ v: number | null }>("SELECT max(version) AS v FROM relay_schema");
    return rows[0]?.v ?? 0;
  }

  async addSent(m: ObservedMessage<AnyBridgeMessage>): Promise<void> {
    await this.#pool.query(
      `INSERT INTO relay_messages (id, src, dst, nonce, encoded, status) VALUES ($1, $2, $3, $4, $5, 'sent') ON CONFLICT (id) DO NOTHING`,
      [m.messageId.toLowerCase(), m.message.srcDomain, m.message.dstDomain, m.message.nonce.toString(), m.encoded],
    );
  }

  async get(messageId: Hex): Promise<RelayRecord | undefined> {
    const { rows } = await this.#pool.query<PgRow>(`SELECT * FROM relay_messages WHERE id = $1`, [messageId.toLowerCase()]);
    return rows[0] ? toRecord(rows[0]) : undefined;
  }

  async listDue(now: number, limit: number): Promise<RelayRecord[]> {
    const { rows } = await this.#pool.query<PgRow>(
      `SELECT * FROM relay_messages WHERE status <> 'delivered' AND next_attempt_at <= $1 ORDER BY created_at, src, nonce LIMIT $2`,
      [now, limit],
    );
    return rows.map(toRecord);
  }

  /**
   * Claims up to `limit` due messages that no other instance holds (or whose lease expired): one statement,
   * rows locked with SKIP LOCKED so concurrent claimers never get the same message.
   */
  async claimDue(now: number, limit: number, dstDomains?: readonly Domain[]): Promise<RelayRecord[]> {
    const { rows } = await this.#pool.query<PgRow & { created_at: Date }>(
      `UPDATE relay_messages m
          SET lease_owner = $1, lease_until = clock_timestamp() + make_interval(secs => $2), updated_at = clock_timestamp()
         FROM (SELECT id FROM relay_messages
                WHERE status <> 'delivered' AND next_attempt_at <= $3
                  AND (lease_owner IS NULL OR lease_owner = $1 OR lease_until < clock_timestamp())
                  AND ($5::bigint[] IS NULL OR dst = ANY($5::bigint[]))
                ORDER BY created_at, src, nonce
                LIMIT $4
                FOR UPDATE SKIP LOCKED) due
        WHERE m.id = due.id
       RETURNING m.*`,
      [this.instanceId, this.leaseMs / 1000, now, limit, dstDomains ? [...dstDomains] : null],
    );
    rows.sort(
      (a, b) =>
        a.created_at.getTime() - b.created_at.getTime() || Number(a.src) - Number(b.src) || (BigInt(a.nonce) < BigInt(b.nonce) ? -1 : 1),
    );
    return rows.map(toRecord);
  }

  async renewLeases(messageIds: readonly Hex[]): Promise<Hex[]> {
    if (messageIds.length === 0) return [];
    const { rows } = await this.#pool.query<{ id: string }>(
      `UPDATE relay_messages SET lease_until = clock_timestamp() + make_interval(secs => $2)
        WHERE id = ANY($3) AND lease_owner = $1 AND status <> 'delivered' RETURNING id`,
      [this.instanceId, this.leaseMs / 1000, messageIds.map((id) => id.toLowerCase())],
    );
    return rows.map((r) => r.id as Hex);
  }

  async releaseLeases(messageIds: readonly Hex[]): Promise<void> {
    if (messageIds.length === 0) return;
    await this.#pool.query(`UPDATE relay_messages SET lease_owner = NULL, lease_until = NULL WHERE id = ANY($2) AND lease_owner = $1`, [
      this.instanceId,
      messageIds.map((id) => id.toLowerCase()),
    ]);
  }

  async list(): Promise<RelayRecord[]> {
    const { rows } = await this.#pool.query<PgRow>(`SELECT * FROM relay_messages ORDER BY created_at, src, nonce`);
    return rows.map(toRecord);
  }

  async pending(limit: number): Promise<RelayRecord[]> {
    const { rows } = await this.#pool.query<PgRow>(
      `SELECT * FROM relay_messages WHERE status <> 'delivered' ORDER BY created_at, src, nonce LIMIT $1`,
      [limit],
    );
    return rows.map(toRecord);
  }

  async counts(): Promise<Record<string, number>> {
    const { rows } = await this.#pool.query<{ status: string; n: string }>(
      `SELECT status, count(*) AS n FROM relay_messages GROUP BY status`,
    );
    return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
  }

  /** The instance that recorded each delivered message (tests and operations). */
  async deliveredBy(): Promise<Map<Hex, string | null>> {
    const { rows } = await this.#pool.query<{ id: string; delivered_by: string | null }>(
      `SELECT id, delivered_by FROM relay_messages WHERE status = 'delivered'`,
    );
    return new Map(rows.map((r) => [r.id as Hex, r.delivered_by]));
  }

  async setSignatures(
    messageId: Hex,
    signatures: ValidatorSignature[],
    required: number,
    validatorCount: number,
    status: "sent" | "signed",
  ): Promise<void> {
    await this.#pool.query(
      `UPDATE relay_messages SET signatures = $2, signed_count = $3, required = $4, validator_count = $5, status = $6, updated_at = clock_timestamp()
        WHERE id = $1 AND status <> 'delivered' AND (lease_owner IS NULL OR lease_owner = $7)`,
      [messageId.toLowerCase(), JSON.stringify(signatures), signatures.length, required, validatorCount, status, this.instanceId],
    );
  }

  async markSubmitting(messageId: Hex): Promise<void> {
    await this.#pool.query(
      `UPDATE relay_messages SET status = 'submitting', updated_at = clock_timestamp()
        WHERE id = $1 AND status <> 'delivered' AND (lease_owner IS NULL OR lease_owner = $2)`,
      [messageId.toLowerCase(), this.instanceId],
    );
  }

  /** Terminal and unconditional (a fact read from the destination); the first transaction recorded is kept. */
  async markDelivered(messageId: Hex, transactionId: string | null): Promise<void> {
    await this.#pool.query(
      `UPDATE relay_messages
          SET tx = CASE WHEN status = 'delivered' THEN tx ELSE COALESCE($2, tx) END,
              delivered_by = CASE WHEN status = 'delivered' THEN delivered_by ELSE $3 END,
              status = 'delivered', last_error = NULL, lease_owner = NULL, lease_until = NULL, updated_at = clock_timestamp()
        WHERE id = $1`,
      [messageId.toLowerCase(), transactionId, this.instanceId],
    );
  }

  async markFailed(messageId: Hex, reason: string, nextAttemptAt: number): Promise<void> {
    await this.#pool.query(
      `UPDATE relay_messages SET status = 'failed', attempts = attempts + 1, last_error = $2, next_attempt_at = $3,
              lease_owner = NULL, lease_until = NULL, updated_at = clock_timestamp()
        WHERE id = $1 AND status <> 'delivered' AND (lease_owner IS NULL OR lease_owner = $4)`,
      [messageId.toLowerCase(), reason, nextAttemptAt, this.instanceId],
    );
  }

  async defer(messageId: Hex, reason: string, nextAttemptAt: number): Promise<void> {
    await this.#pool.query(
      `UPDATE relay_messages SET last_error = $2, attempts = attempts + 1, next_attempt_at = $3,
              lease_owner = NULL, lease_until = NULL, updated_at = clock_timestamp()
        WHERE id = $1 AND status <> 'delivered' AND (lease_owner IS NULL OR lease_owner = $4)`,
      [messageId.toLowerCase(), reason, nextAttemptAt, this.instanceId],
    );
  }

  async cursor(domain: Domain): Promise<bigint | undefined> {
    const { rows } = await this.#pool.query<{ next_block: string }>(`SELECT next_block FROM relay_cursors WHERE domain = $1`, [domain]);
    return rows[0] ? BigInt(rows[0].next_block) : undefined;
  }

  /** Moves the cursor forward only: a slower instance finishing an older scan never moves it back. */
  async setCursor(domain: Domain, nextBlock: bigint): Promise<void> {
    await this.#pool.query(
      `INSERT INTO relay_cursors (domain, next_block) VALUES ($1, $2)
       ON CONFLICT (domain) DO UPDATE SET next_block = GREATEST(relay_cursors.next_block, excluded.next_block)`,
      [domain, nextBlock.toString()],
    );
  }

  /** Gives up this instance's remaining leases (best effort) and closes the pool. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#pool
      .query(`UPDATE relay_messages SET lease_owner = NULL, lease_until = NULL WHERE lease_owner = $1`, [this.instanceId])
      .catch(() => undefined);
    await this.#pool.end();
  }
}

function toRecord(r: PgRow): RelayRecord {
  decodeAnyBridgeMessage(Uint8Array.from(Buffer.from(r.encoded.slice(2), "hex"))); // integrity: a stored message still decodes
  return {
    messageId: r.id as Hex,
    srcDomain: Number(r.src),
    dstDomain: Number(r.dst),
    nonce: BigInt(r.nonce),
    encoded: r.encoded as Hex,
    status: r.status as RelayStatus,
    signatures: r.signatures,
    signedCount: r.signed_count,
    required: r.required,
    validatorCount: r.validator_count,
    attempts: r.attempts,
    nextAttemptAt: Number(r.next_attempt_at),
    lastError: r.last_error,
    transactionId: r.tx,
    createdAt: r.created_at.getTime(),
  };
}
