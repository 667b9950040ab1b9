/**
 * The chain-neutral core of the local bridge worlds (the two-chain world of `bridge-world.ts`, the four-chain route
 * of `route-world.ts`): given the chains, each wrapped as a {@link BridgeChain} by its building block
 * (`evmBridgeChain`, `solanaBridgeChain`, `tonBridgeChain`), it starts the development validators (every source
 * watched, every destination signed for, HTTP served), the world's relayer on SQLite, and relayers on demand
 * (SQLite file or any store, e.g. PostgreSQL; own paying account, wrapped destinations). Validators and relayers are
 * driven pass by pass (`sign`, `relay`), so a story is deterministic. Supply accounting and message status work over
 * whatever chains the world has.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { pino, type Logger } from "pino";
import { PgRelayStore, Relayer, SqliteRelayStore, Validator, type RelayStore } from "@calctra/bridge";
import { CAL, type BridgeMessage, type Domain, type UniversalAddress } from "@calctra/core";
import type { BridgeDestination } from "@calctra/sdk/evm";
import type { BridgeStatusReturnType, DestinationChain, SourceChain } from "@calctra/sdk/bridge";
import { developmentValidators } from "./validators.js";

/** Who administers the bridges of a world. */
export type BridgeAdmin =
  /** The production layout: each chain's governance (EVM timelock, Solana governance PDA, TON governance). */
  | "governance"
  /**
   * The deployer (EVM `wallets[0]`, the Solana host payer), for tests that change bridge settings directly: the
   * timelock grants it the admin role (impersonated on the local chain), Solana's deployment keeps the bridge's
   * admin with its deployer (`startLocalSolana({ bridgeAdmin: "deployer" })`). TON's bridge stays governed.
   */
  | "deployer";

/** Rate limits of every remote domain the local worlds enable (1M CAL buckets, 1,000 CAL/s). */
export const OPEN_LIMITS = {
  inboundCapacity: 1_000_000n * CAL,
  inboundRatePerSecond: 1_000n * CAL,
  outboundCapacity: 1_000_000n * CAL,
  outboundRatePerSecond: 1_000n * CAL,
} as const;

/** A message as its source recorded it. */
export interface RouteMessage {
  readonly messageId: Hex;
  readonly message: BridgeMessage;
}

/** A message a chain's user sent, with what sending cost in the source chain's unit (approval included). */
export interface SentMessage extends RouteMessage {
  readonly cost: bigint;
}

/** How a relayer delivers on a chain. */
export interface ChainDestinationOptions {
  /** EVM: the wallet (index) paying for deliveries (default 9). */
  readonly submitter?: number;
  /** Messages per delivery call (default: the destination's own). */
  readonly maxBatch?: number;
}

/** One chain of a local bridge world: what validators, relayers, supply accounting and status need from it. */
export interface BridgeChain {
  /** "EVM home", "EVM spoke", "Solana", "TON". */
  readonly name: string;
  readonly domain: Domain;
  /** The bridge as a 32-byte universal address (what the validators sign for). */
  readonly universal: UniversalAddress;
  /** First block (EVM) or nonce (Solana, TON) the services scan from. */
  readonly startBlock: bigint;
  /** The chain's user as a bridge recipient (EVM `wallets[1]`, a funded Solana wallet, a TON treasury). */
  readonly recipient: string;
  /** The bridge as a source; `relayer: true` reads through the relayers' connection (EVM: its RPC faults). */
  source(options?: { readonly relayer?: boolean }): SourceChain;
  /** The bridge as a relayer destination, paid by the relayer's account on this chain. */
  destination(options?: ChainDestinationOptions): DestinationChain;
  /** The bridge as status and self-relay see it when it is a message's destination. */
  view(): BridgeDestination;
  /** The chain's user sends `amount` CAL to `recipient` on `dstDomain` with the chain's SDK bridge client. */
  send(dstDomain: Domain, amount: bigint, recipient: string): Promise<SentMessage>;
  /** A message sent here, through the chain's SDK bridge client, against its destination's view. */
  status(messageId: Hex, validators: readonly string[], destination: BridgeDestination): Promise<BridgeStatusReturnType>;
  /** Whether the message was delivered here (`message`: its origin, which Solana's replay bitmap is keyed by). */
  isDelivered(messageId: Hex, message?: { readonly srcDomain: Domain; readonly nonce: bigint }): Promise<boolean>;
  /** Takes the world's lookup of a sent message's origin by id (chains that mark deliveries by origin: Solana). */
  resolveOrigins?(resolver: (messageId: Hex) => Promise<{ readonly srcDomain: Domain; readonly nonce: bigint } | undefined>): void;
  /** Every message sent on this chain, re-derived from what the bridge recorded. */
  sent(): Promise<RouteMessage[]>;
  /** CAL locked in the home vault, or minted here by the bridge (above the deployment's own minting). */
  bridged(): Promise<bigint>;
  /** Enables `remote` as a remote domain the way `admin` may; returns the cost in this chain's unit. */
  enableRemote(remote: BridgeChain, admin: BridgeAdmin): Promise<bigint>;
  /** Mines the blocks a message needs before the services see it (EVM); nothing elsewhere. */
  confirm(): Promise<void>;
  close(): Promise<void> | void;
}

/** Defaults of every relayer of a world. */
export interface WorldRelayerParameters {
  /** Milliseconds per validator HTTP request (default 2000). */
  readonly httpTimeoutMs?: number;
  /** Messages per delivery call (default: each destination's own). */
  readonly maxBatch?: number;
}

/** Parameters of {@link startBridgeWorld}. */
export interface StartBridgeWorldParameters {
  readonly chains: readonly BridgeChain[];
  /** How many development validators run (default 3); the chains' sets must hold them. */
  readonly validators?: number;
  readonly relayer?: WorldRelayerParameters;
  readonly logger?: Logger;
}

/** Parameters of {@link BridgeWorld.startRelayer}. */
export interface StartRelayerParameters {
  /** Validator URLs (default the world's). */
  readonly validators?: readonly string[];
  /** EVM wallet (index) paying for deliveries (default 9). */
  readonly submitter?: number;
  readonly maxBatch?: number;
  readonly maxPerPoll?: number;
  readonly verify?: "always" | "on-failure";
  /** Wraps each destination (slow, crashing, counting, …). */
  readonly wrap?: (destination: DestinationChain) => DestinationChain;
}

/** A PostgreSQL relay store for {@link BridgeWorld.startRelayer}: one of several instances leasing work from one database. */
export interface PgStoreParameters {
  /** The database URL. */
  readonly postgres: string;
  /** The lease owner's name (the same name after a restart resumes its own leases). */
  readonly instanceId: string;
  readonly leaseMs: number;
}

/** A relayer and its store. */
export interface RelayerInstance<S extends RelayStore> {
  readonly relayer: Relayer<S>;
  readonly store: S;
}

/** A running local bridge world. */
export interface BridgeWorld {
  readonly chains: readonly BridgeChain[];
  readonly validators: readonly Validator[];
  /** Validator HTTP base URLs. */
  readonly validatorUrls: readonly string[];
  /** The world's relayer (SQLite), driven by {@link relay}. */
  readonly relayer: Relayer<SqliteRelayStore>;
  /** The destinations of the world's relayer, by domain. */
  readonly destinations: ReadonlyMap<Domain, DestinationChain>;
  /** The world's temporary directory (relayer stores); removed by {@link close}. */
  readonly dir: string;
  /** Mines the confirmations on every EVM chain. */
  confirm(): Promise<void>;
  /** One scan-and-sign pass of the given validators (default all), in order. */
  sign(which?: readonly number[]): Promise<void>;
  /** One pass of the world's relayer. */
  relay(): Promise<void>;
  /** The transaction with which the world's relayer delivered `messageId` (EVM hash, Solana signature, TON hash), or null. */
  relayedBy(messageId: Hex): string | null;
  /** The world's relayer's record of a message ("signed 2/3", "delivered", "failed: …"). */
  relayerStatus(messageId: Hex): string | undefined;
  /**
   * Another relayer over the world's chains: on an SQLite file of the world's directory (default "relayer.sqlite";
   * the same file is the same state after a restart), on a PostgreSQL database, or on a store of your own (e.g. a
   * wrapped one). The caller closes its store.
   */
  startRelayer(parameters?: StartRelayerParameters & { readonly store?: string }): Promise<RelayerInstance<SqliteRelayStore>>;
  startRelayer(parameters: StartRelayerParameters & { readonly store: PgStoreParameters }): Promise<RelayerInstance<PgRelayStore>>;
  startRelayer<S extends RelayStore>(parameters: StartRelayerParameters & { readonly store: S }): Promise<RelayerInstance<S>>;
  /** The user of chain `from` sends `amount` CAL to `recipient` (default the user of chain `to`). */
  send(from: Domain, to: Domain, amount: bigint, recipient?: string): Promise<SentMessage>;
  /** Every message sent on every chain, re-derived, chain by chain in the world's order. */
  sent(): Promise<RouteMessage[]>;
  /** CAL sent on any chain and not yet delivered on its destination. */
  inFlight(): Promise<bigint>;
  /** A message's state through its source chain's SDK bridge client, against its destination's view. */
  status(messageId: Hex): Promise<BridgeStatusReturnType>;
  close(): Promise<void>;
}

/**
 * Starts the validators and the world's relayer over `chains` (already started and wired to each other).
 *
 * @example
 * ```ts
 * const home = await evmBridgeChain((await startBridgeHome()).home, { name: "EVM home" });
 * const ton = tonBridgeChain(await startGovernedTonBridge());
 * await home.enableRemote(ton, "governance");
 * const world = await startBridgeWorld({ chains: [home, ton] });
 * await world.send(home.domain, ton.domain, CAL);
 * await world.confirm(); await world.sign(); await world.relay();
 * ```
 */
export async function startBridgeWorld({
  chains,
  validators: count = 3,
  relayer: defaults = {},
  logger = pino({ level: "silent" }),
}: StartBridgeWorldParameters): Promise<BridgeWorld> {
  const chainOf = (domain: Domain) => {
    const c = chains.find((x) => x.domain === domain);
    if (!c) throw new Error(`domain ${domain} is not in this world`);
    return c;
  };
  const cleanup: (() => Promise<void> | void)[] = [];
  const closeAll = async () => {
    for (const c of cleanup.splice(0).reverse()) await c();
  };
  cleanup.push(...chains.map((c) => () => c.close()));
  try {
    const validators = developmentValidators()
      .slice(0, count)
      .map(
        (k) =>
          new Validator({
            sources: chains.map((c) => ({ source: c.source(), startBlock: c.startBlock })),
            destinations: new Map(chains.map((c) => [c.domain, c.universal])),
            account: privateKeyToAccount(k.privateKey),
            logger,
          }),
      );
    cleanup.push(() => Promise.all(validators.map((v) => v.stop())).then(() => undefined));
    const validatorUrls = (await Promise.all(validators.map((v) => v.serve(0)))).map((port) => `http://127.0.0.1:${port}`);
    const dir = mkdtempSync(join(tmpdir(), "calctra-bridge-world-"));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));

    const destinationsFor = ({ submitter, maxBatch = defaults.maxBatch, wrap = (d) => d }: StartRelayerParameters) =>
      new Map(
        chains.map((c) => [
          c.domain,
          wrap(c.destination({ ...(submitter !== undefined ? { submitter } : {}), ...(maxBatch !== undefined ? { maxBatch } : {}) })),
        ]),
      );
    const relayerOn = <S extends RelayStore>(store: S, p: StartRelayerParameters, destinations = destinationsFor(p)) =>
      new Relayer<S>({
        sources: chains.map((c) => ({ source: c.source({ relayer: true }), startBlock: c.startBlock })),
        destinations,
        validators: p.validators ?? validatorUrls,
        store,
        logger,
        httpTimeoutMs: defaults.httpTimeoutMs ?? 2000,
        retry: { baseMs: 1, maxMs: 4 },
        ...(p.maxPerPoll !== undefined ? { maxPerPoll: p.maxPerPoll } : {}),
        ...(p.verify !== undefined ? { verify: p.verify } : {}),
      });
    async function startRelayer(
      p: StartRelayerParameters & { readonly store?: string | PgStoreParameters | RelayStore } = {},
    ): Promise<RelayerInstance<RelayStore>> {
      const store =
        p.store === undefined || typeof p.store === "string"
          ? new SqliteRelayStore(join(dir, p.store ?? "relayer.sqlite"))
          : "postgres" in p.store
            ? await PgRelayStore.open({ url: p.store.postgres, instanceId: p.store.instanceId, leaseMs: p.store.leaseMs, logger })
            : p.store;
      return { relayer: relayerOn(store, p), store };
    }

    const store = new SqliteRelayStore(join(dir, "world.sqlite"));
    const destinations = destinationsFor({});
    const relayer = relayerOn(store, {}, destinations);
    cleanup.push(async () => {
      await relayer.stop();
      store.close();
    });

    async function sent(): Promise<RouteMessage[]> {
      return (await Promise.all(chains.map((c) => c.sent()))).flat();
    }
    for (const c of chains) c.resolveOrigins?.(async (id) => (await sent()).find((m) => m.messageId === id)?.message);
    async function inFlight(): Promise<bigint> {
      let total = 0n;
      for (const m of await sent()) {
        const dst = chains.find((c) => c.domain === m.message.dstDomain);
        if (!dst || !(await dst.isDelivered(m.messageId, m.message))) total += m.message.amount;
      }
      return total;
    }

    return {
      chains,
      validators,
      validatorUrls,
      relayer,
      destinations,
      dir,
      sent,
      inFlight,
      startRelayer: startRelayer as BridgeWorld["startRelayer"],
      confirm: async () => {
        for (const c of chains) await c.confirm();
      },
      sign: async (which = validators.map((_, i) => i)) => {
        for (const i of which) await validators[i]!.pollOnce();
      },
      relay: () => relayer.pollOnce(),
      relayedBy: (messageId) => store.get(messageId)?.transactionId ?? null,
      relayerStatus: (messageId) => relayer.status(messageId),
      send: (from, to, amount, recipient = chainOf(to).recipient) => chainOf(from).send(to, amount, recipient),
      async status(messageId) {
        const m = (await sent()).find((x) => x.messageId === messageId);
        if (!m) throw new Error(`no message ${messageId} on the world's chains`);
        const dst = chains.find((c) => c.domain === m.message.dstDomain);
        if (!dst) throw new Error(`message ${messageId} is for domain ${m.message.dstDomain}, outside the world`);
        return chainOf(m.message.srcDomain).status(messageId, validatorUrls, dst.view());
      },
      close: closeAll,
    };
  } catch (e) {
    await closeAll();
    throw e;
  }
}
