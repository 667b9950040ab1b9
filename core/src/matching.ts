/**
 * Provider matching: ranks candidate providers for a task by multi-dimensional scoring
 * (hardware fit, price, reputation, load, latency and, when power records are given, verified power — DESIGN §11).
 * Deterministic: equal scores are ordered by provider id.
 */
import { arrayInput, bigintInput, finiteInput, integerInput, invalidInput, objectInput, stringInput } from "./input.js";
import { type PowerRecord, verifiedPower } from "./power.js";

/** Hardware a task needs, or a provider offers. */
export interface Hardware {
  readonly cpuCores: number;
  readonly memoryGiB: number;
  readonly gpuCount: number;
  readonly gpuMemoryGiB: number;
  /** Whether the provider runs inside an attested TEE. */
  readonly tee: boolean;
}

/** What a task asks of a provider. */
export interface TaskRequirements {
  readonly hardware: Hardware;
  /** The most the user pays per task, in CAL base units. */
  readonly maxPrice: bigint;
  readonly minReputationBps: number;
  /** Preferred region, if any (e.g. "eu-west"). */
  readonly region?: string;
  /** The least verified power (hashes per second, {@link verifiedPower}) a provider must show, if any. */
  readonly minVerifiedPower?: bigint;
}

/** A provider as the matching engine sees it. */
export interface ProviderCandidate {
  readonly id: string;
  readonly hardware: Hardware;
  /** Asking price per task, CAL base units. */
  readonly price: bigint;
  readonly reputationBps: number;
  /** Current load in [0, 1]: running tasks over capacity. */
  readonly load: number;
  readonly latencyMs: number;
  readonly region?: string;
  /** The provider's on-chain power record (DESIGN §11); a candidate without one counts as unverified. */
  readonly power?: Pick<PowerRecord, "claimedRate" | "powerPassed" | "failuresInRow">;
}

/** Weights of the scoring dimensions; they need not sum to 1 (they are normalised). */
export interface MatchingWeights {
  readonly hardware: number;
  readonly price: number;
  readonly reputation: number;
  readonly load: number;
  readonly latency: number;
  /** Weight of verified power; used only when some candidate carries a power record ({@link DEFAULT_POWER_WEIGHT} if unset). */
  readonly power?: number;
}

/** The weight of verified power when candidates carry power records and the weights do not name one. */
export const DEFAULT_POWER_WEIGHT = 0.3;

/** Default weights: reputation and hardware fit first, then price, load, latency. */
export const DEFAULT_MATCHING_WEIGHTS: MatchingWeights = { hardware: 0.3, price: 0.2, reputation: 0.3, load: 0.1, latency: 0.1 };

/** A ranked candidate with its total score in [0, 1] and the score of each dimension. */
export interface RankedProvider {
  readonly id: string;
  readonly score: number;
  /** Each dimension's score in [0, 1]; `power` (verified power over the best eligible one) only when records are given. */
  readonly breakdown: Readonly<Record<Exclude<keyof MatchingWeights, "power">, number> & { power?: number }>;
  /** The candidate's verified power ({@link verifiedPower}: the claim weighted by the pass record), when records are given. */
  readonly verifiedPower?: bigint;
}

/** Parameters of {@link rankProviders}. */
export interface RankProvidersParameters {
  readonly requirements: TaskRequirements;
  readonly candidates: readonly ProviderCandidate[];
  readonly weights?: MatchingWeights;
  /** How many to return; 3 by default. */
  readonly limit?: number;
}
/** Result of {@link rankProviders}: eligible providers, best first, and why the others were left out. */
export interface RankProvidersReturnType {
  readonly ranked: readonly RankedProvider[];
  readonly excluded: ReadonlyArray<{ readonly id: string; readonly reason: string }>;
}

function powerOf(c: ProviderCandidate): bigint {
  return c.power ? verifiedPower(c.power) : 0n;
}

function hardwareShortfall(need: Hardware, have: Hardware): string | null {
  if (need.tee && !have.tee) return "no TEE";
  for (const k of ["cpuCores", "memoryGiB", "gpuCount", "gpuMemoryGiB"] as const) {
    if (have[k] < need[k]) return `${k} ${have[k]} < ${need[k]}`;
  }
  return null;
}

/** Why a candidate's own figures cannot be scored (NaN, negative, a score above 10000 bps), or null. */
function candidateProblem(c: ProviderCandidate): string | null {
  if (typeof c.hardware !== "object" || c.hardware === null) return "hardware";
  if (typeof c.hardware.tee !== "boolean") return `hardware.tee ${typeof c.hardware.tee}`;
  for (const k of ["reputationBps", "load", "latencyMs"] as const) if (typeof c[k] !== "number") return `${k} ${typeof c[k]}`;
  if (typeof c.price !== "bigint") return `price ${typeof c.price}`;
  if (c.region !== undefined && typeof c.region !== "string") return `region ${typeof c.region}`;
  if (c.power !== undefined) {
    if (typeof c.power !== "object" || c.power === null) return "power";
    for (const k of ["claimedRate", "powerPassed", "failuresInRow"] as const)
      if (typeof c.power[k] !== "bigint" || c.power[k] < 0n) return `power.${k} ${String(c.power[k])}`;
  }
  for (const k of ["cpuCores", "memoryGiB", "gpuCount", "gpuMemoryGiB"] as const)
    if (!Number.isFinite(c.hardware[k]) || c.hardware[k] < 0) return `hardware.${k} ${c.hardware[k]}`;
  if (!Number.isFinite(c.reputationBps) || c.reputationBps < 0 || c.reputationBps > 10_000) return `reputationBps ${c.reputationBps}`;
  if (!Number.isFinite(c.load) || c.load < 0) return `load ${c.load}`;
  if (!Number.isFinite(c.latencyMs) || c.latencyMs < 0) return `latencyMs ${c.latencyMs}`;
  if (c.price < 0n) return `price ${c.price}`;
  return null;
}

/** Fit in (0, 1]: 1 for an exact fit, lower for heavily over-provisioned hardware (wasted capacity). */
function hardwareFit(need: Hardware, have: Hardware): number {
  const dims = (["cpuCores", "memoryGiB", "gpuCount", "gpuMemoryGiB"] as const).filter((k) => need[k] > 0 || have[k] > 0);
  if (dims.length === 0) return 1;
  const fits = dims.map((k) => (have[k] === 0 ? 1 : Math.max(need[k], 1) / Math.max(have[k], 1)));
  return fits.reduce((a, b) => a + b, 0) / fits.length;
}

/**
 * Ranks providers for a task. Providers that lack the hardware, ask more than `maxPrice` or fall
 * below `minReputationBps` are excluded (with a reason); the rest are scored per dimension in
 * [0, 1] and combined by the normalised weights.
 *
 * @example
 * ```ts
 * const { ranked } = rankProviders({
 *   requirements: { hardware: { cpuCores: 8, memoryGiB: 32, gpuCount: 1, gpuMemoryGiB: 24, tee: false },
 *                   maxPrice: 50n * CAL, minReputationBps: 5000 },
 *   candidates,
 * });
 * console.log(ranked[0]?.id);
 * ```
 */
export function rankProviders(parameters: RankProvidersParameters): RankProvidersReturnType {
  objectInput("parameters", parameters);
  const { requirements, candidates } = parameters;
  const weights = objectInput<MatchingWeights>("weights", parameters.weights ?? DEFAULT_MATCHING_WEIGHTS);
  const limit = integerInput("limit", parameters.limit ?? 3, { min: 0 });
  objectInput("requirements", requirements);
  const hardware = objectInput<Hardware>("requirements.hardware", requirements.hardware);
  finiteInput("requirements.minReputationBps", requirements.minReputationBps, 0);
  for (const k of ["cpuCores", "memoryGiB", "gpuCount", "gpuMemoryGiB"] as const) finiteInput(`requirements.hardware.${k}`, hardware[k], 0);
  if (typeof hardware.tee !== "boolean")
    throw invalidInput("InvalidArgument", "requirements.hardware.tee", hardware.tee, { expected: "boolean" });
  bigintInput("requirements.maxPrice", requirements.maxPrice, { min: 0n }, "InvalidAmount");
  if (requirements.minVerifiedPower !== undefined) bigintInput("requirements.minVerifiedPower", requirements.minVerifiedPower, { min: 0n });
  if (requirements.region !== undefined) stringInput("requirements.region", requirements.region);
  for (const [i, c] of arrayInput<ProviderCandidate>("candidates", candidates).entries()) {
    objectInput(`candidates[${i}]`, c);
    stringInput(`candidates[${i}].id`, c.id);
  }
  for (const k of ["hardware", "price", "reputation", "load", "latency"] as const) finiteInput(`weights.${k}`, weights[k], 0);
  if (weights.power !== undefined) finiteInput("weights.power", weights.power, 0);
  // Verified power counts only when some candidate carries a power record; then an unverified candidate scores 0 there.
  const withPower = candidates.some((c) => c.power !== undefined) || requirements.minVerifiedPower !== undefined;
  const powerWeight = withPower ? (weights.power ?? DEFAULT_POWER_WEIGHT) : 0;
  const weightSum = weights.hardware + weights.price + weights.reputation + weights.load + weights.latency + powerWeight;
  if (!(weightSum > 0)) throw invalidInput("InvalidArgument", "weights", weightSum, { expected: "not all zero" });
  const excluded: Array<{ id: string; reason: string }> = [];
  const eligible: ProviderCandidate[] = [];
  for (const c of candidates) {
    const bad = candidateProblem(c);
    if (bad) {
      excluded.push({ id: c.id, reason: `invalid candidate: ${bad}` });
      continue;
    }
    const shortfall = hardwareShortfall(requirements.hardware, c.hardware);
    if (shortfall) excluded.push({ id: c.id, reason: `hardware: ${shortfall}` });
    else if (c.price > requirements.maxPrice) excluded.push({ id: c.id, reason: `price ${c.price} > ${requirements.maxPrice}` });
    else if (c.reputationBps < requirements.minReputationBps)
      excluded.push({ id: c.id, reason: `reputation ${c.reputationBps} < ${requirements.minReputationBps}` });
    else if (c.load >= 1) excluded.push({ id: c.id, reason: "at capacity" });
    else if (requirements.minVerifiedPower !== undefined && powerOf(c) < requirements.minVerifiedPower)
      excluded.push({ id: c.id, reason: `verified power ${powerOf(c)} < ${requirements.minVerifiedPower}` });
    else eligible.push(c);
  }
  const maxLatency = Math.max(1, ...eligible.map((c) => c.latencyMs));
  let maxPower = 0n; // bigints: Math.max does not apply
  for (const c of eligible) if (powerOf(c) > maxPower) maxPower = powerOf(c);
  const ranked = eligible
    .map((c): RankedProvider => {
      const breakdown = {
        hardware: hardwareFit(requirements.hardware, c.hardware),
        price: requirements.maxPrice === 0n ? 1 : 1 - Number((c.price * 10_000n) / requirements.maxPrice) / 10_000,
        reputation: c.reputationBps / 10_000,
        load: 1 - Math.min(Math.max(c.load, 0), 1),
        latency: 1 - c.latencyMs / maxLatency / 2 - (requirements.region && c.region !== requirements.region ? 0.25 : 0),
      };
      const power = maxPower === 0n ? 0 : Number((powerOf(c) * 1_000_000n) / maxPower) / 1_000_000;
      const score =
        (weights.hardware * breakdown.hardware +
          weights.price * breakdown.price +
          weights.reputation * breakdown.reputation +
          weights.load * breakdown.load +
          weights.latency * breakdown.latency +
          powerWeight * power) /
        weightSum;
      return withPower
        ? { id: c.id, score, breakdown: { ...breakdown, power }, verifiedPower: powerOf(c) }
        : { id: c.id, score, breakdown };
    })
    .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .slice(0, limit);
  return { ranked, excluded };
}
