import { expect } from "chai";
import { CAL } from "@calctra/core";
import { recordingStep } from "@calctra/devnet/testing";
import { runBridgeStory } from "../src/demo-bridge.js";

describe("bridge part of the demo story", function () {
  this.timeout(300_000);
  it("sends home → spoke through the relayer and back through a self-relay, the supply invariant holding after every step", async () => {
    const { step, steps } = recordingStep();
    const r = await runBridgeStory({ step });
    expect(r.outbound).to.deep.equal(["sent 0/3", "signed 1/3", "signed 3/3", "delivered"]);
    expect(r.spokeBalance).to.equal(250n * CAL);
    expect(r.homeBalance).to.equal(850n * CAL);
    expect(r.supply.length).to.be.greaterThan(6);
    for (const s of r.supply) expect(s.locked).to.equal(s.minted + s.inFlight);
    expect(r.supply.at(-1)).to.deep.equal({ locked: 150n * CAL, minted: 150n * CAL, inFlight: 0n, holds: true });
    for (const [name, g] of Object.entries(r.gas)) expect(g > 0n, name).to.equal(true);
    expect(steps.find((s) => s.step.startsWith("recipient self-relays"))!.detail).to.match(/^delivered, signers /);
    expect(steps.every((s) => s.chain === "bridge")).to.equal(true);
  });
});
