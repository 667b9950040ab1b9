/**
 * The network the app connects to: the devnet by default (`/network.json`, served from `deployments/devnet/devnet.json`
 * with its deployment files inlined), or any network file of the same shape a voter loads.
 */
import { z } from "zod";
import { parseEvmDeployment, type EvmDeployment } from "@calctra/sdk/evm";
import { parseSolanaDeployment, type SolanaDeployment } from "@calctra/sdk/solana";
import { parseTonDeployment, type TonDeployment } from "@calctra/sdk/ton";
import { DOMAINS, type Domain } from "@calctra/core";

const address = z.string().regex(/^0x[0-9a-fA-F]{40}$/) as unknown as z.ZodType<`0x${string}`>;
const schema = z.object({
  name: z.string().optional(),
  endpoints: z.object({
    home: z.string().url(),
    spoke: z.string().url().optional(),
    solana: z.string().url().optional(),
    solanaWs: z.string().url().optional(),
    ton: z.string().url().optional(),
  }),
  chains: z.object({
    home: z.object({ chainId: z.number().int(), hub: address, vault: address, deploymentData: z.unknown() }),
    spoke: z.object({ chainId: z.number().int(), vault: address, executor: address, deploymentData: z.unknown() }).optional(),
    solana: z.object({ deploymentData: z.unknown() }).optional(),
    ton: z.object({ deploymentData: z.unknown() }).optional(),
  }),
  tonConnect: z.object({ walletsListSource: z.string().optional() }).optional(),
});

/** An EVM spoke the app knows. */
export interface EvmSpokeNetwork {
  readonly domain: Domain;
  readonly rpcUrl: string;
  readonly vault: `0x${string}`;
  readonly executor: `0x${string}`;
  readonly deployment: EvmDeployment;
}

/** Everything the app needs to reach one governance on every chain. */
export interface AppNetwork {
  readonly name: string;
  readonly home: {
    readonly domain: Domain;
    readonly rpcUrl: string;
    readonly hub: `0x${string}`;
    readonly vault: `0x${string}`;
    readonly deployment: EvmDeployment;
  };
  readonly evmSpoke?: EvmSpokeNetwork;
  readonly solana?: { readonly domain: Domain; readonly rpcUrl: string; readonly wsUrl?: string; readonly deployment: SolanaDeployment };
  readonly ton?: { readonly domain: Domain; readonly endpoint: string; readonly deployment: TonDeployment };
  /** TON Connect's wallets list (default: TON Connect's own public list). */
  readonly tonWalletsListSource?: string;
}

/** Reads a network document (the devnet's `devnet.json` with `deploymentData` inlined); throws with what is wrong. */
export function parseNetwork(value: unknown): AppNetwork {
  const n = schema.parse(value);
  const { endpoints: e, chains: c } = n;
  const need = <T>(v: T | undefined, what: string): T => {
    if (v === undefined || v === null) throw new Error(`the network file has no ${what}`);
    return v;
  };
  return {
    name: n.name ?? (new URL(e.home).hostname === "127.0.0.1" ? "devnet" : new URL(e.home).host),
    home: {
      domain: c.home.chainId,
      rpcUrl: e.home,
      hub: c.home.hub,
      vault: c.home.vault,
      deployment: parseEvmDeployment(need(c.home.deploymentData, "home deployment")),
    },
    ...(c.spoke && e.spoke
      ? {
          evmSpoke: {
            domain: c.spoke.chainId,
            rpcUrl: e.spoke,
            vault: c.spoke.vault,
            executor: c.spoke.executor,
            deployment: parseEvmDeployment(need(c.spoke.deploymentData, "spoke deployment")),
          },
        }
      : {}),
    ...(c.solana && e.solana
      ? {
          solana: {
            domain: DOMAINS.solana,
            rpcUrl: e.solana,
            ...(e.solanaWs ? { wsUrl: e.solanaWs } : {}),
            deployment: parseSolanaDeployment(need(c.solana.deploymentData, "Solana deployment")),
          },
        }
      : {}),
    ...(c.ton && e.ton
      ? { ton: { domain: DOMAINS.ton, endpoint: e.ton, deployment: parseTonDeployment(need(c.ton.deploymentData, "TON deployment")) } }
      : {}),
    ...(n.tonConnect?.walletsListSource ? { tonWalletsListSource: n.tonConnect.walletsListSource } : {}),
  };
}

/** Fetches and reads the network the app was served with. */
export async function loadNetwork(url = "/network.json"): Promise<AppNetwork> {
  const res = await fetch(url, { cache: "no-store" });
  const body = (await res.json()) as { error?: string; hint?: string };
  if (!res.ok) throw new Error(`${body.error ?? res.status}: ${body.hint ?? "the network file could not be read"}`);
  return parseNetwork(body);
}
