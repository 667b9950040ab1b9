import { expect } from "chai";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Command } from "commander";
import { CAL, CalctraError } from "@calctra/core";
import { mnemonicNew, mnemonicToPrivateKey } from "@ton/crypto";
import { WalletContractV4 } from "@ton/ton";
import { addChainCommands } from "../src/commands/index.js";
import { rpcTonContextFactory, type EvmContextFactory } from "../src/context.js";
import { startLocalTon, type LocalTon, type TonActor } from "@calctra/devnet/ton";
import { TonTokenClient, universalFromTonAddress } from "@calctra/sdk/ton";

describe("calctra CLI on TON (--chain ton, against the embedded sandbox)", function () {
  this.timeout(300_000);
  let ton: LocalTon;
  let signer: TonActor;
  let out: string[] = [];
  const noEvm: EvmContextFactory = async () => {
    throw new Error("EVM is not part of this test");
  };
  const addr = (a: TonActor) => a.address.toString();

  async function run(...args: string[]): Promise<string> {
    out = [];
    const program = new Command().exitOverride();
    addChainCommands(program, { evm: noEvm, ton: async () => ton.connect(signer) }, (t) => out.push(t));
    await program.parseAsync(["node", "calctra", ...args, "--chain", "ton"]);
    return out.join("");
  }
  async function refusal(...args: string[]): Promise<Error> {
    try {
      await run(...args);
    } catch (e) {
      return e as Error;
    }
    throw new Error(`expected ${args.join(" ")} to be refused`);
  }

  before(async () => {
    ton = await startLocalTon({ now: 1_800_000_000 });
    const minter = new TonTokenClient(ton.connect(ton.actors.deployer));
    await minter.mint({ to: addr(ton.actors.user), amount: 500n * CAL });
    await minter.mint({ to: addr(ton.actors.providers[0]), amount: 800n * CAL });
  });

  it("registers and stakes a provider and reads its reputation and balance back, reporting TON gas", async () => {
    signer = ton.actors.providers[0];
    expect(await run("provider", "register", "--metadata-hash", `0x${"cd".repeat(32)}`)).to.match(
      /^register: tx [0-9a-f]{64} \(TON gas [1-9]\d*\)\n$/,
    );
    expect(await run("provider", "stake", "300")).to.match(/^stake 300 CAL: tx [0-9a-f]{64} \(TON gas [1-9]\d*\)\n$/);
    const info = JSON.parse(await run("provider", "show", "--json"));
    expect(info).to.include({
      provider: universalFromTonAddress(signer.address),
      registered: true,
      staked: (300n * CAL).toString(),
      scoreBps: "5000",
    });
    expect(await run("token", "balance")).to.equal("500 CAL\n");
    expect(await run("token", "balance", addr(ton.actors.user))).to.equal("500 CAL\n");
  });

  it("creates, lists, shows and accepts a task with the chain-neutral commands", async () => {
    signer = ton.actors.user;
    const created = JSON.parse(await run("task", "create", "--spec-hash", "0x1234", "--reward", "25", "--collateral", "10", "--json"));
    expect(created.taskId).to.equal("1");
    expect(created.tx).to.match(/^[0-9a-f]{64}$/);
    expect(BigInt(created.gas) > 0n).to.equal(true);
    expect(await run("task", "list")).to.equal("#1 Open      reward 25 CAL, collateral 10 CAL\n");
    expect(await run("token", "balance")).to.equal("475 CAL\n");
    signer = ton.actors.providers[0];
    expect(await run("task", "accept", "1")).to.match(/^accept task 1: tx [0-9a-f]{64} \(TON gas [1-9]\d*\)\n$/);
    const shown = JSON.parse(await run("task", "show", "1", "--json"));
    expect(shown).to.include({
      id: "1",
      status: "Assigned",
      reward: "25",
      collateral: "10",
      specHash: "0x1234",
      user: universalFromTonAddress(ton.actors.user.address),
      provider: universalFromTonAddress(signer.address),
    });
    expect(JSON.parse(await run("provider", "show", "--json")).locked).to.equal((10n * CAL).toString());
  });

  it("reports on-chain refusals by their canonical names and refuses EVM-only governance calls on TON", async () => {
    signer = ton.actors.providers[0];
    const again = await refusal("task", "accept", "1");
    expect(again).to.be.instanceOf(CalctraError);
    expect(again.name).to.equal("MarketplaceTaskNotOpen");
    expect((again as CalctraError).chain).to.equal("ton");
    expect((await refusal("task", "show", "99")).name).to.equal("MarketplaceTaskNotFound");
    signer = ton.actors.user;
    expect((await refusal("task", "cancel", "1")).name).to.equal("MarketplaceTaskNotOpen");
    expect(String(await refusal("gov", "propose", "--action", "set slashBps 2500", "--description", "x"))).to.match(/EVM only/);
  });

  it("submits a result, finalizes it after the challenge window and cancels another task with a refund", async () => {
    signer = ton.actors.providers[0];
    expect(await run("task", "submit", "1", "--commitment", "0x77")).to.match(/^submit task 1: tx [0-9a-f]{64} \(TON gas [1-9]\d*\)\n$/);
    expect(JSON.parse(await run("task", "show", "1", "--json"))).to.include({ status: "Submitted", resultCommitment: "0x77" });
    ton.increaseTime(86_400);
    await run("task", "finalize", "1");
    expect(JSON.parse(await run("task", "show", "1", "--json")).status).to.equal("Completed");
    expect(JSON.parse(await run("provider", "show", "--json"))).to.include({ locked: "0", completed: "1" });
    signer = ton.actors.user;
    const second = JSON.parse(await run("task", "create", "--spec-hash", "7", "--reward", "5", "--collateral", "0", "--json"));
    expect(second.taskId).to.equal("2");
    expect(await run("token", "balance")).to.equal("470 CAL\n");
    await run("task", "cancel", "2");
    expect(JSON.parse(await run("task", "show", "2", "--json")).status).to.equal("Cancelled");
    expect(await run("token", "balance")).to.equal("475 CAL\n");
  });

  it("deposits voting weight in the vault, votes on a proposal the hub announced and reads its status", async () => {
    const voter = ton.actors.voter;
    await new TonTokenClient(ton.connect(ton.actors.deployer)).mint({ to: addr(voter), amount: 2_000n * CAL });
    signer = voter;
    expect(await run("gov", "deposit", "2000")).to.match(/^deposit 2000 CAL of votes: tx [0-9a-f]{64} \(TON gas [1-9]\d*\)\n$/);
    const snapshot = BigInt(ton.now() + 10);
    await ton.openProposal({ proposalId: 7n, snapshot, voteEnd: snapshot + 86_400n });
    expect(await run("gov", "status", "7")).to.match(/^Pending: for 0 \/ against 0 \/ abstain 0 CAL; voting \d+\.\.\d+\n$/);
    expect((await refusal("gov", "vote", "7", "for")).name).to.equal("GovernanceVotingClosed");
    ton.increaseTime(11);
    expect(await run("gov", "vote", "7", "for")).to.match(/^vote for: tx [0-9a-f]{64} \(TON gas [1-9]\d*\)\n$/);
    const status = JSON.parse(await run("gov", "status", "7", "--json"));
    expect(status).to.include({ stateName: "Active", forVotes: (2_000n * CAL).toString(), againstVotes: "0" });
    expect((await refusal("gov", "vote", "7", "against")).name).to.equal("GovernorAlreadyCastVote");
  });

  describe("default TON factory (toncenter endpoint, CALCTRA_TON_MNEMONIC, deployment file)", () => {
    const saved = process.env.CALCTRA_TON_MNEMONIC;
    const options = { rpc: "http://127.0.0.1:9/jsonRPC", deployment: "" };
    before(() => {
      // the deployment file a TON deploy writes, here the embedded sandbox's (nothing under deployments/ is tracked)
      options.deployment = join(mkdtempSync(join(tmpdir(), "calctra-cli-ton-")), "ton-sandbox.json");
      writeFileSync(
        options.deployment,
        JSON.stringify(ton.deployment, (_, v: unknown) => (typeof v === "bigint" ? v.toString() : v)),
      );
    });
    afterEach(() => {
      if (saved === undefined) delete process.env.CALCTRA_TON_MNEMONIC;
      else process.env.CALCTRA_TON_MNEMONIC = saved;
    });

    it("refuses to start without a valid 24-word mnemonic", async () => {
      delete process.env.CALCTRA_TON_MNEMONIC;
      let missing: unknown;
      try {
        await rpcTonContextFactory(options);
      } catch (e) {
        missing = e;
      }
      expect(String(missing)).to.match(/set CALCTRA_TON_MNEMONIC/);
      process.env.CALCTRA_TON_MNEMONIC = Array.from({ length: 24 }, () => "abandon").join(" ");
      let invalid: unknown;
      try {
        await rpcTonContextFactory(options);
      } catch (e) {
        invalid = e;
      }
      expect(String(invalid)).to.match(/not a valid TON mnemonic/);
    });

    it("signs with the mnemonic's v4 wallet and reads the deployment file", async () => {
      const words = await mnemonicNew(24);
      process.env.CALCTRA_TON_MNEMONIC = words.join(" ");
      const params = await rpcTonContextFactory(options);
      const keys = await mnemonicToPrivateKey(words);
      expect(params.sender.address?.equals(WalletContractV4.create({ workchain: 0, publicKey: keys.publicKey }).address)).to.equal(true);
      expect(params.deployment).to.include({ chain: "ton", network: "sandbox", domain: 0x544f4e00 });
      expect(typeof params.trace).to.equal("function");
    });
  });
});
