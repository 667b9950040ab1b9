import { expect } from "chai";
import { chmodSync, cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import pg from "pg";
import { postgresBinDir, reachableByOthers, startPgServer } from "@calctra/devnet/pg";

describe("PostgreSQL for the tests from a clone only root can enter (mode 0700, as under /root)", function () {
  this.timeout(120_000);

  it("tells a folder others can reach from one they cannot", () => {
    const open = mkdtempSync(join(tmpdir(), "calctra-open-"));
    const closed = mkdtempSync(join(tmpdir(), "calctra-closed-"));
    chmodSync(open, 0o755);
    chmodSync(closed, 0o700);
    try {
      expect(reachableByOthers(open)).to.equal(true);
      expect(reachableByOthers(join(closed))).to.equal(false);
    } finally {
      rmSync(open, { recursive: true, force: true });
      rmSync(closed, { recursive: true, force: true });
    }
  });

  it("starts the server as nobody when root runs it from binaries inside a 0700 folder", async function () {
    if (process.getuid?.() !== 0) this.skip(); // the server only drops to nobody when run as root
    const installed = dirname(postgresBinDir());
    const home = mkdtempSync(join(tmpdir(), "calctra-root-home-"));
    chmodSync(home, 0o700);
    cpSync(installed, join(home, "pg"), { recursive: true, verbatimSymlinks: true });
    const before = process.env.CALCTRA_PG_BIN;
    process.env.CALCTRA_PG_BIN = join(home, "pg", "bin");
    try {
      expect(reachableByOthers(process.env.CALCTRA_PG_BIN)).to.equal(false);
      const server = await startPgServer();
      try {
        const client = new pg.Client({ connectionString: server.url() });
        await client.connect();
        const r = await client.query("SELECT 41 + 1 AS answer");
        await client.end();
        expect(r.rows[0].answer).to.equal(42);
      } finally {
        await server.stop();
      }
    } finally {
      if (before === undefined) delete process.env.CALCTRA_PG_BIN;
      else process.env.CALCTRA_PG_BIN = before;
      rmSync(home, { recursive: true, force: true });
    }
  });
});
