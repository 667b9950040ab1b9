import { expect } from "chai";
import { CAL, CalctraError, TaskStatus, type MarketplaceClient } from "@calctra/core";
import { encodeTensor, prepareTaskSpec, type CID } from "@calctra/core/delivery";
import type { ContentStore } from "@calctra/sdk/delivery";
import { sha256 } from "@noble/hashes/sha2";
import { ProviderAgent, SqliteAgentStore, nativeProver, serveAgentHttp, type AgentChain, type Prover } from "../src/index.js";
import { HARDWARE, layer, startEvmAgentWorld, type EvmAgentWorld } from "./support.js";

/** Bytes whose sha2-256 digest is below 2^248 (so a specHash can name them), made by appending spaces. */
function ground(text: string): Uint8Array {
  for (let pad = 0; ; pad++) {
    const bytes = new TextEncoder().encode(text + " ".repeat(pad));
    if (sha256(bytes)[0] === 0) return bytes;
  }
}

describe("Provider agent and bad input: logged with the task id and skipped, never accepted, never a crash", function () {
  this.timeout(600_000);
  let world: EvmAgentWorld;
  before(async () => {
    world = await startEvmAgentWorld();
    await world.evm.registerVerifier({ verifierId: 2 });
  });

  const agent = (over: Partial<ConstructorParameters<typeof ProviderAgent>[0]> = {}) =>
    new ProviderAgent({
      chains: [world.provider(0)],
      store: new SqliteAgentStore({ path: ":memory:" }),
      content: world.content,
      prover: nativeProver({ circuits: "circuits/build" }),
      hardware: HARDWARE,
      floorPricePerUnit: 0n,
      ...over,
    });
  const createRaw = async (specHash: bigint, verifierId = 0) => {
    const t = await world.now();
    return (
      await world.user.createTask({
        specHash,
        reward: 20n * CAL,
        collateral: 10n * CAL,
        deadline: t + 3600n,
        verifierId,
        minReputationBps: 0,
      })
    ).taskId;
  };
  const specOf = async (over: { verifierId?: number; W?: bigint[][]; b?: bigint[]; requirements?: object } = {}) => {
    const l = layer();
    const inputs = {
      W: (await world.content.put(encodeTensor(over.W ?? l.W))).toString(),
      b: (await world.content.put(encodeTensor(over.b ?? l.b))).toString(),
      x: (await world.content.put(encodeTensor(l.x))).toString(),
    };
    const p = prepareTaskSpec({
      version: 1,
      job: { type: "dense-inference", inputs },
      verifierId: over.verifierId ?? 0,
      resultKey: world.keys.publicKey,
      requirements: (over.requirements ?? {}) as never,
    });
    await world.content.put(p.bytes);
    return p.specHash;
  };
  const expectSkipped = async (taskId: bigint, reason: RegExp) => {
    const records = new SqliteAgentStore({ path: ":memory:" });
    const a = agent({ store: records });
    await a.setUp({ stake: 200n * CAL });
    await a.runOnce();
    const rec = await records.get("evm", taskId);
    expect(rec?.stage).to.equal("skipped");
    expect(rec?.reason).to.match(reason);
    expect((await world.user.getTask({ taskId })).status).to.equal(TaskStatus.Open);
    await world.user.cancelTask({ taskId });
  };

  it("skips a spec that fails the schema (DeliveryInvalidSpec)", async () => {
    const bytes = ground(JSON.stringify({ version: 1, job: { type: "dense-inference" }, verifierId: 0 }));
    await world.content.put(bytes);
    await expectSkipped(await createRaw(BigInt(`0x${Buffer.from(sha256(bytes)).toString("hex")}`)), /^DeliveryInvalidSpec .*job/);
  });

  it("skips a spec that is not JSON at all (DeliveryInvalidSpec)", async () => {
    const bytes = ground("\u0000 not json");
    await world.content.put(bytes);
    await expectSkipped(
      await createRaw(BigInt(`0x${Buffer.from(sha256(bytes)).toString("hex")}`)),
      /^DeliveryInvalidSpec .*not UTF-8 JSON/,
    );
  });

  it("skips a task whose spec CID no store holds (DeliveryContentNotFound)", async () => {
    await expectSkipped(await createRaw(0x00aa_bbccn << 200n), /^DeliveryContentNotFound/);
  });

  it("skips an input of the wrong shape (DeliveryInvalidInput)", async () => {
    await expectSkipped(await createRaw(await specOf({ b: [1n, 2n, 3n] })), /^DeliveryInvalidInput .*b has 3 entries, W has 16 rows/);
  });

  it("skips a verifier it has no circuit for, and a spec naming another verifier than the task (AgentTaskUnsupported)", async () => {
    await expectSkipped(
      await createRaw(await specOf({ verifierId: 2 }), 2),
      /^AgentTaskUnsupported .*no circuit configured for verifier 2/,
    );
    await expectSkipped(
      await createRaw(await specOf({ verifierId: 1 }), 0),
      /^AgentTaskUnsupported .*the spec names verifier 1, the task 0/,
    );
  });

  it("skips requirements its hardware does not meet (a GPU it lacks)", async () => {
    await expectSkipped(
      await createRaw(await specOf({ requirements: { gpu: { count: 1, model: "H100" } } })),
      /needs 1 GPU\(s\) \(H100\), has 0/,
    );
  });

  it("skips a task below its floor price, but waits for an offer whose ramp will reach the floor", async () => {
    const records = new SqliteAgentStore({ path: ":memory:" });
    // 256 multiply-accumulates: a floor of 0.1 CAL each asks 25.6 CAL.
    const a = agent({ store: records, floorPricePerUnit: CAL / 10n });
    await a.setUp({ stake: 200n * CAL });
    const low = await createRaw(await specOf());
    const t = await world.now();
    const rising = await world.post({
      verifierId: 0,
      reward: 40n * CAL,
      offer: { minReward: 10n * CAL, rampStart: t, rampDuration: 1000n, lockDeadline: t + 1800n, replicas: 0 },
    });
    await a.runOnce();
    expect((await records.get("evm", low))?.stage).to.equal("skipped");
    expect((await records.get("evm", rising))?.stage).to.equal("watching");
    await world.evm.increaseTime(600n); // 10 + 30·0.6 = 28 CAL ≥ 25.6
    await a.runOnce();
    expect(["submitted", "done"]).to.include((await records.get("evm", rising))?.stage);
    await world.user.cancelTask({ taskId: low });
  });

  it("logs and skips an unreachable chain and keeps working on the others; health reports it", async () => {
    const down: AgentChain = {
      ...world.provider(1),
      name: "down",
      market: new Proxy({} as MarketplaceClient, {
        get: () => () => Promise.reject(new Error("connect ECONNREFUSED 127.0.0.1:1")),
      }),
    };
    const a = agent({ chains: [world.provider(0), down] });
    await a.setUp({ stake: 200n * CAL }).catch(() => undefined);
    const taskId = await world.post();
    const pass = await a.runOnce();
    expect(pass.unreachable).to.deep.equal(["down"]);
    expect((await world.user.getTask({ taskId })).status).to.equal(TaskStatus.Completed);
    const health = await a.health();
    expect(health.ok).to.equal(false);
    expect(health.unreachable).to.deep.equal(["down"]);
  });

  it("waits while the content store is unreachable, then takes the task once it is back", async () => {
    let up = false;
    const flaky: ContentStore = {
      put: (b) => world.content.put(b),
      get: (cid: CID | string) =>
        up ? world.content.get(cid) : Promise.reject(new CalctraError("DeliveryStoreUnreachable", { url: "http://127.0.0.1:5001" })),
    };
    const records = new SqliteAgentStore({ path: ":memory:" });
    const a = agent({ store: records, content: flaky });
    const taskId = await world.post();
    await a.runOnce();
    expect((await records.get("evm", taskId))?.stage).to.equal("watching");
    expect((await world.user.getTask({ taskId })).status).to.equal(TaskStatus.Open);
    up = true;
    await a.runOnce();
    expect((await world.user.getTask({ taskId })).status).to.equal(TaskStatus.Completed);
  });

  it("gives up a task whose proof takes longer than the timeout (AgentTaskTimeout), counted as failed", async () => {
    const stuck: Prover = { name: "stuck", prove: () => new Promise(() => undefined) };
    const records = new SqliteAgentStore({ path: ":memory:" });
    const a = agent({ store: records, prover: stuck, taskTimeoutMs: 200 });
    const taskId = await world.post();
    await a.runOnce();
    const rec = await records.get("evm", taskId);
    expect(rec?.stage).to.equal("failed");
    expect(rec?.reason).to.equal("timed out after 200 ms");
    expect((await a.metrics.tasksFailed.get()).values[0]?.value).to.equal(1);
  });

  it("serves /health and Prometheus /metrics with the task counters, 404 elsewhere and 405 for other methods", async () => {
    const a = agent();
    const taskId = await world.post();
    await a.runOnce();
    expect((await world.user.getTask({ taskId })).status).to.equal(TaskStatus.Completed);
    const http = await serveAgentHttp({ port: 0, metrics: a.metrics, health: () => a.health() });
    try {
      const health = (await (await fetch(`${http.url}/health`)).json()) as { ok: boolean; tasks: Record<string, number> };
      expect(health.ok).to.equal(true);
      expect(health.tasks.done).to.equal(1);
      const metrics = await (await fetch(`${http.url}/metrics`)).text();
      expect(metrics).to.match(/calctra_agent_tasks_completed_total\{chain="evm"\} 1/);
      expect(metrics).to.match(/calctra_agent_tasks_accepted_total\{chain="evm"\} 1/);
      expect(metrics).to.match(/calctra_agent_prove_seconds_count\{chain="evm",prover="native"\} 1/);
      expect(metrics).to.match(/calctra_agent_earned_cal\{chain="evm"\} 16/);
      expect((await fetch(`${http.url}/nope`)).status).to.equal(404);
      expect((await fetch(`${http.url}/health`, { method: "POST" })).status).to.equal(405);
    } finally {
      await http.close();
    }
  });
});
