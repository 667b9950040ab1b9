import { expect } from "chai";
import { CAL } from "@calctra/core";
import { recordingStep } from "@calctra/devnet/testing";
import { runGovernanceStory } from "../src/demo-governance.js";

describe("governance story of the demo (one proposal on the hub, a vote from the EVM spoke, executed on both)", function () {
  this.timeout(600_000);
  it("changes challengePeriod on both chains with the spoke's vault votes counted on the hub, every step reported", async () => {
    const { step, steps } = recordingStep();
    const r = await runGovernanceStory({ step });
    expect(r.challengePeriod.home).to.deep.equal([86_400n, 7200n]);
    expect(r.challengePeriod.spoke).to.deep.equal([86_400n, 7200n]);
    expect(r.spokeForVotes).to.equal(400n * CAL);
    expect(r.status).to.equal("Executed on EVM 31337 and EVM 31338");
    expect(steps.every((s) => s.chain === "governance")).to.equal(true);
    expect(steps.map((s) => s.detail)).to.include("set challengePeriod to 2 hours on every chain");
    expect(steps.find((s) => s.step.startsWith("the spoke's executor holds"))?.detail).to.match(
      /^Executed on EVM 31337, pending on EVM 31338 until .* \(in 1 hour\)$/,
    );
  });
});
