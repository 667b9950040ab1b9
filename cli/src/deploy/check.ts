/**
 * Whether a node is the chain a deployment file describes: its chain id, its genesis block hash (a restarted dev node
 * keeps the id but not the hash) and code at the recorded addresses.
 */
import type { Address, Hex, PublicClient } from "viem";
import { CalctraError } from "@calctra/core";
import { readDeploymentFile } from "./file.js";

/** The identity of the chain behind an RPC endpoint. */
export interface ChainIdentity {
  readonly chainId: number;
  readonly genesisHash: Hex;
}

/** Reads the chain id and the genesis block hash. */
export async function chainIdentity(client: PublicClient): Promise<ChainIdentity> {
  const [chainId, genesis] = await Promise.all([client.getChainId(), client.getBlock({ blockNumber: 0n })]);
  if (!genesis.hash) throw new CalctraError("DeploymentInvalidConfig", { reason: "the node returned no genesis block hash" });
  return { chainId, genesisHash: genesis.hash };
}

/** The names (`name@address`) of the addresses that hold no code. */
export async function withoutCode(client: PublicClient, entries: readonly [string, Address][]): Promise<string[]> {
  const codes = await Promise.all(entries.map(([, a]) => client.getCode({ address: a })));
  return entries.filter((_, i) => !codes[i] || codes[i] === "0x").map(([n, a]) => `${n}@${a}`);
}

/**
 * Refuses, with `DeploymentChainMismatch`, a node that is not the chain of the deployment file (another chain id, or a
 * recorded genesis hash the node does not have): what every EVM command checks before its first call, so that a
 * restarted node is named as such instead of failing later with `returned no data ("0x")`.
 *
 * @example
 * ```ts
 * await assertDeploymentChain(publicClient, "deployments/localhost.json");
 * ```
 */
export async function assertDeploymentChain(client: PublicClient, file: string): Promise<void> {
  const recorded = readDeploymentFile(file);
  if (!recorded) return;
  const chain = await chainIdentity(client);
  if (recorded.chainId === chain.chainId && (recorded.genesisHash === undefined || recorded.genesisHash === chain.genesisHash)) return;
  throw new CalctraError("DeploymentChainMismatch", {
    file,
    recordedChainId: recorded.chainId,
    chainId: chain.chainId,
    ...(recorded.genesisHash ? { recordedGenesisHash: recorded.genesisHash, genesisHash: chain.genesisHash } : {}),
    hint: "the node is not the chain this file was deployed to (restarted?): run `calctra deploy --reset`",
  });
}
