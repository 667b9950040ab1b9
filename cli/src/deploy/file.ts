/**
 * The EVM deployment file `calctra deploy` writes (`deployments/<network>.json`): what the SDK reads
 * (`parseEvmDeployment` of `@calctra/sdk/evm`: network, chainId, mode, contracts) plus what ties the file to one chain — the genesis block
 * hash and the blocks of the deployment — and the chain's bridge.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { z } from "zod";
import { CalctraError } from "@calctra/core";

const address = z
  .string()
  .regex(/^0x[0-9a-fA-F]{40}$/)
  .transform((a) => a as `0x${string}`);

/** Contracts by name; the bridge is `BridgeVault` on a home, `BridgeMinter` on a spoke. */
const contractsSchema = z.object({
  CalToken: address,
  CalTimelock: address,
  CalGovernor: address,
  Staking: address,
  Marketplace: address,
  /** The home suite's power registry (DESIGN §11); a spoke has none yet. */
  PowerRegistry: address.optional(),
  BridgeVault: address.optional(),
  BridgeMinter: address.optional(),
});

/** A deployment file as read: files written before genesis hashes were recorded stay readable. */
export const deploymentFileSchema = z.object({
  network: z.string(),
  chainId: z.number().int().positive(),
  genesisHash: z
    .string()
    .regex(/^0x[0-9a-fA-F]{64}$/)
    .optional(),
  mode: z.enum(["home", "spoke"]),
  deployer: address.optional(),
  startBlock: z.number().int().nonnegative().optional(),
  block: z.number().int().nonnegative().optional(),
  ignitionDeploymentId: z.string().optional(),
  contracts: contractsSchema,
  /** This chain's bridge (the BridgeVault on a home, the BridgeMinter on a spoke). */
  bridge: address.optional(),
});
export type DeploymentFile = z.infer<typeof deploymentFileSchema>;

/** Reads a deployment file, or `undefined` when there is none; a malformed file is a `DeploymentInvalidConfig`. */
export function readDeploymentFile(file: string): DeploymentFile | undefined {
  if (!existsSync(file)) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    throw new CalctraError("DeploymentInvalidConfig", { file, reason: e instanceof Error ? e.message : String(e) }, "sdk", e);
  }
  const parsed = deploymentFileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CalctraError("DeploymentInvalidConfig", { file, field: issue?.path.join(".") ?? "", reason: issue?.message ?? "invalid" });
  }
  return parsed.data;
}

/** Every recorded address by contract name (the zero address of a spoke's absent governor left out). */
export function recordedAddresses(d: DeploymentFile): [string, `0x${string}`][] {
  return Object.entries(d.contracts).filter((e): e is [string, `0x${string}`] => typeof e[1] === "string" && !/^0x0{40}$/.test(e[1]));
}

/** Writes the file atomically (a temporary file renamed over it), so a failed run never leaves half a file. */
export function writeDeploymentFile(file: string, d: DeploymentFile): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(d, null, 2)}\n`);
  renameSync(tmp, file);
}

/**
 * The bridge of a deployment file, for `bridge transfer | status | relay`: a `DeploymentInvalidConfig` when the file
 * has none (deployed without `--role`).
 */
export function deploymentBridge(file: string): `0x${string}` {
  const d = readDeploymentFile(file);
  if (!d) throw new CalctraError("DeploymentInvalidConfig", { file, reason: "no such deployment file" });
  if (!d.bridge)
    throw new CalctraError("DeploymentInvalidConfig", { file, reason: "the deployment has no bridge: deploy with --role home|spoke" });
  return d.bridge;
}
