import assert from "node:assert/strict";
import { encodeFunctionData, encodePacked, getAddress, keccak256, pad, parseEventLogs, toHex, type Address, type Hex } from "viem";
import { ERROR_NAMES, encodeGovernanceActions, setParameter } from "@calctra/core";
import { networkHelpers, viem, CAL, ZERO } from "../helpers/fixture.js";

const HOME = 31337;
const SPOKE = 31338;
const VOTING_DELAY = 60n;
const VOTING_PERIOD = 3600n;
const TIMELOCK_DELAY = 60n;
const EXECUTION_DELAY = 3600n;
const ANYONE: Address = ZERO;
const Kind = { ProposalOpened: 1, VoteTally: 2, GovernanceActions: 3 } as const;
const State = { Active: 1, Succeeded: 4, Queued: 5, Executed: 7 } as const;

const universal = (a: Address): Hex => pad(a, { size: 32 });
const evm = (u: Hex): Address => getAddress(`0x${u.slice(26)}`);

/** Hub (CAL, timelock, fractional governor, GovernanceHub, a real BridgeVault, home marketplace) and one spoke. */
async function deployHubAndSpoke() {
  const [deployer, holder, alice, bob, guardian, stranger] = await viem.getWalletClients();
  const d = deployer.account.address;
  const token = await viem.deployContract("CalToken", [d, d, true]);
  const timelock = await viem.deployContract("CalTimelock", [TIMELOCK_DELAY, [], [ANYONE], d]);
  const governor = await viem.deployContract("CalGovernor", [
    token.address,
    timelock.address,
    {
      votingDelay: Number(VOTING_DELAY),
      votingPeriod: Number(VOTING_PERIOD),
      proposalThreshold: 0n,
      quorumNumerator: 4n,
      lateQuorumExtension: 0,
    },
  ]);
  await timelock.write.grantRole([await timelock.read.PROPOSER_ROLE(), governor.address]);
  const homeMessenger = await viem.deployContract("MockGovernanceMessenger", [HOME]);
  const hub = await viem.deployContract("GovernanceHub", [governor.address, homeMessenger.address, timelock.address]);
  const bridgeVault = await viem.deployContract("BridgeVault", [token.address, d, ZERO, [d], 1, 0]);
  await bridgeVault.write.delegateVotes([hub.address]);
  const staking = await viem.deployContract("Staking", [token.address, timelock.address]);
  const marketplace = await viem.deployContract("Marketplace", [token.address, staking.address, timelock.address, ZERO, d, d]);

  // The spoke: its own CAL, bridge (mock), staking, marketplace, vault and executor (admin of both).
  const spokeToken = await viem.deployContract("CalToken", [d, d, true]);
  const spokeMessenger = await viem.deployContract("MockGovernanceMessenger", [SPOKE]);
  const spokeStaking = await viem.deployContract("Staking", [spokeToken.address, d]);
  const spokeMarketplace = await viem.deployContract("Marketplace", [spokeToken.address, spokeStaking.address, d, ZERO, d, d]);
  const vault = await viem.deployContract("SpokeVault", [spokeToken.address, spokeMessenger.address, HOME, universal(hub.address)]);
  const executor = await viem.deployContract("SpokeExecutor", [
    spokeMessenger.address,
    HOME,
    universal(hub.address),
    spokeMarketplace.address,
    spokeStaking.address,
    guardian.account.address,
    EXECUTION_DELAY,
  ]);
  await spokeMarketplace.write.grantRole([`0x${"00".repeat(32)}`, executor.address]);
  await spokeStaking.write.transferOwnership([executor.address]);

  // The timelock registers the spoke (impersonated here; a proposal in production).
  await networkHelpers.impersonateAccount(timelock.address);
  await networkHelpers.setBalance(timelock.address, 10n ** 18n);
  await hub.write.setSpoke([SPOKE, universal(vault.address), universal(executor.address)], { account: timelock.address });
  await networkHelpers.stopImpersonatingAccount(timelock.address);

  await token.write.delegate([d]);
  for (const w of [alice, bob, holder]) {
    await spokeToken.write.transfer([w.account.address, 10_000n * CAL]);
    await spokeToken.write.approve([vault.address, 2n ** 255n], { account: w.account });
  }
  const send = async (from: typeof homeMessenger, to: typeof homeMessenger, srcDomain: number, i: bigint) => {
    const [sender, , recipient, kind, payload] = await from.read.sent([i]);
    return to.write.deliver([evm(recipient), srcDomain, universal(sender), kind, payload]);
  };
  /** Relays the i-th message the hub side sent to the spoke, as the bridge would. */
  const toSpoke = (i: bigint) => send(homeMessenger, spokeMessenger, HOME, i);
  /** Relays the i-th message the spoke side sent to the hub. */
  const toHub = (i: bigint) => send(spokeMessenger, homeMessenger, SPOKE, i);
  return {
    deployer,
    holder,
    alice,
    bob,
    guardian,
    stranger,
    token,
    timelock,
    governor,
    hub,
    homeMessenger,
    bridgeVault,
    staking,
    marketplace,
    spokeToken,
    spokeMessenger,
    spokeMarketplace,
    vault,
    executor,
    toSpoke,
    toHub,
  };
}

type World = Awaited<ReturnType<typeof deployHubAndSpoke>>;

/** A proposal with one harmless home action; returns its id and what queue/execute need. */
async function propose(w: World, targets: Address[], calldatas: Hex[], description: string) {
  const values = targets.map(() => 0n);
  await w.governor.write.propose([targets, values, calldatas, description]);
  const descriptionHash = keccak256(toHex(description));
  const proposalId = await w.governor.read.hashProposal([targets, values, calldatas, descriptionHash]);
  return { targets, values, calldatas, descriptionHash, proposalId };
}

const challengePeriodCall = (w: World, value: bigint) =>
  encodeFunctionData({ abi: w.marketplace.abi, functionName: "setParameter", args: [3, value] });

describe("Hub governance", () => {
  it("counts a spoke's cumulative tally as fractional votes of the hub, refusing tallies above its weight or lower than the last", async () => {
    const w = await networkHelpers.loadFixture(deployHubAndSpoke);
    await w.token.write.transfer([w.bridgeVault.address, 1000n * CAL]); // CAL bridged out to spokes
    await w.vault.write.deposit([600n * CAL], { account: w.alice.account });
    await w.vault.write.deposit([500n * CAL], { account: w.bob.account });
    await networkHelpers.time.increase(1);
    const p = await propose(w, [w.marketplace.address], [challengePeriodCall(w, 7200n)], "tally");
    await w.hub.write.announce([p.proposalId, SPOKE], { account: w.stranger.account });
    await w.toSpoke(0n);
    const opened = await w.vault.read.proposalTally([p.proposalId]);
    assert.equal(BigInt(opened.snapshot), await w.governor.read.proposalSnapshot([p.proposalId]));
    assert.equal(BigInt(opened.voteEnd), await w.governor.read.proposalDeadline([p.proposalId]));
    await networkHelpers.time.increase(Number(VOTING_DELAY) + 1);

    await w.vault.write.castVote([p.proposalId, 1], { account: w.alice.account });
    await w.vault.write.sendTally([p.proposalId]);
    await viem.assertions.emitWithArgs(w.toHub(0n), w.hub, "TallyCounted", [p.proposalId, SPOKE, 0n, 600n * CAL, 0n]);
    const [against, forVotes, abstain] = await w.governor.read.proposalVotes([p.proposalId]);
    assert.deepEqual([against, abstain], [0n, 0n]);
    assert.equal(forVotes, 600n * CAL);
    assert.equal(await w.governor.read.usedVotes([p.proposalId, w.hub.address]), 600n * CAL);

    // 600 For + 500 Against = 1100 CAL of spoke votes, but only 1000 CAL sit in the home vault.
    await w.vault.write.castVote([p.proposalId, 0], { account: w.bob.account });
    await w.vault.write.sendTally([p.proposalId]);
    await viem.assertions.revertWithCustomErrorWithArgs(w.toHub(1n), w.governor, "GovernorExceedRemainingWeight", [
      getAddress(w.hub.address),
      500n * CAL,
      400n * CAL,
    ]);
    assert.equal((await w.governor.read.proposalVotes([p.proposalId]))[0], 0n);

    const lower = encodePacked(["uint256", "uint64", "uint64", "uint64"], [p.proposalId, 0n, 500n * CAL, 0n]);
    const vaultU = universal(w.vault.address);
    await viem.assertions.revertWithCustomErrorWithArgs(
      w.homeMessenger.write.deliver([w.hub.address, SPOKE, vaultU, Kind.VoteTally, lower]),
      w.hub,
      "GovernanceTallyDecreased",
      [p.proposalId, SPOKE],
    );
    const strangerU = universal(w.stranger.account.address);
    await viem.assertions.revertWithCustomErrorWithArgs(
      w.homeMessenger.write.deliver([w.hub.address, SPOKE, strangerU, Kind.VoteTally, lower]),
      w.hub,
      "GovernanceNotHub",
      [SPOKE, strangerU],
    );
    await viem.assertions.revertWithCustomErrorWithArgs(
      w.hub.write.receiveGovernanceMessage([SPOKE, vaultU, Kind.VoteTally, lower]),
      w.hub,
      "GovernanceNotHub",
      [SPOKE, vaultU],
    );
  });

  it("gives CAL bridged after the snapshot no voting power on the spoke, while its home vote still counts once", async () => {
    const w = await networkHelpers.loadFixture(deployHubAndSpoke);
    const h = w.holder.account;
    await w.token.write.transfer([h.address, 100n * CAL]);
    await w.token.write.delegate([h.address], { account: h });
    await networkHelpers.time.increase(1);
    const p = await propose(w, [w.marketplace.address], [challengePeriodCall(w, 7200n)], "bridged after the snapshot");
    await w.hub.write.announce([p.proposalId, SPOKE]);
    await w.toSpoke(0n);
    await networkHelpers.time.increase(Number(VOTING_DELAY) + 1);
    await w.governor.write.castVote([p.proposalId, 1], { account: h });
    // Bridge out: the CAL goes into the home vault, the same amount appears on the spoke and is deposited.
    await w.token.write.transfer([w.bridgeVault.address, 100n * CAL], { account: h });
    await w.vault.write.deposit([100n * CAL], { account: h });
    await viem.assertions.revertWithCustomErrorWithArgs(
      w.vault.write.castVote([p.proposalId, 1], { account: h }),
      w.vault,
      "GovernanceNoVotingPower",
      [getAddress(h.address), p.proposalId],
    );
    assert.equal(await w.token.read.getPastVotes([w.hub.address, await w.governor.read.proposalSnapshot([p.proposalId])]), 0n);
    assert.equal((await w.governor.read.proposalVotes([p.proposalId]))[1], 100n * CAL);
  });

  it("runs a proposal with a home action and a remote action list from propose to execution on the spoke", async () => {
    const w = await networkHelpers.loadFixture(deployHubAndSpoke);
    await w.token.write.transfer([w.bridgeVault.address, 1000n * CAL]);
    await w.vault.write.deposit([700n * CAL], { account: w.alice.account });
    await networkHelpers.time.increase(1);
    const remote = toHex(encodeGovernanceActions([setParameter("challengePeriod", 3600n), setParameter("executionDelay", 7200n)]));
    const dispatch = encodeFunctionData({ abi: w.hub.abi, functionName: "dispatch", args: [SPOKE, remote] });
    const p = await propose(w, [w.marketplace.address, w.hub.address], [challengePeriodCall(w, 7200n), dispatch], "home and spoke");
    await w.hub.write.announce([p.proposalId, SPOKE]);
    await w.toSpoke(0n);
    await networkHelpers.time.increase(Number(VOTING_DELAY) + 1);
    assert.equal(await w.governor.read.state([p.proposalId]), State.Active);
    await w.vault.write.castVote([p.proposalId, 1], { account: w.alice.account });
    await w.vault.write.sendTally([p.proposalId]);
    await w.toHub(0n);
    assert.equal(await w.governor.read.hasVoted([p.proposalId, w.hub.address]), true);
    await w.governor.write.castVote([p.proposalId, 1]);
    await networkHelpers.time.increase(Number(VOTING_PERIOD));
    assert.equal(await w.governor.read.state([p.proposalId]), State.Succeeded);
    await w.governor.write.queue([p.targets, p.values, p.calldatas, p.descriptionHash]);
    await networkHelpers.time.increase(Number(TIMELOCK_DELAY) + 1);
    const hash = await w.governor.write.execute([p.targets, p.values, p.calldatas, p.descriptionHash]);
    const receipt = await (await viem.getPublicClient()).getTransactionReceipt({ hash });
    const [dispatched] = parseEventLogs({ abi: w.hub.abi, eventName: "ActionsDispatched", logs: receipt.logs });
    assert.deepEqual([dispatched?.args.dstDomain, dispatched?.args.sequence, dispatched?.args.proposalId], [SPOKE, 1n, p.proposalId]);
    assert.equal(await w.governor.read.state([p.proposalId]), State.Executed);
    assert.equal(await w.marketplace.read.challengePeriod(), 7200n);
    assert.equal(await w.hub.read.lastSequence([SPOKE]), 1n);

    // The list travels to the spoke executor, waits executionDelay, then anyone runs it.
    await w.toSpoke(1n);
    const list = await w.executor.read.actionList([1n]);
    assert.equal(list.proposalId, p.proposalId);
    assert.equal(list.actions, remote);
    await networkHelpers.time.increase(Number(EXECUTION_DELAY));
    await w.executor.write.execute([1n], { account: w.stranger.account });
    assert.equal(await w.spokeMarketplace.read.challengePeriod(), 3600n);
    assert.equal(await w.executor.read.executionDelay(), 7200n);
  });

  it("announces a proposal to a spoke once and only while it can be voted on, so a relayer cannot be made to pay for repeats", async () => {
    const w = await networkHelpers.loadFixture(deployHubAndSpoke);
    const p = await propose(w, [w.marketplace.address], [challengePeriodCall(w, 7200n)], "announced once");
    await w.hub.write.announce([p.proposalId, SPOKE], { account: w.stranger.account });
    await viem.assertions.revertWithCustomErrorWithArgs(
      w.hub.write.announce([p.proposalId, SPOKE], { account: w.stranger.account }),
      w.hub,
      "GovernanceAlreadyAnnounced",
      [p.proposalId, SPOKE],
    );
    const late = await propose(w, [w.marketplace.address], [challengePeriodCall(w, 3600n)], "announced too late");
    const [snapshot, deadline] = [
      await w.governor.read.proposalSnapshot([late.proposalId]),
      await w.governor.read.proposalDeadline([late.proposalId]),
    ];
    await networkHelpers.time.increase(Number(VOTING_DELAY + VOTING_PERIOD) + 1);
    await viem.assertions.revertWithCustomErrorWithArgs(w.hub.write.announce([late.proposalId, SPOKE]), w.hub, "GovernanceVotingClosed", [
      late.proposalId,
      snapshot,
      deadline,
    ]);
  });

  it("names every refusal of the hub as errors.json's hub group does (the hub's names are EVM-only)", async () => {
    const w = await networkHelpers.loadFixture(deployHubAndSpoke);
    const hubErrors = new Set(w.hub.abi.filter((x) => x.type === "error").map((x) => x.name));
    for (const name of ERROR_NAMES.hub) assert.ok(hubErrors.has(name), name);
  });

  it("lets only the timelock dispatch and register spokes, and refuses malformed lists, unknown spokes and unknown proposals", async () => {
    const w = await networkHelpers.loadFixture(deployHubAndSpoke);
    const list = toHex(encodeGovernanceActions([setParameter("challengePeriod", 3600n)]));
    const d = getAddress(w.deployer.account.address);
    await viem.assertions.revertWithCustomErrorWithArgs(w.hub.write.dispatch([SPOKE, list]), w.hub, "GovernorOnlyExecutor", [d]);
    await viem.assertions.revertWithCustomErrorWithArgs(
      w.hub.write.setSpoke([SPOKE, pad("0x01"), pad("0x02")]),
      w.hub,
      "GovernorOnlyExecutor",
      [d],
    );
    await viem.assertions.revertWithCustomErrorWithArgs(w.hub.write.announce([1n, 99]), w.hub, "GovernanceUnknownSpoke", [99]);
    await viem.assertions.revertWithCustomErrorWithArgs(w.hub.write.announce([1n, SPOKE]), w.hub, "GovernorNonexistentProposal", [1n]);
    await networkHelpers.impersonateAccount(w.timelock.address);
    const t = { account: w.timelock.address };
    await viem.assertions.revertWithCustomError(w.hub.write.dispatch([SPOKE, "0x00"], t), w.hub, "GovernanceInvalidAction");
    await viem.assertions.revertWithCustomErrorWithArgs(w.hub.write.dispatch([99, list], t), w.hub, "GovernanceUnknownSpoke", [99]);
    await w.hub.write.dispatch([SPOKE, list], t);
    await w.hub.write.dispatch([SPOKE, list], t);
    assert.equal(await w.hub.read.lastSequence([SPOKE]), 2n);
    const [, dst, recipient, kind, payload] = await w.homeMessenger.read.sent([1n]);
    assert.deepEqual(
      [dst, recipient, kind, payload],
      [SPOKE, universal(w.executor.address), Kind.GovernanceActions, encodePacked(["uint64", "uint256", "bytes"], [2n, 0n, list])],
    );
    await networkHelpers.stopImpersonatingAccount(w.timelock.address);
  });
});
