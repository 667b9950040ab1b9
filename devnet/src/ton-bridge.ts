/**
 * The TON building block of the local bridge worlds (`bridge-world.ts`, `route-world.ts`) and of tests that use it
 * alone: a @ton/sandbox chain with the governed TON bridge (contracts-ton/scripts/bridgeSandbox.ts: the spoke executor
 * administers the bridge, the bridge administers the CAL minter, 2 of the 3 development validators), a relayer
 * destination whose deliveries are recorded so the gas of each delivery's transaction chain can be reported, the
 * deployment file the TON clients are built from, the re-derivation of its outbound messages, and
 * {@link tonBridgeChain}, which makes it one chain of a world. Run from the repository root under tsx.
 */
import { Blockchain, type SandboxContract, type TreasuryContract } from "@ton/sandbox";
import type { Address as TonAddress, Cell, Contract, Transaction } from "@ton/core";
import type { Hex } from "viem";
import { TonBridgeClient, TonDestination, TonSource, deriveTonMessage, tonUniversalAddress } from "@calctra/sdk/ton";
import type { BridgeMessage } from "@calctra/core";
import { parseTonDeployment, type TonDeployment } from "@calctra/sdk/ton";
import { DOMAINS, isGovernanceMessage } from "@calctra/core";
import type { BridgeChain } from "./world.js";

type Actor = SandboxContract<TreasuryContract>;
/** The part of contracts-ton/scripts/bridgeSandbox.ts used here (loaded at run time: it has its own tsconfig). */
interface GovernedEnv {
  readonly bridge: {
    readonly address: TonAddress;
    getOutboundMessage(nonce: bigint): Promise<Buffer | null>;
    getIsDelivered(id: bigint): Promise<boolean>;
  };
  readonly minter: { getTotalSupply(): Promise<bigint> };
  walletOf(owner: TonAddress): Promise<{
    sendTransfer(
      via: ReturnType<Actor["getSender"]>,
      amount: bigint,
      to: TonAddress,
      opts: { forwardTonAmount?: bigint; forwardPayload?: Cell | null; responseAddress?: TonAddress | null },
    ): Promise<unknown>;
  }>;
  balanceOf(owner: TonAddress): Promise<bigint>;
}
interface BridgeSandboxModule {
  deployGovernedBridgeEnv(blockchain: Blockchain): Promise<GovernedEnv>;
}
interface BridgeWrapperModule {
  bridgeSendPayload(dstDomain: number, recipient: bigint): Cell;
}
interface SendResultLike {
  readonly transactions: readonly Transaction[];
}
const hasTransactions = (r: unknown): r is SendResultLike =>
  r !== null && typeof r === "object" && "transactions" in r && Array.isArray((r as SendResultLike).transactions);

/**
 * The governed TON sandbox bridge (contracts-ton/scripts/bridgeSandbox.ts `deployGovernedBridgeEnv`: the spoke
 * executor, obeying the vectors' hub, administers the bridge, staking and the marketplace; the bridge administers the
 * CAL minter; 2 of the 3 development validators; the local EVM home and Solana enabled at deployment) on a fresh
 * @ton/sandbox chain, with a TON user and a relayer account.
 *
 * @example
 * ```ts
 * const ton = await startGovernedTonBridge();
 * const minted = (await ton.env.minter.getTotalSupply()) - ton.supplyBaseline;
 * ```
 */
export async function startGovernedTonBridge() {
  const sandboxModule = (await import(
    new URL("../../contracts-ton/scripts/bridgeSandbox.ts", import.meta.url).href
  )) as BridgeSandboxModule;
  const wrapper = (await import(new URL("../../contracts-ton/wrappers/Bridge.ts", import.meta.url).href)) as BridgeWrapperModule;
  const blockchain = await Blockchain.create();
  blockchain.now = 1_800_000_000;
  const env = await sandboxModule.deployGovernedBridgeEnv(blockchain);
  return {
    blockchain,
    env,
    wrapper,
    /** The TON bridge's universal address (its account id). */
    tonBridge: tonUniversalAddress(env.bridge.address),
    /** CAL minted on TON outside the bridge during the deployment (none since the executor: kept for the worlds' sums). */
    supplyBaseline: await env.minter.getTotalSupply(),
    tonUser: await blockchain.treasury("ton-user"),
    tonRelayer: await blockchain.treasury("ton-relayer"),
    now: () => blockchain.now ?? Math.floor(Date.now() / 1000),
    open: (c: Contract) => blockchain.openContract(c),
  };
}
/** A running governed TON sandbox bridge. */
export type GovernedTonBridge = Awaited<ReturnType<typeof startGovernedTonBridge>>;

/** The runtime shape of contracts-ton's `deployGovernedBridgeEnv` read here (beyond the typed part above). */
export interface GovernedTonStack {
  readonly minter: { readonly address: TonAddress; getWalletAddress(owner: TonAddress): Promise<TonAddress> };
  readonly staking: { readonly address: TonAddress };
  readonly marketplace: { readonly address: TonAddress };
  /** The spoke executor (vault + executor): the deployment's `contracts.governance`. */
  readonly executor: { readonly address: TonAddress };
  readonly deployer: { readonly address: TonAddress };
  readonly pauser: { readonly address: TonAddress; getSender(): unknown };
  readonly arbiter: { readonly address: TonAddress };
  readonly treasury: { readonly address: TonAddress };
  readonly bridge: { readonly address: TonAddress; sendRaw(via: unknown, body: Cell): Promise<unknown> };
  readonly bridgeWallet: TonAddress;
}

/**
 * The deployment file a TON deployment with its bridge would hold (`deployments/ton-<network>.json`), for the governed
 * sandbox bridge: what the TON clients (`TonBridgeClient`, `TonTokenClient`, …) are built from.
 *
 * @example
 * ```ts
 * const bridge = new TonBridgeClient({ open: ton.open, sender: ton.tonUser.getSender(), deployment: await governedTonDeployment(ton), now: ton.now });
 * ```
 */
export async function governedTonDeployment(ton: GovernedTonBridge): Promise<TonDeployment> {
  const env = ton.env as unknown as GovernedTonStack;
  const fmt = (a: TonAddress) => a.toString({ bounceable: true, testOnly: false });
  const jw = async (a: TonAddress) => fmt(await env.minter.getWalletAddress(a));
  return parseTonDeployment({
    chain: "ton",
    network: "sandbox",
    domain: DOMAINS.ton,
    contracts: {
      calJettonMinter: fmt(env.minter.address),
      staking: fmt(env.staking.address),
      marketplace: fmt(env.marketplace.address),
      governance: fmt(env.executor.address),
    },
    jettonWallets: {
      staking: await jw(env.staking.address),
      marketplace: await jw(env.marketplace.address),
      governance: await jw(env.executor.address),
    },
    roles: {
      deployer: fmt(env.deployer.address),
      pauser: fmt(env.pauser.address),
      arbiter: fmt(env.arbiter.address),
      treasury: fmt(env.treasury.address),
      admin: fmt(env.executor.address),
    },
    codeHashes: {},
    bridge: {
      address: fmt(env.bridge.address),
      jettonWallet: fmt(env.bridgeWallet),
      universalAddress: ton.tonBridge,
      admin: fmt(env.executor.address),
    },
    deployedAt: new Date(ton.now() * 1000).toISOString(),
  });
}

/**
 * A relayer destination for the TON bridge whose deliveries are recorded: every `BridgeDeliver`'s transaction chain
 * is appended to `deliveries` (a new list, or one shared by several destinations), so the gas of each delivery can be
 * reported. The relayer account sends.
 *
 * @example
 * ```ts
 * const { destination, deliveries } = recordingTonDestination(ton);
 * ```
 */
export function recordingTonDestination(
  ton: GovernedTonBridge,
  deliveries: (readonly Transaction[])[] = [],
): { destination: TonDestination; deliveries: (readonly Transaction[])[] } {
  const recordingOpen = (c: Contract): object => {
    const opened = ton.blockchain.openContract(c) as unknown as object;
    return new Proxy(opened, {
      get(target, prop, receiver) {
        const value: unknown = Reflect.get(target, prop, receiver);
        if (prop !== "sendMessage" || typeof value !== "function") return value;
        return async (...args: unknown[]) => {
          const r: unknown = await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
          if (hasTransactions(r)) deliveries.push(r.transactions);
          return r;
        };
      },
    });
  };
  const destination = new TonDestination({
    open: recordingOpen,
    bridge: ton.env.bridge.address,
    sender: ton.tonRelayer.getSender(),
    now: ton.now,
  });
  return { destination, deliveries };
}

/**
 * Every outbound token message of the TON bridge from nonce 1, re-derived (throws when one does not re-derive;
 * governance messages are left out).
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
    if (!isGovernanceMessage(m.message)) out.push({ message: m.message, messageId: m.messageId });
  }
  return out;
}

/** The TON chain of a world: the governed sandbox bridge, its deployment file and the deliveries relayers made. */
export interface TonBridgeChain extends GovernedTonBridge, BridgeChain {
  readonly deployment: TonDeployment;
  /** Transaction chains of every delivery a relayer destination of this chain made (compute gas: `summarizeTonTrace`). */
  readonly deliveries: readonly (readonly Transaction[])[];
  /** The TON user's SDK bridge client (jetton transfers to the TON bridge). */
  client(): TonBridgeClient;
  source(): TonSource;
  destination(): TonDestination;
}

/**
 * Makes the governed TON sandbox bridge one chain of a world (`world.ts`). Its remote domains (the local EVM home and
 * Solana) are installed by the deployment, before the executor claims the bridge.
 *
 * @example
 * ```ts
 * const ton = await tonBridgeChain(await startGovernedTonBridge());
 * const sent = await ton.send(DOMAINS.localEvmHome, 10n * CAL, homeUser);
 * ```
 */
export async function tonBridgeChain(ton: GovernedTonBridge): Promise<TonBridgeChain> {
  const deployment = await governedTonDeployment(ton);
  const deliveries: (readonly Transaction[])[] = [];
  const client = () => new TonBridgeClient({ open: ton.open, sender: ton.tonUser.getSender(), deployment, now: ton.now });
  const destination = () => recordingTonDestination(ton, deliveries).destination;
  return {
    ...ton,
    deployment,
    deliveries,
    client,
    destination,
    name: "TON",
    domain: DOMAINS.ton,
    universal: ton.tonBridge,
    startBlock: 1n,
    recipient: tonUniversalAddress(ton.tonUser.address),
    source: () => new TonSource({ open: ton.open, bridge: ton.env.bridge.address, now: ton.now }),
    view: destination,
    async send(dstDomain, amount, recipient) {
      const r = await client().transfer({ dstDomain, recipient, amount });
      return { messageId: r.messageId, message: r.message, cost: r.cost ?? 0n };
    },
    status: (messageId, validators, dst) => client().status({ messageId, validators, destination: dst }),
    isDelivered: (messageId) => destination().isDelivered(messageId),
    sent: () => tonOutboundMessages(ton),
    bridged: async () => (await ton.env.minter.getTotalSupply()) - ton.supplyBaseline,
    async enableRemote(remote) {
      if (remote.domain === DOMAINS.localEvmHome || remote.domain === DOMAINS.solana) return 0n;
      throw new RangeError(
        `the governed TON bridge has no remote domain ${remote.domain} (its deployment installs the EVM home and Solana)`,
      );
    },
    confirm: async () => undefined,
    close: () => undefined,
  };
}
