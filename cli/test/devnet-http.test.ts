import { expect } from "chai";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Command } from "commander";
import { createPublicClient, createWalletClient, http, webSocket, type PublicClient } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { pino } from "pino";
import { WebSocket } from "ws";
import { Connection, Keypair, LAMPORTS_PER_SOL, PublicKey } from "@solana/web3.js";
import { Address as TonAddress } from "@ton/core";
import { TonClient } from "@ton/ton";
import { CAL, CalctraError, universalFromEvm } from "@calctra/core";
import { EvmBridgeClient, EvmDestination, EvmRevertError, EvmSource, EvmTokenClient, parseEvmDeployment } from "@calctra/sdk/evm";
import { parseSolanaDeployment } from "@calctra/sdk/solana";
import { parseTonDeployment } from "@calctra/sdk/ton";
import { Relayer, SqliteRelayStore, Validator } from "@calctra/bridge";
import { startDevnet, type Devnet, type DevnetAccount } from "@calctra/devnet/devnet";
import { developmentValidators } from "@calctra/devnet/validators";
import { addChainCommands } from "../src/commands/index.js";
import { rpcContextFactory, rpcSolanaContextFactory, rpcTonContextFactory } from "../src/context.js";

/** The `calctra` chain commands with the CLI's own RPC factories (what `npm run calctra` runs), output captured. */
async function calctra(env: Record<string, string>, ...args: string[]): Promise<string> {
  const out: string[] = [];
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  try {
    const program = new Command().exitOverride();
    addChainCommands(program, { evm: rpcContextFactory, solana: rpcSolanaContextFactory, ton: rpcTonContextFactory }, (t) => out.push(t));
    await program.parseAsync(["node", "calctra", ...args]);
    return out.join("");
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

const rpcBody = (method: string, params: unknown) => ({
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
});

describe("calctra devnet: four chains behind their standard HTTP APIs", function () {
  this.timeout(900_000);
  let devnet: Devnet;
  let alice: DevnetAccount;
  let bob: DevnetAccount;
  let directory: string;

  before(async () => {
    directory = mkdtempSync(join(tmpdir(), "calctra-devnet-"));
    devnet = await startDevnet({ ports: { home: 0, spoke: 0, solana: 0, ton: 0 }, directory, accounts: ["alice", "bob"] });
    [alice, bob] = devnet.accounts as [DevnetAccount, DevnetAccount];
  });
  after(async () => {
    await devnet?.close();
    rmSync(directory, { recursive: true, force: true });
  });

  it("writes deployment files in the formats the CLI reads, and the accounts' keys", () => {
    const home = parseEvmDeployment(JSON.parse(readFileSync(devnet.files.home, "utf8")));
    const spoke = parseEvmDeployment(JSON.parse(readFileSync(devnet.files.spoke, "utf8")));
    expect([home.chainId, home.mode, spoke.chainId, spoke.mode]).to.deep.equal([31337, "home", 31338, "spoke"]);
    expect(parseSolanaDeployment(JSON.parse(readFileSync(devnet.files.solana, "utf8"))).network).to.equal("devnet");
    expect(parseTonDeployment(JSON.parse(readFileSync(devnet.files.ton, "utf8"))).network).to.equal("devnet");
    const keypair = JSON.parse(readFileSync(alice.solana.keypairFile, "utf8")) as number[];
    expect(Keypair.fromSecretKey(Uint8Array.from(keypair)).publicKey.toBase58()).to.equal(alice.solana.address);
    expect(devnet.summary()).to.include(devnet.endpoints.ton).and.to.include(alice.evm.privateKey);
    // the keys are readable by their owner only
    expect([statSync(devnet.files.accounts).mode & 0o777, statSync(devnet.files.relayerEnv).mode & 0o777]).to.deep.equal([0o600, 0o600]);
  });

  it("serves the EVM home and spoke as JSON-RPC nodes: viem's http transport reads balances the funding left", async () => {
    const at = (url: string) => createPublicClient({ transport: http(url) }) as PublicClient;
    expect(await at(devnet.endpoints.home).getChainId()).to.equal(31337);
    expect(await at(devnet.endpoints.spoke).getChainId()).to.equal(31338);
    const walletClient = createWalletClient({ transport: http(devnet.endpoints.home), account: privateKeyToAccount(alice.evm.privateKey) });
    const deployment = parseEvmDeployment(JSON.parse(readFileSync(devnet.files.home, "utf8")));
    const token = new EvmTokenClient({ publicClient: at(devnet.endpoints.home), walletClient, deployment });
    expect(await token.balanceOf({ owner: alice.evm.address })).to.equal(10_000n * CAL);
    const refused = await token.transfer({ to: bob.evm.address, amount: 20_000n * CAL }).catch((e: unknown) => e);
    // the revert data crossed HTTP as a node sends it (code 3, raw data): the SDK decodes OpenZeppelin's custom error
    expect(refused).to.be.instanceOf(EvmRevertError);
    expect((refused as EvmRevertError).name).to.equal("ERC20InsufficientBalance");
    expect((refused as EvmRevertError).args.needed).to.equal(20_000n * CAL);
  });

  it("notifies eth_subscribe subscribers over the websocket on the same port (viem's webSocket transport)", async () => {
    const client = createPublicClient({ transport: webSocket(devnet.endpoints.spoke.replace(/^http/, "ws")) });
    const start = await client.getBlockNumber();
    const seen = new Promise<bigint>((resolve) => {
      // a webSocket transport subscribes (eth_subscribe newHeads) rather than polls
      const unwatch = client.watchBlockNumber({
        onBlockNumber: (n) => {
          if (n > start) {
            unwatch();
            resolve(n);
          }
        },
      });
    });
    // blocks mined before the subscription is set up are not announced: mine until one is
    let announced: bigint | undefined;
    void seen.then((n) => {
      announced = n;
    });
    while (announced === undefined) {
      await fetch(devnet.endpoints.spoke, rpcBody("evm_mine", []));
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(announced > start).to.equal(true);
    await client.transport.getRpcClient().then((c) => c.close());
  });

  for (const chain of ["home", "spoke"] as const) {
    it(`runs calctra task create / show on the EVM ${chain} over HTTP with --rpc and --deployment`, async () => {
      const env = { CALCTRA_PRIVATE_KEY: alice.evm.privateKey };
      const conn = ["--rpc", devnet.endpoints[chain], "--deployment", devnet.files[chain]];
      const created = JSON.parse(
        await calctra(env, "task", "create", "--spec-hash", "0x1234", "--reward", "25", "--collateral", "10", "--json", ...conn),
      );
      expect(created.taskId).to.equal("1");
      const shown = JSON.parse(await calctra(env, "task", "show", "1", "--json", ...conn));
      expect(shown).to.include({ id: "1", status: "Open", reward: "25", collateral: "10", specHash: "0x1234" });
      expect(await calctra(env, "token", "balance", ...conn)).to.equal(chain === "home" ? "9975 CAL\n" : "975 CAL\n");
      const missing = await calctra(env, "task", "show", "99", ...conn).catch((e: unknown) => e);
      expect(missing).to.be.instanceOf(CalctraError);
      expect((missing as CalctraError).name).to.equal("MarketplaceTaskNotFound");
    });
  }

  it("serves Solana JSON-RPC to a plain web3.js Connection: version, slot, balances, rent, program accounts with filters", async () => {
    const connection = new Connection(devnet.endpoints.solana, "confirmed");
    expect((await connection.getVersion())["solana-core"]).to.be.a("string");
    expect(await connection.getSlot()).to.be.greaterThan(0);
    expect(await connection.getBalance(new PublicKey(alice.solana.address))).to.equal(1_000 * LAMPORTS_PER_SOL);
    expect(await connection.getMinimumBalanceForRentExemption(165)).to.be.greaterThan(0);
    const deployment = parseSolanaDeployment(JSON.parse(readFileSync(devnet.files.solana, "utf8")));
    const owner = new PublicKey(alice.solana.address);
    const { value: tokenAccounts } = await connection.getTokenAccountsByOwner(owner, { mint: new PublicKey(deployment.calMint) });
    expect(tokenAccounts).to.have.length(1);
    const balance = await connection.getTokenAccountBalance(tokenAccounts[0]!.pubkey);
    expect(balance.value.uiAmountString).to.equal("1000");
    const supply = await connection.getTokenSupply(new PublicKey(deployment.calMint));
    expect(supply.value.decimals).to.equal(balance.value.decimals);
    expect(Number(supply.value.uiAmountString)).to.be.at.least(2_000); // bridged to alice and bob
    expect(await connection.getRecentPrioritizationFees()).to.deep.equal([]);
    const parsed = await connection.getParsedTokenAccountsByOwner(owner, { mint: new PublicKey(deployment.calMint) });
    expect(parsed.value[0]!.account.data.parsed.info).to.deep.include({
      mint: deployment.calMint,
      owner: alice.solana.address,
      state: "initialized",
    });
    expect(parsed.value[0]!.account.data.parsed.info.tokenAmount.uiAmountString).to.equal("1000");
    const mintInfo = await connection.getParsedAccountInfo(new PublicKey(deployment.calMint));
    const mintData = mintInfo.value?.data as { program: string; parsed: { type: string; info: { decimals: number } } } | undefined;
    expect([mintData?.program, mintData?.parsed.type, mintData?.parsed.info.decimals]).to.deep.equal([
      "spl-token",
      "mint",
      supply.value.decimals,
    ]);
    const token = tokenAccounts[0]!.account.owner;
    const mine = await connection.getProgramAccounts(token, {
      filters: [{ dataSize: 165 }, { memcmp: { offset: 32, bytes: owner.toBase58() } }],
    });
    expect(mine.map((a) => a.pubkey.toBase58())).to.deep.equal([tokenAccounts[0]!.pubkey.toBase58()]);
  });

  it("notifies websocket account subscribers when an airdrop lands and confirms it through signatureSubscribe", async () => {
    const fresh = Keypair.generate().publicKey;
    const socket = new WebSocket(devnet.endpoints.solanaWs);
    const messages: { id?: number; method?: string; params?: { result: { value: { lamports: number } } } }[] = [];
    const next = () => new Promise<(typeof messages)[number]>((resolve) => socket.once("message", (m) => resolve(JSON.parse(String(m)))));
    try {
      await new Promise((resolve) => socket.once("open", resolve));
      const subscribed = next();
      socket.send(
        JSON.stringify({ jsonrpc: "2.0", id: 7, method: "accountSubscribe", params: [fresh.toBase58(), { encoding: "base64" }] }),
      );
      expect((await subscribed).id).to.equal(7);
      const notified = next();
      const connection = new Connection(devnet.endpoints.solana, "confirmed");
      const signature = await connection.requestAirdrop(fresh, 2 * LAMPORTS_PER_SOL);
      const notification = await notified;
      expect(notification.method).to.equal("accountNotification");
      expect(notification.params?.result.value.lamports).to.equal(2 * LAMPORTS_PER_SOL);
      // web3.js confirms over the websocket (signatureSubscribe on the HTTP port + 1)
      const confirmed = await connection.confirmTransaction({ signature, ...(await connection.getLatestBlockhash()) });
      expect(confirmed.value.err).to.equal(null);
    } finally {
      socket.close();
    }
  });

  it("runs calctra task create / show / list on Solana over HTTP with the keypair file", async () => {
    const env = { CALCTRA_SOLANA_KEYPAIR: alice.solana.keypairFile };
    const conn = ["--chain", "solana", "--rpc", devnet.endpoints.solana, "--deployment", devnet.files.solana];
    const created = JSON.parse(
      await calctra(env, "task", "create", "--spec-hash", "0x1234", "--reward", "25", "--collateral", "10", "--json", ...conn),
    );
    const shown = JSON.parse(await calctra(env, "task", "show", created.taskId, "--json", ...conn));
    expect(shown).to.include({ id: created.taskId, status: "Open", reward: "25", collateral: "10", specHash: "0x1234" });
    expect(await calctra(env, "task", "list", ...conn)).to.include(`#${created.taskId} Open`);
    expect(await calctra(env, "token", "balance", ...conn)).to.equal("975 CAL\n");
  });

  it("serves TON as a toncenter v2 API to @ton/ton's TonClient: balances, masterchain info, get methods", async () => {
    const client = new TonClient({ endpoint: devnet.endpoints.ton });
    const wallet = TonAddress.parse(alice.ton.address);
    expect(await client.getBalance(wallet)).to.equal(1_000_000_000_000n);
    expect((await client.getMasterchainInfo()).latestSeqno).to.be.greaterThan(0);
    const deployment = parseTonDeployment(JSON.parse(readFileSync(devnet.files.ton, "utf8")));
    const { stack } = await client.runMethod(TonAddress.parse(deployment.contracts.calJettonMinter), "get_jetton_data");
    expect(stack.readBigNumber() > 0n).to.equal(true);
    const refused = await fetch(devnet.endpoints.ton, rpcBody("getBlockHeader", {}));
    expect([refused.status, ((await refused.json()) as { ok: boolean }).ok]).to.deep.equal([404, false]);
  });

  it("runs calctra task create / show on TON over HTTP with the mnemonic, deploying the wallet on its first send", async () => {
    const env = { CALCTRA_TON_MNEMONIC: alice.ton.mnemonic.join(" ") };
    const conn = ["--chain", "ton", "--rpc", devnet.endpoints.ton, "--deployment", devnet.files.ton];
    expect(await calctra(env, "token", "balance", ...conn)).to.equal("1000 CAL\n");
    const created = JSON.parse(
      await calctra(env, "task", "create", "--spec-hash", "0x1234", "--reward", "25", "--collateral", "10", "--json", ...conn),
    );
    expect(created.tx).to.match(/^[0-9a-f]{64}$/);
    const shown = JSON.parse(await calctra(env, "task", "show", created.taskId, "--json", ...conn));
    expect(shown).to.include({ id: created.taskId, status: "Open", reward: "25", collateral: "10", specHash: "0x1234" });
    expect(await calctra(env, "token", "balance", ...conn)).to.equal("975 CAL\n");
  });

  it("lets a validator set and a relayer built on HTTP clients move CAL from the home to the spoke", async () => {
    const home = createPublicClient({ transport: http(devnet.endpoints.home) }) as PublicClient;
    const spoke = createPublicClient({ transport: http(devnet.endpoints.spoke) }) as PublicClient;
    const vault = devnet.world.vault;
    const minter = devnet.world.spoke.contracts.minter.address;
    const startBlock = await home.getBlockNumber();
    const sources = () => [
      { source: new EvmSource({ client: home, bridge: vault, domain: 31337, finality: "latest" }), startBlock: startBlock + 1n },
    ];
    const logger = pino({ level: "silent" });
    const validators = developmentValidators().map(
      (k) =>
        new Validator({
          sources: sources(),
          destinations: new Map([[31338, universalFromEvm(minter)]]),
          account: privateKeyToAccount(k.privateKey),
          logger,
        }),
    );
    const urls = (await Promise.all(validators.map((v) => v.serve(0)))).map((port) => `http://127.0.0.1:${port}`);
    const storeDir = mkdtempSync(join(tmpdir(), "calctra-devnet-relayer-"));
    const store = new SqliteRelayStore(join(storeDir, "relayer.sqlite"));
    // bob's key pays the deliveries on the spoke
    const payer = createWalletClient({ transport: http(devnet.endpoints.spoke), account: privateKeyToAccount(bob.evm.privateKey) });
    const relayer = new Relayer({
      sources: sources(),
      destinations: new Map([[31338, new EvmDestination({ domain: 31338, bridge: minter, publicClient: spoke, walletClient: payer })]]),
      validators: urls,
      store,
      logger,
      retry: { baseMs: 1, maxMs: 4 },
    });
    try {
      const walletClient = createWalletClient({
        transport: http(devnet.endpoints.home),
        account: privateKeyToAccount(alice.evm.privateKey),
      });
      const deployment = parseEvmDeployment(JSON.parse(readFileSync(devnet.files.home, "utf8")));
      await new EvmTokenClient({ publicClient: home, walletClient, deployment }).approve({ spender: vault, amount: 5n * CAL });
      const sent = await new EvmBridgeClient({ publicClient: home, walletClient, bridge: vault }).transfer({
        dstDomain: 31338,
        recipient: universalFromEvm(alice.evm.address),
        amount: 5n * CAL,
      });
      for (const v of validators) await v.pollOnce();
      await relayer.pollOnce();
      expect(relayer.status(sent.messageId)).to.equal("delivered");
      const env = { CALCTRA_PRIVATE_KEY: alice.evm.privateKey };
      expect(await calctra(env, "token", "balance", "--rpc", devnet.endpoints.spoke, "--deployment", devnet.files.spoke)).to.equal(
        "980 CAL\n",
      );
    } finally {
      await relayer.stop();
      for (const v of validators) await v.stop();
      store.close();
      rmSync(storeDir, { recursive: true, force: true });
    }
  });
});
