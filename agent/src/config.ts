/**
 * The provider agent's configuration file (`calctra provider run --config agent.json`), checked with zod: which chains
 * to watch, where content lives, where the agent keeps its state, its floor price, stake, limits and endpoints.
 */
import { readFileSync } from "node:fs";
import { z } from "zod";
import { CalctraError, parseCal } from "@calctra/core";

const calAmount = z.string().refine(
  (s) => {
    try {
      parseCal(s);
      return true;
    } catch {
      return false;
    }
  },
  { message: "must be a CAL amount such as 100 or 0.25" },
);

/** One chain the agent works on: the same connection options every `calctra` command takes. */
export const AgentChainConfig = z
  .object({
    chain: z.enum(["evm", "solana", "ton"]),
    /** A label for logs and metrics (default: the chain kind). */
    name: z.string().min(1).optional(),
    rpc: z.string().url().optional(),
    deployment: z.string().min(1).optional(),
  })
  .strict();

/** The whole agent configuration. */
export const AgentConfig = z
  .object({
    chains: z.array(AgentChainConfig).min(1),
    /** Content store: a local folder (default `.calctra/content`) or an IPFS node's RPC API. */
    content: z
      .union([z.object({ dir: z.string().min(1) }).strict(), z.object({ ipfsApi: z.string().url() }).strict()])
      .default({ dir: ".calctra/content" }),
    /** Where the agent keeps its task records: SQLite (default) or PostgreSQL (many instances). */
    store: z
      .union([z.object({ sqlite: z.string().min(1) }).strict(), z.object({ postgres: z.string().min(1) }).strict()])
      .default({ sqlite: ".calctra/agent.db" }),
    /** Least price per unit of work (one multiply-accumulate of a dense layer), in CAL. */
    floorPricePerUnit: calAmount.default("0"),
    /** Stake to keep registered (CAL); the agent stakes the difference at start. */
    stake: calAmount.default("0"),
    /** Tasks worked on at once, and the longest one may take before it is given up (seconds). */
    concurrency: z.number().int().min(1).max(64).default(2),
    taskTimeoutSeconds: z.number().int().min(1).default(600),
    /** Seconds between passes over the chains. */
    pollSeconds: z.number().positive().default(2),
    /** Health and metrics endpoint (`/health`, `/metrics`); port 0 picks a free one. */
    http: z
      .object({ host: z.string().default("127.0.0.1"), port: z.number().int().min(0).max(65535) })
      .strict()
      .optional(),
    /** Circuit builds (`<dir>/bn254/result_commitment.zkey` …) and the prover to use. */
    circuits: z.string().min(1).default("circuits/build"),
    prover: z.enum(["native", "snarkjs"]).default("native"),
    /** Which circuit each verifier id proves (the agent takes no task whose verifier it cannot prove). */
    verifiers: z.record(z.string().regex(/^\d+$/), z.enum(["result_commitment"])).default({ "1": "result_commitment" }),
    /** The region this provider runs in (matched against a spec's `requirements.region`). */
    region: z.string().min(1).optional(),
    /**
     * Proof of computational power (DESIGN §11) on the chains whose deployment names a power registry: the rate to
     * declare (keccak-256 hashes per second; measured with the native addon for `measureMs` when omitted — what
     * `calctra power bench` prints) and the machine's rate for the solver's budget (default: the declared one).
     */
    power: z
      .object({
        claimedRate: z.union([z.number().int().positive(), z.string().regex(/^[1-9]\d*$/)]).optional(),
        hashRate: z.number().positive().optional(),
        measureMs: z.number().int().min(100).max(60_000).default(2000),
      })
      .strict()
      .optional(),
  })
  .strict();
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
export function loadAgentConfig(path: string): AgentConfigType {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, "utf8"));
  } catch (e) {
    throw new CalctraError("AgentInvalidConfig", { path, reason: e instanceof Error ? e.message : String(e) });
  }
  return parseAgentConfig(json, path);
}

/** Checks a configuration object (see {@link loadAgentConfig}). */
export function parseAgentConfig(json: unknown, path = "(inline)"): AgentConfigType {
  const r = AgentConfig.safeParse(json);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new CalctraError("AgentInvalidConfig", { path, field: issue?.path.join(".") || "(root)", reason: issue?.message ?? "invalid" });
  }
  return r.data;
}
