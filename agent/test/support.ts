/** Shared set-up of the agent tests: an embedded EVM chain with a user and staked provider agents. */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CAL, universalFromEvm, type MarketplaceClient } from "@calctra/core";
import { generateResultKeyPair } from "@calctra/core/delivery";
import { DENSE_M, DENSE_N } from "@calctra/core/zk";
import { postDenseTask, type ContentStore, type PostDenseTaskParameters } from "@calctra/sdk/delivery";
import { EvmMarketplaceClient, EvmPowerClient, EvmStakingClient, EvmTokenClient, powerRegistryAbi } from "@calctra/sdk/evm";
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

/** A provider's agent chain with its power client, a validator's power client, and governance of the power parameters. */
export interface EvmPowerWorld extends EvmAgentWorld {
  /** Provider i as an agent chain with `power` bound. */
  powerProvider(i: number): AgentChain;
  /** The compute validator (account 5: staked 200 CAL and registered). */
  readonly validator: EvmPowerClient;
  readonly validatorAddress: `0x${string}`;
  /** Sets governed power parameter `paramId` (8..14) as the timelock. */
  govern(paramId: number, value: bigint): Promise<void>;
}

/** {@link startEvmAgentWorld} plus a registered validator, a 60 s window, a 600 s cooldown and a funded fee budget. */
export async function startEvmPowerWorld(): Promise<EvmPowerWorld> {
  const world = await startEvmAgentWorld();
  const { evm } = world;
  const base = { publicClient: evm.publicClient, deployment: evm.deployment };
  const holder = new EvmTokenClient({ ...base, walletClient: evm.wallets[0]! });
  const vw = evm.wallets[5]!;
  await holder.transfer({ to: vw.account.address, amount: 1000n * CAL });
  const vs = new EvmStakingClient({ ...base, walletClient: vw });
  await vs.register({ metadataHash: `0x${"00".repeat(31)}01` });
  await vs.stake({ amount: 200n * CAL });
  const validator = new EvmPowerClient({ ...base, walletClient: vw });
  await validator.registerValidator();
  const govern = async (paramId: number, value: bigint) => {
    const timelock = await evm.impersonate(evm.deployment.contracts.CalTimelock);
    await evm.publicClient.waitForTransactionReceipt({
      hash: await timelock.writeContract({
        address: evm.deployment.contracts.PowerRegistry!,
        abi: powerRegistryAbi,
        functionName: "setParameter",
        args: [paramId, value],
        chain: undefined,
      }),
    });
  };
  await govern(8, 60n);
  await govern(10, 600n);
  await govern(14, 100n * CAL);
  await new EvmPowerClient({ ...base, walletClient: evm.wallets[0]! }).fundValidatorBudget({ amount: 100n * CAL });
  const wallets = evm.wallets.slice(2, 5);
  return {
    ...world,
    validator,
    validatorAddress: vw.account.address,
    govern,
    powerProvider(i) {
      return { ...world.provider(i), power: new EvmPowerClient({ ...base, walletClient: wallets[i]! }) };
    },
  };
}
