import { expect } from "chai";
import { CAL, TaskStatus, type MarketplaceClient } from "@calctra/core";
import { AgentKilled, PgAgentStore, ProviderAgent, nativeProver, type AgentChain } from "../src/index.js";
import { startPgServer, type PgServer } from "@calctra/devnet/pg";
import { HARDWARE, startEvmAgentWorld, type EvmAgentWorld } from "./support.js";

describe("Provider agent on PostgreSQL: several instances of one provider share the work, each task worked once", function () {
  this.timeout(600_000);
  let pg: PgServer;
  let world: EvmAgentWorld;
  before(async () => {
    pg = await startPgServer();
    world = await startEvmAgentWorld();
  });
  after(async () => {
    await pg?.stop();
  });

  it("gives a task's lease to one instance at a time, and to another once it expires", async () => {
    const url = await pg.createDatabase("leases");
    const a = await PgAgentStore.open({ connectionString: url, owner: "a" });
    const b = await PgAgentStore.open({ connectionString: url, owner: "b" });
    try {
      expect(await a.lease("evm", 1n, 60_000)).to.equal(true);
      expect(await b.lease("evm", 1n, 60_000)).to.equal(false);
      expect(await a.lease("evm", 1n, 60_000)).to.equal(true);
      expect(await a.lease("evm", 2n, 1)).to.equal(true);
      await new Promise((r) => setTimeout(r, 5));
      expect(await b.lease("evm", 2n, 60_000)).to.equal(true);
      await a.setCursor("evm", 9n);
      await b.setCursor("evm", 4n);
      expect(await a.cursor("evm")).to.equal(9n);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it("two instances with one key complete three tasks, each accepted and submitted once, across a kill and a restart", async () => {
    const url = await pg.createDatabase("agents");
    const counts = new Map<string, number>();
    const chain = world.provider(0);
    const market = new Proxy(chain.market, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver);
        if ((prop === "acceptTask" || prop === "submitResult") && typeof value === "function")
          return (args: { taskId: bigint }) => {
            counts.set(`${prop}:${args.taskId}`, (counts.get(`${prop}:${args.taskId}`) ?? 0) + 1);
            return (value as (a: unknown) => Promise<unknown>).call(target, args);
          };
        return typeof value === "function" ? value.bind(target) : value;
      },
    }) as MarketplaceClient;
    const counted: AgentChain = { ...chain, market };
    const stores: PgAgentStore[] = [];
    const open = async (owner: string) => {
      const s = await PgAgentStore.open({ connectionString: url, owner });
      stores.push(s);
      return s;
    };
    const instance = async (owner: string, kill?: bigint) =>
      new ProviderAgent({
        chains: [counted],
        store: await open(owner),
        content: world.content,
        prover: nativeProver({ circuits: "circuits/build" }),
        hardware: HARDWARE,
        floorPricePerUnit: 0n,
        concurrency: 3,
        ...(kill === undefined
          ? {}
          : {
              faults: (point: string, _c: string, id: bigint) => {
                if (point === "after:accept" && id === kill) throw new AgentKilled(point);
              },
            }),
      });
    await (await instance("setup")).setUp({ stake: 200n * CAL });
    const ids = [await world.post(), await world.post(), await world.post()];
    // Instance "one" dies right after its accept of the first task reached the chain, before recording it.
    const killed = await instance("one", ids[0]);
    expect(await killed.runOnce().catch((e: unknown) => e)).to.be.instanceOf(AgentKilled);
    // "two" runs alongside while "one" restarts under the same name: the first task's lease is still "one"'s.
    const two = await instance("two");
    const restarted = await instance("one");
    try {
      await Promise.all([two.runOnce(), restarted.runOnce()]);
      await Promise.all([two.runOnce(), restarted.runOnce()]);
    } finally {
      for (const s of stores) await s.close();
    }
    for (const id of ids) {
      expect((await world.user.getTask({ taskId: id })).status, `task ${id}`).to.equal(TaskStatus.Completed);
      expect(counts.get(`acceptTask:${id}`), `accepts of ${id}`).to.equal(1);
      expect(counts.get(`submitResult:${id}`), `submits of ${id}`).to.equal(1);
    }
  });
});
