import { expect } from "chai";
import { CAL, computePayout, computeSlash } from "@calctra/core";
import { runSolanaStory } from "../src/demo-solana.js";
import { recordingStep } from "@calctra/devnet/testing";

describe("Solana leg of the demo story (native host, production layout)", function () {
  this.timeout(600_000);
  it("deploys, votes a verifier in, pays a proven task 80/15/5, raises the slash rate by vote and slashes an expired task at it", async () => {
    const { step, steps } = recordingStep();
    const result = await runSolanaStory({ step });

    expect(result.payout).to.deep.equal(
      computePayout({ reward: 100n * CAL, providerBps: 8000n, treasuryBps: 1500n, creatorBps: 500n, hasCreator: true }),
    );
    expect(result.slashBps).to.deep.equal({ before: 2000n, after: 2500n });
    expect(result.slash).to.deep.include(computeSlash({ collateral: 40n * CAL, slashBps: 2500n }));
    expect(result.submitComputeUnits > 0n).to.equal(true);
    expect(steps.filter((s) => s.step === "execute: the governance PDA signs the CPI")).to.have.length(2);
    for (const name of ["provider submits result + proof", "user posts task 1", "anyone expires task 2"]) {
      const s = steps.find((x) => x.step.startsWith(name));
      expect(s, name).to.not.equal(undefined);
      expect(s!.cost! > 0n, `${name} reports compute units`).to.equal(true);
    }
  });
});
