/**
 * test/vectors/replicas.json: offers and replicas scenarios (DESIGN §5.1, §5.2) that EVM, Solana and TON replay step by
 * step. Every expected figure — locked prices, refusals, statuses, escrow, payouts and slashes — comes from core's
 * reference model (`TaskModel` in core/src/replicas.ts); this file only lists what happens when.
 */
import { keccak_256 } from "@noble/hashes/sha3";
import {
  CAL,
  CalctraError,
  PARAMETERS,
  TaskModel,
  type TaskModelStep,
  type TaskModelTerms,
  replicaCommit,
  taskStatusName,
} from "../src/index.js";

type Hex = `0x${string}`;
const word = (label: string): Hex => `0x${Buffer.from(keccak_256(new TextEncoder().encode(label))).toString("hex")}`;
/** A small 32-byte value (a valid field element on both proof curves), for classic commitments. */
const small = (n: number): Hex => `0x${n.toString(16).padStart(64, "0")}`;
const ZERO: Hex = `0x${"00".repeat(32)}`;

const A = word("calctra replicas: result A");
const B = word("calctra replicas: result B");
const salt = (i: number): Hex => word(`calctra replicas: salt ${i}`);

/** A scenario as written here: terms relative to creation, steps with the expected error where one is meant. */
interface ScenarioInput {
  readonly name: string;
  readonly replicas: number;
  readonly reward: bigint;
  readonly minReward: bigint;
  readonly rampStart: number;
  readonly rampDuration: number;
  readonly lockDeadline: number;
  readonly deadline: number;
  readonly steps: ReadonlyArray<{ readonly at: number; readonly step: VectorStep; readonly error?: string }>;
}

type VectorStep =
  | { action: "accept"; replica: number }
  | { action: "commit"; replica: number; resultHash: Hex; salt: Hex }
  | { action: "commit"; replica: number; copyOf: number }
  | { action: "reveal"; replica: number; resultHash: Hex; salt: Hex }
  | { action: "settle" }
  | { action: "resolveReplicas"; resultHash: Hex }
  | { action: "submit"; replica: number; resultHash: Hex }
  | { action: "finalize" };

const COLLATERAL = 50n * CAL;
const STAKE = 1000n * CAL;
const PARAMS = { slashBps: 2000, revealPeriod: 3600, challengePeriod: 600 };

const at = (t: number, step: VectorStep, error?: string) => ({ at: t, step, ...(error ? { error } : {}) });
const accept = (replica: number): VectorStep => ({ action: "accept", replica });
const commit = (replica: number, resultHash: Hex, s: Hex): VectorStep => ({ action: "commit", replica, resultHash, salt: s });
const reveal = (replica: number, resultHash: Hex, s: Hex): VectorStep => ({ action: "reveal", replica, resultHash, salt: s });
const settle: VectorStep = { action: "settle" };

const ramp = { reward: 30n * CAL, minReward: 10n * CAL, rampStart: 0, rampDuration: 700, lockDeadline: 1800, deadline: 3600 };
const fixed = (reward: bigint) => ({ reward, minReward: reward, rampStart: 0, rampDuration: 0, lockDeadline: 1800, deadline: 3600 });

const SCENARIOS: ScenarioInput[] = [
  {
    name: "classic offer: the price locked mid-ramp is paid out and the difference goes back to the user",
    replicas: 0,
    ...ramp,
    steps: [
      at(100, accept(0)),
      at(110, accept(1), "MarketplaceTaskNotOpen"),
      at(120, commit(0, A, salt(0)), "MarketplaceNotReplicated"),
      at(200, { action: "submit", replica: 0, resultHash: small(0xabc) }),
      at(700, { action: "finalize" }, "MarketplaceChallengePeriodActive"),
      at(800, { action: "finalize" }),
    ],
  },
  {
    name: "classic offer: accepting after the lock deadline is refused",
    replicas: 0,
    ...ramp,
    steps: [at(1801, accept(0), "MarketplaceLockDeadlinePassed"), at(1802, settle, "MarketplaceNotReplicated")],
  },
  {
    name: "k = 1: the only replica's reveal wins",
    replicas: 1,
    ...fixed(20n * CAL),
    steps: [
      at(10, accept(0)),
      at(20, reveal(0, A, salt(0)), "MarketplaceNotCommitted"),
      at(25, { action: "submit", replica: 0, resultHash: small(1) }, "MarketplaceReplicated"),
      at(30, commit(0, A, salt(0))),
      at(35, commit(0, A, salt(0)), "MarketplaceAlreadyCommitted"),
      at(40, reveal(0, A, salt(0))),
      at(45, reveal(0, A, salt(0)), "MarketplaceAlreadyRevealed"),
      at(50, settle),
      at(60, settle, "MarketplaceTaskNotAssigned"),
    ],
  },
  {
    name: "k = 2: both agree, each paid half of the price it locked",
    replicas: 2,
    ...ramp,
    steps: [
      at(100, accept(0)),
      at(150, accept(0), "MarketplaceAlreadyReplica"),
      at(400, accept(1)),
      at(450, accept(2), "MarketplaceTaskNotOpen"),
      at(500, commit(0, A, salt(0))),
      at(510, reveal(0, A, salt(0)), "MarketplaceRevealNotOpen"),
      at(600, commit(1, A, salt(1))),
      at(610, reveal(0, A, salt(0))),
      at(620, settle, "MarketplaceRevealPeriodActive"),
      at(700, reveal(1, A, salt(1))),
      at(701, settle),
    ],
  },
  {
    name: "k = 3: all agree, three equal shares",
    replicas: 3,
    ...fixed(30n * CAL),
    steps: [
      at(10, accept(0)),
      at(20, accept(1)),
      at(30, accept(2)),
      at(40, commit(0, A, salt(0))),
      at(50, commit(1, A, salt(1))),
      at(60, commit(2, A, salt(2))),
      at(70, reveal(2, A, salt(2))),
      at(80, reveal(0, A, salt(0))),
      at(90, reveal(1, A, salt(1))),
      at(100, settle),
    ],
  },
  {
    name: "k = 3: a 2-of-3 majority wins and the dissenter is slashed",
    replicas: 3,
    ...ramp,
    steps: [
      at(1, accept(0)),
      at(350, accept(1)),
      at(1800, accept(2)),
      at(1900, commit(0, A, salt(0))),
      at(1901, commit(1, A, salt(1))),
      at(1902, commit(2, B, salt(2))),
      at(2000, reveal(0, A, salt(0))),
      at(2001, reveal(1, A, salt(1))),
      at(2002, reveal(2, B, salt(2))),
      at(2003, settle),
    ],
  },
  {
    name: "k = 3: a silent replica is slashed once the reveal window ends",
    replicas: 3,
    ...fixed(30n * CAL),
    steps: [
      at(10, accept(0)),
      at(20, accept(1)),
      at(30, accept(2)),
      at(100, commit(0, A, salt(0))),
      at(200, commit(1, A, salt(1))),
      at(3000, reveal(0, A, salt(0)), "MarketplaceRevealNotOpen"),
      at(3601, commit(2, A, salt(2)), "MarketplaceDeadlinePassed"),
      at(3602, reveal(0, A, salt(0))),
      at(3700, reveal(1, A, salt(1))),
      at(7200, settle, "MarketplaceRevealPeriodActive"),
      at(7201, reveal(1, A, salt(1)), "MarketplaceAlreadyRevealed"),
      at(7202, settle),
    ],
  },
  {
    name: "k = 2: disagreeing replicas go Disputed and the arbiter's winner is paid",
    replicas: 2,
    ...fixed(20n * CAL),
    steps: [
      at(10, accept(0)),
      at(20, accept(1)),
      at(25, { action: "resolveReplicas", resultHash: A }, "MarketplaceTaskNotDisputed"),
      at(30, commit(0, A, salt(0))),
      at(40, commit(1, B, salt(1))),
      at(50, reveal(0, A, salt(0))),
      at(60, reveal(1, B, salt(1))),
      at(70, settle),
      at(80, settle, "MarketplaceTaskNotAssigned"),
      at(90, { action: "resolveReplicas", resultHash: A }),
    ],
  },
  {
    name: "k = 2: every replica silent goes Disputed and the arbiter refunds the user",
    replicas: 2,
    ...ramp,
    steps: [
      at(100, accept(0)),
      at(200, accept(1)),
      at(7200, settle, "MarketplaceRevealPeriodActive"),
      at(7201, settle),
      at(7300, { action: "resolveReplicas", resultHash: ZERO }),
    ],
  },
  {
    name: "k = 3: a copied commit never reveals, and the copier is slashed",
    replicas: 3,
    ...fixed(30n * CAL),
    steps: [
      at(10, accept(0)),
      at(20, accept(1)),
      at(30, accept(2)),
      at(100, commit(0, A, salt(0))),
      at(110, { action: "commit", replica: 1, copyOf: 0 }),
      at(120, commit(2, A, salt(2))),
      at(130, reveal(0, A, salt(0))),
      at(140, reveal(1, A, salt(0)), "MarketplaceCommitMismatch"),
      at(150, reveal(2, A, salt(2))),
      at(3720, settle, "MarketplaceRevealPeriodActive"),
      at(3721, reveal(1, A, salt(0)), "MarketplaceRevealPeriodOver"),
      at(3722, settle),
    ],
  },
];

function toModelStep(s: VectorStep): TaskModelStep {
  switch (s.action) {
    case "accept":
      return { action: "accept", provider: s.replica };
    case "commit":
      return "copyOf" in s
        ? { action: "commit", provider: s.replica, copyOf: s.copyOf }
        : { action: "commit", provider: s.replica, resultHash: s.resultHash, salt: s.salt };
    case "reveal":
      return { action: "reveal", provider: s.replica, resultHash: s.resultHash, salt: s.salt };
    case "submit":
      return { action: "submit", provider: s.replica, resultHash: s.resultHash };
    default:
      return s;
  }
}

function scenario(input: ScenarioInput) {
  const terms: TaskModelTerms = {
    reward: input.reward,
    minReward: input.minReward,
    rampStart: BigInt(input.rampStart),
    rampDuration: BigInt(input.rampDuration),
    lockDeadline: BigInt(input.lockDeadline),
    deadline: BigInt(input.deadline),
    collateral: COLLATERAL,
    replicas: input.replicas,
    slashBps: BigInt(PARAMS.slashBps),
    revealPeriod: BigInt(PARAMS.revealPeriod),
    challengePeriod: BigInt(PARAMS.challengePeriod),
    providerBps: PARAMETERS.providerBps.default,
    treasuryBps: PARAMETERS.treasuryBps.default,
    creatorBps: PARAMETERS.creatorBps.default,
  };
  const model = new TaskModel(terms);
  let last = 0;
  const steps = input.steps.map(({ at: t, step, error }) => {
    if (t <= last) throw new Error(`${input.name}: steps must be in time order`);
    last = t;
    let price: bigint | undefined;
    let failed: string | undefined;
    try {
      price = model.apply(toModelStep(step), BigInt(t));
    } catch (e) {
      if (!(e instanceof CalctraError)) throw e;
      failed = e.name;
    }
    if (failed !== error)
      throw new Error(`${input.name} at ${t}: the model says ${failed ?? "success"}, the scenario says ${error ?? "success"}`);
    return {
      at: t,
      ...step,
      ...(price !== undefined ? { price: price.toString() } : {}),
      ...(error ? { error } : {}),
      status: model.statusName,
      escrow: model.escrow.toString(),
    };
  });
  return {
    name: input.name,
    replicas: input.replicas,
    reward: input.reward.toString(),
    minReward: input.minReward.toString(),
    rampStart: input.rampStart,
    rampDuration: input.rampDuration,
    lockDeadline: input.lockDeadline,
    deadline: input.deadline,
    collateral: COLLATERAL.toString(),
    stake: STAKE.toString(),
    params: PARAMS,
    steps,
    final: {
      status: taskStatusName(model.status),
      resultCommitment: model.resultCommitment,
      user: model.userReceived.toString(),
      treasury: model.treasuryReceived.toString(),
      replicas: model.ledger.map((l) => ({
        paid: l.paid.toString(),
        slashed: l.slashed.toString(),
        completed: l.completed,
        failed: l.failed,
      })),
      locked: model.ledger.reduce((sum, l) => sum + l.locked, 0n).toString(),
    },
  };
}

function commits() {
  const evm: Hex = `0x${"00".repeat(12)}${"f39fd6e51aad88f6f4ce6ab8827279cfffb92266"}`;
  const solana: Hex = `0x${"0b".repeat(1)}${"5c".repeat(31)}`;
  const ton: Hex = word("calctra replicas: a TON account id");
  return [
    { name: "an EVM provider", resultHash: A, salt: salt(0), provider: evm },
    { name: "the same result and salt from a Solana provider", resultHash: A, salt: salt(0), provider: solana },
    { name: "a TON provider", resultHash: B, salt: salt(1), provider: ton },
    { name: "all zero", resultHash: ZERO, salt: ZERO, provider: ZERO },
    {
      name: "all ones",
      resultHash: `0x${"ff".repeat(32)}` as Hex,
      salt: `0x${"ff".repeat(32)}` as Hex,
      provider: `0x${"ff".repeat(32)}` as Hex,
    },
  ].map((c) => ({ ...c, commit: replicaCommit(c.resultHash, c.salt, c.provider) }));
}

/** The content of test/vectors/replicas.json. */
export function replicaVectors() {
  return {
    commitFormula: "commit = keccak256(resultHash (32 bytes) | salt (32 bytes) | provider (32-byte universal address))",
    conventions:
      "times are seconds after the task's creation; every provider registers and stakes `stake` first; params are set before creation; fee split 8000/1500/500, no model creator, verifierId 0, minReputationBps 0; a step with `error` fails with it and changes nothing; `escrow` is what the marketplace holds for the task after the step",
    commits: commits(),
    scenarios: SCENARIOS.map(scenario),
  };
}
