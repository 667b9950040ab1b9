/**
 * An embedded EVM spoke governed from the hub (DESIGN §7): the "GovernanceSpoke" Ignition module (spoke CAL, staking,
 * marketplace, BridgeMinter, SpokeVault and SpokeExecutor, the executor the only admin; no spoke Governor).
 * Requires running from the repository root (hardhat.config.ts).
 */
import type { Account, Address, Chain, Hex, PublicClient, Transport, WalletClient } from "viem";
import type {} from "@nomicfoundation/hardhat-viem";
import type {} from "@nomicfoundation/hardhat-network-helpers";
import type {} from "@nomicfoundation/hardhat-ignition-viem";

/** Parameters of {@link startLocalEvmGovernanceSpoke}. */
export interface StartLocalEvmGovernanceSpokeParameters {
  /** Chain id (= domain) of the spoke (default 31338). */
  readonly chainId?: number;
  /** The hub's GovernanceHub as a 32-byte universal address. */
  readonly hub: Hex;
  /** The hub's domain (default 31337). */
  readonly hubDomain?: number;
  /** The home BridgeVault as a 32-byte universal address. */
  readonly homeBridge: Hex;
  /** Validator addresses, ascending. */
  readonly validators: readonly Address[];
  /** Signatures required (default 2). */
  readonly threshold?: number;
  /** The Guardian (default: none). */
  readonly guardian?: Address;
  /** Seconds a received action list waits (default 1 day). */
  readonly executionDelay?: bigint;
}

/** A running EVM spoke governed from the hub. */
export interface LocalEvmGovernanceSpoke {
  readonly chainId: number;
  readonly publicClient: PublicClient;
  /** Funded test accounts; [0] is the deployer (holds no right once deployed). */
  readonly wallets: ReadonlyArray<WalletClient<Transport, Chain | undefined, Account>>;
  /** token, staking, marketplace, minter, vault (SpokeVault), executor (SpokeExecutor). */
  readonly contracts: Record<"token" | "staking" | "marketplace" | "minter" | "vault" | "executor", { address: Address }>;
  /** Moves the chain's clock forward and mines a block. */
  increaseTime(seconds: bigint): Promise<void>;
  /** The chain's EIP-1193 provider (what the devnet serves over HTTP). */
  readonly provider: { request(args: { method: string; params?: unknown }): Promise<unknown> };
}

/**
 * Starts an embedded EVM spoke whose SpokeExecutor administers everything and whose SpokeVault collects votes.
 *
 * @example
 * ```ts
 * const spoke = await startLocalEvmGovernanceSpoke({ hub: pad(hubAddress), homeBridge: pad(homeVault), validators });
 * const vault = new EvmSpokeVaultClient({ publicClient: spoke.publicClient, walletClient: spoke.wallets[1]!, address: spoke.contracts.vault.address });
 * ```
 */
export async function startLocalEvmGovernanceSpoke(p: StartLocalEvmGovernanceSpokeParameters): Promise<LocalEvmGovernanceSpoke> {
  const { network } = await import("hardhat");
  const { GovernanceSpokeModule } = await import("../../contracts-evm/ignition/modules/Governance.js");
  const chainId = p.chainId ?? 31338;
  const connection = await network.create({ override: { chainId } });
  const { ignition, viem, networkHelpers } = connection;
  const suite = (await ignition.deploy(GovernanceSpokeModule, {
    parameters: {
      GovernanceSpoke: {
        hub: p.hub,
        hubDomain: p.hubDomain ?? 31337,
        homeBridge: p.homeBridge,
        validators: [...p.validators],
        threshold: p.threshold ?? 2,
        ...(p.guardian ? { guardian: p.guardian } : {}),
        ...(p.executionDelay !== undefined ? { executionDelay: p.executionDelay } : {}),
      },
    },
    displayUi: false,
  })) as unknown as LocalEvmGovernanceSpoke["contracts"];
  return {
    chainId,
    publicClient: (await viem.getPublicClient()) as unknown as PublicClient,
    wallets: (await viem.getWalletClients()) as unknown as LocalEvmGovernanceSpoke["wallets"],
    contracts: Object.fromEntries(
      Object.entries(suite).map(([k, v]) => [k, { address: v.address }]),
    ) as LocalEvmGovernanceSpoke["contracts"],
    increaseTime: async (seconds) => {
      await networkHelpers.time.increase(seconds);
    },
    provider: connection.provider as unknown as LocalEvmGovernanceSpoke["provider"],
  };
}
