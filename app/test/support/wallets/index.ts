/**
 * Test wallets for a Playwright page, one per ecosystem, each backed by a development key held in Node: an EIP-1193
 * provider announced through EIP-6963, a Solana wallet-standard wallet, a TON Connect JS bridge. The page gets a
 * bundled script (page/inject.ts) that forwards every request through one exposed binding; keys never enter it.
 */
import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import type { Page } from "playwright-core";
import { bundleForBrowser } from "../bundle.js";
import { EvmTestWallet, type TestEvmWalletOptions } from "./evm.js";
import { TEST_WALLET_ICON } from "./icon.js";
import {
  PAGE_CONFIG_GLOBAL,
  type PageWalletConfig,
  WALLET_BINDING,
  WALLET_EVENTS_GLOBAL,
  type WalletAnswer,
  type WalletCall,
  type WalletEvent,
} from "./protocol.js";
import { SolanaTestWallet, type TestSolanaWalletOptions } from "./solana.js";
import { TON_TEST_WALLET_APP, type TestTonWalletOptions, TonTestWallet, tonConnectWalletsListEntry } from "./ton.js";

export { EIP1193_ERRORS, type EvmSignedEntry, EvmTestWallet, type TestEvmChain, type TestEvmWalletOptions } from "./evm.js";
export { TEST_WALLET_ICON } from "./icon.js";
export { TEST_WALLET_NAME, TEST_WALLET_RDNS, TON_JS_BRIDGE_KEY } from "./protocol.js";
export { type SolanaSignedEntry, SolanaTestWallet, type TestSolanaWalletOptions } from "./solana.js";
export {
  type TestTonWalletOptions,
  TON_TEST_WALLET_APP,
  type TonSentMessage,
  type TonSignedEntry,
  TonTestWallet,
  tonConnectWalletsListEntry,
} from "./ton.js";

/** Which wallets to install, and their keys (each optional). */
export interface TestWalletsOptions {
  readonly evm?: TestEvmWalletOptions;
  readonly solana?: TestSolanaWalletOptions;
  readonly ton?: TestTonWalletOptions;
}

/** The installed wallets' Node sides: addresses, signing logs, `declineNext()`. */
export interface TestWallets {
  readonly evm?: EvmTestWallet;
  readonly solana?: SolanaTestWallet;
  readonly ton?: TonTestWallet;
}

/**
 * The wallets lists TON Connect's SDK (and so `@tonconnect/ui`) downloads by default; with a TON test wallet installed,
 * the page gets a list holding only the test wallet from them, answered locally (nothing reaches the internet).
 */
export const TON_CONNECT_DEFAULT_WALLETS_LISTS = [
  "https://config.ton.org/wallets-v2.json",
  "https://raw.githubusercontent.com/ton-connect/wallets-list-staging/refs/heads/main/wallets-v2.json",
] as const;

const EVM_ORDERED = new Set([
  "eth_requestAccounts",
  "wallet_requestPermissions",
  "wallet_revokePermissions",
  "wallet_switchEthereumChain",
  "wallet_addEthereumChain",
  "eth_sendTransaction",
  "personal_sign",
  "eth_signTypedData_v4",
]);

const pageScript = fileURLToPath(new URL("./page/inject.ts", import.meta.url));

/**
 * Installs the test wallets in `page` (before its first navigation; they stay across navigations and reloads, and
 * keep their connection state as a real wallet remembers a site). With a TON wallet, TON Connect's default wallets
 * lists ({@link TON_CONNECT_DEFAULT_WALLETS_LISTS}) are answered locally with a list holding only the test wallet.
 *
 * @example
 * const wallets = await installTestWallets(page, {
 *   evm: { privateKey: alice.evm.privateKey, chains: [{ chainId: 31337, rpcUrl: devnet.endpoints.home }] },
 *   solana: { secretKey: alice.solana.secretKey, rpcUrl: devnet.endpoints.solana },
 *   ton: { mnemonic: alice.ton.mnemonic, endpoint: devnet.endpoints.ton },
 * });
 * await page.goto(url);
 * expect(wallets.evm?.log).to.have.length(0);
 */
export async function installTestWallets(page: Page, options: TestWalletsOptions): Promise<TestWallets> {
  const evm = options.evm ? new EvmTestWallet(options.evm) : undefined;
  const solana = options.solana ? new SolanaTestWallet(options.solana) : undefined;
  const ton = options.ton ? await TonTestWallet.create(options.ton) : undefined;
  const config: PageWalletConfig = {
    icon: TEST_WALLET_ICON,
    ...(evm ? { evm: { chainId: evm.initialChainId, uuid: randomUUID() } } : {}),
    ...(solana
      ? { solana: { address: solana.address, publicKey: Array.from(solana.keypair.publicKey.toBytes()), chains: solana.chains } }
      : {}),
    ...(ton ? { ton: TON_TEST_WALLET_APP } : {}),
  };
  // a wallet answers the requests that need its user one after the other, as its popups do (nonces and seqnos stay
  // ordered); reads an EVM wallet forwards to its node go straight through
  const queues = new Map<WalletCall["wallet"], Promise<unknown>>();
  await page.exposeBinding(WALLET_BINDING, (_source, call: WalletCall): Promise<WalletAnswer> => {
    const wallet = call.wallet === "evm" ? evm : call.wallet === "solana" ? solana : call.wallet === "ton" ? ton : undefined;
    if (!wallet) return Promise.resolve({ ok: false, error: { code: 4200, message: `no ${call.wallet} test wallet is installed` } });
    if (call.wallet === "evm" && !EVM_ORDERED.has(call.method)) return wallet.request(call.method, call.params);
    const answer = (queues.get(call.wallet) ?? Promise.resolve()).then(() => wallet.request(call.method, call.params));
    queues.set(
      call.wallet,
      answer.catch(() => undefined),
    );
    return answer;
  });
  if (ton) {
    const list = JSON.stringify([tonConnectWalletsListEntry(TEST_WALLET_ICON)]);
    for (const url of TON_CONNECT_DEFAULT_WALLETS_LISTS)
      await page.route(url, (route) =>
        route.fulfill({ status: 200, contentType: "application/json", headers: { "access-control-allow-origin": "*" }, body: list }),
      );
  }
  // events a wallet starts by itself reach every frame that runs the page script (the app may sit in any of them)
  const sink =
    (wallet: WalletCall["wallet"]) =>
    async (events: readonly WalletEvent[]): Promise<void> => {
      await Promise.all(
        page
          .frames()
          .map((frame) =>
            frame
              .evaluate(
                ([name, w, e]) => (globalThis as unknown as Record<string, ((w: string, e: unknown) => void) | undefined>)[name]?.(w, e),
                [WALLET_EVENTS_GLOBAL, wallet, events] as const,
              )
              .catch(() => undefined),
          ),
      );
    };
  evm?.attach(sink("evm"));
  solana?.attach(sink("solana"));
  ton?.attach(sink("ton"));
  const script = await bundleForBrowser(pageScript);
  await page.addInitScript({ content: `globalThis[${JSON.stringify(PAGE_CONFIG_GLOBAL)}] = ${JSON.stringify(config)};\n${script}` });
  return { evm, solana, ton };
}
