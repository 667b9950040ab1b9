import { expect } from "chai";
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { readFileSync, rmSync, writeFileSync, copyFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { createPublicClient, createWalletClient, decodeFunctionData, http } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { hardhat } from "viem/chains";
import { marketplaceAbi } from "@calctra/sdk/evm";
import { consumerEnv, freePort, outsideTheRepo, pack, PUBLISHED, repo, rootVersion, type PackedPackage } from "./pack.js";

/** Polls `eth_chainId` until the node answers. */
async function waitForNode(url: string, node: ChildProcess): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (node.exitCode !== null) throw new Error(`hardhat node exited with ${node.exitCode}`);
    try {
      const r = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }),
      });
      if (r.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((ok) => setTimeout(ok, 200));
  }
  throw new Error("hardhat node did not answer within 120 s");
}

describe("@calctra/core and @calctra/sdk installed from their tarballs by a project outside the repo", function () {
  this.timeout(900_000);
  let packs: PackedPackage[];
  let project: string;
  let node: ChildProcess;
  let rpcUrl: string;
  let deploymentId: string;
  let tarballs: string;

  before(async () => {
    tarballs = outsideTheRepo("calctra-tarballs-");
    packs = PUBLISHED.map((w) => pack(w, tarballs));
    project = outsideTheRepo("calctra-consumer-");
    writeFileSync(join(project, "package.json"), `${JSON.stringify({ name: "a-dapp", private: true, type: "module" }, null, 2)}\n`);
    // What a dApp does: install the tarballs (their dependencies come from the registry) and viem for its own clients.
    execFileSync(
      "npm",
      ["install", "--no-audit", "--no-fund", "--loglevel=error", ...packs.map((p) => p.tarball), `viem@${rootVersion("viem")}`],
      {
        cwd: project,
        env: consumerEnv(),
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    const port = await freePort();
    rpcUrl = `http://127.0.0.1:${port}`;
    // its own process group, so that stopping it stops npx and the node under it
    node = spawn("npx", ["hardhat", "node", "--port", String(port), "--hostname", "127.0.0.1"], {
      cwd: repo,
      stdio: "ignore",
      detached: true,
    });
    await waitForNode(rpcUrl, node);
    deploymentId = `consumer-test-${port}-${Date.now()}`;
    execFileSync("npx", ["hardhat", "run", "contracts-evm/scripts/deploy.ts", "--network", "rpc"], {
      cwd: repo,
      stdio: ["ignore", "pipe", "pipe"],
      env: {
        ...process.env,
        CALCTRA_RPC_URL: rpcUrl,
        CALCTRA_DEPLOYMENT_ID: deploymentId,
        CALCTRA_DEPLOYMENT_FILE: join(project, "deployment.json"),
      },
    });
  });

  after(() => {
    if (node?.pid !== undefined && node.exitCode === null) process.kill(-node.pid, "SIGTERM");
    if (deploymentId) rmSync(join(repo, "contracts-evm/ignition/deployments", deploymentId), { recursive: true, force: true });
    if (project) rmSync(project, { recursive: true, force: true });
    if (tarballs) rmSync(tarballs, { recursive: true, force: true });
    if (packs?.length) {
      const kb = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
      const rows = packs.map((p) => `| \`${p.name}\` | ${kb(p.size)} | ${kb(p.unpackedSize)} | ${p.files.length} |`).join("\n");
      writeFileSync(
        join(repo, "reports/package-sizes.md"),
        `# Packed package sizes\n\nWritten by \`test/package/consumer.test.ts\` (\`npm run test:package\`) from \`npm pack\` of the built packages.\n\n| package | tarball | unpacked | files |\n|---|---:|---:|---:|\n${rows}\n`,
      );
    }
  });

  it("packs built ESM with declarations, declaration maps and source maps, and no tests or TypeScript sources", () => {
    for (const p of packs) {
      const shipped = p.files.filter((f) => f !== "package.json" && !/^readme/i.test(f) && !/^license/i.test(f));
      expect(shipped.length, p.name).to.be.greaterThan(10);
      expect(
        shipped.filter((f) => !f.startsWith("dist/")),
        p.name,
      ).to.deep.equal([]);
      expect(
        shipped.filter((f) => /(^|\/)(test|tests|src|scripts|examples)\//.test(f) || /\.test\./.test(f)),
        p.name,
      ).to.deep.equal([]);
      expect(
        shipped.filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts")),
        p.name,
      ).to.deep.equal([]);
      for (const ext of [".js", ".d.ts", ".d.ts.map", ".js.map"])
        expect(
          shipped.some((f) => f.endsWith(ext)),
          `${p.name} ${ext}`,
        ).to.equal(true);
      const manifest = JSON.parse(readFileSync(join(project, "node_modules", p.name, "package.json"), "utf8")) as {
        exports: Record<string, { types: string; import: string }>;
        sideEffects: boolean;
      };
      expect(manifest.sideEffects).to.equal(false);
      for (const [sub, target] of Object.entries(manifest.exports)) {
        for (const file of [target.types, target.import])
          expect(existsSync(join(project, "node_modules", p.name, file)), `${p.name} ${sub} ${file}`).to.equal(true);
      }
    }
  });

  it("runs a plain .mjs script against a hardhat node: stakes a provider, creates a task, reads its typed status, prepares a cancelTask without sending it", async () => {
    copyFileSync(join(repo, "test/package/consumer.mjs"), join(project, "consumer.mjs"));
    const out = execFileSync(process.execPath, ["consumer.mjs", rpcUrl, "deployment.json"], {
      cwd: project,
      env: consumerEnv(),
      encoding: "utf8",
    });
    const seen = JSON.parse(out.trim().split("\n").at(-1)!) as {
      staked: string;
      registered: boolean;
      taskId: string;
      statusName: string;
      isOpen: boolean;
      reward: string;
      userNonce: number;
      prepared: { to: string; data: `0x${string}`; value?: string };
    };
    expect(seen.registered).to.equal(true);
    expect(seen.staked).to.equal(String(200n * 10n ** 9n));
    expect(seen.statusName).to.equal("Open");
    expect(seen.isOpen).to.equal(true);
    expect(seen.reward).to.equal(String(100n * 10n ** 9n));
    const deployment = JSON.parse(readFileSync(join(project, "deployment.json"), "utf8")) as { contracts: { Marketplace: `0x${string}` } };
    expect(seen.prepared.to.toLowerCase()).to.equal(deployment.contracts.Marketplace.toLowerCase());
    const call = decodeFunctionData({ abi: marketplaceAbi, data: seen.prepared.data });
    expect(call.functionName).to.equal("cancelTask");
    expect(call.args).to.deep.equal([BigInt(seen.taskId)]);
    // Prepared, not sent: the user's nonce did not move and the task is still open; sent as is, it cancels the task.
    const publicClient = createPublicClient({ chain: hardhat, transport: http(rpcUrl) });
    const user = createWalletClient({
      chain: hardhat,
      transport: http(rpcUrl),
      account: privateKeyToAccount("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d"),
    });
    expect(await publicClient.getTransactionCount({ address: user.account.address })).to.equal(seen.userNonce);
    const getTask = () =>
      publicClient.readContract({
        address: deployment.contracts.Marketplace,
        abi: marketplaceAbi,
        functionName: "getTask",
        args: [BigInt(seen.taskId)],
      });
    const before = (await getTask()) as { status: number };
    const hash = await user.sendTransaction({
      to: seen.prepared.to as `0x${string}`,
      data: seen.prepared.data,
      value: BigInt(seen.prepared.value ?? 0),
    });
    expect((await publicClient.waitForTransactionReceipt({ hash })).status).to.equal("success");
    const after = (await getTask()) as { status: number };
    expect(after.status).to.not.equal(before.status);
  });

  for (const resolution of ["bundler", "node16"] as const) {
    it(`type-checks a consumer .ts file against the packed declarations (moduleResolution ${resolution})`, () => {
      copyFileSync(join(repo, "test/package/consumer-types.ts"), join(project, "consumer-types.ts"));
      const module = resolution === "bundler" ? "esnext" : "node16";
      const config = {
        compilerOptions: {
          module,
          moduleResolution: resolution,
          target: "es2022",
          lib: ["es2023", "dom"],
          strict: true,
          noEmit: true,
          types: [],
          skipLibCheck: false,
        },
        files: ["consumer-types.ts"],
      };
      writeFileSync(join(project, `tsconfig.${resolution}.json`), JSON.stringify(config));
      const tsc = join(repo, "node_modules/typescript/bin/tsc");
      try {
        execFileSync(process.execPath, [tsc, "-p", `tsconfig.${resolution}.json`], { cwd: project, env: consumerEnv(), encoding: "utf8" });
      } catch (e) {
        const err = e as { stdout?: string; stderr?: string };
        throw new Error(`tsc (${resolution}) failed:\n${err.stdout ?? ""}${err.stderr ?? ""}`);
      }
    });
  }
});
