import { expect } from "chai";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runDemo } from "../src/demo.js";

describe("npm run demo (the end-to-end story on embedded chains)", function () {
  this.timeout(600_000);
  it("runs every step, checks payout and slash against the SDK's arithmetic and writes a report", async () => {
    const dir = mkdtempSync(join(tmpdir(), "calctra-demo-"));
    const steps = await runDemo({ reportPath: join(dir, "demo.md") });
    const names = steps.map((s) => s.step);
    expect(names).to.include("provider submits result + proof: verified on chain, paid out");
    expect(names).to.include("anyone expires task 2: refund + slash");
    expect(steps.find((s) => s.step.startsWith("two agents find, rank and accept"))?.detail).to.match(/^6 tasks completed/);
    expect(steps.find((s) => s.step === "read back the governed parameter")!.detail).to.match(/^challengePeriod = 7200 s/);
    const payouts = steps.filter((s) => s.step.startsWith("payout split"));
    expect(payouts.map((s) => s.chain)).to.deep.equal(["evm", "ton", "solana"]);
    for (const p of payouts) expect(p.detail).to.equal("provider 80 CAL / treasury 15 CAL / creator 5 CAL (80/15/5)");
    expect(steps.filter((s) => s.step.startsWith("slash checked")).map((s) => s.chain)).to.deep.equal(["evm", "ton", "solana"]);
    for (const checked of ["offer settlement checked", "replica settlement checked"])
      expect(
        steps.filter((s) => s.step.startsWith(checked)).map((s) => s.chain),
        checked,
      ).to.deep.equal(["evm", "ton", "solana"]);
    expect(steps.find((s) => s.chain === "ton" && s.step.startsWith("replica settlement checked"))!.detail).to.match(
      /^providers 1 and 2 8 CAL each; provider 3 slashed 10 CAL; user gets 15 CAL back$/,
    );
    expect(steps.filter((s) => s.chain === "bridge").length).to.be.greaterThan(5);
    expect(steps.filter((s) => s.chain === "bridge" && /delivered/.test(s.detail)).length).to.be.greaterThanOrEqual(4);
    const report = readFileSync(join(dir, "demo.md"), "utf8");
    expect(report).to.contain("# Calctra demo report");
    expect(JSON.parse(readFileSync(join(dir, "demo.json"), "utf8")).steps).to.have.length(steps.length);
  });
});
