import assert from "node:assert/strict";
import type { Address, PublicClient } from "viem";
import {
  CAL,
  CalctraError,
  DOMAINS,
  ProposalState,
  describeProposalStatus,
  setParameter,
  universalFromEvm,
  type Domain,
  type GovernanceAction,
  type RemoteExecution,
  type SpokeGovernanceClient,
} from "@calctra/core";
import {
  EvmBridgeClient,
  EvmGovernanceClient,
  EvmTokenClient,
  calSpokeTokenAbi,
  evmProposalActions,
  governanceHubAbi,
  marketplaceAbi,
} from "@calctra/sdk/evm";
import { SolanaGovernanceClient, SolanaMarketplaceClient, solanaUniversalAddress } from "@calctra/sdk/solana";
import { tonUniversalAddress } from "@calctra/sdk/ton";
import { LOCAL_EVM_GOVERNANCE } from "@calctra/devnet/evm-bridge";
import { startGovernanceWorld, type GovernanceWorld } from "@calctra/devnet/governance-world";

const SPOKE = DOMAINS.localEvmSpoke;
const SOLANA = DOMAINS.solana;
const TON = DOMAINS.ton;
const EXECUTION_DELAY = 3600n;

describe("One governance across four chains: votes from the EVM spoke, Solana and TON counted on the hub, the decision executed everywhere", () => {
  let world: GovernanceWorld | undefined;
  after(async () => {
    await world?.close();
  });

  it("changes challengePeriod on all four chains with one proposal, counting each spoke's vault at the hub's snapshot, and refuses CAL bridged after the snapshot", async () => {
    world = await startGovernanceWorld({ executionDelay: EXECUTION_DELAY, spokes: ["solana", "ton"] });
    const w = world;
    const { home, spoke, hub, vault } = w;
    const solana = w.solana!;
    const ton = w.ton!;
    const [deployer, alice, bob] = home.wallets;
    const base = { publicClient: home.publicClient, deployment: home.deployment };
    const homeToken = (x: typeof deployer) => new EvmTokenClient({ ...base, walletClient: x! });
    const bridgeOf = (x: typeof deployer) => new EvmBridgeClient({ publicClient: home.publicClient, walletClient: x!, bridge: vault });

    // Holders take CAL to the three spokes before the proposal: 400 to the EVM spoke, 300 to Solana, 200 to TON.
    await homeToken(deployer).transfer({ to: alice!.account.address, amount: 1_000n * CAL });
    await homeToken(deployer).transfer({ to: bob!.account.address, amount: 500n * CAL });
    await homeToken(alice).approve({ spender: vault, amount: 1_000n * CAL });
    await homeToken(bob).approve({ spender: vault, amount: 500n * CAL });
    const solVoter = await solana.newWallet({ sol: 10n });
    const tonVoter = await ton.treasury("ton-voter");
    const spokeVoter = spoke.wallets[1]!;
    for (const [dstDomain, recipient, amount] of [
      [SPOKE, universalFromEvm(spokeVoter.account.address), 400n * CAL],
      [SOLANA, solanaUniversalAddress(solVoter.publicKey), 300n * CAL],
      [TON, tonUniversalAddress(tonVoter.address), 200n * CAL],
    ] as const) {
      const sent = await bridgeOf(alice).transfer({ dstDomain, recipient, amount });
      await w.relay();
      assert.equal(w.status(sent.messageId), "delivered", `the transfer to ${dstDomain}`);
    }
    const approve = await spokeVoter.writeContract({
      address: spoke.contracts.token.address,
      abi: calSpokeTokenAbi,
      functionName: "approve",
      args: [spoke.contracts.vault.address, 400n * CAL],
      chain: spokeVoter.chain,
      account: spokeVoter.account,
    });
    await spoke.publicClient.waitForTransactionReceipt({ hash: approve });
    const spokeGov = w.spokeGovernance(1);
    const solGov = new SolanaGovernanceClient(solVoter.params);
    const tonGov = ton.governance(tonVoter);
    await spokeGov.deposit({ amount: 400n * CAL });
    await solGov.deposit({ amount: 300n * CAL });
    await tonGov.deposit({ amount: 200n * CAL });
    await homeToken(deployer).delegate({ delegatee: deployer!.account.address });
    await homeToken(bob).delegate({ delegatee: bob!.account.address });
    await w.advance(1n);

    // One proposal: challengePeriod to 2 hours on the hub and one remote list for each spoke.
    const change = setParameter("challengePeriod", 7200n);
    const remote = new Map<Domain, GovernanceAction[]>([SPOKE, SOLANA, TON].map((d) => [d, [change]]));
    const actions = evmProposalActions({
      home: [change],
      remote,
      targets: home.deployment.contracts,
      hub,
      description: "Two hours everywhere",
    });
    const gov = (x: typeof deployer) => new EvmGovernanceClient({ ...base, walletClient: x! });
    const { proposalId } = await gov(deployer).propose(actions);
    await w.advance(LOCAL_EVM_GOVERNANCE.votingDelay + 1n);
    for (const domain of [SPOKE, SOLANA, TON]) {
      const hash = await deployer!.writeContract({
        address: hub,
        abi: governanceHubAbi,
        functionName: "announce",
        args: [proposalId, domain],
        chain: deployer!.chain,
        account: deployer!.account,
      });
      await home.publicClient.waitForTransactionReceipt({ hash });
    }
    await w.relay();
    const clients = w.spokeClients();
    const snapshots = await Promise.all(
      [SPOKE, SOLANA, TON].map(async (d) => (await clients.get(d)!.getProposal({ proposalId })).snapshot),
    );
    assert.equal(new Set(snapshots).size, 1, "every spoke weighs votes at the hub's one snapshot");
    await w.advance(1n);

    // Bob votes on the hub, then bridges 100 CAL to his Solana wallet after the snapshot: they weigh nothing there.
    await gov(bob).castVote({ proposalId, support: 0 });
    const bobOnSolana = await solana.newWallet({ sol: 1n });
    const late = await bridgeOf(bob).transfer({
      dstDomain: SOLANA,
      recipient: solanaUniversalAddress(bobOnSolana.publicKey),
      amount: 100n * CAL,
    });
    await w.relay();
    assert.equal(w.status(late.messageId), "delivered");
    const bobGov = new SolanaGovernanceClient(bobOnSolana.params);
    await bobGov.deposit({ amount: 100n * CAL });
    assert.equal(await bobGov.votingPower({ proposalId, voter: bobOnSolana.address }), 0n);
    await assert.rejects(
      bobGov.castVote({ proposalId, support: 1 }),
      (e: unknown) => e instanceof CalctraError && e.name === "GovernanceNoVotingPower",
    );

    // Spoke votes, each tally sent by anyone and counted on the hub as fractional votes.
    await spokeGov.castVote({ proposalId, support: 1 });
    await solGov.castVote({ proposalId, support: 1 });
    await tonGov.castVote({ proposalId, support: 2 });
    for (const domain of [SPOKE, SOLANA, TON]) await clients.get(domain)!.sendTally({ proposalId });
    await w.relay();
    const tallyOf = (domain: Domain) =>
      home.publicClient.readContract({ address: hub, abi: governanceHubAbi, functionName: "tallyOf", args: [proposalId, domain] });
    assert.equal((await tallyOf(SPOKE)).forVotes, 400n * CAL);
    assert.equal((await tallyOf(SOLANA)).forVotes, 300n * CAL);
    assert.equal((await tallyOf(TON)).abstainVotes, 200n * CAL);
    assert.equal((await tallyOf(TON)).forVotes, 0n);

    await gov(deployer).castVote({ proposalId, support: 1 });
    const counted = await gov(deployer).getProposal({ proposalId });
    assert.equal(counted.againstVotes, 500n * CAL, "Bob's home vote, once");
    assert.ok(counted.forVotes >= 700n * CAL, "the spoke and Solana For votes are on the hub");
    assert.equal(counted.abstainVotes, 200n * CAL);

    await w.advance(LOCAL_EVM_GOVERNANCE.votingPeriod + LOCAL_EVM_GOVERNANCE.lateQuorumExtension);
    await gov(deployer).queue(actions);
    await w.advance(LOCAL_EVM_GOVERNANCE.timelockDelay + 1n);
    await gov(deployer).execute(actions);
    await w.relay();

    const executions = async (): Promise<RemoteExecution[]> =>
      Promise.all(
        [SPOKE, SOLANA, TON].map(async (domain) => ({ ...(await clients.get(domain)!.remoteExecution({ sequence: 1n })), domain })),
      );
    const pending = await executions();
    assert.deepEqual(
      pending.map((e) => e.state),
      ["Pending", "Pending", "Pending"],
    );
    const now = (await home.publicClient.getBlock()).timestamp;
    const midway = describeProposalStatus(
      { proposalId, hubDomain: home.deployment.chainId, hubState: ProposalState.Executed, tallies: [], executions: pending },
      now,
    );
    assert.match(midway, /^Executed on EVM 31337, pending on /);
    await assert.rejects(clients.get(TON)!.execute({ sequence: 1n }), (e: unknown) => e instanceof CalctraError);

    await w.advance(EXECUTION_DELAY + 1n);
    for (const domain of [SPOKE, SOLANA, TON]) await clients.get(domain)!.execute({ sequence: 1n });
    assert.deepEqual(
      (await executions()).map((e) => e.state),
      ["Executed", "Executed", "Executed"],
    );
    const evmChallenge = (client: PublicClient, address: Address) =>
      client.readContract({ address, abi: marketplaceAbi, functionName: "challengePeriod" }) as Promise<bigint>;
    assert.equal(await evmChallenge(home.publicClient, home.deployment.contracts.Marketplace), 7200n);
    assert.equal(await evmChallenge(spoke.publicClient, spoke.contracts.marketplace.address), 7200n);
    assert.equal((await new SolanaMarketplaceClient(solVoter.params).parameters()).challengePeriod, 7200n);
    assert.equal(await ton.challengePeriod(), 7200n);
  });

  it("follows a proposal through the SDK's cross-chain client (NotSent, InFlight, Pending, Vetoed) and lets the Solana and TON guardians veto its lists", async () => {
    assert.ok(world, "runs after the first case");
    const w = world;
    const solana = w.solana!;
    const ton = w.ton!;
    const gov = w.governance();
    const guardians = w.governance({
      spokes: new Map<Domain, SpokeGovernanceClient>([
        [SOLANA, new SolanaGovernanceClient(solana.actors.guardian.params)],
        [TON, ton.spokeGovernance(ton.actors.guardian)],
      ]),
    });
    const change = setParameter("slashBps", 2_000n);
    const proposal = {
      remote: new Map<Domain, GovernanceAction[]>([SOLANA, TON].map((d) => [d, [change]])),
      description: "vetoed on two spokes",
    };
    const { proposalId } = await gov.propose(proposal);
    const states = async () => (await gov.status({ proposalId })).executions.map((e) => `${e.domain}:${e.state}`).sort();
    assert.deepEqual(await states(), [`${SOLANA}:NotSent`, `${TON}:NotSent`]);
    await w.advance(LOCAL_EVM_GOVERNANCE.votingDelay + 1n);
    await gov.castVote({ proposalId, support: 1 });
    await w.advance(LOCAL_EVM_GOVERNANCE.votingPeriod + LOCAL_EVM_GOVERNANCE.lateQuorumExtension);
    await gov.queue(proposal);
    await w.advance(LOCAL_EVM_GOVERNANCE.timelockDelay + 1n);
    await gov.execute(proposal);
    assert.deepEqual(await states(), [`${SOLANA}:InFlight`, `${TON}:InFlight`]);
    await w.relay();
    const { status } = await gov.describe({ proposalId });
    assert.deepEqual(
      status.executions.map((e) => e.state),
      ["Pending", "Pending"],
    );
    for (const e of status.executions) await guardians.veto({ domain: e.domain, sequence: e.sequence! });
    assert.deepEqual(await states(), [`${SOLANA}:Vetoed`, `${TON}:Vetoed`]);
    assert.equal((await gov.describe({ proposalId })).text, "Executed on EVM 31337, vetoed on Solana and TON");
    await w.advance(EXECUTION_DELAY + 1n);
    await assert.rejects(
      gov.executeRemote({ domain: TON, sequence: status.executions[0]!.sequence! }),
      (e: unknown) => e instanceof CalctraError,
    );
  });
});
