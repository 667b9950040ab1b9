/**
 * Thin typed helpers over the generated TON ABI (./generated/abi.ts, from the Tolk sources by
 * sdk/scripts/gen-ton-abi.ts): the prepared-message shape and the one path every TON message of the SDK is sent
 * (and emulated) through, the CAL transfer body, the TON attached to each call and
 * the parameter ids. No contract code is loaded: addresses come from the deployment and get-methods.
 */
import {
  SendMode,
  beginCell,
  toNano,
  type Address,
  type Cell,
  type Contract,
  type ContractProvider,
  type OpenedContract,
  type Sender,
  type Transaction,
} from "@ton/core";
import { JettonWalletContract, buildAskToTransfer, commonParam, commonRole, tonConstants } from "./generated/abi.js";

/**
 * An unsigned TON message, as a TON Connect request or a multisig order carries it: the acting wallet sends `value`
 * nanotons with `body` to `to`. Nothing is signed or sent by `prepareX`.
 */
export interface TonPreparedMessage {
  /** The contract addressed; for CAL transfers, the acting wallet's own CAL jetton wallet. */
  readonly to: Address;
  /** Nanotons attached (gas and the messages the call sends on; the contracts return what is left). */
  readonly value: bigint;
  /** The message body (op code first), built from the generated layouts. */
  readonly body: Cell;
  /** Bounce on failure (true for every Calctra call: the TON comes back). */
  readonly bounce: boolean;
}

/** A message an adapter sent, for `TonClientParameters.trace`. */
export interface TonSentMessage {
  /** The sending wallet. */
  readonly from: Address;
  /** The contract the wallet addressed (the sender's jetton wallet for CAL transfers). */
  readonly to: Address;
  /** Unix seconds when it was sent. */
  readonly sentAt: number;
}

/** What an emulator is asked: run `message` from the wallet `from` against a disposable copy of the chain. */
export interface TonEmulationRequest {
  readonly from: Address;
  readonly message: TonPreparedMessage;
}

/** How a TON message is sent: an opener, the acting wallet, and (on a live network) how its chain is found. */
export interface TonTransport {
  /** `blockchain.openContract.bind(blockchain)` (@ton/sandbox) or `tonClient.open.bind(tonClient)` (@ton/ton). */
  readonly open: (contract: Contract) => object;
  /** The acting wallet (its `address` must be set). */
  readonly sender: Sender;
  /** Chain time in unix seconds; defaults to the local clock. */
  readonly now?: () => number;
  /** Resolves the transaction chain of a sent message on a live network (see `createTonTracer`). */
  readonly trace?: (sent: TonSentMessage) => Promise<readonly Transaction[]>;
}

/** The addressee of a prepared message: one send method for every message the SDK sends. */
class TonMessageTarget implements Contract {
  constructor(readonly address: Address) {}
  async sendMessage(provider: ContractProvider, via: Sender, message: TonPreparedMessage): Promise<void> {
    await provider.internal(via, {
      value: message.value,
      bounce: message.bounce,
      sendMode: SendMode.PAY_GAS_SEPARATELY,
      body: message.body,
    });
  }
}

const hasTransactions = (r: unknown): r is { readonly transactions: readonly Transaction[] } =>
  r !== null && typeof r === "object" && "transactions" in r && Array.isArray(r.transactions);

/**
 * Sends a prepared message from the transport's wallet (fees paid separately from `value`) and returns the
 * transaction chain it caused: at once on @ton/sandbox, through `trace` on a live network, otherwise undefined.
 *
 * @example
 * ```ts
 * const transactions = await sendTonMessage({ transport: { open, sender }, message: await market.prepareFinalize({ taskId }) });
 * ```
 */
export async function sendTonMessage({
  transport,
  message,
}: {
  readonly transport: TonTransport;
  readonly message: TonPreparedMessage;
}): Promise<readonly Transaction[] | undefined> {
  const from = transport.sender.address;
  if (!from) throw new RangeError("the TON sender has no address");
  const sentAt = transport.now?.() ?? Math.floor(Date.now() / 1000);
  const target = transport.open(new TonMessageTarget(message.to)) as OpenedContract<TonMessageTarget>;
  const result: unknown = await target.sendMessage(transport.sender, message);
  if (hasTransactions(result)) return result.transactions;
  if (transport.trace) return transport.trace({ from, to: message.to, sentAt });
  return undefined;
}

/** A chain that can snapshot and restore its whole state (@ton/sandbox's `Blockchain`). */
export interface TonSnapshotChain<TSnapshot> {
  snapshot(): TSnapshot;
  loadFrom(snapshot: TSnapshot): Promise<void>;
}

/**
 * An emulator (`TonClientParameters.emulate`) for a @ton/sandbox chain: sends the message from `sender` exactly as
 * a real send would, returns its transaction chain and restores the snapshot taken before, so nothing happened.
 *
 * @example
 * ```ts
 * const emulate = tonSnapshotEmulator({ chain: blockchain, open: (c) => blockchain.openContract(c), sender: alice.getSender() });
 * const market = new TonMarketplaceClient({ open, sender: alice.getSender(), deployment, emulate });
 * await market.simulateCancelTask({ taskId: 1n }); // throws MarketplaceNotTaskUser when alice may not cancel
 * ```
 */
export function tonSnapshotEmulator<TSnapshot>({
  chain,
  open,
  sender,
}: {
  readonly chain: TonSnapshotChain<TSnapshot>;
  readonly open: (contract: Contract) => object;
  readonly sender: Sender;
}): (request: TonEmulationRequest) => Promise<readonly Transaction[]> {
  return async ({ from, message }) => {
    if (!sender.address?.equals(from))
      throw new RangeError(`this emulator sends as ${sender.address?.toString() ?? "no address"}, not ${from.toString()}`);
    const snapshot = chain.snapshot();
    try {
      const transactions = await sendTonMessage({ transport: { open, sender }, message });
      if (!transactions) throw new Error("the chain returned no transactions: not an emulating opener");
      return transactions;
    } finally {
      await chain.loadFrom(snapshot);
    }
  };
}

/** A CAL jetton wallet: the generated get-methods and the balance of a wallet that may not be deployed yet. */
export class TonJettonWallet extends JettonWalletContract {
  /** The wallet's CAL balance, 0 while it is not deployed (no CAL received yet). */
  async getBalance(provider: ContractProvider): Promise<bigint> {
    const state = await provider.getState();
    if (state.state.type !== "active") return 0n;
    return (await this.getWalletData(provider)).jettonBalance;
  }
}

/** TON attached to a CAL transfer request besides the forwarded amount (the jetton wallets' gas; excesses return). */
export const TON_JETTON_TRANSFER_VALUE = toNano("0.1");

/**
 * TON attached to each call (nanotons); the contracts return what their gas and outgoing messages leave. A
 * `submitResult` with a proof attaches `TON_SUBMIT_WITH_PROOF` instead.
 */
export const TON_CALL_VALUE = {
  mint: toNano("0.1"),
  register: toNano("0.05"),
  requestUnstake: toNano("0.05"),
  withdraw: toNano("0.1"),
  cancelTask: toNano("0.1"),
  acceptTask: toNano("0.1"),
  submitResult: toNano("0.05"),
  finalize: toNano("0.35"),
  dispute: toNano("0.05"),
  resolve: toNano("0.5"),
  expire: toNano("0.25"),
  commitResult: toNano("0.05"),
  revealResult: toNano("0.05"),
  /** three replicas' payouts or slashes and the user's rest; the excess comes back */
  settle: toNano("0.8"),
  resolveReplicas: toNano("0.8"),
  /**
   * the contract's minimum (`MARKET_GAS`); publishResult sends nothing back: the marketplace keeps the rest of it
   * (~0.006 TON of gas and log for a classic task, ~0.009 for a replica's cid cell), towards the storage it adds
   */
  publishResult: tonConstants.MARKET_GAS,
} as const;

/**
 * `forward_payload:(Either Cell ^Cell)` of a jetton transfer: the payload as a reference, or an empty inline one.
 *
 * @example
 * ```ts
 * jettonForwardPayload(buildStakeAction()); // bit 1 + ^StakeAction
 * ```
 */
export function jettonForwardPayload(payload: Cell | null): Cell {
  return payload ? beginCell().storeBit(true).storeRef(payload).endCell() : beginCell().storeBit(false).endCell();
}

/**
 * The `AskToTransfer` body a wallet sends its own CAL jetton wallet: move `amount` to `to`, forwarding
 * `forwardTonAmount` with `forwardPayload` to it, excesses to `responseAddress`.
 *
 * @example
 * ```ts
 * const body = calTransferBody({ amount: 5n * CAL, to: staking, responseAddress: me, forwardTonAmount: toNano("0.1"), forwardPayload: buildStakeAction() });
 * ```
 */
export function calTransferBody(p: {
  readonly amount: bigint;
  readonly to: Address;
  readonly responseAddress: Address;
  readonly forwardTonAmount: bigint;
  readonly forwardPayload: Cell | null;
}): Cell {
  return buildAskToTransfer({
    queryId: 0n,
    jettonAmount: p.amount,
    transferRecipient: p.to,
    sendExcessesTo: p.responseAddress,
    customPayload: null,
    forwardTonAmount: p.forwardTonAmount,
    forwardPayload: jettonForwardPayload(p.forwardPayload),
  });
}

const marketplaceParam = Object.freeze({
  challengePeriod: commonParam.challengePeriod,
  slashBps: commonParam.slashBps,
  feeSplit: commonParam.feeSplit,
});
const stakingParam = Object.freeze({ minStake: commonParam.minStake, unbondingPeriod: commonParam.unbondingPeriod });

/**
 * Ids of the marketplace's governed parameters (`PARAM_*` of contracts/common/parameters.tolk, the CONVENTIONS table).
 *
 * @example
 * ```ts
 * tonMarketParamIds().slashBps; // 4
 * ```
 */
export function tonMarketParamIds(): typeof marketplaceParam {
  return marketplaceParam;
}

/**
 * Ids of the staking contract's governed parameters (`PARAM_*` of contracts/common/parameters.tolk).
 *
 * @example
 * ```ts
 * tonStakingParamIds().minStake; // 1
 * ```
 */
export function tonStakingParamIds(): typeof stakingParam {
  return stakingParam;
}

/**
 * Role ids of `setRole` (`ROLE_*` of contracts/common/parameters.tolk: 0 arbiter, 1 treasury, 2 pauser, 3 guardian;
 * 255 is the TON-local admin hand-over).
 *
 * @example
 * ```ts
 * tonRoleIds().arbiter; // 0
 * ```
 */
export function tonRoleIds(): typeof commonRole {
  return commonRole;
}
