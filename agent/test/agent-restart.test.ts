import { expect } from "chai";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CAL, TaskStatus, type MarketplaceClient } from "@calctra/core";
import { denseForward } from "@calctra/core/zk";
import { waitForResult } from "@calctra/sdk/delivery";
import { AgentKilled, ProviderAgent, SqliteAgentStore, nativeProver, type AgentChain, type AgentStep } from "../src/index.js";
import { HARDWARE, layer, startEvmAgentWorld, type EvmAgentWorld } from "./support.js";

const WRITES = ["acceptTask", "submitResult", "publishResult", "commitResult", "revealResult", "finalize", "settle"] as const;

/** The chain's client with every write attempt counted (a refused attempt counts too). */
function counting(chain: AgentChain, counts: Map<string, number>): AgentChain {
  const market = new Proxy(chain.market, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof prop === "string" && (WRITES as readonly string[]).includes(prop) && typeof value === "function") {
        return (args: { taskId: bigint }) => {
          const key = `${prop}:${args.taskId}`;
          counts.set(key, (counts.get(key) ?? 0) + 1);
          return (value as (a: unknown) => Promise<unknown>).call(target, args);
        };
      }
      return typeof value === "function" ? value.bind(target) : value;
    },
  }) as MarketplaceClient;
  return { ...chain, market };
}

describe("Provider agent restarts: killed at any step, it neither loses a task nor sends a step twice", function () {
  this.timeout(900_000);
  let world: EvmAgentWorld;
  let dbPath: string;
  before(async () => {
    world = await startEvmAgentWorld();
    dbPath = join(mkdtempSync(join(tmpdir(), "calctra-agent-db-")), "agent.db");
  });

  const agentWith = (chain: AgentChain, faults?: (point: string, chain: string, taskId: bigint) => void) =>
    new ProviderAgent({
      chains: [chain],
      store: new SqliteAgentStore({ path: dbPath }),
      content: world.content,
      prover: nativeProver({ circuits: "circuits/build" }),
      hardware: HARDWARE,
      floorPricePerUnit: 0n,
      ...(faults ? { faults } : {}),
    });

  const points: `${"before" | "after"}:${AgentStep}`[] = [
    "before:accept",
    "after:accept",
    "before:compute",
    "before:prove",
    "before:publish",
    "after:publish",
    "before:submit",
    "after:submit",
  ];
  for (const point of points) {
    it(`completes a proved task once after a kill at ${point}`, async () => {
      const counts = new Map<string, number>();
      const chain = counting(world.provider(0), counts);
      await agentWith(chain).setUp({ stake: 200n * CAL });
      const taskId = await world.post();
      let killed = false;
      const first = agentWith(chain, (p, _c, id) => {
        if (p === point && id === taskId && !killed) {
          killed = true;
          throw new AgentKilled(p);
        }
      });
      const refusal = await first.runOnce().catch((e: unknown) => e);
      expect(refusal).to.be.instanceOf(AgentKilled);
      // Killed before its submit reached the chain, the task is still unpaid (a proved submit pays at once).
      if (point !== "after:submit") expect((await world.user.getTask({ taskId })).status).to.not.equal(TaskStatus.Completed);
      // A new process: nothing carried over but the database file.
      await agentWith(chain).runOnce();
      expect((await world.user.getTask({ taskId })).status).to.equal(TaskStatus.Completed);
      expect(counts.get(`acceptTask:${taskId}`)).to.equal(1);
      expect(counts.get(`submitResult:${taskId}`)).to.equal(1);
      expect(counts.get(`publishResult:${taskId}`)).to.equal(1);
      const received = await waitForResult({
        market: world.user,
        taskId,
        store: world.content,
        secretKey: world.keys.secretKey,
        curve: "bn254",
        pollMs: 10,
      });
      expect(received.output).to.deep.equal(denseForward(layer()));
    });
  }

  for (const point of ["after:commit", "before:reveal", "after:reveal", "before:settle"] as const) {
    it(`settles a two-replica task once after one agent is killed at ${point}`, async () => {
      const counts = new Map<string, number>();
      const a = counting(world.provider(1), counts);
      const b = counting(world.provider(2), counts);
      const dbB = join(mkdtempSync(join(tmpdir(), "calctra-agent-db-")), "b.db");
      const agentB = () =>
        new ProviderAgent({
          chains: [b],
          store: new SqliteAgentStore({ path: dbB }),
          content: world.content,
          prover: nativeProver({ circuits: "circuits/build" }),
          hardware: HARDWARE,
          floorPricePerUnit: 0n,
        });
      await agentWith(a).setUp({ stake: 200n * CAL });
      await agentB().setUp({ stake: 200n * CAL });
      const t = await world.now();
      const taskId = await world.post({
        verifierId: 0,
        offer: { minReward: 20n * CAL, rampStart: t, rampDuration: 0n, lockDeadline: t + 1800n, replicas: 2 },
      });
      let killed = false;
      const kill = (p: string, _c: string, id: bigint) => {
        if (p === point && id === taskId && !killed) {
          killed = true;
          throw new AgentKilled(p);
        }
      };
      const other = agentB();
      // Agent A accepts and commits, B likewise; A is killed where the point says, and a new A goes on until settled.
      for (let i = 0; i < 4 && (await world.user.getTask({ taskId })).status !== TaskStatus.Completed; i++) {
        await agentWith(a, kill)
          .runOnce()
          .catch((e: unknown) => {
            if (!(e instanceof AgentKilled)) throw e;
          });
        await other.runOnce();
      }
      expect(killed).to.equal(true);
      expect((await world.user.getTask({ taskId })).status).to.equal(TaskStatus.Completed);
      for (const w of ["acceptTask", "commitResult", "revealResult", "publishResult"]) expect(counts.get(`${w}:${taskId}`), w).to.equal(2);
      const received = await waitForResult({
        market: world.user,
        taskId,
        store: world.content,
        secretKey: world.keys.secretKey,
        pollMs: 10,
      });
      expect(received.output).to.deep.equal(denseForward(layer()));
    });
  }
});
