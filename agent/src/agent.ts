/**
 * The provider agent (DESIGN §2, §5): watches every configured chain for open tasks and offers, keeps those it can run
 * (the spec fetched by the CID its `specHash` names, checked against the schema, the inputs fetched and shaped, the
 * verifier one it can prove, the requirements met by its hardware, the price at or above its floor), ranks them with
 * the offer engine and accepts; then computes the job for real, proves it when the task has a verifier, seals the
 * result to the user's key, publishes it, and submits — or commits and reveals for replicated tasks — and finalizes or
 * settles when due.
 *
 * Restart safety: every step is recorded in the {@link AgentStore} before the next one starts, and every on-chain step
 * first reads the chain to see whether it already happened (a kill after sending but before recording). So a restart
 * at any point neither loses a task nor sends a step twice. The salt of a commitment is recorded before the
 * commitment leaves the machine.
 */
import { randomBytes } from "node:crypto";
import { hexToBytes, type Hex } from "viem";
import type { Logger } from "pino";
import {
  CAL,
  CalctraError,
  ReplicaState,
  TaskStatus,
  computePayout,
  rankOffers,
  replicaCommit,
  taskStatusName,
  type MarketplaceClient,
  type OpenOffer,
  type PowerClient,
  type StakingClient,
  type Task,
  type UniversalAddress,
} from "@calctra/core";
import {
  cidDigest,
  encodeResultPayload,
  parseTaskSpec,
  resultHashOf,
  sealResult,
  specCidOfHash,
  type TaskSpec,
} from "@calctra/core/delivery";
import {
  buildResultCommitmentInputs,
  encodeProofEvm,
  encodeProofSolana,
  encodeProofTon,
  outputCommitment,
  outputResult,
  taskStatement,
  type ProofCurve,
  type SnarkjsGroth16Proof,
} from "@calctra/core/zk";
import type { ContentStore } from "@calctra/sdk/delivery";
import { unmetRequirement, type HardwareSpec } from "./hardware.js";
import { denseInference, denseWorkUnits, fetchDenseInputs } from "./jobs.js";
import { AgentMetrics } from "./metrics.js";
import { answerPowerChallenge, measureHashRate, type AgentPowerParameters, type PowerFaultPoint } from "./power.js";
import type { AgentCircuit, Prover } from "./prover.js";
import { ACTIVE_STAGES, BUSY_STAGES, type AgentStore, type AgentTaskRecord } from "./store.js";
import { PassLoop } from "./loop.js";

/** One chain as the agent works on it: the provider's own clients on that chain. */
export interface AgentChain {
  /** A label for records, logs and metrics ("evm", "solana", "ton", or any unique name). */
  readonly name: string;
  readonly kind: "evm" | "solana" | "ton";
  readonly market: MarketplaceClient;
  readonly staking: StakingClient;
  /** The provider's address in the chain's own form (what `getProvider` takes). */
  readonly self: string;
  /** The provider's 32-byte universal address (what tasks and replicas record). */
  readonly universal: UniversalAddress;
  /** The chain's clock, unix seconds. */
  now(): Promise<bigint>;
  /** The chain's power registry (DESIGN §11), when the agent answers challenges there. */
  readonly power?: PowerClient;
}

/** The steps a fault hook can interrupt (`before:` the step is sent, `after:` it was sent but not yet recorded). */
export type AgentStep =
  | "accept"
  | "compute"
  | "prove"
  | "publish"
  | "submit"
  | "commit"
  | "reveal"
  | "settle"
  | "finalize"
  | "solve"
  | "respond";

/** Thrown by a fault hook to stop the agent where it stands, as a kill would (tests). */
export class AgentKilled extends Error {
  override name = "AgentKilled";
}

/** Parameters of {@link ProviderAgent}. */
export interface ProviderAgentParameters {
  readonly chains: readonly AgentChain[];
  readonly store: AgentStore;
  readonly content: ContentStore;
  readonly prover: Prover;
  readonly hardware: HardwareSpec;
  /** Least price per multiply-accumulate, CAL base units. */
  readonly floorPricePerUnit: bigint;
  /** Tasks computed or proved at once (default 2). */
  readonly concurrency?: number;
  /** Longest a task may take to compute and prove before it is given up (default 10 minutes). */
  readonly taskTimeoutMs?: number;
  /** Verifier id → circuit (default `{ 1: "result_commitment" }`). */
  readonly verifiers?: Readonly<Record<number, AgentCircuit>>;
  /** Least time left before a task's deadline for the agent to take it (default 60 s). */
  readonly deadlineMarginSeconds?: bigint;
  /** New task ids looked at per chain and pass (default 64). */
  readonly scanLimit?: number;
  /** The marketplace's fee split, for the earnings metric (default 8000/1500/500). */
  readonly feeSplit?: { readonly providerBps: bigint; readonly treasuryBps: bigint; readonly creatorBps: bigint };
  readonly logger?: Logger;
  readonly metrics?: AgentMetrics;
  /**
   * Proof of computational power (DESIGN §11) on the chains with a `power` client: the rate `setUp` declares, and how
   * challenges are solved (the native solver on every core by default). Omitted: challenges are not answered.
   */
  readonly power?: AgentPowerParameters;
  /** Test hook, called around each step (for `solve`/`respond` with the challenge id); throw {@link AgentKilled} to stop the agent there. */
  readonly faults?: (point: `${"before" | "after"}:${AgentStep}`, chain: string, taskId: bigint) => void;
}

const curveOf = (kind: AgentChain["kind"]): ProofCurve => (kind === "ton" ? "bls12381" : "bn254");
const hexOf = (b: Uint8Array): Hex => `0x${Buffer.from(b).toString("hex")}`;
const sameAddress = (a: string | null, b: string) => a !== null && a.toLowerCase() === b.toLowerCase();
const errorName = (e: unknown) => (e instanceof CalctraError ? e.name : e instanceof Error ? e.name : "Error");
const describe = (e: unknown) =>
  e instanceof CalctraError
    ? `${e.name} ${JSON.stringify(e.args, (_, v) => (typeof v === "bigint" ? v.toString() : v))}`
    : e instanceof Error
      ? e.message
      : String(e);

/** Refusals that mean "not yet": the step is tried again on a later pass. */
const NOT_YET = new Set([
  "MarketplaceChallengePeriodActive",
  "MarketplaceRevealNotOpen",
  "MarketplaceRevealPeriodActive",
  "MarketplaceDeadlineNotPassed",
]);
/** Content errors that may pass (the store is down): the task is looked at again later. */
const TRANSIENT = new Set(["DeliveryStoreUnreachable"]);

interface Candidate {
  readonly chain: AgentChain;
  readonly task: Task;
  readonly spec: TaskSpec;
  readonly specCid: string;
  readonly replicas: number;
  readonly offer: OpenOffer;
}

/** What one pass did, for logs and tests. */
export interface AgentPassSummary {
  /** Power challenges answered in this pass. */
  readonly challengesAnswered: number;
  readonly seen: number;
  readonly accepted: number;
  readonly progressed: number;
  readonly unreachable: readonly string[];
}

/**
 * The provider agent.
 *
 * @example
 * ```ts
 * const agent = new ProviderAgent({ chains, store, content, prover: nativeProver({ circuits: "circuits/build" }),
 *   hardware: await detectHardware(), floorPricePerUnit: 0n });
 * await agent.setUp({ stake: 100n * CAL });
 * agent.start({ pollMs: 2000 });
 * ```
 */
export class ProviderAgent {
  readonly metrics: AgentMetrics;
  readonly #p: ProviderAgentParameters;
  readonly #chains: ReadonlyMap<string, AgentChain>;
  readonly #specs = new Map<string, TaskSpec>();
  readonly #unreachable = new Set<string>();
  readonly #loop = new PassLoop();
  #lastPassAt = 0;
  /** The rate declared (configured, or measured once at `setUp`). */
  #claimedRate: bigint | undefined;

  constructor(parameters: ProviderAgentParameters) {
    this.#p = parameters;
    this.metrics = parameters.metrics ?? new AgentMetrics();
    const names = parameters.chains.map((c) => c.name);
    if (new Set(names).size !== names.length)
      throw new CalctraError("AgentInvalidConfig", { reason: `chain names repeat: ${names.join(", ")}` });
    this.#chains = new Map(parameters.chains.map((c) => [c.name, c]));
  }

  /**
   * Publishes the hardware document by CID and registers with its digest where not yet registered, then stakes up to
   * `stake` on every chain.
   *
   * @example
   * ```ts
   * await agent.setUp({ stake: 100n * CAL });
   * ```
   */
  async setUp({ stake }: { readonly stake: bigint }): Promise<{ readonly metadataHash: Hex }> {
    const { encodeHardwareSpec } = await import("./hardware.js");
    const metadataHash = cidDigest(await this.#p.content.put(encodeHardwareSpec(this.#p.hardware)));
    for (const chain of this.#p.chains) {
      const info = await chain.staking.getProvider({ provider: chain.self });
      if (!info.registered) await chain.staking.register({ metadataHash });
      if (info.staked < stake) await chain.staking.stake({ amount: stake - info.staked });
      this.#log("info", { chain: chain.name, metadataHash, stake: stake.toString() }, "registered and staked");
      if (chain.power && this.#p.power) {
        this.#claimedRate ??= this.#p.power.claimedRate ?? (await measureHashRate({ ms: this.#p.power.measureMs ?? 2000 }));
        const claimedRate = this.#claimedRate;
        const rec = await chain.power.getPowerRecord({ provider: chain.self });
        // A claim cannot change while a challenge is open: it is declared on a later start.
        if (rec.claimedRate !== claimedRate && rec.openChallenge === 0n) {
          await chain.power.declareRate({ claimedRate });
          this.#log("info", { chain: chain.name, claimedRate: claimedRate.toString() }, "hash rate declared");
        }
      }
    }
    return { metadataHash };
  }

  /** Runs passes every `pollMs` until {@link stop}. A failing pass is logged; the agent never stops by itself. */
  start({ pollMs = 2000 }: { readonly pollMs?: number } = {}): void {
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

  /** Health: ok while every chain answered on the last pass and a pass ran recently. */
  async health(): Promise<{
    readonly ok: boolean;
    readonly unreachable: readonly string[];
    readonly lastPassAt: number;
    readonly tasks: Record<string, number>;
    readonly challenges: Record<string, number>;
  }> {
    const tasks = (await this.#p.store.counts()) as Record<string, number>;
    const challenges: Record<string, number> = {};
    for (const r of await this.#p.store.listPower()) challenges[r.stage] = (challenges[r.stage] ?? 0) + 1;
    return {
      challenges,
      ok: this.#unreachable.size === 0 && this.#lastPassAt > 0,
      unreachable: [...this.#unreachable],
      lastPassAt: this.#lastPassAt,
      tasks,
    };
  }

  /** What completed tasks paid this provider, by chain (CAL base units). */
  async earnings(): Promise<Record<string, bigint>> {
    const out: Record<string, bigint> = {};
    for (const r of await this.#p.store.list(["done"])) out[r.chain] = (out[r.chain] ?? 0n) + BigInt(r.earned ?? "0");
    return out;
  }

  /**
   * One pass: look at new tasks on every chain, re-evaluate those still open, accept the best within the concurrency
   * limit, and move every task taken as far as it can go now. An unreachable chain is logged and skipped.
   */
  async runOnce(): Promise<AgentPassSummary> {
    const challengesAnswered = await this.#answerChallenges();
    let seen = 0;
    const candidates: Candidate[] = [];
    const unreachable: string[] = [];
    for (const chain of this.#p.chains) {
      try {
        seen += await this.#scan(chain);
        candidates.push(...(await this.#evaluate(chain)));
        this.#unreachable.delete(chain.name);
      } catch (e) {
        if (e instanceof AgentKilled) throw e;
        this.#unreachable.add(chain.name);
        unreachable.push(chain.name);
        this.metrics.chainErrors.inc({ chain: chain.name });
        this.#log(
          "warn",
          { chain: chain.name, error: "AgentChainUnreachable", cause: describe(e) },
          "chain unreachable; skipped this pass",
        );
      }
    }
    const accepted = await this.#acceptBest(candidates);
    const progressed = await this.#work();
    this.#lastPassAt = Date.now();
    this.metrics.active.set((await this.#p.store.list(ACTIVE_STAGES)).length);
    return { challengesAnswered, seen, accepted, progressed, unreachable };
  }

  /** Power challenges first (their window is strict): each chain with a `power` client, as far as it goes now. */
  async #answerChallenges(): Promise<number> {
    const power = this.#p.power;
    if (!power) return 0;
    let answered = 0;
    for (const chain of this.#p.chains) {
      if (!chain.power) continue;
      try {
        const { answeredNow } = await answerPowerChallenge(
          { name: chain.name, power: chain.power, self: chain.self, now: () => chain.now() },
          power,
          {
            store: this.#p.store,
            metrics: this.metrics,
            ...(this.#p.logger ? { logger: this.#p.logger } : {}),
            fault: (point: PowerFaultPoint, name: string, challengeId: bigint) => this.#p.faults?.(point, name, challengeId),
          },
        );
        if (answeredNow) answered++;
      } catch (e) {
        if (e instanceof AgentKilled) throw e;
        this.#log("warn", { chain: chain.name, error: describe(e) }, "power challenge step failed; will retry");
      }
    }
    return answered;
  }

  // ── Finding tasks ────────────────────────────────────────────────────────────────────────────

  async #scan(chain: AgentChain): Promise<number> {
    const { store } = this.#p;
    const count = await chain.market.taskCount();
    let next = await store.cursor(chain.name);
    // Task ids start at 1 on every chain (0 is "no task"); the count is the last id.
    if (next === 0n) next = 1n;
    const end = count + 1n;
    const limit = BigInt(this.#p.scanLimit ?? 64);
    let n = 0;
    for (; next < end && BigInt(n) < limit; next++, n++) {
      if (!(await store.get(chain.name, next))) await store.put({ chain: chain.name, taskId: next.toString(), stage: "watching" });
      this.metrics.tasksSeen.inc({ chain: chain.name });
    }
    await store.setCursor(chain.name, next);
    return n;
  }

  async #skip(rec: AgentTaskRecord, reason: string, error?: unknown): Promise<void> {
    await this.#p.store.put({ ...rec, stage: "skipped", reason });
    this.metrics.tasksSkipped.inc({ chain: rec.chain });
    this.#log("info", { chain: rec.chain, taskId: rec.taskId, reason, ...(error ? { error: errorName(error) } : {}) }, "task skipped");
  }

  /** Re-evaluates the chain's watched tasks: skips for good what it can never run, returns what it can take now. */
  async #evaluate(chain: AgentChain): Promise<Candidate[]> {
    const out: Candidate[] = [];
    const watching = (await this.#p.store.list(["watching"])).filter((r) => r.chain === chain.name);
    if (watching.length === 0) return out;
    const me = await chain.staking.getProvider({ provider: chain.self });
    const now = await chain.now();
    for (const rec of watching) {
      const taskId = BigInt(rec.taskId);
      const task = await chain.market.getTask({ taskId });
      const quote = await chain.market.quoteTask({ taskId });
      if (!quote.acceptable) {
        await this.#skip(rec, `not acceptable (${taskStatusName(task.status)})`);
        continue;
      }
      const offer = await chain.market.getOffer({ taskId });
      if (offer.replicas > 0 && (await chain.market.getReplicas({ taskId })).some((r) => sameAddress(r.provider, chain.universal))) {
        await this.#skip(rec, "already a replica");
        continue;
      }
      // The spec, by the CID its specHash names.
      let spec: TaskSpec;
      let specCid: string;
      let workUnits: bigint;
      try {
        const cid = specCidOfHash(task.specHash);
        specCid = cid.toString();
        spec = this.#specs.get(specCid) ?? parseTaskSpec(await this.#p.content.get(cid));
        this.#specs.set(specCid, spec);
        if (spec.verifierId !== task.verifierId)
          throw new CalctraError("AgentTaskUnsupported", {
            reason: `the spec names verifier ${spec.verifierId}, the task ${task.verifierId}`,
          });
        if (task.verifierId !== 0 && this.#circuitOf(task.verifierId) === undefined)
          throw new CalctraError("AgentTaskUnsupported", { reason: `no circuit configured for verifier ${task.verifierId}` });
        const unmet = unmetRequirement(this.#p.hardware, spec.requirements);
        if (unmet) throw new CalctraError("AgentTaskUnsupported", { reason: unmet });
        workUnits = denseWorkUnits(await fetchDenseInputs({ spec, content: this.#p.content }));
      } catch (e) {
        if (e instanceof AgentKilled) throw e;
        if (TRANSIENT.has(errorName(e))) {
          this.#log("warn", { chain: chain.name, taskId: rec.taskId, error: describe(e) }, "content store unreachable; will look again");
          continue;
        }
        await this.#skip(rec, describe(e), e);
        continue;
      }
      if (task.minReputationBps > Number(me.scoreBps)) {
        await this.#skip(rec, `needs reputation ${task.minReputationBps} bps, has ${me.scoreBps}`);
        continue;
      }
      if (task.deadline < now + (this.#p.deadlineMarginSeconds ?? 60n)) {
        await this.#skip(rec, "too close to its deadline");
        continue;
      }
      if (task.collateral > me.staked - me.locked) {
        this.#log("info", { chain: chain.name, taskId: rec.taskId }, "collateral above free stake; waiting");
        continue;
      }
      out.push({
        chain,
        task,
        spec,
        specCid,
        replicas: offer.replicas,
        offer: {
          id: `${chain.name}:${rec.taskId}`,
          minReward: offer.minReward,
          maxReward: offer.maxReward,
          rampStart: offer.rampStart,
          rampDuration: offer.rampDuration,
          lockDeadline: offer.lockDeadline,
          workUnits,
        },
      });
    }
    if (out.length === 0) return out;
    // Below the floor now: wait if the ramp will reach it before the lock deadline, else skip.
    const { ranked, excluded } = rankOffers({ offers: out.map((c) => c.offer), floorPricePerUnit: this.#p.floorPricePerUnit, now });
    for (const x of excluded) {
      const c = out.find((o) => o.offer.id === x.id);
      if (!c) continue;
      const best = c.offer.workUnits > 0n ? c.offer.maxReward / c.offer.workUnits : 0n;
      if (best < this.#p.floorPricePerUnit || now > c.offer.lockDeadline) {
        const rec = await this.#p.store.get(chain.name, c.task.id);
        if (rec) await this.#skip(rec, x.reason);
      }
    }
    const order = new Map(ranked.map((r, i) => [r.id, i]));
    return out.filter((c) => order.has(c.offer.id)).sort((a, b) => (order.get(a.offer.id) ?? 0) - (order.get(b.offer.id) ?? 0));
  }

  #circuitOf(verifierId: number): AgentCircuit | undefined {
    return (this.#p.verifiers ?? { 1: "result_commitment" })[verifierId];
  }

  // ── Accepting ────────────────────────────────────────────────────────────────────────────────

  async #acceptBest(candidates: readonly Candidate[]): Promise<number> {
    const limit = this.#p.concurrency ?? 2;
    let busy = (await this.#p.store.list(BUSY_STAGES)).length;
    let accepted = 0;
    for (const c of candidates) {
      if (busy >= limit) break;
      const rec = await this.#p.store.get(c.chain.name, c.task.id);
      if (rec?.stage !== "watching") continue;
      if (!(await this.#p.store.lease(c.chain.name, c.task.id, 10 * 60_000))) continue;
      await this.#p.store.put({ ...rec, stage: "accepting", specCid: c.specCid, replicas: c.replicas, verifierId: c.task.verifierId });
      busy++;
      if (await this.#accept(c.chain, (await this.#p.store.get(c.chain.name, c.task.id)) as AgentTaskRecord)) accepted++;
    }
    return accepted;
  }

  /** Sends the accept (unless the chain shows it already went through) and records the outcome. */
  async #accept(chain: AgentChain, rec: AgentTaskRecord): Promise<boolean> {
    const taskId = BigInt(rec.taskId);
    if (!(await this.#isMine(chain, taskId))) {
      this.#fault("before:accept", chain, taskId);
      try {
        await chain.market.acceptTask({ taskId });
      } catch (e) {
        if (!(await this.#isMine(chain, taskId))) {
          await this.#skip(rec, `accept refused: ${describe(e)}`, e);
          return false;
        }
      }
      this.#fault("after:accept", chain, taskId);
    }
    const price = await this.#lockedPrice(chain, taskId);
    await this.#p.store.put({ ...rec, stage: "accepted", price: price.toString() });
    this.metrics.tasksAccepted.inc({ chain: chain.name });
    this.#log("info", { chain: chain.name, taskId: rec.taskId, price: price.toString(), replicas: rec.replicas ?? 0 }, "task accepted");
    return true;
  }

  async #isMine(chain: AgentChain, taskId: bigint): Promise<boolean> {
    const offer = await chain.market.getOffer({ taskId });
    if (offer.replicas === 0) return sameAddress((await chain.market.getTask({ taskId })).provider, chain.universal);
    return (await chain.market.getReplicas({ taskId })).some((r) => sameAddress(r.provider, chain.universal));
  }

  async #lockedPrice(chain: AgentChain, taskId: bigint): Promise<bigint> {
    const offer = await chain.market.getOffer({ taskId });
    if (offer.replicas === 0) return offer.price > 0n ? offer.price : (await chain.market.getTask({ taskId })).reward;
    return (await chain.market.getReplicas({ taskId })).find((r) => sameAddress(r.provider, chain.universal))?.price ?? 0n;
  }

  // ── Working ──────────────────────────────────────────────────────────────────────────────────

  /** Moves every task taken as far as it goes now; computing and proving run `concurrency` at a time. */
  async #work(): Promise<number> {
    const records = await this.#p.store.list(ACTIVE_STAGES);
    const queue = [...records];
    let progressed = 0;
    const worker = async () => {
      for (;;) {
        const rec = queue.shift();
        if (!rec) return;
        const chain = this.#chains.get(rec.chain);
        if (!chain || this.#unreachable.has(chain.name)) continue;
        if (!(await this.#p.store.lease(rec.chain, BigInt(rec.taskId), 10 * 60_000))) continue;
        try {
          progressed += await this.#advance(chain, rec);
        } catch (e) {
          if (e instanceof AgentKilled) throw e;
          this.#log("warn", { chain: rec.chain, taskId: rec.taskId, stage: rec.stage, error: describe(e) }, "step failed; will retry");
        }
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, this.#p.concurrency ?? 2) }, worker));
    return progressed;
  }

  /** Runs the task's next steps until it has to wait; returns how many steps it took. */
  async #advance(chain: AgentChain, start: AgentTaskRecord): Promise<number> {
    let rec = start;
    let steps = 0;
    for (let guard = 0; guard < 12; guard++) {
      const next = await this.#step(chain, rec);
      if (!next) return steps;
      rec = next;
      steps++;
      if (rec.stage === "done" || rec.stage === "failed" || rec.stage === "skipped") return steps;
    }
    return steps;
  }

  async #step(chain: AgentChain, rec: AgentTaskRecord): Promise<AgentTaskRecord | undefined> {
    const { store } = this.#p;
    const taskId = BigInt(rec.taskId);
    const task = await chain.market.getTask({ taskId });
    const replicated = (rec.replicas ?? 0) > 0;
    // A task that ended while the agent worked on it.
    if (task.status === TaskStatus.Refunded || task.status === TaskStatus.Cancelled) {
      this.metrics.tasksFailed.inc({ chain: chain.name });
      this.#log("warn", { chain: chain.name, taskId: rec.taskId, status: taskStatusName(task.status) }, "task ended without payment");
      return store.put({ ...rec, stage: "failed", reason: `task ${taskStatusName(task.status)}` });
    }
    switch (rec.stage) {
      case "accepting":
        return (await this.#accept(chain, rec)) ? store.get(chain.name, taskId) : undefined;
      case "accepted":
        return this.#withTimeout(rec, () => this.#compute(chain, rec, task));
      case "computed":
        if (!replicated && rec.verifierId !== 0 && !rec.proof) return this.#withTimeout(rec, () => this.#prove(chain, rec, task));
        return this.#publish(chain, rec);
      case "proved":
        return this.#publish(chain, rec);
      case "published":
        return replicated ? this.#commit(chain, rec) : this.#submit(chain, rec, task);
      case "submitted":
        return this.#finish(chain, rec, task);
      case "committed":
        return this.#reveal(chain, rec, task);
      case "revealed":
        return this.#finish(chain, rec, task);
      default:
        return undefined;
    }
  }

  async #withTimeout(rec: AgentTaskRecord, run: () => Promise<AgentTaskRecord | undefined>): Promise<AgentTaskRecord | undefined> {
    const ms = this.#p.taskTimeoutMs ?? 600_000;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new CalctraError("AgentTaskTimeout", { chain: rec.chain, taskId: rec.taskId, ms })), ms);
    });
    try {
      return await Promise.race([run(), timeout]);
    } catch (e) {
      if (e instanceof CalctraError && e.name === "AgentTaskTimeout") {
        this.metrics.tasksFailed.inc({ chain: rec.chain });
        this.#log("error", { chain: rec.chain, taskId: rec.taskId, ms }, "task timed out; given up");
        return this.#p.store.put({ ...rec, stage: "failed", reason: `timed out after ${ms} ms` });
      }
      throw e;
    } finally {
      clearTimeout(timer);
    }
  }

  async #spec(rec: AgentTaskRecord): Promise<TaskSpec> {
    const cid = rec.specCid as string;
    const hit = this.#specs.get(cid);
    if (hit) return hit;
    const spec = parseTaskSpec(await this.#p.content.get(cid));
    this.#specs.set(cid, spec);
    return spec;
  }

  async #compute(chain: AgentChain, rec: AgentTaskRecord, task: Task): Promise<AgentTaskRecord> {
    this.#fault("before:compute", chain, task.id);
    const spec = await this.#spec(rec);
    const output = denseInference(await fetchDenseInputs({ spec, content: this.#p.content }));
    const resultHash = resultHashOf(output);
    // A salt below 2^248 is a field element on both curves, and 32 bytes for a replica's commit.
    const salt = BigInt(`0x${randomBytes(31).toString("hex")}`);
    const replicated = (rec.replicas ?? 0) > 0;
    const resultCommitment = replicated ? undefined : await outputCommitment({ curve: curveOf(chain.kind), resultHash, salt });
    this.#log("info", { chain: chain.name, taskId: rec.taskId, outputs: output.length }, "computed");
    return this.#p.store.put({
      ...rec,
      stage: "computed",
      output: output.map(String),
      resultHash,
      salt: salt.toString(),
      ...(resultCommitment === undefined ? {} : { resultCommitment: resultCommitment.toString() }),
    });
  }

  async #prove(chain: AgentChain, rec: AgentTaskRecord, task: Task): Promise<AgentTaskRecord> {
    this.#fault("before:prove", chain, task.id);
    const circuit = this.#circuitOf(rec.verifierId ?? 0);
    if (!circuit) throw new CalctraError("AgentTaskUnsupported", { reason: `no circuit for verifier ${rec.verifierId}` });
    const curve = curveOf(chain.kind);
    const { witnessInput, publicInputs } = await buildResultCommitmentInputs({
      curve,
      ...taskStatement({ task, curve }),
      result: outputResult(rec.resultHash as Hex),
      salt: BigInt(rec.salt as string),
    });
    if (publicInputs[2] !== BigInt(rec.resultCommitment as string)) throw new Error("recorded commitment does not match the circuit's");
    const t0 = performance.now();
    const { proof } = await this.#p.prover.prove({ circuit, curve, witnessInput });
    const proveMs = performance.now() - t0;
    this.metrics.proveSeconds.observe({ chain: chain.name, prover: this.#p.prover.name }, proveMs / 1000);
    this.#log("info", { chain: chain.name, taskId: rec.taskId, prover: this.#p.prover.name, proveMs: Math.round(proveMs) }, "proved");
    return this.#p.store.put({ ...rec, stage: "proved", proof: encodeProof(chain.kind, proof), proveMs });
  }

  async #publish(chain: AgentChain, rec: AgentTaskRecord): Promise<AgentTaskRecord> {
    const taskId = BigInt(rec.taskId);
    let current = rec;
    if (!current.resultCid) {
      // Sealed once: the envelope's CID is recorded before the chain hears of it.
      const spec = await this.#spec(rec);
      const replicated = (rec.replicas ?? 0) > 0;
      const plaintext = encodeResultPayload({
        taskId,
        output: (rec.output ?? []).map((v) => BigInt(v)),
        ...(replicated ? {} : { salt: BigInt(rec.salt as string) }),
      });
      const cid = await this.#p.content.put(sealResult({ plaintext, recipient: spec.resultKey as Hex }));
      current = await this.#p.store.put({ ...current, resultCid: cid.toString() });
    }
    const digest = cidDigest(current.resultCid as string);
    const recorded = await chain.market.getResultCid({ taskId, provider: chain.self });
    if (BigInt(recorded) !== BigInt(digest)) {
      this.#fault("before:publish", chain, taskId);
      await chain.market.publishResult({ taskId, resultCid: digest });
      this.#fault("after:publish", chain, taskId);
    }
    this.#log("info", { chain: chain.name, taskId: rec.taskId, resultCid: current.resultCid }, "result published");
    return this.#p.store.put({ ...current, stage: "published" });
  }

  async #submit(chain: AgentChain, rec: AgentTaskRecord, task: Task): Promise<AgentTaskRecord | undefined> {
    if (task.status === TaskStatus.Assigned) {
      this.#fault("before:submit", chain, task.id);
      await chain.market.submitResult({
        taskId: task.id,
        resultCommitment: BigInt(rec.resultCommitment as string),
        ...(rec.proof ? { proof: hexToBytes(rec.proof) } : {}),
      });
      this.#fault("after:submit", chain, task.id);
      this.#log("info", { chain: chain.name, taskId: rec.taskId, proved: rec.proof !== undefined }, "result submitted");
    }
    return this.#p.store.put({ ...rec, stage: "submitted" });
  }

  async #commit(chain: AgentChain, rec: AgentTaskRecord): Promise<AgentTaskRecord | undefined> {
    const taskId = BigInt(rec.taskId);
    const mine = await this.#replica(chain, taskId);
    if (mine?.state === ReplicaState.Accepted) {
      const salt = saltHex(rec);
      this.#fault("before:commit", chain, taskId);
      await chain.market.commitResult({ taskId, commit: replicaCommit(rec.resultHash as Hex, salt, chain.universal) });
      this.#fault("after:commit", chain, taskId);
      this.#log("info", { chain: chain.name, taskId: rec.taskId }, "result committed");
    }
    return this.#p.store.put({ ...rec, stage: "committed" });
  }

  async #reveal(chain: AgentChain, rec: AgentTaskRecord, task: Task): Promise<AgentTaskRecord | undefined> {
    const mine = await this.#replica(chain, task.id);
    if (mine?.state === ReplicaState.Committed) {
      // The reveal opens once every replica committed (revealEnd set) or the deadline passed.
      const offer = await chain.market.getOffer({ taskId: task.id });
      if (offer.revealEnd === 0n && (await chain.now()) <= task.deadline) return undefined;
      try {
        this.#fault("before:reveal", chain, task.id);
        await chain.market.revealResult({ taskId: task.id, resultHash: rec.resultHash as Hex, salt: saltHex(rec) });
        this.#fault("after:reveal", chain, task.id);
      } catch (e) {
        if (NOT_YET.has(errorName(e))) return undefined;
        throw e;
      }
      this.#log("info", { chain: chain.name, taskId: rec.taskId }, "result revealed");
    }
    return this.#p.store.put({ ...rec, stage: "revealed" });
  }

  /** Waits for payment: finalizes an optimistic task or settles a replicated one when due. */
  async #finish(chain: AgentChain, rec: AgentTaskRecord, task: Task): Promise<AgentTaskRecord | undefined> {
    if (task.status === TaskStatus.Completed) return this.#done(chain, rec, task);
    if (task.status === TaskStatus.Disputed) return undefined;
    const step: AgentStep = rec.stage === "submitted" ? "finalize" : "settle";
    if (step === "settle") {
      // Settling opens once every replica revealed, or when the reveal window is over.
      const offer = await chain.market.getOffer({ taskId: task.id });
      const replicas = await chain.market.getReplicas({ taskId: task.id });
      const allRevealed = replicas.length === offer.replicas && replicas.every((r) => r.state === ReplicaState.Revealed);
      const now = await chain.now();
      if (!allRevealed && (offer.revealEnd === 0n ? now <= task.deadline : now <= offer.revealEnd)) return undefined;
    }
    try {
      this.#fault(`before:${step}`, chain, task.id);
      if (step === "finalize") await chain.market.finalize({ taskId: task.id });
      else await chain.market.settle({ taskId: task.id });
      this.#fault(`after:${step}`, chain, task.id);
    } catch (e) {
      if (NOT_YET.has(errorName(e))) return undefined;
      throw e;
    }
    const after = await chain.market.getTask({ taskId: task.id });
    return after.status === TaskStatus.Completed ? this.#done(chain, rec, after) : undefined;
  }

  async #done(chain: AgentChain, rec: AgentTaskRecord, task: Task): Promise<AgentTaskRecord> {
    const replicas = rec.replicas ?? 0;
    const split = this.#p.feeSplit ?? { providerBps: 8000n, treasuryBps: 1500n, creatorBps: 500n };
    let earned = 0n;
    const agreed = replicas === 0 || BigInt(rec.resultHash as string) === task.resultCommitment;
    if (agreed) {
      const price = BigInt(rec.price ?? "0");
      earned = computePayout({
        reward: replicas === 0 ? price : price / BigInt(replicas),
        ...split,
        hasCreator: task.modelCreator !== null,
      }).provider;
    }
    this.metrics.tasksCompleted.inc({ chain: chain.name });
    this.metrics.earned.inc({ chain: chain.name }, Number(earned) / Number(CAL));
    this.#log("info", { chain: chain.name, taskId: rec.taskId, earned: earned.toString() }, "task completed");
    return this.#p.store.put({ ...rec, stage: "done", earned: earned.toString() });
  }

  async #replica(chain: AgentChain, taskId: bigint) {
    return (await chain.market.getReplicas({ taskId })).find((r) => sameAddress(r.provider, chain.universal));
  }

  #fault(point: `${"before" | "after"}:${AgentStep}`, chain: AgentChain, taskId: bigint): void {
    this.#p.faults?.(point, chain.name, taskId);
  }

  #log(level: "info" | "warn" | "error", fields: Record<string, unknown>, message: string): void {
    this.#p.logger?.[level](fields, message);
  }
}

const saltHex = (rec: AgentTaskRecord): Hex =>
  `0x${BigInt(rec.salt as string)
    .toString(16)
    .padStart(64, "0")}`;

/** A proof in the form the chain's `submitResult` takes. */
export function encodeProof(kind: AgentChain["kind"], proof: SnarkjsGroth16Proof): Hex {
  if (kind === "evm") return encodeProofEvm({ proof });
  if (kind === "solana") return hexOf(encodeProofSolana({ proof }).bytes);
  return hexOf(encodeProofTon({ proof }).toBoc());
}
