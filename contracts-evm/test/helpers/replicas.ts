import { concat, keccak256, pad, toHex, type Address, type Hex } from "viem";
import { CAL, DAY, name32, networkHelpers, taskParams, type Suite, type TaskOptions } from "./fixture.js";

/** ReplicaState numbering from CONVENTIONS.md. */
export const ReplicaState = { None: 0, Accepted: 1, Committed: 2, Revealed: 3 } as const;

export const ZERO32: Hex = `0x${"00".repeat(32)}`;

/** `keccak256(resultHash ‖ salt ‖ provider)`, the provider left-padded to 32 bytes (CONVENTIONS, replica commit). */
export const commitOf = (resultHash: Hex, salt: Hex, provider: Address): Hex =>
  keccak256(concat([resultHash, salt, pad(provider, { size: 32 })]));

/** A distinct 32-byte result hash / salt per label. */
export const h32 = (label: string): Hex => keccak256(toHex(label));

export interface OfferOptions {
  minReward?: bigint;
  rampStartIn?: bigint;
  rampDuration?: bigint;
  lockDeadlineIn?: bigint;
  replicas?: number;
}

/** Offer terms relative to the chain's latest block time. */
export async function offerTerms(o: OfferOptions = {}) {
  const now = BigInt(await networkHelpers.time.latest());
  return {
    minReward: o.minReward ?? 600n * CAL,
    rampStart: now + (o.rampStartIn ?? 0n),
    rampDuration: o.rampDuration ?? 1000n,
    lockDeadline: now + (o.lockDeadlineIn ?? DAY / 2n),
    replicas: o.replicas ?? 0,
  };
}

/** Creates a task with offer terms as `s.user`; returns its id. */
export async function createOffer(s: Suite, o: OfferOptions = {}, t: TaskOptions = {}): Promise<bigint> {
  await s.marketplace.write.createTask([await taskParams(t), await offerTerms(o)], { account: s.user.account });
  return s.marketplace.read.taskCount();
}

/** The suite's three providers (provider, provider2, stranger), each registered and staking 1000 CAL. */
export async function withProviders(s: Suite) {
  const providers = [s.provider, s.provider2, s.stranger] as const;
  for (const [i, w] of providers.entries()) {
    await s.staking.write.register([name32(`gpu:${i}`)], { account: w.account });
    await s.staking.write.stake([1000n * CAL], { account: w.account });
  }
  return providers;
}

/** A provider's whole stake (free + locked + pending unstake). */
export async function stakedOf(s: Suite, who: Address): Promise<bigint> {
  const i = await s.staking.read.stakeInfo([who]);
  return i.free + i.locked + i.pendingUnstake;
}
