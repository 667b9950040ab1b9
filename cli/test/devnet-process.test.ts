import { expect } from "chai";
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { createServer as createNetServer, type AddressInfo } from "node:net";
import { createPublicClient, erc20Abi, http, type Address } from "viem";
import { Connection, PublicKey } from "@solana/web3.js";
import { Address as TonAddress, beginCell } from "@ton/core";
import { TonClient } from "@ton/ton";
import { CAL, DOMAINS, formatCal } from "@calctra/core";
import { parseEvmDeployment } from "@calctra/sdk/evm";
import { parseSolanaDeployment, solanaUniversalAddress } from "@calctra/sdk/solana";
import { parseTonDeployment, tonUniversalAddress } from "@calctra/sdk/ton";
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

/** A free port p such that p + 1 … p + 3 are free too (for the relayer and the three validators). */
async function freePortRun(): Promise<number> {
  for (;;) {
    const servers = [createNetServer()];
    const base = await new Promise<number>((resolve) =>
      servers[0]!.listen(0, "127.0.0.1", () => resolve((servers[0]!.address() as AddressInfo).port)),
    );
    let free = base + 3 <= 65535;
    for (let i = 1; free && i <= 3; i++) {
      const s = createNetServer();
      free = await new Promise<boolean>((resolve) => {
        s.once("error", () => resolve(false));
        s.listen(base + i, "127.0.0.1", () => resolve(true));
      });
      servers.push(s);
    }
    await Promise.all(servers.map((s) => new Promise((r) => (s.listening ? s.close(r) : r(undefined)))));
    if (free) return base;
  }
}

/** Spawns `args` (node + tsx) and resolves once `ready` matches its output. */
function startProcess(args: string[], env: Record<string, string>, ready: RegExp) {
  const child = spawn(process.execPath, ["--no-warnings", "--import", "tsx", ...args], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  const started = new Promise<string>((resolve, reject) => {
    const seen = (d: Buffer) => {
      log += d.toString();
      if (ready.test(log)) resolve(log);
    };
    child.stdout!.on("data", seen);
    child.stderr!.on("data", seen);
    child.once("exit", (code) => reject(new Error(`${args.join(" ")} exited with ${code}: ${log}`)));
  });
  return { child, started };
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  await exited;
}

describe("calctra devnet with the bridge services run from the configs it writes", function () {
  this.timeout(900_000);
  const children: ChildProcess[] = [];
  let directory: string;
  let info: { endpoints: DevnetEndpoints; files: DevnetFiles; accounts: DevnetAccount[] };

  before(async () => {
    directory = mkdtempSync(join(tmpdir(), "calctra-devnet-services-"));
    const base = await freePortRun();
    const ports = ["--home-port", "0", "--spoke-port", "0", "--solana-port", "0", "--ton-port", "0", "--services-port", String(base)];
    const devnet = startProcess(["cli/src/index.ts", "devnet", ...ports, "--out", directory, "--accounts", "alice", "--json"], {}, /\n}\n/);
    children.push(devnet.child);
    const printed = await devnet.started;
    info = JSON.parse(printed.slice(printed.indexOf("{\n"))) as typeof info;
    // the relayer's Solana and TON keys, from the env file the devnet wrote (KEY='value' lines)
    const env = Object.fromEntries(
      readFileSync(info.files.relayerEnv, "utf8")
        .trim()
        .split("\n")
        .map((line) => {
          const [, key, value] = /^(\w+)='(.*)'$/.exec(line)!;
          return [key!, value!];
        }),
    );
    const services = [
      ...info.files.validators.map((f) => startProcess(["bridge/src/cli.ts", "validator", "--config", f], {}, /"msg":"listening"/)),
      startProcess(["bridge/src/cli.ts", "relayer", "--config", info.files.relayer], env, /"msg":"listening"/),
    ];
    children.push(...services.map((s) => s.child));
    await Promise.all(services.map((s) => s.started));
  });
  after(async () => {
    for (const child of children.reverse()) await stopProcess(child);
    rmSync(directory, { recursive: true, force: true });
  });

  it("delivers CAL sent from the home to the spoke, Solana and TON through the services over HTTP", async () => {
    const [alice] = info.accounts as [DevnetAccount];
    const { chains } = JSON.parse(readFileSync(info.files.devnet, "utf8")) as { chains: { home: { vault: Address } } };
    const solanaOwner = new PublicKey(alice.solana.address);
    const tonOwner = TonAddress.parse(alice.ton.address);
    const recipients = [
      ["31338", alice.evm.address],
      [String(DOMAINS.solana), solanaUniversalAddress(solanaOwner)],
      [String(DOMAINS.ton), tonUniversalAddress(tonOwner)],
    ] as const;
    // each chain read through its own HTTP API
    const spoke = createPublicClient({ transport: http(info.endpoints.spoke) });
    const spokeToken = parseEvmDeployment(JSON.parse(readFileSync(info.files.spoke, "utf8"))).contracts.CalToken;
    const connection = new Connection(info.endpoints.solana, "confirmed");
    const solanaDeployment = parseSolanaDeployment(JSON.parse(readFileSync(info.files.solana, "utf8")));
    const ton = new TonClient({ endpoint: info.endpoints.ton });
    const tonDeployment = parseTonDeployment(JSON.parse(readFileSync(info.files.ton, "utf8")));
    const balances = async () => {
      const evm = await spoke.readContract({ address: spokeToken, abi: erc20Abi, functionName: "balanceOf", args: [alice.evm.address] });
      const accounts = await connection.getTokenAccountsByOwner(solanaOwner, { mint: new PublicKey(solanaDeployment.calMint) });
      const sol = (await connection.getTokenAccountBalance(accounts.value[0]!.pubkey)).value.uiAmountString;
      const minter = TonAddress.parse(tonDeployment.contracts.calJettonMinter);
      const owner = [{ type: "slice" as const, cell: beginCell().storeAddress(tonOwner).endCell() }];
      const wallet = (await ton.runMethod(minter, "get_wallet_address", owner)).stack.readAddress();
      const tonCal = (await ton.runMethod(wallet, "get_wallet_data")).stack.readBigNumber();
      return { evm: formatCal(evm), sol, tonCal };
    };
    const before = await balances();
    for (const [domain, recipient] of recipients) {
      const sent = await calctra(
        { CALCTRA_PRIVATE_KEY: alice.evm.privateKey },
        ...["bridge", "transfer", "--rpc", info.endpoints.home, "--bridge", chains.home.vault],
        ...["--to-domain", domain, "--recipient", recipient, "--amount", "2"],
      );
      expect(sent).to.match(/^sent: message 0x[0-9a-f]{64}/);
    }
    // until the relayer has delivered on all three (the test's timeout bounds the wait)
    let now = await balances();
    while (now.evm !== "1002" || now.sol !== "1002" || now.tonCal === before.tonCal) {
      await new Promise((r) => setTimeout(r, 500));
      now = await balances();
    }
    expect([before.evm, before.sol, now.evm, now.sol]).to.deep.equal(["1000", "1000", "1002", "1002"]);
    const tonArgs = ["--chain", "ton", "--rpc", info.endpoints.ton, "--deployment", info.files.ton];
    expect(await calctra({ CALCTRA_TON_MNEMONIC: alice.ton.mnemonic.join(" ") }, "token", "balance", ...tonArgs)).to.equal("1002 CAL\n");
  });
});
