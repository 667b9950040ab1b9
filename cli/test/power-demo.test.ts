import { expect } from "chai";
import { CAL } from "@calctra/core";
import { recordingStep } from "@calctra/devnet/testing";
import { DEMO_POWER_RATE, runPowerStory } from "../src/demo-power.js";

describe("proof-of-computational-power part of the demo (EVM: an honest agent passes, an inflated claim is caught and slashed)", function () {
  this.timeout(600_000);
  it("has the honest agent answer every challenge and slashes the tenfold claim after three misses, half to the challenger, as core's model says", async () => {
    const { step, steps } = recordingStep();
    const r = await runPowerStory({ step });
    expect(r.answered).to.equal(3);
    expect(r.missed).to.equal(3);
    expect(r.honest).to.deep.include({ claimedRate: DEMO_POWER_RATE, powerPassed: 3n, failuresInRow: 0n });
    expect(r.honest.verifiedPower).to.equal((DEMO_POWER_RATE * 3n) / 4n);
    expect(r.inflated).to.deep.include({ claimedRate: 0n, powerPassed: 0n, powerFailed: 3n, failuresInRow: 0n, verifiedPower: 0n });
    // 10 % of the 200 CAL free stake, split evenly.
    expect(r.slashed).to.equal(20n * CAL);
    expect(r.toChallenger).to.equal(10n * CAL);
    expect(r.toTreasury).to.equal(10n * CAL);
    expect(r.fees).to.equal(6n * CAL);
    expect(steps.filter((s) => s.step.startsWith("power round")).map((s) => s.detail)).to.deep.equal([
      "2 challenges opened",
      "honest answered 1, inflated answered 0",
      "1 expired",
      "2 challenges opened",
      "honest answered 1, inflated answered 0",
      "1 expired",
      "2 challenges opened",
      "honest answered 1, inflated answered 0",
      "1 expired",
    ]);
  });
});
