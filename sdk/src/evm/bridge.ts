/**
 * The EVM bridge (DESIGN §8), built once: {@link EvmBridgeClient} holds every read and write of a BridgeVault (home)
 * or BridgeMinter (spoke): send CAL to another domain (lock or burn), a message's status (sent, signed k/M,
 * delivered, failed: why), delivery with validators' signatures (one message, `receiveMessage`, for a self-relay;
 * a batch, `receiveBatch`, for a relayer), the validator set and the delivered flag. {@link EvmDestination} is that
 * client as the relayer's `DestinationChain`; the source side (`MessageSent`, `EvmSource`) is in bridge-source.ts.
 */
import { CalctraError, universalFromEvm } from "@calctra/core";
import type {
  BridgeClient,
  BridgeMessage,
  BridgeTransferParameters,
  BridgeTransferReturnType,
  Domain,
  SimulateReturnType,
  UniversalAddress,
} from "@calctra/core";
import {
  parseEventLogs,
  type Account,
  type Address,
  type Chain,
  type Hex,
  type PublicClient,
  type Transport,
  type WalletClient,
} from "viem";
import type { DeliveryResult, DestinationChain, SignedMessage, ValidatorSetView } from "../bridge/types.js";
import {
  bridgeMessageStatus,
  bridgeRecipient,
  checkMessageId,
  checkTransfer,
  concatSignatures,
  selfRelayMessage,
  type BridgeStatusReturnType,
  type DestinationView,
  type FoundMessage,
} from "../bridge/delivery.js";
import { deriveMessage, evmGovernanceMessagesSent, evmMessagesSent } from "./bridge-source.js";
import { bridgeVaultAbi, calSpokeTokenAbi, calTokenAbi } from "./generated/abis.js";
import {
  EvmWriter,
  evmContractWrite,
  type EvmContractWrite,
  type EvmPrepareOptions,
  type EvmPreparedTransaction,
  type EvmTransactionReturnType,
} from "./write.js";

export type { BridgeState, BridgeStatusReturnType } from "../bridge/delivery.js";

/** The bridge ABI (generated from the BridgeVault build; the spoke's BridgeMinter has the same interface), plus the
 * custom errors of both CAL tokens (home CalToken, spoke CalSpokeToken) so that a revert bubbling up from CAL decodes too. */
export const evmBridgeAbi = [
  ...bridgeVaultAbi,
  ...calTokenAbi.filter((item): item is Extract<(typeof calTokenAbi)[number], { type: "error" }> => item.type === "error"),
  ...calSpokeTokenAbi.filter(
    (item): item is Extract<(typeof calSpokeTokenAbi)[number], { type: "error"; name: "ERC20ExceededCap" }> =>
      item.type === "error" && item.name === "ERC20ExceededCap",
  ),
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
export interface TransferReturnType extends BridgeTransferReturnType, EvmTransactionReturnType {
  /** The message as sent (decoded and re-derived from the `MessageSent` event). */
  readonly message: BridgeMessage;
  readonly messageId: Hex;
  /** Transaction hash of `send`. */
  readonly id: Hex;
  /** Gas used by `send`. */
  readonly cost: bigint;
}

/** Parameters of {@link EvmBridgeClient.receiveMessage}: one message and its validators' signatures. */
export interface ReceiveMessageParameters {
  /** The 89-byte message. */
  readonly encoded: Hex;
  /** A threshold of signatures (65 bytes r|s|v each), signers strictly ascending. */
  readonly signatures: readonly { readonly signature: Hex }[];
}

/** Parameters of {@link EvmBridgeClient.receiveBatch}. */
export interface ReceiveBatchParameters {
  /** Messages with their signatures (signers ascending), at most the contract's MAX_BATCH (64). */
  readonly batch: readonly SignedMessage[];
}

/** What {@link EvmBridgeClient.receiveBatch} returns. */
export interface ReceiveBatchReturnType extends EvmTransactionReturnType {
  /** Every message of the batch: `receiveBatch` delivers each one or skips it when already delivered. */
  readonly delivered: readonly Hex[];
}

/** Parameters of {@link EvmBridgeClient.status}. */
export interface BridgeStatusParameters {
  readonly messageId: Hex;
  /** Base URLs of the validators' HTTP services (`GET /signatures/:messageId`). */
  readonly validators: readonly string[];
  /**
   * The destination bridge (the message's `dstDomain`): another `EvmBridgeClient`, or any relayer destination
   * (`DestinationChain`: `EvmDestination`, `SolanaDestination`, `TonDestination`).
   */
  readonly destination: BridgeDestination;
  /** First block to look for the message on this (source) chain (default 0). */
  readonly fromBlock?: bigint;
}

/**
 * Where a message is delivered: an EVM bridge client (its delivery can be simulated, so a refusal is reported as
 * `failed` with the decoded reason) or a relayer `DestinationChain` for any chain (EVM, Solana, TON).
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

/** Parameters of {@link EvmBridgeClient.prepareSelfRelay} and `simulateSelfRelay`: the destination is an EVM bridge. */
export interface EvmSelfRelayParameters extends SelfRelayParameters, EvmPrepareOptions {
  readonly destination: EvmBridgeClient;
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
 * The bridge on one EVM chain, as a user (or a self-relaying wallet, or a relayer through {@link asDestination})
 * sees it. Every write has three forms: `x` sends and waits, `prepareX` returns the unsigned transaction,
 * `simulateX` runs it without sending.
 *
 * @example
 * ```ts
 * const home = new EvmBridgeClient({ publicClient, walletClient, bridge: vaultAddress });
 * const sent = await home.transfer({ dstDomain: 31338, recipient: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8", amount: 25n * CAL });
 * ```
 */
export class EvmBridgeClient implements BridgeClient<EvmPreparedTransaction> {
  readonly #p: EvmBridgeClientParameters;
  readonly #writer: EvmWriter;
  #domain: Domain | undefined;
  #token: Address | undefined;

  constructor(parameters: EvmBridgeClientParameters) {
    this.#p = parameters;
    this.#writer = new EvmWriter(parameters);
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
   * Whether a message has been delivered on this chain. The bridge records deliveries by `(srcDomain, nonce)`: with
   * `message` (the encoded message, version 1 or 2) it answers from that record (`isDelivered(bytes)`); with the
   * message's `origin` (source domain and nonce) it reads `isDelivered(srcDomain, nonce)`; with the messageId alone
   * it looks for the delivery's event (`MessageDelivered` / `GovernanceMessageDelivered`, indexed by messageId) from
   * `fromBlock` (default 0).
   *
   * @example
   * ```ts
   * if (await spoke.isDelivered({ messageId, message: encoded })) console.log("arrived");
   * ```
   */
  async isDelivered({
    messageId,
    message,
    origin,
    fromBlock = 0n,
  }: {
    readonly messageId: Hex;
    readonly message?: Hex;
    readonly origin?: { readonly srcDomain: Domain; readonly nonce: bigint };
    readonly fromBlock?: bigint;
  }): Promise<boolean> {
    const { publicClient: c, bridge } = this.#p;
    if (message !== undefined) return c.readContract({ address: bridge, abi: evmBridgeAbi, functionName: "isDelivered", args: [message] });
    if (origin !== undefined)
      return c.readContract({ address: bridge, abi: evmBridgeAbi, functionName: "isDelivered", args: [origin.srcDomain, origin.nonce] });
    checkMessageId(messageId);
    const logs = await c.getContractEvents({
      address: bridge,
      abi: evmBridgeAbi,
      eventName: "MessageDelivered",
      args: { messageId },
      fromBlock,
      toBlock: "latest",
    });
    return logs.length > 0;
  }

  /**
   * The validator set(s) this bridge accepts now: the current one, and the previous one while it is retained.
   * Addresses are lowercase.
   *
   * @example
   * ```ts
   * const { validators, threshold } = await spoke.validatorSet();
   * ```
   */
  async validatorSet(): Promise<ValidatorSetView> {
    const { publicClient: c, bridge } = this.#p;
    const [[validators, threshold], [prev, prevThreshold, validUntil], block] = await Promise.all([
      c.readContract({ address: bridge, abi: evmBridgeAbi, functionName: "validatorSet" }),
      c.readContract({ address: bridge, abi: evmBridgeAbi, functionName: "previousValidatorSet" }),
      c.getBlock(),
    ]);
    const lower = (a: readonly Address[]) => a.map((x) => x.toLowerCase() as Address);
    const retained = prev.length > 0 && BigInt(validUntil) >= block.timestamp;
    return {
      validators: lower(validators),
      threshold,
      ...(retained ? { previous: { validators: lower(prev), threshold: prevThreshold } } : {}),
    };
  }

  /**
   * This bridge as a relayer destination (`DestinationChain`): batches go through {@link receiveBatch} with this
   * client's wallet, which skips messages already delivered.
   *
   * @example
   * ```ts
   * const relayer = new Relayer({ ..., destinations: new Map([[31338, await spoke.asDestination()]]) });
   * ```
   */
  async asDestination({ maxBatch }: { readonly maxBatch?: number } = {}): Promise<EvmDestination> {
    return new EvmDestination({ ...this.#p, domain: await this.domain(), ...(maxBatch === undefined ? {} : { maxBatch }) });
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
  async transfer(parameters: TransferParameters): Promise<TransferReturnType> {
    const { logs, ...sent } = await this.#writer.send(await this.#transfer(parameters));
    const [event] = parseEventLogs({ abi: evmBridgeAbi, eventName: "MessageSent", logs: [...logs] });
    if (!event) throw new Error(`send ${sent.id}: no MessageSent event`);
    const derived = deriveMessage(await this.domain(), event.args);
    if (!derived) throw new Error(`send ${sent.id}: MessageSent does not re-derive to its messageId`);
    return { ...sent, message: derived.message, messageId: derived.messageId };
  }
  /**
   * The unsigned `send`, checked as {@link transfer} checks it; its `approval` (when the sender's allowance is
   * short) must be executed first.
   *
   * @example
   * ```ts
   * const prepared = await home.prepareTransfer({ dstDomain: 31338, recipient, amount: 25n * CAL, account: safe });
   * ```
   */
  async prepareTransfer(parameters: TransferParameters & EvmPrepareOptions): Promise<EvmPreparedTransaction> {
    return this.#writer.prepare(await this.#transfer(parameters), parameters.account);
  }
  /**
   * Runs `transfer` without sending it (as if a pending approval had been granted): its gas and the message id it
   * would get, or the `CalctraError` it would throw (e.g. `BridgeRateLimited`).
   *
   * @example
   * ```ts
   * const { cost, result: messageId } = await home.simulateTransfer({ dstDomain: 31338, recipient, amount: 25n * CAL });
   * ```
   */
  async simulateTransfer(parameters: TransferParameters & EvmPrepareOptions): Promise<SimulateReturnType<Hex>> {
    return this.#writer.simulate(await this.#transfer(parameters), parameters.account);
  }
  async #transfer({ dstDomain, recipient, amount }: TransferParameters): Promise<EvmContractWrite> {
    checkTransfer({ dstDomain, amount });
    const to = bridgeRecipient(recipient, dstDomain);
    const { publicClient, bridge } = this.#p;
    const remote = await publicClient.readContract({ address: bridge, abi: evmBridgeAbi, functionName: "remoteBridge", args: [dstDomain] });
    if (BigInt(remote) === 0n) throw new CalctraError("BridgeUnknownDomain", { domain: dstDomain });
    return evmContractWrite({
      address: bridge,
      abi: evmBridgeAbi,
      functionName: "send",
      args: [dstDomain, to, amount],
      spends: { token: await this.token(), amount },
    });
  }

  /**
   * Delivers one message on this chain with a threshold of its validators' signatures (`receiveMessage`; what a
   * self-relay to this chain sends). A second delivery reverts with `BridgeMessageAlreadyDelivered`.
   *
   * @example
   * ```ts
   * await spoke.receiveMessage({ encoded: found.encoded, signatures: chosen });
   * ```
   */
  async receiveMessage(parameters: ReceiveMessageParameters): Promise<EvmTransactionReturnType> {
    const { logs: _logs, ...sent } = await this.#writer.send(this.#receiveMessage(parameters));
    return sent;
  }
  /**
   * The unsigned `receiveMessage`.
   *
   * @example
   * ```ts
   * const call = await spoke.prepareReceiveMessage({ encoded, signatures });
   * ```
   */
  async prepareReceiveMessage(parameters: ReceiveMessageParameters & EvmPrepareOptions): Promise<EvmPreparedTransaction> {
    return this.#writer.prepare(this.#receiveMessage(parameters), parameters.account);
  }
  /**
   * Runs `receiveMessage` without sending it (e.g. `BridgeInvalidSignatures`, `EnforcedPause`).
   *
   * @example
   * ```ts
   * const { cost } = await spoke.simulateReceiveMessage({ encoded, signatures });
   * ```
   */
  async simulateReceiveMessage(parameters: ReceiveMessageParameters & EvmPrepareOptions): Promise<SimulateReturnType> {
    return this.#writer.simulate(this.#receiveMessage(parameters), parameters.account);
  }
  #receiveMessage({ encoded, signatures }: ReceiveMessageParameters): EvmContractWrite {
    return evmContractWrite({
      address: this.#p.bridge,
      abi: evmBridgeAbi,
      functionName: "receiveMessage",
      args: [encoded, concatSignatures(signatures)],
    });
  }

  /**
   * Delivers a batch in one transaction (`receiveBatch`, what a relayer sends): every message is delivered, or
   * skipped when it already was.
   *
   * @example
   * ```ts
   * const { id, delivered } = await spoke.receiveBatch({ batch });
   * ```
   */
  async receiveBatch(parameters: ReceiveBatchParameters): Promise<ReceiveBatchReturnType> {
    const { logs: _logs, ...sent } = await this.#writer.send(this.#receiveBatch(parameters));
    return { ...sent, delivered: parameters.batch.map((m) => m.messageId) };
  }
  /**
   * The unsigned `receiveBatch`.
   *
   * @example
   * ```ts
   * const call = await spoke.prepareReceiveBatch({ batch });
   * ```
   */
  async prepareReceiveBatch(parameters: ReceiveBatchParameters & EvmPrepareOptions): Promise<EvmPreparedTransaction> {
    return this.#writer.prepare(this.#receiveBatch(parameters), parameters.account);
  }
  /**
   * Runs `receiveBatch` without sending it: its gas and the number of messages it would newly deliver.
   *
   * @example
   * ```ts
   * const { result: fresh } = await spoke.simulateReceiveBatch({ batch });
   * ```
   */
  async simulateReceiveBatch(parameters: ReceiveBatchParameters & EvmPrepareOptions): Promise<SimulateReturnType<bigint>> {
    return this.#writer.simulate(this.#receiveBatch(parameters), parameters.account);
  }
  #receiveBatch({ batch }: ReceiveBatchParameters): EvmContractWrite {
    return evmContractWrite({
      address: this.#p.bridge,
      abi: evmBridgeAbi,
      functionName: "receiveBatch",
      args: [batch.map((m) => m.encoded), batch.map((m) => concatSignatures(m.signatures))],
    });
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
      messageId,
      sourceDomain: await this.domain(),
      found,
      validators,
      destination: dst,
      ...this.#timeout(),
    });
  }

  /**
   * Delivers a message on its destination yourself, without a relayer: finds it on this (source) chain, fetches
   * the validators' signatures, recovers every one locally, keeps a threshold of signers from the destination's
   * set in ascending order and delivers them with the destination's wallet (`receiveMessage` on an EVM bridge).
   * Throws `BridgeBelowThreshold` (before sending) when too few valid signatures exist, and the destination's
   * decoded error otherwise (e.g. `BridgeMessageAlreadyDelivered` for a second delivery).
   *
   * @example
   * ```ts
   * const back = await spoke.transfer({ dstDomain: 31337, recipient: homeUser, amount: 10n * CAL });
   * await spoke.selfRelay({ messageId: back.messageId, validators: urls, destination: home });
   * ```
   */
  async selfRelay(
    parameters: SelfRelayParameters & { readonly destination: EvmBridgeClient },
  ): Promise<SelfRelayReturnType & { readonly id: Hex; readonly cost: bigint }>;
  async selfRelay(parameters: SelfRelayParameters): Promise<SelfRelayReturnType>;
  async selfRelay({ messageId, validators, destination, fromBlock }: SelfRelayParameters): Promise<SelfRelayReturnType> {
    const found = await this.#foundMessage(messageId, fromBlock);
    return selfRelayMessage({
      messageId,
      found,
      validators,
      destination: await EvmBridgeClient.destinationView(destination),
      ...this.#timeout(),
    });
  }
  /**
   * The unsigned delivery a {@link selfRelay} to an EVM bridge would send: `receiveMessage` on the destination with
   * the same threshold of locally verified signatures (for a multisig, or another signer, to send there).
   *
   * @example
   * ```ts
   * const call = await spoke.prepareSelfRelay({ messageId, validators: urls, destination: home, account: safe });
   * ```
   */
  async prepareSelfRelay(parameters: EvmSelfRelayParameters): Promise<EvmPreparedTransaction> {
    const { destination: d, account } = parameters;
    return this.#relayWith(parameters, (m) => d.prepareReceiveMessage({ ...m, ...(account === undefined ? {} : { account }) }));
  }
  /**
   * Runs a {@link selfRelay} to an EVM bridge without sending it: the delivery's gas, or the error it would throw
   * (`BridgeBelowThreshold` before the destination is asked, the destination's decoded revert otherwise).
   *
   * @example
   * ```ts
   * const { cost } = await spoke.simulateSelfRelay({ messageId, validators: urls, destination: home });
   * ```
   */
  async simulateSelfRelay(parameters: EvmSelfRelayParameters): Promise<SimulateReturnType> {
    const { destination: d, account } = parameters;
    return this.#relayWith(parameters, (m) => d.simulateReceiveMessage({ ...m, ...(account === undefined ? {} : { account }) }));
  }
  /** The self-relay's choice of signatures, handing the delivery to `deliver` (prepare or simulate) instead of sending it. */
  async #relayWith<T>(
    { messageId, validators, destination, fromBlock }: EvmSelfRelayParameters,
    deliver: (m: ReceiveMessageParameters) => Promise<T>,
  ): Promise<T> {
    const found = await this.#foundMessage(messageId, fromBlock);
    let out: { readonly value: T } | undefined;
    const view: DestinationView = {
      ...(await EvmBridgeClient.destinationView(destination)),
      receive: async (f, signatures) => {
        out = { value: await deliver({ encoded: f.encoded, signatures }) };
        return { id: "", cost: 0n };
      },
    };
    await selfRelayMessage({ messageId, found, validators, destination: view, ...this.#timeout() });
    if (!out) throw new Error(`self-relay of ${messageId} chose no delivery`);
    return out.value;
  }

  /**
   * A destination as status and self-relay see it, whichever chain it is on: an `EvmBridgeClient` (its delivery is
   * simulated, so a refusal is reported with its decoded reason, and self-relayed with `receiveMessage` and its own
   * wallet) or a relayer `DestinationChain` (EVM, Solana, TON). Source clients of other chains use it too.
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
        domain: d.domain,
        bridge: d.bridge,
        validatorSet: () => d.validatorSet(),
        isDelivered: (messageId, origin) => d.isDelivered(messageId, origin),
        deliver: (batch) => d.deliver(batch),
      };
    }
    const plain = await d.asDestination();
    const delivery = (found: FoundMessage, signatures: ReceiveMessageParameters["signatures"]) => ({ encoded: found.encoded, signatures });
    return {
      domain: plain.domain,
      bridge: plain.bridge,
      validatorSet: () => plain.validatorSet(),
      isDelivered: (messageId, origin) => plain.isDelivered(messageId, origin),
      deliver: (batch) => plain.deliver(batch),
      simulate: (found, signatures) =>
        d.simulateReceiveMessage(delivery(found, signatures)).then(
          () => undefined,
          (e: unknown) => (e instanceof CalctraError ? e.message : shortError(e)),
        ),
      receive: (found, signatures) => d.receiveMessage(delivery(found, signatures)),
    };
  }

  #timeout(): { httpTimeoutMs?: number } {
    return this.#p.httpTimeoutMs === undefined ? {} : { httpTimeoutMs: this.#p.httpTimeoutMs };
  }

  /**
   * The message of `messageId` on this source bridge, re-derived from its `MessageSent` event (a token message) or
   * its `GovernanceMessageSent` event (a governance message), or null. Each is one query filtered by the indexed id.
   */
  async #findMessage(messageId: Hex, fromBlock = 0n): Promise<FoundMessage | null> {
    checkMessageId(messageId);
    const query = { client: this.#p.publicClient, bridge: this.#p.bridge, domain: await this.domain(), fromBlock, messageId };
    const token = (await evmMessagesSent(query)).messages[0];
    return token ?? (await evmGovernanceMessagesSent(query)).messages[0] ?? null;
  }

  /** The message of `messageId` on this source bridge; throws when it is not there. */
  async #foundMessage(messageId: Hex, fromBlock?: bigint): Promise<FoundMessage> {
    const found = await this.#findMessage(messageId, fromBlock);
    if (!found) throw new Error(`no MessageSent ${messageId} on domain ${await this.domain()}`);
    return found;
  }
}

/** Parameters of {@link EvmDestination}. */
export interface EvmDestinationParameters {
  readonly domain: Domain;
  readonly bridge: Address;
  readonly publicClient: PublicClient;
  readonly walletClient: WalletClient<Transport, Chain | undefined, Account>;
  /** Messages per `receiveBatch` transaction (≤ the contract's MAX_BATCH, 64; default 32). */
  readonly maxBatch?: number;
}

/**
 * An EVM bridge as the relayer's `DestinationChain`: the {@link EvmBridgeClient}'s validator set, delivered flag and
 * `receiveBatch` (one transaction, one block, messages already delivered skipped).
 *
 * @example
 * ```ts
 * const spoke = new EvmDestination({ domain: 31338, bridge: minter, publicClient, walletClient, maxBatch: 32 });
 * const relayer = new Relayer({ ..., destinations: new Map([[spoke.domain, spoke]]) });
 * ```
 */
export class EvmDestination implements DestinationChain {
  readonly domain: Domain;
  readonly bridge: UniversalAddress;
  readonly maxBatch: number;
  readonly #client: EvmBridgeClient;

  constructor({ domain, bridge, publicClient, walletClient, maxBatch }: EvmDestinationParameters) {
    this.#client = new EvmBridgeClient({ publicClient, walletClient, bridge });
    this.domain = domain;
    this.bridge = universalFromEvm(bridge);
    this.maxBatch = Math.min(maxBatch ?? 32, 64);
  }

  /**
   * The validator set(s) the bridge accepts now ({@link EvmBridgeClient.validatorSet}).
   *
   * @example
   * ```ts
   * const { threshold } = await spoke.validatorSet();
   * ```
   */
  validatorSet(): Promise<ValidatorSetView> {
    return this.#client.validatorSet();
  }

  /**
   * Whether the bridge recorded the message as delivered (by its `(srcDomain, nonce)` when the `origin` is given,
   * else by its delivery event; {@link EvmBridgeClient.isDelivered}).
   *
   * @example
   * ```ts
   * if (await spoke.isDelivered(messageId, { srcDomain: 31337, nonce: 7n })) store.markDelivered(messageId, null);
   * ```
   */
  isDelivered(messageId: Hex, origin?: { readonly srcDomain: Domain; readonly nonce: bigint }): Promise<boolean> {
    return this.#client.isDelivered(
      origin === undefined ? { messageId } : { messageId, origin: { srcDomain: origin.srcDomain, nonce: origin.nonce } },
    );
  }

  /**
   * Delivers a batch with `receiveBatch` ({@link EvmBridgeClient.receiveBatch}); a revert is thrown decoded.
   *
   * @example
   * ```ts
   * const { transactionId, delivered } = await spoke.deliver(batch);
   * ```
   */
  async deliver(batch: readonly SignedMessage[]): Promise<DeliveryResult> {
    const r = await this.#client.receiveBatch({ batch });
    return { transactionId: r.id, delivered: r.delivered };
  }
}

function shortError(e: unknown): string {
  const m = e instanceof Error ? ((e as { shortMessage?: string }).shortMessage ?? e.message) : String(e);
  return m.split("\n")[0]!;
}
