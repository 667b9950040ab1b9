/**
 * Redundant execution (DESIGN §5.2): k replicas commit `keccak256(resultHash ‖ salt ‖ provider)`, reveal, and the
 * `resultHash` of a strict majority wins. This module is the executable copy of what every chain does: the commit
 * hash, the settlement arithmetic and a reference model of one task's life (offers included, DESIGN §5.1) that
 * generates `test/vectors/replicas.json`, which EVM, Solana and TON replay step by step.
 */
import { keccak_256 } from "@noble/hashes/sha3";
import { computePayout, computeSlash } from "./arithmetic.js";
import { CalctraError } from "./errors.js";
import { arrayInput, bigintInput, hex32Input, integerInput, invalidInput, objectInput } from "./input.js";
import { MAX_REPLICAS, offerPrice } from "./offers.js";
import { ReplicaState, TaskStatus, type TaskStatusName, taskStatusName } from "./types.js";

const ZERO32 = `0x${"00".repeat(32)}` as const;

function bytes32(name: string, hex: string): Uint8Array {
  hex32Input(name, hex, name === "provider" ? "InvalidAddress" : "InvalidBytes");
  return Uint8Array.from(Buffer.from(hex.slice(2), "hex"));
}

/**
 * A replica's commit: `keccak256(resultHash ‖ salt ‖ provider)` over 96 bytes, where `provider` is the replica's
 * 32-byte universal address (an EVM address left-padded, a Solana public key, a TON account id). Binding the provider
 * means a commit read from another replica never reveals for the copier.
 *
 * @example
 * ```ts
 * const salt = `0x${randomBytes(32).toString("hex")}`;
 * const commit = replicaCommit(resultHash, salt, universalFromEvm(provider));
 * await market.commitResult({ taskId, commit });
 * ```
 */
export function replicaCommit(resultHash: `0x${string}`, salt: `0x${string}`, provider: `0x${string}`): `0x${string}` {
  const buf = new Uint8Array(96);
  buf.set(bytes32("resultHash", resultHash), 0);
  buf.set(bytes32("salt", salt), 32);
  buf.set(bytes32("provider", provider), 64);
  return `0x${Buffer.from(keccak_256(buf)).toString("hex")}`;
}

/** One revealed (or silent) replica, as settlement sees it. */
export interface SettlementReplica {
  /** The price the replica locked at accept. */
  readonly price: bigint;
  /** The revealed result hash, or undefined when the replica never committed or never revealed. */
  readonly resultHash?: `0x${string}` | undefined;
}

/** Parameters of {@link settleReplicas}. */
export interface SettleReplicasParameters {
  /** k, the number of replicas the task asked for (1..3); `replicas.length` may be smaller if some never accepted. */
  readonly k: number;
  /** The escrowed reward (the offer's `maxReward`). */
  readonly reward: bigint;
  readonly collateral: bigint;
  readonly replicas: readonly SettlementReplica[];
  readonly slashBps: bigint;
  readonly providerBps: bigint;
  readonly treasuryBps: bigint;
  readonly creatorBps: bigint;
  readonly hasCreator: boolean;
  /**
   * The winner chosen outside the majority rule (the arbiter's `resolveReplicas`, or a proof): a hash, or `null` for
   * none. Omitted: the strict majority decides.
   */
  readonly winner?: `0x${string}` | null;
}

/** One replica's outcome. */
export type ReplicaOutcome =
  | { readonly kind: "paid"; readonly share: bigint; readonly provider: bigint; readonly treasury: bigint; readonly creator: bigint }
  | { readonly kind: "slashed"; readonly slashed: bigint; readonly toUser: bigint; readonly toTreasury: bigint };

/** Result of {@link settleReplicas}. */
export type SettleReplicasReturnType =
  | { readonly kind: "disputed" }
  | {
      readonly kind: "settled";
      /** Completed when there is a winner, Refunded when no replica was right. */
      readonly status: "Completed" | "Refunded";
      readonly winner: `0x${string}` | null;
      readonly outcomes: readonly ReplicaOutcome[];
      /** What returns to the user: the reward not paid out, plus half of every slash. */
      readonly toUser: bigint;
      /** What the treasury receives: fee shares (and the creator's when there is none) plus half of every slash. */
      readonly toTreasury: bigint;
      readonly toCreator: bigint;
    };

/** The `resultHash` revealed by a strict majority of k (`2 * count > k`), or null. */
export function majorityResult(k: number, revealed: ReadonlyArray<`0x${string}` | undefined>): `0x${string}` | null {
  integerInput("k", k, { min: 1, max: MAX_REPLICAS }, "MarketplaceInvalidReplicas");
  for (const [i, h] of arrayInput("revealed", revealed).entries()) if (h !== undefined) hex32Input(`revealed[${i}]`, h);
  const counts = new Map<string, number>();
  for (const h of revealed) if (h !== undefined) counts.set(h.toLowerCase(), (counts.get(h.toLowerCase()) ?? 0) + 1);
  for (const [h, n] of counts) if (2 * n > k) return h as `0x${string}`;
  return null;
}

/**
 * Settles a replicated task (DESIGN §5.2): the replicas that revealed the winner are paid `price / k` each, split as
 * every payout is; every other replica is slashed as on expiry; the user gets back what was not paid out. Without a
 * winner by majority (and none given) the task goes Disputed and nothing moves.
 *
 * @example
 * ```ts
 * const r = settleReplicas({ k: 3, reward, collateral, replicas, slashBps: 2000n, providerBps: 8000n,
 *   treasuryBps: 1500n, creatorBps: 500n, hasCreator: false });
 * if (r.kind === "settled") console.log(r.toUser);
 * ```
 */
export function settleReplicas(p: SettleReplicasParameters): SettleReplicasReturnType {
  objectInput("parameters", p);
  integerInput("k", p.k, { min: 1, max: MAX_REPLICAS }, "MarketplaceInvalidReplicas");
  if (arrayInput("replicas", p.replicas).length > p.k)
    throw new CalctraError("MarketplaceInvalidReplicas", { replicas: p.replicas.length, k: p.k });
  bigintInput("reward", p.reward, { min: 0n }, "InvalidAmount");
  bigintInput("collateral", p.collateral, { min: 0n }, "InvalidAmount");
  for (const [i, r] of p.replicas.entries()) {
    objectInput(`replicas[${i}]`, r);
    bigintInput(`replicas[${i}].price`, r.price, { min: 0n }, "InvalidAmount");
    if (r.resultHash !== undefined) hex32Input(`replicas[${i}].resultHash`, r.resultHash);
  }
  if (p.winner !== undefined && p.winner !== null) hex32Input("winner", p.winner);
  const winner =
    p.winner === undefined
      ? majorityResult(
          p.k,
          p.replicas.map((r) => r.resultHash),
        )
      : p.winner === null || p.winner.toLowerCase() === ZERO32
        ? null
        : (p.winner.toLowerCase() as `0x${string}`);
  if (winner === null && p.winner === undefined) return { kind: "disputed" };
  const k = BigInt(p.k);
  let paidOut = 0n;
  let toUser = 0n;
  let toTreasury = 0n;
  let toCreator = 0n;
  const outcomes = p.replicas.map((r): ReplicaOutcome => {
    if (winner !== null && r.resultHash?.toLowerCase() === winner) {
      const share = r.price / k;
      const pay = computePayout({
        reward: share,
        providerBps: p.providerBps,
        treasuryBps: p.treasuryBps,
        creatorBps: p.creatorBps,
        hasCreator: p.hasCreator,
      });
      paidOut += share;
      toTreasury += pay.treasury;
      toCreator += pay.creator;
      return { kind: "paid", share, provider: pay.provider, treasury: pay.treasury, creator: pay.creator };
    }
    const s = computeSlash({ collateral: p.collateral, slashBps: p.slashBps });
    toUser += s.toUser;
    toTreasury += s.toTreasury;
    return { kind: "slashed", slashed: s.slashed, toUser: s.toUser, toTreasury: s.toTreasury };
  });
  toUser += p.reward - paidOut;
  return { kind: "settled", status: winner !== null ? "Completed" : "Refunded", winner, outcomes, toUser, toTreasury, toCreator };
}

// ---------------------------------------------------------------------------------------------------------------
// Reference model of one task (the generator of test/vectors/replicas.json).

/** A task's terms and the marketplace parameters, for {@link TaskModel}. Times are absolute unix seconds. */
export interface TaskModelTerms {
  readonly reward: bigint;
  readonly minReward: bigint;
  readonly rampStart: bigint;
  readonly rampDuration: bigint;
  readonly lockDeadline: bigint;
  readonly deadline: bigint;
  readonly collateral: bigint;
  /** 0: classic; 1..3: replicas. */
  readonly replicas: number;
  readonly slashBps: bigint;
  readonly revealPeriod: bigint;
  readonly challengePeriod: bigint;
  readonly providerBps: bigint;
  readonly treasuryBps: bigint;
  readonly creatorBps: bigint;
}

/** A step of a task's life; `provider` is an index into the model's distinct providers. */
export type TaskModelStep =
  | { readonly action: "accept"; readonly provider: number }
  | { readonly action: "commit"; readonly provider: number; readonly resultHash: `0x${string}`; readonly salt: `0x${string}` }
  | { readonly action: "commit"; readonly provider: number; readonly copyOf: number }
  | { readonly action: "reveal"; readonly provider: number; readonly resultHash: `0x${string}`; readonly salt: `0x${string}` }
  | { readonly action: "settle" }
  | { readonly action: "resolveReplicas"; readonly resultHash: `0x${string}` }
  | { readonly action: "submit"; readonly provider: number; readonly resultHash: `0x${string}` }
  | { readonly action: "finalize" };

interface ModelReplica {
  provider: number;
  price: bigint;
  state: ReplicaState;
  /** Who made the commit and from what: a commit reveals only for its maker's own (resultHash, salt). */
  commit?: { by: number; resultHash: string; salt: string };
  resultHash?: `0x${string}`;
}

/** Per-provider accounting the vectors assert. */
export interface ModelProviderLedger {
  paid: bigint;
  slashed: bigint;
  completed: number;
  failed: number;
  locked: bigint;
}

/**
 * One task's life on any chain, step by step: the checks in CONVENTIONS' order with their canonical errors, the
 * price each accept locks, and where every unit of the escrow goes. A step that fails throws {@link CalctraError}
 * and changes nothing.
 */
export class TaskModel {
  status: TaskStatus = TaskStatus.Open;
  escrow: bigint;
  userReceived = 0n;
  treasuryReceived = 0n;
  resultCommitment: `0x${string}` = ZERO32;
  readonly replicas: ModelReplica[] = [];
  readonly ledger: ModelProviderLedger[] = [];
  revealEnd = 0n;
  /** Classic task: its provider, locked price and challenge-window end. */
  classic: { provider: number; price: bigint; challengeEnd: bigint } | undefined;

  constructor(readonly terms: TaskModelTerms) {
    this.escrow = terms.reward;
  }

  get statusName(): TaskStatusName {
    return taskStatusName(this.status);
  }

  #provider(i: number): ModelProviderLedger {
    while (this.ledger.length <= i) this.ledger.push({ paid: 0n, slashed: 0n, completed: 0, failed: 0, locked: 0n });
    return this.ledger[i] as ModelProviderLedger;
  }

  #effectiveRevealEnd(): bigint {
    return this.revealEnd !== 0n ? this.revealEnd : this.terms.deadline + this.terms.revealPeriod;
  }

  #replica(i: number): ModelReplica {
    const r = this.replicas.find((x) => x.provider === i);
    if (!r) throw new CalctraError("MarketplaceNotTaskProvider", { provider: i });
    return r;
  }

  #replicated(): void {
    if (this.terms.replicas === 0) throw new CalctraError("MarketplaceNotReplicated", {});
  }

  #classicOnly(): void {
    if (this.terms.replicas !== 0) throw new CalctraError("MarketplaceReplicated", {});
  }

  /** Applies one step at time `now`; returns the price an accept locked. */
  apply(step: TaskModelStep, now: bigint): bigint | undefined {
    const t = this.terms;
    switch (step.action) {
      case "accept": {
        const k = t.replicas;
        const open = this.status === TaskStatus.Open || (k > 0 && this.status === TaskStatus.Assigned && this.replicas.length < k);
        if (!open) throw new CalctraError("MarketplaceTaskNotOpen", {});
        if (now > t.lockDeadline) throw new CalctraError("MarketplaceLockDeadlinePassed", {});
        if (k > 0 && this.replicas.some((r) => r.provider === step.provider)) throw new CalctraError("MarketplaceAlreadyReplica", {});
        const price = offerPrice(
          { minReward: t.minReward, maxReward: t.reward, rampStart: t.rampStart, rampDuration: t.rampDuration },
          now,
        );
        this.#provider(step.provider).locked += t.collateral;
        if (k === 0) this.classic = { provider: step.provider, price, challengeEnd: 0n };
        else this.replicas.push({ provider: step.provider, price, state: ReplicaState.Accepted });
        this.status = TaskStatus.Assigned;
        return price;
      }
      case "commit": {
        this.#replicated();
        if (this.status !== TaskStatus.Assigned) throw new CalctraError("MarketplaceTaskNotAssigned", {});
        const r = this.#replica(step.provider);
        if (now > t.deadline) throw new CalctraError("MarketplaceDeadlinePassed", {});
        if (r.state !== ReplicaState.Accepted) throw new CalctraError("MarketplaceAlreadyCommitted", {});
        if ("copyOf" in step) {
          const source = this.#replica(step.copyOf).commit;
          if (!source) throw invalidInput("InvalidArgument", "copyOf", step.copyOf, { expected: "a replica that committed" });
          r.commit = { ...source };
        } else r.commit = { by: step.provider, resultHash: step.resultHash.toLowerCase(), salt: step.salt.toLowerCase() };
        r.state = ReplicaState.Committed;
        if (this.replicas.length === t.replicas && this.replicas.every((x) => x.state >= ReplicaState.Committed))
          this.revealEnd = now + t.revealPeriod;
        return undefined;
      }
      case "reveal": {
        this.#replicated();
        if (this.status !== TaskStatus.Assigned) throw new CalctraError("MarketplaceTaskNotAssigned", {});
        const r = this.#replica(step.provider);
        if (r.state === ReplicaState.Accepted) throw new CalctraError("MarketplaceNotCommitted", {});
        if (r.state === ReplicaState.Revealed) throw new CalctraError("MarketplaceAlreadyRevealed", {});
        if (this.revealEnd === 0n && now <= t.deadline) throw new CalctraError("MarketplaceRevealNotOpen", {});
        if (now > this.#effectiveRevealEnd()) throw new CalctraError("MarketplaceRevealPeriodOver", {});
        const c = r.commit as NonNullable<ModelReplica["commit"]>;
        if (c.by !== step.provider || c.resultHash !== step.resultHash.toLowerCase() || c.salt !== step.salt.toLowerCase())
          throw new CalctraError("MarketplaceCommitMismatch", {});
        r.state = ReplicaState.Revealed;
        r.resultHash = step.resultHash.toLowerCase() as `0x${string}`;
        return undefined;
      }
      case "settle": {
        this.#replicated();
        if (this.status !== TaskStatus.Assigned) throw new CalctraError("MarketplaceTaskNotAssigned", {});
        const allRevealed = this.replicas.length === t.replicas && this.replicas.every((x) => x.state === ReplicaState.Revealed);
        if (!allRevealed && now <= this.#effectiveRevealEnd()) throw new CalctraError("MarketplaceRevealPeriodActive", {});
        this.#settle(undefined);
        return undefined;
      }
      case "resolveReplicas": {
        this.#replicated();
        if (this.status !== TaskStatus.Disputed) throw new CalctraError("MarketplaceTaskNotDisputed", {});
        this.#settle(step.resultHash.toLowerCase() === ZERO32 ? null : step.resultHash);
        return undefined;
      }
      case "submit": {
        this.#classicOnly();
        if (this.status !== TaskStatus.Assigned) throw new CalctraError("MarketplaceTaskNotAssigned", {});
        const c = this.classic as NonNullable<TaskModel["classic"]>;
        if (c.provider !== step.provider) throw new CalctraError("MarketplaceNotTaskProvider", {});
        if (now > t.deadline) throw new CalctraError("MarketplaceDeadlinePassed", {});
        this.resultCommitment = step.resultHash.toLowerCase() as `0x${string}`;
        c.challengeEnd = now + t.challengePeriod;
        this.status = TaskStatus.Submitted;
        return undefined;
      }
      case "finalize": {
        this.#classicOnly();
        if (this.status !== TaskStatus.Submitted) throw new CalctraError("MarketplaceTaskNotSubmitted", {});
        const c = this.classic as NonNullable<TaskModel["classic"]>;
        if (now < c.challengeEnd) throw new CalctraError("MarketplaceChallengePeriodActive", {});
        const pay = computePayout({
          reward: c.price,
          providerBps: t.providerBps,
          treasuryBps: t.treasuryBps,
          creatorBps: t.creatorBps,
          hasCreator: false,
        });
        const l = this.#provider(c.provider);
        l.paid += pay.provider;
        l.completed += 1;
        l.locked -= t.collateral;
        this.treasuryReceived += pay.treasury;
        this.userReceived += t.reward - c.price;
        this.escrow = 0n;
        this.status = TaskStatus.Completed;
        return undefined;
      }
    }
  }

  #settle(winner: `0x${string}` | null | undefined): void {
    const t = this.terms;
    const r = settleReplicas({
      k: t.replicas,
      reward: t.reward,
      collateral: t.collateral,
      replicas: this.replicas.map((x) => ({ price: x.price, resultHash: x.state === ReplicaState.Revealed ? x.resultHash : undefined })),
      slashBps: t.slashBps,
      providerBps: t.providerBps,
      treasuryBps: t.treasuryBps,
      creatorBps: t.creatorBps,
      hasCreator: false,
      ...(winner === undefined ? {} : { winner }),
    });
    if (r.kind === "disputed") {
      this.status = TaskStatus.Disputed;
      return;
    }
    r.outcomes.forEach((o, i) => {
      const l = this.#provider((this.replicas[i] as ModelReplica).provider);
      l.locked -= t.collateral;
      if (o.kind === "paid") {
        l.paid += o.provider;
        l.completed += 1;
      } else {
        l.slashed += o.slashed;
        l.failed += 1;
      }
    });
    this.userReceived += r.toUser;
    this.treasuryReceived += r.toTreasury;
    this.resultCommitment = r.winner ?? ZERO32;
    this.escrow = 0n;
    this.status = TaskStatus[r.status];
  }
}
