import { expect } from "chai";
import { CAL, CalctraError, rankProviders, type Hardware, type ProviderCandidate } from "../src/index.js";

const gpuBox: Hardware = { cpuCores: 16, memoryGiB: 64, gpuCount: 1, gpuMemoryGiB: 24, tee: false };
const need: Hardware = { cpuCores: 8, memoryGiB: 32, gpuCount: 1, gpuMemoryGiB: 16, tee: false };
const base: ProviderCandidate = { id: "p", hardware: gpuBox, price: 10n * CAL, reputationBps: 5000, load: 0.2, latencyMs: 50 };
const requirements = { hardware: need, maxPrice: 20n * CAL, minReputationBps: 4000 };

describe("provider matching", () => {
  it("returns the top three eligible providers, best first", () => {
    const candidates = [
      { ...base, id: "a", reputationBps: 9000 },
      { ...base, id: "b", reputationBps: 6000 },
      { ...base, id: "c", reputationBps: 7000 },
      { ...base, id: "d", reputationBps: 8000 },
    ];
    const { ranked } = rankProviders({ requirements, candidates });
    expect(ranked.map((r) => r.id)).to.deep.equal(["a", "d", "c"]);
    expect(ranked[0]!.score).to.be.greaterThan(ranked[1]!.score);
  });
  it("excludes providers lacking hardware, too expensive, under-reputed or at capacity, with reasons", () => {
    const candidates = [
      { ...base, id: "nogpu", hardware: { ...gpuBox, gpuCount: 0 } },
      { ...base, id: "pricey", price: 21n * CAL },
      { ...base, id: "new", reputationBps: 3999 },
      { ...base, id: "busy", load: 1 },
      { ...base, id: "ok" },
    ];
    const { ranked, excluded } = rankProviders({ requirements, candidates });
    expect(ranked.map((r) => r.id)).to.deep.equal(["ok"]);
    expect(excluded.map((e) => e.id)).to.deep.equal(["nogpu", "pricey", "new", "busy"]);
    expect(excluded[0]!.reason).to.match(/gpuCount/);
  });
  it("prefers a cheaper, less loaded, closer provider when all else is equal", () => {
    const { ranked } = rankProviders({
      requirements: { ...requirements, region: "eu" },
      candidates: [
        { ...base, id: "far", region: "us", latencyMs: 200 },
        { ...base, id: "near", region: "eu", latencyMs: 20 },
        { ...base, id: "cheap-near", region: "eu", latencyMs: 20, price: 5n * CAL },
      ],
    });
    expect(ranked.map((r) => r.id)).to.deep.equal(["cheap-near", "near", "far"]);
  });
  it("prefers a snug hardware fit over a heavily over-provisioned machine", () => {
    const { ranked } = rankProviders({
      requirements,
      candidates: [
        { ...base, id: "huge", hardware: { cpuCores: 128, memoryGiB: 1024, gpuCount: 8, gpuMemoryGiB: 80, tee: false } },
        { ...base, id: "snug", hardware: { cpuCores: 8, memoryGiB: 32, gpuCount: 1, gpuMemoryGiB: 16, tee: false } },
      ],
    });
    expect(ranked[0]!.id).to.equal("snug");
    expect(ranked[0]!.breakdown.hardware).to.equal(1);
  });
  it("is deterministic: ties are broken by provider id whatever the input order", () => {
    const candidates = ["z", "m", "a"].map((id) => ({ ...base, id }));
    const one = rankProviders({ requirements, candidates }).ranked.map((r) => r.id);
    const two = rankProviders({ requirements, candidates: [...candidates].reverse() }).ranked.map((r) => r.id);
    expect(one).to.deep.equal(["a", "m", "z"]);
    expect(two).to.deep.equal(one);
  });
  it("rejects negative or all-zero weights", () => {
    expect(() =>
      rankProviders({ requirements, candidates: [base], weights: { hardware: 0, price: 0, reputation: 0, load: 0, latency: 0 } }),
    ).to.throw(CalctraError, "InvalidArgument(input=weights, value=0, expected=not all zero)");
    expect(() =>
      rankProviders({ requirements, candidates: [base], weights: { hardware: -1, price: 1, reputation: 1, load: 1, latency: 1 } }),
    ).to.throw(CalctraError, "InvalidArgument(input=weights.hardware, value=-1, min=0)");
  });
});
