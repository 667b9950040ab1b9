/**
 * A local EVM home ↔ TON bridge world for the demo and the tests: an embedded EVM home (31337: suite + BridgeVault
 * by Ignition, administered by the timelock; governance enables TON with the TON bridge's account id as remote),
 * a @ton/sandbox chain with the governed TON bridge (contracts-ton/scripts/bridgeSandbox.ts: governance administers
 * the bridge, the bridge administers the CAL minter, 2 of the 3 development validators), three in-process validators
 * (development keys of test/vectors/bridge.json) serving HTTP, and a relayer on a temporary SQLite store whose TON
 * deliveries are recorded so the gas of each delivery's transaction chain can be reported. Validators and relayer
 * are driven pass by pass (`sign`, `relay`), so a story is deterministic. Run from the repository root under tsx.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Blockchain, type SandboxContract, type TreasuryContract } from "@ton/sandbox";
import { toNano, type Address as TonAddress, type Cell, type Contract, type Transaction } from "@ton/core";
import type { Address, Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { pino } from "pino";
import { Relayer } from "../../../bridge/src/relayer.js";
import { EvmSource } from "../../../bridge/src/source.js";
import { SqliteRelayStore } from "../../../bridge/src/store.js";
import { TonDestination, TonSource, deriveTonMessage, tonUniversalAddress } from "../../../bridge/src/ton.js";
import type { DestinationChain } from "../../../bridge/src/types.js";
import { Validator } from "../../../bridge/src/validator.js";
import { universalFromEvm } from "../core/address.js";
import { DOMAINS } from "../core/bridge.js";
import { CAL } from "../core/constants.js";
import { EvmTokenClient } from "../evm/clients.js";
import type { BridgeMessage } from "../core/types.js";
import { summarizeTonTrace } from "../ton/errors.js";
import { EvmBridgeClient, evmBridgeAbi } from "./client.js";
import { developmentValidators, enableRemoteDomainByGovernance, startBridgeHome } from "./local.js";

/** Home/TON supply figures (CAL base units): the invariant is `locked == minted + inFlight`. */
export interface TonBridgeSupply {
  /** CAL held by the home vault. */
  readonly locked: bigint;
  /** CAL minted on TON by the bridge (jetton total supply above the deployment baseline). */
  readonly minted: bigint;
  /** Sent and not yet delivered, both ways. */
  readonly inFlight: bigint;
  readonly holds: boolean;
}

type Actor = SandboxContract<TreasuryContract>;
/** The part of contracts-ton/scripts/bridgeSandbox.ts used here (loaded at run time: it has its own tsconfig). */
interface GovernedEnv {
  readonly bridge: { readonly address: TonAddress; getOutboundMessage(nonce: bigint): Promise<Buffer | null>; getIsDelivered(id: bigint): Promise<boolean> };
  readonly minter: { getTotalSupply(): Promise<bigint> };
  walletOf(owner: TonAddress): Promise<{
    sendTransfer(via: ReturnType<Actor["getSender"]>, amount: bigint, to: TonAddress,
      opts: { forwardTonAmount?: bigint; forwardPayload?: Cell | null; responseAddress?: TonAddress | null }): Promise<unknown>;
  }>;
  balanceOf(owner: TonAddress): Promise<bigint>;
}
interface BridgeSandboxModule { deployGovernedBridgeEnv(blockchain: Blockchain): Promise<GovernedEnv> }
interface BridgeWrapperModule { bridgeSendPayload(dstDomain: number, recipient: bigint): Cell }
interface SendResultLike { readonly transactions: readonly Transaction[] }
const hasTransactions = (r: unknown): r is SendResultLike =>
  r !== null && typeof r === "object" && "transactions" in r && Array.isArray((r as SendResultLike).transactions);

/**
 * Starts the EVM home, the governed TON sandbox bridge, the validators and a relayer.
 *
 * @example
 * ```ts
 * const w = await startLocalTonBridge();
 * const sent = await w.homeClient(1).transfer({ dstDomain: DOMAINS.ton, recipient: tonUniversalAddress(w.tonUser.address), amount: 10n * CAL });
 * await w.confirm(); await w.sign(); const { tonDeliveries } = await w.relay();
 * await w.close();
 * ```
 */
export async function startLocalTonBridge() {
  const HOME = DOMAINS.localEvmHome;
  const TON = DOMAINS.ton;
  const confirmations = 1;
  const logger = pino({ level: "silent" });
  const keys = developmentValidators();

  // TON: the governed sandbox bridge (governance administers it, it administers the CAL minter, 2 of the 3 dev validators).
  const ton = await startGovernedTonBridge();
  const { blockchain, env: t, tonBridge, supplyBaseline, tonUser, tonRelayer, now, open } = ton;

  // EVM home: suite + BridgeVault deployed by Ignition, administered by the timelock; governance enables TON.
  const { home, homeBridge } = await startBridgeHome({ threshold: 2 });
  const [deployer] = home.wallets;
  const base = { publicClient: home.publicClient, deployment: home.deployment, walletClient: deployer! };
  const enableCost = await enableRemoteDomainByGovernance({ home, homeBridge, domain: TON, remoteBridge: tonBridge, description: `Enable TON (${TON}) on the home vault` });
  const enabled = await home.publicClient.readContract({ address: homeBridge, abi: evmBridgeAbi, functionName: "remoteBridge", args: [TON] });
  if (enabled.toLowerCase() !== tonBridge.toLowerCase()) throw new Error("governance did not enable TON on the home vault");

  const homeToken = new EvmTokenClient(base);
  const homeClient = (i: number) => new EvmBridgeClient({ publicClient: home.publicClient, walletClient: home.wallets[i]!, bridge: homeBridge });
  const user = home.wallets[1]!;

  const sources = () => [
    { source: new EvmSource({ client: home.publicClient, bridge: homeBridge, domain: HOME, confirmations }), startBlock: 0n },
    { source: new TonSource({ open, bridge: t.bridge.address, now }), startBlock: 1n },
  ];
  const validators = keys.map((k) => new Validator({
    sources: sources(),
    destinations: new Map([[TON, tonBridge], [HOME, universalFromEvm(homeBridge)]]),
    account: privateKeyToAccount(k.privateKey), logger,
  }));
  const urls = (await Promise.all(validators.map((v) => v.serve(0)))).map((port) => `http://127.0.0.1:${port}`);

  // The relayer's TON destination opens the bridge through a recorder: every delivery's transaction chain is kept.
  const { destination: tonDestination, deliveries } = recordingTonDestination(ton);
  const dir = mkdtempSync(join(tmpdir(), "calctra-sdk-ton-bridge-"));
  const store = new SqliteRelayStore(join(dir, "relayer.sqlite"));
  const relayer = new Relayer({
    sources: sources(),
    destinations: new Map<number, DestinationChain>([
      [TON, tonDestination],
      [HOME, await homeClient(9).asDestination()],
    ]),
    validators: urls, store, logger, httpTimeoutMs: 2000, retry: { baseMs: 1, maxMs: 4 },
  });

  const homeView = homeClient(0);
  /** The TON bridge as the SDK bridge client sees a non-EVM destination (set and deliveries read from the sandbox). */
  const tonView = new TonDestination({ open, bridge: t.bridge.address, sender: tonRelayer.getSender(), now });
  /**
   * Where a message stands. Home → TON: the SDK's `EvmBridgeClient.status` with the TON bridge as destination
   * (validators' signatures recovered locally against the TON digest and counted against the TON set). TON → home
   * (the SDK has no TON source client yet): `delivered` when home recorded it, else the validators holding a signature.
   */
  async function status(messageId: Hex, destination: "ton" | "home"): Promise<string> {
    if (destination === "ton") {
      const s = await homeView.status({ messageId, validators: urls, destination: tonView });
      return s.state === "delivered" ? "delivered" : s.state === "failed" ? `failed: ${s.reason ?? "?"}` : s.signatures > 0 ? `signed ${s.signatures}/${s.validators}` : "sent";
    }
    if (await homeView.isDelivered({ messageId })) return "delivered";
    const k = validators.filter((v) => v.signature(messageId) !== undefined).length;
    return k > 0 ? `signed ${k}/${validators.length}` : "sent";
  }

  /** locked on home; CAL minted on TON by the bridge; in flight both ways (home MessageSent events, TON outbound messages). */
  async function supply(): Promise<TonBridgeSupply> {
    const locked = await homeToken.balanceOf({ owner: homeBridge });
    const minted = (await t.minter.getTotalSupply()) - supplyBaseline;
    let inFlight = 0n;
    const sent = await home.publicClient.getContractEvents({ address: homeBridge, abi: evmBridgeAbi, eventName: "MessageSent", fromBlock: 0n, strict: true });
    for (const l of sent) if (!(await t.bridge.getIsDelivered(BigInt(l.args.messageId)))) inFlight += l.args.amount;
    for (const m of await tonOutboundMessages(ton)) if (!(await homeView.isDelivered({ messageId: m.messageId }))) inFlight += m.message.amount;
    return { locked, minted, inFlight, holds: locked === minted + inFlight };
  }

  return {
    blockchain, home, tonUser, user, validators, validatorUrls: urls, relayer, enableCost,
    homeBridge, tonBridge: t.bridge.address,
    status, supply,
    /** The bridge client of home `wallets[i]`. */
    homeClient,
    /** Moves `amount` CAL of the home supply to `to` (default the user). */
    fund: (amount: bigint, to: Address = user.account.address) => homeToken.transfer({ to, amount }),
    /**
     * The TON user sends `amount` CAL back to `to` on home: a jetton transfer to the bridge with the send payload
     * (the bridge burns it and records outbound message `nonce`, re-derived here as the TON source does).
     * Returns the message id and the compute gas of the whole transaction chain.
     */
    burnOnTon: (amount: bigint, nonce: bigint, to: Address = user.account.address): Promise<{ messageId: Hex; cost: bigint }> =>
      burnOnTon({ ton, amount, nonce, dstDomain: HOME, recipient: universalFromEvm(to) }),
    /** Mines the home confirmations validators and relayer wait for. */
    confirm: () => home.mine(confirmations),
    /** One scan-and-sign pass of the given validators (default all). */
    async sign(which: readonly number[] = [0, 1, 2]): Promise<void> {
      for (const i of which) await validators[i]!.pollOnce();
    },
    /** One relayer pass; returns the TON delivery chains it caused (none when it delivered on home or nothing). */
    async relay(): Promise<{ tonDeliveries: (readonly Transaction[])[] }> {
      const from = deliveries.length;
      await relayer.pollOnce();
      return { tonDeliveries: deliveries.slice(from) };
    },
    /** The relayer's own record of a message ("signed 2/3", "delivered", "failed: …"). */
    relayerStatus: (messageId: Hex): string | undefined => relayer.status(messageId),
    /** The transaction (EVM hash or TON hash) with which the relayer delivered `messageId` (null before). */
    relayedBy: (messageId: Hex): string | null => store.get(messageId)?.transactionId ?? null,
    /** Gas of an EVM transaction on home. */
    homeGas: async (hash: Hex): Promise<bigint> => (await home.publicClient.getTransactionReceipt({ hash })).gasUsed,
    tonBalance: (owner: TonAddress = tonUser.address): Promise<bigint> => t.balanceOf(owner),
    homeBalance: (owner: Address = user.account.address): Promise<bigint> => homeToken.balanceOf({ owner }),
    async close(): Promise<void> {
      await relayer.stop();
      await Promise.all(validators.map((v) => v.stop()));
      store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A running local EVM home ↔ TON bridge world. */
export type LocalTonBridge = Awaited<ReturnType<typeof startLocalTonBridge>>;

/**
 * The governed TON sandbox bridge (contracts-ton/scripts/bridgeSandbox.ts `deployGovernedBridgeEnv`: governance
 * administers the bridge, the bridge administers the CAL minter, 2 of the 3 development validators, the local EVM
 * home and Solana enabled at deployment) on a fresh @ton/sandbox chain, with a TON user and a relayer account.
 *
 * @example
 * ```ts
 * const ton = await startGovernedTonBridge();
 * const minted = (await ton.env.minter.getTotalSupply()) - ton.supplyBaseline;
 * ```
 */
export async function startGovernedTonBridge() {
  const sandboxModule = (await import(new URL("../../../contracts-ton/scripts/bridgeSandbox.ts", import.meta.url).href)) as BridgeSandboxModule;
  const wrapper = (await import(new URL("../../../contracts-ton/wrappers/Bridge.ts", import.meta.url).href)) as BridgeWrapperModule;
  const blockchain = await Blockchain.create();
  blockchain.now = 1_800_000_000;
  const env = await sandboxModule.deployGovernedBridgeEnv(blockchain);
  return {
    blockchain, env, wrapper,
    /** The TON bridge's universal address (its account id). */
    tonBridge: tonUniversalAddress(env.bridge.address),
    /** CAL minted on TON outside the bridge during the deployment (governance votes): not bridge supply. */
    supplyBaseline: await env.minter.getTotalSupply(),
    tonUser: await blockchain.treasury("ton-user"),
    tonRelayer: await blockchain.treasury("ton-relayer"),
    now: () => blockchain.now ?? Math.floor(Date.now() / 1000),
    open: (c: Contract) => blockchain.openContract(c),
  };
}
/** A running governed TON sandbox bridge. */
export type GovernedTonBridge = Awaited<ReturnType<typeof startGovernedTonBridge>>;

/**
 * A relayer destination for the TON bridge whose deliveries are recorded: every `BridgeDeliver`'s transaction chain
 * is kept in `deliveries` (so the gas of each delivery can be reported). The relayer account sends.
 *
 * @example
 * ```ts
 * const { destination, deliveries } = recordingTonDestination(ton);
 * ```
 */
export function recordingTonDestination(ton: GovernedTonBridge): { destination: TonDestination; deliveries: (readonly Transaction[])[] } {
  const deliveries: (readonly Transaction[])[] = [];
  const recordingOpen = (c: Contract): object => {
    const opened = ton.blockchain.openContract(c) as unknown as object;
    return new Proxy(opened, {
      get(target, prop, receiver) {
        const value: unknown = Reflect.get(target, prop, receiver);
        if (prop !== "sendDeliver" || typeof value !== "function") return value;
        return async (...args: unknown[]) => {
          const r: unknown = await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
          if (hasTransactions(r)) deliveries.push(r.transactions);
          return r;
        };
      },
    });
  };
  const destination = new TonDestination({ open: recordingOpen, bridge: ton.env.bridge.address, sender: ton.tonRelayer.getSender(), now: ton.now });
  return { destination, deliveries };
}

/** Parameters of {@link burnOnTon}. */
export interface BurnOnTonParameters {
  readonly ton: GovernedTonBridge;
  readonly amount: bigint;
  /** The outbound nonce the TON bridge will record (1 for its first message). */
  readonly nonce: bigint;
  readonly dstDomain: number;
  /** Recipient on the destination, as a universal address. */
  readonly recipient: Hex;
  /** The sending TON account (default the TON user). */
  readonly from?: Actor;
}

/**
 * A TON account sends `amount` CAL to `recipient` on `dstDomain`: a jetton transfer to the bridge with the send
 * payload (the bridge burns it and records outbound message `nonce`, re-derived here as the TON source does and
 * checked to carry what was sent). Returns the message id and the compute gas of the whole transaction chain.
 *
 * @example
 * ```ts
 * const { messageId, cost } = await burnOnTon({ ton, amount: 10n * CAL, nonce: 1n, dstDomain: 31337, recipient: universalFromEvm(user) });
 * ```
 */
export async function burnOnTon({ ton, amount, nonce, dstDomain, recipient, from = ton.tonUser }: BurnOnTonParameters): Promise<{ messageId: Hex; cost: bigint }> {
  const wallet = await ton.env.walletOf(from.address);
  const r: unknown = await wallet.sendTransfer(from.getSender(), amount, ton.env.bridge.address, {
    forwardTonAmount: toNano("0.15"), forwardPayload: ton.wrapper.bridgeSendPayload(dstDomain, BigInt(recipient)), responseAddress: from.address,
  });
  if (!hasTransactions(r)) throw new Error("the TON sandbox returned no transaction chain");
  const { cost } = summarizeTonTrace({ transactions: r.transactions });
  const scan = await new TonSource({ open: ton.open, bridge: ton.env.bridge.address, now: ton.now }).scan(nonce);
  const m = scan?.messages.find((x) => x.message.nonce === nonce);
  if (!m) throw new Error(`TON outbound message ${nonce} not found or not re-derived`);
  if (m.message.amount !== amount || BigInt(m.message.recipient) !== BigInt(recipient) || m.message.dstDomain !== dstDomain) {
    throw new Error(`TON outbound message ${nonce} does not carry ${amount} to ${recipient} on ${dstDomain}`);
  }
  return { messageId: m.messageId, cost };
}

/**
 * Every outbound message of the TON bridge from nonce 1, re-derived (throws when one does not re-derive).
 *
 * @example
 * ```ts
 * const sent = await tonOutboundMessages(ton); // [{ message, messageId }, …]
 * ```
 */
export async function tonOutboundMessages(ton: GovernedTonBridge): Promise<{ message: BridgeMessage; messageId: Hex }[]> {
  const out: { message: BridgeMessage; messageId: Hex }[] = [];
  for (let nonce = 1n; nonce <= 10_000n; nonce++) {
    const raw = await ton.env.bridge.getOutboundMessage(nonce);
    if (!raw) break;
    const m = deriveTonMessage(nonce, raw);
    if ("rejected" in m) throw new Error(`TON outbound message ${nonce} does not re-derive: ${m.rejected}`);
    out.push({ message: m.message, messageId: m.messageId });
  }
  return out;
}
