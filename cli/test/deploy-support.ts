/**
 * What the deploy tests share: `hardhat node` processes of the project's Hardhat on random free ports of 127.0.0.1
 * (stopped and restarted like an operator's node), and the CLI run as a process with stdin closed (no TTY).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createPublicClient, http, type Address, type PublicClient } from "viem";

export const repo = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const hardhatCli = join(repo, "node_modules/hardhat/dist/src/cli.js");

/** A free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  server.close();
  await once(server, "close");
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
}

/** A `hardhat node` process that can be restarted on the same port (a new chain with the same chain id). */
export class HardhatNode {
  #process: ChildProcess | undefined;
  constructor(
    readonly port: number,
    readonly chainId: number,
  ) {}
  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }
  client(): PublicClient {
    return createPublicClient({ transport: http(this.url) }) as PublicClient;
  }
  async start(): Promise<void> {
    const node = spawn(
      process.execPath,
      [hardhatCli, "node", "--port", String(this.port), "--hostname", "127.0.0.1", "--chain-id", String(this.chainId)],
      { cwd: repo, stdio: "ignore" },
    );
    this.#process = node;
    for (;;) {
      if (node.exitCode !== null) throw new Error(`hardhat node exited with ${node.exitCode}`);
      try {
        if ((await this.client().getChainId()) === this.chainId) return;
      } catch {
        // not listening yet
      }
      await new Promise((ok) => setTimeout(ok, 200));
    }
  }
  async stop(): Promise<void> {
    const node = this.#process;
    this.#process = undefined;
    if (!node || node.exitCode !== null) return;
    const exited = once(node, "exit");
    node.kill("SIGTERM");
    await exited;
  }
  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }
}

/** Starts a node with a given chain id on a free port. */
export async function startNode(chainId: number): Promise<HardhatNode> {
  const node = new HardhatNode(await freePort(), chainId);
  await node.start();
  return node;
}

/** What a CLI process printed and how it ended. */
export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `calctra <args>` as a process of the test's Node, with stdin closed (no TTY: a prompt would read end-of-file),
 * from the repository root. `env` is added to a copy of the environment without `CALCTRA_PRIVATE_KEY` or
 * `CALCTRA_RPC_URL` unless given.
 */
export async function calctra(args: readonly string[], env: Record<string, string> = {}): Promise<CliRun> {
  const base = { ...process.env };
  delete base.CALCTRA_PRIVATE_KEY;
  delete base.CALCTRA_RPC_URL;
  const child = spawn(process.execPath, ["--import", "tsx", join(repo, "cli/src/index.ts"), ...args], {
    cwd: repo,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...base, ...env },
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => {
    stdout += d.toString();
  });
  child.stderr.on("data", (d: Buffer) => {
    stderr += d.toString();
  });
  const [code] = (await once(child, "exit")) as [number | null];
  return { code, stdout, stderr };
}

/**
 * Runs the project's Hardhat CLI (e.g. `ignition deploy …`) as a process with stdin closed, from the repository root.
 */
export async function hardhat(args: readonly string[], env: Record<string, string> = {}): Promise<CliRun> {
  const base = { ...process.env };
  delete base.CALCTRA_PRIVATE_KEY;
  delete base.CALCTRA_RPC_URL;
  const child = spawn(process.execPath, [hardhatCli, ...args], { cwd: repo, stdio: ["ignore", "pipe", "pipe"], env: { ...base, ...env } });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => {
    stdout += d.toString();
  });
  child.stderr.on("data", (d: Buffer) => {
    stderr += d.toString();
  });
  const [code] = (await once(child, "exit")) as [number | null];
  return { code, stdout, stderr };
}

/** A temporary folder for deployment and networks files, removed by `cleanup`. */
export function scratch(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), "calctra-deploy-"));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Removes Ignition journals a test created (unique deployment ids, so the repository's own are never touched). */
export function removeJournal(deploymentId: string): void {
  rmSync(join(repo, "contracts-evm/ignition/deployments", deploymentId), { recursive: true, force: true });
}

/** The addresses among `addresses` that hold no code on `client`. */
export async function withoutCode(client: PublicClient, addresses: readonly Address[]): Promise<Address[]> {
  const codes = await Promise.all(addresses.map((address) => client.getCode({ address })));
  return addresses.filter((_, i) => !codes[i] || codes[i] === "0x");
}
