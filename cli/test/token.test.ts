import { expect } from "chai";
import { Command } from "commander";
import type { Address } from "viem";
import { CAL } from "@calctra/core";
import { calTokenAbi } from "@calctra/sdk/evm";
import { startLocalEvm, type LocalEvm } from "@calctra/devnet/evm";
import { addEvmCommands } from "../src/commands/index.js";
import type { EvmCommandContext } from "../src/context.js";

describe("calctra token transfer, approve and delegate (EVM home)", function () {
  this.timeout(300_000);
  let evm: LocalEvm;
  let signer = 0;
  let out: string[] = [];
  const read = (functionName: "balanceOf" | "allowance" | "delegates" | "getVotes", args: readonly Address[]) =>
    evm.publicClient.readContract({ address: evm.deployment.contracts.CalToken, abi: calTokenAbi, functionName, args } as never) as Promise<
      bigint | Address
    >;

  async function run(...args: string[]): Promise<string> {
    out = [];
    const program = new Command().exitOverride();
    addEvmCommands(
      program,
      async (): Promise<EvmCommandContext> => ({
        publicClient: evm.publicClient,
        walletClient: evm.wallets[signer]!,
        deployment: evm.deployment,
      }),
      (t) => out.push(t),
    );
    await program.parseAsync(["node", "calctra", ...args]);
    return out.join("");
  }

  before(async () => {
    evm = await startLocalEvm();
  });

  it("transfers CAL to an address and the balance follows", async () => {
    signer = 0;
    const to = evm.wallets[5]!.account.address;
    expect(await run("token", "transfer", to, "12.5")).to.match(
      /^transfer 12\.5 CAL to 0x[0-9a-fA-F]{40}: tx 0x[0-9a-f]{64} \(gas \d+\)\n$/,
    );
    expect(await read("balanceOf", [to])).to.equal(12_500_000_000n);
    signer = 5;
    expect(await run("token", "balance")).to.equal("12.5 CAL\n");
  });

  it("approves a spender for an amount in CAL", async () => {
    signer = 5;
    const owner = evm.wallets[5]!.account.address;
    const spender = evm.deployment.contracts.Staking;
    expect(JSON.parse(await run("token", "approve", spender, "7", "--json"))).to.include({ ok: true });
    expect(await read("allowance", [owner, spender])).to.equal(7n * CAL);
  });

  it("delegates the votes of the signer's CAL to another account, which then holds them", async () => {
    signer = 5;
    const delegatee = evm.wallets[6]!.account.address;
    await run("token", "delegate", delegatee);
    expect(String(await read("delegates", [evm.wallets[5]!.account.address])).toLowerCase()).to.equal(delegatee.toLowerCase());
    expect(await read("getVotes", [delegatee])).to.equal(12_500_000_000n);
  });

  it("refuses a spender that is not an EVM address before sending anything", async () => {
    const err = await run("token", "approve", "0x1234", "1").then(
      () => null,
      (e: Error) => e,
    );
    expect(String(err)).to.match(/spender: expected a 0x-prefixed 20-byte address, got 0x1234/);
  });
});
