/**
 * test/vectors/power.json (DESIGN §11, docs/CONVENTIONS.md "Proof of computational power"): the target at its
 * boundaries, seeds, solution hashes, valid and invalid answers with real keccak-256, the pass record and the
 * verified power. The power registry's parameter rows (ids 8..14) are in governance.json and its error names in errors.json,
 * like every other on-chain group's. Generated from core/src/power.ts.
 */
import {
  CalctraError,
  EMPTY_POWER_RECORD,
  POWER_MAX_TARGET,
  challengeSeed,
  checkAnswer,
  declarePowerClaim,
  powerTarget,
  recordPowerFailure,
  recordPowerPass,
  solutionHash,
  solveChallenge,
  universalFromEvm,
  universalFromSolana,
  universalFromTonRaw,
  verifiedPower,
  type PowerRecord,
  type UniversalAddress,
} from "../src/index.js";

const s = (v: bigint) => v.toString();
const U64 = (1n << 64n) - 1n;

function targets() {
  const raw: Array<[string, bigint, bigint, bigint]> = [
    ["defaults: 1 MH/s, 600 s, m = 8", 1_000_000n, 600n, 8n],
    ["rate 1, window 1, m 1: above 2^256, capped", 1n, 1n, 1n],
    ["claimedRate * responseWindow == 3m: exactly 2^256, capped", 8n, 3n, 8n],
    ["claimedRate * responseWindow == 3m + 1: the first uncapped target", 25n, 1n, 8n],
    ["largest m over the smallest window", 1n, 60n, 32n],
    ["u64 rate, longest window (smallest target)", U64, 86_400n, 1n],
    ["u64 rate, shortest window, m = 32", U64, 60n, 32n],
    ["a non-dividing quotient", 1_234_567n, 777n, 5n],
    ["a GPU-class claim: 2 GH/s, 10 minutes, m = 8", 2_000_000_000n, 600n, 8n],
  ];
  return raw.map(([name, claimedRate, responseWindow, nonces]) => {
    const exact = ((1n << 256n) * 3n * nonces) / (claimedRate * responseWindow);
    const target = powerTarget({ claimedRate, responseWindow, nonces });
    return {
      name,
      claimedRate: s(claimedRate),
      responseWindow: s(responseWindow),
      nonces: Number(nonces),
      target: s(target),
      capped: exact > POWER_MAX_TARGET,
    };
  });
}

const providers: Array<[string, UniversalAddress]> = [
  ["EVM address", universalFromEvm("0x70997970C51812dc3A010C7d01b50e0d17dc79C8")],
  ["Solana public key", universalFromSolana("4Nd1mBQtrMJVYVfKf2PJy9NZUZdTAsp7D4xWLs4gDB4T")],
  ["TON account id", universalFromTonRaw(`0:${"5a".repeat(32)}`)],
];

function seeds() {
  const randomness: Array<`0x${string}`> = [`0x${"00".repeat(32)}`, `0x${"11".repeat(32)}`, `0x${"ff".repeat(32)}`];
  const ids = [1n, 2n, 0xffffffffn + 1n, U64];
  const out: Array<Record<string, unknown>> = [];
  for (const [i, [kind, provider]] of providers.entries()) {
    for (const [j, challengeId] of ids.entries()) {
      const r = randomness[(i + j) % randomness.length]!;
      out.push({
        name: `${kind}, challenge ${challengeId}`,
        randomness: r,
        challengeId: s(challengeId),
        provider,
        seed: challengeSeed({ randomness: r, challengeId, provider }),
      });
    }
  }
  return out;
}

function solutions() {
  const seed = challengeSeed({ randomness: `0x${"42".repeat(32)}`, challengeId: 7n, provider: providers[0]![1] });
  return providers.flatMap(([kind, provider]) =>
    [0n, 1n, 255n, 0x0102030405060708n, U64].map((nonce) => ({
      name: `${kind}, nonce ${nonce}`,
      seed,
      provider,
      nonce: s(nonce),
      hash: solutionHash(seed, provider, nonce),
    })),
  );
}

function answers() {
  const out: Array<Record<string, unknown>> = [];
  for (const [kind, provider] of providers) {
    // An easy challenge (100 hashes/s over 60 s, m = 8: about 2,000 hashes) so the vectors stay quick to make.
    const claimedRate = 100n;
    const responseWindow = 60n;
    const m = 8;
    const target = powerTarget({ claimedRate, responseWindow, nonces: BigInt(m) });
    const seed = challengeSeed({ randomness: `0x${"a5".repeat(32)}`, challengeId: 3n, provider });
    const { nonces: good } = solveChallenge(seed, provider, target, m + 1);
    const valid = good.slice(0, m);
    // A nonce that is not a solution, between two solutions, so the order stays strictly increasing.
    let miss = valid[3]! + 1n;
    while (BigInt(solutionHash(seed, provider, miss)) < target) miss++;
    const aboveTarget = [...valid.slice(0, 3), miss, ...good.slice(4, m)];
    const cases: Array<[string, bigint[]]> = [
      ["valid: the first m solutions", valid],
      ["valid: m solutions skipping one", [...good.slice(0, 2), ...good.slice(3, m + 1)]],
      ["one nonce fewer than m", valid.slice(0, m - 1)],
      ["one nonce more than m", good],
      ["a duplicate (replayed) nonce", [valid[0]!, valid[0]!, ...valid.slice(2)]],
      ["nonces not increasing", [valid[1]!, valid[0]!, ...valid.slice(2)]],
      ["a nonce above the target", aboveTarget],
      ["a duplicate after a nonce above the target: the earlier index wins", [valid[0]!, miss, miss, ...good.slice(4, m + 1)]],
    ];
    for (const [name, answer] of cases) {
      const verdict = checkAnswer({ seed, provider, target, nonces: m, answer });
      out.push({
        name: `${kind}: ${name}`,
        seed,
        provider,
        claimedRate: s(claimedRate),
        responseWindow: s(responseWindow),
        nonces: m,
        target: s(target),
        answer: answer.map(s),
        error: verdict?.error ?? null,
        index: verdict?.index ?? null,
      });
    }
    // The strict boundary: a hash equal to the target is refused, one below it passes (m = 1).
    const h = BigInt(solutionHash(seed, provider, valid[0]!));
    for (const [name, t] of [
      ["target == the hash: refused", h],
      ["target == the hash + 1: passes", h + 1n],
    ] as const) {
      const verdict = checkAnswer({ seed, provider, target: t, nonces: 1, answer: [valid[0]!] });
      out.push({
        name: `${kind}: ${name}`,
        seed,
        provider,
        nonces: 1,
        target: s(t),
        answer: [s(valid[0]!)],
        error: verdict?.error ?? null,
        index: verdict?.index ?? null,
      });
    }
    // The largest target and the largest nonce.
    const verdict = checkAnswer({ seed, provider, target: POWER_MAX_TARGET, nonces: 2, answer: [0n, U64] });
    out.push({
      name: `${kind}: largest target, nonces 0 and 2^64 - 1`,
      seed,
      provider,
      nonces: 2,
      target: s(POWER_MAX_TARGET),
      answer: ["0", s(U64)],
      error: verdict?.error ?? null,
      index: verdict?.index ?? null,
    });
  }
  return out;
}

function records() {
  const json = (r: PowerRecord) => ({
    claimedRate: s(r.claimedRate),
    powerPassed: s(r.powerPassed),
    powerFailed: s(r.powerFailed),
    failuresInRow: s(r.failuresInRow),
    slashedTotal: s(r.slashedTotal),
    verifiedPower: s(verifiedPower(r)),
  });
  type Step = { op: "claim"; claimedRate: bigint } | { op: "pass" } | { op: "fail"; freeStake: bigint };
  const scenarios: Array<{ name: string; maxPowerFailures: bigint; powerSlashBps: bigint; steps: Step[] }> = [
    {
      name: "claim, two passes, a failure, a pass",
      maxPowerFailures: 3n,
      powerSlashBps: 1000n,
      steps: [
        { op: "claim", claimedRate: 1_000_000n },
        { op: "pass" },
        { op: "pass" },
        { op: "fail", freeStake: 500_000_000_000n },
        { op: "pass" },
      ],
    },
    {
      name: "three failures in a row: slashed, the claim resets",
      maxPowerFailures: 3n,
      powerSlashBps: 1000n,
      steps: [
        { op: "claim", claimedRate: 50_000_000n },
        { op: "pass" },
        { op: "fail", freeStake: 200_000_000_000n },
        { op: "fail", freeStake: 200_000_000_000n },
        { op: "fail", freeStake: 200_000_000_001n },
      ],
    },
    {
      name: "a pass between failures resets the count",
      maxPowerFailures: 2n,
      powerSlashBps: 2500n,
      steps: [
        { op: "claim", claimedRate: 7n },
        { op: "fail", freeStake: 3n },
        { op: "pass" },
        { op: "fail", freeStake: 3n },
        { op: "fail", freeStake: 3n },
      ],
    },
    {
      name: "a new claim resets the pass record, not the failures in total",
      maxPowerFailures: 5n,
      powerSlashBps: 100n,
      steps: [
        { op: "claim", claimedRate: 1_000n },
        { op: "pass" },
        { op: "fail", freeStake: 0n },
        { op: "claim", claimedRate: 2_000n },
        { op: "pass" },
      ],
    },
    {
      name: "maxPowerFailures 1: the first failure slashes (odd amount: the challenger gets the floor half)",
      maxPowerFailures: 1n,
      powerSlashBps: 10_000n,
      steps: [
        { op: "claim", claimedRate: 9n },
        { op: "fail", freeStake: 101n },
      ],
    },
  ];
  return scenarios.map((sc) => {
    let r = EMPTY_POWER_RECORD;
    const steps = sc.steps.map((st) => {
      if (st.op === "claim") {
        r = declarePowerClaim(r, st.claimedRate);
        return { op: "claim", claimedRate: s(st.claimedRate), record: json(r) };
      }
      const v =
        st.op === "pass"
          ? recordPowerPass(r)
          : recordPowerFailure(r, { maxPowerFailures: sc.maxPowerFailures, powerSlashBps: sc.powerSlashBps, freeStake: st.freeStake });
      r = v.record;
      return {
        op: st.op,
        ...(st.op === "fail" ? { freeStake: s(st.freeStake) } : {}),
        slashed: s(v.slashed),
        toChallenger: s(v.toChallenger),
        toTreasury: s(v.toTreasury),
        record: json(r),
      };
    });
    return { name: sc.name, maxPowerFailures: s(sc.maxPowerFailures), powerSlashBps: s(sc.powerSlashBps), steps };
  });
}

function verified() {
  const raw: Array<[bigint, bigint, bigint]> = [
    [0n, 0n, 0n],
    [1_000n, 0n, 0n],
    [1_000n, 1n, 0n],
    [1_000n, 9n, 0n],
    [1_000n, 9n, 2n],
    [0n, 5n, 0n],
    [U64, 0xffffffffn, 0n],
    [U64, 1n, 99n],
  ];
  return raw.map(([claimedRate, powerPassed, failuresInRow]) => ({
    claimedRate: s(claimedRate),
    powerPassed: s(powerPassed),
    failuresInRow: s(failuresInRow),
    verifiedPower: s(verifiedPower({ claimedRate, powerPassed, failuresInRow })),
  }));
}

function refusesZeroClaim(): string {
  try {
    powerTarget({ claimedRate: 0n, responseWindow: 600n, nonces: 8n });
  } catch (e) {
    if (e instanceof CalctraError) return e.name;
  }
  throw new Error("expected PowerZeroClaim");
}

/** The content of test/vectors/power.json. */
export function powerVectors() {
  return {
    layouts: {
      seed: "keccak256(randomness bytes32 | challengeId u64 BE | provider bytes32), 72 bytes",
      solution:
        "keccak256(seed bytes32 | provider bytes32 | nonce u64 BE), 72 bytes; a solution when the hash as a big-endian u256 < target",
      target: "min(2^256 - 1, floor(2^256 * 3 * m / (claimedRate * responseWindow)))",
      answer: "exactly m nonces (u64), strictly increasing (so distinct); checked index by index: order, then hash < target",
      verifiedPower: "0 if claimedRate == 0 or powerPassed == 0, else floor(claimedRate * powerPassed / (powerPassed + failuresInRow + 1))",
      slash:
        "after maxPowerFailures failures in a row: slashed = floor(freeStake * powerSlashBps / 10000); toChallenger = floor(slashed / 2); toTreasury = slashed - toChallenger; claimedRate, powerPassed and failuresInRow reset to 0",
    },
    zeroClaim: refusesZeroClaim(),
    targets: targets(),
    seeds: seeds(),
    solutions: solutions(),
    answers: answers(),
    records: records(),
    verifiedPower: verified(),
  };
}
