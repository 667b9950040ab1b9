/**
 * Test world: two embedded EDR chains (EVM home 31337, EVM spoke 31338) with CAL and the bridge on each,
 * three validators (the vectors' development keys) serving HTTP, and a relayer factory with an SQLite store.
 * The relayer talks to both chains through transports whose faults the tests switch on and off.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  createPublicClient, createWalletClient, custom, getContractAddress, parseEventLogs,
  type Address, type EIP1193RequestFn, type Hex, type PublicClient,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { pino } from "pino";
import {
  CAL, HOME, SPOKE, createChain, deployHome, deploySpoke, validatorKeys, type Chain,
} from "../../contracts-evm/test/bridge/helpers.js";
import { universalFromEvm } from "@calctra/core";
import { bridgeVaultAbi as bridgeAbi } from "@calctra/sdk/evm";
import { EvmDestination } from "@calctra/sdk/evm";
import { Relayer } from "../src/relayer.js";
import { EvmSource } from "@calctra/sdk/evm";
import { SqliteRelayStore } from "../src/store.js";
import type { DestinationChain } from "@calctra/sdk/bridge";
import { Validator } from "../src/validator.js";

export { CAL, HOME, SPOKE };
export const silent = pino({ level: "silent" });

/** A switchable RPC fault: "error" rejects every call, "timeout" rejects after a delay (as a timed-out HTTP call would). */
export interface Fault {
  mode: "ok" | "error" | "timeout";
  calls: number;
}

/** A viem transport over an EIP-1193 provider that injects `fault`. */
export function faultyTransport(provider: { request: EIP1193RequestFn }, fault: Fault) {
  return custom(
    {
      async request(args: { method: string; params?: unknown }) {
        fault.calls++;
        if (fault.mode === "error") throw new Error(`injected RPC error on ${args.method}`);
        if (fault.mode === "timeout") {
          await new Promise((r) => setTimeout(r, 30));
          throw new Error(`injected RPC timeout on ${args.method}`);
        }
        return (provider.request as (a: unknown) => Promise<unknown>)(args);
      },
    },
    { retryCount: 0 },
  );
}

function clients(chain: Chain, id: number, fault: Fault, submitter: Address) {
  const transport = faultyTransport(chain.connection.provider as unknown as { request: EIP1193RequestFn }, fault);
  const viemChain = { id, name: `edr-${id}`, nativeCurrency: { name: "ETH", symbol: "ETH", decimals: 18 }, rpcUrls: { default: { http: [] } } } as const;
  const publicClient = createPublicClient({ chain: viemChain, transport, pollingInterval: 10 }) as PublicClient;
  const walletClient = createWalletClient({ chain: viemChain, transport, account: submitter, pollingInterval: 10 });
  return { publicClient, walletClient };
}

export interface WorldOptions {
  confirmations?: number;
  maxBatch?: number;
}

export async function createWorld(o: WorldOptions = {}) {
  const home = await createChain(HOME);
  const spoke = await createChain(SPOKE);
  const deployer = home.wallets[0]!.account.address;
  const predicted = getContractAddress({ from: deployer, nonce: 1n });
  const h = await deployHome(home, { domain: SPOKE, bridge: predicted });
  const s = await deploySpoke(spoke, { domain: HOME, bridge: predicted });
  if (h.bridge.address.toLowerCase() !== predicted.toLowerCase() || s.bridge.address.toLowerCase() !== predicted.toLowerCase()) {
    throw new Error("bridges not at the predicted addresses");
  }
  const user = home.wallets[1]!;
  const spokeUser = spoke.wallets[1]!;
  await h.token.write.transfer([user.account.address, 1_000_000n * CAL]);
  await h.token.write.approve([h.bridge.address, 2n ** 64n - 1n], { account: user.account });
  await s.token.write.approve([s.bridge.address, 2n ** 64n - 1n], { account: spokeUser.account });

  const confirmations = o.confirmations ?? 1;
  const destinationsForValidators = new Map([
    [SPOKE, universalFromEvm(s.bridge.address)],
    [HOME, universalFromEvm(h.bridge.address)],
  ]);
  const validators = validatorKeys.map((k) => new Validator({
    sources: [
      { source: new EvmSource({ client: home.publicClient as unknown as PublicClient, bridge: h.bridge.address, domain: HOME, confirmations }), startBlock: 0n },
      { source: new EvmSource({ client: spoke.publicClient as unknown as PublicClient, bridge: s.bridge.address, domain: SPOKE, confirmations }), startBlock: 0n },
    ],
    destinations: destinationsForValidators,
    account: privateKeyToAccount(k),
    logger: silent,
  }));
  const ports = await Promise.all(validators.map((v) => v.serve(0)));
  const urls = ports.map((p) => `http://127.0.0.1:${p}`);

  const faults = { home: { mode: "ok", calls: 0 } as Fault, spoke: { mode: "ok", calls: 0 } as Fault };
  const submitter = home.wallets[9]!.account.address;
  const hc = clients(home, HOME, faults.home, submitter);
  const sc = clients(spoke, SPOKE, faults.spoke, submitter);
  const dir = mkdtempSync(join(tmpdir(), "calctra-bridge-"));

  const destinations = (): Map<number, DestinationChain> => new Map<number, DestinationChain>([
    [SPOKE, new EvmDestination({ domain: SPOKE, bridge: s.bridge.address, ...sc, maxBatch: o.maxBatch })],
    [HOME, new EvmDestination({ domain: HOME, bridge: h.bridge.address, ...hc, maxBatch: o.maxBatch })],
  ]);

  /** A relayer on `storeFile` (same file = same state after a restart). */
  function relayer(
    storeFile = "relayer.sqlite",
    over: { destinations?: Map<number, DestinationChain>; validators?: string[]; verify?: "always" | "on-failure" } = {},
  ) {
    const store = new SqliteRelayStore(join(dir, storeFile));
    const r = new Relayer({
      sources: [
        { source: new EvmSource({ client: hc.publicClient, bridge: h.bridge.address, domain: HOME, confirmations }), startBlock: 0n },
        { source: new EvmSource({ client: sc.publicClient, bridge: s.bridge.address, domain: SPOKE, confirmations }), startBlock: 0n },
      ],
      destinations: over.destinations ?? destinations(),
      validators: over.validators ?? urls,
      store, logger: silent, httpTimeoutMs: 1000, retry: { baseMs: 1, maxMs: 4 }, verify: over.verify,
    });
    return { relayer: r, store };
  }

  /** Locks `amount` on home for the user's own address on the spoke; returns the messageId. */
  async function sendHome(amount: bigint, to: Address = spokeUser.account.address): Promise<Hex> {
    const hash = await h.bridge.write.send([SPOKE, universalFromEvm(to), amount], { account: user.account });
    const receipt = await home.publicClient.waitForTransactionReceipt({ hash });
    return parseEventLogs({ abi: bridgeAbi, logs: receipt.logs, eventName: "MessageSent" })[0]!.args.messageId;
  }
  /** Burns `amount` on the spoke for the home user. */
  async function sendSpoke(amount: bigint, to: Address = user.account.address): Promise<Hex> {
    const hash = await s.bridge.write.send([HOME, universalFromEvm(to), amount], { account: spokeUser.account });
    const receipt = await spoke.publicClient.waitForTransactionReceipt({ hash });
    return parseEventLogs({ abi: bridgeAbi, logs: receipt.logs, eventName: "MessageSent" })[0]!.args.messageId;
  }

  async function mineBoth(n = confirmations) {
    await home.networkHelpers.mine(n);
    await spoke.networkHelpers.mine(n);
  }

  /** Every validator scans once. */
  async function sign(online: readonly Validator[] = validators) {
    for (const v of online) await v.pollOnce();
  }

  /** Delivered-event count per messageId on a chain. */
  async function deliveries(chain: "home" | "spoke"): Promise<Map<Hex, number>> {
    const c = chain === "home" ? home.publicClient : spoke.publicClient;
    const address = chain === "home" ? h.bridge.address : s.bridge.address;
    const logs = await c.getContractEvents({ address, abi: bridgeAbi, eventName: "MessageDelivered", fromBlock: 0n, strict: true });
    const out = new Map<Hex, number>();
    for (const l of logs) out.set(l.args.messageId, (out.get(l.args.messageId) ?? 0) + 1);
    return out;
  }

  /** locked on home, minted on the spoke, in flight both ways (sent and not delivered). */
  async function supply() {
    const locked = await h.token.read.balanceOf([h.bridge.address]);
    const minted = await s.token.read.totalSupply();
    let inFlight = 0n;
    for (const [src, dst] of [[home, s.bridge], [spoke, h.bridge]] as const) {
      const address = src === home ? h.bridge.address : s.bridge.address;
      const sent = await src.publicClient.getContractEvents({ address, abi: bridgeAbi, eventName: "MessageSent", fromBlock: 0n, strict: true });
      for (const l of sent) if (!(await dst.read.isDelivered([l.args.messageId]))) inFlight += l.args.amount;
    }
    return { locked, minted, inFlight };
  }

  async function close() {
    await Promise.all(validators.map((v) => v.stop()));
  }

  return {
    confirmations, home, spoke, h, s, user, spokeUser, validators, urls, faults, destinations, relayer, sendHome, sendSpoke,
    mineBoth, sign, deliveries, supply, close, dir,
  };
}
export type World = Awaited<ReturnType<typeof createWorld>>;
