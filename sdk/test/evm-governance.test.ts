import { expect } from "chai";
import { decodeFunctionData, encodePacked, getAddress, pad, toHex, type Address, type Hex } from "viem";
import {
  CAL,
  CalctraError,
  ProposalState,
  encodeGovernanceActions,
  setParameter,
  universalFromEvm,
  type SpokeGovernanceClient,
} from "@calctra/core";
import {
  EvmGovernanceClient,
  EvmSpokeGovernanceClient,
  EvmTokenClient,
  calGovernorAbi,
  decodeEvmProposalActions,
  evmDispatchCall,
  evmGovernanceCalls,
  evmProposalActions,
  governanceHubAbi,
  marketplaceAbi,
  powerRegistryAbi,
  type EvmPreparedTransaction,
  stakingAbi,
} from "../src/evm/index.js";
import { startLocalEvm, type LocalEvm } from "@calctra/devnet/evm";
import { startLocalEvmGovernanceSpoke } from "@calctra/devnet/evm-governance";

const deliverAbi = [
  {
    type: "function",
    name: "deliver",
    stateMutability: "nonpayable",
    inputs: [
      { name: "recipient", type: "address" },
      { name: "srcDomain", type: "uint32" },
      { name: "sender", type: "bytes32" },
      { name: "kind", type: "uint8" },
      { name: "payload", type: "bytes" },
    ],
    outputs: [],
  },
] as const;

async function rejection(p: Promise<unknown>): Promise<CalctraError> {
  try {
    await p;
  } catch (e) {
    expect(e).to.be.instanceOf(CalctraError);
    return e as CalctraError;
  }
  throw new Error("expected a CalctraError");
}

describe("EVM governance from chain-neutral actions: home calls, remote dispatch, spoke vault and executor", function () {
  this.timeout(300_000);
  let evm: LocalEvm;
  let gov: EvmGovernanceClient;
  let hub: Address;

  before(async () => {
    evm = await startLocalEvm({
      moduleParameters: { votingDelay: 60n, votingPeriod: 3600n, timelockDelay: 600n, proposalThreshold: 0n, lateQuorumExtension: 600n },
      bridge: { validators: [evm0()], threshold: 1 },
      governanceHub: true,
    });
    gov = new EvmGovernanceClient({ publicClient: evm.publicClient, walletClient: evm.wallets[0]!, deployment: evm.deployment });
    hub = evm.contracts.hub!.address;
    await new EvmTokenClient({ publicClient: evm.publicClient, walletClient: evm.wallets[0]!, deployment: evm.deployment }).delegate({
      delegatee: evm.wallets[0]!.account.address,
    });
    await evm.increaseTime(1n);
  });

  /** The deployer's address (the first default Hardhat account) as the one dev validator. */
  function evm0(): Address {
    return "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";
  }

  it("encodes each home action as the timelock call that applies it and a remote list as one dispatch", () => {
    const targets = { ...evm.deployment.contracts, Bridge: evm.bridge! };
    const [call] = evmGovernanceCalls(setParameter("minStake", 5n * CAL), targets);
    expect(call?.target).to.equal(evm.deployment.contracts.Staking);
    expect(decodeFunctionData({ abi: stakingAbi, data: call!.calldata })).to.deep.include({
      functionName: "setParameter",
      args: [1, 5n * CAL],
    });
    expect(evmGovernanceCalls({ kind: "setValidatorSet", signers: [evm0()], threshold: 1, retention: 60 }, targets)).to.have.length(2);
    expect(() => evmGovernanceCalls(setParameter("executionDelay", 3600n), targets)).to.throw(CalctraError, /GovernanceUnknownParameter/);
    // The power registry's ids (8..14) go to the registry of the deployment; without one they are unknown.
    const [power] = evmGovernanceCalls(setParameter("powerNonces", 16n), targets);
    expect(power?.target).to.equal(evm.deployment.contracts.PowerRegistry);
    expect(decodeFunctionData({ abi: powerRegistryAbi, data: power!.calldata })).to.deep.include({
      functionName: "setParameter",
      args: [9, 16n],
    });
    const { PowerRegistry: _, ...withoutPower } = targets;
    expect(() => evmGovernanceCalls(setParameter("powerNonces", 16n), withoutPower)).to.throw(CalctraError, /GovernanceUnknownParameter/);
    expect(() => evmGovernanceCalls({ kind: "setRole", role: "guardian", account: universalFromEvm(evm0()) }, targets)).to.throw(
      CalctraError,
      /GovernanceInvalidAction/,
    );
    const list = [setParameter("challengePeriod", 7200n)];
    const dispatch = evmDispatchCall(hub, 31338, list);
    expect(dispatch.target).to.equal(hub);
    expect(decodeFunctionData({ abi: governanceHubAbi, data: dispatch.calldata })).to.deep.include({
      functionName: "dispatch",
      args: [31338, toHex(encodeGovernanceActions(list))],
    });
  });

  it("runs a proposal of chain-neutral home actions from propose to execute and changes the parameters", async () => {
    const arbiter = evm.wallets[5]!.account.address;
    const actions = evmProposalActions({
      home: [
        setParameter("challengePeriod", 7200n),
        setParameter("minStake", 5n * CAL),
        { kind: "setRole", role: "arbiter", account: universalFromEvm(arbiter) },
      ],
      targets: evm.deployment.contracts,
      description: "home actions from GovernanceAction",
    });
    expect(actions.targets).to.have.length(3);
    const { proposalId } = await gov.propose(actions);
    await evm.increaseTime(61n);
    await gov.castVote({ proposalId, support: 1 });
    await evm.increaseTime(3601n);
    expect((await gov.getProposal({ proposalId })).state).to.equal(ProposalState.Succeeded);
    await gov.queue(actions);
    await evm.increaseTime(601n);
    await gov.execute(actions);
    expect((await gov.getProposal({ proposalId })).state).to.equal(ProposalState.Executed);
    const read = (abi: typeof marketplaceAbi | typeof stakingAbi, address: Address, functionName: string) =>
      evm.publicClient.readContract({ address, abi, functionName } as never) as Promise<unknown>;
    expect(await read(marketplaceAbi, evm.deployment.contracts.Marketplace, "challengePeriod")).to.equal(7200n);
    expect(await read(stakingAbi, evm.deployment.contracts.Staking, "minStake")).to.equal(5n * CAL);
    expect(getAddress((await read(marketplaceAbi, evm.deployment.contracts.Marketplace, "arbiter")) as Address)).to.equal(
      getAddress(arbiter),
    );
    const counting = await evm.publicClient.readContract({
      address: evm.deployment.contracts.CalGovernor,
      abi: calGovernorAbi,
      functionName: "COUNTING_MODE",
    });
    expect(counting).to.match(/fractional/);
    // The proposal reads back from the Governor's events with its calls, which decode to the same actions.
    const listed = (await gov.proposals()).find((p) => p.proposalId === proposalId);
    expect(listed?.description).to.equal("home actions from GovernanceAction");
    expect(decodeEvmProposalActions({ ...listed!, contracts: evm.deployment.contracts }).home).to.deep.equal([
      setParameter("challengePeriod", 7200n),
      setParameter("minStake", 5n * CAL),
      { kind: "setRole", role: "arbiter", account: universalFromEvm(arbiter) },
    ]);
  });

  it("reads a proposal's calls back as the chain-neutral actions they were built from, home and remote", () => {
    const targets = { ...evm.deployment.contracts, Bridge: evm.bridge! };
    const home = [
      setParameter("powerNonces", 16n),
      { kind: "setVerifier", verifierId: 2, verifier: universalFromEvm(evm0()) },
      { kind: "setVerifier", verifierId: 3, verifier: `0x${"00".repeat(32)}` },
      { kind: "setValidatorSet", signers: [evm0().toLowerCase() as Hex], threshold: 1, retention: 600 },
      {
        kind: "setRemoteDomain",
        domain: 31338,
        enabled: true,
        bridge: universalFromEvm(evm0()),
        inboundCapacity: 5n * CAL,
        inboundRatePerSecond: 1n,
        outboundCapacity: 6n * CAL,
        outboundRatePerSecond: 2n,
      },
      { kind: "pause", target: "bridge" },
      { kind: "unpause", target: "marketplace" },
    ] as const;
    const remote = new Map([
      [31338, [setParameter("challengePeriod", 7200n)]],
      [1_399_811_149, [setParameter("executionDelay", 7200n), { kind: "pause" as const, target: "bridge" as const }]],
    ]);
    const actions = evmProposalActions({ home, remote, targets, hub, description: "round trip" });
    const decoded = decodeEvmProposalActions({ ...actions, contracts: targets, hub });
    expect(decoded.home).to.deep.equal(home);
    expect([...decoded.remote.entries()]).to.deep.equal([...remote.entries()]);
    expect(decoded.other).to.deep.equal([]);
    // A call outside the action set is kept as it is, not guessed at.
    const stranger = decodeEvmProposalActions({ targets: [evm0()], calldatas: ["0x12345678"], contracts: targets, hub });
    expect(stranger.other).to.deep.equal([{ target: evm0(), calldata: "0x12345678" }]);
  });

  it("runs a spoke's vault and executor through the chain-neutral SpokeGovernanceClient", async () => {
    // A spoke vault and executor on this chain behind a mock messenger (standing in for the bridge's version-2 delivery).
    const messenger = await evm.deployContract("MockGovernanceMessenger", [31338]);
    const hubU = pad(evm.wallets[6]!.account.address, { size: 32 });
    const vaultAddress = await evm.deployContract("SpokeVault", [evm.deployment.contracts.CalToken, messenger, 31337, hubU]);
    const guardian = evm.wallets[4]!;
    const executorAddress = await evm.deployContract("SpokeExecutor", [
      messenger,
      31337,
      hubU,
      evm.deployment.contracts.Marketplace,
      evm.deployment.contracts.Staking,
      guardian.account.address,
      3600n,
    ]);
    const deliver = (recipient: Address, kind: number, payload: Hex) =>
      evm.wallets[0]!.writeContract({
        address: messenger,
        abi: deliverAbi,
        functionName: "deliver",
        args: [recipient, 31337, hubU, kind, payload],
        account: evm.wallets[0]!.account,
        chain: evm.wallets[0]!.chain,
      });
    const voter = evm.wallets[2]!;
    await new EvmTokenClient({ publicClient: evm.publicClient, walletClient: evm.wallets[0]!, deployment: evm.deployment }).transfer({
      to: voter.account.address,
      amount: 100n * CAL,
    });
    const clients = { publicClient: evm.publicClient, vault: vaultAddress, executor: executorAddress };
    const spoke: SpokeGovernanceClient<EvmPreparedTransaction> = new EvmSpokeGovernanceClient({ ...clients, walletClient: voter });
    const prepared = await spoke.prepareDeposit({ amount: 40n * CAL });
    expect(prepared.approval?.to).to.equal(evm.deployment.contracts.CalToken);
    await spoke.deposit({ amount: 40n * CAL });
    expect(await spoke.depositOf({ voter: voter.account.address })).to.equal(40n * CAL);
    expect(await spoke.depositOf({ voter: evm.wallets[3]!.account.address })).to.equal(0n);

    const now = (await evm.publicClient.getBlock()).timestamp;
    const proposalId = 77n;
    await deliver(vaultAddress, 1, encodePacked(["uint256", "uint64", "uint64"], [proposalId, now + 2n, now + 3600n]));
    await evm.increaseTime(5n);
    expect(await spoke.votingPower({ proposalId, voter: voter.account.address })).to.equal(40n * CAL);
    const stranger = new EvmSpokeGovernanceClient({ ...clients, walletClient: evm.wallets[3]! });
    expect((await rejection(stranger.simulateCastVote({ proposalId, support: 1 }))).name).to.equal("GovernanceNoVotingPower");
    expect((await spoke.simulateCastVote({ proposalId, support: 1 })).result).to.equal(40n * CAL);
    expect((await spoke.prepareCastVote({ proposalId, support: 1 })).to).to.equal(vaultAddress);
    await spoke.castVote({ proposalId, support: 1 });
    expect((await rejection(spoke.castVote({ proposalId, support: 1 }))).name).to.equal("GovernorAlreadyCastVote");
    expect(await spoke.getProposal({ proposalId })).to.deep.include({
      proposalId,
      forVotes: 40n * CAL,
      againstVotes: 0n,
      abstainVotes: 0n,
    });
    expect((await stranger.simulateSendTally({ proposalId })).result).to.match(/^0x[0-9a-f]{64}$/);
    await stranger.sendTally({ proposalId });
    await spoke.withdraw({ amount: 40n * CAL });
    expect(await spoke.votingPower({ proposalId, voter: voter.account.address })).to.equal(40n * CAL);

    // The executor: a list not delivered is in flight; once delivered it waits for its eta, and the Guardian may veto it.
    expect(await spoke.remoteExecution({ sequence: 1n })).to.deep.equal({ domain: 31337, state: "InFlight", sequence: 1n });
    const list = toHex(encodeGovernanceActions([setParameter("slashBps", 2500n)]));
    await deliver(executorAddress, 3, encodePacked(["uint64", "uint256", "bytes"], [1n, proposalId, list]));
    const pending = await spoke.remoteExecution({ sequence: 1n });
    expect(pending.state).to.equal("Pending");
    expect((await rejection(spoke.simulateExecute({ sequence: 1n }))).name).to.equal("GovernanceExecutionDelayActive");
    expect((await rejection(spoke.simulateVeto({ sequence: 1n }))).name).to.equal("GovernanceNotGuardian");
    await new EvmSpokeGovernanceClient({ ...clients, walletClient: guardian }).veto({ sequence: 1n });
    expect((await spoke.remoteExecution({ sequence: 1n })).state).to.equal("Vetoed");
    expect((await rejection(spoke.simulateRetry({ sequence: 1n }))).name).to.equal("GovernanceActionsNotPending");
  });

  it("starts a hub-governed spoke whose executor refuses lists it never received", async () => {
    const spoke = await startLocalEvmGovernanceSpoke({
      hub: pad(hub, { size: 32 }),
      homeBridge: pad(evm.bridge!, { size: 32 }),
      validators: [evm0()],
      threshold: 1,
    });
    const client = new EvmSpokeGovernanceClient({
      publicClient: spoke.publicClient,
      walletClient: spoke.wallets[1]!,
      vault: spoke.contracts.vault.address,
      executor: spoke.contracts.executor.address,
    });
    expect((await client.remoteExecution({ sequence: 1n })).state).to.equal("InFlight");
    const refused = await rejection(client.simulateExecute({ sequence: 1n }));
    expect(refused.name).to.equal("GovernanceActionsNotPending");
    const owner = await spoke.publicClient.readContract({
      address: spoke.contracts.staking.address,
      abi: stakingAbi,
      functionName: "owner",
    });
    expect(getAddress(owner)).to.equal(getAddress(spoke.contracts.executor.address));
  });
});
