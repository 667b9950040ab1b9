import { expect } from "chai";
import { Command } from "commander";
import type { Address, PublicClient } from "viem";
import { CAL, CalctraError, universalFromEvm } from "@calctra/core";
import { EvmBridgeClient, EvmTokenClient, marketplaceAbi, type EvmDeployment } from "@calctra/sdk/evm";
import { LOCAL_EVM_GOVERNANCE } from "@calctra/devnet/evm-bridge";
import { startGovernanceWorld, type GovernanceWorld } from "@calctra/devnet/governance-world";
import { addEvmCommands } from "../src/commands/index.js";
import type { EvmCommandContext } from "../src/context.js";

const ZERO: Address = "0x0000000000000000000000000000000000000000";

describe("calctra gov across chains (the hub and an EVM spoke, through CrossChainGovernanceClient)", function () {
  this.timeout(600_000);
  let world: GovernanceWorld;
  /** Which wallet signs on each chain. */
  const signer = { home: 0, spoke: 1 };
  let out: string[] = [];
  let spokeDeployment: EvmDeployment;
  const spokeOptions = () => [
    "--rpc",
    "spoke",
    "--vault",
    world.spoke.contracts.vault.address,
    "--executor",
    world.spoke.contracts.executor.address,
  ];

  /** Runs a command; `--rpc spoke` reaches the spoke chain, anything else the hub. */
  async function run(...args: string[]): Promise<string> {
    out = [];
    const program = new Command().exitOverride();
    addEvmCommands(
      program,
      async ({ rpc }): Promise<EvmCommandContext> =>
        rpc === "spoke"
          ? { publicClient: world.spoke.publicClient, walletClient: world.spoke.wallets[signer.spoke]!, deployment: spokeDeployment }
          : { publicClient: world.home.publicClient, walletClient: world.home.wallets[signer.home]!, deployment: world.home.deployment },
      (t) => out.push(t),
    );
    await program.parseAsync(["node", "calctra", ...args]);
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
  const challengePeriod = (client: PublicClient, address: Address) =>
    client.readContract({ address, abi: marketplaceAbi, functionName: "challengePeriod" }) as Promise<bigint>;

  before(async () => {
    world = await startGovernanceWorld({ executionDelay: 3600n });
    const { home, spoke, vault } = world;
    spokeDeployment = {
      network: "spoke",
      chainId: spoke.chainId,
      mode: "spoke",
      contracts: {
        CalToken: spoke.contracts.token.address,
        CalTimelock: ZERO,
        CalGovernor: ZERO,
        Staking: spoke.contracts.staking.address,
        Marketplace: spoke.contracts.marketplace.address,
      },
    };
    const [deployer, alice] = home.wallets;
    const base = { publicClient: home.publicClient, deployment: home.deployment };
    await new EvmTokenClient({ ...base, walletClient: deployer! }).transfer({ to: alice!.account.address, amount: 300n * CAL });
    await new EvmTokenClient({ ...base, walletClient: alice! }).approve({ spender: vault, amount: 300n * CAL });
    await new EvmBridgeClient({ publicClient: home.publicClient, walletClient: alice!, bridge: vault }).transfer({
      dstDomain: world.spokeDomain,
      recipient: universalFromEvm(spoke.wallets[1]!.account.address),
      amount: 300n * CAL,
    });
    await world.relay();
    await new EvmTokenClient({ ...base, walletClient: deployer! }).delegate({ delegatee: deployer!.account.address });
  });
  after(async () => {
    await world?.close();
  });

  it("runs a proposal with a remote action from propose on the hub to run on the spoke, the status following each step", async () => {
    const proposal = [
      "--hub",
      world.hub,
      "--action",
      "set challengePeriod 2h",
      "--remote",
      "31338:set challengePeriod 2h",
      "--description",
      "two hours on both chains",
    ];
    expect(await run("gov", "deposit", "300", ...spokeOptions())).to.match(
      /^deposit 300 CAL in the vault: tx 0x[0-9a-f]{64} \(gas \d+\)\n$/,
    );
    await world.advance(1n);
    const { proposalId } = JSON.parse(await run("gov", "propose", ...proposal, "--json"));
    const status = (...extra: string[]) => run("gov", "status", proposalId, "--hub", world.hub, "--spoke", "31338=spoke", ...extra);
    expect(JSON.parse(await status("--json"))).to.deep.include({
      stateName: "Pending",
      description: "Pending on EVM 31337",
      executions: [{ domain: 31338, state: "NotSent" }],
    });

    await world.advance(LOCAL_EVM_GOVERNANCE.votingDelay + 1n);
    expect(await run("gov", "announce", proposalId, "--hub", world.hub, "--to", "31338")).to.match(
      /^announced to EVM 31338: tx 0x[0-9a-f]{64} \(gas \d+\), message 0x[0-9a-f]{64}\n$/,
    );
    await world.relay();
    expect(await run("gov", "status", proposalId, ...spokeOptions())).to.match(
      /^announced here: for 0 \/ against 0 \/ abstain 0 CAL; snapshot \d+, votes until \d+\n$/,
    );
    expect(await run("gov", "vote", proposalId, "for", ...spokeOptions())).to.match(/^vote for: tx 0x[0-9a-f]{64} \(gas \d+\)\n$/);
    const { voteStart, voteEnd } = JSON.parse(await status("--json"));
    expect(await status()).to.equal(
      [
        "Active on EVM 31337; tallies not yet counted from EVM 31338",
        `EVM 31337: for 0 / against 0 / abstain 0 CAL; voting ${voteStart}..${voteEnd}`,
        "EVM 31338: for 300 / against 0 / abstain 0 CAL (not yet counted on the hub)",
        "EVM 31338: actions NotSent",
        "",
      ].join("\n"),
    );
    await run("gov", "tally", proposalId, ...spokeOptions());
    await world.relay();
    expect(JSON.parse(await status("--json")).tallies).to.deep.equal([
      { domain: 31338, againstVotes: "0", forVotes: (300n * CAL).toString(), abstainVotes: "0", counted: true },
    ]);
    await run("gov", "vote", proposalId, "for");

    await world.advance(LOCAL_EVM_GOVERNANCE.votingPeriod + LOCAL_EVM_GOVERNANCE.lateQuorumExtension);
    await run("gov", "queue", ...proposal);
    await world.advance(LOCAL_EVM_GOVERNANCE.timelockDelay + 1n);
    expect(await run("gov", "execute", ...proposal)).to.match(/^execute: tx 0x[0-9a-f]{64} \(gas \d+\)\n$/);
    expect(JSON.parse(await status("--json")).description).to.equal("Executed on EVM 31337, in flight on EVM 31338");
    await world.relay();
    expect(JSON.parse(await status("--json")).description).to.match(
      /^Executed on EVM 31337, pending on EVM 31338 until \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC \(in /,
    );
    const early = await refusal("gov", "run", "1", ...spokeOptions());
    expect(early).to.be.instanceOf(CalctraError);
    expect(early.name).to.equal("GovernanceExecutionDelayActive");
    await world.advance(3601n);
    expect(await run("gov", "run", "1", ...spokeOptions())).to.match(/^action list 1: tx 0x[0-9a-f]{64} \(gas \d+\)\n$/);
    expect((await status()).split("\n")[0]).to.equal("Executed on EVM 31337 and EVM 31338");
    expect(await challengePeriod(world.home.publicClient, world.home.deployment.contracts.Marketplace)).to.equal(7200n);
    expect(await challengePeriod(world.spoke.publicClient, world.spoke.contracts.marketplace.address)).to.equal(7200n);
  });

  it("withdraws from the spoke vault, refuses a veto from a non-Guardian and spoke commands on the hub", async () => {
    expect(await run("gov", "withdraw", "100", ...spokeOptions())).to.match(/^withdraw 100 CAL from the vault: tx 0x[0-9a-f]{64}/);
    expect((await refusal("gov", "veto", "1", ...spokeOptions())).name).to.equal("GovernanceNotGuardian");
    expect((await refusal("gov", "retry", "1", ...spokeOptions())).name).to.equal("GovernanceActionsNotPending");
    expect(String(await refusal("gov", "tally", "1"))).to.match(/runs on a spoke/);
    expect(String(await refusal("gov", "propose", "--action", "set slashBps 2500", "--description", "x", "--rpc", "spoke"))).to.match(
      /runs on the hub/,
    );
    expect(String(await refusal("gov", "propose", "--remote", "31338:pause bridge", "--description", "x"))).to.match(/--hub/);
  });
});
