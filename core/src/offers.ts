/**
 * Offers (DESIGN §5.1): a task's reward ramps from `minReward` at `rampStart` to `maxReward` after `rampDuration`
 * seconds; the provider who accepts locks the price of that moment. One formula, the executable copy of what every
 * chain computes (vectors: test/vectors/offers.json), and the provider-side view of it: which open offers are worth
 * taking now, ranked by price per unit of work against the provider's own floor.
 */
import type { OfferTermsParameters, QuoteTaskReturnType } from "./clients.js";
import { CalctraError } from "./errors.js";
import { arrayInput, bigintInput, integerInput, objectInput, stringInput } from "./input.js";
import { TaskStatus as TaskStatusValues, type TaskOffer, type TaskStatus } from "./types.js";

/** The largest reward and the largest timestamp an offer carries on every chain (u64). */
export const OFFER_U64_MAX = (1n << 64n) - 1n;

/** An offer's price terms (CAL base units, unix seconds). A fixed reward is `minReward == maxReward`. */
export interface OfferTerms {
  readonly minReward: bigint;
  readonly maxReward: bigint;
  readonly rampStart: bigint;
  /** Seconds from `minReward` to `maxReward`; 0 jumps to `maxReward` at `rampStart`. */
  readonly rampDuration: bigint;
}

/**
 * Checks an offer's terms: every field within u64, `0 < minReward <= maxReward`, and `rampStart + rampDuration`
 * within u64. Throws `MarketplaceZeroReward` for a zero reward and `MarketplaceInvalidOffer` naming the field otherwise.
 *
 * @example
 * ```ts
 * checkOfferTerms({ minReward: 10n * CAL, maxReward: 30n * CAL, rampStart: now, rampDuration: 600n });
 * ```
 */
export function checkOfferTerms(terms: OfferTerms): void {
  objectInput("terms", terms);
  for (const field of ["minReward", "maxReward", "rampStart", "rampDuration"] as const)
    bigintInput(field, terms[field], { min: 0n, max: OFFER_U64_MAX }, "MarketplaceInvalidOffer");
  if (terms.minReward === 0n) throw new CalctraError("MarketplaceZeroReward", { reward: 0n });
  if (terms.minReward > terms.maxReward)
    throw new CalctraError("MarketplaceInvalidOffer", { minReward: terms.minReward, maxReward: terms.maxReward });
  if (terms.rampStart + terms.rampDuration > OFFER_U64_MAX)
    throw new CalctraError("MarketplaceInvalidOffer", { rampEnd: terms.rampStart + terms.rampDuration, max: OFFER_U64_MAX });
}

/**
 * The price of an offer at `at` (DESIGN §5.1): `minReward` up to `rampStart`, then
 * `minReward + (maxReward - minReward) * min(at - rampStart, rampDuration) / rampDuration` (integer floor), and
 * `maxReward` from the end of the ramp on. The product needs up to 128 bits; the result fits the rewards' u64.
 *
 * @example
 * ```ts
 * offerPrice({ minReward: 10n, maxReward: 30n, rampStart: 100n, rampDuration: 60n }, 130n); // 20n
 * ```
 */
export function offerPrice(terms: OfferTerms, at: bigint): bigint {
  checkOfferTerms(terms);
  bigintInput("at", at, { min: 0n, max: OFFER_U64_MAX });
  const { minReward, maxReward, rampStart, rampDuration } = terms;
  if (at <= rampStart) return at === rampStart && rampDuration === 0n ? maxReward : minReward;
  const elapsed = at - rampStart;
  if (rampDuration === 0n || elapsed >= rampDuration) return maxReward;
  return minReward + ((maxReward - minReward) * elapsed) / rampDuration;
}

/** An open offer as a provider sees it. */
export interface OpenOffer extends OfferTerms {
  readonly id: string;
  /** Accepting is refused after this time (unix seconds). */
  readonly lockDeadline: bigint;
  /** The work the task asks, in the provider's own unit (e.g. estimated GPU-seconds); > 0. */
  readonly workUnits: bigint;
}

/** Parameters of {@link rankOffers}. */
export interface RankOffersParameters {
  readonly offers: readonly OpenOffer[];
  /** The provider's floor: the least it accepts per unit of work, CAL base units. */
  readonly floorPricePerUnit: bigint;
  /** Unix seconds the prices are quoted at. */
  readonly now: bigint;
}

/** An offer worth taking now, with its current price. */
export interface RankedOffer {
  readonly id: string;
  readonly price: bigint;
  /** `price / workUnits` (floor). */
  readonly pricePerUnit: bigint;
  /** What accepting at the lock deadline would pay instead (the offer may be taken by then). */
  readonly priceAtDeadline: bigint;
}

/** Result of {@link rankOffers}: offers to take, best price per unit first, and why the others were left out. */
export interface RankOffersReturnType {
  readonly ranked: readonly RankedOffer[];
  readonly excluded: ReadonlyArray<{ readonly id: string; readonly reason: string }>;
}

/**
 * Ranks open offers for a provider: those past their lock deadline or paying less than the provider's floor per unit
 * of work now are left out (with the reason); the rest are ordered by price per unit of work, best first (ties by id).
 *
 * @example
 * ```ts
 * const { ranked } = rankOffers({ offers, floorPricePerUnit: CAL / 100n, now });
 * if (ranked[0]) await market.acceptTask({ taskId: BigInt(ranked[0].id) });
 * ```
 */
export function rankOffers(parameters: RankOffersParameters): RankOffersReturnType {
  const { offers, floorPricePerUnit, now } = objectInput<RankOffersParameters>("parameters", parameters);
  bigintInput("floorPricePerUnit", floorPricePerUnit, { min: 0n }, "InvalidAmount");
  bigintInput("now", now, { min: 0n, max: OFFER_U64_MAX });
  arrayInput("offers", offers);
  const ranked: RankedOffer[] = [];
  const excluded: { id: string; reason: string }[] = [];
  for (const [i, o] of offers.entries()) {
    objectInput(`offers[${i}]`, o);
    stringInput(`offers[${i}].id`, o.id);
    bigintInput(`offers[${i}].workUnits`, o.workUnits);
    bigintInput(`offers[${i}].lockDeadline`, o.lockDeadline, { min: 0n, max: OFFER_U64_MAX });
    if (o.workUnits <= 0n) {
      excluded.push({ id: o.id, reason: "no work units" });
      continue;
    }
    if (now > o.lockDeadline) {
      excluded.push({ id: o.id, reason: `lock deadline ${o.lockDeadline} passed` });
      continue;
    }
    const price = offerPrice(o, now);
    const pricePerUnit = price / o.workUnits;
    if (pricePerUnit < floorPricePerUnit) {
      excluded.push({ id: o.id, reason: `${pricePerUnit} per unit < floor ${floorPricePerUnit}` });
      continue;
    }
    ranked.push({ id: o.id, price, pricePerUnit, priceAtDeadline: offerPrice(o, o.lockDeadline) });
  }
  ranked.sort((a, b) => (a.pricePerUnit === b.pricePerUnit ? a.id.localeCompare(b.id) : a.pricePerUnit > b.pricePerUnit ? -1 : 1));
  return { ranked, excluded };
}

/** Offer times are u32 on chain, like deadlines: `rampStart + rampDuration` must stay below this. */
export const OFFER_TIME_LIMIT = 1n << 32n;
/** The most replicas a task may ask for (DESIGN §5.2). */
export const MAX_REPLICAS = 3;

/** Parameters of {@link checkCreateOffer}. */
export interface CheckCreateOfferParameters {
  readonly offer: OfferTermsParameters;
  /** The task's reward: the offer's maximum, what the escrow takes. */
  readonly reward: bigint;
  readonly deadline: bigint;
  /** The chain's clock (unix seconds). */
  readonly now: bigint;
}

/**
 * The checks `createTask` makes on offer terms, in the order every chain makes them (CONVENTIONS "Offers and
 * replicas"), so an adapter refuses bad terms before sending with the error the chain would give:
 * `MarketplaceZeroReward`, `MarketplaceInvalidOffer`, `MarketplaceInvalidLockDeadline`, `MarketplaceInvalidReplicas`
 * (`MarketplaceInvalidOffer` too for a field that is not a u64). Returns the terms with `replicas` filled in.
 *
 * @example
 * ```ts
 * const terms = checkCreateOffer({ offer: { minReward: 10n * CAL, rampStart: now, rampDuration: 600n, lockDeadline: now + 1800n }, reward: 30n * CAL, deadline: now + 3600n, now });
 * ```
 */
export function checkCreateOffer(parameters: CheckCreateOfferParameters): Required<OfferTermsParameters> {
  const { offer, reward, deadline, now } = objectInput<CheckCreateOfferParameters>("parameters", parameters);
  objectInput("offer", offer);
  bigintInput("reward", reward, { min: 0n, max: OFFER_U64_MAX }, "InvalidAmount");
  bigintInput("deadline", deadline, { min: 0n, max: OFFER_U64_MAX });
  bigintInput("now", now, { min: 0n, max: OFFER_U64_MAX });
  const replicas = offer.replicas ?? 0;
  for (const [name, v] of [
    ["minReward", offer.minReward],
    ["rampStart", offer.rampStart],
    ["rampDuration", offer.rampDuration],
    ["lockDeadline", offer.lockDeadline],
  ] as const) {
    bigintInput(name, v, { min: 0n, max: OFFER_U64_MAX }, "MarketplaceInvalidOffer");
  }
  if (offer.minReward === 0n) throw new CalctraError("MarketplaceZeroReward", { minReward: 0n });
  if (offer.minReward > reward || offer.rampStart + offer.rampDuration >= OFFER_TIME_LIMIT)
    throw new CalctraError("MarketplaceInvalidOffer", {
      minReward: offer.minReward,
      maxReward: reward,
      rampEnd: offer.rampStart + offer.rampDuration,
    });
  if (offer.lockDeadline < now || offer.lockDeadline > deadline)
    throw new CalctraError("MarketplaceInvalidLockDeadline", { lockDeadline: offer.lockDeadline, deadline, now_: now });
  if (!Number.isInteger(replicas) || replicas < 0 || replicas > MAX_REPLICAS)
    throw new CalctraError("MarketplaceInvalidReplicas", { replicas });
  return { ...offer, replicas };
}

/** Parameters of {@link quoteOffer}. */
export interface QuoteOfferParameters {
  readonly offer: TaskOffer;
  readonly status: TaskStatus;
  /** Slots taken: replicas accepted (a classic task: 1 while TON's lock is in flight, else 0). */
  readonly replicasTaken: number;
  /** Unix seconds the quote is for. */
  readonly at: bigint;
}

/**
 * A task's quote at `at`: the price accepting would lock, and whether accepting is possible then (Open, or a
 * replicated task Assigned with a free slot, not past `lockDeadline`). What every adapter's `quoteTask` answers.
 *
 * @example
 * ```ts
 * const q = quoteOffer({ offer: await market.getOffer({ taskId }), status: task.status, replicasTaken: 1, at: now });
 * ```
 */
export function quoteOffer(parameters: QuoteOfferParameters): QuoteTaskReturnType {
  const { offer, status, replicasTaken, at } = objectInput<QuoteOfferParameters>("parameters", parameters);
  objectInput("offer", offer);
  integerInput("status", status, { min: 0, max: 7 });
  integerInput("replicasTaken", replicasTaken, { min: 0 });
  integerInput("offer.replicas", offer.replicas, { min: 0, max: MAX_REPLICAS }, "MarketplaceInvalidReplicas");
  bigintInput("offer.lockDeadline", offer.lockDeadline, { min: 0n, max: OFFER_U64_MAX });
  const price = offerPrice(
    { minReward: offer.minReward, maxReward: offer.maxReward, rampStart: offer.rampStart, rampDuration: offer.rampDuration },
    at,
  );
  const open =
    status === TaskStatusValues.Open
      ? replicasTaken < Math.max(offer.replicas, 1)
      : offer.replicas > 0 && status === TaskStatusValues.Assigned && replicasTaken < offer.replicas;
  return { price, at, acceptable: open && at <= offer.lockDeadline, lockDeadline: offer.lockDeadline };
}
