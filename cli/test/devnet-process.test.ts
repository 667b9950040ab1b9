import { expect } from "chai";
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { createPublicClient, erc20Abi, http, type Address } from "viem";
import { CAL } from "@calctra/core";
import { parseEvmDeployment } from "@calctra/sdk/evm";
import type { DevnetAccount, DevnetEndpoints, DevnetFiles } from "@calctra/devnet/devnet";

const run = promisify(execFile);
const tsx = ["--no-warnings", "--import", "tsx", "cli/src/index.ts"];

/** `calctra …` as its own process, with `env` added. */
async function calctra(env: Record<string, string>, ...args: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, [...tsx, ...args], { env: { ...process.env, ...env } });
  return stdout;
}

describe("calctra devnet as a process (what npm run devnet starts)", function () {
  this.timeout(900_000);
  let child: ChildProcess;
  let output = "";
  let directory: string;
  let info: { endpoints: DevnetEndpoints; files: DevnetFiles; accounts: DevnetAccount[] };

  before(async () => {
    directory = mkdtempSync(join(tmpdir(), "calctra-devnet-process-"));
    const ports = ["--home-port", "0", "--spoke-port", "0", "--solana-port", "0", "--ton-port", "0"];
    child = spawn(process.execPath, [...tsx, "devnet", ...ports, "--out", directory, "--accounts", "alice", "--bridge", "--json"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    info = await new Promise((resolve, reject) => {
      child.stdout!.on("data", (d: Buffer) => {
        output += d.toString();
        try {
          resolve(JSON.parse(output) as typeof info);
        } catch {
          // the JSON is not complete yet
        }
      });
      child.stderr!.on("data", (d: Buffer) => {
        output += d.toString();
      });
      child.once("exit", (code) => reject(new Error(`calctra devnet exited with ${code}: ${output}`)));
    });
  });
  after(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await exited;
    }
    rmSync(directory, { recursive: true, force: true });
  });

  it("serves every chain to other processes: calctra token balance on each with --rpc and --deployment", async () => {
    const [alice] = info.accounts as [DevnetAccount];
    const { endpoints: e, files: f } = info;
    const balances = await Promise.all([
      calctra({ CALCTRA_PRIVATE_KEY: alice.evm.privateKey }, "token", "balance", "--rpc", e.home, "--deployment", f.home),
      calctra({ CALCTRA_PRIVATE_KEY: alice.evm.privateKey }, "token", "balance", "--rpc", e.spoke, "--deployment", f.spoke),
      calctra(
        { CALCTRA_SOLANA_KEYPAIR: alice.solana.keypairFile },
        "token",
        "balance",
        "--chain",
        "solana",
        "--rpc",
        e.solana,
        "--deployment",
        f.solana,
      ),
      calctra(
        { CALCTRA_TON_MNEMONIC: alice.ton.mnemonic.join(" ") },
        "token",
        "balance",
        "--chain",
        "ton",
        "--rpc",
        e.ton,
        "--deployment",
        f.ton,
      ),
    ]);
    expect(balances).to.deep.equal(["10000 CAL\n", "1000 CAL\n", "1000 CAL\n", "1000 CAL\n"]);
  });

  it("relays by itself with --bridge: CAL sent from the home with calctra bridge transfer arrives on the spoke", async () => {
    const [alice] = info.accounts as [DevnetAccount];
    const { chains } = JSON.parse(readFileSync(info.files.devnet, "utf8")) as { chains: { home: { vault: Address } } };
    const sent = await calctra(
      { CALCTRA_PRIVATE_KEY: alice.evm.privateKey },
      "bridge",
      "transfer",
      "--rpc",
      info.endpoints.home,
      "--bridge",
      chains.home.vault,
      "--to-domain",
      "31338",
      "--recipient",
      alice.evm.address,
      "--amount",
      "7",
    );
    expect(sent).to.match(/^sent: message 0x[0-9a-f]{64}/);
    const spoke = createPublicClient({ transport: http(info.endpoints.spoke) });
    const { contracts } = parseEvmDeployment(JSON.parse(readFileSync(info.files.spoke, "utf8")));
    const balanceOf = () =>
      spoke.readContract({ address: contracts.CalToken, abi: erc20Abi, functionName: "balanceOf", args: [alice.evm.address] });
    // no one relays here: the devnet's validators and relayer deliver it (the test's timeout bounds the wait)
    let balance = await balanceOf();
    while (balance !== 1_007n * CAL) {
      await new Promise((r) => setTimeout(r, 250));
      balance = await balanceOf();
    }
    expect(balance).to.equal(1_007n * CAL);
  });

  it("relays from TON too: calctra bridge transfer --chain ton over the toncenter API arrives on the home", async () => {
    const [alice] = info.accounts as [DevnetAccount];
    const sent = await calctra(
      { CALCTRA_TON_MNEMONIC: alice.ton.mnemonic.join(" ") },
      ...["bridge", "transfer", "--chain", "ton", "--rpc", info.endpoints.ton, "--deployment", info.files.ton],
      ...["--to-domain", "31337", "--recipient", alice.evm.address, "--amount", "3"],
    );
    expect(sent).to.match(/^sent: message 0x[0-9a-f]{64}/);
    const home = createPublicClient({ transport: http(info.endpoints.home) });
    const { contracts } = parseEvmDeployment(JSON.parse(readFileSync(info.files.home, "utf8")));
    const balanceOf = () =>
      home.readContract({ address: contracts.CalToken, abi: erc20Abi, functionName: "balanceOf", args: [alice.evm.address] });
    // 10,000 CAL, less the 7 sent to the spoke, plus these 3 once the devnet's relayer has delivered them
    let balance = await balanceOf();
    while (balance !== 9_996n * CAL) {
      await new Promise((r) => setTimeout(r, 250));
      balance = await balanceOf();
    }
    expect(balance).to.equal(9_996n * CAL);
  });

  it("stops cleanly on SIGINT", async () => {
    const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
    child.kill("SIGINT");
    expect(await exited).to.equal(0);
    expect(output).to.include("devnet stopped");
  });
});
