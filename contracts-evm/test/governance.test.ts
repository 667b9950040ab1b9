import assert from "node:assert/strict";
import { encodeFunctionData, keccak256, toHex, getAddress } from "viem";
import CalctraModule from "../ignition/modules/Calctra.js";
import { connection, viem, networkHelpers, CAL, name32 } from "./helpers/fixture.js";

const VOTING_DELAY = 3600n;
const VOTING_PERIOD = 3n * 86_400n;
const TIMELOCK_DELAY = 86_400n;
const ADMIN_ROLE = `0x${"00".repeat(32)}` as const;
const ProposalState = { Pending: 0, Active: 1, Succeeded: 4, Queued: 5, Executed: 7 } as const;

/** The suite deployed by the Ignition module (home mode), with the deployer's votes self-delegated. */
async function deployGoverned() {
  const [deployer, voter] = await viem.getWalletClients();
  const suite = await connection.ignition.deploy(CalctraModule, {
    parameters: {
      Calctra: {
        votingDelay: VOTING_DELAY,
        votingPeriod: VOTING_PERIOD,
        timelockDelay: TIMELOCK_DELAY,
        proposalThreshold: 1000n * CAL,
        lateQuorumExtension: 3600n,
      },
    },
    displayUi: false,
  });
  await suite.token.write.delegate([deployer.account.address]);
  return { deployer, voter, ...suite };
}

type Governed = Awaited<ReturnType<typeof deployGoverned>>;

/** propose → vote For → queue; returns what execute needs. */
async function proposeAndQueue(g: Governed, calldata: `0x${string}`, description: string, target: `0x${string}` = g.marketplace.address) {
  const targets = [target];
  const values = [0n];
  const calldatas = [calldata];
  const descriptionHash = keccak256(toHex(description));
  await g.governor.write.propose([targets, values, calldatas, description]);
  const proposalId = await g.governor.read.hashProposal([targets, values, calldatas, descriptionHash]);
  assert.equal(await g.governor.read.state([proposalId]), ProposalState.Pending);
  await networkHelpers.time.increase(Number(VOTING_DELAY) + 1);
  assert.equal(await g.governor.read.state([proposalId]), ProposalState.Active);
  await g.governor.write.castVote([proposalId, 1]);
  await networkHelpers.time.increase(Number(VOTING_PERIOD) + 1);
  assert.equal(await g.governor.read.state([proposalId]), ProposalState.Succeeded);
  await g.governor.write.queue([targets, values, calldatas, descriptionHash]);
  assert.equal(await g.governor.read.state([proposalId]), ProposalState.Queued);
  await networkHelpers.time.increase(Number(TIMELOCK_DELAY) + 1);
  return { targets, values, calldatas, descriptionHash, proposalId };
}

describe("Governance", () => {
  it("deploys with every admin right in the timelock and none left to the deployer", async () => {
    const g = await networkHelpers.loadFixture(deployGoverned);
    const d = g.deployer.account.address;
    assert.equal(getAddress(await g.staking.read.owner()), getAddress(g.timelock.address));
    assert.equal(await g.marketplace.read.hasRole([ADMIN_ROLE, g.timelock.address]), true);
    assert.equal(await g.marketplace.read.hasRole([ADMIN_ROLE, d]), false);
    assert.equal(await g.token.read.hasRole([ADMIN_ROLE, g.timelock.address]), true);
    assert.equal(await g.token.read.hasRole([ADMIN_ROLE, d]), false);
    assert.equal(await g.timelock.read.hasRole([ADMIN_ROLE, d]), false);
    assert.equal(await g.timelock.read.hasRole([await g.timelock.read.PROPOSER_ROLE(), g.governor.address]), true);
    assert.equal(getAddress(await g.staking.read.marketplace()), getAddress(g.marketplace.address));
    assert.equal(await g.governor.read.CLOCK_MODE(), "mode=timestamp");
    assert.equal(await g.token.read.totalSupply(), 10n ** 18n);
  });

  it("changes a power registry parameter (id 9, m) through propose, vote, queue and execute", async () => {
    const g = await networkHelpers.loadFixture(deployGoverned);
    const calldata = encodeFunctionData({ abi: g.powerRegistry.abi, functionName: "setParameter", args: [9, 16n] });
    const p = await proposeAndQueue(g, calldata, "Ask power challenges for 16 nonces", g.powerRegistry.address);
    await viem.assertions.emitWithArgs(
      g.governor.write.execute([p.targets, p.values, p.calldatas, p.descriptionHash]),
      g.powerRegistry,
      "ParameterUpdated",
      [9, 16n],
    );
    assert.equal((await g.powerRegistry.read.parameters()).powerNonces, 16);
  });

  it("changes a marketplace parameter through propose, vote, queue and execute", async () => {
    const g = await networkHelpers.loadFixture(deployGoverned);
    const calldata = encodeFunctionData({ abi: g.marketplace.abi, functionName: "setParameter", args: [3, 7200n] });
    const p = await proposeAndQueue(g, calldata, "Shorten the challenge period to two hours");
    await viem.assertions.emitWithArgs(
      g.governor.write.execute([p.targets, p.values, p.calldatas, p.descriptionHash]),
      g.marketplace,
      "ParameterUpdated",
      [3, 7200n],
    );
    assert.equal(await g.governor.read.state([p.proposalId]), ProposalState.Executed);
    assert.equal(await g.marketplace.read.challengePeriod(), 7200n);
  });

  it("refuses an out-of-bounds parameter at execution with MarketplaceParameterOutOfBounds", async () => {
    const g = await networkHelpers.loadFixture(deployGoverned);
    const calldata = encodeFunctionData({ abi: g.marketplace.abi, functionName: "setParameter", args: [3, 60n] });
    const p = await proposeAndQueue(g, calldata, "A one-minute challenge period");
    await viem.assertions.revertWithCustomErrorWithArgs(
      g.governor.write.execute([p.targets, p.values, p.calldatas, p.descriptionHash]),
      g.marketplace,
      "MarketplaceParameterOutOfBounds",
      [name32("challengePeriod"), 60n, 600n, 7n * 86_400n],
    );
    assert.equal(await g.governor.read.state([p.proposalId]), ProposalState.Queued);
    assert.equal(await g.marketplace.read.challengePeriod(), 86_400n);
  });

  it("unpauses the marketplace only through a proposal after the pauser paused it", async () => {
    const g = await networkHelpers.loadFixture(deployGoverned);
    await g.marketplace.write.pause(); // the deployer is the module's default pauser
    await viem.assertions.revertWithCustomErrorWithArgs(g.marketplace.write.unpause(), g.marketplace, "AccessControlUnauthorizedAccount", [
      getAddress(g.deployer.account.address),
      ADMIN_ROLE,
    ]);
    const calldata = encodeFunctionData({ abi: g.marketplace.abi, functionName: "unpause", args: [] });
    const p = await proposeAndQueue(g, calldata, "Unpause the marketplace");
    await viem.assertions.emitWithArgs(
      g.governor.write.execute([p.targets, p.values, p.calldatas, p.descriptionHash]),
      g.marketplace,
      "Unpaused",
      [getAddress(g.timelock.address)],
    );
    assert.equal(await g.marketplace.read.paused(), false);
  });

  it("lets the proposer cancel a pending proposal, which then cannot be voted on", async () => {
    const g = await networkHelpers.loadFixture(deployGoverned);
    const calldata = encodeFunctionData({ abi: g.marketplace.abi, functionName: "setParameter", args: [4, 3000n] });
    const description = "Raise slashBps";
    const descriptionHash = keccak256(toHex(description));
    await g.governor.write.propose([[g.marketplace.address], [0n], [calldata], description]);
    const id = await g.governor.read.hashProposal([[g.marketplace.address], [0n], [calldata], descriptionHash]);
    await g.governor.write.cancel([[g.marketplace.address], [0n], [calldata], descriptionHash]);
    assert.equal(await g.governor.read.state([id]), 2); // Canceled
    await networkHelpers.time.increase(Number(VOTING_DELAY) + 1);
    await viem.assertions.revertWithCustomError(g.governor.write.castVote([id, 1]), g.governor, "GovernorUnexpectedProposalState");
  });

  it("refuses a proposal from an account below the proposal threshold", async () => {
    const g = await networkHelpers.loadFixture(deployGoverned);
    const calldata = encodeFunctionData({ abi: g.marketplace.abi, functionName: "setParameter", args: [4, 3000n] });
    await viem.assertions.revertWithCustomErrorWithArgs(
      g.governor.write.propose([[g.marketplace.address], [0n], [calldata], "x"], { account: g.voter.account }),
      g.governor,
      "GovernorInsufficientProposerVotes",
      [getAddress(g.voter.account.address), 0n, 1000n * CAL],
    );
  });

  it("refuses direct admin calls that bypass the timelock", async () => {
    const g = await networkHelpers.loadFixture(deployGoverned);
    await viem.assertions.revertWithCustomErrorWithArgs(
      g.marketplace.write.setParameter([3, 7200n]),
      g.marketplace,
      "AccessControlUnauthorizedAccount",
      [getAddress(g.deployer.account.address), ADMIN_ROLE],
    );
    await viem.assertions.revertWithCustomErrorWithArgs(g.staking.write.setParameter([1, CAL]), g.staking, "OwnableUnauthorizedAccount", [
      getAddress(g.deployer.account.address),
    ]);
  });
});
