/**
 * EVM deployment files on disk (Node only): `deployments/<network>.json`, written by contracts-evm's deploy script,
 * validated by `parseEvmDeployment` of `@calctra/sdk/evm`.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseEvmDeployment } from "../evm/deployment.js";
import type { EvmDeployment } from "../evm/clients.js";

/** Parameters of {@link readEvmDeployment}: a file path, or a network name (and the folder of the deployment files). */
export type ReadEvmDeploymentParameters =
  | { readonly file: string }
  | {
      /** `localhost`, `sepolia`, ... */
      readonly network: string;
      /** Folder holding the deployment files; defaults to `deployments` under the working directory. */
      readonly directory?: string;
    };

/**
 * Reads and validates an EVM deployment file.
 *
 * @example
 * ```ts
 * import { readEvmDeployment } from "@calctra/sdk/node";
 * const deployment = readEvmDeployment({ network: "sepolia" }); // deployments/sepolia.json
 * const same = readEvmDeployment({ file: "deployments/sepolia.json" });
 * ```
 */
export function readEvmDeployment(parameters: ReadEvmDeploymentParameters): EvmDeployment {
  let file: string;
  if ("file" in parameters) {
    file = resolve(parameters.file);
  } else {
    if (!/^[\w-]+$/.test(parameters.network)) throw new RangeError(`invalid network name: ${parameters.network}`);
    file = resolve(parameters.directory ?? "deployments", `${parameters.network}.json`);
  }
  return parseEvmDeployment(JSON.parse(readFileSync(file, "utf8")) as unknown);
}
