/**
 * Where the provider agent remembers its tasks, so that a restart at any step loses nothing and sends nothing twice:
 * one record per (chain, task) holding the stage reached and everything off chain a later step needs (the output,
 * the salt — written before any commitment that uses it leaves the machine —, the proof, the sealed result's CID).
 * SQLite by default (one file, `node:sqlite`); PostgreSQL when several agent instances share the work, each task then
 * held by one instance at a time through a lease (the relayer's store pattern).
 */
import { hostname } from "node:os";
import { randomUUID } from "node:crypto";
import pg from "pg";
import { DatabaseSync } from "@calctra/sdk/node";

/**
 * How far the agent got with a task. `watching`: open, not taken yet (re-evaluated each pass); `skipped`: never to be
 * taken (the reason says why); `accepting` → `accepted` → `computed` → (`proved`) → `published` → `submitted` (classic)
 * or `committed` → `revealed` (replicas) → `done`; `failed`: given up after acceptance (timeout, lost task).
 */
export type AgentStage =
  | "watching"
  | "skipped"
  | "accepting"
  | "accepted"
  | "computed"
  | "proved"
  | "published"
  | "submitted"
  | "committed"
  | "revealed"
  | "done"
  | "failed";

/** Stages in which the agent still has work to do for a task it took. */
export const ACTIVE_STAGES: readonly AgentStage[] = [
  "accepting",
  "accepted",
  "computed",
  "proved",
  "published",
  "submitted",
  "committed",
  "revealed",
];
/** Stages of a task that is being computed or proved (what `concurrency` limits). */
export const BUSY_STAGES: readonly AgentStage[] = ["accepting", "accepted", "computed", "proved"];

/** One task as the agent remembers it (every bigint as a decimal string, so records are JSON). */
export interface AgentTaskRecord {
  readonly chain: string;
  readonly taskId: string;
  readonly stage: AgentStage;
  readonly reason?: string;
  /** 0: classic; 1..3 replicas. */
  readonly replicas?: number;
  readonly verifierId?: number;
  readonly specCid?: string;
  /** The price locked at accept. */
  readonly price?: string;
  readonly output?: readonly string[];
  readonly resultHash?: `0x${string}`;
  readonly salt?: string;
  readonly resultCommitment?: string;
  /** The chain-encoded proof, hex. */
  readonly proof?: `0x${string}`;
  readonly proveMs?: number;
  readonly resultCid?: string;
  /** What the task paid this provider (set once it is done). */
  readonly earned?: string;
  readonly updatedAt: number;
}

/**
 * How far the agent got with one power challenge (DESIGN §11): `solving` (seen, solver running), `solved` (the nonces
 * are recorded: a restart responds with them, never solves again), `responding` (the answer was being sent: a restart
 * reads the chain before sending again), `answered` (the chain closed it after our answer), `missed` (not answered in
 * its window: no solution within the hashes the window allowed, or seen too late).
 */
export type AgentPowerStage = "solving" | "solved" | "responding" | "answered" | "missed";

/** One challenge as the agent remembers it (bigints as decimal strings). */
export interface AgentPowerRecord {
  readonly chain: string;
  readonly challengeId: string;
  readonly stage: AgentPowerStage;
  readonly deadline: string;
  /** The answer, strictly increasing, once solved. */
  readonly nonces?: readonly string[];
  /** Hashes the solver tried and how long it took. */
  readonly hashes?: string;
  readonly solveMs?: number;
  readonly reason?: string;
  readonly updatedAt: number;
}

/** The agent's persistence. */
export interface AgentStore {
  /** A power challenge's record (see {@link AgentPowerRecord}). */
  getPower(chain: string, challengeId: bigint): Promise<AgentPowerRecord | undefined>;
  /** Inserts or replaces a power challenge's record. */
  putPower(record: Omit<AgentPowerRecord, "updatedAt">): Promise<AgentPowerRecord>;
  /** Power records in the given stages (all when omitted), oldest first. */
  listPower(stages?: readonly AgentPowerStage[]): Promise<AgentPowerRecord[]>;
  get(chain: string, taskId: bigint): Promise<AgentTaskRecord | undefined>;
  /** Inserts or replaces a record (the whole record: stages only move through `put`). */
  put(record: Omit<AgentTaskRecord, "updatedAt">): Promise<AgentTaskRecord>;
  /** Records in the given stages (all when omitted), oldest first. */
  list(stages?: readonly AgentStage[]): Promise<AgentTaskRecord[]>;
  /** The first task id not yet looked at on a chain. */
  cursor(chain: string): Promise<bigint>;
  setCursor(chain: string, next: bigint): Promise<void>;
  /**
   * Takes (or renews) this instance's lease on a task for `ttlMs`; false while another live instance holds it. With
   * one instance (SQLite) it always succeeds.
   */
  lease(chain: string, taskId: bigint, ttlMs: number): Promise<boolean>;
  counts(): Promise<Partial<Record<AgentStage, number>>>;
  close(): Promise<void>;
}

const stamp = (r: Omit<AgentTaskRecord, "updatedAt">): AgentTaskRecord => ({ ...r, updatedAt: Date.now() });
const placeholders = (n: number, from = 1, style: "?" | "$" = "?") =>
  Array.from({ length: n }, (_, i) => (style === "?" ? "?" : `$${from + i}`)).join(", ");

/**
 * The embedded store: one SQLite file (WAL), or `:memory:` for tests.
 *
 * @example
 * ```ts
 * const store = new SqliteAgentStore({ path: ".calctra/agent.db" });
 * ```
 */
export class SqliteAgentStore implements AgentStore {
  readonly #db: DatabaseSync;
  constructor({ path }: { readonly path: string }) {
    this.#db = new DatabaseSync(path);
    this.#db.exec(`
      PRAGMA journal_mode = WAL;
      PRAGMA synchronous = FULL;
      CREATE TABLE IF NOT EXISTS agent_tasks (
        chain TEXT NOT NULL, task_id TEXT NOT NULL, stage TEXT NOT NULL, record TEXT NOT NULL, updated_at INTEGER NOT NULL,
        PRIMARY KEY (chain, task_id));
      CREATE INDEX IF NOT EXISTS agent_tasks_stage ON agent_tasks (stage, updated_at);
      CREATE TABLE IF NOT EXISTS agent_cursors (chain TEXT PRIMARY KEY, next_id TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS agent_power (
        chain TEXT NOT NULL, challenge_id TEXT NOT NULL, stage TEXT NOT NULL, record TEXT NOT NULL, updated_at INTEGER NOT NULL,
        PRIMARY KEY (chain, challenge_id));`);
  }
  async getPower(chain: string, challengeId: bigint): Promise<AgentPowerRecord | undefined> {
    const row = this.#db
      .prepare("SELECT record FROM agent_power WHERE chain = ? AND challenge_id = ?")
      .get(chain, challengeId.toString()) as { record: string } | undefined;
    return row ? (JSON.parse(row.record) as AgentPowerRecord) : undefined;
  }
  async putPower(r: Omit<AgentPowerRecord, "updatedAt">): Promise<AgentPowerRecord> {
    const rec: AgentPowerRecord = { ...r, updatedAt: Date.now() };
    this.#db
      .prepare(
        `INSERT INTO agent_power (chain, challenge_id, stage, record, updated_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (chain, challenge_id) DO UPDATE SET stage = excluded.stage, record = excluded.record, updated_at = excluded.updated_at`,
      )
      .run(rec.chain, rec.challengeId, rec.stage, JSON.stringify(rec), rec.updatedAt);
    return rec;
  }
  async listPower(stages?: readonly AgentPowerStage[]): Promise<AgentPowerRecord[]> {
    const rows = (
      stages
        ? this.#db
            .prepare(
              `SELECT record FROM agent_power WHERE stage IN (${placeholders(stages.length)}) ORDER BY updated_at, chain, challenge_id`,
            )
            .all(...stages)
        : this.#db.prepare("SELECT record FROM agent_power ORDER BY updated_at, chain, challenge_id").all()
    ) as { record: string }[];
    return rows.map((r) => JSON.parse(r.record) as AgentPowerRecord);
  }
  async get(chain: string, taskId: bigint): Promise<AgentTaskRecord | undefined> {
    const row = this.#db.prepare("SELECT record FROM agent_tasks WHERE chain = ? AND task_id = ?").get(chain, taskId.toString()) as
      | { record: string }
      | undefined;
    return row ? (JSON.parse(row.record) as AgentTaskRecord) : undefined;
  }
  async put(r: Omit<AgentTaskRecord, "updatedAt">): Promise<AgentTaskRecord> {
    const rec = stamp(r);
    this.#db
      .prepare(
        `INSERT INTO agent_tasks (chain, task_id, stage, record, updated_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (chain, task_id) DO UPDATE SET stage = excluded.stage, record = excluded.record, updated_at = excluded.updated_at`,
      )
      .run(rec.chain, rec.taskId, rec.stage, JSON.stringify(rec), rec.updatedAt);
    return rec;
  }
  async list(stages?: readonly AgentStage[]): Promise<AgentTaskRecord[]> {
    const rows = (
      stages
        ? this.#db
            .prepare(`SELECT record FROM agent_tasks WHERE stage IN (${placeholders(stages.length)}) ORDER BY updated_at, chain, task_id`)
            .all(...stages)
        : this.#db.prepare("SELECT record FROM agent_tasks ORDER BY updated_at, chain, task_id").all()
    ) as { record: string }[];
    return rows.map((r) => JSON.parse(r.record) as AgentTaskRecord);
  }
  async cursor(chain: string): Promise<bigint> {
    const row = this.#db.prepare("SELECT next_id FROM agent_cursors WHERE chain = ?").get(chain) as { next_id: string } | undefined;
    return row ? BigInt(row.next_id) : 0n;
  }
  async setCursor(chain: string, next: bigint): Promise<void> {
    this.#db
      .prepare("INSERT INTO agent_cursors (chain, next_id) VALUES (?, ?) ON CONFLICT (chain) DO UPDATE SET next_id = excluded.next_id")
      .run(chain, next.toString());
  }
  async lease(): Promise<boolean> {
    return true;
  }
  async counts(): Promise<Partial<Record<AgentStage, number>>> {
    const rows = this.#db.prepare("SELECT stage, COUNT(*) AS n FROM agent_tasks GROUP BY stage").all() as {
      stage: AgentStage;
      n: number;
    }[];
    return Object.fromEntries(rows.map((r) => [r.stage, Number(r.n)]));
  }
  async close(): Promise<void> {
    this.#db.close();
  }
}

/** Parameters of {@link PgAgentStore.open}. */
export interface PgAgentStoreParameters {
  /** A `postgres://` connection string. */
  readonly connectionString: string;
  /** This instance's name in leases (default: host, pid and a random suffix). */
  readonly owner?: string;
  /** Where a lost idle connection is reported (the pool reconnects on the next query). */
  readonly logger?: import("pino").Logger;
}

/**
 * PostgreSQL, for several agent instances of one provider: records and cursors are shared, and a task is worked on by
 * the instance holding its lease (taken with one conditional upsert; an expired lease may be taken over).
 *
 * @example
 * ```ts
 * const store = await PgAgentStore.open({ connectionString: "postgres://calctra@127.0.0.1:5432/agent" });
 * ```
 */
export class PgAgentStore implements AgentStore {
  readonly #pool: pg.Pool;
  readonly owner: string;
  private constructor(pool: pg.Pool, owner: string) {
    this.#pool = pool;
    this.owner = owner;
  }
  static async open({ connectionString, owner, logger }: PgAgentStoreParameters): Promise<PgAgentStore> {
    const pool = new pg.Pool({ connectionString, max: 4 });
    pool.on("error", (e) => logger?.warn({ err: e.message }, "postgres connection lost"));
    const store = new PgAgentStore(pool, owner ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`);
    await pool.query(`
      CREATE TABLE IF NOT EXISTS agent_tasks (
        chain text NOT NULL, task_id numeric(78, 0) NOT NULL, stage text NOT NULL, record jsonb NOT NULL,
        updated_at bigint NOT NULL, PRIMARY KEY (chain, task_id));
      CREATE INDEX IF NOT EXISTS agent_tasks_stage ON agent_tasks (stage, updated_at);
      CREATE TABLE IF NOT EXISTS agent_cursors (chain text PRIMARY KEY, next_id numeric(78, 0) NOT NULL);
      CREATE TABLE IF NOT EXISTS agent_leases (
        chain text NOT NULL, task_id numeric(78, 0) NOT NULL, owner text NOT NULL, until bigint NOT NULL,
        PRIMARY KEY (chain, task_id));
      CREATE TABLE IF NOT EXISTS agent_power (
        chain text NOT NULL, challenge_id numeric(20, 0) NOT NULL, stage text NOT NULL, record jsonb NOT NULL,
        updated_at bigint NOT NULL, PRIMARY KEY (chain, challenge_id));`);
    return store;
  }
  async getPower(chain: string, challengeId: bigint): Promise<AgentPowerRecord | undefined> {
    const r = await this.#pool.query("SELECT record FROM agent_power WHERE chain = $1 AND challenge_id = $2", [
      chain,
      challengeId.toString(),
    ]);
    return r.rows[0]?.record as AgentPowerRecord | undefined;
  }
  async putPower(r: Omit<AgentPowerRecord, "updatedAt">): Promise<AgentPowerRecord> {
    const rec: AgentPowerRecord = { ...r, updatedAt: Date.now() };
    await this.#pool.query(
      `INSERT INTO agent_power (chain, challenge_id, stage, record, updated_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (chain, challenge_id) DO UPDATE SET stage = excluded.stage, record = excluded.record, updated_at = excluded.updated_at`,
      [rec.chain, rec.challengeId, rec.stage, JSON.stringify(rec), rec.updatedAt],
    );
    return rec;
  }
  async listPower(stages?: readonly AgentPowerStage[]): Promise<AgentPowerRecord[]> {
    const r = stages
      ? await this.#pool.query(
          `SELECT record FROM agent_power WHERE stage IN (${placeholders(stages.length, 1, "$")}) ORDER BY updated_at, chain, challenge_id`,
          [...stages],
        )
      : await this.#pool.query("SELECT record FROM agent_power ORDER BY updated_at, chain, challenge_id");
    return r.rows.map((row) => row.record as AgentPowerRecord);
  }
  async get(chain: string, taskId: bigint): Promise<AgentTaskRecord | undefined> {
    const r = await this.#pool.query("SELECT record FROM agent_tasks WHERE chain = $1 AND task_id = $2", [chain, taskId.toString()]);
    return r.rows[0]?.record as AgentTaskRecord | undefined;
  }
  async put(r: Omit<AgentTaskRecord, "updatedAt">): Promise<AgentTaskRecord> {
    const rec = stamp(r);
    await this.#pool.query(
      `INSERT INTO agent_tasks (chain, task_id, stage, record, updated_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (chain, task_id) DO UPDATE SET stage = excluded.stage, record = excluded.record, updated_at = excluded.updated_at`,
      [rec.chain, rec.taskId, rec.stage, JSON.stringify(rec), rec.updatedAt],
    );
    return rec;
  }
  async list(stages?: readonly AgentStage[]): Promise<AgentTaskRecord[]> {
    const r = stages
      ? await this.#pool.query(
          `SELECT record FROM agent_tasks WHERE stage IN (${placeholders(stages.length, 1, "$")}) ORDER BY updated_at, chain, task_id`,
          [...stages],
        )
      : await this.#pool.query("SELECT record FROM agent_tasks ORDER BY updated_at, chain, task_id");
    return r.rows.map((row) => row.record as AgentTaskRecord);
  }
  async cursor(chain: string): Promise<bigint> {
    const r = await this.#pool.query("SELECT next_id::text AS n FROM agent_cursors WHERE chain = $1", [chain]);
    return r.rows[0] ? BigInt(r.rows[0].n as string) : 0n;
  }
  async setCursor(chain: string, next: bigint): Promise<void> {
    // Cursors only move forward, whichever instance writes.
    await this.#pool.query(
      `INSERT INTO agent_cursors (chain, next_id) VALUES ($1, $2)
       ON CONFLICT (chain) DO UPDATE SET next_id = GREATEST(agent_cursors.next_id, excluded.next_id)`,
      [chain, next.toString()],
    );
  }
  async lease(chain: string, taskId: bigint, ttlMs: number): Promise<boolean> {
    const now = Date.now();
    const r = await this.#pool.query(
      `INSERT INTO agent_leases (chain, task_id, owner, until) VALUES ($1, $2, $3, $4)
       ON CONFLICT (chain, task_id) DO UPDATE SET owner = excluded.owner, until = excluded.until
       WHERE agent_leases.owner = excluded.owner OR agent_leases.until < $5
       RETURNING owner`,
      [chain, taskId.toString(), this.owner, now + ttlMs, now],
    );
    return r.rowCount === 1;
  }
  async counts(): Promise<Partial<Record<AgentStage, number>>> {
    const r = await this.#pool.query("SELECT stage, COUNT(*)::int AS n FROM agent_tasks GROUP BY stage");
    return Object.fromEntries(r.rows.map((row) => [row.stage as AgentStage, row.n as number]));
  }
  async close(): Promise<void> {
    await this.#pool.end();
  }
}
