/**
 * Test harness of the bridge services as processes: EDR chains served over HTTP on 127.0.0.1 (home 31337, spoke
 * 31338) with CAL and the bridge deployed from the build artifacts, and the built service (`node bridge/dist/cli.js`)
 * started from a config file.
 */
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { network } from "hardhat";
import { createPublicClient, createTestClient, createWalletClient, http, parseEventLogs, type Abi, type Address, type Hex } from "viem";
import { mnemonicToAccount } from "viem/accounts";
import { universalFromEvm } from "@calctra/core";
import { bridgeVaultAbi } from "@calctra/sdk/evm";
import { BRIDGE_ROLE, CAL, HOME, SPOKE, openLimits, vectors } from "../../contracts-evm/test/bridge/helpers.js";

export const MNEMONIC = "test test test test test test test test test test test junk";
export const tmp = mkdtempSync(join(tmpdir(), "calctra-bridge-svc-"));
/** The built service entry (scripts/build.sh packages). */
export const SERVICE_ENTRY = "bridge/dist/cli.js";

export function artifact(name: string, file = `bridge/${name}.sol`): { abi: Abi; bytecode: Hex } {
  const a = JSON.parse(readFileSync(`artifacts/contracts-evm/contracts/${file}/${name}.json`, "utf8")) as { abi: Abi; bytecode: Hex };
  return { abi: a.abi, bytecode: a.bytecode };
}

/** The 0x private key of Hardhat account `i`. */
export const hardhatKey = (i: number): Hex =>
  `0x${Buffer.from(mnemonicToAccount(MNEMONIC, { addressIndex: i }).getHdKey().privateKey!).toString("hex")}`;

export async function startChain(chainId: number) {
  const server = await network.createServer({ override: { chainId } }, "127.0.0.1", 0);
  const { port } = await server.listen();
  const url = `http://127.0.0.1:${port}`;
  const chain = {
    id: chainId,
    name: `edr-${chainId}`,
    nativeCurrency: { name: "ETH", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [url] } },
  } as const;
  const publicClient = createPublicClient({ chain, transport: http(url), pollingInterval: 50 });
  const deployer = mnemonicToAccount(MNEMONIC, { addressIndex: 0 });
  const user = mnemonicToAccount(MNEMONIC, { addressIndex: 1 });
  const wallet = (account: typeof deployer) => createWalletClient({ chain, transport: http(url), account, pollingInterval: 50 });
  const testClient = createTestClient({ chain, mode: "hardhat", transport: http(url) });
  async function deploy(name: string, args: unknown[], file?: string): Promise<Address> {
    const { abi, bytecode } = artifact(name, file);
    const hash = await wallet(deployer).deployContract({ abi, bytecode, args });
    return (await publicClient.waitForTransactionReceipt({ hash })).contractAddress!;
  }
  async function write(address: Address, abi: Abi, functionName: string, args: unknown[], account = deployer) {
    const hash = await wallet(account).writeContract({ address, abi, functionName, args });
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    assert.equal(receipt.status, "success", `${functionName} reverted`);
    return receipt;
  }
  return { server, url, publicClient, testClient, deployer, user, deploy, write };
}
export type TestChain = Awaited<ReturnType<typeof startChain>>;

/** Both chains with CAL and the bridge (development validators, threshold 2), home <-> spoke enabled, the user funded and approved. */
export async function deployPair(servers: { close(): Promise<void> }[]) {
  const home = await startChain(HOME);
  const spoke = await startChain(SPOKE);
  servers.push(home.server, spoke.server);
  const token = artifact("CalToken", "token/CalToken.sol").abi;
  const validators = vectors.validators.map((v) => v.address);
  const homeToken = await home.deploy("CalToken", [home.deployer.address, home.deployer.address, true], "token/CalToken.sol");
  const vault = await home.deploy("BridgeVault", [homeToken, home.deployer.address, home.deployer.address, validators, 2, 86_400]);
  const spokeToken = await spoke.deploy("CalSpokeToken", [spoke.deployer.address], "token/CalSpokeToken.sol");
  const minter = await spoke.deploy("BridgeMinter", [spokeToken, spoke.deployer.address, spoke.deployer.address, validators, 2, 86_400]);
  const bridgeAbi = artifact("BridgeVault").abi;
  await home.write(vault, bridgeAbi, "setRemoteDomain", [SPOKE, openLimits(minter)]);
  await spoke.write(minter, bridgeAbi, "setRemoteDomain", [HOME, openLimits(vault)]);
  await spoke.write(spokeToken, token, "grantRole", [BRIDGE_ROLE, minter]);
  await home.write(homeToken, token, "transfer", [home.user.address, 1000n * CAL]);
  await home.write(homeToken, token, "approve", [vault, 1000n * CAL], home.user);
  await spoke.write(spokeToken, token, "approve", [minter, 1000n * CAL], spoke.user);
  /** Locks `amount` on home for the user's address on the spoke; mines one block on top; resolves the messageId. */
  const send = async (amount: bigint): Promise<Hex> => {
    const receipt = await home.write(vault, bridgeAbi, "send", [SPOKE, universalFromEvm(home.user.address), amount], home.user);
    await home.testClient.mine({ blocks: 1 });
    return parseEventLogs({ abi: bridgeVaultAbi, logs: receipt.logs, eventName: "MessageSent" })[0]!.args.messageId;
  };
  return { home, spoke, token, vault, minter, homeToken, spokeToken, send };
}

/** Validator configs (development keys) watching home and signing for the spoke. */
export function validatorConfig(sources: unknown[], minter: Address, extra: Record<string, unknown> = {}) {
  return {
    sources,
    destinations: [{ domain: SPOKE, bridge: universalFromEvm(minter) }],
    signer: { privateKeyEnv: "VALIDATOR_KEY" },
    http: { port: 0 },
    pollIntervalMs: 100,
    startup: { retryMs: 200 },
    logLevel: "info",
    ...extra,
  };
}

/** The environment of a built service: without the `calctra-source` condition (it must load built packages). */
export function serviceEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const { NODE_OPTIONS, ...rest } = process.env;
  const options = (NODE_OPTIONS ?? "")
    .split(/\s+/)
    .filter((o) => o && o !== "--conditions=calctra-source")
    .join(" ");
  return { ...rest, ...(options ? { NODE_OPTIONS: options } : {}), ...extra };
}

export interface ServiceProcess {
  readonly child: ChildProcess;
  /** The HTTP port, once logged ("listening"). */
  readonly port: Promise<number>;
  /** Exit code once exited. */
  readonly exited: Promise<number | null>;
  log(): string;
}

/** Spawns the built service from a config written to a file; `port` resolves once it logs "listening". */
export function startService(role: "validator" | "relayer", config: unknown, env: Record<string, string>, name: string): ServiceProcess {
  const file = join(tmp, `${name}.json`);
  writeFileSync(
    file,
    JSON.stringify(config, (_, v: unknown) => (typeof v === "bigint" ? v.toString() : v)),
  );
  const child = spawn(process.execPath, [SERVICE_ENTRY, role, "--config", file], {
    env: serviceEnv(env),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const port = new Promise<number>((resolve, reject) => {
    child.stdout!.on("data", (d: Buffer) => {
      log += d.toString();
      const m = /"port":(\d+)[^\n]*"msg":"listening"/.exec(log);
      if (m) resolve(Number(m[1]));
    });
    child.stderr!.on("data", (d: Buffer) => {
      log += d.toString();
    });
    void exited.then((code) => reject(new Error(`${name} exited with ${code}: ${log}`)));
  });
  port.catch(() => {});
  return { child, port, exited, log: () => log };
}

export async function stop(child: ChildProcess, signal: NodeJS.Signals = "SIGTERM") {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  child.kill(signal);
  await exited;
}

/** Polls `check` every `intervalMs`, at most `tries` times; returns whether it became true. */
export async function eventually(check: () => Promise<boolean>, tries = 150, intervalMs = 200): Promise<boolean> {
  for (let i = 0; i < tries; i++) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  return false;
}
