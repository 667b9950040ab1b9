import { expect } from "chai";
import { readFileSync } from "node:fs";
import { internal } from "@ton/core";
import { privateKeyToAccount } from "viem/accounts";
import { toHex, type Hex } from "viem";
import {
  CAL,
  CalctraError,
  DOMAINS,
  bridgeDigest,
  bridgeMessageId,
  encodeBridgeMessage,
  universalFromEvm,
  type BridgeMessage,
} from "@calctra/core";
import {
  TON_DELIVER_VALUE,
  TonBridgeClient,
  TonDeliveryError,
  TonDestination,
  TonSource,
  TonTokenClient,
  TonTransactionError,
  tonAbi,
  tonSnapshotEmulator,
  tonUniversalAddress,
  type TonDeployment,
  type TonPreparedMessage,
} from "../src/ton/index.js";
import type { SignedMessage } from "../src/bridge/index.js";
import { governedTonDeployment, startGovernedTonBridge, type GovernedTonBridge } from "@calctra/devnet/ton-bridge";

type Wallet = GovernedTonBridge["tonUser"];
const vectors = JSON.parse(readFileSync(new URL("../../test/vectors/bridge.json", import.meta.url), "utf8")) as {
  validators: { privateKey: Hex; address: Hex }[];
};

/** Sends prepared messages from a plain sandbox wallet (not through the SDK). */
async function sendOrder(wallet: Wallet, messages: readonly TonPreparedMessage[]) {
  return wallet.sendMessages(messages.map((m) => internal({ to: m.to, value: m.value, body: m.body, bounce: m.bounce })));
}

describe("TON bridge: prepared deliveries and transfers, simulate, one read path (governed @ton/sandbox bridge)", function () {
  this.timeout(300_000);
  let ton: GovernedTonBridge;
  let deployment: TonDeployment;
  let destination: TonDestination;
  let client: TonBridgeClient;
  const homeUser = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8" as const;
  let nonce = 1n;

  /** A message from the local EVM home to the TON user, signed by two development validators (ascending). */
  async function signedToTon(amount: bigint): Promise<SignedMessage> {
    const message: BridgeMessage = {
      version: 1,
      srcDomain: DOMAINS.localEvmHome,
      dstDomain: DOMAINS.ton,
      nonce: nonce++,
      sender: universalFromEvm(homeUser),
      recipient: tonUniversalAddress(ton.tonUser.address),
      amount,
    };
    const id = bridgeMessageId(message);
    const digest = toHex(bridgeDigest({ dstDomain: DOMAINS.ton, dstBridge: ton.tonBridge, messageId: id }));
    const signers = [...vectors.validators.slice(0, 2)].sort((a, b) => (a.address.toLowerCase() < b.address.toLowerCase() ? -1 : 1));
    const signatures = await Promise.all(
      signers.map(async (v) => ({ signer: v.address, signature: await privateKeyToAccount(v.privateKey).sign({ hash: digest }) })),
    );
    return { messageId: toHex(id), encoded: toHex(encodeBridgeMessage(message)), message, signatures };
  }

  before(async () => {
    ton = await startGovernedTonBridge();
    deployment = await governedTonDeployment(ton);
    destination = new TonDestination({ open: ton.open, bridge: ton.env.bridge.address, sender: ton.tonRelayer.getSender(), now: ton.now });
    const sender = ton.tonUser.getSender();
    client = new TonBridgeClient({
      open: ton.open,
      sender,
      deployment,
      now: ton.now,
      emulate: tonSnapshotEmulator({ chain: ton.blockchain, open: ton.open, sender }),
    });
  });

  it("a delivery prepared by the destination and sent by the relayer's plain wallet mints on TON; delivering it again is refused by name", async () => {
    const signed = await signedToTon(100n * CAL);
    const prepared = destination.prepareDeliver(signed);
    expect([prepared.to.equals(ton.env.bridge.address), prepared.value, prepared.bounce]).to.deep.equal([true, TON_DELIVER_VALUE, true]);
    const body = tonAbi.loadBridgeDeliver(prepared.body.beginParse());
    expect(toHex(body.message.beginParse().loadBuffer(89))).to.equal(signed.encoded);
    expect([await client.isDelivered({ messageId: signed.messageId }), await destination.isDelivered(signed.messageId)]).to.deep.equal([
      false,
      false,
    ]);
    await sendOrder(ton.tonRelayer, [prepared]);
    expect([await client.isDelivered({ messageId: signed.messageId }), await destination.isDelivered(signed.messageId)]).to.deep.equal([
      true,
      true,
    ]);
    expect(
      await new TonTokenClient({ open: ton.open, sender: ton.tonUser.getSender(), deployment }).balanceOf({
        owner: ton.tonUser.address.toString(),
      }),
    ).to.equal(100n * CAL);
    const replay = await destination.deliver([signed]).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(replay).to.be.instanceOf(TonDeliveryError);
    expect((replay as TonDeliveryError).errorName).to.equal("BridgeMessageAlreadyDelivered");
  });

  it("simulateTransfer names the message the bridge will record without recording it; the prepared transfer sent by a plain wallet records exactly it", async () => {
    const parameters = { dstDomain: DOMAINS.localEvmHome, recipient: homeUser, amount: 30n * CAL };
    const source = new TonSource({ open: ton.open, bridge: ton.env.bridge.address, now: ton.now });
    const simulated = await client.simulateTransfer(parameters);
    expect(simulated.emulated).to.equal(true);
    expect(simulated.cost! > 0n).to.equal(true);
    const expected = simulated.result!;
    expect(expected.message).to.deep.include({
      srcDomain: DOMAINS.ton,
      dstDomain: DOMAINS.localEvmHome,
      amount: 30n * CAL,
      sender: tonUniversalAddress(ton.tonUser.address),
    });
    expect(await source.scan(1n)).to.equal(null);
    expect(await client.findMessage({ messageId: expected.messageId })).to.equal(null);

    await sendOrder(ton.tonUser, [await client.prepareTransfer(parameters)]);
    const found = await client.findMessage({ messageId: expected.messageId });
    expect(found?.message).to.deep.equal(expected.message);
    const scanned = await source.scan(1n);
    expect(scanned?.messages.map((m) => m.messageId)).to.deep.equal([expected.messageId]);
  });

  it("simulate of a refused transfer throws the same error as the send and sends nothing; checks before sending are the send's", async () => {
    const tonBefore = await ton.tonUser.getBalance();
    const tooMuch = { dstDomain: DOMAINS.localEvmHome, recipient: homeUser, amount: 1_000n * CAL };
    const simulated = await client.simulateTransfer(tooMuch).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(simulated).to.be.instanceOf(TonTransactionError);
    expect((simulated as TonTransactionError).exitName).to.equal("JettonBalanceError");
    expect(await ton.tonUser.getBalance()).to.equal(tonBefore);
    const sent = await client.transfer(tooMuch).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect([sent instanceof TonTransactionError, (sent as TonTransactionError).exitName]).to.deep.equal([true, "JettonBalanceError"]);

    for (const [p, name] of [
      [{ ...tooMuch, amount: 0n }, "BridgeZeroAmount"],
      [{ ...tooMuch, dstDomain: DOMAINS.localEvmSpoke }, "BridgeUnknownDomain"],
      [{ ...tooMuch, recipient: `0x${"00".repeat(20)}` }, "BridgeInvalidMessage"],
    ] as const) {
      const e = await client.simulateTransfer(p).then(
        () => undefined,
        (x: unknown) => x,
      );
      expect([e instanceof CalctraError, (e as Error).name], name).to.deep.equal([true, name]);
    }
  });
});
