// Result delivery (DESIGN §5.3; CONVENTIONS "Result delivery"): publish_result records, per provider, the sha2-256
// digest of the CID of the encrypted result — the classic task's provider on the task, a replica on its record.
// Checks in order: task exists, caller is its provider / a confirmed replica, status Assigned..Completed, non-zero cid.
import { expect } from "chai";
import { beginCell, type Address, toNano } from "@ton/core";
import { type Blockchain, type BlockchainSnapshot, type BlockchainTransaction, internal, type SendMessageResult } from "@ton/sandbox";
import "@ton/test-utils";
import { Marketplace, TaskStatus } from "../wrappers/Marketplace";
import { err, op } from "../wrappers/abi";
import { createAndAccept, createTask } from "./fixtures";
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

const CID1 = 0xb1a5e0000000000000000000000000000000000000000000000000000000c1d1n;
const CID2 = 0xfeedn;
const CID3 = (1n << 256n) - 1n;

describe("publishResult: result delivery (DESIGN §5.3)", () => {
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

  const publish = (i: number, id: bigint, cid: bigint) => env.marketplace.sendPublishResult(P(i).getSender(), id, cid);
  const cidOf = (id: bigint, who: Address) => env.marketplace.getResultCid(id, who);
  const refused = (r: SendMessageResult, name: string) =>
    expect(r.transactions, name).to.have.transaction({ to: env.marketplace.address, exitCode: err(name) });
  /** The ResultPublished events of a chain as [taskId, provider, resultCid]. */
  const published = (r: SendMessageResult) =>
    events(r)
      .filter((e) => e.name === "ResultPublished")
      .map((e) => {
        const s = e.body.beginParse();
        s.skip(32);
        return [s.loadUintBig(64), s.loadAddress().toString(), s.loadUintBig(256)];
      });
  /** The marketplace's transaction of a publish_result: it succeeded, sent no internal message, one log. */
  function sentNothing(r: SendMessageResult) {
    const tx = (r.transactions as BlockchainTransaction[]).find(
      (t) => t.inMessage?.info.dest?.toString() === env.marketplace.address.toString(),
    )!;
    const out = [...tx.outMessages.values()];
    expect(out.map((m) => m.info.type)).to.deep.equal(["external-out"]);
    expect(r.transactions).to.have.length(2); // the sender's wallet and the marketplace: nothing else runs
  }
  /** CAL of every party and the escrow, to show publish_result moves no funds. */
  async function funds() {
    const who = [env.marketplace.address, env.staking.address, env.user.address, ...env.providers.map((p) => p.address)];
    const cal = await Promise.all(who.map((a) => env.balanceOf(a)));
    const d = await env.marketplace.getData();
    const locked = await Promise.all(env.providers.map(async (p) => (await env.staking.getProvider(p.address)).locked));
    return { cal, escrowed: d.escrowed, locked };
  }

  it("a classic provider publishes while Assigned: stored per provider, the ResultPublished event, nothing sent", async () => {
    const id = await createAndAccept(env, 10n * CAL);
    expect(await env.marketplace.getTaskStatus(id)).to.equal(TaskStatus.Assigned);
    expect(await cidOf(id, P(0).address)).to.equal(0n);
    const before = await funds();
    const r = await publish(0, id, CID1);
    expect(r.transactions).to.have.transaction({ from: P(0).address, to: env.marketplace.address, success: true });
    expect(published(r)).to.deep.equal([[id, P(0).address.toString(), CID1]]);
    sentNothing(r);
    expect(await funds()).to.deep.equal(before);
    expect(await cidOf(id, P(0).address)).to.equal(CID1);
    expect(await cidOf(id, P(1).address)).to.equal(0n); // another account: none
    expect(await cidOf(id + 1n, P(0).address)).to.equal(0n); // an unknown task: none
    expect(await env.marketplace.getTaskStatus(id)).to.equal(TaskStatus.Assigned);
    await checkConservation(env, "published");
  });

  it("latest wins; allowed while Submitted, Disputed and after Completed", async () => {
    const id = await createAndAccept(env, 10n * CAL);
    await publish(0, id, CID1);
    await publish(0, id, CID2);
    expect(await cidOf(id, P(0).address)).to.equal(CID2);
    await env.marketplace.sendSubmitResult(P(0).getSender(), id, 7n);
    expect(await env.marketplace.getTaskStatus(id)).to.equal(TaskStatus.Submitted);
    expect(published(await publish(0, id, CID3))).to.deep.equal([[id, P(0).address.toString(), CID3]]);
    expect(await cidOf(id, P(0).address)).to.equal(CID3);
    blockchain.now = t0 + DAY + 1;
    await env.marketplace.sendFinalize(env.anyone.getSender(), id);
    expect(await env.marketplace.getTaskStatus(id)).to.equal(TaskStatus.Completed);
    const before = await funds();
    await publish(0, id, CID1);
    expect(await cidOf(id, P(0).address)).to.equal(CID1);
    expect(await funds()).to.deep.equal(before);

    const d = await createAndAccept(env, 10n * CAL);
    await env.marketplace.sendSubmitResult(P(0).getSender(), d, 7n);
    await env.marketplace.sendDispute(env.user.getSender(), d);
    expect(await env.marketplace.getTaskStatus(d)).to.equal(TaskStatus.Disputed);
    await publish(0, d, CID2);
    expect(await cidOf(d, P(0).address)).to.equal(CID2);
    expect(await cidOf(id, P(0).address)).to.equal(CID1); // per task
    await checkConservation(env, "end");
  });

  it("replicas publish their own cid on their record; commit, reveal and settle keep it; after Completed too", async () => {
    const { id } = await createOffer(env, 30n * CAL, { replicas: 2 });
    await env.marketplace.sendAcceptTask(P(0).getSender(), id);
    await env.marketplace.sendAcceptTask(P(1).getSender(), id);
    const r0 = await publish(0, id, CID1);
    expect(published(r0)).to.deep.equal([[id, P(0).address.toString(), CID1]]);
    sentNothing(r0);
    expect(await cidOf(id, P(0).address)).to.equal(CID1);
    expect(await cidOf(id, P(1).address)).to.equal(0n);
    await publish(1, id, CID2);
    expect(await cidOf(id, P(1).address)).to.equal(CID2);
    expect(await cidOf(id, P(2).address)).to.equal(0n); // not a replica
    const salt = [0xa1n, 0xa2n];
    for (const i of [0, 1]) await env.marketplace.sendCommitResult(P(i).getSender(), id, replicaCommitOf(0x11n, salt[i], P(i).address));
    for (const i of [0, 1]) await env.marketplace.sendRevealResult(P(i).getSender(), id, 0x11n, salt[i]);
    expect([await cidOf(id, P(0).address), await cidOf(id, P(1).address)]).to.deep.equal([CID1, CID2]);
    await publish(1, id, CID3); // latest wins, on a revealed record
    expect([await cidOf(id, P(0).address), await cidOf(id, P(1).address)]).to.deep.equal([CID1, CID3]);
    await env.marketplace.sendSettle(env.anyone.getSender(), id);
    expect(await env.marketplace.getTaskStatus(id)).to.equal(TaskStatus.Completed);
    expect([await cidOf(id, P(0).address), await cidOf(id, P(1).address)]).to.deep.equal([CID1, CID3]);
    await publish(0, id, CID2);
    expect([await cidOf(id, P(0).address), await cidOf(id, P(1).address)]).to.deep.equal([CID2, CID3]);
    const reps = await env.marketplace.getTaskReplicas(id);
    expect(reps.map((r) => r.resultHash)).to.deep.equal([0x11n, 0x11n]);
    await checkConservation(env, "settled");
  });

  it("refuses by name, in order: unknown task, not the provider, status, zero cid; nothing changes", async () => {
    const id = await createAndAccept(env, 10n * CAL);
    await publish(0, id, CID1);
    refused(await publish(0, 999n, CID2), "MarketplaceTaskNotFound");
    refused(await publish(1, id, CID2), "MarketplaceNotTaskProvider"); // a stranger
    refused(await env.marketplace.sendPublishResult(env.user.getSender(), id, CID2), "MarketplaceNotTaskProvider"); // its user
    refused(await publish(1, id, 0n), "MarketplaceNotTaskProvider"); // the caller before the cid
    refused(await publish(0, id, 0n), "MarketplaceInvalidResultCid");
    expect(await cidOf(id, P(0).address)).to.equal(CID1);

    // an Open task has no provider yet; a Cancelled one never had one
    await createTask(env, 10n * CAL);
    const open = id + 1n;
    refused(await publish(0, open, CID1), "MarketplaceNotTaskProvider");
    await env.marketplace.sendCancelTask(env.user.getSender(), open);
    expect(await env.marketplace.getTaskStatus(open)).to.equal(TaskStatus.Cancelled);
    refused(await publish(0, open, CID1), "MarketplaceNotTaskProvider");

    // a Refunded (expired) classic task: its provider is refused by the status check, before the cid check
    const expired = await createAndAccept(env, 10n * CAL);
    blockchain.now = t0 + DAY + 1;
    await env.marketplace.sendExpire(env.anyone.getSender(), expired);
    expect(await env.marketplace.getTaskStatus(expired)).to.equal(TaskStatus.Refunded);
    refused(await publish(0, expired, CID1), "MarketplaceTaskNotAssigned");
    refused(await publish(0, expired, 0n), "MarketplaceTaskNotAssigned");
    expect(await cidOf(expired, P(0).address)).to.equal(0n);
    await checkConservation(env, "refusals");
  });

  it("a lock still in flight is not a provider yet (classic and replica); a Refunded replicated task refuses", async () => {
    const acceptBody = (id: bigint) => beginCell().storeUint(op("AcceptTask"), 32).storeUint(0, 64).storeUint(id, 64).endCell();
    const inFlight = async (i: number, id: bigint) => {
      const iter = await blockchain.sendMessageIter(
        internal({ from: P(i).address, to: env.marketplace.address, value: toNano("0.1"), body: acceptBody(id) }),
        { allowParallel: true },
      );
      expect((await iter.next()).done).to.equal(false); // the accept ran, its lock_collateral not delivered yet
      return iter;
    };
    await createTask(env, 10n * CAL);
    const classic = (await env.marketplace.getData()).nextTaskId - 1n;
    const it1 = await inFlight(0, classic);
    expect((await env.marketplace.getTask(classic)).locking).to.equal(true);
    refused(await publish(0, classic, CID1), "MarketplaceNotTaskProvider");
    for (let r = await it1.next(); !r.done; r = await it1.next()) {
      /* drain: staking confirms */
    }
    expect(await env.marketplace.getTaskStatus(classic)).to.equal(TaskStatus.Assigned);
    await publish(0, classic, CID1);
    expect(await cidOf(classic, P(0).address)).to.equal(CID1);

    const { id } = await createOffer(env, 30n * CAL, { replicas: 2 });
    await env.marketplace.sendAcceptTask(P(0).getSender(), id);
    const it2 = await inFlight(1, id);
    refused(await publish(1, id, CID2), "MarketplaceNotTaskProvider"); // its record is pending
    expect(await cidOf(id, P(1).address)).to.equal(0n);
    for (let r = await it2.next(); !r.done; r = await it2.next()) {
      /* drain */
    }
    await publish(1, id, CID2);
    expect(await cidOf(id, P(1).address)).to.equal(CID2);

    // nobody commits: after the reveal window settle disputes, the arbiter resolves with no winner -> Refunded
    blockchain.now = t0 + 2 * DAY + 1;
    await env.marketplace.sendSettle(env.anyone.getSender(), id);
    expect(await env.marketplace.getTaskStatus(id)).to.equal(TaskStatus.Disputed);
    await publish(0, id, CID3); // Disputed: allowed
    expect(await cidOf(id, P(0).address)).to.equal(CID3);
    await env.marketplace.sendResolveReplicas(env.arbiter.getSender(), id, 0n);
    expect(await env.marketplace.getTaskStatus(id)).to.equal(TaskStatus.Refunded);
    refused(await publish(0, id, CID1), "MarketplaceTaskNotAssigned");
    refused(await publish(2, id, CID1), "MarketplaceNotTaskProvider");
    expect(await cidOf(id, P(0).address)).to.equal(CID3);
    await checkConservation(env, "end");
  });

  it("is not stopped by the pause (no funds move)", async () => {
    const id = await createAndAccept(env, 10n * CAL);
    await env.marketplace.sendRaw(env.pauser.getSender(), Marketplace.pauseBody());
    expect((await env.marketplace.getData()).paused).to.equal(true);
    refused(await env.marketplace.sendSubmitResult(P(0).getSender(), id, 7n), "EnforcedPause");
    const before = await funds();
    const r = await publish(0, id, CID1);
    expect(published(r)).to.deep.equal([[id, P(0).address.toString(), CID1]]);
    expect(await cidOf(id, P(0).address)).to.equal(CID1);
    expect(await funds()).to.deep.equal(before);
  });

  it("too little TON for the gas is refused with NotEnoughTon", async () => {
    const id = await createAndAccept(env, 10n * CAL);
    refused(await env.marketplace.sendPublishResult(P(0).getSender(), id, CID1, toNano("0.01")), "NotEnoughTon");
    expect(await cidOf(id, P(0).address)).to.equal(0n);
  });
});
