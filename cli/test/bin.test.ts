import { expect } from "chai";
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const repo = resolve(import.meta.dirname, "../..");

/** A process environment without the repo's source condition or npm's workspace settings, as a user's shell has. */
function userEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env = { ...process.env, ...extra };
  delete env.NODE_OPTIONS;
  for (const k of Object.keys(env)) if (k.startsWith("npm_")) delete env[k];
  return env;
}

describe("the calctra bin (inside the repo with npx, and installed globally from the packed CLI)", function () {
  this.timeout(600_000);

  it("prints the help with npx calctra --help inside the repository", () => {
    const r = spawnSync("npx", ["--no-install", "calctra", "--help"], { cwd: repo, env: userEnv(), encoding: "utf8" });
    expect(r.stderr).to.equal("");
    expect(r.status).to.equal(0);
    expect(r.stdout).to.match(/^Usage: calctra \[options\] \[command\]/);
    for (const group of ["task", "provider", "token", "gov", "dev", "bridge", "demo"])
      expect(r.stdout).to.match(new RegExp(`\\n  ${group} `));
  });

  describe("after npm pack of the CLI (with core and sdk) and npm i -g into a temporary prefix", () => {
    const dir = mkdtempSync(join(tmpdir(), "calctra-bin-"));
    const prefix = join(dir, "prefix");
    const outside = mkdtempSync(join(tmpdir(), "calctra-user-"));
    const calctra = (...args: string[]) =>
      spawnSync(join(prefix, "bin", "calctra"), args, {
        cwd: outside,
        encoding: "utf8",
        env: userEnv({ CALCTRA_PRIVATE_KEY: `0x${"11".repeat(32)}` }),
      });

    before(() => {
      for (const w of ["core", "sdk"])
        if (!existsSync(join(repo, w, "dist", "index.js")) && !existsSync(join(repo, w, "dist", "evm", "index.js")))
          throw new Error(`${w}/dist is missing: run bash scripts/build.sh packages first`);
      const tarballs = ["core", "sdk", "cli"].map((w) => {
        const out = execFileSync("npm", ["pack", "--json", "--workspace", w, "--pack-destination", dir], {
          cwd: repo,
          encoding: "utf8",
          env: userEnv(),
        });
        const [info] = JSON.parse(out) as { filename: string }[];
        return join(dir, info!.filename);
      });
      // @calctra/bridge and @calctra/devnet are optional (the services and the demo): not published, so npm skips them
      execFileSync("npm", ["install", "--global", "--prefix", prefix, "--no-audit", "--no-fund", "--loglevel=error", ...tarballs], {
        cwd: outside,
        env: userEnv(),
        stdio: ["ignore", "ignore", "pipe"],
      });
    });

    after(() => {
      rmSync(dir, { recursive: true, force: true });
      rmSync(outside, { recursive: true, force: true });
    });

    it("runs calctra --help from outside the repository", () => {
      const r = calctra("--help");
      expect(r.status).to.equal(0);
      expect(r.stdout).to.match(/^Usage: calctra \[options\] \[command\]/);
      expect(r.stdout).to.contain("\n  token ");
    });

    it("shows the proposal builder's options in gov propose --help", () => {
      const r = calctra("gov", "propose", "--help");
      expect(r.status).to.equal(0);
      for (const option of [
        "--set-parameter",
        "--set-verifier",
        "--set-role",
        "--set-validators",
        "--remote-domain",
        "--pause",
        "--unpause",
      ])
        expect(r.stdout).to.contain(option);
    });

    it("prints a refusal as one error line and exits 1, without a stack", () => {
      const deployment = join(outside, "local.json");
      writeFileSync(
        deployment,
        JSON.stringify({
          network: "localhost",
          chainId: 31337,
          mode: "home",
          contracts: Object.fromEntries(
            ["CalToken", "CalTimelock", "CalGovernor", "Staking", "Marketplace"].map((n, i) => [n, `0x${String(i + 1).padStart(40, "0")}`]),
          ),
        }),
      );
      const r = calctra("token", "approve", "0x12", "1", "--deployment", deployment, "--rpc", "http://127.0.0.1:9");
      expect(r.status).to.equal(1);
      expect(r.stdout).to.equal("");
      expect(r.stderr).to.equal("\nerror: spender: expected a 0x-prefixed 20-byte address, got 0x12\n");
    });
  });
});
