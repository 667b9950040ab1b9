/** CAL has 9 decimals on every chain. */
export const CAL_DECIMALS = 9;
/** One CAL in base units. */
export const CAL = 1_000_000_000n;
/** Hard cap: 1,000,000,000 CAL = 10^18 base units (fits a u64). */
export const CAL_CAP = 1_000_000_000n * CAL;
/** Basis-point denominator. */
export const BPS = 10_000n;

const HOUR = 3600n;
const DAY = 24n * HOUR;

/** A protocol parameter with its default and inclusive on-chain bounds. */
export interface ParameterBounds {
  readonly default: bigint;
  readonly min: bigint;
  readonly max: bigint;
}

/** Default values and bounds enforced by every chain's setters (docs/CONVENTIONS.md). */
export const PARAMETERS = {
  minStake: { default: 100n * CAL, min: 1n * CAL, max: 1_000_000n * CAL },
  unbondingPeriod: { default: 7n * DAY, min: HOUR, max: 30n * DAY },
  challengePeriod: { default: DAY, min: 600n, max: 7n * DAY },
  slashBps: { default: 2000n, min: 100n, max: 10_000n },
  providerBps: { default: 8000n, min: 5000n, max: 10_000n },
  treasuryBps: { default: 1500n, min: 0n, max: 5000n },
  creatorBps: { default: 500n, min: 0n, max: 2000n },
  executionDelay: { default: DAY, min: HOUR, max: 14n * DAY },
  revealPeriod: { default: DAY, min: 600n, max: 7n * DAY },
  // Proof of computational power (DESIGN §11), owned by the power registry.
  responseWindow: { default: 600n, min: 60n, max: DAY },
  powerNonces: { default: 8n, min: 1n, max: 32n },
  powerCooldown: { default: DAY, min: 600n, max: 30n * DAY },
  maxPowerFailures: { default: 3n, min: 1n, max: 100n },
  powerSlashBps: { default: 1000n, min: 100n, max: 10_000n },
  validatorFee: { default: 1n * CAL, min: 0n, max: 1_000n * CAL },
  validatorBudget: { default: 0n, min: 0n, max: 10_000_000n * CAL },
} as const satisfies Record<string, ParameterBounds>;

/** Name of a bounded protocol parameter. */
export type ParameterName = keyof typeof PARAMETERS;
