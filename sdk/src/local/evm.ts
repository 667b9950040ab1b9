/**
 * An embedded local EVM chain (Hardhat's EDR, in process) with the Calctra suite deployed by the
 * project's Ignition module. Used by the demo, the CLI's `deploy --local` and the SDK tests.
 * Requires running from the repository root (hardhat.config.ts) on Node 22.
 */
import type { Account, Chain, PublicClient, Transport, WalletClient } from "viem";
import type { EvmDeployment } from "../evm/clients.js";
// Type extensions of the Hardhat plugins that hardhat.config.ts loads (viem, network helpers, ignition).
import type {} from "@nomicfoundation/hardhat-viem";
import type {} from "@nomicfoundation/hardhat-network-helpers";
import type {} from "@nomicfoundation/hardhat-ignition-viem";

/** A running local EVM chain with the suite deployed. */
export interface LocalEvm {
  readonly deployment: EvmDeployment;
  readonly publicClient: PublicClient;
  /** Funded test accounts; [0] is the deployer (holds the home supply, pauser, arbiter, treasury). */
  readonly wallets: ReadonlyArray<WalletClient<Transport, Chain | undefined, Account>>;
  /** Moves the chain's clock forward and mines a block. */
  increaseTime(seconds: bigint): Promise<void>;
  /** Ignition module results, for contracts the SDK does not wrap (e.g. the verifier registry). */
  readonly contracts: Record<string, { address: `0x${string}` }>;
  /** Deploys a contract of the project's build (e.g. a generated Groth16 verifier adapter) from account 0. */
  deployContract(name: string, args?: readonly unknown[]): Promise<`0x${string}`>;
}

/** Parameters of {@link startLocalEvm}. */
export interface StartLocalEvmParameters {
  /** Deploy as the home chain (whole supply minted) or a spoke (bridge-minted). */
  readonly mode?: "home" | "spoke";
  /** Ignition parameters of the "Calctra" module (e.g. shorter voting periods for a demo). */
  readonly moduleParameters?: Record<string, unknown>;
}

/**
 * Starts an embedded EVM chain and deploys the suite.
 *
 * @example
 * ```ts
 * const evm = await startLocalEvm({ mode: "home" });
 * const market = new EvmMarketplaceClient({ publicClient: evm.publicClient, walletClient: evm.wallets[1]!, deployment: evm.deployment });
 * ```
 */
export async function startLocalEvm(parameters: StartLocalEvmParameters = {}): Promise<LocalEvm> {
  const { network } = await import("hardhat");
  const { default: CalctraModule } = await import("../../../contracts-evm/ignition/modules/Calctra.js");
  const mode = parameters.mode ?? "home";
  const connection = await network.create();
  const { ignition, viem, networkHelpers } = connection;
  const publicClient = (await viem.getPublicClient()) as unknown as PublicClient;
  const wallets = (await viem.getWalletClients()) as unknown as LocalEvm["wallets"];
  const suite = await ignition.deploy(CalctraModule, {
    parameters: { Calctra: { ...(parameters.moduleParameters ?? {}), home: mode === "home" } },
    displayUi: false,
  });
  const deployment: EvmDeployment = {
    network: connection.networkName,
    chainId: await publicClient.getChainId(),
    mode,
    contracts: {
      CalToken: suite.token.address, CalTimelock: suite.timelock.address, CalGovernor: suite.governor.address,
      Staking: suite.staking.address, Marketplace: suite.marketplace.address,
    },
  };
  return {
    deployment, publicClient, wallets,
    contracts: Object.fromEntries(Object.entries(suite).map(([k, v]) => [k, { address: (v as { address: `0x${string}` }).address }])),
    increaseTime: async (seconds) => { await networkHelpers.time.increase(seconds); },
    deployContract: async (name, args = []) => ((await viem.deployContract(name as never, args as never)) as { address: `0x${string}` }).address,
  };
}
