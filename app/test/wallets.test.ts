/**
 * The test wallets against a real devnet, found by each ecosystem's own discovery library on a fixture page: EIP-6963
 * + viem, wallet-standard + the Solana StandardWalletAdapter, TON Connect's SDK. Each moves value on its chain and
 * refuses what it should.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { calTokenAbi } from "@calctra/sdk/evm";
import { type Devnet, startDevnet } from "@calctra/devnet/devnet";
import { ed25519 } from "@noble/curves/ed25519";
import { Connection, LAMPORTS_PER_SOL, PublicKey } from "@solana/web3.js";
import { Address as TonAddress, fromNano, toNano } from "@ton/core";
import { TonClient } from "@ton/ton";
import { expect } from "chai";
import type { Browser } from "playwright-core";
import { createPublicClient, http, parseEther, verifyMessage, verifyTypedData } from "viem";
import type { WalletsFixture } from "./fixtures/wallets-page-api.js";
import {
  bundleForBrowser,
  type CheckedPage,
  installTestWallets,
  launchBrowser,
  newCheckedPage,
  type StaticServer,
  serveStatic,
  TEST_WALLET_ICON,
  type TestWallets,
  tonConnectWalletsListEntry,
} from "./support/index.js";

type FixtureWindow = { fixture: WalletsFixture };

const fixtureEntry = fileURLToPath(new URL("./fixtures/wallets-page.ts", import.meta.url));
const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Calctra test wallets</title><link rel="icon" href="data:,"></head>
<body><main><h1>Calctra test wallets</h1><p>Discovery fixture for the wallets' browser tests.</p></main>
<script src="/fixture.js"></script></body></html>`;

describe("test wallets in headless Chromium against a devnet", () => {
  let directory: string;
  let devnet: Devnet;
  let browser: Browser;
  let server: StaticServer;
  let checked: CheckedPage;
  let wallets: TestWallets;

  before(async () => {
    directory = mkdtempSync(join(tmpdir(), "calctra-app-wallets-"));
    [devnet, browser] = await Promise.all([startDevnet({ ports: { home: 0, spoke: 0, solana: 0, ton: 0 }, directory }), launchBrowser()]);
    const fixture = await bundleForBrowser(fixtureEntry);
    server = await serveStatic({
      "/": { type: "text/html; charset=utf-8", body: html },
      "/fixture.js": { type: "text/javascript", body: fixture },
      "/wallets.json": { type: "application/json", body: JSON.stringify([tonConnectWalletsListEntry(TEST_WALLET_ICON)]) },
      "/tonconnect-manifest.json": {
        type: "application/json",
        body: () => JSON.stringify({ url: server.url, name: "Calctra wallet fixture", iconUrl: `${server.url}/icon.svg` }),
      },
    });
    checked = await newCheckedPage(browser);
    const [alice] = devnet.accounts;
    const homeChainId = devnet.world.home.deployment.chainId;
    wallets = await installTestWallets(checked.page, {
      evm: {
        privateKey: alice.evm.privateKey,
        chains: [
          { chainId: homeChainId, rpcUrl: devnet.endpoints.home },
          { chainId: await devnet.world.spoke.publicClient.getChainId(), rpcUrl: devnet.endpoints.spoke },
        ],
      },
      solana: { secretKey: alice.solana.secretKey, rpcUrl: devnet.endpoints.solana },
      ton: { mnemonic: alice.ton.mnemonic, endpoint: devnet.endpoints.ton },
    });
    await checked.page.goto(`${server.url}/`);
  });

  after(async () => {
    await checked?.close();
    await browser?.close();
    await server?.close();
    await devnet?.close();
    if (directory) rmSync(directory, { recursive: true, force: true });
  });

  describe("EVM (EIP-1193 announced through EIP-6963)", () => {
    it("is announced once under its rdns with a data-URI icon and connects through viem's custom transport", async () => {
      const announcements = await checked.page.evaluate(() => (globalThis as unknown as FixtureWindow).fixture.evm.announcements());
      expect(announcements.map((a) => [a.name, a.rdns])).to.deep.equal([["Calctra Test Wallet", "dev.calctra.testwallet"]]);
      expect(announcements[0].icon).to.match(/^data:image\/svg\+xml;base64,/);
      const connected = await checked.page.evaluate(() => (globalThis as unknown as FixtureWindow).fixture.evm.connect());
      expect(connected).to.deep.equal({ addresses: [devnet.accounts[0].evm.address], chainId: devnet.world.home.deployment.chainId });
    });

    it("is found and connected by wagmi's own EIP-6963 discovery under its rdns", async () => {
      const homeId = devnet.world.home.deployment.chainId;
      const connected = await checked.page.evaluate(
        ([id, rpc]) => (globalThis as unknown as FixtureWindow).fixture.evm.wagmiConnect(id, rpc),
        [homeId, devnet.endpoints.home] as const,
      );
      expect(connected.connectorIds).to.include("dev.calctra.testwallet");
      expect(connected).to.deep.include({ name: "Calctra Test Wallet", accounts: [devnet.accounts[0].evm.address], chainId: homeId });
    });

    it("moves ETH on the home chain with eth_sendTransaction signed in Node", async () => {
      const home = createPublicClient({ transport: http(devnet.endpoints.home) });
      const bob = devnet.accounts[1].evm.address;
      const before = await home.getBalance({ address: bob });
      const sent = await checked.page.evaluate(([to, value]) => (globalThis as unknown as FixtureWindow).fixture.evm.sendValue(to, value), [
        bob,
        parseEther("1.5").toString(),
      ] as const);
      expect(sent.status).to.equal("success");
      expect((await home.getBalance({ address: bob })) - before).to.equal(parseEther("1.5"));
      expect(wallets.evm?.log.map((e) => [e.method, e.chainId, e.result])).to.deep.equal([
        ["eth_sendTransaction", devnet.world.home.deployment.chainId, sent.hash],
      ]);
    });

    it("passes the node's revert through unchanged, so viem decodes the custom error by name", async () => {
      const token = devnet.world.home.deployment.contracts.CalToken;
      const name = await checked.page.evaluate(
        ([address, abi, to]) =>
          (globalThis as unknown as FixtureWindow).fixture.evm.revertName(address, abi, "transfer", [to, (10n ** 30n).toString()]),
        [token, calTokenAbi, devnet.accounts[1].evm.address] as const,
      );
      expect(name).to.equal("ERC20InsufficientBalance");
    });

    it("switches to its other chain with chainChanged and refuses an unknown chain with 4902", async () => {
      const spokeId = await devnet.world.spoke.publicClient.getChainId();
      const homeId = devnet.world.home.deployment.chainId;
      const toSpoke = await checked.page.evaluate((id) => (globalThis as unknown as FixtureWindow).fixture.evm.switchChain(id), spokeId);
      expect(toSpoke.chainId).to.equal(spokeId);
      const unknown = await checked.page.evaluate(() => (globalThis as unknown as FixtureWindow).fixture.evm.switchChain(999_999));
      expect(unknown.code).to.equal(4902);
      expect(unknown.chainId).to.equal(spokeId);
      const back = await checked.page.evaluate((id) => (globalThis as unknown as FixtureWindow).fixture.evm.switchChain(id), homeId);
      expect(back.chainId).to.equal(homeId);
      expect(back.chainChanges).to.deep.equal([`0x${spokeId.toString(16)}`, `0x${homeId.toString(16)}`]);
    });

    it("signs a message (personal_sign) and typed data (eth_signTypedData_v4) that verify as the account", async () => {
      const address = devnet.accounts[0].evm.address;
      const chainId = devnet.world.home.deployment.chainId;
      const message = "vote For on proposal 7";
      const signature = await checked.page.evaluate((m) => (globalThis as unknown as FixtureWindow).fixture.evm.signMessage(m), message);
      expect(await verifyMessage({ address, message, signature })).to.equal(true);
      const verifyingContract = devnet.world.hub;
      const typed = await checked.page.evaluate(
        ([contract, id]) => (globalThis as unknown as FixtureWindow).fixture.evm.signTypedData(contract, id),
        [verifyingContract, chainId] as const,
      );
      const valid = await verifyTypedData({
        address,
        domain: { name: "Calctra", version: "1", chainId, verifyingContract },
        types: {
          Ballot: [
            { name: "proposalId", type: "uint256" },
            { name: "support", type: "uint8" },
          ],
        },
        primaryType: "Ballot",
        message: { proposalId: 7n, support: 1 },
        signature: typed,
      });
      expect(valid).to.equal(true);
    });
  });

  describe("EVM refusals and wallet-side events", () => {
    it("refuses eth_sendTransaction with 4001 when its user declines, signing nothing", async () => {
      const signed = wallets.evm?.log.length;
      wallets.evm?.declineNext();
      const sent = await checked.page.evaluate(([to, value]) => (globalThis as unknown as FixtureWindow).fixture.evm.sendValue(to, value), [
        devnet.accounts[1].evm.address,
        parseEther("1").toString(),
      ] as const);
      expect(sent.error).to.deep.equal({ name: "UserRejectedRequestError", code: 4001 });
      expect(wallets.evm?.log.length).to.equal(signed);
    });

    it("tells the page of a chain switched and a site disconnected in the wallet itself", async () => {
      const spokeId = await devnet.world.spoke.publicClient.getChainId();
      const homeId = devnet.world.home.deployment.chainId;
      await wallets.evm?.switchChain(spokeId);
      const onSpoke = await checked.page.evaluate(() => (globalThis as unknown as FixtureWindow).fixture.evm.state());
      expect(onSpoke.chainId).to.equal(`0x${spokeId.toString(16)}`);
      expect(onSpoke.chainChanges.at(-1)).to.equal(`0x${spokeId.toString(16)}`);
      await wallets.evm?.switchChain(homeId);
      await wallets.evm?.disconnect();
      const after = await checked.page.evaluate(() => (globalThis as unknown as FixtureWindow).fixture.evm.state());
      expect(after.chainId).to.equal(`0x${homeId.toString(16)}`);
      expect(after.accounts).to.deep.equal([]);
      expect(after.accountsChanges.at(-1)).to.deep.equal([]);
    });
  });

  describe("Solana (wallet-standard)", () => {
    it("is listed by getWallets() with its chains and features and connects through the StandardWalletAdapter", async () => {
      const described = await checked.page.evaluate(() => (globalThis as unknown as FixtureWindow).fixture.solana.describe());
      expect(described).to.deep.equal({
        name: "Calctra Test Wallet",
        chains: ["solana:localnet", "solana:devnet"],
        features: [
          "solana:signAndSendTransaction",
          "solana:signMessage",
          "solana:signTransaction",
          "standard:connect",
          "standard:disconnect",
          "standard:events",
        ],
        icon: "data:image/svg+xml",
        adapterCompatible: true,
      });
      const connected = await checked.page.evaluate(() => (globalThis as unknown as FixtureWindow).fixture.solana.connect());
      expect(connected).to.deep.equal({ publicKey: devnet.accounts[0].solana.address, connected: true });
    });

    it("moves SOL with a legacy transaction through solana:signAndSendTransaction", async () => {
      const connection = new Connection(devnet.endpoints.solana, "confirmed");
      const bob = new PublicKey(devnet.accounts[1].solana.address);
      const before = await connection.getBalance(bob);
      const sent = await checked.page.evaluate(
        ([rpc, to]) => (globalThis as unknown as FixtureWindow).fixture.solana.transfer(rpc, to, 0.5 * 1e9),
        [devnet.endpoints.solana, bob.toBase58()] as const,
      );
      expect(sent.error).to.equal(undefined);
      expect((await connection.getBalance(bob)) - before).to.equal(0.5 * LAMPORTS_PER_SOL);
      expect(wallets.solana?.log.map((e) => [e.method, e.version])).to.deep.equal([["signAndSendTransaction", "legacy"]]);
    });

    it("signs a v0 transaction with solana:signTransaction that the page sends itself", async () => {
      const connection = new Connection(devnet.endpoints.solana, "confirmed");
      const bob = new PublicKey(devnet.accounts[1].solana.address);
      const before = await connection.getBalance(bob);
      const sent = await checked.page.evaluate(
        ([rpc, to]) => (globalThis as unknown as FixtureWindow).fixture.solana.transferV0(rpc, to, 0.25 * 1e9),
        [devnet.endpoints.solana, bob.toBase58()] as const,
      );
      expect(sent.version).to.equal(0);
      expect((await connection.getBalance(bob)) - before).to.equal(0.25 * LAMPORTS_PER_SOL);
      expect(wallets.solana?.log.at(-1)?.method).to.equal("signTransaction");
    });

    it("signs a message with solana:signMessage whose ed25519 signature verifies", async () => {
      const text = "vote Against on proposal 7";
      const signature = await checked.page.evaluate((t) => (globalThis as unknown as FixtureWindow).fixture.solana.signMessage(t), text);
      const publicKey = new PublicKey(devnet.accounts[0].solana.address).toBytes();
      expect(ed25519.verify(Buffer.from(signature, "base64"), new TextEncoder().encode(text), publicKey)).to.equal(true);
    });

    it("refuses a transfer the RPC's preflight rejects, as a WalletSendTransactionError, and moves nothing", async () => {
      const connection = new Connection(devnet.endpoints.solana, "confirmed");
      const alice = new PublicKey(devnet.accounts[0].solana.address);
      const before = await connection.getBalance(alice);
      const sent = await checked.page.evaluate(
        ([rpc, to]) => (globalThis as unknown as FixtureWindow).fixture.solana.transfer(rpc, to, 1e6 * 1e9),
        [devnet.endpoints.solana, devnet.accounts[1].solana.address] as const,
      );
      expect(sent.signature).to.equal(undefined);
      expect(sent.errorName).to.equal("WalletSendTransactionError");
      expect(sent.error).to.match(/insufficient|0x1/i);
      expect(await connection.getBalance(alice)).to.equal(before);
    });
  });

  describe("Solana wallet-side events", () => {
    it("tells the StandardWalletAdapter of a disconnect made in the wallet itself", async () => {
      const before = await checked.page.evaluate(() => (globalThis as unknown as FixtureWindow).fixture.solana.connection());
      expect(before.connected).to.equal(true);
      await wallets.solana?.disconnect();
      const after = await checked.page.evaluate(() => (globalThis as unknown as FixtureWindow).fixture.solana.connection());
      expect(after).to.deep.equal({ connected: false, publicKey: undefined });
    });
  });

  describe("TON (TON Connect JS bridge)", () => {
    it("is listed as injected by TON Connect's SDK from a local wallets list and connects with ton_addr", async () => {
      const found = await checked.page.evaluate(
        ([manifest, list]) => (globalThis as unknown as FixtureWindow).fixture.ton.discover(manifest, list),
        [`${server.url}/tonconnect-manifest.json`, `${server.url}/wallets.json`] as const,
      );
      expect(found).to.deep.equal({ name: "Calctra Test Wallet", appName: "calctraTestWallet", injected: true });
      const account = await checked.page.evaluate(() => (globalThis as unknown as FixtureWindow).fixture.ton.connect());
      expect(TonAddress.parse(account.address).equals(TonAddress.parse(devnet.accounts[0].ton.address))).to.equal(true);
      expect(account.address).to.match(/^0:[0-9a-f]{64}$/);
      expect(account.network).to.equal("-239");
      expect(account.device).to.equal("calctraTestWallet");
      expect(account.walletStateInit).to.have.length.above(100);
    });

    it("is listed from TON Connect's default wallets list, which the harness answers locally", async () => {
      const found = await checked.page.evaluate(
        (manifest) => (globalThis as unknown as FixtureWindow).fixture.ton.discover(manifest),
        `${server.url}/tonconnect-manifest.json`,
      );
      expect(found).to.deep.equal({ name: "Calctra Test Wallet", appName: "calctraTestWallet", injected: true });
      const account = await checked.page.evaluate(() => (globalThis as unknown as FixtureWindow).fixture.ton.connect());
      expect(TonAddress.parse(account.address).equals(TonAddress.parse(devnet.accounts[0].ton.address))).to.equal(true);
    });

    it("moves TON with a v4 transfer signed in Node, deploying the wallet on its first send", async () => {
      const client = new TonClient({ endpoint: devnet.endpoints.ton });
      const alice = TonAddress.parse(devnet.accounts[0].ton.address);
      const bob = TonAddress.parse(devnet.accounts[1].ton.address);
      expect((await client.getContractState(alice)).state).to.not.equal("active");
      const before = await client.getBalance(bob);
      const sent = await checked.page.evaluate(([to, amount]) => (globalThis as unknown as FixtureWindow).fixture.ton.send(to, amount), [
        bob.toString({ bounceable: false }),
        toNano("1.5").toString(),
      ] as const);
      expect(sent.error).to.equal(undefined);
      expect(sent.boc).to.equal(wallets.ton?.log[0].boc);
      const gained = (await client.getBalance(bob)) - before;
      expect(Number(fromNano(gained))).to.be.within(1.49, 1.5);
      expect((await client.getContractState(alice)).state).to.equal("active");
      expect(wallets.ton?.log.map((e) => e.seqno)).to.deep.equal([0]);
    });

    it("refuses an expired request with BadRequestError and a declined one with UserRejectsError, sending nothing", async () => {
      const bob = TonAddress.parse(devnet.accounts[1].ton.address).toString({ bounceable: false });
      const expired = await checked.page.evaluate(
        ([to, amount]) => (globalThis as unknown as FixtureWindow).fixture.ton.send(to, amount, -60),
        [bob, toNano("1").toString()] as const,
      );
      expect(expired.error?.badRequest).to.equal(true);
      wallets.ton?.declineNext();
      const declined = await checked.page.evaluate(
        ([to, amount]) => (globalThis as unknown as FixtureWindow).fixture.ton.send(to, amount),
        [bob, toNano("1").toString()] as const,
      );
      expect(declined.error?.userRejects).to.equal(true);
      expect(wallets.ton?.log).to.have.length(1);
    });
  });

  describe("TON wallet-side events", () => {
    it("tells TON Connect's SDK of a disconnect made in the wallet itself", async () => {
      expect(await checked.page.evaluate(() => (globalThis as unknown as FixtureWindow).fixture.ton.connected())).to.equal(true);
      await wallets.ton?.disconnect();
      expect(await checked.page.evaluate(() => (globalThis as unknown as FixtureWindow).fixture.ton.connected())).to.equal(false);
    });
  });

  describe("the fixture page", () => {
    it("keeps every key out of the page", async () => {
      const [alice] = devnet.accounts;
      const pageState = await checked.page.evaluate(() =>
        JSON.stringify(Object.keys(globalThis).map((k) => [k, String((globalThis as unknown as Record<string, unknown>)[k])])),
      );
      const config = await checked.page.evaluate(() =>
        JSON.stringify((globalThis as unknown as Record<string, unknown>).__calctraTestWalletConfig),
      );
      for (const secret of [
        alice.evm.privateKey.slice(2),
        Buffer.from(alice.solana.secretKey).toString("hex"),
        alice.ton.mnemonic.join(" "),
      ] as const)
        expect(pageState + config).to.not.include(secret);
      expect(config).to.include(alice.solana.address);
    });

    it("leaves no console error, page error or request to another host on the fixture page", () => {
      checked.assertNoProblems();
      expect(checked.externalRequests).to.deep.equal([]);
    });
  });
});
