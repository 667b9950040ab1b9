/**
 * The TON side of the local bridge worlds (the demo's route world, sdk/src/bridge/local-route.ts, and the tests):
 * a @ton/sandbox chain with the governed TON bridge (contracts-ton/scripts/bridgeSandbox.ts: governance administers
 * the bridge, the bridge administers the CAL minter, 2 of the 3 development validators), a relayer destination whose
 * deliveries are recorded so the gas of each delivery's transaction chain can be reported, burns through the TON
 * bridge and the re-derivation of its outbound messages. Run from the repository root under tsx.
 */
import { Blockchain, type SandboxContract, type TreasuryContract } from "@ton/sandbox";
import { toNano, type Address as TonAddress, type Cell, type Contract, type Transaction } from "@ton/core";
import type { Address, Hex } from "viem";
import { TonDestination, TonSource, deriveTonMessage, tonUniversalAddress } from "../../../bridge/src/ton.js";
import { universalFromEvm } from "../core/address.js";
import { CAL } from "../core/constants.js";
import type { BridgeMessage } from "../core/types.js";
import { summarizeTonTrace } from "../ton/errors.js";

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
