import assert from "node:assert/strict";
import { getAddress, type Address, type Hex } from "viem";
import {
  viem,
  networkHelpers,
  CAL,
  DAY,
  Status,
  assignedTask,
  createTask,
  deploySuite,
  deployWithProvider,
  expectMarketplaceError,
  submittedTask,
  type Suite,
} from "./helpers/fixture.js";
import { ZERO32, commitOf, createOffer, h32, withProviders } from "./helpers/replicas.js";

type Wallet = Suite["provider"];
const CID_A = h32("bafkrei… result A");
const CID_B = h32("bafkrei… result B");
const expectError = expectMarketplaceError;

async function publish(s: Suite, id: bigint, w: Wallet, cid: Hex) {
  return s.marketplace.write.publishResult([id, cid], { account: w.account });
}
const cidOf = (s: Suite, id: bigint, who: Address) => s.marketplace.read.resultCid([id, who]);

/** A replicated task with k replicas among the suite's three providers, accepted by the first `accepted`. */
async function replicated(k: number, accepted = k) {
  const s = await deploySuite();
  const providers = await withProviders(s);
  const id = await createOffer(s, { minReward: 1000n * CAL, replicas: k });
  for (const w of providers.slice(0, accepted)) await s.marketplace.write.acceptTask([id], { account: w.account });
  return { s, id, providers };
}

/** Every replica commits and reveals `results[i]`. */
async function commitAndReveal(s: Suite, id: bigint, ws: readonly Wallet[], results: readonly Hex[]) {
  const salt = (w: Wallet) => h32(`salt:${w.account.address}`);
  for (const [i, w] of ws.entries()) {
    await s.marketplace.write.commitResult([id, commitOf(results[i]!, salt(w), w.account.address)], { account: w.account });
  }
  for (const [i, w] of ws.entries()) {
    await s.marketplace.write.revealResult([id, results[i]!, salt(w)], { account: w.account });
  }
}

/** Everything that holds or counts CAL around a task: publishing must leave all of it as it was. */
async function ledger(s: Suite, id: bigint, who: readonly Address[]) {
  const balances = await Promise.all(
    [s.marketplace.address, s.staking.address, s.treasury.account.address, s.user.account.address, ...who].map((a) =>
      s.token.read.balanceOf([a]),
    ),
  );
  const stakes = await Promise.all(who.map((a) => s.staking.read.stakeInfo([a])));
  const infos = await Promise.all(who.map((a) => s.staking.read.providerInfo([a])));
  return { balances, stakes, infos, task: await s.marketplace.read.getTask([id]), offer: await s.marketplace.read.getOffer([id]) };
}

describe("Marketplace publishResult (result delivery, DESIGN §5.3)", () => {
  describe("a classic task", () => {
    it("its provider publishes while Assigned: stored for that provider, ResultPublished emitted", async () => {
      const s = await deployWithProvider();
      const id = await assignedTask(s);
      assert.equal(await cidOf(s, id, s.provider.account.address), ZERO32);
      await viem.assertions.emitWithArgs(publish(s, id, s.provider, CID_A), s.marketplace, "ResultPublished", [
        id,
        getAddress(s.provider.account.address),
        CID_A,
      ]);
      assert.equal(await cidOf(s, id, s.provider.account.address), CID_A);
      assert.equal(await cidOf(s, id, s.stranger.account.address), ZERO32);
      assert.equal(await cidOf(s, id + 1n, s.provider.account.address), ZERO32);
    });

    it("latest wins: a later call replaces the earlier CID", async () => {
      const s = await deployWithProvider();
      const id = await assignedTask(s);
      await publish(s, id, s.provider, CID_A);
      await viem.assertions.emitWithArgs(publish(s, id, s.provider, CID_B), s.marketplace, "ResultPublished", [
        id,
        getAddress(s.provider.account.address),
        CID_B,
      ]);
      assert.equal(await cidOf(s, id, s.provider.account.address), CID_B);
    });

    it("is allowed while Submitted, Disputed and after Completed", async () => {
      const s = await deployWithProvider();
      const id = await submittedTask(s);
      await publish(s, id, s.provider, CID_A);
      await s.marketplace.write.dispute([id], { account: s.user.account });
      await publish(s, id, s.provider, CID_B);
      assert.equal(await cidOf(s, id, s.provider.account.address), CID_B);
      await s.marketplace.write.resolve([id, false], { account: s.arbiter.account });
      assert.equal((await s.marketplace.read.getTask([id])).status, Status.Completed);
      await publish(s, id, s.provider, CID_A);
      assert.equal(await cidOf(s, id, s.provider.account.address), CID_A);

      const finalized = await submittedTask(s);
      await networkHelpers.time.increase(Number(DAY));
      await s.marketplace.write.finalize([finalized]);
      await publish(s, finalized, s.provider, CID_B);
      assert.equal(await cidOf(s, finalized, s.provider.account.address), CID_B);
    });

    it("is allowed while the marketplace is paused", async () => {
      const s = await deployWithProvider();
      const id = await assignedTask(s);
      await s.marketplace.write.pause({ account: s.pauser.account });
      await publish(s, id, s.provider, CID_A);
      assert.equal(await cidOf(s, id, s.provider.account.address), CID_A);
    });

    it("moves no funds and changes no task, offer or stake", async () => {
      const s = await deployWithProvider();
      const id = await assignedTask(s);
      const before = await ledger(s, id, [s.provider.account.address]);
      await publish(s, id, s.provider, CID_A);
      assert.deepEqual(await ledger(s, id, [s.provider.account.address]), before);
    });
  });

  describe("a replicated task", () => {
    it("each replica publishes its own CID, read back per replica", async () => {
      const { s, id, providers } = await replicated(3);
      for (const [i, w] of providers.entries()) {
        await viem.assertions.emitWithArgs(publish(s, id, w, h32(`cid ${i}`)), s.marketplace, "ResultPublished", [
          id,
          getAddress(w.account.address),
          h32(`cid ${i}`),
        ]);
      }
      for (const [i, w] of providers.entries()) assert.equal(await cidOf(s, id, w.account.address), h32(`cid ${i}`));
      await publish(s, id, providers[1], CID_B);
      assert.equal(await cidOf(s, id, providers[1].account.address), CID_B);
      assert.equal(await cidOf(s, id, providers[0].account.address), h32("cid 0"));
    });

    it("a replica publishes after settlement (Completed) and while Disputed", async () => {
      const done = await replicated(2);
      await commitAndReveal(done.s, done.id, done.providers.slice(0, 2), [CID_A, CID_A]);
      await done.s.marketplace.write.settle([done.id]);
      assert.equal((await done.s.marketplace.read.getTask([done.id])).status, Status.Completed);
      await publish(done.s, done.id, done.providers[1], CID_A);
      assert.equal(await cidOf(done.s, done.id, done.providers[1].account.address), CID_A);

      const split = await replicated(2);
      await commitAndReveal(split.s, split.id, split.providers.slice(0, 2), [CID_A, CID_B]);
      await split.s.marketplace.write.settle([split.id]);
      assert.equal((await split.s.marketplace.read.getTask([split.id])).status, Status.Disputed);
      await publish(split.s, split.id, split.providers[0], CID_A);
      assert.equal(await cidOf(split.s, split.id, split.providers[0].account.address), CID_A);
    });

    it("moves no funds and changes no task, offer, replica or stake", async () => {
      const { s, id, providers } = await replicated(2);
      const who = providers.slice(0, 2).map((w) => w.account.address);
      const before = { ...(await ledger(s, id, who)), replicas: await s.marketplace.read.getReplicas([id]) };
      await publish(s, id, providers[0], CID_A);
      assert.deepEqual({ ...(await ledger(s, id, who)), replicas: await s.marketplace.read.getReplicas([id]) }, before);
    });
  });

  describe("refusals, in the order task, caller, status, CID", () => {
    it("an unknown task: MarketplaceTaskNotFound (before anything else)", async () => {
      const s = await deployWithProvider();
      await expectError(publish(s, 9n, s.stranger, ZERO32), s, "MarketplaceTaskNotFound", [9n]);
    });

    it("a stranger: MarketplaceNotTaskProvider (before the CID), on a classic and on a replicated task", async () => {
      const s = await deployWithProvider();
      const id = await assignedTask(s);
      await expectError(publish(s, id, s.stranger, ZERO32), s, "MarketplaceNotTaskProvider", [id, getAddress(s.stranger.account.address)]);
      await expectError(publish(s, id, s.user, CID_A), s, "MarketplaceNotTaskProvider", [id, getAddress(s.user.account.address)]);

      const r = await replicated(3, 2);
      const outsider = r.providers[2];
      await expectError(publish(r.s, r.id, outsider, ZERO32), r.s, "MarketplaceNotTaskProvider", [
        r.id,
        getAddress(outsider.account.address),
      ]);
    });

    it("a zero CID: MarketplaceInvalidResultCid", async () => {
      const s = await deployWithProvider();
      const id = await assignedTask(s);
      await expectError(publish(s, id, s.provider, ZERO32), s, "MarketplaceInvalidResultCid", [id]);
      const r = await replicated(1);
      await expectError(publish(r.s, r.id, r.providers[0], ZERO32), r.s, "MarketplaceInvalidResultCid", [r.id]);
    });

    it("an Open or Cancelled task has no provider: MarketplaceNotTaskProvider", async () => {
      const s = await deployWithProvider();
      const open = await createTask(s);
      await expectError(publish(s, open, s.provider, CID_A), s, "MarketplaceNotTaskProvider", [
        open,
        getAddress(s.provider.account.address),
      ]);
      await s.marketplace.write.cancelTask([open], { account: s.user.account });
      await expectError(publish(s, open, s.provider, CID_A), s, "MarketplaceNotTaskProvider", [
        open,
        getAddress(s.provider.account.address),
      ]);

      const r = await replicated(2, 0);
      await expectError(publish(r.s, r.id, r.providers[0], CID_A), r.s, "MarketplaceNotTaskProvider", [
        r.id,
        getAddress(r.providers[0].account.address),
      ]);
    });

    it("a Refunded task: its provider is refused with MarketplaceTaskNotAssigned (before the CID)", async () => {
      const s = await deployWithProvider();
      const id = await assignedTask(s);
      await networkHelpers.time.increase(Number(DAY) + 1);
      await s.marketplace.write.expire([id]);
      await expectError(publish(s, id, s.provider, ZERO32), s, "MarketplaceTaskNotAssigned", [id, Status.Refunded]);

      const r = await replicated(2);
      await commitAndReveal(r.s, r.id, r.providers.slice(0, 2), [CID_A, CID_B]);
      await r.s.marketplace.write.settle([r.id]);
      await r.s.marketplace.write.resolveReplicas([r.id, ZERO32], { account: r.s.arbiter.account });
      await expectError(publish(r.s, r.id, r.providers[0], CID_A), r.s, "MarketplaceTaskNotAssigned", [r.id, Status.Refunded]);
    });
  });
});
