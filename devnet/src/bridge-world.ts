/**
 * A local two-chain bridge world for the demo and the tests: an embedded EVM home (31337: suite + BridgeVault,
 * the spoke enabled by governance) and an embedded EVM spoke (31338: BridgeSpoke suite + BridgeMinter), three
 * in-process validators with the development keys of test/vectors/bridge.json serving HTTP, and a relayer on
 * an SQLite store. Validators and relayer are driven pass by pass (`sign`, `relay`) so a story is deterministic.
 * Requires running from the repository root on Node 22 (like `startLocalEvm`).
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { encodeFunctionData, type Address, type Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { pino, type Logger } from "pino";
import { Relayer } from "@calctra/bridge";
import { EvmSource } from "@calctra/sdk/evm";
import { SqliteRelayStore } from "@calctra/bridge";
import { Validator } from "@calctra/bridge";
import type { DestinationChain } from "@calctra/sdk/bridge";
import { universalFromEvm } from "@calctra/core";
import { DOMAINS } from "@calctra/core";
import { CAL } from "@calctra/core";
import { EvmGovernanceClient } from "@calctra/sdk/evm";
import { EvmTokenClient } from "@calctra/sdk/evm";
import { startLocalEvm, type LocalEvm } from "./evm.js";
import { EvmBridgeClient, evmBridgeAbi } from "@calctra/sdk/evm";

/**
 * The development validators of test/vectors/bridge.json (never use these keys outside a local chain).
 *
 * @example
 * ```ts
 * const addresses = developmentValidators().map((v) => v.address); // ascending
 * ```
 */
export function developmentValidators(): { privateKey: Hex; address: Address }[] {
  const file = new URL("../../test/vectors/bridge.json", import.meta.url);
  return (JSON.parse(readFileSync(file, "utf8")) as { validators: { privateKey: Hex; address: Address }[] }).validators;
}

/** Parameters of {@link startLocalBridge}. */
export interface StartLocalBridgeParameters {
  /** Blocks a message needs on top of its own before validators and the relayer see it (default 1). */
  readonly confirmations?: number;
  /** Signatures required on both bridges (default 2 of the 3 development validators). */
  readonly threshold?: number;
  readonly logger?: Logger;
}

/** Home/spoke supply figures (CAL base units): the invariant is `locked == minted + inFlight`. */
export interface BridgeSupply {
  /** CAL held by the home vault. */
  readonly locked: bigint;
  /** Total CAL supply on the spoke. */
  readonly minted: bigint;
  /** Sent and not yet delivered, both ways. */
  readonly inFlight: bigint;
  readonly holds: boolean;
}

/** A running local bridge world. */
export interface LocalBridge {
  readonly home: LocalEvm;
  readonly spoke: LocalEvm;
  readonly homeBridge: Address;
  readonly spokeBridge: Address;
  /** Validator HTTP base URLs. */
  readonly validatorUrls: readonly string[];
  readonly validators: readonly Validator[];
  readonly relayer: Relayer;
  /** Gas of the governance steps that enabled the spoke on the home vault (delegate, propose, vote, queue, execute). */
  readonly enableCost: bigint;
  /** Bridge client of `wallets[i]` on the home / spoke chain. */
  homeClient(i: number): EvmBridgeClient;
  spokeClient(i: number): EvmBridgeClient;
  /** Mines `confirmations` blocks on both chains. */
  confirm(): Promise<void>;
  /** One scan-and-sign pass of the given validators (default all). */
  sign(which?: readonly number[]): Promise<void>;
  /** One relayer pass. */
  relay(): Promise<void>;
  /** The transaction with which the relayer delivered `messageId` (null before). */
  relayedBy(messageId: Hex): Hex | null;
  supply(): Promise<BridgeSupply>;
  close(): Promise<void>;
}

/**
 * Starts the two chains, deploys and wires the bridge, and starts the validators' HTTP services and a relayer.
 *
 * @example
 * ```ts
 * const world = await startLocalBridge();
 * const sent = await world.homeClient(1).transfer({ dstDomain: 31338, recipient: world.spoke.wallets[1]!.account.address, amount: CAL });
 * await world.confirm(); await world.sign(); await world.relay();
 * await world.close();
 * ```
 */
export async function startLocalBridge(parameters: StartLocalBridgeParameters = {}): Promise<LocalBridge> {
  const confirmations = parameters.confirmations ?? 1;
  const threshold = parameters.threshold ?? 2;
  const logger = parameters.logger ?? pino({ level: "silent" });
  const keys = developmentValidators();
  const HOME = DOMAINS.localEvmHome;
  const SPOKE = DOMAINS.localEvmSpoke;

  const { home, homeBridge } = await startBridgeHome({ threshold });
  const { spoke, spokeBridge } = await startBridgeSpoke({ homeBridge, threshold });

  // Home: the vault is administered by the timelock, so governance enables the spoke (propose, vote, queue, execute).
  const [deployer] = home.wallets;
  const enableCost = await enableRemoteDomainByGovernance({ home, homeBridge, domain: SPOKE, remoteBridge: universalFromEvm(spokeBridge), description: `Enable the EVM spoke ${SPOKE} on the home vault` });
  const enabled = await home.publicClient.readContract({ address: homeBridge, abi: evmBridgeAbi, functionName: "remoteBridge", args: [SPOKE] });
  if (enabled.toLowerCase() !== universalFromEvm(spokeBridge)) throw new Error("governance did not enable the spoke on the home vault");

  const sources = () => [
    { source: new EvmSource({ client: home.publicClient, bridge: homeBridge, domain: HOME, confirmations }), startBlock: 0n },
    { source: new EvmSource({ client: spoke.publicClient, bridge: spokeBridge, domain: SPOKE, confirmations }), startBlock: 0n },
  ];
  const validators = keys.map((k) => new Validator({
    sources: sources(),
    destinations: new Map([[SPOKE, universalFromEvm(spokeBridge)], [HOME, universalFromEvm(homeBridge)]]),
    account: privateKeyToAccount(k.privateKey), logger,
  }));
  const ports = await Promise.all(validators.map((v) => v.serve(0)));
  const validatorUrls = ports.map((p) => `http://127.0.0.1:${p}`);

  const dir = mkdtempSync(join(tmpdir(), "calctra-sdk-bridge-"));
  const store = new SqliteRelayStore(join(dir, "relayer.sqlite"));
  const relayerWallet = (c: LocalEvm) => c.wallets[9]!;
  const relayer = new Relayer({
    sources: sources(),
    destinations: new Map<number, DestinationChain>([
      [SPOKE, await new EvmBridgeClient({ publicClient: spoke.publicClient, walletClient: relayerWallet(spoke), bridge: spokeBridge }).asDestination()],
      [HOME, await new EvmBridgeClient({ publicClient: home.publicClient, walletClient: relayerWallet(home), bridge: homeBridge }).asDestination()],
    ]),
    validators: validatorUrls, store, logger, httpTimeoutMs: 2000, retry: { baseMs: 1, maxMs: 4 },
  });

  const homeClient = (i: number) => new EvmBridgeClient({ publicClient: home.publicClient, walletClient: home.wallets[i]!, bridge: homeBridge });
  const spokeClient = (i: number) => new EvmBridgeClient({ publicClient: spoke.publicClient, walletClient: spoke.wallets[i]!, bridge: spokeBridge });

  async function supply(): Promise<BridgeSupply> {
    const homeToken = new EvmTokenClient({ publicClient: home.publicClient, deployment: home.deployment, walletClient: deployer! });
    const spokeToken = new EvmTokenClient({ publicClient: spoke.publicClient, deployment: spoke.deployment, walletClient: spoke.wallets[0]! });
    const locked = await homeToken.balanceOf({ owner: homeBridge });
    const minted = await spokeToken.totalSupply();
    let inFlight = 0n;
    for (const [src, srcBridge, dst] of [[home, homeBridge, spokeClient(0)], [spoke, spokeBridge, homeClient(0)]] as const) {
      const sent = await src.publicClient.getContractEvents({ address: srcBridge, abi: evmBridgeAbi, eventName: "MessageSent", fromBlock: 0n, strict: true });
      for (const l of sent) if (!(await dst.isDelivered({ messageId: l.args.messageId }))) inFlight += l.args.amount;
    }
    return { locked, minted, inFlight, holds: locked === minted + inFlight };
  }

  return {
    home, spoke, homeBridge, spokeBridge, validatorUrls, validators, relayer, enableCost, homeClient, spokeClient, supply,
    confirm: async () => { await home.mine(confirmations); await spoke.mine(confirmations); },
    sign: async (which = [0, 1, 2]) => { for (const i of which) await validators[i]!.pollOnce(); },
    relay: () => relayer.pollOnce(),
    relayedBy: (messageId) => (store.get(messageId)?.transactionId ?? null) as Hex | null,
    close: async () => {
      await relayer.stop();
      await Promise.all(validators.map((v) => v.stop()));
      store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Governance timings of the local EVM chains (seconds; CAL base units): what {@link enableRemoteDomainByGovernance}
 * time-travels through.
 */
export const LOCAL_EVM_GOVERNANCE = {
  votingDelay: 60n, votingPeriod: 3600n, lateQuorumExtension: 600n, timelockDelay: 600n, proposalThreshold: 1_000n * CAL,
} as const;

/**
 * Starts an embedded EVM home (31337) with the suite and the BridgeVault (Ignition; administered by the timelock,
 * short governance timings), the development validators as its set.
 *
 * @example
 * ```ts
 * const { home, homeBridge } = await startBridgeHome({ threshold: 2 });
 * ```
 */
export async function startBridgeHome({ threshold = 2 }: { readonly threshold?: number } = {}): Promise<{ home: LocalEvm; homeBridge: Address }> {
  const validators = developmentValidators().map((k) => k.address);
  const home = await startLocalEvm({ mode: "home", moduleParameters: LOCAL_EVM_GOVERNANCE, bridge: { validators, threshold } });
  return { home, homeBridge: home.bridge! };
}

/**
 * Starts an embedded EVM spoke (31338) with the spoke suite and its BridgeMinter (Ignition; the home vault enabled
 * by the bootstrap batch, then administered by the spoke's timelock), the development validators as its set.
 *
 * @example
 * ```ts
 * const { spoke, spokeBridge } = await startBridgeSpoke({ homeBridge });
 * ```
 */
export async function startBridgeSpoke({ homeBridge, threshold = 2 }: { readonly homeBridge: Address; readonly threshold?: number }): Promise<{ spoke: LocalEvm; spokeBridge: Address }> {
  const validators = developmentValidators().map((k) => k.address);
  const spoke = await startLocalEvm({
    mode: "spoke", chainId: DOMAINS.localEvmSpoke, moduleParameters: LOCAL_EVM_GOVERNANCE,
    bridge: { validators, threshold, homeBridge: universalFromEvm(homeBridge), homeDomain: DOMAINS.localEvmHome },
  });
  return { spoke, spokeBridge: spoke.bridge! };
}

/** Parameters of {@link enableRemoteDomainByGovernance}. */
export interface EnableRemoteDomainParameters {
  /**
   * The chain whose bridge is administered by its timelock, deployed with {@link LOCAL_EVM_GOVERNANCE} (the home, or
   * a spoke once its deployer holds bridged CAL above the proposal threshold); its `wallets[0]` proposes and votes.
   */
  readonly home: LocalEvm;
  /** That chain's bridge (the home vault, or a spoke's minter). */
  readonly homeBridge: Address;
  readonly domain: number;
  /** The remote bridge as a 32-byte universal address. */
  readonly remoteBridge: Hex;
  readonly description: string;
}

/**
 * Enables a remote domain on the home vault the only way its admin allows: a governance proposal
 * (delegate, propose, vote, queue, execute) with time travel. Returns the gas of those steps.
 *
 * @example
 * ```ts
 * await enableRemoteDomainByGovernance({ home, homeBridge, domain: DOMAINS.ton, remoteBridge, description: "Enable TON" });
 * ```
 */
export async function enableRemoteDomainByGovernance({ home, homeBridge, domain, remoteBridge, description }: EnableRemoteDomainParameters): Promise<bigint> {
  const [deployer] = home.wallets;
  const base = { publicClient: home.publicClient, deployment: home.deployment, walletClient: deployer! };
  const gov = new EvmGovernanceClient(base);
  const actions = {
    targets: [homeBridge], values: [0n],
    calldatas: [encodeFunctionData({
      abi: evmBridgeAbi,
      functionName: "setRemoteDomain",
      args: [domain, {
        bridge: remoteBridge, inboundCapacity: 1_000_000n * CAL, inboundRatePerSecond: 1_000n * CAL,
        outboundCapacity: 1_000_000n * CAL, outboundRatePerSecond: 1_000n * CAL,
      }],
    })] as Hex[],
    description,
  };
  let cost = (await new EvmTokenClient(base).delegate({ delegatee: deployer!.account.address })).cost ?? 0n;
  await home.increaseTime(1n);
  const proposed = await gov.propose(actions);
  await home.increaseTime(61n);
  cost += proposed.cost ?? 0n;
  cost += (await gov.castVote({ proposalId: proposed.proposalId, support: 1 })).cost ?? 0n;
  await home.increaseTime(3601n);
  cost += (await gov.queue(actions)).cost ?? 0n;
  await home.increaseTime(601n);
  cost += (await gov.execute(actions)).cost ?? 0n;
  return cost;
}
