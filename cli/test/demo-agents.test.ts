import { expect } from "chai";
import { recordingStep } from "@calctra/devnet/testing";
import { runAgentRound } from "../src/demo-agents.js";

describe("autonomous round of the demo (two provider agents on EVM, Solana and TON, no scripted provider step, challenges answered)", function () {
  this.timeout(900_000);
  it("completes a proved and a two-replica dense-inference task on each chain, and the user checks every delivered output", async () => {
    const { step, steps } = recordingStep();
    const { tasks, powerPassed } = await runAgentRound({ step });
    // Agent 1 answered the compute validator's challenge on every chain, by itself (proof of computational power).
    expect(powerPassed).to.deep.equal({ evm: 1n, solana: 1n, ton: 1n });
    expect(tasks.map((t) => `${t.chain} ${t.kind} ${t.status} ${t.providers} ${t.outputChecked}`)).to.deep.equal([
      "evm proved Completed 1 true",
      "evm 2 replicas Completed 2 true",
      "solana proved Completed 1 true",
      "solana 2 replicas Completed 2 true",
      "ton proved Completed 1 true",
      "ton 2 replicas Completed 2 true",
    ]);
    const records = steps.filter((s) => s.step.endsWith("'s records")).map((s) => s.detail);
    expect(records).to.have.length(2);
    // Both agents worked and were paid on every chain.
    for (const r of records)
      expect(r).to.match(/^[1-9]\d* done.*earned .* CAL on (evm|solana|ton), .* CAL on (evm|solana|ton), .* CAL on (evm|solana|ton)$/);
  });
});
