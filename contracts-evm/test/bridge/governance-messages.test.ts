import assert from "node:assert/strict";
import { concat, getAddress, hexToBytes, keccak256, padHex, slice, toHex, type Address, type Hex } from "viem";
import {
  bridgeDigest,
  decodeGovernanceMessage,
  encodeGovernanceMessage,
  encodeGovernancePayload,
  setParameter,
  universalFromEvm,
  type GovernanceMessage,
} from "@calctra/core";
import {
  CAL,
  HOME,
  SOLANA,
  SPOKE,
  TON,
  type Chain,
  createChain,
  deploySpoke,
  governanceVectors,
  message,
  openLimits,
  signPacked,
  signedFor,
  validatorAddresses,
  validatorKeys,
} from "./helpers.js";

const GOVERNANCE_SENDER_ROLE = keccak256(toHex("GOVERNANCE_SENDER_ROLE"));
const HOME_VAULT = "0x5FbDB2315678afecb367f032d93F642f64180aa3" as const;
const SPOKE_MINTER = "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512" as const;
const KIND = { ProposalOpened: 1, VoteTally: 2, GovernanceActions: 3 } as const;

/** Signatures of `encoded` for the bridge at `bridge` on `dstDomain` by `keys` (packed, ascending). */
async function signV2(encoded: Hex, bridge: Address, dstDomain: number, keys = validatorKeys.slice(0, 2)): Promise<Hex> {
  const digest = toHex(bridgeDigest({ dstDomain, dstBridge: universalFromEvm(bridge), messageId: hexToBytes(keccak256(encoded)) }));
  return signPacked(keys, digest);
}

/** A recording receiver; with `at`, its code is placed at that address (a vector's recipient). */
async function receiverAt(chain: Chain, at?: Address) {
  const deployed = await chain.viem.deployContract("MockGovernanceReceiver");
  if (!at) return deployed;
  const code = await chain.publicClient.getCode({ address: deployed.address });
  await chain.networkHelpers.setCode(at, code!);
  return chain.viem.getContractAt("MockGovernanceReceiver", at);
}

/** A version-2 message from home to the spoke (ProposalOpened), encoded by @calctra/core. */
function v2(fields: Partial<GovernanceMessage> & { recipient: Hex }): Hex {
  return toHex(
    encodeGovernanceMessage({
      version: 2,
      srcDomain: HOME,
      dstDomain: SPOKE,
      nonce: 1n,
      sender: universalFromEvm("0xa513E6E4b8f2a923D98304ec87F64353C4D5C853"),
      payload: { kind: "ProposalOpened", proposalId: 12345n, snapshot: 1_800_000_000n, voteEnd: 1_800_604_800n },
      ...fields,
    }),
  );
}

describe("Version-2 (governance) messages: the shared vectors", () => {
  it("computes the messageId and digest of every governance.json message vector", async () => {
    const chain = await createChain(SPOKE);
    const harness = await chain.viem.deployContract("BridgeMessageHarness");
    for (const v of governanceVectors.messages) {
      assert.equal(await harness.read.id([v.encoded]), v.messageId, v.name);
      assert.equal(await harness.read.digest([v.message.dstDomain, v.dstBridge, v.messageId]), v.digest, v.name);
      for (const s of v.signatures) assert.equal(await harness.read.recover([v.digest, s.signature]), getAddress(s.signer));
    }
  });

  for (const v of governanceVectors.messages.filter((m) => m.message.dstDomain === HOME || m.message.dstDomain === SPOKE)) {
    it(`delivers the vector "${v.name}" at the vector dstBridge with 2 of its 3 signatures, once, to a recording receiver`, async () => {
      const dst = v.message.dstDomain;
      const chain = await createChain(dst);
      const [deployer, relayer] = chain.wallets;
      const d = deployer!.account.address;
      // The vectors' dstBridge is the first (home: nonce 0) or second (spoke: nonce 1) deployment of the dev deployer.
      const deployed =
        dst === HOME
          ? await chain.viem.deployContract("BridgeVault", [d, d, d, validatorAddresses, 2, 86_400])
          : (await deploySpoke(chain, { domain: HOME, bridge: HOME_VAULT })).bridge;
      // Both bridges share BridgeBase's interface: one ABI for either.
      const bridge = await chain.viem.getContractAt("BridgeMinter", deployed.address);
      assert.equal(getAddress(bridge.address), dst === HOME ? HOME_VAULT : SPOKE_MINTER);
      assert.equal(universalFromEvm(bridge.address), v.dstBridge);
      await bridge.write.setRemoteDomain([v.message.srcDomain, openLimits(HOME_VAULT)]);
      assert.equal(await bridge.read.digestOf([v.messageId]), v.digest);
      const recipient = getAddress(`0x${v.message.recipient.slice(26)}`);
      const receiver = await receiverAt(chain, recipient);
      const signatures = concat([v.signatures[0]!.signature, v.signatures[2]!.signature]);
      const nonce = BigInt(v.message.nonce);
      const kind = KIND[v.message.payload.kind as keyof typeof KIND];
      await chain.viem.assertions.emitWithArgs(
        bridge.write.receiveMessage([v.encoded, signatures], { account: relayer!.account }),
        bridge,
        "GovernanceMessageDelivered",
        [v.messageId, v.message.srcDomain, nonce, recipient, kind],
      );
      assert.equal(await receiver.read.callCount(), 1n);
      const [caller, srcDomain, k, sender, payload] = await receiver.read.calls([0n]);
      assert.deepEqual(
        [getAddress(caller), srcDomain, sender, k, payload],
        [getAddress(bridge.address), v.message.srcDomain, v.message.sender, kind, slice(v.encoded, 82)],
      );
      assert.equal(await bridge.read.isDelivered([v.encoded]), true);
      assert.equal(await bridge.read.isDelivered([v.message.srcDomain, nonce]), true);
      await chain.viem.assertions.revertWithCustomErrorWithArgs(
        bridge.write.receiveMessage([v.encoded, signatures]),
        bridge,
        "BridgeMessageAlreadyDelivered",
        [v.messageId],
      );
      assert.equal(await receiver.read.callCount(), 1n);
    });
  }
});

describe("Version-2 (governance) messages: delivery", () => {
  it("a receiver revert leaves the message undelivered; it is delivered once the receiver accepts", async () => {
    const chain = await createChain(SPOKE);
    const { bridge } = await deploySpoke(chain, { domain: HOME, bridge: HOME_VAULT });
    const receiver = await receiverAt(chain);
    await receiver.write.setRefusing([true]);
    const encoded = v2({ recipient: universalFromEvm(receiver.address) });
    const sigs = await signV2(encoded, bridge.address, SPOKE);
    await chain.viem.assertions.revertWithCustomError(bridge.write.receiveMessage([encoded, sigs]), receiver, "MockRefused");
    assert.equal(await bridge.read.isDelivered([encoded]), false);
    await chain.viem.assertions.revertWithCustomError(bridge.write.receiveBatch([[encoded], [sigs]]), receiver, "MockRefused");
    await receiver.write.setRefusing([false]);
    await bridge.write.receiveMessage([encoded, sigs]);
    assert.equal(await bridge.read.isDelivered([encoded]), true);
    assert.equal(await receiver.read.callCount(), 1n);
  });

  it("shares the replay record with token messages: a token message with a delivered nonce is refused, and a batch mixes both", async () => {
    const chain = await createChain(SPOKE);
    const [, alice] = chain.wallets;
    const { token, bridge } = await deploySpoke(chain, { domain: HOME, bridge: HOME_VAULT });
    const receiver = await receiverAt(chain);
    const gov = v2({ nonce: 1n, recipient: universalFromEvm(receiver.address) });
    const govSigs = await signV2(gov, bridge.address, SPOKE);
    const tok = await signedFor(message({ nonce: 2n, recipient: universalFromEvm(alice!.account.address), amount: CAL }), bridge.address);
    const clash = await signedFor(message({ nonce: 1n, recipient: universalFromEvm(alice!.account.address), amount: CAL }), bridge.address);
    await bridge.write.receiveBatch([
      [gov, tok.message],
      [govSigs, tok.signatures],
    ]);
    assert.equal(await receiver.read.callCount(), 1n);
    assert.equal(await token.read.totalSupply(), CAL);
    await chain.viem.assertions.revertWithCustomError(
      bridge.write.receiveMessage([clash.message, clash.signatures]),
      bridge,
      "BridgeMessageAlreadyDelivered",
    );
  });

  it("verifies version-2 signatures like token ones: below threshold, another bridge's digest, unknown source, wrong destination", async () => {
    const chain = await createChain(SPOKE);
    const { bridge } = await deploySpoke(chain, { domain: HOME, bridge: HOME_VAULT });
    const receiver = await receiverAt(chain);
    const to = universalFromEvm(receiver.address);
    const m = v2({ recipient: to });
    await chain.viem.assertions.revertWithCustomErrorWithArgs(
      bridge.write.receiveMessage([m, await signV2(m, bridge.address, SPOKE, validatorKeys.slice(0, 1))]),
      bridge,
      "BridgeBelowThreshold",
      [1n, 2n],
    );
    await chain.viem.assertions.revertWithCustomError(
      bridge.write.receiveMessage([m, await signV2(m, HOME_VAULT, SPOKE)]),
      bridge,
      "BridgeSignerNotInSet",
    );
    const fromTon = v2({ srcDomain: TON, recipient: to });
    await chain.viem.assertions.revertWithCustomErrorWithArgs(
      bridge.write.receiveMessage([fromTon, await signV2(fromTon, bridge.address, SPOKE)]),
      bridge,
      "BridgeUnknownDomain",
      [TON],
    );
    const toSolana = v2({ dstDomain: SOLANA, recipient: to });
    await chain.viem.assertions.revertWithCustomErrorWithArgs(
      bridge.write.receiveMessage([toSolana, await signV2(toSolana, bridge.address, SPOKE)]),
      bridge,
      "BridgeWrongDestination",
      [SOLANA, SPOKE],
    );
    const wide = v2({ recipient: `0x${"ab".repeat(32)}` });
    await chain.viem.assertions.revertWithCustomError(
      bridge.write.receiveMessage([wide, await signV2(wide, bridge.address, SPOKE)]),
      bridge,
      "BridgeInvalidRecipient",
    );
    assert.equal(await receiver.read.callCount(), 0n);
  });

  it("BridgeInvalidMessage: a version-2 message shorter than its 82-byte header or longer than 1024 bytes, or an unknown version", async () => {
    const chain = await createChain(SPOKE);
    const { bridge } = await deploySpoke(chain, { domain: HOME, bridge: HOME_VAULT });
    const m = v2({ recipient: universalFromEvm(HOME_VAULT) });
    await chain.viem.assertions.revertWithCustomErrorWithArgs(
      bridge.write.receiveMessage([slice(m, 0, 81), "0x"]),
      bridge,
      "BridgeInvalidMessage",
      [81n, 2],
    );
    const long = concat([m, `0x${"00".repeat(1025 - (m.length - 2) / 2)}`]);
    await chain.viem.assertions.revertWithCustomErrorWithArgs(bridge.write.receiveMessage([long, "0x"]), bridge, "BridgeInvalidMessage", [
      1025n,
      2,
    ]);
    const v3 = concat(["0x03", slice(m, 1)]);
    await chain.viem.assertions.revertWithCustomErrorWithArgs(bridge.write.receiveMessage([v3, "0x"]), bridge, "BridgeInvalidMessage", [
      BigInt((v3.length - 2) / 2),
      3,
    ]);
    await chain.viem.assertions.revertWithCustomErrorWithArgs(bridge.write.receiveMessage(["0x", "0x"]), bridge, "BridgeInvalidMessage", [
      0n,
      0,
    ]);
  });

  it("flows while the bridge is paused (governance must reach a paused chain); token messages do not", async () => {
    const chain = await createChain(SPOKE);
    const [, alice, , , , , pauser] = chain.wallets;
    const { bridge } = await deploySpoke(chain, { domain: HOME, bridge: HOME_VAULT });
    const receiver = await receiverAt(chain);
    await bridge.write.pause({ account: pauser!.account });
    const gov = v2({ nonce: 5n, recipient: universalFromEvm(receiver.address) });
    await bridge.write.receiveMessage([gov, await signV2(gov, bridge.address, SPOKE)]);
    assert.equal(await receiver.read.callCount(), 1n);
    const tok = await signedFor(message({ nonce: 6n, recipient: universalFromEvm(alice!.account.address), amount: CAL }), bridge.address);
    await chain.viem.assertions.revertWithCustomError(bridge.write.receiveMessage([tok.message, tok.signatures]), bridge, "EnforcedPause");
  });
});

describe("Version-2 (governance) messages: sending", () => {
  it("BridgeUnauthorizedSender: only GOVERNANCE_SENDER_ROLE sends", async () => {
    const chain = await createChain(HOME);
    const [deployer, stranger] = chain.wallets;
    const d = deployer!.account.address;
    const bridge = await chain.viem.deployContract("BridgeVault", [d, d, d, validatorAddresses, 2, 86_400]);
    await bridge.write.setRemoteDomain([SPOKE, openLimits(SPOKE_MINTER)]);
    await chain.viem.assertions.revertWithCustomErrorWithArgs(
      bridge.write.sendGovernanceMessage([SPOKE, universalFromEvm(d), 1, "0x"], { account: stranger!.account }),
      bridge,
      "BridgeUnauthorizedSender",
      [getAddress(stranger!.account.address)],
    );
    await chain.viem.assertions.revertWithCustomErrorWithArgs(
      bridge.write.sendGovernanceMessage([SPOKE, universalFromEvm(d), 1, "0x"]),
      bridge,
      "BridgeUnauthorizedSender",
      [getAddress(d)],
    );
  });

  it("emits the whole encoded message, shares the outbound nonce with token sends, and refuses what cannot be delivered", async () => {
    const chain = await createChain(HOME);
    const [deployer, hub] = chain.wallets;
    const d = deployer!.account.address;
    const token = await chain.viem.deployContract("CalToken", [d, d, true]);
    const bridge = await chain.viem.deployContract("BridgeVault", [token.address, d, d, validatorAddresses, 2, 86_400]);
    for (const dom of [SPOKE, SOLANA, TON]) await bridge.write.setRemoteDomain([dom, openLimits(SPOKE_MINTER)]);
    await bridge.write.grantRole([GOVERNANCE_SENDER_ROLE, hub!.account.address]);
    await token.write.approve([bridge.address, 10n * CAL]);
    await bridge.write.send([SPOKE, universalFromEvm(d), CAL]);
    const asHub = { account: hub!.account };
    const payload = { kind: "ProposalOpened", proposalId: 7n, snapshot: 100n, voteEnd: 200n } as const;
    const expected = toHex(
      encodeGovernanceMessage({
        version: 2,
        srcDomain: HOME,
        dstDomain: SPOKE,
        nonce: 2n,
        sender: universalFromEvm(hub!.account.address),
        recipient: universalFromEvm(SPOKE_MINTER),
        payload,
      }),
    );
    const payloadBytes = slice(expected, 82);
    const { result } = await chain.publicClient.simulateContract({
      address: bridge.address,
      abi: bridge.abi,
      functionName: "sendGovernanceMessage",
      args: [SPOKE, universalFromEvm(SPOKE_MINTER), 1, payloadBytes],
      account: hub!.account,
    });
    assert.deepEqual(result, [keccak256(expected), 2n]);
    await chain.viem.assertions.emitWithArgs(
      bridge.write.sendGovernanceMessage([SPOKE, universalFromEvm(SPOKE_MINTER), 1, payloadBytes], asHub),
      bridge,
      "GovernanceMessageSent",
      [keccak256(expected), SPOKE, 2n, expected],
    );
    await bridge.write.send([SPOKE, universalFromEvm(d), CAL]);
    assert.equal(await bridge.read.outboundNonce(), 3n);
    // The recipient rule of token sends (governance.json recipients, toward the domains this home can reach).
    for (const r of governanceVectors.recipients.filter((x) => x.dstDomain !== HOME)) {
      const sent = bridge.write.sendGovernanceMessage([r.dstDomain, r.recipient, 1, payloadBytes], asHub);
      if (r.deliverable) await chain.viem.assertions.emit(sent, bridge, "GovernanceMessageSent");
      else await chain.viem.assertions.revertWithCustomErrorWithArgs(sent, bridge, "BridgeInvalidRecipient", [r.recipient]);
    }
    await chain.viem.assertions.revertWithCustomErrorWithArgs(
      bridge.write.sendGovernanceMessage([0x11111111, universalFromEvm(d), 1, payloadBytes], asHub),
      bridge,
      "BridgeUnknownDomain",
      [0x11111111],
    );
    await chain.viem.assertions.revertWithCustomErrorWithArgs(
      bridge.write.sendGovernanceMessage([SPOKE, universalFromEvm(d), 3, padHex("0x", { size: 943 })], asHub),
      bridge,
      "BridgeInvalidMessage",
      [1025n, 2],
    );
    await bridge.write.sendGovernanceMessage([SPOKE, universalFromEvm(d), 3, padHex("0x", { size: 942 })], asHub);
  });

  it("end to end on EVM: the hub bridge sends, the validators sign what it emitted, the spoke delivers it to its receiver", async () => {
    const home = await createChain(HOME);
    const [hd, hub] = home.wallets;
    const vault = await home.viem.deployContract("BridgeVault", [
      hd!.account.address,
      hd!.account.address,
      hd!.account.address,
      validatorAddresses,
      2,
      86_400,
    ]);
    const spoke = await createChain(SPOKE);
    const { bridge: minter } = await deploySpoke(spoke, { domain: HOME, bridge: vault.address });
    await vault.write.setRemoteDomain([SPOKE, openLimits(minter.address)]);
    await vault.write.grantRole([GOVERNANCE_SENDER_ROLE, hub!.account.address]);
    const receiver = await receiverAt(spoke);
    const actions = toHex(
      encodeGovernancePayload({
        kind: "GovernanceActions",
        sequence: 1n,
        proposalId: 7n,
        actions: [setParameter("challengePeriod", 7200n)],
      }),
    );
    const hash = await vault.write.sendGovernanceMessage([SPOKE, universalFromEvm(receiver.address), 3, actions], {
      account: hub!.account,
    });
    await home.publicClient.waitForTransactionReceipt({ hash });
    // The event carries the whole message; it decodes with core's codec (the SDK's outbound reader does the same,
    // tested end to end in bridge/test/governance-e2e.test.ts).
    const events = await vault.getEvents.GovernanceMessageSent({}, { fromBlock: 0n });
    assert.equal(events.length, 1);
    const encoded = events[0]!.args.message!;
    const decoded = decodeGovernanceMessage(hexToBytes(encoded));
    assert.equal(decoded.nonce, 1n);
    assert.equal(decoded.recipient, universalFromEvm(receiver.address));
    assert.equal(decoded.payload.kind, "GovernanceActions");
    assert.equal(keccak256(encoded), events[0]!.args.messageId);
    await minter.write.receiveMessage([encoded, await signV2(encoded, minter.address, SPOKE, validatorKeys)]);
    const [, srcDomain, kind, sender, payload] = await receiver.read.calls([0n]);
    assert.deepEqual([srcDomain, sender, kind, payload], [HOME, universalFromEvm(hub!.account.address), 3, actions]);
    assert.equal(await minter.read.isDelivered([HOME, 1n]), true);
  });
});
