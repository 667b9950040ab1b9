import { expect } from "chai";
import { Command } from "commander";
import { CAL } from "@calctra/core";
import { addChainCommands } from "../src/commands/index.js";
import type { EvmContextFactory } from "../src/context.js";
import { startLocalSolana, type LocalSolana, type LocalSolanaWallet } from "@calctra/devnet/solana";

describe("calctra CLI on Solana (--chain solana, against the native host)", function () {
  this.timeout(300_000);
  let sol: LocalSolana;
  let user: LocalSolanaWallet, provider: LocalSolanaWallet;
  let signer: LocalSolanaWallet;
  let out: string[] = [];
  const noEvm: EvmContextFactory = async () => {
    throw new Error("EVM is not part of this test");
  };

  async function run(...args: string[]): Promise<string> {
    out = [];
    const program = new Command().exitOverride();
    addChainCommands(program, { evm: noEvm, solana: async () => signer.params }, (t) => out.push(t));
    await program.parseAsync(["node", "calctra", ...args, "--chain", "solana"]);
    return out.join("");
  }

  before(async () => {
    sol = await startLocalSolana();
    [user, provider] = await Promise.all([sol.newWallet({ cal: 500n * CAL }), sol.newWallet({ cal: 800n * CAL })]);
  });
  after(() => sol?.close());

  it("registers and stakes a provider and reads its reputation and balance back, reporting compute units", async () => {
    signer = provider;
    expect(await run("provider", "register", "--metadata-hash", `0x${"cd".repeat(32)}`)).to.match(
      /^register: tx [1-9A-HJ-NP-Za-km-z]{64,88} \(compute units \d+\)/,
    );
    await run("provider", "stake", "300");
    const info = JSON.parse(await run("provider", "show", "--json"));
    expect(info).to.include({ registered: true, staked: (300n * CAL).toString(), scoreBps: "5000" });
    expect(await run("token", "balance")).to.equal("500 CAL\n");
  });

  it("creates, lists, shows and accepts a task with the chain-neutral commands", async () => {
    signer = user;
    const created = JSON.parse(await run("task", "create", "--spec-hash", "0x1234", "--reward", "25", "--collateral", "10", "--json"));
    expect(created.taskId).to.equal("1");
    expect(await run("task", "list")).to.equal("#1 Open      reward 25 CAL, collateral 10 CAL\n");
    signer = provider;
    await run("task", "accept", "1");
    const shown = JSON.parse(await run("task", "show", "1", "--json"));
    expect(shown).to.include({ id: "1", status: "Assigned", reward: "25", collateral: "10", specHash: "0x1234" });
    expect(JSON.parse(await run("provider", "show", "--json")).locked).to.equal((10n * CAL).toString());
  });

  it("reports an on-chain refusal by its canonical name and refuses EVM-only governance calls on Solana", async () => {
    signer = provider;
    let refused: unknown;
    try {
      await run("task", "accept", "1");
    } catch (e) {
      refused = e;
    }
    expect((refused as Error).name).to.equal("MarketplaceTaskNotOpen");
    let evmOnly: unknown;
    try {
      await run("gov", "propose", "--action", "set slashBps 2500", "--description", "x");
    } catch (e) {
      evmOnly = e;
    }
    expect(String(evmOnly)).to.match(/EVM only/);
  });
});
