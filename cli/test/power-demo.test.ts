import { expect } from "chai";
import { CAL, recordPowerFailure } from "@calctra/core";
import { recordingStep } from "@calctra/devnet/testing";
import { DEMO_POWER_RATE, runPowerStory, type PowerStoryResult } from "../src/demo-power.js";

describe("proof-of-computational-power part of the demo (an honest agent passes, an inflated claim is caught and slashed, on EVM, TON and Solana)", function () {
  this.timeout(600_000);
  let results: PowerStoryResult[];
  let steps: ReturnType<typeof recordingStep>["steps"];
  before(async () => {
    const recording = recordingStep();
    steps = recording.steps;
    results = await runPowerStory({ step: recording.step });
  });

  it("runs the story on EVM, TON and Solana and names the chain on each line", () => {
    expect(results.map((r) => r.chain)).to.deep.equal(["evm", "ton", "solana"]);
    expect(new Set(steps.map((s) => s.chain))).to.deep.equal(new Set(["evm", "ton", "solana"]));
  });

  for (const chain of ["evm", "ton", "solana"] as const) {
    it(`${chain}: the honest agent answers every challenge and the tenfold claim misses three, is slashed and reset`, () => {
      const r = results.find((x) => x.chain === chain)!;
      expect(r.answered).to.equal(3);
      expect(r.missed).to.equal(3);
      expect(r.honest).to.deep.include({ claimedRate: DEMO_POWER_RATE, powerPassed: 3n, failuresInRow: 0n });
      expect(r.honest.verifiedPower).to.equal((DEMO_POWER_RATE * 3n) / 4n);
      expect(r.inflated).to.deep.include({ claimedRate: 0n, powerPassed: 0n, powerFailed: 3n, failuresInRow: 0n, verifiedPower: 0n });
      expect(steps.filter((s) => s.chain === chain && s.step.startsWith("power round")).map((s) => s.detail)).to.deep.equal([
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

    it(`${chain}: splits the slash half to the challenger, half to the treasury, and conserves the stake, as core's model says`, () => {
      const r = results.find((x) => x.chain === chain)!;
      // 10 % of the 200 CAL free stake, split evenly.
      expect(r.slashed).to.equal(20n * CAL);
      expect(r.toChallenger).to.equal(10n * CAL);
      expect(r.toTreasury).to.equal(10n * CAL);
      // What the provider lost is exactly what the challenger and the treasury received.
      expect(r.stakeBefore - r.stakeAfter).to.equal(r.toChallenger + r.toTreasury);
      const model = recordPowerFailure(
        { claimedRate: 10n * DEMO_POWER_RATE, powerPassed: 0n, powerFailed: 2n, failuresInRow: 2n, slashedTotal: 0n },
        { maxPowerFailures: 3n, powerSlashBps: 1000n, freeStake: r.stakeBefore },
      );
      expect([model.slashed, model.toChallenger, model.toTreasury]).to.deep.equal([r.slashed, r.toChallenger, r.toTreasury]);
      // One fee per completed challenge (6), paid from the budget.
      expect(r.fees).to.equal(6n * CAL);
    });
  }
});
