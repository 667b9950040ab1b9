/**
 * Solana's part of the end-to-end story (called from demo.ts): on the in-process native host
 * (solana-program-test behind a real web3.js Connection), the production layout is deployed (governance
 * PDA administers staking, the marketplace and the bridge; the bridge holds the CAL mint authority),
 * CAL reaches the actors through bridge messages signed by the development validators, providers
 * register and stake, a hub proposal is announced over the bridge and voted on here (the tally sent
 * back to the hub), the hub's action lists register the BN254 result_commitment verifying key as
 * verifier 1 and then raise the slash rate (executed by the governance PDA after the execution
 * delay), a user posts a verified task, the provider proves and submits, the escrow
 * pays out (checked against `computePayout`), and a second task expires and its provider is slashed at
 * the new rate (checked against `computeSlash`). Costs are compute units as the native host counts them
 * (not SBF figures).
 */
import { existsSync, readFileSync } from "node:fs";
import {
  CAL,
  formatCal,
  setParameter,
  TaskStatus,
  universalFromSolana,
  type GovernanceAction,
  computePayout,
  computeSlash,
  taskStatusName,
  type TransactionReceiptSummary,
} from "@calctra/core";
import { startLocalSolana, type LocalSolanaWallet } from "@calctra/devnet/solana";
import { runMarketStory, type MarketStoryProvider } from "./demo-market.js";
import {
  SolanaGovernanceClient,
  SolanaMarketplaceClient,
  SolanaStakingClient,
  SolanaTokenClient,
  stageSolanaVerifyingKey,
} from "@calctra/sdk/solana";
import { buildResultCommitmentInputs, encodeProofSolana, proveGroth16, taskStatement, type SnarkjsVerificationKey } from "@calctra/core/zk";
import type { DemoStepFunction } from "./demo-ton.js";

/** Parameters of {@link runSolanaStory}. */
export interface RunSolanaStoryParameters {
  readonly step: DemoStepFunction;
  /** Folder of the BN254 build (result_commitment.wasm / .zkey); default circuits/build/bn254. */
  readonly buildDirectory?: string;
}

/** What the Solana story established, for the caller's report. */
export interface RunSolanaStoryReturnType {
  readonly payout: { readonly provider: bigint; readonly treasury: bigint; readonly creator: bigint };
  readonly slash: { readonly slashed: bigint; readonly toUser: bigint; readonly toTreasury: bigint };
  /** Slash rate before and after the governance vote. */
  readonly slashBps: { readonly before: bigint; readonly after: bigint };
  /** Native-host compute units of the proof-verifying submit_result. */
  readonly submitComputeUnits: bigint;
  readonly marketplace: string;
}

const fmt = (v: bigint) => formatCal(v, { withUnit: true });
const short = (w: LocalSolanaWallet) => `${w.address.slice(0, 8)}…`;
const sum = (...rs: readonly TransactionReceiptSummary[]) => ({ cost: rs.reduce((acc, r) => acc + (r.cost ?? 0n), 0n) });

/**
 * Runs the Solana story, reporting each step through `step`.
 *
 * @example
 * ```ts
 * // inside runDemo (demo.ts), after the TON part:
 * await runSolanaStory({ step });
 * ```
 */
export async function runSolanaStory({
  step,
  buildDirectory = "circuits/build/bn254",
}: RunSolanaStoryParameters): Promise<RunSolanaStoryReturnType> {
  for (const ext of ["wasm", "zkey", "vkey.json"]) {
    const file = `${buildDirectory}/result_commitment.${ext}`;
    if (!existsSync(file)) throw new Error(`${file} is missing: build the BN254 circuits first (bash circuits/scripts/build-all.sh)`);
  }
  const sol = await step(
    "solana",
    "start the native host and deploy the Solana programs (governance PDA as admin, bridge holds the CAL mint)",
    () => startLocalSolana(),
    (s) =>
      `marketplace ${s.deployment.programIds.marketplace.slice(0, 10)}…, admin = governance ${s.deployment.pdas.governance.slice(0, 8)}…`,
  );
  try {
    const mint = (cal: bigint) => sol.newWallet({ cal });
    const actors = await step(
      "solana",
      "CAL arrives through bridge messages from the EVM home (2 of 3 dev validators sign)",
      async () => {
        const [user, p1, p2, voter, creator, anyone, p3] = await Promise.all([
          mint(1_000n * CAL),
          mint(1_000n * CAL),
          mint(1_000n * CAL),
          mint(2_000n * CAL),
          mint(0n),
          mint(0n),
          mint(1_000n * CAL),
        ]);
        return { user: user!, p1: p1!, p2: p2!, p3: p3!, voter: voter!, creator: creator!, anyone: anyone! };
      },
      () => "user, three providers 1,000 CAL each; a voter 2,000 CAL",
    );
    const { user, p1, p2, p3, voter, creator, anyone } = actors;
    const token = new SolanaTokenClient(user.params);

    for (const [i, p] of [p1, p2, p3].entries()) {
      const staking = new SolanaStakingClient(p.params);
      await step(
        "solana",
        `provider ${i + 1} registers (hardware hash) and stakes 500 CAL`,
        async () =>
          sum(
            await staking.register({ metadataHash: `0x${(i + 1).toString(16).padStart(2, "0").repeat(32)}` }),
            await staking.stake({ amount: 500n * CAL }),
          ),
        () => `${short(p)} staked 500 CAL`,
      );
    }

    // ── Governance: a hub proposal voted on Solana, then the hub's action lists executed here ──────
    const gov = new SolanaGovernanceClient(voter.params);
    const userMarket = new SolanaMarketplaceClient(user.params);
    await step(
      "solana",
      "voter deposits 2,000 CAL in the governance vault (its weight at later snapshots)",
      () => gov.deposit({ amount: 2_000n * CAL }),
      () => "voter record, 1 checkpoint",
    );
    const proposalId = 1n;
    const opened = await sol.now();
    await step(
      "solana",
      "the hub announces proposal 1 (ProposalOpened, a version-2 bridge message signed by 2 of 3 validators)",
      () => sol.openProposal({ proposalId, snapshot: opened, voteEnd: opened + 3_600n }),
      () => "proposal record",
    );
    await sol.advanceTime(1n);
    await step(
      "solana",
      "voter votes For with what it held at the snapshot",
      () => gov.castVote({ proposalId, support: 1 }),
      () => "For 2,000 CAL",
    );
    await step(
      "solana",
      "anyone sends Solana's cumulative tally to the hub (VoteTally through the bridge)",
      () => new SolanaGovernanceClient(anyone.params).sendTally({ proposalId }),
      (r) => `outbound nonce ${r.nonce}`,
    );
    let sequence = (await gov.status()).nextSequence - 1n;
    const enact = async (label: string, actions: readonly GovernanceAction[]) => {
      const r = await step(
        "solana",
        `the hub's GovernanceActions arrive: ${label}`,
        () => sol.receiveFromHub({ kind: "GovernanceActions", sequence: sequence + 1n, proposalId, actions }),
        () => `sequence ${sequence + 1n}, held for the execution delay`,
      );
      sequence += 1n;
      await sol.advanceTime(sol.governance.executionDelay);
      await step(
        "solana",
        "execute: the governance PDA signs the CPI",
        () => gov.execute({ sequence }),
        () => "Executed",
      );
      const list = await gov.getActions({ sequence });
      if (list?.state !== "executed") throw new Error(`action list ${sequence} is ${list?.state ?? "missing"}, not executed`);
      return r;
    };
    const staged = await step(
      "solana",
      "stage the BN254 result_commitment verifying key in an account",
      () =>
        stageSolanaVerifyingKey({
          provider: voter.provider,
          vkey: JSON.parse(readFileSync(`${buildDirectory}/result_commitment.vkey.json`, "utf8")) as SnarkjsVerificationKey,
        }),
      (r) => `account ${r.account.toBase58().slice(0, 8)}…`,
    );
    await enact("register verifier 1 (result_commitment, BN254)", [
      { kind: "setVerifier", verifierId: 1, verifier: universalFromSolana(staged.account.toBase58()) },
    ]);
    const market = await userMarket.parameters();

    // ── Task 1: verified by a BN254 Groth16 proof on chain (alt_bn128), paid out ──────────────────
    const reward = 100n * CAL;
    const t1 = await step(
      "solana",
      "user posts task 1 (reward 100 CAL, verifier 1, creator named)",
      async () =>
        userMarket.createTask({
          specHash: 0x5ca1ab1en,
          reward,
          collateral: 50n * CAL,
          deadline: (await sol.now()) + 3_600n,
          verifierId: 1,
          modelCreator: creator.address,
          minReputationBps: 5_000,
        }),
      (r) => `task ${r.taskId}`,
    );
    const p1Market = new SolanaMarketplaceClient(p1.params);
    await step(
      "solana",
      "provider 1 accepts task 1 (staking locks 50 CAL)",
      () => p1Market.acceptTask({ taskId: t1.taskId }),
      () => "Assigned",
    );
    const task1 = await p1Market.getTask({ taskId: t1.taskId });
    const proved = await step(
      "zk",
      "provider proves the result (result_commitment, BN254, snarkjs)",
      async () => {
        const inputs = await buildResultCommitmentInputs({
          curve: "bn254",
          ...taskStatement({ task: task1, curve: "bn254" }),
          result: [11n, 22n, 33n, 44n],
          salt: 0x50_1a_4an,
        });
        const { proof } = await proveGroth16({
          wasm: `${buildDirectory}/result_commitment.wasm`,
          zkey: `${buildDirectory}/result_commitment.zkey`,
          witnessInput: inputs.witnessInput,
        });
        return { proof, resultCommitment: inputs.publicInputs[2] };
      },
      (r) => `commitment ${r.resultCommitment.toString().slice(0, 16)}…`,
    );
    const balance = (w: LocalSolanaWallet) => token.balanceOf({ owner: w.address });
    const treasury = sol.actors.treasuryOwner;
    const before = { provider: await balance(p1), treasury: await balance(treasury), creator: await balance(creator) };
    const submit = await step(
      "solana",
      "provider submits result + proof: verified on chain (alt_bn128 pairing), paid out",
      () =>
        p1Market.submitResult({
          taskId: t1.taskId,
          resultCommitment: proved.resultCommitment,
          proof: encodeProofSolana({ proof: proved.proof }).bytes,
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
      throw new Error(`Solana payout mismatch: status ${done.status}, paid ${paid.provider}/${paid.treasury}/${paid.creator}`);
    }
    await step(
      "solana",
      "payout split checked against the SDK's arithmetic",
      async () => ({}),
      () =>
        `provider ${fmt(paid.provider)} / treasury ${fmt(paid.treasury)} / creator ${fmt(paid.creator)} (${market.providerBps / 100n}/${market.treasuryBps / 100n}/${market.creatorBps / 100n})`,
    );

    // ── Governance raises the slash rate; task 2 is abandoned, expired and slashed at the new rate ─
    const newSlashBps = 2_500;
    await enact(`raise the slash rate ${market.slashBps} → ${newSlashBps} bps`, [setParameter("slashBps", BigInt(newSlashBps))]);
    const after = await userMarket.parameters();
    if (after.slashBps !== BigInt(newSlashBps)) throw new Error(`slash rate is ${after.slashBps}, governance set ${newSlashBps}`);
    const t2 = await step(
      "solana",
      "user posts task 2 (optimistic, 30 CAL reward, 40 CAL collateral)",
      async () =>
        userMarket.createTask({
          specHash: 7n,
          reward: 30n * CAL,
          collateral: 40n * CAL,
          deadline: (await sol.now()) + 600n,
          verifierId: 0,
          minReputationBps: 0,
        }),
      (r) => `task ${r.taskId}`,
    );
    await step(
      "solana",
      "provider 2 accepts task 2 and goes silent",
      () => new SolanaMarketplaceClient(p2.params).acceptTask({ taskId: t2.taskId }),
      () => short(p2),
    );
    await sol.advanceTime(601n);
    const p2Staking = new SolanaStakingClient(p2.params);
    const userBefore = await balance(user);
    const stakeBefore = await p2Staking.getProvider({ provider: p2.address });
    await step(
      "solana",
      "anyone expires task 2: refund + slash",
      () => new SolanaMarketplaceClient(anyone.params).expire({ taskId: t2.taskId }),
      () => "Refunded",
    );
    const stakeAfter = await p2Staking.getProvider({ provider: p2.address });
    const slash = computeSlash({ collateral: 40n * CAL, slashBps: after.slashBps });
    const refund = (await balance(user)) - userBefore;
    if (refund !== 30n * CAL + slash.toUser || stakeBefore.staked - stakeAfter.staked !== slash.slashed || stakeAfter.locked !== 0n) {
      throw new Error(`Solana slash mismatch: refund ${refund}, stake ${stakeBefore.staked} -> ${stakeAfter.staked}`);
    }
    await step(
      "solana",
      "slash checked against the SDK's arithmetic (rate set by the vote)",
      async () => ({}),
      () =>
        `slashed ${fmt(slash.slashed)} at ${after.slashBps} bps (user +${fmt(slash.toUser)}, treasury +${fmt(slash.toTreasury)}); score ${stakeBefore.scoreBps} → ${stakeAfter.scoreBps} bps`,
    );

    // ── Marketplace v2: an offer locked mid-ramp, and three replicas by commit–reveal with a dissenter ──
    const solProvider = (w: LocalSolanaWallet): MarketStoryProvider => ({
      market: new SolanaMarketplaceClient(w.params),
      universal: universalFromSolana(w.address),
      balance: () => balance(w),
      info: () => new SolanaStakingClient(w.params).getProvider({ provider: w.address }),
    });
    await runMarketStory({
      chain: "solana",
      step,
      user: userMarket,
      userBalance: () => balance(user),
      treasuryBalance: () => balance(treasury),
      providers: [solProvider(p1), solProvider(p2), solProvider(p3)],
      now: () => userMarket.chainTime(),
      advance: (seconds) => sol.advanceTime(seconds),
      challengePeriod: after.challengePeriod,
      slashBps: after.slashBps,
      feeSplit: { providerBps: after.providerBps, treasuryBps: after.treasuryBps, creatorBps: after.creatorBps },
    });

    return {
      payout: paid,
      slash,
      slashBps: { before: market.slashBps, after: after.slashBps },
      submitComputeUnits: submit.cost ?? 0n,
      marketplace: sol.deployment.programIds.marketplace,
    };
  } finally {
    sol.close();
  }
}
