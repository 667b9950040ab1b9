/**
 * The bridge on Solana (DESIGN §8), over the `calctra_bridge` Anchor program (programs-solana/programs/bridge), as one
 * module for the user and the services alike:
 * - {@link SolanaBridgeClient}: a wallet sends CAL to another domain (burn), reads a message's status (sent, signed
 *   k/M, delivered, failed: why) and delivers it itself;
 * - {@link SolanaSource} and {@link SolanaDestination}: Solana as a source and a destination of the validators and
 *   the relayer (the `SourceChain` / `DestinationChain` of `@calctra/sdk/bridge`);
 * - {@link receiveSolanaBridgeMessage}: delivering one signed message to Solana.
 *
 * They share one implementation of each step: the replay-marker check (`isDelivered`), the outbound-message read and
 * re-derivation, and the delivery (the `receive_message` instruction, simulated, then sent and confirmed). Everything
 * works over any `@solana/web3.js` `Connection`: a JSON-RPC node or the native test host. Accounts and instructions
 * are encoded with the IDL generated from the program build (`generated/idls.ts`), never by hand.
 */
import { BorshCoder, Program, utils } from "@coral-xyz/anchor";
import { convertIdlToCamelCase } from "@coral-xyz/anchor/dist/cjs/idl.js";
import {
  ComputeBudgetProgram,
  Keypair,
  PublicKey,
  SYSVAR_CLOCK_PUBKEY,
  SystemProgram,
  Transaction,
  VersionedTransaction,
  type AccountInfo,
  type Commitment,
  type Connection,
  type Signer,
  type TransactionError,
  type TransactionInstruction,
} from "@solana/web3.js";
import { ASSOCIATED_TOKEN_PROGRAM_ID, TOKEN_PROGRAM_ID, getAssociatedTokenAddressSync } from "@solana/spl-token";
import type { AnchorProvider } from "@coral-xyz/anchor";
import { keccak_256 } from "@noble/hashes/sha3";
import { sha256 } from "@noble/hashes/sha2";
import { encodeAbiParameters, toHex, type Address as EvmAddress, type Hex } from "viem";
import { BRIDGE_MESSAGE_VERSION, DOMAINS, bridgeDigest, bridgeMessageId, encodeBridgeMessage, universalFromBytes } from "@calctra/core";
import {
  GOVERNANCE_MESSAGE_HEADER_LENGTH,
  GOVERNANCE_MESSAGE_KINDS,
  GOVERNANCE_MESSAGE_VERSION,
  MAX_GOVERNANCE_MESSAGE_LENGTH,
} from "@calctra/core";
import type {
  BridgeClient,
  BridgeTransferParameters,
  BridgeTransferReturnType,
  SimulateReturnType,
  TransactionReceiptSummary,
} from "@calctra/core";
import { CalctraError, isCalctraErrorName, isEvmDomain, isGovernanceMessage } from "@calctra/core";
import type { AnyBridgeMessage, BridgeMessage, Domain, UniversalAddress } from "@calctra/core";
import { BRIDGE_MESSAGE_BYTES, rederiveStoredMessage } from "../bridge/stored.js";
import type {
  DeliveryResult,
  DestinationChain,
  ObservedMessage,
  ScanResult,
  SignedMessage,
  SourceChain,
  ValidatorSetView,
} from "../bridge/types.js";
import {
  bridgeMessageStatus,
  bridgeRecipient,
  checkMessageId,
  checkTransfer,
  selfRelayMessage,
  type FoundMessage,
} from "../bridge/delivery.js";
import { EvmBridgeClient, type BridgeStatusParameters, type BridgeStatusReturnType, type SelfRelayReturnType } from "../evm/bridge.js";
import { SolanaContractClient, fromBN, toBN, type SolanaClientParameters, type SolanaWrite } from "./clients.js";
import { decodeSolanaError, solanaProgramError } from "./errors.js";
import { calctraBridgeIdl, type CalctraBridgeIdl } from "./generated/idls.js";
import { SOLANA_DELIVERED_CHUNK_BITS, solanaPdas, solanaProgramIds } from "./programs.js";
import type { SolanaPreparedTransaction } from "./send.js";

const SIGNATURE_BYTES = 65;
/** Largest serialized transaction Solana accepts (bytes). */
export const SOLANA_TRANSACTION_LIMIT = 1232;
/** Compute units the runtime grants an instruction when no limit is requested. */
const DEFAULT_UNITS_PER_INSTRUCTION = 200_000;
const MAX_UNITS_PER_TRANSACTION = 1_400_000;
/**
 * A generous SBF estimate of one `receive_message`: `secp256k1_recover` costs 25 000 units per signature;
 * the rest (keccak, replay-marker creation, ATA creation, mint CPI) stays well below 60 000.
 */
const estimatedUnits = (signatures: number) => 60_000 + 27_000 * signatures;
/**
 * Compute units of one `receive_governance_message`: the checks of a token delivery plus the CPI into the
 * governance program, which decodes the payload and creates its record (an action list of up to 8 actions).
 */
const GOVERNANCE_DELIVERY_UNITS = 600_000;
/** Compute units a delivery is given: by its version byte and its signature count. */
const deliveryUnits = (d: Delivery) =>
  d.bytes[0] === GOVERNANCE_MESSAGE_VERSION ? GOVERNANCE_DELIVERY_UNITS : estimatedUnits(d.signatures.length);
/** Outbound accounts read per RPC request. */
const OUTBOUND_PAGE = 100;

const bytesOf = (hex: Hex) => Buffer.from(hex.slice(2), "hex");
const evmHex = (a: number[] | Uint8Array): EvmAddress => `0x${Buffer.from(a).toString("hex")}`;

// ---------------------------------------------------------------------------------------------
// Addresses and digests.

/**
 * The 32-byte universal address of a Solana account: its public key. A recipient on Solana is the owner's
 * wallet (the bridge mints to the owner's CAL associated token account and creates it if missing) — never the
 * token account itself, whose own "associated token account" nobody could spend from.
 *
 * @example
 * ```ts
 * const recipient = solanaUniversalAddress(wallet.publicKey); // "0x…" (64 hex digits)
 * ```
 */
export function solanaUniversalAddress(pubkey: PublicKey): UniversalAddress {
  return `0x${Buffer.from(pubkey.toBytes()).toString("hex")}`;
}

/**
 * The Solana public key a universal address names (inverse of {@link solanaUniversalAddress}).
 *
 * @example
 * ```ts
 * solanaPublicKey(solanaUniversalAddress(key)).equals(key); // true
 * ```
 */
export function solanaPublicKey(universal: Hex): PublicKey {
  if (!/^0x[0-9a-fA-F]{64}$/.test(universal)) throw new RangeError(`not a 32-byte universal address: ${universal}`);
  return new PublicKey(bytesOf(universal));
}

/**
 * A Solana key from its secret as a config holds it (e.g. read from an environment variable): the JSON array of
 * 64 bytes that `solana-keygen` writes, or the same 64 bytes in base58 (wallet export format).
 *
 * @example
 * ```ts
 * const payer = solanaKeypairFromSecret(process.env.RELAYER_SOLANA_KEY!);
 * ```
 */
export function solanaKeypairFromSecret(secret: string): Keypair {
  const text = secret.trim();
  let bytes: Uint8Array;
  if (text.startsWith("[")) {
    const parsed: unknown = JSON.parse(text);
    if (!Array.isArray(parsed) || !parsed.every((b) => Number.isInteger(b) && b >= 0 && b <= 255))
      throw new RangeError("a Solana secret key array holds bytes");
    bytes = Uint8Array.from(parsed as number[]);
  } else {
    bytes = utils.bytes.bs58.decode(text);
  }
  if (bytes.length !== 64) throw new RangeError(`a Solana secret key has 64 bytes, got ${bytes.length}`);
  return Keypair.fromSecretKey(bytes);
}

/**
 * The universal address validators sign as `dstBridge` for Solana: the bridge program id.
 *
 * @example
 * ```ts
 * const digest = bridgeDigest({ dstDomain: DOMAINS.solana, dstBridge: solanaBridgeAddress(), messageId });
 * ```
 */
export function solanaBridgeAddress(): UniversalAddress {
  return solanaUniversalAddress(solanaProgramIds().bridge);
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

/**
 * `keccak256(abi.encode(address[] validators, uint16 threshold))`: the set hash the program records.
 *
 * @example
 * ```ts
 * solanaSetHash(["0x70997970c51812dc3a010c7d01b50e0d17dc79c8"], 1);
 * ```
 */
export function solanaSetHash(validators: readonly EvmAddress[], threshold: number): Hex {
  return toHex(keccak_256(bytesOf(encodeAbiParameters([{ type: "address[]" }, { type: "uint16" }], [validators, threshold]))));
}

/**
 * PDAs of the bridge program deployed at `programId`: the SDK's seeds (`solanaPdas`, generated from the IDLs) under
 * that program id.
 *
 * @example
 * ```ts
 * const chunk = solanaBridgePdas(programId).delivered(message.srcDomain, message.nonce);
 * ```
 */
export function solanaBridgePdas(programId: PublicKey) {
  const pdas = solanaPdas({ ...solanaProgramIds(), bridge: programId });
  return {
    config: pdas.bridgeConfig,
    mintAuthority: pdas.bridgeMintAuthority,
    /** `["remote", domain u32 be]` */
    remote: (domain: number) => pdas.remoteDomain(domain),
    /** The replay chunk `["delivered", srcDomain u32 be, nonce / 1024 u64 be]` */
    delivered: (srcDomain: number, nonce: bigint) => pdas.delivered(srcDomain, nonce),
    /** `["outbound", nonce u64 le]` */
    outbound: (nonce: bigint) => pdas.outbound(nonce),
  };
}

// ---------------------------------------------------------------------------------------------
// Outbound messages: one decoder, one re-derivation.

type BridgeProgram = Program<CalctraBridgeIdl>;
/** The account types of the bridge as the IDL coder decodes them. */
type BridgeConfigAccount = Awaited<ReturnType<BridgeProgram["account"]["bridgeConfig"]["fetch"]>>;
type OutboundAccount = Awaited<ReturnType<BridgeProgram["account"]["outboundMessage"]["fetch"]>>;

/** The IDL coder (camelCase, as `Program` uses it): accounts are decoded with their discriminator checked. */
const coder = new BorshCoder(convertIdlToCamelCase(calctraBridgeIdl as unknown as CalctraBridgeIdl));

/** How {@link deriveSolanaMessage} checks and decodes an account. */
export interface DeriveSolanaMessageOptions {
  readonly programId: PublicKey;
  /** The IDL decoder of `OutboundMessage` (checks the account discriminator). */
  readonly decode: (data: Buffer) => OutboundAccount;
}

/**
 * Re-derives the outbound message stored in the account of `nonce`, or names it rejected (by the keccak of its
 * message bytes, or of the account data when they cannot be read): owned by the bridge, an `OutboundMessage`, its
 * nonce field and the message's nonce equal to `nonce`, source domain Solana, version 1, and the 89 bytes re-encoded
 * with the SDK codec equal to the stored bytes and hashing to the stored `message_id`.
 *
 * @example
 * ```ts
 * const observed = deriveSolanaMessage(1n, accountInfo, { programId, decode: solanaOutboundDecoder() });
 * if ("rejected" in observed) console.warn("not signed", observed.rejected);
 * ```
 */
export function deriveSolanaMessage(
  nonce: bigint,
  info: AccountInfo<Buffer>,
  o: DeriveSolanaMessageOptions,
): ObservedMessage<AnyBridgeMessage> | { rejected: Hex } {
  let account: OutboundAccount;
  try {
    if (!info.owner.equals(o.programId)) throw new Error("foreign owner");
    account = o.decode(info.data);
  } catch {
    return { rejected: toHex(keccak_256(info.data)) };
  }
  const bytes = Uint8Array.from(account.message);
  if (BigInt(account.nonce.toString()) !== nonce) return { rejected: toHex(keccak_256(bytes)) };
  return rederiveStoredMessage({ bytes, nonce, srcDomain: DOMAINS.solana, storedId: toHex(Uint8Array.from(account.messageId)) });
}

/**
 * The IDL decoder of `OutboundMessage` accounts for {@link deriveSolanaMessage} (checks the discriminator).
 *
 * @example
 * ```ts
 * const decode = solanaOutboundDecoder();
 * decode(accountInfo.data).nonce.toString();
 * ```
 */
export function solanaOutboundDecoder(): (data: Buffer) => OutboundAccount {
  return (data) => coder.accounts.decode<OutboundAccount>("outboundMessage", data);
}

// ---------------------------------------------------------------------------------------------
// The bridge program as every party reads and addresses it.

/** What Solana sources and destinations are built from. */
export interface SolanaBridgeParameters {
  readonly connection: Connection;
  /** The bridge program (default: the id the IDL carries, i.e. the program's `declare_id!`). */
  readonly programId?: PublicKey;
}

/** A message to deliver: its id, its 89 bytes and the r|s|v signatures, ascending by signer. */
/** Anchor's account discriminator of the bridge's `DeliveredChunk`: sha256("account:DeliveredChunk")[0..8]. */
const DELIVERED_CHUNK_DISCRIMINATOR = Buffer.from(sha256(new TextEncoder().encode("account:DeliveredChunk")).subarray(0, 8));

/** What the Solana bridge marks delivered: a message's source domain and nonce (any `BridgeMessage` is one). */
export interface DeliveredOrigin {
  readonly srcDomain: number;
  readonly nonce: bigint;
}

interface Delivery {
  readonly messageId: Hex;
  readonly bytes: Uint8Array;
  readonly signatures: readonly Uint8Array[];
}

/**
 * The bridge program at one id over one connection, shared by the client, the source and the destination: PDAs,
 * the config, the replay marker, the outbound records and the two instructions a user and a relayer send.
 */
class SolanaBridgeProgram {
  readonly program: BridgeProgram;
  readonly programId: PublicKey;
  readonly pdas: ReturnType<typeof solanaBridgePdas>;
  readonly #decode = solanaOutboundDecoder();

  constructor(
    readonly connection: Connection,
    programId?: PublicKey,
  ) {
    const idl = { ...(calctraBridgeIdl as unknown as CalctraBridgeIdl) };
    if (programId) idl.address = programId.toBase58() as CalctraBridgeIdl["address"];
    // A read-only provider is enough: instructions are built here and signed by whoever sends them.
    this.program = new Program<CalctraBridgeIdl>(idl, { connection });
    this.programId = this.program.programId;
    this.pdas = solanaBridgePdas(this.programId);
  }

  /** The config account and the slot it was read at. */
  async config(commitment: Commitment): Promise<{ readonly config: BridgeConfigAccount; readonly slot: number } | null> {
    const read = await this.connection.getAccountInfoAndContext(this.pdas.config, commitment);
    if (!read.value) return null;
    return { config: coder.accounts.decode<BridgeConfigAccount>("bridgeConfig", read.value.data), slot: read.context.slot };
  }

  async requireConfig(commitment: Commitment): Promise<BridgeConfigAccount> {
    const read = await this.config(commitment);
    if (!read) throw new Error(`no Solana bridge config at ${this.pdas.config.toBase58()} (program ${this.programId.toBase58()})`);
    return read.config;
  }

  /**
   * True once the bridge marked `(srcDomain, nonce)` delivered: its bit in the replay chunk
   * `["delivered", srcDomain u32 be, nonce / 1024 u64 be]` (owned by the bridge) is set.
   */
  async isDelivered(origin: DeliveredOrigin, commitment: Commitment): Promise<boolean> {
    const info = await this.connection.getAccountInfo(this.pdas.delivered(origin.srcDomain, origin.nonce), commitment);
    if (info === null || !info.owner.equals(this.programId)) return false;
    // DeliveredChunk (read by hand: no instruction names it, so the IDL does not carry it):
    // discriminator (8) | src_domain u32 le | chunk u64 le | bits [u8; 128] | bump u8
    const data = Buffer.from(info.data);
    if (data.length < 8 + 4 + 8 + 128 || !data.subarray(0, 8).equals(DELIVERED_CHUNK_DISCRIMINATOR)) return false;
    if (data.readUInt32LE(8) !== origin.srcDomain || data.readBigUInt64LE(12) !== origin.nonce / SOLANA_DELIVERED_CHUNK_BITS) return false;
    const bit = Number(origin.nonce % SOLANA_DELIVERED_CHUNK_BITS);
    return ((data[20 + (bit >> 3)] ?? 0) & (1 << (bit & 7))) !== 0;
  }

  /**
   * The outbound records of `nonces`, each re-derived ({@link deriveSolanaMessage}); null where no account exists.
   * `minContextSlot`: never older than that slot (e.g. the config read that announced the nonces).
   */
  async outbound(
    nonces: readonly bigint[],
    commitment: Commitment,
    minContextSlot?: number,
  ): Promise<(ObservedMessage<AnyBridgeMessage> | { rejected: Hex } | null)[]> {
    const out: (ObservedMessage<AnyBridgeMessage> | { rejected: Hex } | null)[] = [];
    for (let i = 0; i < nonces.length; i += OUTBOUND_PAGE) {
      const page = nonces.slice(i, i + OUTBOUND_PAGE);
      const read = await this.connection.getMultipleAccountsInfoAndContext(
        page.map((n) => this.pdas.outbound(n)),
        {
          commitment,
          ...(minContextSlot === undefined ? {} : { minContextSlot }),
        },
      );
      for (const [j, info] of read.value.entries()) {
        out.push(info ? deriveSolanaMessage(page[j]!, info, { programId: this.programId, decode: this.#decode }) : null);
      }
    }
    return out;
  }

  /** The sets the bridge accepts at `now`: the current one (checked against its recorded hash) and the retained previous one. */
  async validatorSet(commitment: Commitment, now: bigint): Promise<ValidatorSetView> {
    const c = await this.requireConfig(commitment);
    const validators = c.validators.map(evmHex);
    if (solanaSetHash(validators, c.threshold) !== toHex(Uint8Array.from(c.setHash))) {
      throw new Error("Solana bridge: the validator set in its config does not match its recorded set hash");
    }
    let previous: ValidatorSetView["previous"];
    if (BigInt(c.setId.toString()) > 1n && now < BigInt(c.previousValidUntil.toString()) && c.previousValidators.length > 0) {
      previous = { validators: c.previousValidators.map(evmHex), threshold: c.previousThreshold };
    }
    return { validators, threshold: c.threshold, previous };
  }

  /**
   * The delivery instruction of a message (signatures in the given, ascending order), paid by `relayer`:
   * `receive_message` for a token message, `receive_governance_message` for a version-2 message.
   */
  async receiveInstruction(relayer: PublicKey, d: Delivery, mint: PublicKey): Promise<TransactionInstruction> {
    if (d.bytes[0] === GOVERNANCE_MESSAGE_VERSION) return this.receiveGovernanceInstruction(relayer, d);
    if (d.bytes.length !== BRIDGE_MESSAGE_BYTES)
      throw new RangeError(`a bridge message has ${BRIDGE_MESSAGE_BYTES} bytes, got ${d.bytes.length}`);
    for (const s of d.signatures)
      if (s.length !== SIGNATURE_BYTES) throw new RangeError(`a validator signature has ${SIGNATURE_BYTES} bytes`);
    const message = Buffer.from(d.bytes);
    const recipient = new PublicKey(message.subarray(49, 81));
    return this.program.methods
      .receiveMessage(
        Array.from(message),
        d.signatures.map((s) => Array.from(s)),
      )
      .accountsStrict({
        relayer,
        config: this.pdas.config,
        remote: this.pdas.remote(message.readUInt32BE(1)),
        delivered: this.pdas.delivered(message.readUInt32BE(1), message.readBigUInt64BE(9)),
        mint,
        mintAuthority: this.pdas.mintAuthority,
        recipient,
        recipientToken: getAssociatedTokenAddressSync(mint, recipient, true),
        tokenProgram: TOKEN_PROGRAM_ID,
        associatedTokenProgram: ASSOCIATED_TOKEN_PROGRAM_ID,
        systemProgram: SystemProgram.programId,
      })
      .instruction();
  }

  /**
   * The `receive_governance_message` instruction of a version-2 message: the bridge checks it as a token message
   * and hands it to the governance program, whose config and the record the message creates (a proposal or an
   * action list) follow as remaining accounts.
   */
  async receiveGovernanceInstruction(relayer: PublicKey, d: Delivery): Promise<TransactionInstruction> {
    const bytes = Buffer.from(d.bytes);
    if (bytes.length < GOVERNANCE_MESSAGE_HEADER_LENGTH || bytes.length > MAX_GOVERNANCE_MESSAGE_LENGTH)
      throw new CalctraError("BridgeInvalidMessage", { length: bytes.length });
    for (const s of d.signatures)
      if (s.length !== SIGNATURE_BYTES) throw new RangeError(`a validator signature has ${SIGNATURE_BYTES} bytes`);
    const ids = solanaProgramIds();
    const governance = solanaPdas({ ...ids, bridge: this.programId });
    const srcDomain = bytes.readUInt32BE(1);
    return this.program.methods
      .receiveGovernanceMessage(
        bytes,
        d.signatures.map((s) => Array.from(s)),
      )
      .accountsPartial({
        relayer,
        config: this.pdas.config,
        remote: this.pdas.remote(srcDomain),
        delivered: this.pdas.delivered(srcDomain, bytes.readBigUInt64BE(9)),
        governanceProgram: ids.governance,
      })
      .remainingAccounts([
        { pubkey: governance.governance, isSigner: false, isWritable: true },
        { pubkey: governanceRecord(bytes, governance), isSigner: false, isWritable: true },
      ])
      .instruction();
  }
}

// ---------------------------------------------------------------------------------------------
// Delivery: one path for the relayer's destination and receiveSolanaBridgeMessage.

/** Whoever pays and signs a delivery: a keypair, or a wallet (an Anchor provider's, a wallet adapter) that signs. */
export type SolanaDeliveryPayer =
  | Signer
  | {
      readonly publicKey: PublicKey;
      signTransaction<T extends VersionedTransaction>(transaction: T): Promise<T>;
    };

/** A delivery the Solana bridge refused (in simulation or on chain), named canonically (e.g. `BridgeBelowThreshold`). */
export class SolanaDeliveryError extends Error {
  constructor(
    /** Canonical error name, the program's error name, Anchor's name (e.g. `ConstraintSeeds`), or `Custom<N>`. */
    readonly errorName: string,
    /** The custom program error code, when there is one. */
    readonly code: number | undefined,
    readonly messageId: Hex,
    /** The compared values Anchor logged with the error (e.g. signatures given and threshold), as text. */
    readonly values: readonly string[],
    /** Program logs of the refused transaction. */
    readonly logs: readonly string[],
  ) {
    super(`${errorName}(${[messageId, ...values].join(", ")})${code !== undefined ? ` [code ${code}]` : ""}`);
    this.name = "SolanaDeliveryError";
  }
}

/** The `InstructionError` of a transaction error: the failing instruction's index and its custom code. */
function instructionError(err: TransactionError | null | undefined): { index: number; code: number | undefined; raw: string } | null {
  if (!err) return null;
  const raw = JSON.stringify(err);
  if (typeof err === "object" && err !== null && "InstructionError" in err) {
    const [index, inner] = (err as { InstructionError: [number, unknown] }).InstructionError;
    const code =
      typeof inner === "object" && inner !== null && "Custom" in inner ? Number((inner as { Custom: number }).Custom) : undefined;
    return { index, code, raw };
  }
  return { index: -1, code: undefined, raw };
}

/**
 * Names a refusal: canonical name (SDK decoder), else the program's IDL name, else Anchor's logged name.
 *
 * @example
 * ```ts
 * solanaErrorName(6408, []); // "BridgeBelowThreshold"
 * ```
 */
export function solanaErrorName(code: number | undefined, logs: readonly string[], raw = ""): string {
  if (code !== undefined) {
    const canonical = decodeSolanaError({ code });
    if (canonical) return canonical.name;
    const known = solanaProgramError(code);
    if (known) return known.name;
  }
  for (const line of logs) {
    const m = /Error Code: (\w+)\./.exec(line);
    if (m) return m[1]!;
  }
  if (code !== undefined) return `Custom${code}`;
  return raw || "UnknownSolanaError";
}

/** Anchor's compared values (`Left: … Right: …` lines after an `AnchorError`). */
function loggedValues(logs: readonly string[]): string[] {
  const out: string[] = [];
  const at = logs.findIndex((l) => l.includes("AnchorError"));
  if (at < 0) return out;
  for (const line of logs.slice(at + 1)) {
    const m = /^Program log: (?:Left|Right):?\s*(.*)$/.exec(line);
    if (m) out.push(m[1]!.trim());
    else if (/^Program log: (Left|Right)$/.test(line)) continue;
    else if (!line.startsWith("Program log:")) break;
  }
  return out;
}

/** Figures of the last transaction {@link SolanaDestination.deliver} sent. */
export interface SolanaDeliveryReceipt {
  readonly signature: string;
  readonly messages: readonly Hex[];
  /** Compute units the pre-submission simulation reported (on the in-process host: native execution, not SBF). */
  readonly simulatedUnits: number | undefined;
  /** Compute units and fee the confirmed transaction's metadata reports, when the node returns it. */
  readonly computeUnits: number | undefined;
  readonly feeLamports: number | undefined;
}

/** How one delivery transaction is built and sent. */
interface DeliveryOptions {
  readonly bridge: SolanaBridgeProgram;
  readonly payer: SolanaDeliveryPayer;
  readonly commitment: Commitment;
  readonly priorityMicroLamports?: number | undefined;
}

/** The delivery transaction of `instructions` (compute-budget instructions first when needed), unsigned. */
function deliveryTransaction(
  o: DeliveryOptions,
  instructions: readonly TransactionInstruction[],
  deliveries: readonly Delivery[],
  blockhash: string,
) {
  const tx = new Transaction({ feePayer: o.payer.publicKey, recentBlockhash: blockhash });
  let offset = 0;
  const units = deliveries.reduce((a, d) => a + deliveryUnits(d), 0);
  if (units > DEFAULT_UNITS_PER_INSTRUCTION * instructions.length) {
    tx.add(ComputeBudgetProgram.setComputeUnitLimit({ units: Math.min(MAX_UNITS_PER_TRANSACTION, units) }));
    offset++;
  }
  if (o.priorityMicroLamports) {
    tx.add(ComputeBudgetProgram.setComputeUnitPrice({ microLamports: o.priorityMicroLamports }));
    offset++;
  }
  tx.add(...instructions);
  return { tx, offset };
}

/**
 * Delivers `group` in one transaction: simulated first (a refusal throws a {@link SolanaDeliveryError} naming the
 * refusing message, and nothing is sent), then signed by the payer, sent and confirmed.
 */
async function sendDelivery(o: DeliveryOptions, group: readonly Delivery[], mint: PublicKey): Promise<SolanaDeliveryReceipt> {
  const { connection } = o.bridge;
  const instructions = await Promise.all(group.map((d) => o.bridge.receiveInstruction(o.payer.publicKey, d, mint)));
  const { blockhash, lastValidBlockHeight } = await connection.getLatestBlockhash(o.commitment);
  const { tx, offset } = deliveryTransaction(o, instructions, group, blockhash);
  if (serializedSize(tx) > SOLANA_TRANSACTION_LIMIT) {
    const d = group[group.length - 1]!;
    throw new RangeError(
      `message ${d.messageId} (${d.bytes.length} bytes) with ${d.signatures.length} signatures does not fit in one Solana transaction`,
    );
  }
  // A VersionedTransaction over the legacy message (same wire bytes): web3.js simulates it as given, whereas a
  // legacy `Transaction` would get a cached blockhash swapped in.
  let vtx = new VersionedTransaction(tx.compileMessage());
  if ("secretKey" in o.payer) vtx.sign([o.payer]);
  else vtx = await o.payer.signTransaction(vtx);
  const refusal = (err: TransactionError | null | undefined, logs: readonly string[]) => {
    const e = instructionError(err);
    const at = e ? e.index - offset : -1;
    const d = group[at >= 0 && at < group.length ? at : 0]!;
    return new SolanaDeliveryError(solanaErrorName(e?.code, logs, e?.raw), e?.code, d.messageId, loggedValues(logs), logs);
  };
  const sim = await connection.simulateTransaction(vtx, { sigVerify: true, replaceRecentBlockhash: false, commitment: o.commitment });
  if (sim.value.err) throw refusal(sim.value.err, sim.value.logs ?? []);
  const signature = await connection.sendRawTransaction(vtx.serialize(), { skipPreflight: true });
  const confirmation = await connection.confirmTransaction({ signature, blockhash, lastValidBlockHeight }, o.commitment);
  let computeUnits: number | undefined;
  let feeLamports: number | undefined;
  let logs: readonly string[] = [];
  try {
    const t = await connection.getTransaction(signature, {
      commitment: o.commitment === "finalized" ? "finalized" : "confirmed",
      maxSupportedTransactionVersion: 0,
    });
    computeUnits = t?.meta?.computeUnitsConsumed ?? undefined;
    feeLamports = t?.meta?.fee ?? undefined;
    logs = t?.meta?.logMessages ?? [];
  } catch {
    // a node without transaction history: the figures stay unknown
  }
  if (confirmation.value.err) throw refusal(confirmation.value.err, logs);
  return { signature, messages: group.map((d) => d.messageId), simulatedUnits: sim.value.unitsConsumed, computeUnits, feeLamports };
}

const serializedSize = (tx: Transaction): number => {
  try {
    return tx.serialize({ requireAllSignatures: false, verifySignatures: false }).length;
  } catch {
    return Number.POSITIVE_INFINITY; // web3.js refuses to serialize beyond the limit
  }
};

/** Parameters of {@link receiveSolanaBridgeMessage}. */
export interface ReceiveSolanaBridgeMessageParameters {
  /** The relayer: its wallet signs and pays the replay marker and the recipient's token account if missing. */
  readonly provider: AnchorProvider;
  readonly message: BridgeMessage;
  /** 65-byte r|s|v signatures (low-s), signers strictly ascending. */
  readonly signatures: readonly Uint8Array[];
}

/**
 * Delivers one bridge message to Solana (`receive_message`), by the same path as {@link SolanaDestination}
 * (simulated, then sent); refusals come back as CalctraError (`BridgeMessageAlreadyDelivered`,
 * `BridgeBelowThreshold`, `BridgeUnknownDomain`, ...), other failures as {@link SolanaDeliveryError}.
 *
 * @example
 * ```ts
 * const { id, cost } = await receiveSolanaBridgeMessage({ provider, message, signatures });
 * ```
 */
export async function receiveSolanaBridgeMessage({
  provider,
  message,
  signatures,
}: ReceiveSolanaBridgeMessageParameters): Promise<TransactionReceiptSummary> {
  return deliverOne(provider, { messageId: toHex(bridgeMessageId(message)), bytes: encodeBridgeMessage(message), signatures });
}

/** One delivery by a provider's wallet, by the destination's path; refusals with a canonical name as CalctraError. */
async function deliverOne(provider: AnchorProvider, delivery: Delivery): Promise<TransactionReceiptSummary> {
  const bridge = new SolanaBridgeProgram(provider.connection);
  const o: DeliveryOptions = { bridge, payer: provider.wallet, commitment: provider.opts.commitment ?? "confirmed" };
  try {
    const r = await sendDelivery(o, [delivery], (await bridge.requireConfig(o.commitment)).calMint);
    return r.computeUnits === undefined ? { id: r.signature } : { id: r.signature, cost: BigInt(r.computeUnits) };
  } catch (e) {
    if (e instanceof SolanaDeliveryError && isCalctraErrorName(e.errorName)) {
      throw new CalctraError(e.errorName, e.code === undefined ? {} : { code: e.code }, "solana", e);
    }
    throw e;
  }
}

/** Parameters of {@link receiveSolanaGovernanceMessage}. */
export interface ReceiveSolanaGovernanceMessageParameters {
  /** The relayer's provider (pays the replay chunk and the governance record). */
  readonly provider: AnchorProvider;
  /** The encoded version-2 message (at most 1024 bytes; what fits one Solana transaction with its signatures). */
  readonly message: Uint8Array;
  /** r|s|v signatures over the Solana digest, ascending by signer. */
  readonly signatures: readonly Uint8Array[];
}

/**
 * The governance record a version-2 message to Solana creates: the proposal record of a `ProposalOpened`, the
 * action list of a `GovernanceActions` (the governance config for any other kind, which governance refuses).
 */
function governanceRecord(message: Uint8Array, pdas: ReturnType<typeof solanaPdas>): PublicKey {
  const kind = message[GOVERNANCE_MESSAGE_HEADER_LENGTH - 1];
  const payload = Buffer.from(message.subarray(GOVERNANCE_MESSAGE_HEADER_LENGTH));
  if (kind === GOVERNANCE_MESSAGE_KINDS.ProposalOpened && payload.length >= 32)
    return pdas.proposal(BigInt(`0x${payload.subarray(0, 32).toString("hex")}`));
  if (kind === GOVERNANCE_MESSAGE_KINDS.GovernanceActions && payload.length >= 8) return pdas.actionList(payload.readBigUInt64BE(0));
  return pdas.governance;
}

/**
 * Delivers a version-2 (governance) message to the Solana bridge (`receive_governance_message`): the bridge checks
 * the signatures as for token messages, marks `(srcDomain, nonce)` delivered and hands the message to the governance
 * program, which records a `ProposalOpened` or a `GovernanceActions` list. Refusals throw their canonical name
 * (`BridgeBelowThreshold`, `BridgeMessageAlreadyDelivered`, `GovernanceNotHub`, …).
 *
 * @example
 * ```ts
 * await receiveSolanaGovernanceMessage({ provider, message: encodeGovernanceMessage(m), signatures });
 * ```
 */
export async function receiveSolanaGovernanceMessage({
  provider,
  message,
  signatures,
}: ReceiveSolanaGovernanceMessageParameters): Promise<TransactionReceiptSummary> {
  if (
    message.length < GOVERNANCE_MESSAGE_HEADER_LENGTH ||
    message.length > MAX_GOVERNANCE_MESSAGE_LENGTH ||
    message[0] !== GOVERNANCE_MESSAGE_VERSION
  )
    throw new CalctraError("BridgeInvalidMessage", { length: message.length });
  return deliverOne(provider, { messageId: toHex(keccak_256(message)), bytes: Uint8Array.from(message), signatures });
}

// ---------------------------------------------------------------------------------------------
// The relayer's destination and the validators' source.

/** Parameters of {@link SolanaDestination}. */
export interface SolanaDestinationParameters extends SolanaBridgeParameters {
  /**
   * The relayer: fee payer, and payer of each replay marker and of a recipient's missing token account. A keypair,
   * or a wallet that signs (e.g. an Anchor provider's).
   */
  readonly payer: SolanaDeliveryPayer;
  /** Commitment of reads and of the confirmation of a delivery (default `"confirmed"`). */
  readonly commitment?: Commitment;
  /** Messages per `deliver` call (default 4, at most 16); each transaction carries as many as fit in 1232 bytes. */
  readonly maxBatch?: number;
  /** Chain time in unix seconds (the retention window of the previous set); defaults to the Clock sysvar. */
  readonly now?: () => Promise<bigint> | bigint;
  /** Priority fee in micro-lamports per compute unit (default none). */
  readonly priorityMicroLamports?: number;
  /**
   * Finds the origin `(srcDomain, nonce)` of a message id when `isDelivered` is asked without one (the bridge marks
   * delivered messages by origin, not by id): e.g. a lookup in the sources' sent messages.
   */
  readonly resolveOrigin?: (messageId: Hex) => Promise<DeliveredOrigin | undefined>;
}

/**
 * Solana destination: one `receive_message` instruction per bridge message (the 89 bytes and the r|s|v
 * signatures, ascending by signer), as many per transaction as fit in 1232 bytes. Every transaction is simulated
 * first, so a refusal costs nothing and is thrown as a {@link SolanaDeliveryError} naming the refusing message;
 * then sent and confirmed. The recipient is the owner's wallet (its CAL associated token account is created by
 * the program if missing, paid by the relayer).
 *
 * @example
 * ```ts
 * const destination = new SolanaDestination({ connection, payer: relayerKeypair });
 * const relayer = new Relayer({ ..., destinations: new Map([[DOMAINS.solana, destination]]) });
 * ```
 */
export class SolanaDestination implements DestinationChain {
  readonly domain: Domain = DOMAINS.solana;
  readonly bridge: UniversalAddress;
  readonly maxBatch: number;
  readonly programId: PublicKey;
  readonly #p: SolanaDestinationParameters;
  readonly #bridge: SolanaBridgeProgram;
  #last: SolanaDeliveryReceipt | undefined;

  constructor(parameters: SolanaDestinationParameters) {
    this.#p = parameters;
    this.#bridge = new SolanaBridgeProgram(parameters.connection, parameters.programId);
    this.programId = this.#bridge.programId;
    this.bridge = solanaUniversalAddress(this.programId);
    this.maxBatch = Math.max(1, Math.min(parameters.maxBatch ?? 4, 16));
  }

  get #commitment(): Commitment {
    return this.#p.commitment ?? "confirmed";
  }

  get #options(): DeliveryOptions {
    return {
      bridge: this.#bridge,
      payer: this.#p.payer,
      commitment: this.#commitment,
      priorityMicroLamports: this.#p.priorityMicroLamports,
    };
  }

  /** Figures of the last delivery transaction (undefined before the first). */
  get lastDelivery(): SolanaDeliveryReceipt | undefined {
    return this.#last;
  }

  async #now(): Promise<bigint> {
    if (this.#p.now) return BigInt(await this.#p.now());
    const clock = await this.#p.connection.getAccountInfo(SYSVAR_CLOCK_PUBKEY, this.#commitment);
    if (!clock || clock.data.length < 40) throw new Error("the Clock sysvar could not be read");
    return clock.data.readBigInt64LE(32);
  }

  /**
   * The sets the bridge accepts now, read from its config account: the current set (checked against the recorded
   * set hash) and the previous one while `now < previous_valid_until`.
   */
  async validatorSet(): Promise<ValidatorSetView> {
    return this.#bridge.validatorSet(this.#commitment, await this.#now());
  }

  /**
   * True once the bridge marked the message delivered. Solana marks `(srcDomain, nonce)` in a bitmap, so the message
   * (or its origin) is needed: without it this throws.
   */
  async isDelivered(messageId: Hex, message?: DeliveredOrigin): Promise<boolean> {
    const origin = message ?? (await this.#p.resolveOrigin?.(messageId));
    if (!origin) throw new Error(`the Solana bridge answers isDelivered by (srcDomain, nonce): pass the message of ${messageId}`);
    return this.#bridge.isDelivered(origin, this.#commitment);
  }

  /** The `receive_message` instruction of a signed message (signatures in the given, ascending order). */
  async instructionFor(m: SignedMessage, mint?: PublicKey): Promise<TransactionInstruction> {
    const calMint = mint ?? (await this.#bridge.requireConfig(this.#commitment)).calMint;
    return this.#bridge.receiveInstruction(this.#p.payer.publicKey, delivery(m), calMint);
  }

  /**
   * The longest version-2 (governance) message one delivery transaction carries with `signatures` validator
   * signatures, measured by building the transaction (compute budget, accounts, data) against the 1232-byte limit:
   * 611 bytes with 2 signatures, 546 with 3 (each signature costs 65). A longer list (e.g. a validator set of more
   * than 24 signers under a 2-of-N bridge) cannot reach Solana in one transaction: `deliver` refuses it.
   *
   * @example
   * ```ts
   * const max = await destination.maxGovernanceMessageBytes(2); // 611
   * ```
   */
  async maxGovernanceMessageBytes(signatures: number): Promise<number> {
    const o = this.#options;
    const blockhash = PublicKey.default.toBase58();
    const fits = async (length: number) => {
      // a GovernanceActions header: its record (the action list) is an account of its own, as in a real delivery
      const bytes = new Uint8Array(length);
      bytes[0] = GOVERNANCE_MESSAGE_VERSION;
      bytes[GOVERNANCE_MESSAGE_HEADER_LENGTH - 1] = GOVERNANCE_MESSAGE_KINDS.GovernanceActions;
      if (length >= GOVERNANCE_MESSAGE_HEADER_LENGTH + 8) bytes[GOVERNANCE_MESSAGE_HEADER_LENGTH + 7] = 1;
      const d: Delivery = {
        messageId: `0x${"00".repeat(32)}`,
        bytes,
        signatures: Array.from({ length: signatures }, () => new Uint8Array(SIGNATURE_BYTES)),
      };
      const ix = await this.#bridge.receiveGovernanceInstruction(o.payer.publicKey, d);
      return serializedSize(deliveryTransaction(o, [ix], [d], blockhash).tx) <= SOLANA_TRANSACTION_LIMIT;
    };
    let [low, high] = [GOVERNANCE_MESSAGE_HEADER_LENGTH, MAX_GOVERNANCE_MESSAGE_LENGTH];
    if (!(await fits(low))) return 0;
    while (low < high) {
      const mid = Math.ceil((low + high) / 2);
      if (await fits(mid)) low = mid;
      else high = mid - 1;
    }
    return low;
  }

  /**
   * Delivers the batch: messages are packed in order into transactions of at most 1232 bytes; each transaction is
   * simulated (a refusal throws, naming its message, and nothing of that transaction is sent), then sent and
   * confirmed. Messages of earlier transactions stay delivered when a later one is refused.
   */
  async deliver(batch: readonly SignedMessage[]): Promise<DeliveryResult> {
    const o = this.#options;
    const mint = (await this.#bridge.requireConfig(this.#commitment)).calMint;
    const { blockhash } = await this.#p.connection.getLatestBlockhash(this.#commitment);
    const groups: Delivery[][] = [];
    let group: Delivery[] = [];
    let instructions: TransactionInstruction[] = [];
    for (const m of batch) {
      const d = delivery(m);
      const ix = await this.#bridge.receiveInstruction(o.payer.publicKey, d, mint);
      const candidate = [...instructions, ix];
      const { tx } = deliveryTransaction(o, candidate, [...group, d], blockhash);
      if (serializedSize(tx) <= SOLANA_TRANSACTION_LIMIT) {
        group.push(d);
        instructions = candidate;
        continue;
      }
      if (group.length === 0)
        throw new RangeError(`message ${m.messageId} with ${m.signatures.length} signatures does not fit in one Solana transaction`);
      groups.push(group);
      group = [d];
      instructions = [ix];
      if (serializedSize(deliveryTransaction(o, instructions, [d], blockhash).tx) > SOLANA_TRANSACTION_LIMIT) {
        throw new RangeError(`message ${m.messageId} with ${m.signatures.length} signatures does not fit in one Solana transaction`);
      }
    }
    if (group.length) groups.push(group);
    const delivered: Hex[] = [];
    let last = "";
    for (const g of groups) {
      this.#last = await sendDelivery(o, g, mint);
      last = this.#last.signature;
      delivered.push(...g.map((d) => d.messageId));
    }
    return { transactionId: last, delivered };
  }
}

/** A relayer's signed message as a delivery. */
function delivery(m: SignedMessage): Delivery {
  return { messageId: m.messageId, bytes: bytesOf(m.encoded), signatures: m.signatures.map((s) => bytesOf(s.signature)) };
}

/** Parameters of {@link SolanaSource}. */
export interface SolanaSourceParameters extends SolanaBridgeParameters {
  /** Commitment of every read (default `"finalized"`: rooted, beyond any fork). */
  readonly commitment?: Commitment;
  /**
   * Extra slot depth: a message counts only once the chain (at `commitment`) is this many slots past the slot at
   * which it was first observed (default 0; a guard against a lagging or untrusted RPC node on top of the commitment).
   */
  readonly confirmations?: number;
  /** Largest number of nonces read per scan (default 256). */
  readonly maxPerScan?: number;
}

/**
 * Solana source: outbound messages are the `OutboundMessage` accounts `["outbound", nonce u64 le]`, read by nonce
 * from the cursor up to the config's `outbound_nonce`, at the configured commitment (default finalized) and slot
 * depth. The relayer's "block" cursor is the nonce. Each account is re-derived ({@link deriveSolanaMessage});
 * one that does not re-derive is rejected (never signed, never relayed). `blockNumber` is the nonce and
 * `transactionHash` carries the messageId (an account does not reveal its creating transaction).
 *
 * @example
 * ```ts
 * const source = new SolanaSource({ connection, commitment: "finalized" });
 * const validator = new Validator({ sources: [{ source, startBlock: 1n }], ... });
 * ```
 */
export class SolanaSource implements SourceChain {
  readonly domain: Domain = DOMAINS.solana;
  readonly programId: PublicKey;
  readonly #p: SolanaSourceParameters;
  readonly #bridge: SolanaBridgeProgram;
  /** First slot at which each nonce was seen (for the slot depth). */
  readonly #seen = new Map<bigint, number>();

  constructor(parameters: SolanaSourceParameters) {
    this.#p = parameters;
    this.#bridge = new SolanaBridgeProgram(parameters.connection, parameters.programId);
    this.programId = this.#bridge.programId;
  }

  async scan(fromBlock: bigint): Promise<ScanResult | null> {
    const commitment = this.#p.commitment ?? "finalized";
    const depth = this.#p.confirmations ?? 0;
    const first = fromBlock < 1n ? 1n : fromBlock;
    const read = await this.#bridge.config(commitment);
    if (!read) return null;
    const lastNonce = BigInt(read.config.outboundNonce.toString());
    const max = first + BigInt(this.#p.maxPerScan ?? 256) - 1n;
    const end = lastNonce < max ? lastNonce : max;
    if (end < first) return null;
    const nonces: bigint[] = [];
    for (let n = first; n <= end; n++) nonces.push(n);
    // never older than the config read: every nonce up to outbound_nonce exists there
    const derived = await this.#bridge.outbound(nonces, commitment, read.slot);
    const messages: ObservedMessage<AnyBridgeMessage>[] = [];
    const rejected: Hex[] = [];
    let last = first - 1n;
    for (const [i, nonce] of nonces.entries()) {
      const d = derived[i] ?? null;
      if (!d) break;
      const seen = this.#seen.get(nonce) ?? read.slot;
      this.#seen.set(nonce, seen);
      if (read.slot < seen + depth) break;
      if ("rejected" in d) rejected.push(d.rejected);
      else messages.push(d);
      this.#seen.delete(nonce);
      last = nonce;
    }
    if (last < first) return null;
    return { messages, rejected, toBlock: last };
  }
}

// ---------------------------------------------------------------------------------------------
// The user's client.

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

/** What a transfer would send (the `result` of {@link SolanaBridgeClient.simulateTransfer}). */
export interface SolanaTransferResult {
  /** The outbound nonce the transfer takes, fixed when it is prepared. */
  readonly nonce: bigint;
  readonly message: BridgeMessage;
  readonly messageId: Hex;
}

/** Parameters of {@link SolanaBridgeClient.status}: the shared ones, without the EVM block hint. */
export type SolanaBridgeStatusParameters = Omit<BridgeStatusParameters, "fromBlock">;

/** Parameters of {@link SolanaBridgeClient.selfRelay}. */
export type SolanaSelfRelayParameters = SolanaBridgeStatusParameters;

/** What {@link SolanaBridgeClient.selfRelay} returns (the shared shape). */
export type SolanaSelfRelayReturnType = SelfRelayReturnType;

/**
 * The bridge on Solana as a user (or a self-relaying wallet) sees it, over any `AnchorProvider` (a cluster or the
 * native test host). `transfer` burns CAL through the bridge program's `send`; the message is read back from its
 * `OutboundMessage` account and re-derived the way validators do ({@link SolanaSource}'s reading). Status and
 * self-relay share the other clients' logic (signatures fetched from the validators and recovered locally against
 * the destination's digest and set).
 *
 * @example
 * ```ts
 * const bridge = new SolanaBridgeClient({ provider, deployment });
 * const sent = await bridge.transfer({ dstDomain: DOMAINS.ton, recipient: tonUniversalAddress(tonAccount), amount: 25n * CAL });
 * const s = await bridge.status({ messageId: sent.messageId, validators: urls, destination: tonDestination });
 * ```
 */
export class SolanaBridgeClient extends SolanaContractClient implements BridgeClient<SolanaPreparedTransaction> {
  readonly #httpTimeoutMs: number | undefined;
  readonly #bridge: SolanaBridgeProgram;

  constructor(parameters: SolanaBridgeClientParameters) {
    super(parameters);
    this.#httpTimeoutMs = parameters.httpTimeoutMs;
    this.#bridge = new SolanaBridgeProgram(parameters.provider.connection, this.programs.bridge.programId);
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
    return solanaUniversalAddress(this.#bridge.programId);
  }

  /**
   * Whether a message has been delivered to Solana: the bridge marks `(srcDomain, nonce)` in its replay bitmap
   * (`["delivered", srcDomain u32 be, nonce / 1024 u64 be]`), so pass the message (or its `srcDomain` and `nonce`)
   * with its id; an id alone cannot be answered on Solana and throws `BridgeInvalidMessage`.
   *
   * @example
   * ```ts
   * if (await bridge.isDelivered({ messageId, message })) console.log("minted on Solana");
   * ```
   */
  async isDelivered({ messageId, message }: { readonly messageId: Hex; readonly message?: DeliveredOrigin }): Promise<boolean> {
    checkMessageId(messageId);
    if (!message)
      throw new CalctraError("BridgeInvalidMessage", {
        messageId,
        reason: "Solana answers isDelivered by (srcDomain, nonce): pass the message",
      });
    return this.#bridge.isDelivered(message, "confirmed");
  }

  private async transferWrite({ dstDomain, recipient, amount }: BridgeTransferParameters): Promise<SolanaWrite<SolanaTransferResult>> {
    checkTransfer({ dstDomain, amount });
    const to = bridgeRecipient(recipient, dstDomain);
    const { program, pdas } = this.#bridge;
    const remoteKey = pdas.remote(dstDomain);
    const remote = dstDomain === (await this.domain()) ? null : await program.account.remoteDomain.fetchNullable(remoteKey, "confirmed");
    if (!remote?.enabled || remote.domain !== dstDomain) throw new CalctraError("BridgeUnknownDomain", { domain: dstDomain });
    if (isEvmDomain(dstDomain) && BigInt(to) >> 160n !== 0n) {
      throw new CalctraError("BridgeInvalidMessage", {
        field: "recipient",
        value: recipient,
        reason: "not an EVM address on an EVM domain",
      });
    }
    const config = await this.#bridge.requireConfig("confirmed");
    // the account of the next nonce; a concurrent send taking it first makes this one fail its seeds check (nothing burnt)
    const nonce = fromBN(config.outboundNonce) + 1n;
    const user = this.address;
    const message: BridgeMessage = {
      version: BRIDGE_MESSAGE_VERSION,
      srcDomain: DOMAINS.solana,
      dstDomain,
      nonce,
      sender: universalFromBytes(user.toBytes()),
      recipient: to,
      amount,
    };
    const ix = await program.methods
      .send(dstDomain, Array.from(bytesOf(to)), toBN(amount))
      .accountsPartial({
        user,
        config: pdas.config,
        remote: remoteKey,
        outbound: pdas.outbound(nonce),
        mint: config.calMint,
        userToken: this.ata(user),
        tokenProgram: TOKEN_PROGRAM_ID,
        systemProgram: SystemProgram.programId,
      })
      .instruction();
    return { instructions: [ix], result: { nonce, message, messageId: toHex(bridgeMessageId(message)) } };
  }

  /**
   * Burns `amount` CAL of the acting wallet through the bridge's `send` for `recipient` on `dstDomain`. Checked
   * before anything is sent, with the EVM client's names: `BridgeZeroAmount`, `BridgeInvalidMessage` (amount above
   * u64; recipient neither a 32-byte universal address nor a 20-byte EVM address, the zero address, or not an EVM
   * address for an EVM domain — every domain but Solana's and TON's, as the program checks), `BridgeUnknownDomain` (the
   * domain is not enabled on the Solana bridge). A refusal on chain is decoded to its canonical name (e.g.
   * `BridgeRateLimited`, `EnforcedPause`). Returns the message re-derived from its `OutboundMessage` account.
   *
   * @example
   * ```ts
   * const { messageId, nonce, cost } = await bridge.transfer({ dstDomain: 31338, recipient: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8", amount: 5n * CAL });
   * ```
   */
  async transfer(parameters: BridgeTransferParameters): Promise<SolanaTransferReturnType> {
    const sent = await this.sendWrite(this.transferWrite(parameters));
    const [found] = await this.#bridge.outbound([sent.nonce], "confirmed");
    if (!found || "rejected" in found || isGovernanceMessage(found.message))
      throw new Error(`send ${sent.id}: outbound message ${sent.nonce} does not re-derive as a token message`);
    if (found.messageId !== sent.messageId) throw new Error(`send ${sent.id}: outbound message ${sent.nonce} does not carry what was sent`);
    return {
      message: found.message,
      messageId: found.messageId,
      nonce: sent.nonce,
      id: sent.id,
      ...(sent.cost === undefined ? {} : { cost: sent.cost }),
    };
  }

  /**
   * {@link transfer} as instructions for another signer (e.g. a Squads vault as the client's wallet, whose CAL is
   * burnt). The outbound nonce is fixed here: if another transfer takes it first, this one fails and burns nothing.
   *
   * @example
   * ```ts
   * const { instructions, feePayer } = await bridge.prepareTransfer({ dstDomain: DOMAINS.ton, recipient, amount: 5n * CAL });
   * ```
   */
  prepareTransfer(parameters: BridgeTransferParameters): Promise<SolanaPreparedTransaction> {
    return this.prepareWrite(this.transferWrite(parameters));
  }

  /**
   * Runs {@link transfer} without sending: its compute units and the message it would send (`result`: nonce,
   * message, messageId), or the error sending would throw (e.g. `BridgeRateLimited`).
   *
   * @example
   * ```ts
   * const { cost, result } = await bridge.simulateTransfer({ dstDomain: DOMAINS.ton, recipient, amount: 5n * CAL });
   * ```
   */
  simulateTransfer(parameters: BridgeTransferParameters): Promise<SimulateReturnType<SolanaTransferResult>> {
    return this.simulateWrite(this.transferWrite(parameters));
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
    return selfRelayMessage({
      messageId,
      found,
      validators,
      destination: await EvmBridgeClient.destinationView(destination),
      ...this.#timeout(),
    });
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
    const wanted = checkMessageId(messageId).toLowerCase();
    const config = await this.#bridge.requireConfig("confirmed");
    for (let high = fromBN(config.outboundNonce); high >= 1n; high -= BigInt(OUTBOUND_PAGE)) {
      const nonces: bigint[] = [];
      for (let n = high; n >= 1n && n > high - BigInt(OUTBOUND_PAGE); n--) nonces.push(n);
      for (const d of await this.#bridge.outbound(nonces, "confirmed")) {
        if (d && !("rejected" in d) && d.messageId.toLowerCase() === wanted) return { message: d.message, encoded: d.encoded };
      }
    }
    return null;
  }

  /**
   * This bridge as a relayer destination ({@link SolanaDestination}), e.g. to follow or self-relay a message sent to
   * Solana from another chain's client. `payer` pays the replay marker and a recipient's missing token account
   * (default: the provider's wallet, which signs).
   *
   * @example
   * ```ts
   * const s = await spoke.status({ messageId, validators: urls, destination: solanaBridge.asDestination() });
   * ```
   */
  asDestination({
    payer,
    now,
  }: {
    readonly payer?: SolanaDeliveryPayer;
    readonly now?: () => Promise<bigint> | bigint;
  } = {}): DestinationChain {
    return new SolanaDestination({
      connection: this.params.provider.connection,
      programId: this.#bridge.programId,
      payer: payer ?? this.params.provider.wallet,
      ...(now ? { now } : {}),
    });
  }

  #timeout(): { httpTimeoutMs?: number } {
    return this.#httpTimeoutMs === undefined ? {} : { httpTimeoutMs: this.#httpTimeoutMs };
  }
}
