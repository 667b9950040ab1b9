/**
 * The Node side of the Solana wallet-standard test wallet: signs with a development keypair held in Node (legacy and
 * v0 transactions alike), sends through the configured JSON-RPC, signs messages (ed25519).
 */
import { ed25519 } from "@noble/curves/ed25519";
import { Connection, Keypair, type TransactionVersion, VersionedTransaction } from "@solana/web3.js";
import type { WalletAnswer, WalletEventSink } from "./protocol.js";

/** Options of the Solana test wallet. */
export interface TestSolanaWalletOptions {
  /** The 64-byte secret key (solana-keygen format). */
  readonly secretKey: Uint8Array | readonly number[];
  /** The JSON-RPC endpoint `solana:signAndSendTransaction` sends to (for every chain the wallet lists). */
  readonly rpcUrl: string;
  /** Wallet-standard chains (default `solana:localnet`, `solana:devnet`). */
  readonly chains?: readonly string[];
  /** Already connected at start (a silent connect returns the account); default false. */
  readonly connected?: boolean;
}

/** One entry of the wallet's log of what it signed. */
export interface SolanaSignedEntry {
  readonly method: "signTransaction" | "signAndSendTransaction" | "signMessage";
  /** The signed transaction's first signature (base64) or the message signature. */
  readonly signature: Uint8Array;
  /** The signed transaction or message. */
  readonly bytes: Uint8Array;
  readonly version?: TransactionVersion;
}

/** Error codes (as EIP-1193's, which wallet adapters surface in their messages). */
const USER_REJECTED = 4001;
const UNAUTHORIZED = 4100;
const FAILED = -32603;

/** The Solana test wallet (Node side). */
export class SolanaTestWallet {
  readonly keypair: Keypair;
  readonly chains: readonly string[];
  readonly connection: Connection;
  /** Everything it signed, oldest first. */
  readonly log: SolanaSignedEntry[] = [];
  #connected: boolean;
  #declineNext = false;
  #sink: WalletEventSink = async () => {};

  constructor(readonly options: TestSolanaWalletOptions) {
    this.keypair = Keypair.fromSecretKey(Uint8Array.from(options.secretKey));
    this.chains = options.chains ?? ["solana:localnet", "solana:devnet"];
    this.connection = new Connection(options.rpcUrl, "confirmed");
    this.#connected = options.connected ?? false;
  }

  /** The base58 address. */
  get address(): string {
    return this.keypair.publicKey.toBase58();
  }

  /** Where events the wallet starts go (set by installTestWallets). */
  attach(sink: WalletEventSink): void {
    this.#sink = sink;
  }

  /** Disconnects the site as its user would in the wallet; the page's wallet emits `change` with no account. */
  async disconnect(): Promise<void> {
    if (!this.#connected) return;
    this.#connected = false;
    await this.#sink([{ event: "change", data: { connected: false } }]);
  }

  /** The next request that needs the user's approval is refused with 4001 "User rejected the request.". */
  declineNext(): void {
    this.#declineNext = true;
  }

  #refusal(): WalletAnswer | undefined {
    if (!this.#connected) return { ok: false, error: { code: UNAUTHORIZED, message: "The wallet is not connected to this site." } };
    if (!this.#declineNext) return undefined;
    this.#declineNext = false;
    return { ok: false, error: { code: USER_REJECTED, message: "User rejected the request." } };
  }

  #sign(base64: string, method: SolanaSignedEntry["method"]): VersionedTransaction {
    const tx = VersionedTransaction.deserialize(Buffer.from(base64, "base64"));
    const index = tx.message.staticAccountKeys.findIndex((k) => k.equals(this.keypair.publicKey));
    if (index < 0 || index >= tx.message.header.numRequiredSignatures)
      throw new Error(`the transaction does not need ${this.address}'s signature`);
    tx.sign([this.keypair]);
    this.log.push({ method, signature: tx.signatures[0], bytes: tx.serialize(), version: tx.version });
    return tx;
  }

  /** Answers one call from the page. */
  async request(method: string, params: unknown): Promise<WalletAnswer> {
    const p = (params ?? {}) as Record<string, unknown>;
    try {
      switch (method) {
        case "connect": {
          if (!this.#connected && p.silent !== true) {
            if (this.#declineNext) {
              this.#declineNext = false;
              return { ok: false, error: { code: USER_REJECTED, message: "User rejected the request." } };
            }
            this.#connected = true;
            return { ok: true, result: { connected: true }, events: [{ event: "change", data: { connected: true } }] };
          }
          return { ok: true, result: { connected: this.#connected } };
        }
        case "disconnect": {
          const was = this.#connected;
          this.#connected = false;
          return { ok: true, result: null, events: was ? [{ event: "change", data: { connected: false } }] : [] };
        }
        case "signTransaction": {
          const refused = this.#refusal();
          if (refused) return refused;
          const txs = (p.transactions as string[]).map((t) => this.#sign(t, "signTransaction"));
          return { ok: true, result: txs.map((t) => Buffer.from(t.serialize()).toString("base64")) };
        }
        case "signAndSendTransaction": {
          const refused = this.#refusal();
          if (refused) return refused;
          const tx = this.#sign(p.transaction as string, "signAndSendTransaction");
          const o = (p.options ?? {}) as {
            skipPreflight?: boolean;
            preflightCommitment?: "processed" | "confirmed" | "finalized";
            maxRetries?: number;
            minContextSlot?: number;
          };
          await this.connection.sendRawTransaction(tx.serialize(), {
            skipPreflight: o.skipPreflight,
            preflightCommitment: o.preflightCommitment,
            maxRetries: o.maxRetries,
            minContextSlot: o.minContextSlot,
          });
          return { ok: true, result: Buffer.from(tx.signatures[0]).toString("base64") };
        }
        case "signMessage": {
          const refused = this.#refusal();
          if (refused) return refused;
          const signatures = (p.messages as string[]).map((m) => {
            const bytes = Buffer.from(m, "base64");
            const signature = ed25519.sign(bytes, this.keypair.secretKey.slice(0, 32));
            this.log.push({ method, signature, bytes });
            return Buffer.from(signature).toString("base64");
          });
          return { ok: true, result: signatures };
        }
        default:
          return { ok: false, error: { code: 4200, message: `The test wallet does not support ${method}.` } };
      }
    } catch (e) {
      return { ok: false, error: { code: FAILED, message: e instanceof Error ? e.message : String(e) } };
    }
  }
}
