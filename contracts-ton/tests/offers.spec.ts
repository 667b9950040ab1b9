// Offers (DESIGN §5.1; CONVENTIONS "Offers and replicas"): offer terms at create_task, the price of the accept's
// moment locked, the classic payout split on that price and reward - price back to the user.
import { expect } from "chai";
import type { Blockchain, BlockchainSnapshot } from "@ton/sandbox";
import "@ton/test-utils";
import { TaskStatus } from "../wrappers/Marketplace";
import { err } from "../wrappers/abi";
import { createTask } from "./fixtures";
import { type ReplicaEnv, setupReplicas, stakeAll, createOffer, checkConservation, events, CAL, DAY } from "./replica-fixtures";

describe("Offers (DESIGN §5.1)", () => {
  let env: ReplicaEnv;
  let blockchain: Blockchain;
  let base: BlockchainSnapshot;
  let t0: number;

  before(async () => {
    env = await setupReplicas();
    blockchain = env.blockchain;
    await stakeAll(env, 1000n * CAL);
    t0 = blockchain.now!;
    base = blockchain.snapshot();
  });
  beforeEach(async () => {
    await blockchain.loadFrom(base);
    blockchain.now = t0;
  });

  it("an offer accepted mid-ramp locks the price of that moment; the payout splits it and refunds reward - price", async () => {
    const { id } = await createOffer(env, 30n * CAL, {
      minReward: 10n * CAL,
      rampStart: t0 + 100,
      rampDuration: 1000,
      lockDeadline: t0 + DAY / 2,
    });
    const o = await env.marketplace.getTaskOffer(id);
    expect([o.minReward, o.maxReward, o.rampStart, o.rampDuration, o.lockDeadline, o.replicas, o.price, o.revealEnd]).to.deep.equal([
      10n * CAL,
      30n * CAL,
      BigInt(t0 + 100),
      1000n,
      BigInt(t0 + DAY / 2),
      0,
      0n,
      0n,
    ]);
    await checkConservation(env, "created");
    blockchain.now = t0 + 100 + 500; // half way: 10 + 20 * 500 / 1000 = 20 CAL
    const r = await env.marketplace.sendAcceptTask(env.provider.getSender(), id);
    const locked = events(r).find((e) => e.name === "OfferLocked");
    expect(locked, "OfferLocked emitted").to.not.equal(undefined);
    const s = locked!.body.beginParse().skip(32);
    expect(s.loadUintBig(64)).to.equal(id);
    expect(s.loadAddress().equals(env.provider.address)).to.equal(true);
    expect(s.loadCoins()).to.equal(20n * CAL);
    expect((await env.marketplace.getTaskOffer(id)).price).to.equal(20n * CAL);
    expect(await env.marketplace.getTaskStatus(id)).to.equal(TaskStatus.Assigned);
    await checkConservation(env, "accepted");

    const userBefore = await env.balanceOf(env.user.address);
    const provBefore = await env.balanceOf(env.provider.address);
    await env.marketplace.sendSubmitResult(env.provider.getSender(), id, 7n);
    blockchain.now! += DAY;
    await env.marketplace.sendFinalize(env.anyone.getSender(), id);
    expect(await env.marketplace.getTaskStatus(id)).to.equal(TaskStatus.Completed);
    expect((await env.balanceOf(env.provider.address)) - provBefore).to.equal(16n * CAL); // 80% of 20
    expect(await env.balanceOf(env.treasury.address)).to.equal(4n * CAL); // 15% + 5% (no creator)
    expect((await env.balanceOf(env.user.address)) - userBefore).to.equal(10n * CAL); // 30 - 20
    await checkConservation(env, "finalized");
  });

  it("before the ramp the price is minReward, after it maxReward", async () => {
    const a = await createOffer(env, 30n * CAL, { minReward: 10n * CAL, rampStart: t0 + 100, rampDuration: 1000 });
    await env.marketplace.sendAcceptTask(env.provider.getSender(), a.id);
    expect((await env.marketplace.getTaskOffer(a.id)).price).to.equal(10n * CAL);
    const b = await createOffer(env, 30n * CAL, { minReward: 10n * CAL, rampStart: t0 + 100, rampDuration: 1000 });
    blockchain.now = t0 + 1100;
    await env.marketplace.sendAcceptTask(env.providers[1].getSender(), b.id);
    expect((await env.marketplace.getTaskOffer(b.id)).price).to.equal(30n * CAL);
    await checkConservation(env);
  });

  it("a task without terms is a classic fixed-reward offer: min = max = reward, ramp at creation, lockDeadline = deadline", async () => {
    await createTask(env, 12n * CAL);
    const o = await env.marketplace.getTaskOffer(1n);
    const t = await env.marketplace.getTask(1n);
    expect([o.minReward, o.maxReward, o.rampStart, o.rampDuration, o.lockDeadline, o.replicas]).to.deep.equal([
      12n * CAL,
      12n * CAL,
      BigInt(t0),
      0n,
      BigInt(t.deadline),
      0,
    ]);
    await env.marketplace.sendAcceptTask(env.provider.getSender(), 1n);
    expect((await env.marketplace.getTaskOffer(1n)).price).to.equal(12n * CAL);
  });

  it("accept after the lock deadline is refused with MarketplaceLockDeadlinePassed and changes nothing", async () => {
    const { id } = await createOffer(env, 30n * CAL, { minReward: 10n * CAL, lockDeadline: t0 + 600 });
    const { id: id2 } = await createOffer(env, 30n * CAL, { minReward: 10n * CAL, lockDeadline: t0 + 600 });
    blockchain.now = t0 + 600; // at the lock deadline it is still allowed
    await env.marketplace.sendAcceptTask(env.provider.getSender(), id2);
    expect(await env.marketplace.getTaskStatus(id2)).to.equal(TaskStatus.Assigned);
    blockchain.now = t0 + 601; // before the task deadline, after the lock deadline
    const r = await env.marketplace.sendAcceptTask(env.provider.getSender(), id);
    expect(r.transactions).to.have.transaction({ to: env.marketplace.address, exitCode: err("MarketplaceLockDeadlinePassed") });
    expect(await env.marketplace.getTaskStatus(id)).to.equal(TaskStatus.Open);
    expect((await env.marketplace.getTaskOffer(id)).price).to.equal(0n);
    expect((await env.staking.getProvider(env.provider.address)).locked).to.equal(50n * CAL); // id2's collateral only
    await checkConservation(env);
  });

  it("invalid terms are refused by name, in the CONVENTIONS order, and the CAL returned", async () => {
    const before = await env.balanceOf(env.user.address);
    const cases: [string, Parameters<typeof createOffer>[2], Parameters<typeof createOffer>[3]?][] = [
      ["MarketplaceZeroReward", { minReward: 0n }],
      ["MarketplaceZeroReward", { minReward: 0n, replicas: 9 }],
      ["MarketplaceInvalidOffer", { minReward: 31n * CAL }],
      ["MarketplaceInvalidOffer", { rampStart: 2 ** 32 - 10, rampDuration: 10 }],
      ["MarketplaceInvalidOffer", { minReward: 31n * CAL, lockDeadline: 0 }],
      ["MarketplaceInvalidLockDeadline", { lockDeadline: t0 - 1 }],
      ["MarketplaceInvalidLockDeadline", { lockDeadline: t0 + DAY + 1 }],
      ["MarketplaceInvalidLockDeadline", { lockDeadline: t0 + DAY + 1, replicas: 4 }],
      ["MarketplaceInvalidReplicas", { replicas: 4 }],
      ["MarketplaceInvalidDeadline", { replicas: 4 }, { deadline: t0 }],
    ];
    for (const [name, offer, over] of cases) {
      const { result } = await createOffer(env, 30n * CAL, offer, over);
      expect(
        result.transactions,
        `${name} ${JSON.stringify(offer, (_, v) => (typeof v === "bigint" ? v.toString() : v))}`,
      ).to.have.transaction({ to: env.marketplace.address, exitCode: err(name) });
    }
    expect(await env.balanceOf(env.user.address)).to.equal(before);
    expect((await env.marketplace.getData()).nextTaskId).to.equal(1n);
    // the edges are accepted: lockDeadline == now, lockDeadline == deadline, rampStart + rampDuration = 2^32 - 1, k = 3
    for (const ok of [{ lockDeadline: t0 }, { lockDeadline: t0 + DAY }, { rampStart: 2 ** 32 - 11, rampDuration: 10 }, { replicas: 3 }]) {
      const { result } = await createOffer(env, 30n * CAL, ok);
      expect(result.transactions, JSON.stringify(ok)).to.have.transaction({ to: env.marketplace.address, success: true });
    }
    await checkConservation(env);
  });
});
