/**
 * Solana as a source and a destination of the relayer (DESIGN §8), over the `calctra_bridge` Anchor program
 * (programs-solana/programs/bridge). Both work with any `@solana/web3.js` `Connection`: a JSON-RPC node or the
 * in-process host of `sdk/src/local/solana-host.ts`. Accounts and instructions are encoded with the IDL generated
 * from the program build (`sdk/src/solana/generated/idls.ts`), never by hand.
 */
import { BorshCoder, Program, utils } from "@coral-xyz/anchor";
import { convertIdlToCamelCase } from "@coral-xyz/anchor/dist/cjs/idl.js";
import {
  ComputeBudgetProgram, Keypair, PublicKey, SYSVAR_CLOCK_PUBKEY, SystemProgram, Transaction, VersionedTransaction,
  type AccountInfo, type Commitment, type Connection, type Signer, type TransactionError, type TransactionInstruction,
} from "@solana/web3.js";
import { ASSOCIATED_TOKEN_PROGRAM_ID, TOKEN_PROGRAM_ID, getAssociatedTokenAddressSync } from "@solana/spl-token";
import { keccak_256 } from "@noble/hashes/sha3";
import { encodeAbiParameters, toHex, type Address as EvmAddress, type Hex } from "viem";
import { decodeSolanaError, solanaProgramError } from "./errors.js";
import { solanaPdas, solanaProgramIds } from "./programs.js";
import { calctraBridgeIdl, type CalctraBridgeIdl } from "./generated/idls.js";
import { DOMAINS, type Domain, type UniversalAddress } from "@calctra/core";
import { BRIDGE_MESSAGE_BYTES, rederiveStoredMessage } from "../bridge/stored.js";
import type { DeliveryResult, DestinationChain, ObservedMessage, ScanResult, SignedMessage, SourceChain, ValidatorSetView } from "../bridge/types.js";

const MESSAGE_BYTES = BRIDGE_MESSAGE_BYTES;
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
  return new PublicKey(Buffer.from(universal.slice(2), "hex"));
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
    if (!Array.isArray(parsed) || !parsed.every((b) => Number.isInteger(b) && b >= 0 && b <= 255)) throw new RangeError("a Solana secret key array holds bytes");
    bytes = Uint8Array.from(parsed as number[]);
  } else {
    bytes = utils.bytes.bs58.decode(text);
  }
  if (bytes.length !== 64) throw new RangeError(`a Solana secret key has 64 bytes, got ${bytes.length}`);
  return Keypair.fromSecretKey(bytes);
}

const bytesOf = (hex: Hex) => Buffer.from(hex.slice(2), "hex");

/**
 * PDAs of the bridge program deployed at `programId`: the SDK's seed table (`solanaPdas`, seeds of
 * programs-solana/programs/bridge/src/constants.rs) under that program id.
 */
export function solanaBridgePdas(programId: PublicKey) {
  const pdas = solanaPdas({ ...solanaProgramIds(), bridge: programId });
  return {
    config: pdas.bridgeConfig,
    mintAuthority: pdas.bridgeMintAuthority,
    /** `["remote", domain u32 be]` */
    remote: (domain: number) => pdas.remoteDomain(domain),
    /** `["delivered", messageId]` */
    delivered: (messageId: Hex) => pdas.delivered(bytesOf(messageId)),
    /** `["outbound", nonce u64 le]` */
    outbound: (nonce: bigint) => pdas.outbound(nonce),
  };
}

/** What Solana sources and destinations are built from. */
export interface SolanaBridgeParameters {
  readonly connection: Connection;
  /** The bridge program (default: the id the IDL carries, i.e. the program's `declare_id!`). */
  readonly programId?: PublicKey;
}

type BridgeProgram = Program<CalctraBridgeIdl>;

function bridgeProgram(p: SolanaBridgeParameters): BridgeProgram {
  const idl = { ...(calctraBridgeIdl as unknown as CalctraBridgeIdl) };
  if (p.programId) idl.address = p.programId.toBase58() as CalctraBridgeIdl["address"];
  // A read-only provider is enough: instructions are built here and signed by the destination's payer.
  return new Program<CalctraBridgeIdl>(idl, { connection: p.connection });
}

/** The account types of the bridge as the IDL coder decodes them. */
type BridgeConfigAccount = Awaited<ReturnType<BridgeProgram["account"]["bridgeConfig"]["fetch"]>>;
type OutboundAccount = Awaited<ReturnType<BridgeProgram["account"]["outboundMessage"]["fetch"]>>;

/** The IDL coder (camelCase, as `Program` uses it): accounts are decoded with their discriminator checked. */
const coder = new BorshCoder(convertIdlToCamelCase(calctraBridgeIdl as unknown as CalctraBridgeIdl));

const evmHex = (a: number[] | Uint8Array): EvmAddress => `0x${Buffer.from(a).toString("hex")}`;

/** `keccak256(abi.encode(address[] validators, uint16 threshold))`: the set hash the program records. */
export function solanaSetHash(validators: readonly EvmAddress[], threshold: number): Hex {
  return toHex(keccak_256(bytesOf(encodeAbiParameters([{ type: "address[]" }, { type: "uint16" }], [validators, threshold]))));
}

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
    const code = typeof inner === "object" && inner !== null && "Custom" in inner ? Number((inner as { Custom: number }).Custom) : undefined;
    return { index, code, raw };
  }
  return { index: -1, code: undefined, raw };
}

/** Names a refusal: canonical name (SDK decoder), else the program's IDL name, else Anchor's logged name. */
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

/** Parameters of {@link SolanaDestination}. */
export interface SolanaDestinationParameters extends SolanaBridgeParameters {
  /** The relayer's key: fee payer, and payer of each replay marker and of a recipient's missing token account. */
  readonly payer: Signer;
  /** Commitment of reads and of the confirmation of a delivery (default `"confirmed"`). */
  readonly commitment?: Commitment;
  /** Messages per `deliver` call (default 4, at most 16); each transaction carries as many as fit in 1232 bytes. */
  readonly maxBatch?: number;
  /** Chain time in unix seconds (the retention window of the previous set); defaults to the Clock sysvar. */
  readonly now?: () => Promise<bigint> | bigint;
  /** Priority fee in micro-lamports per compute unit (default none). */
  readonly priorityMicroLamports?: number;
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
  readonly #program: BridgeProgram;
  readonly #pdas: ReturnType<typeof solanaBridgePdas>;
  #last: SolanaDeliveryReceipt | undefined;

  constructor(parameters: SolanaDestinationParameters) {
    this.#p = parameters;
    this.#program = bridgeProgram(parameters);
    this.programId = this.#program.programId;
    this.#pdas = solanaBridgePdas(this.programId);
    this.bridge = solanaUniversalAddress(this.programId);
    this.maxBatch = Math.max(1, Math.min(parameters.maxBatch ?? 4, 16));
  }

  get #commitment(): Commitment {
    return this.#p.commitment ?? "confirmed";
  }

  /** Figures of the last delivery transaction (undefined before the first). */
  get lastDelivery(): SolanaDeliveryReceipt | undefined {
    return this.#last;
  }

  async #config(): Promise<BridgeConfigAccount> {
    return this.#program.account.bridgeConfig.fetch(this.#pdas.config, this.#commitment);
  }

  async #now(): Promise<bigint> {
    if (this.#p.now) return BigInt(await this.#p.now());
    const clock = await this.#p.connection.getAccountInfo(SYSVAR_CLOCK_PUBKEY, this.#commitment);
    if (!clock || clock.data.length < 40) throw new Error("the Clock sysvar could not be read");
    return clock.data.readBigInt64LE(32);
  }

  /**
   * The sets the bridge accepts now, read from its config account: the current set (checked against the recorded
   * set hash) and the previous one while `now <= previous_valid_until`.
   */
  async validatorSet(): Promise<ValidatorSetView> {
    const [c, now] = await Promise.all([this.#config(), this.#now()]);
    const validators = c.validators.map(evmHex);
    if (solanaSetHash(validators, c.threshold) !== toHex(Uint8Array.from(c.setHash))) {
      throw new Error("Solana bridge: the validator set in its config does not match its recorded set hash");
    }
    let previous: ValidatorSetView["previous"];
    if (BigInt(c.setId.toString()) > 1n && now <= BigInt(c.previousValidUntil.toString()) && c.previousValidators.length > 0) {
      previous = { validators: c.previousValidators.map(evmHex), threshold: c.previousThreshold };
    }
    return { validators, threshold: c.threshold, previous };
  }

  /** True once the replay marker `["delivered", messageId]` exists and belongs to the bridge. */
  async isDelivered(messageId: Hex): Promise<boolean> {
    const info = await this.#p.connection.getAccountInfo(this.#pdas.delivered(messageId), this.#commitment);
    return info !== null && info.owner.equals(this.programId) && info.data.length > 0;
  }

  /** The `receive_message` instruction of a signed message (signatures in the given, ascending order). */
  async instructionFor(m: SignedMessage, mint?: PublicKey): Promise<TransactionInstruction> {
    const message = bytesOf(m.encoded);
    if (message.length !== MESSAGE_BYTES) throw new RangeError(`a bridge message has ${MESSAGE_BYTES} bytes, got ${message.length}`);
    const signatures = m.signatures.map((s) => {
      const b = bytesOf(s.signature);
      if (b.length !== SIGNATURE_BYTES) throw new RangeError(`a signature has ${SIGNATURE_BYTES} bytes`);
      return Array.from(b);
    });
    const calMint = mint ?? (await this.#config()).calMint;
    const recipient = new PublicKey(message.subarray(49, 81));
    return this.#program.methods
      .receiveMessage(Array.from(message), signatures)
      .accountsStrict({
        relayer: this.#p.payer.publicKey,
        config: this.#pdas.config,
        remote: this.#pdas.remote(message.readUInt32BE(1)),
        delivered: this.#pdas.delivered(m.messageId),
        mint: calMint,
        mintAuthority: this.#pdas.mintAuthority,
        recipient,
        recipientToken: getAssociatedTokenAddressSync(calMint, recipient, true),
        tokenProgram: TOKEN_PROGRAM_ID,
        associatedTokenProgram: ASSOCIATED_TOKEN_PROGRAM_ID,
        systemProgram: SystemProgram.programId,
      })
      .instruction();
  }

  /** The transaction of `messages` (compute-budget instructions first when needed), unsigned. */
  #transaction(instructions: readonly TransactionInstruction[], signatures: readonly number[], blockhash: string): { tx: Transaction; offset: number } {
    const tx = new Transaction({ feePayer: this.#p.payer.publicKey, recentBlockhash: blockhash });
    let offset = 0;
    const units = signatures.reduce((a, n) => a + estimatedUnits(n), 0);
    if (units > DEFAULT_UNITS_PER_INSTRUCTION * instructions.length) {
      tx.add(ComputeBudgetProgram.setComputeUnitLimit({ units: Math.min(MAX_UNITS_PER_TRANSACTION, units) }));
      offset++;
    }
    if (this.#p.priorityMicroLamports) {
      tx.add(ComputeBudgetProgram.setComputeUnitPrice({ microLamports: this.#p.priorityMicroLamports }));
      offset++;
    }
    tx.add(...instructions);
    return { tx, offset };
  }

  static #size(tx: Transaction): number {
    try {
      return tx.serialize({ requireAllSignatures: false, verifySignatures: false }).length;
    } catch {
      return Number.POSITIVE_INFINITY; // web3.js refuses to serialize beyond the limit
    }
  }

  /**
   * Delivers the batch: messages are packed in order into transactions of at most 1232 bytes; each transaction is
   * simulated (a refusal throws, naming its message, and nothing of that transaction is sent), then sent and
   * confirmed. Messages of earlier transactions stay delivered when a later one is refused.
   */
  async deliver(batch: readonly SignedMessage[]): Promise<DeliveryResult> {
    const { connection } = this.#p;
    const mint = (await this.#config()).calMint;
    const { blockhash } = await connection.getLatestBlockhash(this.#commitment);
    const groups: SignedMessage[][] = [];
    let group: SignedMessage[] = [];
    let instructions: TransactionInstruction[] = [];
    for (const m of batch) {
      const ix = await this.instructionFor(m, mint);
      const candidate = [...instructions, ix];
      const { tx } = this.#transaction(candidate, [...group, m].map((x) => x.signatures.length), blockhash);
      if (SolanaDestination.#size(tx) <= SOLANA_TRANSACTION_LIMIT) {
        group.push(m);
        instructions = candidate;
        continue;
      }
      if (group.length === 0) throw new RangeError(`message ${m.messageId} with ${m.signatures.length} signatures does not fit in one Solana transaction`);
      groups.push(group);
      group = [m];
      instructions = [ix];
      const alone = this.#transaction(instructions, [m.signatures.length], blockhash).tx;
      if (SolanaDestination.#size(alone) > SOLANA_TRANSACTION_LIMIT) {
        throw new RangeError(`message ${m.messageId} with ${m.signatures.length} signatures does not fit in one Solana transaction`);
      }
    }
    if (group.length) groups.push(group);
    const delivered: Hex[] = [];
    let last = "";
    for (const g of groups) {
      last = await this.#send(g, mint);
      delivered.push(...g.map((m) => m.messageId));
    }
    return { transactionId: last, delivered };
  }

  async #send(group: readonly SignedMessage[], mint: PublicKey): Promise<string> {
    const { connection, payer } = this.#p;
    const instructions = await Promise.all(group.map((m) => this.instructionFor(m, mint)));
    const { blockhash, lastValidBlockHeight } = await connection.getLatestBlockhash(this.#commitment);
    const { tx, offset } = this.#transaction(instructions, group.map((m) => m.signatures.length), blockhash);
    // A VersionedTransaction over the legacy message (same wire bytes): web3.js simulates it as given, whereas a
    // legacy `Transaction` would get a cached blockhash swapped in.
    const vtx = new VersionedTransaction(tx.compileMessage());
    vtx.sign([payer]);
    const refusal = (err: TransactionError | null | undefined, logs: readonly string[]) => {
      const e = instructionError(err);
      const at = e ? e.index - offset : -1;
      const m = group[at >= 0 && at < group.length ? at : 0]!;
      return new SolanaDeliveryError(solanaErrorName(e?.code, logs, e?.raw), e?.code, m.messageId, loggedValues(logs), logs);
    };
    const sim = await connection.simulateTransaction(vtx, { sigVerify: true, replaceRecentBlockhash: false, commitment: this.#commitment });
    if (sim.value.err) throw refusal(sim.value.err, sim.value.logs ?? []);
    const signature = await connection.sendRawTransaction(vtx.serialize(), { skipPreflight: true });
    const confirmation = await connection.confirmTransaction({ signature, blockhash, lastValidBlockHeight }, this.#commitment);
    let computeUnits: number | undefined;
    let feeLamports: number | undefined;
    let logs: readonly string[] = [];
    try {
      const t = await connection.getTransaction(signature, { commitment: this.#commitment === "finalized" ? "finalized" : "confirmed", maxSupportedTransactionVersion: 0 });
      computeUnits = t?.meta?.computeUnitsConsumed ?? undefined;
      feeLamports = t?.meta?.fee ?? undefined;
      logs = t?.meta?.logMessages ?? [];
    } catch {
      // a node without transaction history: the figures stay unknown
    }
    if (confirmation.value.err) throw refusal(confirmation.value.err, logs);
    this.#last = { signature, messages: group.map((m) => m.messageId), simulatedUnits: sim.value.unitsConsumed, computeUnits, feeLamports };
    return signature;
  }
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
 * depth. The relayer's "block" cursor is the nonce. Each account is re-derived: owned by the bridge, an
 * `OutboundMessage`, its nonce field and the message's nonce equal to the nonce of its address, source domain
 * Solana, version 1, and the 89 bytes re-encoded with the SDK codec must equal the stored bytes and hash to the
 * stored `message_id`; otherwise it is rejected (never signed, never relayed). `blockNumber` is the nonce and
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
  readonly #pdas: ReturnType<typeof solanaBridgePdas>;
  /** First slot at which each nonce was seen (for the slot depth). */
  readonly #seen = new Map<bigint, number>();

  constructor(parameters: SolanaSourceParameters) {
    this.#p = parameters;
    this.programId = parameters.programId ?? new PublicKey(calctraBridgeIdl.address);
    this.#pdas = solanaBridgePdas(this.programId);
  }

  async scan(fromBlock: bigint): Promise<ScanResult | null> {
    const { connection } = this.#p;
    const commitment = this.#p.commitment ?? "finalized";
    const depth = this.#p.confirmations ?? 0;
    const first = fromBlock < 1n ? 1n : fromBlock;
    const configRead = await connection.getAccountInfoAndContext(this.#pdas.config, commitment);
    if (!configRead.value) return null;
    const config = coder.accounts.decode<BridgeConfigAccount>("bridgeConfig", configRead.value.data);
    const lastNonce = BigInt(config.outboundNonce.toString());
    const end = lastNonce < first + BigInt(this.#p.maxPerScan ?? 256) - 1n ? lastNonce : first + BigInt(this.#p.maxPerScan ?? 256) - 1n;
    if (end < first) return null;
    const nonces: bigint[] = [];
    for (let n = first; n <= end; n++) nonces.push(n);
    const slot = configRead.context.slot;
    const infos: (AccountInfo<Buffer> | null)[] = [];
    for (let i = 0; i < nonces.length; i += 100) {
      // never older than the config read: every nonce up to outbound_nonce exists there
      const r = await connection.getMultipleAccountsInfoAndContext(nonces.slice(i, i + 100).map((n) => this.#pdas.outbound(n)), { commitment, minContextSlot: slot });
      infos.push(...r.value);
    }
    const messages: ObservedMessage[] = [];
    const rejected: Hex[] = [];
    let last = first - 1n;
    for (let i = 0; i < nonces.length; i++) {
      const nonce = nonces[i]!;
      const info = infos[i] ?? null;
      if (!info) break;
      const seen = this.#seen.get(nonce) ?? slot;
      this.#seen.set(nonce, seen);
      if (slot < seen + depth) break;
      const derived = deriveSolanaMessage(nonce, info, { programId: this.programId, decode: solanaOutboundDecoder() });
      if ("rejected" in derived) rejected.push(derived.rejected);
      else messages.push(derived);
      this.#seen.delete(nonce);
      last = nonce;
    }
    if (last < first) return null;
    return { messages, rejected, toBlock: last };
  }
}

/** How {@link deriveSolanaMessage} checks and decodes an account. */
export interface DeriveSolanaMessageOptions {
  readonly programId: PublicKey;
  /** The IDL decoder of `OutboundMessage` (checks the account discriminator). */
  readonly decode: (data: Buffer) => OutboundAccount;
}

/**
 * Re-derives the outbound message stored in the account of `nonce`, or names it rejected (by the keccak of its
 * message bytes, or of the account data when they cannot be read).
 *
 * @example
 * ```ts
 * const observed = deriveSolanaMessage(1n, accountInfo, { programId, decode });
 * if ("rejected" in observed) console.warn("not signed", observed.rejected);
 * ```
 */
export function deriveSolanaMessage(nonce: bigint, info: AccountInfo<Buffer>, o: DeriveSolanaMessageOptions): ObservedMessage | { rejected: Hex } {
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
