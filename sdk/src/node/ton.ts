/**
 * TON deployment files on disk (Node only): `deployments/ton-<network>.json`, written by contracts-ton/scripts
 * (deployCalctra.ts, deploySandbox.ts), validated by `parseTonDeployment` of `@calctra/sdk/ton`.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseTonDeployment, type TonDeployment } from "../ton/deployment.js";

/** Parameters of {@link loadTonDeployment}. */
export interface LoadTonDeploymentParameters {
  /** `sandbox`, `testnet`, `mainnet`, ... */
  readonly network: string;
  /** Folder holding the deployment files; defaults to `deployments` under the working directory. */
  readonly directory?: string;
}

/**
 * Reads and validates `deployments/ton-<network>.json`.
 *
 * @example
 * ```ts
 * import { loadTonDeployment } from "@calctra/sdk/node";
 * const deployment = loadTonDeployment({ network: "testnet" });
 * deployment.contracts.marketplace; // "EQ…"
 * ```
 */
export function loadTonDeployment({ network, directory = "deployments" }: LoadTonDeploymentParameters): TonDeployment {
  if (!/^[\w-]+$/.test(network)) throw new RangeError(`invalid network name: ${network}`);
  const file = resolve(directory, `ton-${network}.json`);
  return parseTonDeployment(JSON.parse(readFileSync(file, "utf8")) as unknown);
}
