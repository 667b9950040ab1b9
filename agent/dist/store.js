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
/** Stages in which the agent still has work to do for a task it took. */
export const ACTIVE_STAGES = [
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
export const BUSY_STAGES = ["accepting", "accepted", "computed", "proved"];
const stamp = (r) => ({ ...r, updatedAt: Date.now() });
const placeholders = (n, from = 1, style = "?") => Array.from({ length: n }, (_, i) => (style === "?" ? "?" : `$${from + i}`)).join(", ");
/**
 * The embedded store: one SQLite file (WAL), or `:memory:` for tests.
 *
 * @example
 * ```ts
 * const store = new SqliteAgentStore({ path: ".calctra/agent.db" });
 * ```
 */
export class SqliteAgentStore {
    #db;
    constructor({ path }) {
        this.#db = new DatabaseSync(path);
        this.#db.exec(`
      PRAGMA journal_mode = WAL;
      PRAGMA synchronous = FULL;
      CREATE TABLE IF NOT EXISTS agent_tasks (
        chain TEXT NOT NULL, task_id TEXT NOT NULL, stage TEXT NOT NULL, record TEXT NOT NULL, updated_at INTEGER NOT NULL,
        PRIMARY KEY (chain, task_id));
      CREATE INDEX IF NOT EXISTS agent_tasks_stage ON agent_tasks (stage, updated_at);
      CREATE TABLE IF NOT EXISTS agent_cursors (chain TEXT PRIMARY KEY, next_id TEXT NOT NULL);`);
    }
    async get(chain, taskId) {
        const row = this.#db.prepare("SELECT record FROM agent_tasks WHERE chain = ? AND task_id = ?").get(chain, taskId.toString());
        return row ? JSON.parse(row.record) : undefined;
    }
    async put(r) {
        const rec = stamp(r);
        this.#db
            .prepare(`INSERT INTO agent_tasks (chain, task_id, stage, record, updated_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (chain, task_id) DO UPDATE SET stage = excluded.stage, record = excluded.record, updated_at = excluded.updated_at`)
            .run(rec.chain, rec.taskId, rec.stage, JSON.stringify(rec), rec.updatedAt);
        return rec;
    }
    async list(stages) {
        const rows = (stages
            ? this.#db
                .prepare(`SELECT record FROM agent_tasks WHERE stage IN (${placeholders(stages.length)}) ORDER BY updated_at, chain, task_id`)
                .all(...stages)
            : this.#db.prepare("SELECT record FROM agent_tasks ORDER BY updated_at, chain, task_id").all());
        return rows.map((r) => JSON.parse(r.record));
    }
    async cursor(chain) {
        const row = this.#db.prepare("SELECT next_id FROM agent_cursors WHERE chain = ?").get(chain);
        return row ? BigInt(row.next_id) : 0n;
    }
    async setCursor(chain, next) {
        this.#db
            .prepare("INSERT INTO agent_cursors (chain, next_id) VALUES (?, ?) ON CONFLICT (chain) DO UPDATE SET next_id = excluded.next_id")
            .run(chain, next.toString());
    }
    async lease() {
        return true;
    }
    async counts() {
        const rows = this.#db.prepare("SELECT stage, COUNT(*) AS n FROM agent_tasks GROUP BY stage").all();
        return Object.fromEntries(rows.map((r) => [r.stage, Number(r.n)]));
    }
    async close() {
        this.#db.close();
    }
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
export class PgAgentStore {
    #pool;
    owner;
    constructor(pool, owner) {
        this.#pool = pool;
        this.owner = owner;
    }
    static async open({ connectionString, owner, logger }) {
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
        PRIMARY KEY (chain, task_id));`);
        return store;
    }
    async get(chain, taskId) {
        const r = await this.#pool.query("SELECT record FROM agent_tasks WHERE chain = $1 AND task_id = $2", [chain, taskId.toString()]);
        return r.rows[0]?.record;
    }
    async put(r) {
        const rec = stamp(r);
        await this.#pool.query(`INSERT INTO agent_tasks (chain, task_id, stage, record, updated_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (chain, task_id) DO UPDATE SET stage = excluded.stage, record = excluded.record, updated_at = excluded.updated_at`, [rec.chain, rec.taskId, rec.stage, JSON.stringify(rec), rec.updatedAt]);
        return rec;
    }
    async list(stages) {
        const r = stages
            ? await this.#pool.query(`SELECT record FROM agent_tasks WHERE stage IN (${placeholders(stages.length, 1, "$")}) ORDER BY updated_at, chain, task_id`, [...stages])
            : await this.#pool.query("SELECT record FROM agent_tasks ORDER BY updated_at, chain, task_id");
        return r.rows.map((row) => row.record);
    }
    async cursor(chain) {
        const r = await this.#pool.query("SELECT next_id::text AS n FROM agent_cursors WHERE chain = $1", [chain]);
        return r.rows[0] ? BigInt(r.rows[0].n) : 0n;
    }
    async setCursor(chain, next) {
        // Cursors only move forward, whichever instance writes.
        await this.#pool.query(`INSERT INTO agent_cursors (chain, next_id) VALUES ($1, $2)
       ON CONFLICT (chain) DO UPDATE SET next_id = GREATEST(agent_cursors.next_id, excluded.next_id)`, [chain, next.toString()]);
    }
    async lease(chain, taskId, ttlMs) {
        const now = Date.now();
        const r = await this.#pool.query(`INSERT INTO agent_leases (chain, task_id, owner, until) VALUES ($1, $2, $3, $4)
       ON CONFLICT (chain, task_id) DO UPDATE SET owner = excluded.owner, until = excluded.until
       WHERE agent_leases.owner = excluded.owner OR agent_leases.until < $5
       RETURNING owner`, [chain, taskId.toString(), this.owner, now + ttlMs, now]);
        return r.rowCount === 1;
    }
    async counts() {
        const r = await this.#pool.query("SELECT stage, COUNT(*)::int AS n FROM agent_tasks GROUP BY stage");
        return Object.fromEntries(r.rows.map((row) => [row.stage, row.n]));
    }
    async close() {
        await this.#pool.end();
    }
}
//# sourceMappingURL=store.js.map