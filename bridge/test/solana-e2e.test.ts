import assert from "node:assert/strict";
import { Keypair } from "@solana/web3.js";
import { toHex, type Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { validatorKeys } from "../../contracts-evm/test/bridge/helpers.js";
import {
  CAL,
  DOMAINS,
  bridgeDigest,
  bridgeMessageId,
  decodeBridgeMessage,
  encodeBridgeMessage,
  universalFromEvm,
  type BridgeMessage,
  isGovernanceMessage,
} from "@calctra/core";
import { solanaUniversalAddress } from "@calctra/sdk/solana";
import type { SignedMessage } from "@calctra/sdk/bridge";
import { buildSolanaHostIfMissing } from "@calctra/devnet/solana-host";
import { startLocalBridge, type LocalSolanaBridge } from "@calctra/devnet/bridge-world";

const HOME = DOMAINS.localEvmHome;
const SOLANA = DOMAINS.solana;
type SolanaWorld = LocalSolanaBridge;

/** DESIGN §3: locked on home == minted on Solana by the bridge + in flight (both ways). */
async function assertInvariant(w: SolanaWorld, expect: { locked: bigint; minted: bigint; inFlight: bigint }) {
  const { holds, ...s } = await w.supply();
  assert.equal(holds, true);
  assert.equal(s.locked, s.minted + s.inFlight, `locked ${s.locked} != minted ${s.minted} + in flight ${s.inFlight}`);
  assert.deepEqual(s, expect);
}

const ascending = <T extends { signer: Hex }>(xs: T[]) => xs.sort((a, b) => (BigInt(a.signer) < BigInt(b.signer) ? -1 : 1));

/** Signatures of `m` for delivery to the Solana bridge by `keys`, ascending by signer. */
async function signForSolana(w: SolanaWorld, m: BridgeMessage, keys: readonly Hex[]): Promise<SignedMessage> {
  const messageId = toHex(bridgeMessageId(m));
  const digest = toHex(bridgeDigest({ dstDomain: SOLANA, dstBridge: w.solana.universal, messageId: bridgeMessageId(m) }));
  const signatures = ascending(
    await Promise.all(
      keys.map(async (k) => {
        const a = privateKeyToAccount(k);
        return { signer: a.address.toLowerCase() as Hex, signature: await a.sign({ hash: digest }) };
      }),
    ),
  );
  return { messageId, encoded: toHex(encodeBridgeMessage(m)), message: m, signatures };
}

/** A validator's record of `id` as a deliverable message with the first `n` signatures, ascending. */
function fromValidators(w: SolanaWorld, id: Hex, n: number): SignedMessage {
  const recs = w.validators.map((v) => v.signature(id)).filter((r) => r !== undefined);
  assert.equal(recs.length, 3, "every validator signed");
  const signatures = ascending(recs.map((r) => ({ signer: r.signer.toLowerCase() as Hex, signature: r.signature }))).slice(0, n);
  return {
    messageId: id,
    encoded: recs[0]!.encoded,
    message: decodeBridgeMessage(Buffer.from(recs[0]!.encoded.slice(2), "hex")),
    signatures,
  };
}

describe("Solana bridge with validators and a relayer (one in-process Solana host, one EVM home)", () => {
  let w: SolanaWorld;
  before(async function () {
    this.timeout(45 * 60_000); // a fresh clone builds the Solana host addon first
    buildSolanaHostIfMissing();
    w = await startLocalBridge({ remote: "solana", admin: "deployer", userFunds: 1_000_000n * CAL });
  });
  after(async () => {
    await w?.close();
  });

  describe("Bridge end to end: EVM home 31337 <-> Solana (calctra_bridge on the in-process Solana host)", () => {
    it("reads the Solana bridge's validator set from its config account as the 3 dev validators, 2-of-3, no previous set", async () => {
      const set = await w.solana.destination().validatorSet();
      assert.deepEqual(
        set.validators,
        w.validators.map((v) => v.address.toLowerCase()).sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1)),
      );
      assert.equal(set.threshold, 2);
      assert.equal(set.previous, undefined);
      assert.equal(await w.solana.source().scan(1n), null, "no outbound message on Solana yet");
    });

    it("locks on home, mints on Solana into the recipient's new token account, burns back through the Solana bridge and releases on home, keeping the supply invariant; a replay on Solana is refused", async () => {
      const { relayer } = await w.startRelayer();
      await assertInvariant(w, { locked: 0n, minted: 0n, inFlight: 0n });
      const homeBefore = await w.home.tokenContract.read.balanceOf([w.home.user.account.address]);

      // EVM home → Solana: the recipient is the Solana wallet; its CAL token account does not exist yet
      const id1 = await w.sendHome(100n * CAL);
      await assertInvariant(w, { locked: 100n * CAL, minted: 0n, inFlight: 100n * CAL });
      await w.sign();
      assert.equal(w.validators[0]!.signature(id1), undefined, "not signed before the confirmation depth");
      await w.confirm();
      await w.sign();
      for (const v of w.validators) assert.notEqual(v.signature(id1), undefined);
      await relayer.pollOnce();
      assert.equal(await relayer.status(id1), "delivered");
      assert.equal(await w.solana.destination().isDelivered(id1), true);
      assert.equal(await w.solana.balanceOf(w.solana.user.publicKey), 100n * CAL);
      await assertInvariant(w, { locked: 100n * CAL, minted: 100n * CAL, inFlight: 0n });

      // Solana → EVM home: burn + OutboundMessage nonce 1, re-derived by the Solana source
      const {
        message: { nonce },
      } = await w.solana.send(HOME, 30n * CAL, universalFromEvm(w.home.user.account.address));
      assert.equal(nonce, 1n);
      assert.equal(await w.solana.balanceOf(w.solana.user.publicKey), 70n * CAL);
      await assertInvariant(w, { locked: 100n * CAL, minted: 70n * CAL, inFlight: 30n * CAL });
      const scan = await w.solana.source().scan(1n);
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
        { src: SOLANA, dst: HOME, nonce: 1n, amount: 30n * CAL, sender: solanaUniversalAddress(w.solana.user.publicKey) },
      );
      assert.equal(BigInt(out.message.recipient), BigInt(w.home.user.account.address));
      assert.equal(await w.solana.source().scan(2n), null, "nothing after the last nonce");
      const id2 = out.messageId;
      await w.sign();
      for (const v of w.validators) assert.notEqual(v.signature(id2), undefined);
      await relayer.pollOnce();
      assert.equal(await relayer.status(id2), "delivered");
      assert.equal(await w.home.tokenContract.read.balanceOf([w.home.user.account.address]), homeBefore - 100n * CAL + 30n * CAL);
      await assertInvariant(w, { locked: 70n * CAL, minted: 70n * CAL, inFlight: 0n });

      // replay of the first message on Solana with the validators' signatures: refused by the program
      await assert.rejects(w.solana.destination().deliver([fromValidators(w, id1, 2)]), (e: Error) => {
        assert.match(e.message, /^BridgeMessageAlreadyDelivered\(/);
        assert.equal((e as Error & { errorName?: string }).errorName, "BridgeMessageAlreadyDelivered");
        return true;
      });
      assert.equal(await w.solana.balanceOf(w.solana.user.publicKey), 70n * CAL);
      await assertInvariant(w, { locked: 70n * CAL, minted: 70n * CAL, inFlight: 0n });
    });

    it("delivers several messages to different Solana wallets in one transaction when they fit", async () => {
      const others = [Keypair.generate(), Keypair.generate()];
      const ids = [
        await w.sendHome(3n * CAL, solanaUniversalAddress(others[0]!.publicKey)),
        await w.sendHome(4n * CAL, solanaUniversalAddress(others[1]!.publicKey)),
      ];
      await w.confirm();
      await w.sign();
      const dst = w.solana.destination();
      const result = await dst.deliver(ids.map((id) => fromValidators(w, id, 2)));
      assert.deepEqual(result.delivered, ids);
      assert.equal(dst.lastDelivery?.messages.length, 2, "both receive_message instructions in one transaction");
      assert.equal(dst.lastDelivery?.signature, result.transactionId);
      assert.equal(await w.solana.balanceOf(others[0]!.publicKey), 3n * CAL);
      assert.equal(await w.solana.balanceOf(others[1]!.publicKey), 4n * CAL);
      await assertInvariant(w, { locked: 77n * CAL, minted: 77n * CAL, inFlight: 0n });
    });

    it("the Solana source counts a message only at the required slot depth", async () => {
      await w.solana.send(HOME, 1n * CAL, universalFromEvm(w.home.user.account.address));
      const deep = w.solana.source({ confirmations: 2 });
      assert.equal(await deep.scan(2n), null, "first seen: not deep enough");
      await w.solana.host.airdrop(Keypair.generate().publicKey, 1_000_000n);
      await w.solana.host.airdrop(Keypair.generate().publicKey, 1_000_000n);
      const scan = await deep.scan(2n);
      assert.ok(scan, "two slots later it counts");
      assert.equal(scan.messages[0]!.message.nonce, 2n);
      const { relayer } = await w.startRelayer();
      await w.sign();
      await relayer.pollOnce();
      assert.equal(await relayer.status(scan.messages[0]!.messageId), "delivered");
      await assertInvariant(w, { locked: 76n * CAL, minted: 76n * CAL, inFlight: 0n });
    });
  });

  describe("Solana destination faults: each refused with its canonical name, nothing minted", () => {
    const recipient = Keypair.generate();

    /** A message from home to `recipient` on Solana (never sent on home: a forgery unless validators sign it). */
    const forged = (nonce: bigint, over: Partial<BridgeMessage> = {}): BridgeMessage => ({
      version: 1,
      srcDomain: HOME,
      dstDomain: SOLANA,
      nonce,
      sender: universalFromEvm(w.home.user.account.address),
      recipient: solanaUniversalAddress(recipient.publicKey),
      amount: 9n * CAL,
      ...over,
    });

    async function refused(m: SignedMessage, name: string) {
      const before = await w.supply();
      const minted = await w.solana.bridged();
      const dst = w.solana.destination();
      await assert.rejects(dst.deliver([m]), (e: Error) => {
        assert.equal((e as Error & { errorName?: string }).errorName, name);
        assert.match(e.message, new RegExp(`^${name}\\(${m.messageId}`));
        return true;
      });
      assert.equal(await dst.isDelivered(m.messageId, m.message), false);
      assert.equal(await w.solana.bridged(), minted);
      assert.equal(await w.solana.balanceOf(recipient.publicKey), 0n);
      assert.deepEqual(await w.supply(), before);
    }

    it("one signature of a 2-of-3 set: BridgeBelowThreshold", async () => {
      await refused(await signForSolana(w, forged(100n), [validatorKeys[0]!]), "BridgeBelowThreshold");
    });

    it("a signer outside the set beside a validator: BridgeSignerNotInSet", async () => {
      const outsider = `0x${"5a".repeat(31)}01` as Hex;
      await refused(await signForSolana(w, forged(101n), [validatorKeys[0]!, outsider]), "BridgeSignerNotInSet");
    });

    it("a message addressed to another domain, signed by the validators for the Solana bridge: BridgeWrongDestination", async () => {
      await refused(await signForSolana(w, forged(102n, { dstDomain: 31338 }), validatorKeys.slice(0, 2)), "BridgeWrongDestination");
    });

    it("a paused bridge: EnforcedPause, then after the admin unpauses the relayer delivers it", async () => {
      const id = await w.sendHome(5n * CAL, solanaUniversalAddress(recipient.publicKey));
      await w.confirm();
      await w.sign();
      await w.solana.pause();
      await refused(fromValidators(w, id, 2), "EnforcedPause");
      const { relayer } = await w.startRelayer();
      await relayer.pollOnce();
      assert.match(String(await relayer.status(id)), /^failed: EnforcedPause\(/);
      await assertInvariant(w, { locked: 81n * CAL, minted: 76n * CAL, inFlight: 5n * CAL });
      await w.solana.unpause();
      await new Promise((r) => setTimeout(r, 10)); // past the relayer's retry backoff (≤ 4 ms)
      await relayer.pollOnce();
      assert.equal(await relayer.status(id), "delivered");
      assert.equal(await w.solana.balanceOf(recipient.publicKey), 5n * CAL);
      await assertInvariant(w, { locked: 81n * CAL, minted: 81n * CAL, inFlight: 0n });
    });
  });

  describe("Solana destination: validator set rotation", () => {
    it("after a rotation to a new set, the relayer delivers with the previous set while it is retained; afterwards the old signers are refused (BridgeSignerNotInSet)", async () => {
      const dst = w.solana.destination();
      const old = await dst.validatorSet();
      const next = [2, 3]
        .map((i) => privateKeyToAccount(`0x${"5a".repeat(31)}0${i}`).address.toLowerCase() as Hex)
        .sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
      await w.solana.program.methods
        .setValidatorSet(
          next.map((a) => Array.from(Buffer.from(a.slice(2), "hex"))),
          2,
        )
        .accountsStrict({ admin: w.solana.host.payer.publicKey, config: w.solana.pdas.config })
        .rpc();
      const rotated = await dst.validatorSet();
      assert.deepEqual(rotated.validators, next);
      assert.equal(rotated.threshold, 2);
      assert.deepEqual(rotated.previous, { validators: old.validators, threshold: 2 });

      // signed by the (unchanged) dev validators = the previous set on Solana, still retained
      const { relayer } = await w.startRelayer({ store: "rotation.sqlite" });
      const id1 = await w.sendHome(2n * CAL);
      await w.confirm();
      await w.sign();
      await relayer.pollOnce();
      assert.equal(await relayer.status(id1), "delivered");
      await assertInvariant(w, { locked: 83n * CAL, minted: 83n * CAL, inFlight: 0n });

      await w.solana.advanceTime(86_401n);
      assert.equal((await dst.validatorSet()).previous, undefined, "retention window (1 day) over");
      const id2 = await w.sendHome(3n * CAL);
      await w.confirm();
      await w.sign();
      await assert.rejects(
        dst.deliver([fromValidators(w, id2, 2)]),
        (e: Error) => (e as Error & { errorName?: string }).errorName === "BridgeSignerNotInSet",
      );
      await relayer.pollOnce();
      assert.notEqual(await relayer.status(id2), "delivered");
      assert.equal(await dst.isDelivered(id2), false);
      await assertInvariant(w, { locked: 86n * CAL, minted: 83n * CAL, inFlight: 3n * CAL });
    });
  });
});
