import assert from "node:assert/strict";
import { BorshCoder } from "@coral-xyz/anchor";
import BN from "bn.js";
import { convertIdlToCamelCase } from "@coral-xyz/anchor/dist/cjs/idl.js";
import { Keypair, PublicKey, type AccountInfo } from "@solana/web3.js";
import { keccak_256 } from "@noble/hashes/sha3";
import { toHex } from "viem";
import { calctraBridgeIdl, type CalctraBridgeIdl } from "@calctra/sdk/solana";
import { DOMAINS, bridgeMessageId, encodeBridgeMessage, type BridgeMessage } from "@calctra/core";
import {
  deriveSolanaMessage,
  solanaErrorName,
  solanaKeypairFromSecret,
  solanaOutboundDecoder,
  solanaPublicKey,
  solanaSetHash,
  solanaUniversalAddress,
} from "@calctra/sdk/solana";

const coder = new BorshCoder(convertIdlToCamelCase(calctraBridgeIdl as unknown as CalctraBridgeIdl));
const programId = new PublicKey(calctraBridgeIdl.address);
const CAL = 1_000_000_000n;

/** An `OutboundMessage` account as the program stores it, encoded by the IDL coder. */
async function outboundAccount(nonce: bigint, message: Uint8Array, messageId: Uint8Array, owner = programId): Promise<AccountInfo<Buffer>> {
  const data = await coder.accounts.encode("outboundMessage", {
    nonce: new BN(nonce.toString()),
    messageId: Array.from(messageId),
    message: Buffer.from(message),
    sentAt: new BN(1_800_000_000),
    bump: 254,
  });
  return { data, owner, executable: false, lamports: 1_500_000, rentEpoch: 0 };
}

describe("Solana source: outbound account re-derivation", () => {
  const m: BridgeMessage = {
    version: 1,
    srcDomain: DOMAINS.solana,
    dstDomain: 31337,
    nonce: 3n,
    sender: solanaUniversalAddress(Keypair.generate().publicKey),
    recipient: `0x${"00".repeat(12)}${"cd".repeat(20)}`,
    amount: 7n * CAL,
  };
  const decode = solanaOutboundDecoder();
  const o = { programId, decode };

  it("re-derives a stored message: the bytes re-encode, hash to the stored id, and the nonce is the address's", async () => {
    const bytes = encodeBridgeMessage(m);
    const got = deriveSolanaMessage(3n, await outboundAccount(3n, bytes, bridgeMessageId(m)), o);
    assert.ok(!("rejected" in got));
    assert.equal(got.messageId, toHex(bridgeMessageId(m)));
    assert.equal(got.encoded, toHex(bytes));
    assert.deepEqual(got.message, m);
    assert.equal(got.blockNumber, 3n);
  });

  it("rejects a stored id that is not the keccak of the bytes, a nonce other than the address's, another source domain, another version", async () => {
    const bytes = encodeBridgeMessage(m);
    const id = bridgeMessageId(m);
    const wrongId = Uint8Array.from(id);
    wrongId[0] ^= 1;
    assert.ok("rejected" in deriveSolanaMessage(3n, await outboundAccount(3n, bytes, wrongId), o));
    assert.ok(
      "rejected" in deriveSolanaMessage(4n, await outboundAccount(3n, bytes, id), o),
      "account nonce field differs from the address's",
    );
    const m4 = { ...m, nonce: 4n };
    assert.ok(
      "rejected" in deriveSolanaMessage(3n, await outboundAccount(3n, encodeBridgeMessage(m4), bridgeMessageId(m4)), o),
      "message nonce differs",
    );
    const other = { ...m, srcDomain: 31337 };
    assert.ok("rejected" in deriveSolanaMessage(3n, await outboundAccount(3n, encodeBridgeMessage(other), bridgeMessageId(other)), o));
    const v2 = { ...m, version: 2 };
    assert.ok("rejected" in deriveSolanaMessage(3n, await outboundAccount(3n, encodeBridgeMessage(v2), bridgeMessageId(v2)), o));
  });

  it("rejects an account owned by another program and data without the OutboundMessage discriminator", async () => {
    const bytes = encodeBridgeMessage(m);
    const foreign = await outboundAccount(3n, bytes, bridgeMessageId(m), Keypair.generate().publicKey);
    assert.ok("rejected" in deriveSolanaMessage(3n, foreign, o));
    const ok = await outboundAccount(3n, bytes, bridgeMessageId(m));
    const tampered = { ...ok, data: Buffer.from(ok.data) };
    tampered.data[0] ^= 0xff;
    const r = deriveSolanaMessage(3n, tampered, o);
    assert.ok("rejected" in r);
    assert.equal(r.rejected, toHex(keccak_256(tampered.data)));
  });
});

describe("Solana bridge addresses, set hash and error names", () => {
  it("a universal address is the 32 bytes of the public key and converts back", () => {
    const key = Keypair.generate().publicKey;
    const u = solanaUniversalAddress(key);
    assert.match(u, /^0x[0-9a-f]{64}$/);
    assert.equal(Buffer.from(u.slice(2), "hex").equals(key.toBuffer()), true);
    assert.ok(solanaPublicKey(u).equals(key));
    assert.throws(() => solanaPublicKey("0x1234"), RangeError);
  });

  it("reads a relayer key from solana-keygen's JSON array or base58, and refuses anything else", async () => {
    const { utils } = await import("@coral-xyz/anchor");
    const k = Keypair.generate();
    assert.ok(solanaKeypairFromSecret(JSON.stringify(Array.from(k.secretKey))).publicKey.equals(k.publicKey));
    assert.ok(solanaKeypairFromSecret(utils.bytes.bs58.encode(k.secretKey)).publicKey.equals(k.publicKey));
    assert.throws(() => solanaKeypairFromSecret("[1,2,3]"), RangeError);
    assert.throws(() => solanaKeypairFromSecret("[1,2,300]"), RangeError);
  });

  it("the set hash is keccak256(abi.encode(address[], uint16)), as the program records it", () => {
    const validators = ["0x0000000000000000000000000000000000000001", "0x0000000000000000000000000000000000000002"] as const;
    // abi.encode: offset 64, threshold, length 2, two left-padded addresses
    const words = [64n, 2n, 2n, 1n, 2n].map((w) => w.toString(16).padStart(64, "0")).join("");
    assert.equal(solanaSetHash(validators, 2), toHex(keccak_256(Buffer.from(words, "hex"))));
    assert.notEqual(solanaSetHash(validators, 1), solanaSetHash(validators, 2));
  });

  it("names refusals canonically from the bridge's codes, falls back to the IDL or Anchor's logged name", () => {
    const code = (name: string) => calctraBridgeIdl.errors.find((e) => e.name === name)!.code;
    assert.equal(solanaErrorName(code("BridgeBelowThreshold"), []), "BridgeBelowThreshold");
    assert.equal(solanaErrorName(code("BridgeMessageAlreadyDelivered"), []), "BridgeMessageAlreadyDelivered");
    assert.equal(solanaErrorName(code("EnforcedPause"), []), "EnforcedPause");
    assert.equal(solanaErrorName(code("BridgeDuplicateSigner"), []), "BridgeDuplicateSigner", "program-specific name from the IDL");
    assert.equal(
      solanaErrorName(2006, ["Program log: AnchorError caused by account: delivered. Error Code: ConstraintSeeds. Error Number: 2006."]),
      "ConstraintSeeds",
    );
    assert.equal(solanaErrorName(99_999, []), "Custom99999");
  });
});
