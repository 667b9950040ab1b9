import { type Hex } from "viem";
import type { Logger } from "pino";
import { type MarketplaceClient, type StakingClient, type UniversalAddress } from "@calctra/core";
import { type SnarkjsGroth16Proof } from "@calctra/core/zk";
import type { ContentStore } from "@calctra/sdk/delivery";
import { type HardwareSpec } from "./hardware.js";
import { AgentMetrics } from "./metrics.js";
import type { AgentCircuit, Prover } from "./prover.js";
import { type AgentStore } from "./store.js";
/** One chain as the agent works on it: the provider's own clients on that chain. */
export interface AgentChain {
    /** A label for records, logs and metrics ("evm", "solana", "ton", or any unique name). */
    readonly name: string;
    readonly kind: "evm" | "solana" | "ton";
    readonly market: MarketplaceClient;
    readonly staking: StakingClient;
    /** The provider's address in the chain's own form (what `getProvider` takes). */
    readonly self: string;
    /** The provider's 32-byte universal address (what tasks and replicas record). */
    readonly universal: UniversalAddress;
    /** The chain's clock, unix seconds. */
    now(): Promise<bigint>;
}
/** The steps a fault hook can interrupt (`before:` the step is sent, `after:` it was sent but not yet recorded). */
export type AgentStep = "accept" | "compute" | "prove" | "publish" | "submit" | "commit" | "reveal" | "settle" | "finalize";
/** Thrown by a fault hook to stop the agent where it stands, as a kill would (tests). */
export declare class AgentKilled extends Error {
    name: string;
}
/** Parameters of {@link ProviderAgent}. */
export interface ProviderAgentParameters {
    readonly chains: readonly AgentChain[];
    readonly store: AgentStore;
    readonly content: ContentStore;
    readonly prover: Prover;
    readonly hardware: HardwareSpec;
    /** Least price per multiply-accumulate, CAL base units. */
    readonly floorPricePerUnit: bigint;
    /** Tasks computed or proved at once (default 2). */
    readonly concurrency?: number;
    /** Longest a task may take to compute and prove before it is given up (default 10 minutes). */
    readonly taskTimeoutMs?: number;
    /** Verifier id → circuit (default `{ 1: "result_commitment" }`). */
    readonly verifiers?: Readonly<Record<number, AgentCircuit>>;
    /** Least time left before a task's deadline for the agent to take it (default 60 s). */
    readonly deadlineMarginSeconds?: bigint;
    /** New task ids looked at per chain and pass (default 64). */
    readonly scanLimit?: number;
    /** The marketplace's fee split, for the earnings metric (default 8000/1500/500). */
    readonly feeSplit?: {
        readonly providerBps: bigint;
        readonly treasuryBps: bigint;
        readonly creatorBps: bigint;
    };
    readonly logger?: Logger;
    readonly metrics?: AgentMetrics;
    /** Test hook, called around each step; throw {@link AgentKilled} to stop the agent there. */
    readonly faults?: (point: `${"before" | "after"}:${AgentStep}`, chain: string, taskId: bigint) => void;
}
/** What one pass did, for logs and tests. */
export interface AgentPassSummary {
    readonly seen: number;
    readonly accepted: number;
    readonly progressed: number;
    readonly unreachable: readonly string[];
}
/**
 * The provider agent.
 *
 * @example
 * ```ts
 * const agent = new ProviderAgent({ chains, store, content, prover: nativeProver({ circuits: "circuits/build" }),
 *   hardware: await detectHardware(), floorPricePerUnit: 0n });
 * await agent.setUp({ stake: 100n * CAL });
 * agent.start({ pollMs: 2000 });
 * ```
 */
export declare class ProviderAgent {
    #private;
    readonly metrics: AgentMetrics;
    constructor(parameters: ProviderAgentParameters);
    /**
     * Publishes the hardware document by CID and registers with its digest where not yet registered, then stakes up to
     * `stake` on every chain.
     *
     * @example
     * ```ts
     * await agent.setUp({ stake: 100n * CAL });
     * ```
     */
    setUp({ stake }: {
        readonly stake: bigint;
    }): Promise<{
        readonly metadataHash: Hex;
    }>;
    /** Runs passes every `pollMs` until {@link stop}. A failing pass is logged; the agent never stops by itself. */
    start({ pollMs }?: {
        readonly pollMs?: number;
    }): void;
    /** Stops after the pass in progress. */
    stop(): Promise<void>;
    /** Health: ok while every chain answered on the last pass and a pass ran recently. */
    health(): Promise<{
        readonly ok: boolean;
        readonly unreachable: readonly string[];
        readonly lastPassAt: number;
        readonly tasks: Record<string, number>;
    }>;
    /** What completed tasks paid this provider, by chain (CAL base units). */
    earnings(): Promise<Record<string, bigint>>;
    /**
     * One pass: look at new tasks on every chain, re-evaluate those still open, accept the best within the concurrency
     * limit, and move every task taken as far as it can go now. An unreachable chain is logged and skipped.
     */
    runOnce(): Promise<AgentPassSummary>;
}
/** A proof in the form the chain's `submitResult` takes. */
export declare function encodeProof(kind: AgentChain["kind"], proof: SnarkjsGroth16Proof): Hex;
//# sourceMappingURL=agent.d.ts.map