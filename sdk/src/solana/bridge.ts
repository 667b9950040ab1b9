/**
 * The bridge on Solana (DESIGN §8): inbound delivery — anyone (an untrusted relayer) delivers a message carrying
 * enough validator signatures and the bridge mints the CAL to the recipient's associated token account — and the
 * SDK's Solana bridge client ({@link SolanaBridgeClient}): send CAL to another domain (burn), read a message's
 * status (sent, signed k/M, delivered, failed: why) and deliver it yourself.
 */
import { AnchorProvider } from "@coral-xyz/anchor";
import { ComputeBudgetProgram, PublicKey, SystemProgram, type Keypair, type Signer } from "@solana/web3.js";
import { ASSOCIATED_TOKEN_PROGRAM_ID, TOKEN_PROGRAM_ID } from "@solana/spl-token";
import type { Address, Hex } from "viem";
import { SolanaDestination, deriveSolanaMessage, solanaOutboundDecoder } from "./bridge-chain.js";
import type { DestinationChain } from "../bridge/types.js";
import { EvmBridgeClient, type BridgeStatusParameters, type BridgeStatusReturnType, type SelfRelayReturnType } from "../evm/bridge.js";
import { bridgeMessageStatus, bridgeRecipient, checkMessageId, checkTransfer, selfRelayMessage, type FoundMessage } from "../bridge/delivery.js";
import { universalFromBytes } from "@calctra/core";
import { BRIDGE_MESSAGE_LENGTH, DOMAINS, bridgeDigest, bridgeMessageId, encodeBridgeMessage } from "@calctra/core";
import type { BridgeClient, BridgeTransferParameters, BridgeTransferReturnType, TransactionReceiptSummary } from "@calctra/core";
import { CalctraError } from "@calctra/core";
import type { BridgeMessage, Domain, UniversalAddress } from "@calctra/core";
import { SolanaContractClient, fromBN, toBN, type SolanaClientParameters } from "./clients.js";
import { calTokenAccount, solanaPdas, solanaProgramIds, solanaPrograms } from "./programs.js";
import { sendSolana } from "./send.js";

/** Compute-unit limit requested for a delivery (each secp256k1_recover costs 25,000 CU on chain). */
export const SOLANA_RECEIVE_COMPUTE_UNITS = 400_000;

/**
 * The universal address validators sign as `dstBridge` for Solana: the bridge program id.
 *
 * @example
 * ```ts
 * const digest = bridgeDigest({ dstDomain: DOMAINS.solana, dstBridge: solanaBridgeAddress(), messageId });
 * ```
 */
export function solanaBridgeAddress(): UniversalAddress {
  return universalFromBytes(solanaProgramIds().bridge.toBytes());
}

/**
 * The digest the validators sign for a message to Solana:
 * `keccak256("CALCTRA_BRIDGE_V1" | 0x534F4C41 | bridge program id | messageId)`.
 *
 * @example
 * ```ts
 * const digest = solanaBridgeDigest(message);
 * ```
 */
export function solanaBridgeDigest(message: BridgeMessage): Uint8Array {
  return bridgeDigest({ dstDomain: DOMAINS.solana, dstBridge: solanaBridgeAddress(), messageId: bridgeMessageId(message) });
}

/** Parameters of {@link receiveSolanaBridgeMessage}. */
export interface ReceiveSolanaBridgeMessageParameters {
  /** The relayer (pays the replay marker and the recipient's token account if missing). */
  readonly provider: AnchorProvider;
  readonly message: BridgeMessage;
  /** 65-byte r|s|v signatures (low-s), signers strictly ascending. */
  readonly signatures: readonly Uint8Array[];
}

/**
 * Delivers a bridge message to Solana (`receive_message`); refusals come back as CalctraError
 * (`BridgeMessageAlreadyDelivered`, `BridgeBelowThreshold`, `BridgeUnknownDomain`, ...).
 *
 * @example
 * ```ts
 * await receiveSolanaBridgeMessage({ provider, message, signatures });
 * ```
 */
export async function receiveSolanaBridgeMessage({ provider, message, signatures }: ReceiveSolanaBridgeMessageParameters): Promise<TransactionReceiptSummary> {
  const bytes = encodeBridgeMessage(message);
  if (bytes.length !== BRIDGE_MESSAGE_LENGTH) throw new RangeError("a bridge message has 89 bytes");
  for (const s of signatures) if (s.length !== 65) throw new RangeError("a validator signature has 65 bytes");
  const pdas = solanaPdas();
  const programs = solanaPrograms(provider);
  const config = await programs.bridge.account.bridgeConfig.fetch(pdas.bridgeConfig);
  const recipient = new PublicKey(Buffer.from(bytes.subarray(49, 81)));
  return sendSolana({
    connection: provider.connection,
    context: "bridge.receive_message",
    send: () => programs.bridge.methods.receiveMessage(Array.from(bytes), signatures.map((s) => Array.from(s))).accountsPartial({
      relayer: provider.wallet.publicKey, config: pdas.bridgeConfig, remote: pdas.remoteDomain(message.srcDomain),
      delivered: pdas.delivered(bridgeMessageId(message)), mint: config.calMint, mintAuthority: pdas.bridgeMintAuthority, recipient,
      recipientToken: calTokenAccount({ mint: config.calMint, owner: recipient }), tokenProgram: TOKEN_PROGRAM_ID,
      associatedTokenProgram: ASSOCIATED_TOKEN_PROGRAM_ID,
    }).preInstructions([ComputeBudgetProgram.setComputeUnitLimit({ units: SOLANA_RECEIVE_COMPUTE_UNITS })]).rpc(),
  });
}

/** Parameters of {@link SolanaBridgeClient}: the acting wallet's provider and the deployment. */
export interface SolanaBridgeClientParameters extends SolanaClientParameters {
  /** Milliseconds per validator HTTP request (default 2000). */
  readonly httpTimeoutMs?: number;
}

/** What {@link SolanaBridgeClient.transfer} returns. */
export interface SolanaTransferReturnType extends BridgeTransferReturnType {
  /** The message as sent, re-derived from its `OutboundMessage` account. */
  readonly message: BridgeMessage;
  readonly messageId: Hex;
  /** The outbound nonce (the account `["outbound", nonce u64 le]`). */
  readonly nonce: bigint;
  /** Transaction signature of `send`. */
  readonly id: string;
  /** Compute units the connection reports for `send` (on the native test host: host figures, not SBF). */
  readonly cost?: bigint;
}

/** Parameters of {@link SolanaBridgeClient.status}: the shared ones, without the EVM block hint. */
export type SolanaBridgeStatusParameters = Omit<BridgeStatusParameters, "fromBlock">;

/** Parameters of {@link SolanaBridgeClient.selfRelay}. */
export type SolanaSelfRelayParameters = SolanaBridgeStatusParameters;

/** What {@link SolanaBridgeClient.selfRelay} returns (the shared shape). */
export type SolanaSelfRelayReturnType = SelfRelayReturnType;

/** Outbound accounts read per request while looking a message up by id. */
const OUTBOUND_PAGE = 100;

/**
 * The bridge on Solana as a user (or a self-relaying wallet) sees it, over any `AnchorProvider` (a cluster or the
 * native test host). `transfer` burns CAL through the bridge program's `send`; the message is read back from its
 * `OutboundMessage` account and re-derived (bytes re-encoded and hashed) the way validators do. Status and
 * self-relay share the EVM client's logic (signatures fetched from the validators and recovered locally against
 * the destination's digest and set).
 *
 * @example
 * ```ts
 * const bridge = new SolanaBridgeClient({ provider, deployment });
 * const sent = await bridge.transfer({ dstDomain: DOMAINS.ton, recipient: tonUniversalAddress(tonAccount), amount: 25n * CAL });
 * const s = await bridge.status({ messageId: sent.messageId, validators: urls, destination: tonDestination });
 * ```
 */
export class SolanaBridgeClient extends SolanaContractClient implements BridgeClient {
  readonly #httpTimeoutMs: number | undefined;

  constructor(parameters: SolanaBridgeClientParameters) {
    super(parameters);
    this.#httpTimeoutMs = parameters.httpTimeoutMs;
  }

  /**
   * This chain's bridge domain (`0x534F4C41`, from the deployment).
   *
   * @example
   * ```ts
   * await bridge.domain(); // 1397705793
   * ```
   */
  async domain(): Promise<Domain> {
    return this.params.deployment.domain;
  }

  /**
   * The bridge program id as a universal address (what validators sign as `dstBridge` for Solana).
   *
   * @example
   * ```ts
   * const dstBridge = bridge.bridge;
   * ```
   */
  get bridge(): UniversalAddress {
    return universalFromBytes(this.programs.bridge.programId.toBytes());
  }

  /**
   * Whether `messageId` has been delivered to Solana (its replay marker `["delivered", messageId]` exists and
   * belongs to the bridge).
   *
   * @example
   * ```ts
   * if (await bridge.isDelivered({ messageId })) console.log("minted on Solana");
   * ```
   */
  async isDelivered({ messageId }: { readonly messageId: Hex }): Promise<boolean> {
    checkMessageId(messageId);
    const info = await this.params.provider.connection.getAccountInfo(this.pdas.delivered(hexBytes(messageId)), "confirmed");
    return info !== null && info.owner.equals(this.programs.bridge.programId) && info.data.length > 0;
  }

  /**
   * Burns `amount` CAL of the acting wallet through the bridge's `send` for `recipient` on `dstDomain`. Checked
   * before anything is sent, with the EVM client's names: `BridgeZeroAmount`, `BridgeInvalidMessage` (amount above
   * u64; recipient neither a 32-byte universal address nor a 20-byte EVM address, the zero address, or not an EVM
   * address for an EVM domain — the remote's own `evm_recipients` flag is checked too), `BridgeUnknownDomain` (the
   * domain is not enabled on the Solana bridge). A refusal on chain is decoded to its canonical name (e.g.
   * `BridgeRateLimited`, `EnforcedPause`). Returns the message re-derived from its `OutboundMessage` account.
   *
   * @example
   * ```ts
   * const { messageId, nonce, cost } = await bridge.transfer({ dstDomain: 31338, recipient: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8", amount: 5n * CAL });
   * ```
   */
  async transfer({ dstDomain, recipient, amount }: BridgeTransferParameters): Promise<SolanaTransferReturnType> {
    checkTransfer({ dstDomain, amount });
    const to = bridgeRecipient(recipient, dstDomain);
    const bridge = this.programs.bridge;
    const remoteKey = this.pdas.remoteDomain(dstDomain);
    const remote = dstDomain === (await this.domain()) ? null : await bridge.account.remoteDomain.fetchNullable(remoteKey, "confirmed");
    if (!remote || !remote.enabled || remote.domain !== dstDomain) throw new CalctraError("BridgeUnknownDomain", { domain: dstDomain });
    if (remote.evmRecipients && BigInt(to) >> 160n !== 0n) {
      throw new CalctraError("BridgeInvalidMessage", { field: "recipient", value: recipient, reason: "not an EVM address on an EVM domain" });
    }
    const config = await bridge.account.bridgeConfig.fetch(this.pdas.bridgeConfig, "confirmed");
    // the account of the next nonce; a concurrent send taking it first makes this one fail its seeds check (nothing burnt)
    const nonce = fromBN(config.outboundNonce) + 1n;
    const user = this.address;
    const sent = await this.send(() => bridge.methods.send(dstDomain, Array.from(hexBytes(to)), toBN(amount)).accountsPartial({
      user, config: this.pdas.bridgeConfig, remote: remoteKey, outbound: this.pdas.outbound(nonce), mint: config.calMint,
      userToken: this.ata(user), tokenProgram: TOKEN_PROGRAM_ID, systemProgram: SystemProgram.programId,
    }).rpc());
    const found = await this.#outbound(nonce);
    if (!found || "rejected" in found) throw new Error(`send ${sent.id}: outbound message ${nonce} does not re-derive`);
    const m = found.message;
    if (m.dstDomain !== dstDomain || m.recipient !== to || m.amount !== amount || m.sender !== universalFromBytes(user.toBytes())) {
      throw new Error(`send ${sent.id}: outbound message ${nonce} does not carry what was sent`);
    }
    return { message: m, messageId: found.messageId, nonce, id: sent.id, ...(sent.cost === undefined ? {} : { cost: sent.cost }) };
  }

  /**
   * A message's state, read from this (source) chain, the validators and the destination: `delivered` when the
   * destination recorded it; otherwise `sent` / `signed` with the number of validators' signatures that recover
   * (locally) to the destination's set; with a threshold reached, an `EvmBridgeClient` destination simulates the
   * delivery and a refusal reports `failed` with its decoded reason. `failed` also when no outbound message of
   * this id exists on Solana, or it is for another domain.
   *
   * @example
   * ```ts
   * const s = await bridge.status({ messageId, validators: urls, destination: tonDestination });
   * console.log(`${s.state} ${s.signatures}/${s.validators}`);
   * ```
   */
  async status({ messageId, validators, destination }: SolanaBridgeStatusParameters): Promise<BridgeStatusReturnType> {
    const dst = await EvmBridgeClient.destinationView(destination);
    const found = await this.findMessage({ messageId });
    return bridgeMessageStatus({ messageId, sourceDomain: await this.domain(), found, validators, destination: dst, ...this.#timeout() });
  }

  /**
   * Delivers a message sent from Solana on its destination yourself, without a relayer: a threshold of locally
   * verified signatures of the destination's set, ascending (`BridgeBelowThreshold` before sending when there are
   * too few; `BridgeWrongDestination` for a message to another domain). An `EvmBridgeClient` destination delivers
   * with its own wallet and reports the gas; a `DestinationChain` delivers with its own sender.
   *
   * @example
   * ```ts
   * const { id, signers } = await bridge.selfRelay({ messageId, validators: urls, destination: tonDestination });
   * ```
   */
  async selfRelay({ messageId, validators, destination }: SolanaSelfRelayParameters): Promise<SolanaSelfRelayReturnType> {
    const found = await this.findMessage({ messageId });
    if (!found) throw new Error(`no outbound message ${messageId} on the Solana bridge`);
    return selfRelayMessage({ messageId, found, validators, destination: await EvmBridgeClient.destinationView(destination), ...this.#timeout() });
  }

  /**
   * The outbound message of `messageId`, re-derived from its `OutboundMessage` account (newest nonces first), or
   * null when the bridge holds none with that id.
   *
   * @example
   * ```ts
   * const found = await bridge.findMessage({ messageId }); // { message, encoded } | null
   * ```
   */
  async findMessage({ messageId }: { readonly messageId: Hex }): Promise<FoundMessage | null> {
    checkMessageId(messageId);
    const connection = this.params.provider.connection;
    const config = await this.programs.bridge.account.bridgeConfig.fetch(this.pdas.bridgeConfig, "confirmed");
    const wanted = messageId.toLowerCase();
    for (let high = fromBN(config.outboundNonce); high >= 1n; high -= BigInt(OUTBOUND_PAGE)) {
      const nonces: bigint[] = [];
      for (let n = high; n >= 1n && n > high - BigInt(OUTBOUND_PAGE); n--) nonces.push(n);
      const infos = await connection.getMultipleAccountsInfo(nonces.map((n) => this.pdas.outbound(n)), "confirmed");
      for (const [i, info] of infos.entries()) {
        if (!info) continue;
        const derived = deriveSolanaMessage(nonces[i]!, info, { programId: this.programs.bridge.programId, decode: solanaOutboundDecoder() });
        if (!("rejected" in derived) && derived.messageId.toLowerCase() === wanted) return { message: derived.message, encoded: derived.encoded };
      }
    }
    return null;
  }

  /**
   * This bridge as a relayer destination (the bridge package's `SolanaDestination`), e.g. to follow or self-relay
   * a message sent to Solana from another chain's client. `payer` pays the replay marker and a recipient's missing
   * token account (default: the provider's wallet keypair, when it exposes one).
   *
   * @example
   * ```ts
   * const s = await spoke.status({ messageId, validators: urls, destination: solanaBridge.asDestination() });
   * ```
   */
  asDestination({ payer, now }: { readonly payer?: Signer; readonly now?: () => Promise<bigint> | bigint } = {}): DestinationChain {
    const signer = payer ?? (this.params.provider.wallet as { payer?: Keypair }).payer;
    if (!signer) throw new RangeError("a Solana destination needs a payer keypair (the provider's wallet exposes none)");
    return new SolanaDestination({
      connection: this.params.provider.connection, programId: this.programs.bridge.programId, payer: signer, ...(now ? { now } : {}),
    });
  }

  async #outbound(nonce: bigint) {
    const info = await this.params.provider.connection.getAccountInfo(this.pdas.outbound(nonce), "confirmed");
    return info ? deriveSolanaMessage(nonce, info, { programId: this.programs.bridge.programId, decode: solanaOutboundDecoder() }) : null;
  }

  #timeout(): { httpTimeoutMs?: number } {
    return this.#httpTimeoutMs === undefined ? {} : { httpTimeoutMs: this.#httpTimeoutMs };
  }
}

function hexBytes(hex: Hex | UniversalAddress): Uint8Array {
  return Uint8Array.from(Buffer.from(hex.slice(2), "hex"));
}
