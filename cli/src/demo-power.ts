/**
 * The demo's proof-of-computational-power story (DESIGN §11, issue 16) on EVM: two provider agents declare a keccak-256
 * rate and a compute-validator service challenges them. The honest agent (its claim within its machine's rate) solves
 * each challenge natively and answers in the window; the other declares ten times its machine's rate, runs out of the
 * hashes its window allows, misses `maxPowerFailures` challenges in a row and is slashed — half of the slash to the
 * challenger, half to the treasury, each amount checked against core's `recordPowerFailure`.
 *
 * A machine's rate is modelled by the hashes its solver may try before the deadline (`hashRate × seconds left`), so the
 * story runs in seconds on any machine: the honest claim needs a third of that budget on average, the inflated one
 * 3.3 times all of it.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CAL, formatCal, recordPowerFailure, universalFromEvm, type PowerRecord, type ProviderPowerRecord } from "@calctra/core";
import { EvmMarketplaceClient, EvmPowerClient, EvmStakingClient, EvmTokenClient, powerRegistryAbi } from "@calctra/sdk/evm";
import { LocalContentStore } from "@calctra/sdk/node";
import { startLocalEvm } from "@calctra/devnet/evm";
import type { DemoStepFunction } from "@calctra/devnet/testing";
import { ComputeValidator, ProviderAgent, SqliteAgentStore, ValidatorStore, snarkjsProver, type AgentChain } from "@calctra/agent";

/** The honest provider's machine (and claim) in the story, hashes per second. */
export const DEMO_POWER_RATE = 50_000n;
const WINDOW = 60n;
const COOLDOWN = 600n;

/** Parameters of {@link runPowerStory}. */
export interface RunPowerStoryParameters {
  readonly step: DemoStepFunction;
}

/** What the story showed, for its test and the report. */
export interface PowerStoryResult {
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
}

/**
 * Runs the story on a fresh embedded EVM chain.
 *
 * @example
 * ```ts
 * const { honest, slashed } = await runPowerStory({ step: recordingStep().step });
 * ```
 */
export async function runPowerStory({ step }: RunPowerStoryParameters): Promise<PowerStoryResult> {
  const chain = "evm";
  const world = await step(
    chain,
    "power: start the chain; two providers stake 200 CAL, a compute validator stakes 200 CAL and registers; governance sets a 60 s window, a 10 min cooldown and a fee budget",
    async () => {
      const evm = await startLocalEvm();
      const [holder, , , , , , honestW, inflatedW, validatorW] = evm.wallets;
      const base = { publicClient: evm.publicClient, deployment: evm.deployment };
      const token = new EvmTokenClient({ ...base, walletClient: holder! });
      for (const w of [honestW!, inflatedW!, validatorW!]) await token.transfer({ to: w.account.address, amount: 1_000n * CAL });
      const vStaking = new EvmStakingClient({ ...base, walletClient: validatorW! });
      await vStaking.register({ metadataHash: `0x${"00".repeat(31)}01` });
      await vStaking.stake({ amount: 200n * CAL });
      const timelock = await evm.impersonate(evm.deployment.contracts.CalTimelock);
      for (const [id, value] of [
        [8, WINDOW],
        [10, COOLDOWN],
        [14, 100n * CAL],
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
      await new EvmPowerClient({ ...base, walletClient: holder! }).fundValidatorBudget({ amount: 100n * CAL });
      const now = async () => (await evm.publicClient.getBlock()).timestamp;
      const agentChain = (w: NonNullable<typeof honestW>): AgentChain => ({
        name: "evm",
        kind: "evm",
        market: new EvmMarketplaceClient({ ...base, walletClient: w }),
        staking: new EvmStakingClient({ ...base, walletClient: w }),
        self: w.account.address,
        universal: universalFromEvm(w.account.address),
        now,
        power: new EvmPowerClient({ ...base, walletClient: w }),
      });
      return { evm, token, now, honestW: honestW!, inflatedW: inflatedW!, validatorW: validatorW!, agentChain, base };
    },
    () => "ready",
  );
  const { evm, token, now } = world;
  const dir = mkdtempSync(join(tmpdir(), "calctra-demo-power-"));
  const content = new LocalContentStore({ directory: join(dir, "content") });
  const agent = (w: typeof world.honestW, claimedRate: bigint, name: string) =>
    new ProviderAgent({
      chains: [world.agentChain(w)],
      store: new SqliteAgentStore({ path: join(dir, `${name}.db`) }),
      content,
      prover: snarkjsProver({ circuits: "circuits/build" }),
      hardware: { version: 1, cores: 2, memoryGiB: 4, gpus: [] },
      floorPricePerUnit: 0n,
      power: { claimedRate, hashRate: Number(DEMO_POWER_RATE) },
    });
  const honest = agent(world.honestW, DEMO_POWER_RATE, "honest");
  const inflated = agent(world.inflatedW, 10n * DEMO_POWER_RATE, "inflated");
  await step(
    chain,
    `power: the honest agent declares ${DEMO_POWER_RATE} H/s (its machine's rate); the other declares ${10n * DEMO_POWER_RATE} H/s on the same machine`,
    async () => {
      await honest.setUp({ stake: 200n * CAL });
      await inflated.setUp({ stake: 200n * CAL });
    },
    () => "claims declared",
  );
  const power = new EvmPowerClient({ ...world.base, walletClient: world.validatorW });
  const validator = new ComputeValidator({
    chains: [
      {
        name: "evm",
        power,
        self: world.validatorW.account.address,
        now,
        candidates: () => power.claimants(),
      },
    ],
    store: new ValidatorStore({ path: join(dir, "validator.db") }),
    challengesPerPass: 2,
    // Fees are claimed at the end, so the slash's share to the challenger is seen alone.
    claimFeesAbove: 1_000n * CAL,
  });
  await validator.setUp();
  const treasury = (await evm.publicClient.readContract({
    address: evm.deployment.contracts.PowerRegistry!,
    abi: powerRegistryAbi,
    functionName: "treasury",
  })) as `0x${string}`;
  const read = (w: typeof world.honestW) => power.getPowerRecord({ provider: w.account.address });
  const params = await power.getPowerParameters();
  let answered = 0;
  let missed = 0;
  let model: PowerRecord = { ...(await read(world.inflatedW)), slashedTotal: 0n };
  let verdict = { slashed: 0n, toChallenger: 0n, toTreasury: 0n };
  for (let round = 1; round <= params.maxPowerFailures; round++) {
    if (round > 1) await evm.increaseTime(COOLDOWN);
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
    await evm.increaseTime(WINDOW + 1n);
    const stake = await world.agentChain(world.inflatedW).staking.getProvider({ provider: world.inflatedW.account.address });
    const before = {
      validator: await token.balanceOf({ owner: world.validatorW.account.address }),
      treasury: await token.balanceOf({ owner: treasury }),
    };
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
    const after = await read(world.inflatedW);
    const gotChallenger = (await token.balanceOf({ owner: world.validatorW.account.address })) - before.validator;
    const gotTreasury = (await token.balanceOf({ owner: treasury })) - before.treasury;
    if (after.failuresInRow !== v.record.failuresInRow || after.claimedRate !== v.record.claimedRate)
      throw new Error(`round ${round}: the chain's record differs from core's model`);
    if (gotChallenger !== v.toChallenger || gotTreasury !== v.toTreasury)
      throw new Error(`round ${round}: slash shares ${gotChallenger}/${gotTreasury}, core's model ${v.toChallenger}/${v.toTreasury}`);
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
      const { feesOwed } = await power.getValidator({ validator: world.validatorW.account.address });
      const r = await power.claimFees();
      return { ...r, feesOwed };
    },
    (r) => `${formatCal(r.feesOwed)} CAL`,
  );
  const honestRecord = await read(world.honestW);
  const inflatedRecord = await read(world.inflatedW);
  await step(
    chain,
    "power: the records the matching engine ranks by",
    async () => ({ honestRecord, inflatedRecord }),
    (r) =>
      `honest: ${r.honestRecord.powerPassed} passed, verified ${r.honestRecord.verifiedPower} H/s; inflated: ${r.inflatedRecord.powerFailed} failed, claim ${r.inflatedRecord.claimedRate}, verified ${r.inflatedRecord.verifiedPower} H/s`,
  );
  return {
    honest: honestRecord,
    inflated: inflatedRecord,
    answered,
    missed,
    slashed: verdict.slashed,
    toChallenger: verdict.toChallenger,
    toTreasury: verdict.toTreasury,
    fees: fees.feesOwed,
  };
}
