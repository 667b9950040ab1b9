/**
 * The README's "Running the bridge services" walkthrough, run as written: its shell blocks (all but the once-per-clone
 * set-up, which the suite's build already did) in one bash, with two `hardhat node` processes, three validator
 * processes and one relayer process from bridge/examples/, `calctra bridge transfer` and `calctra bridge status` until
 * delivered. Only the fixed ports (and the /tmp paths) are swapped for free ones, in the commands and in copies of the
 * example configs, so that the test never collides with anything else on the machine.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { serviceEnv, tmp } from "./service-harness.js";

/** The shell blocks of the README's operator section. */
function walkthroughBlocks(): string[] {
  const readme = readFileSync("README.md", "utf8");
  const start = readme.indexOf("\n## Running the bridge services\n");
  assert.ok(start >= 0, "README has a 'Running the bridge services' section");
  const next = readme.indexOf("\n## ", start + 1);
  const section = readme.slice(start, next < 0 ? undefined : next);
  return [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!);
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

describe("README walkthrough: running the bridge services", () => {
  it("two hardhat nodes, three validators and a relayer from bridge/examples deliver a transfer that bridge status shows delivered", async function () {
    this.timeout(600_000);
    const blocks = walkthroughBlocks();
    assert.equal(blocks.length, 2, "one set-up block and one walkthrough block");
    assert.match(blocks[0]!, /^# Set-up \(once per clone\)/);
    const ports = new Map<string, string>();
    for (const p of ["18645", "18646", "18701", "18702", "18703", "18710"]) ports.set(p, String(await freePort()));
    const remap = (text: string) =>
      text.replace(/\b(18645|18646|18701|18702|18703|18710)\b/g, (p) => ports.get(p)!).replaceAll("/tmp/calctra-", join(tmp, "calctra-"));
    const examples = readdirSync("bridge/examples").filter((f) => f.endsWith(".json"));
    assert.deepEqual(examples.sort(), ["relayer.json", "validator-1.json", "validator-2.json", "validator-3.json"]);
    for (const f of examples) writeFileSync(join(tmp, f), remap(readFileSync(join("bridge/examples", f), "utf8")));
    const script = remap(blocks[1]!).replace(/bridge\/examples\/((validator-\d|relayer)\.json)/g, (_, f: string) => join(tmp, f));
    assert.ok(!/\b1864[56]\b|\b187(01|02|03|10)\b/.test(script), "every fixed port was swapped");

    const child = spawn("bash", ["-euo", "pipefail", "-c", script], {
      env: serviceEnv({}),
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    let out = "";
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
    });
    child.stderr.on("data", (d: Buffer) => {
      out += d.toString();
    });
    let code: number | null;
    try {
      code = await new Promise<number | null>((resolve) => child.once("exit", (c) => resolve(c)));
    } finally {
      try {
        process.kill(-child.pid!, "SIGKILL"); // anything the walkthrough left behind after a failure
      } catch {
        // the group is gone: the walkthrough stopped everything itself
      }
    }
    const logs = ["relayer", "validator-1", "validator-2", "validator-3"].map((n) => readFileSync(join(tmp, `calctra-${n}.log`), "utf8"));
    assert.equal(code, 0, `${out}\n${logs.join("\n")}`);
    const lines = out.trim().split("\n");
    assert.equal(lines.at(-1), "delivered", out);
    const health = JSON.parse(lines.at(-2)!) as { ok: boolean; counts: Record<string, number> };
    assert.equal(health.ok, true);
    assert.deepEqual(health.counts, { delivered: 1 });
    assert.match(logs[0]!, /"msg":"delivered"/);
    for (const log of logs) assert.match(log, /"msg":"stopped"/, "each service stopped on SIGTERM");
  });
});
