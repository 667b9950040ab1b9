import { expect } from "chai";
import { Blockchain, type BlockchainSnapshot } from "@ton/sandbox";
import { Address, beginCell, type Cell, toNano } from "@ton/core";
import "@ton/test-utils";
import { keccak_256 } from "@noble/hashes/sha3";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  decodeGovernanceMessage,
  encodeGovernanceMessage,
  encodeGovernancePayload,
  type GovernanceMessage,
  type UniversalAddress,
} from "@calctra/core";
import { bridgeDigest } from "@calctra/core";
import { err, op } from "../wrappers/abi";
import { CONTRACTS_DIR } from "../wrappers/compile";
import { Bridge, bridgeSendPayload, signatureChain, TON_DOMAIN, tonUniversal } from "../wrappers/Bridge";
import { byteSnake, snakeBytes } from "../wrappers/ByteSnake";
import { type BridgeEnv, deployBridgeEnv, fromHex, hex, signSorted, toUniversal } from "../scripts/bridgeSandbox";
import { CAL, type Actor } from "../scripts/sandbox";
import { transferWithPayload } from "./fixtures";

type MessageVector = { name: string; encoded: string; messageId: string; dstBridge: string; digest: string };
const gov = JSON.parse(readFileSync(join(CONTRACTS_DIR, "..", "..", "test", "vectors", "governance.json"), "utf-8")) as {
  messages: MessageVector[];
};
const HUB = "0x000000000000000000000000a513e6e4b8f2a923d98304ec87f64353c4d5c853" as UniversalAddress;

describe("TON bridge: version-2 (governance) messages", () => {
  let blockchain: Blockchain;
  let env: BridgeEnv;
  let base: BlockchainSnapshot;
  let relayer: Actor;
  let receiver: Actor;
  let nonce = 100n;

  before(async () => {
    blockchain = await Blockchain.create();
    blockchain.now = 1_800_000_000;
    env = await deployBridgeEnv(blockchain);
    relayer = await blockchain.treasury("relayer");
    receiver = await blockchain.treasury("governance-receiver");
    base = blockchain.snapshot();
  });
  beforeEach(async () => {
    await blockchain.loadFrom(base);
  });

  /** A hub -> TON version-2 message to `recipient`. */
  const inbound = (recipient: Address, payload: GovernanceMessage["payload"]): GovernanceMessage => ({
    version: 2,
    srcDomain: env.vectors.domains.localEvmHome!,
    dstDomain: TON_DOMAIN,
    nonce: nonce++,
    sender: HUB,
    recipient: toUniversal(tonUniversal(recipient)),
    payload,
  });
  /** Signatures of the dev validators over the digest of `bytes` for this bridge. */
  const sign = (bytes: Uint8Array, keys = env.validatorKeys.slice(0, 2)) => {
    const messageId = keccak_256(bytes);
    return signSorted(bridgeDigest({ dstDomain: TON_DOMAIN, dstBridge: toUniversal(tonUniversal(env.bridge.address)), messageId }), keys);
  };
  const deliver = (bytes: Uint8Array, sigs: Uint8Array[]) =>
    env.bridge.sendDeliver(relayer.getSender(), byteSnake(bytes), signatureChain(sigs));

  it("computes messageId and digest of every `messages` vector on chain (the bytes in a byte snake)", async () => {
    for (const v of gov.messages) {
      const cell = byteSnake(fromHex(v.encoded));
      expect(await env.bridge.getMessageId(cell), v.name).to.equal(BigInt(v.messageId));
      expect(await env.bridge.getDigest(cell, BigInt(v.dstBridge)), v.name).to.equal(BigInt(v.digest));
    }
  });

  it("delivers the TON-bound GovernanceActions vector re-signed for this bridge; its recipient has no contract: the forward is filed for retry", async () => {
    const v = gov.messages.find((m) => decodeGovernanceMessage(fromHex(m.encoded)).dstDomain === TON_DOMAIN)!;
    const bytes = fromHex(v.encoded);
    const m = decodeGovernanceMessage(bytes);
    // the vector is signed for dstBridge 0x11..11: here it is refused, re-signed for this bridge it is delivered
    const wrong = await env.bridge.sendDeliver(relayer.getSender(), byteSnake(bytes), signatureChain(fromHexSigs(v)));
    expect(wrong.transactions).to.have.transaction({ to: env.bridge.address, success: false });
    const r = await deliver(bytes, sign(bytes));
    expect(r.transactions).to.have.transaction({ from: env.bridge.address, op: op("BridgeGovernanceMessage"), success: false });
    expect(await env.bridge.getIsNonceDelivered(m.srcDomain, m.nonce)).to.equal(true);
    expect(await env.bridge.getIsDelivered(BigInt(v.messageId))).to.equal(true);
    const failed = await env.bridge.getFailedForward(0n);
    expect(failed).to.deep.equal({ recipient: BigInt(m.recipient), messageId: BigInt(v.messageId) });
    const again = await deliver(bytes, sign(bytes));
    expect(again.transactions).to.have.transaction({ to: env.bridge.address, exitCode: err("BridgeMessageAlreadyDelivered") });
    // anyone retries: still no contract there, filed again under the new query id; nothing is lost
    await env.bridge.sendRaw(relayer.getSender(), Bridge.retryForwardBody(0n), toNano("0.2"));
    expect(await env.bridge.getFailedForward(0n)).to.equal(null);
    expect(await env.bridge.getFailedForward(1n)).to.deep.equal(failed);
  });

  function fromHexSigs(v: MessageVector): Uint8Array[] {
    const full = (gov.messages.find((x) => x.name === v.name) as unknown as { signatures: { signature: string }[] }).signatures;
    return full.slice(0, 2).map((s) => fromHex(s.signature));
  }

  it("forwards each kind to its recipient as BridgeGovernanceMessage (sender = the bridge, the exact bytes and messageId)", async () => {
    const payloads: GovernanceMessage["payload"][] = [
      { kind: "ProposalOpened", proposalId: 7n, snapshot: 1_800_000_000n, voteEnd: 1_800_604_800n },
      { kind: "VoteTally", proposalId: 7n, againstVotes: 1n, forVotes: 2n, abstainVotes: 3n },
      {
        kind: "GovernanceActions",
        sequence: 1n,
        proposalId: 7n,
        actions: Array.from({ length: 8 }, () => ({
          kind: "setValidatorSet" as const,
          signers: Array.from({ length: 4 }, (_, i) => `0x${(i + 1).toString(16).padStart(40, "0")}` as `0x${string}`),
          threshold: 3,
          retention: 0,
        })),
      },
    ];
    for (const payload of payloads) {
      const m = inbound(receiver.address, payload);
      const bytes = encodeGovernanceMessage(m);
      const r = await deliver(bytes, sign(bytes));
      const fwd = r.transactions.find(
        (t) =>
          t.inMessage?.info.type === "internal" &&
          t.inMessage.info.dest.equals(receiver.address) &&
          t.inMessage.info.src.equals(env.bridge.address),
      );
      expect(fwd, payload.kind).to.not.equal(undefined);
      const body = fwd!.inMessage!.body.beginParse();
      expect(body.loadUint(32)).to.equal(op("BridgeGovernanceMessage"));
      body.loadUintBig(64);
      expect(body.loadUintBig(256)).to.equal(BigInt(hex(keccak_256(bytes))));
      expect(hex(snakeBytes(body.loadRef()))).to.equal(hex(bytes));
      expect(await env.bridge.getIsNonceDelivered(m.srcDomain, m.nonce)).to.equal(true);
    }
  });

  it("refuses a malformed version-2 message: too short, unknown kind, not a canonical snake, another destination", async () => {
    const good = encodeGovernanceMessage(
      inbound(receiver.address, { kind: "VoteTally", proposalId: 1n, againstVotes: 0n, forVotes: 0n, abstainVotes: 0n }),
    );
    const unknownKind = Uint8Array.from(good);
    unknownKind[81] = 9;
    const toSolana = Uint8Array.from(good);
    toSolana.set([0x53, 0x4f, 0x4c, 0x41], 5);
    for (const [bytes, name] of [
      [good.subarray(0, 82), "BridgeInvalidMessage"],
      [unknownKind, "BridgeInvalidMessage"],
      [toSolana, "BridgeWrongDestination"],
    ] as [Uint8Array, string][]) {
      const r = await deliver(bytes, sign(bytes));
      expect(r.transactions).to.have.transaction({ to: env.bridge.address, exitCode: err(name) });
    }
    const split: Cell = beginCell()
      .storeBuffer(Buffer.from(good.subarray(0, 100)))
      .storeRef(
        beginCell()
          .storeBuffer(Buffer.from(good.subarray(100)))
          .endCell(),
      )
      .endCell();
    const r = await env.bridge.sendDeliver(relayer.getSender(), split, signatureChain(sign(good)));
    expect(r.transactions).to.have.transaction({ to: env.bridge.address, exitCode: err("BridgeInvalidMessage") });
  });

  it("SendGovernanceMessage only from the governance contract; it takes the next outbound nonce, shared with token messages", async () => {
    const payload = { kind: "VoteTally" as const, proposalId: 5n, againstVotes: 3n, forVotes: 10n ** 18n, abstainVotes: 0n };
    const body = Bridge.sendGovernanceMessageBody(
      env.vectors.domains.localEvmHome!,
      BigInt(HUB),
      2,
      byteSnake(encodeGovernancePayload(payload)),
    );
    const none = await env.bridge.sendRaw(receiver.getSender(), body, toNano("0.1"));
    expect(none.transactions).to.have.transaction({ to: env.bridge.address, exitCode: err("BridgeUnauthorizedSender") });
    const notAdmin = await env.bridge.sendRaw(receiver.getSender(), Bridge.setGovernanceBody(receiver.address));
    expect(notAdmin.transactions).to.have.transaction({ to: env.bridge.address, exitCode: err("Unauthorized") });
    await env.bridge.sendRaw(env.deployer.getSender(), Bridge.setGovernanceBody(receiver.address));
    expect((await env.bridge.getGovernance())?.equals(receiver.address)).to.equal(true);
    const stranger = await env.bridge.sendRaw(relayer.getSender(), body, toNano("0.1"));
    expect(stranger.transactions).to.have.transaction({ to: env.bridge.address, exitCode: err("BridgeUnauthorizedSender") });

    // a token message first (nonce 1), then the governance message (nonce 2)
    const m0 = env.inbound(relayer.address, 10n * CAL);
    await env.deliver(m0, env.sign(m0), relayer);
    await transferWithPayload(env, relayer, env.bridge.address, CAL, bridgeSendPayload(env.vectors.domains.solana!, 9n), toNano("0.15"));
    const r = await env.bridge.sendRaw(receiver.getSender(), body, toNano("0.1"));
    expect(r.transactions).to.have.transaction({ to: env.bridge.address, success: true });
    const tx = r.transactions.find((t) => t.inMessage?.info.dest instanceof Address && t.inMessage.info.dest.equals(env.bridge.address))!;
    const logs = [...tx.outMessages.values()].filter((x) => x.info.type === "external-out");
    expect(logs.length).to.equal(1);
    const expected = encodeGovernanceMessage({
      version: 2,
      srcDomain: TON_DOMAIN,
      dstDomain: env.vectors.domains.localEvmHome!,
      nonce: 2n,
      sender: toUniversal(tonUniversal(receiver.address)),
      recipient: HUB,
      payload,
    });
    expect(hex(snakeBytes(logs[0]!.body))).to.equal(hex(expected));
    const stored = await env.bridge.getOutboundCell(2n);
    expect(hex(snakeBytes(stored!))).to.equal(hex(expected));
    expect(await env.bridge.getMessageId(stored!)).to.equal(BigInt(hex(keccak_256(expected))));
    expect((await env.bridge.getBridgeData()).outboundNonce).to.equal(2n);
    // toward an EVM domain the recipient must be a 20-byte address
    const bad = Bridge.sendGovernanceMessageBody(
      env.vectors.domains.localEvmHome!,
      1n << 200n,
      2,
      byteSnake(encodeGovernancePayload(payload)),
    );
    const rb = await env.bridge.sendRaw(receiver.getSender(), bad, toNano("0.1"));
    expect(rb.transactions).to.have.transaction({ to: env.bridge.address, exitCode: err("BridgeInvalidRecipient") });
  });
});
