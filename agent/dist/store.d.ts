/**
 * How far the agent got with a task. `watching`: open, not taken yet (re-evaluated each pass); `skipped`: never to be
 * taken (the reason says why); `accepting` → `accepted` → `computed` → (`proved`) → `published` → `submitted` (classic)
 * or `committed` → `revealed` (replicas) → `done`; `failed`: given up after acceptance (timeout, lost task).
 */
export type AgentStage = "watching" | "skipped" | "accepting" | "accepted" | "computed" | "proved" | "published" | "submitted" | "committed" | "revealed" | "done" | "failed";
/** Stages in which the agent still has work to do for a task it took. */
export declare const ACTIVE_STAGES: readonly AgentStage[];
/** Stages of a task that is being computed or proved (what `concurrency` limits). */
export declare const BUSY_STAGES: readonly AgentStage[];
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
/** The agent's persistence. */
export interface AgentStore {
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
/**
 * The embedded store: one SQLite file (WAL), or `:memory:` for tests.
 *
 * @example
 * ```ts
 * const store = new SqliteAgentStore({ path: ".calctra/agent.db" });
 * ```
 */
export declare class SqliteAgentStore implements AgentStore {
    #private;
    constructor({ path }: {
        readonly path: string;
    });
    get(chain: string, taskId: bigint): Promise<AgentTaskRecord | undefined>;
    put(r: Omit<AgentTaskRecord, "updatedAt">): Promise<AgentTaskRecord>;
    list(stages?: readonly AgentStage[]): Promise<AgentTaskRecord[]>;
    cursor(chain: string): Promise<bigint>;
    setCursor(chain: string, next: bigint): Promise<void>;
    lease(): Promise<boolean>;
    counts(): Promise<Partial<Record<AgentStage, number>>>;
    close(): Promise<void>;
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
export declare class PgAgentStore implements AgentStore {
    #private;
    readonly owner: string;
    private constructor();
    static open({ connectionString, owner, logger }: PgAgentStoreParameters): Promise<PgAgentStore>;
    get(chain: string, taskId: bigint): Promise<AgentTaskRecord | undefined>;
    put(r: Omit<AgentTaskRecord, "updatedAt">): Promise<AgentTaskRecord>;
    list(stages?: readonly AgentStage[]): Promise<AgentTaskRecord[]>;
    cursor(chain: string): Promise<bigint>;
    setCursor(chain: string, next: bigint): Promise<void>;
    lease(chain: string, taskId: bigint, ttlMs: number): Promise<boolean>;
    counts(): Promise<Partial<Record<AgentStage, number>>>;
    close(): Promise<void>;
}
//# sourceMappingURL=store.d.ts.map