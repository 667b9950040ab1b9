/** Shared by the demo-leg tests: a `step()` with demo.ts' shape that records what each step reported. */
import type { DemoStepFunction } from "../src/cli/demo-ton.js";

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
