import { expect } from "chai";
import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Command } from "commander";
import { keccak256, toHex } from "viem";
import { CAL, CalctraError } from "@calctra/core";
import { EvmPowerClient, EvmStakingClient, EvmTokenClient, powerRegistryAbi } from "@calctra/sdk/evm";
import { startLocalEvm, type LocalEvm } from "@calctra/devnet/evm";
import { addEvmCommands } from "../src/commands/index.js";

describe("calctra power (challenge, respond, status, bench, validator start) against an embedded EVM chain", function () {
  this.timeout(600_000);
  let evm: LocalEvm;
  const dir = mkdtempSync(join(tmpdir(), "calctra-cli-power-"));
  const PROVIDER = 1;
  const VALIDATOR = 2;
  const address = (i: number) => evm.wallets[i]!.account.address;

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
    const base = { publicClient: evm.publicClient, deployment: evm.deployment };
    const token = new EvmTokenClient({ ...base, walletClient: evm.wallets[0]! });
    for (const i of [PROVIDER, VALIDATOR]) {
      await token.transfer({ to: address(i), amount: 1_000n * CAL });
      const staking = new EvmStakingClient({ ...base, walletClient: evm.wallets[i]! });
      await staking.register({ metadataHash: keccak256(toHex(`cli-power-${i}`)) });
      await staking.stake({ amount: 200n * CAL });
    }
    const timelock = await evm.impersonate(evm.deployment.contracts.CalTimelock);
    for (const [id, value] of [
      [8, 60n],
      [10, 600n],
      [14, 10n * CAL],
    ] as const)
      await evm.publicClient.waitForTransactionReceipt({
        hash: await timelock.writeContract({
          address: evm.deployment.contracts.PowerRegistry!,
          abi: powerRegistryAbi,
          functionName: "setParameter",
          args: [id, value],
          chain: undefined,
        }),
      });
    await new EvmPowerClient({ ...base, walletClient: evm.wallets[0]! }).fundValidatorBudget({ amount: 10n * CAL });
  });

  it("prints the machine's measured keccak-256 rate with `power bench`, the value to declare", async () => {
    const out = JSON.parse(await run(PROVIDER, "power", "bench", "--ms", "200", "--json")) as { rate: number; threads: number };
    expect(out.rate > 0).to.equal(true);
    expect(out.threads >= 1).to.equal(true);
    expect(await run(PROVIDER, "power", "bench", "--ms", "200")).to.match(
      /^\d+ H\/s \(keccak-256, \d+ threads, .*calctra power declare \d+`\n$/,
    );
  });

  it("declares a rate, is challenged by a registered validator, answers natively with `power respond`, and shows the record", async () => {
    await run(PROVIDER, "power", "declare", "1000");
    await run(VALIDATOR, "power", "validator", "register");
    const opened = await run(VALIDATOR, "power", "challenge", address(PROVIDER));
    expect(opened).to.match(/^challenge 1 opened: tx 0x[0-9a-f]{64} \(gas \d+\)\n$/);
    const before = await run(PROVIDER, "power", "status");
    expect(before).to.match(/open challenge {2}1: 8 nonces below 0x[0-9a-f]+ by /);
    const answered = await run(PROVIDER, "power", "respond", "1");
    expect(answered).to.match(/^challenge 1 answered \(\d+ hashes in \d+ ms\): tx 0x[0-9a-f]{64} \(gas \d+\)\n$/);
    const status = await run(VALIDATOR, "power", "status", address(PROVIDER));
    expect(status).to.contain("claimed rate    1000 H/s");
    expect(status).to.contain("verified power  500 H/s");
    expect(status).to.contain("passed          1");
    expect(status).to.contain("open challenge  none");
    const json = JSON.parse(await run(VALIDATOR, "power", "status", "--json")) as { validator: { completed: string; feesOwed: string } };
    expect(json.validator).to.deep.include({ completed: "1", feesOwed: (1n * CAL).toString() });
  });

  it("refuses to respond to a challenge that is not the caller's open one with PowerUnknownChallenge", async () => {
    const e = await run(PROVIDER, "power", "respond", "7").catch((x: unknown) => x);
    expect(e).to.be.instanceOf(CalctraError);
    expect((e as CalctraError).name).to.equal("PowerUnknownChallenge");
  });

  it("runs the compute-validator service from its configuration: challenges after the cooldown, expires after the window, claims fees", async () => {
    await evm.increaseTime(600n);
    const config = join(dir, "validator.json");
    writeFileSync(
      config,
      JSON.stringify({ chains: [{ chain: "evm" }], store: { sqlite: join(dir, "state", "validator.db") }, claimFeesAbove: "2" }),
    );
    const first = await run(VALIDATOR, "power", "validator", "start", "--config", config, "--passes", "1", "--log-level", "silent");
    expect(first).to.equal("ran 1 pass(es); opened 1, expired 0, closed 0, claimed 0 CAL\n");
    await evm.increaseTime(61n);
    const second = await run(VALIDATOR, "power", "validator", "start", "--config", config, "--passes", "1", "--log-level", "silent");
    expect(second).to.equal("ran 1 pass(es); opened 0, expired 1, closed 1, claimed 2 CAL\n");
    expect(await run(VALIDATOR, "power", "status", address(PROVIDER))).to.contain("failed          1 (in a row: 1)");
  });

  it("serves /health and /metrics while it runs until SIGTERM, then stops cleanly after the pass in progress", async () => {
    const port = await new Promise<number>((resolve) => {
      const srv = createServer().listen(0, "127.0.0.1", () => {
        const { port: p } = srv.address() as AddressInfo;
        srv.close(() => resolve(p));
      });
    });
    const config = join(dir, "validator-served.json");
    writeFileSync(
      config,
      JSON.stringify({
        chains: [{ chain: "evm" }],
        store: { sqlite: join(dir, "state", "validator.db") },
        pollSeconds: 0.05,
        http: { port },
      }),
    );
    const running = run(VALIDATOR, "power", "validator", "start", "--config", config, "--log-level", "silent");
    let health: { ok?: boolean; challenges?: Record<string, number> } = {};
    for (let i = 0; i < 400 && health.ok !== true; i++) {
      health = await fetch(`http://127.0.0.1:${port}/health`)
        .then((r) => r.json() as Promise<typeof health>)
        .catch(() => ({}));
      if (health.ok !== true) await new Promise((r) => setTimeout(r, 50));
    }
    expect(health.ok).to.equal(true);
    expect(health.challenges).to.deep.include({ expired: 1 });
    expect(await (await fetch(`http://127.0.0.1:${port}/metrics`)).text()).to.contain("calctra_power_validator_open_challenges");
    process.emit("SIGTERM");
    await running;
    const refused = await fetch(`http://127.0.0.1:${port}/health`).then(
      () => "served",
      () => "closed",
    );
    expect(refused).to.equal("closed");
  });

  it("`provider run` with a power section declares the rate and answers the next challenge by itself", async () => {
    const AGENT = 3;
    const base = { publicClient: evm.publicClient, deployment: evm.deployment };
    await new EvmTokenClient({ ...base, walletClient: evm.wallets[0]! }).transfer({ to: address(AGENT), amount: 500n * CAL });
    const config = join(dir, "agent-power.json");
    writeFileSync(
      config,
      JSON.stringify({
        chains: [{ chain: "evm" }],
        content: { dir: join(dir, "content") },
        store: { sqlite: join(dir, "state", "agent.db") },
        stake: "100",
        power: { claimedRate: 1000, hashRate: 1000 },
      }),
    );
    await run(AGENT, "provider", "run", "--config", config, "--passes", "1", "--log-level", "silent");
    const power = new EvmPowerClient({ ...base, walletClient: evm.wallets[VALIDATOR]! });
    expect((await power.getPowerRecord({ provider: address(AGENT) })).claimedRate).to.equal(1000n);
    await power.challenge({ provider: address(AGENT) });
    await run(AGENT, "provider", "run", "--config", config, "--passes", "1", "--log-level", "silent");
    expect(await power.getPowerRecord({ provider: address(AGENT) })).to.deep.include({ powerPassed: 1n, openChallenge: 0n });
  });

  it("refuses a validator configuration that fails its schema with AgentInvalidConfig naming the field", async () => {
    const config = join(dir, "bad-validator.json");
    writeFileSync(config, JSON.stringify({ chains: [{ chain: "evm" }], challengesPerPass: 0 }));
    const e = await run(VALIDATOR, "power", "validator", "start", "--config", config).catch((x: unknown) => x);
    expect(e).to.be.instanceOf(CalctraError);
    expect((e as CalctraError).args.field).to.equal("challengesPerPass");
  });
});
