/**
 * The marketplace-v2 part of the demo (DESIGN §5.1, §5.2), the same on every chain through the chain-neutral
 * `MarketplaceClient`: an offer whose price ramps is locked mid-ramp and the difference goes back to the user, and a
 * task run on three providers by commit–reveal, where the one that reports another result is slashed. Every figure is
 * checked against core's `computePayout` / `computeSlash` / `settleReplicas` before it is reported.
 */
import { keccak256, toHex } from "viem";
import {
  CAL,
  TaskStatus,
  computePayout,
  formatCal,
  formatDuration,
  replicaCommit,
  settleReplicas,
  taskStatusName,
  type MarketplaceClient,
  type ProviderInfo,
  type TransactionReceiptSummary,
  type UniversalAddress,
} from "@calctra/core";
import type { DemoStepFunction } from "@calctra/devnet/testing";

/** One registered, staked provider as the story drives it. */
export interface MarketStoryProvider {
  readonly market: MarketplaceClient;
  /** Its 32-byte universal address (what its commit binds). */
  readonly universal: UniversalAddress;
  /** Its CAL balance (wallet, plus anything claimable where the chain pays by claim). */
  balance(): Promise<bigint>;
  /** Its stake record. */
  info(): Promise<ProviderInfo>;
}

/** Parameters of {@link runMarketStory}. */
export interface RunMarketStoryParameters {
  readonly chain: string;
  readonly step: DemoStepFunction;
  /** The user's marketplace client. */
  readonly user: MarketplaceClient;
  userBalance(): Promise<bigint>;
  treasuryBalance(): Promise<bigint>;
  /** Three providers, registered with at least 100 CAL staked free each. */
  readonly providers: readonly [MarketStoryProvider, MarketStoryProvider, MarketStoryProvider];
  /** The chain's clock (unix seconds) and a way to move it forward. */
  now(): Promise<bigint>;
  advance(seconds: bigint): Promise<void>;
  /** The marketplace's current challenge period and slash rate. */
  readonly challengePeriod: bigint;
  readonly slashBps: bigint;
  readonly feeSplit?: { readonly providerBps: bigint; readonly treasuryBps: bigint; readonly creatorBps: bigint };
}

/** What the story established, for the report. */
export interface RunMarketStoryReturnType {
  readonly offer: { readonly price: bigint; readonly refund: bigint; readonly maxReward: bigint };
  readonly replicas: { readonly paid: readonly bigint[]; readonly slashed: bigint; readonly userBack: bigint };
}

const fmt = (v: bigint) => formatCal(v, { withUnit: true });
const costOf = (rs: readonly TransactionReceiptSummary[]) => ({ cost: rs.reduce((a, r) => a + (r.cost ?? 0n), 0n) });

/**
 * Runs the offer and the three-replica stories on one chain.
 *
 * @example
 * ```ts
 * await runMarketStory({ chain: "evm", step, user, userBalance, treasuryBalance, providers, now, advance,
 *   challengePeriod: 600n, slashBps: 2000n });
 * ```
 */
export async function runMarketStory(p: RunMarketStoryParameters): Promise<RunMarketStoryReturnType> {
  const { chain, step, user, providers } = p;
  const split = p.feeSplit ?? { providerBps: 8000n, treasuryBps: 1500n, creatorBps: 500n };
  const expectStatus = async (taskId: bigint, status: TaskStatus) => {
    const t = await user.getTask({ taskId });
    if (t.status !== status) throw new Error(`${chain} task ${taskId}: ${taskStatusName(t.status)}, expected ${taskStatusName(status)}`);
  };

  // ── An offer: 10 → 30 CAL over 10 minutes, locked mid-ramp ─────────────────────────────────────
  const minReward = 10n * CAL;
  const maxReward = 30n * CAL;
  const ramp = 600n;
  const t0 = await p.now();
  const offerTask = await step(
    chain,
    "a user posts an offer: 10 → 30 CAL over 10 minutes (the escrow takes 30)",
    () =>
      user.createTask({
        specHash: BigInt(keccak256(toHex(`${chain} offer spec`))) >> 8n,
        reward: maxReward,
        collateral: 50n * CAL,
        deadline: t0 + 3600n,
        verifierId: 0,
        minReputationBps: 0,
        offer: { minReward, rampStart: t0, rampDuration: ramp, lockDeadline: t0 + 1800n },
      }),
    (r) => `task ${r.taskId}`,
  );
  await p.advance(300n);
  const [p1, , p3] = providers;
  const quote = await p1.market.quoteTask({ taskId: offerTask.taskId });
  const userBefore = await p.userBalance();
  const p1Before = await p1.balance();
  await step(
    chain,
    "provider 1 quotes the offer mid-ramp and accepts, locking that price",
    () => p1.market.acceptTask({ taskId: offerTask.taskId }),
    () => `quoted ${fmt(quote.price)} ${formatDuration(quote.at - t0)} into the ramp`,
  );
  const { price } = await user.getOffer({ taskId: offerTask.taskId });
  if (price < minReward || price > maxReward) throw new Error(`${chain}: locked price ${price} outside the offer`);
  await step(
    chain,
    "provider 1 submits (optimistic), the challenge window passes, anyone finalizes",
    async () => {
      const submitted = await p1.market.submitResult({ taskId: offerTask.taskId, resultCommitment: 0xabcn });
      await p.advance(p.challengePeriod + 1n);
      return costOf([submitted, await user.finalize({ taskId: offerTask.taskId })]);
    },
    () => `challenge window ${formatDuration(p.challengePeriod)}`,
  );
  await expectStatus(offerTask.taskId, TaskStatus.Completed);
  const refund = (await p.userBalance()) - userBefore;
  const paid1 = (await p1.balance()) - p1Before;
  const expected = computePayout({ reward: price, ...split, hasCreator: false });
  if (refund !== maxReward - price || paid1 !== expected.provider)
    throw new Error(
      `${chain}: offer settled ${paid1} to the provider and ${refund} back, expected ${expected.provider} and ${maxReward - price}`,
    );
  await step(
    chain,
    "offer settlement checked: the payout splits the locked price, the rest goes back to the user",
    async () => undefined,
    () => `price ${fmt(price)}: provider ${fmt(paid1)}; user refunded ${fmt(refund)} of ${fmt(maxReward)}`,
  );

  // ── Three replicas, commit–reveal, one dissenter ───────────────────────────────────────────
  const t1 = await p.now();
  const reward = 30n * CAL;
  const collateral = 50n * CAL;
  const repTask = await step(
    chain,
    "a user posts a 30 CAL task to run on 3 providers (commit–reveal)",
    () =>
      user.createTask({
        specHash: BigInt(keccak256(toHex(`${chain} replicated spec`))) >> 8n,
        reward,
        collateral,
        deadline: t1 + 3600n,
        verifierId: 0,
        minReputationBps: 0,
        offer: { minReward: reward, rampStart: t1, rampDuration: 0n, lockDeadline: t1 + 1800n, replicas: 3 },
      }),
    (r) => `task ${r.taskId}`,
  );
  const taskId = repTask.taskId;
  await step(
    chain,
    "three providers accept, each locking 50 CAL",
    async () => costOf(await Promise.all(providers.map((q) => q.market.acceptTask({ taskId })))),
    () => "3 of 3 replicas",
  );
  const honest = keccak256(toHex(`${chain}: y = W·x + b`));
  const wrong = keccak256(toHex(`${chain}: a lazy guess`));
  const salts = [1, 2, 3].map((i) => keccak256(toHex(`${chain} salt ${i}`)));
  const results = [honest, honest, wrong] as const;
  await step(
    chain,
    "each commits keccak256(resultHash | salt | itself); provider 3 reports another result",
    async () => {
      const rs = [];
      for (const [i, q] of providers.entries())
        rs.push(
          await q.market.commitResult({
            taskId,
            commit: replicaCommit(results[i] as `0x${string}`, salts[i] as `0x${string}`, q.universal),
          }),
        );
      return costOf(rs);
    },
    () => "3 commits; the reveal window opens",
  );
  const userBefore2 = await p.userBalance();
  const before = await Promise.all(providers.map((q) => q.balance()));
  const stake3Before = (await p3.info()).staked;
  await step(
    chain,
    "each reveals; anyone settles by the 2-of-3 majority",
    async () => {
      const rs = [];
      for (const [i, q] of providers.entries())
        rs.push(await q.market.revealResult({ taskId, resultHash: results[i] as `0x${string}`, salt: salts[i] as `0x${string}` }));
      rs.push(await user.settle({ taskId }));
      return costOf(rs);
    },
    () => "majority: providers 1 and 2",
  );
  await expectStatus(taskId, TaskStatus.Completed);
  const paid = await Promise.all(providers.map(async (q, i) => (await q.balance()) - (before[i] as bigint)));
  const slashed = stake3Before - (await p3.info()).staked;
  const userBack = (await p.userBalance()) - userBefore2;
  const model = settleReplicas({
    k: 3,
    reward,
    collateral,
    replicas: [
      { price: reward, resultHash: honest },
      { price: reward, resultHash: honest },
      { price: reward, resultHash: wrong },
    ],
    slashBps: p.slashBps,
    ...split,
    hasCreator: false,
  });
  if (model.kind !== "settled") throw new Error("the model disagrees: no majority");
  const [o1, o2, o3] = model.outcomes;
  if (
    o1?.kind !== "paid" ||
    o2?.kind !== "paid" ||
    o3?.kind !== "slashed" ||
    paid[0] !== o1.provider ||
    paid[1] !== o2.provider ||
    paid[2] !== 0n ||
    slashed !== o3.slashed ||
    userBack !== model.toUser
  )
    throw new Error(`${chain}: replicas settled ${paid.join("/")}, slashed ${slashed}, user ${userBack}; the model says otherwise`);
  await step(
    chain,
    "replica settlement checked: the majority is paid its third (80/15/5), the dissenter slashed",
    async () => undefined,
    () => `providers 1 and 2 ${fmt(paid[0] as bigint)} each; provider 3 slashed ${fmt(slashed)}; user gets ${fmt(userBack)} back`,
  );
  return { offer: { price, refund, maxReward }, replicas: { paid, slashed, userBack } };
}
