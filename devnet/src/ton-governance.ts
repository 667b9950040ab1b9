/**
 * The TON spoke of one governance (DESIGN §7) in a world with a real hub: the local TON stack ({@link startLocalTon}:
 * bridge, CAL, staking, marketplace and the spoke governance, vault + executor, administering them) obeying the
 * world's GovernanceHub, with the bridge minting bridged CAL, and what the world's validators and relayer need from it.
 * Run from the repository root under tsx.
 */
import type { SandboxContract, TreasuryContract } from "@ton/sandbox";
import { Address as TonAddress } from "@ton/core";
import { DOMAINS, type Domain, type UniversalAddress } from "@calctra/core";
import { TonDestination, TonMarketplaceClient, TonSource, TonTokenClient, tonUniversalAddress } from "@calctra/sdk/ton";
import { startLocalTon } from "./ton.js";

type Actor = SandboxContract<TreasuryContract>;

/** Parameters of {@link startTonGovernanceSpoke}. */
export interface StartTonGovernanceSpokeParameters {
  /** The hub's domain (the local EVM home: the TON bridge's deployment enables it). */
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
 * EVM home and Solana enabled on the bridge, the bridge minting CAL.
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
  const ton = await startLocalTon({ now: startTime, hubAddress: hub, executionDelay, bridgeMints: true });
  const { blockchain, deployment } = ton;
  const bridge = deployment.bridge;
  if (!bridge) throw new Error("the local TON deployment has no bridge");
  const bridgeAt = TonAddress.parse(bridge.address);
  const relayer = await blockchain.treasury("ton-governance-relayer");
  const reader = ton.connect(ton.actors.anyone);
  const { open } = reader;
  return {
    ...ton,
    open,
    /** The executor as a 32-byte universal address (what the hub's `setSpoke` records). */
    executorUniversal: tonUniversalAddress(ton.executor),
    /** The TON bridge as a 32-byte universal address (what validators sign for). */
    tonBridge: bridge.universalAddress as UniversalAddress,
    /** A funded sandbox wallet named `name` (the same wallet for the same name). */
    treasury: (name: string): Promise<Actor> => blockchain.treasury(name),
    /** The spoke governance client acting as `actor`. */
    governance: (actor: Actor) => ton.spokeGovernance(actor),
    /** CAL of `owner` on TON. */
    balanceOf: (owner: TonAddress) => new TonTokenClient(reader).balanceOf({ owner: owner.toString() }),
    /** The marketplace's `challengePeriod` (seconds). */
    challengePeriod: async () => (await new TonMarketplaceClient(reader).parameters()).challengePeriod,
    /** The TON bridge as a validator's and a relayer's source. */
    source: () => new TonSource({ open, bridge: bridgeAt, now: ton.now }),
    /** The TON bridge as a relayer destination, paid by this chain's relayer wallet. */
    destination: () => new TonDestination({ open, bridge: bridgeAt, sender: relayer.getSender(), now: ton.now }),
    /** Moves the chain's clock forward. */
    advance(seconds: bigint) {
      ton.increaseTime(seconds);
    },
  };
}

/** A running TON governance spoke. */
export type TonGovernanceSpoke = Awaited<ReturnType<typeof startTonGovernanceSpoke>>;
