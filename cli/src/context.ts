/**
 * What the `calctra` commands share: the connection options of every chain (`--chain`, `--rpc`, `--deployment`,
 * `--json`), the default client factories (EVM: `CALCTRA_PRIVATE_KEY`; Solana: the keypair file in
 * `CALCTRA_SOLANA_KEYPAIR`; TON: a toncenter-compatible endpoint and the 24-word wallet v4 mnemonic in
 * `CALCTRA_TON_MNEMONIC`) and the output helpers. The clients come from a context factory per chain, so tests drive
 * the same commands against embedded chains.
 */
import type { Command } from "commander";
import {
  createPublicClient,
  createWalletClient,
  http,
  type Account,
  type Chain,
  type PublicClient,
  type Transport,
  type WalletClient,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { z } from "zod";
import { readFileSync as readText } from "node:fs";
import { AnchorProvider, Wallet } from "@coral-xyz/anchor";
import { Connection, Keypair } from "@solana/web3.js";
import type { Sender } from "@ton/core";
import { mnemonicToPrivateKey, mnemonicValidate } from "@ton/crypto";
import { TonClient, WalletContractV4 } from "@ton/ton";
import {
  formatCal,
  taskStatusName,
  universalFromEvm,
  universalFromSolana,
  universalFromTonRaw,
  type GovernanceClient,
  type UniversalAddress,
  type MarketplaceClient,
  type StakingClient,
  type Task,
  type TokenClient,
} from "@calctra/core";
import {
  SolanaGovernanceClient,
  SolanaMarketplaceClient,
  SolanaStakingClient,
  SolanaTokenClient,
  parseSolanaDeployment,
  type SolanaClientParameters,
} from "@calctra/sdk/solana";
import {
  TonGovernanceClient,
  TonMarketplaceClient,
  TonStakingClient,
  TonTokenClient,
  createTonTracer,
  parseTonDeployment,
  type TonClientParameters,
} from "@calctra/sdk/ton";
import { EvmGovernanceClient, EvmMarketplaceClient, EvmStakingClient, EvmTokenClient, type EvmDeployment } from "@calctra/sdk/evm";
import { readEvmDeployment } from "@calctra/sdk/node";
import { assertDeploymentChain } from "./deploy/check.js";

/** What every EVM command needs. */
export interface EvmCommandContext {
  readonly publicClient: PublicClient;
  readonly walletClient: WalletClient<Transport, Chain | undefined, Account>;
  readonly deployment: EvmDeployment;
}
/** Options every EVM command accepts. */
export interface EvmConnectionOptions {
  readonly rpc: string;
  readonly deployment: string;
}
/** Creates the context of a command from its options. */
export type EvmContextFactory = (options: EvmConnectionOptions) => Promise<EvmCommandContext>;
/** Creates the Solana clients' parameters (connection, signing wallet, deployment) from a command's options. */
export type SolanaContextFactory = (options: EvmConnectionOptions) => Promise<SolanaClientParameters>;
/** Creates the TON clients' parameters (opener, signing wallet's sender, deployment, trace) from a command's options. */
export type TonContextFactory = (options: EvmConnectionOptions) => Promise<TonClientParameters>;
/** The chains the task, provider, token and vote commands run on (`--chain`). */
export interface ChainContextFactories {
  readonly evm: EvmContextFactory;
  readonly solana?: SolanaContextFactory;
  readonly ton?: TonContextFactory;
}

/** The chain-neutral clients a command works with, whichever chain `--chain` picked. */
interface ChainClients {
  readonly marketplace: MarketplaceClient;
  readonly staking: StakingClient;
  readonly token: TokenClient;
  readonly governance: GovernanceClient;
  /** The signing account, in the chain's own address format. */
  readonly self: string;
  /** The signing account as a 32-byte universal address (what a replica's commit binds). */
  readonly selfUniversal: UniversalAddress;
  /** The chain's clock (unix seconds). */
  now(): Promise<bigint>;
}

/**
 * The default Solana factory: a JSON-RPC URL, a deployment file written by `deploySolana` and the keypair file
 * (solana-keygen JSON) named by `CALCTRA_SOLANA_KEYPAIR`.
 *
 * @example
 * ```ts
 * const params = await rpcSolanaContextFactory({ rpc: "http://127.0.0.1:8899", deployment: "deployments/solana-local.json" });
 * ```
 */
export const rpcSolanaContextFactory: SolanaContextFactory = async ({ rpc, deployment }) => {
  const path = process.env.CALCTRA_SOLANA_KEYPAIR;
  if (!path) throw new Error("set CALCTRA_SOLANA_KEYPAIR to the keypair file (solana-keygen JSON) that signs");
  const secret = z
    .array(z.number().int().min(0).max(255))
    .length(64)
    .parse(JSON.parse(readText(path, "utf8")));
  const provider = new AnchorProvider(new Connection(rpc, "confirmed"), new Wallet(Keypair.fromSecretKey(Uint8Array.from(secret))), {
    commitment: "confirmed",
  });
  return { provider, deployment: parseSolanaDeployment(JSON.parse(readText(deployment, "utf8")) as unknown) };
};
/**
 * The default TON factory: a toncenter-compatible HTTP API endpoint (`@ton/ton`'s `TonClient`; an API key from
 * `CALCTRA_TON_API_KEY` when set), a deployment file `deployments/ton-<network>.json` and the wallet (v4, workchain 0)
 * of the 24-word mnemonic in `CALCTRA_TON_MNEMONIC`. Sends are traced on the network (`createTonTracer`), so the
 * commands report each call's TON gas and decode refusals to their canonical names.
 *
 * @example
 * ```ts
 * const params = await rpcTonContextFactory({ rpc: "https://testnet.toncenter.com/api/v2/jsonRPC", deployment: "deployments/ton-testnet.json" });
 * ```
 */
export const rpcTonContextFactory: TonContextFactory = async ({ rpc, deployment }) => {
  const words = process.env.CALCTRA_TON_MNEMONIC?.trim().split(/\s+/);
  if (words?.length !== 24) throw new Error("set CALCTRA_TON_MNEMONIC to the 24-word mnemonic of the TON wallet (v4) that signs");
  if (!(await mnemonicValidate(words))) throw new Error("CALCTRA_TON_MNEMONIC is not a valid TON mnemonic");
  const keys = await mnemonicToPrivateKey(words);
  const apiKey = process.env.CALCTRA_TON_API_KEY;
  const client = new TonClient({ endpoint: rpc, ...(apiKey ? { apiKey } : {}) });
  const wallet = client.open(WalletContractV4.create({ workchain: 0, publicKey: keys.publicKey }));
  // @ton/ton's wallet sender carries no address; the adapters need it (jetton wallet, traces)
  const sender: Sender = { address: wallet.address, send: wallet.sender(keys.secretKey).send };
  return {
    open: (c) => client.open(c),
    sender,
    trace: createTonTracer({ source: client }),
    deployment: parseTonDeployment(JSON.parse(readText(deployment, "utf8")) as unknown),
  };
};
/** Where command output goes (stdout in the CLI, a buffer in tests). */
export type Output = (text: string) => void;

/**
 * The default factory: an HTTP RPC endpoint, a deployment file and `CALCTRA_PRIVATE_KEY`; refuses a node that is not
 * the deployment's chain (`DeploymentChainMismatch`: another chain id, or a restarted node's new genesis hash).
 */
export const rpcContextFactory: EvmContextFactory = async ({ rpc, deployment }) => {
  const key = process.env.CALCTRA_PRIVATE_KEY;
  if (!key || !/^0x[0-9a-fA-F]{64}$/.test(key)) throw new Error("set CALCTRA_PRIVATE_KEY to the 0x-prefixed private key that signs");
  const dep = readEvmDeployment({ file: deployment });
  const chain = {
    id: dep.chainId,
    name: dep.network,
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [rpc] } },
  } as const;
  const publicClient = createPublicClient({ chain, transport: http(rpc) }) as PublicClient;
  const walletClient = createWalletClient({ chain, transport: http(rpc), account: privateKeyToAccount(key as `0x${string}`) });
  // A restarted node or another chain is named as such here, not later as `returned no data ("0x")`.
  await assertDeploymentChain(publicClient, deployment);
  return { publicClient, walletClient, deployment: dep };
};

/** CAL amount parsing and formatting (from the SDK core; re-exported for the CLI's users). */
export { formatCal, parseCal } from "@calctra/core";

/** Default endpoint and deployment file per chain (`--rpc`, `--deployment`). */
export const CHAIN_DEFAULTS = {
  evm: { rpc: "http://127.0.0.1:8545", deployment: "deployments/localhost.json" },
  solana: { rpc: "http://127.0.0.1:8899", deployment: "deployments/solana-local.json" },
  ton: { rpc: "https://testnet.toncenter.com/api/v2/jsonRPC", deployment: "deployments/ton-testnet.json" },
} as const;
export const UNITS = { evm: "gas", solana: "compute units", ton: "TON gas" } as const;

export const json = (v: unknown) => JSON.stringify(v, (_, x) => (typeof x === "bigint" ? x.toString() : x), 2);
export function showTask(t: Task): Record<string, string | number | null> {
  return {
    id: t.id.toString(),
    status: taskStatusName(t.status),
    user: t.user,
    provider: t.provider,
    reward: formatCal(t.reward),
    collateral: formatCal(t.collateral),
    deadline: new Date(Number(t.deadline) * 1000).toISOString(),
    verifierId: t.verifierId,
    minReputationBps: t.minReputationBps,
    specHash: `0x${t.specHash.toString(16)}`,
    resultCommitment: `0x${t.resultCommitment.toString(16)}`,
    modelCreator: t.modelCreator,
  };
}

/** Connection options every chain command takes. */
export type ChainOptions = { chain: string; rpc?: string; deployment?: string; json?: boolean };

/** The helpers the command groups share, over the chain factories and the output. */
export type CommandKit = ReturnType<typeof commandKit>;

/**
 * Builds the shared helpers: `withConn` adds the connection options to a command, `clients` opens the chain-neutral
 * clients of the chain `--chain` names, `print`/`tx` write human or `--json` output with the chain's cost unit.
 *
 * @example
 * ```ts
 * const kit = commandKit({ evm: rpcContextFactory }, (t) => process.stdout.write(t));
 * kit.withConn(program.command("task show <taskId>"));
 * ```
 */
export function commandKit(factories: ChainContextFactories, out: Output) {
  const DEFAULTS = CHAIN_DEFAULTS;
  const contextFactory = factories.evm;
  const withConn = (c: Command) =>
    c
      .option("--chain <name>", "evm, solana or ton", process.env.CALCTRA_CHAIN ?? "evm")
      .option(
        "--rpc <url>",
        `JSON-RPC endpoint (default ${DEFAULTS.evm.rpc} on EVM, ${DEFAULTS.solana.rpc} on Solana, toncenter API ${DEFAULTS.ton.rpc} on TON)`,
        process.env.CALCTRA_RPC,
      )
      .option(
        "--deployment <file>",
        `deployment file written by the deploy script (default ${DEFAULTS.evm.deployment} / ${DEFAULTS.solana.deployment} / ${DEFAULTS.ton.deployment})`,
        process.env.CALCTRA_DEPLOYMENT,
      )
      .option("--json", "machine-readable output");
  type Opts = ChainOptions;
  const conn = (o: Opts, chain: keyof typeof DEFAULTS): EvmConnectionOptions => ({
    rpc: o.rpc ?? DEFAULTS[chain].rpc,
    deployment: o.deployment ?? DEFAULTS[chain].deployment,
  });
  const evmContext = (o: Opts) => {
    if (o.chain !== "evm") throw new Error(`this command runs on EVM only (got --chain ${o.chain})`);
    return contextFactory(conn(o, "evm"));
  };
  const tonParams = async (o: Opts) => {
    if (!factories.ton) throw new Error("TON is not configured in this CLI");
    return factories.ton(conn(o, "ton"));
  };
  const clients = async (o: Opts): Promise<ChainClients> => {
    if (o.chain === "evm") {
      const ctx = await contextFactory(conn(o, "evm"));
      return {
        marketplace: new EvmMarketplaceClient(ctx),
        staking: new EvmStakingClient(ctx),
        token: new EvmTokenClient(ctx),
        governance: new EvmGovernanceClient(ctx),
        self: ctx.walletClient.account.address,
        selfUniversal: universalFromEvm(ctx.walletClient.account.address),
        now: async () => (await ctx.publicClient.getBlock()).timestamp,
      };
    }
    if (o.chain === "solana") {
      if (!factories.solana) throw new Error("Solana is not configured in this CLI");
      const params = await factories.solana(conn(o, "solana"));
      const marketplace = new SolanaMarketplaceClient(params);
      return {
        marketplace,
        staking: new SolanaStakingClient(params),
        token: new SolanaTokenClient(params),
        governance: new SolanaGovernanceClient(params),
        self: params.provider.wallet.publicKey.toBase58(),
        selfUniversal: universalFromSolana(params.provider.wallet.publicKey.toBase58()),
        now: () => marketplace.chainTime(),
      };
    }
    if (o.chain === "ton") {
      const params = await tonParams(o);
      const self = params.sender.address;
      if (!self) throw new Error("the TON sender has no address");
      return {
        marketplace: new TonMarketplaceClient(params),
        staking: new TonStakingClient(params),
        token: new TonTokenClient(params),
        governance: new TonGovernanceClient(params),
        self: self.toString(),
        selfUniversal: universalFromTonRaw(self.toRawString()),
        now: async () => BigInt(params.now ? params.now() : Math.floor(Date.now() / 1000)),
      };
    }
    throw new Error(`unknown chain ${o.chain}: evm, solana or ton`);
  };
  const print = (opts: Opts, human: string, machine: unknown) => out(opts.json ? `${json(machine)}\n` : `${human}\n`);
  const unit = (opts: Opts) => UNITS[opts.chain as keyof typeof UNITS] ?? "gas";
  const tx = (opts: Opts, what: string, r: { id: string; cost?: bigint }) =>
    print(opts, `${what}: tx ${r.id} (${unit(opts)} ${r.cost ?? "?"})`, { ok: true, what, tx: r.id, gas: r.cost });

  return { withConn, conn, evmContext, tonParams, clients, print, unit, tx, factories };
}
