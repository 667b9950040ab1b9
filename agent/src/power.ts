/**
 * The provider agent's side of proof of computational power (DESIGN §11): each pass it looks for its own open
 * challenge on every chain with a `power` binding, solves it with the native keccak-256 solver on every core, and
 * responds before the deadline. Every step is recorded in the agent's store before the next one, so a restart never
 * solves or answers twice: the nonces are recorded before the answer is sent, and a recorded `responding` reads the
 * chain before sending again.
 *
 * The solver is given the hashes the window still allows at the machine's rate (`hashRate × seconds left`, less a
 * margin for the transaction): a machine that cannot find m solutions in that many hashes gives up instead of
 * answering late — which is what a claim above the machine's rate leads to.
 */
import { CalctraError, type PowerChallenge, type PowerClient } from "@calctra/core";
import type { Logger } from "pino";
import type { AgentMetrics } from "./metrics.js";
import type { AgentPowerRecord, AgentStore } from "./store.js";

/** What a solver returns: the nonces found (fewer than m when the budget ran out) and the hashes tried. */
export interface PowerSolution {
  readonly nonces: readonly bigint[];
  readonly hashes: bigint;
}

/** Finds `m` nonces below `target` within `limit` hashes (the native addon's `solvePowerNative` by default). */
export type PowerSolver = (p: {
  readonly seed: `0x${string}`;
  readonly provider: `0x${string}`;
  readonly target: bigint;
  readonly m: number;
  readonly limit: bigint;
}) => Promise<PowerSolution>;

/** The agent's power settings. */
export interface AgentPowerParameters {
  /**
   * The rate `setUp` declares (keccak-256 hashes per second); omitted: this machine's rate, measured with the native
   * addon for `measureMs` (what `calctra power bench` prints).
   */
  readonly claimedRate?: bigint;
  /** How long `setUp` measures when `claimedRate` is omitted (default 2000 ms). */
  readonly measureMs?: number;
  /** This machine's rate, hashes per second: sizes the solver's budget (default: the claim). */
  readonly hashRate?: number;
  /** Seconds kept back before the deadline for the answer's transaction (default 5). */
  readonly marginSeconds?: number;
  /** The solver (default: `solvePowerNative` from `@calctra/core/zk-native`, on every core). */
  readonly solve?: PowerSolver;
}

/** The native solver: `solvePowerNative` on every core. */
export const nativePowerSolver: PowerSolver = async (p) => {
  const { solvePowerNative } = await import("@calctra/core/zk-native");
  return solvePowerNative({ seed: p.seed, provider: p.provider, target: p.target, m: p.m, limit: p.limit });
};

/** What the power part of a pass needs of one chain. */
export interface PowerChainView {
  readonly name: string;
  readonly power: PowerClient;
  readonly self: string;
  now(): Promise<bigint>;
}

/** A fault point of the power steps (tests): `before:`/`after:` solving and responding. */
export type PowerFaultPoint = `${"before" | "after"}:${"solve" | "respond"}`;

const errorName = (e: unknown) => (e instanceof CalctraError ? e.name : e instanceof Error ? e.name : "Error");

/**
 * Answers one chain's open challenge as far as it goes now; returns its record afterwards (undefined when no challenge
 * is open) and whether this call's answer closed it.
 */
export async function answerPowerChallenge(
  chain: PowerChainView,
  p: AgentPowerParameters,
  deps: {
    readonly store: AgentStore;
    readonly metrics: AgentMetrics;
    readonly logger?: Logger;
    readonly fault?: (point: PowerFaultPoint, chain: string, challengeId: bigint) => void;
  },
): Promise<{ readonly record?: AgentPowerRecord; readonly answeredNow: boolean }> {
  const { store, metrics } = deps;
  let answeredNow = false;
  const log = (level: "info" | "warn", fields: Record<string, unknown>, msg: string) =>
    deps.logger?.[level]({ chain: chain.name, ...fields }, msg);
  const open = await chain.power.getChallenge({ provider: chain.self });
  // Pending records of challenges that are no longer open: the chain closed them (our answer landed, or it expired).
  for (const rec of await store.listPower(["solving", "solved", "responding"])) {
    if (rec.chain !== chain.name || (open && open.challengeId === BigInt(rec.challengeId))) continue;
    const record = await chain.power.getPowerRecord({ provider: chain.self });
    const answered = rec.stage === "responding" && record.failuresInRow === 0n && record.powerPassed > 0n;
    await closeRecord(rec, answered ? "answered" : "missed", answered ? undefined : "closed by the chain before an answer landed");
  }
  if (!open) return { answeredNow };

  let rec = await store.getPower(chain.name, open.challengeId);
  if (rec && (rec.stage === "answered" || rec.stage === "missed")) return { record: rec, answeredNow };
  const now = await chain.now();
  if (now > open.deadline) {
    return { record: await closeRecord(rec ?? base(open, "solving"), "missed", "seen after its window"), answeredNow };
  }
  if (!rec || rec.stage === "solving") {
    rec = await store.putPower(base(open, "solving"));
    const rate = p.hashRate ?? Number(p.claimedRate ?? (await chain.power.getPowerRecord({ provider: chain.self })).claimedRate);
    const seconds = Number(open.deadline - now) - (p.marginSeconds ?? 5);
    const limit = BigInt(Math.max(0, Math.floor(rate * seconds)));
    deps.fault?.("before:solve", chain.name, open.challengeId);
    const t0 = performance.now();
    const solution = await (p.solve ?? nativePowerSolver)({
      seed: open.seed,
      provider: open.provider,
      target: open.target,
      m: open.nonces,
      limit,
    });
    const solveMs = performance.now() - t0;
    metrics.powerSolveSeconds.observe({ chain: chain.name }, solveMs / 1000);
    if (solution.nonces.length < open.nonces) {
      log(
        "warn",
        { challengeId: rec.challengeId, found: solution.nonces.length, m: open.nonces, limit: limit.toString() },
        "no answer within the window's hashes",
      );
      const missed = await closeRecord(
        { ...rec, hashes: solution.hashes.toString(), solveMs },
        "missed",
        `${solution.nonces.length} of ${open.nonces} solutions in ${limit} hashes`,
      );
      return { record: missed, answeredNow };
    }
    rec = await store.putPower({
      ...rec,
      stage: "solved",
      nonces: solution.nonces.map(String),
      hashes: solution.hashes.toString(),
      solveMs,
    });
    deps.fault?.("after:solve", chain.name, open.challengeId);
    log("info", { challengeId: rec.challengeId, hashes: rec.hashes, solveMs: Math.round(solveMs) }, "challenge solved");
  }
  // solved or responding: the chain still shows this challenge open, so no answer of ours landed yet.
  rec = await store.putPower({ ...rec, stage: "responding" });
  try {
    deps.fault?.("before:respond", chain.name, open.challengeId);
    await chain.power.respond({ challengeId: open.challengeId, nonces: (rec.nonces ?? []).map((n) => BigInt(n)) });
    deps.fault?.("after:respond", chain.name, open.challengeId);
  } catch (e) {
    if (errorName(e) === "PowerAnswerAfterWindow")
      return { record: await closeRecord(rec, "missed", "answer after the window"), answeredNow };
    throw e;
  }
  log("info", { challengeId: rec.challengeId }, "challenge answered");
  answeredNow = true;
  return { record: await closeRecord(rec, "answered"), answeredNow };

  async function closeRecord(r: Omit<AgentPowerRecord, "updatedAt">, stage: "answered" | "missed", reason?: string) {
    if (stage === "answered") metrics.challengesAnswered.inc({ chain: chain.name });
    else metrics.challengesMissed.inc({ chain: chain.name });
    return store.putPower({ ...r, stage, ...(reason ? { reason } : {}) });
  }
  function base(c: PowerChallenge, stage: "solving"): Omit<AgentPowerRecord, "updatedAt"> {
    return { chain: chain.name, challengeId: c.challengeId.toString(), stage, deadline: c.deadline.toString() };
  }
}

/**
 * Measures this machine's keccak-256 rate with the native addon (every core, about `ms` milliseconds): the value to
 * declare as `claimedRate`.
 *
 * @example
 * ```ts
 * const rate = await measureHashRate({ ms: 2000 }); // e.g. 9_800_000n
 * ```
 */
export async function measureHashRate({ ms = 2000 }: { readonly ms?: number } = {}): Promise<bigint> {
  const { measureHashRateNative } = await import("@calctra/core/zk-native");
  return BigInt(Math.floor(measureHashRateNative({ ms }).rate));
}
