import { expect } from "chai";
import { readFileSync } from "node:fs";
import { encodePacked, keccak256 } from "viem";
import {
  CAL,
  CalctraError,
  EMPTY_POWER_RECORD,
  ERROR_NAMES,
  GOVERNED_PARAMETERS,
  PARAMETERS,
  POWER_MAX_TARGET,
  challengeSeed,
  checkAnswer,
  declarePowerClaim,
  isParameterValueValid,
  powerTarget,
  rankProviders,
  recordPowerFailure,
  recordPowerPass,
  solutionHash,
  solveChallenge,
  verifiedPower,
  type Hardware,
  type PowerRecord,
  type ProviderCandidate,
  type UniversalAddress,
} from "../src/index.js";

type Hex = `0x${string}`;
const v = JSON.parse(readFileSync(new URL("../../test/vectors/power.json", import.meta.url), "utf8"));
/** The power registry's rows and refusals live with every other group's, in governance.json and errors.json. */
const governance = JSON.parse(readFileSync(new URL("../../test/vectors/governance.json", import.meta.url), "utf8")) as {
  parameters: Record<string, { id: number; owner: string; default: string; min: string; max: string }>;
  parameterValues: { name: string; paramId: number; value: string; accepted: boolean; error: string | null }[];
};
const errors = JSON.parse(readFileSync(new URL("../../test/vectors/errors.json", import.meta.url), "utf8")) as Record<string, string[]>;

describe("proof of computational power (test/vectors/power.json)", () => {
  it("computes every target vector and agrees with the 2^256 * 3m / (rate * window) formula, capped at 2^256 - 1", () => {
    expect(v.targets.length).to.be.greaterThan(5);
    for (const c of v.targets) {
      const p = { claimedRate: BigInt(c.claimedRate), responseWindow: BigInt(c.responseWindow), nonces: BigInt(c.nonces) };
      const t = powerTarget(p);
      expect(t.toString(), c.name).to.equal(c.target);
      const exact = ((1n << 256n) * 3n * p.nonces) / (p.claimedRate * p.responseWindow);
      expect(t, c.name).to.equal(exact > POWER_MAX_TARGET ? POWER_MAX_TARGET : exact);
      // The chains' 256-bit form: floor((2^256-1)/d)*3m + floor(((2^256-1)%d + 1)*3m/d) is the same integer.
      const d = p.claimedRate * p.responseWindow;
      const m3 = 3n * p.nonces;
      const split = (POWER_MAX_TARGET / d) * m3 + (((POWER_MAX_TARGET % d) + 1n) * m3) / d;
      expect(split, c.name).to.equal(exact);
    }
    expect(v.targets.some((c: { capped: boolean }) => c.capped)).to.equal(true);
    expect(v.targets.some((c: { capped: boolean }) => !c.capped)).to.equal(true);
  });

  it("refuses a zero claim with PowerZeroClaim", () => {
    expect(() => powerTarget({ claimedRate: 0n, responseWindow: 600n, nonces: 8n })).to.throw(CalctraError, "PowerZeroClaim");
    expect(v.zeroClaim).to.equal("PowerZeroClaim");
  });

  it("derives every seed vector as keccak256(randomness | challengeId u64 | provider), checked against viem's keccak", () => {
    for (const c of v.seeds) {
      const seed = challengeSeed({ randomness: c.randomness, challengeId: BigInt(c.challengeId), provider: c.provider });
      expect(seed, c.name).to.equal(c.seed);
      const ref = keccak256(encodePacked(["bytes32", "uint64", "bytes32"], [c.randomness, BigInt(c.challengeId), c.provider]));
      expect(seed, c.name).to.equal(ref);
    }
  });

  it("hashes every solution vector as keccak256(seed | provider | nonce u64), checked against viem's keccak", () => {
    for (const c of v.solutions) {
      expect(solutionHash(c.seed, c.provider, BigInt(c.nonce)), c.name).to.equal(c.hash);
      const ref = keccak256(encodePacked(["bytes32", "bytes32", "uint64"], [c.seed, c.provider, BigInt(c.nonce)]));
      expect(c.hash, c.name).to.equal(ref);
    }
  });

  it("accepts every valid answer and refuses every invalid one with the vector's error and index", () => {
    const seen = new Set<string>();
    for (const c of v.answers) {
      const r = checkAnswer({
        seed: c.seed,
        provider: c.provider,
        target: BigInt(c.target),
        nonces: c.nonces,
        answer: c.answer.map(BigInt),
      });
      expect(r?.error ?? null, c.name).to.equal(c.error);
      expect(r?.index ?? null, c.name).to.equal(c.index);
      seen.add(c.error ?? "passes");
    }
    expect([...seen].sort()).to.deep.equal(["PowerDuplicateNonce", "PowerNonceAboveTarget", "PowerWrongNonceCount", "passes"]);
  });

  it("replays every record scenario: passes, failures in a row, the slash split and the claim reset", () => {
    for (const sc of v.records) {
      let r: PowerRecord = EMPTY_POWER_RECORD;
      for (const st of sc.steps) {
        if (st.op === "claim") r = declarePowerClaim(r, BigInt(st.claimedRate));
        else {
          const verdict =
            st.op === "pass"
              ? recordPowerPass(r)
              : recordPowerFailure(r, {
                  maxPowerFailures: BigInt(sc.maxPowerFailures),
                  powerSlashBps: BigInt(sc.powerSlashBps),
                  freeStake: BigInt(st.freeStake),
                });
          expect(verdict.slashed.toString(), sc.name).to.equal(st.slashed);
          expect(verdict.toChallenger + verdict.toTreasury, sc.name).to.equal(verdict.slashed);
          expect(verdict.toChallenger.toString(), sc.name).to.equal(st.toChallenger);
          r = verdict.record;
        }
        expect(r.claimedRate.toString(), sc.name).to.equal(st.record.claimedRate);
        expect(r.powerPassed.toString(), sc.name).to.equal(st.record.powerPassed);
        expect(r.powerFailed.toString(), sc.name).to.equal(st.record.powerFailed);
        expect(r.failuresInRow.toString(), sc.name).to.equal(st.record.failuresInRow);
        expect(verifiedPower(r).toString(), sc.name).to.equal(st.record.verifiedPower);
      }
    }
    expect(
      v.records.some((sc: { steps: { slashed?: string }[] }) => sc.steps.some((s) => s.slashed !== undefined && s.slashed !== "0")),
    ).to.equal(true);
  });

  it("counts an unverified provider (no claim, or no pass since the claim) as zero verified power", () => {
    for (const c of v.verifiedPower) {
      const got = verifiedPower({
        claimedRate: BigInt(c.claimedRate),
        powerPassed: BigInt(c.powerPassed),
        failuresInRow: BigInt(c.failuresInRow),
      });
      expect(got.toString()).to.equal(c.verifiedPower);
    }
    expect(verifiedPower({ claimedRate: 10n ** 9n, powerPassed: 0n, failuresInRow: 0n })).to.equal(0n);
  });

  it("lists the power registry's parameters (ids 8..14, governance.json) and errors (errors.json) as the core tables do", () => {
    expect(errors.power).to.deep.equal([...ERROR_NAMES.power]);
    const rows = Object.entries(governance.parameters).filter(([, p]) => p.owner === "power");
    expect(rows.map(([, p]) => p.id)).to.deep.equal([8, 9, 10, 11, 12, 13, 14]);
    for (const [name, p] of rows) {
      const row = GOVERNED_PARAMETERS[name as keyof typeof GOVERNED_PARAMETERS];
      expect(row.id, name).to.equal(p.id);
      expect(PARAMETERS[name as keyof typeof PARAMETERS].default.toString()).to.equal(p.default);
    }
    // Every boundary of every power row is a vector, refused with the registry's own error.
    const cases = governance.parameterValues.filter((c) => rows.some(([, p]) => p.id === c.paramId));
    expect(cases).to.have.length(26);
    for (const c of cases) {
      expect(isParameterValueValid(c.paramId, BigInt(c.value)), c.name).to.equal(c.accepted);
      expect(c.error, c.name).to.equal(c.accepted ? null : "PowerParameterOutOfBounds");
    }
    expect(GOVERNED_PARAMETERS.powerNonces.default).to.equal(8n);
  });
});

describe("a challenge solved by brute force, as the provider's agent does", () => {
  const provider = `0x${"00".repeat(12)}${"ab".repeat(20)}` as UniversalAddress;
  it("finds m distinct solutions below the target that the check accepts", () => {
    const target = powerTarget({ claimedRate: 50n, responseWindow: 60n, nonces: 4n });
    const seed = challengeSeed({ randomness: `0x${"01".repeat(32)}` as Hex, challengeId: 9n, provider });
    const { nonces, hashes } = solveChallenge(seed, provider, target, 4);
    expect(nonces).to.have.length(4);
    expect(hashes >= 4n).to.equal(true);
    expect(checkAnswer({ seed, provider, target, nonces: 4, answer: nonces })).to.equal(null);
  });
});

describe("matching by verified power", () => {
  const box: Hardware = { cpuCores: 16, memoryGiB: 64, gpuCount: 1, gpuMemoryGiB: 24, tee: false };
  const base: ProviderCandidate = { id: "p", hardware: box, price: 10n * CAL, reputationBps: 5000, load: 0.2, latencyMs: 50 };
  const requirements = { hardware: { ...box, cpuCores: 8 }, maxPrice: 20n * CAL, minReputationBps: 0 };
  it("ranks a provider with a pass record above a larger claim that was never verified", () => {
    const candidates = [
      { ...base, id: "bragger", power: { claimedRate: 10n ** 12n, powerPassed: 0n, failuresInRow: 0n } },
      { ...base, id: "proven", power: { claimedRate: 10n ** 6n, powerPassed: 5n, failuresInRow: 0n } },
    ];
    const { ranked } = rankProviders({ requirements, candidates });
    expect(ranked.map((r) => r.id)).to.deep.equal(["proven", "bragger"]);
    expect(ranked[0]!.verifiedPower).to.equal(verifiedPower(candidates[1]!.power));
    expect(ranked[1]!.verifiedPower).to.equal(0n);
    expect(ranked[1]!.breakdown.power).to.equal(0);
  });
  it("excludes providers below minVerifiedPower with a reason, and leaves the breakdown unchanged without records", () => {
    const { ranked, excluded } = rankProviders({
      requirements: { ...requirements, minVerifiedPower: 1n },
      candidates: [
        { ...base, id: "none" },
        { ...base, id: "ok", power: { claimedRate: 100n, powerPassed: 1n, failuresInRow: 0n } },
      ],
    });
    expect(ranked.map((r) => r.id)).to.deep.equal(["ok"]);
    expect(excluded).to.deep.equal([{ id: "none", reason: "verified power 0 < 1" }]);
    const plain = rankProviders({ requirements, candidates: [base] });
    expect(plain.ranked[0]!.breakdown).to.not.have.property("power");
    expect(plain.ranked[0]!).to.not.have.property("verifiedPower");
  });
});
