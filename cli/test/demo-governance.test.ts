import { expect } from "chai";
import { CAL } from "@calctra/core";
import { recordingStep } from "@calctra/devnet/testing";
import { runGovernanceStory } from "../src/demo-governance.js";

describe("governance story of the demo (one proposal on the hub, votes from the EVM spoke, Solana and TON, executed on all four)", function () {
  this.timeout(900_000);
  it("changes challengePeriod on the four chains with each spoke's vault votes counted on the hub, every step reported", async () => {
    const { step, steps } = recordingStep();
    const r = await runGovernanceStory({ step });
    for (const chain of ["home", "spoke", "solana", "ton"] as const) expect(r.challengePeriod[chain][1], chain).to.equal(7200n);
    expect(r.challengePeriod.home[0]).to.equal(86_400n);
    expect(r.counted).to.deep.equal({ spoke: 400n * CAL, solana: 300n * CAL, tonAbstain: 200n * CAL });
    expect(r.status).to.equal("Executed on EVM 31337, EVM 31338, Solana and TON");
    expect(steps.every((s) => s.chain === "governance")).to.equal(true);
    expect(steps.map((s) => s.detail)).to.include("set challengePeriod to 2 hours on every chain");
    expect(steps.find((s) => s.step.startsWith("each spoke's executor holds"))?.detail).to.match(
      /^Executed on EVM 31337, pending on EVM 31338 until .* \(in 1 hour\), Solana until .* \(in (1 hour|59 minutes 59 seconds)\) and TON until .* \(in (1 hour|59 minutes 59 seconds)\)$/,
    );
  });
});
