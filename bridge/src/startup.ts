/**
 * Start-up checks of the bridge services: before a validator or a relayer polls anything, every EVM endpoint it is
 * configured with must answer, report the chain id of its domain (DESIGN: EVM domains are chain ids) and hold a
 * Calctra bridge of that domain at the configured address. A wrong address or a wrong chain refuses the start with
 * a typed error saying what was found; an unreachable RPC is retried (one log line per attempt) until it answers or
 * the service is stopped.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { createPublicClient, erc20Abi, http, type Address, type PublicClient } from "viem";
import type { Logger } from "pino";
import { CalctraError, universalFromEvm } from "@calctra/core";
import { evmBridgeAbi } from "@calctra/sdk/evm";
import type { DestinationConfig, SourceConfig } from "./config.js";

/** One EVM bridge endpoint to check: its domain, RPC and bridge address. */
export interface EvmEndpoint {
  readonly domain: number;
  readonly rpcUrl: string;
  readonly bridge: Address;
}

/** How start-up retries an unreachable RPC. */
export interface StartupRetry {
  /** Wait between two attempts (ms). */
  readonly delayMs: number;
  /** Attempts before giving up with `ServiceRpcUnreachable` (default: retry until stopped). */
  readonly attempts?: number;
}

/** An RPC URL as logged: origin and path only (an API key in the query or the user part stays out of the logs). */
export function shownUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname === "/" ? "" : u.pathname}`;
  } catch {
    return "(unparsable URL)";
  }
}

/** One line: the error and its causes (viem's "HTTP request failed" alone does not say "connection refused"). */
function reason(e: unknown): string {
  const parts: string[] = [];
  for (let x: unknown = e; x !== undefined && parts.length < 5; x = x instanceof Error ? x.cause : undefined) {
    const m = x instanceof Error ? ((x as { shortMessage?: string }).shortMessage ?? x.message) : String(x);
    const code = (x as { code?: unknown } | null)?.code;
    const line = `${m.split("\n")[0]!}${typeof code === "string" && !m.includes(code) ? ` (${code})` : ""}`;
    if (!parts.includes(line)) parts.push(line);
  }
  return parts.join(": ");
}

/**
 * What sits at `address` when it is not a bridge, in words: nothing (an externally owned account), an ERC-20 token
 * (with its name and symbol) or some other contract (with its code size).
 */
export async function describeAddress(client: PublicClient, address: Address): Promise<string> {
  const code = await client.getCode({ address });
  if (!code || code === "0x") return "no contract code (an externally owned account or an empty address)";
  const [name, symbol] = await Promise.all([
    client.readContract({ address, abi: erc20Abi, functionName: "name" }).catch(() => null),
    client.readContract({ address, abi: erc20Abi, functionName: "symbol" }).catch(() => null),
  ]);
  const short = (t: string) => (t.length > 40 ? `${t.slice(0, 40)}…` : t);
  if (name !== null || symbol !== null)
    return `an ERC-20 token${name !== null ? ` "${short(name)}"` : ""}${symbol !== null ? ` (${short(symbol)})` : ""}`;
  return `a contract of ${(code.length - 2) / 2} bytes that does not answer localDomain() as a Calctra bridge does`;
}

/**
 * Checks one EVM endpoint: retries `eth_chainId` while the RPC is unreachable (calling `onWaiting` with the reason and
 * logging one line per attempt), then refuses (`ServiceWrongChain`) an RPC of another chain id than `domain`, and
 * (`ServiceNotABridge`) an address that holds no bridge or a bridge of another domain.
 *
 * @example
 * ```ts
 * await checkEvmEndpoint({ domain: 31337, rpcUrl: "http://127.0.0.1:8545", bridge: vault }, { role: "source", logger, retry: { delayMs: 2000 } });
 * ```
 */
export async function checkEvmEndpoint(
  endpoint: EvmEndpoint,
  o: {
    readonly role: "source" | "source witness" | "destination";
    readonly logger: Logger;
    readonly retry: StartupRetry;
    readonly signal?: AbortSignal;
    readonly onWaiting?: (reason: string | null) => void;
  },
): Promise<void> {
  const client = createPublicClient({ transport: http(endpoint.rpcUrl, { retryCount: 0, timeout: 5000 }) }) as PublicClient;
  const rpc = shownUrl(endpoint.rpcUrl);
  let chainId: number | null = null;
  for (let attempt = 1; chainId === null; attempt++) {
    try {
      chainId = await client.getChainId();
    } catch (e) {
      const why = `RPC ${rpc} of domain ${endpoint.domain} unreachable: ${reason(e)}`;
      o.onWaiting?.(why);
      const last = o.retry.attempts !== undefined && attempt >= o.retry.attempts;
      o.logger.warn(
        { domain: endpoint.domain, rpc, attempt, err: reason(e) },
        last
          ? `${o.role} RPC unreachable (attempt ${attempt}); giving up`
          : `${o.role} RPC unreachable (attempt ${attempt}); retrying in ${o.retry.delayMs} ms`,
      );
      if (last) throw new CalctraError("ServiceRpcUnreachable", { domain: endpoint.domain, rpc, attempts: attempt }, "sdk", e);
      await sleep(o.retry.delayMs, undefined, o.signal ? { signal: o.signal } : {});
    }
  }
  o.onWaiting?.(null);
  if (chainId !== endpoint.domain) {
    throw new CalctraError("ServiceWrongChain", { role: o.role, domain: endpoint.domain, rpc, chainId });
  }
  let localDomain: number;
  try {
    localDomain = await client.readContract({ address: endpoint.bridge, abi: evmBridgeAbi, functionName: "localDomain" });
  } catch {
    const found = await describeAddress(client, endpoint.bridge);
    throw new CalctraError("ServiceNotABridge", { role: o.role, domain: endpoint.domain, address: endpoint.bridge, found });
  }
  if (localDomain !== endpoint.domain) {
    throw new CalctraError("ServiceNotABridge", {
      role: o.role,
      domain: endpoint.domain,
      address: endpoint.bridge,
      found: `a Calctra bridge of domain ${localDomain}`,
    });
  }
  o.logger.info({ domain: endpoint.domain, rpc, bridge: endpoint.bridge }, `${o.role} checked: chain id and bridge match`);
}

/**
 * The start-up checks of a service: every EVM source (and its witness RPCs) and EVM destination (TON and Solana
 * endpoints are not checked here yet), and, for a validator, that a destination bridge of a domain it also watches is that source's bridge.
 */
export async function checkServiceEndpoints(
  c: {
    readonly sources: readonly SourceConfig[];
    readonly destinations?: readonly DestinationConfig[];
    readonly digestBridges?: readonly { readonly domain: number; readonly bridge: string }[];
  },
  o: {
    readonly logger: Logger;
    readonly retry: StartupRetry;
    readonly signal?: AbortSignal;
    readonly onWaiting?: (reason: string | null) => void;
  },
): Promise<void> {
  for (const d of c.digestBridges ?? []) {
    const src = c.sources.find((s) => s.kind === "evm" && s.domain === d.domain);
    if (src && src.kind === "evm" && universalFromEvm(src.bridge as Address).toLowerCase() !== d.bridge.toLowerCase()) {
      throw new CalctraError("ServiceNotABridge", {
        role: "destination",
        domain: d.domain,
        address: d.bridge,
        found: `not the bridge ${src.bridge} this validator watches on domain ${d.domain}`,
      });
    }
  }
  const endpoints: { e: EvmEndpoint; role: "source" | "source witness" | "destination" }[] = [];
  for (const s of c.sources) {
    if (s.kind !== "evm") continue;
    endpoints.push({ e: { domain: s.domain, rpcUrl: s.rpcUrl, bridge: s.bridge as Address }, role: "source" });
    // A witness RPC must be of the same chain and see the same bridge, or its agreement means nothing.
    for (const w of s.witnessRpcUrls)
      endpoints.push({ e: { domain: s.domain, rpcUrl: w, bridge: s.bridge as Address }, role: "source witness" });
  }
  for (const d of c.destinations ?? [])
    if (d.kind === "evm") endpoints.push({ e: { domain: d.domain, rpcUrl: d.rpcUrl, bridge: d.bridge as Address }, role: "destination" });
  for (const { e, role } of endpoints) await checkEvmEndpoint(e, { ...o, role });
}
