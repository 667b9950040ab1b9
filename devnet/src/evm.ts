/**
 * An embedded local EVM chain (Hardhat's EDR, in process) with the Calctra suite deployed by the
 * project's Ignition module. Used by the demo, the CLI's `deploy --local` and the SDK tests.
 * Requires running from the repository root (hardhat.config.ts) on Node 22.
 */
import { zeroAddress, type Account, type Address, type Chain, type Hex, type PublicClient, type Transport, type WalletClient } from "viem";
import type { EvmDeployment } from "@calctra/sdk/evm";
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
  /** Mines `blocks` empty blocks (default 1), e.g. to give bridge messages their confirmations. */
  mine(blocks?: number): Promise<void>;
  /** The bridge contract when deployed with `bridge`: the BridgeVault (home) or the BridgeMinter (spoke). */
  readonly bridge?: Address;
  /** The chain's EIP-1193 provider, for clients of your own (e.g. a transport that injects RPC faults). */
  readonly provider: { request(args: { method: string; params?: unknown }): Promise<unknown> };
  /** Takes a snapshot of the chain; `restore()` goes back to it (e.g. to replay a reorg). */
  snapshot(): Promise<{ restore(): Promise<void> }>;
  /** A wallet sending as `address` (impersonated, funded with 10 ETH), e.g. the timelock that administers a contract. */
  impersonate(address: Address): Promise<WalletClient<Transport, Chain | undefined, Account>>;
  /**
   * Deploys the generated BN254 `result_commitment` verifier and registers it as `verifierId` (default 1) with the
   * marketplace, sent as the timelock (what a governance proposal does on a real network).
   */
  registerVerifier(parameters?: { readonly verifierId?: number }): Promise<{ readonly verifierId: number; readonly verifier: Address }>;
}

/**
 * Bridge deployment of {@link startLocalEvm}: on a home chain the "BridgeHome" module (a BridgeVault beside
 * the suite, administered by the timelock; remote domains are then enabled by governance), on a spoke the
 * "BridgeSpoke" module (the whole spoke suite plus its BridgeMinter, home already enabled).
 */
export interface LocalEvmBridgeParameters {
  /** Validator addresses, ascending. */
  readonly validators: readonly Address[];
  /** Signatures required (default 2). */
  readonly threshold?: number;
  /** Spoke only: the home vault as a 32-byte universal address. */
  readonly homeBridge?: Hex;
  /** Spoke only: the home domain (default 31337). */
  readonly homeDomain?: number;
}

/** Parameters of {@link startLocalEvm}. */
export interface StartLocalEvmParameters {
  /** Deploy as the home chain (whole supply minted) or a spoke (bridge-minted). */
  readonly mode?: "home" | "spoke";
  /** Ignition parameters of the "Calctra" module (e.g. shorter voting periods for a demo). */
  readonly moduleParameters?: Record<string, unknown>;
  /** Chain id of the embedded chain (default: Hardhat's, 31337). A spoke is 31338 by convention. */
  readonly chainId?: number;
  /** Also deploy the bridge (see {@link LocalEvmBridgeParameters}); omitted: no bridge, as before. */
  readonly bridge?: LocalEvmBridgeParameters;
  /**
   * Home chain with `bridge` only: also deploy the GovernanceHub (module "GovernanceHub", `contracts.hub`) and have the
   * timelock delegate the vault's CAL votes to it (`BridgeVault.delegateVotes`).
   */
  readonly governanceHub?: boolean;
}

/**
 * Starts an embedded EVM chain and deploys the suite.
 *
 * @example
 * ```ts
 * const evm = await startLocalEvm({ mode: "home" });
 * const spoke = await startLocalEvm({ mode: "spoke", chainId: 31338, bridge: { validators, homeBridge } });
 * const market = new EvmMarketplaceClient({ publicClient: evm.publicClient, walletClient: evm.wallets[1]!, deployment: evm.deployment });
 * ```
 */
export async function startLocalEvm(parameters: StartLocalEvmParameters = {}): Promise<LocalEvm> {
  const { network } = await import("hardhat");
  const { default: CalctraModule } = await import("../../contracts-evm/ignition/modules/Calctra.js");
  const mode = parameters.mode ?? "home";
  const connection =
    parameters.chainId === undefined ? await network.create() : await network.create({ override: { chainId: parameters.chainId } });
  const { ignition, viem, networkHelpers } = connection;
  const publicClient = (await viem.getPublicClient()) as unknown as PublicClient;
  const wallets = (await viem.getWalletClients()) as unknown as LocalEvm["wallets"];
  const b = parameters.bridge;
  let suite: Record<string, { address: Address }>;
  let bridge: Address | undefined;
  if (b && mode === "spoke") {
    const { BridgeSpokeModule } = await import("../../contracts-evm/ignition/modules/Bridge.js");
    if (!b.homeBridge) throw new RangeError("a spoke bridge needs homeBridge (the home vault as a universal address)");
    suite = (await ignition.deploy(BridgeSpokeModule, {
      parameters: {
        BridgeSpoke: {
          ...(parameters.moduleParameters ?? {}),
          validators: [...b.validators],
          threshold: b.threshold ?? 2,
          homeBridge: b.homeBridge,
          homeDomain: b.homeDomain ?? 31337,
        },
      },
      displayUi: false,
    })) as unknown as Record<string, { address: Address }>;
    bridge = suite.minter!.address;
  } else {
    suite = (await ignition.deploy(CalctraModule, {
      parameters: { Calctra: { ...(parameters.moduleParameters ?? {}), home: mode === "home" } },
      displayUi: false,
    })) as unknown as Record<string, { address: Address }>;
    if (b) {
      const { BridgeHomeModule } = await import("../../contracts-evm/ignition/modules/Bridge.js");
      const { vault } = await ignition.deploy(BridgeHomeModule, {
        parameters: {
          BridgeHome: {
            token: suite.token!.address,
            timelock: suite.timelock!.address,
            validators: [...b.validators],
            threshold: b.threshold ?? 2,
          },
        },
        displayUi: false,
      });
      suite = { ...suite, vault };
      bridge = vault.address;
      if (parameters.governanceHub) {
        const { GovernanceHubModule } = await import("../../contracts-evm/ignition/modules/Governance.js");
        const { hub } = await ignition.deploy(GovernanceHubModule, {
          parameters: { GovernanceHub: { governor: suite.governor!.address, timelock: suite.timelock!.address, bridge: vault.address } },
          displayUi: false,
        });
        suite = { ...suite, hub };
        // The timelock's first act (a proposal on a real network): the vault's CAL votes through the hub.
        await networkHelpers.impersonateAccount(suite.timelock!.address);
        await networkHelpers.setBalance(suite.timelock!.address, 10n ** 19n);
        const v = await viem.getContractAt("BridgeVault", vault.address);
        await v.write.delegateVotes([hub.address], { account: suite.timelock!.address });
        await networkHelpers.stopImpersonatingAccount(suite.timelock!.address);
      }
    }
  }
  const deployment: EvmDeployment = {
    network: connection.networkName,
    chainId: await publicClient.getChainId(),
    mode,
    contracts: {
      CalToken: suite.token!.address,
      CalTimelock: suite.timelock!.address,
      // A spoke has no Governor (DESIGN §7): its deployment names the zero address.
      CalGovernor: suite.governor?.address ?? zeroAddress,
      Staking: suite.staking!.address,
      Marketplace: suite.marketplace!.address,
      // The power registry (DESIGN §11) is part of the home suite; the bridge spoke's module does not deploy one yet.
      ...(suite.powerRegistry ? { PowerRegistry: suite.powerRegistry.address } : {}),
    },
  };
  return {
    deployment,
    publicClient,
    wallets,
    contracts: Object.fromEntries(Object.entries(suite).map(([k, v]) => [k, { address: v.address }])),
    increaseTime: async (seconds) => {
      await networkHelpers.time.increase(seconds);
    },
    deployContract: async (name, args = []) =>
      ((await viem.deployContract(name as never, args as never)) as { address: `0x${string}` }).address,
    mine: async (blocks = 1) => {
      await networkHelpers.mine(blocks);
    },
    provider: connection.provider as unknown as LocalEvm["provider"],
    snapshot: () => networkHelpers.takeSnapshot(),
    impersonate: async (address) => {
      await networkHelpers.impersonateAccount(address);
      await networkHelpers.setBalance(address, 10n ** 19n);
      return (await viem.getWalletClient(address)) as unknown as LocalEvm["wallets"][number];
    },
    registerVerifier: async ({ verifierId = 1 } = {}) => {
      const verifier = ((await viem.deployContract("ResultCommitmentVerifier" as never, [] as never)) as { address: Address }).address;
      const timelock = suite.timelock!.address;
      await networkHelpers.impersonateAccount(timelock);
      await networkHelpers.setBalance(timelock, 10n ** 19n);
      const market = await viem.getContractAt("Marketplace", suite.marketplace!.address);
      await market.write.registerVerifier([verifierId, verifier], { account: timelock });
      await networkHelpers.stopImpersonatingAccount(timelock);
      return { verifierId, verifier };
    },
    ...(bridge !== undefined ? { bridge } : {}),
  };
}
