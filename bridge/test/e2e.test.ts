import assert from "node:assert/strict";
import type { Hex } from "viem";
import { privateKeyToAccount, generatePrivateKey } from "viem/accounts";
import { JsonServer } from "../src/http.js";
import { SqliteRelayStore } from "../src/store.js";
import type { DeliveryResult, DestinationChain, SignedMessage } from "@calctra/sdk/bridge";
import { CAL, HOME, SPOKE, createWorld, type World } from "./world.js";

/** The supply invariant of DESIGN §3: locked on home == minted on spokes + in flight. */
async function assertInvariant(w: World, expect?: { locked?: bigint; minted?: bigint; inFlight?: bigint }) {
  const s = await w.supply();
  assert.equal(s.locked, s.minted + s.inFlight, `locked ${s.locked} != minted ${s.minted} + in flight ${s.inFlight}`);
  if (expect?.locked !== undefined) assert.equal(s.locked, expect.locked);
  if (expect?.minted !== undefined) assert.equal(s.minted, expect.minted);
  if (expect?.inFlight !== undefined) assert.equal(s.inFlight, expect.inFlight);
}

describe("Bridge end to end: EVM home 31337 <-> EVM spoke 31338", () => {
  let w: World;
  afterEach(async () => {
    await w?.close();
  });

  it("locks on home, validators sign, the relayer mints on the spoke, burns back and releases on home, keeping the supply invariant at every step", async () => {
    w = await createWorld();
    const { relayer, store } = w.relayer();
    await assertInvariant(w, { locked: 0n, minted: 0n, inFlight: 0n });
    const id1 = await w.sendHome(100n * CAL);
    await assertInvariant(w, { locked: 100n * CAL, minted: 0n, inFlight: 100n * CAL });
    await w.mineBoth();
    await w.sign();
    await relayer.pollOnce();
    assert.equal(relayer.status(id1), "delivered");
    await assertInvariant(w, { locked: 100n * CAL, minted: 100n * CAL, inFlight: 0n });
    assert.equal(await w.s.token.read.balanceOf([w.spokeUser.account.address]), 100n * CAL);

    const id2 = await w.sendSpoke(30n * CAL);
    await assertInvariant(w, { locked: 100n * CAL, minted: 70n * CAL, inFlight: 30n * CAL });
    await w.mineBoth();
    await w.sign();
    await relayer.pollOnce();
    assert.equal(relayer.status(id2), "delivered");
    await assertInvariant(w, { locked: 70n * CAL, minted: 70n * CAL, inFlight: 0n });
    assert.equal(store.get(id2)!.transactionId?.startsWith("0x"), true);
    assert.deepEqual([...(await w.deliveries("spoke")).values()], [1]);
    assert.deepEqual([...(await w.deliveries("home")).values()], [1]);
  });

  it("does not sign or relay before the required confirmations", async () => {
    w = await createWorld({ confirmations: 3 });
    const { relayer } = w.relayer();
    const id = await w.sendHome(5n * CAL);
    await w.home.networkHelpers.mine(1);
    await w.sign();
    await relayer.pollOnce();
    assert.equal(w.validators[0]!.signature(id), undefined);
    assert.equal(relayer.status(id), undefined);
    await w.home.networkHelpers.mine(2);
    await w.sign();
    await relayer.pollOnce();
    assert.equal(relayer.status(id), "delivered");
    await assertInvariant(w, { minted: 5n * CAL });
  });

  it("a source-chain reorg before confirmations: the orphaned message is never signed nor minted, its replacement is", async () => {
    w = await createWorld({ confirmations: 2 });
    const { relayer } = w.relayer();
    const snapshot = await w.home.networkHelpers.takeSnapshot();
    const orphan = await w.sendHome(5n * CAL);
    await w.sign();
    await relayer.pollOnce();
    await snapshot.restore();
    const replacement = await w.sendHome(7n * CAL);
    assert.notEqual(orphan, replacement);
    await w.home.networkHelpers.mine(2);
    await w.sign();
    await relayer.pollOnce();
    for (const v of w.validators) assert.equal(v.signature(orphan), undefined);
    assert.equal(relayer.status(orphan), undefined);
    assert.equal(relayer.status(replacement), "delivered");
    assert.equal(await w.s.bridge.read.isDelivered([orphan]), false);
    await assertInvariant(w, { locked: 7n * CAL, minted: 7n * CAL, inFlight: 0n });
  });

  it("a relayer killed after submitting and before recording restarts without minting twice", async () => {
    w = await createWorld();
    const id = await w.sendHome(40n * CAL);
    await w.mineBoth();
    await w.sign();
    let submitted!: () => void;
    const onSubmitted = new Promise<void>((r) => (submitted = r));
    const real = w.destinations();
    // Crash point: the transaction is mined, then the process "dies" (the call never returns).
    const crashing = new Map<number, DestinationChain>([...real].map(([d, dst]) => [d, {
      domain: dst.domain, bridge: dst.bridge, maxBatch: dst.maxBatch,
      validatorSet: () => dst.validatorSet(), isDelivered: (m: Hex) => dst.isDelivered(m),
      deliver: async (batch: readonly SignedMessage[]): Promise<DeliveryResult> => {
        await dst.deliver(batch);
        submitted();
        return new Promise<DeliveryResult>(() => {});
      },
    }]));
    const first = w.relayer("crash.sqlite", { destinations: crashing });
    void first.relayer.pollOnce();
    await onSubmitted;
    assert.equal(first.store.get(id)!.status, "submitting");
    first.store.close();

    const second = w.relayer("crash.sqlite");
    assert.equal(second.store.get(id)!.status, "submitting");
    await second.relayer.pollOnce();
    assert.equal(second.relayer.status(id), "delivered");
    assert.equal((await w.deliveries("spoke")).get(id), 1);
    await assertInvariant(w, { locked: 40n * CAL, minted: 40n * CAL, inFlight: 0n });
  });

  it("a relayer killed before submitting restarts and delivers: no message is lost", async () => {
    w = await createWorld();
    const first = w.relayer("lost.sqlite", { validators: [] });
    const id = await w.sendHome(3n * CAL);
    await w.mineBoth();
    await first.relayer.pollOnce(); // observes the message, cannot collect signatures, then "dies"
    assert.equal(first.store.get(id)!.status, "sent");
    first.store.close();
    await w.sign();
    const second = w.relayer("lost.sqlite");
    await second.relayer.pollOnce();
    assert.equal(second.relayer.status(id), "delivered");
    await assertInvariant(w, { minted: 3n * CAL, inFlight: 0n });
  });

  it("re-running a relayer from an empty store never delivers twice", async () => {
    w = await createWorld();
    const ids = [await w.sendHome(1n * CAL), await w.sendHome(2n * CAL)];
    await w.mineBoth();
    await w.sign();
    await w.relayer("a.sqlite").relayer.pollOnce();
    const again = w.relayer("b.sqlite");
    await again.relayer.pollOnce();
    for (const id of ids) {
      assert.equal(again.relayer.status(id), "delivered");
      assert.equal(again.store.get(id)!.transactionId, null, "the second relayer submitted nothing");
      assert.equal((await w.deliveries("spoke")).get(id), 1);
    }
    await assertInvariant(w, { minted: 3n * CAL });
  });

  it("delivers with one validator offline (2 of 3 still reach the threshold)", async () => {
    w = await createWorld();
    const id = await w.sendHome(9n * CAL);
    await w.mineBoth();
    await w.sign(w.validators.slice(1));
    await w.validators[0]!.stop();
    const { relayer } = w.relayer();
    await relayer.pollOnce();
    assert.equal(relayer.status(id), "delivered");
    await assertInvariant(w, { minted: 9n * CAL });
  });

  it("waits at 'signed 1/3' with two validators offline, and delivers once one comes back", async () => {
    w = await createWorld();
    const id = await w.sendHome(9n * CAL);
    await w.mineBoth();
    await w.sign();
    await w.validators[1]!.stop();
    await w.validators[2]!.stop();
    const { relayer, store } = w.relayer();
    await relayer.pollOnce();
    assert.equal(relayer.status(id), "signed 1/3");
    assert.match(store.get(id)!.lastError!, /need 2 \(2 validator\(s\) unreachable\)/);
    await assertInvariant(w, { minted: 0n, inFlight: 9n * CAL });
    // Validator 2 restarts on a new port; the relayer is reconfigured with it.
    const port = await w.validators[1]!.serve(0);
    const back = w.relayer("relayer.sqlite", { validators: [w.urls[0]!, `http://127.0.0.1:${port}`] });
    await new Promise((r) => setTimeout(r, 10));
    await back.relayer.pollOnce();
    assert.equal(back.relayer.status(id), "delivered");
    await assertInvariant(w, { minted: 9n * CAL, inFlight: 0n });
  });

  it("discards signatures that do not recover to a validator of the destination's set", async () => {
    w = await createWorld();
    const id = await w.sendHome(2n * CAL);
    await w.mineBoth();
    await w.sign(w.validators.slice(0, 1));
    const liar = privateKeyToAccount(generatePrivateKey());
    // Claims to be validator 2, signs with another key: the batch is refused, verification drops the claim.
    const lie = async (messageId: string) => ({ messageId, signer: w.validators[1]!.address, signature: await liar.sign({ hash: messageId as Hex }) });
    const fake = new JsonServer()
      .get("/signatures", async (_, q) => [200, { signatures: await Promise.all((q.get("ids") ?? "").split(",").map(lie)) }])
      .get("/signatures/:messageId", async ({ messageId }) => [200, await lie(messageId!)]);
    const port = await fake.listen(0);
    try {
      const { relayer } = w.relayer("liar.sqlite", { validators: [w.urls[0]!, `http://127.0.0.1:${port}`] });
      await relayer.pollOnce();
      assert.equal(relayer.status(id), "signed 1/3");
      assert.equal(await w.s.bridge.read.isDelivered([id]), false);
      // With the honest validator 2 back in the list, the same relayer delivers.
      const honest = w.relayer("liar.sqlite", { validators: [w.urls[1]!, `http://127.0.0.1:${port}`] });
      await w.sign();
      await new Promise((r) => setTimeout(r, 10));
      await honest.relayer.pollOnce();
      assert.equal(honest.relayer.status(id), "delivered");
    } finally {
      await fake.close();
    }
  });

  it("with verify 'always', a lying validator's claim is dropped before anything is submitted", async () => {
    w = await createWorld();
    const id = await w.sendHome(2n * CAL);
    await w.mineBoth();
    await w.sign(w.validators.slice(0, 1));
    const liar = privateKeyToAccount(generatePrivateKey());
    const lie = async (messageId: string) => ({ messageId, signer: w.validators[2]!.address, signature: await liar.sign({ hash: messageId as Hex }) });
    const fake = new JsonServer().get("/signatures", async (_, q) => [200, { signatures: await Promise.all((q.get("ids") ?? "").split(",").map(lie)) }]);
    const port = await fake.listen(0);
    let submissions = 0;
    const counting = new Map<number, DestinationChain>([...w.destinations()].map(([d, dst]) => [d, {
      domain: dst.domain, bridge: dst.bridge, maxBatch: dst.maxBatch,
      validatorSet: () => dst.validatorSet(), isDelivered: (m: Hex) => dst.isDelivered(m),
      deliver: (batch: readonly SignedMessage[]) => { submissions++; return dst.deliver(batch); },
    }]));
    try {
      const { relayer } = w.relayer("verify.sqlite", { validators: [w.urls[0]!, `http://127.0.0.1:${port}`], destinations: counting, verify: "always" });
      await relayer.pollOnce();
      assert.equal(relayer.status(id), "signed 1/3");
      assert.equal(submissions, 0);
    } finally {
      await fake.close();
    }
  });

  it("after a validator-set rotation, delivers messages signed by the previous set while it is retained, and only then", async () => {
    w = await createWorld();
    const early = await w.sendHome(1n * CAL);
    await w.mineBoth();
    await w.sign();
    const fresh = [generatePrivateKey(), generatePrivateKey(), generatePrivateKey()];
    const freshSet = fresh.map((k) => privateKeyToAccount(k).address).sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
    await w.s.bridge.write.setValidatorSet([freshSet, 2]);
    const { relayer } = w.relayer("rotation.sqlite");
    await relayer.pollOnce();
    assert.equal(relayer.status(early), "delivered");
    // Past the retention window, the old validators' signatures no longer count.
    await w.spoke.networkHelpers.time.increase(86_401);
    const late = await w.sendHome(2n * CAL);
    await w.mineBoth();
    await w.sign();
    await relayer.pollOnce();
    assert.equal(relayer.status(late), "signed 0/3");
    assert.equal(await w.s.bridge.read.isDelivered([late]), false);
    await assertInvariant(w, { minted: 1n * CAL, inFlight: 2n * CAL });
  });

  it("a validator does not sign a message for a destination it has no bridge for", async () => {
    w = await createWorld();
    const { Validator } = await import("../src/validator.js");
    const { EvmSource } = await import("@calctra/sdk/evm");
    const { silent } = await import("./world.js");
    const v = new Validator({
      sources: [{ source: new EvmSource({ client: w.home.publicClient as never, bridge: w.h.bridge.address, domain: HOME, confirmations: 1 }), startBlock: 0n }],
      destinations: new Map(), account: privateKeyToAccount(generatePrivateKey()), logger: silent,
    });
    const id = await w.sendHome(1n * CAL);
    await w.mineBoth();
    await v.pollOnce();
    assert.equal(v.signature(id), undefined);
    assert.equal(v.health().ok, true);
    await w.validators[0]!.pollOnce();
    assert.notEqual(w.validators[0]!.signature(id), undefined);
  });

  it("RPC errors on the destination: the message is 'failed: why' with backoff, then delivered once RPC recovers", async () => {
    w = await createWorld();
    const id = await w.sendHome(4n * CAL);
    await w.mineBoth();
    await w.sign();
    const { relayer, store } = w.relayer();
    w.faults.spoke.mode = "error";
    await relayer.pollOnce();
    const failed = store.get(id)!;
    assert.match(relayer.status(id)!, /^failed: destination unreachable: .*injected RPC error/);
    assert.equal(failed.attempts, 1);
    assert.ok(failed.nextAttemptAt > 0);
    w.faults.spoke.mode = "timeout";
    await new Promise((r) => setTimeout(r, 5));
    await relayer.pollOnce();
    assert.equal(store.get(id)!.attempts, 2);
    assert.match(store.get(id)!.lastError!, /injected RPC timeout/);
    w.faults.spoke.mode = "ok";
    await new Promise((r) => setTimeout(r, 10));
    await relayer.pollOnce();
    assert.equal(relayer.status(id), "delivered");
    await assertInvariant(w, { minted: 4n * CAL, inFlight: 0n });
  });

  it("RPC timeouts on the source: the scan is retried and nothing is skipped", async () => {
    w = await createWorld();
    const { relayer } = w.relayer();
    w.faults.home.mode = "timeout";
    const id = await w.sendHome(6n * CAL);
    await w.mineBoth();
    await w.sign();
    await relayer.pollOnce();
    assert.equal(relayer.status(id), undefined);
    assert.equal(relayer.health().ok, false);
    w.faults.home.mode = "ok";
    await relayer.pollOnce();
    assert.equal(relayer.status(id), "delivered");
    await assertInvariant(w, { minted: 6n * CAL });
  });

  it("batches several messages into one receiveBatch transaction", async () => {
    w = await createWorld({ maxBatch: 32 });
    const ids: Hex[] = [];
    for (let i = 1n; i <= 12n; i++) ids.push(await w.sendHome(i * CAL));
    await w.mineBoth();
    await w.sign();
    const { relayer, store } = w.relayer();
    await relayer.pollOnce();
    const txs = new Set(ids.map((id) => store.get(id)!.transactionId));
    assert.equal(txs.size, 1);
    for (const id of ids) assert.equal(relayer.status(id), "delivered");
    await assertInvariant(w, { minted: 78n * CAL, inFlight: 0n });
  });

  it("a batch with one undeliverable message still delivers the others (one by one)", async () => {
    w = await createWorld();
    const good = await w.sendHome(1n * CAL);
    const bad = await w.sendHome(2n * CAL);
    await w.mineBoth();
    await w.sign();
    // Governance lowers the spoke's inbound bucket below the second message.
    await w.s.bridge.write.setRemoteDomain([HOME, {
      bridge: `0x${"0".repeat(24)}${w.h.bridge.address.slice(2).toLowerCase()}`,
      inboundCapacity: 1n * CAL, inboundRatePerSecond: 0n, outboundCapacity: CAL, outboundRatePerSecond: 0n,
    }]);
    const { relayer } = w.relayer();
    await relayer.pollOnce();
    assert.equal(relayer.status(good), "delivered");
    assert.match(relayer.status(bad)!, /^failed: .*BridgeRateLimited/);
    await assertInvariant(w, { minted: 1n * CAL, inFlight: 2n * CAL });
  });

  it("status survives a restart: the store keeps cursors, signatures and outcomes", async () => {
    w = await createWorld();
    const id = await w.sendHome(1n * CAL);
    await w.mineBoth();
    await w.sign();
    const { relayer, store } = w.relayer("persist.sqlite");
    await relayer.pollOnce();
    const cursor = store.cursor(HOME);
    store.close();
    const reopened = new SqliteRelayStore(`${w.dir}/persist.sqlite`);
    assert.equal(reopened.get(id)!.status, "delivered");
    assert.equal(reopened.get(id)!.signatures.length, 2, "the threshold of signatures it delivered with");
    assert.equal(reopened.cursor(HOME), cursor);
    assert.ok(reopened.cursor(SPOKE) !== undefined);
    reopened.close();
  });
});
