/**
 * What the page script and Node exchange through the one exposed binding: a call names a wallet and a method, the
 * answer is a result (with events the page emits) or an error in the wallet's own error shape. Only JSON crosses.
 */

/** The binding the page calls (`window[WALLET_BINDING](call)`). */
export const WALLET_BINDING = "__calctraTestWallet";

/** The name every test wallet shows. */
export const TEST_WALLET_NAME = "Calctra Test Wallet";

/** The EIP-6963 reverse-DNS id of the EVM test wallet. */
export const TEST_WALLET_RDNS = "dev.calctra.testwallet";

/** The TON Connect JS-bridge key: the wallet is `window[TON_JS_BRIDGE_KEY].tonconnect`. */
export const TON_JS_BRIDGE_KEY = "calctraTestWallet";

/** A call from the page to one wallet's Node side. */
export interface WalletCall {
  readonly wallet: "evm" | "solana" | "ton";
  readonly method: string;
  readonly params: unknown;
}

/** An error in the wallet's own shape (EIP-1193 `{ code, message, data }`, TON Connect `{ code, message }`). */
export interface WalletCallError {
  readonly code: number;
  readonly message: string;
  readonly data?: unknown;
}

/** An event the page emits after a call (EIP-1193 `chainChanged`, wallet-standard `change`, …). */
export interface WalletEvent {
  readonly event: string;
  readonly data: unknown;
}

/** The answer to a {@link WalletCall}. */
export type WalletAnswer =
  | { readonly ok: true; readonly result: unknown; readonly events?: readonly WalletEvent[] }
  | { readonly ok: false; readonly error: WalletCallError };

/** What the page script is told at start (public data only: keys stay in Node). */
export interface PageWalletConfig {
  readonly icon: string;
  readonly evm?: { readonly chainId: `0x${string}`; readonly uuid: string };
  readonly solana?: { readonly address: string; readonly publicKey: readonly number[]; readonly chains: readonly string[] };
  readonly ton?: { readonly appName: string; readonly aboutUrl: string; readonly version: string };
}

/** The global the init script sets before the bundled page script runs. */
export const PAGE_CONFIG_GLOBAL = "__calctraTestWalletConfig";

/** The page function Node calls to apply events a wallet starts by itself: `(wallet, events) => void`. */
export const WALLET_EVENTS_GLOBAL = "__calctraTestWalletEvents";

/** Sends events a wallet starts by itself (a chain switched in the wallet, a disconnect) to the page. */
export type WalletEventSink = (events: readonly WalletEvent[]) => Promise<void>;
