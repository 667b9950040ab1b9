import { expect } from "chai";
import { CAL, computePayout, computeSlash } from "@calctra/core";
import { runTonStory } from "../src/demo-ton.js";
import { recordingStep } from "@calctra/devnet/testing";

describe("TON part of the demo story (embedded @ton/sandbox, BLS12-381 proof)", function () {
  this.timeout(600_000);
  it("mints, stakes, registers the verifier through the hub's setVerifier on the executor, pays a proven task and slashes an expired one", async () => {
    const { step, steps } = recordingStep();
    const result = await runTonStory({ step });
    const names = steps.map((s) => s.step);
    expect(names).to.include("stage the BLS12-381 result_commitment verifying key with the executor");
    expect(names).to.include("hub action list setVerifier(1, key hash) delivered to the executor (dev validators sign)");
    expect(names).to.include("execute: the executor registers the key on the marketplace");
    expect(names).to.include("provider submits result + proof: verified on chain (BLS12-381), paid out");
    expect(names).to.include("anyone expires task 2: refund + slash");
    expect(result.payout).to.deep.equal(
      computePayout({ reward: 100n * CAL, providerBps: 8000n, treasuryBps: 1500n, creatorBps: 500n, hasCreator: true }),
    );
    const slash = computeSlash({ collateral: 40n * CAL, slashBps: 2000n });
    expect(result.slash).to.deep.include({ slashed: slash.slashed, toUser: slash.toUser, toTreasury: slash.toTreasury });
    expect(steps.find((s) => s.step.startsWith("payout split"))!.detail).to.equal(
      "provider 80 CAL / treasury 15 CAL / creator 5 CAL (80/15/5)",
    );
    // every on-chain TON step reports the gas of its transaction chain
    for (const s of steps.filter((x) => x.chain === "ton" && !x.step.includes("checked") && !x.step.startsWith("start"))) {
      expect(s.cost, s.step).to.be.a("bigint");
      expect(s.cost! > 0n, s.step).to.equal(true);
    }
    // the proof-verifying submit costs more gas than the Groth16 pairing check alone (~92k)
    expect(result.submitGas > 90_000n).to.equal(true);
  });
});
