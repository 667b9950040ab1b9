/** Helpers shared by the SDK tests: a recording demo `step()` and an expectation on CalctraError names. */
import { expect } from "chai";
import type { DemoStepFunction } from "../src/cli/demo-ton.js";
import { CalctraError } from "../src/core/index.js";

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
