/**
 * TON's part of the end-to-end story (called from demo.ts): on an embedded @ton/sandbox chain,
 * CAL is minted to the actors, providers register and stake, governance registers the BLS12-381
 * result_commitment verifying key as verifier 1 (the key is staged with TON's executor, then a hub action list
 * `setVerifier` — signed by the development validators, a local stand-in for the hub — is delivered, held for the
 * execution delay and executed), a user posts a verified task, the provider proves
 * with the BLS12-381 build and submits, the escrow pays out (checked against `computePayout`), and a
 * second task expires and its provider is slashed (checked against `computeSlash`). Every step
 * reports the gas of its whole transaction chain as `cost`.
 */
import { existsSync, readFileSync } from "node:fs";
import { CAL, formatCal, TaskStatus, computePayout, computeSlash, taskStatusName, universalFromTonRaw } from "@calctra/core";
import { startLocalTon, type TonActor } from "@calctra/devnet/ton";
import { TonMarketplaceClient, TonStakingClient, TonTokenClient, type TonReceipt } from "@calctra/sdk/ton";
import {
  buildResultCommitmentInputs,
  encodeProofTon,
  encodeVerifyingKeyTon,
  proveGroth16,
  taskStatement,
  terminateCurves,
  type SnarkjsVerificationKey,
} from "@calctra/core/zk";

import type { DemoStepFunction } from "@calctra/devnet/testing";
import { runMarketStory, type MarketStoryProvider } from "./demo-market.js";
export type { DemoStepFunction };

/** Parameters of {@link runTonStory}. */
export interface RunTonStoryParameters {
  readonly step: DemoStepFunction;
  /** Folder of the BLS12-381 build (result_commitment.wasm / .zkey / .vkey.json); default circuits/build/bls12381. */
  readonly buildDirectory?: string;
}

/** What the TON story established, for the caller's report. */
export interface RunTonStoryReturnType {
  readonly payout: { readonly provider: bigint; readonly treasury: bigint; readonly creator: bigint };
  readonly slash: { readonly slashed: bigint; readonly toUser: bigint; readonly toTreasury: bigint };
  /** Gas of the proof-verifying submitResult chain. */
  readonly submitGas: bigint;
  readonly marketplace: string;
}

const fmt = (v: bigint) => formatCal(v, { withUnit: true });
const short = (a: TonActor) => `${a.address.toString().slice(0, 10)}…`;
const sum = (...rs: readonly TonReceipt[]) => ({ cost: rs.reduce((acc, r) => acc + (r.cost ?? 0n), 0n) });

/**
 * Runs the TON story, reporting each step through `step`.
 *
 * @example
 * ```ts
 * // inside runDemo (demo.ts), after the EVM part:
 * await runTonStory({ step });
 * ```
 */
export async function runTonStory({
  step,
  buildDirectory = "circuits/build/bls12381",
}: RunTonStoryParameters): Promise<RunTonStoryReturnType> {
  for (const ext of ["wasm", "zkey", "vkey.json"]) {
    const file = `${buildDirectory}/result_commitment.${ext}`;
    if (!existsSync(file)) throw new Error(`${file} is missing: build the BLS12-381 circuits first (bash circuits/scripts/build-all.sh)`);
  }
  const ton = await step(
    "ton",
    "start embedded sandbox and deploy the TON stack (the spoke executor as admin, obeying the hub)",
    () => startLocalTon(),
    (t) => `marketplace ${t.deployment.contracts.marketplace.slice(0, 12)}…, admin = executor`,
  );
  const { deployer, user, providers, creator, voter, anyone, treasury } = ton.actors;
  const [p1, p2, p3] = providers;
  const addr = (a: TonActor) => a.address.toString();
  const token = new TonTokenClient(ton.connect(deployer));

  await step(
    "ton",
    "mint CAL to the user, three providers and a CAL holder (minter admin)",
    async () => {
      const rs: TonReceipt[] = [];
      for (const [a, amount] of [
        [user, 1_000n * CAL],
        [p1, 1_000n * CAL],
        [p2, 1_000n * CAL],
        [p3, 1_000n * CAL],
        [voter, 2_000n * CAL],
      ] as const) {
        rs.push(await token.mint({ to: addr(a), amount }));
      }
      return sum(...rs);
    },
    () => "1,000 CAL each; 2,000 CAL to the holder",
  );

  for (const [i, p] of [p1, p2, p3].entries()) {
    const staking = new TonStakingClient(ton.connect(p));
    await step(
      "ton",
      `provider ${i + 1} registers (hardware hash) and stakes 500 CAL (jetton transfer)`,
      async () =>
        sum(
          await staking.register({ metadataHash: `0x${(i + 1).toString(16).padStart(2, "0").repeat(32)}` }),
          await staking.stake({ amount: 500n * CAL }),
        ),
      () => `${short(p)} staked 500 CAL`,
    );
  }

  // ── Governance registers the BLS12-381 verifying key as verifier 1 ──────────────────────────
  // TON has no proposals of its own: the hub decides, TON's executor carries it out. The key is staged with the
  // executor; the hub's action list setVerifier(1, hash of the key cell) arrives through the bridge (signed by the
  // development validators, standing in for the hub here), waits the execution delay, then anyone executes it.
  const vkey = JSON.parse(readFileSync(`${buildDirectory}/result_commitment.vkey.json`, "utf8")) as SnarkjsVerificationKey;
  const gov = ton.spokeGovernance(voter);
  await step(
    "ton",
    "holder deposits 2,000 CAL in TON's governance vault (its weight for the hub's proposals)",
    () => gov.deposit({ amount: 2_000n * CAL }),
    () => "vault deposit",
  );
  const staged = await step(
    "ton",
    "stage the BLS12-381 result_commitment verifying key with the executor",
    () => gov.stageVerifier({ vk: encodeVerifyingKeyTon({ vkey }) }),
    (r) => `verifier ${r.verifier.slice(0, 18)}… (hash of the key cell)`,
  );
  const { sequence } = await step(
    "ton",
    "hub action list setVerifier(1, key hash) delivered to the executor (dev validators sign)",
    async () => {
      const sequence = (await gov.status()).nextSequence;
      const r = await ton.receiveFromHub({
        kind: "GovernanceActions",
        sequence,
        proposalId: 1n,
        actions: [{ kind: "setVerifier", verifierId: 1, verifier: staged.verifier }],
      });
      return { ...r, sequence };
    },
    (r) => `sequence ${r.sequence}, held ${ton.governance.executionDelay} s`,
  );
  ton.increaseTime(ton.governance.executionDelay);
  await step(
    "ton",
    "execute: the executor registers the key on the marketplace",
    () => gov.execute({ sequence }),
    () => "Executed",
  );
  const userMarket = new TonMarketplaceClient(ton.connect(user));
  const list = await gov.remoteExecution({ sequence });
  if (list.state !== "Executed" || !(await userMarket.hasVerifier({ verifierId: 1 }))) {
    throw new Error(`verifier 1 not registered: action list ${sequence} is ${list.state}`);
  }

  // ── Task 1: verified by a BLS12-381 Groth16 proof on chain, paid out ───────────────────────
  const reward = 100n * CAL;
  const specHash = 0x5ca1ab1en;
  const t1 = await step(
    "ton",
    "user posts task 1 (reward 100 CAL, verifier 1, creator named)",
    () =>
      userMarket.createTask({
        specHash,
        reward,
        collateral: 50n * CAL,
        deadline: BigInt(ton.now() + 3600),
        verifierId: 1,
        modelCreator: addr(creator),
        minReputationBps: 5000,
      }),
    (r) => `task ${r.taskId}`,
  );
  const p1Market = new TonMarketplaceClient(ton.connect(p1));
  await step(
    "ton",
    "provider 1 accepts task 1 (staking locks 50 CAL)",
    () => p1Market.acceptTask({ taskId: t1.taskId }),
    () => "Assigned",
  );
  const task1 = await p1Market.getTask({ taskId: t1.taskId });
  const proved = await step(
    "zk",
    "provider proves the result (result_commitment, BLS12-381, snarkjs)",
    async () => {
      const statement = taskStatement({ task: task1, curve: "bls12381" });
      const inputs = await buildResultCommitmentInputs({ curve: "bls12381", ...statement, result: [11n, 22n, 33n, 44n], salt: 0xc0ffeen });
      const { proof } = await proveGroth16({
        wasm: `${buildDirectory}/result_commitment.wasm`,
        zkey: `${buildDirectory}/result_commitment.zkey`,
        witnessInput: inputs.witnessInput,
      });
      return { proof, resultCommitment: inputs.publicInputs[2] };
    },
    (r) => `commitment ${r.resultCommitment.toString().slice(0, 16)}…`,
  );
  await terminateCurves({ curves: ["bls12381"] });
  const market = await userMarket.parameters();
  const balance = (a: TonActor) => token.balanceOf({ owner: addr(a) });
  const before = { provider: await balance(p1), treasury: await balance(treasury), creator: await balance(creator) };
  const submit = await step(
    "ton",
    "provider submits result + proof: verified on chain (BLS12-381), paid out",
    () =>
      p1Market.submitResult({
        taskId: t1.taskId,
        resultCommitment: proved.resultCommitment,
        proof: encodeProofTon({ proof: proved.proof }).toBoc(),
      }),
    () => `status ${taskStatusName(TaskStatus.Completed)}`,
  );
  const done = await userMarket.getTask({ taskId: t1.taskId });
  const paid = {
    provider: (await balance(p1)) - before.provider,
    treasury: (await balance(treasury)) - before.treasury,
    creator: (await balance(creator)) - before.creator,
  };
  const expected = computePayout({
    reward,
    providerBps: market.providerBps,
    treasuryBps: market.treasuryBps,
    creatorBps: market.creatorBps,
    hasCreator: true,
  });
  if (
    done.status !== TaskStatus.Completed ||
    paid.provider !== expected.provider ||
    paid.treasury !== expected.treasury ||
    paid.creator !== expected.creator
  ) {
    throw new Error(`TON payout mismatch: status ${done.status}, paid ${paid.provider}/${paid.treasury}/${paid.creator}`);
  }
  await step(
    "ton",
    "payout split checked against the SDK's arithmetic",
    async () => ({}),
    () =>
      `provider ${fmt(paid.provider)} / treasury ${fmt(paid.treasury)} / creator ${fmt(paid.creator)} (${market.providerBps / 100n}/${market.treasuryBps / 100n}/${market.creatorBps / 100n})`,
  );

  // ── Task 2: accepted, abandoned, expired, slashed ─────────────────────────────────────────
  const t2 = await step(
    "ton",
    "user posts task 2 (optimistic, 30 CAL reward, 40 CAL collateral)",
    () =>
      userMarket.createTask({
        specHash: 7n,
        reward: 30n * CAL,
        collateral: 40n * CAL,
        deadline: BigInt(ton.now() + 600),
        verifierId: 0,
        minReputationBps: 0,
      }),
    (r) => `task ${r.taskId}`,
  );
  const p2Staking = new TonStakingClient(ton.connect(p2));
  await step(
    "ton",
    "provider 2 accepts task 2 and goes silent",
    () => new TonMarketplaceClient(ton.connect(p2)).acceptTask({ taskId: t2.taskId }),
    () => short(p2),
  );
  ton.increaseTime(601);
  const userBefore = await balance(user);
  const stakeBefore = await p2Staking.getProvider({ provider: addr(p2) });
  await step(
    "ton",
    "anyone expires task 2: refund + slash",
    () => new TonMarketplaceClient(ton.connect(anyone)).expire({ taskId: t2.taskId }),
    () => "Refunded",
  );
  const stakeAfter = await p2Staking.getProvider({ provider: addr(p2) });
  const slash = computeSlash({ collateral: 40n * CAL, slashBps: market.slashBps });
  const refund = (await balance(user)) - userBefore;
  if (refund !== 30n * CAL + slash.toUser || stakeBefore.staked - stakeAfter.staked !== slash.slashed || stakeAfter.locked !== 0n) {
    throw new Error(`TON slash mismatch: refund ${refund}, stake ${stakeBefore.staked} -> ${stakeAfter.staked}`);
  }
  await step(
    "ton",
    "slash checked against the SDK's arithmetic",
    async () => ({}),
    () =>
      `slashed ${fmt(slash.slashed)} (user +${fmt(slash.toUser)}, treasury +${fmt(slash.toTreasury)}); score ${stakeBefore.scoreBps} → ${stakeAfter.scoreBps} bps`,
  );

  // ── Marketplace v2: an offer locked mid-ramp, and three replicas by commit–reveal with a dissenter ──
  const tonProvider = (a: TonActor): MarketStoryProvider => ({
    market: new TonMarketplaceClient(ton.connect(a)),
    universal: universalFromTonRaw(a.address.toRawString()),
    balance: () => balance(a),
    info: () => new TonStakingClient(ton.connect(a)).getProvider({ provider: addr(a) }),
  });
  await runMarketStory({
    chain: "ton",
    step,
    user: userMarket,
    userBalance: () => balance(user),
    treasuryBalance: () => balance(treasury),
    providers: [tonProvider(p1), tonProvider(p2), tonProvider(p3)],
    now: async () => BigInt(ton.now()),
    advance: async (seconds) => {
      ton.increaseTime(Number(seconds));
    },
    challengePeriod: market.challengePeriod,
    slashBps: market.slashBps,
    feeSplit: { providerBps: market.providerBps, treasuryBps: market.treasuryBps, creatorBps: market.creatorBps },
  });

  return { payout: paid, slash, submitGas: submit.cost ?? 0n, marketplace: ton.deployment.contracts.marketplace };
}
