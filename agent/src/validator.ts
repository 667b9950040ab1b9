/**
 * The compute-validator service (DESIGN §11; distinct from the bridge's validator): on every configured chain it
 * challenges providers' claimed hash rates in round robin — never itself, never a provider with an open challenge or in
 * its cooldown, never one without a claim —, expires unanswered challenges once their window is over (anyone may; it
 * earns the challenger its fee and counts the failure), and claims its accrued fees. Its challenges and round-robin
 * position are kept in SQLite, so a restart picks up where it stopped (a challenge sent but not recorded is adopted
 * from the chain). `/health` and `/metrics` (prom-client) like the other services.
 */
import { readFileSync } from "node:fs";
import type { Logger } from "pino";
import { Counter, Gauge, Registry } from "prom-client";
import { z } from "zod";
import { CalctraError, parseCal, type PowerClient, type StakingClient } from "@calctra/core";
import { DatabaseSync } from "@calctra/sdk/node";
import { PassLoop } from "./loop.js";

/** One chain as the validator works on it. */
export interface ValidatorChain {
  /** A label for records, logs and metrics. */
  readonly name: string;
  readonly power: PowerClient;
  /** The validator's staking client, to register and stake at `setUp` (optional when already staked). */
  readonly staking?: StakingClient;
  /** The validator's own address in the chain's form (never challenged). */
  readonly self: string;
  /** The chain's clock, unix seconds. */
  now(): Promise<bigint>;
  /** Providers to consider, in a stable order (e.g. every `PowerClaimDeclared`, or a configured list). */
  candidates(): Promise<readonly string[]>;
}

/** What the validator remembers of a challenge it opened. */
export interface ValidatorChallengeRecord {
  readonly chain: string;
  readonly challengeId: string;
  readonly provider: string;
  readonly deadline: string;
  /** `open` until the chain closed it: `passed` (answered) or `expired`. */
  readonly status: "open" | "passed" | "expired";
  /** The provider's `powerFailed` when the challenge opened (a higher count later means it expired). */
  readonly failedBefore: string;
  readonly updatedAt: number;
}

/**
 * The validator's persistence: its challenges and its round-robin position per chain (SQLite, `node:sqlite`).
 *
 * @example
 * ```ts
 * const store = new ValidatorStore({ path: ".calctra/power-validator.db" });
 * ```
 */
export class ValidatorStore {
  readonly #db: DatabaseSync;
  constructor({ path }: { readonly path: string }) {
    this.#db = new DatabaseSync(path);
    this.#db.exec(`
      PRAGMA journal_mode = WAL;
      PRAGMA synchronous = FULL;
      CREATE TABLE IF NOT EXISTS power_challenges (
        chain TEXT NOT NULL, challenge_id TEXT NOT NULL, status TEXT NOT NULL, record TEXT NOT NULL, updated_at INTEGER NOT NULL,
        PRIMARY KEY (chain, challenge_id));
      CREATE TABLE IF NOT EXISTS power_cursors (chain TEXT PRIMARY KEY, next_index INTEGER NOT NULL);`);
  }
  async get(chain: string, challengeId: bigint): Promise<ValidatorChallengeRecord | undefined> {
    const row = this.#db
      .prepare("SELECT record FROM power_challenges WHERE chain = ? AND challenge_id = ?")
      .get(chain, challengeId.toString()) as { record: string } | undefined;
    return row ? (JSON.parse(row.record) as ValidatorChallengeRecord) : undefined;
  }
  async put(r: Omit<ValidatorChallengeRecord, "updatedAt">): Promise<ValidatorChallengeRecord> {
    const rec: ValidatorChallengeRecord = { ...r, updatedAt: Date.now() };
    this.#db
      .prepare(
        `INSERT INTO power_challenges (chain, challenge_id, status, record, updated_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (chain, challenge_id) DO UPDATE SET status = excluded.status, record = excluded.record, updated_at = excluded.updated_at`,
      )
      .run(rec.chain, rec.challengeId, rec.status, JSON.stringify(rec), rec.updatedAt);
    return rec;
  }
  async list(status?: ValidatorChallengeRecord["status"]): Promise<ValidatorChallengeRecord[]> {
    const rows = (
      status
        ? this.#db.prepare("SELECT record FROM power_challenges WHERE status = ? ORDER BY updated_at, challenge_id").all(status)
        : this.#db.prepare("SELECT record FROM power_challenges ORDER BY updated_at, challenge_id").all()
    ) as { record: string }[];
    return rows.map((r) => JSON.parse(r.record) as ValidatorChallengeRecord);
  }
  async cursor(chain: string): Promise<number> {
    const row = this.#db.prepare("SELECT next_index FROM power_cursors WHERE chain = ?").get(chain) as { next_index: number } | undefined;
    return row ? Number(row.next_index) : 0;
  }
  async setCursor(chain: string, next: number): Promise<void> {
    this.#db
      .prepare(
        "INSERT INTO power_cursors (chain, next_index) VALUES (?, ?) ON CONFLICT (chain) DO UPDATE SET next_index = excluded.next_index",
      )
      .run(chain, next);
  }
  async counts(): Promise<Record<string, number>> {
    const rows = this.#db.prepare("SELECT status, COUNT(*) AS n FROM power_challenges GROUP BY status").all() as {
      status: string;
      n: number;
    }[];
    return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
  }
  async close(): Promise<void> {
    this.#db.close();
  }
}

/** The validator's Prometheus metrics (one registry per service). */
export class ValidatorMetrics {
  readonly registry = new Registry();
  readonly challengesOpened = new Counter({
    name: "calctra_power_validator_challenges_opened_total",
    help: "Challenges opened",
    labelNames: ["chain"],
    registers: [this.registry],
  });
  readonly challengesPassed = new Counter({
    name: "calctra_power_validator_challenges_passed_total",
    help: "Own challenges the provider answered in time",
    labelNames: ["chain"],
    registers: [this.registry],
  });
  readonly challengesExpired = new Counter({
    name: "calctra_power_validator_challenges_expired_total",
    help: "Challenges expired by this validator (its own or another's)",
    labelNames: ["chain"],
    registers: [this.registry],
  });
  readonly feesClaimed = new Counter({
    name: "calctra_power_validator_fees_claimed_base_units_total",
    help: "Validator fees claimed, CAL base units",
    labelNames: ["chain"],
    registers: [this.registry],
  });
  readonly openChallenges = new Gauge({
    name: "calctra_power_validator_open_challenges",
    help: "Own challenges still open",
    registers: [this.registry],
  });
  readonly chainErrors = new Counter({
    name: "calctra_power_validator_chain_errors_total",
    help: "Passes in which a chain could not be reached",
    labelNames: ["chain"],
    registers: [this.registry],
  });
}

/** Parameters of {@link ComputeValidator}. */
export interface ComputeValidatorParameters {
  readonly chains: readonly ValidatorChain[];
  readonly store: ValidatorStore;
  /** New challenges per chain and pass (default 1). */
  readonly challengesPerPass?: number;
  /** Fees are claimed once at least this much is owed (CAL base units; default: anything owed). */
  readonly claimFeesAbove?: bigint;
  readonly logger?: Logger;
  readonly metrics?: ValidatorMetrics;
}

/** What one pass did. */
export interface ValidatorPassSummary {
  readonly opened: number;
  readonly expired: number;
  readonly closed: number;
  readonly claimed: bigint;
  readonly unreachable: readonly string[];
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
const describe = (e: unknown) => (e instanceof CalctraError ? `${e.name}` : e instanceof Error ? e.message : String(e));

/**
 * The compute-validator service.
 *
 * @example
 * ```ts
 * const validator = new ComputeValidator({ chains, store: new ValidatorStore({ path: ".calctra/power-validator.db" }) });
 * await validator.setUp({ stake: 200n * CAL });
 * validator.start({ pollMs: 5000 });
 * ```
 */
export class ComputeValidator {
  readonly metrics: ValidatorMetrics;
  readonly #p: ComputeValidatorParameters;
  readonly #unreachable = new Set<string>();
  readonly #loop = new PassLoop();
  #lastPassAt = 0;

  constructor(parameters: ComputeValidatorParameters) {
    this.#p = parameters;
    this.metrics = parameters.metrics ?? new ValidatorMetrics();
    const names = parameters.chains.map((c) => c.name);
    if (new Set(names).size !== names.length)
      throw new CalctraError("AgentInvalidConfig", { reason: `chain names repeat: ${names.join(", ")}` });
  }

  /** Registers in staking and stakes up to `stake` where a staking client is given, then registers as a validator. */
  async setUp({ stake = 0n }: { readonly stake?: bigint } = {}): Promise<void> {
    for (const chain of this.#p.chains) {
      if (chain.staking && stake > 0n) {
        const info = await chain.staking.getProvider({ provider: chain.self });
        if (!info.registered) await chain.staking.register({ metadataHash: `0x${"00".repeat(31)}01` });
        if (info.staked < stake) await chain.staking.stake({ amount: stake - info.staked });
      }
      if (!(await chain.power.getValidator({ validator: chain.self })).registered) {
        await chain.power.registerValidator();
        this.#log("info", { chain: chain.name }, "registered as a compute validator");
      }
    }
  }

  /** Runs passes every `pollMs` until {@link stop}; a failing pass is logged. */
  start({ pollMs = 5000 }: { readonly pollMs?: number } = {}): void {
    this.#loop.start(
      () => this.runOnce(),
      pollMs,
      (e) => this.#log("error", { error: describe(e) }, "pass failed"),
    );
  }

  /** Stops after the pass in progress. */
  async stop(): Promise<void> {
    await this.#loop.stop();
  }

  /** Health: ok while every chain answered on the last pass and a pass ran. */
  async health(): Promise<{
    readonly ok: boolean;
    readonly unreachable: readonly string[];
    readonly lastPassAt: number;
    readonly challenges: Record<string, number>;
  }> {
    return {
      ok: this.#unreachable.size === 0 && this.#lastPassAt > 0,
      unreachable: [...this.#unreachable],
      lastPassAt: this.#lastPassAt,
      challenges: await this.#p.store.counts(),
    };
  }

  /** One pass on every chain: settle what closed, expire what is due, challenge in round robin, claim fees. */
  async runOnce(): Promise<ValidatorPassSummary> {
    let opened = 0;
    let expired = 0;
    let closed = 0;
    let claimed = 0n;
    const unreachable: string[] = [];
    for (const chain of this.#p.chains) {
      try {
        const r = await this.#pass(chain);
        opened += r.opened;
        expired += r.expired;
        closed += r.closed;
        claimed += r.claimed;
        this.#unreachable.delete(chain.name);
      } catch (e) {
        this.#unreachable.add(chain.name);
        unreachable.push(chain.name);
        this.metrics.chainErrors.inc({ chain: chain.name });
        this.#log("warn", { chain: chain.name, error: describe(e) }, "chain unreachable; skipped this pass");
      }
    }
    this.metrics.openChallenges.set((await this.#p.store.list("open")).length);
    this.#lastPassAt = Date.now();
    return { opened, expired, closed, claimed, unreachable };
  }

  async #pass(chain: ValidatorChain) {
    const { store } = this.#p;
    const now = await chain.now();
    const params = await chain.power.getPowerParameters();
    const candidates = (await chain.candidates()).filter((p) => !same(p, chain.self));
    const records = new Map<string, Awaited<ReturnType<PowerClient["getPowerRecord"]>>>();
    for (const p of candidates) records.set(p, await chain.power.getPowerRecord({ provider: p }));
    const me = (await chain.power.getValidator({ validator: chain.self })).validator;
    let expired = 0;
    // Open challenges: adopt our own not yet recorded (a kill after sending), expire those past their window.
    for (const p of candidates) {
      const rec = records.get(p)!;
      if (rec.openChallenge === 0n) continue;
      const c = await chain.power.getChallenge({ provider: p });
      if (!c) continue;
      if (c.validator === me && !(await store.get(chain.name, c.challengeId)))
        await store.put({
          chain: chain.name,
          challengeId: c.challengeId.toString(),
          provider: p,
          deadline: c.deadline.toString(),
          status: "open",
          failedBefore: rec.powerFailed.toString(),
        });
      if (now > c.deadline) {
        try {
          await chain.power.expireChallenge({ provider: p });
          expired++;
          this.metrics.challengesExpired.inc({ chain: chain.name });
          this.#log("info", { chain: chain.name, provider: p, challengeId: c.challengeId.toString() }, "challenge expired");
          records.set(p, await chain.power.getPowerRecord({ provider: p }));
        } catch (e) {
          // Another caller expired it first.
          if (!(e instanceof CalctraError && e.name === "PowerUnknownChallenge")) throw e;
        }
      }
    }
    // Our recorded open challenges the chain closed: passed, or expired (the provider's failures went up).
    let closed = 0;
    for (const r of await store.list("open")) {
      if (r.chain !== chain.name) continue;
      const rec = records.get(r.provider) ?? (await chain.power.getPowerRecord({ provider: r.provider }));
      if (rec.openChallenge === BigInt(r.challengeId)) continue;
      const status = rec.powerFailed > BigInt(r.failedBefore) ? "expired" : "passed";
      await store.put({ ...r, status });
      if (status === "passed") this.metrics.challengesPassed.inc({ chain: chain.name });
      closed++;
    }
    // New challenges, round robin from where the last one stopped.
    let opened = 0;
    const want = this.#p.challengesPerPass ?? 1;
    const start = await store.cursor(chain.name);
    const n = candidates.length;
    for (let k = 0; k < n && opened < want; k++) {
      const index = (start + k) % n;
      const p = candidates[index]!;
      const rec = records.get(p)!;
      const eligible =
        rec.claimedRate > 0n &&
        rec.openChallenge === 0n &&
        (rec.lastChallengeAt === 0n || now >= rec.lastChallengeAt + params.powerCooldown);
      if (!eligible) continue;
      const { challengeId } = await chain.power.challenge({ provider: p });
      const c = await chain.power.getChallenge({ provider: p });
      await store.put({
        chain: chain.name,
        challengeId: challengeId.toString(),
        provider: p,
        deadline: (c?.deadline ?? 0n).toString(),
        status: "open",
        failedBefore: rec.powerFailed.toString(),
      });
      await store.setCursor(chain.name, (index + 1) % n);
      opened++;
      this.metrics.challengesOpened.inc({ chain: chain.name });
      this.#log("info", { chain: chain.name, provider: p, challengeId: challengeId.toString() }, "challenge opened");
    }
    // Fees.
    let claimed = 0n;
    const { feesOwed } = await chain.power.getValidator({ validator: chain.self });
    if (feesOwed > 0n && feesOwed >= (this.#p.claimFeesAbove ?? 1n)) {
      await chain.power.claimFees();
      claimed = feesOwed;
      this.metrics.feesClaimed.inc({ chain: chain.name }, Number(feesOwed));
      this.#log("info", { chain: chain.name, amount: feesOwed.toString() }, "fees claimed");
    }
    return { opened, expired, closed, claimed };
  }

  #log(level: "info" | "warn" | "error", fields: Record<string, unknown>, message: string): void {
    this.#p.logger?.[level](fields, message);
  }
}

/** One chain of the validator's configuration. */
export const ValidatorChainConfig = z
  .object({
    chain: z.enum(["evm", "solana", "ton"]),
    name: z.string().min(1).optional(),
    rpc: z.string().url().optional(),
    deployment: z.string().min(1).optional(),
    /** Providers to challenge; omitted: every provider that declared a claim (read from the chain). */
    providers: z.array(z.string().min(1)).optional(),
  })
  .strict();

/** The compute validator's configuration file (`calctra power validator start --config validator.json`). */
export const ValidatorConfig = z
  .object({
    chains: z.array(ValidatorChainConfig).min(1),
    store: z
      .object({ sqlite: z.string().min(1) })
      .strict()
      .default({ sqlite: ".calctra/power-validator.db" }),
    /** Stake to keep in staking (CAL); topped up at start. */
    stake: z.string().default("0"),
    challengesPerPass: z.number().int().min(1).max(64).default(1),
    /** Claim fees once at least this much CAL is owed. */
    claimFeesAbove: z.string().default("0"),
    pollSeconds: z.number().positive().default(5),
    http: z
      .object({ host: z.string().default("127.0.0.1"), port: z.number().int().min(0).max(65535) })
      .strict()
      .optional(),
  })
  .strict();
/** The validator configuration with defaults filled in. */
export type ValidatorConfigType = z.output<typeof ValidatorConfig>;

/**
 * Reads and checks a validator configuration file; `AgentInvalidConfig` names the first problem.
 *
 * @example
 * ```ts
 * const config = loadValidatorConfig("validator.json");
 * ```
 */
export function loadValidatorConfig(path: string): ValidatorConfigType {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, "utf8"));
  } catch (e) {
    throw new CalctraError("AgentInvalidConfig", { path, reason: e instanceof Error ? e.message : String(e) });
  }
  const r = ValidatorConfig.safeParse(json);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new CalctraError("AgentInvalidConfig", { path, field: issue?.path.join(".") || "(root)", reason: issue?.message ?? "invalid" });
  }
  for (const [field, v] of [
    ["stake", r.data.stake],
    ["claimFeesAbove", r.data.claimFeesAbove],
  ] as const) {
    try {
      parseCal(v);
    } catch {
      throw new CalctraError("AgentInvalidConfig", { path, field, reason: "must be a CAL amount such as 100 or 0.25" });
    }
  }
  return r.data;
}
