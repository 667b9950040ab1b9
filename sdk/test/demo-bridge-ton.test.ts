import { expect } from "chai";
import { CAL } from "../src/core/index.js";
import { runTonBridgeStory } from "../src/cli/demo-bridge-ton.js";
import type { DemoStepFunction } from "../src/cli/demo-ton.js";

interface Reported { readonly chain: string; readonly step: string; readonly detail: string; readonly cost?: bigint }

describe("EVM home <-> TON leg of the demo story (embedded EVM home, governed TON sandbox bridge)", function () {
  this.timeout(600_000);
  it("locks on home, delivers on TON, burns back through the TON bridge and releases on home with the supply invariant held at every step", async () => {
    const steps: Reported[] = [];
    // the same shape as demo.ts' step(): run, record (with cost when the result has one), return
    const step: DemoStepFunction = async (chain, name, run, detail) => {
      const r = await run();
      const cost = r !== null && typeof r === "object" && "cost" in r && typeof r.cost === "bigint" ? r.cost : undefined;
      steps.push({ chain, step: name, detail: detail(r), ...(cost !== undefined ? { cost } : {}) });
      return r;
    };
    const result = await runTonBridgeStory({ step });

    expect(steps.every((s) => s.chain === "bridge")).to.equal(true);
    expect(result.outbound).to.deep.equal(["sent", "signed 1/3", "signed 3/3", "delivered"]);
    expect(result.inbound).to.deep.equal(["sent", "signed 3/3", "delivered"]);
    expect(result.tonBalance).to.equal(200n * CAL);
    expect(result.homeBalance).to.equal(875n * CAL);
    expect(result.supply.length).to.be.greaterThan(5);
    for (const s of result.supply) expect(s.locked, "locked == minted + in flight").to.equal(s.minted + s.inFlight);
    expect(result.supply[result.supply.length - 1]).to.deep.equal({ locked: 125n * CAL, minted: 125n * CAL, inFlight: 0n, holds: true });
    // each delivery step reports its gas: the TON chain's compute gas and the home receipt's gasUsed
    for (const name of ["relayer delivers on TON", "relayer releases on home", "TON account sends 75 CAL back", "user locks 200 CAL"]) {
      const s = steps.find((x) => x.step.startsWith(name));
      expect(s, name).to.not.equal(undefined);
      expect(s!.cost! > 0n, name).to.equal(true);
    }
    expect(steps.find((x) => x.step.startsWith("EVM-TON supply invariant at the end"))!.detail)
      .to.equal("supply: locked 125 CAL = TON 125 CAL + in flight 0 CAL");
  });
});
