import { expect } from "chai";
import { Command } from "commander";
import { createPublicClient, custom, type PublicClient } from "viem";
import { CAL } from "@calctra/core";
import { EvmTokenClient } from "@calctra/sdk/evm";
import { startLocalEvm, type LocalEvm } from "@calctra/devnet/evm";
import { addEvmCommands, DevChainRequiredError } from "../src/commands/index.js";
import type { EvmCommandContext } from "../src/context.js";
import { formatError } from "../src/format.js";

describe("calctra dev time advance and dev fund (local dev nodes only)", function () {
  this.timeout(300_000);
  let evm: LocalEvm;
  let out: string[] = [];
  /** The same chain, seen through a node that says it is geth (as a public network's node does). */
  let production: PublicClient;

  async function run(publicClient: PublicClient, ...args: string[]): Promise<string> {
    out = [];
    const program = new Command().exitOverride();
    addEvmCommands(
      program,
      async (): Promise<EvmCommandContext> => ({ publicClient, walletClient: evm.wallets[0]!, deployment: evm.deployment }),
      (t) => out.push(t),
    );
    await program.parseAsync(["node", "calctra", ...args]);
    return out.join("");
  }

  before(async () => {
    evm = await startLocalEvm();
    production = createPublicClient({
      transport: custom({
        request: async ({ method, params }: { method: string; params?: unknown }) =>
          method === "web3_clientVersion" ? "Geth/v1.14.12-stable/linux-amd64/go1.23.4" : evm.provider.request({ method, params }),
      }),
    }) as PublicClient;
  });

  it("advances the dev node's clock by a duration and mines a block at the new time", async () => {
    const before = await evm.publicClient.getBlock();
    const shown = JSON.parse(await run(evm.publicClient, "dev", "time", "advance", "2h", "--json"));
    expect(BigInt(shown.block)).to.equal(before.number + 1n);
    expect(BigInt(shown.timestamp) - before.timestamp >= 7200n).to.equal(true);
    expect(await run(evm.publicClient, "dev", "time", "advance", "90s")).to.match(
      /^advanced 1 minute 30 seconds: block \d+ at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC\n$/,
    );
  });

  it("funds a fresh address with CAL and gas money, so it can send at once", async () => {
    const fresh = "0x00000000000000000000000000000000000f00d5";
    expect(await run(evm.publicClient, "dev", "fund", fresh, "300")).to.match(/^fund 0x0{35}F00d5 with 300 CAL: tx 0x[0-9a-f]{64}/i);
    const token = new EvmTokenClient({ publicClient: evm.publicClient, walletClient: evm.wallets[0]!, deployment: evm.deployment });
    expect(await token.balanceOf({ owner: fresh })).to.equal(300n * CAL);
    expect(await evm.publicClient.getBalance({ address: fresh })).to.equal(10n ** 19n);
  });

  it("refuses both commands on a node that is not a local dev node with DevChainRequired, moving nothing", async () => {
    const before = await evm.publicClient.getBlock();
    for (const args of [
      ["dev", "time", "advance", "1d"],
      ["dev", "fund", evm.wallets[7]!.account.address, "1"],
    ]) {
      const err = await run(production, ...args).then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).to.be.instanceOf(DevChainRequiredError);
      const f = formatError(err);
      expect(f.text).to.equal("DevChainRequired(clientVersion=Geth/v1.14.12-stable/linux-amd64/go1.23.4, chainId=31337)");
      expect(f.hint).to.match(/local Hardhat or anvil node/);
    }
    expect((await evm.publicClient.getBlock()).number).to.equal(before.number);
  });
});
