/**
 * The services as real processes (the built `node bridge/dist/cli.js`), started from config files, against two Hardhat JSON-RPC
 * servers (EVM home 31337, EVM spoke 31338): three validators, one relayer; the relayer is SIGKILLed and
 * restarted on the same SQLite file in the middle. Then two relayers sharing a throwaway PostgreSQL, one
 * SIGKILLed while it holds leases and restarted.
 */
import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import { join } from "node:path";
import pg from "pg";
import { decodeFunctionData, keccak256, parseEventLogs, type Address, type Hex } from "viem";
import { mnemonicToAccount } from "viem/accounts";
import { universalFromEvm } from "@calctra/core";
import { CAL, HOME, SPOKE, vectors } from "../../contracts-evm/test/bridge/helpers.js";
import { bridgeVaultAbi as bridgeAbi } from "@calctra/sdk/evm";
import { getJson } from "@calctra/sdk/bridge";
import { startPgServer, type PgServer } from "@calctra/devnet/pg";
import { MNEMONIC, artifact, deployPair, eventually, startService, stop, tmp } from "./service-harness.js";

describe("Bridge services as processes (CLI, JSON-RPC chains)", () => {
  const children: ChildProcess[] = [];
  const servers: { close(): Promise<void> }[] = [];
  after(async () => {
    for (const c of children) await stop(c);
    for (const s of servers) await s.close();
  });

  it("validators and a relayer started from config files bridge home -> spoke -> home; a SIGKILLed relayer restarts without double delivery", async () => {
    const { home, spoke, token, vault, minter, homeToken, spokeToken } = await deployPair(servers);
    const sources = [
      { domain: HOME, rpcUrl: home.url, bridge: vault, confirmations: 1 },
      { domain: SPOKE, rpcUrl: spoke.url, bridge: minter, confirmations: 1 },
    ];
    const vs = vectors.validators.map((v, i) =>
      startService(
        "validator",
        {
          sources,
          destinations: [
            { domain: SPOKE, bridge: universalFromEvm(minter) },
            { domain: HOME, bridge: universalFromEvm(vault) },
          ],
          signer: { privateKeyEnv: "VALIDATOR_KEY" },
          http: { port: 0 },
          pollIntervalMs: 100,
          logLevel: "info",
        },
        { VALIDATOR_KEY: v.privateKey },
        `validator-${i}`,
      ),
    );
    children.push(...vs.map((v) => v.child));
    const ports = await Promise.all(vs.map((v) => v.port));
    const relayerKey = `0x${Buffer.from(mnemonicToAccount(MNEMONIC, { addressIndex: 9 }).getHdKey().privateKey!).toString("hex")}`;
    const relayerConfig = {
      sources,
      destinations: [
        { kind: "evm", domain: SPOKE, rpcUrl: spoke.url, bridge: minter, maxBatch: 32, submitter: { privateKeyEnv: "RELAYER_KEY" } },
        { kind: "evm", domain: HOME, rpcUrl: home.url, bridge: vault, maxBatch: 32, submitter: { privateKeyEnv: "RELAYER_KEY" } },
      ],
      validators: ports.map((p) => `http://127.0.0.1:${p}`),
      store: { kind: "sqlite", path: join(tmp, "relayer.sqlite") },
      http: { port: 0 },
      pollIntervalMs: 100,
      retry: { baseMs: 50, maxMs: 500 },
      logLevel: "info",
    };
    let relayer = startService("relayer", relayerConfig, { RELAYER_KEY: relayerKey }, "relayer-1");
    children.push(relayer.child);
    let relayerPort = await relayer.port;

    const send = async (chain: typeof home, bridge: Address, dst: number, amount: bigint): Promise<Hex> => {
      const receipt = await chain.write(
        bridge,
        artifact("BridgeVault").abi,
        "send",
        [dst, universalFromEvm(chain.user.address), amount],
        chain.user,
      );
      await chain.testClient.mine({ blocks: 1 });
      return parseEventLogs({ abi: bridgeAbi, logs: receipt.logs, eventName: "MessageSent" })[0]!.args.messageId;
    };
    const balance = (chain: typeof home, t: Address, who: Address) =>
      chain.publicClient.readContract({ address: t, abi: token, functionName: "balanceOf", args: [who] }) as Promise<bigint>;
    const status = async (id: Hex) =>
      ((await getJson(`http://127.0.0.1:${relayerPort}/messages/${id}`, 2000)) as { status: string } | null)?.status;

    const first = await send(home, vault, SPOKE, 100n * CAL);
    assert.ok(await eventually(async () => (await status(first)) === "delivered"), `not delivered: ${relayer.log()}`);
    assert.equal(await balance(spoke, spokeToken, spoke.user.address), 100n * CAL);

    // SIGKILL the relayer, lock more while it is down, restart it on the same store.
    await stop(relayer.child, "SIGKILL");
    const second = await send(home, vault, SPOKE, 50n * CAL);
    relayer = startService("relayer", relayerConfig, { RELAYER_KEY: relayerKey }, "relayer-2");
    children.push(relayer.child);
    relayerPort = await relayer.port;
    assert.ok(await eventually(async () => (await status(second)) === "delivered"), `not delivered after restart: ${relayer.log()}`);
    assert.equal(await status(first), "delivered");
    assert.equal(await balance(spoke, spokeToken, spoke.user.address), 150n * CAL);

    const back = await send(spoke, minter, HOME, 30n * CAL);
    assert.ok(await eventually(async () => (await status(back)) === "delivered"), `not released: ${relayer.log()}`);
    assert.equal(await balance(home, homeToken, vault), 120n * CAL);
    const minted = (await spoke.publicClient.readContract({ address: spokeToken, abi: token, functionName: "totalSupply" })) as bigint;
    assert.equal(minted, 120n * CAL, "locked on home == minted on the spoke, nothing in flight");
    const delivered = await spoke.publicClient.getContractEvents({
      address: minter,
      abi: bridgeAbi,
      eventName: "MessageDelivered",
      fromBlock: 0n,
    });
    assert.equal(delivered.length, 2);
    const health = (await getJson(`http://127.0.0.1:${ports[0]}/health`, 2000)) as { ok: boolean; signed: number };
    assert.equal(health.signed, 3);
  });
  it("two relayers sharing PostgreSQL relay every message once; one SIGKILLed while holding leases is restarted, nothing lost or minted twice", async () => {
    const { home, spoke, token, vault, minter, spokeToken } = await deployPair(servers);
    const pgServer: PgServer = await startPgServer();
    servers.push({ close: () => pgServer.stop() });
    const url = await pgServer.createDatabase("relay_processes");
    const sources = [{ domain: HOME, rpcUrl: home.url, bridge: vault, confirmations: 1 }];
    const vs = vectors.validators.map((v, i) =>
      startService(
        "validator",
        {
          sources,
          destinations: [{ domain: SPOKE, bridge: universalFromEvm(minter) }],
          signer: { privateKeyEnv: "VALIDATOR_KEY" },
          http: { port: 0 },
          pollIntervalMs: 100,
          logLevel: "info",
        },
        { VALIDATOR_KEY: v.privateKey },
        `pg-validator-${i}`,
      ),
    );
    children.push(...vs.map((v) => v.child));
    const ports = await Promise.all(vs.map((v) => v.port));
    const key = (i: number) => `0x${Buffer.from(mnemonicToAccount(MNEMONIC, { addressIndex: i }).getHdKey().privateKey!).toString("hex")}`;
    const config = (instanceId: string) => ({
      sources,
      destinations: [
        { kind: "evm", domain: SPOKE, rpcUrl: spoke.url, bridge: minter, maxBatch: 2, submitter: { privateKeyEnv: "RELAYER_KEY" } },
      ],
      validators: ports.map((p) => `http://127.0.0.1:${p}`),
      store: { kind: "postgres", url, leaseSeconds: 2, instanceId },
      maxPerPoll: 4,
      http: { port: 0 },
      pollIntervalMs: 100,
      retry: { baseMs: 50, maxMs: 500 },
      logLevel: "info",
    });
    const db = new pg.Client({ connectionString: url });
    await db.connect();
    try {
      let r1 = startService("relayer", config("r1"), { RELAYER_KEY: key(9) }, "pg-relayer-1");
      const r2 = startService("relayer", config("r2"), { RELAYER_KEY: key(8) }, "pg-relayer-2");
      children.push(r1.child, r2.child);
      const [p1, p2] = await Promise.all([r1.port, r2.port]);
      const health = (await getJson(`http://127.0.0.1:${p1}/health`, 2000)) as { ok: boolean; store: string; instanceId: string };
      assert.deepEqual([health.store, health.instanceId], ["postgres", "r1"]);

      const ids: Hex[] = [];
      const sendOne = async (amount: bigint) => {
        const receipt = await home.write(
          vault,
          artifact("BridgeVault").abi,
          "send",
          [SPOKE, universalFromEvm(home.user.address), amount],
          home.user,
        );
        ids.push(parseEventLogs({ abi: bridgeAbi, logs: receipt.logs, eventName: "MessageSent" })[0]!.args.messageId);
      };
      for (let i = 1; i <= 8; i++) await sendOne(BigInt(i) * CAL);
      await home.testClient.mine({ blocks: 1 });
      // SIGKILL relayer 1 the moment it holds leases (mid-flight), send more while it is down, then restart it.
      const holding = async () =>
        Number((await db.query("SELECT count(*) AS n FROM relay_messages WHERE lease_owner = 'r1'")).rows[0].n) > 0;
      // a pass holds its leases for only a few hundred ms: watch the table closely (one cheap query every 5 ms)
      assert.ok(await eventually(holding, 12_000, 5), `relayer 1 never held a lease: ${r1.log()}`);
      await stop(r1.child, "SIGKILL");
      const heldAtKill = (await db.query("SELECT id FROM relay_messages WHERE lease_owner = 'r1' AND status <> 'delivered'")).rows.length;
      for (let i = 9; i <= 16; i++) await sendOne(BigInt(i) * CAL);
      await home.testClient.mine({ blocks: 1 });
      r1 = startService("relayer", config("r1-restarted"), { RELAYER_KEY: key(9) }, "pg-relayer-1b");
      children.push(r1.child);
      await r1.port;

      const delivered = async () =>
        Number((await db.query("SELECT count(*) AS n FROM relay_messages WHERE status = 'delivered'")).rows[0].n);
      assert.ok(
        await eventually(async () => (await delivered()) === ids.length),
        `delivered ${await delivered()}/${ids.length} (${heldAtKill} leased to the killed relayer): ${r2.log()}`,
      );
      for (const id of ids) {
        assert.equal(((await getJson(`http://127.0.0.1:${p2}/messages/${id}`, 2000)) as { status: string }).status, "delivered");
      }

      // Destination submissions per message id, read from the spoke's blocks: every receiveBatch/receiveMessage to the minter.
      const submissions = new Map<Hex, number>();
      const head = await spoke.publicClient.getBlockNumber();
      for (let b = 0n; b <= head; b++) {
        const block = await spoke.publicClient.getBlock({ blockNumber: b, includeTransactions: true });
        for (const tx of block.transactions) {
          if (tx.to?.toLowerCase() !== minter.toLowerCase()) continue;
          let call: ReturnType<typeof decodeFunctionData<typeof bridgeAbi>>;
          try {
            call = decodeFunctionData({ abi: bridgeAbi, data: tx.input });
          } catch {
            continue; // setRemoteDomain and other administration
          }
          const messages =
            call.functionName === "receiveBatch" ? call.args[0] : call.functionName === "receiveMessage" ? [call.args[0]] : [];
          for (const m of messages) submissions.set(keccak256(m), (submissions.get(keccak256(m)) ?? 0) + 1);
        }
      }
      const events = await spoke.publicClient.getContractEvents({
        address: minter,
        abi: bridgeAbi,
        eventName: "MessageDelivered",
        fromBlock: 0n,
        strict: true,
      });
      const perId = new Map<Hex, number>();
      for (const e of events) perId.set(e.args.messageId, (perId.get(e.args.messageId) ?? 0) + 1);
      for (const id of ids) {
        assert.equal(submissions.get(id), 1, `submissions of ${id}`);
        assert.equal(perId.get(id), 1, `deliveries of ${id}`);
      }
      const minted = (await spoke.publicClient.readContract({ address: spokeToken, abi: token, functionName: "totalSupply" })) as bigint;
      assert.equal(minted, 136n * CAL, "minted on the spoke == locked on home (1 + … + 16 CAL)");
    } finally {
      await db.end();
    }
  });
});
