/**
 * Where `calctra deploy` deploys: a network named on the command line, resolved from `--rpc`, a networks file
 * (`--networks <file>`, JSON, checked here) or the environment (`CALCTRA_RPC_URL`, `CALCTRA_PRIVATE_KEY`). Nothing
 * comes from hardhat.config.ts: its `rpc` network is only a carrier whose URL and accounts are overridden per deploy,
 * and the chain id is read from the node.
 */
import { readFileSync } from "node:fs";
import { getAddress, isAddress } from "viem";
import { z } from "zod";
import { CalctraError } from "@calctra/core";

const privateKey = z.string().regex(/^0x[0-9a-fA-F]{64}$/, "a 0x-prefixed 32-byte private key");
const address = z.string().regex(/^0x[0-9a-fA-F]{40}$/, "a 0x-prefixed 20-byte address");

/** One network of a networks file. */
const networkSchema = z
  .object({
    /** JSON-RPC endpoint (HTTP). */
    rpc: z.string().url(),
    /** The chain id the node must report; checked before anything is sent (optional: the node's id is used). */
    chainId: z.number().int().positive().optional(),
    /** `home` (the suite and its BridgeVault) or `spoke` (the spoke suite and its BridgeMinter). */
    role: z.enum(["home", "spoke"]).optional(),
    /** Deployment file written for this network (default `deployments/<name>.json`). */
    deployment: z.string().min(1).optional(),
    /** Name of the environment variable that holds this network's signing key (default `CALCTRA_PRIVATE_KEY`). */
    privateKeyEnv: z
      .string()
      .regex(/^[A-Z_][A-Z0-9_]*$/)
      .optional(),
    /** Bridge validators (EVM addresses, ascending) and their threshold, for `--role home|spoke`. */
    validators: z.array(address).min(1).optional(),
    threshold: z.number().int().positive().optional(),
    /** A spoke's home: the home network's deployment file (its chain id and BridgeVault). */
    homeDeployment: z.string().min(1).optional(),
  })
  .strict();

/** A networks file: `{ "networks": { "<name>": { "rpc": "http://…", … } } }`. */
export const networksFileSchema = z.object({ networks: z.record(z.string().regex(/^[\w-]+$/), networkSchema) }).strict();
export type NetworksFile = z.infer<typeof networksFileSchema>;
export type NetworkEntry = z.infer<typeof networkSchema>;

/** Reads and checks a networks file; a bad file is a `DeploymentInvalidConfig` naming the file and the field. */
export function readNetworksFile(file: string): NetworksFile {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    throw new CalctraError("DeploymentInvalidConfig", { file, reason: e instanceof Error ? e.message : String(e) }, "sdk", e);
  }
  const parsed = networksFileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CalctraError("DeploymentInvalidConfig", { file, field: issue?.path.join(".") ?? "", reason: issue?.message ?? "invalid" });
  }
  return parsed.data;
}

/** What the command line and the environment say about the target. */
export interface TargetOptions {
  readonly network?: string;
  readonly networks?: string;
  readonly rpc?: string;
  readonly deployment?: string;
  readonly role?: string;
  readonly validators?: string;
  readonly threshold?: string;
  readonly homeDeployment?: string;
}

/** A resolved deploy target. */
export interface DeployTarget {
  readonly name: string;
  readonly rpc: string;
  readonly deploymentFile: string;
  /** Signing key; absent: the node's unlocked accounts (a dev node). */
  readonly privateKey?: `0x${string}`;
  readonly expectedChainId?: number;
  /** `undefined`: the suite only (home mode, no bridge). */
  readonly role?: "home" | "spoke";
  readonly validators?: readonly `0x${string}`[];
  readonly threshold?: number;
  readonly homeDeployment?: string;
}

const DEFAULT_RPC = "http://127.0.0.1:8545";

/**
 * Resolves the target: `--rpc` first, then the networks file's entry for `--network`, then `CALCTRA_RPC_URL`, then a
 * local node on 127.0.0.1:8545. The key comes from the entry's `privateKeyEnv` or `CALCTRA_PRIVATE_KEY`.
 *
 * @example
 * ```ts
 * const target = resolveTarget({ network: "spoke", networks: "networks.json" }, process.env);
 * ```
 */
export function resolveTarget(o: TargetOptions, env: NodeJS.ProcessEnv): DeployTarget {
  const name = o.network ?? "localhost";
  if (!/^[\w-]+$/.test(name))
    throw new CalctraError("DeploymentInvalidConfig", { network: name, reason: "a network name is letters, digits, _ and -" });
  let entry: NetworkEntry | undefined;
  if (o.networks) {
    entry = readNetworksFile(o.networks).networks[name];
    if (!entry)
      throw new CalctraError("DeploymentInvalidConfig", { file: o.networks, network: name, reason: "no such network in the file" });
  }
  const rpc = o.rpc ?? entry?.rpc ?? env.CALCTRA_RPC_URL ?? DEFAULT_RPC;
  const keyEnv = entry?.privateKeyEnv ?? "CALCTRA_PRIVATE_KEY";
  const key = env[keyEnv];
  if (key !== undefined && !privateKey.safeParse(key).success)
    throw new CalctraError("DeploymentInvalidConfig", { variable: keyEnv, reason: "not a 0x-prefixed 32-byte private key" });
  const role = o.role ?? entry?.role;
  if (role !== undefined && role !== "home" && role !== "spoke")
    throw new CalctraError("DeploymentInvalidConfig", { role, reason: "--role is home or spoke" });
  const given = o.validators !== undefined ? o.validators.split(",").map((v) => v.trim()) : entry?.validators;
  for (const v of given ?? [])
    if (!isAddress(v))
      throw new CalctraError("DeploymentInvalidConfig", { validator: v, reason: "not an EVM address (or a bad checksum)" });
  // The bridges take their validator set in ascending order.
  const validators = given?.map((v) => getAddress(v)).sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
  const threshold = o.threshold !== undefined ? Number(o.threshold) : entry?.threshold;
  if (threshold !== undefined && (!Number.isInteger(threshold) || threshold < 1))
    throw new CalctraError("DeploymentInvalidConfig", { threshold: String(o.threshold ?? threshold), reason: "a positive integer" });
  const homeDeployment = o.homeDeployment ?? entry?.homeDeployment;
  return {
    name,
    rpc,
    deploymentFile: o.deployment ?? entry?.deployment ?? `deployments/${name}.json`,
    ...(key !== undefined ? { privateKey: key as `0x${string}` } : {}),
    ...(entry?.chainId !== undefined ? { expectedChainId: entry.chainId } : {}),
    ...(role !== undefined ? { role } : {}),
    ...(validators !== undefined ? { validators: validators as `0x${string}`[] } : {}),
    ...(threshold !== undefined ? { threshold } : {}),
    ...(homeDeployment !== undefined ? { homeDeployment } : {}),
  };
}
