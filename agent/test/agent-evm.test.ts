import { expect } from "chai";
import { CAL, TaskStatus } from "@calctra/core";
import { denseForward } from "@calctra/core/zk";
import { waitForResult } from "@calctra/sdk/delivery";
import { ProviderAgent, SqliteAgentStore, nativeProver } from "../src/index.js";
import { HARDWARE, layer, startEvmAgentWorld } from "./support.js";

describe("Provider agent on EVM: finds, computes, proves, seals and submits with no human in the loop", function () {
  this.timeout(600_000);

  it("takes a proved dense-inference task, and the user receives, decrypts and checks the output", async () => {
    const world = await startEvmAgentWorld();
    const agent = new ProviderAgent({
      chains: [world.provider(0)],
      store: new SqliteAgentStore({ path: ":memory:" }),
      content: world.content,
      prover: nativeProver({ circuits: "circuits/build" }),
      hardware: HARDWARE,
      floorPricePerUnit: 0n,
    });
    await agent.setUp({ stake: 200n * CAL });
    const taskId = await world.post();
    const pass = await agent.runOnce();
    expect(pass.accepted).to.equal(1);
    expect((await world.user.getTask({ taskId })).status).to.equal(TaskStatus.Completed);
    const received = await waitForResult({
      market: world.user,
      taskId,
      store: world.content,
      secretKey: world.keys.secretKey,
      curve: "bn254",
      pollMs: 10,
    });
    expect(received.output).to.deep.equal(denseForward(layer()));
    expect((await agent.health()).tasks.done).to.equal(1);
  });
});
