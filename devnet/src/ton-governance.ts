/**
 * The TON spoke of one governance (DESIGN §7) on a @ton/sandbox chain: the bridge, CAL, staking and marketplace, and
 * the spoke governance (contracts-ton/contracts/executor: vault + executor) as contracts-ton/scripts/executorSandbox.ts
 * wires them (the executor administers the marketplace, staking and the bridge, and is the bridge's governance
 * sender), obeying a given hub. Holders vote from the vault; the hub's action lists run through the executor. Run
 * from the repository root under tsx.
 */
import { Blockchain, type SandboxContract, type TreasuryContract } from "@ton/sandbox";
import type { Address as TonAddress, Contract } from "@ton/core";
import { DOMAINS, type Domain, type UniversalAddress } from "@calctra/core";
import {
  TonDestination,
  TonSource,
  TonSpokeGovernanceClient,
  parseTonDeployment,
  tonUniversalAddress,
  type TonDeployment,
} from "@calctra/sdk/ton";

type Actor = SandboxContract<TreasuryContract>;

/** The part of contracts-ton/scripts/executorSandbox.ts's environment read here (loaded at run time: own tsconfig). */
interface ExecutorEnvLike {
  readonly exec: { readonly address: TonAddress };
  readonly bridge: { readonly address: TonAddress };
  readonly bridgeWallet: TonAddress;
  readonly minter: { readonly address: TonAddress; getWalletAddress(owner: TonAddress): Promise<TonAddress> };
  readonly staking: { readonly address: TonAddress };
  readonly marketplace: { readonly address: TonAddress; getData(): Promise<{ readonly challengePeriod: number }> };
  readonly deployer: { readonly address: TonAddress };
  readonly pauser: { readonly address: TonAddress };
  readonly arbiter: { readonly address: TonAddress };
  readonly treasury: { readonly address: TonAddress };
  balanceOf(owner: TonAddress): Promise<bigint>;
}
interface ExecutorSandboxModule {
  deployExecutorEnv(blockchain: Blockchain, executionDelay: number, hub: UniversalAddress): Promise<ExecutorEnvLike>;
}

/** Parameters of {@link startTonGovernanceSpoke}. */
export interface StartTonGovernanceSpokeParameters {
  /** The hub's domain (default the local EVM home). */
  readonly hubDomain?: Domain;
  /** The hub governance's universal address (the GovernanceHub contract on the home chain). */
  readonly hub: UniversalAddress;
  /** Seconds the executor holds a received action list (default 1 hour, the lower bound). */
  readonly executionDelay?: bigint;
  /** Chain time at start, unix seconds (default 1_800_000_000). */
  readonly startTime?: number;
}

/**
 * Starts a sandbox chain with the TON spoke governance obeying `hub`: 2 of the 3 development validators, the local
 * EVM home and Solana enabled on the bridge.
 *
 * @example
 * ```ts
 * const ton = await startTonGovernanceSpoke({ hub: universalFromEvm(hubAddress) });
 * const voter = await ton.treasury("alice");
 * await ton.governance(voter).castVote({ proposalId, support: 1 });
 * ```
 */
export async function startTonGovernanceSpoke({
  hubDomain = DOMAINS.localEvmHome,
  hub,
  executionDelay = 3600n,
  startTime = 1_800_000_000,
}: StartTonGovernanceSpokeParameters) {
  if (hubDomain !== DOMAINS.localEvmHome)
    throw new RangeError(`the TON sandbox spoke follows the local EVM home (got hub domain ${hubDomain})`);
  const sandbox = (await import(new URL("../../contracts-ton/scripts/executorSandbox.ts", import.meta.url).href)) as ExecutorSandboxModule;
  const blockchain = await Blockchain.create();
  blockchain.now = startTime;
  const env = await sandbox.deployExecutorEnv(blockchain, Number(executionDelay), hub);
  const relayer = await blockchain.treasury("ton-governance-relayer");
  const now = () => blockchain.now ?? Math.floor(Date.now() / 1000);
  const open = (c: Contract) => blockchain.openContract(c);
  const fmt = (a: TonAddress) => a.toString({ bounceable: true, testOnly: false });
  const jw = async (a: TonAddress) => fmt(await env.minter.getWalletAddress(a));
  const deployment: TonDeployment = parseTonDeployment({
    chain: "ton",
    network: "sandbox",
    domain: DOMAINS.ton,
    contracts: {
      calJettonMinter: fmt(env.minter.address),
      staking: fmt(env.staking.address),
      marketplace: fmt(env.marketplace.address),
      governance: fmt(env.exec.address),
    },
    jettonWallets: {
      staking: await jw(env.staking.address),
      marketplace: await jw(env.marketplace.address),
      governance: await jw(env.exec.address),
    },
    roles: {
      deployer: fmt(env.deployer.address),
      pauser: fmt(env.pauser.address),
      arbiter: fmt(env.arbiter.address),
      treasury: fmt(env.treasury.address),
      admin: fmt(env.exec.address),
    },
    codeHashes: {},
    bridge: {
      address: fmt(env.bridge.address),
      jettonWallet: fmt(env.bridgeWallet),
      universalAddress: tonUniversalAddress(env.bridge.address),
      admin: fmt(env.exec.address),
    },
    deployedAt: new Date(now() * 1000).toISOString(),
  });
  return {
    blockchain,
    env,
    deployment,
    now,
    open,
    /** The executor (vault + executor): recipient of the hub's messages and sender of this spoke's tallies. */
    executor: env.exec.address,
    /** The executor as a 32-byte universal address (what the hub's `setSpoke` records). */
    executorUniversal: tonUniversalAddress(env.exec.address),
    /** The TON bridge as a 32-byte universal address (what validators sign for). */
    tonBridge: tonUniversalAddress(env.bridge.address),
    /** A funded sandbox wallet named `name` (the same wallet for the same name). */
    treasury: (name: string): Promise<Actor> => blockchain.treasury(name),
    /** The spoke governance client acting as `actor`. */
    governance: (actor: Actor) =>
      new TonSpokeGovernanceClient({ open, sender: actor.getSender(), deployment, now, executor: env.exec.address }),
    /** CAL of `owner` on TON. */
    balanceOf: (owner: TonAddress) => env.balanceOf(owner),
    /** The marketplace's `challengePeriod` (seconds). */
    challengePeriod: async () => BigInt((await env.marketplace.getData()).challengePeriod),
    /** The TON bridge as a validator's and a relayer's source. */
    source: () => new TonSource({ open, bridge: env.bridge.address, now }),
    /** The TON bridge as a relayer destination, paid by this chain's relayer wallet. */
    destination: () => new TonDestination({ open, bridge: env.bridge.address, sender: relayer.getSender(), now }),
    /** Moves the chain's clock forward. */
    advance(seconds: bigint) {
      blockchain.now = now() + Number(seconds);
    },
  };
}

/** A running TON governance spoke. */
export type TonGovernanceSpoke = Awaited<ReturnType<typeof startTonGovernanceSpoke>>;
