import { expect } from "chai";
import fc from "fast-check";
import {
  CAL,
  CalctraError,
  decodeBridgeMessage,
  encodeBridgeMessage,
  formatCal,
  offerPrice,
  parseCal,
  rankProviders,
  universalFromBytes,
  universalToBytes,
  type BridgeMessage,
  type UniversalAddress,
} from "../src/index.js";

const U64 = (1n << 64n) - 1n;
const universal = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => universalFromBytes(b));

/** Only the errors a caller can tell apart: a typed refusal, or the standard errors of bad input. */
const refusedCleanly = (e: unknown) => e instanceof CalctraError || e instanceof RangeError || e instanceof TypeError;

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

  it("parses any string to a non-negative amount or refuses it with a RangeError, and anything else with a TypeError", () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        try {
          expect(parseCal(s) >= 0n).to.equal(true);
        } catch (e) {
          expect(e).to.be.instanceOf(RangeError);
        }
      }),
    );
    fc.assert(
      fc.property(fc.oneof(fc.constant(undefined), fc.constant(null), fc.integer(), fc.object()), (v) => {
        expect(() => parseCal(v as unknown as string)).to.throw(TypeError);
      }),
    );
  });

  it("turns 32 bytes into a universal address and back, and refuses arrays that are not 32 bytes", () => {
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
          expect(e).to.be.instanceOf(RangeError);
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
    ).to.throw(RangeError);
  });

  it("refuses bad input only in ways a caller can tell apart (no SyntaxError or plain Error from core's parsers)", () => {
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
