import assert from "node:assert/strict";
import { getAddress } from "viem";
import {
  viem,
  networkHelpers,
  CAL,
  DAY,
  Status,
  mockProof,
  deploySuite,
  deployWithProvider,
  taskParams,
  createTask,
  type Suite,
  type MarketplaceErrorName,
  type MarketplaceErrorArgs,
  expectMarketplaceError,
} from "./helpers/fixture.js";
import { createOffer, offerTerms, h32 } from "./helpers/replicas.js";

const escrowOf = (s: Suite) => s.token.read.balanceOf([s.marketplace.address]);
const balanceOf = (s: Suite, a: `0x${string}`) => s.token.read.balanceOf([a]);

/** Sets the next block's time to `rampStart + dt` of task `id`'s offer. */
async function atRamp(s: Suite, id: bigint, dt: bigint) {
  const o = await s.marketplace.read.getOffer([id]);
  await networkHelpers.time.setNextBlockTimestamp(o.rampStart + dt);
}

describe("Marketplace offers (DESIGN §5.1)", () => {
  describe("createTask with offer terms", () => {
    it("escrows the maximum reward and records the terms", async () => {
      const s = await networkHelpers.loadFixture(deploySuite);
      const terms = await offerTerms({ rampStartIn: 10n, rampDuration: 500n });
      await s.marketplace.write.createTask([await taskParams(), terms], { account: s.user.account });
      assert.equal(await escrowOf(s), 1000n * CAL);
      const o = await s.marketplace.read.getOffer([1n]);
      assert.deepEqual(
        [o.minReward, o.maxReward, o.rampStart, o.rampDuration, o.lockDeadline, o.replicas, o.price, o.revealEnd],
        [terms.minReward, 1000n * CAL, terms.rampStart, 500n, terms.lockDeadline, 0, 0n, 0n],
      );
      assert.equal((await s.marketplace.read.getTask([1n])).status, Status.Open);
    });

    it("reads a classic task without terms as its fixed reward, and its accept locks the reward (OfferLocked)", async () => {
      const s = await networkHelpers.loadFixture(deployWithProvider);
      const id = await createTask(s);
      const t = await s.marketplace.read.getTask([id]);
      let o = await s.marketplace.read.getOffer([id]);
      assert.deepEqual(
        [o.minReward, o.maxReward, o.rampDuration, o.lockDeadline, o.replicas, o.price, o.revealEnd],
        [t.reward, t.reward, 0n, t.deadline, 0, 0n, 0n],
      );
      await viem.assertions.emitWithArgs(
        s.marketplace.write.acceptTask([id], { account: s.provider.account }),
        s.marketplace,
        "OfferLocked",
        [id, getAddress(s.provider.account.address), t.reward],
      );
      o = await s.marketplace.read.getOffer([id]);
      assert.equal(o.price, t.reward);
      assert.deepEqual(await s.marketplace.read.getReplicas([id]), []);
    });

    it("refuses each invalid term with its error, after the task's own checks", async () => {
      const s = await networkHelpers.loadFixture(deploySuite);
      const p = await taskParams();
      const now = BigInt(await networkHelpers.time.latest());
      const cases: [Partial<Awaited<ReturnType<typeof offerTerms>>>, MarketplaceErrorName, MarketplaceErrorArgs | undefined][] = [
        [{ minReward: 0n }, "MarketplaceZeroReward", []],
        [{ minReward: p.reward + 1n }, "MarketplaceInvalidOffer", undefined],
        [{ rampStart: 2n ** 32n - 100n, rampDuration: 100n }, "MarketplaceInvalidOffer", undefined],
        [{ lockDeadline: now - 1n }, "MarketplaceInvalidLockDeadline", undefined],
        [{ lockDeadline: p.deadline + 1n }, "MarketplaceInvalidLockDeadline", undefined],
        [{ replicas: 4 }, "MarketplaceInvalidReplicas", [4n]],
      ];
      for (const [change, error, args] of cases) {
        const tx = s.marketplace.write.createTask([p, { ...(await offerTerms()), ...change }], { account: s.user.account });
        await expectMarketplaceError(tx, s, error, args);
      }
      // The largest ramp that fits (rampStart + rampDuration = 2^32 - 1) and lockDeadline == deadline are accepted.
      await s.marketplace.write.createTask(
        [p, { ...(await offerTerms()), rampStart: 2n ** 32n - 101n, rampDuration: 100n, lockDeadline: p.deadline }],
        { account: s.user.account },
      );
      // The task's own checks come first: a zero reward is MarketplaceZeroReward, a past deadline
      // MarketplaceInvalidDeadline, whatever the terms.
      await viem.assertions.revertWithCustomError(
        s.marketplace.write.createTask(
          [
            { ...p, deadline: now },
            { ...(await offerTerms()), replicas: 9 },
          ],
          {
            account: s.user.account,
          },
        ),
        s.marketplace,
        "MarketplaceInvalidDeadline",
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        s.marketplace.write.createTask(
          [
            { ...p, reward: 0n },
            { ...(await offerTerms()), replicas: 9 },
          ],
          {
            account: s.user.account,
          },
        ),
        s.marketplace,
        "MarketplaceZeroReward",
        [],
      );
    });

    it("refuses the MarketplaceInvalidOffer and MarketplaceInvalidLockDeadline cases with their arguments", async () => {
      const s = await networkHelpers.loadFixture(deploySuite);
      const p = await taskParams();
      const terms = await offerTerms();
      await viem.assertions.revertWithCustomErrorWithArgs(
        s.marketplace.write.createTask([p, { ...terms, minReward: p.reward + 1n }], { account: s.user.account }),
        s.marketplace,
        "MarketplaceInvalidOffer",
        [p.reward + 1n, p.reward, terms.rampStart, terms.rampDuration],
      );
      const now = BigInt(await networkHelpers.time.latest());
      await networkHelpers.time.setNextBlockTimestamp(now + 5n);
      await viem.assertions.revertWithCustomErrorWithArgs(
        s.marketplace.write.createTask([p, { ...terms, lockDeadline: p.deadline + 1n }], { account: s.user.account }),
        s.marketplace,
        "MarketplaceInvalidLockDeadline",
        [p.deadline + 1n, p.deadline, now + 5n],
      );
    });

    it("is blocked while paused with EnforcedPause", async () => {
      const s = await networkHelpers.loadFixture(deploySuite);
      await s.marketplace.write.pause({ account: s.pauser.account });
      await viem.assertions.revertWithCustomError(
        s.marketplace.write.createTask([await taskParams(), await offerTerms()], { account: s.user.account }),
        s.marketplace,
        "EnforcedPause",
      );
    });
  });

  describe("acceptTask on an offer", () => {
    it("locks the mid-ramp price (OfferLocked) and the collateral", async () => {
      const s = await networkHelpers.loadFixture(deployWithProvider);
      const id = await createOffer(s, { minReward: 600n * CAL, rampStartIn: 10n, rampDuration: 1000n });
      await atRamp(s, id, 333n);
      // 600 + 400 * 333 / 1000 = 733.2 CAL, floor in base units
      const price = 600n * CAL + (400n * CAL * 333n) / 1000n;
      await viem.assertions.emitWithArgs(
        s.marketplace.write.acceptTask([id], { account: s.provider.account }),
        s.marketplace,
        "OfferLocked",
        [id, getAddress(s.provider.account.address), price],
      );
      assert.equal((await s.marketplace.read.getOffer([id])).price, price);
      assert.equal((await s.staking.read.stakeInfo([s.provider.account.address])).locked, 200n * CAL);
      assert.equal((await s.marketplace.read.getTask([id])).status, Status.Assigned);
    });

    it("locks minReward before the ramp starts and the maximum after it ends", async () => {
      const s = await networkHelpers.loadFixture(deployWithProvider);
      const early = await createOffer(s, { rampStartIn: 100n, rampDuration: 50n });
      await s.marketplace.write.acceptTask([early], { account: s.provider.account });
      assert.equal((await s.marketplace.read.getOffer([early])).price, 600n * CAL);
      const late = await createOffer(s, { rampStartIn: 0n, rampDuration: 50n });
      await atRamp(s, late, 50n);
      await s.marketplace.write.acceptTask([late], { account: s.provider.account });
      assert.equal((await s.marketplace.read.getOffer([late])).price, 1000n * CAL);
    });

    it("refuses after lockDeadline with MarketplaceLockDeadlinePassed, at lockDeadline still accepts", async () => {
      const s = await networkHelpers.loadFixture(deployWithProvider);
      const a = await createOffer(s, { lockDeadlineIn: 100n });
      const b = await createOffer(s, { lockDeadlineIn: 100n });
      const lockA = (await s.marketplace.read.getOffer([a])).lockDeadline;
      const lockB = (await s.marketplace.read.getOffer([b])).lockDeadline;
      await networkHelpers.time.setNextBlockTimestamp(lockA);
      await s.marketplace.write.acceptTask([a], { account: s.provider.account });
      await networkHelpers.time.setNextBlockTimestamp(lockB + 1n);
      await viem.assertions.revertWithCustomErrorWithArgs(
        s.marketplace.write.acceptTask([b], { account: s.provider.account }),
        s.marketplace,
        "MarketplaceLockDeadlinePassed",
        [b, lockB, lockB + 1n],
      );
    });
  });

  describe("classic settlement of an offer", () => {
    async function lockedAt(dt: bigint, o: { verifierId?: number } = {}) {
      const s = await deployWithProvider();
      const id = await createOffer(s, { minReward: 600n * CAL, rampDuration: 1000n }, o);
      await atRamp(s, id, dt);
      await s.marketplace.write.acceptTask([id], { account: s.provider.account });
      const price = (await s.marketplace.read.getOffer([id])).price;
      return { s, id, price };
    }

    it("pays the locked price 80/15/5 at finalize and refunds the difference to the user", async () => {
      const { s, id, price } = await lockedAt(500n);
      assert.equal(price, 800n * CAL);
      await s.marketplace.write.submitResult([id, 42n, "0x"], { account: s.provider.account });
      await networkHelpers.time.increase(Number(DAY));
      const [u0, p0, t0] = await Promise.all([s.user, s.provider, s.treasury].map((w) => balanceOf(s, w.account.address)));
      await viem.assertions.emitWithArgs(s.marketplace.write.finalize([id]), s.marketplace, "TaskCompleted", [
        id,
        getAddress(s.provider.account.address),
        640n * CAL,
        160n * CAL,
        0n,
      ]);
      assert.equal(await balanceOf(s, s.user.account.address), u0 + 200n * CAL);
      assert.equal(await balanceOf(s, s.provider.account.address), p0 + 640n * CAL);
      assert.equal(await balanceOf(s, s.treasury.account.address), t0 + 160n * CAL);
      assert.equal(await escrowOf(s), 0n);
    });

    it("pays the locked price when the arbiter resolves in the provider's favour and on a valid proof", async () => {
      {
        const { s, id } = await lockedAt(250n);
        await s.marketplace.write.submitResult([id, 42n, "0x"], { account: s.provider.account });
        await s.marketplace.write.dispute([id], { account: s.user.account });
        const u0 = await balanceOf(s, s.user.account.address);
        await s.marketplace.write.resolve([id, false], { account: s.arbiter.account });
        assert.equal(await balanceOf(s, s.user.account.address), u0 + 300n * CAL);
        assert.equal(await escrowOf(s), 0n);
      }
      {
        const { s, id } = await lockedAt(750n, { verifierId: 1 });
        const t = await s.marketplace.read.getTask([id]);
        const u0 = await balanceOf(s, s.user.account.address);
        await s.marketplace.write.submitResult([id, 7n, mockProof([id, t.specHash, 7n, BigInt(s.provider.account.address)])], {
          account: s.provider.account,
        });
        assert.equal(await balanceOf(s, s.user.account.address), u0 + 100n * CAL);
        assert.equal(await escrowOf(s), 0n);
      }
    });

    it("refunds the whole reward on expiry and on resolve(true)", async () => {
      {
        const { s, id } = await lockedAt(500n);
        const u0 = await balanceOf(s, s.user.account.address);
        await networkHelpers.time.increase(Number(DAY) + 1);
        await s.marketplace.write.expire([id]);
        // the reward, plus half of the 20% slash of 200 CAL
        assert.equal(await balanceOf(s, s.user.account.address), u0 + 1000n * CAL + 20n * CAL);
      }
      {
        const { s, id } = await lockedAt(500n);
        await s.marketplace.write.submitResult([id, 42n, "0x"], { account: s.provider.account });
        await s.marketplace.write.dispute([id], { account: s.user.account });
        const u0 = await balanceOf(s, s.user.account.address);
        await s.marketplace.write.resolve([id, true], { account: s.arbiter.account });
        assert.equal(await balanceOf(s, s.user.account.address), u0 + 1000n * CAL + 20n * CAL);
      }
    });

    it("refuses commitResult, revealResult, settle and resolveReplicas on a classic task with MarketplaceNotReplicated", async () => {
      const { s, id } = await lockedAt(10n);
      const plain = await createTask(s);
      for (const task of [id, plain]) {
        const calls = [
          s.marketplace.write.commitResult([task, h32("c")], { account: s.provider.account }),
          s.marketplace.write.revealResult([task, h32("r"), h32("s")], { account: s.provider.account }),
          s.marketplace.write.settle([task]),
          s.marketplace.write.resolveReplicas([task, h32("r")], { account: s.arbiter.account }),
        ];
        for (const call of calls) {
          await viem.assertions.revertWithCustomErrorWithArgs(call, s.marketplace, "MarketplaceNotReplicated", [task]);
        }
      }
    });
  });
});
