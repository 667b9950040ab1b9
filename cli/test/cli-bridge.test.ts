import { expect } from "chai";
import { Command } from "commander";
import type { Address } from "viem";
import { startLocalBridge, type LocalBridge } from "@calctra/devnet/bridge-world";
import { addBridgeCommands } from "../src/commands/bridge.js";
import { CAL, DOMAINS } from "@calctra/core";
import { EvmTokenClient } from "@calctra/sdk/evm";

describe("calctra CLI bridge commands (embedded home + spoke, in-process validators)", function () {
  this.timeout(300_000);
  let w: LocalBridge;
  const signer = 1;

  async function run(...args: string[]): Promise<string> {
    const out: string[] = [];
    const program = new Command().exitOverride();
    // The CLI addresses chains by RPC URL; here the two "URLs" name the embedded chains.
    addBridgeCommands(
      program,
      async (rpc: string, bridge: Address) => {
        const client = rpc === "home" ? w.homeClient(signer) : w.spokeClient(signer);
        expect(bridge.toLowerCase()).to.equal((rpc === "home" ? w.homeBridge : w.spokeBridge).toLowerCase());
        return client;
      },
      (t) => out.push(t),
    );
    await program.parseAsync(["node", "calctra", ...args]);
    return out.join("");
  }

  before(async () => {
    w = await startLocalBridge();
    await new EvmTokenClient({
      publicClient: w.home.publicClient,
      deployment: w.home.deployment,
      walletClient: w.home.wallets[0]!,
    }).transfer({ to: w.home.wallets[1]!.account.address, amount: 100n * CAL });
  });
  after(async () => {
    await w?.close();
  });

  it("transfers, reports status as validators sign, and self-relays to delivery", async () => {
    const recipient = w.spoke.wallets[1]!.account.address;
    const sent = JSON.parse(
      await run(
        "bridge",
        "transfer",
        "--rpc",
        "home",
        "--bridge",
        w.homeBridge,
        "--to-domain",
        String(DOMAINS.localEvmSpoke),
        "--recipient",
        recipient,
        "--amount",
        "12.5",
        "--json",
      ),
    );
    expect(sent.message.amount).to.equal(12_500_000_000n.toString());
    const route = [
      "--rpc",
      "home",
      "--bridge",
      w.homeBridge,
      "--dst-rpc",
      "spoke",
      "--dst-bridge",
      w.spokeBridge,
      ...w.validatorUrls.flatMap((u) => ["--validator", u]),
    ];
    expect(await run("bridge", "status", sent.messageId, ...route)).to.equal("sent 0/3 (threshold 2)\n");
    await w.confirm();
    await w.sign();
    expect(await run("bridge", "status", sent.messageId, ...route)).to.match(/^signed 3\/3 \(threshold 2\)/);
    await run("bridge", "relay", sent.messageId, ...route);
    expect(JSON.parse(await run("bridge", "status", sent.messageId, ...route, "--json")).state).to.equal("delivered");
    const spokeBalance = await new EvmTokenClient({
      publicClient: w.spoke.publicClient,
      deployment: w.spoke.deployment,
      walletClient: w.spoke.wallets[0]!,
    }).balanceOf({ owner: recipient });
    expect(spokeBalance).to.equal(12_500_000_000n);
  });

  it("refuses a zero amount before sending, with the bridge's error name", async () => {
    const err = await run(
      "bridge",
      "transfer",
      "--rpc",
      "home",
      "--bridge",
      w.homeBridge,
      "--to-domain",
      String(DOMAINS.localEvmSpoke),
      "--recipient",
      w.spoke.wallets[1]!.account.address,
      "--amount",
      "0",
    ).then(
      () => null,
      (e: Error) => e,
    );
    expect(err?.name).to.equal("BridgeZeroAmount");
  });
});
