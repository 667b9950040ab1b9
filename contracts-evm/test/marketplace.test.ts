import assert from "node:assert/strict";
import { getAddress, keccak256, toHex } from "viem";
import {
  viem,
  networkHelpers,
  CAL,
  DAY,
  BN254_R,
  Status,
  ZERO,
  name32,
  mockProof,
  deploySuite,
  deployWithProvider,
  taskParams,
  createTask,
  assignedTask,
  submittedTask,
  type Suite,
  packFeeSplit,
} from "./helpers/fixture.js";

const PAUSER_ROLE = keccak256(toHex("PAUSER_ROLE"));
const ADMIN_ROLE = `0x${"00".repeat(32)}` as const;

async function escrowOf(s: Suite) {
  return s.token.read.balanceOf([s.marketplace.address]);
}

describe("Marketplace", () => {
  describe("createTask", () => {
    it("moves the reward into escrow and records an Open task", async () => {
      const s = await networkHelpers.loadFixture(deploySuite);
      const params = await taskParams({ modelCreator: s.creator.account.address, minReputationBps: 4000, collateral: 50n * CAL });
      await viem.assertions.emitWithArgs(
        s.marketplace.write.createTask([params], { account: s.user.account }),
        s.marketplace,
        "TaskCreated",
        [
          1n,
          s.user.account.address,
          params.specHash,
          params.reward,
          params.collateral,
          params.deadline,
          0,
          s.creator.account.address,
          4000,
        ],
      );
      assert.equal(await escrowOf(s), params.reward);
      assert.equal(await s.marketplace.read.taskCount(), 1n);
      const t = await s.marketplace.read.getTask([1n]);
      assert.equal(t.id, 1n);
      assert.equal(t.status, Status.Open);
      assert.equal(getAddress(t.user), getAddress(s.user.account.address));
      assert.equal(t.reward, params.reward);
      assert.equal(t.collateral, params.collateral);
      assert.equal(t.deadline, params.deadline);
      assert.equal(getAddress(t.modelCreator), getAddress(s.creator.account.address));
      assert.equal(t.minReputationBps, 4000n);
      assert.equal(t.provider, ZERO);
    });

    it("numbers tasks sequentially from 1", async () => {
      const s = await networkHelpers.loadFixture(deploySuite);
      assert.equal(await createTask(s), 1n);
      assert.equal(await createTask(s), 2n);
      assert.equal(await createTask(s), 3n);
    });

    it("accepts an EIP-2612 permit instead of an approval", async () => {
      const s = await networkHelpers.loadFixture(deploySuite);
      const [, , , , , , , , , permitUser] = await viem.getWalletClients();
      await s.token.write.transfer([permitUser.account.address, 10n * CAL]);
      const params = await taskParams({ reward: 10n * CAL });
      const deadline = params.deadline;
      const chainId = await s.publicClient.getChainId();
      const sig = await permitUser.signTypedData({
        domain: { name: "Calctra", version: "1", chainId, verifyingContract: s.token.address },
        types: {
          Permit: [
            { name: "owner", type: "address" },
            { name: "spender", type: "address" },
            { name: "value", type: "uint256" },
            { name: "nonce", type: "uint256" },
            { name: "deadline", type: "uint256" },
          ],
        },
        primaryType: "Permit",
        message: { owner: permitUser.account.address, spender: s.marketplace.address, value: 10n * CAL, nonce: 0n, deadline },
      });
      await s.marketplace.write.createTaskWithPermit(
        [params, deadline, Number.parseInt(sig.slice(130, 132), 16), `0x${sig.slice(2, 66)}`, `0x${sig.slice(66, 130)}`],
        { account: permitUser.account },
      );
      assert.equal(await escrowOf(s), 10n * CAL);
      assert.equal(getAddress((await s.marketplace.read.getTask([1n])).user), getAddress(permitUser.account.address));
    });

    it("still creates the task when its permit was front-run and the allowance is already set", async () => {
      const s = await networkHelpers.loadFixture(deploySuite);
      const params = await taskParams({ reward: 10n * CAL });
      // user already approved the marketplace; a garbage permit signature must not block creation.
      await s.marketplace.write.createTaskWithPermit([params, params.deadline, 27, `0x${"11".repeat(32)}`, `0x${"22".repeat(32)}`], {
        account: s.user.account,
      });
      assert.equal(await escrowOf(s), 10n * CAL);
    });

    it("refuses a zero reward with MarketplaceZeroReward", async () => {
      const s = await networkHelpers.loadFixture(deploySuite);
      await viem.assertions.revertWithCustomError(
        s.marketplace.write.createTask([{ ...(await taskParams()), reward: 0n }], { account: s.user.account }),
        s.marketplace,
        "MarketplaceZeroReward",
      );
    });

    it("refuses a deadline that is not in the future with MarketplaceInvalidDeadline", async () => {
      const s = await networkHelpers.loadFixture(deploySuite);
      const now = BigInt(await networkHelpers.time.latest());
      await networkHelpers.time.setNextBlockTimestamp(now + 10n);
      await viem.assertions.revertWithCustomErrorWithArgs(
        s.marketplace.write.createTask([{ ...(await taskParams()), deadline: now + 10n }], { account: s.user.account }),
        s.marketplace,
        "MarketplaceInvalidDeadline",
        [now + 10n, now + 10n],
      );
    });

    it("refuses a specHash of 2^248 or more with MarketplaceFieldElementOutOfRange", async () => {
      const s = await networkHelpers.loadFixture(deploySuite);
      await viem.assertions.revertWithCustomErrorWithArgs(
        s.marketplace.write.createTask([await taskParams({ specHash: 2n ** 248n })], { account: s.user.account }),
        s.marketplace,
        "MarketplaceFieldElementOutOfRange",
        [2n ** 248n, 2n ** 248n],
      );
      await createTask(s, { specHash: 2n ** 248n - 1n });
      assert.equal((await s.marketplace.read.getTask([1n])).specHash, 2n ** 248n - 1n);
    });

    it("refuses minReputationBps above 10000 with MarketplaceParameterOutOfBounds", async () => {
      const s = await networkHelpers.loadFixture(deploySuite);
      await viem.assertions.revertWithCustomErrorWithArgs(
        s.marketplace.write.createTask([await taskParams({ minReputationBps: 10001 })], { account: s.user.account }),
        s.marketplace,
        "MarketplaceParameterOutOfBounds",
        [name32("minReputationBps"), 10001n, 0n, 10000n],
      );
    });

    it("refuses an unregistered verifier with MarketplaceUnknownVerifier", async () => {
      const s = await networkHelpers.loadFixture(deploySuite);
      await viem.assertions.revertWithCustomErrorWithArgs(
        s.marketplace.write.createTask([await taskParams({ verifierId: 9 })], { account: s.user.account }),
        s.marketplace,
        "MarketplaceUnknownVerifier",
        [9],
      );
    });

    it("refuses a missing task in every transition with MarketplaceTaskNotFound", async () => {
      const s = await networkHelpers.loadFixture(deploySuite);
      const calls = [
        s.marketplace.read.getTask([7n]),
        s.marketplace.write.cancelTask([7n], { account: s.user.account }),
        s.marketplace.write.acceptTask([7n], { account: s.provider.account }),
        s.marketplace.write.submitResult([7n, 1n, "0x"], { account: s.provider.account }),
        s.marketplace.write.finalize([7n]),
        s.marketplace.write.dispute([7n], { account: s.user.account }),
        s.marketplace.write.resolve([7n, true], { account: s.arbiter.account }),
        s.marketplace.write.expire([7n]),
      ];
      for (const call of calls) {
        await viem.assertions.revertWithCustomErrorWithArgs(call, s.marketplace, "MarketplaceTaskNotFound", [7n]);
      }
    });
  });

  describe("cancelTask", () => {
    it("refunds the whole reward of an Open task to its user", async () => {
      const s = await networkHelpers.loadFixture(deploySuite);
      const id = await createTask(s);
      const before = await s.token.read.balanceOf([s.user.account.address]);
      await viem.assertions.emitWithArgs(
        s.marketplace.write.cancelTask([id], { account: s.user.account }),
        s.marketplace,
        "TaskCancelled",
        [id, s.user.account.address],
      );
      assert.equal(await s.token.read.balanceOf([s.user.account.address]), before + 1000n * CAL);
      assert.equal(await escrowOf(s), 0n);
      assert.equal((await s.marketplace.read.getTask([id])).status, Status.Cancelled);
    });

    it("refuses anyone but the task user with MarketplaceNotTaskUser", async () => {
      const s = await networkHelpers.loadFixture(deploySuite);
      const id = await createTask(s);
      await viem.assertions.revertWithCustomErrorWithArgs(
        s.marketplace.write.cancelTask([id], { account: s.stranger.account }),
        s.marketplace,
        "MarketplaceNotTaskUser",
        [id, s.stranger.account.address],
      );
    });

    it("refuses a task that is no longer Open with MarketplaceTaskNotOpen", async () => {
      const s = await networkHelpers.loadFixture(deployWithProvider);
      const id = await assignedTask(s);
      await viem.assertions.revertWithCustomErrorWithArgs(
        s.marketplace.write.cancelTask([id], { account: s.user.account }),
        s.marketplace,
        "MarketplaceTaskNotOpen",
        [id, Status.Assigned],
      );
    });
  });

  describe("acceptTask", () => {
    it("assigns the task and locks the collateral from free stake", async () => {
      const s = await networkHelpers.loadFixture(deployWithProvider);
      const id = await createTask(s, { collateral: 300n * CAL });
      await viem.assertions.emitWithArgs(
        s.marketplace.write.acceptTask([id], { account: s.provider.account }),
        s.marketplace,
        "TaskAccepted",
        [id, s.provider.account.address, 300n * CAL],
      );
      const t = await s.marketplace.read.getTask([id]);
      assert.equal(t.status, Status.Assigned);
      assert.equal(getAddress(t.provider), getAddress(s.provider.account.address));
      const info = await s.staking.read.stakeInfo([s.provider.account.address]);
      assert.equal(info.free, 700n * CAL);
      assert.equal(info.locked, 300n * CAL);
    });

    it("refuses an unregistered provider with StakingNotRegistered", async () => {
      const s = await networkHelpers.loadFixture(deployWithProvider);
      const id = await createTask(s);
      await viem.assertions.revertWithCustomErrorWithArgs(
        s.marketplace.write.acceptTask([id], { account: s.stranger.account }),
        s.staking,
        "StakingNotRegistered",
        [s.stranger.account.address],
      );
    });

    it("refuses a provider whose free stake is below the collateral with StakingInsufficientFreeStake", async () => {
      const s = await networkHelpers.loadFixture(deployWithProvider);
      const id = await createTask(s, { collateral: 1001n * CAL });
      await viem.assertions.revertWithCustomErrorWithArgs(
        s.marketplace.write.acceptTask([id], { account: s.provider.account }),
        s.staking,
        "StakingInsufficientFreeStake",
        [s.provider.account.address, 1000n * CAL, 1001n * CAL],
      );
    });

    it("refuses a provider whose total stake is below minStake with MarketplaceStakeBelowMinimum", async () => {
      const s = await networkHelpers.loadFixture(deployWithProvider);
      await s.staking.write.register([name32("small")], { account: s.provider2.account });
      await s.staking.write.stake([99n * CAL], { account: s.provider2.account });
      const id = await createTask(s, { collateral: 10n * CAL });
      await viem.assertions.revertWithCustomErrorWithArgs(
        s.marketplace.write.acceptTask([id], { account: s.provider2.account }),
        s.marketplace,
        "MarketplaceStakeBelowMinimum",
        [s.provider2.account.address, 99n * CAL, 100n * CAL],
      );
    });

    it("refuses a provider whose score is below the task minimum with MarketplaceReputationTooLow", async () => {
      const s = await networkHelpers.loadFixture(deployWithProvider);
      const id = await createTask(s, { minReputationBps: 5001 });
      await viem.assertions.revertWithCustomErrorWithArgs(
        s.marketplace.write.acceptTask([id], { account: s.provider.account }),
        s.marketplace,
        "MarketplaceReputationTooLow",
        [s.provider.account.address, 5000n, 5001n],
      );
      const ok = await createTask(s, { minReputationBps: 5000 });
      await s.marketplace.write.acceptTask([ok], { account: s.provider.account });
    });

    it("refuses a task that is not Open with MarketplaceTaskNotOpen", async () => {
      const s = await networkHelpers.loadFixture(deployWithProvider);
      const id = await assignedTask(s);
      await viem.assertions.revertWithCustomErrorWithArgs(
        s.marketplace.write.acceptTask([id], { account: s.provider.account }),
        s.marketplace,
        "MarketplaceTaskNotOpen",
        [id, Status.Assigned],
      );
    });

    it("refuses a task whose deadline (its lock deadline without offer terms) has passed with MarketplaceLockDeadlinePassed", async () => {
      const s = await networkHelpers.loadFixture(deployWithProvider);
      const id = await createTask(s);
      const deadline = (await s.marketplace.read.getTask([id])).deadline;
      await networkHelpers.time.setNextBlockTimestamp(deadline + 1n);
      await viem.assertions.revertWithCustomErrorWithArgs(
        s.marketplace.write.acceptTask([id], { account: s.provider.account }),
        s.marketplace,
        "MarketplaceLockDeadlinePassed",
        [id, deadline, deadline + 1n],
      );
    });
  });

  describe("submitResult (optimistic, verifierId 0)", () => {
    it("moves the task to Submitted and opens the challenge window", async () => {
      const s = await networkHelpers.loadFixture(deployWithProvider);
      const id = await assignedTask(s);
      const now = BigInt(await networkHelpers.time.latest()) + 1n;
      await networkHelpers.time.setNextBlockTimestamp(now);
      await viem.assertions.emitWithArgs(
        s.marketplace.write.submitResult([id, 42n, "0x"], { account: s.provider.account }),
        s.marketplace,
        "ResultSubmitted",
        [id, s.provider.account.address, 42n, now + DAY],
      );
      const t = await s.marketplace.read.getTask([id]);
      assert.equal(t.status, Status.Submitted);
      assert.equal(t.resultCommitment, 42n);
      assert.equal(t.deadline, now + DAY, "the deadline field holds the challenge end once Submitted");
    });

    it("refuses a non-empty proof with MarketplaceUnexpectedProof", async () => {
      const s = await networkHelpers.loadFixture(deployWithProvider);
      const id = await assignedTask(s);
      await viem.assertions.revertWithCustomErrorWithArgs(
        s.marketplace.write.submitResult([id, 42n, "0x01"], { account: s.provider.account }),
        s.marketplace,
        "MarketplaceUnexpectedProof",
        [id],
      );
    });

    it("refuses anyone but the provider with MarketplaceNotTaskProvider", async () => {
      const s = await networkHelpers.loadFixture(deployWithProvider);
      const id = await assignedTask(s);
      await viem.assertions.revertWithCustomErrorWithArgs(
        s.marketplace.write.submitResult([id, 42n, "0x"], { account: s.stranger.account }),
        s.marketplace,
        "MarketplaceNotTaskProvider",
        [id, s.stranger.account.address],
      );
    });

    it("refuses a task that is not Assigned with MarketplaceTaskNotAssigned", async () => {
      const s = await networkHelpers.loadFixture(deployWithProvider);
      const id = await createTask(s);
      await viem.assertions.revertWithCustomErrorWithArgs(
        s.marketplace.write.submitResult([id, 42n, "0x"], { account: s.provider.account }),
        s.marketplace,
        "MarketplaceTaskNotAssigned",
        [id, Status.Open],
      );
    });

    it("accepts a submission at the deadline and refuses one after it with MarketplaceDeadlinePassed", async () => {
      const s = await networkHelpers.loadFixture(deployWithProvider);
      const id = await assignedTask(s);
      const id2 = await assignedTask(s, { deadlineIn: 2n * DAY });
      const deadline = (await s.marketplace.read.getTask([id])).deadline;
      await networkHelpers.time.setNextBlockTimestamp(deadline + 1n);
      await viem.assertions.revertWithCustomErrorWithArgs(
        s.marketplace.write.submitResult([id, 42n, "0x"], { account: s.provider.account }),
        s.marketplace,
        "MarketplaceDeadlinePassed",
        [id, deadline, deadline + 1n],
      );
      const deadline2 = (await s.marketplace.read.getTask([id2])).deadline;
      await networkHelpers.time.setNextBlockTimestamp(deadline2);
      await s.marketplace.write.submitResult([id2, 42n, "0x"], { account: s.provider.account });
      assert.equal((await s.marketplace.read.getTask([id2])).status, Status.Submitted);
    });

    it("refuses a result commitment of BN254 r or more with MarketplaceFieldElementOutOfRange", async () => {
      const s = await networkHelpers.loadFixture(deployWithProvider);
      const id = await assignedTask(s);
      await viem.assertions.revertWithCustomErrorWithArgs(
        s.marketplace.write.submitResult([id, BN254_R, "0x"], { account: s.provider.account }),
        s.marketplace,
        "MarketplaceFieldElementOutOfRange",
        [BN254_R, BN254_R],
      );
    });
  });

  describe("submitResult (proved, verifierId != 0)", () => {
    it("verifies the proof over [taskId, specHash, resultCommitment, provider] and pays out at once", async () => {
      const s = await networkHelpers.loadFixture(deployWithProvider);
      const id = await assignedTask(s, { verifierId: 1, specHash: 777n });
      const inputs = [id, 777n, 99n, BigInt(s.provider.account.address)] as const;
      const providerBefore = await s.token.read.balanceOf([s.provider.account.address]);
      await viem.assertions.emitWithArgs(
        s.marketplace.write.submitResult([id, 99n, mockProof(inputs)], { account: s.provider.account }),
        s.marketplace,
        "TaskCompleted",
        [id, s.provider.account.address, 800n * CAL, 200n * CAL, 0n],
      );
      const t = await s.marketplace.read.getTask([id]);
      assert.equal(t.status, Status.Completed);
      assert.equal(t.resultCommitment, 99n);
      assert.equal(await s.token.read.balanceOf([s.provider.account.address]), providerBefore + 800n * CAL);
      assert.equal((await s.staking.read.providerInfo([s.provider.account.address])).completed, 1n);
      assert.equal(await escrowOf(s), 0n);
    });

    it("refuses a proof the verifier rejects with MarketplaceInvalidProof", async () => {
      const s = await networkHelpers.loadFixture(deployWithProvider);
      const id = await assignedTask(s, { verifierId: 1, specHash: 777n });
      // A proof for another provider: the public inputs do not match.
      const stolen = mockProof([id, 777n, 99n, BigInt(s.stranger.account.address)]);
      await viem.assertions.revertWithCustomErrorWithArgs(
        s.marketplace.write.submitResult([id, 99n, stolen], { account: s.provider.account }),
        s.marketplace,
        "MarketplaceInvalidProof",
        [id],
      );
      await s.verifier.write.setAnswer([false]);
      const honest = mockProof([id, 777n, 99n, BigInt(s.provider.account.address)]);
      await viem.assertions.revertWithCustomErrorWithArgs(
        s.marketplace.write.submitResult([id, 99n, honest], { account: s.provider.account }),
        s.marketplace,
        "MarketplaceInvalidProof",
        [id],
      );
    });

    it("treats a verifier that reverts on a malformed proof as MarketplaceInvalidProof", async () => {
      const s = await networkHelpers.loadFixture(deployWithProvider);
      const id = await assignedTask(s, { verifierId: 1 });
      await s.verifier.write.setShouldRevert([true]);
      await viem.assertions.revertWithCustomErrorWithArgs(
        s.marketplace.write.submitResult([id, 99n, "0xdead"], { account: s.provider.account }),
        s.marketplace,
        "MarketplaceInvalidProof",
        [id],
      );
    });

    it("refuses a task whose verifier was removed with MarketplaceUnknownVerifier", async () => {
      const s = await networkHelpers.loadFixture(deployWithProvider);
      const id = await assignedTask(s, { verifierId: 1 });
      await s.marketplace.write.removeVerifier([1]);
      await viem.assertions.revertWithCustomErrorWithArgs(
        s.marketplace.write.submitResult([id, 99n, "0x01"], { account: s.provider.account }),
        s.marketplace,
        "MarketplaceUnknownVerifier",
        [1],
      );
    });
  });

  describe("finalize", () => {
    it("pays 80/15/5 with a named creator once the challenge window has ended", async () => {
      const s = await networkHelpers.loadFixture(deployWithProvider);
      const id = await submittedTask(s, { modelCreator: s.creator.account.address });
      const end = (await s.marketplace.read.getTask([id])).deadline;
      await networkHelpers.time.setNextBlockTimestamp(end);
      const p0 = await s.token.read.balanceOf([s.provider.account.address]);
      const t0 = await s.token.read.balanceOf([s.treasury.account.address]);
      const c0 = await s.token.read.balanceOf([s.creator.account.address]);
      await viem.assertions.emitWithArgs(
        s.marketplace.write.finalize([id], { account: s.stranger.account }),
        s.marketplace,
        "TaskCompleted",
        [id, s.provider.account.address, 800n * CAL, 150n * CAL, 50n * CAL],
      );
      assert.equal(await s.token.read.balanceOf([s.provider.account.address]), p0 + 800n * CAL);
      assert.equal(await s.token.read.balanceOf([s.treasury.account.address]), t0 + 150n * CAL);
      assert.equal(await s.token.read.balanceOf([s.creator.account.address]), c0 + 50n * CAL);
      assert.equal((await s.marketplace.read.getTask([id])).status, Status.Completed);
      const info = await s.staking.read.stakeInfo([s.provider.account.address]);
      assert.equal(info.locked, 0n);
      assert.equal(info.free, 1000n * CAL);
      assert.equal(await s.staking.read.scoreOf([s.provider.account.address]), 6666n);
    });

    it("sends the creator share to the treasury when no creator is named, remainder to the provider", async () => {
      const s = await networkHelpers.loadFixture(deployWithProvider);
      const reward = 1000n * CAL + 7n;
      const id = await submittedTask(s, { reward });
      await networkHelpers.time.increase(Number(DAY));
      const treasury = (reward * 1500n) / 10000n + (reward * 500n) / 10000n;
      await viem.assertions.emitWithArgs(s.marketplace.write.finalize([id]), s.marketplace, "TaskCompleted", [
        id,
        s.provider.account.address,
        reward - treasury,
        treasury,
        0n,
      ]);
    });

    it("refuses before the challenge window ends with MarketplaceChallengePeriodActive", async () => {
      const s = await networkHelpers.loadFixture(deployWithProvider);
      const id = await submittedTask(s);
      const end = (await s.marketplace.read.getTask([id])).deadline;
      await networkHelpers.time.setNextBlockTimestamp(end - 1n);
      await viem.assertions.revertWithCustomErrorWithArgs(
        s.marketplace.write.finalize([id]),
        s.marketplace,
        "MarketplaceChallengePeriodActive",
        [id, end, end - 1n],
      );
    });

    it("refuses a task that is not Submitted with MarketplaceTaskNotSubmitted", async () => {
      const s = await networkHelpers.loadFixture(deployWithProvider);
      const id = await assignedTask(s);
      await viem.assertions.revertWithCustomErrorWithArgs(
        s.marketplace.write.finalize([id]),
        s.marketplace,
        "MarketplaceTaskNotSubmitted",
        [id, Status.Assigned],
      );
    });
  });

  describe("dispute", () => {
    it("lets the user dispute inside the challenge window", async () => {
      const s = await networkHelpers.loadFixture(deployWithProvider);
      const id = await submittedTask(s);
      const end = (await s.marketplace.read.getTask([id])).deadline;
      await networkHelpers.time.setNextBlockTimestamp(end - 1n);
      await viem.assertions.emitWithArgs(s.marketplace.write.dispute([id], { account: s.user.account }), s.marketplace, "TaskDisputed", [
        id,
        s.user.account.address,
      ]);
      assert.equal((await s.marketplace.read.getTask([id])).status, Status.Disputed);
    });

    it("refuses at or after the window end with MarketplaceChallengePeriodOver", async () => {
      const s = await networkHelpers.loadFixture(deployWithProvider);
      const id = await submittedTask(s);
      const end = (await s.marketplace.read.getTask([id])).deadline;
      await networkHelpers.time.setNextBlockTimestamp(end);
      await viem.assertions.revertWithCustomErrorWithArgs(
        s.marketplace.write.dispute([id], { account: s.user.account }),
        s.marketplace,
        "MarketplaceChallengePeriodOver",
        [id, end, end],
      );
    });

    it("refuses anyone but the task user with MarketplaceNotTaskUser", async () => {
      const s = await networkHelpers.loadFixture(deployWithProvider);
      const id = await submittedTask(s);
      await viem.assertions.revertWithCustomErrorWithArgs(
        s.marketplace.write.dispute([id], { account: s.stranger.account }),
        s.marketplace,
        "MarketplaceNotTaskUser",
        [id, s.stranger.account.address],
      );
    });

    it("refuses a task that is not Submitted with MarketplaceTaskNotSubmitted", async () => {
      const s = await networkHelpers.loadFixture(deployWithProvider);
      const id = await assignedTask(s);
      await viem.assertions.revertWithCustomErrorWithArgs(
        s.marketplace.write.dispute([id], { account: s.user.account }),
        s.marketplace,
        "MarketplaceTaskNotSubmitted",
        [id, Status.Assigned],
      );
    });
  });

  describe("resolve", () => {
    async function disputed(s: Suite) {
      const id = await submittedTask(s);
      await s.marketplace.write.dispute([id], { account: s.user.account });
      return id;
    }

    it("pays the provider when the arbiter finds it not at fault", async () => {
      const s = await networkHelpers.loadFixture(deployWithProvider);
      const id = await disputed(s);
      await viem.assertions.emitWithArgs(
        s.marketplace.write.resolve([id, false], { account: s.arbiter.account }),
        s.marketplace,
        "TaskResolved",
        [id, false],
      );
      assert.equal((await s.marketplace.read.getTask([id])).status, Status.Completed);
      assert.equal(await escrowOf(s), 0n);
    });

    it("refunds the user and slashes half to the user, half to the treasury when the provider is at fault", async () => {
      const s = await networkHelpers.loadFixture(deployWithProvider);
      const id = await disputed(s);
      const u0 = await s.token.read.balanceOf([s.user.account.address]);
      const t0 = await s.token.read.balanceOf([s.treasury.account.address]);
      const st0 = await s.token.read.balanceOf([s.staking.address]);
      await viem.assertions.emitWithArgs(
        s.marketplace.write.resolve([id, true], { account: s.arbiter.account }),
        s.staking,
        "ProviderSlashed",
        [s.provider.account.address, 40n * CAL, 20n * CAL, 20n * CAL, s.user.account.address, s.treasury.account.address],
      );
      assert.equal((await s.marketplace.read.getTask([id])).status, Status.Refunded);
      assert.equal(await s.token.read.balanceOf([s.user.account.address]), u0 + 1000n * CAL + 20n * CAL);
      assert.equal(await s.token.read.balanceOf([s.treasury.account.address]), t0 + 20n * CAL);
      assert.equal(await s.token.read.balanceOf([s.staking.address]), st0 - 40n * CAL);
      const info = await s.staking.read.stakeInfo([s.provider.account.address]);
      assert.equal(info.locked, 0n);
      assert.equal(info.free, 960n * CAL);
      const rep = await s.staking.read.providerInfo([s.provider.account.address]);
      assert.equal(rep.failed, 1n);
      assert.equal(rep.slashedTotal, 40n * CAL);
      assert.equal(await s.staking.read.scoreOf([s.provider.account.address]), 2000n);
    });

    it("refuses anyone but the arbiter with MarketplaceNotArbiter", async () => {
      const s = await networkHelpers.loadFixture(deployWithProvider);
      const id = await disputed(s);
      await viem.assertions.revertWithCustomErrorWithArgs(
        s.marketplace.write.resolve([id, true], { account: s.user.account }),
        s.marketplace,
        "MarketplaceNotArbiter",
        [s.user.account.address],
      );
    });

    it("refuses a task that is not Disputed with MarketplaceTaskNotDisputed", async () => {
      const s = await networkHelpers.loadFixture(deployWithProvider);
      const id = await submittedTask(s);
      await viem.assertions.revertWithCustomErrorWithArgs(
        s.marketplace.write.resolve([id, true], { account: s.arbiter.account }),
        s.marketplace,
        "MarketplaceTaskNotDisputed",
        [id, Status.Submitted],
      );
    });
  });

  describe("expire", () => {
    it("refunds and slashes after the deadline, callable by anyone", async () => {
      const s = await networkHelpers.loadFixture(deployWithProvider);
      const id = await assignedTask(s, { collateral: 333n * CAL + 3n });
      const deadline = (await s.marketplace.read.getTask([id])).deadline;
      await networkHelpers.time.setNextBlockTimestamp(deadline + 1n);
      const slashed = ((333n * CAL + 3n) * 2000n) / 10000n;
      const toUser = slashed / 2n;
      await viem.assertions.emitWithArgs(s.marketplace.write.expire([id], { account: s.stranger.account }), s.marketplace, "TaskRefunded", [
        id,
        s.user.account.address,
        1000n * CAL,
        slashed,
      ]);
      const rep = await s.staking.read.providerInfo([s.provider.account.address]);
      assert.equal(rep.slashedTotal, slashed);
      assert.equal((await s.staking.read.stakeInfo([s.provider.account.address])).free, 1000n * CAL - slashed);
      assert.equal((await s.marketplace.read.getTask([id])).status, Status.Refunded);
      assert.ok(toUser <= slashed - toUser);
    });

    it("refuses at the deadline with MarketplaceDeadlineNotPassed", async () => {
      const s = await networkHelpers.loadFixture(deployWithProvider);
      const id = await assignedTask(s);
      const deadline = (await s.marketplace.read.getTask([id])).deadline;
      await networkHelpers.time.setNextBlockTimestamp(deadline);
      await viem.assertions.revertWithCustomErrorWithArgs(s.marketplace.write.expire([id]), s.marketplace, "MarketplaceDeadlineNotPassed", [
        id,
        deadline,
        deadline,
      ]);
    });

    it("refuses a task that is not Assigned with MarketplaceTaskNotAssigned", async () => {
      const s = await networkHelpers.loadFixture(deployWithProvider);
      const id = await submittedTask(s);
      await networkHelpers.time.increase(Number(3n * DAY));
      await viem.assertions.revertWithCustomErrorWithArgs(s.marketplace.write.expire([id]), s.marketplace, "MarketplaceTaskNotAssigned", [
        id,
        Status.Submitted,
      ]);
    });
  });

  describe("pause", () => {
    it("lets the pauser pause, blocking new tasks, acceptance and submission but never the exits", async () => {
      const s = await networkHelpers.loadFixture(deployWithProvider);
      const assigned = await assignedTask(s);
      const open = await createTask(s);
      await s.marketplace.write.pause({ account: s.pauser.account });
      const blocked = [
        s.marketplace.write.createTask([await taskParams()], { account: s.user.account }),
        s.marketplace.write.acceptTask([open], { account: s.provider.account }),
        s.marketplace.write.submitResult([assigned, 1n, "0x"], { account: s.provider.account }),
      ];
      for (const call of blocked) {
        await viem.assertions.revertWithCustomError(call, s.marketplace, "EnforcedPause");
      }
      // Funds can always leave escrow (same rule on Solana and TON): cancel, and expiry after the deadline.
      await s.marketplace.write.cancelTask([open], { account: s.user.account });
      await networkHelpers.time.increase(30 * 86_400);
      await s.marketplace.write.expire([assigned]);
      assert.equal((await s.marketplace.read.getTask([assigned])).status, Status.Refunded);
    });

    it("refuses pause from anyone without PAUSER_ROLE and unpause from the pauser", async () => {
      const s = await networkHelpers.loadFixture(deploySuite);
      await viem.assertions.revertWithCustomErrorWithArgs(
        s.marketplace.write.pause({ account: s.stranger.account }),
        s.marketplace,
        "AccessControlUnauthorizedAccount",
        [s.stranger.account.address, PAUSER_ROLE],
      );
      await s.marketplace.write.pause({ account: s.pauser.account });
      await viem.assertions.revertWithCustomErrorWithArgs(
        s.marketplace.write.unpause({ account: s.pauser.account }),
        s.marketplace,
        "AccessControlUnauthorizedAccount",
        [s.pauser.account.address, ADMIN_ROLE],
      );
      await s.marketplace.write.unpause();
      assert.equal(await s.marketplace.read.paused(), false);
    });
  });

  describe("construction", () => {
    it("refuses a zero token, staking, admin, treasury or arbiter with MarketplaceZeroAddress", async () => {
      const s = await networkHelpers.loadFixture(deploySuite);
      const a = s.deployer.account.address;
      const good = [s.token.address, s.staking.address, a, a, a, a] as const;
      for (const i of [0, 1, 2, 4, 5]) {
        const args = [...good] as [`0x${string}`, `0x${string}`, `0x${string}`, `0x${string}`, `0x${string}`, `0x${string}`];
        args[i] = ZERO;
        await viem.assertions.revertWithCustomError(viem.deployContract("Marketplace", args), s.marketplace, "MarketplaceZeroAddress");
      }
    });
  });

  describe("pause state", () => {
    it("emits Paused and Unpaused and refuses a second pause or an unpause while running", async () => {
      const s = await networkHelpers.loadFixture(deploySuite);
      await viem.assertions.revertWithCustomError(s.marketplace.write.unpause(), s.marketplace, "ExpectedPause");
      await viem.assertions.emitWithArgs(s.marketplace.write.pause({ account: s.pauser.account }), s.marketplace, "Paused", [
        getAddress(s.pauser.account.address),
      ]);
      assert.equal(await s.marketplace.read.paused(), true);
      await viem.assertions.revertWithCustomError(s.marketplace.write.pause({ account: s.pauser.account }), s.marketplace, "EnforcedPause");
      await viem.assertions.emitWithArgs(s.marketplace.write.unpause(), s.marketplace, "Unpaused", [
        getAddress(s.deployer.account.address),
      ]);
    });
  });

  describe("parameters and verifier registry", () => {
    it("lets the admin set the fee split, challenge period and slashBps through setParameter within bounds", async () => {
      const s = await networkHelpers.loadFixture(deploySuite);
      const split = packFeeSplit(5000n, 3000n, 2000n);
      await viem.assertions.emitWithArgs(s.marketplace.write.setParameter([5, split]), s.marketplace, "ParameterUpdated", [5, split]);
      assert.deepEqual(await s.marketplace.read.feeSplit(), [5000n, 3000n, 2000n]);
      await s.marketplace.write.setParameter([3, 600n]);
      await s.marketplace.write.setParameter([3, 7n * DAY]);
      assert.equal(await s.marketplace.read.challengePeriod(), 7n * DAY);
      await s.marketplace.write.setParameter([4, 100n]);
      await s.marketplace.write.setParameter([4, 10000n]);
      assert.equal(await s.marketplace.read.slashBps(), 10000n);
    });

    it("refuses parameter ids it does not own with GovernanceUnknownParameter", async () => {
      const s = await networkHelpers.loadFixture(deploySuite);
      for (const id of [0, 1, 2, 6, 8, 65535]) {
        await viem.assertions.revertWithCustomErrorWithArgs(
          s.marketplace.write.setParameter([id, 3600n]),
          s.marketplace,
          "GovernanceUnknownParameter",
          [id],
        );
      }
    });

    it("appoints the arbiter, the treasury and the pauser with setRole, moving PAUSER_ROLE", async () => {
      const s = await networkHelpers.loadFixture(deploySuite);
      const who = s.stranger.account.address;
      await viem.assertions.emitWithArgs(s.marketplace.write.setRole([0, who]), s.marketplace, "RoleUpdated", [0, getAddress(who)]);
      assert.equal(await s.marketplace.read.arbiter(), getAddress(who));
      await s.marketplace.write.setRole([1, who]);
      assert.equal(await s.marketplace.read.treasury(), getAddress(who));
      const pauserRole = await s.marketplace.read.PAUSER_ROLE();
      await s.marketplace.write.setRole([2, who]);
      assert.equal(await s.marketplace.read.pauser(), getAddress(who));
      assert.equal(await s.marketplace.read.hasRole([pauserRole, who]), true);
      assert.equal(await s.marketplace.read.hasRole([pauserRole, s.pauser.account.address]), false);
      await viem.assertions.revertWithCustomErrorWithArgs(
        s.marketplace.write.pause({ account: s.pauser.account }),
        s.marketplace,
        "AccessControlUnauthorizedAccount",
        [getAddress(s.pauser.account.address), pauserRole],
      );
      await s.marketplace.write.pause({ account: s.stranger.account });
      assert.equal(await s.marketplace.read.paused(), true);
      await viem.assertions.revertWithCustomError(s.marketplace.write.setRole([3, who]), s.marketplace, "GovernanceInvalidAction");
    });

    it("refuses an invalid fee split with MarketplaceInvalidFeeSplit", async () => {
      const s = await networkHelpers.loadFixture(deploySuite);
      for (const split of [
        [8000n, 1500n, 501n],
        [4999n, 3001n, 2000n],
        [7999n, 0n, 2001n],
      ] as const) {
        await viem.assertions.revertWithCustomErrorWithArgs(
          s.marketplace.write.setParameter([5, packFeeSplit(split[0], split[1], split[2])]),
          s.marketplace,
          "MarketplaceInvalidFeeSplit",
          [...split],
        );
      }
    });

    it("refuses out-of-bounds challenge periods and slashBps with MarketplaceParameterOutOfBounds", async () => {
      const s = await networkHelpers.loadFixture(deploySuite);
      for (const v of [599n, 7n * DAY + 1n]) {
        await viem.assertions.revertWithCustomErrorWithArgs(
          s.marketplace.write.setParameter([3, v]),
          s.marketplace,
          "MarketplaceParameterOutOfBounds",
          [name32("challengePeriod"), v, 600n, 7n * DAY],
        );
      }
      for (const v of [99n, 10001n]) {
        await viem.assertions.revertWithCustomErrorWithArgs(
          s.marketplace.write.setParameter([4, v]),
          s.marketplace,
          "MarketplaceParameterOutOfBounds",
          [name32("slashBps"), v, 100n, 10000n],
        );
      }
    });

    it("refuses a zero arbiter, treasury, pauser or verifier address with MarketplaceZeroAddress", async () => {
      const s = await networkHelpers.loadFixture(deploySuite);
      for (const call of [
        s.marketplace.write.setRole([0, ZERO]),
        s.marketplace.write.setRole([1, ZERO]),
        s.marketplace.write.setRole([2, ZERO]),
        s.marketplace.write.registerVerifier([2, ZERO]),
      ]) {
        await viem.assertions.revertWithCustomError(call, s.marketplace, "MarketplaceZeroAddress");
      }
    });

    it("registers and removes verifiers, refusing id 0, accounts without code and unknown ids with MarketplaceUnknownVerifier", async () => {
      const s = await networkHelpers.loadFixture(deploySuite);
      await viem.assertions.emitWithArgs(
        s.marketplace.write.registerVerifier([2, s.verifier.address]),
        s.marketplace,
        "VerifierRegistered",
        [2, s.verifier.address],
      );
      assert.equal((await s.marketplace.read.verifiers([2])).toLowerCase(), s.verifier.address.toLowerCase());
      await viem.assertions.emitWithArgs(s.marketplace.write.removeVerifier([2]), s.marketplace, "VerifierRegistered", [2, ZERO]);
      await viem.assertions.revertWithCustomErrorWithArgs(
        s.marketplace.write.removeVerifier([2]),
        s.marketplace,
        "MarketplaceUnknownVerifier",
        [2],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        s.marketplace.write.registerVerifier([4, s.stranger.account.address]),
        s.marketplace,
        "MarketplaceUnknownVerifier",
        [4],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        s.marketplace.write.registerVerifier([0, s.verifier.address]),
        s.marketplace,
        "MarketplaceUnknownVerifier",
        [0],
      );
    });

    it("refuses every admin call from a non-admin with AccessControlUnauthorizedAccount", async () => {
      const s = await networkHelpers.loadFixture(deploySuite);
      const a = { account: s.pauser.account };
      for (const call of [
        s.marketplace.write.setParameter([5, packFeeSplit(8000n, 1500n, 500n)], a),
        s.marketplace.write.setParameter([3, 600n], a),
        s.marketplace.write.setParameter([4, 100n], a),
        s.marketplace.write.setRole([0, s.pauser.account.address], a),
        s.marketplace.write.setRole([1, s.pauser.account.address], a),
        s.marketplace.write.setRole([2, s.pauser.account.address], a),
        s.marketplace.write.registerVerifier([3, s.verifier.address], a),
        s.marketplace.write.removeVerifier([1], a),
      ]) {
        await viem.assertions.revertWithCustomErrorWithArgs(call, s.marketplace, "AccessControlUnauthorizedAccount", [
          s.pauser.account.address,
          ADMIN_ROLE,
        ]);
      }
    });
  });

  describe("conservation", () => {
    it("keeps escrow equal to the rewards of live tasks and staking equal to all stake through a mixed run", async () => {
      const s = await networkHelpers.loadFixture(deployWithProvider);
      const a = await createTask(s, { reward: 11n * CAL });
      const b = await assignedTask(s, { reward: 13n * CAL });
      const c = await submittedTask(s, { reward: 17n * CAL });
      await s.marketplace.write.cancelTask([a], { account: s.user.account });
      assert.equal(await escrowOf(s), 30n * CAL);
      await networkHelpers.time.increase(Number(2n * DAY));
      await s.marketplace.write.finalize([c]);
      await s.marketplace.write.expire([b]);
      assert.equal(await escrowOf(s), 0n);
      const info = await s.staking.read.stakeInfo([s.provider.account.address]);
      assert.equal(await s.token.read.balanceOf([s.staking.address]), info.free + info.locked + info.pendingUnstake);
    });
  });
});
