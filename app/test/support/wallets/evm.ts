/**
 * The Node side of the EVM test wallet: an EIP-1193 provider's answers, signed with a development key that never
 * enters the page. Transactions are signed with viem and sent to the current chain's JSON-RPC; every method the
 * wallet does not answer itself is forwarded to that RPC unchanged (so a node's revert, code 3 with its data, reaches
 * the page as the node sent it and viem decodes custom errors).
 */
import {
  type Address,
  BaseError,
  createWalletClient,
  type Hex,
  hexToBigInt,
  http,
  numberToHex,
  RpcRequestError,
  type TypedDataDefinition,
} from "viem";
import { type PrivateKeyAccount, privateKeyToAccount } from "viem/accounts";
import type { WalletAnswer, WalletCallError, WalletEvent, WalletEventSink } from "./protocol.js";

/** One chain the EVM test wallet can switch to. */
export interface TestEvmChain {
  readonly chainId: number;
  readonly rpcUrl: string;
}

/** Options of the EVM test wallet. */
export interface TestEvmWalletOptions {
  /** The development key (held in Node). */
  readonly privateKey: Hex;
  /** The chains it knows, the first being current at start. */
  readonly chains: readonly TestEvmChain[];
  /** Already connected to the page at start (eth_accounts answers without eth_requestAccounts); default false. */
  readonly connected?: boolean;
}

/** One entry of the wallet's log of what it signed. */
export interface EvmSignedEntry {
  readonly method: "eth_sendTransaction" | "personal_sign" | "eth_signTypedData_v4";
  readonly chainId: number;
  readonly params: unknown;
  /** The transaction hash or the signature. */
  readonly result: Hex;
}

/** EIP-1193 error codes the wallet answers with. */
export const EIP1193_ERRORS = {
  userRejected: 4001,
  unauthorized: 4100,
  unsupportedMethod: 4200,
  unrecognizedChain: 4902,
  invalidParams: -32602,
  internal: -32603,
} as const;

const hexChain = (id: number): Hex => numberToHex(id);
const quantity = (v: unknown): bigint | undefined => (typeof v === "string" ? hexToBigInt(v as Hex) : undefined);

/** The error a viem call failed with, as the node sent it when it came from the node. */
function rpcErrorOf(e: unknown): WalletCallError {
  if (e instanceof BaseError) {
    const rpc = e.walk((x) => x instanceof RpcRequestError) as RpcRequestError | null;
    if (rpc) return { code: rpc.code, message: rpc.details || rpc.shortMessage, ...(rpc.data === undefined ? {} : { data: rpc.data }) };
    return { code: EIP1193_ERRORS.internal, message: e.shortMessage };
  }
  return { code: EIP1193_ERRORS.internal, message: e instanceof Error ? e.message : String(e) };
}

/** The EVM test wallet (Node side): its address, current chain and signing log. */
export class EvmTestWallet {
  readonly account: PrivateKeyAccount;
  /** Everything it signed, oldest first. */
  readonly log: EvmSignedEntry[] = [];
  #chain: TestEvmChain;
  #connected: boolean;
  #declineNext = false;
  #rpcId = 0;
  #sink: WalletEventSink = async () => {};

  constructor(readonly options: TestEvmWalletOptions) {
    if (options.chains.length === 0) throw new RangeError("the EVM test wallet needs at least one chain");
    this.account = privateKeyToAccount(options.privateKey);
    this.#chain = options.chains[0];
    this.#connected = options.connected ?? false;
  }

  get address(): Address {
    return this.account.address;
  }

  /** The chain the wallet is on. */
  get chainId(): number {
    return this.#chain.chainId;
  }

  /** The page's first chainId (for the EIP-1193 `connect` event). */
  get initialChainId(): Hex {
    return hexChain(this.#chain.chainId);
  }

  /** Where events the wallet starts go (set by installTestWallets). */
  attach(sink: WalletEventSink): void {
    this.#sink = sink;
  }

  /** Switches the wallet's chain as its user would in the wallet's own UI; the page gets `chainChanged`. */
  async switchChain(chainId: number): Promise<void> {
    const chain = this.options.chains.find((c) => c.chainId === chainId);
    if (!chain) throw new RangeError(`the EVM test wallet has no chain ${chainId}`);
    if (chain.chainId === this.#chain.chainId) return;
    this.#chain = chain;
    await this.#sink([{ event: "chainChanged", data: hexChain(chain.chainId) }]);
  }

  /** Disconnects the site as its user would in the wallet; the page gets `accountsChanged` with no account. */
  async disconnect(): Promise<void> {
    if (!this.#connected) return;
    this.#connected = false;
    await this.#sink([{ event: "accountsChanged", data: [] }]);
  }

  /** The next request that needs the user's approval is refused with 4001 (as a user clicking "Reject"). */
  declineNext(): void {
    this.#declineNext = true;
  }

  #approve(): WalletAnswer | undefined {
    if (!this.#declineNext) return undefined;
    this.#declineNext = false;
    return { ok: false, error: { code: EIP1193_ERRORS.userRejected, message: "User rejected the request." } };
  }

  #checkFrom(from: unknown): WalletAnswer | undefined {
    if (!this.#connected)
      return { ok: false, error: { code: EIP1193_ERRORS.unauthorized, message: "The wallet is not connected to this site." } };
    if (typeof from === "string" && from.toLowerCase() !== this.address.toLowerCase())
      return { ok: false, error: { code: EIP1193_ERRORS.unauthorized, message: `The wallet does not hold ${from}.` } };
    return undefined;
  }

  async #forward(method: string, params: unknown): Promise<WalletAnswer> {
    const response = await fetch(this.#chain.rpcUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: ++this.#rpcId, method, params }),
    });
    const body = (await response.json()) as { result?: unknown; error?: WalletCallError };
    return body.error ? { ok: false, error: body.error } : { ok: true, result: body.result ?? null };
  }

  /** Answers one EIP-1193 request. */
  async request(method: string, params: unknown): Promise<WalletAnswer> {
    const list = Array.isArray(params) ? (params as unknown[]) : [];
    try {
      switch (method) {
        case "eth_requestAccounts":
        case "wallet_requestPermissions": {
          const events: WalletEvent[] = [];
          if (!this.#connected) {
            const refused = this.#approve();
            if (refused) return refused;
            this.#connected = true;
            events.push({ event: "accountsChanged", data: [this.address] });
          }
          const result = method === "eth_requestAccounts" ? [this.address] : [{ parentCapability: "eth_accounts", caveats: [] }];
          return { ok: true, result, events };
        }
        case "eth_accounts":
          return { ok: true, result: this.#connected ? [this.address] : [] };
        case "wallet_getPermissions":
          return { ok: true, result: this.#connected ? [{ parentCapability: "eth_accounts", caveats: [] }] : [] };
        case "wallet_revokePermissions": {
          const was = this.#connected;
          this.#connected = false;
          return { ok: true, result: null, events: was ? [{ event: "accountsChanged", data: [] }] : [] };
        }
        case "eth_chainId":
          return { ok: true, result: hexChain(this.#chain.chainId) };
        case "net_version":
          return { ok: true, result: String(this.#chain.chainId) };
        case "wallet_switchEthereumChain":
        case "wallet_addEthereumChain": {
          const wanted = (list[0] as { chainId?: string } | undefined)?.chainId;
          const chain = this.options.chains.find((c) => typeof wanted === "string" && BigInt(wanted) === BigInt(c.chainId));
          if (!chain)
            return {
              ok: false,
              error:
                method === "wallet_switchEthereumChain"
                  ? {
                      code: EIP1193_ERRORS.unrecognizedChain,
                      message: `Unrecognized chain ID "${wanted}". Try adding the chain using wallet_addEthereumChain first.`,
                    }
                  : { code: EIP1193_ERRORS.unsupportedMethod, message: "The test wallet only knows the chains it was installed with." },
            };
          const changed = chain.chainId !== this.#chain.chainId;
          this.#chain = chain;
          return { ok: true, result: null, events: changed ? [{ event: "chainChanged", data: hexChain(chain.chainId) }] : [] };
        }
        case "eth_sendTransaction": {
          const tx = (list[0] ?? {}) as Record<string, unknown>;
          const refused = this.#checkFrom(tx.from) ?? this.#approve();
          if (refused) return refused;
          const client = createWalletClient({ account: this.account, transport: http(this.#chain.rpcUrl, { retryCount: 0 }) });
          const hash = await client.sendTransaction({
            chain: null,
            to: (tx.to as Address | undefined) ?? null,
            data: tx.data as Hex | undefined,
            value: quantity(tx.value),
            gas: quantity(tx.gas),
            nonce: tx.nonce === undefined ? undefined : Number(quantity(tx.nonce)),
            ...(tx.gasPrice !== undefined
              ? { gasPrice: quantity(tx.gasPrice) }
              : { maxFeePerGas: quantity(tx.maxFeePerGas), maxPriorityFeePerGas: quantity(tx.maxPriorityFeePerGas) }),
          } as Parameters<typeof client.sendTransaction>[0]);
          this.log.push({ method, chainId: this.#chain.chainId, params: tx, result: hash });
          return { ok: true, result: hash };
        }
        case "personal_sign": {
          const [message, from] = list as [Hex, Address];
          const refused = this.#checkFrom(from) ?? this.#approve();
          if (refused) return refused;
          const signature = await this.account.signMessage({ message: { raw: message } });
          this.log.push({ method, chainId: this.#chain.chainId, params: list, result: signature });
          return { ok: true, result: signature };
        }
        case "eth_signTypedData_v4": {
          const [from, data] = list as [Address, string | object];
          const refused = this.#checkFrom(from) ?? this.#approve();
          if (refused) return refused;
          const typed = (typeof data === "string" ? JSON.parse(data) : data) as TypedDataDefinition;
          const signature = await this.account.signTypedData(typed);
          this.log.push({ method, chainId: this.#chain.chainId, params: list, result: signature });
          return { ok: true, result: signature };
        }
        case "eth_sign":
        case "eth_signTransaction":
          return { ok: false, error: { code: EIP1193_ERRORS.unsupportedMethod, message: `The test wallet does not support ${method}.` } };
        default:
          return await this.#forward(method, params);
      }
    } catch (e) {
      return { ok: false, error: rpcErrorOf(e) };
    }
  }
}
