import { expect } from "chai";
import { pino } from "pino";
import { privateKeyToAccount } from "viem/accounts";
import { SolanaSource } from "../src/solana/index.js";
import { TonDestination, tonUniversalAddress } from "../src/ton/index.js";
import { Validator } from "@calctra/bridge";
import { developmentValidators } from "@calctra/devnet/validators";
import { startGovernedTonBridge, type GovernedTonBridge } from "@calctra/devnet/ton-bridge";
import { CAL, CalctraError, DOMAINS, bridgeMessageId, encodeBridgeMessage, universalFromEvm } from "@calctra/core";
import { startLocalSolana, type LocalSolana, type LocalSolanaWallet } from "@calctra/devnet/solana";
import { SolanaBridgeClient, SolanaTokenClient, solanaBridgeAddress, universalFromPublicKey } from "../src/solana/index.js";

async function expectCalctra(promise: Promise<unknown>, name: string): Promise<CalctraError> {
  try {
    await promise;
  } catch (e) {
    expect(e, String(e)).to.be.instanceOf(CalctraError);
    expect((e as CalctraError).name).to.equal(name);
    return e as CalctraError;
  }
  throw new Error(`expected ${name}, but the call succeeded`);
}

describe("Solana bridge client (native host) sending to the governed TON sandbox bridge", function () {
  this.timeout(300_000);
  let sol: LocalSolana;
  let ton: GovernedTonBridge;
  let alice: LocalSolanaWallet;
  let bridge: SolanaBridgeClient;
  let validators: Validator[];
  let urls: string[];
  let tonDestination: TonDestination;
  const homeUser = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8" as const;

  before(async () => {
    sol = await startLocalSolana();
    ton = await startGovernedTonBridge();
    // TON is enabled on the Solana bridge the way its admin allows: a governance proposal
    await sol.hubActions({
      actions: [
        {
          kind: "setRemoteDomain",
          domain: DOMAINS.ton,
          enabled: true,
          bridge: ton.tonBridge,
          inboundCapacity: 1_000_000n * CAL,
          inboundRatePerSecond: 1_000n * CAL,
          outboundCapacity: 1_000_000n * CAL,
          outboundRatePerSecond: 1_000n * CAL,
        },
      ],
    });
    alice = await sol.newWallet({ cal: 100n * CAL });
    bridge = new SolanaBridgeClient(alice.params);
    const logger = pino({ level: "silent" });
    validators = developmentValidators().map(
      (k) =>
        new Validator({
          sources: [{ source: new SolanaSource({ connection: sol.connection, commitment: "confirmed" }), startBlock: 1n }],
          destinations: new Map([
            [DOMAINS.ton, ton.tonBridge],
            [DOMAINS.localEvmHome, universalFromEvm("0x00000000000000000000000000000000ca17b41d")],
          ]),
          account: privateKeyToAccount(k.privateKey),
          logger,
        }),
    );
    urls = (await Promise.all(validators.map((v) => v.serve(0)))).map((p) => `http://127.0.0.1:${p}`);
    tonDestination = new TonDestination({
      open: ton.open,
      bridge: ton.env.bridge.address,
      sender: ton.tonRelayer.getSender(),
      now: ton.now,
    });
  });
  after(async () => {
    await Promise.all((validators ?? []).map((v) => v.stop()));
    sol?.close();
  });

  it("refuses a zero or oversized amount, a domain the bridge has not enabled and a malformed or non-EVM recipient before sending anything", async () => {
    const token = new SolanaTokenClient(alice.params);
    const before = await token.balanceOf({ owner: alice.address });
    const recipient = tonUniversalAddress(ton.tonUser.address);
    await expectCalctra(bridge.transfer({ dstDomain: DOMAINS.ton, recipient, amount: 0n }), "BridgeZeroAmount");
    await expectCalctra(bridge.transfer({ dstDomain: DOMAINS.ton, recipient, amount: 1n << 64n }), "BridgeInvalidMessage");
    await expectCalctra(bridge.transfer({ dstDomain: 424242, recipient: homeUser, amount: CAL }), "BridgeUnknownDomain");
    await expectCalctra(bridge.transfer({ dstDomain: DOMAINS.solana, recipient, amount: CAL }), "BridgeUnknownDomain");
    await expectCalctra(bridge.transfer({ dstDomain: DOMAINS.localEvmSpoke, recipient: homeUser, amount: CAL }), "BridgeUnknownDomain");
    await expectCalctra(bridge.transfer({ dstDomain: DOMAINS.ton, recipient: "0x1234", amount: CAL }), "BridgeInvalidMessage");
    await expectCalctra(
      bridge.transfer({ dstDomain: DOMAINS.ton, recipient: `0x${"00".repeat(32)}`, amount: CAL }),
      "BridgeInvalidMessage",
    );
    // a 32-byte account id is no EVM address: the home domain would never deliver it
    const notEvm = await expectCalctra(
      bridge.transfer({ dstDomain: DOMAINS.localEvmHome, recipient, amount: CAL }),
      "BridgeInvalidMessage",
    );
    expect(notEvm.chain).to.equal("sdk");
    expect(await token.balanceOf({ owner: alice.address })).to.equal(before);
    expect(await bridge.findMessage({ messageId: `0x${"11".repeat(32)}` })).to.equal(null);
  });

  it("burns CAL for a TON account and records the message re-derived from its outbound account", async () => {
    const token = new SolanaTokenClient(alice.params);
    const supplyBefore = await token.totalSupply();
    const recipient = tonUniversalAddress(ton.tonUser.address);
    const sent = await bridge.transfer({ dstDomain: DOMAINS.ton, recipient, amount: 40n * CAL });
    expect(sent.nonce).to.equal(1n);
    expect(sent.message).to.deep.equal({
      version: 1,
      srcDomain: DOMAINS.solana,
      dstDomain: DOMAINS.ton,
      nonce: 1n,
      sender: universalFromPublicKey(alice.publicKey),
      recipient: recipient.toLowerCase(),
      amount: 40n * CAL,
    });
    expect(sent.messageId).to.equal(`0x${Buffer.from(bridgeMessageId(sent.message)).toString("hex")}`);
    expect((sent.cost ?? 0n) > 0n, "compute units reported").to.equal(true);
    expect(await token.balanceOf({ owner: alice.address })).to.equal(60n * CAL);
    expect(await token.totalSupply()).to.equal(supplyBefore - 40n * CAL);
    const found = await bridge.findMessage({ messageId: sent.messageId });
    expect(found?.encoded).to.equal(`0x${Buffer.from(encodeBridgeMessage(sent.message)).toString("hex")}`);
    // an EVM recipient for the EVM home domain is left-padded
    const home = await bridge.transfer({ dstDomain: DOMAINS.localEvmHome, recipient: homeUser, amount: 5n * CAL });
    expect(home.nonce).to.equal(2n);
    expect(home.message.recipient).to.equal(universalFromEvm(homeUser));
    // Solana marks (srcDomain, nonce): the message is needed, an id alone is refused
    expect(await bridge.isDelivered({ messageId: sent.messageId, message: sent.message })).to.equal(false);
    await expectCalctra(bridge.isDelivered({ messageId: sent.messageId }), "BridgeInvalidMessage");
    expect(bridge.bridge).to.equal(solanaBridgeAddress());
  });

  it("reports sent, signed 1/3 and signed 3/3 against the TON bridge's set, then self-relays it; a second self-relay is refused on TON", async () => {
    const messageId = await messageIdOfNonce(1n);
    const status = () => bridge.status({ messageId, validators: urls, destination: tonDestination });
    expect(await status()).to.deep.equal({ state: "sent", signatures: 0, threshold: 2, validators: 3 });
    await validators[0]!.pollOnce();
    expect(await status()).to.deep.equal({ state: "signed", signatures: 1, threshold: 2, validators: 3 });
    await expectCalctra(bridge.selfRelay({ messageId, validators: urls, destination: tonDestination }), "BridgeBelowThreshold");
    await validators[1]!.pollOnce();
    await validators[2]!.pollOnce();
    expect(await status()).to.deep.equal({ state: "signed", signatures: 3, threshold: 2, validators: 3 });
    const relayed = await bridge.selfRelay({ messageId, validators: urls, destination: tonDestination });
    expect(relayed.signers).to.have.length(2);
    expect(BigInt(relayed.signers[0]!) < BigInt(relayed.signers[1]!)).to.equal(true);
    expect(relayed.id).to.match(/^[0-9a-f]{64}$/);
    expect((await status()).state).to.equal("delivered");
    expect(await ton.env.balanceOf(ton.tonUser.address)).to.equal(40n * CAL);
    let refused: unknown;
    try {
      await bridge.selfRelay({ messageId, validators: urls, destination: tonDestination });
    } catch (e) {
      refused = e;
    }
    expect((refused as { errorName?: string } | undefined)?.errorName).to.equal("BridgeMessageAlreadyDelivered");
    expect(await ton.env.balanceOf(ton.tonUser.address)).to.equal(40n * CAL);
  });

  it("reports a message to another domain as failed and refuses to self-relay it there (BridgeWrongDestination)", async () => {
    const messageId = await messageIdOfNonce(2n);
    const s = await bridge.status({ messageId, validators: urls, destination: tonDestination });
    expect(s.state).to.equal("failed");
    expect(s.reason).to.equal(`message is for domain ${DOMAINS.localEvmHome}, not ${DOMAINS.ton}`);
    await expectCalctra(bridge.selfRelay({ messageId, validators: urls, destination: tonDestination }), "BridgeWrongDestination");
    const unknown = await bridge.status({ messageId: `0x${"22".repeat(32)}`, validators: urls, destination: tonDestination });
    expect(unknown.state).to.equal("failed");
  });

  it("serves as a relayer destination for other chains' clients: the bridge's set read from its config, deliveries by replay marker", async () => {
    const destination = bridge.asDestination();
    expect(destination.domain).to.equal(DOMAINS.solana);
    expect(destination.bridge).to.equal(solanaBridgeAddress());
    const set = await destination.validatorSet();
    expect(set.validators).to.deep.equal(developmentValidators().map((v) => v.address.toLowerCase()));
    expect(set.threshold).to.equal(2);
    expect(await destination.isDelivered(`0x${"33".repeat(32)}`, { srcDomain: DOMAINS.localEvmHome, nonce: 999n })).to.equal(false);
  });

  /** The id of outbound message `nonce`, as the Solana source re-derives it. */
  async function messageIdOfNonce(nonce: bigint): Promise<`0x${string}`> {
    const scan = await new SolanaSource({ connection: sol.connection, commitment: "confirmed" }).scan(nonce);
    const m = scan?.messages.find((x) => x.message.nonce === nonce);
    if (!m) throw new Error(`no outbound message ${nonce}`);
    return m.messageId;
  }
});
