import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { keccak256, toHex, type Address, type PublicClient } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { CAL, DOMAINS, ProposalState, setParameter, universalFromEvm, CalctraError } from "@calctra/core";
import {
  EvmBridgeClient,
  EvmDestination,
  EvmGovernanceClient,
  EvmSource,
  EvmSpokeGovernanceClient,
  EvmTokenClient,
  calSpokeTokenAbi,
  governanceHubAbi,
  marketplaceAbi,
  evmProposalActions,
} from "@calctra/sdk/evm";
import { startLocalEvm, type LocalEvm } from "@calctra/devnet/evm";
import { LOCAL_EVM_GOVERNANCE } from "@calctra/devnet/evm-bridge";
import { OPEN_LIMITS } from "@calctra/devnet/world";
import { startLocalEvmGovernanceSpoke, type LocalEvmGovernanceSpoke } from "@calctra/devnet/evm-governance";
import { developmentValidators } from "@calctra/devnet/validators";
import { Relayer } from "../src/relayer.js";
import { SqliteRelayStore } from "../src/store.js";
import { Validator } from "../src/validator.js";

const HOME = DOMAINS.localEvmHome;
const SPOKE = DOMAINS.localEvmSpoke;
const EXECUTION_DELAY = 3600n;
const GOVERNANCE_SENDER_ROLE = keccak256(toHex("GOVERNANCE_SENDER_ROLE"));

/** The hub (home suite, BridgeVault, GovernanceHub) and an EVM spoke governed from it, with 3 validators and a relayer. */
async function startGovernedPair() {
  const keys = developmentValidators();
  const validatorSet = keys.map((k) => k.address);
  const home: LocalEvm = await startLocalEvm({
    mode: "home",
    moduleParameters: LOCAL_EVM_GOVERNANCE,
    bridge: { validators: validatorSet, threshold: 2 },
    governanceHub: true,
  });
  const hub = home.contracts.hub!.address;
  const vault = home.bridge!;
  const spoke: LocalEvmGovernanceSpoke = await startLocalEvmGovernanceSpoke({
    hub: universalFromEvm(hub),
    homeBridge: universalFromEvm(vault),
    validators: validatorSet,
    executionDelay: EXECUTION_DELAY,
  });
  const { minter, vault: spokeVault, executor, marketplace: spokeMarketplace } = spoke.contracts;
  // The timelock's wiring (on a network: governance's first proposal): the spoke's bridge, the hub's right to send,
  // and the hub's knowledge of the spoke's vault and executor.
  const timelock = await home.impersonate(home.deployment.contracts.CalTimelock);
  const asTimelock = async (address: Address, abi: unknown, functionName: string, args: readonly unknown[]) => {
    const hash = await timelock.writeContract({
      address,
      abi: abi as never,
      functionName: functionName as never,
      args: args as never,
      chain: timelock.chain,
      account: timelock.account,
    });
    await home.publicClient.waitForTransactionReceipt({ hash });
  };
  const { bridgeVaultAbi } = await import("@calctra/sdk/evm");
  await asTimelock(vault, bridgeVaultAbi, "setRemoteDomain", [SPOKE, { bridge: universalFromEvm(minter.address), ...OPEN_LIMITS }]);
  await asTimelock(vault, bridgeVaultAbi, "grantRole", [GOVERNANCE_SENDER_ROLE, hub]);
  await asTimelock(hub, governanceHubAbi, "setSpoke", [SPOKE, universalFromEvm(spokeVault.address), universalFromEvm(executor.address)]);

  const logger = pino({ level: "silent" });
  const chains = [
    { domain: HOME, client: home.publicClient, bridge: vault, wallet: home.wallets[9]! },
    { domain: SPOKE, client: spoke.publicClient, bridge: minter.address, wallet: spoke.wallets[9]! },
  ];
  const sources = () =>
    chains.map((c) => ({
      source: new EvmSource({ client: c.client, bridge: c.bridge, domain: c.domain, finality: "latest" }),
      startBlock: 0n,
    }));
  const validators = keys.map(
    (k) =>
      new Validator({
        sources: sources(),
        destinations: new Map(chains.map((c) => [c.domain, universalFromEvm(c.bridge)])),
        account: privateKeyToAccount(k.privateKey),
        logger,
      }),
  );
  const urls = (await Promise.all(validators.map((v) => v.serve(0)))).map((port) => `http://127.0.0.1:${port}`);
  const dir = mkdtempSync(join(tmpdir(), "calctra-governance-e2e-"));
  const store = new SqliteRelayStore(join(dir, "relayer.sqlite"));
  const relayer = new Relayer({
    sources: sources(),
    destinations: new Map(
      chains.map((c) => [
        c.domain,
        new EvmDestination({ domain: c.domain, bridge: c.bridge, publicClient: c.client as PublicClient, walletClient: c.wallet as never }),
      ]),
    ),
    validators: urls,
    store,
    logger,
    retry: { baseMs: 1, maxMs: 4 },
  });
  /** Every validator signs what is final, then the relayer delivers it. */
  const relay = async () => {
    for (const v of validators) await v.pollOnce();
    await relayer.pollOnce();
  };
  const close = async () => {
    await relayer.stop();
    for (const v of validators) await v.stop();
    store.close();
    rmSync(dir, { recursive: true, force: true });
  };
  return {
    home,
    spoke,
    hub,
    vault,
    spokeMarketplace: spokeMarketplace.address,
    spokeVault: spokeVault.address,
    executor: executor.address,
    relay,
    relayer,
    close,
  };
}

describe("One governance on EVM: proposed on the hub, voted from the spoke through the bridge, executed on both", () => {
  let world: Awaited<ReturnType<typeof startGovernedPair>> | undefined;
  after(async () => {
    await world?.close();
  });

  it("changes challengePeriod on the hub and the spoke with one proposal, counting the spoke's vault votes at the snapshot, and never counts bridged CAL twice", async () => {
    world = await startGovernedPair();
    const { home, spoke, hub, vault, relay } = world;
    const [deployer, alice, bob] = home.wallets;
    const base = { publicClient: home.publicClient, deployment: home.deployment };
    const homeToken = (w: typeof deployer) => new EvmTokenClient({ ...base, walletClient: w! });
    const bridgeOf = (w: typeof deployer) => new EvmBridgeClient({ publicClient: home.publicClient, walletClient: w!, bridge: vault });
    const spokeGov = (i: number) =>
      new EvmSpokeGovernanceClient({
        publicClient: spoke.publicClient,
        walletClient: spoke.wallets[i]!,
        vault: world!.spokeVault,
        executor: world!.executor,
      });

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
      args: [world.spokeVault, 400n * CAL],
      chain: spokeAlice.chain,
      account: spokeAlice.account,
    });
    await spoke.publicClient.waitForTransactionReceipt({ hash: approve });
    await spokeGov(1).deposit({ amount: 400n * CAL });
    // Home holders delegate to themselves; the BridgeVault's 400 CAL already vote through the hub.
    await homeToken(deployer).delegate({ delegatee: deployer!.account.address });
    await homeToken(bob).delegate({ delegatee: bob!.account.address });
    await home.increaseTime(1n);
    await spoke.increaseTime(1n);

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
    await home.increaseTime(LOCAL_EVM_GOVERNANCE.votingDelay + 1n);
    await spoke.increaseTime(LOCAL_EVM_GOVERNANCE.votingDelay + 1n);

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
    await home.increaseTime(LOCAL_EVM_GOVERNANCE.votingPeriod + LOCAL_EVM_GOVERNANCE.lateQuorumExtension);
    await gov(deployer).queue(actions);
    await home.increaseTime(LOCAL_EVM_GOVERNANCE.timelockDelay + 1n);
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
    await spoke.increaseTime(EXECUTION_DELAY + 1n);
    await spokeGov(3).execute({ sequence: 1n });
    assert.equal((await spokeGov(3).remoteExecution({ sequence: 1n })).state, "Executed");
    assert.equal(await challengePeriod(spoke.publicClient, world.spokeMarketplace), 7200n);
  });
});
