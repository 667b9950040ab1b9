/**
 * The Node side of the TON Connect test wallet (a JS bridge): a wallet v4 (workchain 0) from a development mnemonic
 * held in Node. `sendTransaction` signs a v4 transfer with the seqno read from the endpoint (the wallet deploys itself
 * on its first send), sends the external message's BoC with `sendBoc` and answers that BoC.
 */
import { Address, beginCell, Cell, external, internal, loadStateInit, SendMode, storeMessage, storeStateInit } from "@ton/core";
import { type KeyPair, mnemonicToPrivateKey } from "@ton/crypto";
import { TonClient, WalletContractV4 } from "@ton/ton";
import {
  CHAIN,
  CONNECT_EVENT_ERROR_CODES,
  type ConnectEvent,
  type ConnectRequest,
  type DeviceInfo,
  SEND_TRANSACTION_ERROR_CODES,
  type WalletResponse,
} from "@tonconnect/protocol";
import { TEST_WALLET_NAME, type WalletAnswer, type WalletEventSink } from "./protocol.js";

/** Options of the TON test wallet. */
export interface TestTonWalletOptions {
  /** The 24 words (held in Node). */
  readonly mnemonic: readonly string[];
  /** The toncenter v2 jsonRPC endpoint (`…/api/v2/jsonRPC`). */
  readonly endpoint: string;
  /** The network the wallet says it is on (default "-239", the sandbox's global id; "-3" for testnet). */
  readonly network?: string;
  /** Already connected at start (`restoreConnection` answers the account); default false. */
  readonly connected?: boolean;
  /**
   * The wallet's clock in unix seconds, against which a request's `valid_until` is checked (default the machine's). A
   * test that moves a devnet's clock ahead gives the chain's, as a real wallet's clock agrees with its chain.
   */
  readonly now?: () => number;
}

/** One message of a signed transfer, as the app asked for it. */
export interface TonSentMessage {
  readonly address: string;
  readonly amount: string;
  readonly payload?: string;
  readonly stateInit?: string;
}

/** One entry of the wallet's log of what it signed. */
export interface TonSignedEntry {
  readonly method: "sendTransaction";
  readonly seqno: number;
  readonly messages: readonly TonSentMessage[];
  /** The external message's BoC (base64), as answered to the app. */
  readonly boc: string;
}

/** What the JS-bridge device info says (`appName` is the bridge key, as wallets lists expect). */
export const TON_TEST_WALLET_APP = { appName: "calctraTestWallet", version: "0.1.0", aboutUrl: "https://calctra.dev/test-wallet" } as const;

interface SendTransactionParams {
  readonly valid_until?: number;
  readonly network?: string;
  readonly from?: string;
  readonly messages: readonly TonSentMessage[];
}

/** The TON test wallet (Node side). */
export class TonTestWallet {
  readonly contract: WalletContractV4;
  readonly client: TonClient;
  readonly network: string;
  /** Everything it signed, oldest first. */
  readonly log: TonSignedEntry[] = [];
  #keys: KeyPair;
  #connected: boolean;
  #declineNext = false;
  #eventId = 0;
  #sink: WalletEventSink = async () => {};

  private constructor(options: TestTonWalletOptions, keys: KeyPair) {
    this.#keys = keys;
    this.contract = WalletContractV4.create({ workchain: 0, publicKey: keys.publicKey });
    this.client = new TonClient({ endpoint: options.endpoint });
    this.network = options.network ?? CHAIN.MAINNET;
    this.#connected = options.connected ?? false;
    this.#now = options.now ?? (() => Math.floor(Date.now() / 1000));
  }
  readonly #now: () => number;

  /** Derives the keys from the mnemonic. */
  static async create(options: TestTonWalletOptions): Promise<TonTestWallet> {
    return new TonTestWallet(options, await mnemonicToPrivateKey([...options.mnemonic]));
  }

  /** The wallet's address. */
  get address(): Address {
    return this.contract.address;
  }

  /** Where events the wallet starts go (set by installTestWallets). */
  attach(sink: WalletEventSink): void {
    this.#sink = sink;
  }

  /** Disconnects the app as its user would in the wallet; the bridge's listeners get a `disconnect` event. */
  async disconnect(): Promise<void> {
    if (!this.#connected) return;
    this.#connected = false;
    await this.#sink([{ event: "disconnect", data: { event: "disconnect", id: ++this.#eventId, payload: {} } }]);
  }

  /** The next connect or sendTransaction is refused with code 300 (as a user clicking "Decline"). */
  declineNext(): void {
    this.#declineNext = true;
  }

  #device(): DeviceInfo {
    return {
      platform: "browser",
      appName: TON_TEST_WALLET_APP.appName,
      appVersion: TON_TEST_WALLET_APP.version,
      maxProtocolVersion: 2,
      features: ["SendTransaction", { name: "SendTransaction", maxMessages: 4 }],
    };
  }

  #connectEvent(): ConnectEvent {
    const stateInit = beginCell().store(storeStateInit(this.contract.init)).endCell().toBoc().toString("base64");
    return {
      event: "connect",
      id: ++this.#eventId,
      payload: {
        items: [
          {
            name: "ton_addr",
            address: this.address.toRawString(),
            network: this.network,
            publicKey: this.#keys.publicKey.toString("hex"),
            walletStateInit: stateInit,
          },
        ],
        device: this.#device(),
      },
    } as ConnectEvent;
  }

  #connectError(code: CONNECT_EVENT_ERROR_CODES, message: string): ConnectEvent {
    return { event: "connect_error", id: ++this.#eventId, payload: { code, message } };
  }

  /** Answers one call from the page (TON Connect errors are answers, not failed calls). */
  async request(method: string, params: unknown): Promise<WalletAnswer> {
    const p = (params ?? {}) as Record<string, unknown>;
    switch (method) {
      case "connect": {
        const request = p.message as ConnectRequest;
        if (this.#declineNext) {
          this.#declineNext = false;
          return { ok: true, result: this.#connectError(CONNECT_EVENT_ERROR_CODES.USER_REJECTS_ERROR, "User declined the connection") };
        }
        if (request.items.some((i) => i.name === "ton_proof"))
          return {
            ok: true,
            result: this.#connectError(CONNECT_EVENT_ERROR_CODES.METHOD_NOT_SUPPORTED, "The test wallet does not sign ton_proof"),
          };
        this.#connected = true;
        return { ok: true, result: this.#connectEvent() };
      }
      case "restoreConnection":
        return {
          ok: true,
          result: this.#connected ? this.#connectEvent() : this.#connectError(CONNECT_EVENT_ERROR_CODES.UNKNOWN_APP_ERROR, "Not connected"),
        };
      case "send":
        return { ok: true, result: await this.#send(p.message as { method: string; params: string[]; id: string }) };
      default:
        return { ok: false, error: { code: 400, message: `The test wallet's bridge has no ${method}` } };
    }
  }

  async #send(message: { method: string; params: string[]; id: string }): Promise<WalletResponse<"sendTransaction" | "disconnect">> {
    const { id } = message;
    const fail = (code: number, text: string) => ({ id, error: { code, message: text } }) as WalletResponse<"sendTransaction">;
    if (message.method === "disconnect") {
      this.#connected = false;
      return { id, result: {} } as WalletResponse<"disconnect">;
    }
    if (message.method !== "sendTransaction")
      return fail(SEND_TRANSACTION_ERROR_CODES.METHOD_NOT_SUPPORTED, `The test wallet does not support ${message.method}`);
    if (!this.#connected) return fail(SEND_TRANSACTION_ERROR_CODES.UNKNOWN_APP_ERROR, "The wallet is not connected to this app");
    let request: SendTransactionParams;
    try {
      request = JSON.parse(message.params[0]) as SendTransactionParams;
    } catch {
      return fail(SEND_TRANSACTION_ERROR_CODES.BAD_REQUEST_ERROR, "sendTransaction params are not JSON");
    }
    if (this.#declineNext) {
      this.#declineNext = false;
      return fail(SEND_TRANSACTION_ERROR_CODES.USER_REJECTS_ERROR, "User declined the transaction");
    }
    const now = this.#now();
    if (request.valid_until !== undefined && Number(request.valid_until) < now)
      return fail(SEND_TRANSACTION_ERROR_CODES.BAD_REQUEST_ERROR, `Request expired: valid_until ${request.valid_until} is before ${now}`);
    if (request.network !== undefined && request.network !== this.network)
      return fail(SEND_TRANSACTION_ERROR_CODES.BAD_REQUEST_ERROR, `Wrong network: the wallet is on ${this.network}`);
    if (request.from !== undefined && !Address.parse(request.from).equals(this.address))
      return fail(SEND_TRANSACTION_ERROR_CODES.BAD_REQUEST_ERROR, `Wrong account: the wallet is ${this.address.toRawString()}`);
    if (!Array.isArray(request.messages) || request.messages.length === 0 || request.messages.length > 4)
      return fail(SEND_TRANSACTION_ERROR_CODES.BAD_REQUEST_ERROR, "sendTransaction needs 1 to 4 messages");
    try {
      const state = await this.client.getContractState(this.address);
      const deployed = state.state === "active";
      const seqno = deployed ? await this.client.open(this.contract).getSeqno() : 0;
      const body = this.contract.createTransfer({
        seqno,
        secretKey: this.#keys.secretKey,
        sendMode: SendMode.PAY_GAS_SEPARATELY + SendMode.IGNORE_ERRORS,
        timeout: request.valid_until === undefined ? undefined : Number(request.valid_until),
        messages: request.messages.map((m) =>
          internal({
            to: m.address,
            value: BigInt(m.amount),
            bounce: Address.isFriendly(m.address) ? Address.parseFriendly(m.address).isBounceable : true,
            body: m.payload ? Cell.fromBase64(m.payload) : undefined,
            init: m.stateInit ? loadStateInit(Cell.fromBase64(m.stateInit).beginParse()) : undefined,
          }),
        ),
      });
      const ext = external({ to: this.address, init: deployed ? undefined : this.contract.init, body });
      const boc = beginCell().store(storeMessage(ext)).endCell().toBoc();
      await this.client.sendFile(boc);
      const encoded = boc.toString("base64");
      this.log.push({ method: "sendTransaction", seqno, messages: request.messages, boc: encoded });
      return { id, result: encoded };
    } catch (e) {
      return fail(SEND_TRANSACTION_ERROR_CODES.UNKNOWN_ERROR, e instanceof Error ? e.message : String(e));
    }
  }
}

/**
 * The TON test wallet as an entry of a TON Connect wallets list (`walletsListSource`): TON Connect's SDK lists an
 * injected JS-bridge wallet only when a list names its bridge key, so serve a list with this entry (and nothing from
 * the internet) to a page under test. `image` is the test wallet's data-URI icon.
 */
export function tonConnectWalletsListEntry(image: string) {
  return {
    app_name: TON_TEST_WALLET_APP.appName,
    name: TEST_WALLET_NAME,
    image,
    about_url: TON_TEST_WALLET_APP.aboutUrl,
    bridge: [{ type: "js", key: TON_TEST_WALLET_APP.appName }],
    platforms: ["chrome", "firefox", "safari", "macos", "windows", "linux"],
    features: ["SendTransaction", { name: "SendTransaction", maxMessages: 4 }],
  };
}
