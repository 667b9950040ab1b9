// Redundant execution by commit–reveal (DESIGN §5.2; CONVENTIONS "Offers and replicas"): k replicas accept, commit
// keccak256(resultHash ‖ salt ‖ provider), reveal, settle pays the strict majority and slashes the others.
import { expect } from "chai";
import { beginCell, toNano } from "@ton/core";
import { type Blockchain, type BlockchainSnapshot, internal } from "@ton/sandbox";
import "@ton/test-utils";
import { Marketplace, TaskStatus, ReplicaState } from "../wrappers/Marketplace";
import { err, op } from "../wrappers/abi";
import { createTask, createAndAccept } from "./fixtures";
import {
  type ReplicaEnv,
  setupReplicas,
  stakeAll,
  createOffer,
  checkConservation,
  events,
  replicaCommitOf,
  CAL,
  DAY,
} from "./replica-fixtures";

const H1 = 0x1111n;
const H2 = 0x2222n;
const SALT = [0xa1n, 0xa2n, 0xa3n];
const COLLATERAL = 50n * CAL;
const SLASHED = (COLLATERAL * 2000n) / 10000n; // default slashBps 2000

describe("Replicas: commit–reveal redundant execution (DESIGN §5.2)", () => {
  let env: ReplicaEnv;
  let blockchain: Blockchain;
  let base: BlockchainSnapshot;
  let t0: number;
  const P = (i: number) => env.providers[i];

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

  /** A k-replica fixed-reward task of `reward`, accepted by providers 0..k-1. */
  async function replicated(k: number, reward = 30n * CAL, accept = k) {
    const { id } = await createOffer(env, reward, { replicas: k });
    for (let i = 0; i < accept; i++) await env.marketplace.sendAcceptTask(P(i).getSender(), id);
    await checkConservation(env, "accepted");
    return id;
  }
  const commit = (id: bigint, i: number, hash: bigint) =>
    env.marketplace.sendCommitResult(P(i).getSender(), id, replicaCommitOf(hash, SALT[i], P(i).address));
  const reveal = (id: bigint, i: number, hash: bigint) => env.marketplace.sendRevealResult(P(i).getSender(), id, hash, SALT[i]);
  const refused = (r: { transactions: unknown[] }, name: string) =>
    expect(r.transactions, name).to.have.transaction({ to: env.marketplace.address, exitCode: err(name) });

  it("get_replica_commit is keccak256(resultHash ‖ salt ‖ provider account id)", async () => {
    for (const i of [0, 1, 2]) {
      expect(await env.marketplace.getReplicaCommit(H1, SALT[i], P(i).address)).to.equal(replicaCommitOf(H1, SALT[i], P(i).address));
    }
  });

  it("k = 1: the only replica commits, reveals and is paid its price; the task is Completed with its resultHash", async () => {
    const id = await replicated(1);
    expect(await env.marketplace.getTaskStatus(id)).to.equal(TaskStatus.Assigned);
    const rc = await commit(id, 0, H1);
    expect(events(rc).map((e) => e.name)).to.deep.equal(["ResultCommitted"]);
    expect((await env.marketplace.getTaskOffer(id)).revealEnd).to.equal(BigInt(t0 + DAY)); // k-th commit: now + revealPeriod
    const rr = await reveal(id, 0, H1);
    expect(events(rr).map((e) => e.name)).to.deep.equal(["ResultRevealed"]);
    const before = await env.balanceOf(P(0).address);
    const rs = await env.marketplace.sendSettle(env.anyone.getSender(), id);
    expect(events(rs).map((e) => e.name)).to.deep.equal(["TaskCompleted", "TaskSettled"]);
    expect(await env.marketplace.getTaskStatus(id)).to.equal(TaskStatus.Completed);
    expect((await env.marketplace.getTask(id)).resultCommitment).to.equal(H1);
    expect((await env.balanceOf(P(0).address)) - before).to.equal(24n * CAL);
    expect(await env.balanceOf(env.treasury.address)).to.equal(6n * CAL);
    const p = await env.staking.getProvider(P(0).address);
    expect([p.completed, p.failed, p.locked]).to.deep.equal([1, 0, 0n]);
    await checkConservation(env, "settled");
  });

  it("k = 2: both agree and each is paid price / 2", async () => {
    const id = await replicated(2);
    await commit(id, 0, H1);
    expect((await env.marketplace.getTaskOffer(id)).revealEnd).to.equal(0n);
    await commit(id, 1, H1);
    await reveal(id, 0, H1);
    await reveal(id, 1, H1);
    const b = [await env.balanceOf(P(0).address), await env.balanceOf(P(1).address)];
    const userBefore = await env.balanceOf(env.user.address);
    await env.marketplace.sendSettle(env.anyone.getSender(), id);
    expect((await env.balanceOf(P(0).address)) - b[0]).to.equal(12n * CAL);
    expect((await env.balanceOf(P(1).address)) - b[1]).to.equal(12n * CAL);
    expect((await env.balanceOf(env.user.address)) - userBefore).to.equal(0n);
    const reps = await env.marketplace.getTaskReplicas(id);
    expect(reps.map((r) => [r.provider.toString(), r.price, r.state, r.resultHash])).to.deep.equal([
      [P(0).address.toString(), 30n * CAL, ReplicaState.Revealed, H1],
      [P(1).address.toString(), 30n * CAL, ReplicaState.Revealed, H1],
    ]);
    await checkConservation(env, "settled");
  });

  it("k = 3: a majority of two is paid, the dissenter is slashed (half of the slash to the user)", async () => {
    const id = await replicated(3);
    await commit(id, 0, H1);
    await commit(id, 1, H2);
    await commit(id, 2, H1);
    for (const [i, h] of [
      [0, H1],
      [1, H2],
      [2, H1],
    ] as const)
      await reveal(id, i, h);
    const userBefore = await env.balanceOf(env.user.address);
    const rs = await env.marketplace.sendSettle(env.anyone.getSender(), id);
    expect(events(rs).map((e) => e.name)).to.deep.equal(["TaskCompleted", "ReplicaSlashed", "TaskCompleted", "TaskSettled"]);
    expect(await env.marketplace.getTaskStatus(id)).to.equal(TaskStatus.Completed);
    // shares 10 + 10 paid; user gets 30 - 20 plus half of the dissenter's slash
    expect((await env.balanceOf(env.user.address)) - userBefore).to.equal(10n * CAL + SLASHED / 2n);
    const d = await env.staking.getProvider(P(1).address);
    expect([d.failed, d.slashedTotal, d.locked]).to.deep.equal([1, SLASHED, 0n]);
    await checkConservation(env, "settled");
  });

  it("k = 3 with a silent replica: after the deadline the others reveal; after revealEnd settle slashes the silent one", async () => {
    const id = await replicated(3);
    await commit(id, 0, H1);
    await commit(id, 1, H1);
    refused(await reveal(id, 0, H1), "MarketplaceRevealNotOpen");
    blockchain.now = t0 + DAY + 1; // deadline passed: reveal opens; revealEnd = deadline + revealPeriod
    refused(await commit(id, 2, H1), "MarketplaceDeadlinePassed");
    await reveal(id, 0, H1);
    await reveal(id, 1, H1);
    refused(await env.marketplace.sendSettle(env.anyone.getSender(), id), "MarketplaceRevealPeriodActive");
    blockchain.now = t0 + 2 * DAY + 1;
    await env.marketplace.sendSettle(env.anyone.getSender(), id);
    expect(await env.marketplace.getTaskStatus(id)).to.equal(TaskStatus.Completed);
    expect((await env.staking.getProvider(P(2).address)).failed).to.equal(1);
    expect((await env.staking.getProvider(P(0).address)).completed).to.equal(1);
    await checkConservation(env, "settled");
  });

  it("k = 2 disagree: settle -> Disputed; resolve_replicas by the arbiter pays the winner and slashes the other", async () => {
    const id = await replicated(2);
    await commit(id, 0, H1);
    await commit(id, 1, H2);
    await reveal(id, 0, H1);
    await reveal(id, 1, H2);
    const rs = await env.marketplace.sendSettle(env.anyone.getSender(), id);
    expect(events(rs).map((e) => e.name)).to.deep.equal(["TaskSettled"]);
    expect(await env.marketplace.getTaskStatus(id)).to.equal(TaskStatus.Disputed);
    await checkConservation(env, "disputed");
    refused(await env.marketplace.sendResolveReplicas(env.anyone.getSender(), id, H2), "MarketplaceNotArbiter");
    const b = await env.balanceOf(P(1).address);
    await env.marketplace.sendResolveReplicas(env.arbiter.getSender(), id, H2);
    expect(await env.marketplace.getTaskStatus(id)).to.equal(TaskStatus.Completed);
    expect((await env.marketplace.getTask(id)).resultCommitment).to.equal(H2);
    expect((await env.balanceOf(P(1).address)) - b).to.equal(12n * CAL);
    expect((await env.staking.getProvider(P(0).address)).failed).to.equal(1);
    await checkConservation(env, "resolved");
  });

  it("resolve_replicas with no winner (zero) slashes every replica and refunds the whole reward: Refunded", async () => {
    const id = await replicated(2);
    blockchain.now = t0 + 2 * DAY + 1; // both silent: settle finds no majority
    await env.marketplace.sendSettle(env.anyone.getSender(), id);
    expect(await env.marketplace.getTaskStatus(id)).to.equal(TaskStatus.Disputed);
    const userBefore = await env.balanceOf(env.user.address);
    await env.marketplace.sendResolveReplicas(env.arbiter.getSender(), id, 0n);
    expect(await env.marketplace.getTaskStatus(id)).to.equal(TaskStatus.Refunded);
    expect((await env.balanceOf(env.user.address)) - userBefore).to.equal(30n * CAL + 2n * (SLASHED / 2n));
    refused(await env.marketplace.sendResolveReplicas(env.arbiter.getSender(), id, 0n), "MarketplaceTaskNotDisputed");
    await checkConservation(env, "refunded");
  });

  it("copying must not pay: a copied commit never reveals (CommitMismatch) and the copier is slashed", async () => {
    const id = await replicated(2);
    const original = replicaCommitOf(H1, SALT[0], P(0).address);
    await env.marketplace.sendCommitResult(P(0).getSender(), id, original);
    await env.marketplace.sendCommitResult(P(1).getSender(), id, original); // the copier sends the same bytes
    await reveal(id, 0, H1);
    refused(await env.marketplace.sendRevealResult(P(1).getSender(), id, H1, SALT[0]), "MarketplaceCommitMismatch");
    blockchain.now = t0 + DAY + 1; // revealEnd = the k-th commit + revealPeriod
    const before = await env.balanceOf(P(1).address);
    await env.marketplace.sendSettle(env.anyone.getSender(), id);
    // k = 2 with one reveal: no strict majority, Disputed; the arbiter names the original's result
    expect(await env.marketplace.getTaskStatus(id)).to.equal(TaskStatus.Disputed);
    await env.marketplace.sendResolveReplicas(env.arbiter.getSender(), id, H1);
    expect(await env.balanceOf(P(1).address)).to.equal(before);
    expect((await env.staking.getProvider(P(1).address)).failed).to.equal(1);
    expect((await env.staking.getProvider(P(0).address)).completed).to.equal(1);
    await checkConservation(env, "resolved");
  });

  it("refuses every misuse by name and changes nothing", async () => {
    // classic tasks refuse the replica messages
    const classic = await createAndAccept(env, 10n * CAL);
    refused(await commit(classic, 0, H1), "MarketplaceNotReplicated");
    refused(await reveal(classic, 0, H1), "MarketplaceNotReplicated");
    refused(await env.marketplace.sendSettle(env.anyone.getSender(), classic), "MarketplaceNotReplicated");
    refused(await env.marketplace.sendResolveReplicas(env.arbiter.getSender(), classic, H1), "MarketplaceNotReplicated");
    // replicated tasks refuse the classic messages
    const id = await replicated(2, 30n * CAL, 1);
    refused(await env.marketplace.sendAcceptTask(P(0).getSender(), id), "MarketplaceAlreadyReplica");
    await env.marketplace.sendAcceptTask(P(1).getSender(), id);
    refused(await env.marketplace.sendAcceptTask(P(2).getSender(), id), "MarketplaceTaskNotOpen");
    refused(await env.marketplace.sendSubmitResult(P(0).getSender(), id, H1), "MarketplaceReplicated");
    refused(await env.marketplace.sendFinalize(env.anyone.getSender(), id), "MarketplaceReplicated");
    refused(await env.marketplace.sendDispute(env.user.getSender(), id), "MarketplaceReplicated");
    refused(await env.marketplace.sendResolve(env.arbiter.getSender(), id, true), "MarketplaceReplicated");
    refused(await env.marketplace.sendCancelTask(env.user.getSender(), id), "MarketplaceTaskNotOpen");
    // commit
    refused(await commit(id, 2, H1), "MarketplaceNotTaskProvider");
    refused(await reveal(id, 0, H1), "MarketplaceNotCommitted");
    await commit(id, 0, H1);
    refused(await commit(id, 0, H1), "MarketplaceAlreadyCommitted");
    refused(await reveal(id, 0, H1), "MarketplaceRevealNotOpen");
    refused(await env.marketplace.sendSettle(env.anyone.getSender(), id), "MarketplaceRevealPeriodActive");
    refused(await env.marketplace.sendResolveReplicas(env.arbiter.getSender(), id, H1), "MarketplaceTaskNotDisputed");
    refused(await env.marketplace.sendSettle(env.anyone.getSender(), id, toNano("0.3")), "NotEnoughTon");
    await commit(id, 1, H2);
    refused(await env.marketplace.sendRevealResult(P(0).getSender(), id, H2, SALT[0]), "MarketplaceCommitMismatch");
    refused(await env.marketplace.sendRevealResult(P(0).getSender(), id, H1, SALT[1]), "MarketplaceCommitMismatch");
    await reveal(id, 0, H1);
    refused(await reveal(id, 0, H1), "MarketplaceAlreadyRevealed");
    blockchain.now = t0 + DAY + 1; // revealEnd = last commit + 1 day
    refused(await reveal(id, 1, H2), "MarketplaceRevealPeriodOver");
    refused(await env.marketplace.sendExpire(env.anyone.getSender(), id), "MarketplaceReplicated");
    const snapshotReplicas = await env.marketplace.getTaskReplicas(id);
    expect(snapshotReplicas.map((r) => r.state)).to.deep.equal([ReplicaState.Revealed, ReplicaState.Committed]);
    await env.marketplace.sendSettle(env.anyone.getSender(), id);
    refused(await env.marketplace.sendSettle(env.anyone.getSender(), id), "MarketplaceTaskNotAssigned");
    refused(await commit(id, 1, H1), "MarketplaceTaskNotAssigned");
    refused(await env.marketplace.sendSettle(env.anyone.getSender(), 99n), "MarketplaceTaskNotFound");
    await checkConservation(env, "end");
  });

  it("pause blocks commit_result and reveal_result; settle and resolve_replicas stay open", async () => {
    const id = await replicated(1);
    await env.marketplace.sendRaw(env.pauser.getSender(), Marketplace.pauseBody());
    refused(await commit(id, 0, H1), "EnforcedPause");
    refused(await env.marketplace.sendAcceptTask(P(1).getSender(), id), "EnforcedPause");
    await env.marketplace.sendRaw(env.deployer.getSender(), Marketplace.unpauseBody());
    await commit(id, 0, H1);
    await env.marketplace.sendRaw(env.pauser.getSender(), Marketplace.pauseBody());
    refused(await reveal(id, 0, H1), "EnforcedPause");
    blockchain.now = t0 + DAY + 1;
    await env.marketplace.sendSettle(env.anyone.getSender(), id); // no reveal: no majority, Disputed
    expect(await env.marketplace.getTaskStatus(id)).to.equal(TaskStatus.Disputed);
    await env.marketplace.sendResolveReplicas(env.arbiter.getSender(), id, 0n);
    expect(await env.marketplace.getTaskStatus(id)).to.equal(TaskStatus.Refunded);
    await checkConservation(env, "end");
  });

  it("replicas accept at their own moment of the ramp; each share is its own price / k, the rest to the user", async () => {
    const { id } = await createOffer(env, 40n * CAL, { minReward: 10n * CAL, rampStart: t0, rampDuration: 300, replicas: 2 });
    blockchain.now = t0 + 100; // 10 + 30 * 100/300 = 20
    await env.marketplace.sendAcceptTask(P(0).getSender(), id);
    blockchain.now = t0 + 200; // 30
    await env.marketplace.sendAcceptTask(P(1).getSender(), id);
    expect((await env.marketplace.getTaskReplicas(id)).map((r) => r.price)).to.deep.equal([20n * CAL, 30n * CAL]);
    expect((await env.marketplace.getTaskOffer(id)).price).to.equal(0n);
    await commit(id, 0, H1);
    await commit(id, 1, H1);
    await reveal(id, 0, H1);
    await reveal(id, 1, H1);
    const userBefore = await env.balanceOf(env.user.address);
    await env.marketplace.sendSettle(env.anyone.getSender(), id);
    expect((await env.balanceOf(env.user.address)) - userBefore).to.equal(40n * CAL - 10n * CAL - 15n * CAL);
    await checkConservation(env, "settled");
  });

  it("a bounced lock frees exactly its replica's slot while another replica's lock is in flight; nothing is lost", async () => {
    const stranger = await blockchain.treasury("stranger"); // not registered: staking refuses its lock, which bounces
    const { id } = await createOffer(env, 30n * CAL, { replicas: 2 });
    const acceptBody = beginCell().storeUint(op("AcceptTask"), 32).storeUint(0, 64).storeUint(id, 64).endCell();
    // the stranger's accept takes slot 0 and its lock leaves for staking ...
    const iter = await blockchain.sendMessageIter(
      internal({ from: stranger.address, to: env.marketplace.address, value: toNano("0.1"), body: acceptBody }),
      { allowParallel: true }, // its own message queue: the lock stays in flight while others act
    );
    const first = await iter.next();
    expect(first.done).to.equal(false);
    // an Open task with a pending replica cannot be cancelled
    expect(await env.marketplace.getTaskStatus(id)).to.equal(TaskStatus.Open);
    refused(await env.marketplace.sendCancelTask(env.user.getSender(), id), "MarketplaceTaskNotOpen");
    // ... meanwhile provider 0 accepts (slot 1) and its lock completes
    await env.marketplace.sendAcceptTask(P(0).getSender(), id);
    expect(await env.marketplace.getTaskStatus(id)).to.equal(TaskStatus.Assigned);
    // the task is full (a pending slot counts): nobody else gets in until the bounce
    refused(await env.marketplace.sendAcceptTask(P(1).getSender(), id), "MarketplaceTaskNotOpen");
    // now the stranger's lock reaches staking, is refused and bounces: slot 0 is freed, provider 0 keeps its record
    for (let r = await iter.next(); !r.done; r = await iter.next()) {
      /* drain */
    }
    const reps = await env.marketplace.getTaskReplicas(id);
    expect(reps.map((r) => r.provider.toString())).to.deep.equal([P(0).address.toString()]);
    await checkConservation(env, "bounced");
    await env.marketplace.sendAcceptTask(P(1).getSender(), id);
    expect((await env.marketplace.getTaskReplicas(id)).map((r) => r.provider.toString())).to.deep.equal([
      P(0).address.toString(),
      P(1).address.toString(),
    ]);
    expect((await env.staking.getProvider(P(0).address)).locked).to.equal(COLLATERAL);
    expect((await env.staking.getProvider(P(1).address)).locked).to.equal(COLLATERAL);
    await checkConservation(env, "refilled");
  });

  it("a lock staking confirms only after the task left Assigned is unlocked again; nothing stays locked", async () => {
    const { id } = await createOffer(env, 30n * CAL, { replicas: 2 });
    await env.marketplace.sendAcceptTask(P(0).getSender(), id);
    const acceptBody = beginCell().storeUint(op("AcceptTask"), 32).storeUint(0, 64).storeUint(id, 64).endCell();
    const iter = await blockchain.sendMessageIter(
      internal({ from: P(1).address, to: env.marketplace.address, value: toNano("0.1"), body: acceptBody }),
      { allowParallel: true },
    );
    expect((await iter.next()).done).to.equal(false); // provider 1's record is pending, its lock in flight
    blockchain.now = t0 + 2 * DAY + 1; // provider 0 stayed silent; the reveal window (deadline + revealPeriod) is over
    await env.marketplace.sendSettle(env.anyone.getSender(), id);
    expect(await env.marketplace.getTaskStatus(id)).to.equal(TaskStatus.Disputed);
    await env.marketplace.sendResolveReplicas(env.arbiter.getSender(), id, 0n);
    expect(await env.marketplace.getTaskStatus(id)).to.equal(TaskStatus.Refunded);
    expect((await env.staking.getProvider(P(0).address)).failed).to.equal(1);
    // the late lock lands in staking, the marketplace answers with an unlock
    for (let r = await iter.next(); !r.done; r = await iter.next()) {
      /* drain */
    }
    const late = await env.staking.getProvider(P(1).address);
    expect([late.locked, late.failed, late.stake]).to.deep.equal([0n, 0, 1000n * CAL]);
    expect(await env.marketplace.getTaskReplicas(id)).to.have.length(1);
    await checkConservation(env, "after the late lock");
  });

  it("a replicated task with no replica can be cancelled (a pending one blocks it: see the bounce test)", async () => {
    const { id } = await createOffer(env, 30n * CAL, { replicas: 3 });
    await env.marketplace.sendCancelTask(env.user.getSender(), id);
    expect(await env.marketplace.getTaskStatus(id)).to.equal(TaskStatus.Cancelled);
    await createTask(env, 5n * CAL);
    await checkConservation(env, "end");
  });
});
