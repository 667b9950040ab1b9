/** `calctra bridge transfer | status | relay`: from EVM bridges or from TON (`--chain ton`) to EVM bridges. */
import type { Command } from "commander";
import { createPublicClient, createWalletClient, http, zeroAddress, type Address, type Hex, type PublicClient } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { EvmBridgeClient } from "@calctra/sdk/evm";
import { TonBridgeClient } from "@calctra/sdk/ton";
import { CHAIN_DEFAULTS, parseCal, rpcTonContextFactory, type Output } from "../context.js";
import { deploymentBridge } from "../deploy/file.js";

/**
 * Builds an EVM bridge client for an RPC endpoint and a bridge address (key from `CALCTRA_PRIVATE_KEY`); `readOnly`:
 * the client only reads (`bridge status`), so no key is needed.
 */
export type BridgeClientFactory = (rpc: string, bridge: Address, options?: { readonly readOnly?: boolean }) => Promise<EvmBridgeClient>;
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

/**
 * The default factory: HTTP RPC, signing key in `CALCTRA_PRIVATE_KEY`. A read-only client without a key gets an
 * address-only account (the zero address) that never signs.
 */
export const rpcBridgeClientFactory: BridgeClientFactory = async (rpc, bridge, options = {}) => {
  const key = process.env.CALCTRA_PRIVATE_KEY;
  const readOnly = options.readOnly === true && key === undefined;
  if (!readOnly && (!key || !/^0x[0-9a-fA-F]{64}$/.test(key)))
    throw new Error("set CALCTRA_PRIVATE_KEY to the 0x-prefixed private key that signs");
  const probe = createPublicClient({ transport: http(rpc) });
  const id = await probe.getChainId();
  const chain = {
    id,
    name: `chain-${id}`,
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [rpc] } },
  } as const;
  const publicClient = createPublicClient({ chain, transport: http(rpc) }) as PublicClient;
  const walletClient = createWalletClient({
    chain,
    transport: http(rpc),
    account: readOnly ? zeroAddress : privateKeyToAccount(key as Hex),
  });
  return new EvmBridgeClient({ publicClient, walletClient, bridge });
};

const json = (v: unknown) => JSON.stringify(v, (_, x) => (typeof x === "bigint" ? x.toString() : x), 2);

/**
 * Adds `bridge`, `relayer` and `validator` command groups. `bridge transfer | status | relay` send from an EVM bridge
 * (`--rpc`, and `--bridge` or the `bridge` of the deployment file `calctra deploy --role` wrote: `--deployment`) or,
 * with `--chain ton` and a TON factory, from the TON bridge (`--deployment`, optional `--rpc` and `--bridge`); status
 * and relay follow the message onto an EVM destination (`--dst-rpc`, and `--dst-bridge` or `--dst-deployment`).
 * `bridge status` only reads: it needs no private key.
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
  type Access = { readonly readOnly?: boolean };
  const withSource = (c: Command) =>
    c
      .option("--chain <name>", "source chain: evm or ton", "evm")
      .option(
        "--rpc <url>",
        `source chain JSON-RPC (required on EVM; on TON a toncenter-compatible API, default ${CHAIN_DEFAULTS.ton.rpc})`,
      )
      .option("--bridge <address>", "source bridge (EVM vault or minter; default: the deployment file's bridge)")
      .option(
        "--deployment <file>",
        `deployment file naming the source bridge (default ${CHAIN_DEFAULTS.evm.deployment} on EVM, ${CHAIN_DEFAULTS.ton.deployment} on TON)`,
      );
  const source = async (o: Source, access: Access = {}): Promise<EvmBridgeClient | TonBridgeClient> => {
    if (o.chain === "evm") {
      if (!o.rpc) throw new Error("--rpc names the source chain on EVM");
      const bridge = (o.bridge as Address | undefined) ?? deploymentBridge(o.deployment ?? CHAIN_DEFAULTS.evm.deployment);
      return factory(o.rpc, bridge, access);
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
      .option("--dst-bridge <address>", "destination bridge (default: the bridge of --dst-deployment)")
      .option("--dst-deployment <file>", "destination deployment file written by `calctra deploy --role`")
      .requiredOption("--validator <url>", "validator base URL (repeatable)", (v: string, p: string[]) => [...p, v], [] as string[])
      .option("--json", "machine-readable output");
  type Route = Source & { dstRpc: string; dstBridge?: Address; dstDeployment?: string; validator: string[]; json?: boolean };
  const dstBridge = (o: Route): Address => {
    if (o.dstBridge) return o.dstBridge;
    if (!o.dstDeployment) throw new Error("--dst-bridge or --dst-deployment names the destination bridge");
    return deploymentBridge(o.dstDeployment);
  };
  withRoute(bridge.command("status <messageId>").description("sent, signed k/M, delivered or failed (and why)")).action(
    async (messageId: Hex, o: Route) => {
      const [src, dst] = await Promise.all([source(o, { readOnly: true }), factory(o.dstRpc, dstBridge(o), { readOnly: true })]);
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
    const [src, dst] = await Promise.all([source(o), factory(o.dstRpc, dstBridge(o))]);
    const r = await src.selfRelay({ messageId, validators: o.validator, destination: dst });
    out(o.json ? `${json(r)}\n` : `delivered: ${json(r)}\n`);
  });
}
