/**
 * One governance across chains on embedded chains (DESIGN §7): the EVM home as the hub (suite, BridgeVault,
 * GovernanceHub), an EVM spoke governed from it (GovernanceSpoke module: CalSpokeToken, staking, marketplace,
 * BridgeMinter, SpokeVault, SpokeExecutor) and, on request, Solana (the production layout on the native host, its
 * governance program the vault + executor) and TON (the sandbox bridge with contracts/executor), each spoke obeying
 * the hub's GovernanceHub. Three development validators and a relayer carry token and governance messages between
 * them. Used by the governance end-to-end tests and the demo's governance story.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { keccak256, toHex, type Address, type PublicClient } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { pino, type Logger } from "pino";
import { Relayer, SqliteRelayStore, Validator } from "@calctra/bridge";
import { DOMAINS, universalFromEvm, type Domain, type SpokeGovernanceClient } from "@calctra/core";
import type { DestinationChain, SourceChain } from "@calctra/sdk/bridge";
import {
  EvmDestination,
  EvmGovernanceClient,
  EvmGovernanceHubClient,
  EvmSource,
  EvmSpokeGovernanceClient,
  bridgeVaultAbi,
  governanceHubAbi,
} from "@calctra/sdk/evm";
import { CrossChainGovernanceClient } from "@calctra/sdk/governance";
import { SolanaDestination, SolanaGovernanceClient, SolanaSource, solanaBridgeAddress, solanaUniversalAddress } from "@calctra/sdk/solana";
import { PublicKey } from "@solana/web3.js";
import { startLocalEvm, type LocalEvm } from "./evm.js";
import { LOCAL_EVM_GOVERNANCE } from "./evm-bridge.js";
import { startLocalEvmGovernanceSpoke, type LocalEvmGovernanceSpoke } from "./evm-governance.js";
import { startLocalSolana, type LocalSolana, type LocalSolanaWallet } from "./solana.js";
import { startTonGovernanceSpoke, type TonGovernanceSpoke } from "./ton-governance.js";
import { developmentValidators } from "./validators.js";
import { OPEN_LIMITS } from "./world.js";

const GOVERNANCE_SENDER_ROLE = keccak256(toHex("GOVERNANCE_SENDER_ROLE"));

/** Parameters of {@link startGovernanceWorld}. */
export interface StartGovernanceWorldParameters {
  /** Seconds a spoke executor holds a received action list (default 1 hour; Solana's deployment keeps its 1 hour). */
  readonly executionDelay?: bigint;
  /** Spokes beyond the EVM spoke (default none): Solana on the native host, TON on @ton/sandbox. */
  readonly spokes?: readonly ("solana" | "ton")[];
  /** The EVM spoke's Guardian, who may veto an action list during its delay (default none). */
  readonly evmSpokeGuardian?: Address;
  readonly logger?: Logger;
}

/** The Solana spoke of a world: the local deployment and the relayer's wallet. */
export interface GovernanceWorldSolana extends LocalSolana {
  /** Pays deliveries to Solana. */
  readonly relayerWallet: LocalSolanaWallet;
  /** The governance config PDA: the vault and executor as the hub records them. */
  readonly governanceUniversal: `0x${string}`;
}

/** A running hub-and-spoke world. */
export interface GovernanceWorld {
  /** The hub chain (31337): its deployment's timelock administers everything there. */
  readonly home: LocalEvm;
  /** The EVM spoke (31338): its executor administers everything there. */
  readonly spoke: LocalEvmGovernanceSpoke;
  readonly hub: Address;
  /** The home BridgeVault. */
  readonly vault: Address;
  readonly spokeDomain: Domain;
  /** The Solana spoke, when started. */
  readonly solana?: GovernanceWorldSolana;
  /** The TON spoke, when started. */
  readonly ton?: TonGovernanceSpoke;
  /** The spoke's governance client for `spoke.wallets[i]`. */
  spokeGovernance(i: number): EvmSpokeGovernanceClient;
  /** Every spoke's governance client acting as its chain's anonymous executor of lists (keeper wallets). */
  spokeClients(): Map<Domain, SpokeGovernanceClient>;
  /**
   * The SDK's cross-chain governance client: the hub acting as home `wallets[homeWallet]` (default 0, the deployer),
   * the spokes as given (default {@link GovernanceWorld.spokeClients}).
   */
  governance(parameters?: {
    readonly homeWallet?: number;
    readonly spokes?: ReadonlyMap<Domain, SpokeGovernanceClient>;
  }): CrossChainGovernanceClient;
  /**
   * Moves every chain's clock forward by `seconds` and then to the same time (the latest): spoke votes are weighed
   * at the hub's snapshot on each spoke's own clock, so embedded chains must not drift apart.
   */
  advance(seconds: bigint): Promise<void>;
  /** Every validator signs what is final on every chain, then the relayer delivers what has enough signatures. */
  relay(): Promise<void>;
  /** Relayer status of a message ("delivered", "signed 2/3", …). */
  status(messageId: `0x${string}`): string | undefined;
  close(): Promise<void>;
}

/**
 * Starts the hub and an EVM spoke and wires them as governance's first proposal would (here by the impersonated
 * timelock): the spoke's bridge enabled on the home vault, the hub allowed to send governance messages, and the hub
 * told the spoke's vault and executor.
 *
 * @example
 * ```ts
 * const w = await startGovernanceWorld();
 * await w.spokeGovernance(1).castVote({ proposalId, support: 1 });
 * await w.spokeGovernance(1).sendTally({ proposalId });
 * await w.relay();
 * ```
 */
export async function startGovernanceWorld(parameters: StartGovernanceWorldParameters = {}): Promise<GovernanceWorld> {
  const keys = developmentValidators();
  const validatorSet = keys.map((k) => k.address);
  const spokeDomain = DOMAINS.localEvmSpoke;
  const home = await startLocalEvm({
    mode: "home",
    moduleParameters: LOCAL_EVM_GOVERNANCE,
    bridge: { validators: validatorSet, threshold: 2 },
    governanceHub: true,
  });
  const hub = home.contracts.hub!.address;
  const vault = home.bridge!;
  const spoke = await startLocalEvmGovernanceSpoke({
    chainId: spokeDomain,
    hub: universalFromEvm(hub),
    homeBridge: universalFromEvm(vault),
    validators: validatorSet,
    executionDelay: parameters.executionDelay ?? 3600n,
    ...(parameters.evmSpokeGuardian ? { guardian: parameters.evmSpokeGuardian } : {}),
  });
  const { minter, vault: spokeVault, executor } = spoke.contracts;
  const timelock = await home.impersonate(home.deployment.contracts.CalTimelock);
  const asTimelock = async (write: Parameters<typeof timelock.writeContract>[0]) =>
    home.publicClient.waitForTransactionReceipt({ hash: await timelock.writeContract(write) });
  const t = { chain: timelock.chain, account: timelock.account } as const;
  await asTimelock({
    ...t,
    address: vault,
    abi: bridgeVaultAbi,
    functionName: "setRemoteDomain",
    args: [spokeDomain, { bridge: universalFromEvm(minter.address), ...OPEN_LIMITS }],
  });
  await asTimelock({ ...t, address: vault, abi: bridgeVaultAbi, functionName: "grantRole", args: [GOVERNANCE_SENDER_ROLE, hub] });
  await asTimelock({
    ...t,
    address: hub,
    abi: governanceHubAbi,
    functionName: "setSpoke",
    args: [spokeDomain, universalFromEvm(spokeVault.address), universalFromEvm(executor.address)],
  });

  const spokeGovernance = (i: number) =>
    new EvmSpokeGovernanceClient({
      publicClient: spoke.publicClient,
      walletClient: spoke.wallets[i]!,
      vault: spokeVault.address,
      executor: executor.address,
    });

  // ── the other spokes: each obeys the hub, is enabled on the home vault and recorded by the hub ──
  const wanted = new Set(parameters.spokes ?? []);
  const started = (await home.publicClient.getBlock()).timestamp;
  let solana: GovernanceWorldSolana | undefined;
  let ton: TonGovernanceSpoke | undefined;
  const enable = async (domain: Domain, bridge: `0x${string}`, governance: `0x${string}`) => {
    await asTimelock({
      ...t,
      address: vault,
      abi: bridgeVaultAbi,
      functionName: "setRemoteDomain",
      args: [domain, { bridge, ...OPEN_LIMITS }],
    });
    await asTimelock({ ...t, address: hub, abi: governanceHubAbi, functionName: "setSpoke", args: [domain, governance, governance] });
  };
  try {
    if (wanted.has("solana")) {
      const sol = await startLocalSolana({ startTime: started, homeBridge: universalFromEvm(vault), hubAddress: universalFromEvm(hub) });
      const relayerWallet = await sol.newWallet({ sol: 10n });
      const governanceUniversal = solanaUniversalAddress(new PublicKey(sol.deployment.pdas.governance));
      solana = { ...sol, relayerWallet, governanceUniversal };
      await enable(DOMAINS.solana, solanaBridgeAddress(), governanceUniversal);
    }
    if (wanted.has("ton")) {
      ton = await startTonGovernanceSpoke({
        hub: universalFromEvm(hub),
        executionDelay: parameters.executionDelay ?? 3600n,
        startTime: Number(started),
      });
      await enable(DOMAINS.ton, ton.tonBridge, ton.executorUniversal);
    }
  } catch (e) {
    solana?.close();
    throw e;
  }

  const logger = parameters.logger ?? pino({ level: "silent" });
  const evmChains = [
    { domain: home.deployment.chainId, client: home.publicClient, bridge: vault, wallet: home.wallets[9]! },
    { domain: spokeDomain, client: spoke.publicClient, bridge: minter.address, wallet: spoke.wallets[9]! },
  ];
  // Embedded chains finalize their head, so the services read at "latest" (Solana: "confirmed").
  const sources = (): { source: SourceChain; startBlock: bigint }[] => [
    ...evmChains.map((c) => ({
      source: new EvmSource({ client: c.client, bridge: c.bridge, domain: c.domain, finality: "latest" }),
      startBlock: 0n,
    })),
    ...(solana ? [{ source: new SolanaSource({ connection: solana.connection, commitment: "confirmed" }), startBlock: 1n }] : []),
    ...(ton ? [{ source: ton.source(), startBlock: 1n }] : []),
  ];
  const universals = new Map<Domain, `0x${string}`>([
    ...evmChains.map((c) => [c.domain, universalFromEvm(c.bridge)] as const),
    ...(solana ? [[DOMAINS.solana, solanaBridgeAddress()] as const] : []),
    ...(ton ? [[DOMAINS.ton, ton.tonBridge] as const] : []),
  ]);
  const destinations = new Map<Domain, DestinationChain>([
    ...evmChains.map(
      (c) =>
        [
          c.domain,
          new EvmDestination({
            domain: c.domain,
            bridge: c.bridge,
            publicClient: c.client as PublicClient,
            walletClient: c.wallet as never,
          }),
        ] as const,
    ),
    ...(solana
      ? [
          [
            DOMAINS.solana,
            new SolanaDestination({ connection: solana.connection, payer: solana.relayerWallet.keypair, now: () => solana.now() }),
          ] as const,
        ]
      : []),
    ...(ton ? [[DOMAINS.ton, ton.destination()] as const] : []),
  ]);
  const validators = keys.map(
    (k) =>
      new Validator({
        sources: sources(),
        destinations: universals,
        account: privateKeyToAccount(k.privateKey),
        logger,
      }),
  );
  const urls = (await Promise.all(validators.map((v) => v.serve(0)))).map((port) => `http://127.0.0.1:${port}`);
  const dir = mkdtempSync(join(tmpdir(), "calctra-governance-world-"));
  const store = new SqliteRelayStore(join(dir, "relayer.sqlite"));
  const relayer = new Relayer({
    sources: sources(),
    destinations,
    validators: urls,
    store,
    logger,
    retry: { baseMs: 1, maxMs: 4 },
  });
  const keeper = solana ? await solana.newWallet({ sol: 10n }) : undefined;
  const tonKeeper = ton ? await ton.treasury("governance-keeper") : undefined;
  const spokeClients = () => {
    const out = new Map<Domain, SpokeGovernanceClient>([[spokeDomain, spokeGovernance(9)]]);
    if (solana && keeper) out.set(DOMAINS.solana, new SolanaGovernanceClient(keeper.params));
    if (ton && tonKeeper) out.set(DOMAINS.ton, ton.governance(tonKeeper));
    return out;
  };
  return {
    home,
    spoke,
    hub,
    vault,
    spokeDomain,
    ...(solana ? { solana } : {}),
    ...(ton ? { ton } : {}),
    spokeGovernance,
    spokeClients,
    governance({ homeWallet = 0, spokes } = {}) {
      const walletClient = home.wallets[homeWallet]!;
      return new CrossChainGovernanceClient({
        governor: new EvmGovernanceClient({ publicClient: home.publicClient, deployment: home.deployment, walletClient }),
        hub: new EvmGovernanceHubClient({ publicClient: home.publicClient, walletClient, address: hub }),
        hubDomain: home.deployment.chainId,
        governorAddress: home.deployment.contracts.CalGovernor,
        targets: { ...home.deployment.contracts, Bridge: vault },
        spokes: spokes ?? spokeClients(),
      });
    },
    async advance(seconds) {
      await home.increaseTime(seconds);
      await spoke.increaseTime(seconds);
      await solana?.advanceTime(seconds);
      ton?.advance(seconds);
      const clocks = [
        (await home.publicClient.getBlock()).timestamp,
        (await spoke.publicClient.getBlock()).timestamp,
        ...(solana ? [await solana.now()] : []),
        ...(ton ? [BigInt(ton.now())] : []),
      ];
      let latest = 0n;
      for (const c of clocks) if (c > latest) latest = c;
      const [h, s] = clocks;
      if (h! < latest) await home.increaseTime(latest - h!);
      if (s! < latest) await spoke.increaseTime(latest - s!);
      if (solana && (await solana.now()) < latest) await solana.setTime(latest);
      if (ton && BigInt(ton.now()) < latest) ton.advance(latest - BigInt(ton.now()));
    },
    async relay() {
      for (const v of validators) await v.pollOnce();
      await relayer.pollOnce();
    },
    status: (messageId) => relayer.status(messageId),
    async close() {
      await relayer.stop();
      for (const v of validators) await v.stop();
      store.close();
      solana?.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
