/**
 * The page side of the test wallets (bundled with esbuild, run by an init script before the page's own scripts).
 * It only forwards: every request goes to Node through the exposed binding, which holds the keys and signs. This
 * script announces the wallets the standard ways: EIP-6963 for the EVM provider, wallet-standard `registerWallet`
 * for Solana, and a TON Connect JS bridge at `window.calctraTestWallet.tonconnect`.
 */
import type {
  SolanaSignAndSendTransactionFeature,
  SolanaSignAndSendTransactionInput,
  SolanaSignAndSendTransactionOutput,
  SolanaSignMessageFeature,
  SolanaSignMessageInput,
  SolanaSignMessageOutput,
  SolanaSignTransactionFeature,
  SolanaSignTransactionInput,
  SolanaSignTransactionOutput,
} from "@solana/wallet-standard-features";
import type {
  IdentifierString,
  StandardConnectFeature,
  StandardConnectOutput,
  StandardDisconnectFeature,
  StandardEventsFeature,
  StandardEventsListeners,
  StandardEventsNames,
  Wallet,
  WalletAccount,
} from "@wallet-standard/core";
import { ReadonlyWalletAccount, registerWallet } from "@wallet-standard/wallet";
import {
  PAGE_CONFIG_GLOBAL,
  type PageWalletConfig,
  TEST_WALLET_NAME,
  TEST_WALLET_RDNS,
  TON_JS_BRIDGE_KEY,
  WALLET_BINDING,
  type WalletAnswer,
  type WalletCall,
  type WalletEvent,
  WALLET_EVENTS_GLOBAL,
} from "../protocol.js";

type Listener = (...args: unknown[]) => void;
const scope = globalThis as unknown as Record<string, unknown>;
const config = scope[PAGE_CONFIG_GLOBAL] as PageWalletConfig;
const binding = scope[WALLET_BINDING] as (call: WalletCall) => Promise<WalletAnswer>;

const call = (wallet: WalletCall["wallet"], method: string, params: unknown): Promise<WalletAnswer> => binding({ wallet, method, params });

/** Where events a wallet starts by itself (Node's `switchChain`, `disconnect`, …) are applied in the page. */
const sinks: Partial<Record<WalletCall["wallet"], (events: readonly WalletEvent[]) => void>> = {};
Object.defineProperty(globalThis, WALLET_EVENTS_GLOBAL, {
  value: (wallet: WalletCall["wallet"], events: readonly WalletEvent[]) => sinks[wallet]?.(events),
  enumerable: false,
});

/** An Error carrying the wallet's error code and data (EIP-1193 ProviderRpcError, wallet-standard, TON Connect). */
function walletError(e: { code: number; message: string; data?: unknown }): Error {
  return Object.assign(new Error(e.message), e.data === undefined ? { code: e.code } : { code: e.code, data: e.data });
}

const toBase64 = (bytes: Uint8Array): string => {
  let s = "";
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
};
const fromBase64 = (text: string): Uint8Array => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

class Emitter {
  readonly #listeners = new Map<string, Set<Listener>>();
  on(event: string, listener: Listener): this {
    if (!this.#listeners.has(event)) this.#listeners.set(event, new Set());
    this.#listeners.get(event)?.add(listener);
    return this;
  }
  removeListener(event: string, listener: Listener): this {
    this.#listeners.get(event)?.delete(listener);
    return this;
  }
  off(event: string, listener: Listener): this {
    return this.removeListener(event, listener);
  }
  emit(event: string, ...args: unknown[]): void {
    for (const listener of [...(this.#listeners.get(event) ?? [])]) listener(...args);
  }
}

// ── EVM: an EIP-1193 provider announced through EIP-6963 ──
if (config.evm) {
  const evm = config.evm;
  class TestEthereumProvider extends Emitter {
    readonly isCalctraTestWallet = true;
    async request(args: { method: string; params?: unknown }): Promise<unknown> {
      if (!args || typeof args.method !== "string") throw walletError({ code: -32600, message: "request needs a method" });
      const answer = await call("evm", args.method, args.params ?? []);
      if (!answer.ok) throw walletError(answer.error);
      for (const e of answer.events ?? []) this.emit(e.event, e.data);
      return answer.result;
    }
  }
  const provider = new TestEthereumProvider();
  sinks.evm = (events) => {
    for (const e of events) provider.emit(e.event, e.data);
  };
  setTimeout(() => provider.emit("connect", { chainId: evm.chainId }), 0);
  const detail = Object.freeze({
    info: Object.freeze({ uuid: evm.uuid, name: TEST_WALLET_NAME, icon: config.icon, rdns: TEST_WALLET_RDNS }),
    provider,
  });
  const announce = () => window.dispatchEvent(new CustomEvent("eip6963:announceProvider", { detail }));
  window.addEventListener("eip6963:requestProvider", announce);
  announce();
}

// ── Solana: a wallet-standard wallet ──
if (config.solana) {
  const solana = config.solana;
  const account = new ReadonlyWalletAccount({
    address: solana.address,
    publicKey: Uint8Array.from(solana.publicKey),
    chains: solana.chains as IdentifierString[],
    features: ["solana:signTransaction", "solana:signAndSendTransaction", "solana:signMessage"],
    label: TEST_WALLET_NAME,
  });
  const listeners: { [E in StandardEventsNames]?: Set<StandardEventsListeners[E]> } = {};
  let accounts: readonly WalletAccount[] = [];
  const emitEvents = (events: readonly WalletEvent[] | undefined) => {
    for (const e of events ?? []) {
      if (e.event !== "change") continue;
      const connected = (e.data as { connected: boolean }).connected;
      accounts = connected ? [account] : [];
      for (const l of [...(listeners.change ?? [])]) l({ accounts });
    }
  };
  sinks.solana = emitEvents;
  const solanaCall = async (method: string, params: unknown): Promise<unknown> => {
    const answer = await call("solana", method, params);
    if (!answer.ok) throw walletError(answer.error);
    emitEvents(answer.events);
    return answer.result;
  };
  const checkAccount = (a: WalletAccount) => {
    if (a.address !== solana.address) throw walletError({ code: 4100, message: `unknown account ${a.address}` });
  };
  const wallet: Wallet & {
    features: StandardConnectFeature &
      StandardDisconnectFeature &
      StandardEventsFeature &
      SolanaSignTransactionFeature &
      SolanaSignAndSendTransactionFeature &
      SolanaSignMessageFeature;
  } = {
    version: "1.0.0",
    name: TEST_WALLET_NAME,
    icon: config.icon as Wallet["icon"],
    chains: solana.chains as IdentifierString[],
    get accounts() {
      return accounts;
    },
    features: {
      "standard:connect": {
        version: "1.0.0",
        connect: async (input?: { silent?: boolean }): Promise<StandardConnectOutput> => {
          const { connected } = (await solanaCall("connect", { silent: input?.silent === true })) as { connected: boolean };
          accounts = connected ? [account] : [];
          return { accounts };
        },
      },
      "standard:disconnect": {
        version: "1.0.0",
        disconnect: async () => {
          await solanaCall("disconnect", {});
        },
      },
      "standard:events": {
        version: "1.0.0",
        on: (event, listener) => {
          if (!listeners[event]) listeners[event] = new Set();
          const set = listeners[event] as Set<typeof listener>;
          set.add(listener);
          return () => set.delete(listener);
        },
      },
      "solana:signTransaction": {
        version: "1.0.0",
        supportedTransactionVersions: ["legacy", 0],
        signTransaction: async (...inputs: readonly SolanaSignTransactionInput[]): Promise<readonly SolanaSignTransactionOutput[]> => {
          for (const i of inputs) checkAccount(i.account);
          const signed = (await solanaCall("signTransaction", {
            transactions: inputs.map((i) => toBase64(i.transaction)),
          })) as string[];
          return signed.map((t) => ({ signedTransaction: fromBase64(t) }));
        },
      },
      "solana:signAndSendTransaction": {
        version: "1.0.0",
        supportedTransactionVersions: ["legacy", 0],
        signAndSendTransaction: async (
          ...inputs: readonly SolanaSignAndSendTransactionInput[]
        ): Promise<readonly SolanaSignAndSendTransactionOutput[]> => {
          const out: SolanaSignAndSendTransactionOutput[] = [];
          for (const i of inputs) {
            checkAccount(i.account);
            const signature = (await solanaCall("signAndSendTransaction", {
              transaction: toBase64(i.transaction),
              chain: i.chain,
              options: i.options ?? {},
            })) as string;
            out.push({ signature: fromBase64(signature) });
          }
          return out;
        },
      },
      "solana:signMessage": {
        version: "1.0.0",
        signMessage: async (...inputs: readonly SolanaSignMessageInput[]): Promise<readonly SolanaSignMessageOutput[]> => {
          for (const i of inputs) checkAccount(i.account);
          const signatures = (await solanaCall("signMessage", { messages: inputs.map((i) => toBase64(i.message)) })) as string[];
          return signatures.map((s, k) => ({
            signedMessage: inputs[k].message,
            signature: fromBase64(s),
            signatureType: "ed25519" as const,
          }));
        },
      },
    },
  };
  registerWallet(wallet);
}

// ── TON: a TON Connect JS bridge ──
if (config.ton) {
  const ton = config.ton;
  const listeners = new Set<(event: unknown) => void>();
  sinks.ton = (events) => {
    for (const e of events) for (const l of [...listeners]) l(e.data);
  };
  const tonCall = async (method: string, params: unknown): Promise<unknown> => {
    const answer = await call("ton", method, params);
    // TON Connect answers errors inside its messages: Node already shaped them; a failed call is a bridge fault
    if (!answer.ok) throw walletError(answer.error);
    for (const e of answer.events ?? []) for (const l of [...listeners]) l(e.data);
    return answer.result;
  };
  const deviceInfo = {
    platform: "browser",
    appName: ton.appName,
    appVersion: ton.version,
    maxProtocolVersion: 2,
    features: ["SendTransaction", { name: "SendTransaction", maxMessages: 4 }],
  };
  scope[TON_JS_BRIDGE_KEY] = {
    tonconnect: {
      deviceInfo,
      walletInfo: {
        name: TEST_WALLET_NAME,
        app_name: ton.appName,
        image: config.icon,
        about_url: ton.aboutUrl,
        platforms: ["chrome", "firefox", "safari", "macos", "windows", "linux"],
      },
      protocolVersion: 2,
      isWalletBrowser: false,
      connect: (protocolVersion: number, message: unknown) => tonCall("connect", { protocolVersion, message }),
      restoreConnection: () => tonCall("restoreConnection", {}),
      send: (message: unknown) => tonCall("send", { message }),
      listen: (callback: (event: unknown) => void) => {
        listeners.add(callback);
        return () => listeners.delete(callback);
      },
    },
  };
}
