import { expect } from "chai";
import { CAL } from "@calctra/core";
import { runRouteBridgeStory } from "../src/demo-bridge-route.js";
import { recordingStep } from "@calctra/devnet/testing";

describe("four-chain route of the demo story (EVM home -> EVM spoke -> Solana -> TON -> EVM home)", function () {
  this.timeout(600_000);
  it("moves CAL hop by hop through validators and the relayer, with SDK status, labelled costs and the supply invariant after every step", async () => {
    const { step, steps } = recordingStep();
    const result = await runRouteBridgeStory({ step });

    expect(steps.every((s) => s.chain === "bridge")).to.equal(true);
    // the route, its amounts and the SDK status seen at each stage of each hop
    expect(result.hops.map((h) => [h.from, h.to, h.amount])).to.deep.equal([
      ["EVM home", "EVM spoke", 300n * CAL],
      ["EVM spoke", "Solana", 200n * CAL],
      ["Solana", "TON", 120n * CAL],
      ["TON", "EVM home", 70n * CAL],
    ]);
    for (const h of result.hops) expect(h.statuses, `${h.from} → ${h.to}`).to.deep.equal(["sent 0/3", "signed 3/3", "delivered"]);
    // costs per hop, in the unit of the chain that paid them
    expect(result.hops.map((h) => [h.send.unit, h.delivery.unit])).to.deep.equal([
      ["EVM gas", "EVM gas"],
      ["EVM gas", "Solana CU"],
      ["Solana CU", "TON gas"],
      ["TON gas", "EVM gas"],
    ]);
    for (const h of result.hops) {
      expect(h.send.cost > 0n, `${h.from} send`).to.equal(true);
      expect(h.delivery.cost > 0n, `${h.to} delivery`).to.equal(true);
    }
    for (const name of [
      "EVM home → EVM spoke: relayer delivers",
      "EVM spoke → Solana: relayer delivers",
      "Solana → TON: relayer delivers",
      "TON → EVM home: relayer delivers",
    ]) {
      const s = steps.find((x) => x.step.startsWith(name));
      expect(s, name).to.not.equal(undefined);
      expect(s!.cost! > 0n, name).to.equal(true);
    }
    expect(steps.find((x) => x.step.startsWith("Solana → TON: user sends"))!.detail).to.match(/^Solana CU \d+;/);
    expect(steps.find((x) => x.step.startsWith("Solana → TON: relayer delivers"))!.detail).to.match(/; TON gas \d+; /);
    expect(result.setup.homeGas > 0n && result.setup.spokeGas > 0n && result.setup.solanaUnits > 0n).to.equal(true);
    // the invariant after every step (fund, 3 per hop, the end)
    expect(result.supply.length).to.equal(1 + 4 * 3 + 1);
    for (const s of result.supply) {
      expect(s.locked, "locked == spoke + Solana + TON + in flight").to.equal(s.spoke + s.solana + s.ton + s.inFlight);
      expect(s.holds).to.equal(true);
    }
    // in flight exactly while a hop is between send and delivery
    expect(result.supply.map((s) => s.inFlight)).to.deep.equal([
      0n,
      300n * CAL,
      300n * CAL,
      0n,
      200n * CAL,
      200n * CAL,
      0n,
      120n * CAL,
      120n * CAL,
      0n,
      70n * CAL,
      70n * CAL,
      0n,
      0n,
    ]);
    expect(result.balances).to.deep.equal({ home: 770n * CAL, spoke: 100n * CAL, solana: 80n * CAL, ton: 50n * CAL });
    // home holds the spoke's bootstrap 1,000 CAL (its governance votes) plus what is still out on the route
    expect(result.supply[result.supply.length - 1]).to.deep.equal({
      locked: 1_230n * CAL,
      spoke: 1_100n * CAL,
      solana: 80n * CAL,
      ton: 50n * CAL,
      inFlight: 0n,
      holds: true,
    });
    expect(steps.find((x) => x.step === "four-chain supply invariant at the end")!.detail).to.equal(
      "supply: locked 1230 CAL = spoke 1100 CAL + Solana 80 CAL + TON 50 CAL + in flight 0 CAL",
    );
  });
});
