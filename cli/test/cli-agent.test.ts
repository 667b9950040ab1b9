import { expect } from "chai";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Command } from "commander";
import { CAL, CalctraError, TaskStatus } from "@calctra/core";
import { generateResultKeyPair } from "@calctra/core/delivery";
import { denseForward } from "@calctra/core/zk";
import { postDenseTask, waitForResult } from "@calctra/sdk/delivery";
import { EvmMarketplaceClient, EvmTokenClient } from "@calctra/sdk/evm";
import { LocalContentStore } from "@calctra/sdk/node";
import { startLocalEvm, type LocalEvm } from "@calctra/devnet/evm";
import { addEvmCommands } from "../src/commands/index.js";
import { demoLayer } from "../src/demo-agents.js";

describe("calctra provider run (the provider agent as a command, against an embedded EVM chain)", function () {
  this.timeout(600_000);
  let evm: LocalEvm;
  const dir = mkdtempSync(join(tmpdir(), "calctra-cli-agent-"));

  async function run(signer: number, ...args: string[]): Promise<string> {
    const out: string[] = [];
    const program = new Command().exitOverride();
    addEvmCommands(
      program,
      async () => ({ publicClient: evm.publicClient, walletClient: evm.wallets[signer]!, deployment: evm.deployment }),
      (t) => out.push(t),
    );
    await program.parseAsync(["node", "calctra", ...args]);
    return out.join("");
  }

  before(async () => {
    evm = await startLocalEvm();
    await evm.registerVerifier();
    const token = new EvmTokenClient({ publicClient: evm.publicClient, walletClient: evm.wallets[0]!, deployment: evm.deployment });
    for (const i of [1, 2]) await token.transfer({ to: evm.wallets[i]!.account.address, amount: 1_000n * CAL });
  });

  it("registers, stakes, and completes a proved task the user posted by spec CID, from its configuration file", async () => {
    const content = new LocalContentStore({ directory: join(dir, "content") });
    const user = new EvmMarketplaceClient({ publicClient: evm.publicClient, walletClient: evm.wallets[1]!, deployment: evm.deployment });
    const keys = generateResultKeyPair();
    const now = (await evm.publicClient.getBlock()).timestamp;
    const { taskId } = await postDenseTask({
      market: user,
      store: content,
      ...demoLayer(7),
      resultKey: keys.publicKey,
      verifierId: 1,
      reward: 30n * CAL,
      collateral: 10n * CAL,
      deadline: now + 3600n,
    });
    const config = join(dir, "agent.json");
    writeFileSync(
      config,
      JSON.stringify({
        chains: [{ chain: "evm" }],
        content: { dir: join(dir, "content") },
        store: { sqlite: join(dir, "state", "agent.db") },
        stake: "100",
        floorPricePerUnit: "0.01",
      }),
    );
    const out = await run(2, "provider", "run", "--config", config, "--passes", "2", "--log-level", "silent");
    expect(out).to.match(/^ran 2 pass\(es\); \{"done":1\}/);
    expect((await user.getTask({ taskId })).status).to.equal(TaskStatus.Completed);
    const { output } = await waitForResult({ market: user, taskId, store: content, secretKey: keys.secretKey, curve: "bn254", pollMs: 10 });
    expect(output).to.deep.equal(denseForward(demoLayer(7)));
  });

  it("refuses a configuration that fails its schema with AgentInvalidConfig naming the field", async () => {
    const config = join(dir, "bad.json");
    writeFileSync(config, JSON.stringify({ chains: [{ chain: "cosmos" }] }));
    const e = await run(2, "provider", "run", "--config", config).catch((x: unknown) => x);
    expect(e).to.be.instanceOf(CalctraError);
    expect((e as CalctraError).name).to.equal("AgentInvalidConfig");
    expect((e as CalctraError).args.field).to.equal("chains.0.chain");
  });
});
