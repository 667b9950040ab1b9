import { expect } from "chai";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CAL, type PowerClient } from "@calctra/core";
import {
  AgentKilled,
  ProviderAgent,
  SqliteAgentStore,
  nativePowerSolver,
  nativeProver,
  type AgentChain,
  type AgentPowerParameters,
  type PowerSolver,
} from "../src/index.js";
import { HARDWARE, startEvmPowerWorld, type EvmPowerWorld } from "./support.js";

/** 1,000 hashes/s over the 60 s window with m = 8: about 20,000 hashes to answer. */
const RATE = 1000n;

/** The chain's power client with its `respond` calls counted (a refused call counts too). */
function countingResponds(chain: AgentChain, counter: { responds: number }): AgentChain {
  const power = new Proxy(chain.power!, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (prop === "respond" && typeof value === "function")
        return (args: unknown) => {
          counter.responds++;
          return (value as (a: unknown) => Promise<unknown>).call(target, args);
        };
      return typeof value === "function" ? value.bind(target) : value;
    },
  }) as PowerClient;
  return { ...chain, power };
}

describe("Provider agent answers power challenges (DESIGN §11): solved natively, answered in the window, restart-safe", function () {
  this.timeout(600_000);
  let world: EvmPowerWorld;
  let dbPath: string;
  before(async () => {
    world = await startEvmPowerWorld();
    dbPath = join(mkdtempSync(join(tmpdir(), "calctra-agent-power-")), "agent.db");
  });

  const agentWith = (
    chain: AgentChain,
    power: AgentPowerParameters,
    faults?: (point: string, chain: string, id: bigint) => void,
    path = dbPath,
  ) =>
    new ProviderAgent({
      chains: [chain],
      store: new SqliteAgentStore({ path }),
      content: world.content,
      prover: nativeProver({ circuits: "circuits/build" }),
      hardware: HARDWARE,
      floorPricePerUnit: 0n,
      power,
      ...(faults ? { faults } : {}),
    });
  const provider = (i: number) => world.powerProvider(i);
  const address = (i: number) => provider(i).self;
  const nextChallenge = async (i: number) => {
    await world.evm.increaseTime(600n);
    return (await world.validator.challenge({ provider: address(i) })).challengeId;
  };

  it("declares the configured rate at setUp and answers a challenge in its next pass, counting it", async () => {
    const agent = agentWith(provider(0), { claimedRate: RATE });
    await agent.setUp({ stake: 200n * CAL });
    expect((await world.validator.getPowerRecord({ provider: address(0) })).claimedRate).to.equal(RATE);
    const { challengeId } = await world.validator.challenge({ provider: address(0) });
    const pass = await agent.runOnce();
    expect(pass.challengesAnswered).to.equal(1);
    const rec = await world.validator.getPowerRecord({ provider: address(0) });
    expect(rec).to.deep.include({ powerPassed: 1n, failuresInRow: 0n, openChallenge: 0n });
    expect(rec.verifiedPower).to.equal(RATE / 2n);
    expect((await agent.health()).challenges).to.deep.equal({ answered: 1 });
    const metrics = await agent.metrics.registry.getSingleMetricAsString("calctra_agent_power_challenges_answered_total");
    expect(metrics).to.contain('calctra_agent_power_challenges_answered_total{chain="evm"} 1');
    expect(challengeId).to.equal(1n);
  });

  it("never answers a challenge twice: later passes leave the closed challenge alone", async () => {
    const counter = { responds: 0 };
    const agent = agentWith(countingResponds(provider(0), counter), { claimedRate: RATE });
    await nextChallenge(0);
    await agent.runOnce();
    await agent.runOnce();
    await agent.runOnce();
    expect(counter.responds).to.equal(1);
    expect((await world.validator.getPowerRecord({ provider: address(0) })).powerPassed).to.equal(2n);
  });

  it("recovers from a kill between solving and responding: the restarted agent answers with the recorded nonces, without solving again", async () => {
    const challengeId = await nextChallenge(0);
    const first = agentWith(provider(0), { claimedRate: RATE }, (point, _chain, id) => {
      if (point === "after:solve" && id === challengeId) throw new AgentKilled(point);
    });
    expect(await first.runOnce().catch((e: unknown) => e)).to.be.instanceOf(AgentKilled);
    expect((await world.validator.getPowerRecord({ provider: address(0) })).openChallenge).to.equal(challengeId);
    let solves = 0;
    const counting: PowerSolver = async (p) => {
      solves++;
      return nativePowerSolver(p);
    };
    const counter = { responds: 0 };
    const second = agentWith(countingResponds(provider(0), counter), { claimedRate: RATE, solve: counting });
    expect((await second.runOnce()).challengesAnswered).to.equal(1);
    expect(solves).to.equal(0);
    expect(counter.responds).to.equal(1);
    expect((await world.validator.getPowerRecord({ provider: address(0) })).powerPassed).to.equal(3n);
  });

  it("recovers from a kill after its answer was sent but not recorded: the restart records it answered and sends nothing", async () => {
    const challengeId = await nextChallenge(0);
    const first = agentWith(provider(0), { claimedRate: RATE }, (point, _chain, id) => {
      if (point === "after:respond" && id === challengeId) throw new AgentKilled(point);
    });
    expect(await first.runOnce().catch((e: unknown) => e)).to.be.instanceOf(AgentKilled);
    const counter = { responds: 0 };
    const second = agentWith(countingResponds(provider(0), counter), { claimedRate: RATE });
    await second.runOnce();
    expect(counter.responds).to.equal(0);
    const store = new SqliteAgentStore({ path: dbPath });
    expect((await store.getPower("evm", challengeId))?.stage).to.equal("answered");
    await store.close();
    expect((await world.validator.getPowerRecord({ provider: address(0) })).powerPassed).to.equal(4n);
  });

  it("misses a challenge sized to a claim ten times its machine's rate: the window's hashes run out and it is recorded missed", async () => {
    const path = join(mkdtempSync(join(tmpdir(), "calctra-agent-power-")), "inflated.db");
    const agent = agentWith(provider(1), { claimedRate: 10n * RATE, hashRate: Number(RATE) }, undefined, path);
    await agent.setUp({ stake: 200n * CAL });
    const challengeId = (await world.validator.challenge({ provider: address(1) })).challengeId;
    const counter = { responds: 0 };
    const watched = agentWith(countingResponds(provider(1), counter), { claimedRate: 10n * RATE, hashRate: Number(RATE) }, undefined, path);
    expect((await watched.runOnce()).challengesAnswered).to.equal(0);
    expect(counter.responds).to.equal(0);
    const store = new SqliteAgentStore({ path });
    const rec = await store.getPower("evm", challengeId);
    expect(rec?.stage).to.equal("missed");
    expect(BigInt(rec!.hashes!) <= RATE * 55n).to.equal(true);
    await store.close();
    const missed = await watched.metrics.registry.getSingleMetricAsString("calctra_agent_power_challenges_missed_total");
    expect(missed).to.contain('calctra_agent_power_challenges_missed_total{chain="evm"} 1');
    await world.evm.increaseTime(61n);
    await world.validator.expireChallenge({ provider: address(1) });
    expect((await world.validator.getPowerRecord({ provider: address(1) })).failuresInRow).to.equal(1n);
  });

  it("leaves challenges alone when it has no power settings, and works tasks as before", async () => {
    const agent = new ProviderAgent({
      chains: [provider(2)],
      store: new SqliteAgentStore({ path: ":memory:" }),
      content: world.content,
      prover: nativeProver({ circuits: "circuits/build" }),
      hardware: HARDWARE,
      floorPricePerUnit: 0n,
    });
    await agent.setUp({ stake: 200n * CAL });
    expect((await world.validator.getPowerRecord({ provider: address(2) })).claimedRate).to.equal(0n);
    expect((await agent.runOnce()).challengesAnswered).to.equal(0);
  });

  it("declares this machine's measured rate at setUp when no rate is configured", async () => {
    const agent = agentWith(provider(2), { measureMs: 300 }, undefined, ":memory:");
    await agent.setUp({ stake: 200n * CAL });
    expect((await world.validator.getPowerRecord({ provider: address(2) })).claimedRate > 0n).to.equal(true);
  });
});
