/** `calctra bridge transfer | status | relay`: from EVM bridges or from TON (`--chain ton`) to EVM bridges. */
import type { Command } from "commander";
import { createPublicClient, createWalletClient, http, type Address, type Hex, type PublicClient } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { EvmBridgeClient } from "@calctra/sdk/evm";
import { TonBridgeClient } from "@calctra/sdk/ton";
import { CHAIN_DEFAULTS, parseCal, rpcTonContextFactory, type Output } from "../context.js";

/** Builds an EVM bridge client for an RPC endpoint and a bridge address (key from `CALCTRA_PRIVATE_KEY`). */
export type BridgeClientFactory = (rpc: string, bridge: Address) => Promise<EvmBridgeClient>;
/** Options naming a TON source bridge: the endpoint, the deployment file and (optionally) the bridge, else the deployment's. */
export interface TonBridgeConnectionOptions {
  readonly rpc: string;
  readonly deployment: string;
  readonly bridge?: string;
}
/** Builds a TON bridge client (the signing wallet, the deployment, the bridge) from a command's options. */
export type TonBridgeClientFactory = (options: TonBridgeConnectionOptions) => Promise<TonBridgeClient>;
/** Source chains other than EVM that `bridge transfer | status | relay` accept (`--chain`). */
export interface BridgeSourceFactories {
  readonly ton?: TonBridgeClientFactory;
}

/**
 * The default TON bridge factory: the TON context of `rpcTonContextFactory` (toncenter-compatible endpoint, wallet
 * v4 of `CALCTRA_TON_MNEMONIC`, deployment file) and the bridge of `--bridge` or of the deployment's `bridge` entry.
 *
 * @example
 * ```ts
 * const bridge = await rpcTonBridgeClientFactory({ rpc: "https://testnet.toncenter.com/api/v2/jsonRPC", deployment: "deployments/ton-testnet.json" });
 * ```
 */
export const rpcTonBridgeClientFactory: TonBridgeClientFactory = async ({ rpc, deployment, bridge }) =>
  new TonBridgeClient({ ...(await rpcTonContextFactory({ rpc, deployment })), ...(bridge ? { bridge } : {}) });

/** The default factory: HTTP RPC, signing key in `CALCTRA_PRIVATE_KEY`. */
export const rpcBridgeClientFactory: BridgeClientFactory = async (rpc, bridge) => {
  const key = process.env.CALCTRA_PRIVATE_KEY;
  if (!key || !/^0x[0-9a-fA-F]{64}$/.test(key)) throw new Error("set CALCTRA_PRIVATE_KEY to the 0x-prefixed private key that signs");
  const probe = createPublicClient({ transport: http(rpc) });
  const id = await probe.getChainId();
  const chain = {
    id,
    name: `chain-${id}`,
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [rpc] } },
  } as const;
  const publicClient = createPublicClient({ chain, transport: http(rpc) }) as PublicClient;
  const walletClient = createWalletClient({ chain, transport: http(rpc), account: privateKeyToAccount(key as Hex) });
  return new EvmBridgeClient({ publicClient, walletClient, bridge });
};

const json = (v: unknown) => JSON.stringify(v, (_, x) => (typeof x === "bigint" ? x.toString() : x), 2);

/**
 * Adds `bridge`, `relayer` and `validator` command groups. `bridge transfer | status | relay` send from an EVM bridge
 * (`--rpc`, `--bridge`) or, with `--chain ton` and a TON factory, from the TON bridge (`--deployment`, optional
 * `--rpc` and `--bridge`); status and relay follow the message onto an EVM destination (`--dst-rpc`, `--dst-bridge`).
 *
 * @example
 * ```ts
 * addBridgeCommands(program, rpcBridgeClientFactory, (t) => process.stdout.write(t), { ton: rpcTonBridgeClientFactory });
 * // calctra bridge transfer --rpc http://127.0.0.1:8545 --bridge 0x… --to-domain 31338 --recipient 0x… --amount 5
 * // calctra bridge transfer --chain ton --deployment deployments/ton-testnet.json --to-domain 1 --recipient 0x… --amount 5
 * ```
 */
export function addBridgeCommands(program: Command, factory: BridgeClientFactory, out: Output, sources: BridgeSourceFactories = {}): void {
  type Source = { chain: string; rpc?: string; bridge?: string; deployment?: string };
  const withSource = (c: Command) =>
    c
      .option("--chain <name>", "source chain: evm or ton", "evm")
      .option(
        "--rpc <url>",
        `source chain JSON-RPC (required on EVM; on TON a toncenter-compatible API, default ${CHAIN_DEFAULTS.ton.rpc})`,
      )
      .option("--bridge <address>", "source bridge (EVM vault or minter, required on EVM; on TON default: the deployment's bridge)")
      .option("--deployment <file>", `TON deployment file (default ${CHAIN_DEFAULTS.ton.deployment})`);
  const source = async (o: Source): Promise<EvmBridgeClient | TonBridgeClient> => {
    if (o.chain === "evm") {
      if (!o.rpc || !o.bridge) throw new Error("--rpc and --bridge name the source bridge on EVM");
      return factory(o.rpc, o.bridge as Address);
    }
    if (o.chain === "ton") {
      if (!sources.ton) throw new Error("TON is not configured in this CLI");
      return sources.ton({
        rpc: o.rpc ?? CHAIN_DEFAULTS.ton.rpc,
        deployment: o.deployment ?? CHAIN_DEFAULTS.ton.deployment,
        ...(o.bridge ? { bridge: o.bridge } : {}),
      });
    }
    throw new Error(`unknown source chain ${o.chain}: evm or ton`);
  };
  const bridge = program.command("bridge").description("move CAL between chains (lock-and-mint)");
  withSource(bridge.command("transfer").description("lock (home) or burn (spoke, TON) CAL for another domain"))
    .requiredOption("--to-domain <id>", "destination domain (EVM chain id, Solana 1397705793, TON 1414483456)")
    .requiredOption("--recipient <address>", "20-byte EVM address or 32-byte universal address")
    .requiredOption("--amount <CAL>", "amount in CAL")
    .option("--json", "machine-readable output")
    .action(async (o: Source & { toDomain: string; recipient: string; amount: string; json?: boolean }) => {
      const r = await (await source(o)).transfer({ dstDomain: Number(o.toDomain), recipient: o.recipient, amount: parseCal(o.amount) });
      out(
        o.json
          ? `${json(r)}\n`
          : `sent: message ${r.messageId} (nonce ${r.message.nonce}) tx ${r.id} (${o.chain === "ton" ? "TON gas" : "gas"} ${r.cost ?? "?"})\n`,
      );
    });
  const withRoute = (c: Command) =>
    withSource(c)
      .requiredOption("--dst-rpc <url>", "destination chain JSON-RPC")
      .requiredOption("--dst-bridge <address>", "destination bridge")
      .requiredOption("--validator <url>", "validator base URL (repeatable)", (v: string, p: string[]) => [...p, v], [] as string[])
      .option("--json", "machine-readable output");
  type Route = Source & { dstRpc: string; dstBridge: Address; validator: string[]; json?: boolean };
  withRoute(bridge.command("status <messageId>").description("sent, signed k/M, delivered or failed (and why)")).action(
    async (messageId: Hex, o: Route) => {
      const [src, dst] = await Promise.all([source(o), factory(o.dstRpc, o.dstBridge)]);
      const s = await src.status({ messageId, validators: o.validator, destination: dst });
      out(
        o.json
          ? `${json(s)}\n`
          : `${s.state}${s.state === "signed" || s.state === "sent" ? ` ${s.signatures}/${s.validators} (threshold ${s.threshold})` : ""}${s.reason ? `: ${s.reason}` : ""}\n`,
      );
    },
  );
  withRoute(
    bridge.command("relay <messageId>").description("self-relay: collect signatures and deliver on the destination yourself"),
  ).action(async (messageId: Hex, o: Route) => {
    const [src, dst] = await Promise.all([source(o), factory(o.dstRpc, o.dstBridge)]);
    const r = await src.selfRelay({ messageId, validators: o.validator, destination: dst });
    out(o.json ? `${json(r)}\n` : `delivered: ${json(r)}\n`);
  });
}
