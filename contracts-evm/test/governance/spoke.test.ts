import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { decodeErrorResult, encodePacked, getAddress, pad, parseEventLogs, type Address, type Hex } from "viem";
import { networkHelpers, viem, CAL, ZERO } from "../helpers/fixture.js";

const governance = JSON.parse(readFileSync(new URL("../../../test/vectors/governance.json", import.meta.url), "utf8")) as {
  actions: { name: string; encoded: Hex }[];
  parameterValues: { name: string; paramId: number; value: string; accepted: boolean; error: string | null }[];
};

const HUB_DOMAIN = 31337;
const SPOKE_DOMAIN = 31338;
const DELAY = 3600n;
const Kind = { ProposalOpened: 1, VoteTally: 2, GovernanceActions: 3 } as const;
const Status = { None: 0, Pending: 1, Executed: 2, Vetoed: 3, Failed: 4 } as const;

const universal = (a: Address): Hex => pad(a, { size: 32 });
const opened = (proposalId: bigint, snapshot: bigint, voteEnd: bigint) =>
  encodePacked(["uint256", "uint64", "uint64"], [proposalId, snapshot, voteEnd]);
const actionsPayload = (sequence: bigint, proposalId: bigint, actions: Hex) =>
  encodePacked(["uint64", "uint256", "bytes"], [sequence, proposalId, actions]);
/** A one-action list `setParameter(paramId, value)`. */
const setParameterList = (paramId: number, value: bigint) => encodePacked(["uint8", "uint8", "uint16", "uint64"], [1, 1, paramId, value]);
/** A one-action list `pause(target)` / `unpause(target)`. */
const pauseList = (op: 6 | 7, target: 1 | 2) => encodePacked(["uint8", "uint8", "uint8"], [1, op, target]);

/** A spoke: CAL, a mock bridge, staking, marketplace, the vault and the executor as the admin of all three. */
async function deploySpoke() {
  const [deployer, alice, bob, guardian, hub, stranger] = await viem.getWalletClients();
  const token = await viem.deployContract("CalToken", [deployer.account.address, deployer.account.address, true]);
  const messenger = await viem.deployContract("MockGovernanceMessenger", [SPOKE_DOMAIN]);
  const staking = await viem.deployContract("Staking", [token.address, deployer.account.address]);
  const marketplace = await viem.deployContract("Marketplace", [
    token.address,
    staking.address,
    deployer.account.address,
    ZERO,
    deployer.account.address,
    deployer.account.address,
  ]);
  await staking.write.setMarketplace([marketplace.address]);
  const hubU = universal(hub.account.address);
  const vault = await viem.deployContract("SpokeVault", [token.address, messenger.address, HUB_DOMAIN, hubU]);
  const executor = await viem.deployContract("SpokeExecutor", [
    messenger.address,
    HUB_DOMAIN,
    hubU,
    marketplace.address,
    staking.address,
    guardian.account.address,
    DELAY,
  ]);
  await marketplace.write.setRole([2, executor.address]);
  await marketplace.write.grantRole([`0x${"00".repeat(32)}`, executor.address]);
  await marketplace.write.renounceRole([`0x${"00".repeat(32)}`, deployer.account.address]);
  await staking.write.transferOwnership([executor.address]);
  for (const w of [alice, bob]) {
    await token.write.transfer([w.account.address, 1000n * CAL]);
    await token.write.approve([vault.address, 2n ** 255n], { account: w.account });
  }
  const now = async () => BigInt(await networkHelpers.time.latest());
  /** Delivers a message from the hub (as the bridge would). */
  const fromHub = (recipient: Address, kind: number, payload: Hex) => messenger.write.deliver([recipient, HUB_DOMAIN, hubU, kind, payload]);
  return { deployer, alice, bob, guardian, hub, stranger, token, messenger, staking, marketplace, vault, executor, hubU, now, fromHub };
}

describe("Spoke governance", () => {
  describe("SpokeVault", () => {
    it("weights a vote by the deposit at the proposal's snapshot, whatever moves after it", async () => {
      const s = await networkHelpers.loadFixture(deploySpoke);
      await s.vault.write.deposit([100n * CAL], { account: s.alice.account });
      const snapshot = (await s.now()) + 10n;
      await s.fromHub(s.vault.address, Kind.ProposalOpened, opened(7n, snapshot, snapshot + 1000n));
      await networkHelpers.time.increaseTo(snapshot + 1n);
      await s.vault.write.deposit([50n * CAL], { account: s.alice.account });
      await s.vault.write.deposit([70n * CAL], { account: s.bob.account });
      await viem.assertions.revertWithCustomErrorWithArgs(
        s.vault.write.castVote([7n, 1], { account: s.bob.account }),
        s.vault,
        "GovernanceNoVotingPower",
        [getAddress(s.bob.account.address), 7n],
      );
      await viem.assertions.emitWithArgs(s.vault.write.castVote([7n, 1], { account: s.alice.account }), s.vault, "VoteCast", [
        getAddress(s.alice.account.address),
        7n,
        1,
        100n * CAL,
      ]);
      const t = await s.vault.read.proposalTally([7n]);
      assert.deepEqual([t.againstVotes, t.forVotes, t.abstainVotes], [0n, 100n * CAL, 0n]);
      assert.equal(await s.vault.read.depositAt([s.alice.account.address, snapshot]), 100n * CAL);
      assert.equal(await s.vault.read.totalDepositsAt([snapshot]), 100n * CAL);
      assert.equal(await s.vault.read.depositOf([s.alice.account.address]), 150n * CAL);
    });

    it("refuses a vote before the snapshot, after the vote end, a second vote and a vote on an unannounced proposal", async () => {
      const s = await networkHelpers.loadFixture(deploySpoke);
      await s.vault.write.deposit([100n * CAL], { account: s.alice.account });
      await s.vault.write.deposit([100n * CAL], { account: s.bob.account });
      const snapshot = (await s.now()) + 100n;
      const end = snapshot + 1000n;
      await s.fromHub(s.vault.address, Kind.ProposalOpened, opened(7n, snapshot, end));
      const a = { account: s.alice.account };
      await viem.assertions.revertWithCustomErrorWithArgs(s.vault.write.castVote([7n, 1], a), s.vault, "GovernanceVotingClosed", [
        7n,
        snapshot,
        end,
      ]);
      await viem.assertions.revertWithCustomErrorWithArgs(s.vault.write.castVote([8n, 1], a), s.vault, "GovernorNonexistentProposal", [8n]);
      await networkHelpers.time.increaseTo(snapshot + 1n);
      await s.vault.write.castVote([7n, 0], a);
      await viem.assertions.revertWithCustomErrorWithArgs(s.vault.write.castVote([7n, 1], a), s.vault, "GovernorAlreadyCastVote", [
        getAddress(s.alice.account.address),
      ]);
      await viem.assertions.revertWithCustomError(
        s.vault.write.castVote([7n, 3], { account: s.bob.account }),
        s.vault,
        "GovernorInvalidVoteType",
      );
      await networkHelpers.time.increaseTo(end + 1n);
      await viem.assertions.revertWithCustomErrorWithArgs(
        s.vault.write.castVote([7n, 1], { account: s.bob.account }),
        s.vault,
        "GovernanceVotingClosed",
        [7n, snapshot, end],
      );
    });

    it("accepts ProposalOpened only from the hub's domain and address through its bridge", async () => {
      const s = await networkHelpers.loadFixture(deploySpoke);
      const payload = opened(7n, (await s.now()) + 10n, (await s.now()) + 100n);
      const stranger = universal(s.stranger.account.address);
      await viem.assertions.revertWithCustomErrorWithArgs(
        s.messenger.write.deliver([s.vault.address, HUB_DOMAIN, stranger, Kind.ProposalOpened, payload]),
        s.vault,
        "GovernanceNotHub",
        [HUB_DOMAIN, stranger],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        s.messenger.write.deliver([s.vault.address, 1, s.hubU, Kind.ProposalOpened, payload]),
        s.vault,
        "GovernanceNotHub",
        [1, s.hubU],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        s.vault.write.receiveGovernanceMessage([HUB_DOMAIN, s.hubU, Kind.ProposalOpened, payload], { account: s.hub.account }),
        s.vault,
        "GovernanceNotHub",
        [HUB_DOMAIN, s.hubU],
      );
      await viem.assertions.revertWithCustomError(s.fromHub(s.vault.address, Kind.VoteTally, payload), s.vault, "GovernanceInvalidAction");
      await viem.assertions.revertWithCustomError(
        s.fromHub(s.vault.address, Kind.ProposalOpened, `${payload}00`),
        s.vault,
        "GovernanceInvalidAction",
      );
    });

    it("sends the cumulative tally to the hub through its bridge, by anyone, and only when it changed since the last send", async () => {
      const s = await networkHelpers.loadFixture(deploySpoke);
      await s.vault.write.deposit([100n * CAL], { account: s.alice.account });
      await s.vault.write.deposit([30n * CAL], { account: s.bob.account });
      const snapshot = (await s.now()) + 5n;
      await s.fromHub(s.vault.address, Kind.ProposalOpened, opened(7n, snapshot, snapshot + 1000n));
      await networkHelpers.time.increaseTo(snapshot + 1n);
      await viem.assertions.revertWithCustomErrorWithArgs(s.vault.write.sendTally([7n]), s.vault, "GovernanceTallyUnchanged", [7n, 0n]);
      await s.vault.write.castVote([7n, 1], { account: s.alice.account });
      await s.vault.write.sendTally([7n], { account: s.stranger.account });
      await viem.assertions.revertWithCustomErrorWithArgs(s.vault.write.sendTally([7n]), s.vault, "GovernanceTallyUnchanged", [
        7n,
        100n * CAL,
      ]);
      await s.vault.write.castVote([7n, 2], { account: s.bob.account });
      await s.vault.write.sendTally([7n], { account: s.stranger.account });
      assert.equal(await s.messenger.read.sentCount(), 2n);
      const [sender, dstDomain, recipient, kind, payload] = await s.messenger.read.sent([1n]);
      assert.deepEqual(
        [getAddress(sender), dstDomain, recipient, kind, payload],
        [
          getAddress(s.vault.address),
          HUB_DOMAIN,
          s.hubU,
          Kind.VoteTally,
          encodePacked(["uint256", "uint64", "uint64", "uint64"], [7n, 0n, 100n * CAL, 30n * CAL]),
        ],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(s.vault.write.sendTally([8n]), s.vault, "GovernorNonexistentProposal", [8n]);
    });

    it("withdraws deposits back to their owner and refuses more than the deposit", async () => {
      const s = await networkHelpers.loadFixture(deploySpoke);
      const a = { account: s.alice.account };
      const before = await s.token.read.balanceOf([s.alice.account.address]);
      await s.vault.write.deposit([100n * CAL], a);
      await viem.assertions.revertWithCustomErrorWithArgs(s.vault.write.withdraw([101n * CAL], a), s.vault, "GovernanceInvalidAmount", [
        101n * CAL,
        100n * CAL,
      ]);
      await s.vault.write.withdraw([100n * CAL], a);
      assert.equal(await s.token.read.balanceOf([s.alice.account.address]), before);
      assert.equal(await s.token.read.balanceOf([s.vault.address]), 0n);
      assert.equal(await s.vault.read.depositOf([s.alice.account.address]), 0n);
    });
  });

  describe("SpokeExecutor", () => {
    it("applies every action vector after the delay, recording the ones this chain refuses as Failed", async () => {
      const s = await networkHelpers.loadFixture(deploySpoke);
      // Refused here: a 32-byte (non-EVM) verifier or guardian account, and removing a verifier never registered.
      const refused: Record<string, string> = {
        "setVerifier 7": "GovernanceInvalidAction",
        "setVerifier 7 removed": "MarketplaceUnknownVerifier",
        "setRole guardian": "GovernanceInvalidAction",
      };
      let sequence = 0n;
      for (const c of governance.actions) {
        sequence += 1n;
        await s.fromHub(s.executor.address, Kind.GovernanceActions, actionsPayload(sequence, 1n, c.encoded));
        await networkHelpers.time.increase(Number(await s.executor.read.executionDelay()));
        const hash = await s.executor.write.execute([sequence]);
        const receipt = await (await viem.getPublicClient()).getTransactionReceipt({ hash });
        const failed = parseEventLogs({ abi: s.executor.abi, eventName: "ActionsFailed", logs: receipt.logs });
        const status = (await s.executor.read.actionList([sequence])).status;
        if (refused[c.name]) {
          assert.equal(status, Status.Failed, c.name);
          const abi = [...s.executor.abi, ...s.marketplace.abi];
          assert.equal(decodeErrorResult({ abi, data: failed[0]!.args.reason }).errorName, refused[c.name], c.name);
        } else {
          assert.equal(status, Status.Executed, c.name);
        }
      }
      assert.equal(await s.staking.read.minStake(), 10n ** 15n);
      assert.equal(await s.marketplace.read.challengePeriod(), 7200n);
      assert.equal(await s.marketplace.read.revealPeriod(), 7200n);
      assert.deepEqual(await s.marketplace.read.feeSplit(), [7000n, 2000n, 1000n]);
      assert.equal(await s.executor.read.executionDelay(), 3600n);
      assert.equal(await s.marketplace.read.arbiter(), getAddress("0x90f79bf6eb2c4f870365e785982e1f101e93b906"));
      assert.equal(await s.messenger.read.validatorCount(), 1n); // the last set applied: 1-of-1
      assert.equal(await s.messenger.read.retentionWindow(), 0);
      assert.equal(await s.messenger.read.remoteBridge([0x544f4e00]), `0x${"11".repeat(32)}`);
      assert.equal(await s.marketplace.read.paused(), true);
      assert.equal(await s.messenger.read.paused(), false);
    });

    it("runs lists strictly in the hub's order, after their delay", async () => {
      const s = await networkHelpers.loadFixture(deploySpoke);
      const one = setParameterList(3, 7200n);
      const two = setParameterList(4, 3000n);
      await s.fromHub(s.executor.address, Kind.GovernanceActions, actionsPayload(2n, 9n, two));
      await s.fromHub(s.executor.address, Kind.GovernanceActions, actionsPayload(1n, 9n, one));
      const { eta, actions, proposalId } = await s.executor.read.actionList([1n]);
      assert.equal(eta, (await s.now()) + DELAY);
      assert.deepEqual([actions, proposalId], [one, 9n]);
      await viem.assertions.revertWithCustomErrorWithArgs(s.executor.write.execute([1n]), s.executor, "GovernanceExecutionDelayActive", [
        1n,
        eta,
        (await s.now()) + 1n,
      ]);
      await networkHelpers.time.increase(Number(DELAY));
      await viem.assertions.revertWithCustomErrorWithArgs(s.executor.write.execute([2n]), s.executor, "GovernanceOutOfOrder", [2n]);
      await viem.assertions.emitWithArgs(s.executor.write.execute([1n]), s.executor, "ActionsExecuted", [1n]);
      await s.executor.write.execute([2n]);
      assert.equal(await s.marketplace.read.challengePeriod(), 7200n);
      assert.equal(await s.marketplace.read.slashBps(), 3000n);
      await viem.assertions.revertWithCustomErrorWithArgs(s.executor.write.execute([2n]), s.executor, "GovernanceActionsNotPending", [
        2n,
        Status.Executed,
      ]);
    });

    it("lets the Guardian veto a list only during its delay", async () => {
      const s = await networkHelpers.loadFixture(deploySpoke);
      await s.fromHub(s.executor.address, Kind.GovernanceActions, actionsPayload(1n, 9n, setParameterList(3, 7200n)));
      await networkHelpers.time.increase(Number(DELAY));
      await viem.assertions.revertWithCustomErrorWithArgs(
        s.executor.write.veto([1n], { account: s.guardian.account }),
        s.executor,
        "GovernanceActionsNotPending",
        [1n, Status.Pending],
      );
      await s.executor.write.execute([1n]);
      assert.equal(await s.marketplace.read.challengePeriod(), 7200n);
    });

    it("lets only the Guardian veto a pending list, which then unblocks the next", async () => {
      const s = await networkHelpers.loadFixture(deploySpoke);
      const one = setParameterList(3, 7200n);
      const two = setParameterList(4, 3000n);
      await s.fromHub(s.executor.address, Kind.GovernanceActions, actionsPayload(1n, 9n, one));
      await s.fromHub(s.executor.address, Kind.GovernanceActions, actionsPayload(2n, 9n, two));
      await viem.assertions.revertWithCustomErrorWithArgs(
        s.executor.write.veto([1n], { account: s.stranger.account }),
        s.executor,
        "GovernanceNotGuardian",
        [getAddress(s.stranger.account.address)],
      );
      await viem.assertions.emitWithArgs(s.executor.write.veto([1n], { account: s.guardian.account }), s.executor, "ActionsVetoed", [
        1n,
        getAddress(s.guardian.account.address),
      ]);
      await networkHelpers.time.increase(Number(DELAY));
      await viem.assertions.revertWithCustomErrorWithArgs(s.executor.write.execute([1n]), s.executor, "GovernanceActionsNotPending", [
        1n,
        Status.Vetoed,
      ]);
      await s.executor.write.execute([2n]);
      assert.equal(await s.marketplace.read.challengePeriod(), 86_400n);
      assert.equal(await s.marketplace.read.slashBps(), 3000n);
    });

    it("records a failing list as Failed with its revert data, lets the next run and retries it", async () => {
      const s = await networkHelpers.loadFixture(deploySpoke);
      const unpause = pauseList(7, 1);
      const pause = pauseList(6, 1);
      await s.fromHub(s.executor.address, Kind.GovernanceActions, actionsPayload(1n, 9n, unpause));
      await s.fromHub(s.executor.address, Kind.GovernanceActions, actionsPayload(2n, 9n, pause));
      await networkHelpers.time.increase(Number(DELAY));
      await viem.assertions.emitWithArgs(s.executor.write.execute([1n]), s.executor, "ActionsFailed", [1n, "0x8dfc202b"]); // ExpectedPause()
      assert.equal((await s.executor.read.actionList([1n])).status, Status.Failed);
      await s.executor.write.execute([2n]);
      assert.equal(await s.marketplace.read.paused(), true);
      await viem.assertions.emitWithArgs(s.executor.write.retry([1n]), s.executor, "ActionsExecuted", [1n]);
      assert.equal(await s.marketplace.read.paused(), false);
      await viem.assertions.revertWithCustomErrorWithArgs(s.executor.write.retry([1n]), s.executor, "GovernanceActionsNotPending", [
        1n,
        Status.Executed,
      ]);
    });

    it("applies nothing of a list when one of its actions fails", async () => {
      const s = await networkHelpers.loadFixture(deploySpoke);
      const list = encodePacked(["uint8", "uint8", "uint16", "uint64", "uint8", "uint16", "uint64"], [2, 1, 3, 7200n, 1, 3, 599n]);
      await s.fromHub(s.executor.address, Kind.GovernanceActions, actionsPayload(1n, 9n, list));
      await networkHelpers.time.increase(Number(DELAY));
      await s.executor.write.execute([1n]);
      assert.equal((await s.executor.read.actionList([1n])).status, Status.Failed);
      assert.equal(await s.marketplace.read.challengePeriod(), 86_400n);
    });

    it("accepts GovernanceActions only from the hub through its bridge, each sequence once, and only valid lists", async () => {
      const s = await networkHelpers.loadFixture(deploySpoke);
      const list = setParameterList(3, 7200n);
      const stranger = universal(s.stranger.account.address);
      await viem.assertions.revertWithCustomErrorWithArgs(
        s.messenger.write.deliver([s.executor.address, HUB_DOMAIN, stranger, Kind.GovernanceActions, actionsPayload(1n, 9n, list)]),
        s.executor,
        "GovernanceNotHub",
        [HUB_DOMAIN, stranger],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        s.executor.write.receiveGovernanceMessage([HUB_DOMAIN, s.hubU, Kind.GovernanceActions, actionsPayload(1n, 9n, list)], {
          account: s.hub.account,
        }),
        s.executor,
        "GovernanceNotHub",
        [HUB_DOMAIN, s.hubU],
      );
      await viem.assertions.revertWithCustomError(
        s.fromHub(s.executor.address, Kind.GovernanceActions, actionsPayload(1n, 9n, "0x00")),
        s.executor,
        "GovernanceInvalidAction",
      );
      await viem.assertions.revertWithCustomError(
        s.fromHub(s.executor.address, Kind.ProposalOpened, actionsPayload(1n, 9n, list)),
        s.executor,
        "GovernanceInvalidAction",
      );
      await s.fromHub(s.executor.address, Kind.GovernanceActions, actionsPayload(1n, 9n, list));
      await viem.assertions.revertWithCustomErrorWithArgs(
        s.fromHub(s.executor.address, Kind.GovernanceActions, actionsPayload(1n, 9n, list)),
        s.executor,
        "GovernanceActionsNotPending",
        [1n, Status.Pending],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(s.executor.write.applyActions([list]), s.executor, "GovernanceOnlyExecutor", [
        getAddress(s.deployer.account.address),
      ]);
    });

    it("applies or refuses every executionDelay vector value through its own setParameter action", async () => {
      const s = await networkHelpers.loadFixture(deploySpoke);
      const cases = governance.parameterValues.filter((c) => c.paramId === 6);
      assert.ok(cases.length >= 2);
      let sequence = 0n;
      for (const c of cases) {
        sequence += 1n;
        const list = setParameterList(6, BigInt(c.value));
        await s.fromHub(s.executor.address, Kind.GovernanceActions, actionsPayload(sequence, 1n, list));
        await networkHelpers.time.increase(Number(await s.executor.read.executionDelay()));
        const hash = await s.executor.write.execute([sequence]);
        const receipt = await (await viem.getPublicClient()).getTransactionReceipt({ hash });
        const failed = parseEventLogs({ abi: s.executor.abi, eventName: "ActionsFailed", logs: receipt.logs });
        if (c.accepted) assert.equal(await s.executor.read.executionDelay(), BigInt(c.value), c.name);
        else assert.equal(decodeErrorResult({ abi: s.executor.abi, data: failed[0]!.args.reason }).errorName, c.error, c.name);
      }
    });
  });
});
