// Fixtures of the offer and replica suites (DESIGN §5.1, §5.2): three registered providers, offer payloads, the
// replica commit computed off chain, event decoding and the conservation invariants checked after every step.
import { expect } from "chai";
import type { Address, Cell } from "@ton/core";
import type { BlockchainTransaction, SendMessageResult } from "@ton/sandbox";
import { keccak_256 } from "@noble/hashes/sha3";
import type { Actor } from "../scripts/sandbox";
import { createTaskPayload, type CreateTaskArgs, type OfferTerms, TaskStatus } from "../wrappers/Marketplace";
import { op } from "../wrappers/abi";
import { type Env, registerAndStake, setup, transferWithPayload, CAL, DAY } from "./fixtures";

export type ReplicaEnv = Env & { providers: Actor[] };

/** setup() plus two more providers (provider2, provider3) with 1,000,000 CAL each; none registered yet. */
export async function setupReplicas(): Promise<ReplicaEnv> {
  const env = await setup();
  const p2 = await env.blockchain.treasury("provider2");
  const p3 = await env.blockchain.treasury("provider3");
  await env.mint(p2.address, 1_000_000n * CAL);
  await env.mint(p3.address, 1_000_000n * CAL);
  return { ...env, providers: [env.provider, p2, p3] };
}

export async function stakeAll(env: ReplicaEnv, amount: bigint) {
  for (const p of env.providers) await registerAndStake(env, p, amount);
}

const bytes32 = (v: bigint) => Buffer.from(v.toString(16).padStart(64, "0"), "hex");

/** keccak256(resultHash ‖ salt ‖ provider account id), 96 bytes (DESIGN §5.2). */
export function replicaCommitOf(resultHash: bigint, salt: bigint, provider: Address): bigint {
  const h = keccak_256(Buffer.concat([bytes32(resultHash), bytes32(salt), provider.hash]));
  return BigInt(`0x${Buffer.from(h).toString("hex")}`);
}

/** Creates a task with offer terms (the transferred amount is maxReward); returns its id. */
export async function createOffer(
  env: Env,
  maxReward: bigint,
  offer: Partial<OfferTerms>,
  over: Partial<CreateTaskArgs> = {},
  from: Actor = env.user,
): Promise<{ id: bigint; result: SendMessageResult }> {
  const now = env.blockchain.now!;
  const id = (await env.marketplace.getData()).nextTaskId;
  const terms: OfferTerms = { minReward: maxReward, rampStart: now, rampDuration: 0, lockDeadline: now + DAY, replicas: 0, ...offer };
  const args: CreateTaskArgs = { specHash: 42n, collateral: 50n * CAL, deadline: now + DAY, ...over, offer: terms };
  const result = await transferWithPayload(env, from, env.marketplace.address, maxReward, createTaskPayload(args));
  return { id, result };
}

/** The events (external-out logs) of a message chain, decoded by op: name -> body slices. */
export function events(r: SendMessageResult): { name: string; body: Cell }[] {
  const names = ["OfferLocked", "ResultCommitted", "ResultRevealed", "TaskSettled", "ReplicaSlashed", "TaskCompleted", "ResultPublished"];
  const byOp = new Map(names.map((n) => [op(n), n]));
  const out: { name: string; body: Cell }[] = [];
  for (const tx of r.transactions as BlockchainTransaction[]) {
    for (const m of tx.outMessages.values()) {
      if (m.info.type !== "external-out") continue;
      const o = m.body.beginParse().preloadUint(32);
      const name = byOp.get(o);
      if (name) out.push({ name, body: m.body });
    }
  }
  return out;
}

export const LIVE = new Set<number>([TaskStatus.Open, TaskStatus.Assigned, TaskStatus.Submitted, TaskStatus.Disputed]);

/**
 * Conservation (CONVENTIONS): the marketplace's escrow == Σ reward of live tasks == its CAL balance (no claims
 * pending); staking's CAL == totalStaked == Σ stake; every provider's stake == free + locked (+ pending unstake),
 * free >= 0; Σ locked == the collateral of every confirmed lock on a live task.
 */
export async function checkConservation(env: ReplicaEnv, label = "") {
  const d = await env.marketplace.getData();
  let live = 0n;
  let lockedByTasks = 0n;
  for (let id = 1n; id < d.nextTaskId; id++) {
    const t = await env.marketplace.getTask(id);
    if (!LIVE.has(t.status)) continue;
    live += t.reward;
    const o = await env.marketplace.getTaskOffer(id);
    if (o.replicas === 0) {
      if (t.status !== TaskStatus.Open) lockedByTasks += t.collateral;
    } else {
      lockedByTasks += BigInt((await env.marketplace.getTaskReplicas(id)).length) * t.collateral;
    }
  }
  expect(d.escrowed, `escrow ${label}`).to.equal(live);
  expect(await env.balanceOf(env.marketplace.address), `marketplace CAL ${label}`).to.equal(d.escrowed);
  const sp = await env.staking.getParams();
  expect(await env.balanceOf(env.staking.address), `staking CAL ${label}`).to.equal(sp.totalStaked);
  let stakes = 0n;
  let locked = 0n;
  for (const p of env.providers) {
    const v = await env.staking.getProvider(p.address).catch(() => null);
    if (!v) continue;
    const free = v.stake - v.locked - v.pendingUnstake;
    expect(free >= 0n, `free stake ${label}`).to.equal(true);
    expect(v.stake, `staked == free + locked ${label}`).to.equal(free + v.locked + v.pendingUnstake);
    stakes += v.stake;
    locked += v.locked;
  }
  expect(stakes, `Σ stake ${label}`).to.equal(sp.totalStaked);
  expect(locked, `Σ locked ${label}`).to.equal(lockedByTasks);
}

export { CAL, DAY };
