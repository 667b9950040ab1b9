/**
 * The demo's autonomous round (DESIGN §5.3, issue 14): on EVM, Solana and TON a user posts dense-inference tasks whose
 * specs are stored by CID — one proved by a Groth16 proof, one run on two replicas — and two provider agents, each
 * watching all three chains, find, compute, prove, seal, publish and submit them with no scripted provider step. The
 * user then receives each result, decrypts it and checks it against the chain.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { destination, pino } from "pino";
import { CAL, TaskStatus, formatCal, taskStatusName, type MarketplaceClient, type PowerClient } from "@calctra/core";
import { generateResultKeyPair } from "@calctra/core/delivery";
import { DENSE_M, DENSE_N, denseForward, type SnarkjsVerificationKey } from "@calctra/core/zk";
import { postDenseTask, waitForResult, type ContentStore } from "@calctra/sdk/delivery";
import { EvmMarketplaceClient, EvmTokenClient } from "@calctra/sdk/evm";
import { LocalContentStore } from "@calctra/sdk/node";
import { SolanaMarketplaceClient } from "@calctra/sdk/solana";
import { TonMarketplaceClient, TonTokenClient } from "@calctra/sdk/ton";
import { startLocalEvm } from "@calctra/devnet/evm";
import { startLocalSolana } from "@calctra/devnet/solana";
import { startLocalTon } from "@calctra/devnet/ton";
import type { DemoStepFunction } from "@calctra/devnet/testing";
import { ProviderAgent, SqliteAgentStore, nativeProver, snarkjsProver, type AgentChain, type HardwareSpec } from "@calctra/agent";
import { evmAgentChain, evmValidator, solanaAgentChain, solanaValidator, tonAgentChain, tonValidator } from "./demo-chains.js";

/** One chain of the round: the user's client and curve, and the two providers' agent bindings. */
interface RoundChain {
  readonly name: "evm" | "solana" | "ton";
  readonly curve: "bn254" | "bls12381";
  readonly user: MarketplaceClient;
  readonly providers: readonly [AgentChain, AgentChain];
  /** A staked compute validator's power client (DESIGN §11): it challenges the first agent during the round. */
  readonly validator: { readonly power: PowerClient; register(): Promise<unknown> };
  now(): Promise<bigint>;
  close?(): Promise<void>;
}

const vkeyOf = (dir: string, curve: string) =>
  JSON.parse(readFileSync(join(dir, curve, "result_commitment.vkey.json"), "utf8")) as SnarkjsVerificationKey;

async function evmChain(): Promise<RoundChain> {
  const evm = await startLocalEvm();
  await evm.registerVerifier();
  const [holder, userW, p1, p2, v] = evm.wallets;
  const base = { publicClient: evm.publicClient, deployment: evm.deployment };
  const token = new EvmTokenClient({ ...base, walletClient: holder! });
  for (const w of [userW!, p1!, p2!, v!]) await token.transfer({ to: w.account.address, amount: 1_000n * CAL });
  return {
    name: "evm",
    curve: "bn254",
    user: new EvmMarketplaceClient({ ...base, walletClient: userW! }),
    providers: [evmAgentChain(evm, p1!), evmAgentChain(evm, p2!)],
    validator: evmValidator(evm, v!),
    now: async () => (await evm.publicClient.getBlock()).timestamp,
  };
}

async function solanaChain(circuits: string): Promise<RoundChain> {
  const sol = await startLocalSolana();
  await sol.registerVerifier({ vkey: vkeyOf(circuits, "bn254") });
  const [user, p1, p2, v] = await Promise.all([
    sol.newWallet({ cal: 1_000n * CAL }),
    sol.newWallet({ cal: 1_000n * CAL }),
    sol.newWallet({ cal: 1_000n * CAL }),
    sol.newWallet({ cal: 1_000n * CAL }),
  ]);
  return {
    name: "solana",
    curve: "bn254",
    user: new SolanaMarketplaceClient(user.params),
    providers: [solanaAgentChain(sol, p1), solanaAgentChain(sol, p2)],
    validator: solanaValidator(sol, v),
    now: () => sol.now(),
  };
}

async function tonChain(circuits: string): Promise<RoundChain> {
  const ton = await startLocalTon();
  await ton.registerVerifier({ vkey: vkeyOf(circuits, "bls12381") });
  const { user, providers, deployer } = ton.actors;
  const admin = new TonTokenClient(ton.connect(deployer));
  for (const a of providers.concat(user)) await admin.mint({ to: a.address.toString(), amount: 1_000n * CAL });
  return {
    name: "ton",
    curve: "bls12381",
    user: new TonMarketplaceClient(ton.connect(user)),
    providers: [tonAgentChain(ton, providers[0]), tonAgentChain(ton, providers[1])],
    validator: tonValidator(ton, providers[2]),
    now: async () => BigInt(ton.now()),
  };
}

/** A 16×16 integer layer (the user's model and input). */
export function demoLayer(seed: number) {
  const W = Array.from({ length: DENSE_M }, (_, i) =>
    Array.from({ length: DENSE_N }, (_, j) => BigInt(((i * 5 + j * 11 + seed) % 19) - 9)),
  );
  const b = Array.from({ length: DENSE_M }, (_, i) => BigInt(i * 50 - 400 + seed));
  const x = Array.from({ length: DENSE_N }, (_, j) => BigInt((j * 3 + seed) % 17) - 8n);
  return { W, b, x };
}

/** Parameters of {@link runAgentRound}. */
export interface RunAgentRoundParameters {
  readonly step: DemoStepFunction;
  /** Chains to run on (default all three). */
  readonly chains?: readonly ("evm" | "solana" | "ton")[];
  /** Circuit builds (default circuits/build). */
  readonly circuits?: string;
  /** The prover the agents use (default native; snarkjs when the addon is not built). */
  readonly prover?: "native" | "snarkjs";
  /** Where the agents log (default: silent). */
  readonly logFile?: string;
}

/** The keccak rate the round's agents declare (hashes per second). */
export const ROUND_POWER_RATE = 2_000n;

/** One task of the round, as the report shows it. */
export interface AgentRoundTask {
  readonly chain: string;
  readonly taskId: bigint;
  readonly kind: "proved" | "2 replicas";
  readonly status: string;
  readonly providers: number;
  readonly outputChecked: boolean;
}

/**
 * Runs the autonomous round and checks every delivered output against y = W·x + b computed here.
 *
 * @example
 * ```ts
 * const { tasks } = await runAgentRound({ step });
 * ```
 */
export async function runAgentRound(
  p: RunAgentRoundParameters,
): Promise<{ readonly tasks: readonly AgentRoundTask[]; readonly passes: number; readonly powerPassed: Readonly<Record<string, bigint>> }> {
  const { step } = p;
  const circuits = p.circuits ?? "circuits/build";
  const names = p.chains ?? ["evm", "solana", "ton"];
  const chains: RoundChain[] = [];
  for (const name of names) {
    chains.push(
      await step(
        name,
        "start the chain, register verifier 1 (result_commitment) through governance, fund a user and two providers",
        () => (name === "evm" ? evmChain() : name === "solana" ? solanaChain(circuits) : tonChain(circuits)),
        () => "ready",
      ),
    );
  }
  const content: ContentStore = new LocalContentStore({ directory: mkdtempSync(join(tmpdir(), "calctra-round-content-")) });
  const hardware: HardwareSpec = { version: 1, cores: 4, memoryGiB: 16, gpus: [] };
  const logger = p.logFile ? pino({ level: "info" }, destination({ dest: p.logFile, sync: true })) : undefined;
  const prover = (p.prover ?? "native") === "native" ? nativeProver({ circuits }) : snarkjsProver({ circuits });
  const dbDir = mkdtempSync(join(tmpdir(), "calctra-round-agents-"));
  const agents = [0, 1].map(
    (i) =>
      new ProviderAgent({
        chains: chains.map((c) => c.providers[i as 0 | 1]),
        store: new SqliteAgentStore({ path: join(dbDir, `agent-${i + 1}.db`) }),
        content,
        prover,
        hardware,
        floorPricePerUnit: CAL / 1000n,
        // An honest, modest claim: m solutions take claimedRate · window / 3 hashes, about a second on this machine.
        power: { claimedRate: ROUND_POWER_RATE, hashRate: Number(ROUND_POWER_RATE) * 20 },
        ...(logger ? { logger: logger.child({ agent: i + 1 }) } : {}),
      }),
  );
  for (const [i, agent] of agents.entries()) {
    await step(
      "agents",
      `agent ${i + 1} publishes its hardware document by CID, registers with its digest and stakes 200 CAL on every chain`,
      () => agent.setUp({ stake: 200n * CAL }),
      (r) => `metadataHash ${r.metadataHash.slice(0, 14)}…`,
    );
  }

  const challenges: { chain: RoundChain; challengeId: bigint }[] = [];
  for (const c of chains) {
    const target = c.providers[0];
    const r = await step(
      c.name,
      "a compute validator stakes, registers and challenges agent 1's declared keccak rate (proof of computational power)",
      async () => {
        await c.validator.register();
        return c.validator.power.challenge({ provider: target.self });
      },
      (r) => `challenge ${r.challengeId}`,
    );
    challenges.push({ chain: c, challengeId: r.challengeId });
  }

  const keys = generateResultKeyPair();
  const posted: { chain: RoundChain; taskId: bigint; kind: AgentRoundTask["kind"]; seed: number }[] = [];
  for (const [ci, c] of chains.entries()) {
    const t = await c.now();
    for (const kind of ["proved", "2 replicas"] as const) {
      const seed = ci * 2 + (kind === "proved" ? 1 : 2);
      const { taskId } = await step(
        c.name,
        `user stores W, b, x and the spec by CID, and posts a ${kind === "proved" ? "proved (verifier 1)" : "two-replica"} dense-inference task`,
        () =>
          postDenseTask({
            market: c.user,
            store: content,
            ...demoLayer(seed),
            resultKey: keys.publicKey,
            verifierId: kind === "proved" ? 1 : 0,
            reward: 20n * CAL,
            collateral: 10n * CAL,
            deadline: t + 3_600n,
            ...(kind === "2 replicas"
              ? { offer: { minReward: 10n * CAL, rampStart: t, rampDuration: 600n, lockDeadline: t + 1_800n, replicas: 2 as const } }
              : {}),
          }),
        (r) => `task ${r.taskId}, spec ${r.specCid.toString().slice(0, 16)}…`,
      );
      posted.push({ chain: c, taskId, kind, seed });
    }
  }

  // The agents run on their own: passes until every task is paid (each pass: scan, evaluate, accept, work).
  const done = async () => {
    for (const t of posted) if ((await t.chain.user.getTask({ taskId: t.taskId })).status !== TaskStatus.Completed) return false;
    return true;
  };
  const passes = await step(
    "agents",
    "two agents find, rank and accept the tasks, compute y = W·x + b, prove, seal, publish and submit / commit–reveal–settle",
    async () => {
      let n = 0;
      while (!(await done())) {
        if (++n > 8) throw new Error("the agents did not complete every task in 8 passes");
        for (const a of agents) await a.runOnce();
      }
      return n;
    },
    (n) => `${posted.length} tasks completed in ${n} pass(es) each, no scripted provider step`,
  );
  // One more pass each, so every agent sees what it was paid.
  for (const a of agents) await a.runOnce();
  const powerPassed: Record<string, bigint> = {};
  for (const { chain: c, challengeId } of challenges) {
    const record = await c.validator.power.getPowerRecord({ provider: c.providers[0].self });
    if (record.openChallenge !== 0n || record.powerPassed < 1n)
      throw new Error(`${c.name}: agent 1 did not answer challenge ${challengeId} (passed ${record.powerPassed})`);
    powerPassed[c.name] = record.powerPassed;
    await step(
      c.name,
      `agent 1 answered challenge ${challengeId} by itself: m nonces below the target, found natively on every core`,
      async () => record,
      (r) => `powerPassed ${r.powerPassed}, verified power ${r.verifiedPower} H/s`,
    );
  }

  const tasks: AgentRoundTask[] = [];
  for (const t of posted) {
    const payload = await step(
      t.chain.name,
      `user receives task ${t.taskId}'s sealed result, decrypts it and checks it against the chain (${t.kind === "proved" ? "resultCommitment with the revealed salt" : "the settled resultHash"})`,
      () =>
        waitForResult({
          market: t.chain.user,
          taskId: t.taskId,
          store: content,
          secretKey: keys.secretKey,
          curve: t.chain.curve,
          pollMs: 10,
          timeoutMs: 10_000,
        }),
      (r) => `y[0..3] = ${r.output.slice(0, 4).join(", ")}`,
    );
    const expected = denseForward(demoLayer(t.seed));
    const outputChecked = payload.output.length === expected.length && payload.output.every((v, i) => v === expected[i]);
    if (!outputChecked) throw new Error(`${t.chain.name} task ${t.taskId}: the delivered output is not W·x + b`);
    const task = await t.chain.user.getTask({ taskId: t.taskId });
    const providers = t.kind === "proved" ? 1 : (await t.chain.user.getReplicas({ taskId: t.taskId })).length;
    tasks.push({ chain: t.chain.name, taskId: t.taskId, kind: t.kind, status: taskStatusName(task.status), providers, outputChecked });
  }
  for (const [i, a] of agents.entries()) {
    await step(
      "agents",
      `agent ${i + 1}'s records`,
      async () => ({ health: await a.health(), earned: await a.earnings() }),
      (r) =>
        `${Object.entries(r.health.tasks)
          .map(([k, v]) => `${v} ${k}`)
          .join(", ")}; earned ${Object.entries(r.earned)
          .map(([chain, v]) => `${formatCal(v)} CAL on ${chain}`)
          .join(", ")}`,
    );
  }
  for (const c of chains) await c.close?.();
  return { tasks, passes, powerPassed };
}
