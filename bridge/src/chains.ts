/**
 * Source and destination chains built from config entries (the `calctra-bridge` CLI's factories), with the paying
 * account of each destination.
 */
import { Address as TonAddress, type Sender } from "@ton/core";
import { mnemonicToPrivateKey } from "@ton/crypto";
import { TonClient, WalletContractV4, WalletContractV5R1 } from "@ton/ton";
import { Connection, PublicKey } from "@solana/web3.js";
import { createPublicClient, createWalletClient, http, type Address, type Hex, type PublicClient } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { resolveKey, type DestinationConfig, type SourceConfig } from "./config.js";
import { EvmDestination, evmBridgeAbi, type EvmDestinationParameters } from "@calctra/sdk/evm";
import { SolanaDestination, SolanaSource, solanaKeypairFromSecret } from "@calctra/sdk/solana";
import { EvmSource } from "@calctra/sdk/evm";
import { TonDestination, TonSource } from "@calctra/sdk/ton";
import type { DestinationChain, SourceChain } from "@calctra/sdk/bridge";
import type { DeliveryLookup } from "./relayer.js";

const client = (url: string) => createPublicClient({ transport: http(url), pollingInterval: 250 }) as PublicClient;

function tonClient(c: { endpoint: string; apiKeyEnv?: string | undefined }): TonClient {
  const apiKey = c.apiKeyEnv !== undefined ? process.env[c.apiKeyEnv] : undefined;
  if (c.apiKeyEnv !== undefined && !apiKey) throw new Error(`environment variable ${c.apiKeyEnv} (TON API key) is not set`);
  return new TonClient({ endpoint: c.endpoint, ...(apiKey ? { apiKey } : {}) });
}

/**
 * The transaction that delivered `messageId` on an EVM bridge, read from the bridge's delivery event
 * (`MessageDelivered` for transfers, `GovernanceMessageDelivered` for governance messages; both indexed by
 * messageId), or null when the bridge emitted none since `fromBlock`.
 *
 * @example
 * ```ts
 * const tx = await findEvmDeliveryTransaction(publicClient, minter, messageId);
 * ```
 */
export async function findEvmDeliveryTransaction(
  publicClient: PublicClient,
  bridge: Address,
  messageId: Hex,
  fromBlock = 0n,
): Promise<Hex | null> {
  for (const eventName of ["MessageDelivered", "GovernanceMessageDelivered"] as const) {
    const logs = await publicClient.getContractEvents({
      address: bridge,
      abi: evmBridgeAbi,
      eventName,
      args: { messageId },
      fromBlock,
      toBlock: "latest",
    });
    if (logs[0]?.transactionHash) return logs[0].transactionHash;
  }
  return null;
}

/** An EVM destination that also finds the transaction of a delivery made earlier (by a crashed run, another relayer). */
export class EvmRelayDestination extends EvmDestination implements DeliveryLookup {
  readonly #publicClient: PublicClient;
  readonly #bridge: Address;
  readonly #fromBlock: bigint;

  constructor(parameters: EvmDestinationParameters & { readonly deliverySearchFromBlock?: bigint }) {
    super(parameters);
    this.#publicClient = parameters.publicClient;
    this.#bridge = parameters.bridge;
    this.#fromBlock = parameters.deliverySearchFromBlock ?? 0n;
  }

  /** The delivery transaction of `messageId` from the bridge's delivery event ({@link findEvmDeliveryTransaction}). */
  findDeliveryTransaction(messageId: Hex): Promise<Hex | null> {
    return findEvmDeliveryTransaction(this.#publicClient, this.#bridge, messageId, this.#fromBlock);
  }
}

/** The source chain a config entry names. */
export function buildSource(s: SourceConfig): { source: SourceChain; startBlock: bigint } {
  switch (s.kind) {
    case "evm":
      return {
        source: new EvmSource({
          client: client(s.rpcUrl),
          bridge: s.bridge as `0x${string}`,
          domain: s.domain,
          finality: s.finality,
          confirmations: s.confirmations,
          witnesses: s.witnessRpcUrls.map(client),
          ...(s.quorum !== undefined ? { quorum: s.quorum } : {}),
        }),
        startBlock: s.startBlock,
      };
    case "ton": {
      const c = tonClient(s);
      return {
        source: new TonSource({ open: c.open.bind(c), bridge: TonAddress.parse(s.bridge), delaySeconds: s.delaySeconds }),
        startBlock: s.startBlock,
      };
    }
    case "solana":
      return {
        source: new SolanaSource({
          connection: new Connection(s.rpcUrl, s.commitment),
          commitment: s.commitment,
          confirmations: s.confirmations,
          maxPerScan: s.maxPerScan,
          ...(s.programId ? { programId: new PublicKey(s.programId) } : {}),
        }),
        startBlock: s.startBlock,
      };
  }
}

/** The destination chain a config entry names, with its paying account. */
export async function buildDestination(d: DestinationConfig): Promise<DestinationChain> {
  switch (d.kind) {
    case "evm": {
      const account = privateKeyToAccount(resolveKey(d.submitter));
      const publicClient = client(d.rpcUrl);
      // An EVM domain is its chain id (DESIGN §8); the start-up checks compare it with the RPC's before anything is sent.
      const chainId = d.domain;
      const walletClient = createWalletClient({
        account,
        transport: http(d.rpcUrl),
        pollingInterval: 250,
        chain: {
          id: chainId,
          name: `domain-${d.domain}`,
          nativeCurrency: { name: "ETH", symbol: "ETH", decimals: 18 },
          rpcUrls: { default: { http: [d.rpcUrl] } },
        },
      });
      return new EvmRelayDestination({
        domain: d.domain,
        bridge: d.bridge as `0x${string}`,
        publicClient,
        walletClient,
        maxBatch: d.maxBatch,
        deliverySearchFromBlock: d.deliverySearchFromBlock,
      });
    }
    case "ton": {
      const words = process.env[d.wallet.mnemonicEnv]?.trim().split(/\s+/);
      if (words?.length !== 24) throw new Error(`environment variable ${d.wallet.mnemonicEnv} does not hold a 24-word TON mnemonic`);
      const c = tonClient(d);
      return new TonDestination({
        open: c.open.bind(c),
        bridge: TonAddress.parse(d.bridge),
        sender: await tonWalletSender({ open: (w) => c.open(w) }, words, d.wallet.version),
        value: d.value,
        maxBatch: d.maxBatch,
        poll: d.poll,
      });
    }
    case "solana": {
      const secret = process.env[d.payer.secretKeyEnv];
      if (!secret) throw new Error(`environment variable ${d.payer.secretKeyEnv} (Solana payer secret key) is not set`);
      return new SolanaDestination({
        connection: new Connection(d.rpcUrl, d.commitment),
        payer: solanaKeypairFromSecret(secret),
        commitment: d.commitment,
        maxBatch: d.maxBatch,
        ...(d.programId ? { programId: new PublicKey(d.programId) } : {}),
        ...(d.priorityMicroLamports !== undefined ? { priorityMicroLamports: d.priorityMicroLamports } : {}),
      });
    }
  }
}

/** What an opener (`TonClient.open`, a sandbox's `openContract`) gives back for a wallet contract. */
export interface OpenedTonWallet {
  readonly address: TonAddress;
  sender(secretKey: Buffer): Sender;
}

/**
 * The sender of the TON wallet of a 24-word mnemonic. @ton/ton's `wallet.sender()` carries no `address`, which a
 * destination needs (it finds its delivery transactions by it): the address is added here.
 *
 * @example
 * ```ts
 * const sender = await tonWalletSender(new TonClient({ endpoint }), words, "v4");
 * ```
 */
export async function tonWalletSender(
  c: { open(wallet: WalletContractV4 | WalletContractV5R1): OpenedTonWallet },
  words: readonly string[],
  version: "v4" | "v5r1",
): Promise<Sender> {
  const keys = await mnemonicToPrivateKey([...words]);
  const wallet =
    version === "v4"
      ? c.open(WalletContractV4.create({ workchain: 0, publicKey: keys.publicKey }))
      : c.open(WalletContractV5R1.create({ workchain: 0, publicKey: keys.publicKey }));
  const sender = wallet.sender(keys.secretKey);
  return { address: wallet.address, send: (args) => sender.send(args) };
}
