import assert from "node:assert/strict";
import type { Hex } from "viem";
import { CAL, DOMAINS, decodeBridgeMessage, isGovernanceMessage } from "@calctra/core";
import { tonUniversalAddress } from "@calctra/sdk/ton";
import type { SignedMessage } from "@calctra/sdk/bridge";
import { startLocalBridge, type LocalTonBridge } from "@calctra/devnet/bridge-world";

const HOME = DOMAINS.localEvmHome;
const TON = DOMAINS.ton;
type TonWorld = LocalTonBridge;

/** DESIGN §3: locked on home == minted on TON by the bridge + in flight (both ways). */
async function assertInvariant(w: TonWorld, expect: { locked: bigint; minted: bigint; inFlight: bigint }) {
  const { holds, ...s } = await w.supply();
  assert.equal(holds, true);
  assert.equal(s.locked, s.minted + s.inFlight, `locked ${s.locked} != minted ${s.minted} + in flight ${s.inFlight}`);
  assert.deepEqual(s, expect);
}

describe("Bridge end to end: EVM home 31337 <-> TON (governed sandbox bridge)", () => {
  let w: TonWorld;
  before(async () => {
    w = await startLocalBridge({ remote: "ton", userFunds: 1_000_000n * CAL });
  });
  after(async () => {
    await w?.close();
  });

  it("reads the TON bridge's validator set from storage as the 3 dev validators, 2-of-3, matching get_validator_sets", async () => {
    const set = await w.ton.destination().validatorSet();
    assert.deepEqual(
      set.validators,
      w.validators.map((v) => v.address.toLowerCase()).sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1)),
    );
    assert.equal(set.threshold, 2);
    assert.equal(set.previous, undefined);
    assert.equal(await w.ton.source().scan(1n), null, "no outbound message on TON yet");
  });

  it("locks on home, delivers on TON, burns back through the TON bridge and releases on home, keeping the supply invariant; a replay on TON is refused", async () => {
    const { relayer } = await w.startRelayer();
    await assertInvariant(w, { locked: 0n, minted: 0n, inFlight: 0n });
    const balanceBefore = await w.home.tokenContract.read.balanceOf([w.home.user.account.address]);

    // EVM home → TON
    const id1 = await w.sendHome(100n * CAL);
    await assertInvariant(w, { locked: 100n * CAL, minted: 0n, inFlight: 100n * CAL });
    await w.confirm();
    await w.sign();
    for (const v of w.validators) assert.notEqual(v.signature(id1), undefined);
    await relayer.pollOnce();
    assert.equal(relayer.status(id1), "delivered");
    assert.equal(await w.ton.destination().isDelivered(id1), true);
    assert.equal(await w.ton.env.balanceOf(w.ton.tonUser.address), 100n * CAL);
    await assertInvariant(w, { locked: 100n * CAL, minted: 100n * CAL, inFlight: 0n });

    // TON → EVM home: burn + outbound message nonce 1, re-derived by the TON source
    await w.sendBack(30n * CAL);
    assert.equal(await w.ton.env.balanceOf(w.ton.tonUser.address), 70n * CAL);
    await assertInvariant(w, { locked: 100n * CAL, minted: 70n * CAL, inFlight: 30n * CAL });
    const scan = await w.ton.source().scan(1n);
    assert.ok(scan);
    assert.equal(scan.toBlock, 1n);
    assert.equal(scan.rejected.length, 0);
    const first = scan.messages[0]!;
    if (isGovernanceMessage(first.message)) assert.fail("a token message");
    const out = { ...first, message: first.message };
    assert.deepEqual(
      {
        src: out.message.srcDomain,
        dst: out.message.dstDomain,
        nonce: out.message.nonce,
        amount: out.message.amount,
        sender: out.message.sender,
      },
      { src: TON, dst: HOME, nonce: 1n, amount: 30n * CAL, sender: tonUniversalAddress(w.ton.tonUser.address) },
    );
    assert.equal(BigInt(out.message.recipient), BigInt(w.home.user.account.address));
    const id2 = out.messageId;
    await w.sign();
    for (const v of w.validators) assert.notEqual(v.signature(id2), undefined);
    await relayer.pollOnce();
    assert.equal(relayer.status(id2), "delivered");
    assert.equal(await w.home.tokenContract.read.balanceOf([w.home.user.account.address]), balanceBefore - 100n * CAL + 30n * CAL);
    await assertInvariant(w, { locked: 70n * CAL, minted: 70n * CAL, inFlight: 0n });

    // replay of the first message on TON with the validators' signatures: refused by the contract
    const signatures = w.validators
      .map((v) => v.signature(id1)!)
      .map((r) => ({ signer: r.signer.toLowerCase() as Hex, signature: r.signature }))
      .sort((a, b) => (BigInt(a.signer) < BigInt(b.signer) ? -1 : 1))
      .slice(0, 2);
    const rec = w.validators[0]!.signature(id1)!;
    const replay: SignedMessage = {
      messageId: id1,
      encoded: rec.encoded,
      message: decodeBridgeMessage(Buffer.from(rec.encoded.slice(2), "hex")),
      signatures,
    };
    await assert.rejects(w.ton.destination().deliver([replay]), (e: Error) => {
      assert.match(e.message, /^BridgeMessageAlreadyDelivered\(/);
      assert.equal((e as Error & { errorName?: string }).errorName, "BridgeMessageAlreadyDelivered");
      return true;
    });
    assert.equal(await w.ton.env.balanceOf(w.ton.tonUser.address), 70n * CAL);
    await assertInvariant(w, { locked: 70n * CAL, minted: 70n * CAL, inFlight: 0n });
  });

  it("a TON delivery with signatures below the threshold is refused with BridgeBelowThreshold and mints nothing", async () => {
    const id = await w.sendHome(5n * CAL);
    await w.confirm();
    await w.sign();
    const rec = w.validators[0]!.signature(id)!;
    const one: SignedMessage = {
      messageId: id,
      encoded: rec.encoded,
      message: decodeBridgeMessage(Buffer.from(rec.encoded.slice(2), "hex")),
      signatures: [{ signer: rec.signer, signature: rec.signature }],
    };
    const before = await w.supply();
    await assert.rejects(w.ton.destination().deliver([one]), (e: Error) => /^BridgeBelowThreshold\(/.test(e.message));
    assert.equal(await w.ton.destination().isDelivered(id), false);
    assert.deepEqual(await w.supply(), before);
    const { relayer } = await w.startRelayer({ store: "second.sqlite" });
    await relayer.pollOnce();
    assert.equal(relayer.status(id), "delivered");
    await assertInvariant(w, { locked: 75n * CAL, minted: 75n * CAL, inFlight: 0n });
  });
});

describe("TON source: message re-derivation", () => {
  it("rejects stored bytes that do not re-derive: a nonce other than the key, another source domain, a wrong length", async () => {
    const { encodeBridgeMessage } = await import("@calctra/core");
    const { deriveTonMessage } = await import("@calctra/sdk/ton");
    const m = {
      version: 1,
      srcDomain: TON,
      dstDomain: HOME,
      nonce: 3n,
      sender: `0x${"ab".repeat(32)}`,
      recipient: `0x${"00".repeat(12)}${"cd".repeat(20)}`,
      amount: 7n * CAL,
    } as const;
    const ok = deriveTonMessage(3n, encodeBridgeMessage(m));
    assert.ok(!("rejected" in ok) && !isGovernanceMessage(ok.message));
    assert.equal(ok.message.amount, 7n * CAL);
    assert.ok("rejected" in deriveTonMessage(4n, encodeBridgeMessage(m)));
    assert.ok("rejected" in deriveTonMessage(3n, encodeBridgeMessage({ ...m, srcDomain: HOME })));
    assert.ok("rejected" in deriveTonMessage(3n, encodeBridgeMessage(m).slice(0, 88)));
    assert.ok("rejected" in deriveTonMessage(3n, encodeBridgeMessage({ ...m, version: 2 })));
  });

  it("re-derives a version-2 governance message (a tally) and rejects one whose bytes are not canonical or whose nonce differs", async () => {
    const { encodeGovernanceMessage, governanceMessageId } = await import("@calctra/core");
    const { deriveTonMessage } = await import("@calctra/sdk/ton");
    const tally = {
      version: 2,
      srcDomain: TON,
      dstDomain: HOME,
      nonce: 5n,
      sender: `0x${"ab".repeat(32)}`,
      recipient: `0x${"00".repeat(12)}${"cd".repeat(20)}`,
      payload: { kind: "VoteTally", proposalId: 9n, againstVotes: 1n, forVotes: 2n, abstainVotes: 3n },
    } as const;
    const bytes = encodeGovernanceMessage(tally);
    const ok = deriveTonMessage(5n, bytes);
    assert.ok(!("rejected" in ok) && isGovernanceMessage(ok.message));
    assert.equal(ok.messageId, `0x${Buffer.from(governanceMessageId(tally)).toString("hex")}`);
    assert.deepEqual(ok.message.payload, tally.payload);
    assert.ok("rejected" in deriveTonMessage(6n, bytes));
    assert.ok("rejected" in deriveTonMessage(5n, Uint8Array.from([...bytes, 0])));
  });
});
