/**
 * The PostgreSQL relay store and several relayer instances sharing it, against a throwaway PostgreSQL server
 * (pg-server.ts) and the two-chain test world.
 */
import assert from "node:assert/strict";
import { pino } from "pino";
import type { Hex } from "viem";
import { CAL, DOMAINS } from "@calctra/core";
import { startLocalBridge, type LocalBridge } from "@calctra/devnet/bridge-world";
import { countingDelivery, interceptDelivery } from "@calctra/devnet/testing";
import { encode, idOf, message } from "../../contracts-evm/test/bridge/helpers.js";
import { PgRelayStore } from "../src/store-pg.js";
import type { DestinationChain, ObservedMessage } from "@calctra/sdk/bridge";
import { startPgServer, type PgServer } from "@calctra/devnet/pg";

const HOME = DOMAINS.localEvmHome;
const SPOKE = DOMAINS.localEvmSpoke;
const silent = pino({ level: "silent" });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
type World = LocalBridge;
/** The two-chain world with the home user holding 1M CAL. */
const createWorld = () => startLocalBridge({ admin: "deployer", userFunds: 1_000_000n * CAL });

/** Submissions per message id, over every instance. */
type Submissions = Map<Hex, number>;

/**
 * Relayer instance `index` (0, 1, 2, …) on the PostgreSQL database `url`, as a separate process would be: its own store
 * (owner `relayer-<index>`, wrapped by `wrapStore`), its own submitter (wallet 9 - index on both chains), its
 * destinations counted into `submissions` (and its own `submitted`), the spoke's wrapped by `wrapSpoke`.
 */
async function pgInstance(
  w: World,
  url: string,
  index: number,
  submissions: Submissions,
  o: {
    readonly leaseMs: number;
    readonly maxPerPoll?: number;
    readonly maxBatch?: number;
    readonly wrapSpoke?: (dst: DestinationChain) => DestinationChain;
    readonly wrapStore?: (store: PgRelayStore) => PgRelayStore;
  },
) {
  const real = await PgRelayStore.open({ url, leaseMs: o.leaseMs, instanceId: `relayer-${index}`, logger: silent });
  const submitted: Submissions = new Map();
  const { relayer, store } = await w.startRelayer({
    store: o.wrapStore ? o.wrapStore(real) : real,
    submitter: 9 - index,
    maxBatch: o.maxBatch ?? 32,
    ...(o.maxPerPoll !== undefined ? { maxPerPoll: o.maxPerPoll } : {}),
    wrap: (dst) => countingDelivery(dst.domain === SPOKE && o.wrapSpoke ? o.wrapSpoke(dst) : dst, submissions, submitted),
  });
  return { relayer, store, real, submitted };
}

/** A message observed on home (bytes from the SDK codec through the contract tests' helpers). */
function observed(nonce: number): ObservedMessage {
  const m = message({
    srcDomain: HOME,
    dstDomain: SPOKE,
    nonce: BigInt(nonce),
    recipient: `0x${"00".repeat(12)}${"ab".repeat(20)}`,
    amount: BigInt(nonce) * CAL,
  });
  return { message: m, messageId: idOf(m), encoded: encode(m), blockNumber: BigInt(nonce), transactionHash: idOf(m), logIndex: 0 };
}

/** Polls `check` every `ms` until true or `tries` run out. */
async function eventually(check: () => Promise<boolean>, tries = 300, ms = 50): Promise<boolean> {
  for (let i = 0; i < tries; i++) {
    if (await check()) return true;
    await sleep(ms);
  }
  return false;
}

/** A store that, once `crash()` is called, never answers again (a killed process: no writes, no renewals). */
function crashable(store: PgRelayStore) {
  let crashed = false;
  const proxy = new Proxy(store, {
    get(target, key) {
      const v: unknown = Reflect.get(target, key, target);
      if (typeof v !== "function") return v;
      return (...args: unknown[]) => (crashed ? new Promise(() => undefined) : (v as (...a: unknown[]) => unknown).apply(target, args));
    },
  });
  return {
    proxy,
    crash: () => {
      crashed = true;
    },
  };
}

describe("Bridge relayer on PostgreSQL: store, leases", () => {
  let server: PgServer;
  let db = 0;
  const open: PgRelayStore[] = [];
  const fresh = () => server.createDatabase(`store_${++db}`);
  const store = async (url: string, instanceId: string, leaseMs = 5000) => {
    const s = await PgRelayStore.open({ url, leaseMs, instanceId, logger: silent });
    open.push(s);
    return s;
  };

  before(async () => {
    server = await startPgServer();
  });
  after(async () => {
    for (const s of open) await s.close();
    await server?.stop();
  });

  it("migrates the schema once when several instances start together, and reopening applies nothing again", async () => {
    const url = await fresh();
    const stores = await Promise.all(["a", "b", "c"].map((id) => store(url, id)));
    for (const s of stores) assert.equal(await s.schemaVersion(), 1);
    const again = await store(url, "d");
    assert.equal(await again.schemaVersion(), 1);
  });

  it("hands each due message to exactly one of several concurrent claimers", async () => {
    const url = await fresh();
    const [a, b, c, d] = await Promise.all(["a", "b", "c", "d"].map((id) => store(url, id)));
    for (let n = 1; n <= 30; n++) await a!.addSent(observed(n));
    const claims = await Promise.all([a!, b!, c!].map((s) => s.claimDue(Date.now(), 12)));
    const all = claims.flat().map((r) => r.messageId);
    assert.equal(all.length, 30, "every message claimed");
    assert.equal(new Set(all).size, 30, "no message claimed twice");
    assert.deepEqual(await d!.claimDue(Date.now(), 100), [], "nothing left for a fourth instance while the leases run");
    // Each claimer gets oldest first.
    for (const cl of claims)
      assert.deepEqual(
        cl.map((r) => r.nonce),
        [...cl.map((r) => r.nonce)].sort((x, y) => (x < y ? -1 : 1)),
      );
  });

  it("lets another instance reclaim a message whose lease expired; the old holder can then neither renew nor overwrite it", async () => {
    const url = await fresh();
    const a = await store(url, "a", 300);
    const b = await store(url, "b", 300);
    const m = observed(1);
    await a.addSent(m);
    assert.equal((await a.claimDue(Date.now(), 10)).length, 1);
    assert.deepEqual(await b.claimDue(Date.now(), 10), [], "leased to a");
    assert.deepEqual(await a.renewLeases([m.messageId]), [m.messageId], "a still holds it");
    await sleep(450);
    assert.equal((await b.claimDue(Date.now(), 10))[0]?.messageId, m.messageId, "b takes over the expired lease");
    assert.deepEqual(await a.renewLeases([m.messageId]), [], "a lost it");
    await a.markFailed(m.messageId, "stale outcome from a", Date.now() + 60_000);
    await a.defer(m.messageId, "stale defer from a", Date.now() + 60_000);
    const r = (await b.get(m.messageId))!;
    assert.equal(r.status, "sent");
    assert.equal(r.attempts, 0);
    assert.equal(r.lastError, null);
  });

  it("claims only messages to the destinations an instance serves, leaving the others to instances that serve them", async () => {
    const url = await fresh();
    const evmOnly = await store(url, "evm-only");
    const tonToo = await store(url, "ton-too");
    const toSpoke = observed(5);
    const m = message({ srcDomain: HOME, dstDomain: 1_000_002, nonce: 6n, recipient: `0x${"cd".repeat(32)}`, amount: CAL });
    await evmOnly.addSent(toSpoke);
    await evmOnly.addSent({ message: m, messageId: idOf(m), encoded: encode(m), blockNumber: 6n, transactionHash: idOf(m), logIndex: 0 });
    assert.deepEqual(
      (await evmOnly.claimDue(Date.now(), 10, [SPOKE])).map((r) => r.messageId),
      [toSpoke.messageId],
    );
    assert.deepEqual(
      (await tonToo.claimDue(Date.now(), 10, [SPOKE, 1_000_002])).map((r) => r.messageId),
      [idOf(m)],
    );
  });

  it("keeps delivered terminal: later failures change nothing and it is never claimed again", async () => {
    const url = await fresh();
    const a = await store(url, "a");
    const b = await store(url, "b");
    const m = observed(2);
    await a.addSent(m);
    await a.claimDue(Date.now(), 10);
    await a.markDelivered(m.messageId, "0xfirst");
    await b.markDelivered(m.messageId, "0xsecond");
    await a.markFailed(m.messageId, "late", 0);
    await b.setSignatures(m.messageId, [], 2, 3, "sent");
    const r = (await b.get(m.messageId))!;
    assert.equal(r.status, "delivered");
    assert.equal(r.transactionId, "0xfirst", "the first recorded transaction is kept");
    assert.equal((await b.deliveredBy()).get(m.messageId), "a");
    assert.deepEqual(await b.claimDue(Date.now() + 1e9, 10), []);
    assert.deepEqual(await a.counts(), { delivered: 1 });
  });

  it("keeps shared scan state consistent: inserts are idempotent and cursors only move forward", async () => {
    const url = await fresh();
    const a = await store(url, "a");
    const b = await store(url, "b");
    await Promise.all([a.addSent(observed(3)), b.addSent(observed(3)), a.addSent(observed(3))]);
    assert.equal((await a.list()).length, 1);
    await a.setCursor(HOME, 100n);
    await b.setCursor(HOME, 50n); // a slower scanner finishing an older range
    assert.equal(await b.cursor(HOME), 100n);
    await b.setCursor(HOME, 2n ** 70n);
    assert.equal(await a.cursor(HOME), 2n ** 70n);
    assert.equal(await a.cursor(SPOKE), undefined);
  });

  it("an instance restarted under the same instanceId resumes its own unexpired leases at once; others still wait", async () => {
    const url = await fresh();
    const before = await PgRelayStore.open({ url, leaseMs: 60_000, instanceId: "r1", logger: silent });
    const other = await store(url, "r2", 60_000);
    await before.addSent(observed(7));
    assert.equal((await before.claimDue(Date.now(), 10)).length, 1);
    // The process dies without releasing anything: its pool is simply gone.
    const restarted = await store(url, "r1", 60_000);
    assert.deepEqual(await other.claimDue(Date.now(), 10), []);
    assert.equal((await restarted.claimDue(Date.now(), 10)).length, 1);
    open.push(before);
  });

  it("releases its leases on close so another instance need not wait for expiry", async () => {
    const url = await fresh();
    const a = await PgRelayStore.open({ url, leaseMs: 60_000, instanceId: "a", logger: silent });
    const b = await store(url, "b", 60_000);
    await a.addSent(observed(4));
    assert.equal((await a.claimDue(Date.now(), 10)).length, 1);
    await a.close();
    assert.equal((await b.claimDue(Date.now(), 10)).length, 1);
  });
});

describe("Bridge relayer on PostgreSQL: several instances, EVM home -> EVM spoke", function () {
  this.timeout(240_000);
  let server: PgServer;
  let w: World | undefined;
  let db = 0;
  const cleanup: (() => Promise<void>)[] = [];

  before(async () => {
    server = await startPgServer();
  });
  afterEach(async () => {
    for (const c of cleanup.splice(0)) await c();
    await w?.close();
    w = undefined;
  });
  after(async () => {
    await server?.stop();
  });

  async function send(world: World, n: number): Promise<Hex[]> {
    const ids: Hex[] = [];
    for (let i = 1; i <= n; i++) ids.push(await world.sendHome(BigInt(i) * CAL));
    await world.confirm();
    await world.sign();
    return ids;
  }

  /** Every id submitted exactly once, delivered exactly once on the spoke, and locked on home = minted on the spoke. */
  async function exactlyOnce(world: World, ids: readonly Hex[], submissions: Submissions) {
    const delivered = await world.spoke.deliveries();
    for (const id of ids) {
      assert.equal(submissions.get(id), 1, `submissions of ${id}`);
      assert.equal(delivered.get(id), 1, `MessageDelivered events of ${id}`);
    }
    assert.equal(delivered.size, ids.length);
    const { locked, minted, inFlight } = await world.supply();
    assert.equal(inFlight, 0n, "nothing lost in flight");
    assert.equal(locked, minted, "locked on home == minted on the spoke");
  }

  it("three instances sharing one PostgreSQL relay a batch with every message submitted and delivered exactly once", async () => {
    w = await createWorld();
    const url = await server.createDatabase(`share_${++db}`);
    const submissions: Submissions = new Map();
    const instances = await Promise.all(
      [0, 1, 2].map((i) => pgInstance(w!, url, i, submissions, { leaseMs: 10_000, maxPerPoll: 4, maxBatch: 4 })),
    );
    cleanup.push(async () => {
      for (const i of instances) await i.real.close();
    });
    const ids = await send(w, 24);
    let rounds = 0;
    for (; rounds < 50; rounds++) {
      await Promise.all(instances.map((i) => i.relayer.pollOnce()));
      if ((await instances[0]!.store.counts()).delivered === ids.length) break;
    }
    assert.ok(rounds < 50, `not all delivered: ${JSON.stringify(await instances[0]!.store.counts())}`);
    await exactlyOnce(w, ids, submissions);
    for (const id of ids) assert.equal(await instances[2]!.relayer.status(id), "delivered");
    const workers = instances.filter((i) => i.submitted.size > 0).length;
    assert.ok(workers >= 2, `the work was shared (${instances.map((i) => i.submitted.size).join("/")} submissions per instance)`);
    const health = await instances[1]!.relayer.health();
    assert.equal(health.store, "postgres");
    assert.equal(health.instanceId, "relayer-1");
    assert.equal(health.counts.delivered, ids.length);
  });

  it("an instance killed while holding leases: another takes its messages once the leases expire, no double mint, none lost", async () => {
    w = await createWorld();
    const url = await server.createDatabase(`crash_${++db}`);
    const submissions: Submissions = new Map();
    let died = false;
    let freeze = () => {};
    // Instance 0 claims everything, submits its first batch of 4 for real and dies before recording anything.
    const dying = (dst: DestinationChain) =>
      interceptDelivery(dst, async (batch, real) => {
        await real.deliver(batch);
        freeze();
        died = true;
        return new Promise(() => undefined);
      });
    const a = await pgInstance(w, url, 0, submissions, {
      leaseMs: 3000,
      maxPerPoll: 100,
      maxBatch: 4,
      wrapSpoke: dying,
      wrapStore: (s) => {
        const c = crashable(s);
        freeze = c.crash;
        return c.proxy;
      },
    });
    const b = await pgInstance(w, url, 1, submissions, { leaseMs: 3000, maxPerPoll: 100, maxBatch: 4 });
    cleanup.push(async () => {
      await b.real.close();
      await a.real.close();
    });
    const ids = await send(w, 12);
    void a.relayer.pollOnce();
    assert.ok(await eventually(async () => died), "instance 0 submitted its first batch");
    assert.equal(a.submitted.size, 4);

    await b.relayer.pollOnce();
    assert.equal(b.submitted.size, 0, "instance 1 takes nothing while instance 0's leases run");
    const deadline = Date.now() + 30_000;
    while ((await b.store.counts()).delivered !== ids.length && Date.now() < deadline) {
      await b.relayer.pollOnce();
      await sleep(100);
    }
    assert.equal((await b.store.counts()).delivered, ids.length, "every message delivered after the leases expired");
    assert.equal(b.submitted.size, 8, "instance 1 submitted only what instance 0 had not");
    for (const id of [...a.submitted.keys()])
      assert.equal(b.submitted.has(id), false, "found delivered on the destination, not resubmitted");
    await exactlyOnce(w, ids, submissions);
  });

  it("lease renewal keeps a slow submission from being taken over by another instance", async () => {
    w = await createWorld();
    const url = await server.createDatabase(`slow_${++db}`);
    const submissions: Submissions = new Map();
    const slow = (dst: DestinationChain) =>
      interceptDelivery(dst, async (batch, real) => {
        await sleep(6000); // two and a half lease lengths
        return real.deliver(batch);
      });
    const a = await pgInstance(w, url, 0, submissions, { leaseMs: 2400, maxPerPoll: 100, wrapSpoke: slow });
    const b = await pgInstance(w, url, 1, submissions, { leaseMs: 2400, maxPerPoll: 100 });
    cleanup.push(async () => {
      await a.real.close();
      await b.real.close();
    });
    const ids = await send(w, 3);
    let aDone = false;
    const aPass = a.relayer.pollOnce().then(() => {
      aDone = true;
    });
    assert.ok(await eventually(async () => a.submitted.size === 3), "instance 0 started submitting");
    let bPasses = 0;
    while (!aDone) {
      await b.relayer.pollOnce();
      bPasses++;
      await sleep(100);
    }
    await aPass;
    assert.ok(bPasses >= 10, `instance 1 kept trying during the slow submission (${bPasses} passes)`);
    assert.equal(b.submitted.size, 0, "instance 1 submitted nothing");
    assert.equal((await b.store.counts()).delivered, ids.length);
    const by = await b.real.deliveredBy();
    for (const id of ids) assert.equal(by.get(id), "relayer-0");
    await exactlyOnce(w, ids, submissions);
  });

  it("records a submission that landed but reported an error as delivered, not failed, and does not resubmit it", async () => {
    w = await createWorld();
    const url = await server.createDatabase(`lost_receipt_${++db}`);
    const submissions: Submissions = new Map();
    const lossy = (dst: DestinationChain) =>
      interceptDelivery(dst, async (batch, real) => {
        await real.deliver(batch);
        throw new Error("connection reset while waiting for the receipt");
      });
    const a = await pgInstance(w, url, 0, submissions, { leaseMs: 5000, wrapSpoke: lossy });
    cleanup.push(() => a.real.close());
    const ids = await send(w, 2);
    await a.relayer.pollOnce();
    for (const id of ids) {
      const r = (await a.store.get(id))!;
      assert.equal(r.status, "delivered");
      assert.equal(r.attempts, 0);
    }
    await a.relayer.pollOnce();
    await exactlyOnce(w, ids, submissions);
  });
});
