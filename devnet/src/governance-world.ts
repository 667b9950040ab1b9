/**
 * One governance across chains on embedded chains (DESIGN §7): the EVM home as the hub (suite, BridgeVault,
 * GovernanceHub) and an EVM spoke governed from it (GovernanceSpoke module: CalSpokeToken, staking, marketplace,
 * BridgeMinter, SpokeVault, SpokeExecutor), three development validators and a relayer carrying token and governance
 * messages between them. Used by the governance end-to-end test and the demo's governance story.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { keccak256, toHex, type Address, type PublicClient } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { pino, type Logger } from "pino";
import { Relayer, SqliteRelayStore, Validator } from "@calctra/bridge";
import { DOMAINS, universalFromEvm, type Domain } from "@calctra/core";
import { EvmDestination, EvmSource, EvmSpokeGovernanceClient, bridgeVaultAbi, governanceHubAbi } from "@calctra/sdk/evm";
import { startLocalEvm, type LocalEvm } from "./evm.js";
import { LOCAL_EVM_GOVERNANCE } from "./evm-bridge.js";
import { startLocalEvmGovernanceSpoke, type LocalEvmGovernanceSpoke } from "./evm-governance.js";
import { developmentValidators } from "./validators.js";
import { OPEN_LIMITS } from "./world.js";

const GOVERNANCE_SENDER_ROLE = keccak256(toHex("GOVERNANCE_SENDER_ROLE"));

/** Parameters of {@link startGovernanceWorld}. */
export interface StartGovernanceWorldParameters {
  /** Seconds a spoke executor holds a received action list (default 1 hour). */
  readonly executionDelay?: bigint;
  readonly logger?: Logger;
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
  /** The spoke's governance client for `spoke.wallets[i]`. */
  spokeGovernance(i: number): EvmSpokeGovernanceClient;
  /**
   * Moves both chains' clocks forward by `seconds` and then to the same time (the later of the two): spoke votes are
   * weighed at the hub's snapshot on each spoke's own clock, so embedded chains must not drift apart.
   */
  advance(seconds: bigint): Promise<void>;
  /** Every validator signs what is final on both chains, then the relayer delivers what has enough signatures. */
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

  const logger = parameters.logger ?? pino({ level: "silent" });
  const chains = [
    { domain: home.deployment.chainId, client: home.publicClient, bridge: vault, wallet: home.wallets[9]! },
    { domain: spokeDomain, client: spoke.publicClient, bridge: minter.address, wallet: spoke.wallets[9]! },
  ];
  // Embedded chains finalize their head, so the services read at "latest".
  const sources = () =>
    chains.map((c) => ({
      source: new EvmSource({ client: c.client, bridge: c.bridge, domain: c.domain, finality: "latest" }),
      startBlock: 0n,
    }));
  const validators = keys.map(
    (k) =>
      new Validator({
        sources: sources(),
        destinations: new Map(chains.map((c) => [c.domain, universalFromEvm(c.bridge)])),
        account: privateKeyToAccount(k.privateKey),
        logger,
      }),
  );
  const urls = (await Promise.all(validators.map((v) => v.serve(0)))).map((port) => `http://127.0.0.1:${port}`);
  const dir = mkdtempSync(join(tmpdir(), "calctra-governance-world-"));
  const store = new SqliteRelayStore(join(dir, "relayer.sqlite"));
  const relayer = new Relayer({
    sources: sources(),
    destinations: new Map(
      chains.map((c) => [
        c.domain,
        new EvmDestination({ domain: c.domain, bridge: c.bridge, publicClient: c.client as PublicClient, walletClient: c.wallet as never }),
      ]),
    ),
    validators: urls,
    store,
    logger,
    retry: { baseMs: 1, maxMs: 4 },
  });
  return {
    home,
    spoke,
    hub,
    vault,
    spokeDomain,
    spokeGovernance: (i) =>
      new EvmSpokeGovernanceClient({
        publicClient: spoke.publicClient,
        walletClient: spoke.wallets[i]!,
        vault: spokeVault.address,
        executor: executor.address,
      }),
    async advance(seconds) {
      await home.increaseTime(seconds);
      await spoke.increaseTime(seconds);
      const [h, s] = await Promise.all([home.publicClient.getBlock(), spoke.publicClient.getBlock()]);
      if (h.timestamp > s.timestamp) await spoke.increaseTime(h.timestamp - s.timestamp);
      else if (s.timestamp > h.timestamp) await home.increaseTime(s.timestamp - h.timestamp);
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
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
