import { expect } from "chai";
import { Blockchain, type BlockchainSnapshot, internal } from "@ton/sandbox";
import { Address, beginCell, type Cell, toNano, type Transaction } from "@ton/core";
import "@ton/test-utils";
import { keccak_256 } from "@noble/hashes/sha3";
import { secp256k1 } from "@noble/curves/secp256k1";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { err, op, Errors } from "../wrappers/abi";
import { CONTRACTS_DIR } from "../wrappers/compile";
import { Bridge, bridgeMessageCell, bridgeSendPayload, signatureChain, TON_DOMAIN, tonUniversal } from "../wrappers/Bridge";
import {
  deployBridgeEnv,
  type BridgeEnv,
  fromHex,
  hex,
  evmAddressOf,
  signSorted,
  RETENTION,
  DEFAULT_LIMITS,
} from "../scripts/bridgeSandbox";
import { CAL, type Actor } from "../scripts/sandbox";
import { encodeBridgeMessage, bridgeMessageId } from "@calctra/core";
import type { BridgeMessage } from "@calctra/core";
import { transferWithPayload, setJettonBalance } from "./fixtures";
import { CalJettonWallet } from "../wrappers/CalJettonWallet";

const SECP_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

function bridgeTx(txs: Transaction[], bridge: Address, opName: string): Transaction {
  const t = txs.find(
    (x) =>
      x.inMessage?.info.dest instanceof Address &&
      x.inMessage.info.dest.equals(bridge) &&
      x.inMessage.body.beginParse().preloadUint(32) === op(opName),
  );
  if (!t) throw new Error(`no ${opName} transaction to the bridge`);
  return t;
}

describe("TON bridge (lock-and-mint spoke)", () => {
  let blockchain: Blockchain;
  let env: BridgeEnv;
  let base: BlockchainSnapshot;
  let user: Actor;
  let relayer: Actor;

  before(async () => {
    blockchain = await Blockchain.create();
    blockchain.now = 1_800_000_000;
    env = await deployBridgeEnv(blockchain);
    user = await blockchain.treasury("user");
    relayer = await blockchain.treasury("relayer");
    base = blockchain.snapshot();
  });
  beforeEach(async () => {
    await blockchain.loadFrom(base);
  });

  describe("shared vectors (test/vectors/bridge.json)", () => {
    it("computes messageId and the digest of every vector case on chain (get_digest with the vector dstBridge)", async () => {
      expect(env.vectors.cases.some((c) => c.message.dstDomain === TON_DOMAIN)).to.equal(true);
      for (const c of env.vectors.cases) {
        const msg = bridgeMessageCell(fromHex(c.encoded));
        expect(await env.bridge.getMessageId(msg)).to.equal(BigInt(c.messageId));
        expect(await env.bridge.getDigest(msg, BigInt(c.dstBridge))).to.equal(BigInt(c.digest));
      }
    });

    it("recovers every vector signature to its signer with TVM ECRECOVER and refuses its high-s twin", async () => {
      for (const c of env.vectors.cases) {
        for (const s of c.signatures) {
          const sig = fromHex(s.signature);
          expect(await env.bridge.getRecoverSigner(BigInt(c.digest), sig)).to.equal(BigInt(s.signer));
          // malleated twin (n - s, flipped v): same signer for a lax verifier, refused here
          const twin = Uint8Array.from(sig);
          const sHigh = SECP_N - BigInt(hex(sig.slice(32, 64)));
          twin.set(fromHex(sHigh.toString(16).padStart(64, "0")), 32);
          twin[64] = sig[64] === 27 ? 28 : 27;
          expect(await env.bridge.getRecoverSigner(BigInt(c.digest), twin)).to.equal(-1n);
        }
      }
    });

    it("delivers the TON-bound vector message re-signed by the dev validators for this bridge: mints the cap to 0:22..22", async () => {
      const v = env.vectors.cases.find((c) => c.message.dstDomain === TON_DOMAIN)!;
      const cap = 10n ** 18n;
      await env.bridge.sendRaw(
        env.deployer.getSender(),
        Bridge.setDomainBody(v.message.srcDomain, {
          enabled: true,
          inCapacity: cap,
          inRatePerSecond: cap,
          outCapacity: cap,
          outRatePerSecond: 1n,
        }),
      );
      // a raised capacity is not granted at once: the bucket refills at the new rate
      expect((await env.bridge.getDomain(v.message.srcDomain)).inboundAvailable).to.equal(DEFAULT_LIMITS.inCapacity);
      blockchain.now = blockchain.now! + 1;
      const msgCell = bridgeMessageCell(fromHex(v.encoded));
      const myDigest = await env.bridge.getMyDigest(msgCell);
      expect(myDigest).to.equal(await env.bridge.getDigest(msgCell, tonUniversal(env.bridge.address)));
      expect(myDigest).to.not.equal(BigInt(v.digest));
      const sigs = signSorted(fromHex(myDigest.toString(16).padStart(64, "0")), env.validatorKeys.slice(1));
      const res = await env.bridge.sendDeliver(relayer.getSender(), msgCell, signatureChain(sigs));
      expect(res.transactions).to.have.transaction({
        from: env.bridge.address,
        to: env.minter.address,
        op: op("MintNewJettons"),
        success: true,
      });
      const recipient = Address.parse(`0:${v.message.recipient.slice(2)}`);
      expect(await env.balanceOf(recipient)).to.equal(BigInt(v.message.amount));
      expect(await env.minter.getTotalSupply()).to.equal(cap);
      expect(await env.bridge.getIsDelivered(BigInt(v.messageId))).to.equal(true);
    });

    it("the dev validator addresses of the vectors are the keccak addresses of their keys", () => {
      for (const v of env.vectors.validators) expect(evmAddressOf(v.privateKey)).to.equal(BigInt(v.address));
    });
  });

  describe("inbound (mint)", () => {
    it("delivers a 2-of-3 signed message relayed by anyone and mints the amount to the recipient", async () => {
      const m = env.inbound(user.address, 25n * CAL);
      const tonBefore = (await blockchain.getContract(env.bridge.address)).balance;
      const res = await env.deliver(m, env.sign(m), relayer);
      expect((await blockchain.getContract(env.bridge.address)).balance).to.equal(tonBefore); // the relayer pays
      const tx = bridgeTx(res.transactions, env.bridge.address, "BridgeDeliver");
      expect(
        tx.description.type === "generic" && tx.description.computePhase.type === "vm" && tx.description.computePhase.success,
      ).to.equal(true);
      expect(res.transactions).to.have.transaction({
        from: env.bridge.address,
        to: env.minter.address,
        op: op("MintNewJettons"),
        success: true,
      });
      expect(res.transactions).to.have.transaction({ to: relayer.address, op: op("ReturnExcessesBack") });
      expect(await env.balanceOf(user.address)).to.equal(25n * CAL);
      expect(await env.minter.getTotalSupply()).to.equal(25n * CAL);
      expect(await env.bridge.getIsDelivered(BigInt(hex(bridgeMessageId(m))))).to.equal(true);
      const d = await env.bridge.getDomain(m.srcDomain);
      expect(d.inboundAvailable).to.equal(DEFAULT_LIMITS.inCapacity - 25n * CAL);
    });

    it("refuses a malformed message: not 89 bytes, wrong version, zero amount, zero recipient, unknown source domain", async () => {
      const m = env.inbound(user.address, CAL);
      const short = beginCell()
        .storeBuffer(Buffer.from(encodeBridgeMessage(m).slice(0, 88)))
        .endCell();
      const r1 = await env.bridge.sendDeliver(relayer.getSender(), short, signatureChain(env.sign(m)));
      expect(r1.transactions).to.have.transaction({ to: env.bridge.address, exitCode: err("BridgeInvalidMessage") });
      const cases: [Partial<BridgeMessage>, string][] = [
        [{ version: 2 }, "BridgeInvalidMessage"],
        [{ amount: 0n }, "BridgeZeroAmount"],
        [{ recipient: `0x${"00".repeat(32)}` }, "BridgeInvalidMessage"],
        [{ srcDomain: 424242 }, "BridgeUnknownDomain"],
      ];
      for (const [over, name] of cases) {
        const bad = env.inbound(user.address, CAL, over);
        const r = await env.deliver(bad, env.sign(bad), relayer);
        expect(r.transactions).to.have.transaction({ to: env.bridge.address, success: false, exitCode: err(name) });
      }
      expect(await env.minter.getTotalSupply()).to.equal(0n);
    });

    it("a delivery with too little TON for the mint chain is refused with NotEnoughTon", async () => {
      const m = env.inbound(user.address, CAL);
      const r = await env.deliver(m, env.sign(m), relayer, toNano("0.05"));
      expect(r.transactions).to.have.transaction({ to: env.bridge.address, exitCode: err("NotEnoughTon") });
      expect(await env.bridge.getIsDelivered(BigInt(hex(bridgeMessageId(m))))).to.equal(false);
    });
  });

  describe("exploit classes (one named test each)", () => {
    async function expectNoMint(m: BridgeMessage) {
      expect(await env.minter.getTotalSupply()).to.equal(0n);
      expect(await env.bridge.getIsDelivered(BigInt(hex(bridgeMessageId(m))))).to.equal(false);
    }

    it("forged signature: malformed, high-s, bad v and signatures over other data are refused", async () => {
      const m = env.inbound(user.address, 7n * CAL);
      const [a, b] = env.sign(m);
      const variants: Uint8Array[] = [];
      const badV = Uint8Array.from(b!);
      badV[64] = 29;
      variants.push(badV);
      const zeroR = Uint8Array.from(b!);
      zeroR.fill(0, 0, 32);
      variants.push(zeroR);
      const highS = Uint8Array.from(b!);
      highS.set(fromHex((SECP_N - BigInt(hex(b!.slice(32, 64)))).toString(16).padStart(64, "0")), 32);
      highS[64] = b![64] === 27 ? 28 : 27;
      variants.push(highS);
      const rOverflow = Uint8Array.from(b!);
      rOverflow.set(fromHex(SECP_N.toString(16)), 0);
      variants.push(rOverflow);
      for (const v of variants) {
        const r = await env.deliver(m, [a!, v], relayer);
        expect(r.transactions).to.have.transaction({ to: env.bridge.address, success: false, exitCode: err("BridgeInvalidSignature") });
      }
      // well-formed signatures by the validators, but over another message: they recover to other addresses
      const other = env.inbound(user.address, 8n * CAL);
      const r2 = await env.deliver(m, env.sign(other), relayer);
      const tx = bridgeTx(r2.transactions, env.bridge.address, "BridgeDeliver");
      const code =
        tx.description.type === "generic" && tx.description.computePhase.type === "vm" ? tx.description.computePhase.exitCode : -1;
      expect([err("BridgeSignerNotInSet"), err("BridgeSignersNotAscending")]).to.include(code);
      // a flipped bit in the message after signing
      const tampered = { ...m, amount: m.amount + 1n };
      const r3 = await env.deliver(tampered, env.sign(m), relayer);
      const tx3 = bridgeTx(r3.transactions, env.bridge.address, "BridgeDeliver");
      const code3 =
        tx3.description.type === "generic" && tx3.description.computePhase.type === "vm" ? tx3.description.computePhase.exitCode : -1;
      expect([err("BridgeSignerNotInSet"), err("BridgeSignersNotAscending")]).to.include(code3);
      await expectNoMint(m);
    });

    it("duplicate signer: the same validator twice (same or a second valid signature) is refused", async () => {
      const m = env.inbound(user.address, 7n * CAL);
      const [a] = env.sign(m, [env.validatorKeys[0]!]);
      const r1 = await env.deliver(m, [a!, a!], relayer);
      expect(r1.transactions).to.have.transaction({ to: env.bridge.address, exitCode: err("BridgeSignersNotAscending") });
      const digest = fromHex((await env.bridge.getMyDigest(bridgeMessageCell(encodeBridgeMessage(m)))).toString(16).padStart(64, "0"));
      const sig2 = secp256k1.sign(digest, fromHex(env.validatorKeys[0]!), { lowS: true, extraEntropy: true });
      const second = new Uint8Array(65);
      second.set(sig2.toCompactRawBytes(), 0);
      second[64] = 27 + sig2.recovery;
      expect(hex(second)).to.not.equal(hex(a!));
      const r2 = await env.deliver(m, [a!, second], relayer);
      expect(r2.transactions).to.have.transaction({ to: env.bridge.address, exitCode: err("BridgeSignersNotAscending") });
      await expectNoMint(m);
    });

    it("signer outside the set: a valid signature by a non-validator is refused even next to a quorum", async () => {
      const m = env.inbound(user.address, 7n * CAL);
      const outsider = hex(secp256k1.utils.randomPrivateKey());
      const r1 = await env.deliver(m, env.sign(m, [env.validatorKeys[0]!, outsider]), relayer);
      expect(r1.transactions).to.have.transaction({ to: env.bridge.address, exitCode: err("BridgeSignerNotInSet") });
      const r2 = await env.deliver(m, env.sign(m, [...env.validatorKeys, outsider]), relayer);
      expect(r2.transactions).to.have.transaction({ to: env.bridge.address, exitCode: err("BridgeSignerNotInSet") });
      await expectNoMint(m);
    });

    it("below threshold: one signature of a 2-of-3 set, or none, is refused", async () => {
      const m = env.inbound(user.address, 7n * CAL);
      const r1 = await env.deliver(m, env.sign(m, [env.validatorKeys[2]!]), relayer);
      expect(r1.transactions).to.have.transaction({ to: env.bridge.address, exitCode: err("BridgeBelowThreshold") });
      const r2 = await env.deliver(m, [], relayer);
      expect(r2.transactions).to.have.transaction({ to: env.bridge.address, exitCode: err("BridgeBelowThreshold") });
      await expectNoMint(m);
      // all three also works (more than the threshold)
      const r3 = await env.deliver(m, env.sign(m, env.validatorKeys), relayer);
      expect(r3.transactions).to.have.transaction({ from: env.bridge.address, to: env.minter.address, success: true });
      expect(await env.balanceOf(user.address)).to.equal(7n * CAL);
    });

    it("wrong destination: another dstDomain, or signatures for another bridge address, are refused", async () => {
      const m = env.inbound(user.address, 7n * CAL, { dstDomain: env.vectors.domains.solana! });
      const r1 = await env.deliver(m, env.sign(m), relayer);
      expect(r1.transactions).to.have.transaction({ to: env.bridge.address, exitCode: err("BridgeWrongDestination") });
      // the vector's TON case is signed for dstBridge 0x11..11, not for this bridge
      const v = env.vectors.cases.find((c) => c.message.dstDomain === TON_DOMAIN)!;
      const m2 = env.inbound(user.address, 7n * CAL);
      const r2 = await env.deliver(m2, env.sign(m2, env.validatorKeys.slice(0, 2), BigInt(v.dstBridge)), relayer);
      const tx = bridgeTx(r2.transactions, env.bridge.address, "BridgeDeliver");
      const code =
        tx.description.type === "generic" && tx.description.computePhase.type === "vm" ? tx.description.computePhase.exitCode : -1;
      expect([err("BridgeSignerNotInSet"), err("BridgeSignersNotAscending")]).to.include(code);
      const r3 = await env.bridge.sendDeliver(
        relayer.getSender(),
        bridgeMessageCell(fromHex(v.encoded)),
        signatureChain(v.signatures.map((s) => fromHex(s.signature))),
      );
      expect(r3.transactions).to.have.transaction({ to: env.bridge.address, success: false });
      await expectNoMint(m2);
    });

    it("replayed message: a delivered messageId is refused the second time, even with other signatures", async () => {
      const m = env.inbound(user.address, 7n * CAL);
      await env.deliver(m, env.sign(m), relayer);
      const r = await env.deliver(m, env.sign(m, env.validatorKeys.slice(1)), relayer);
      expect(r.transactions).to.have.transaction({ to: env.bridge.address, exitCode: err("BridgeMessageAlreadyDelivered") });
      expect(await env.minter.getTotalSupply()).to.equal(7n * CAL);
    });

    it("replay by (srcDomain, nonce): another message with a delivered nonce is refused; sparse nonces of a source each deliver once", async () => {
      const m = env.inbound(user.address, 7n * CAL);
      await env.deliver(m, env.sign(m), relayer);
      expect(await env.bridge.getIsNonceDelivered(m.srcDomain, m.nonce)).to.equal(true);
      // same source and nonce, other content (a different messageId): refused
      const twin = { ...m, amount: 8n * CAL };
      const r = await env.deliver(twin, env.sign(twin), relayer);
      expect(r.transactions).to.have.transaction({ to: env.bridge.address, exitCode: err("BridgeMessageAlreadyDelivered") });
      // the same nonce from another source is another message
      const other = { ...m, srcDomain: env.vectors.domains.solana! };
      const r2 = await env.deliver(other, env.sign(other), relayer);
      expect(r2.transactions).to.have.transaction({ from: env.bridge.address, to: env.minter.address, success: true });
      // a source's nonces are shared by all its destinations: TON sees a sparse subset, in any order
      for (const nonce of [2n ** 64n - 1n, 1000n, 256n, 255n]) {
        const x = env.inbound(user.address, CAL, { nonce });
        expect(await env.bridge.getIsNonceDelivered(x.srcDomain, nonce)).to.equal(false);
        const rx = await env.deliver(x, env.sign(x), relayer);
        expect(rx.transactions).to.have.transaction({ from: env.bridge.address, to: env.minter.address, success: true });
        expect(await env.bridge.getIsNonceDelivered(x.srcDomain, nonce)).to.equal(true);
        const again = await env.deliver(x, env.sign(x), relayer);
        expect(again.transactions).to.have.transaction({ to: env.bridge.address, exitCode: err("BridgeMessageAlreadyDelivered") });
      }
      expect(await env.bridge.getIsNonceDelivered(m.srcDomain, 257n)).to.equal(false);
      const zero = env.inbound(user.address, CAL, { nonce: 0n });
      const rz = await env.deliver(zero, env.sign(zero), relayer);
      expect(rz.transactions).to.have.transaction({ to: env.bridge.address, exitCode: err("BridgeInvalidMessage") });
      expect(await env.balanceOf(user.address)).to.equal(18n * CAL);
    });

    it("rotated-out set: the previous set signs during its retention window only; the set hash is recorded", async () => {
      const newKeys = [1, 2, 3].map((i) => hex(keccak_256(new TextEncoder().encode(`calctra-ton-bridge-rotation-${i}`))));
      const newAddrs = newKeys.map(evmAddressOf).sort((x, y) => (x < y ? -1 : 1));
      const addrHex = newAddrs.map((a) => `0x${a.toString(16).padStart(40, "0")}`);
      const oldHash = (await env.bridge.getValidatorSets()).setHash;
      const rot = await env.bridge.sendRaw(env.deployer.getSender(), Bridge.setValidatorsBody(addrHex, 2, RETENTION));
      expect(rot.transactions).to.have.transaction({ to: env.bridge.address, success: true });
      const sets = await env.bridge.getValidatorSets();
      expect(sets.setHash).to.equal(BigInt(hex(keccak_256(Buffer.concat(addrHex.map((a) => Buffer.from(a.slice(2), "hex")))))));
      expect(sets.previousSetHash).to.equal(oldHash);
      expect(sets.previousValidUntil).to.equal(blockchain.now! + RETENTION);

      const m1 = env.inbound(user.address, 1n * CAL);
      const r1 = await env.deliver(m1, env.sign(m1), relayer); // old set, within retention
      expect(r1.transactions).to.have.transaction({ from: env.bridge.address, to: env.minter.address, success: true });
      const m2 = env.inbound(user.address, 2n * CAL);
      const r2 = await env.deliver(m2, env.sign(m2, newKeys.slice(0, 2)), relayer); // new set
      expect(r2.transactions).to.have.transaction({ from: env.bridge.address, to: env.minter.address, success: true });

      // one signer of each set: sets are never mixed
      const mixed = env.inbound(user.address, 1n * CAL);
      const rMixed = await env.deliver(mixed, env.sign(mixed, [env.validatorKeys[0]!, newKeys[0]!]), relayer);
      expect(rMixed.transactions).to.have.transaction({ to: env.bridge.address, exitCode: err("BridgeSignerNotInSet") });

      blockchain.now = blockchain.now! + RETENTION + 1;
      const m3 = env.inbound(user.address, 4n * CAL);
      const r3 = await env.deliver(m3, env.sign(m3), relayer); // old set, after retention
      expect(r3.transactions).to.have.transaction({ to: env.bridge.address, exitCode: err("BridgeSignerNotInSet") });
      const r4 = await env.deliver(m3, env.sign(m3, newKeys.slice(1)), relayer);
      expect(r4.transactions).to.have.transaction({ from: env.bridge.address, to: env.minter.address, success: true });
      expect(await env.balanceOf(user.address)).to.equal(7n * CAL);

      // an emergency rotation with no retention revokes the outgoing set at once
      await env.bridge.sendRaw(
        env.deployer.getSender(),
        Bridge.setValidatorsBody(
          env.vectors.validators.map((v) => v.address),
          2,
          0,
        ),
      );
      const m5 = env.inbound(user.address, CAL);
      const r5 = await env.deliver(m5, env.sign(m5, newKeys.slice(0, 2)), relayer);
      expect(r5.transactions).to.have.transaction({ to: env.bridge.address, exitCode: err("BridgeSignerNotInSet") });
    });

    it("mixed validator sets: a quorum of one set plus a signer of the other set is refused (one set signs a message)", async () => {
      const newKeys = [1, 2, 3].map((i) => hex(keccak_256(new TextEncoder().encode(`calctra-ton-bridge-mix-${i}`))));
      const newAddrs = newKeys.map(evmAddressOf).sort((x, y) => (x < y ? -1 : 1));
      const addrHex = newAddrs.map((a) => `0x${a.toString(16).padStart(40, "0")}`);
      await env.bridge.sendRaw(env.deployer.getSender(), Bridge.setValidatorsBody(addrHex, 2, RETENTION));
      const m = env.inbound(user.address, 3n * CAL);
      // the whole previous set (3 of 2-of-3) plus one current signer, and the whole current set plus one previous signer
      const r1 = await env.deliver(m, env.sign(m, [...env.validatorKeys, newKeys[0]!]), relayer);
      expect(r1.transactions).to.have.transaction({ to: env.bridge.address, exitCode: err("BridgeSignerNotInSet") });
      const r2 = await env.deliver(m, env.sign(m, [...newKeys, env.validatorKeys[1]!]), relayer);
      expect(r2.transactions).to.have.transaction({ to: env.bridge.address, exitCode: err("BridgeSignerNotInSet") });
      await expectNoMint(m);
      // each set alone delivers while the previous one is retained
      const r3 = await env.deliver(m, env.sign(m, env.validatorKeys.slice(0, 2)), relayer);
      expect(r3.transactions).to.have.transaction({ from: env.bridge.address, to: env.minter.address, success: true });
    });

    it("validator set without a majority threshold: threshold * 2 > size is required (BridgeInvalidValidatorSet)", async () => {
      const addrs = env.vectors.validators.map((v) => v.address);
      for (const body of [
        Bridge.setValidatorsBody(addrs, 1, 0),
        Bridge.setValidatorsBody(addrs, 4, 0),
        Bridge.setValidatorsBody(addrs.slice(0, 2), 1, 0),
        Bridge.setValidatorsBody([addrs[1]!, addrs[0]!], 2, 0),
        Bridge.setThresholdBody(1),
        Bridge.setThresholdBody(4),
      ]) {
        const r = await env.bridge.sendRaw(env.deployer.getSender(), body);
        expect(r.transactions).to.have.transaction({ to: env.bridge.address, exitCode: err("BridgeInvalidValidatorSet") });
      }
      const ok = await env.bridge.sendRaw(env.deployer.getSender(), Bridge.setValidatorsBody(addrs.slice(0, 2), 2, 0));
      expect(ok.transactions).to.have.transaction({ to: env.bridge.address, success: true });
      expect((await env.bridge.getValidatorSets()).size).to.equal(2);
    });

    it("recipient not deliverable on its domain: a send toward an EVM domain with a non-20-byte recipient is refunded (recipients vectors)", async () => {
      const gov = JSON.parse(readFileSync(join(CONTRACTS_DIR, "..", "..", "test", "vectors", "governance.json"), "utf-8")) as {
        recipients: { dstDomain: number; recipient: string; deliverable: boolean; error: string }[];
      };
      const m0 = env.inbound(user.address, 100n * CAL);
      await env.deliver(m0, env.sign(m0), relayer);
      for (const d of new Set(gov.recipients.map((r) => r.dstDomain))) {
        if (d !== TON_DOMAIN) await env.bridge.sendRaw(env.deployer.getSender(), Bridge.setDomainBody(d, DEFAULT_LIMITS));
      }
      let nonce = 0n;
      for (const v of gov.recipients) {
        const before = await env.balanceOf(user.address);
        const r = await transferWithPayload(
          env,
          user,
          env.bridge.address,
          CAL,
          bridgeSendPayload(v.dstDomain, BigInt(v.recipient)),
          toNano("0.15"),
        );
        if (v.dstDomain === TON_DOMAIN) {
          // deliverable as an address, but TON is never a remote domain of the TON bridge
          expect(r.transactions).to.have.transaction({ to: env.bridge.address, exitCode: err("BridgeUnknownDomain") });
          expect(await env.balanceOf(user.address)).to.equal(before);
        } else if (v.deliverable) {
          nonce += 1n;
          expect(r.transactions).to.have.transaction({ to: env.bridge.address, success: true });
          expect(await env.balanceOf(user.address)).to.equal(before - CAL);
          const out = await env.bridge.getOutboundMessage(nonce);
          expect(BigInt(hex(out!.subarray(49, 81)))).to.equal(BigInt(v.recipient));
        } else {
          expect(r.transactions).to.have.transaction({ to: env.bridge.address, exitCode: err(v.error) });
          expect(await env.balanceOf(user.address)).to.equal(before);
        }
      }
      expect((await env.bridge.getBridgeData()).outboundNonce).to.equal(nonce);
      expect(nonce).to.equal(2n);
    });

    it("uninitialized or zero state: no domain, no validator set, no jetton wallet, not yet minter admin", async () => {
      const bc = await Blockchain.create();
      bc.now = 1_800_000_000;
      const fresh = await deployBridgeEnv(bc, { configure: false, handOverMinter: false });
      const alice = await bc.treasury("alice");
      const m = fresh.inbound(alice.address, 3n * CAL);
      const r1 = await fresh.deliver(m, [], alice);
      expect(r1.transactions).to.have.transaction({ to: fresh.bridge.address, exitCode: err("BridgeUnknownDomain") });
      await fresh.bridge.sendRaw(fresh.deployer.getSender(), Bridge.setDomainBody(m.srcDomain, DEFAULT_LIMITS));
      const r2 = await fresh.deliver(m, [], alice); // threshold 0 must not pass
      expect(r2.transactions).to.have.transaction({ to: fresh.bridge.address, exitCode: err("BridgeBelowThreshold") });
      const r3 = await fresh.deliver(m, fresh.sign(m), alice);
      expect(r3.transactions).to.have.transaction({ to: fresh.bridge.address, exitCode: err("BridgeBelowThreshold") });
      // a zero threshold, an empty or unsorted set cannot be installed
      const addrs = fresh.vectors.validators.map((v) => v.address);
      for (const body of [
        Bridge.setValidatorsBody(addrs, 0, 0),
        Bridge.setValidatorsBody(addrs, 1, 0),
        Bridge.setValidatorsBody([addrs[1]!, addrs[0]!, addrs[2]!], 2, 0),
      ]) {
        const r = await fresh.bridge.sendRaw(fresh.deployer.getSender(), body);
        expect(r.transactions).to.have.transaction({ to: fresh.bridge.address, exitCode: err("BridgeInvalidValidatorSet") });
      }
      const longRetention = await fresh.bridge.sendRaw(fresh.deployer.getSender(), Bridge.setValidatorsBody(addrs, 2, 31 * 86400));
      expect(longRetention.transactions).to.have.transaction({ to: fresh.bridge.address, exitCode: err("BridgeParameterOutOfBounds") });
      const setRes = await fresh.bridge.sendRaw(fresh.deployer.getSender(), Bridge.setValidatorsBody(addrs, 2, 0));
      expect(setRes.transactions).to.have.transaction({ to: fresh.bridge.address, success: true });
      expect((await fresh.bridge.getValidatorSets()).previousSetHash).to.equal(0n);
      // the bridge is not the minter admin yet: the mint bounces, the message stays delivered (replay protection
      // is never undone) and the mint is filed as failed; anyone re-sends it once the bridge is the minter admin
      const r4 = await fresh.deliver(m, fresh.sign(m), alice);
      expect(r4.transactions).to.have.transaction({
        from: fresh.bridge.address,
        to: fresh.minter.address,
        success: false,
        exitCode: err("JettonNotAdmin"),
      });
      expect(await fresh.bridge.getIsDelivered(BigInt(hex(bridgeMessageId(m))))).to.equal(true);
      expect(await fresh.bridge.getIsNonceDelivered(m.srcDomain, m.nonce)).to.equal(true);
      const failed = await fresh.bridge.getFailedMint(0n);
      expect(failed).to.deep.include({ srcDomain: m.srcDomain, nonce: m.nonce, amount: m.amount });
      const replay = await fresh.deliver(m, fresh.sign(m), alice);
      expect(replay.transactions).to.have.transaction({ to: fresh.bridge.address, exitCode: err("BridgeMessageAlreadyDelivered") });
      const early = await fresh.bridge.sendRaw(alice.getSender(), Bridge.retryMintBody(0n), toNano("0.2"));
      expect(early.transactions).to.have.transaction({
        from: fresh.bridge.address,
        to: fresh.minter.address,
        exitCode: err("JettonNotAdmin"),
      });
      expect(await fresh.bridge.getFailedMint(0n)).to.equal(null);
      expect(await fresh.bridge.getFailedMint(1n)).to.deep.include({ nonce: m.nonce, amount: m.amount });
      await fresh.minter.sendChangeAdmin(fresh.deployer.getSender(), fresh.bridge.address);
      await fresh.bridge.sendRaw(alice.getSender(), Bridge.simpleBody("BridgeAcceptMinterAdmin"));
      expect((await fresh.minter.getJettonData()).admin?.equals(fresh.bridge.address)).to.equal(true);
      const none = await fresh.bridge.sendRaw(alice.getSender(), Bridge.retryMintBody(0n), toNano("0.2"));
      expect(none.transactions).to.have.transaction({ to: fresh.bridge.address, exitCode: err("NothingToClaim") });
      await fresh.bridge.sendRaw(alice.getSender(), Bridge.retryMintBody(1n), toNano("0.2"));
      expect(await fresh.balanceOf(alice.address)).to.equal(3n * CAL);
      expect(await fresh.bridge.getFailedMint(1n)).to.equal(null);
      // no jetton wallet known yet: an outbound transfer is handed back
      const rOut = await transferWithPayload(fresh, alice, fresh.bridge.address, CAL, bridgeSendPayload(m.srcDomain, 1n), toNano("0.15"));
      expect(rOut.transactions).to.have.transaction({ to: fresh.bridge.address, exitCode: err("BridgeWrongJetton") });
      expect(await fresh.balanceOf(alice.address)).to.equal(3n * CAL);
      // a forged take_wallet_address is ignored; the minter's answer (TEP-89) sets the wallet once
      const forged = await fresh.bridge.sendRaw(
        alice.getSender(),
        beginCell().storeUint(op("ResponseWalletAddress"), 32).storeUint(0, 64).storeAddress(alice.address).storeMaybeRef(null).endCell(),
      );
      expect(forged.transactions).to.have.transaction({ to: fresh.bridge.address, exitCode: err("Unauthorized") });
      const disc = await fresh.bridge.sendRaw(alice.getSender(), Bridge.simpleBody("BridgeDiscoverWallet"));
      expect(disc.transactions).to.have.transaction({
        from: fresh.minter.address,
        to: fresh.bridge.address,
        op: op("ResponseWalletAddress"),
        success: true,
      });
      expect((await fresh.bridge.getBridgeData()).jettonWallet?.equals(fresh.bridgeWallet)).to.equal(true);
      const again = await fresh.bridge.sendRaw(alice.getSender(), Bridge.simpleBody("BridgeDiscoverWallet"));
      expect(again.transactions).to.have.transaction({ to: fresh.bridge.address, exitCode: err("BridgeParameterOutOfBounds") });
      const rOut2 = await transferWithPayload(fresh, alice, fresh.bridge.address, CAL, bridgeSendPayload(m.srcDomain, 1n), toNano("0.15"));
      expect(rOut2.transactions).to.have.transaction({
        from: fresh.bridge.address,
        to: fresh.bridgeWallet,
        op: op("AskToBurn"),
        success: true,
      });
      expect(await fresh.minter.getTotalSupply()).to.equal(2n * CAL);
      // the bridge itself is never a mint recipient
      const self = fresh.inbound(alice.address, CAL, {
        recipient: `0x${tonUniversal(fresh.bridge.address).toString(16).padStart(64, "0")}`,
      });
      const rSelf = await fresh.deliver(self, fresh.sign(self), alice);
      expect(rSelf.transactions).to.have.transaction({ to: fresh.bridge.address, exitCode: err("BridgeInvalidMessage") });
    });

    it("rate limit exceeded: inbound and outbound token buckets per domain refuse, then refill with time", async () => {
      const dom = env.vectors.domains.localEvmHome!;
      await env.bridge.sendRaw(
        env.deployer.getSender(),
        Bridge.setDomainBody(dom, {
          enabled: true,
          inCapacity: 100n * CAL,
          inRatePerSecond: CAL,
          outCapacity: 30n * CAL,
          outRatePerSecond: CAL,
        }),
      );
      const m1 = env.inbound(user.address, 60n * CAL);
      await env.deliver(m1, env.sign(m1), relayer);
      const m2 = env.inbound(user.address, 50n * CAL);
      const r2 = await env.deliver(m2, env.sign(m2), relayer);
      expect(r2.transactions).to.have.transaction({ to: env.bridge.address, exitCode: err("BridgeRateLimited") });
      blockchain.now = blockchain.now! + 10;
      const r3 = await env.deliver(m2, env.sign(m2), relayer);
      expect(r3.transactions).to.have.transaction({ from: env.bridge.address, to: env.minter.address, success: true });
      expect(await env.balanceOf(user.address)).to.equal(110n * CAL);
      const rOut = await transferWithPayload(env, user, env.bridge.address, 31n * CAL, bridgeSendPayload(dom, 5n), toNano("0.15"));
      expect(rOut.transactions).to.have.transaction({ to: env.bridge.address, exitCode: err("BridgeRateLimited") });
      expect(await env.balanceOf(user.address)).to.equal(110n * CAL);
      const rOk = await transferWithPayload(env, user, env.bridge.address, 30n * CAL, bridgeSendPayload(dom, 5n), toNano("0.15"));
      expect(rOk.transactions).to.have.transaction({ to: env.bridge.address, success: true });
      expect((await env.bridge.getDomain(dom)).outboundAvailable).to.equal(0n);
    });

    it("paused: the pauser pauses delivery and sending; only the admin unpauses", async () => {
      const m0 = env.inbound(user.address, 10n * CAL);
      await env.deliver(m0, env.sign(m0), relayer);
      const p = await env.bridge.sendRaw(env.pauser.getSender(), Bridge.simpleBody("BridgePause"));
      expect(p.transactions).to.have.transaction({ to: env.bridge.address, success: true });
      const m = env.inbound(user.address, 7n * CAL);
      const r1 = await env.deliver(m, env.sign(m), relayer);
      expect(r1.transactions).to.have.transaction({ to: env.bridge.address, exitCode: err("EnforcedPause") });
      const r2 = await transferWithPayload(env, user, env.bridge.address, CAL, bridgeSendPayload(31337, 5n), toNano("0.15"));
      expect(r2.transactions).to.have.transaction({ to: env.bridge.address, exitCode: err("EnforcedPause") });
      expect(await env.balanceOf(user.address)).to.equal(10n * CAL); // refunded
      const u1 = await env.bridge.sendRaw(env.pauser.getSender(), Bridge.simpleBody("BridgeUnpause"));
      expect(u1.transactions).to.have.transaction({ to: env.bridge.address, exitCode: err("Unauthorized") });
      const u0 = await env.bridge.sendRaw(relayer.getSender(), Bridge.simpleBody("BridgePause"));
      expect(u0.transactions).to.have.transaction({ to: env.bridge.address, exitCode: err("Unauthorized") });
      await env.bridge.sendRaw(env.deployer.getSender(), Bridge.simpleBody("BridgeUnpause"));
      expect((await env.bridge.getBridgeData()).paused).to.equal(false);
      const r3 = await env.deliver(m, env.sign(m), relayer);
      expect(r3.transactions).to.have.transaction({ from: env.bridge.address, to: env.minter.address, success: true });
    });
  });

  describe("outbound (burn)", () => {
    it("burns a CAL transfer with a send payload and records the message encodeBridgeMessage gives, nonce 1, 2, ...", async () => {
      const m0 = env.inbound(user.address, 100n * CAL);
      await env.deliver(m0, env.sign(m0), relayer);
      const dst = env.vectors.domains.localEvmHome!;
      const recipient = BigInt("0x70997970c51812dc3a010c7d01b50e0d17dc79c8");
      const tonBefore = (await blockchain.getContract(env.bridge.address)).balance;
      const res = await transferWithPayload(env, user, env.bridge.address, 40n * CAL, bridgeSendPayload(dst, recipient), toNano("0.15"));
      expect((await blockchain.getContract(env.bridge.address)).balance).to.equal(tonBefore); // the sender pays gas, log and burn
      expect(res.transactions).to.have.transaction({ from: env.bridge.address, to: env.bridgeWallet, op: op("AskToBurn"), success: true });
      expect(res.transactions).to.have.transaction({
        from: env.bridgeWallet,
        to: env.minter.address,
        op: op("BurnNotificationForMinter"),
        success: true,
      });
      const expected = encodeBridgeMessage({
        version: 1,
        srcDomain: TON_DOMAIN,
        dstDomain: dst,
        nonce: 1n,
        sender: `0x${tonUniversal(user.address).toString(16).padStart(64, "0")}`,
        recipient: `0x${recipient.toString(16).padStart(64, "0")}`,
        amount: 40n * CAL,
      });
      const stored = await env.bridge.getOutboundMessage(1n);
      expect(hex(stored!)).to.equal(hex(expected));
      const tx = bridgeTx(res.transactions, env.bridge.address, "TransferNotificationForRecipient");
      const logs = [...tx.outMessages.values()].filter((mm) => mm.info.type === "external-out");
      expect(logs.length).to.equal(1);
      expect(hex(logs[0]!.body.beginParse().loadBuffer(89))).to.equal(hex(expected));
      expect(await env.minter.getTotalSupply()).to.equal(60n * CAL);
      expect(await env.balanceOf(env.bridge.address)).to.equal(0n);
      expect(await env.balanceOf(user.address)).to.equal(60n * CAL);
      await transferWithPayload(
        env,
        user,
        env.bridge.address,
        5n * CAL,
        bridgeSendPayload(env.vectors.domains.solana!, 9n),
        toNano("0.15"),
      );
      const second = await env.bridge.getOutboundMessage(2n);
      expect(second!.readBigUInt64BE(9)).to.equal(2n);
      expect((await env.bridge.getBridgeData()).outboundNonce).to.equal(2n);
      expect(await env.bridge.getOutboundMessage(3n)).to.equal(null);
    });

    it("outbound records are pruned 30 days after their send (two per later send): the record map does not only grow", async () => {
      const m0 = env.inbound(user.address, 100n * CAL);
      await env.deliver(m0, env.sign(m0), relayer);
      const dst = env.vectors.domains.solana!;
      for (let i = 0; i < 3; i++) await transferWithPayload(env, user, env.bridge.address, CAL, bridgeSendPayload(dst, 9n), toNano("0.15"));
      expect(await env.bridge.getOutboundFirst()).to.equal(1n);
      blockchain.now = blockchain.now! + 30 * 86400; // exactly the retention: still held
      await transferWithPayload(env, user, env.bridge.address, CAL, bridgeSendPayload(dst, 9n), toNano("0.15"));
      expect(await env.bridge.getOutboundMessage(1n)).to.not.equal(null);
      blockchain.now = blockchain.now! + 1;
      await transferWithPayload(env, user, env.bridge.address, CAL, bridgeSendPayload(dst, 9n), toNano("0.15"));
      expect(await env.bridge.getOutboundMessage(1n)).to.equal(null);
      expect(await env.bridge.getOutboundMessage(2n)).to.equal(null);
      expect(await env.bridge.getOutboundMessage(3n)).to.not.equal(null);
      expect(await env.bridge.getOutboundFirst()).to.equal(3n);
      await transferWithPayload(env, user, env.bridge.address, CAL, bridgeSendPayload(dst, 9n), toNano("0.15"));
      // nonce 3 pruned; nonce 4 (sent at the retention's start) is younger than 30 days + 1 s
      expect(await env.bridge.getOutboundFirst()).to.equal(4n);
      for (const n of [4n, 5n, 6n]) expect(await env.bridge.getOutboundMessage(n)).to.not.equal(null);
      expect((await env.bridge.getBridgeData()).outboundNonce).to.equal(6n);
    });

    it("refunds a send to an unknown domain, with a bad payload, zero recipient or zero amount; too little TON becomes claimable", async () => {
      const m0 = env.inbound(user.address, 100n * CAL);
      await env.deliver(m0, env.sign(m0), relayer);
      const cases: [Cell, bigint, string][] = [
        [bridgeSendPayload(999, 5n), 10n * CAL, "BridgeUnknownDomain"],
        [bridgeSendPayload(TON_DOMAIN, 5n), 10n * CAL, "BridgeUnknownDomain"],
        [beginCell().storeUint(0x1234, 32).endCell(), 10n * CAL, "BridgeInvalidPayload"],
        [bridgeSendPayload(31337, 0n), 10n * CAL, "BridgeInvalidRecipient"],
        [bridgeSendPayload(31337, 5n), 0n, "BridgeZeroAmount"],
      ];
      for (const [payload, amount, name] of cases) {
        const r = await transferWithPayload(env, user, env.bridge.address, amount, payload, toNano("0.15"));
        expect(r.transactions).to.have.transaction({ to: env.bridge.address, exitCode: err(name) });
        expect(await env.balanceOf(user.address)).to.equal(100n * CAL);
      }
      const r = await transferWithPayload(env, user, env.bridge.address, 10n * CAL, bridgeSendPayload(31337, 5n), toNano("0.03"));
      expect(r.transactions).to.have.transaction({ to: env.bridge.address, exitCode: err("NotEnoughTon") });
      expect(await env.bridge.getClaimable(user.address)).to.equal(10n * CAL);
      const c = await env.bridge.sendRaw(user.getSender(), Bridge.simpleBody("ClaimJettons"), toNano("0.1"));
      expect(c.transactions).to.have.transaction({
        from: env.bridge.address,
        to: env.bridgeWallet,
        op: op("AskToTransfer"),
        success: true,
      });
      expect(await env.balanceOf(user.address)).to.equal(100n * CAL);
      expect(await env.bridge.getClaimable(user.address)).to.equal(0n);
      expect((await env.bridge.getBridgeData()).outboundNonce).to.equal(0n);
      expect(await env.minter.getTotalSupply()).to.equal(100n * CAL);
    });

    it("a bounced burn request keeps the CAL out of circulation as unburned; anyone retries the burn", async () => {
      const m0 = env.inbound(user.address, 20n * CAL);
      await env.deliver(m0, env.sign(m0), relayer);
      const uw = await env.walletOf(user.address);
      const body = CalJettonWallet.transferMessage(5n * CAL, env.bridge.address, {
        forwardTonAmount: toNano("0.15"),
        forwardPayload: bridgeSendPayload(31337, 5n),
        responseAddress: user.address,
      });
      const iter = await blockchain.sendMessageIter(internal({ from: user.address, to: uw.address, value: toNano("0.3"), body }));
      const bridgeId = tonUniversal(env.bridge.address);
      let bouncedBurn = false;
      for await (const tx of iter) {
        // the bridge wallet loses the CAL between the notification and the burn: the burn request bounces
        if (tx.address === bridgeId && tx.inMessage?.body.beginParse().preloadUint(32) === op("TransferNotificationForRecipient")) {
          await setJettonBalance(env, env.bridge.address, 0n);
        }
        if (tx.address === bridgeId && tx.inMessage?.info.type === "internal" && tx.inMessage.info.bounced) bouncedBurn = true;
      }
      expect(bouncedBurn).to.equal(true);
      expect((await env.bridge.getBridgeData()).unburned).to.equal(5n * CAL);
      expect(await env.bridge.getOutboundMessage(1n)).to.not.equal(null); // the message stays valid
      await setJettonBalance(env, env.bridge.address, 5n * CAL); // the custody is back
      const r = await env.bridge.sendRaw(relayer.getSender(), Bridge.simpleBody("BridgeRetryBurn"), toNano("0.15"));
      expect(r.transactions).to.have.transaction({
        from: env.bridgeWallet,
        to: env.minter.address,
        op: op("BurnNotificationForMinter"),
        success: true,
      });
      expect((await env.bridge.getBridgeData()).unburned).to.equal(0n);
      expect(await env.minter.getTotalSupply()).to.equal(15n * CAL);
      const again = await env.bridge.sendRaw(relayer.getSender(), Bridge.simpleBody("BridgeRetryBurn"), toNano("0.15"));
      expect(again.transactions).to.have.transaction({ to: env.bridge.address, exitCode: err("NothingToClaim") });
    });
  });

  describe("error names", () => {
    it("defines every bridge error name (EVM names) as a unique named exit code >= 256", () => {
      const names = [
        "BridgeInvalidSignature",
        "BridgeSignersNotAscending",
        "BridgeSignerNotInSet",
        "BridgeBelowThreshold",
        "BridgeWrongDestination",
        "BridgeMessageAlreadyDelivered",
        "BridgeRateLimited",
        "BridgeUnknownDomain",
        "BridgeInvalidMessage",
        "BridgeZeroAmount",
        "EnforcedPause",
      ];
      // test/vectors/errors.json has no bridge list yet; when the SDK adds one, every name in it must exist here too
      const shared = JSON.parse(readFileSync(join(CONTRACTS_DIR, "..", "..", "test", "vectors", "errors.json"), "utf-8")) as {
        bridge?: string[];
      };
      for (const n of shared.bridge ?? []) names.push(n);
      const codes = names.map((n) => err(n));
      for (const c of codes) expect(c).to.be.at.least(256);
      const bridgeCodes = Object.entries(Errors)
        .filter(([n]) => n.startsWith("Bridge"))
        .map(([, c]) => c);
      expect(new Set(bridgeCodes).size).to.equal(bridgeCodes.length);
      const others = Object.entries(Errors)
        .filter(([n]) => !n.startsWith("Bridge"))
        .map(([, c]) => c);
      for (const c of bridgeCodes) expect(others).to.not.include(c);
    });
  });

  describe("governance paths", () => {
    it("only the admin sets validators, threshold, domains and the pauser; bounds are enforced", async () => {
      const addrs = env.vectors.validators.map((v) => v.address);
      const bodies = [
        Bridge.setValidatorsBody(addrs, 2, 0),
        Bridge.setThresholdBody(3),
        Bridge.setDomainBody(5, DEFAULT_LIMITS),
        Bridge.setPauserBody(relayer.address),
        Bridge.addressBody("BridgeTransferAdmin", relayer.address),
        Bridge.addressBody("BridgeHandOverMinter", relayer.address),
      ];
      for (const body of bodies) {
        const r = await env.bridge.sendRaw(relayer.getSender(), body);
        expect(r.transactions).to.have.transaction({ to: env.bridge.address, exitCode: err("Unauthorized") });
      }
      for (const body of [
        Bridge.setDomainBody(TON_DOMAIN, DEFAULT_LIMITS),
        Bridge.setDomainBody(7, { ...DEFAULT_LIMITS, inRatePerSecond: DEFAULT_LIMITS.inCapacity + 1n }),
        Bridge.setDomainBody(7, { ...DEFAULT_LIMITS, outCapacity: 10n ** 18n + 1n }),
      ]) {
        const r = await env.bridge.sendRaw(env.deployer.getSender(), body);
        expect(r.transactions).to.have.transaction({ to: env.bridge.address, exitCode: err("BridgeParameterOutOfBounds") });
      }
      await env.bridge.sendRaw(env.deployer.getSender(), Bridge.setThresholdBody(3));
      expect((await env.bridge.getValidatorSets()).threshold).to.equal(3);
      const m = env.inbound(user.address, CAL);
      const r = await env.deliver(m, env.sign(m), relayer);
      expect(r.transactions).to.have.transaction({ to: env.bridge.address, exitCode: err("BridgeBelowThreshold") });
      // a disabled domain is unknown
      await env.bridge.sendRaw(env.deployer.getSender(), Bridge.setDomainBody(m.srcDomain, { ...DEFAULT_LIMITS, enabled: false }));
      const r2 = await env.deliver(m, env.sign(m, env.validatorKeys), relayer);
      expect(r2.transactions).to.have.transaction({ to: env.bridge.address, exitCode: err("BridgeUnknownDomain") });
    });

    it("admin hand-over is two-step; the admin can hand the minter over to a successor bridge", async () => {
      const gov = (await env.blockchain.treasury("successor-bridge")).address;
      await env.bridge.sendRaw(env.deployer.getSender(), Bridge.addressBody("BridgeTransferAdmin", relayer.address));
      const bad = await env.bridge.sendRaw(user.getSender(), Bridge.simpleBody("BridgeClaimAdmin"));
      expect(bad.transactions).to.have.transaction({ to: env.bridge.address, exitCode: err("Unauthorized") });
      await env.bridge.sendRaw(relayer.getSender(), Bridge.simpleBody("BridgeClaimAdmin"));
      const d = await env.bridge.getBridgeData();
      expect(d.admin.equals(relayer.address)).to.equal(true);
      expect(d.pendingAdmin).to.equal(null);
      const again = await env.bridge.sendRaw(relayer.getSender(), Bridge.simpleBody("BridgeClaimAdmin"));
      expect(again.transactions).to.have.transaction({ to: env.bridge.address, exitCode: err("BridgeNoPendingAdmin") });
      await env.bridge.sendRaw(relayer.getSender(), Bridge.addressBody("BridgeHandOverMinter", gov));
      expect((await env.minter.getNextAdmin())?.equals(gov)).to.equal(true);
    });
  });
});
