// Type-checked against the packed .d.ts (moduleResolution bundler and node16) by test/package/consumer.test.ts.
import { CAL, CalctraError, type MarketplaceClient, type Task, TaskStatus, computePayout, taskStatusName } from "@calctra/core";
import { encodeProofEvm, type SnarkjsGroth16Proof } from "@calctra/sdk/zk";
import type { EvmDeployment, EvmMarketplaceClient, EvmStakingClient } from "@calctra/sdk/evm";
import type { SolanaMarketplaceClient } from "@calctra/sdk/solana";
import type { TonMarketplaceClient } from "@calctra/sdk/ton";
import type { BridgeStatusReturnType } from "@calctra/sdk/bridge";

export function describeTask(task: Task): string {
  return `${task.id}: ${taskStatusName(task.status)}${task.status === TaskStatus.Open ? " (open)" : ""}`;
}
export const reward: bigint = 100n * CAL;
export const split = computePayout({ reward, providerBps: 8000n, treasuryBps: 1500n, creatorBps: 500n, hasCreator: false });
export function named(e: unknown): string | undefined {
  return e instanceof CalctraError ? e.name : undefined;
}
export type Clients = [EvmMarketplaceClient, SolanaMarketplaceClient, TonMarketplaceClient, EvmStakingClient];
export function asNeutral(c: EvmMarketplaceClient | SolanaMarketplaceClient | TonMarketplaceClient): MarketplaceClient {
  return c;
}
export function proofBytes(proof: SnarkjsGroth16Proof): `0x${string}` {
  return encodeProofEvm({ proof });
}
export type Deployment = EvmDeployment;
export type Status = BridgeStatusReturnType["state"];
