import { expect } from "chai";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Command } from "commander";
import { CAL, CalctraError, DOMAINS, setParameter } from "@calctra/core";
import { cidDigest, encodeResultPayload, generateResultKeyPair, resultHashOf, sealResult } from "@calctra/core/delivery";
import { EvmMarketplaceClient, EvmTokenClient } from "@calctra/sdk/evm";
import { LocalContentStore } from "@calctra/sdk/node";
import { addEvmCommands, govProposal, parseDomain } from "../src/commands/index.js";
import { formatCal, parseCal, type EvmCommandContext } from "../src/context.js";
import { startLocalEvm, type LocalEvm } from "@calctra/devnet/evm";

describe("calctra CLI (EVM commands against an embedded chain)", function () {
  this.timeout(300_000);
  let evm: LocalEvm;
  let signer = 0;
  let out: string[] = [];

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
    evm = await startLocalEvm({
      moduleParameters: {
        votingDelay: 60n,
        votingPeriod: 3600n,
        lateQuorumExtension: 600n,
        timelockDelay: 600n,
        proposalThreshold: 1_000n * CAL,
      },
    });
    const token = new EvmTokenClient({ publicClient: evm.publicClient, walletClient: evm.wallets[0]!, deployment: evm.deployment });
    for (const i of [1, 2]) await token.transfer({ to: evm.wallets[i]!.account.address, amount: 1_000n * CAL });
  });

  it("parses and formats CAL amounts exactly", () => {
    expect(parseCal("12.5")).to.equal(12_500_000_000n);
    expect(parseCal("0.000000001")).to.equal(1n);
    expect(formatCal(12_500_000_000n)).to.equal("12.5");
    expect(formatCal(80n * CAL + 1n, { withUnit: true })).to.equal("80.000000001 CAL");
    expect(() => parseCal("1.0000000001"))
      .to.throw(CalctraError)
      .with.property("name", "InvalidAmount");
  });

  it("registers and stakes a provider, then shows its reputation as JSON", async () => {
    signer = 2;
    expect(await run("provider", "register", "--metadata-hash", `0x${"cd".repeat(32)}`)).to.match(
      /^register: tx 0x[0-9a-f]{64} \(gas \d+\)/,
    );
    await run("provider", "stake", "250");
    const info = JSON.parse(await run("provider", "show", "--json"));
    expect(info).to.include({ registered: true, staked: (250n * CAL).toString(), scoreBps: "5000" });
  });

  it("creates, lists, accepts and shows a task", async () => {
    signer = 1;
    const created = JSON.parse(await run("task", "create", "--spec-hash", "0x2a", "--reward", "10", "--collateral", "5", "--json"));
    expect(created.taskId).to.equal("1");
    expect(await run("task", "list")).to.contain("#1 Open      reward 10 CAL, collateral 5 CAL");
    signer = 2;
    await run("task", "accept", "1");
    const shown = JSON.parse(await run("task", "show", "1", "--json"));
    expect(shown).to.include({ id: "1", status: "Assigned", reward: "10", collateral: "5", specHash: "0x2a" });
  });

  it("surfaces the chain's error name when a command is refused", async () => {
    signer = 1;
    const err = await run("task", "accept", "1").then(
      () => null,
      (e: Error) => e,
    );
    expect(err?.name).to.equal("MarketplaceTaskNotOpen");
  });

  it("posts an offer with one replica, quotes it mid-ramp, and runs commit, reveal (from the salt file) and settle", async () => {
    signer = 1;
    const { taskId } = JSON.parse(
      await run(
        "task",
        "create",
        "--spec-hash",
        "0x2b",
        "--min",
        "5",
        "--max",
        "15",
        "--ramp",
        "10m",
        "--lock-deadline",
        "30m",
        "--replicas",
        "1",
        "--collateral",
        "5",
        "--json",
      ),
    );
    await evm.increaseTime(300n);
    const quote = JSON.parse(await run("task", "quote", taskId, "--json"));
    const price = BigInt(quote.price);
    expect(price > 5n * CAL && price < 15n * CAL, `price ${price} is mid-ramp`).to.equal(true);
    expect(quote.acceptable).to.equal(true);
    expect(await run("task", "quote", taskId)).to.match(/^price now {8}\d+(\.\d+)? CAL\nrange {12}5 → 15 CAL\nlock deadline/);
    signer = 2;
    await run("task", "accept", taskId);
    const saltFile = join(mkdtempSync(join(tmpdir(), "calctra-cli-")), "commit.json");
    expect(await run("task", "commit", taskId, "--result-hash", `0x${"ab".repeat(32)}`, "--salt-file", saltFile)).to.contain(
      `reveal data in ${saltFile}`,
    );
    const saved = JSON.parse(readFileSync(saltFile, "utf8"));
    expect(saved.salt).to.match(/^0x[0-9a-f]{64}$/);
    await run("task", "reveal", taskId, "--salt-file", saltFile);
    await run("task", "settle", taskId);
    expect(JSON.parse(await run("task", "show", taskId, "--json"))).to.include({ status: "Completed" });
    const err = await run("task", "commit", taskId, "--result-hash", "0x12").then(
      () => null,
      (e: Error) => e,
    );
    expect(err?.message).to.match(/--result-hash must be 32 bytes/);
  });

  it("receives a task's sealed result with `task result`: fetched by the CID the provider recorded, decrypted, checked", async () => {
    const dir = mkdtempSync(join(tmpdir(), "calctra-cli-result-"));
    const store = new LocalContentStore({ directory: join(dir, "store") });
    const keys = generateResultKeyPair();
    writeFileSync(join(dir, "key"), `${keys.secretKey}\n`, { mode: 0o600 });
    const output = [3n, -1n, 4n];
    const resultHash = resultHashOf(output);
    const salt = `0x${"5a".repeat(32)}` as const;
    signer = 1;
    const { taskId } = JSON.parse(
      await run("task", "create", "--spec-hash", "0x2c", "--reward", "6", "--replicas", "1", "--collateral", "5", "--json"),
    );
    signer = 2;
    await run("task", "accept", taskId);
    await run("task", "commit", taskId, "--result-hash", resultHash, "--salt", salt, "--salt-file", join(dir, "commit.json"));
    await run("task", "reveal", taskId, "--salt-file", join(dir, "commit.json"));
    await run("task", "settle", taskId);
    const sealed = await store.put(
      sealResult({ plaintext: encodeResultPayload({ taskId: BigInt(taskId), output }), recipient: keys.publicKey }),
    );
    const provider = new EvmMarketplaceClient({
      publicClient: evm.publicClient,
      walletClient: evm.wallets[2]!,
      deployment: evm.deployment,
    });
    await provider.publishResult({ taskId: BigInt(taskId), resultCid: cidDigest(sealed) });
    signer = 1;
    const shown = JSON.parse(
      await run("task", "result", taskId, "--secret-key-file", join(dir, "key"), "--store", join(dir, "store"), "--json"),
    );
    expect(shown.output).to.deep.equal(["3", "-1", "4"]);
    writeFileSync(join(dir, "key"), generateResultKeyPair().secretKey);
    const err = await run("task", "result", taskId, "--secret-key-file", join(dir, "key"), "--store", join(dir, "store")).then(
      () => null,
      (e: Error) => e,
    );
    expect(err?.name).to.equal("DeliveryWrongKey");
  });

  it("runs a governance proposal from propose to execute", async () => {
    signer = 0;
    const gov = ["--action", "set challengePeriod 2h", "--action", "set minStake 5CAL", "--description", "cli test"];
    await new EvmTokenClient({ publicClient: evm.publicClient, walletClient: evm.wallets[0]!, deployment: evm.deployment }).delegate({
      delegatee: evm.wallets[0]!.account.address,
    });
    await evm.increaseTime(1n);
    const { proposalId } = JSON.parse(await run("gov", "propose", ...gov, "--json"));
    await evm.increaseTime(61n);
    await run("gov", "vote", proposalId, "for");
    await evm.increaseTime(3601n);
    expect(await run("gov", "status", proposalId)).to.match(/^Succeeded on EVM 31337\nEVM 31337: for \d+/);
    await run("gov", "queue", ...gov);
    await evm.increaseTime(601n);
    await run("gov", "execute", ...gov);
    expect(JSON.parse(await run("gov", "status", proposalId, "--json")).stateName).to.equal("Executed");
  });

  it("reads --action and --remote entries in core's short form, grouped per remote domain in order", () => {
    const p = govProposal(
      ["set slashBps 3000"],
      ["31338:set challengePeriod 1h", "31338:unpause marketplace", "ton:set minStake 5CAL"],
      "x",
    );
    expect(p.home).to.deep.equal([setParameter("slashBps", 3000n)]);
    expect([...(p.remote ?? new Map())]).to.deep.equal([
      [31338, [setParameter("challengePeriod", 3600n), { kind: "unpause", target: "marketplace" }]],
      [DOMAINS.ton, [setParameter("minStake", 5n * CAL)]],
    ]);
    expect(p.description).to.equal("x");
    expect([parseDomain("solana"), parseDomain("ton"), parseDomain("31338")]).to.deep.equal([DOMAINS.solana, DOMAINS.ton, 31338]);
  });

  it("refuses an empty proposal, a remote entry without a domain and actions it cannot read", () => {
    expect(() => govProposal([], [], "x")).to.throw(/at least one --action or --remote/);
    expect(() => govProposal([], ["set slashBps 1"], "x")).to.throw(/expected <domain>:<action>/);
    expect(() => govProposal([], ["mars:set slashBps 1"], "x")).to.throw(/unknown domain mars/);
    expect(() => govProposal(["set nothing 1"], [], "x")).to.throw(/GovernanceInvalidAction/);
    expect(() => govProposal(["setChallengePeriod:7200"], [], "x")).to.throw(/GovernanceInvalidAction/);
  });
});
