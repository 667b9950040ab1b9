/**
 * Relayer instances sharing one PostgreSQL store, on top of the test world (two embedded EDR chains, three
 * validators). Each instance has its own pool, lease owner name and paying account, as separate processes would;
 * every destination submission is counted per message id across all instances.
 */
import type { Address, EIP1193RequestFn, Hex, PublicClient } from "viem";
import { createPublicClient, createWalletClient } from "viem";
import { EvmDestination } from "@calctra/sdk/evm";
import { Relayer } from "../src/relayer.js";
import { EvmSource } from "@calctra/sdk/evm";
import { PgRelayStore } from "../src/store-pg.js";
import type { DestinationChain, SignedMessage } from "@calctra/sdk/bridge";
import { HOME, SPOKE, faultyTransport, silent, type World } from "./world.js";

/** Submissions per message id, over every instance. */
export type Submissions = Map<Hex, number>;

export interface PgInstanceOptions {
  readonly leaseMs: number;
  readonly maxPerPoll?: number;
  readonly maxBatch?: number;
  /** Wraps the spoke destination (slow, crashing, …). */
  readonly wrapSpoke?: (dst: DestinationChain) => DestinationChain;
  /** Wraps the store (e.g. to freeze it as a killed process would). */
  readonly wrapStore?: (store: PgRelayStore) => PgRelayStore;
}

/** Counts every message handed to `deliver` (= one submission on the destination). */
export function counting(dst: DestinationChain, submissions: Submissions, byInstance?: Submissions): DestinationChain {
  return {
    domain: dst.domain, bridge: dst.bridge, maxBatch: dst.maxBatch,
    validatorSet: () => dst.validatorSet(),
    isDelivered: (id) => dst.isDelivered(id),
    deliver: (batch: readonly SignedMessage[]) => {
      for (const m of batch) {
        submissions.set(m.messageId, (submissions.get(m.messageId) ?? 0) + 1);
        byInstance?.set(m.messageId, (byInstance.get(m.messageId) ?? 0) + 1);
      }
      return dst.deliver(batch);
    },
  };
}

function evmClients(chain: World["home"], id: number, account: Address) {
  const transport = faultyTransport(chain.connection.provider as unknown as { request: EIP1193RequestFn }, { mode: "ok", calls: 0 });
  const viemChain = { id, name: `edr-${id}`, nativeCurrency: { name: "ETH", symbol: "ETH", decimals: 18 }, rpcUrls: { default: { http: [] } } } as const;
  const publicClient = createPublicClient({ chain: viemChain, transport, pollingInterval: 10 }) as PublicClient;
  const walletClient = createWalletClient({ chain: viemChain, transport, account, pollingInterval: 10 });
  return { publicClient, walletClient };
}

/**
 * Relayer instance `index` (0, 1, 2, …) on the PostgreSQL database `url`: its own store (owner `relayer-<index>`),
 * its own submitter (wallet 9 - index on both chains), destinations counted into `submissions`.
 */
export async function pgInstance(w: World, url: string, index: number, submissions: Submissions, o: PgInstanceOptions) {
  const real = await PgRelayStore.open({ url, leaseMs: o.leaseMs, instanceId: `relayer-${index}`, logger: silent });
  const store = o.wrapStore ? o.wrapStore(real) : real;
  const submitter = w.home.wallets[9 - index]!.account.address;
  const hc = evmClients(w.home, HOME, submitter);
  const sc = evmClients(w.spoke, SPOKE, submitter);
  const mine: Submissions = new Map();
  const spoke: DestinationChain = new EvmDestination({ domain: SPOKE, bridge: w.s.bridge.address, ...sc, maxBatch: o.maxBatch ?? 32 });
  const destinations = new Map<number, DestinationChain>([
    [SPOKE, counting(o.wrapSpoke ? o.wrapSpoke(spoke) : spoke, submissions, mine)],
    [HOME, counting(new EvmDestination({ domain: HOME, bridge: w.h.bridge.address, ...hc, maxBatch: o.maxBatch ?? 32 }), submissions, mine)],
  ]);
  const relayer = new Relayer({
    sources: [
      { source: new EvmSource({ client: hc.publicClient, bridge: w.h.bridge.address, domain: HOME, confirmations: w.confirmations }), startBlock: 0n },
      { source: new EvmSource({ client: sc.publicClient, bridge: w.s.bridge.address, domain: SPOKE, confirmations: w.confirmations }), startBlock: 0n },
    ],
    destinations, validators: w.urls, store, logger: silent, httpTimeoutMs: 2000, retry: { baseMs: 1, maxMs: 4 },
    ...(o.maxPerPoll !== undefined ? { maxPerPoll: o.maxPerPoll } : {}),
  });
  return { relayer, store, real, submitted: mine };
}

/** Runs every instance's passes concurrently until `done()` or `maxRounds` rounds. */
export async function runUntil(relayers: readonly Relayer<PgRelayStore>[], done: () => Promise<boolean>, maxRounds = 200): Promise<boolean> {
  for (let i = 0; i < maxRounds; i++) {
    await Promise.all(relayers.map((r) => r.pollOnce()));
    if (await done()) return true;
  }
  return false;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
