import { expect } from "chai";
import fc from "fast-check";
import {
  CAL,
  CalctraError,
  DOMAINS,
  ProposalState,
  TaskStatus,
  anyBridgeMessageId,
  assertBelow,
  bridgeDigest,
  bridgeMessageId,
  challengeSeed,
  checkAnswer,
  checkCreateOffer,
  checkOfferTerms,
  computePayout,
  computeSlash,
  decodeAnyBridgeMessage,
  decodeBridgeMessage,
  decodeGovernanceActions,
  decodeGovernanceMessage,
  declarePowerClaim,
  describeGovernanceAction,
  describeProposalStatus,
  domainName,
  encodeAnyBridgeMessage,
  encodeBridgeMessage,
  encodeGovernanceActions,
  encodeGovernanceMessage,
  encodeGovernancePayload,
  evmFromUniversal,
  fieldModulus,
  formatCal,
  formatDuration,
  formatParameterValue,
  governanceMessageId,
  hexToBytesStrict,
  isDeliverableRecipient,
  isEvmDomain,
  isGovernanceMessage,
  isParameterValueValid,
  isValidFeeSplit,
  majorityResult,
  offerPrice,
  packFeeSplit,
  parameterById,
  parseCal,
  parseDuration,
  parseGovernanceAction,
  parseUniversalAddress,
  powerTarget,
  providerField,
  publicInputs,
  quoteOffer,
  rankOffers,
  rankProviders,
  recordPowerFailure,
  recordPowerPass,
  replicaCommit,
  reputationScoreBps,
  setParameter,
  settleReplicas,
  solutionHash,
  solveChallenge,
  taskStatusName,
  universalFromBytes,
  universalFromEvm,
  universalFromSolana,
  universalFromTonRaw,
  universalToBytes,
  unpackFeeSplit,
  verifiedPower,
  type BridgeMessage,
  type GovernanceAction,
  type GovernanceMessage,
  type UniversalAddress,
} from "../src/index.js";

const U64 = (1n << 64n) - 1n;
const universal = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => universalFromBytes(b));

/** The one error type core's helpers throw on bad input. */
const refusedCleanly = (e: unknown) => e instanceof CalctraError;

describe("core helpers under arbitrary input (fast-check)", () => {
  it("formats and parses every CAL amount back to itself, negatives with a leading minus", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: U64 }), (v) => {
        expect(parseCal(formatCal(v))).to.equal(v);
        if (v > 0n) expect(formatCal(-v)).to.equal(`-${formatCal(v)}`);
      }),
    );
    expect(formatCal(-1n)).to.equal("-0.000000001");
  });

  it("parses any string to a non-negative amount or refuses it, and anything else, with InvalidAmount", () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        try {
          expect(parseCal(s) >= 0n).to.equal(true);
        } catch (e) {
          expect(e).to.be.instanceOf(CalctraError).with.property("name", "InvalidAmount");
        }
      }),
    );
    fc.assert(
      fc.property(fc.oneof(fc.constant(undefined), fc.constant(null), fc.integer(), fc.object()), (v) => {
        expect(() => parseCal(v as unknown as string))
          .to.throw(CalctraError)
          .with.property("name", "InvalidAmount");
      }),
    );
  });

  it("turns 32 bytes into a universal address and back, and refuses arrays that are not 32 bytes with InvalidAddress", () => {
    fc.assert(
      fc.property(universal, (a) => {
        expect(universalFromBytes(universalToBytes(a))).to.equal(a);
      }),
    );
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -300, max: 300 }), { maxLength: 40 }), (xs) => {
        try {
          expect(universalFromBytes(xs as unknown as Uint8Array)).to.match(/^0x[0-9a-f]{64}$/);
        } catch (e) {
          expect(e).to.be.instanceOf(CalctraError).with.property("name", "InvalidAddress");
        }
      }),
    );
  });

  it("decodes every encoded token message to itself and refuses any other version byte with BridgeInvalidMessage", () => {
    const message = fc.record({
      version: fc.constant(1),
      srcDomain: fc.integer({ min: 0, max: 0xffffffff }),
      dstDomain: fc.integer({ min: 0, max: 0xffffffff }),
      nonce: fc.bigInt({ min: 0n, max: U64 }),
      sender: universal,
      recipient: universal,
      amount: fc.bigInt({ min: 0n, max: U64 }),
    });
    fc.assert(
      fc.property(message, (m) => {
        expect(decodeBridgeMessage(encodeBridgeMessage(m as BridgeMessage))).to.deep.equal(m);
      }),
    );
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 89, maxLength: 89 }), (bytes) => {
        try {
          const m = decodeBridgeMessage(bytes);
          expect(m.version).to.equal(1);
        } catch (e) {
          expect(e).to.be.instanceOf(CalctraError);
          expect((e as CalctraError).name).to.equal("BridgeInvalidMessage");
        }
      }),
    );
  });

  it("prices an offer within [min, max], never falling as time passes", () => {
    const terms = fc
      .tuple(
        fc.bigInt({ min: 1n, max: U64 }),
        fc.bigInt({ min: 1n, max: U64 }),
        fc.bigInt({ min: 0n, max: 1n << 40n }),
        fc.bigInt({ min: 0n, max: 1n << 40n }),
      )
      .map(([a, b, rampStart, rampDuration]) => {
        const [minReward, maxReward] = [a, b].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0)) as [bigint, bigint];
        return { minReward, maxReward, rampStart, rampDuration };
      });
    fc.assert(
      fc.property(terms, fc.bigInt({ min: 0n, max: 1n << 41n }), fc.bigInt({ min: 0n, max: 1n << 20n }), (t, at, dt) => {
        const p = offerPrice(t, at);
        expect(p >= t.minReward && p <= t.maxReward).to.equal(true);
        expect(offerPrice(t, at + dt) >= p).to.equal(true);
      }),
    );
  });

  it("ranks any candidates with scores in [0, 1], at most `limit` of them, leaving out the ones it cannot score", () => {
    const num = fc.oneof(fc.double({ noNaN: false }), fc.integer({ min: 0, max: 64 }));
    const candidate = fc.record({
      id: fc.string({ maxLength: 4 }),
      hardware: fc.record({ cpuCores: num, memoryGiB: num, gpuCount: num, gpuMemoryGiB: num, tee: fc.boolean() }),
      price: fc.bigInt({ min: -10n * CAL, max: 100n * CAL }),
      reputationBps: fc.oneof(fc.integer({ min: -1, max: 40_000 }), fc.double()),
      load: num,
      latencyMs: num,
      region: fc.constantFrom("eu", "us"),
    });
    fc.assert(
      fc.property(fc.array(candidate, { maxLength: 12 }), fc.integer({ min: 0, max: 5 }), (candidates, limit) => {
        const { ranked, excluded } = rankProviders({
          requirements: {
            hardware: { cpuCores: 1, memoryGiB: 1, gpuCount: 0, gpuMemoryGiB: 0, tee: false },
            maxPrice: 50n * CAL,
            minReputationBps: 0,
            region: "eu",
          },
          candidates,
          limit,
        });
        expect(ranked.length <= limit).to.equal(true);
        for (const r of ranked) expect(r.score >= 0 && r.score <= 1, `${r.id}: ${r.score}`).to.equal(true);
        expect(ranked.length + excluded.length <= candidates.length).to.equal(true);
      }),
    );
    expect(() =>
      rankProviders({
        requirements: {
          hardware: { cpuCores: 1, memoryGiB: 1, gpuCount: 0, gpuMemoryGiB: 0, tee: false },
          maxPrice: 1n,
          minReputationBps: 0,
        },
        candidates: [],
        limit: -1,
      }),
    ).to.throw(CalctraError, "InvalidArgument(input=limit, value=-1, min=0)");
  });

  it("refuses bad input to the amount and address parsers with CalctraError only (no SyntaxError, TypeError or plain Error)", () => {
    fc.assert(
      fc.property(fc.anything(), (v) => {
        for (const f of [() => parseCal(v as string), () => universalToBytes(v as UniversalAddress), () => formatCal(v as bigint)]) {
          try {
            f();
          } catch (e) {
            expect(refusedCleanly(e), String(e)).to.equal(true);
          }
        }
      }),
    );
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Every exported helper that takes user input, with one well-formed call each. The property feeds each helper odd
// arguments (wrong types, negatives, huge numbers, bad hex, NaN, undefined), either in place of all its arguments or
// in place of one value anywhere inside the well-formed ones, and asks for a well-formed result or a CalctraError.

const EVM = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";
const A = universalFromEvm(EVM);
const B = `0x${"ab".repeat(32)}` as const;
const H = `0x${"11".repeat(32)}` as const;
const tokenMessage: BridgeMessage = {
  version: 1,
  srcDomain: 31337,
  dstDomain: DOMAINS.solana,
  nonce: 7n,
  sender: A,
  recipient: B,
  amount: CAL,
};
const actions: GovernanceAction[] = [
  setParameter("challengePeriod", 7200n),
  { kind: "setVerifier", verifierId: 1, verifier: B },
  { kind: "setRole", role: "pauser", account: A },
  { kind: "setValidatorSet", signers: [EVM.toLowerCase() as `0x${string}`], threshold: 1, retention: 3600 },
  {
    kind: "setRemoteDomain",
    domain: DOMAINS.ton,
    enabled: true,
    bridge: B,
    inboundCapacity: 10n,
    inboundRatePerSecond: 1n,
    outboundCapacity: 10n,
    outboundRatePerSecond: 1n,
  },
  { kind: "pause", target: "bridge" },
];
const governanceMessage: GovernanceMessage = {
  version: 2,
  srcDomain: 31337,
  dstDomain: DOMAINS.solana,
  nonce: 1n,
  sender: A,
  recipient: B,
  payload: { kind: "GovernanceActions", sequence: 1n, proposalId: 5n, actions },
};
const hardware = { cpuCores: 4, memoryGiB: 16, gpuCount: 1, gpuMemoryGiB: 24, tee: false };
const record = { claimedRate: 1_000n, powerPassed: 2n, powerFailed: 1n, failuresInRow: 0n, slashedTotal: 0n };
const offer = { minReward: 10n, maxReward: 30n, rampStart: 100n, rampDuration: 60n };
const taskOffer = { ...offer, lockDeadline: 500n, replicas: 2, price: 0n, revealEnd: 0n };

const isHex = (n?: number) => (v: unknown) => typeof v === "string" && new RegExp(`^0x[0-9a-f]${n ? `{${n}}` : "*"}$`).test(v);
const isBig = (v: unknown) => typeof v === "bigint";
const isBytes = (v: unknown) => v instanceof Uint8Array;
const isBool = (v: unknown) => typeof v === "boolean";
const isText = (v: unknown) => typeof v === "string" && !/undefined|NaN|\[object/.test(v);
const isObject = (v: unknown) => typeof v === "object" && v !== null;
const isVoid = (v: unknown) => v === undefined;

/** A helper under test: its name, a well-formed argument list, and what a well-formed result looks like. */
interface Helper {
  readonly name: string;
  readonly args: readonly unknown[];
  readonly call: (...args: never[]) => unknown;
  readonly wellFormed: (result: unknown) => boolean;
}
const h = (name: string, call: (...args: never[]) => unknown, args: readonly unknown[], wellFormed: (r: unknown) => boolean): Helper => ({
  name,
  call,
  args,
  wellFormed,
});

const HELPERS: readonly Helper[] = [
  // addresses
  h("universalFromEvm", universalFromEvm, [EVM], isHex(64)),
  h("evmFromUniversal", evmFromUniversal, [A], isHex(40)),
  h("universalFromSolana", universalFromSolana, ["11111111111111111111111111111111"], isHex(64)),
  h("universalFromTonRaw", universalFromTonRaw, [`0:${"ab".repeat(32)}`], isHex(64)),
  h("universalToBytes", universalToBytes, [A], isBytes),
  h("universalFromBytes", universalFromBytes, [new Uint8Array(32).fill(7)], isHex(64)),
  h("parseUniversalAddress", parseUniversalAddress, [EVM], isHex(64)),
  // amounts and arithmetic
  h("parseCal", parseCal, ["12.5"], (v) => isBig(v) && (v as bigint) >= 0n),
  h("formatCal", formatCal, [-12_500_000_000n, { withUnit: true }], (v) => typeof v === "string" && /^-?\d+(\.\d{1,9})?( CAL)?$/.test(v)),
  h(
    "reputationScoreBps",
    reputationScoreBps,
    [{ completed: 3n, failed: 1n }],
    (v) => isBig(v) && (v as bigint) >= 0n && (v as bigint) <= 10_000n,
  ),
  h(
    "computePayout",
    computePayout,
    [{ reward: 1000n, providerBps: 8000n, treasuryBps: 1500n, creatorBps: 500n, hasCreator: true }],
    isObject,
  ),
  h("computeSlash", computeSlash, [{ collateral: 1001n, slashBps: 2000n }], isObject),
  h("taskStatusName", taskStatusName, [4], isText),
  // bridge codec
  h("encodeBridgeMessage", encodeBridgeMessage, [tokenMessage], (v) => isBytes(v) && (v as Uint8Array).length === 89),
  h("decodeBridgeMessage", decodeBridgeMessage, [encodeBridgeMessage(tokenMessage)], isObject),
  h("bridgeMessageId", bridgeMessageId, [tokenMessage], isBytes),
  h("bridgeDigest", bridgeDigest, [{ dstDomain: DOMAINS.ton, dstBridge: B, messageId: new Uint8Array(32) }], isBytes),
  // governance encoders and parsers
  h("setParameter", setParameter, ["challengePeriod", 7200n], isObject),
  h("parameterById", parameterById, [3], (v) => v === undefined || isObject(v)),
  h("packFeeSplit", packFeeSplit, [{ providerBps: 8000n, treasuryBps: 1500n, creatorBps: 500n }], isBig),
  h("unpackFeeSplit", unpackFeeSplit, [packFeeSplit({ providerBps: 8000n, treasuryBps: 1500n, creatorBps: 500n })], isObject),
  h("isValidFeeSplit", isValidFeeSplit, [{ providerBps: 8000n, treasuryBps: 1500n, creatorBps: 500n }], isBool),
  h("isParameterValueValid", isParameterValueValid, [3, 7200n], isBool),
  h("encodeGovernanceActions", encodeGovernanceActions, [actions], isBytes),
  h("decodeGovernanceActions", decodeGovernanceActions, [encodeGovernanceActions(actions)], Array.isArray),
  h(
    "encodeGovernancePayload",
    encodeGovernancePayload,
    [{ kind: "VoteTally", proposalId: 5n, againstVotes: 1n, forVotes: 2n, abstainVotes: 3n }],
    isBytes,
  ),
  h("encodeGovernanceMessage", encodeGovernanceMessage, [governanceMessage], isBytes),
  h("decodeGovernanceMessage", decodeGovernanceMessage, [encodeGovernanceMessage(governanceMessage)], isObject),
  h("governanceMessageId", governanceMessageId, [governanceMessage], isBytes),
  h("encodeAnyBridgeMessage", encodeAnyBridgeMessage, [governanceMessage], isBytes),
  h("anyBridgeMessageId", anyBridgeMessageId, [tokenMessage], isBytes),
  h("decodeAnyBridgeMessage", decodeAnyBridgeMessage, [encodeGovernanceMessage(governanceMessage)], isObject),
  h("isGovernanceMessage", isGovernanceMessage, [governanceMessage], isBool),
  h("isEvmDomain", isEvmDomain, [31337], isBool),
  h("isDeliverableRecipient", isDeliverableRecipient, [31337, A], isBool),
  h("formatDuration", formatDuration, [5400n], isText),
  h("parseDuration", parseDuration, ["2h"], isBig),
  h("domainName", domainName, [DOMAINS.solana], isText),
  h("formatParameterValue", formatParameterValue, [3, 7200n], isText),
  h("describeGovernanceAction", describeGovernanceAction, [actions[4], DOMAINS.solana], isText),
  h("parseGovernanceAction", parseGovernanceAction, [`remote ton on ${B} 10 1 10 1`], isObject),
  h(
    "describeProposalStatus",
    describeProposalStatus,
    [
      {
        proposalId: 1n,
        hubDomain: 31337,
        hubState: ProposalState.Executed,
        tallies: [{ domain: DOMAINS.ton, againstVotes: 0n, forVotes: 1n, abstainVotes: 0n, counted: true }],
        executions: [
          { domain: DOMAINS.solana, state: "Pending", eta: 2_000n, sequence: 1n },
          { domain: DOMAINS.ton, state: "Failed", reason: "gas" },
        ],
      },
      1_000n,
    ],
    isText,
  ),
  // matching
  h(
    "rankProviders",
    rankProviders,
    [
      {
        requirements: {
          hardware: { ...hardware, gpuCount: 0 },
          maxPrice: 50n * CAL,
          minReputationBps: 1000,
          region: "eu",
          minVerifiedPower: 1n,
        },
        candidates: [
          { id: "a", hardware, price: 10n * CAL, reputationBps: 9000, load: 0.2, latencyMs: 40, region: "eu", power: record },
          { id: "b", hardware, price: 20n * CAL, reputationBps: 7000, load: 0.5, latencyMs: 90 },
        ],
        weights: { hardware: 1, price: 1, reputation: 1, load: 1, latency: 1, power: 1 },
        limit: 2,
      },
    ],
    (v) => {
      const { ranked } = v as { ranked: { score: number }[] };
      return ranked.every((r) => r.score >= 0 && r.score <= 1);
    },
  ),
  // offers
  h("checkOfferTerms", checkOfferTerms, [offer], isVoid),
  h("offerPrice", offerPrice, [offer, 130n], (v) => isBig(v) && (v as bigint) > 0n),
  h(
    "rankOffers",
    rankOffers,
    [{ offers: [{ ...offer, id: "1", lockDeadline: 500n, workUnits: 3n }], floorPricePerUnit: 1n, now: 120n }],
    isObject,
  ),
  h(
    "checkCreateOffer",
    checkCreateOffer,
    [
      {
        offer: { minReward: 10n, rampStart: 100n, rampDuration: 60n, lockDeadline: 500n, replicas: 2 },
        reward: 30n,
        deadline: 900n,
        now: 50n,
      },
    ],
    isObject,
  ),
  h("quoteOffer", quoteOffer, [{ offer: taskOffer, status: TaskStatus.Assigned, replicasTaken: 1, at: 130n }], isObject),
  // replicas
  h("replicaCommit", replicaCommit, [H, B, A], isHex(64)),
  h("majorityResult", majorityResult, [3, [H, H, undefined]], (v) => v === null || isHex(64)(v)),
  h(
    "settleReplicas",
    settleReplicas,
    [
      {
        k: 3,
        reward: 30n,
        collateral: 100n,
        replicas: [{ price: 30n, resultHash: H }, { price: 30n, resultHash: H }, { price: 30n }],
        slashBps: 2000n,
        providerBps: 8000n,
        treasuryBps: 1500n,
        creatorBps: 500n,
        hasCreator: false,
        winner: H,
      },
    ],
    isObject,
  ),
  // power
  h("powerTarget", powerTarget, [{ claimedRate: 1_000_000n, responseWindow: 600n, nonces: 8n }], (v) => isBig(v) && (v as bigint) > 0n),
  h("challengeSeed", challengeSeed, [{ randomness: H, challengeId: 1n, provider: A }], isHex(64)),
  h("solutionHash", solutionHash, [H, A, 5n], isHex(64)),
  h(
    "checkAnswer",
    checkAnswer,
    [{ seed: H, provider: A, target: 1n << 255n, nonces: 2, answer: [1n, 2n] }],
    (v) => v === null || isObject(v),
  ),
  h("solveChallenge", solveChallenge, [H, A, 1n << 255n, 2, 0n, 200n], isObject),
  h("declarePowerClaim", declarePowerClaim, [record, 5_000n], isObject),
  h("recordPowerPass", recordPowerPass, [record], isObject),
  h("recordPowerFailure", recordPowerFailure, [record, { maxPowerFailures: 1n, powerSlashBps: 1000n, freeStake: 100n }], isObject),
  h("verifiedPower", verifiedPower, [record], isBig),
  // fields
  h("providerField", providerField, [A], isBig),
  h("assertBelow", assertBelow, [5n, 10n], isVoid),
  h("publicInputs", publicInputs, [{ curve: "bn254", taskId: 1n, specHash: 2n, resultCommitment: 3n, provider: A }], Array.isArray),
  h("hexToBytesStrict", hexToBytesStrict, ["0x0102"], isBytes),
  h("fieldModulus", fieldModulus, ["bls12381"], isBig),
];

/** Odd values: wrong types, negatives, huge numbers, bad hex, NaN, undefined, and anything fast-check makes. */
const odd: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    undefined,
    null,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    -1,
    -1n,
    0,
    0n,
    2 ** 53,
    1e300,
    "",
    "0x",
    "0xzz",
    `0x${"g".repeat(64)}`,
  ),
  fc.constantFrom(1n << 64n, 1n << 256n, -(1n << 300n), `0x${"ff".repeat(33)}`, "toString", "__proto__", [], {}, new Uint8Array(3)),
  fc.integer(),
  fc.double(),
  fc.bigInt(),
  fc.string({ maxLength: 12 }),
  fc.stringMatching(/^0x[0-9a-fA-F]{0,70}$/),
  fc.uint8Array({ maxLength: 100 }),
  fc.anything({ maxDepth: 2 }),
);

type Path = readonly (string | number)[];
/** Paths to every value inside plain arrays and objects (bytes count as one value). */
function paths(v: unknown, at: Path = []): Path[] {
  const inner =
    Array.isArray(v) || (typeof v === "object" && v !== null && !(v instanceof Uint8Array))
      ? Object.entries(v as object).flatMap(([k, x]) => paths(x, [...at, Array.isArray(v) ? Number(k) : k]))
      : [];
  return [at, ...inner];
}
/** A copy of `v` with the value at `path` replaced. */
function replaced(v: unknown, path: Path, by: unknown): unknown {
  if (path.length === 0) return by;
  const [k, ...rest] = path;
  const copy = (Array.isArray(v) ? [...v] : { ...(v as object) }) as Record<string | number, unknown>;
  copy[k as string] = replaced(copy[k as string], rest, by);
  return copy;
}

const RUNS = 400;

describe("every core helper that takes user input, under odd input (fast-check)", () => {
  it("answers each well-formed example with a well-formed value", () => {
    for (const { name, call, args, wellFormed } of HELPERS)
      expect(wellFormed((call as (...a: unknown[]) => unknown)(...args)), name).to.equal(true);
  });

  it(`returns a well-formed value or throws CalctraError, never another error, on ${HELPERS.length} helpers × ${RUNS} odd argument lists`, () => {
    let tried = 0;
    for (const { name, call, args, wellFormed } of HELPERS) {
      const where = paths(args).slice(1);
      const argLists = fc.oneof(
        fc.array(odd, { minLength: 0, maxLength: args.length + 1 }),
        fc.tuple(fc.constantFrom(...where), odd).map(([path, by]) => replaced(args, path, by) as unknown[]),
      );
      fc.assert(
        fc.property(argLists, (list) => {
          tried++;
          let result: unknown;
          try {
            result = (call as (...a: unknown[]) => unknown)(...list);
          } catch (e) {
            expect(e, `${name}: ${String(e)}`).to.be.instanceOf(CalctraError);
            return;
          }
          expect(wellFormed(result), `${name} returned ${String(result)}`).to.equal(true);
        }),
        { numRuns: RUNS },
      );
    }
    expect(tried).to.equal(HELPERS.length * RUNS);
  });
});
