/**
 * The SDK's clients for one network, for reading (no wallet) and for the connected wallets: the hub's Governor and
 * GovernanceHub on the EVM home, and each spoke's `SpokeGovernanceClient` (EVM spoke, Solana, TON) behind core's one
 * interface, so every screen treats the chains alike.
 */
import { AnchorProvider, type Wallet as AnchorWallet } from "@coral-xyz/anchor";
import { Connection, PublicKey, type Transaction, type VersionedTransaction } from "@solana/web3.js";
import { Address as TonAddress, type Sender } from "@ton/core";
import { TonClient } from "@ton/ton";
import {
  createPublicClient,
  createWalletClient,
  defineChain,
  http,
  type Account,
  type Chain,
  type PublicClient,
  type Transport,
  type WalletClient,
  zeroAddress,
} from "viem";
import type { Domain, SpokeGovernanceClient } from "@calctra/core";
import {
  EvmGovernanceClient,
  EvmGovernanceHubClient,
  EvmSpokeGovernanceClient,
  EvmTokenClient,
  marketplaceAbi,
  type EvmDeployment,
} from "@calctra/sdk/evm";
import { CrossChainGovernanceClient } from "@calctra/sdk/governance";
import { SolanaGovernanceClient, SolanaMarketplaceClient, SolanaTokenClient } from "@calctra/sdk/solana";
import {
  TonMarketplaceClient,
  TonSpokeGovernanceClient,
  TonTokenClient,
  createTonTracer,
  type TonClientParameters,
} from "@calctra/sdk/ton";
import type { AppNetwork } from "./network.js";

/** A viem wallet client bound to an account (what wagmi's `getWalletClient` returns). */
export type EvmWallet = WalletClient<Transport, Chain | undefined, Account>;

/** The wallets connected now, one per ecosystem. */
export interface ConnectedWallets {
  /** Returns a wallet client on `chainId` (switching the wallet's chain if needed). */
  readonly evm?: { readonly address: `0x${string}`; readonly walletOn: (chainId: number) => Promise<EvmWallet> };
  readonly solana?: AnchorWallet;
  readonly ton?: Sender & { readonly address: TonAddress };
}

/** The EVM chains of a network, as viem chains. */
export function evmChains(network: AppNetwork): [Chain, ...Chain[]] {
  const chain = (id: number, name: string, rpc: string) =>
    defineChain({ id, name, nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 }, rpcUrls: { default: { http: [rpc] } } });
  const home = chain(network.home.domain, `EVM home ${network.home.domain}`, network.home.rpcUrl);
  const spoke = network.evmSpoke && chain(network.evmSpoke.domain, `EVM spoke ${network.evmSpoke.domain}`, network.evmSpoke.rpcUrl);
  return spoke ? [home, spoke] : [home];
}

const readOnlySolanaWallet: AnchorWallet = {
  publicKey: PublicKey.default,
  signTransaction: async <T extends Transaction | VersionedTransaction>(_: T): Promise<T> => {
    throw new Error("connect a Solana wallet first");
  },
  signAllTransactions: async <T extends Transaction | VersionedTransaction>(_: T[]): Promise<T[]> => {
    throw new Error("connect a Solana wallet first");
  },
} as AnchorWallet;
const readOnlyTonSender: Sender & { address: TonAddress } = {
  address: TonAddress.parse(`0:${"0".repeat(64)}`),
  send: async () => {
    throw new Error("connect a TON wallet first");
  },
};

/** Every chain of the network, as clients. */
export class NetworkClients {
  readonly chains: [Chain, ...Chain[]];
  readonly homePublic: PublicClient;
  readonly spokePublic?: PublicClient;
  readonly solanaConnection?: Connection;
  readonly tonClient?: TonClient;

  constructor(readonly network: AppNetwork) {
    this.chains = evmChains(network);
    this.homePublic = createPublicClient({ chain: this.chains[0], transport: http(network.home.rpcUrl) }) as PublicClient;
    if (network.evmSpoke)
      this.spokePublic = createPublicClient({ chain: this.chains[1], transport: http(network.evmSpoke.rpcUrl) }) as PublicClient;
    if (network.solana)
      this.solanaConnection = new Connection(network.solana.rpcUrl, {
        commitment: "confirmed",
        ...(network.solana.wsUrl ? { wsEndpoint: network.solana.wsUrl } : {}),
      });
    if (network.ton) this.tonClient = new TonClient({ endpoint: network.ton.endpoint });
  }

  /** The domains of the spokes, in display order. */
  get spokeDomains(): Domain[] {
    const n = this.network;
    return [n.evmSpoke?.domain, n.solana?.domain, n.ton?.domain].filter((d): d is Domain => d !== undefined);
  }

  #readWallet(chain: Chain, rpcUrl: string): EvmWallet {
    return createWalletClient({ account: zeroAddress, chain, transport: http(rpcUrl) }) as EvmWallet;
  }

  /** The hub's Governor (signing with `wallet`, or read-only). */
  governor(wallet?: EvmWallet): EvmGovernanceClient {
    const { home } = this.network;
    return new EvmGovernanceClient({
      publicClient: this.homePublic,
      walletClient: wallet ?? this.#readWallet(this.chains[0], home.rpcUrl),
      deployment: home.deployment,
    });
  }

  /** CAL on the home chain (balance, votes, delegation). */
  homeToken(wallet?: EvmWallet): EvmTokenClient {
    const { home } = this.network;
    return new EvmTokenClient({
      publicClient: this.homePublic,
      walletClient: wallet ?? this.#readWallet(this.chains[0], home.rpcUrl),
      deployment: home.deployment,
    });
  }

  #tonParams(sender: Sender & { address: TonAddress }): TonClientParameters {
    const client = this.tonClient!;
    return {
      open: (c) => client.open(c),
      sender,
      deployment: this.network.ton!.deployment,
      trace: createTonTracer({ source: client, pollIntervalMs: 400, timeoutMs: 60_000 }),
    };
  }

  #solanaProvider(wallet: AnchorWallet): AnchorProvider {
    return new AnchorProvider(this.solanaConnection!, wallet, { commitment: "confirmed" });
  }

  /** A spoke's governance client: signing with the connected wallet of its chain, or read-only. */
  spoke(domain: Domain, wallets: ConnectedWallets = {}, evmWallet?: EvmWallet): SpokeGovernanceClient {
    const n = this.network;
    if (n.evmSpoke && domain === n.evmSpoke.domain)
      return new EvmSpokeGovernanceClient({
        publicClient: this.spokePublic!,
        walletClient: evmWallet ?? this.#readWallet(this.chains[1]!, n.evmSpoke.rpcUrl),
        vault: n.evmSpoke.vault,
        executor: n.evmSpoke.executor,
      });
    if (n.solana && domain === n.solana.domain)
      return new SolanaGovernanceClient({
        provider: this.#solanaProvider(wallets.solana ?? readOnlySolanaWallet),
        deployment: n.solana.deployment,
      });
    if (n.ton && domain === n.ton.domain) {
      const params = this.#tonParams(wallets.ton ?? readOnlyTonSender);
      return new TonSpokeGovernanceClient({ ...params, ...(n.ton.deployment.executor ? { executor: n.ton.deployment.executor } : {}) });
    }
    throw new Error(`this network has no spoke ${domain}`);
  }

  /** The cross-chain client: proposals, announcements, status on every chain. */
  crossChain(wallet?: EvmWallet, spokes?: Map<Domain, SpokeGovernanceClient>): CrossChainGovernanceClient {
    const { home } = this.network;
    return new CrossChainGovernanceClient({
      governor: this.governor(wallet),
      hub: new EvmGovernanceHubClient({ publicClient: this.homePublic, ...(wallet ? { walletClient: wallet } : {}), address: home.hub }),
      hubDomain: home.domain,
      governorAddress: home.deployment.contracts.CalGovernor,
      targets: { ...home.deployment.contracts, Bridge: home.vault },
      spokes: spokes ?? new Map(this.spokeDomains.map((d) => [d, this.spoke(d)])),
    });
  }

  /** CAL a wallet holds on a chain (its own address format). */
  async calBalance(domain: Domain, owner: string): Promise<bigint> {
    const n = this.network;
    if (domain === n.home.domain) return this.homeToken().balanceOf({ owner });
    if (n.evmSpoke && domain === n.evmSpoke.domain)
      // the spoke deployment's CalToken is the spoke's CAL (minted by the bridge)
      return new EvmTokenClient({
        publicClient: this.spokePublic!,
        walletClient: this.#readWallet(this.chains[1]!, n.evmSpoke.rpcUrl),
        deployment: n.evmSpoke.deployment,
      }).balanceOf({ owner });
    if (n.solana && domain === n.solana.domain)
      return new SolanaTokenClient({ provider: this.#solanaProvider(readOnlySolanaWallet), deployment: n.solana.deployment }).balanceOf({
        owner,
      });
    if (n.ton && domain === n.ton.domain) return new TonTokenClient(this.#tonParams(readOnlyTonSender)).balanceOf({ owner });
    throw new Error(`unknown chain ${domain}`);
  }

  /** The marketplace's challenge period on a chain, in seconds (the parameter the story changes). */
  async marketplaceParameters(domain: Domain): Promise<{ challengePeriod: bigint; slashBps: bigint; revealPeriod: bigint }> {
    const n = this.network;
    const evm = async (client: PublicClient, deployment: EvmDeployment) => {
      const read = (functionName: "challengePeriod" | "slashBps" | "revealPeriod") =>
        client.readContract({ address: deployment.contracts.Marketplace, abi: marketplaceAbi, functionName } as never) as Promise<bigint>;
      const [challengePeriod, slashBps, revealPeriod] = await Promise.all([
        read("challengePeriod"),
        read("slashBps"),
        read("revealPeriod"),
      ]);
      return { challengePeriod: BigInt(challengePeriod), slashBps: BigInt(slashBps), revealPeriod: BigInt(revealPeriod) };
    };
    if (domain === n.home.domain) return evm(this.homePublic, n.home.deployment);
    if (n.evmSpoke && domain === n.evmSpoke.domain) return evm(this.spokePublic!, n.evmSpoke.deployment);
    if (n.solana && domain === n.solana.domain)
      return new SolanaMarketplaceClient({
        provider: this.#solanaProvider(readOnlySolanaWallet),
        deployment: n.solana.deployment,
      }).parameters();
    if (n.ton && domain === n.ton.domain) return new TonMarketplaceClient(this.#tonParams(readOnlyTonSender)).parameters();
    throw new Error(`unknown chain ${domain}`);
  }

  /** Signing clients for a spoke with the connected wallets. */
  async signingSpoke(domain: Domain, wallets: ConnectedWallets): Promise<SpokeGovernanceClient> {
    const n = this.network;
    if (n.evmSpoke && domain === n.evmSpoke.domain) {
      if (!wallets.evm) throw new Error("connect an EVM wallet first");
      return this.spoke(domain, wallets, await wallets.evm.walletOn(domain));
    }
    if (n.solana && domain === n.solana.domain && !wallets.solana) throw new Error("connect a Solana wallet first");
    if (n.ton && domain === n.ton.domain && !wallets.ton) throw new Error("connect a TON wallet first");
    return this.spoke(domain, wallets);
  }
}
