import assert from "node:assert/strict";
import { pino } from "pino";
import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startChain } from "./service-harness.js";
import { privateKeyToAccount } from "viem/accounts";
import { vectors, HOME, SPOKE } from "../../contracts-evm/test/bridge/helpers.js";
import { loadConfig, relayerConfigSchema, validatorConfigSchema } from "../src/config.js";
import { Relayer, describe as describeRecord, errorText } from "../src/relayer.js";
import { deriveMessage } from "@calctra/sdk/evm";
import { SqliteRelayStore } from "../src/store.js";
import { checkEvmEndpoint, checkServiceEndpoints } from "../src/startup.js";
import { CalctraError } from "@calctra/core";
import { Validator } from "../src/validator.js";
import { getJson } from "@calctra/sdk/bridge";
import { mnemonicNew, mnemonicToPrivateKey } from "@ton/crypto";
import { TonClient, WalletContractV4, WalletContractV5R1 } from "@ton/ton";
import { tonWalletSender } from "../src/chains.js";

const silent = pino({ level: "silent" });
const tmp = mkdtempSync(join(tmpdir(), "calctra-bridge-unit-"));

describe("Bridge services: message re-derivation", () => {
  it("re-derives every vector message from its event fields to the vector messageId", () => {
    for (const c of vectors.cases) {
      const d = deriveMessage(c.message.srcDomain, {
        messageId: c.messageId,
        dstDomain: c.message.dstDomain,
        nonce: BigInt(c.message.nonce),
        sender: c.message.sender,
        recipient: c.message.recipient,
        amount: BigInt(c.message.amount),
      });
      assert.ok(d);
      assert.equal(d.encoded, c.encoded);
      assert.equal(d.messageId, c.messageId);
    }
  });

  it("refuses event fields that do not re-derive to the event's messageId (tampered amount, wrong source domain)", () => {
    const c = vectors.cases[0]!;
    const fields = {
      messageId: c.messageId,
      dstDomain: c.message.dstDomain,
      nonce: BigInt(c.message.nonce),
      sender: c.message.sender,
      recipient: c.message.recipient,
      amount: BigInt(c.message.amount),
    };
    assert.equal(deriveMessage(c.message.srcDomain, { ...fields, amount: fields.amount + 1n }), null);
    assert.equal(deriveMessage(SPOKE, fields), null);
    assert.equal(deriveMessage(c.message.srcDomain, { ...fields, amount: 2n ** 64n }), null);
  });
});

describe("Bridge services: config, store, HTTP", () => {
  it("validates config files with zod and lists every issue", () => {
    const good = {
      sources: [{ domain: HOME, rpcUrl: "http://127.0.0.1:8545", bridge: `0x${"11".repeat(20)}`, confirmations: 2 }],
      destinations: [{ domain: SPOKE, bridge: `0x${"22".repeat(32)}` }],
      signer: { privateKeyEnv: "VALIDATOR_KEY" },
      http: { port: 0 },
    };
    const file = join(tmp, "v.json");
    writeFileSync(file, JSON.stringify(good));
    const cfg = loadConfig(validatorConfigSchema, file);
    assert.equal(cfg.sources[0]!.startBlock, 0n);
    assert.equal(cfg.pollIntervalMs, 1000);
    writeFileSync(file, JSON.stringify({ ...good, sources: [{ ...good.sources[0], bridge: "0x12" }], http: { port: -1 } }));
    assert.throws(() => loadConfig(validatorConfigSchema, file), /sources\.0\.bridge[\s\S]*http\.port/);
    writeFileSync(file, JSON.stringify({ ...good, destinations: [{ kind: "evm", domain: SPOKE }] }));
    assert.throws(() => loadConfig(relayerConfigSchema, file), /invalid config/);
  });

  it("validates relayer configs: SQLite, PostgreSQL, TON and Solana entries parse with defaults; a bad store or destination is named with what is allowed", () => {
    const file = join(tmp, "r.json");
    const base = {
      sources: [{ domain: HOME, rpcUrl: "http://127.0.0.1:8545", bridge: `0x${"11".repeat(20)}` }],
      destinations: [
        { kind: "evm", domain: SPOKE, rpcUrl: "http://127.0.0.1:8546", bridge: `0x${"22".repeat(20)}`, submitter: { privateKeyEnv: "K" } },
      ],
      validators: ["http://127.0.0.1:7001"],
      store: { kind: "sqlite", path: "relayer.sqlite" },
      http: { port: 0 },
    };
    const load = (over: Record<string, unknown>) => {
      writeFileSync(file, JSON.stringify({ ...base, ...over }));
      return loadConfig(relayerConfigSchema, file);
    };
    const sqlite = load({});
    assert.equal(sqlite.sources[0]!.kind, "evm", "a source without kind is EVM (configs written before TON)");
    assert.deepEqual(sqlite.store, { kind: "sqlite", path: "relayer.sqlite" });
    const pgCfg = load({ store: { kind: "postgres", url: "postgres://relayer@db:5432/bridge" } });
    assert.deepEqual(pgCfg.store, { kind: "postgres", url: "postgres://relayer@db:5432/bridge", leaseSeconds: 30, poolSize: 4 });
    const ton = load({
      sources: [...base.sources, { kind: "ton", endpoint: "https://toncenter.example/api/v2/jsonRPC", bridge: `0:${"ab".repeat(32)}` }],
      destinations: [
        ...base.destinations,
        {
          kind: "ton",
          endpoint: "https://toncenter.example/api/v2/jsonRPC",
          bridge: `0:${"ab".repeat(32)}`,
          wallet: { mnemonicEnv: "TON_MNEMONIC" },
        },
      ],
    });
    const tonDst = ton.destinations[1]!;
    assert.ok(tonDst.kind === "ton");
    assert.equal(tonDst.value, 200_000_000n);
    assert.equal(tonDst.maxBatch, 1);
    assert.equal(tonDst.wallet.version, "v4");
    assert.equal(ton.sources[1]!.startBlock, 1n, "a TON source starts at nonce 1");

    assert.throws(() => load({ store: { kind: "postgres" } }), /store\.url: Required/);
    assert.throws(
      () => load({ store: { kind: "postgres", url: "mysql://x/y", leaseSeconds: 0 } }),
      /store\.url: a postgres:\/\/ or postgresql:\/\/ connection URL\n\s+store\.leaseSeconds: Number must be greater than or equal to 1/,
    );
    assert.throws(
      () => load({ store: { kind: "redis", url: "redis://x" } }),
      /store\.kind: Invalid discriminator value\. Expected 'sqlite' \| 'postgres'/,
    );
    const solana = load({
      sources: [...base.sources, { kind: "solana", rpcUrl: "http://127.0.0.1:8899" }],
      destinations: [
        ...base.destinations,
        {
          kind: "solana",
          rpcUrl: "http://127.0.0.1:8899",
          programId: "11111111111111111111111111111111",
          payer: { secretKeyEnv: "SOL_KEY" },
        },
      ],
    });
    assert.deepEqual(
      solana.sources[1],
      { kind: "solana", rpcUrl: "http://127.0.0.1:8899", commitment: "finalized", confirmations: 0, maxPerScan: 256, startBlock: 1n },
      "a Solana source reads finalized outbound messages from nonce 1",
    );
    assert.deepEqual(solana.destinations[1], {
      kind: "solana",
      rpcUrl: "http://127.0.0.1:8899",
      programId: "11111111111111111111111111111111",
      commitment: "confirmed",
      maxBatch: 4,
      payer: { secretKeyEnv: "SOL_KEY" },
    });
    assert.throws(
      () => load({ destinations: [{ kind: "solana", rpcUrl: "http://x", programId: "0xnotbase58", maxBatch: 17 }] }),
      /destinations\.0\.programId: a base58 Solana public key[\s\S]*destinations\.0\.maxBatch: Number must be less than or equal to 16[\s\S]*destinations\.0\.payer: Required/,
    );
    assert.throws(
      () => load({ destinations: [{ kind: "cosmos", domain: 1 }] }),
      /destinations\.0\.kind: Invalid discriminator value\. Expected 'evm' \| 'ton' \| 'solana'/,
    );
    assert.throws(
      () => load({ destinations: [{ kind: "ton", endpoint: "https://x", bridge: "not-an-address" }] }),
      /destinations\.0\.bridge: a TON address[\s\S]*destinations\.0\.wallet: Required/,
    );
  });

  it("reports statuses as sent, signed k/M, delivered and failed: why", () => {
    const store = new SqliteRelayStore(join(tmp, "status.sqlite"));
    const c = vectors.cases[0]!;
    const m = { ...c.message, nonce: BigInt(c.message.nonce), amount: BigInt(c.message.amount) };
    store.addSent({ message: m, messageId: c.messageId, encoded: c.encoded, blockNumber: 1n, transactionHash: c.messageId, logIndex: 0 });
    const id = c.messageId;
    assert.equal(describeRecord(store.get(id)!).status, "sent");
    store.setSignatures(id, [c.signatures[0]!], 2, 3, "sent");
    assert.equal(describeRecord(store.get(id)!).status, "signed 1/3");
    store.markFailed(id, "BridgeRateLimited(31337, 5, 1)", Date.now() + 1000);
    assert.equal(describeRecord(store.get(id)!).status, "failed: BridgeRateLimited(31337, 5, 1)");
    assert.equal(store.listDue(Date.now(), 10).length, 0);
    store.markDelivered(id, "0xabc");
    store.markFailed(id, "late error", 0);
    assert.equal(describeRecord(store.get(id)!).status, "delivered");
    store.close();
  });

  it("reports in /health the messages below threshold with their age, and is not ok once one is older than stuckAfterMs", () => {
    const store = new SqliteRelayStore(join(tmp, "health.sqlite"));
    const relayer = new Relayer({
      sources: [],
      destinations: new Map(),
      validators: [],
      store,
      logger: pino({ level: "silent" }),
      stuckAfterMs: 60_000,
    });
    const [a, b] = vectors.cases.slice(0, 2).map((c) => {
      const m = { ...c.message, nonce: BigInt(c.message.nonce), amount: BigInt(c.message.amount) };
      store.addSent({ message: m, messageId: c.messageId, encoded: c.encoded, blockNumber: 1n, transactionHash: c.messageId, logIndex: 0 });
      return c;
    });
    store.setSignatures(a!.messageId, [a!.signatures[0]!], 2, 3, "sent");
    const seen = store.get(a!.messageId)!.createdAt;
    const fresh = relayer.health(seen + 5_000);
    assert.equal(fresh.ok, true);
    assert.equal(fresh.stuck, 0);
    assert.deepEqual(
      fresh.belowThreshold.map((m) => [m.messageId, m.signed, m.validators, m.pendingSeconds]),
      [
        [a!.messageId, "1/2", 3, 5],
        [b!.messageId, "0/?", 0, Math.floor((seen + 5_000 - store.get(b!.messageId)!.createdAt) / 1000)],
      ],
    );
    const late = relayer.health(seen + 61_000);
    assert.equal(late.ok, false);
    assert.equal(late.stuck, 2);
    assert.equal(late.oldestPendingSeconds, 61);
    store.markDelivered(a!.messageId, "0xabc");
    store.markDelivered(b!.messageId, null);
    const done = relayer.health(seen + 61_000);
    assert.deepEqual([done.ok, done.stuck, done.belowThreshold.length, done.oldestPendingSeconds], [true, 0, 0, null]);
    store.close();
  });

  it("gives up on an unreachable RPC after startup.attempts with ServiceRpcUnreachable, one warning line per attempt", async () => {
    const lines: { attempt: number; msg: string }[] = [];
    const logger = pino({ level: "info" }, { write: (l: string) => void lines.push(JSON.parse(l) as { attempt: number; msg: string }) });
    const refused = await checkEvmEndpoint(
      { domain: HOME, rpcUrl: "http://127.0.0.1:1", bridge: `0x${"11".repeat(20)}` },
      { role: "source", logger, retry: { delayMs: 10, attempts: 3 } },
    ).then(
      () => null,
      (e: unknown) => e,
    );
    assert.ok(refused instanceof CalctraError);
    assert.equal(refused.name, "ServiceRpcUnreachable");
    assert.deepEqual(refused.args, { domain: HOME, rpc: "http://127.0.0.1:1", attempts: 3 });
    assert.deepEqual(
      lines.map((l) => l.attempt),
      [1, 2, 3],
    );
    assert.match(lines.at(-1)!.msg, /giving up/);
  });

  it("refuses a validator whose destination bridge for a domain it watches is not that source's bridge, before any RPC call", async () => {
    const cfg = validatorConfigSchema.parse({
      sources: [{ domain: HOME, rpcUrl: "http://127.0.0.1:1", bridge: `0x${"11".repeat(20)}` }],
      destinations: [{ domain: HOME, bridge: `0x${"22".repeat(32)}` }],
      signer: { privateKey: vectors.validators[0]!.privateKey },
      http: { port: 0 },
    });
    const refused = await checkServiceEndpoints(
      { sources: cfg.sources, digestBridges: cfg.destinations },
      { logger: pino({ level: "silent" }), retry: { delayMs: 10, attempts: 1 } },
    ).then(
      () => null,
      (e: unknown) => e,
    );
    assert.ok(refused instanceof CalctraError);
    assert.equal(refused.name, "ServiceNotABridge");
    assert.match(String(refused.args.found), /not the bridge 0x1{40} this validator watches on domain 31337/);
  });

  it("turns a plain error into a one-line reason", () => {
    assert.equal(errorText(new Error("boom\nstack")), "boom");
  });

  it("serves /health and answers 404 for a message it has not signed", async () => {
    const v = new Validator({
      sources: [],
      destinations: new Map(),
      account: privateKeyToAccount(vectors.validators[0]!.privateKey),
      logger: silent,
    });
    const port = await v.serve(0);
    try {
      const health = (await getJson(`http://127.0.0.1:${port}/health`, 1000)) as { ok: boolean; signer: string };
      assert.equal(health.ok, true);
      assert.equal(health.signer.toLowerCase(), vectors.validators[0]!.address);
      assert.equal(await getJson(`http://127.0.0.1:${port}/signatures/${vectors.cases[0]!.messageId}`, 1000), null);
    } finally {
      await v.stop();
    }
  });
});

/** Runs the CLI to its exit; resolves its exit code and everything it printed. */
function runCli(args: string[]): Promise<{ code: number | null; out: string }> {
  const child = spawn(process.execPath, ["--no-warnings", "--import", "tsx", "bridge/src/cli.ts", ...args], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout.on("data", (d: Buffer) => {
    out += d.toString();
  });
  child.stderr.on("data", (d: Buffer) => {
    out += d.toString();
  });
  return new Promise((resolve) => child.once("exit", (code) => resolve({ code, out })));
}

describe("Bridge CLI", () => {
  it("gives a TON destination a wallet sender that carries the wallet's address (v4 and v5r1)", async () => {
    const client = new TonClient({ endpoint: "http://127.0.0.1:1/jsonRPC" }); // opening needs no network
    const words = await mnemonicNew(24);
    const { publicKey } = await mnemonicToPrivateKey(words);
    for (const [version, wallet] of [
      ["v4", WalletContractV4.create({ workchain: 0, publicKey })],
      ["v5r1", WalletContractV5R1.create({ workchain: 0, publicKey })],
    ] as const) {
      const sender = await tonWalletSender({ open: (w) => client.open(w) }, words, version);
      assert.ok(sender.address, `${version} sender has an address`);
      assert.ok(sender.address.equals(wallet.address), `${version} sender is the mnemonic's wallet`);
    }
  });

  it("refuses a relayer config with a bad store, naming each field, as one structured fatal line and exit status 1", async () => {
    const file = join(tmp, "cli-bad-relayer.json");
    writeFileSync(
      file,
      JSON.stringify({
        sources: [{ domain: HOME, rpcUrl: "http://127.0.0.1:1", bridge: `0x${"11".repeat(20)}` }],
        destinations: [
          { kind: "evm", domain: SPOKE, rpcUrl: "http://127.0.0.1:1", bridge: `0x${"22".repeat(20)}`, submitter: { privateKeyEnv: "K" } },
        ],
        validators: ["http://127.0.0.1:1"],
        store: { kind: "postgres", leaseSeconds: 0 },
        http: { port: 0 },
      }),
    );
    const { code, out } = await runCli(["relayer", "--config", file]);
    assert.equal(code, 1);
    const line = JSON.parse(out.trim().split("\n").at(-1)!) as { level: number; msg: string; err: string };
    assert.equal(line.msg, "startup failed");
    assert.equal(line.level, 60, "fatal");
    assert.match(line.err, /store\.url: Required/);
    assert.match(line.err, /store\.leaseSeconds: Number must be greater than or equal to 1/);
  });

  it("builds a Solana destination from its config and refuses to start without the payer key, as a structured fatal line", async () => {
    const file = join(tmp, "cli-solana-relayer.json");
    writeFileSync(
      file,
      JSON.stringify({
        sources: [{ kind: "solana", rpcUrl: "http://127.0.0.1:1" }],
        destinations: [{ kind: "solana", rpcUrl: "http://127.0.0.1:1", payer: { secretKeyEnv: "CALCTRA_TEST_UNSET_SOLANA_KEY" } }],
        validators: ["http://127.0.0.1:1"],
        store: { kind: "sqlite", path: join(tmp, "cli-solana.sqlite") },
        http: { port: 0 },
      }),
    );
    const { code, out } = await runCli(["relayer", "--config", file]);
    assert.equal(code, 1);
    const line = JSON.parse(out.trim().split("\n").at(-1)!) as { msg: string; err: string };
    assert.equal(line.msg, "startup failed");
    assert.match(line.err, /CALCTRA_TEST_UNSET_SOLANA_KEY \(Solana payer secret key\) is not set/);
  });

  it("exits with a structured startup error when its PostgreSQL store is unreachable", async () => {
    const file = join(tmp, "cli-unreachable-pg.json");
    writeFileSync(
      file,
      JSON.stringify({
        sources: [{ domain: HOME, rpcUrl: "http://127.0.0.1:1", bridge: `0x${"11".repeat(20)}` }],
        destinations: [
          { kind: "evm", domain: SPOKE, rpcUrl: "http://127.0.0.1:1", bridge: `0x${"22".repeat(20)}`, submitter: { privateKeyEnv: "K" } },
        ],
        validators: ["http://127.0.0.1:1"],
        store: { kind: "postgres", url: "postgres://relayer@127.0.0.1:1/bridge" },
        http: { port: 0 },
      }),
    );
    const { code, out } = await runCli(["relayer", "--config", file]);
    assert.equal(code, 1);
    const line = JSON.parse(out.trim().split("\n").at(-1)!) as { msg: string; err: string };
    assert.equal(line.msg, "startup failed");
    assert.match(line.err, /ECONNREFUSED/);
  });

  it("starts a validator from a config file against a JSON-RPC chain and serves /health", async () => {
    const home = await startChain(HOME);
    const server = home.server;
    const token = await home.deploy("CalToken", [home.deployer.address, home.deployer.address, true], "token/CalToken.sol");
    const vault = await home.deploy("BridgeVault", [
      token,
      home.deployer.address,
      home.deployer.address,
      vectors.validators.map((v) => v.address),
      2,
      86_400,
    ]);
    const cfg = {
      sources: [{ domain: HOME, rpcUrl: home.url, bridge: vault, confirmations: 0 }],
      destinations: [{ domain: SPOKE, bridge: `0x${"22".repeat(32)}` }],
      signer: { privateKeyEnv: "CALCTRA_TEST_VALIDATOR_KEY" },
      http: { port: 0 },
      pollIntervalMs: 100,
      logLevel: "info",
    };
    const file = join(tmp, "cli-validator.json");
    writeFileSync(file, JSON.stringify(cfg));
    const child = spawn(process.execPath, ["--import", "tsx", "bridge/src/cli.ts", "validator", "--config", file], {
      env: { ...process.env, CALCTRA_TEST_VALIDATOR_KEY: vectors.validators[1]!.privateKey },
      stdio: ["ignore", "pipe", "pipe"],
    });
    try {
      const port = await new Promise<number>((resolve, reject) => {
        let buf = "";
        child.stdout.on("data", (d: Buffer) => {
          buf += d.toString();
          const m = /"port":(\d+)[^\n]*"msg":"listening"/.exec(buf);
          if (m) resolve(Number(m[1]));
        });
        child.once("exit", (code) => reject(new Error(`validator exited with ${code}: ${buf}`)));
      });
      type Health = { ok: boolean; signer: string; nextBlock: Record<string, string> };
      let health: Health | null = null;
      for (let i = 0; i < 50; i++) {
        health = (await getJson(`http://127.0.0.1:${port}/health`, 1000)) as Health | null;
        if (health !== null && health.nextBlock[String(HOME)] !== "0") break;
        await new Promise((r) => setTimeout(r, 100));
      }
      assert.equal(health!.signer.toLowerCase(), vectors.validators[1]!.address);
      assert.equal(health!.ok, true);
      assert.notEqual(health!.nextBlock[String(HOME)], "0", "the validator scanned the chain");
    } finally {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once("exit", r));
        child.kill("SIGTERM");
        await exited;
      }
      await server.close();
    }
  });
});
