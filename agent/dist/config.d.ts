import { z } from "zod";
/** One chain the agent works on: the same connection options every `calctra` command takes. */
export declare const AgentChainConfig: z.ZodObject<{
    chain: z.ZodEnum<["evm", "solana", "ton"]>;
    /** A label for logs and metrics (default: the chain kind). */
    name: z.ZodOptional<z.ZodString>;
    rpc: z.ZodOptional<z.ZodString>;
    deployment: z.ZodOptional<z.ZodString>;
}, "strict", z.ZodTypeAny, {
    chain: "evm" | "solana" | "ton";
    name?: string | undefined;
    rpc?: string | undefined;
    deployment?: string | undefined;
}, {
    chain: "evm" | "solana" | "ton";
    name?: string | undefined;
    rpc?: string | undefined;
    deployment?: string | undefined;
}>;
/** The whole agent configuration. */
export declare const AgentConfig: z.ZodObject<{
    chains: z.ZodArray<z.ZodObject<{
        chain: z.ZodEnum<["evm", "solana", "ton"]>;
        /** A label for logs and metrics (default: the chain kind). */
        name: z.ZodOptional<z.ZodString>;
        rpc: z.ZodOptional<z.ZodString>;
        deployment: z.ZodOptional<z.ZodString>;
    }, "strict", z.ZodTypeAny, {
        chain: "evm" | "solana" | "ton";
        name?: string | undefined;
        rpc?: string | undefined;
        deployment?: string | undefined;
    }, {
        chain: "evm" | "solana" | "ton";
        name?: string | undefined;
        rpc?: string | undefined;
        deployment?: string | undefined;
    }>, "many">;
    /** Content store: a local folder (default `.calctra/content`) or an IPFS node's RPC API. */
    content: z.ZodDefault<z.ZodUnion<[z.ZodObject<{
        dir: z.ZodString;
    }, "strict", z.ZodTypeAny, {
        dir: string;
    }, {
        dir: string;
    }>, z.ZodObject<{
        ipfsApi: z.ZodString;
    }, "strict", z.ZodTypeAny, {
        ipfsApi: string;
    }, {
        ipfsApi: string;
    }>]>>;
    /** Where the agent keeps its task records: SQLite (default) or PostgreSQL (many instances). */
    store: z.ZodDefault<z.ZodUnion<[z.ZodObject<{
        sqlite: z.ZodString;
    }, "strict", z.ZodTypeAny, {
        sqlite: string;
    }, {
        sqlite: string;
    }>, z.ZodObject<{
        postgres: z.ZodString;
    }, "strict", z.ZodTypeAny, {
        postgres: string;
    }, {
        postgres: string;
    }>]>>;
    /** Least price per unit of work (one multiply-accumulate of a dense layer), in CAL. */
    floorPricePerUnit: z.ZodDefault<z.ZodEffects<z.ZodString, string, string>>;
    /** Stake to keep registered (CAL); the agent stakes the difference at start. */
    stake: z.ZodDefault<z.ZodEffects<z.ZodString, string, string>>;
    /** Tasks worked on at once, and the longest one may take before it is given up (seconds). */
    concurrency: z.ZodDefault<z.ZodNumber>;
    taskTimeoutSeconds: z.ZodDefault<z.ZodNumber>;
    /** Seconds between passes over the chains. */
    pollSeconds: z.ZodDefault<z.ZodNumber>;
    /** Health and metrics endpoint (`/health`, `/metrics`); port 0 picks a free one. */
    http: z.ZodOptional<z.ZodObject<{
        host: z.ZodDefault<z.ZodString>;
        port: z.ZodNumber;
    }, "strict", z.ZodTypeAny, {
        port: number;
        host: string;
    }, {
        port: number;
        host?: string | undefined;
    }>>;
    /** Circuit builds (`<dir>/bn254/result_commitment.zkey` …) and the prover to use. */
    circuits: z.ZodDefault<z.ZodString>;
    prover: z.ZodDefault<z.ZodEnum<["native", "snarkjs"]>>;
    /** Which circuit each verifier id proves (the agent takes no task whose verifier it cannot prove). */
    verifiers: z.ZodDefault<z.ZodRecord<z.ZodString, z.ZodEnum<["result_commitment"]>>>;
    /** The region this provider runs in (matched against a spec's `requirements.region`). */
    region: z.ZodOptional<z.ZodString>;
}, "strict", z.ZodTypeAny, {
    content: {
        dir: string;
    } | {
        ipfsApi: string;
    };
    prover: "native" | "snarkjs";
    circuits: string;
    stake: string;
    store: {
        sqlite: string;
    } | {
        postgres: string;
    };
    chains: {
        chain: "evm" | "solana" | "ton";
        name?: string | undefined;
        rpc?: string | undefined;
        deployment?: string | undefined;
    }[];
    floorPricePerUnit: string;
    concurrency: number;
    taskTimeoutSeconds: number;
    pollSeconds: number;
    verifiers: Record<string, "result_commitment">;
    region?: string | undefined;
    http?: {
        port: number;
        host: string;
    } | undefined;
}, {
    chains: {
        chain: "evm" | "solana" | "ton";
        name?: string | undefined;
        rpc?: string | undefined;
        deployment?: string | undefined;
    }[];
    region?: string | undefined;
    content?: {
        dir: string;
    } | {
        ipfsApi: string;
    } | undefined;
    prover?: "native" | "snarkjs" | undefined;
    circuits?: string | undefined;
    stake?: string | undefined;
    store?: {
        sqlite: string;
    } | {
        postgres: string;
    } | undefined;
    floorPricePerUnit?: string | undefined;
    concurrency?: number | undefined;
    taskTimeoutSeconds?: number | undefined;
    pollSeconds?: number | undefined;
    http?: {
        port: number;
        host?: string | undefined;
    } | undefined;
    verifiers?: Record<string, "result_commitment"> | undefined;
}>;
/** The agent configuration as written in the file. */
export type AgentConfigInput = z.input<typeof AgentConfig>;
/** The agent configuration with defaults filled in. */
export type AgentConfigType = z.output<typeof AgentConfig>;
/**
 * Reads and checks a configuration file; `AgentInvalidConfig` names the first problem.
 *
 * @example
 * ```ts
 * const config = loadAgentConfig("agent.json");
 * ```
 */
export declare function loadAgentConfig(path: string): AgentConfigType;
/** Checks a configuration object (see {@link loadAgentConfig}). */
export declare function parseAgentConfig(json: unknown, path?: string): AgentConfigType;
//# sourceMappingURL=config.d.ts.map