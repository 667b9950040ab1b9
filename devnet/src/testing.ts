/**
 * Helpers shared by the tests of every package: a recording demo `step()`, an expectation on CalctraError names, and
 * relayer destinations whose deliveries are intercepted or counted.
 */
import { expect } from "chai";
import type { Hex } from "viem";
import { CalctraError } from "@calctra/core";
import type { DeliveryResult, DestinationChain, SignedMessage } from "@calctra/sdk/bridge";

/** Expects `promise` to reject with a CalctraError of that name (and chain, when given); returns the error. */
export async function expectCalctra(promise: Promise<unknown>, name: string, chain?: CalctraError["chain"]): Promise<CalctraError> {
  try {
    await promise;
  } catch (e) {
    expect(e, String(e)).to.be.instanceOf(CalctraError);
    const err = e as CalctraError;
    expect(err.name).to.equal(name);
    if (chain) expect(err.chain).to.equal(chain);
    return err;
  }
  throw new Error(`expected ${name}, but the call succeeded`);
}

/** A story step runner (the demo's `step()`): runs `run`, reports it (with `cost` when the result carries one) and returns its result. */
export type DemoStepFunction = <T>(chain: string, name: string, run: () => Promise<T>, detail: (r: T) => string) => Promise<T>;

/** One recorded step: its chain, name, detail line and cost (when the step's result carries one). */
export interface RecordedStep {
  readonly chain: string;
  readonly step: string;
  readonly detail: string;
  readonly cost?: bigint;
}

/** A `step()` that runs, records (with `cost` when the result has a bigint one) and returns, plus what it recorded. */
export function recordingStep(): { readonly step: DemoStepFunction; readonly steps: RecordedStep[] } {
  const steps: RecordedStep[] = [];
  const step: DemoStepFunction = async (chain, name, run, detail) => {
    const r = await run();
    const cost = r !== null && typeof r === "object" && "cost" in r && typeof r.cost === "bigint" ? r.cost : undefined;
    steps.push({ chain, step: name, detail: detail(r), ...(cost !== undefined ? { cost } : {}) });
    return r;
  };
  return { step, steps };
}

/**
 * `destination` with its `deliver` replaced by `deliver(batch, destination)`: to count, slow down, crash or fail
 * submissions while validator-set and delivery reads stay the real ones.
 *
 * @example
 * ```ts
 * const slow = interceptDelivery(dst, async (batch, real) => { await sleep(6000); return real.deliver(batch); });
 * ```
 */
export function interceptDelivery(
  destination: DestinationChain,
  deliver: (batch: readonly SignedMessage[], real: DestinationChain) => Promise<DeliveryResult>,
): DestinationChain {
  return {
    domain: destination.domain,
    bridge: destination.bridge,
    maxBatch: destination.maxBatch,
    validatorSet: () => destination.validatorSet(),
    isDelivered: (messageId, message) => destination.isDelivered(messageId, message),
    deliver: (batch) => deliver(batch, destination),
  };
}

/**
 * `destination` counting every message handed to `deliver` (one submission on the destination) in each of `counts`.
 *
 * @example
 * ```ts
 * const submissions = new Map<Hex, number>();
 * await world.startRelayer({ wrap: (d) => countingDelivery(d, submissions) });
 * ```
 */
export function countingDelivery(destination: DestinationChain, ...counts: Map<Hex, number>[]): DestinationChain {
  return interceptDelivery(destination, (batch, real) => {
    for (const m of batch) for (const c of counts) c.set(m.messageId, (c.get(m.messageId) ?? 0) + 1);
    return real.deliver(batch);
  });
}
