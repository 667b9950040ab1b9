import assert from "node:assert/strict";
import type { Address, PublicClient } from "viem";
import { CAL, DOMAINS, ProposalState, setParameter, universalFromEvm, CalctraError } from "@calctra/core";
import {
  EvmBridgeClient,
  EvmGovernanceClient,
  EvmTokenClient,
  calSpokeTokenAbi,
  governanceHubAbi,
  marketplaceAbi,
  evmProposalActions,
} from "@calctra/sdk/evm";
import { LOCAL_EVM_GOVERNANCE } from "@calctra/devnet/evm-bridge";
import { startGovernanceWorld, type GovernanceWorld } from "@calctra/devnet/governance-world";

const SPOKE = DOMAINS.localEvmSpoke;
const EXECUTION_DELAY = 3600n;

describe("One governance on EVM: proposed on the hub, voted from the spoke through the bridge, executed on both", () => {
  let world: GovernanceWorld | undefined;
  after(async () => {
    await world?.close();
  });

  it("changes challengePeriod on the hub and the spoke with one proposal, counting the spoke's vault votes at the snapshot, and never counts bridged CAL twice", async () => {
    world = await startGovernanceWorld({ executionDelay: EXECUTION_DELAY });
    const { home, spoke, hub, vault, relay } = world;
    const [deployer, alice, bob] = home.wallets;
    const base = { publicClient: home.publicClient, deployment: home.deployment };
    const homeToken = (w: typeof deployer) => new EvmTokenClient({ ...base, walletClient: w! });
    const bridgeOf = (w: typeof deployer) => new EvmBridgeClient({ publicClient: home.publicClient, walletClient: w!, bridge: vault });
    const spokeGov = (i: number) => world!.spokeGovernance(i);
    const spokeVault = spoke.contracts.vault.address;

    // Alice bridges 400 CAL to the spoke before the proposal and deposits it in the spoke's vault.
    await homeToken(deployer).transfer({ to: alice!.account.address, amount: 1_000n * CAL });
    await homeToken(deployer).transfer({ to: bob!.account.address, amount: 500n * CAL });
    await homeToken(alice).approve({ spender: vault, amount: 400n * CAL });
    await bridgeOf(alice).transfer({
      dstDomain: SPOKE,
      recipient: universalFromEvm(spoke.wallets[1]!.account.address),
      amount: 400n * CAL,
    });
    await relay();
    const spokeAlice = spoke.wallets[1]!;
    const approve = await spokeAlice.writeContract({
      address: spoke.contracts.token.address,
      abi: calSpokeTokenAbi,
      functionName: "approve",
      args: [spokeVault, 400n * CAL],
      chain: spokeAlice.chain,
      account: spokeAlice.account,
    });
    await spoke.publicClient.waitForTransactionReceipt({ hash: approve });
    await spokeGov(1).deposit({ amount: 400n * CAL });
    // Home holders delegate to themselves; the BridgeVault's 400 CAL already vote through the hub.
    await homeToken(deployer).delegate({ delegatee: deployer!.account.address });
    await homeToken(bob).delegate({ delegatee: bob!.account.address });
    await world.advance(1n);

    // One proposal: challengePeriod to 2 hours at home and on the spoke.
    const change = setParameter("challengePeriod", 7200n);
    const actions = evmProposalActions({
      home: [change],
      remote: new Map([[SPOKE, [change]]]),
      targets: home.deployment.contracts,
      hub,
      description: "Two-hour challenge window everywhere",
    });
    const gov = (w: typeof deployer) => new EvmGovernanceClient({ ...base, walletClient: w! });
    const { proposalId } = await gov(deployer).propose(actions);
    await world.advance(LOCAL_EVM_GOVERNANCE.votingDelay + 1n);

    // Anyone announces it to the spoke; the bridge carries ProposalOpened.
    const announce = await deployer!.writeContract({
      address: hub,
      abi: governanceHubAbi,
      functionName: "announce",
      args: [proposalId, SPOKE],
      chain: deployer!.chain,
      account: deployer!.account,
    });
    await home.publicClient.waitForTransactionReceipt({ hash: announce });
    await relay();
    const announced = await spokeGov(1).getProposal({ proposalId });
    assert.equal(announced.proposalId, proposalId);

    // Bob votes at home, then bridges after the snapshot and deposits on the spoke: no weight there.
    await gov(bob).castVote({ proposalId, support: 0 });
    await homeToken(bob).approve({ spender: vault, amount: 100n * CAL });
    await bridgeOf(bob).transfer({ dstDomain: SPOKE, recipient: universalFromEvm(spoke.wallets[2]!.account.address), amount: 100n * CAL });
    await relay();
    assert.equal(await spokeGov(2).votingPower({ proposalId, voter: spoke.wallets[2]!.account.address }), 0n);
    await assert.rejects(spokeGov(2).castVote({ proposalId, support: 0 }), (e: unknown) => {
      assert.ok(e instanceof CalctraError, String(e));
      assert.equal(e.name, "GovernanceNoVotingPower");
      return true;
    });

    // Alice votes For on the spoke with her 400 CAL; the tally reaches the hub and is counted as the hub's votes.
    assert.equal(await spokeGov(1).votingPower({ proposalId, voter: spokeAlice.account.address }), 400n * CAL);
    await spokeGov(1).castVote({ proposalId, support: 1 });
    await spokeGov(1).sendTally({ proposalId });
    await relay();
    const tally = await home.publicClient.readContract({
      address: hub,
      abi: governanceHubAbi,
      functionName: "tallyOf",
      args: [proposalId, SPOKE],
    });
    assert.equal(tally.forVotes, 400n * CAL);
    await gov(deployer).castVote({ proposalId, support: 1 });
    const counted = await gov(deployer).getProposal({ proposalId });
    assert.equal(counted.againstVotes, 500n * CAL);
    assert.ok(counted.forVotes >= 400n * CAL + 1n);

    // After the vote: queue, execute; the hub's dispatch reaches the spoke's executor and waits executionDelay.
    await world.advance(LOCAL_EVM_GOVERNANCE.votingPeriod + LOCAL_EVM_GOVERNANCE.lateQuorumExtension);
    await gov(deployer).queue(actions);
    await world.advance(LOCAL_EVM_GOVERNANCE.timelockDelay + 1n);
    await gov(deployer).execute(actions);
    assert.equal((await gov(deployer).getProposal({ proposalId })).state, ProposalState.Executed);
    const challengePeriod = (client: PublicClient, address: Address) =>
      client.readContract({ address, abi: marketplaceAbi, functionName: "challengePeriod" }) as Promise<bigint>;
    assert.equal(await challengePeriod(home.publicClient, home.deployment.contracts.Marketplace), 7200n);
    await relay();
    const pending = await spokeGov(3).remoteExecution({ sequence: 1n });
    assert.equal(pending.state, "Pending");
    await assert.rejects(
      spokeGov(3).execute({ sequence: 1n }),
      (e: unknown) => e instanceof CalctraError && e.name === "GovernanceExecutionDelayActive",
    );
    await world.advance(EXECUTION_DELAY + 1n);
    await spokeGov(3).execute({ sequence: 1n });
    assert.equal((await spokeGov(3).remoteExecution({ sequence: 1n })).state, "Executed");
    assert.equal(await challengePeriod(spoke.publicClient, spoke.contracts.marketplace.address), 7200n);
  });
});
