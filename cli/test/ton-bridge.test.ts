import { expect } from "chai";
import { Command } from "commander";
import { pino } from "pino";
import type { Cell } from "@ton/core";
import { privateKeyToAccount } from "viem/accounts";
import type { Address } from "viem";
import { EvmSource } from "@calctra/sdk/evm";
import { TonSource, tonUniversalAddress } from "@calctra/sdk/ton";
import { Validator } from "@calctra/bridge";
import { EvmBridgeClient } from "@calctra/sdk/evm";
import { addBridgeCommands } from "../src/commands/bridge.js";
import { enableRemoteDomainByGovernance, startBridgeHome } from "@calctra/devnet/evm-bridge";
import { developmentValidators } from "@calctra/devnet/validators";
import {
  governedTonDeployment,
  startGovernedTonBridge,
  tonOutboundMessages,
  type GovernedTonBridge,
  type GovernedTonStack,
} from "@calctra/devnet/ton-bridge";
import { CAL, DOMAINS, bridgeMessageId, encodeBridgeMessage, universalFromEvm } from "@calctra/core";
import { EvmTokenClient } from "@calctra/sdk/evm";
import type { LocalEvm } from "@calctra/devnet/evm";
import { TonBridgeClient, TonTokenClient, type TonDeployment } from "@calctra/sdk/ton";
import { expectCalctra } from "@calctra/devnet/testing";

const HOME = DOMAINS.localEvmHome;
const TON = DOMAINS.ton;

describe("TON bridge client (governed sandbox bridge) sending to the EVM home", function () {
  this.timeout(600_000);
  let ton: GovernedTonBridge;
  let home: LocalEvm;
  let homeBridge: Address;
  let deployment: TonDeployment;
  let bridge: TonBridgeClient;
  let token: TonTokenClient;
  let validators: Validator[];
  let urls: string[];
  let homeUser: Address;
  let fundingId: `0x${string}`;
  const solanaRecipient = `0x${"5a".repeat(32)}` as const;
  const homeClient = (i: number) =>
    new EvmBridgeClient({ publicClient: home.publicClient, walletClient: home.wallets[i]!, bridge: homeBridge });
  const homeBalance = (owner: Address) =>
    new EvmTokenClient({ publicClient: home.publicClient, deployment: home.deployment, walletClient: home.wallets[0]! }).balanceOf({
      owner,
    });

  before(async () => {
    ton = await startGovernedTonBridge();
    ({ home, homeBridge } = await startBridgeHome({ threshold: 2 }));
    // TON is enabled on the home vault the way its admin allows: a governance proposal
    await enableRemoteDomainByGovernance({
      home,
      homeBridge,
      domain: TON,
      remoteBridge: ton.tonBridge,
      description: "Enable TON on the home vault",
    });
    const logger = pino({ level: "silent" });
    validators = developmentValidators().map(
      (k) =>
        new Validator({
          sources: [
            { source: new EvmSource({ client: home.publicClient, bridge: homeBridge, domain: HOME, confirmations: 1 }), startBlock: 0n },
            { source: new TonSource({ open: ton.open, bridge: ton.env.bridge.address, now: ton.now }), startBlock: 1n },
          ],
          destinations: new Map([
            [HOME, universalFromEvm(homeBridge)],
            [TON, ton.tonBridge],
          ]),
          account: privateKeyToAccount(k.privateKey),
          logger,
        }),
    );
    urls = (await Promise.all(validators.map((v) => v.serve(0)))).map((p) => `http://127.0.0.1:${p}`);
    deployment = await governedTonDeployment(ton);
    const params = { open: ton.open, sender: ton.tonUser.getSender(), deployment, now: ton.now };
    bridge = new TonBridgeClient(params);
    token = new TonTokenClient(params);
    homeUser = home.wallets[1]!.account.address;
    // the TON user's CAL comes over the bridge: locked on home, delivered on TON by a self-relay (the relayer account pays)
    const funding = await homeClient(0).transfer({
      dstDomain: TON,
      recipient: tonUniversalAddress(ton.tonUser.address),
      amount: 100n * CAL,
    });
    fundingId = funding.messageId;
    await home.mine(1);
    for (const v of validators) await v.pollOnce();
    await homeClient(0).selfRelay({
      messageId: fundingId,
      validators: urls,
      destination: bridge.asDestination({ sender: ton.tonRelayer.getSender() }),
    });
  });
  after(async () => {
    await Promise.all((validators ?? []).map((v) => v.stop()));
  });

  it("reads the bridge from the deployment's bridge entry and reports TON deliveries", async () => {
    expect(await bridge.domain()).to.equal(TON);
    expect(bridge.bridge).to.equal(ton.tonBridge);
    expect(bridge.bridgeAddress.equals(ton.env.bridge.address)).to.equal(true);
    expect(await bridge.isDelivered({ messageId: fundingId })).to.equal(true);
    expect(await bridge.isDelivered({ messageId: `0x${"11".repeat(32)}` })).to.equal(false);
    expect(await token.balanceOf({ owner: ton.tonUser.address.toString() })).to.equal(100n * CAL);
    const { bridge: _omitted, ...withoutBridge } = deployment;
    expect(() => new TonBridgeClient({ open: ton.open, sender: ton.tonUser.getSender(), deployment: withoutBridge })).to.throw(
      RangeError,
      /no bridge entry/,
    );
  });

  it("refuses a zero or oversized amount, a domain the TON bridge has not enabled and a malformed or non-EVM recipient before sending anything", async () => {
    const supply = await token.totalSupply();
    const recipient = universalFromEvm(homeUser);
    await expectCalctra(bridge.transfer({ dstDomain: HOME, recipient, amount: 0n }), "BridgeZeroAmount");
    await expectCalctra(bridge.transfer({ dstDomain: HOME, recipient, amount: 1n << 64n }), "BridgeInvalidMessage");
    await expectCalctra(bridge.transfer({ dstDomain: HOME, recipient, amount: 10n ** 18n + 1n }), "BridgeInvalidMessage");
    await expectCalctra(bridge.transfer({ dstDomain: 424242, recipient: homeUser, amount: CAL }), "BridgeUnknownDomain");
    await expectCalctra(bridge.transfer({ dstDomain: DOMAINS.localEvmSpoke, recipient: homeUser, amount: CAL }), "BridgeUnknownDomain");
    await expectCalctra(
      bridge.transfer({ dstDomain: TON, recipient: tonUniversalAddress(ton.tonRelayer.address), amount: CAL }),
      "BridgeUnknownDomain",
    );
    await expectCalctra(bridge.transfer({ dstDomain: HOME, recipient: "0x1234", amount: CAL }), "BridgeInvalidMessage");
    await expectCalctra(
      bridge.transfer({ dstDomain: DOMAINS.solana, recipient: `0x${"00".repeat(32)}`, amount: CAL }),
      "BridgeInvalidMessage",
    );
    // a 32-byte account id is no EVM address: the home vault would never deliver it
    const notEvm = await expectCalctra(
      bridge.transfer({ dstDomain: HOME, recipient: solanaRecipient, amount: CAL }),
      "BridgeInvalidMessage",
    );
    expect(notEvm.chain).to.equal("sdk");
    expect(await token.balanceOf({ owner: ton.tonUser.address.toString() })).to.equal(100n * CAL);
    expect(await token.totalSupply()).to.equal(supply);
    expect(await tonOutboundMessages(ton)).to.deep.equal([]);
  });

  it("burns CAL for an EVM home account and records the message, re-derived from the bridge's outbound record", async () => {
    const supply = await token.totalSupply();
    const sent = await bridge.transfer({ dstDomain: HOME, recipient: homeUser, amount: 40n * CAL });
    expect(sent.nonce).to.equal(1n);
    expect(sent.message).to.deep.equal({
      version: 1,
      srcDomain: TON,
      dstDomain: HOME,
      nonce: 1n,
      sender: tonUniversalAddress(ton.tonUser.address),
      recipient: universalFromEvm(homeUser),
      amount: 40n * CAL,
    });
    expect(sent.messageId).to.equal(`0x${Buffer.from(bridgeMessageId(sent.message)).toString("hex")}`);
    expect(sent.id).to.match(/^[0-9a-f]{64}$/);
    expect((sent.cost ?? 0n) > 0n, "TON gas reported").to.equal(true);
    expect(sent.transactionCount).to.be.greaterThan(3);
    expect(await token.balanceOf({ owner: ton.tonUser.address.toString() })).to.equal(60n * CAL);
    expect(await token.totalSupply()).to.equal(supply - 40n * CAL);
    const found = await bridge.findMessage({ messageId: sent.messageId });
    expect(found?.encoded).to.equal(`0x${Buffer.from(encodeBridgeMessage(sent.message)).toString("hex")}`);
    expect(await tonOutboundMessages(ton)).to.deep.equal([{ message: sent.message, messageId: sent.messageId }]);
    // a 32-byte recipient for Solana (not an EVM domain) is taken as given
    const toSolana = await bridge.transfer({ dstDomain: DOMAINS.solana, recipient: solanaRecipient, amount: 5n * CAL });
    expect(toSolana.nonce).to.equal(2n);
    expect(toSolana.message.recipient).to.equal(solanaRecipient);
    expect(await bridge.findMessage({ messageId: `0x${"11".repeat(32)}` })).to.equal(null);
  });

  it("reports sent, signed 1/3 and signed 3/3 against the home vault's set, self-relays it onto home; a second self-relay is refused", async () => {
    const messageId = (await tonOutboundMessages(ton))[0]!.messageId;
    const destination = homeClient(2);
    const status = () => bridge.status({ messageId, validators: urls, destination });
    expect(await status()).to.deep.equal({ state: "sent", signatures: 0, threshold: 2, validators: 3 });
    await validators[0]!.pollOnce();
    expect(await status()).to.deep.equal({ state: "signed", signatures: 1, threshold: 2, validators: 3 });
    await expectCalctra(bridge.selfRelay({ messageId, validators: urls, destination }), "BridgeBelowThreshold");
    await validators[1]!.pollOnce();
    await validators[2]!.pollOnce();
    expect(await status()).to.deep.equal({ state: "signed", signatures: 3, threshold: 2, validators: 3 });
    const before = await homeBalance(homeUser);
    const relayed = await bridge.selfRelay({ messageId, validators: urls, destination });
    expect(relayed.signers).to.have.length(2);
    expect(BigInt(relayed.signers[0]!) < BigInt(relayed.signers[1]!)).to.equal(true);
    expect(relayed.id).to.match(/^0x[0-9a-f]{64}$/);
    expect((relayed.cost ?? 0n) > 0n, "EVM gas reported").to.equal(true);
    expect(await status()).to.deep.equal({ state: "delivered", signatures: 0, threshold: 2, validators: 3 });
    expect(await destination.isDelivered({ messageId })).to.equal(true);
    expect(await homeBalance(homeUser)).to.equal(before + 40n * CAL);
    await expectCalctra(bridge.selfRelay({ messageId, validators: urls, destination }), "BridgeMessageAlreadyDelivered");
    expect(await homeBalance(homeUser)).to.equal(before + 40n * CAL);
  });

  it("reports a message to another domain as failed and refuses to self-relay it there (BridgeWrongDestination)", async () => {
    const messageId = (await tonOutboundMessages(ton))[1]!.messageId;
    const destination = homeClient(2);
    const s = await bridge.status({ messageId, validators: urls, destination });
    expect(s).to.include({ state: "failed", reason: `message is for domain ${DOMAINS.solana}, not ${HOME}` });
    await expectCalctra(bridge.selfRelay({ messageId, validators: urls, destination }), "BridgeWrongDestination");
    const unknown = await bridge.status({ messageId: `0x${"22".repeat(32)}`, validators: urls, destination });
    expect(unknown).to.include({ state: "failed", reason: `no message 0x${"22".repeat(32)} sent on domain ${TON}` });
  });

  it("serves as a relayer destination: the TON bridge's set read from its storage, deliveries by get_is_delivered", async () => {
    const destination = bridge.asDestination();
    expect(destination.domain).to.equal(TON);
    expect(destination.bridge).to.equal(ton.tonBridge);
    const set = await destination.validatorSet();
    expect(set.validators).to.deep.equal(
      developmentValidators()
        .map((v) => v.address.toLowerCase())
        .sort(),
    );
    expect(set.threshold).to.equal(2);
    expect(await destination.isDelivered(fundingId)).to.equal(true);
  });

  it("sends from TON with the CLI (bridge transfer --chain ton) and follows the message to its delivery on home (status, relay)", async () => {
    const run = async (...args: string[]) => {
      const out: string[] = [];
      const program = new Command().exitOverride();
      // the home "RPC URL" names the embedded home chain; the TON source is this test's client
      addBridgeCommands(
        program,
        async (rpc, evmBridge) => {
          expect([rpc, evmBridge.toLowerCase()]).to.deep.equal(["home", homeBridge.toLowerCase()]);
          return homeClient(2);
        },
        (t) => out.push(t),
        {
          ton: async (o) => {
            expect(o).to.deep.equal({ rpc: "ton-sandbox", deployment: "deployments/ton-sandbox.json" });
            return bridge;
          },
        },
      );
      await program.parseAsync(["node", "calctra", ...args]);
      return out.join("");
    };
    const src = ["--chain", "ton", "--rpc", "ton-sandbox", "--deployment", "deployments/ton-sandbox.json"];
    const sent = await run("bridge", "transfer", ...src, "--to-domain", String(HOME), "--recipient", homeUser, "--amount", "2.5");
    const m = /^sent: message (0x[0-9a-f]{64}) \(nonce 3\) tx [0-9a-f]{64} \(TON gas [1-9]\d*\)\n$/.exec(sent);
    expect(m, sent).to.not.equal(null);
    const messageId = m![1]!;
    const route = [...src, "--dst-rpc", "home", "--dst-bridge", homeBridge, ...urls.flatMap((u) => ["--validator", u])];
    expect(await run("bridge", "status", messageId, ...route)).to.equal("sent 0/3 (threshold 2)\n");
    for (const v of validators) await v.pollOnce();
    expect(await run("bridge", "status", messageId, ...route)).to.equal("signed 3/3 (threshold 2)\n");
    const before = await homeBalance(homeUser);
    expect(JSON.parse(await run("bridge", "relay", messageId, ...route, "--json")).signers).to.have.length(2);
    expect(JSON.parse(await run("bridge", "status", messageId, ...route, "--json")).state).to.equal("delivered");
    expect(await homeBalance(homeUser)).to.equal(before + 2_500_000_000n);
    const refused = await run("bridge", "transfer", ...src, "--to-domain", "424242", "--recipient", homeUser, "--amount", "1").then(
      () => null,
      (e: Error) => e,
    );
    expect(refused?.name).to.equal("BridgeUnknownDomain");
  });

  it("refuses to send while the TON bridge is paused (EnforcedPause), nothing burnt", async () => {
    const env = ton.env as unknown as GovernedTonStack;
    const { Bridge } = ton.wrapper as unknown as { Bridge: { simpleBody(name: "BridgePause"): Cell } };
    await env.bridge.sendRaw(env.pauser.getSender(), Bridge.simpleBody("BridgePause"));
    const balance = await token.balanceOf({ owner: ton.tonUser.address.toString() });
    await expectCalctra(bridge.transfer({ dstDomain: HOME, recipient: homeUser, amount: CAL }), "EnforcedPause");
    expect(await token.balanceOf({ owner: ton.tonUser.address.toString() })).to.equal(balance);
    expect(await tonOutboundMessages(ton)).to.have.length(3);
  });
});
