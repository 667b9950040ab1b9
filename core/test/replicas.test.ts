import { expect } from "chai";
import { readFileSync } from "node:fs";
import { encodePacked, keccak256, pad } from "viem";
import { CAL, CalctraError, TaskModel, majorityResult, replicaCommit, settleReplicas } from "../src/index.js";

type Hex = `0x${string}`;
interface Vectors {
  readonly commits: ReadonlyArray<{ resultHash: Hex; salt: Hex; provider: Hex; commit: Hex }>;
  readonly scenarios: ReadonlyArray<{
    readonly name: string;
    readonly reward: string;
    readonly steps: ReadonlyArray<{ readonly status: string; readonly escrow: string }>;
    readonly final: {
      readonly status: string;
      readonly user: string;
      readonly treasury: string;
      readonly replicas: ReadonlyArray<{ readonly paid: string; readonly slashed: string }>;
      readonly locked: string;
    };
  }>;
}
const vectors = JSON.parse(readFileSync(new URL("../../test/vectors/replicas.json", import.meta.url), "utf8")) as Vectors;

const A = `0x${"aa".repeat(32)}` as Hex;
const B = `0x${"bb".repeat(32)}` as Hex;
const fees = { slashBps: 2000n, providerBps: 8000n, treasuryBps: 1500n, creatorBps: 500n, hasCreator: false } as const;

describe("replicas: the commit binds result, salt and provider", () => {
  it("hashes the 96 bytes as Solidity's keccak256(abi.encodePacked(bytes32, bytes32, bytes32)) does", () => {
    for (const c of vectors.commits) {
      expect(replicaCommit(c.resultHash, c.salt, c.provider)).to.equal(c.commit);
      expect(keccak256(encodePacked(["bytes32", "bytes32", "bytes32"], [c.resultHash, c.salt, c.provider]))).to.equal(c.commit);
    }
  });

  it("gives another provider a different commit for the same result and salt, so a copied commit cannot be revealed", () => {
    const p1 = pad("0x01", { size: 32 });
    const p2 = pad("0x02", { size: 32 });
    expect(replicaCommit(A, B, p1)).to.not.equal(replicaCommit(A, B, p2));
  });

  it("refuses values that are not 32 bytes", () => {
    expect(() => replicaCommit("0x01", B, A)).to.throw(CalctraError, /^InvalidBytes\(input=resultHash, value=0x01,/);
  });
});

describe("replicas: settlement by strict majority", () => {
  it("finds the result of a strict majority of k, and none on a tie or when too few revealed", () => {
    expect(majorityResult(3, [A, A, B])).to.equal(A);
    expect(majorityResult(2, [A, B])).to.equal(null);
    expect(majorityResult(3, [A, undefined, undefined])).to.equal(null);
    expect(majorityResult(1, [B])).to.equal(B);
  });

  it("pays agreeing replicas price / k, slashes the dissenter and returns the rest to the user, conserving the reward", () => {
    const reward = 30n * CAL;
    const collateral = 50n * CAL;
    const r = settleReplicas({
      k: 3,
      reward,
      collateral,
      replicas: [
        { price: 10n * CAL, resultHash: A },
        { price: 20n * CAL, resultHash: A },
        { price: 30n * CAL, resultHash: B },
      ],
      ...fees,
    });
    if (r.kind !== "settled") throw new Error("expected a settlement");
    const paid = r.outcomes.reduce((s, o) => s + (o.kind === "paid" ? o.provider : 0n), 0n);
    const slashed = r.outcomes.reduce((s, o) => s + (o.kind === "slashed" ? o.slashed : 0n), 0n);
    expect(r.outcomes.map((o) => o.kind)).to.deep.equal(["paid", "paid", "slashed"]);
    expect(paid + r.toUser + r.toTreasury + r.toCreator).to.equal(reward + slashed);
  });

  it("sends a task without a majority to Disputed, and the arbiter's zero winner refunds everything", () => {
    const base = {
      k: 2,
      reward: 20n * CAL,
      collateral: 50n * CAL,
      replicas: [
        { price: 20n * CAL, resultHash: A },
        { price: 20n * CAL, resultHash: B },
      ],
      ...fees,
    };
    expect(settleReplicas(base).kind).to.equal("disputed");
    const none = settleReplicas({ ...base, winner: null });
    if (none.kind !== "settled") throw new Error("expected a settlement");
    expect(none.status).to.equal("Refunded");
    expect(none.toUser).to.equal(20n * CAL + 2n * 5n * CAL);
  });

  it("refuses k outside 1..3 with MarketplaceInvalidReplicas", () => {
    expect(() => settleReplicas({ k: 4, reward: 1n, collateral: 0n, replicas: [], ...fees })).to.throw(
      CalctraError,
      "MarketplaceInvalidReplicas",
    );
  });
});

describe("replicas: the shared scenarios conserve every unit", () => {
  for (const s of vectors.scenarios) {
    it(`${s.name}: user + treasury + providers received the reward and the slashes, escrow empty once settled`, () => {
      const received = BigInt(s.final.user) + BigInt(s.final.treasury) + s.final.replicas.reduce((a, r) => a + BigInt(r.paid), 0n);
      const slashed = s.final.replicas.reduce((a, r) => a + BigInt(r.slashed), 0n);
      const live = ["Open", "Assigned", "Submitted", "Disputed"].includes(s.final.status);
      expect(received).to.equal((live ? 0n : BigInt(s.reward)) + slashed);
      expect(s.final.locked, "no collateral stays locked at the end of any scenario").to.equal("0");
      for (const step of s.steps)
        expect(step.escrow).to.equal(["Open", "Assigned", "Submitted", "Disputed"].includes(step.status) ? s.reward : "0");
    });
  }

  it("refuses a step out of order without changing the task (the model throws and keeps its state)", () => {
    const m = new TaskModel({
      reward: 10n,
      minReward: 10n,
      rampStart: 0n,
      rampDuration: 0n,
      lockDeadline: 100n,
      deadline: 200n,
      collateral: 5n,
      replicas: 2,
      slashBps: 2000n,
      revealPeriod: 600n,
      challengePeriod: 600n,
      providerBps: 8000n,
      treasuryBps: 1500n,
      creatorBps: 500n,
    });
    m.apply({ action: "accept", provider: 0 }, 1n);
    expect(() => m.apply({ action: "settle" }, 2n)).to.throw(CalctraError, "MarketplaceRevealPeriodActive");
    expect(m.statusName).to.equal("Assigned");
    expect(m.replicas).to.have.length(1);
  });
});

describe("replicas: random lives of a task conserve the reward and the collateral (seeded walk over the model)", () => {
  const hashes = [A, B] as const;
  const salts = [`0x${"01".repeat(32)}`, `0x${"02".repeat(32)}`] as const;
  it("keeps escrow == reward while live, unlocks every collateral at the end and pays out exactly reward + slashes", () => {
    let seed = 0x2545f491;
    const rnd = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return (seed >>> 8) % n;
    };
    let terminal = 0;
    for (let run = 0; run < 400; run++) {
      const k = 1 + rnd(3);
      const collateral = BigInt(1 + rnd(1000)) * CAL;
      const reward = BigInt(1 + rnd(100)) * CAL;
      const m = new TaskModel({
        reward,
        minReward: reward / 2n + 1n,
        rampStart: 10n,
        rampDuration: BigInt(rnd(500)),
        lockDeadline: 400n,
        deadline: 600n,
        collateral,
        replicas: k,
        slashBps: BigInt(100 + rnd(9901)),
        revealPeriod: 600n,
        challengePeriod: 600n,
        providerBps: 8000n,
        treasuryBps: 1500n,
        creatorBps: 500n,
      });
      let now = 0n;
      for (let i = 0; i < 20; i++) {
        now += BigInt(1 + rnd(150));
        const provider = rnd(4);
        const h = hashes[rnd(2)] as Hex;
        const s = salts[rnd(2)] as Hex;
        const steps = [
          { action: "accept", provider },
          { action: "commit", provider, resultHash: h, salt: s },
          { action: "reveal", provider, resultHash: h, salt: s },
          { action: "settle" },
          { action: "resolveReplicas", resultHash: rnd(3) === 0 ? (`0x${"00".repeat(32)}` as Hex) : h },
        ] as const;
        try {
          m.apply(steps[rnd(steps.length)]!, now);
        } catch (e) {
          if (!(e instanceof CalctraError)) throw e;
        }
        const live = m.statusName === "Open" || m.statusName === "Assigned" || m.statusName === "Disputed";
        const paid = m.ledger.reduce((a, l) => a + l.paid, 0n);
        const slashed = m.ledger.reduce((a, l) => a + l.slashed, 0n);
        const locked = m.ledger.reduce((a, l) => a + l.locked, 0n);
        if (live) {
          expect(m.escrow).to.equal(reward);
          expect(paid + m.userReceived + m.treasuryReceived).to.equal(0n);
          expect(locked).to.equal(BigInt(m.replicas.length) * collateral);
        } else {
          expect(m.escrow).to.equal(0n);
          expect(paid + m.userReceived + m.treasuryReceived).to.equal(reward + slashed);
          expect(locked).to.equal(0n);
        }
      }
      if (m.statusName === "Completed" || m.statusName === "Refunded") terminal++;
    }
    expect(terminal, "the walk reaches settled tasks").to.be.greaterThan(20);
  });
});
