/**
 * `calctra devnet`: the four embedded chains of one governance (DESIGN §7: the EVM home as hub, the EVM spoke, Solana
 * and TON; {@link startGovernanceWorld}) behind their standard HTTP APIs — the EVM home and spoke as Ethereum JSON-RPC
 * nodes, Solana as a JSON-RPC node with its PubSub websocket, TON as a toncenter-v2 API — with named development
 * accounts funded on every chain (CAL bridged to the spokes the honest way: locked in the home vault, signed by the
 * development validators, minted by the relayer) and the deployment files `calctra --deployment` reads.
 * Optionally (`bridge`) the validators and the relayer run by themselves, so bridge messages flow with no help.
 */
import { createHash } from "node:crypto";
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { resolve } from "node:path";
import { zeroAddress, type Hex } from "viem";
import { mnemonicToAccount } from "viem/accounts";
import { Keypair, LAMPORTS_PER_SOL } from "@solana/web3.js";
import { toNano, type Address as TonAddress } from "@ton/core";
import { mnemonicNew, mnemonicToPrivateKey } from "@ton/crypto";
import { WalletContractV4 } from "@ton/ton";
import { CAL, DOMAINS, formatCal, universalFromEvm } from "@calctra/core";
import { EvmBridgeClient, EvmTokenClient, type EvmDeployment } from "@calctra/sdk/evm";
import { solanaBridgeAddress, solanaUniversalAddress } from "@calctra/sdk/solana";
import { tonUniversalAddress } from "@calctra/sdk/ton";
import { writeSolanaDeployment } from "@calctra/sdk/node";
import { startGovernanceWorld, type GovernanceWorld } from "./governance-world.js";
import { serveEvmRpc, type HttpRpcServer } from "./evm-http.js";
import { serveSolanaRpc, type SolanaRpcServer } from "./solana-rpc.js";
import { serveTonHttp, type TonHttpServer } from "./ton-http.js";
import { developmentValidators } from "./validators.js";

/** Hardhat's development mnemonic: the accounts every embedded EVM chain funds. */
export const HARDHAT_MNEMONIC = "test test test test test test test test test test test junk";

/** Default ports: the usual local nodes (hardhat node, solana-test-validator with its websocket on 8900, a toncenter). */
export const DEVNET_PORTS = { home: 8545, spoke: 8546, solana: 8899, ton: 8081 } as const;

/** Parameters of {@link startDevnet}. */
export interface StartDevnetParameters {
  /** Ports to listen on (0: any free port); default {@link DEVNET_PORTS}. */
  readonly ports?: Partial<Record<keyof typeof DEVNET_PORTS, number>>;
  /** Interface to listen on (default 127.0.0.1). */
  readonly hostname?: string;
  /** Folder the deployment and key files are written to (default `deployments/devnet`). */
  readonly directory?: string;
  /** Names of the development accounts (default alice, bob, carol; at most 7: Hardhat accounts 1..7). */
  readonly accounts?: readonly string[];
  /** CAL each account gets on the home chain (default 10,000) and on each spoke (default 1,000). */
  readonly homeCal?: bigint;
  readonly spokeCal?: bigint;
  /** Run the validators and the relayer continuously (default false: call {@link Devnet.relay}). */
  readonly bridge?: boolean;
  /** Milliseconds between two relay rounds with `bridge` (default 1000). */
  readonly relayIntervalMs?: number;
  /** Seconds a spoke executor holds an action list (default 3600, the lower bound). */
  readonly executionDelay?: bigint;
  /**
   * First port of the bridge services the written configs describe (default 18100): the relayer's HTTP at this port,
   * the three validators' at the next three.
   */
  readonly servicesPort?: number;
}

/** A named development account, the same person on every chain. */
export interface DevnetAccount {
  readonly name: string;
  readonly evm: { readonly address: `0x${string}`; readonly privateKey: Hex };
  readonly solana: { readonly address: string; readonly secretKey: readonly number[]; readonly keypairFile: string };
  readonly ton: { readonly address: string; readonly mnemonic: readonly string[] };
}

/** Endpoints of a running devnet. */
export interface DevnetEndpoints {
  readonly home: string;
  readonly spoke: string;
  readonly solana: string;
  readonly solanaWs: string;
  /** The toncenter-v2 jsonRPC endpoint (`TonClient({ endpoint })`). */
  readonly ton: string;
}

/** The files a devnet writes (absolute paths). */
export interface DevnetFiles {
  readonly home: string;
  readonly spoke: string;
  readonly solana: string;
  readonly ton: string;
  readonly accounts: string;
  /** Endpoints, chain ids, files and accounts in one JSON file (what tools and the app read). */
  readonly devnet: string;
  /** `calctra validator start --config` files of the three development validators, over the devnet's endpoints. */
  readonly validators: readonly string[];
  /** `calctra relayer start --config` file, and the environment file with its Solana and TON keys. */
  readonly relayer: string;
  readonly relayerEnv: string;
}

/** A running devnet. */
export interface Devnet {
  readonly world: GovernanceWorld;
  readonly endpoints: DevnetEndpoints;
  readonly accounts: readonly DevnetAccount[];
  readonly files: DevnetFiles;
  /** The `calctra` command lines, endpoints and keys, for a terminal. */
  summary(): string;
  /** One round: every validator signs what is final, the relayer delivers what has enough signatures. */
  relay(): Promise<void>;
  close(): Promise<void>;
}

/** A deterministic development keypair for `name` (never for value: anyone can derive it). */
export function devnetSolanaKeypair(name: string): Keypair {
  return Keypair.fromSeed(createHash("sha256").update(`calctra-devnet:${name}`).digest());
}

/** Fails fast (before a minute of deploying) when a port is taken. */
async function assertPortsFree(hostname: string, ports: readonly (readonly [string, number])[]): Promise<void> {
  for (const [name, port] of ports) {
    if (port === 0) continue;
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once("error", (e: NodeJS.ErrnoException) =>
        reject(
          new Error(
            `port ${port} for the ${name} endpoint is ${e.code === "EADDRINUSE" ? "in use" : `unavailable (${e.code})`}: choose another one`,
          ),
        ),
      );
      server.listen(port, hostname, () => server.close(() => resolve()));
    });
  }
}

const hex = (bytes: Uint8Array): Hex => `0x${Buffer.from(bytes).toString("hex")}`;

/**
 * Starts the devnet: the four chains, the suite deployed with the one-governance layout, the accounts funded, the
 * files written, the HTTP APIs listening.
 *
 * @example
 * ```ts
 * const devnet = await startDevnet({ ports: { home: 0, spoke: 0, solana: 0, ton: 0 }, directory: "/tmp/devnet" });
 * const client = createPublicClient({ transport: http(devnet.endpoints.home) });
 * console.log(devnet.summary());
 * await devnet.close();
 * ```
 */
export async function startDevnet(parameters: StartDevnetParameters = {}): Promise<Devnet> {
  const ports = { ...DEVNET_PORTS, ...(parameters.ports ?? {}) };
  const hostname = parameters.hostname ?? "127.0.0.1";
  const directory = resolve(parameters.directory ?? "deployments/devnet");
  const names = parameters.accounts ?? ["alice", "bob", "carol"];
  if (names.length > 7)
    throw new RangeError("at most 7 development accounts (Hardhat accounts 1..7; 8 pays the written relayer config's EVM deliveries)");
  const homeCal = parameters.homeCal ?? 10_000n * CAL;
  const spokeCal = parameters.spokeCal ?? 1_000n * CAL;

  await assertPortsFree(hostname, [
    ["home", ports.home],
    ["spoke", ports.spoke],
    ["solana", ports.solana],
    ["solana websocket (solana + 1)", ports.solana === 0 ? 0 : ports.solana + 1],
    ["ton", ports.ton],
  ]);
  // the deployer (Hardhat account 0) is the EVM spoke's Guardian, so a veto can be tried from any EVM wallet tool
  const world = await startGovernanceWorld({
    executionDelay: parameters.executionDelay ?? 3600n,
    spokes: ["solana", "ton"],
    evmSpokeGuardian: mnemonicToAccount(HARDHAT_MNEMONIC).address,
  });
  const servers: HttpRpcServer[] = [];
  let timer: NodeJS.Timeout | undefined;
  let clock: NodeJS.Timeout | undefined;
  const close = async () => {
    if (timer) clearInterval(timer);
    if (clock) clearInterval(clock);
    await Promise.all(servers.map((s) => s.close()));
    await world.close();
  };
  try {
    const { home, spoke } = world;
    const solana = world.solana!;
    const ton = world.ton!;

    // ── the accounts ──
    mkdirSync(directory, { recursive: true });
    const accounts: DevnetAccount[] = [];
    const tonWallets: TonAddress[] = [];
    for (const [i, name] of names.entries()) {
      if (!/^[\w-]+$/.test(name) || name === "bridge-relayer") throw new RangeError(`invalid account name: ${name}`);
      const evm = mnemonicToAccount(HARDHAT_MNEMONIC, { addressIndex: i + 1 });
      const privateKey = hex(evm.getHdKey().privateKey!);
      if (home.wallets[i + 1]?.account.address.toLowerCase() !== evm.address.toLowerCase()) {
        throw new Error(`Hardhat account ${i + 1} is not the development mnemonic's (hardhat.config.ts changed its accounts?)`);
      }
      const keypair = devnetSolanaKeypair(name);
      const keypairFile = resolve(directory, `solana-${name}.json`);
      writeFileSync(keypairFile, `${JSON.stringify(Array.from(keypair.secretKey))}\n`, { mode: 0o600 });
      const mnemonic = await mnemonicNew(24);
      const keys = await mnemonicToPrivateKey(mnemonic);
      const wallet = WalletContractV4.create({ workchain: 0, publicKey: keys.publicKey });
      tonWallets.push(wallet.address);
      accounts.push({
        name,
        evm: { address: evm.address, privateKey },
        solana: { address: keypair.publicKey.toBase58(), secretKey: Array.from(keypair.secretKey), keypairFile },
        ton: { address: wallet.address.toString({ bounceable: false, testOnly: false }), mnemonic },
      });
    }

    // ── native coins: ETH is Hardhat's (10,000 on both EVM chains); SOL from the host; TON from a sandbox treasury ──
    const faucet = await ton.treasury("devnet-faucet");
    for (const [i, a] of accounts.entries()) {
      await solana.host.airdrop(devnetSolanaKeypair(a.name).publicKey, 1_000n * BigInt(LAMPORTS_PER_SOL));
      await faucet.send({ to: tonWallets[i]!, value: toNano("1000"), bounce: false });
    }

    // the written relayer config's payers: Hardhat account 8 on both EVM chains, a Solana keypair, a TON wallet
    const relayerEvmKey = hex(mnemonicToAccount(HARDHAT_MNEMONIC, { addressIndex: 8 }).getHdKey().privateKey!);
    const relayerSolana = devnetSolanaKeypair("bridge-relayer");
    await solana.host.airdrop(relayerSolana.publicKey, 1_000n * BigInt(LAMPORTS_PER_SOL));
    const relayerTonMnemonic = await mnemonicNew(24);
    const relayerTon = WalletContractV4.create({ workchain: 0, publicKey: (await mnemonicToPrivateKey(relayerTonMnemonic)).publicKey });
    await faucet.send({ to: relayerTon.address, value: toNano("1000"), bounce: false });

    // ── CAL: transferred on home, bridged from the home vault to every spoke ──
    const deployer = home.wallets[0]!;
    const token = new EvmTokenClient({ publicClient: home.publicClient, walletClient: deployer, deployment: home.deployment });
    for (const a of accounts) await token.transfer({ to: a.evm.address, amount: homeCal });
    await token.approve({ spender: world.vault, amount: spokeCal * 3n * BigInt(accounts.length) });
    const bridge = new EvmBridgeClient({ publicClient: home.publicClient, walletClient: deployer, bridge: world.vault });
    const sent: `0x${string}`[] = [];
    for (const [i, a] of accounts.entries()) {
      const recipients = [
        [world.spokeDomain, universalFromEvm(a.evm.address)],
        [DOMAINS.solana, solanaUniversalAddress(devnetSolanaKeypair(a.name).publicKey)],
        [DOMAINS.ton, tonUniversalAddress(tonWallets[i]!)],
      ] as const;
      for (const [dstDomain, recipient] of recipients)
        sent.push((await bridge.transfer({ dstDomain, recipient, amount: spokeCal })).messageId);
    }
    for (let round = 0; round < 5 && sent.some((m) => world.status(m) !== "delivered"); round++) await world.relay();
    const stuck = sent.filter((m) => world.status(m) !== "delivered");
    if (stuck.length > 0) throw new Error(`funding the spokes: ${stuck.length} bridge messages not delivered (${world.status(stuck[0]!)})`);

    // ── deployment files ──
    const homeDeployment: EvmDeployment = { ...home.deployment, network: "devnet-home" };
    const spokeDeployment: EvmDeployment = {
      network: "devnet-spoke",
      chainId: spoke.chainId,
      mode: "spoke",
      contracts: {
        CalToken: spoke.contracts.token.address,
        // a spoke has no timelock: its executor administers it (DESIGN §7)
        CalTimelock: spoke.contracts.executor.address,
        CalGovernor: zeroAddress,
        Staking: spoke.contracts.staking.address,
        Marketplace: spoke.contracts.marketplace.address,
      },
    };
    const write = (file: string, value: unknown) => {
      const path = resolve(directory, file);
      writeFileSync(path, `${JSON.stringify(value, (_, v) => (typeof v === "bigint" ? v.toString() : v), 2)}\n`);
      return path;
    };
    const homeFile = write("devnet-home.json", homeDeployment);
    const spokeFile = write("devnet-spoke.json", spokeDeployment);
    const solanaFile = writeSolanaDeployment({ deployment: { ...solana.deployment, network: "devnet" }, directory });
    const tonFile = write("ton-devnet.json", { ...ton.deployment, network: "devnet" });
    // the keys: readable by this user only (created so; chmod again when the file was already there)
    const accountsFile = resolve(directory, "accounts.json");
    writeFileSync(accountsFile, `${JSON.stringify(accounts, null, 2)}\n`, { mode: 0o600 });
    chmodSync(accountsFile, 0o600);

    // ── the HTTP APIs ──
    const homeRpc = await serveEvmRpc({ provider: home.provider, port: ports.home, host: hostname });
    servers.push(homeRpc);
    const spokeRpc = await serveEvmRpc({ provider: spoke.provider, port: ports.spoke, host: hostname });
    servers.push(spokeRpc);
    const solanaRpc: SolanaRpcServer = await serveSolanaRpc({ host: solana.host, port: ports.solana, hostname });
    servers.push(solanaRpc);
    const tonApi: TonHttpServer = await serveTonHttp({ blockchain: ton.blockchain, port: ports.ton, hostname });
    servers.push(tonApi);
    const endpoints: DevnetEndpoints = {
      home: homeRpc.url,
      spoke: spokeRpc.url,
      solana: solanaRpc.url,
      solanaWs: solanaRpc.wsUrl,
      ton: tonApi.endpoint,
    };
    // ── the bridge services' configs, over the HTTP endpoints (run them instead of `bridge`, not beside it) ──
    const base = parameters.servicesPort ?? 18100;
    const tonBridge = ton.deployment.bridge!.address;
    const serviceSources = [
      {
        kind: "evm",
        domain: home.deployment.chainId,
        rpcUrl: endpoints.home,
        bridge: world.vault,
        finality: "latest",
        startBlock: (await home.publicClient.getBlockNumber()).toString(),
      },
      {
        kind: "evm",
        domain: spoke.chainId,
        rpcUrl: endpoints.spoke,
        bridge: spoke.contracts.minter.address,
        finality: "latest",
        startBlock: (await spoke.publicClient.getBlockNumber()).toString(),
      },
      { kind: "solana", rpcUrl: endpoints.solana, commitment: "confirmed" },
      { kind: "ton", endpoint: endpoints.ton, bridge: tonBridge },
    ];
    mkdirSync(resolve(directory, "bridge"), { recursive: true });
    const validatorFiles = developmentValidators().map((v, i) =>
      write(`bridge/validator-${i + 1}.json`, {
        sources: serviceSources,
        destinations: [
          { domain: home.deployment.chainId, bridge: universalFromEvm(world.vault) },
          { domain: spoke.chainId, bridge: universalFromEvm(spoke.contracts.minter.address) },
          { domain: DOMAINS.solana, bridge: solanaBridgeAddress() },
          { domain: DOMAINS.ton, bridge: ton.tonBridge },
        ],
        signer: { privateKey: v.privateKey },
        http: { host: hostname, port: base + 1 + i },
        pollIntervalMs: 500,
      }),
    );
    const relayerFile = write("bridge/relayer.json", {
      sources: serviceSources,
      destinations: [
        {
          kind: "evm",
          domain: home.deployment.chainId,
          rpcUrl: endpoints.home,
          bridge: world.vault,
          submitter: { privateKey: relayerEvmKey },
        },
        {
          kind: "evm",
          domain: spoke.chainId,
          rpcUrl: endpoints.spoke,
          bridge: spoke.contracts.minter.address,
          submitter: { privateKey: relayerEvmKey },
        },
        { kind: "solana", rpcUrl: endpoints.solana, commitment: "confirmed", payer: { secretKeyEnv: "CALCTRA_DEVNET_SOLANA_RELAYER" } },
        {
          kind: "ton",
          endpoint: endpoints.ton,
          bridge: tonBridge,
          wallet: { mnemonicEnv: "CALCTRA_DEVNET_TON_RELAYER", version: "v4" },
          poll: { intervalMs: 200, timeoutMs: 60_000 },
        },
      ],
      validators: developmentValidators().map((_, i) => `http://${hostname}:${base + 1 + i}`),
      store: { kind: "sqlite", path: resolve(directory, "bridge", "relayer.sqlite") },
      http: { host: hostname, port: base },
      pollIntervalMs: 500,
    });
    const relayerEnv = resolve(directory, "bridge", "relayer.env");
    writeFileSync(
      relayerEnv,
      `CALCTRA_DEVNET_SOLANA_RELAYER='${JSON.stringify(Array.from(relayerSolana.secretKey))}'\nCALCTRA_DEVNET_TON_RELAYER='${relayerTonMnemonic.join(" ")}'\n`,
      { mode: 0o600 },
    );
    chmodSync(relayerEnv, 0o600);
    const devnetFile = write("devnet.json", {
      endpoints,
      chains: {
        home: { chainId: home.deployment.chainId, deployment: homeFile, hub: world.hub, vault: world.vault },
        spoke: {
          chainId: spoke.chainId,
          deployment: spokeFile,
          minter: spoke.contracts.minter.address,
          vault: spoke.contracts.vault.address,
          executor: spoke.contracts.executor.address,
        },
        solana: { domain: DOMAINS.solana, deployment: solanaFile },
        ton: { domain: DOMAINS.ton, deployment: tonFile },
      },
      accounts: accounts.map((a) => ({ name: a.name, evm: a.evm.address, solana: a.solana.address, ton: a.ton.address })),
    });

    // Solana and TON clocks stand still between transactions: make them tick with the wall clock, as EDR's does (at
    // least the wall clock; after a jump forward, `world.advance`, they keep the lead and go on ticking from there, as
    // EDR keeps an evm_increaseTime offset)
    let lastWall = Math.floor(Date.now() / 1000);
    clock = setInterval(() => {
      const wall = Math.floor(Date.now() / 1000);
      const elapsed = Math.max(0, wall - lastWall);
      lastWall = wall;
      const tonTarget = Math.max(wall, ton.now() + elapsed);
      if (ton.now() < tonTarget) ton.advance(BigInt(tonTarget - ton.now()));
      void solana
        .now()
        .then(async (t) => {
          const target = t + BigInt(elapsed) > BigInt(wall) ? t + BigInt(elapsed) : BigInt(wall);
          return target > t ? solana.setTime(target) : undefined;
        })
        .catch(() => undefined);
    }, 1000);
    clock.unref();
    let relaying = false;
    if (parameters.bridge) {
      timer = setInterval(() => {
        if (relaying) return;
        relaying = true;
        void world
          .relay()
          .catch(() => undefined)
          .finally(() => {
            relaying = false;
          });
      }, parameters.relayIntervalMs ?? 1000);
      timer.unref();
    }

    const files: DevnetFiles = {
      home: homeFile,
      spoke: spokeFile,
      solana: solanaFile,
      ton: tonFile,
      accounts: accountsFile,
      devnet: devnetFile,
      validators: validatorFiles,
      relayer: relayerFile,
      relayerEnv,
    };
    const summary = () => {
      const lines = [
        "Calctra devnet: one governance on four chains",
        `  EVM home  (chain ${home.deployment.chainId}, hub ${world.hub})  ${endpoints.home}`,
        `  EVM spoke (chain ${spoke.chainId})  ${endpoints.spoke}`,
        `  Solana    ${endpoints.solana}  (websocket ${endpoints.solanaWs})`,
        `  TON       ${endpoints.ton}  (toncenter v2)`,
        parameters.bridge
          ? "  bridge    validators and relayer running"
          : `  bridge    not relayed: run the services configured in ${resolve(directory, "bridge")} (docs/devnet.md), or restart with --bridge`,
        `  files     ${directory}`,
        "",
        `Development accounts (${formatCal(homeCal)} CAL on home, ${formatCal(spokeCal)} CAL on each spoke; keys are public, never use them for value):`,
      ];
      for (const a of accounts) {
        lines.push(
          `  ${a.name}`,
          `    EVM     ${a.evm.address}  key ${a.evm.privateKey}`,
          `    Solana  ${a.solana.address}  keypair ${a.solana.keypairFile}`,
          `    TON     ${a.ton.address}  mnemonic "${a.ton.mnemonic.join(" ")}"`,
        );
      }
      const first = accounts[0];
      if (first) {
        lines.push(
          "",
          `Try (as ${first.name}):`,
          `  CALCTRA_PRIVATE_KEY=${first.evm.privateKey} npm run calctra -- token balance --rpc ${endpoints.home} --deployment ${homeFile}`,
          `  CALCTRA_PRIVATE_KEY=${first.evm.privateKey} npm run calctra -- token balance --rpc ${endpoints.spoke} --deployment ${spokeFile}`,
          `  CALCTRA_SOLANA_KEYPAIR=${first.solana.keypairFile} npm run calctra -- token balance --chain solana --rpc ${endpoints.solana} --deployment ${solanaFile}`,
          `  CALCTRA_TON_MNEMONIC="${first.ton.mnemonic.join(" ")}" npm run calctra -- token balance --chain ton --rpc ${endpoints.ton} --deployment ${tonFile}`,
        );
      }
      return `${lines.join("\n")}\n`;
    };
    return { world, endpoints, accounts, files, summary, relay: () => world.relay(), close };
  } catch (e) {
    await close();
    throw e;
  }
}
