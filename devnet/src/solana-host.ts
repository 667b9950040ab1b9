/**
 * An in-process Solana chain for tests and the demo: the native addon built from
 * `programs-solana/node-host` (a solana-program-test bank with the five Calctra programs built for the
 * host and the real SPL Token / Token-2022 / ATA programs) answers the JSON-RPC of a genuine
 * `@solana/web3.js` {@link Connection}. Anything written against a `Connection` (AnchorProvider,
 * `program.methods…rpc()/simulate()`, `program.account…fetch/all()`, `@solana/spl-token`) runs unchanged.
 *
 * What the native host cannot tell: compute units (natively built programs are builtins, so
 * `unitsConsumed` is not what the SBF program would use), stack / heap limits, SBF-specific behaviour
 * and real syscall costs. `emit!` events do not reach the logs natively.
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { join, resolve } from "node:path";
import { utils } from "@coral-xyz/anchor";
import {
  Connection,
  Keypair,
  PublicKey,
  TransactionExpiredBlockheightExceededError,
  VersionedTransaction,
  type AccountChangeCallback,
  type Commitment,
  type RpcResponseAndContext,
  type SignatureResult,
  type TransactionConfirmationStrategy,
  type TransactionSignature,
} from "@solana/web3.js";
import { calTokenIdl, calctraBridgeIdl, governanceIdl, marketplaceIdl, stakingIdl } from "@calctra/sdk/solana";

/** Parameters of {@link startSolanaHost}. */
export interface StartSolanaHostParameters {
  /** Unix seconds the chain starts at; default 1_800_000_000n. */
  readonly startTime?: bigint;
}

/** A running in-process Solana chain. */
export interface SolanaHost {
  /** A real @solana/web3.js Connection whose JSON-RPC is answered in process by the native host. */
  readonly connection: Connection;
  /** Funded fee payer (>= 1,000,000 SOL). */
  readonly payer: Keypair;
  /** Program ids loaded in the host (read from the generated IDLs). */
  readonly programIds: {
    readonly calToken: PublicKey;
    readonly staking: PublicKey;
    readonly marketplace: PublicKey;
    readonly governance: PublicKey;
    readonly bridge: PublicKey;
  };
  /** Clock.unix_timestamp. */
  now(): Promise<bigint>;
  /** Moves the clock to `unixSeconds`; throws RangeError if that is in the past. */
  setTime(unixSeconds: bigint): Promise<void>;
  advanceTime(seconds: bigint): Promise<void>;
  airdrop(to: PublicKey, lamports: bigint): Promise<void>;
  /** Answers one JSON-RPC request object (or a batch) as a validator would; what devnet/src/solana-rpc.ts serves over HTTP. */
  respond(request: unknown): unknown;
  close(): void;
}

/** Default chain start (unix seconds). */
export const DEFAULT_SOLANA_HOST_START_TIME = 1_800_000_000n;

// ---------------------------------------------------------------------------------------------
// The addon (programs-solana/node-host/src/lib.rs).

interface NativeAccount {
  readonly lamports: bigint;
  readonly owner: string;
  readonly data: Buffer;
  readonly executable: boolean;
  readonly rentEpoch: bigint;
}
interface NativeOutcome {
  readonly signature: string;
  readonly err?: string | null;
  readonly committed: boolean;
  readonly logs: string[];
  readonly computeUnitsConsumed: bigint;
  readonly fee: bigint;
  readonly slot: number;
}
interface NativeRecord {
  readonly signature: string;
  readonly slot: number;
  readonly blockTime: number;
  readonly err?: string | null;
  readonly logs: string[];
  readonly computeUnitsConsumed: bigint;
  readonly fee: bigint;
  readonly preBalances: bigint[];
  readonly postBalances: bigint[];
  readonly wire: Buffer;
}
interface NativeHost {
  close(): void;
  payerSecretKey(): Buffer;
  processTransaction(wire: Buffer): NativeOutcome;
  simulateTransaction(wire: Buffer, sigVerify: boolean, replaceRecentBlockhash: boolean): NativeOutcome;
  getAccount(address: string): NativeAccount | null;
  programAccounts(owner: string): { pubkey: string; account: NativeAccount }[];
  latestBlockhash(): { blockhash: string; lastValidBlockHeight: number; slot: number };
  isBlockhashValid(blockhash: string): boolean;
  clock(): { slot: number; epoch: number; unixTimestamp: bigint; epochStartTimestamp: bigint; leaderScheduleEpoch: number };
  setUnixTimestamp(unixTimestamp: bigint): void;
  airdrop(to: string, lamports: bigint): NativeOutcome;
  minimumBalanceForRentExemption(dataLength: number): bigint;
  feeForMessage(message: Buffer): bigint;
  slot(): number;
  blockHeight(): number;
  epochInfo(): {
    absoluteSlot: number;
    blockHeight: number;
    epoch: number;
    slotIndex: number;
    slotsInEpoch: number;
    transactionCount: number;
  };
  genesisHash(): string;
  transaction(signature: string): NativeRecord | null;
}
interface NativeModule {
  readonly SolanaHost: { start(startTime: bigint): NativeHost };
}

/**
 * Where the addon is loaded from: `CALCTRA_SOLANA_HOST`, else
 * `$CARGO_TARGET_DIR/debug/libcalctra_node_host.so` (CARGO_TARGET_DIR defaults to
 * `~/.cache/calctra/cargo-target`, as in the build scripts).
 *
 * @example
 * ```ts
 * console.log(solanaHostAddonPath()); // /root/.cache/calctra/cargo-target/debug/libcalctra_node_host.so
 * ```
 */
export function solanaHostAddonPath(): string {
  const explicit = process.env.CALCTRA_SOLANA_HOST;
  if (explicit !== undefined && explicit !== "") return resolve(explicit);
  const target = process.env.CARGO_TARGET_DIR || join(homedir(), ".cache", "calctra", "cargo-target");
  const file = process.platform === "darwin" ? "libcalctra_node_host.dylib" : "libcalctra_node_host.so";
  return resolve(target, "debug", file);
}

/**
 * Builds the host addon when it is missing (a fresh clone: the one cargo build of programs-solana/scripts/build-host.sh,
 * ~20 min cold, cached under `$HOME/.cache/calctra`); for tests that allow that long before they start the host.
 *
 * @example
 * ```ts
 * before(async function () { this.timeout(45 * 60_000); await buildSolanaHostIfMissing(); });
 * ```
 */
export function buildSolanaHostIfMissing(): void {
  if (existsSync(solanaHostAddonPath())) return;
  execFileSync("bash", [new URL("../../programs-solana/scripts/build-host.sh", import.meta.url).pathname], {
    stdio: ["ignore", "ignore", "inherit"],
  });
}

const loaded = new Map<string, NativeModule>();

function loadAddon(): NativeModule {
  const path = solanaHostAddonPath();
  const cached = loaded.get(path);
  if (cached !== undefined) return cached;
  if (!existsSync(path)) {
    throw new Error(
      `Solana host addon not found at ${path}: run \`bash programs-solana/scripts/build-host.sh\` (or set CALCTRA_SOLANA_HOST)`,
    );
  }
  const holder: { exports: unknown } = { exports: {} };
  process.dlopen(holder, path);
  const module = holder.exports as NativeModule;
  if (typeof module.SolanaHost?.start !== "function") throw new Error(`${path} is not the Calctra Solana host addon`);
  loaded.set(path, module);
  return module;
}

// ---------------------------------------------------------------------------------------------
// JSON-RPC answered in process.

/** A JSON-RPC error object as a validator sends it. */
class RpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly data?: unknown,
  ) {
    super(message);
  }
}

const INVALID_PARAMS = -32602;
const METHOD_NOT_FOUND = -32601;
const SEND_TRANSACTION_PREFLIGHT_FAILURE = -32002;
const SIGNATURE_VERIFICATION_FAILURE = -32003;
const UNSUPPORTED_TRANSACTION_VERSION = -32015;
const TOKEN_PROGRAMS = new Set(["TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA", "TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb"]);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Config = Record<string, unknown>;

const bs58 = utils.bytes.bs58;
const parseErr = (err: string | null | undefined): Json => (err === undefined || err === null ? null : (JSON.parse(err) as Json));

/** The validator's wording of a transaction error (`Transaction simulation failed: …`). */
function describeError(err: Json): string {
  if (typeof err === "string") return err.replace(/([a-z0-9])([A-Z])/g, "$1 $2");
  if (err !== null && typeof err === "object" && !Array.isArray(err)) {
    const ix = err.InstructionError;
    if (Array.isArray(ix)) {
      const [index, inner] = ix;
      const custom = inner !== null && typeof inner === "object" && !Array.isArray(inner) ? inner.Custom : undefined;
      const what = typeof custom === "number" ? `custom program error: 0x${custom.toString(16)}` : JSON.stringify(inner);
      return `Error processing Instruction ${String(index)}: ${what}`;
    }
  }
  return JSON.stringify(err);
}

function configOf(params: unknown[], index: number): Config {
  const c = params[index];
  return c !== null && typeof c === "object" && !Array.isArray(c) ? (c as Config) : {};
}

function stringParam(params: unknown[], index: number, what: string): string {
  const v = params[index];
  if (typeof v !== "string") throw new RpcError(INVALID_PARAMS, `Invalid params: ${what} must be a string`);
  return v;
}

function pubkeyParam(params: unknown[], index: number): string {
  const v = stringParam(params, index, "public key");
  try {
    return new PublicKey(v).toBase58();
  } catch {
    throw new RpcError(INVALID_PARAMS, `Invalid param: ${v} is not a public key`);
  }
}

function decodeWire(text: string, encoding: unknown): Buffer {
  if (encoding === "base64") return Buffer.from(text, "base64");
  if (encoding === undefined || encoding === "base58") return Buffer.from(bs58.decode(text));
  throw new RpcError(INVALID_PARAMS, `Invalid params: unsupported encoding ${String(encoding)}`);
}

function encodeAccount(account: NativeAccount, config: Config): Json {
  const encoding = config.encoding ?? "base58";
  let data: Buffer = account.data;
  const slice = config.dataSlice as { offset?: number; length?: number } | undefined;
  if (slice !== undefined) data = data.subarray(slice.offset ?? 0, (slice.offset ?? 0) + (slice.length ?? data.length));
  let encoded: Json;
  if (encoding === "base64") encoded = [data.toString("base64"), "base64"];
  else if (encoding === "base58") encoded = [bs58.encode(data), "base58"];
  else throw new RpcError(INVALID_PARAMS, `Encoding ${String(encoding)} is not supported by the in-process Solana host (use base64)`);
  return {
    data: encoded,
    executable: account.executable,
    lamports: Number(account.lamports),
    owner: account.owner,
    rentEpoch: Number(account.rentEpoch),
    space: account.data.length,
  };
}

function matchesFilters(data: Buffer, filters: unknown): boolean {
  if (filters === undefined || filters === null) return true;
  if (!Array.isArray(filters)) throw new RpcError(INVALID_PARAMS, "Invalid params: filters must be an array");
  return filters.every((filter: unknown) => {
    const f = (filter ?? {}) as { dataSize?: unknown; memcmp?: { offset?: unknown; bytes?: unknown; encoding?: unknown } };
    if (f.dataSize !== undefined) return data.length === Number(f.dataSize);
    if (f.memcmp !== undefined) {
      const offset = Number(f.memcmp.offset ?? 0);
      if (typeof f.memcmp.bytes !== "string") throw new RpcError(INVALID_PARAMS, "Invalid params: memcmp.bytes must be a string");
      const bytes = f.memcmp.encoding === "base64" ? Buffer.from(f.memcmp.bytes, "base64") : Buffer.from(bs58.decode(f.memcmp.bytes));
      return offset + bytes.length <= data.length && data.subarray(offset, offset + bytes.length).equals(bytes);
    }
    throw new RpcError(INVALID_PARAMS, `Invalid params: unsupported filter ${JSON.stringify(filter)}`);
  });
}

function tokenAmount(amount: bigint, decimals: number): Json {
  const scale = 10n ** BigInt(decimals);
  const whole = amount / scale;
  const fraction = (amount % scale).toString().padStart(decimals, "0").replace(/0+$/, "");
  const uiAmountString = fraction === "" ? whole.toString() : `${whole.toString()}.${fraction}`;
  return { amount: amount.toString(), decimals, uiAmount: Number(uiAmountString), uiAmountString };
}

/** The `json` encoding of a transaction (what `getTransaction` returns without an `encoding`). */
function transactionJson(wire: Buffer): { json: Json; version: "legacy" | number } {
  const tx = VersionedTransaction.deserialize(wire);
  const message = tx.message;
  const json: { [key: string]: Json } = {
    signatures: tx.signatures.map((s) => bs58.encode(s)),
    message: {
      header: { ...message.header },
      accountKeys: message.staticAccountKeys.map((k) => k.toBase58()),
      recentBlockhash: message.recentBlockhash,
      instructions: message.compiledInstructions.map((ix) => ({
        programIdIndex: ix.programIdIndex,
        accounts: [...ix.accountKeyIndexes],
        data: bs58.encode(ix.data),
        stackHeight: null,
      })),
      ...(message.version === 0
        ? {
            addressTableLookups: message.addressTableLookups.map((l) => ({
              accountKey: l.accountKey.toBase58(),
              writableIndexes: [...l.writableIndexes],
              readonlyIndexes: [...l.readonlyIndexes],
            })),
          }
        : {}),
    },
  };
  return { json, version: message.version };
}

/** Answers one JSON-RPC call from the native host. */
class RpcHandler {
  constructor(private readonly host: NativeHost) {}

  private context(): { slot: number } {
    return { slot: this.host.slot() };
  }

  private withContext(value: Json): Json {
    return { context: { ...this.context(), apiVersion: "2.3.13" }, value };
  }

  private status(signature: string): Json {
    const record = this.host.transaction(signature);
    if (record === null) return null;
    const err = parseErr(record.err);
    return {
      slot: record.slot,
      confirmations: null,
      err,
      confirmationStatus: "finalized",
      status: err === null ? { Ok: null } : { Err: err },
    };
  }

  private simulationValue(outcome: NativeOutcome): { [key: string]: Json } {
    return {
      err: parseErr(outcome.err),
      logs: outcome.logs,
      accounts: null,
      unitsConsumed: Number(outcome.computeUnitsConsumed),
      returnData: null,
      innerInstructions: null,
    };
  }

  handle(method: string, params: unknown[]): Json {
    const host = this.host;
    switch (method) {
      case "getLatestBlockhash": {
        const { blockhash, lastValidBlockHeight } = host.latestBlockhash();
        return this.withContext({ blockhash, lastValidBlockHeight });
      }
      case "isBlockhashValid":
        return this.withContext(host.isBlockhashValid(stringParam(params, 0, "blockhash")));
      case "sendTransaction": {
        const config = configOf(params, 1);
        const wire = decodeWire(stringParam(params, 0, "transaction"), config.encoding);
        if (config.skipPreflight !== true) {
          const simulated = host.simulateTransaction(wire, true, false);
          const err = parseErr(simulated.err);
          if (err === "SignatureFailure") throw new RpcError(SIGNATURE_VERIFICATION_FAILURE, "Transaction signature verification failure");
          if (err !== null) {
            throw new RpcError(
              SEND_TRANSACTION_PREFLIGHT_FAILURE,
              `Transaction simulation failed: ${describeError(err)}`,
              this.simulationValue(simulated),
            );
          }
        }
        const outcome = host.processTransaction(wire);
        if (!outcome.committed && config.skipPreflight !== true) {
          const err = parseErr(outcome.err);
          throw new RpcError(
            SEND_TRANSACTION_PREFLIGHT_FAILURE,
            `Transaction simulation failed: ${describeError(err)}`,
            this.simulationValue(outcome),
          );
        }
        // Without preflight a refused transaction simply never lands (its status stays null).
        return outcome.signature;
      }
      case "simulateTransaction": {
        const config = configOf(params, 1);
        if (config.accounts !== undefined && config.accounts !== null) {
          throw new RpcError(INVALID_PARAMS, "simulateTransaction: returning `accounts` is not supported by the in-process Solana host");
        }
        const wire = decodeWire(stringParam(params, 0, "transaction"), config.encoding);
        const replace = config.replaceRecentBlockhash === true;
        if (replace && config.sigVerify === true) {
          throw new RpcError(INVALID_PARAMS, "Invalid params: sigVerify may not be used with replaceRecentBlockhash");
        }
        const outcome = host.simulateTransaction(wire, config.sigVerify === true, replace);
        return this.withContext(this.simulationValue(outcome));
      }
      case "getSignatureStatuses": {
        const signatures = params[0];
        if (!Array.isArray(signatures)) throw new RpcError(INVALID_PARAMS, "Invalid params: expected an array of signatures");
        return this.withContext(signatures.map((s) => this.status(String(s))));
      }
      case "getTransaction": {
        const signature = stringParam(params, 0, "signature");
        const config = configOf(params, 1);
        const record = host.transaction(signature);
        if (record === null) return null;
        if (config.encoding !== undefined && config.encoding !== "json") {
          throw new RpcError(
            INVALID_PARAMS,
            `getTransaction: encoding ${String(config.encoding)} is not supported by the in-process Solana host (use json)`,
          );
        }
        const { json, version } = transactionJson(record.wire);
        const maxVersion = config.maxSupportedTransactionVersion;
        if (version === 0 && maxVersion === undefined) {
          throw new RpcError(
            UNSUPPORTED_TRANSACTION_VERSION,
            'Transaction version (0) is not supported by the requesting client. Please try the request again with the following configuration parameter: "maxSupportedTransactionVersion": 0',
          );
        }
        const err = parseErr(record.err);
        return {
          slot: record.slot,
          blockTime: record.blockTime,
          transaction: json,
          meta: {
            err,
            status: err === null ? { Ok: null } : { Err: err },
            fee: Number(record.fee),
            preBalances: record.preBalances.map(Number),
            postBalances: record.postBalances.map(Number),
            // Inner instructions and token balances are not recorded by the host.
            innerInstructions: null,
            preTokenBalances: null,
            postTokenBalances: null,
            logMessages: record.logs,
            rewards: [],
            loadedAddresses: { writable: [], readonly: [] },
            computeUnitsConsumed: Number(record.computeUnitsConsumed),
          },
          ...(maxVersion !== undefined ? { version } : {}),
        };
      }
      case "getAccountInfo": {
        const account = host.getAccount(pubkeyParam(params, 0));
        return this.withContext(account === null ? null : encodeAccount(account, configOf(params, 1)));
      }
      case "getMultipleAccounts": {
        const keys = params[0];
        if (!Array.isArray(keys)) throw new RpcError(INVALID_PARAMS, "Invalid params: expected an array of public keys");
        const config = configOf(params, 1);
        return this.withContext(
          keys.map((_, i) => {
            const account = host.getAccount(pubkeyParam(keys, i));
            return account === null ? null : encodeAccount(account, config);
          }),
        );
      }
      case "getBalance": {
        const account = host.getAccount(pubkeyParam(params, 0));
        return this.withContext(account === null ? 0 : Number(account.lamports));
      }
      case "getTokenAccountBalance": {
        const address = pubkeyParam(params, 0);
        const account = host.getAccount(address);
        if (account === null || !TOKEN_PROGRAMS.has(account.owner) || account.data.length < 165) {
          throw new RpcError(INVALID_PARAMS, "Invalid param: not a Token account");
        }
        const mint = host.getAccount(new PublicKey(account.data.subarray(0, 32)).toBase58());
        if (mint === null || mint.data.length < 82) throw new RpcError(INVALID_PARAMS, "Invalid param: could not find mint");
        return this.withContext(tokenAmount(account.data.readBigUInt64LE(64), mint.data.readUInt8(44)));
      }
      case "getMinimumBalanceForRentExemption": {
        const length = Number(params[0] ?? 0);
        if (!Number.isInteger(length) || length < 0)
          throw new RpcError(INVALID_PARAMS, "Invalid params: data length must be a non-negative integer");
        return Number(host.minimumBalanceForRentExemption(length));
      }
      case "getProgramAccounts": {
        const owner = pubkeyParam(params, 0);
        const config = configOf(params, 1);
        const value = host
          .programAccounts(owner)
          .filter(({ account }) => matchesFilters(account.data, config.filters))
          .map(({ pubkey, account }) => ({ pubkey, account: encodeAccount(account, config) }));
        return config.withContext === true ? this.withContext(value) : value;
      }
      case "getTokenAccountsByOwner": {
        const owner = new PublicKey(pubkeyParam(params, 0)).toBuffer();
        const selector = configOf(params, 1);
        const config = configOf(params, 2);
        const mint = typeof selector.mint === "string" ? new PublicKey(selector.mint).toBuffer() : undefined;
        const programs = typeof selector.programId === "string" ? [selector.programId] : [...TOKEN_PROGRAMS];
        const value = programs.flatMap((program) =>
          host
            .programAccounts(program)
            .filter(({ account }) => account.data.length >= 165 && account.data.subarray(32, 64).equals(owner))
            .filter(({ account }) => mint === undefined || account.data.subarray(0, 32).equals(mint))
            .map(({ pubkey, account }) => ({ pubkey, account: encodeAccount(account, config) })),
        );
        return this.withContext(value);
      }
      case "requestAirdrop": {
        const to = pubkeyParam(params, 0);
        const lamports = params[1];
        if (typeof lamports !== "number" || !Number.isSafeInteger(lamports) || lamports < 0) {
          throw new RpcError(INVALID_PARAMS, "Invalid params: lamports must be a non-negative integer");
        }
        const outcome = host.airdrop(to, BigInt(lamports));
        if (outcome.err !== undefined && outcome.err !== null) {
          throw new RpcError(-32603, `airdrop of ${lamports} lamports to ${to} failed: ${describeError(parseErr(outcome.err))}`);
        }
        return outcome.signature;
      }
      case "getFeeForMessage": {
        const message = Buffer.from(stringParam(params, 0, "message"), "base64");
        return this.withContext(Number(host.feeForMessage(message)));
      }
      case "getSlot":
        return host.slot();
      case "getBlockHeight":
        return host.blockHeight();
      case "getEpochInfo":
        return host.epochInfo();
      case "getVersion":
        return { "solana-core": "2.3.13", "feature-set": 0 };
      case "getGenesisHash":
        return host.genesisHash();
      case "getHealth":
        return "ok";
      default:
        throw new RpcError(METHOD_NOT_FOUND, `Method not found: ${method} is not supported by the in-process Solana host`);
    }
  }

  /** One JSON-RPC request object → one response object. */
  respond(request: unknown): Json {
    const r = (request ?? {}) as { id?: Json; method?: unknown; params?: unknown };
    const id = r.id ?? null;
    try {
      if (typeof r.method !== "string") throw new RpcError(-32600, "Invalid request: no method");
      const params = Array.isArray(r.params) ? (r.params as unknown[]) : [];
      return { jsonrpc: "2.0", id, result: this.handle(r.method, params) };
    } catch (e) {
      if (e instanceof RpcError) {
        return {
          jsonrpc: "2.0",
          id,
          error: { code: e.code, message: e.message, ...(e.data !== undefined ? { data: e.data as Json } : {}) },
        };
      }
      return { jsonrpc: "2.0", id, error: { code: -32603, message: `Internal error: ${e instanceof Error ? e.message : String(e)}` } };
    }
  }
}

/** The id web3.js hands out for a subscription (not exported by @solana/web3.js). */
type ClientSubscriptionId = ReturnType<Connection["onSlotChange"]>;

const notSupported = (what: string): never => {
  throw new Error(`${what} needs a websocket, which the in-process Solana host does not provide; poll instead`);
};

/** A Connection that confirms by reading signature statuses (no websocket) and has no subscriptions. */
class HostConnection extends Connection {
  constructor(...args: ConstructorParameters<typeof Connection>) {
    super(...args);
    // The host moves a slot forward on every blockhash request, so a blockhash web3.js cached for 30 s can be more
    // than 150 slots old by the time it is used ("Blockhash Not Found" under load): always ask for a fresh one.
    (this as unknown as { _disableBlockhashCaching: boolean })._disableBlockhashCaching = true;
  }

  override async confirmTransaction(
    strategy: TransactionConfirmationStrategy,
    commitment?: Commitment,
  ): Promise<RpcResponseAndContext<SignatureResult>>;
  /** @deprecated Instead, call `confirmTransaction` and pass in {@link TransactionConfirmationStrategy} */
  override async confirmTransaction(
    strategy: TransactionSignature,
    commitment?: Commitment,
  ): Promise<RpcResponseAndContext<SignatureResult>>;
  override async confirmTransaction(
    strategy: TransactionConfirmationStrategy | TransactionSignature,
    _commitment?: Commitment,
  ): Promise<RpcResponseAndContext<SignatureResult>> {
    const signature = typeof strategy === "string" ? strategy : strategy.signature;
    const { context, value } = await this.getSignatureStatus(signature);
    // Transactions execute synchronously: an unknown signature never landed (refused without preflight).
    if (value === null) throw new TransactionExpiredBlockheightExceededError(signature);
    return { context, value: { err: value.err } };
  }

  override onAccountChange(_publicKey: PublicKey, _callback: AccountChangeCallback, _config?: unknown): ClientSubscriptionId {
    return notSupported("onAccountChange");
  }
  override onProgramAccountChange(): ClientSubscriptionId {
    return notSupported("onProgramAccountChange");
  }
  override onLogs(): ClientSubscriptionId {
    return notSupported("onLogs");
  }
  override onSlotChange(): ClientSubscriptionId {
    return notSupported("onSlotChange");
  }
  override onSlotUpdate(): ClientSubscriptionId {
    return notSupported("onSlotUpdate");
  }
  override onSignature(): ClientSubscriptionId {
    return notSupported("onSignature");
  }
  override onSignatureWithOptions(): ClientSubscriptionId {
    return notSupported("onSignatureWithOptions");
  }
  override onRootChange(): ClientSubscriptionId {
    return notSupported("onRootChange");
  }
}

/**
 * Starts an in-process Solana chain with every Calctra program loaded (natively built) and returns a
 * {@link SolanaHost}: a genuine web3.js `Connection` answered by the host, a funded payer, the program
 * ids and clock control. Hosts are independent; call `close()` when done.
 *
 * Requires the addon: `bash programs-solana/scripts/build-host.sh`.
 *
 * @example
 * ```ts
 * import { AnchorProvider, Program, Wallet } from "@coral-xyz/anchor";
 * import { calTokenIdl, type CalTokenIdl } from "@calctra/sdk/solana";
 *
 * const host = await startSolanaHost({ startTime: 1_800_000_000n });
 * const provider = new AnchorProvider(host.connection, new Wallet(host.payer), { commitment: "confirmed" });
 * const calToken = new Program<CalTokenIdl>(calTokenIdl as unknown as CalTokenIdl, provider);
 * await host.advanceTime(3_600n);
 * console.log(await host.now()); // 1800003600n
 * host.close();
 * ```
 */
export async function startSolanaHost(parameters: StartSolanaHostParameters = {}): Promise<SolanaHost> {
  const startTime = parameters.startTime ?? DEFAULT_SOLANA_HOST_START_TIME;
  const native = loadAddon().SolanaHost.start(startTime);
  try {
    const programIds = {
      calToken: new PublicKey(calTokenIdl.address),
      staking: new PublicKey(stakingIdl.address),
      marketplace: new PublicKey(marketplaceIdl.address),
      governance: new PublicKey(governanceIdl.address),
      bridge: new PublicKey(calctraBridgeIdl.address),
    } as const;
    for (const [name, id] of Object.entries(programIds)) {
      if (native.getAccount(id.toBase58())?.executable !== true) {
        throw new Error(
          `program ${name} (${id.toBase58()} in the generated IDL) is not loaded in the Solana host: regenerate the IDLs (npx tsx sdk/scripts/gen-idls.ts) and rebuild the host`,
        );
      }
    }
    const rpc = new RpcHandler(native);
    let closed = false;
    const fetch: typeof globalThis.fetch = async (_input, init) => {
      if (closed) throw new Error("the Solana host is closed");
      const request = JSON.parse(String(init?.body ?? "null")) as unknown;
      const response = Array.isArray(request) ? request.map((r) => rpc.respond(r)) : rpc.respond(request);
      return new Response(JSON.stringify(response), { status: 200, headers: { "content-type": "application/json" } });
    };
    const connection = new HostConnection("http://solana-host.calctra.invalid", {
      fetch,
      commitment: "confirmed",
      disableRetryOnRateLimit: true,
    });
    const payer = Keypair.fromSecretKey(native.payerSecretKey());
    const now = async (): Promise<bigint> => native.clock().unixTimestamp;
    const setTime = async (unixSeconds: bigint): Promise<void> => {
      const current = native.clock().unixTimestamp;
      if (unixSeconds < current) throw new RangeError(`cannot move the Solana host clock back from ${current} to ${unixSeconds}`);
      native.setUnixTimestamp(unixSeconds);
    };
    return {
      connection,
      payer,
      programIds,
      now,
      setTime,
      async advanceTime(seconds: bigint): Promise<void> {
        if (seconds < 0n) throw new RangeError(`cannot advance the Solana host clock by a negative amount (${seconds})`);
        await setTime(native.clock().unixTimestamp + seconds);
      },
      async airdrop(to: PublicKey, lamports: bigint): Promise<void> {
        const outcome = native.airdrop(to.toBase58(), lamports);
        if (outcome.err !== undefined && outcome.err !== null) {
          throw new Error(`airdrop of ${lamports} lamports to ${to.toBase58()} failed: ${describeError(parseErr(outcome.err))}`);
        }
      },
      respond(request: unknown): unknown {
        if (closed) throw new Error("the Solana host is closed");
        return Array.isArray(request) ? request.map((r) => rpc.respond(r)) : rpc.respond(request);
      },
      close(): void {
        closed = true;
        native.close();
      },
    };
  } catch (e) {
    native.close();
    throw e;
  }
}
