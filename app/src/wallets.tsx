/**
 * One wallet per ecosystem: injected EVM wallets found through EIP-6963 (wagmi), Solana wallets found through the
 * wallet standard (@solana/wallet-adapter), TON wallets through TON Connect (@tonconnect/ui, injected wallets listed
 * directly, the others through its modal).
 */
import { ConnectionProvider, WalletProvider, useWallet } from "@solana/wallet-adapter-react";
import { WalletReadyState } from "@solana/wallet-adapter-base";
import type { Wallet as AnchorWallet } from "@coral-xyz/anchor";
import { Address as TonAddress, beginCell, storeStateInit, type Sender, type SenderArguments } from "@ton/core";
import { TonConnect, isWalletInfoCurrentlyInjected, type WalletInfoCurrentlyInjected } from "@tonconnect/sdk";
import { TonConnectUI } from "@tonconnect/ui";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { http, type Transport } from "viem";
import { WagmiProvider, createConfig, useAccount, useConnect, useDisconnect, type Config } from "wagmi";
import { getWalletClient, switchChain } from "wagmi/actions";
import type { ConnectedWallets, EvmWallet, NetworkClients } from "./chains.js";
import { useActivity } from "./activity.js";

const queryClient = new QueryClient({ defaultOptions: { queries: { refetchInterval: 2_000, retry: 1 } } });

/**
 * TON Connect, started on the voter's first "Connect TON" (it fetches its public wallets list and their icons when it
 * starts, which an app open on a local devnet without the internet should not do unasked).
 */
interface TonConnection {
  readonly ui?: TonConnectUI;
  readonly start?: () => TonConnectUI;
}
const TonContext = createContext<TonConnection>({});

/** Everything the app needs around it: wagmi, react-query, the Solana connection and wallets, TON Connect. */
export function WalletProviders({ clients, children }: { clients: NetworkClients; children: ReactNode }) {
  const config = useMemo(
    () =>
      createConfig({
        chains: clients.chains,
        transports: Object.fromEntries(clients.chains.map((c) => [c.id, http(c.rpcUrls.default.http[0])])) as Record<number, Transport>,
        multiInjectedProviderDiscovery: true,
      }),
    [clients],
  );
  const [tonUi, setTonUi] = useState<TonConnectUI>();
  const ton = useMemo((): TonConnection => {
    if (!clients.network.ton) return {};
    const start = () => {
      if (tonUi) return tonUi;
      const source = clients.network.tonWalletsListSource;
      const connector = new TonConnect({
        manifestUrl: `${window.location.origin}/tonconnect-manifest.json`,
        ...(source ? { walletsListSource: source } : {}),
        analytics: { mode: "off" },
      });
      const ui = new TonConnectUI({ connector, restoreConnection: false });
      setTonUi(ui);
      return ui;
    };
    return { ...(tonUi ? { ui: tonUi } : {}), start };
  }, [clients, tonUi]);
  const solana = clients.network.solana;
  const inner = (
    <TonContext.Provider value={ton}>
      <WagmiProvider config={config}>
        <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
      </WagmiProvider>
    </TonContext.Provider>
  );
  if (!solana) return inner;
  return (
    <ConnectionProvider
      endpoint={solana.rpcUrl}
      config={{ commitment: "confirmed", ...(solana.wsUrl ? { wsEndpoint: solana.wsUrl } : {}) }}
    >
      <WalletProvider wallets={[]} autoConnect={false}>
        {inner}
      </WalletProvider>
    </ConnectionProvider>
  );
}

/** A TON Connect session as the SDK's `Sender`: each send is one `sendTransaction` the wallet signs. */
function tonConnectSender(ui: TonConnectUI, address: TonAddress): Sender & { address: TonAddress } {
  return {
    address,
    async send(args: SenderArguments) {
      await ui.sendTransaction(
        {
          validUntil: Math.floor(Date.now() / 1000) + 300,
          messages: [
            {
              address: args.to.toString({ bounceable: args.bounce ?? true }),
              amount: args.value.toString(),
              ...(args.body ? { payload: args.body.toBoc().toString("base64") } : {}),
              ...(args.init ? { stateInit: beginCell().store(storeStateInit(args.init)).endCell().toBoc().toString("base64") } : {}),
            },
          ],
        },
        { modals: [], notifications: [] },
      );
    },
  };
}

/** The TON Connect account, kept in React state. */
function useTonAccount(): TonAddress | undefined {
  const { ui } = useContext(TonContext);
  const [address, setAddress] = useState<TonAddress | undefined>(() => (ui?.account ? TonAddress.parse(ui.account.address) : undefined));
  useEffect(() => ui?.onStatusChange((w) => setAddress(w ? TonAddress.parse(w.account.address) : undefined)), [ui]);
  return address;
}

/** The wallets connected now, as the SDK's signers. */
export function useConnectedWallets(config?: Config): ConnectedWallets {
  const { address, isConnected } = useAccount();
  const solana = useWallet();
  const { ui } = useContext(TonContext);
  const tonAddress = useTonAccount();
  return useMemo(() => {
    const w: { -readonly [K in keyof ConnectedWallets]: ConnectedWallets[K] } = {};
    if (isConnected && address && config)
      w.evm = {
        address,
        walletOn: async (chainId: number) => {
          await switchChain(config, { chainId });
          return (await getWalletClient(config, { chainId })) as unknown as EvmWallet;
        },
      };
    if (solana.connected && solana.publicKey && solana.signTransaction && solana.signAllTransactions)
      w.solana = {
        publicKey: solana.publicKey,
        signTransaction: solana.signTransaction,
        signAllTransactions: solana.signAllTransactions,
      } as AnchorWallet;
    if (ui && tonAddress) w.ton = tonConnectSender(ui, tonAddress);
    return w;
  }, [
    address,
    isConnected,
    config,
    solana.connected,
    solana.publicKey,
    solana.signTransaction,
    solana.signAllTransactions,
    ui,
    tonAddress,
  ]);
}

const short = (s: string) => `${s.slice(0, 6)}…${s.slice(-4)}`;

function EvmWalletButton() {
  const { connectors, connectAsync } = useConnect();
  const { disconnect } = useDisconnect();
  const { address, chain } = useAccount();
  const { run } = useActivity();
  const injected = connectors.filter((c) => c.type === "injected" && c.id !== "injected");
  if (address)
    return (
      <div className="wallet connected" data-chain="evm">
        <span>
          EVM <code>{short(address)}</code>
          {chain ? ` on ${chain.name}` : ""}
        </span>
        <button type="button" className="link" onClick={() => disconnect()}>
          Disconnect EVM
        </button>
      </div>
    );
  return (
    <div className="wallet" data-chain="evm">
      {injected.length === 0 ? <span className="muted">No EVM wallet in this browser</span> : null}
      {injected.map((c) => (
        <button
          key={c.uid}
          type="button"
          onClick={() =>
            void run(`Connect ${c.name} (EVM)`, async (step) => {
              step("approve in your wallet");
              await connectAsync({ connector: c });
              step("connected");
            })
          }
        >
          Connect EVM: {c.name}
        </button>
      ))}
    </div>
  );
}

function SolanaWalletButton() {
  const { wallets, select, connect, disconnect, wallet, connected, publicKey } = useWallet();
  const [wanted, setWanted] = useState<string | undefined>();
  const { run } = useActivity();
  useEffect(() => {
    if (wanted && wallet?.adapter.name === wanted && !connected) {
      setWanted(undefined);
      void run(`Connect ${wanted} (Solana)`, async (step) => {
        step("approve in your wallet");
        await connect();
        step("connected");
      });
    }
  }, [wanted, wallet, connected, connect, run]);
  if (connected && publicKey)
    return (
      <div className="wallet connected" data-chain="solana">
        <span>
          Solana <code>{short(publicKey.toBase58())}</code>
        </span>
        <button type="button" className="link" onClick={() => void disconnect()}>
          Disconnect Solana
        </button>
      </div>
    );
  const ready = wallets.filter((w) => w.readyState === WalletReadyState.Installed);
  return (
    <div className="wallet" data-chain="solana">
      {ready.length === 0 ? <span className="muted">No Solana wallet in this browser</span> : null}
      {ready.map((w) => (
        <button
          key={w.adapter.name}
          type="button"
          onClick={() => {
            setWanted(w.adapter.name);
            select(w.adapter.name);
          }}
        >
          Connect Solana: {w.adapter.name}
        </button>
      ))}
    </div>
  );
}

function TonWalletButton() {
  const { ui, start } = useContext(TonContext);
  const address = useTonAccount();
  const [injected, setInjected] = useState<WalletInfoCurrentlyInjected[]>([]);
  const { run } = useActivity();
  useEffect(() => {
    let live = true;
    void ui
      ?.getWallets()
      .then((all) => live && setInjected(all.filter(isWalletInfoCurrentlyInjected)))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [ui]);
  if (!start) return null;
  if (!ui)
    return (
      <div className="wallet" data-chain="ton">
        <button type="button" onClick={() => start()}>
          Connect TON
        </button>
      </div>
    );
  if (address)
    return (
      <div className="wallet connected" data-chain="ton">
        <span>
          TON <code>{short(address.toString({ bounceable: false }))}</code>
        </span>
        <button type="button" className="link" onClick={() => void ui.disconnect()}>
          Disconnect TON
        </button>
      </div>
    );
  return (
    <div className="wallet" data-chain="ton">
      {injected.map((w) => (
        <button
          key={w.appName}
          type="button"
          onClick={() =>
            void run(`Connect ${w.name} (TON)`, async (step) => {
              step("approve in your wallet");
              await ui.connector.connect({ jsBridgeKey: w.jsBridgeKey });
              step("connected");
            })
          }
        >
          Connect TON: {w.name}
        </button>
      ))}
      <button type="button" className="secondary" onClick={() => void ui.openModal()}>
        Other TON wallets…
      </button>
    </div>
  );
}

/** The wallet bar: connect or disconnect each ecosystem's wallet. */
export function WalletBar({ clients }: { clients: NetworkClients }) {
  return (
    <nav className="wallets" aria-label="Wallets">
      <EvmWalletButton />
      {clients.network.solana ? <SolanaWalletButton /> : null}
      {clients.network.ton ? <TonWalletButton /> : null}
    </nav>
  );
}
