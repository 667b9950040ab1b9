import assert from "node:assert/strict";
import type { Address, PublicClient } from "viem";
import { CAL, CalctraError, DOMAINS, ProposalState, parseGovernanceAction, setParameter, universalFromEvm } from "@calctra/core";
import { EvmBridgeClient, EvmGovernanceClient, EvmGovernanceHubClient, EvmTokenClient, marketplaceAbi } from "@calctra/sdk/evm";
import { CrossChainGovernanceClient, type CrossChainProposeParameters } from "@calctra/sdk/governance";
import { LOCAL_EVM_GOVERNANCE } from "@calctra/devnet/evm-bridge";
import { startGovernanceWorld, type GovernanceWorld } from "@calctra/devnet/governance-world";

const HOME = 31337;
const SPOKE = DOMAINS.localEvmSpoke;
const EXECUTION_DELAY = 3600n;

function refusedWith(name: string) {
  return (e: unknown) => {
    assert.ok(e instanceof CalctraError, String(e));
    assert.equal(e.name, name);
    return true;
  };
}

describe("CrossChainGovernanceClient: one proposal from propose to remote execution across the hub and an EVM spoke", function () {
  this.timeout(600_000);
  let world: GovernanceWorld;
  /** The deployer on the hub; Alice (spoke wallet 1) on the spoke. */
  let gov: CrossChainGovernanceClient;
  /** The same with the spoke's Guardian (spoke wallet 4, appointed by the first proposal). */
  let guardianGov: CrossChainGovernanceClient;
  let proposalId: bigint;
  const guardian = () => world.spoke.wallets[4]!.account.address;
  const first = (): CrossChainProposeParameters => ({
    home: [setParameter("challengePeriod", 7200n)],
    remote: new Map([[SPOKE, [setParameter("challengePeriod", 7200n), parseGovernanceAction(`role guardian ${guardian()}`)]]]),
    description: "Two-hour challenge window everywhere and a Guardian on the spoke",
  });
  const challengePeriod = (client: PublicClient, address: Address) =>
    client.readContract({ address, abi: marketplaceAbi, functionName: "challengePeriod" }) as Promise<bigint>;
  const passVote = async (id: bigint, p: CrossChainProposeParameters) => {
    await gov.castVote({ proposalId: id, support: 1 });
    await world.advance(LOCAL_EVM_GOVERNANCE.votingPeriod + LOCAL_EVM_GOVERNANCE.lateQuorumExtension);
    await gov.queue(p);
    await world.advance(LOCAL_EVM_GOVERNANCE.timelockDelay + 1n);
  };

  before(async () => {
    world = await startGovernanceWorld({ executionDelay: EXECUTION_DELAY });
    const { home, spoke, hub, vault } = world;
    const [deployer, alice] = home.wallets;
    const base = { publicClient: home.publicClient, deployment: home.deployment };
    // Alice bridges 400 CAL to the spoke and deposits it in the spoke's vault; the deployer delegates at home.
    await new EvmTokenClient({ ...base, walletClient: deployer! }).transfer({ to: alice!.account.address, amount: 400n * CAL });
    await new EvmTokenClient({ ...base, walletClient: alice! }).approve({ spender: vault, amount: 400n * CAL });
    await new EvmBridgeClient({ publicClient: home.publicClient, walletClient: alice!, bridge: vault }).transfer({
      dstDomain: SPOKE,
      recipient: universalFromEvm(spoke.wallets[1]!.account.address),
      amount: 400n * CAL,
    });
    await world.relay();
    await world.spokeGovernance(1).deposit({ amount: 400n * CAL });
    await new EvmTokenClient({ ...base, walletClient: deployer! }).delegate({ delegatee: deployer!.account.address });
    await world.advance(1n);
    const parameters = (spokeWallet: number) =>
      new CrossChainGovernanceClient({
        governor: new EvmGovernanceClient({ ...base, walletClient: deployer! }),
        hub: new EvmGovernanceHubClient({ publicClient: home.publicClient, walletClient: deployer!, address: hub }),
        hubDomain: HOME,
        governorAddress: home.deployment.contracts.CalGovernor,
        targets: { ...home.deployment.contracts, Bridge: vault },
        spokes: new Map([[SPOKE, world.spokeGovernance(spokeWallet)]]),
      });
    gov = parameters(1);
    guardianGov = parameters(4);
  });
  after(async () => {
    await world?.close();
  });

  it("proposes home and remote actions in one proposal, which nothing has sent to the spoke yet", async () => {
    ({ proposalId } = await gov.propose(first()));
    const status = await gov.status({ proposalId });
    assert.equal(status.hubDomain, HOME);
    assert.equal(status.hubState, ProposalState.Pending);
    assert.deepEqual(status.executions, [{ domain: SPOKE, state: "NotSent" }]);
    assert.deepEqual(status.tallies, [{ domain: SPOKE, againstVotes: 0n, forVotes: 0n, abstainVotes: 0n, counted: true }]);
    assert.equal((await gov.describe({ proposalId })).text, "Pending on EVM 31337");
  });

  it("announces the proposal to the spoke, counts a spoke vote once its tally reaches the hub, and votes on the hub", async () => {
    await world.advance(LOCAL_EVM_GOVERNANCE.votingDelay + 1n);
    const announced = await gov.announce({ proposalId });
    assert.deepEqual(
      announced.map((a) => a.domain),
      [SPOKE],
    );
    assert.match(announced[0]!.messageId, /^0x[0-9a-f]{64}$/);
    await world.relay();
    assert.equal((await gov.spoke(SPOKE).getProposal({ proposalId })).proposalId, proposalId);

    await gov.castVote({ proposalId, support: 1, domain: SPOKE });
    const uncounted = await gov.status({ proposalId });
    assert.deepEqual(uncounted.tallies, [{ domain: SPOKE, againstVotes: 0n, forVotes: 400n * CAL, abstainVotes: 0n, counted: false }]);
    assert.equal((await gov.describe({ proposalId })).text, "Active on EVM 31337; tallies not yet counted from EVM 31338");

    await gov.sendTally({ proposalId, domain: SPOKE });
    await world.relay();
    assert.equal((await gov.status({ proposalId })).tallies[0]!.counted, true);
    assert.equal((await gov.describe({ proposalId })).text, "Active on EVM 31337");

    await gov.castVote({ proposalId, support: 1, domain: HOME });
    const hubVotes = await new EvmGovernanceClient({
      publicClient: world.home.publicClient,
      walletClient: world.home.wallets[0]!,
      deployment: world.home.deployment,
    }).getProposal({ proposalId });
    assert.ok(hubVotes.forVotes > 400n * CAL, `hub For votes ${hubVotes.forVotes} include the spoke's 400 CAL and the deployer's`);
  });

  it("queues and executes on the hub; the spoke's list moves InFlight, Pending with its eta, then Executed", async () => {
    await world.advance(LOCAL_EVM_GOVERNANCE.votingPeriod + LOCAL_EVM_GOVERNANCE.lateQuorumExtension);
    await gov.queue(first());
    assert.equal((await gov.status({ proposalId })).hubState, ProposalState.Queued);
    await world.advance(LOCAL_EVM_GOVERNANCE.timelockDelay + 1n);
    await gov.execute(first());
    assert.equal(await challengePeriod(world.home.publicClient, world.home.deployment.contracts.Marketplace), 7200n);

    const inFlight = await gov.status({ proposalId });
    assert.equal(inFlight.hubState, ProposalState.Executed);
    assert.deepEqual(inFlight.executions, [{ domain: SPOKE, state: "InFlight", sequence: 1n }]);
    assert.equal((await gov.describe({ proposalId })).text, "Executed on EVM 31337, in flight on EVM 31338");

    await world.relay();
    const [pending] = (await gov.status({ proposalId })).executions;
    assert.equal(pending?.state, "Pending");
    assert.equal(pending?.sequence, 1n);
    const eta = pending!.eta!;
    const when = new Date(Number(eta) * 1000)
      .toISOString()
      .replace("T", " ")
      .replace(/\.\d+Z$/, " UTC");
    assert.equal(
      (await gov.describe({ proposalId, now: eta - 7200n })).text,
      `Executed on EVM 31337, pending on EVM 31338 until ${when} (in 2 hours)`,
    );
    await assert.rejects(gov.executeRemote({ domain: SPOKE, sequence: 1n }), refusedWith("GovernanceExecutionDelayActive"));

    await world.advance(EXECUTION_DELAY + 1n);
    await gov.executeRemote({ domain: SPOKE, sequence: 1n });
    const done = await gov.status({ proposalId });
    assert.deepEqual(done.executions, [{ domain: SPOKE, state: "Executed", sequence: 1n }]);
    assert.equal((await gov.describe({ proposalId })).text, "Executed on EVM 31337 and EVM 31338");
    assert.equal(await challengePeriod(world.spoke.publicClient, world.spoke.contracts.marketplace.address), 7200n);
  });

  it("lets only the spoke's Guardian veto a pending list, which then stays unapplied", async () => {
    const second: CrossChainProposeParameters = {
      remote: new Map([[SPOKE, [setParameter("challengePeriod", 10_800n)]]]),
      description: "Three-hour challenge window on the spoke",
    };
    const { proposalId: id } = await gov.propose(second);
    await world.advance(LOCAL_EVM_GOVERNANCE.votingDelay + 1n);
    await passVote(id, second);
    await gov.execute(second);
    await world.relay();
    const [pending] = (await gov.status({ proposalId: id })).executions;
    assert.equal(pending?.state, "Pending");
    assert.equal(pending?.sequence, 2n);

    await assert.rejects(gov.veto({ domain: SPOKE, sequence: 2n }), refusedWith("GovernanceNotGuardian"));
    await guardianGov.veto({ domain: SPOKE, sequence: 2n });
    assert.deepEqual((await gov.status({ proposalId: id })).executions, [{ domain: SPOKE, state: "Vetoed", sequence: 2n }]);
    assert.equal((await gov.describe({ proposalId: id })).text, "Executed on EVM 31337, vetoed on EVM 31338");
    await world.advance(EXECUTION_DELAY + 1n);
    await assert.rejects(gov.executeRemote({ domain: SPOKE, sequence: 2n }), refusedWith("GovernanceActionsNotPending"));
    assert.equal(await challengePeriod(world.spoke.publicClient, world.spoke.contracts.marketplace.address), 7200n);
  });

  it("refuses a domain it has no spoke for with BridgeUnknownDomain, on the client and on the hub", async () => {
    await assert.rejects(gov.castVote({ proposalId, support: 1, domain: DOMAINS.ton }), refusedWith("BridgeUnknownDomain"));
    await assert.rejects(gov.sendTally({ proposalId, domain: DOMAINS.solana }), refusedWith("BridgeUnknownDomain"));
    await assert.rejects(gov.executeRemote({ domain: DOMAINS.ton, sequence: 1n }), refusedWith("BridgeUnknownDomain"));
    await assert.rejects(gov.announce({ proposalId, domains: [DOMAINS.ton] }), refusedWith("BridgeUnknownDomain"));
  });
});
