/**
 * Node-only helpers of the Solana adapter: reading and writing `deployments/solana-<network>.json`. The browser-safe
 * `@calctra/sdk/solana` validates a parsed deployment object with `parseSolanaDeployment`.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseSolanaDeployment, type SolanaDeployment } from "../solana/deployment.js";

/** Parameters of {@link readSolanaDeployment}. */
export interface ReadSolanaDeploymentParameters {
  /** `local`, `devnet`, `mainnet-beta`, ... */
  readonly network: string;
  /** Folder holding the deployment files; defaults to `deployments` under the working directory. */
  readonly directory?: string;
}

/** Parameters of {@link writeSolanaDeployment}. */
export interface WriteSolanaDeploymentParameters {
  readonly deployment: SolanaDeployment;
  /** Folder of the deployment files (created when missing); defaults to `deployments` under the working directory. */
  readonly directory?: string;
}

function deploymentFile(network: string, directory: string): string {
  if (!/^[\w-]+$/.test(network)) throw new RangeError(`invalid network name: ${network}`);
  return resolve(directory, `solana-${network}.json`);
}

/**
 * Reads and validates `deployments/solana-<network>.json`.
 *
 * @example
 * ```ts
 * import { readSolanaDeployment } from "@calctra/sdk/node";
 * const deployment = readSolanaDeployment({ network: "devnet" });
 * ```
 */
export function readSolanaDeployment({ network, directory = "deployments" }: ReadSolanaDeploymentParameters): SolanaDeployment {
  return parseSolanaDeployment(JSON.parse(readFileSync(deploymentFile(network, directory), "utf8")) as unknown);
}

/**
 * Writes `deployments/solana-<network>.json` (creating the folder); returns the file path.
 *
 * @example
 * ```ts
 * import { writeSolanaDeployment } from "@calctra/sdk/node";
 * const file = writeSolanaDeployment({ deployment });
 * ```
 */
export function writeSolanaDeployment({ deployment, directory = "deployments" }: WriteSolanaDeploymentParameters): string {
  const file = deploymentFile(deployment.network, directory);
  mkdirSync(resolve(directory), { recursive: true });
  writeFileSync(file, `${JSON.stringify(parseSolanaDeployment(deployment), null, 2)}\n`);
  return file;
}
