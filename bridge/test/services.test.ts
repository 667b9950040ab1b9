/**
 * The bridge services as built processes (`node bridge/dist/cli.js`) against EDR chains served over HTTP: clean
 * SIGTERM, start-up refusals (a token or an EOA where the bridge should be, an RPC of another chain), an unreachable
 * RPC retried while /health says unhealthy, the relayer's /health with validators down, and the delivery transaction
 * recovered for a message a restarted relayer finds already delivered.
 */
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join, resolve } from "node:path";
import { getJson } from "@calctra/sdk/bridge";
import { bridgeVaultAbi } from "@calctra/sdk/evm";
import { CAL, HOME, SPOKE, vectors } from "../../contracts-evm/test/bridge/helpers.js";
import { deployPair, eventually, hardhatKey, startService, stop, tmp, validatorConfig, type ServiceProcess } from "./service-harness.js";

/** Whether `port` on 127.0.0.1 can be bound (the service let it go). */
async function canBind(port: number): Promise<boolean> {
  const server = createServer();
  return new Promise((resolve) => {
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

/** The child processes of `pid`, as "pid args" lines. */
function psChildren(pid: number): string[] {
  try {
    return execFileSync("ps", ["-o", "pid=,args=", "--ppid", String(pid)], { encoding: "utf8" })
      .split("\n")
      .map((l) => l.trim())
      .filter((l) => l.length > 0);
  } catch {
    return []; // ps exits 1 when it lists nothing
  }
}

/** A port nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

const health = async (p: ServiceProcess) => (await getJson(`http://127.0.0.1:${await p.port}/health`, 2000)) as Record<string, unknown>;

describe("Bridge services as built processes: lifecycle, start-up checks, health", () => {
  const services: ServiceProcess[] = [];
  const servers: { close(): Promise<void> }[] = [];
  let pair: Awaited<ReturnType<typeof deployPair>>;
  const sources = () => [{ domain: HOME, rpcUrl: pair.home.url, bridge: pair.vault, finality: "latest" }];
  const relayerConfig = (validators: string[], store: string, extra: Record<string, unknown> = {}) => ({
    sources: sources(),
    destinations: [
      { kind: "evm", domain: SPOKE, rpcUrl: pair.spoke.url, bridge: pair.minter, submitter: { privateKeyEnv: "RELAYER_KEY" } },
    ],
    validators,
    store: { kind: "sqlite", path: join(tmp, store) },
    http: { port: 0 },
    pollIntervalMs: 100,
    retry: { baseMs: 50, maxMs: 300 },
    startup: { retryMs: 200 },
    logLevel: "info",
    ...extra,
  });
  const validator = (i: number, name: string, config = validatorConfig(sources(), pair.minter)) => {
    const s = startService("validator", config, { VALIDATOR_KEY: vectors.validators[i]!.privateKey }, name);
    services.push(s);
    return s;
  };
  const relayer = (config: unknown, name: string) => {
    const s = startService("relayer", config, { RELAYER_KEY: hardhatKey(9) }, name);
    services.push(s);
    return s;
  };

  before(async () => {
    pair = await deployPair(servers);
  });
  after(async () => {
    for (const s of services) await stop(s.child);
    for (const s of servers) await s.close();
  });

  it("a validator and a relayer stopped with SIGTERM exit 0 and free their ports", async () => {
    const v = validator(0, "term-validator");
    const r = relayer(relayerConfig([`http://127.0.0.1:${await v.port}`], "term.sqlite"), "term-relayer");
    const ports = [await v.port, await r.port];
    assert.ok(await eventually(async () => (await health(v)).ok === true && (await health(r)).ok === true), v.log() + r.log());
    for (const s of [v, r]) s.child.kill("SIGTERM");
    assert.deepEqual(await Promise.all([v.exited, r.exited]), [0, 0], v.log() + r.log());
    for (const port of ports) assert.equal(await canBind(port), true, `port ${port} still taken`);
    assert.match(r.log(), /"msg":"stopped"/);
  });

  it("`calctra validator start` runs the validator as one built Node process (no npx or tsx) and passes SIGTERM on: both exit 0", async () => {
    const file = join(tmp, "cli-validator.json");
    writeFileSync(file, JSON.stringify(validatorConfig(sources(), pair.minter)));
    const cli = spawn(process.execPath, ["--import", "tsx", "cli/src/index.ts", "validator", "start", "--config", file], {
      env: { ...process.env, VALIDATOR_KEY: vectors.validators[0]!.privateKey },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let log = "";
    cli.stdout.on("data", (d: Buffer) => {
      log += d.toString();
    });
    cli.stderr.on("data", (d: Buffer) => {
      log += d.toString();
    });
    const cliExit = new Promise<number | null>((r) => cli.once("exit", (c) => r(c)));
    try {
      assert.ok(await eventually(async () => /"msg":"validator started"/.test(log)), log);
      const services = psChildren(cli.pid!).filter((l) => l.includes("cli.js"));
      assert.equal(services.length, 1, services.join("\n"));
      const [pid, ...args] = services[0]!.split(/\s+/);
      assert.deepEqual(args, [process.execPath, resolve("bridge/dist/cli.js"), "validator", "--config", file]);
      assert.deepEqual(psChildren(Number(pid)), [], "the service starts no process of its own");
      cli.kill("SIGTERM");
      assert.equal(await cliExit, 0, log);
      assert.match(log, /"msg":"stopped"/);
    } finally {
      await stop(cli);
    }
  });

  it("a validator configured with the token's address as its bridge refuses to start, saying it found an ERC-20 token", async () => {
    const v = validator(
      0,
      "token-validator",
      validatorConfig([{ domain: HOME, rpcUrl: pair.home.url, bridge: pair.homeToken }], pair.minter),
    );
    assert.equal(await v.exited, 1);
    assert.match(v.log(), /"error":"ServiceNotABridge"/);
    assert.match(v.log(), /"found":"an ERC-20 token \\"[^"\\]+\\" \(CAL\)"/);
    assert.match(v.log(), /"msg":"startup failed"/);
  });

  it("a validator configured with an externally owned account as its bridge refuses to start, saying no contract is there", async () => {
    const v = validator(
      0,
      "eoa-validator",
      validatorConfig([{ domain: HOME, rpcUrl: pair.home.url, bridge: pair.home.user.address }], pair.minter),
    );
    assert.equal(await v.exited, 1);
    assert.match(v.log(), /"error":"ServiceNotABridge"[^\n]*"found":"no contract code \(an externally owned account/);
  });

  it("a relayer whose destination RPC reports another chain id than its domain refuses to start", async () => {
    const config = relayerConfig(["http://127.0.0.1:1"], "wrong-chain.sqlite");
    config.destinations = [
      { kind: "evm", domain: HOME, rpcUrl: pair.spoke.url, bridge: pair.minter, submitter: { privateKeyEnv: "RELAYER_KEY" } },
    ];
    const r = relayer(config, "wrong-chain-relayer");
    assert.equal(await r.exited, 1);
    assert.match(r.log(), /"error":"ServiceWrongChain"[^\n]*"domain":31337[^\n]*"chainId":31338/);
  });

  it("a validator whose RPC is unreachable retries with one line per attempt, reports unhealthy meanwhile, and stops cleanly on SIGTERM", async () => {
    const rpcUrl = `http://127.0.0.1:${await closedPort()}`;
    const v = validator(0, "unreachable-validator", validatorConfig([{ domain: HOME, rpcUrl, bridge: pair.vault }], pair.minter));
    assert.ok(await eventually(async () => (v.log().match(/RPC unreachable \(attempt \d+\); retrying/g) ?? []).length >= 2), v.log());
    const h = await health(v);
    assert.equal(h.ok, false);
    assert.match(String(h.starting), /RPC http:\/\/127\.0\.0\.1:\d+ of domain 31337 unreachable/);
    const attempts = v
      .log()
      .match(/"attempt":(\d+)/g)!
      .map((m) => Number(m.split(":")[1]));
    assert.deepEqual(
      attempts,
      attempts.map((_, i) => i + 1),
      "one line per attempt, numbered",
    );
    v.child.kill("SIGTERM");
    assert.equal(await v.exited, 0);
  });

  it("the relayer's /health reports a message stuck below threshold (signed 1/2) and for how long while 2 of 3 validators are down", async () => {
    const v = validator(0, "lonely-validator");
    const down = [await closedPort(), await closedPort()].map((p) => `http://127.0.0.1:${p}`);
    const r = relayer(
      relayerConfig([`http://127.0.0.1:${await v.port}`, ...down], "stuck.sqlite", { stuckAfterSeconds: 1 }),
      "stuck-relayer",
    );
    await r.port;
    const id = await pair.send(3n * CAL);
    type Health = {
      ok: boolean;
      stuck: number;
      belowThreshold: { messageId: string; signed: string; validators: number; pendingSeconds: number }[];
    };
    let h: Health | null = null;
    assert.ok(
      await eventually(async () => {
        h = (await health(r)) as unknown as Health;
        const entry = h.belowThreshold.find((m) => m.messageId === id);
        return entry?.signed === "1/2" && h.stuck >= 1 && entry.pendingSeconds >= 1;
      }),
      `${JSON.stringify(h)} ${r.log()}`,
    );
    const seen = h! as Health;
    assert.equal(seen.ok, false);
    assert.equal(seen.belowThreshold.find((m) => m.messageId === id)!.validators, 3);
  });

  it("a relayer restarted without the record of a delivery it made stores the delivery transaction read from the bridge's event", async () => {
    const vs = [0, 1].map((i) => validator(i, `recover-validator-${i}`));
    const urls = await Promise.all(vs.map(async (v) => `http://127.0.0.1:${await v.port}`));
    const first = relayer(relayerConfig(urls, "recover-1.sqlite"), "recover-relayer-1");
    await first.port;
    const id = await pair.send(7n * CAL);
    const status = async (p: ServiceProcess) =>
      (await getJson(`http://127.0.0.1:${await p.port}/messages/${id}`, 2000)) as { status: string; transaction: string | null } | null;
    assert.ok(await eventually(async () => (await status(first))?.status === "delivered"), first.log());
    await stop(first.child, "SIGKILL");
    // The crash lost the record: a new store, the message found on home again and already delivered on the spoke.
    const second = relayer(relayerConfig(urls, "recover-2.sqlite"), "recover-relayer-2");
    assert.ok(await eventually(async () => (await status(second))?.status === "delivered"), second.log());
    const events = await pair.spoke.publicClient.getContractEvents({
      address: pair.minter,
      abi: bridgeVaultAbi,
      eventName: "MessageDelivered",
      args: { messageId: id },
      fromBlock: 0n,
    });
    assert.equal(events.length, 1);
    assert.equal((await status(second))!.transaction, events[0]!.transactionHash);
    assert.match(second.log(), /"msg":"already delivered"/);
  });
});
