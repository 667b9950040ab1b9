import { expect } from "chai";
import { Command } from "commander";
import { Blockchain } from "@ton/sandbox";
import type { Address, Contract } from "@ton/core";
import { CAL, type GovernancePayload } from "@calctra/core";
import type { TonClientParameters } from "@calctra/sdk/ton";
import { addChainCommands } from "../src/commands/index.js";
import type { EvmContextFactory } from "../src/context.js";

/** What the test uses of contracts-ton/scripts/executorSandbox.ts (a CommonJS script outside the package graph). */
interface ExecutorEnv {
  readonly exec: { readonly address: Address };
  readonly minter: { readonly address: Address };
  readonly relayer: { readonly address: Address };
  readonly bridge: { getBridgeData(): Promise<{ readonly outboundNonce: bigint }> };
  readonly marketplace: { getData(): Promise<{ readonly challengePeriod: number }> };
  inbound(recipient: Address, amount: bigint): unknown;
  sign(m: unknown): unknown;
  deliver(m: unknown, sigs: unknown, from: unknown): Promise<unknown>;
  fromHub(payload: GovernancePayload): Promise<unknown>;
}
interface ExecutorScript {
  deployExecutorEnv(blockchain: Blockchain): Promise<ExecutorEnv>;
}

describe("calctra gov on a TON spoke (the deployment names the executor: vault + executor through TonSpokeGovernanceClient)", function () {
  this.timeout(300_000);
  let blockchain: Blockchain;
  let env: ExecutorEnv;
  let params: TonClientParameters;
  let out: string[] = [];
  const noEvm: EvmContextFactory = async () => {
    throw new Error("EVM is not part of this test");
  };

  async function run(...args: string[]): Promise<string> {
    out = [];
    const program = new Command().exitOverride();
    addChainCommands(program, { evm: noEvm, ton: async () => params }, (t) => out.push(t));
    await program.parseAsync(["node", "calctra", ...args, "--chain", "ton"]);
    return out.join("");
  }

  before(async () => {
    const script = (await import(new URL("../../contracts-ton/scripts/executorSandbox.ts", import.meta.url).href)) as ExecutorScript;
    blockchain = await Blockchain.create();
    blockchain.now = 1_800_000_000;
    env = await script.deployExecutorEnv(blockchain);
    const voter = await blockchain.treasury("voter");
    const m = env.inbound(voter.address, 500n * CAL);
    await env.deliver(m, env.sign(m), env.relayer);
    // only the CAL minter and the executor are read from the deployment
    const deployment = {
      contracts: { calJettonMinter: env.minter.address.toString() },
      executor: env.exec.address.toString(),
    } as unknown as TonClientParameters["deployment"];
    params = { open: (c: Contract) => blockchain.openContract(c), sender: voter.getSender(), deployment, now: () => blockchain.now! };
  });

  it("deposits, votes on an announced proposal, sends the tally, runs the received list and withdraws", async () => {
    expect(await run("gov", "deposit", "100")).to.match(/^deposit 100 CAL in the vault: tx /);
    const snapshot = BigInt(blockchain.now! + 10);
    await env.fromHub({ kind: "ProposalOpened", proposalId: 9n, snapshot, voteEnd: snapshot + 86_400n });
    blockchain.now = Number(snapshot) + 1;
    expect(await run("gov", "vote", "9", "for")).to.match(/^vote for: tx /);
    expect(await run("gov", "status", "9")).to.equal(
      `announced here: for 100 / against 0 / abstain 0 CAL; snapshot ${snapshot}, votes until ${snapshot + 86_400n}\n`,
    );
    expect(await run("gov", "tally", "9")).to.match(/^tally of 9 sent to the hub: tx /);
    expect((await env.bridge.getBridgeData()).outboundNonce).to.equal(1n);
    await env.fromHub({
      kind: "GovernanceActions",
      sequence: 1n,
      proposalId: 9n,
      actions: [{ kind: "setParameter", paramId: 3, value: 7200n }],
    });
    blockchain.now! += 3600;
    expect(await run("gov", "run", "1")).to.match(/^action list 1: tx /);
    expect((await env.marketplace.getData()).challengePeriod).to.equal(7200);
    expect(await run("gov", "withdraw", "100")).to.match(/^withdraw 100 CAL from the vault: tx /);
  });
});
