import { BPS } from "./constants.js";
import { CalctraError } from "./errors.js";
import { bigintInput, booleanInput, objectInput } from "./input.js";

/**
 * Reputation score in basis points (DESIGN §4): `10000 * (completed + 1) / (completed + 3*failed + 2)`,
 * integer floor. A new provider scores 5000.
 *
 * @example
 * ```ts
 * reputationScoreBps({ completed: 0n, failed: 0n }); // 5000n
 * ```
 */
export function reputationScoreBps(parameters: ReputationScoreParameters): bigint {
  const { completed: c, failed: f } = objectInput<ReputationScoreParameters>("parameters", parameters);
  const completed = bigintInput("completed", c, { min: 0n });
  const failed = bigintInput("failed", f, { min: 0n });
  return (BPS * (completed + 1n)) / (completed + 3n * failed + 2n);
}
/** Parameters of {@link reputationScoreBps}. */
export interface ReputationScoreParameters {
  readonly completed: bigint;
  readonly failed: bigint;
}

/** Fee split in basis points (sum 10000). */
export interface FeeSplit {
  readonly providerBps: bigint;
  readonly treasuryBps: bigint;
  readonly creatorBps: bigint;
}

/** Parameters of {@link computePayout}. */
export interface ComputePayoutParameters extends FeeSplit {
  readonly reward: bigint;
  /** Whether the task names a model creator; if not, the creator share goes to the treasury. */
  readonly hasCreator: boolean;
}
/** Result of {@link computePayout}: amounts in base units, summing to the reward. */
export interface ComputePayoutReturnType {
  readonly provider: bigint;
  readonly treasury: bigint;
  readonly creator: bigint;
}

/**
 * Splits a task reward (DESIGN §5): treasury and creator shares rounded down, the remainder to
 * the provider; the creator share goes to the treasury when no creator is named.
 *
 * @example
 * ```ts
 * computePayout({ reward: 1000n, providerBps: 8000n, treasuryBps: 1500n, creatorBps: 500n, hasCreator: true });
 * // { provider: 800n, treasury: 150n, creator: 50n }
 * ```
 */
export function computePayout(parameters: ComputePayoutParameters): ComputePayoutReturnType {
  const p = objectInput<ComputePayoutParameters>("parameters", parameters);
  const reward = bigintInput("reward", p.reward, { min: 0n }, "InvalidAmount");
  const [providerBps, treasuryBps, creatorBps] = (["providerBps", "treasuryBps", "creatorBps"] as const).map((k) =>
    bigintInput(k, p[k]),
  ) as [bigint, bigint, bigint];
  const hasCreator = booleanInput("hasCreator", p.hasCreator);
  if (providerBps + treasuryBps + creatorBps !== BPS || providerBps < 0n || treasuryBps < 0n || creatorBps < 0n) {
    throw new CalctraError("MarketplaceInvalidFeeSplit", { providerBps, treasuryBps, creatorBps });
  }
  const treasuryShare = (reward * treasuryBps) / BPS;
  const creatorShare = (reward * creatorBps) / BPS;
  const provider = reward - treasuryShare - creatorShare;
  return hasCreator
    ? { provider, treasury: treasuryShare, creator: creatorShare }
    : { provider, treasury: treasuryShare + creatorShare, creator: 0n };
}

/** Parameters of {@link computeSlash}. */
export interface ComputeSlashParameters {
  readonly collateral: bigint;
  readonly slashBps: bigint;
}
/** Result of {@link computeSlash}. */
export interface ComputeSlashReturnType {
  readonly slashed: bigint;
  readonly toUser: bigint;
  readonly toTreasury: bigint;
  /** Collateral returned to the provider's free stake. */
  readonly unlocked: bigint;
}

/**
 * Slash of a provider's locked collateral (DESIGN §5): `slashBps` of it is taken, half (rounded
 * down) to the user and the rest to the treasury; the remainder is unlocked.
 *
 * @example
 * ```ts
 * computeSlash({ collateral: 1001n, slashBps: 2000n });
 * // { slashed: 200n, toUser: 100n, toTreasury: 100n, unlocked: 801n }
 * ```
 */
export function computeSlash(parameters: ComputeSlashParameters): ComputeSlashReturnType {
  const p = objectInput<ComputeSlashParameters>("parameters", parameters);
  const slashBps = bigintInput("slashBps", p.slashBps, { min: 0n, max: BPS });
  const collateral = bigintInput("collateral", p.collateral, { min: 0n }, "InvalidAmount");
  const slashed = (collateral * slashBps) / BPS;
  const toUser = slashed / 2n;
  return { slashed, toUser, toTreasury: slashed - toUser, unlocked: collateral - slashed };
}
