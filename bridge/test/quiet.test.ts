import { expect } from "chai";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const repo = fileURLToPath(new URL("../../", import.meta.url));

describe("bridge services start quietly", function () {
  this.timeout(60_000);

  it("opens the SQLite store without Node's ExperimentalWarning, and other warnings still show", () => {
    const script = [
      'const { SqliteRelayStore } = await import("./bridge/src/store.ts");',
      'new SqliteRelayStore(":memory:");',
      'process.emitWarning("a warning of its own", "CalctraTestWarning");',
      "await new Promise((r) => setTimeout(r, 50));",
    ].join("\n");
    const r = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
      cwd: repo,
      encoding: "utf8",
      env: { ...process.env, NODE_OPTIONS: "--conditions=calctra-source" },
    });
    expect(r.status, r.stderr).to.equal(0);
    expect(r.stderr).to.not.contain("ExperimentalWarning");
    expect(r.stderr).to.contain("CalctraTestWarning: a warning of its own");
  });
});
