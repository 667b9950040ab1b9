import assert from "node:assert/strict";
import type { Hex } from "viem";
import { privateKeyToAccount, generatePrivateKey } from "viem/accounts";
import { CAL, DOMAINS } from "@calctra/core";
import { startLocalBridge, type LocalBridge, type StartLocalBridgeParameters } from "@calctra/devnet/bridge-world";
import { interceptDelivery } from "@calctra/devnet/testing";
import { JsonServer } from "../src/http.js";
import { SqliteRelayStore } from "../src/store.js";
import type { DeliveryResult, DestinationChain } from "@calctra/sdk/bridge";

const HOME = DOMAINS.localEvmHome;
const SPOKE = DOMAINS.localEvmSpoke;
type World = LocalBridge;
/** The two-chain world with the bridges administered by the deployer and the home user holding 1M CAL. */
const createWorld = (p: Omit<StartLocalBridgeParameters, "remote"> = {}) =>
  startLocalBridge({ admin: "deployer", userFunds: 1_000_000n * CAL, ...p });

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
    const { relayer, store } = await w.startRelayer();
    await assertInvariant(w, { locked: 0n, minted: 0n, inFlight: 0n });
    const id1 = await w.sendHome(100n * CAL);
    await assertInvariant(w, { locked: 100n * CAL, minted: 0n, inFlight: 100n * CAL });
    await w.confirm();
    await w.sign();
    await relayer.pollOnce();
    assert.equal(relayer.status(id1), "delivered");
    await assertInvariant(w, { locked: 100n * CAL, minted: 100n * CAL, inFlight: 0n });
    assert.equal(await w.spoke.tokenContract.read.balanceOf([w.spoke.user.account.address]), 100n * CAL);

    const id2 = await w.sendBack(30n * CAL);
    await assertInvariant(w, { locked: 100n * CAL, minted: 70n * CAL, inFlight: 30n * CAL });
    await w.confirm();
    await w.sign();
    await relayer.pollOnce();
    assert.equal(relayer.status(id2), "delivered");
    await assertInvariant(w, { locked: 70n * CAL, minted: 70n * CAL, inFlight: 0n });
    assert.equal(store.get(id2)!.transactionId?.startsWith("0x"), true);
    assert.deepEqual([...(await w.spoke.deliveries()).values()], [1]);
    assert.deepEqual([...(await w.home.deliveries()).values()], [1]);
  });

  it("does not sign or relay before the required confirmations", async () => {
    w = await createWorld({ confirmations: 3 });
    const { relayer } = await w.startRelayer();
    const id = await w.sendHome(5n * CAL);
    await w.home.mine(1);
    await w.sign();
    await relayer.pollOnce();
    assert.equal(w.validators[0]!.signature(id), undefined);
    assert.equal(relayer.status(id), undefined);
    await w.home.mine(2);
    await w.sign();
    await relayer.pollOnce();
    assert.equal(relayer.status(id), "delivered");
    await assertInvariant(w, { minted: 5n * CAL });
  });

  it("a source-chain reorg before confirmations: the orphaned message is never signed nor minted, its replacement is", async () => {
    w = await createWorld({ confirmations: 2 });
    const { relayer } = await w.startRelayer();
    const snapshot = await w.home.snapshot();
    const orphan = await w.sendHome(5n * CAL);
    await w.sign();
    await relayer.pollOnce();
    await snapshot.restore();
    const replacement = await w.sendHome(7n * CAL);
    assert.notEqual(orphan, replacement);
    await w.home.mine(2);
    await w.sign();
    await relayer.pollOnce();
    for (const v of w.validators) assert.equal(v.signature(orphan), undefined);
    assert.equal(relayer.status(orphan), undefined);
    assert.equal(relayer.status(replacement), "delivered");
    // The replacement reused the orphan's nonce: the orphan itself never produced a delivery.
    assert.equal((await w.spoke.deliveries()).has(orphan), false);
    await assertInvariant(w, { locked: 7n * CAL, minted: 7n * CAL, inFlight: 0n });
  });

  it("validators sign only at finality: a lock deeper than the old 2-confirmation default but not final is orphaned by a 3-block reorg and never signed", async () => {
    // The home chain finalizes 4 blocks behind its head; the validators read the `finalized` tag (DESIGN §8).
    w = await createWorld({ confirmations: 0, finalityDepth: 4 });
    const { relayer } = await w.startRelayer();
    const snapshot = await w.home.snapshot();
    const orphan = await w.sendHome(5n * CAL);
    await w.home.mine(2); // the lock's block plus 2: what `confirmations: 2` used to sign
    await w.sign();
    await relayer.pollOnce();
    for (const v of w.validators) assert.equal(v.signature(orphan), undefined);
    await snapshot.restore(); // a reorg 3 blocks deep: the lock and the two blocks on top of it disappear
    const replacement = await w.sendHome(7n * CAL);
    await w.home.mine(4);
    await w.sign();
    await relayer.pollOnce();
    for (const v of w.validators) {
      assert.equal(v.signature(orphan), undefined);
      assert.notEqual(v.signature(replacement), undefined);
    }
    assert.equal(relayer.status(orphan), undefined);
    assert.equal(relayer.status(replacement), "delivered");
    await assertInvariant(w, { locked: 7n * CAL, minted: 7n * CAL, inFlight: 0n });
  });

  it("a validator with independent RPC endpoints signs only what all of them report, and never skips a block while they disagree", async () => {
    w = await createWorld();
    const { Validator } = await import("../src/validator.js");
    const { EvmSource, SourceQuorumError } = await import("@calctra/sdk/evm");
    const { pino } = await import("pino");
    const { createPublicClient, custom } = await import("viem");
    const mode = { lie: true, down: false };
    // A witness endpoint that hides every log while `lie` is set and fails every call while `down` is.
    const witness = createPublicClient({
      transport: custom({
        async request(args: { method: string; params?: unknown }) {
          if (mode.down) throw new Error("witness down");
          if (mode.lie && args.method === "eth_getLogs") return [];
          return w.home.provider.request(args);
        },
      }),
    });
    const source = (quorum?: number) =>
      new EvmSource({
        client: w.home.publicClient as never,
        witnesses: [witness as never],
        bridge: w.homeBridge,
        domain: HOME,
        confirmations: 1,
        ...(quorum !== undefined ? { quorum } : {}),
      });
    const validator = (quorum?: number) =>
      new Validator({
        sources: [{ source: source(quorum), startBlock: 0n }],
        destinations: new Map([[SPOKE, w.spoke.universal]]),
        account: privateKeyToAccount(generatePrivateKey()),
        logger: pino({ level: "silent" }),
      });
    const id = await w.sendHome(1n * CAL);
    await w.confirm();
    await assert.rejects(source().scan(0n), SourceQuorumError);
    const strict = validator();
    await strict.pollOnce();
    assert.equal(strict.signature(id), undefined);
    assert.equal(strict.health().ok, false);
    assert.equal(strict.health().nextBlock[HOME], "0");
    mode.lie = false;
    await strict.pollOnce();
    assert.notEqual(strict.signature(id), undefined);
    // A witness that does not answer: with the default quorum (all) nothing is signed; with quorum 1 the rest is.
    mode.down = true;
    const id2 = await w.sendHome(2n * CAL);
    await w.confirm();
    await strict.pollOnce();
    assert.equal(strict.signature(id2), undefined);
    const tolerant = validator(1);
    await tolerant.pollOnce();
    assert.notEqual(tolerant.signature(id2), undefined);
  });

  it("a relayer killed after submitting and before recording restarts without minting twice", async () => {
    w = await createWorld();
    const id = await w.sendHome(40n * CAL);
    await w.confirm();
    await w.sign();
    let submitted!: () => void;
    const onSubmitted = new Promise<void>((r) => (submitted = r));
    // Crash point: the transaction is mined, then the process "dies" (the call never returns).
    const first = await w.startRelayer({
      store: "crash.sqlite",
      wrap: (dst) =>
        interceptDelivery(dst, async (batch, real) => {
          await real.deliver(batch);
          submitted();
          return new Promise<DeliveryResult>(() => {});
        }),
    });
    void first.relayer.pollOnce();
    await onSubmitted;
    assert.equal(first.store.get(id)!.status, "submitting");
    first.store.close();

    const second = await w.startRelayer({ store: "crash.sqlite" });
    assert.equal(second.store.get(id)!.status, "submitting");
    await second.relayer.pollOnce();
    assert.equal(second.relayer.status(id), "delivered");
    assert.equal((await w.spoke.deliveries()).get(id), 1);
    await assertInvariant(w, { locked: 40n * CAL, minted: 40n * CAL, inFlight: 0n });
  });

  it("a relayer killed before submitting restarts and delivers: no message is lost", async () => {
    w = await createWorld();
    const first = await w.startRelayer({ store: "lost.sqlite", validators: [] });
    const id = await w.sendHome(3n * CAL);
    await w.confirm();
    await first.relayer.pollOnce(); // observes the message, cannot collect signatures, then "dies"
    assert.equal(first.store.get(id)!.status, "sent");
    first.store.close();
    await w.sign();
    const second = await w.startRelayer({ store: "lost.sqlite" });
    await second.relayer.pollOnce();
    assert.equal(second.relayer.status(id), "delivered");
    await assertInvariant(w, { minted: 3n * CAL, inFlight: 0n });
  });

  it("re-running a relayer from an empty store never delivers twice", async () => {
    w = await createWorld();
    const ids = [await w.sendHome(1n * CAL), await w.sendHome(2n * CAL)];
    await w.confirm();
    await w.sign();
    await (await w.startRelayer({ store: "a.sqlite" })).relayer.pollOnce();
    const again = await w.startRelayer({ store: "b.sqlite" });
    await again.relayer.pollOnce();
    for (const id of ids) {
      assert.equal(again.relayer.status(id), "delivered");
      assert.equal(again.store.get(id)!.transactionId, null, "the second relayer submitted nothing");
      assert.equal((await w.spoke.deliveries()).get(id), 1);
    }
    await assertInvariant(w, { minted: 3n * CAL });
  });

  it("delivers with one validator offline (2 of 3 still reach the threshold)", async () => {
    w = await createWorld();
    const id = await w.sendHome(9n * CAL);
    await w.confirm();
    await w.sign([1, 2]);
    await w.validators[0]!.stop();
    const { relayer } = await w.startRelayer();
    await relayer.pollOnce();
    assert.equal(relayer.status(id), "delivered");
    await assertInvariant(w, { minted: 9n * CAL });
  });

  it("waits at 'signed 1/3' with two validators offline, and delivers once one comes back", async () => {
    w = await createWorld();
    const id = await w.sendHome(9n * CAL);
    await w.confirm();
    await w.sign();
    await w.validators[1]!.stop();
    await w.validators[2]!.stop();
    const { relayer, store } = await w.startRelayer();
    await relayer.pollOnce();
    assert.equal(relayer.status(id), "signed 1/3");
    assert.match(store.get(id)!.lastError!, /need 2 \(2 validator\(s\) unreachable\)/);
    await assertInvariant(w, { minted: 0n, inFlight: 9n * CAL });
    // Validator 2 restarts on a new port; the relayer is reconfigured with it.
    const port = await w.validators[1]!.serve(0);
    const back = await w.startRelayer({ store: "relayer.sqlite", validators: [w.validatorUrls[0]!, `http://127.0.0.1:${port}`] });
    await new Promise((r) => setTimeout(r, 10));
    await back.relayer.pollOnce();
    assert.equal(back.relayer.status(id), "delivered");
    await assertInvariant(w, { minted: 9n * CAL, inFlight: 0n });
  });

  it("discards signatures that do not recover to a validator of the destination's set", async () => {
    w = await createWorld();
    const id = await w.sendHome(2n * CAL);
    await w.confirm();
    await w.sign([0]);
    const liar = privateKeyToAccount(generatePrivateKey());
    // Claims to be validator 2, signs with another key: the batch is refused, verification drops the claim.
    const lie = async (messageId: string) => ({
      messageId,
      signer: w.validators[1]!.address,
      signature: await liar.sign({ hash: messageId as Hex }),
    });
    const fake = new JsonServer()
      .get("/signatures", async (_, q) => [200, { signatures: await Promise.all((q.get("ids") ?? "").split(",").map(lie)) }])
      .get("/signatures/:messageId", async ({ messageId }) => [200, await lie(messageId!)]);
    const port = await fake.listen(0);
    try {
      const { relayer } = await w.startRelayer({ store: "liar.sqlite", validators: [w.validatorUrls[0]!, `http://127.0.0.1:${port}`] });
      await relayer.pollOnce();
      assert.equal(relayer.status(id), "signed 1/3");
      assert.equal(await w.spoke.isDelivered(id), false);
      // With the honest validator 2 back in the list, the same relayer delivers.
      const honest = await w.startRelayer({ store: "liar.sqlite", validators: [w.validatorUrls[1]!, `http://127.0.0.1:${port}`] });
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
    await w.confirm();
    await w.sign([0]);
    const liar = privateKeyToAccount(generatePrivateKey());
    const lie = async (messageId: string) => ({
      messageId,
      signer: w.validators[2]!.address,
      signature: await liar.sign({ hash: messageId as Hex }),
    });
    const fake = new JsonServer().get("/signatures", async (_, q) => [
      200,
      { signatures: await Promise.all((q.get("ids") ?? "").split(",").map(lie)) },
    ]);
    const port = await fake.listen(0);
    let submissions = 0;
    const counting = (dst: DestinationChain) =>
      interceptDelivery(dst, (batch, real) => {
        submissions++;
        return real.deliver(batch);
      });
    try {
      const { relayer } = await w.startRelayer({
        store: "verify.sqlite",
        validators: [w.validatorUrls[0]!, `http://127.0.0.1:${port}`],
        wrap: counting,
        verify: "always",
      });
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
    await w.confirm();
    await w.sign();
    const fresh = [generatePrivateKey(), generatePrivateKey(), generatePrivateKey()];
    const freshSet = fresh.map((k) => privateKeyToAccount(k).address).sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
    await w.spoke.bridgeContract.write.setValidatorSet([freshSet, 2]);
    const { relayer } = await w.startRelayer({ store: "rotation.sqlite" });
    await relayer.pollOnce();
    assert.equal(relayer.status(early), "delivered");
    // Past the retention window, the old validators' signatures no longer count.
    await w.spoke.increaseTime(86_401n);
    const late = await w.sendHome(2n * CAL);
    await w.confirm();
    await w.sign();
    await relayer.pollOnce();
    assert.equal(relayer.status(late), "signed 0/3");
    assert.equal(await w.spoke.isDelivered(late), false);
    await assertInvariant(w, { minted: 1n * CAL, inFlight: 2n * CAL });
  });

  it("a validator does not sign a message for a destination it has no bridge for", async () => {
    w = await createWorld();
    const { Validator } = await import("../src/validator.js");
    const { EvmSource } = await import("@calctra/sdk/evm");
    const { pino } = await import("pino");
    const v = new Validator({
      sources: [
        {
          source: new EvmSource({ client: w.home.publicClient as never, bridge: w.homeBridge, domain: HOME, confirmations: 1 }),
          startBlock: 0n,
        },
      ],
      destinations: new Map(),
      account: privateKeyToAccount(generatePrivateKey()),
      logger: pino({ level: "silent" }),
    });
    const id = await w.sendHome(1n * CAL);
    await w.confirm();
    await v.pollOnce();
    assert.equal(v.signature(id), undefined);
    assert.equal(v.health().ok, true);
    await w.validators[0]!.pollOnce();
    assert.notEqual(w.validators[0]!.signature(id), undefined);
  });

  it("RPC errors on the destination: the message is 'failed: why' with backoff, then delivered once RPC recovers", async () => {
    w = await createWorld();
    const id = await w.sendHome(4n * CAL);
    await w.confirm();
    await w.sign();
    const { relayer, store } = await w.startRelayer();
    w.spoke.fault.mode = "error";
    await relayer.pollOnce();
    const failed = store.get(id)!;
    assert.match(relayer.status(id)!, /^failed: destination unreachable: .*injected RPC error/);
    assert.equal(failed.attempts, 1);
    assert.ok(failed.nextAttemptAt > 0);
    w.spoke.fault.mode = "timeout";
    await new Promise((r) => setTimeout(r, 5));
    await relayer.pollOnce();
    assert.equal(store.get(id)!.attempts, 2);
    assert.match(store.get(id)!.lastError!, /injected RPC timeout/);
    w.spoke.fault.mode = "ok";
    await new Promise((r) => setTimeout(r, 10));
    await relayer.pollOnce();
    assert.equal(relayer.status(id), "delivered");
    await assertInvariant(w, { minted: 4n * CAL, inFlight: 0n });
  });

  it("RPC timeouts on the source: the scan is retried and nothing is skipped", async () => {
    w = await createWorld();
    const { relayer } = await w.startRelayer();
    w.home.fault.mode = "timeout";
    const id = await w.sendHome(6n * CAL);
    await w.confirm();
    await w.sign();
    await relayer.pollOnce();
    assert.equal(relayer.status(id), undefined);
    assert.equal(relayer.health().ok, false);
    w.home.fault.mode = "ok";
    await relayer.pollOnce();
    assert.equal(relayer.status(id), "delivered");
    await assertInvariant(w, { minted: 6n * CAL });
  });

  it("batches several messages into one receiveBatch transaction", async () => {
    w = await createWorld({ relayer: { maxBatch: 32 } });
    const ids: Hex[] = [];
    for (let i = 1n; i <= 12n; i++) ids.push(await w.sendHome(i * CAL));
    await w.confirm();
    await w.sign();
    const { relayer, store } = await w.startRelayer();
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
    await w.confirm();
    await w.sign();
    // Governance lowers the spoke's inbound bucket below the second message.
    await w.spoke.bridgeContract.write.setRemoteDomain([
      HOME,
      {
        bridge: `0x${"0".repeat(24)}${w.homeBridge.slice(2).toLowerCase()}`,
        inboundCapacity: 1n * CAL,
        inboundRatePerSecond: 0n,
        outboundCapacity: CAL,
        outboundRatePerSecond: 0n,
      },
    ]);
    const { relayer } = await w.startRelayer();
    await relayer.pollOnce();
    assert.equal(relayer.status(good), "delivered");
    assert.match(relayer.status(bad)!, /^failed: .*BridgeRateLimited/);
    await assertInvariant(w, { minted: 1n * CAL, inFlight: 2n * CAL });
  });

  it("status survives a restart: the store keeps cursors, signatures and outcomes", async () => {
    w = await createWorld();
    const id = await w.sendHome(1n * CAL);
    await w.confirm();
    await w.sign();
    const { relayer, store } = await w.startRelayer({ store: "persist.sqlite" });
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
