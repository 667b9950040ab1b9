/**
 * EVM deployment objects: what contracts-evm's deploy script writes to `deployments/<network>.json`, validated here
 * (browser-safe); reading the file is `readEvmDeployment` of `@calctra/sdk/node`.
 */
import { z } from "zod";
import type { EvmDeployment } from "./clients.js";

const address = z
  .string()
  .regex(/^0x[0-9a-fA-F]{40}$/)
  .transform((a) => a as `0x${string}`);
const schema = z.object({
  network: z.string(),
  chainId: z.number().int().positive(),
  mode: z.enum(["home", "spoke"]),
  contracts: z.object({
    CalToken: address,
    CalTimelock: address,
    CalGovernor: address,
    Staking: address,
    Marketplace: address,
    PowerRegistry: address.optional(),
  }),
});

/**
 * Validates a deployment object (parsed from `deployments/<network>.json`, or fetched by a dApp); throws a zod
 * error naming the bad field.
 *
 * @example
 * ```ts
 * const deployment = parseEvmDeployment(await (await fetch("/deployments/sepolia.json")).json());
 * const market = new EvmMarketplaceClient({ publicClient, walletClient, deployment });
 * ```
 */
export function parseEvmDeployment(value: unknown): EvmDeployment {
  const parsed = schema.parse(value);
  const { PowerRegistry, ...contracts } = parsed.contracts;
  return { ...parsed, contracts: PowerRegistry === undefined ? contracts : { ...contracts, PowerRegistry } };
}
