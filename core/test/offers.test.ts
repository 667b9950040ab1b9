import { expect } from "chai";
import { readFileSync } from "node:fs";
import { CAL, CalctraError, OFFER_U64_MAX, checkOfferTerms, offerPrice, rankOffers, type OpenOffer } from "../src/index.js";

interface OfferCase {
  readonly name: string;
  readonly minReward: string;
  readonly maxReward: string;
  readonly rampStart: string;
  readonly rampDuration: string;
  readonly at: string;
  readonly price: string;
}
const vectors = JSON.parse(readFileSync(new URL("../../test/vectors/offers.json", import.meta.url), "utf8")) as {
  readonly cases: readonly OfferCase[];
};

describe("offers: one price formula (DESIGN §5.1)", () => {
  it("prices every case of test/vectors/offers.json, including the u64 bounds", () => {
    expect(vectors.cases.length).to.be.greaterThan(10);
    for (const c of vectors.cases) {
      const terms = {
        minReward: BigInt(c.minReward),
        maxReward: BigInt(c.maxReward),
        rampStart: BigInt(c.rampStart),
        rampDuration: BigInt(c.rampDuration),
      };
      expect(offerPrice(terms, BigInt(c.at)), c.name).to.equal(BigInt(c.price));
    }
  });

  it("matches prices worked out by hand (the vectors are generated from this code, so a few are checked independently)", () => {
    const byName = new Map(vectors.cases.map((c) => [c.name, BigInt(c.price)]));
    expect(byName.get("mid-ramp")).to.equal(20n * CAL); // 10 + 20 * 300 / 600
    expect(byName.get("one second in")).to.equal(10n * CAL + (20n * CAL) / 600n); // 10.033333333 CAL, floor
    expect(byName.get("mid-ramp, rounded down")).to.equal(3n); // 1 + 4 * 2 / 3 = 3.67
    expect(byName.get("largest amounts, mid-ramp (128-bit product)")).to.equal(1n << 63n); // 1 + (2^64 - 2) / 2
    expect(byName.get("no ramp: max from the start")).to.equal(30n * CAL);
    expect(byName.get("at the ramp start")).to.equal(10n * CAL);
  });

  it("ramps monotonically from minReward to maxReward and never leaves that range", () => {
    const terms = { minReward: 3n, maxReward: 1_000_003n, rampStart: 50n, rampDuration: 997n };
    let last = 0n;
    for (let at = 0n; at < 1_200n; at += 7n) {
      const p = offerPrice(terms, at);
      expect(p >= last && p >= terms.minReward && p <= terms.maxReward, `at ${at}`).to.equal(true);
      last = p;
    }
    expect(last).to.equal(terms.maxReward);
  });

  it("refuses terms no chain can hold: a zero reward, min above max, a field or the ramp end beyond u64", () => {
    const ok = { minReward: 1n, maxReward: 2n, rampStart: 0n, rampDuration: 10n };
    expect(() => checkOfferTerms({ ...ok, minReward: 0n }))
      .to.throw(CalctraError)
      .with.property("name", "MarketplaceZeroReward");
    expect(() => checkOfferTerms({ ...ok, minReward: 3n })).to.throw(CalctraError, "MarketplaceInvalidOffer(minReward=3, maxReward=2)");
    expect(() => checkOfferTerms({ ...ok, maxReward: OFFER_U64_MAX + 1n })).to.throw(
      CalctraError,
      /^MarketplaceInvalidOffer\(input=maxReward, value=18446744073709551616, max=/,
    );
    expect(() => checkOfferTerms({ ...ok, rampStart: OFFER_U64_MAX, rampDuration: 1n })).to.throw(
      CalctraError,
      /^MarketplaceInvalidOffer\(rampEnd=18446744073709551616/,
    );
    expect(() => offerPrice(ok, -1n)).to.throw(CalctraError, "InvalidArgument(input=at, value=-1, min=0)");
  });
});

describe("offers: a provider's ranking by price per unit of work against its floor", () => {
  const now = 1_000n;
  const offer = (id: string, minReward: bigint, maxReward: bigint, workUnits: bigint, lockDeadline = 2_000n): OpenOffer => ({
    id,
    minReward,
    maxReward,
    rampStart: 900n,
    rampDuration: 200n,
    lockDeadline,
    workUnits,
  });

  it("ranks the offers at or above the floor by their current price per unit, best first, and says why the others are left out", () => {
    const { ranked, excluded } = rankOffers({
      offers: [
        offer("a", 10n * CAL, 30n * CAL, 100n), // 20 CAL now: 0.2 CAL per unit
        offer("b", 50n * CAL, 50n * CAL, 100n), // 0.5 per unit
        offer("c", 1n * CAL, 3n * CAL, 100n), // 0.02 per unit: below the floor
        offer("d", 90n * CAL, 90n * CAL, 100n, 999n), // lock deadline passed
        offer("e", 40n * CAL, 40n * CAL, 0n), // no work to price
        offer("f", 20n * CAL, 20n * CAL, 100n), // ties with a: 0.2 per unit
      ],
      floorPricePerUnit: CAL / 10n,
      now,
    });
    expect(ranked.map((r) => r.id)).to.deep.equal(["b", "a", "f"]);
    expect(ranked[1]).to.deep.equal({ id: "a", price: 20n * CAL, pricePerUnit: CAL / 5n, priceAtDeadline: 30n * CAL });
    expect(excluded).to.deep.equal([
      { id: "c", reason: `${(2n * CAL) / 100n} per unit < floor ${CAL / 10n}` },
      { id: "d", reason: "lock deadline 999 passed" },
      { id: "e", reason: "no work units" },
    ]);
  });
});
