/** Helpers shared by the tests of every package: a recording demo `step()` and an expectation on CalctraError names. */
import { expect } from "chai";
import { CalctraError } from "@calctra/core";

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
