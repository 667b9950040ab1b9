import { expect } from "chai";
import { parseAbi, type Address } from "viem";
import { startLocalBridge, type LocalBridge } from "@calctra/devnet/bridge-world";
import type { EvmBridgeClient } from "../src/evm/index.js";
import { CAL, CalctraError, DOMAINS, universalFromEvm } from "@calctra/core";
import { EvmTokenClient, evmPreparedCalls, type EvmPreparedTransaction } from "../src/evm/index.js";

async function rejection(p: Promise<unknown>): Promise<CalctraError> {
  try {
    await p;
  } catch (e) {
    expect(e).to.be.instanceOf(CalctraError);
    return e as CalctraError;
  }
  throw new Error("expected a CalctraError");
}

/** Sends each call of a prepared transaction from `wallet` as a plain transaction (as a signer outside the SDK would). */
async function sendPlain(chain: LocalBridge["home"], walletIndex: number, prepared: EvmPreparedTransaction): Promise<void> {
  const wallet = chain.wallets[walletIndex]!;
  for (const call of evmPreparedCalls(prepared)) {
    const hash = await wallet.sendTransaction({
      to: call.to,
      data: call.data,
      value: call.value,
      account: wallet.account,
      chain: wallet.chain,
    });
    expect((await chain.publicClient.waitForTransactionReceipt({ hash })).status).to.equal("success");
  }
}

describe("EVM bridge client against two embedded chains, three validators and a relayer", function () {
  this.timeout(300_000);
  let w: LocalBridge;
  let homeUser: EvmBridgeClient;
  let spokeRecipient: EvmBridgeClient;
  let user: Address;
  let recipient: Address;

  before(async () => {
    w = await startLocalBridge();
    user = w.home.wallets[1]!.account.address;
    recipient = w.spoke.wallets[2]!.account.address;
    await new EvmTokenClient({
      publicClient: w.home.publicClient,
      deployment: w.home.deployment,
      walletClient: w.home.wallets[0]!,
    }).transfer({ to: user, amount: 1_000n * CAL });
    homeUser = w.homeClient(1);
    spokeRecipient = w.spokeClient(2);
  });
  after(async () => {
    await w?.close();
  });

  it("transfers home → spoke and reports sent, signed 1/3, signed 3/3, then delivered by the relayer", async () => {
    const spoke = w.spokeClient(0);
    const sent = await homeUser.transfer({ dstDomain: DOMAINS.localEvmSpoke, recipient, amount: 250n * CAL });
    expect(sent.message).to.deep.include({
      version: 1,
      srcDomain: DOMAINS.localEvmHome,
      dstDomain: DOMAINS.localEvmSpoke,
      amount: 250n * CAL,
    });
    expect(sent.message.recipient).to.equal(universalFromEvm(recipient));
    expect(sent.message.sender).to.equal(universalFromEvm(user));
    expect((sent.approval?.cost ?? 0n) > 0n).to.equal(true);
    expect(sent.cost > 0n).to.equal(true);
    const status = () => homeUser.status({ messageId: sent.messageId, validators: w.validatorUrls, destination: spoke });
    expect(await status()).to.deep.equal({ state: "sent", signatures: 0, threshold: 2, validators: 3 });
    await w.confirm();
    await w.sign([0]);
    expect(await status()).to.deep.equal({ state: "signed", signatures: 1, threshold: 2, validators: 3 });
    await w.sign([1, 2]);
    expect(await status()).to.deep.equal({ state: "signed", signatures: 3, threshold: 2, validators: 3 });
    await w.relay();
    expect((await status()).state).to.equal("delivered");
    const spokeToken = new EvmTokenClient({
      publicClient: w.spoke.publicClient,
      deployment: w.spoke.deployment,
      walletClient: w.spoke.wallets[0]!,
    });
    expect(await spokeToken.balanceOf({ owner: recipient })).to.equal(250n * CAL);
    expect(await w.supply()).to.deep.equal({ locked: 250n * CAL, minted: 250n * CAL, inFlight: 0n, holds: true });
  });

  it("burns spoke → home and self-relays with a threshold of locally verified signatures; a second self-relay is refused on chain", async () => {
    const home = w.homeClient(2);
    const back = await spokeRecipient.transfer({ dstDomain: DOMAINS.localEvmHome, recipient: user, amount: 100n * CAL });
    expect(await w.supply()).to.include({ minted: 150n * CAL, inFlight: 100n * CAL, holds: true });
    await w.confirm();
    await w.sign();
    const relayed = await spokeRecipient.selfRelay({ messageId: back.messageId, validators: w.validatorUrls, destination: home });
    expect(relayed.signers).to.have.length(2);
    expect(BigInt(relayed.signers[0]!) < BigInt(relayed.signers[1]!)).to.equal(true);
    expect(await home.isDelivered({ messageId: back.messageId })).to.equal(true);
    expect(await w.supply()).to.deep.equal({ locked: 150n * CAL, minted: 150n * CAL, inFlight: 0n, holds: true });
    const again = await rejection(spokeRecipient.selfRelay({ messageId: back.messageId, validators: w.validatorUrls, destination: home }));
    expect(again.name).to.equal("BridgeMessageAlreadyDelivered");
    expect(again.chain).to.equal("evm");
    expect(again.args.messageId).to.equal(back.messageId);
  });

  it("reports status and self-relays through any chain's DestinationChain view (the path Solana and TON destinations take)", async () => {
    const homeAsDestination = await w.homeClient(2).asDestination();
    const back = await spokeRecipient.transfer({ dstDomain: DOMAINS.localEvmHome, recipient: user, amount: 5n * CAL });
    const status = () => spokeRecipient.status({ messageId: back.messageId, validators: w.validatorUrls, destination: homeAsDestination });
    expect(await status()).to.deep.equal({ state: "sent", signatures: 0, threshold: 2, validators: 3 });
    await w.confirm();
    await w.sign();
    expect(await status()).to.deep.equal({ state: "signed", signatures: 3, threshold: 2, validators: 3 });
    const relayed = await spokeRecipient.selfRelay({
      messageId: back.messageId,
      validators: w.validatorUrls,
      destination: homeAsDestination,
    });
    expect(relayed.id).to.match(/^0x[0-9a-f]{64}$/);
    expect(relayed.signers).to.have.length(2);
    expect(await status()).to.deep.equal({ state: "delivered", signatures: 0, threshold: 2, validators: 3 });
    expect((await w.supply()).holds).to.equal(true);
  });

  it("refuses a zero amount, an unknown domain and a malformed or non-EVM recipient before sending anything", async () => {
    const nonce = await w.home.publicClient.getTransactionCount({ address: user });
    const zero = await rejection(homeUser.transfer({ dstDomain: DOMAINS.localEvmSpoke, recipient, amount: 0n }));
    expect(zero.name).to.equal("BridgeZeroAmount");
    expect(zero.chain).to.equal("sdk");
    const unknown = await rejection(homeUser.transfer({ dstDomain: 999, recipient, amount: CAL }));
    expect(unknown.name).to.equal("BridgeUnknownDomain");
    expect(unknown.args.domain).to.equal(999);
    const short = await rejection(homeUser.transfer({ dstDomain: DOMAINS.localEvmSpoke, recipient: "0x1234", amount: CAL }));
    expect(short.name).to.equal("BridgeInvalidMessage");
    expect(short.args.field).to.equal("recipient");
    const wide = await rejection(homeUser.transfer({ dstDomain: DOMAINS.localEvmSpoke, recipient: `0x${"ab".repeat(32)}`, amount: CAL }));
    expect(wide.name).to.equal("BridgeInvalidMessage");
    expect(await w.home.publicClient.getTransactionCount({ address: user })).to.equal(nonce);
  });

  it("prepareTransfer gives the approval and the send for a plain wallet; simulateTransfer predicts the message id and sends nothing", async () => {
    const parameters = { dstDomain: DOMAINS.localEvmSpoke, recipient, amount: 7n * CAL };
    const nonce = await w.home.publicClient.getTransactionCount({ address: user });
    const simulated = await homeUser.simulateTransfer(parameters);
    expect(simulated.result).to.match(/^0x[0-9a-f]{64}$/);
    const prepared = await homeUser.prepareTransfer(parameters);
    expect(prepared.to).to.equal(homeUser.bridge);
    expect(prepared.approval?.to).to.equal(await homeUser.token());
    expect(await w.home.publicClient.getTransactionCount({ address: user })).to.equal(nonce);
    await sendPlain(w.home, 1, prepared);
    const s = await homeUser.status({ messageId: simulated.result!, validators: w.validatorUrls, destination: w.spokeClient(0) });
    expect(s.state).to.equal("sent");
  });

  it("prepareSelfRelay returns the receiveMessage a plain wallet sends on the destination, after simulateSelfRelay priced it", async () => {
    const home = w.homeClient(2);
    const back = await spokeRecipient.transfer({ dstDomain: DOMAINS.localEvmHome, recipient: user, amount: 3n * CAL });
    await w.confirm();
    await w.sign();
    const relay = { messageId: back.messageId, validators: w.validatorUrls, destination: home };
    expect((await spokeRecipient.simulateSelfRelay(relay)).cost! > 0n).to.equal(true);
    expect(await home.isDelivered({ messageId: back.messageId })).to.equal(false);
    const prepared = await spokeRecipient.prepareSelfRelay(relay);
    expect(prepared.to).to.equal(home.bridge);
    expect(prepared.approval).to.equal(undefined);
    await sendPlain(w.home, 3, prepared);
    expect(await home.isDelivered({ messageId: back.messageId })).to.equal(true);
    const again = await rejection(spokeRecipient.simulateSelfRelay(relay));
    expect(again.name).to.equal("BridgeMessageAlreadyDelivered");
  });

  it("does not self-relay below the threshold, and reports a paused destination as failed with the decoded reason", async () => {
    const spoke = w.spokeClient(3);
    const sent = await homeUser.transfer({ dstDomain: DOMAINS.localEvmSpoke, recipient, amount: 5n * CAL });
    await w.confirm();
    await w.sign([2]);
    const below = await rejection(homeUser.selfRelay({ messageId: sent.messageId, validators: w.validatorUrls, destination: spoke }));
    expect(below.name).to.equal("BridgeBelowThreshold");
    expect(below.args).to.deep.equal({ signatures: 1n, threshold: 2n });
    await w.sign([0]);
    const pauser = w.spoke.wallets[0]!; // the module's default pauser
    const hash = await pauser.writeContract({
      address: w.spokeBridge,
      abi: parseAbi(["function pause()"]),
      functionName: "pause",
      chain: pauser.chain,
      account: pauser.account,
    });
    await w.spoke.publicClient.waitForTransactionReceipt({ hash });
    const s = await homeUser.status({ messageId: sent.messageId, validators: w.validatorUrls, destination: spoke });
    expect(s).to.deep.equal({ state: "failed", signatures: 2, threshold: 2, validators: 3, reason: "EnforcedPause()" });
  });

  it("on paused bridges, simulateTransfer and simulateSelfRelay throw EnforcedPause as transfer and selfRelay do, and nothing is sent", async () => {
    const sent = await homeUser.transfer({ dstDomain: DOMAINS.localEvmSpoke, recipient, amount: 2n * CAL });
    await w.confirm();
    await w.sign();
    const relay = { messageId: sent.messageId, validators: w.validatorUrls, destination: w.spokeClient(3) };
    const relayErrors = [await rejection(homeUser.simulateSelfRelay(relay)), await rejection(homeUser.selfRelay(relay))];
    expect(relayErrors.map((e) => `${e.name}/${e.chain}`)).to.deep.equal(["EnforcedPause/evm", "EnforcedPause/evm"]); // the spoke was paused above
    const pauser = w.home.wallets[0]!;
    const hash = await pauser.writeContract({
      address: homeUser.bridge,
      abi: parseAbi(["function pause()"]),
      functionName: "pause",
      chain: pauser.chain,
      account: pauser.account,
    });
    await w.home.publicClient.waitForTransactionReceipt({ hash });
    const nonce = await w.home.publicClient.getTransactionCount({ address: user });
    const parameters = { dstDomain: DOMAINS.localEvmSpoke, recipient, amount: CAL };
    const transferErrors = [await rejection(homeUser.simulateTransfer(parameters)), await rejection(homeUser.transfer(parameters))];
    expect(transferErrors.map((e) => `${e.name}/${e.chain}`)).to.deep.equal(["EnforcedPause/evm", "EnforcedPause/evm"]);
    expect(await w.home.publicClient.getTransactionCount({ address: user })).to.equal(nonce);
  });
});
