/** Shared set-up of the agent tests: an embedded EVM chain with a user and staked provider agents. */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CAL, universalFromEvm, type MarketplaceClient } from "@calctra/core";
import { generateResultKeyPair } from "@calctra/core/delivery";
import { DENSE_M, DENSE_N } from "@calctra/core/zk";
import { postDenseTask, type ContentStore, type PostDenseTaskParameters } from "@calctra/sdk/delivery";
import { EvmMarketplaceClient, EvmStakingClient, EvmTokenClient } from "@calctra/sdk/evm";
import { LocalContentStore } from "@calctra/sdk/node";
import { startLocalEvm, type LocalEvm } from "@calctra/devnet/evm";
import type { AgentChain, HardwareSpec } from "../src/index.js";

export const HARDWARE: HardwareSpec = { version: 1, cores: 8, memoryGiB: 32, gpus: [] };

/** A 16×16 layer with small integers (the same values every test uses). */
export function layer(seed = 1) {
  const W = Array.from({ length: DENSE_M }, (_, i) =>
    Array.from({ length: DENSE_N }, (_, j) => BigInt(((i * 7 + j * 3 + seed) % 21) - 10)),
  );
  const b = Array.from({ length: DENSE_M }, (_, i) => BigInt(i * 100 - 700 + seed));
  const x = Array.from({ length: DENSE_N }, (_, j) => BigInt(j - 8));
  return { W, b, x };
}

export interface EvmAgentWorld {
  readonly evm: LocalEvm;
  readonly content: ContentStore;
  readonly user: MarketplaceClient;
  readonly keys: ReturnType<typeof generateResultKeyPair>;
  /** Provider i (0-based, up to 3) as an agent chain. */
  provider(i: number): AgentChain;
  now(): Promise<bigint>;
  post(p?: Partial<Omit<PostDenseTaskParameters, "market" | "store" | "resultKey">>): Promise<bigint>;
}

/** An EVM chain with verifier 1 registered, a funded user and three registered providers staked 200 CAL each. */
export async function startEvmAgentWorld(): Promise<EvmAgentWorld> {
  const evm = await startLocalEvm();
  await evm.registerVerifier();
  const [holder, userW, ...rest] = evm.wallets;
  const base = { publicClient: evm.publicClient, deployment: evm.deployment };
  const token = new EvmTokenClient({ ...base, walletClient: holder! });
  const providers = rest.slice(0, 3);
  for (const w of [userW!, ...providers]) await token.transfer({ to: w!.account.address, amount: 1000n * CAL });
  const content = new LocalContentStore({ directory: mkdtempSync(join(tmpdir(), "calctra-agent-content-")) });
  const user = new EvmMarketplaceClient({ ...base, walletClient: userW! });
  const keys = generateResultKeyPair();
  const now = async () => (await evm.publicClient.getBlock()).timestamp;
  return {
    evm,
    content,
    user,
    keys,
    now,
    provider(i) {
      const w = providers[i]!;
      return {
        name: "evm",
        kind: "evm",
        market: new EvmMarketplaceClient({ ...base, walletClient: w }),
        staking: new EvmStakingClient({ ...base, walletClient: w }),
        self: w.account.address,
        universal: universalFromEvm(w.account.address),
        now,
      };
    },
    async post(p = {}) {
      const t = await now();
      const { taskId } = await postDenseTask({
        market: user,
        store: content,
        ...layer(),
        resultKey: keys.publicKey,
        reward: 20n * CAL,
        collateral: 10n * CAL,
        deadline: t + 3600n,
        verifierId: 1,
        ...p,
      });
      return taskId;
    },
  };
}
