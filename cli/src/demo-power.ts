/**
 * The demo's proof-of-computational-power story (DESIGN §11, issue 16) on EVM, TON and Solana, each through its chain's
 * PowerClient: two provider agents declare a keccak-256 rate and a compute-validator service challenges them. The
 * honest agent (its claim within its machine's rate) solves each challenge natively and answers in the window; the
 * other declares ten times its machine's rate, runs out of the hashes its window allows, misses `maxPowerFailures`
 * challenges in a row and is slashed — half of the slash to the challenger, half to the treasury, each amount checked
 * against core's `recordPowerFailure`.
 *
 * A machine's rate is modelled by the hashes its solver may try before the deadline (`hashRate × seconds left`), so the
 * story runs in seconds on any machine: the honest claim needs a third of that budget on average, the inflated one
 * 3.3 times all of it.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CAL, formatCal, recordPowerFailure, setParameter, type PowerRecord, type ProviderPowerRecord } from "@calctra/core";
import { EvmPowerClient, EvmTokenClient, powerRegistryAbi } from "@calctra/sdk/evm";
import { LocalContentStore } from "@calctra/sdk/node";
import { SolanaTokenClient } from "@calctra/sdk/solana";
import { TonTokenClient } from "@calctra/sdk/ton";
import { startLocalEvm } from "@calctra/devnet/evm";
import { startLocalSolana } from "@calctra/devnet/solana";
import { startLocalTon } from "@calctra/devnet/ton";
import type { DemoStepFunction } from "@calctra/devnet/testing";
import { ComputeValidator, ProviderAgent, SqliteAgentStore, ValidatorStore, snarkjsProver, type AgentChain } from "@calctra/agent";
import {
  evmAgentChain,
  evmValidator,
  solanaAgentChain,
  solanaValidator,
  tonAgentChain,
  tonValidator,
  type DemoValidatorAccount,
} from "./demo-chains.js";

/** The honest provider's machine (and claim) in the story, hashes per second. */
export const DEMO_POWER_RATE = 50_000n;
const WINDOW = 60n;
const COOLDOWN = 600n;
const BUDGET = 100n * CAL;

/** A chain the story runs on. */
export type PowerStoryChain = "evm" | "ton" | "solana";

/** Parameters of {@link runPowerStory}. */
export interface RunPowerStoryParameters {
  readonly step: DemoStepFunction;
  /** Chains to run on, in order (default EVM, TON and Solana). */
  readonly chains?: readonly PowerStoryChain[];
}

/** What the story showed on one chain, for its test and the report. */
export interface PowerStoryResult {
  readonly chain: PowerStoryChain;
  readonly honest: ProviderPowerRecord;
  readonly inflated: ProviderPowerRecord;
  /** Challenges the honest agent answered and the inflated one missed. */
  readonly answered: number;
  readonly missed: number;
  readonly slashed: bigint;
  readonly toChallenger: bigint;
  readonly toTreasury: bigint;
  /** Fees the validator claimed at the end. */
  readonly fees: bigint;
  /** The inflated provider's stake before the first challenge and after the slash. */
  readonly stakeBefore: bigint;
  readonly stakeAfter: bigint;
}

/** One chain set up for the story: the providers' agent bindings, the validator, the treasury and the clock. */
interface PowerWorld {
  readonly honest: AgentChain;
  readonly inflated: AgentChain;
  readonly validator: DemoValidatorAccount;
  /** Where the treasury's half of a power slash goes (the address the token client reads). */
  readonly treasury: string;
  balanceOf(owner: string): Promise<bigint>;
  increaseTime(seconds: bigint): Promise<void>;
  now(): Promise<bigint>;
  close?(): void;
}

/** EVM: the timelock sets the registry's parameters (what a proposal does); the deployer funds the fee budget. */
async function evmWorld(): Promise<PowerWorld> {
  const evm = await startLocalEvm();
  const [holder, , , , , , honestW, inflatedW, validatorW] = evm.wallets;
  const base = { publicClient: evm.publicClient, deployment: evm.deployment };
  const token = new EvmTokenClient({ ...base, walletClient: holder! });
  for (const w of [honestW!, inflatedW!, validatorW!]) await token.transfer({ to: w.account.address, amount: 1_000n * CAL });
  const timelock = await evm.impersonate(evm.deployment.contracts.CalTimelock);
  for (const [id, value] of [
    [8, WINDOW],
    [10, COOLDOWN],
    [14, BUDGET],
  ] as const) {
    await evm.publicClient.waitForTransactionReceipt({
      hash: await timelock.writeContract({
        address: evm.deployment.contracts.PowerRegistry!,
        abi: powerRegistryAbi,
        functionName: "setParameter",
        args: [id, value],
        chain: undefined,
      }),
    });
  }
  await new EvmPowerClient({ ...base, walletClient: holder! }).fundValidatorBudget({ amount: BUDGET });
  const treasury = (await evm.publicClient.readContract({
    address: evm.deployment.contracts.PowerRegistry!,
    abi: powerRegistryAbi,
    functionName: "treasury",
  })) as `0x${string}`;
  const honest = evmAgentChain(evm, honestW!);
  return {
    honest,
    inflated: evmAgentChain(evm, inflatedW!),
    validator: evmValidator(evm, validatorW!),
    treasury,
    balanceOf: (owner) => token.balanceOf({ owner }),
    increaseTime: (seconds) => evm.increaseTime(seconds),
    now: () => honest.now(),
  };
}

/** TON: the power registry is part of staking; the hub's governance sets its parameters; the treasury funds the budget. */
async function tonWorld(): Promise<PowerWorld> {
  const ton = await startLocalTon();
  const { deployer, treasury, providers } = ton.actors;
  const admin = new TonTokenClient(ton.connect(deployer));
  for (const a of [...providers, treasury]) await admin.mint({ to: a.address.toString(), amount: 1_000n * CAL });
  await ton.hubActions({
    actions: [setParameter("responseWindow", WINDOW), setParameter("powerCooldown", COOLDOWN), setParameter("validatorBudget", BUDGET)],
  });
  await ton.power(treasury).fundValidatorBudget({ amount: BUDGET });
  const honest = tonAgentChain(ton, providers[0]);
  return {
    honest,
    inflated: tonAgentChain(ton, providers[1]),
    validator: tonValidator(ton, providers[2]),
    treasury: treasury.address.toString(),
    balanceOf: (owner) => admin.balanceOf({ owner }),
    increaseTime: async (seconds) => ton.increaseTime(seconds),
    now: () => honest.now(),
  };
}

/** Solana: the power registry is part of the staking program; the hub's governance sets its parameters and fee allowance. */
async function solanaWorld(): Promise<PowerWorld> {
  const sol = await startLocalSolana();
  const [honestW, inflatedW, validatorW] = [
    await sol.newWallet({ cal: 1_000n * CAL }),
    await sol.newWallet({ cal: 1_000n * CAL }),
    await sol.newWallet({ cal: 1_000n * CAL }),
  ];
  await sol.hubActions({ actions: [setParameter("responseWindow", WINDOW), setParameter("powerCooldown", COOLDOWN)] });
  await sol.fundPowerBudget({ amount: BUDGET });
  const token = new SolanaTokenClient(honestW.params);
  return {
    honest: solanaAgentChain(sol, honestW),
    inflated: solanaAgentChain(sol, inflatedW),
    validator: solanaValidator(sol, validatorW),
    treasury: sol.actors.treasuryOwner.address,
    balanceOf: (owner) => token.balanceOf({ owner }),
    increaseTime: (seconds) => sol.advanceTime(seconds),
    now: () => sol.now(),
    close: () => sol.close(),
  };
}

const WORLDS: Record<PowerStoryChain, () => Promise<PowerWorld>> = { evm: evmWorld, ton: tonWorld, solana: solanaWorld };

/**
 * Runs the story on fresh embedded chains, one after the other (EVM, TON and Solana by default).
 *
 * @example
 * ```ts
 * const [evm, ton] = await runPowerStory({ step: recordingStep().step, chains: ["evm", "ton"] });
 * ```
 */
export async function runPowerStory({ step, chains = ["evm", "ton", "solana"] }: RunPowerStoryParameters): Promise<PowerStoryResult[]> {
  const results: PowerStoryResult[] = [];
  for (const chain of chains) results.push(await runPowerStoryOn(chain, step));
  return results;
}

async function runPowerStoryOn(chain: PowerStoryChain, step: DemoStepFunction): Promise<PowerStoryResult> {
  const world = await step(
    chain,
    "power: start the chain; governance sets a 60 s window, a 10 min cooldown and a 100 CAL fee budget, funded",
    () => WORLDS[chain](),
    () => "ready",
  );
  const dir = mkdtempSync(join(tmpdir(), `calctra-demo-power-${chain}-`));
  const content = new LocalContentStore({ directory: join(dir, "content") });
  const agent = (binding: AgentChain, claimedRate: bigint, name: string) =>
    new ProviderAgent({
      chains: [binding],
      store: new SqliteAgentStore({ path: join(dir, `${name}.db`) }),
      content,
      prover: snarkjsProver({ circuits: "circuits/build" }),
      hardware: { version: 1, cores: 2, memoryGiB: 4, gpus: [] },
      floorPricePerUnit: 0n,
      power: { claimedRate, hashRate: Number(DEMO_POWER_RATE) },
    });
  const honest = agent(world.honest, DEMO_POWER_RATE, "honest");
  const inflated = agent(world.inflated, 10n * DEMO_POWER_RATE, "inflated");
  await step(
    chain,
    `power: the honest agent declares ${DEMO_POWER_RATE} H/s (its machine's rate); the other declares ${10n * DEMO_POWER_RATE} H/s on the same machine; each stakes 200 CAL`,
    async () => {
      await honest.setUp({ stake: 200n * CAL });
      await inflated.setUp({ stake: 200n * CAL });
    },
    () => "claims declared",
  );
  const { power, staking, self } = world.validator;
  const validator = new ComputeValidator({
    chains: [{ name: chain, power, staking, self, now: world.now, candidates: async () => [world.honest.self, world.inflated.self] }],
    store: new ValidatorStore({ path: join(dir, "validator.db") }),
    challengesPerPass: 2,
    // Fees are claimed at the end, so the slash's share to the challenger is seen alone.
    claimFeesAbove: 1_000n * CAL,
  });
  await step(
    chain,
    "power: a compute validator stakes 200 CAL in staking and registers with the power registry",
    () => validator.setUp({ stake: 200n * CAL }),
    () => "registered",
  );
  const read = (who: AgentChain) => power.getPowerRecord({ provider: who.self });
  const params = await power.getPowerParameters();
  if (params.responseWindow !== WINDOW || params.powerCooldown !== COOLDOWN)
    throw new Error(`${chain}: governance did not set the window and cooldown (${params.responseWindow}, ${params.powerCooldown})`);
  const stakeBefore = (await world.inflated.staking.getProvider({ provider: world.inflated.self })).staked;
  let answered = 0;
  let missed = 0;
  let model: PowerRecord = { ...(await read(world.inflated)), slashedTotal: 0n };
  let verdict = { slashed: 0n, toChallenger: 0n, toTreasury: 0n };
  for (let round = 1; round <= params.maxPowerFailures; round++) {
    if (round > 1) await world.increaseTime(COOLDOWN);
    await step(
      chain,
      `power round ${round}: the compute validator challenges both providers (round robin, cooldowns respected, never itself)`,
      () => validator.runOnce(),
      (r) => `${r.opened} challenges opened`,
    );
    const passes = await step(
      chain,
      `power round ${round}: each agent's pass — the honest one solves natively and answers in the window; the inflated one runs out of hashes`,
      async () => ({ honest: await honest.runOnce(), inflated: await inflated.runOnce() }),
      (r) => `honest answered ${r.honest.challengesAnswered}, inflated answered ${r.inflated.challengesAnswered}`,
    );
    answered += passes.honest.challengesAnswered;
    if (passes.inflated.challengesAnswered === 0) missed++;
    await world.increaseTime(WINDOW + 1n);
    const stake = await world.inflated.staking.getProvider({ provider: world.inflated.self });
    const before = { validator: await world.balanceOf(self), treasury: await world.balanceOf(world.treasury) };
    await step(
      chain,
      `power round ${round}: after the window the validator expires the unanswered challenge`,
      () => validator.runOnce(),
      (r) => `${r.expired} expired`,
    );
    const v = recordPowerFailure(model, {
      maxPowerFailures: BigInt(params.maxPowerFailures),
      powerSlashBps: params.powerSlashBps,
      freeStake: stake.staked - stake.locked,
    });
    const after = await read(world.inflated);
    const gotChallenger = (await world.balanceOf(self)) - before.validator;
    const gotTreasury = (await world.balanceOf(world.treasury)) - before.treasury;
    if (after.failuresInRow !== v.record.failuresInRow || after.claimedRate !== v.record.claimedRate)
      throw new Error(`${chain} round ${round}: the chain's record differs from core's model`);
    if (gotChallenger !== v.toChallenger || gotTreasury !== v.toTreasury)
      throw new Error(
        `${chain} round ${round}: slash shares ${gotChallenger}/${gotTreasury}, core's model ${v.toChallenger}/${v.toTreasury}`,
      );
    model = v.record;
    if (v.slashed > 0n) verdict = v;
  }
  await step(
    chain,
    `power: after ${params.maxPowerFailures} failures in a row the inflated provider was slashed ${params.powerSlashBps} bps of its free stake; its claim is reset`,
    async () => verdict,
    (v) =>
      `slashed ${formatCal(v.slashed)} CAL: ${formatCal(v.toChallenger)} to the challenger, ${formatCal(v.toTreasury)} to the treasury (core's model)`,
  );
  const fees = await step(
    chain,
    "power: the validator claims its fees (one per completed challenge)",
    async () => {
      const { feesOwed } = await power.getValidator({ validator: self });
      const before = await world.balanceOf(self);
      await power.claimFees();
      const received = (await world.balanceOf(self)) - before;
      if (received !== feesOwed) throw new Error(`${chain}: the validator received ${received}, owed ${feesOwed}`);
      return { feesOwed };
    },
    (r) => `${formatCal(r.feesOwed)} CAL`,
  );
  const honestRecord = await read(world.honest);
  const inflatedRecord = await read(world.inflated);
  await step(
    chain,
    "power: the records the matching engine ranks by",
    async () => ({ honestRecord, inflatedRecord }),
    (r) =>
      `honest: ${r.honestRecord.powerPassed} passed, verified ${r.honestRecord.verifiedPower} H/s; inflated: ${r.inflatedRecord.powerFailed} failed, claim ${r.inflatedRecord.claimedRate}, verified ${r.inflatedRecord.verifiedPower} H/s`,
  );
  const stakeAfter = (await world.inflated.staking.getProvider({ provider: world.inflated.self })).staked;
  world.close?.();
  return {
    chain,
    honest: honestRecord,
    inflated: inflatedRecord,
    answered,
    missed,
    slashed: verdict.slashed,
    toChallenger: verdict.toChallenger,
    toTreasury: verdict.toTreasury,
    fees: fees.feesOwed,
    stakeBefore,
    stakeAfter,
  };
}
