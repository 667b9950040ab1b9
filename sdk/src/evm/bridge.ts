/**
 * The SDK's EVM bridge client (DESIGN §8): send CAL to another domain (lock on the home vault, burn on a
 * spoke's minter), report a message's status (sent, signed k/M, delivered, failed: why) and deliver a message
 * yourself with the validators' signatures (the relayer is untrusted and optional).
 *
 * The message codec, ids and digests come from the SDK core; the bridge ABI, the re-derivation of a message from
 * its `MessageSent` event and the destination's validator-set view come from the bridge package.
 */
import {
  erc20Abi, parseEventLogs,
  type Account, type Address, type Chain, type Hex, type PublicClient, type Transport, type WalletClient,
} from "viem";
import { deriveMessage } from "./bridge-source.js";
import type { DeliveryResult, DestinationChain, SignedMessage, ValidatorSetView } from "../bridge/types.js";
import { EvmDestination } from "./bridge-destination.js";
import { universalFromEvm } from "@calctra/core";
import type { BridgeClient, BridgeTransferParameters, BridgeTransferReturnType } from "@calctra/core";
import { CalctraError } from "@calctra/core";
import type { BridgeMessage, Domain } from "@calctra/core";
import { decodeEvmError } from "./errors.js";
import { bridgeVaultAbi, calTokenAbi } from "./generated/abis.js";
import {
  bridgeMessageStatus, bridgeRecipient, checkMessageId, checkTransfer, concatSignatures, selfRelayMessage,
  type BridgeStatusReturnType, type DestinationView,
} from "../bridge/delivery.js";

export type { BridgeState, BridgeStatusReturnType } from "../bridge/delivery.js";

/** The bridge ABI (generated from the BridgeVault build; the spoke's BridgeMinter has the same interface), plus the
 * token's custom errors so that a revert bubbling up from CAL decodes too. */
export const evmBridgeAbi = [
  ...bridgeVaultAbi,
  ...calTokenAbi.filter((item): item is Extract<(typeof calTokenAbi)[number], { type: "error" }> => item.type === "error"),
] as const;

/** Parameters of {@link EvmBridgeClient}. */
export interface EvmBridgeClientParameters {
  readonly publicClient: PublicClient;
  readonly walletClient: WalletClient<Transport, Chain | undefined, Account>;
  /** This chain's bridge: the BridgeVault on the home chain, the BridgeMinter on a spoke. */
  readonly bridge: Address;
  /** Milliseconds per validator HTTP request (default 2000). */
  readonly httpTimeoutMs?: number;
}

/**
 * Parameters of {@link EvmBridgeClient.transfer}: the recipient is a 32-byte universal address, or a 20-byte EVM
 * address (left-padded).
 */
export type TransferParameters = BridgeTransferParameters;

/** What {@link EvmBridgeClient.transfer} returns. */
export interface TransferReturnType extends BridgeTransferReturnType {
  /** The message as sent (decoded and re-derived from the `MessageSent` event). */
  readonly message: BridgeMessage;
  readonly messageId: Hex;
  /** Transaction hash of `send`. */
  readonly id: Hex;
  /** Gas used by `send`. */
  readonly cost: bigint;
  /** The approval sent first when the allowance was short. */
  readonly approval?: { readonly id: Hex; readonly cost: bigint };
}

/** Parameters of {@link EvmBridgeClient.status}. */
export interface BridgeStatusParameters {
  readonly messageId: Hex;
  /** Base URLs of the validators' HTTP services (`GET /signatures/:messageId`). */
  readonly validators: readonly string[];
  /**
   * The destination bridge (the message's `dstDomain`): another `EvmBridgeClient`, or any relayer destination of
   * the bridge package (`DestinationChain`: TON's `TonDestination`, Solana's, or `EvmBridgeClient.asDestination()`).
   */
  readonly destination: BridgeDestination;
  /** First block to look for the message on this (source) chain (default 0). */
  readonly fromBlock?: bigint;
}

/**
 * Where a message is delivered: an EVM bridge client (its delivery can be simulated, so a refusal is reported as
 * `failed` with the decoded reason) or a bridge-package `DestinationChain` for any chain (EVM, Solana, TON).
 */
export type BridgeDestination = EvmBridgeClient | DestinationChain;

/** Parameters of {@link EvmBridgeClient.selfRelay}. */
export interface SelfRelayParameters {
  readonly messageId: Hex;
  /** Base URLs of the validators' HTTP services. */
  readonly validators: readonly string[];
  /** The destination bridge; its wallet (or the `DestinationChain`'s sender) pays for the delivery. */
  readonly destination: BridgeDestination;
  readonly fromBlock?: bigint;
}

/** What {@link EvmBridgeClient.selfRelay} returns. */
export interface SelfRelayReturnType {
  readonly messageId: Hex;
  /** The delivery's transaction id on the destination (an EVM hash of `receiveMessage`, a TON or Solana id). */
  readonly id: string;
  /** Gas used, when the destination is an `EvmBridgeClient`. */
  readonly cost?: bigint;
  /** Signers whose signatures were submitted, ascending. */
  readonly signers: readonly Address[];
}

/**
 * The bridge on one EVM chain, as a user (or a self-relaying wallet) sees it.
 *
 * @example
 * ```ts
 * const home = new EvmBridgeClient({ publicClient, walletClient, bridge: vaultAddress });
 * const sent = await home.transfer({ dstDomain: 31338, recipient: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8", amount: 25n * CAL });
 * ```
 */
export class EvmBridgeClient implements BridgeClient {
  readonly #p: EvmBridgeClientParameters;
  #domain: Domain | undefined;
  #token: Address | undefined;

  constructor(parameters: EvmBridgeClientParameters) {
    this.#p = parameters;
  }

  /**
   * The bridge contract address.
   *
   * @example
   * ```ts
   * const vault = home.bridge;
   * ```
   */
  get bridge(): Address {
    return this.#p.bridge;
  }

  /**
   * This chain's bridge domain (`localDomain()` of the contract, its chain id).
   *
   * @example
   * ```ts
   * const domain = await spoke.domain(); // 31338
   * ```
   */
  async domain(): Promise<Domain> {
    this.#domain ??= await this.#p.publicClient.readContract({ address: this.#p.bridge, abi: evmBridgeAbi, functionName: "localDomain" });
    return this.#domain;
  }

  /**
   * The CAL token the bridge locks (home) or burns and mints (spoke).
   *
   * @example
   * ```ts
   * const cal = await home.token();
   * ```
   */
  async token(): Promise<Address> {
    this.#token ??= await this.#p.publicClient.readContract({ address: this.#p.bridge, abi: evmBridgeAbi, functionName: "token" });
    return this.#token;
  }

  /**
   * Whether `messageId` has been delivered on this chain.
   *
   * @example
   * ```ts
   * if (await spoke.isDelivered({ messageId })) console.log("arrived");
   * ```
   */
  async isDelivered({ messageId }: { readonly messageId: Hex }): Promise<boolean> {
    return this.#p.publicClient.readContract({ address: this.#p.bridge, abi: evmBridgeAbi, functionName: "isDelivered", args: [messageId] });
  }

  /**
   * The validator set(s) this bridge accepts now (current, and the previous one while it is retained).
   *
   * @example
   * ```ts
   * const { validators, threshold } = await spoke.validatorSet();
   * ```
   */
  async validatorSet(): Promise<ValidatorSetView> {
    // The bridge package's EVM destination reads the sets; this client only adds the domain lookup.
    return new EvmDestination({ ...this.#p, domain: await this.domain() }).validatorSet();
  }

  /**
   * This bridge as a relayer destination (the bridge package's `DestinationChain`): batches go through
   * `receiveBatch` with this client's wallet, which skips messages already delivered.
   *
   * @example
   * ```ts
   * const relayer = new Relayer({ ..., destinations: new Map([[31338, await spoke.asDestination()]]) });
   * ```
   */
  async asDestination({ maxBatch = 32 }: { readonly maxBatch?: number } = {}): Promise<DestinationChain> {
    const domain = await this.domain();
    return {
      domain, bridge: universalFromEvm(this.#p.bridge), maxBatch: Math.min(maxBatch, 64),
      validatorSet: () => this.validatorSet(),
      isDelivered: (messageId: Hex) => this.isDelivered({ messageId }),
      deliver: async (batch: readonly SignedMessage[]): Promise<DeliveryResult> => {
        const r = await this.#write(this.#p.bridge, evmBridgeAbi, "receiveBatch", [
          batch.map((m) => m.encoded), batch.map((m) => concatSignatures(m.signatures)),
        ]);
        return { transactionId: r.id, delivered: batch.map((m) => m.messageId) };
      },
    };
  }

  /**
   * Sends `amount` CAL to `recipient` on `dstDomain`: approves the bridge when the allowance is short, then
   * `send` locks it in the home vault or burns it through the spoke's minter. Inputs are checked before anything
   * is sent (`BridgeZeroAmount`, `BridgeUnknownDomain`, `BridgeInvalidMessage` for a malformed recipient or an
   * amount above u64); a revert is decoded to its canonical name (e.g. `BridgeRateLimited`, `EnforcedPause`).
   *
   * @example
   * ```ts
   * const { messageId, message, cost } = await home.transfer({ dstDomain: 31338, recipient: spokeUser, amount: 25n * CAL });
   * ```
   */
  async transfer({ dstDomain, recipient, amount }: TransferParameters): Promise<TransferReturnType> {
    checkTransfer({ dstDomain, amount });
    const to = bridgeRecipient(recipient, dstDomain);
    const { publicClient, walletClient, bridge } = this.#p;
    const remote = await publicClient.readContract({ address: bridge, abi: evmBridgeAbi, functionName: "remoteBridge", args: [dstDomain] });
    if (BigInt(remote) === 0n) throw new CalctraError("BridgeUnknownDomain", { domain: dstDomain });

    const owner = walletClient.account.address;
    const token = await this.token();
    let approval: TransferReturnType["approval"];
    const allowance = await publicClient.readContract({ address: token, abi: erc20Abi, functionName: "allowance", args: [owner, bridge] });
    if (allowance < amount) approval = await this.#write(token, erc20Abi, "approve", [bridge, amount]);
    const sent = await this.#write(bridge, evmBridgeAbi, "send", [dstDomain, to, amount]);
    const [event] = parseEventLogs({ abi: evmBridgeAbi, eventName: "MessageSent", logs: sent.logs });
    if (!event) throw new Error(`send ${sent.id}: no MessageSent event`);
    const derived = deriveMessage(await this.domain(), event.args);
    if (!derived) throw new Error(`send ${sent.id}: MessageSent does not re-derive to its messageId`);
    return { message: derived.message, messageId: derived.messageId, id: sent.id, cost: sent.cost, ...(approval ? { approval } : {}) };
  }

  /**
   * A message's state, read from this (source) chain, the validators and the destination: `delivered` when the
   * destination recorded it; otherwise the validators' signatures are recovered locally against the destination
   * digest and counted against the destination's set (`sent` with none, `signed` with k ≥ 1); with a threshold
   * reached, delivery is simulated on the destination and a refusal reports `failed` with the decoded reason.
   *
   * @example
   * ```ts
   * const s = await home.status({ messageId, validators: urls, destination: spoke });
   * console.log(`${s.state} ${s.signatures}/${s.validators} (need ${s.threshold})`);
   * ```
   */
  async status({ messageId, validators, destination, fromBlock }: BridgeStatusParameters): Promise<BridgeStatusReturnType> {
    const dst = await EvmBridgeClient.destinationView(destination);
    const found = await this.#findMessage(messageId, fromBlock);
    return bridgeMessageStatus({
      messageId, sourceDomain: await this.domain(), found, validators, destination: dst, ...this.#timeout(),
    });
  }

  /**
   * Delivers a message on its destination yourself, without a relayer: finds it on this (source) chain, fetches
   * the validators' signatures, recovers every one locally, keeps a threshold of signers from the destination's
   * set in ascending order and calls `receiveMessage` with the destination client's wallet. Throws
   * `BridgeBelowThreshold` (before sending) when too few valid signatures exist, and the destination's decoded
   * error otherwise (e.g. `BridgeMessageAlreadyDelivered` for a second delivery).
   *
   * @example
   * ```ts
   * const back = await spoke.transfer({ dstDomain: 31337, recipient: homeUser, amount: 10n * CAL });
   * await spoke.selfRelay({ messageId: back.messageId, validators: urls, destination: home });
   * ```
   */
  async selfRelay(parameters: SelfRelayParameters & { readonly destination: EvmBridgeClient }): Promise<SelfRelayReturnType & { readonly id: Hex; readonly cost: bigint }>;
  async selfRelay(parameters: SelfRelayParameters): Promise<SelfRelayReturnType>;
  async selfRelay({ messageId, validators, destination, fromBlock }: SelfRelayParameters): Promise<SelfRelayReturnType> {
    const found = await this.#findMessage(messageId, fromBlock);
    if (!found) throw new Error(`no MessageSent ${messageId} on domain ${await this.domain()}`);
    return selfRelayMessage({ messageId, found, validators, destination: await EvmBridgeClient.destinationView(destination), ...this.#timeout() });
  }

  /**
   * A destination as status and self-relay see it, whichever chain it is on: an `EvmBridgeClient` (its delivery is
   * simulated, so a refusal is reported with its decoded reason, and self-relayed with its own wallet) or a
   * bridge-package `DestinationChain` (EVM, Solana, TON). Source clients of other chains use it too.
   *
   * @example
   * ```ts
   * const view = await EvmBridgeClient.destinationView(spoke);
   * const { threshold } = await view.validatorSet();
   * ```
   */
  static async destinationView(d: BridgeDestination): Promise<DestinationView> {
    if (!(d instanceof EvmBridgeClient)) {
      return {
        domain: d.domain, bridge: d.bridge, validatorSet: () => d.validatorSet(), isDelivered: (messageId) => d.isDelivered(messageId),
        deliver: (batch) => d.deliver(batch),
      };
    }
    const plain = await d.asDestination();
    return {
      domain: plain.domain, bridge: plain.bridge,
      validatorSet: () => d.validatorSet(),
      isDelivered: (messageId) => d.isDelivered({ messageId }),
      deliver: (batch) => plain.deliver(batch),
      simulate: async (found, signatures) => {
        try {
          await d.#p.publicClient.simulateContract({
            address: d.bridge, abi: evmBridgeAbi, functionName: "receiveMessage",
            args: [found.encoded, concatSignatures(signatures)], account: d.#p.walletClient.account,
          });
          return undefined;
        } catch (e) {
          const decoded = decodeEvmError(e);
          return decoded instanceof CalctraError ? decoded.message : shortError(e);
        }
      },
      receive: (found, signatures) => d.#write(d.bridge, evmBridgeAbi, "receiveMessage", [found.encoded, concatSignatures(signatures)]),
    };
  }

  #timeout(): { httpTimeoutMs?: number } {
    return this.#p.httpTimeoutMs === undefined ? {} : { httpTimeoutMs: this.#p.httpTimeoutMs };
  }

  /** Simulate (decoding reverts), send, wait; gas used and logs. */
  async #write(address: Address, abi: typeof evmBridgeAbi | typeof erc20Abi, functionName: string, args: readonly unknown[]) {
    const { publicClient, walletClient } = this.#p;
    try {
      const { request } = await publicClient.simulateContract({
        address, abi, functionName, args, account: walletClient.account, chain: walletClient.chain,
      } as never);
      const hash = await walletClient.writeContract(request as never);
      const receipt = await publicClient.waitForTransactionReceipt({ hash, pollingInterval: 20 });
      if (receipt.status !== "success") throw new Error(`transaction ${hash} reverted`);
      return { id: hash, cost: receipt.gasUsed, logs: receipt.logs };
    } catch (e) {
      throw decodeEvmError(e);
    }
  }

  /** The message of `messageId` on this source bridge, re-derived from its `MessageSent` event. */
  async #findMessage(messageId: Hex, fromBlock = 0n) {
    checkMessageId(messageId);
    const logs = await this.#p.publicClient.getContractEvents({
      address: this.#p.bridge, abi: evmBridgeAbi, eventName: "MessageSent", args: { messageId }, fromBlock, strict: true,
    });
    const log = logs[0];
    return log ? deriveMessage(await this.domain(), log.args) : null;
  }
}

function shortError(e: unknown): string {
  const m = e instanceof Error ? ((e as { shortMessage?: string }).shortMessage ?? e.message) : String(e);
  return m.split("\n")[0]!;
}
