import assert from "node:assert/strict";
import { concat, getAddress, keccak256, encodeAbiParameters, padHex, slice, toHex, type Hex } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { universalFromEvm } from "@calctra/core";
import {
  CAL,
  HOME,
  SOLANA,
  SPOKE,
  TON,
  createChain,
  deployHome,
  deploySpoke,
  digestFor,
  encode,
  governanceVectors,
  idOf,
  message,
  openLimits,
  signOne,
  signPacked,
  signedFor,
  validatorAddresses,
  validatorKeys,
  vectors,
} from "./helpers.js";

const SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

// One chain with id 31338 (the spoke of the vectors): the minter lands at the vectors' dstBridge.
const spokeChain = await createChain(SPOKE);
const homeChain = await createChain(HOME);
const [deployer, alice, bob, stranger, , , pauser] = spokeChain.wallets;
const HOME_VAULT = "0x5FbDB2315678afecb367f032d93F642f64180aa3" as const;

async function spokeFixture() {
  const s = await deploySpoke(spokeChain, { domain: HOME, bridge: HOME_VAULT });
  return s;
}
async function homeFixture() {
  return deployHome(homeChain, { domain: SPOKE, bridge: "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512" });
}

describe("BridgeMessage library against the shared vectors", () => {
  let harness: Awaited<ReturnType<typeof spokeChain.viem.deployContract<"BridgeMessageHarness">>>;
  before(async () => {
    harness = await spokeChain.viem.deployContract("BridgeMessageHarness");
  });

  it("encodes every vector message to its 89 bytes and decodes them back", async () => {
    for (const c of vectors.cases) {
      const m = { ...c.message, nonce: BigInt(c.message.nonce), amount: BigInt(c.message.amount) };
      const encoded = await harness.read.encode([m]);
      assert.equal(encoded, c.encoded);
      assert.equal((encoded.length - 2) / 2, 89);
      assert.deepEqual(await harness.read.decode([c.encoded]), m);
    }
  });

  it("computes every vector messageId and digest", async () => {
    for (const c of vectors.cases) {
      assert.equal(await harness.read.id([c.encoded]), c.messageId);
      assert.equal(await harness.read.digest([c.message.dstDomain, c.dstBridge, c.messageId]), c.digest);
    }
  });

  it("recovers every vector signature to its listed validator, in ascending order", async () => {
    for (const c of vectors.cases) {
      let previous = 0n;
      for (const sig of c.signatures) {
        assert.equal(await harness.read.recover([c.digest, sig.signature]), getAddress(sig.signer));
        assert.ok(BigInt(sig.signer) > previous);
        previous = BigInt(sig.signer);
      }
    }
  });

  it("delivers the vector home-to-spoke message at the vector dstBridge with its 2-of-3 vector signatures", async () => {
    const chain = await createChain(SPOKE);
    const { token, bridge } = await deploySpoke(chain, { domain: HOME, bridge: HOME_VAULT });
    const c = vectors.cases.find((x) => x.message.dstDomain === SPOKE)!;
    assert.equal(universalFromEvm(bridge.address), c.dstBridge);
    assert.equal(await bridge.read.digestOf([c.messageId]), c.digest);
    await bridge.write.receiveMessage([c.encoded, concat([c.signatures[0]!.signature, c.signatures[2]!.signature])]);
    assert.equal(await token.read.balanceOf([`0x${c.message.recipient.slice(26)}`]), BigInt(c.message.amount));
    assert.equal(await bridge.read.isDelivered([c.encoded]), true);
  });
});

describe("BridgeMinter (spoke)", () => {
  it("mints on a message signed by a threshold of validators and emits MessageDelivered", async () => {
    const { token, bridge } = await spokeFixture();
    const m = message({ recipient: universalFromEvm(alice!.account.address), amount: 7n * CAL });
    const { message: data, signatures } = await signedFor(m, bridge.address);
    await spokeChain.viem.assertions.emitWithArgs(bridge.write.receiveMessage([data, signatures]), bridge, "MessageDelivered", [
      idOf(m),
      HOME,
      1n,
      getAddress(alice!.account.address),
      7n * CAL,
    ]);
    assert.equal(await token.read.balanceOf([alice!.account.address]), 7n * CAL);
    assert.equal(await token.read.totalSupply(), 7n * CAL);
  });

  it("burns with the sender's allowance on send, with strictly increasing nonces and a re-derivable messageId", async () => {
    const { token, bridge } = await spokeFixture();
    const m = message({ recipient: universalFromEvm(alice!.account.address), amount: 10n * CAL });
    await bridge.write.receiveMessage([encode(m), await signPacked(validatorKeys, digestFor(m, bridge.address))]);
    await token.write.approve([bridge.address, 10n * CAL], { account: alice!.account });
    const recipient = universalFromEvm(bob!.account.address);
    for (const nonce of [1n, 2n]) {
      const out = message({
        srcDomain: SPOKE,
        dstDomain: HOME,
        nonce,
        sender: universalFromEvm(alice!.account.address),
        recipient,
        amount: 3n * CAL,
      });
      await spokeChain.viem.assertions.emitWithArgs(
        bridge.write.send([HOME, recipient, 3n * CAL], { account: alice!.account }),
        bridge,
        "MessageSent",
        [idOf(out), HOME, nonce, universalFromEvm(alice!.account.address), recipient, 3n * CAL],
      );
    }
    assert.equal(await bridge.read.outboundNonce(), 2n);
    assert.equal(await token.read.balanceOf([alice!.account.address]), 4n * CAL);
    assert.equal(await token.read.totalSupply(), 4n * CAL);
  });

  it("refuses to burn without the sender's allowance", async () => {
    const { token, bridge } = await spokeFixture();
    const m = message({ recipient: universalFromEvm(alice!.account.address), amount: 10n * CAL });
    const s = await signedFor(m, bridge.address);
    await bridge.write.receiveMessage([s.message, s.signatures]);
    await spokeChain.viem.assertions.revertWithCustomError(
      bridge.write.send([HOME, universalFromEvm(bob!.account.address), CAL], { account: alice!.account }),
      token,
      "ERC20InsufficientAllowance",
    );
  });

  it("delivers a batch, skipping a message that was already delivered", async () => {
    const { token, bridge } = await spokeFixture();
    const ms = [1n, 2n, 3n].map((nonce) => message({ nonce, recipient: universalFromEvm(alice!.account.address), amount: nonce * CAL }));
    const signed = await Promise.all(ms.map((m) => signedFor(m, bridge.address)));
    await bridge.write.receiveMessage([signed[1]!.message, signed[1]!.signatures]);
    const { result } = await spokeChain.publicClient.simulateContract({
      address: bridge.address,
      abi: bridge.abi,
      functionName: "receiveBatch",
      args: [signed.map((s) => s.message), signed.map((s) => s.signatures)],
      account: deployer!.account,
    });
    assert.equal(result, 2n);
    await bridge.write.receiveBatch([signed.map((s) => s.message), signed.map((s) => s.signatures)]);
    assert.equal(await token.read.balanceOf([alice!.account.address]), 6n * CAL);
  });
});

describe("BridgeVault (home)", () => {
  it("locks CAL with send and releases it on a signed inbound message", async () => {
    const { token, bridge } = await homeFixture();
    const [owner, user] = homeChain.wallets;
    await token.write.transfer([user!.account.address, 100n * CAL]);
    await token.write.approve([bridge.address, 40n * CAL], { account: user!.account });
    await bridge.write.send([SPOKE, universalFromEvm(user!.account.address), 40n * CAL], { account: user!.account });
    assert.equal(await token.read.balanceOf([bridge.address]), 40n * CAL);
    const back = message({ srcDomain: SPOKE, dstDomain: HOME, recipient: universalFromEvm(user!.account.address), amount: 15n * CAL });
    const s = await signedFor(back, bridge.address);
    await bridge.write.receiveMessage([s.message, s.signatures], { account: owner!.account });
    assert.equal(await token.read.balanceOf([bridge.address]), 25n * CAL);
    assert.equal(await token.read.balanceOf([user!.account.address]), 75n * CAL);
  });
});

describe("Bridge exploit classes (each refused with its named error)", () => {
  const recipient = () => universalFromEvm(alice!.account.address);

  it("BridgeInvalidSignature: a high-s (malleated) signature", async () => {
    const { bridge } = await spokeFixture();
    const m = message({ recipient: recipient(), amount: CAL });
    const sig = await signOne(validatorKeys[0]!, digestFor(m, bridge.address));
    const s = BigInt(slice(sig, 32, 64));
    const v = Number(BigInt(slice(sig, 64, 65)));
    const malleated = concat([slice(sig, 0, 32), padHex(toHex(SECP256K1_N - s), { size: 32 }), toHex(v === 27 ? 28 : 27, { size: 1 })]);
    await spokeChain.viem.assertions.revertWithCustomErrorWithArgs(
      bridge.write.receiveMessage([encode(m), malleated]),
      bridge,
      "BridgeInvalidSignature",
      [0n],
    );
  });

  it("BridgeInvalidSignature: a v other than 27/28", async () => {
    const { bridge } = await spokeFixture();
    const m = message({ recipient: recipient(), amount: CAL });
    const sig = await signOne(validatorKeys[0]!, digestFor(m, bridge.address));
    await spokeChain.viem.assertions.revertWithCustomErrorWithArgs(
      bridge.write.receiveMessage([encode(m), concat([slice(sig, 0, 64), "0x01"])]),
      bridge,
      "BridgeInvalidSignature",
      [0n],
    );
  });

  it("BridgeInvalidSignatureLength: signatures that are not whole 65-byte words", async () => {
    const { bridge } = await spokeFixture();
    const m = message({ recipient: recipient(), amount: CAL });
    const sigs = await signPacked(validatorKeys.slice(0, 2), digestFor(m, bridge.address));
    await spokeChain.viem.assertions.revertWithCustomErrorWithArgs(
      bridge.write.receiveMessage([encode(m), slice(sigs, 0, 129)]),
      bridge,
      "BridgeInvalidSignatureLength",
      [129n],
    );
  });

  it("BridgeDuplicateSigner: the same validator counted twice", async () => {
    const { bridge } = await spokeFixture();
    const m = message({ recipient: recipient(), amount: CAL });
    const sig = await signOne(validatorKeys[0]!, digestFor(m, bridge.address));
    await spokeChain.viem.assertions.revertWithCustomErrorWithArgs(
      bridge.write.receiveMessage([encode(m), concat([sig, sig])]),
      bridge,
      "BridgeDuplicateSigner",
      [1n, getAddress(validatorAddresses[0]!)],
    );
  });

  it("BridgeSignersNotAscending: signers out of order", async () => {
    const { bridge } = await spokeFixture();
    const m = message({ recipient: recipient(), amount: CAL });
    const d = digestFor(m, bridge.address);
    const sigs = concat([await signOne(validatorKeys[1]!, d), await signOne(validatorKeys[0]!, d)]);
    await spokeChain.viem.assertions.revertWithCustomErrorWithArgs(
      bridge.write.receiveMessage([encode(m), sigs]),
      bridge,
      "BridgeSignersNotAscending",
      [1n, getAddress(validatorAddresses[0]!)],
    );
  });

  it("BridgeSignerNotInSet: a key outside the validator set", async () => {
    const { bridge } = await spokeFixture();
    const m = message({ recipient: recipient(), amount: CAL });
    const outsider = generatePrivateKey();
    const sigs = await signPacked([validatorKeys[0]!, outsider], digestFor(m, bridge.address));
    await spokeChain.viem.assertions.revertWithCustomError(bridge.write.receiveMessage([encode(m), sigs]), bridge, "BridgeSignerNotInSet");
  });

  it("BridgeSignerNotInSet: signatures made for another bridge's digest", async () => {
    const { bridge } = await spokeFixture();
    const m = message({ recipient: recipient(), amount: CAL });
    const sigs = await signPacked(validatorKeys.slice(0, 2), digestFor(m, stranger!.account.address));
    await spokeChain.viem.assertions.revertWithCustomError(bridge.write.receiveMessage([encode(m), sigs]), bridge, "BridgeSignerNotInSet");
  });

  it("BridgeBelowThreshold: one signature where two are required", async () => {
    const { bridge } = await spokeFixture();
    const m = message({ recipient: recipient(), amount: CAL });
    const sigs = await signPacked([validatorKeys[2]!], digestFor(m, bridge.address));
    await spokeChain.viem.assertions.revertWithCustomErrorWithArgs(
      bridge.write.receiveMessage([encode(m), sigs]),
      bridge,
      "BridgeBelowThreshold",
      [1n, 2n],
    );
    await spokeChain.viem.assertions.revertWithCustomErrorWithArgs(
      bridge.write.receiveMessage([encode(m), "0x"]),
      bridge,
      "BridgeBelowThreshold",
      [0n, 2n],
    );
  });

  it("BridgeWrongDestination: a validly signed message for another domain", async () => {
    const { bridge } = await spokeFixture();
    const m = message({ dstDomain: 0x544f4e00, recipient: recipient(), amount: CAL });
    const sigs = await signPacked(validatorKeys, digestFor(m, bridge.address, SPOKE));
    await spokeChain.viem.assertions.revertWithCustomErrorWithArgs(
      bridge.write.receiveMessage([encode(m), sigs]),
      bridge,
      "BridgeWrongDestination",
      [0x544f4e00, SPOKE],
    );
  });

  it("BridgeMessageAlreadyDelivered: a replayed message", async () => {
    const { token, bridge } = await spokeFixture();
    const m = message({ recipient: recipient(), amount: CAL });
    const s = await signedFor(m, bridge.address);
    await bridge.write.receiveMessage([s.message, s.signatures]);
    await spokeChain.viem.assertions.revertWithCustomErrorWithArgs(
      bridge.write.receiveMessage([s.message, s.signatures]),
      bridge,
      "BridgeMessageAlreadyDelivered",
      [idOf(m)],
    );
    assert.equal(await token.read.totalSupply(), CAL);
  });

  it("BridgeMessageAlreadyDelivered: another message with a delivered (srcDomain, nonce), across bitmap words", async () => {
    const { token, bridge } = await spokeFixture();
    for (const nonce of [255n, 256n, 2n ** 64n - 1n]) {
      const m = message({ nonce, recipient: recipient(), amount: CAL });
      const s = await signedFor(m, bridge.address);
      assert.equal(await bridge.read.isDelivered([HOME, nonce]), false);
      await bridge.write.receiveMessage([s.message, s.signatures]);
      assert.equal(await bridge.read.isDelivered([HOME, nonce]), true);
      assert.equal(await bridge.read.isDelivered([s.message]), true);
      const other = message({ nonce, recipient: recipient(), amount: 2n * CAL });
      const so = await signedFor(other, bridge.address);
      assert.equal(await bridge.read.isDelivered([so.message]), true);
      await spokeChain.viem.assertions.revertWithCustomErrorWithArgs(
        bridge.write.receiveMessage([so.message, so.signatures]),
        bridge,
        "BridgeMessageAlreadyDelivered",
        [idOf(other)],
      );
    }
    for (const nonce of [254n, 257n, 2n ** 64n - 2n]) assert.equal(await bridge.read.isDelivered([HOME, nonce]), false);
    assert.equal(await bridge.read.isDelivered([SOLANA, 255n]), false);
    assert.equal(await token.read.totalSupply(), 3n * CAL);
    await spokeChain.viem.assertions.revertWithCustomErrorWithArgs(bridge.read.isDelivered(["0x0100"]), bridge, "BridgeInvalidMessage", [
      2n,
      1,
    ]);
  });

  it("BridgeRateLimited: inbound beyond the bucket, then accepted after it refills", async () => {
    const { bridge } = await spokeFixture();
    await bridge.write.setRemoteDomain([HOME, { ...openLimits(HOME_VAULT), inboundCapacity: 10n * CAL, inboundRatePerSecond: CAL }]);
    const m1 = message({ nonce: 1n, recipient: recipient(), amount: 8n * CAL });
    const m2 = message({ nonce: 2n, recipient: recipient(), amount: 5n * CAL });
    const s1 = await signedFor(m1, bridge.address);
    const s2 = await signedFor(m2, bridge.address);
    await bridge.write.receiveMessage([s1.message, s1.signatures]);
    await spokeChain.viem.assertions.revertWithCustomError(
      bridge.write.receiveMessage([s2.message, s2.signatures]),
      bridge,
      "BridgeRateLimited",
    );
    await spokeChain.networkHelpers.time.increase(3);
    await bridge.write.receiveMessage([s2.message, s2.signatures]);
    assert.equal(await bridge.read.isDelivered([encode(m2)]), true);
  });

  it("BridgeRateLimited: outbound beyond the bucket", async () => {
    const { token, bridge } = await homeFixture();
    await bridge.write.setRemoteDomain([
      SPOKE,
      { ...openLimits(stranger!.account.address), outboundCapacity: 5n * CAL, outboundRatePerSecond: 0n },
    ]);
    await token.write.approve([bridge.address, 100n * CAL]);
    await bridge.write.send([SPOKE, recipient(), 5n * CAL]);
    await homeChain.viem.assertions.revertWithCustomErrorWithArgs(
      bridge.write.send([SPOKE, recipient(), 1n]),
      bridge,
      "BridgeRateLimited",
      [SPOKE, 1n, 0n],
    );
  });

  it("BridgeUnknownDomain: inbound from and outbound to a domain that is not enabled", async () => {
    const { bridge } = await spokeFixture();
    const m = message({ srcDomain: 0x534f4c41, recipient: recipient(), amount: CAL });
    const s = await signedFor(m, bridge.address);
    await spokeChain.viem.assertions.revertWithCustomErrorWithArgs(
      bridge.write.receiveMessage([s.message, s.signatures]),
      bridge,
      "BridgeUnknownDomain",
      [0x534f4c41],
    );
    await spokeChain.viem.assertions.revertWithCustomErrorWithArgs(
      bridge.write.send([0x534f4c41, recipient(), CAL]),
      bridge,
      "BridgeUnknownDomain",
      [0x534f4c41],
    );
    assert.deepEqual(await bridge.read.remoteDomains(), [HOME]);
    await bridge.write.disableRemoteDomain([HOME]);
    assert.deepEqual(await bridge.read.remoteDomains(), []);
    assert.equal(await bridge.read.remoteBridge([HOME]), padHex("0x0", { size: 32 }));
    const h = message({ recipient: recipient(), amount: CAL });
    const sh = await signedFor(h, bridge.address);
    await spokeChain.viem.assertions.revertWithCustomErrorWithArgs(
      bridge.write.receiveMessage([sh.message, sh.signatures]),
      bridge,
      "BridgeUnknownDomain",
      [HOME],
    );
  });

  it("BridgeInvalidMessage: a wrong length or an unknown version", async () => {
    const { bridge } = await spokeFixture();
    const m = message({ recipient: recipient(), amount: CAL });
    const short = slice(encode(m), 0, 88);
    await spokeChain.viem.assertions.revertWithCustomErrorWithArgs(
      bridge.write.receiveMessage([short, "0x"]),
      bridge,
      "BridgeInvalidMessage",
      [88n, 1],
    );
    // Version 2 is the governance message (governance-messages.test.ts); 3 is unknown.
    const v3 = { ...m, version: 3 };
    const s = await signedFor(v3, bridge.address);
    await spokeChain.viem.assertions.revertWithCustomErrorWithArgs(
      bridge.write.receiveMessage([s.message, s.signatures]),
      bridge,
      "BridgeInvalidMessage",
      [89n, 3],
    );
  });

  it("BridgeZeroAmount: zero CAL inbound and outbound", async () => {
    const { bridge } = await spokeFixture();
    const m = message({ recipient: recipient(), amount: 0n });
    const s = await signedFor(m, bridge.address);
    await spokeChain.viem.assertions.revertWithCustomError(
      bridge.write.receiveMessage([s.message, s.signatures]),
      bridge,
      "BridgeZeroAmount",
    );
    await spokeChain.viem.assertions.revertWithCustomError(bridge.write.send([HOME, recipient(), 0n]), bridge, "BridgeZeroAmount");
  });

  it("BridgeInvalidRecipient: a recipient that is not an EVM address, or zero", async () => {
    const { bridge } = await spokeFixture();
    const solanaLike = `0x${"ab".repeat(32)}` as Hex;
    const m = message({ recipient: solanaLike, amount: CAL });
    const s = await signedFor(m, bridge.address);
    await spokeChain.viem.assertions.revertWithCustomErrorWithArgs(
      bridge.write.receiveMessage([s.message, s.signatures]),
      bridge,
      "BridgeInvalidRecipient",
      [solanaLike],
    );
    await spokeChain.viem.assertions.revertWithCustomError(
      bridge.write.send([HOME, padHex("0x0", { size: 32 }), CAL]),
      bridge,
      "BridgeInvalidRecipient",
    );
  });

  it("BridgeInvalidRecipient: send toward an EVM domain refuses a recipient that is not a 20-byte address (governance.json recipients)", async () => {
    // A destination other than the sending chain: the home vault sends to the spoke, the spoke minter to the rest.
    const home = await homeFixture();
    await home.token.write.approve([home.bridge.address, 100n * CAL]);
    const spoke = await spokeFixture();
    for (const d of [SOLANA, TON]) await spoke.bridge.write.setRemoteDomain([d, openLimits(HOME_VAULT)]);
    await spoke.token.write.approve([spoke.bridge.address, 100n * CAL]);
    const funding = message({ recipient: universalFromEvm(deployer!.account.address), amount: 100n * CAL });
    const f = await signedFor(funding, spoke.bridge.address);
    await spoke.bridge.write.receiveMessage([f.message, f.signatures]);
    for (const v of governanceVectors.recipients) {
      // Both bridges share BridgeBase's send and errors: the spoke minter's ABI decodes either.
      const [chain, address] = v.dstDomain === SPOKE ? [homeChain, home.bridge.address] : [spokeChain, spoke.bridge.address];
      const bridge = await chain.viem.getContractAt("BridgeMinter", address);
      const sent = bridge.write.send([v.dstDomain, v.recipient, CAL]);
      if (v.deliverable) {
        await chain.viem.assertions.emit(sent, bridge, "MessageSent");
      } else {
        await chain.viem.assertions.revertWithCustomErrorWithArgs(sent, bridge, "BridgeInvalidRecipient", [v.recipient]);
        assert.equal(v.error, "BridgeInvalidRecipient");
      }
    }
    assert.ok(governanceVectors.recipients.some((v) => !v.deliverable) && governanceVectors.recipients.some((v) => v.deliverable));
  });

  it("EnforcedPause: the pauser stops sends and deliveries; only the admin unpauses", async () => {
    const { bridge } = await spokeFixture();
    const m = message({ recipient: recipient(), amount: CAL });
    const s = await signedFor(m, bridge.address);
    await bridge.write.pause({ account: pauser!.account });
    await spokeChain.viem.assertions.revertWithCustomError(bridge.write.receiveMessage([s.message, s.signatures]), bridge, "EnforcedPause");
    await spokeChain.viem.assertions.revertWithCustomError(
      bridge.write.receiveBatch([[s.message], [s.signatures]]),
      bridge,
      "EnforcedPause",
    );
    await spokeChain.viem.assertions.revertWithCustomError(bridge.write.send([HOME, recipient(), CAL]), bridge, "EnforcedPause");
    await spokeChain.viem.assertions.revertWithCustomError(
      bridge.write.unpause({ account: pauser!.account }),
      bridge,
      "AccessControlUnauthorizedAccount",
    );
    await bridge.write.unpause();
    await bridge.write.receiveMessage([s.message, s.signatures]);
    assert.equal(await bridge.read.isDelivered([encode(m)]), true);
  });

  it("AccessControlUnauthorizedAccount: a stranger cannot rotate validators, set limits, pause or unpause", async () => {
    const { bridge } = await spokeFixture();
    const as = { account: stranger!.account };
    for (const call of [
      bridge.write.setValidatorSet([validatorAddresses, 1], as),
      bridge.write.setRemoteDomain([HOME, openLimits(HOME_VAULT)], as),
      bridge.write.disableRemoteDomain([HOME], as),
      bridge.write.setRetentionWindow([10], as),
      bridge.write.pause(as),
    ]) {
      await spokeChain.viem.assertions.revertWithCustomError(call, bridge, "AccessControlUnauthorizedAccount");
    }
  });

  it("BridgeInvalidBatch: mismatched or empty batch arrays", async () => {
    const { bridge } = await spokeFixture();
    await spokeChain.viem.assertions.revertWithCustomErrorWithArgs(bridge.write.receiveBatch([[], []]), bridge, "BridgeInvalidBatch", [
      0n,
      0n,
    ]);
    await spokeChain.viem.assertions.revertWithCustomErrorWithArgs(
      bridge.write.receiveBatch([["0x00"], []]),
      bridge,
      "BridgeInvalidBatch",
      [1n, 0n],
    );
  });
});

describe("Remote domains", () => {
  it("keeps the list of enabled remote domains and their bridges, set and cleared by the admin", async () => {
    const { bridge } = await spokeFixture();
    const solana = 0x534f4c41;
    const ton = 0x544f4e00;
    const solBridge = `0x${"aa".repeat(32)}` as Hex;
    await spokeChain.viem.assertions.emitWithArgs(
      bridge.write.setRemoteDomain([solana, { ...openLimits(HOME_VAULT), bridge: solBridge }]),
      bridge,
      "RemoteDomainUpdated",
      [solana, solBridge, 1_000_000n * CAL, 1000n * CAL, 1_000_000n * CAL, 1000n * CAL],
    );
    await bridge.write.setRemoteDomain([ton, openLimits(HOME_VAULT)]);
    await bridge.write.setRemoteDomain([ton, openLimits(HOME_VAULT)]);
    assert.deepEqual(await bridge.read.remoteDomains(), [HOME, solana, ton]);
    assert.equal(await bridge.read.remoteBridge([solana]), solBridge);
    await bridge.write.disableRemoteDomain([HOME]);
    assert.deepEqual([...(await bridge.read.remoteDomains())].sort(), [solana, ton].sort());
    await spokeChain.viem.assertions.revertWithCustomErrorWithArgs(
      bridge.write.disableRemoteDomain([HOME]),
      bridge,
      "BridgeUnknownDomain",
      [HOME],
    );
    await spokeChain.viem.assertions.revertWithCustomErrorWithArgs(
      bridge.write.setRemoteDomain([SPOKE, openLimits(HOME_VAULT)]),
      bridge,
      "BridgeUnknownDomain",
      [SPOKE],
    );
  });
});

describe("Validator-set rotation", () => {
  const newKeys = [generatePrivateKey(), generatePrivateKey(), generatePrivateKey()];
  const newSet = newKeys.map((k) => privateKeyToAccount(k).address).sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));

  it("records the set hash and keeps the previous set valid only inside its retention window", async () => {
    const { bridge } = await spokeFixture();
    await spokeChain.viem.assertions.emit(bridge.write.setValidatorSet([newSet, 2]), bridge, "ValidatorSetUpdated");
    const [validators, threshold, setId, setHash] = await bridge.read.validatorSet();
    assert.deepEqual(
      validators,
      newSet.map((a) => getAddress(a)),
    );
    assert.equal(threshold, 2);
    assert.equal(setId, 2n);
    assert.equal(setHash, keccak256(encodeAbiParameters([{ type: "address[]" }, { type: "uint16" }], [newSet, 2])));
    const m1 = message({ nonce: 1n, recipient: universalFromEvm(alice!.account.address), amount: CAL });
    const old1 = await signedFor(m1, bridge.address);
    await bridge.write.receiveMessage([old1.message, old1.signatures]);
    const m2 = message({ nonce: 2n, recipient: universalFromEvm(alice!.account.address), amount: CAL });
    const fresh = await signedFor(m2, bridge.address, newKeys.slice(0, 2));
    await bridge.write.receiveMessage([fresh.message, fresh.signatures]);
    const m3 = message({ nonce: 3n, recipient: universalFromEvm(alice!.account.address), amount: CAL });
    const old3 = await signedFor(m3, bridge.address);
    await spokeChain.networkHelpers.time.increase(86_401);
    await spokeChain.viem.assertions.revertWithCustomError(
      bridge.write.receiveMessage([old3.message, old3.signatures]),
      bridge,
      "BridgeSignerNotInSet",
    );
  });

  it("accepts the previous set strictly before the end of its retention window, not at it", async () => {
    const { bridge } = await spokeFixture();
    await bridge.write.setRetentionWindow([100]);
    await bridge.write.setValidatorSet([newSet, 2]);
    const [, , validUntil] = await bridge.read.previousValidatorSet();
    const m1 = message({ nonce: 1n, recipient: universalFromEvm(alice!.account.address), amount: CAL });
    const s1 = await signedFor(m1, bridge.address);
    await spokeChain.networkHelpers.time.setNextBlockTimestamp(BigInt(validUntil) - 1n);
    await bridge.write.receiveMessage([s1.message, s1.signatures]);
    const m2 = message({ nonce: 2n, recipient: universalFromEvm(alice!.account.address), amount: CAL });
    const s2 = await signedFor(m2, bridge.address);
    await spokeChain.networkHelpers.time.setNextBlockTimestamp(BigInt(validUntil));
    await spokeChain.viem.assertions.revertWithCustomError(
      bridge.write.receiveMessage([s2.message, s2.signatures]),
      bridge,
      "BridgeSignerNotInSet",
    );
  });

  it("retention 0 revokes the previous set at once", async () => {
    const { bridge } = await spokeFixture();
    await bridge.write.setRetentionWindow([0]);
    const m = message({ recipient: universalFromEvm(alice!.account.address), amount: CAL });
    const old = await signedFor(m, bridge.address);
    await bridge.write.setValidatorSet([newSet, 2]);
    await spokeChain.viem.assertions.revertWithCustomError(
      bridge.write.receiveMessage([old.message, old.signatures]),
      bridge,
      "BridgeSignerNotInSet",
    );
    const fresh = await signedFor(m, bridge.address, newKeys.slice(0, 2));
    await bridge.write.receiveMessage([fresh.message, fresh.signatures]);
  });

  it("refuses a signature set mixing the old and the new validators", async () => {
    const { bridge } = await spokeFixture();
    await bridge.write.setValidatorSet([newSet, 2]);
    const m = message({ recipient: universalFromEvm(alice!.account.address), amount: CAL });
    const sigs = await signPacked([validatorKeys[0]!, newKeys[0]!], digestFor(m, bridge.address));
    await spokeChain.viem.assertions.revertWithCustomError(bridge.write.receiveMessage([encode(m), sigs]), bridge, "BridgeSignerNotInSet");
  });

  it("BridgeInvalidValidatorSet: unsorted, duplicated, empty sets or a threshold that is not a strict majority", async () => {
    const { bridge } = await spokeFixture();
    const unsorted = [...newSet].reverse();
    for (const [set, t] of [
      [unsorted, 2],
      [[newSet[0]!, newSet[0]!], 1],
      [[], 1],
      [newSet, 0],
      [newSet, 1],
      [newSet, 4],
      [newSet.slice(0, 2), 1],
    ] as const) {
      await spokeChain.viem.assertions.revertWithCustomError(
        bridge.write.setValidatorSet([[...set], t]),
        bridge,
        "BridgeInvalidValidatorSet",
      );
    }
    await spokeChain.viem.assertions.revertWithCustomErrorWithArgs(
      bridge.write.setValidatorSet([newSet, 1]),
      bridge,
      "BridgeInvalidValidatorSet",
      [3n, 1n],
    );
    await spokeChain.viem.assertions.revertWithCustomError(
      bridge.write.setRetentionWindow([31 * 86_400]),
      bridge,
      "BridgeParameterOutOfBounds",
    );
  });
});

describe("Home vault votes (DESIGN §7)", () => {
  it("delegates the votes of the CAL it holds to the account governance names, and only the admin can", async () => {
    const { token, bridge } = await homeFixture();
    const [, user, aggregator, stranger] = homeChain.wallets;
    await token.write.transfer([user!.account.address, 100n * CAL]);
    await token.write.approve([bridge.address, 40n * CAL], { account: user!.account });
    await bridge.write.send([SPOKE, universalFromEvm(user!.account.address), 40n * CAL], { account: user!.account });
    await homeChain.viem.assertions.revertWithCustomError(
      bridge.write.delegateVotes([aggregator!.account.address], { account: stranger!.account }),
      bridge,
      "AccessControlUnauthorizedAccount",
    );
    await bridge.write.delegateVotes([aggregator!.account.address]);
    assert.equal(getAddress(await token.read.delegates([bridge.address])), getAddress(aggregator!.account.address));
    assert.equal(await token.read.getVotes([aggregator!.account.address]), 40n * CAL);
  });
});
