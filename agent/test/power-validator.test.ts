import { expect } from "chai";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CAL } from "@calctra/core";
import { EvmPowerClient, EvmStakingClient } from "@calctra/sdk/evm";
import {
  ComputeValidator,
  ProviderAgent,
  SqliteAgentStore,
  ValidatorStore,
  nativeProver,
  serveAgentHttp,
  type ValidatorChain,
} from "../src/index.js";
import { HARDWARE, startEvmPowerWorld, type EvmPowerWorld } from "./support.js";

const RATE = 1000n;

describe("Compute validator service (DESIGN §11): round-robin challenges, expiries, fees, persistence, health and metrics", function () {
  this.timeout(600_000);
  let world: EvmPowerWorld;
  let dbPath: string;
  let chain: ValidatorChain;
  let honest: ProviderAgent;
  let inflated: ProviderAgent;

  before(async () => {
    world = await startEvmPowerWorld();
    dbPath = join(mkdtempSync(join(tmpdir(), "calctra-power-validator-")), "validator.db");
    const agent = (i: number, claimedRate: bigint) =>
      new ProviderAgent({
        chains: [world.powerProvider(i)],
        store: new SqliteAgentStore({ path: ":memory:" }),
        content: world.content,
        prover: nativeProver({ circuits: "circuits/build" }),
        hardware: HARDWARE,
        floorPricePerUnit: 0n,
        power: { claimedRate, hashRate: Number(RATE) },
      });
    honest = agent(0, RATE);
    inflated = agent(1, 10n * RATE);
    await honest.setUp({ stake: 200n * CAL });
    await inflated.setUp({ stake: 200n * CAL });
    // The validator is a provider with a claim too: it must never challenge itself.
    const base = { publicClient: world.evm.publicClient, deployment: world.evm.deployment, walletClient: world.evm.wallets[5]! };
    await new EvmPowerClient(base).declareRate({ claimedRate: RATE });
    const power = new EvmPowerClient(base);
    chain = {
      name: "evm",
      power,
      staking: new EvmStakingClient(base),
      self: world.validatorAddress,
      now: world.now,
      candidates: () => power.claimants(),
    };
  });

  const validatorWith = (challengesPerPass = 2) =>
    new ComputeValidator({ chains: [chain], store: new ValidatorStore({ path: dbPath }), challengesPerPass, claimFeesAbove: 2n * CAL });
  const recordOf = (i: number) => world.validator.getPowerRecord({ provider: world.powerProvider(i).self });

  it("challenges every provider with a claim but itself, then waits for the windows and the cooldowns", async () => {
    const validator = validatorWith();
    await validator.setUp();
    const first = await validator.runOnce();
    expect(first.opened).to.equal(2);
    expect((await recordOf(0)).openChallenge).to.not.equal(0n);
    expect((await recordOf(1)).openChallenge).to.not.equal(0n);
    expect((await world.validator.getPowerRecord({ provider: world.validatorAddress })).openChallenge).to.equal(0n);
    const again = await validator.runOnce();
    expect(again).to.deep.include({ opened: 0, expired: 0 });
  });

  it("records the honest provider's answer as passed, expires the inflated one's after its window, and claims its fees", async () => {
    await honest.runOnce();
    await inflated.runOnce();
    const validator = validatorWith();
    const before = await validator.runOnce();
    expect(before).to.deep.include({ closed: 1, expired: 0, opened: 0 });
    await world.evm.increaseTime(61n);
    const after = await validator.runOnce();
    expect(after.expired).to.equal(1);
    expect(after.closed).to.equal(1);
    expect(after.claimed).to.equal(2n * CAL);
    expect((await recordOf(1)).failuresInRow).to.equal(1n);
    expect((await recordOf(0)).powerPassed).to.equal(1n);
    expect((await world.validator.getValidator({ validator: world.validatorAddress })).feesOwed).to.equal(0n);
    const health = await validator.health();
    expect(health.ok).to.equal(true);
    expect(health.challenges).to.deep.equal({ passed: 1, expired: 1 });
  });

  it("after a restart resumes from its database and challenges again once the cooldown is over, serving /health and /metrics", async () => {
    const validator = validatorWith(1);
    expect((await validator.runOnce()).opened).to.equal(0);
    await world.evm.increaseTime(600n);
    const pass = await validator.runOnce();
    expect(pass.opened).to.equal(1);
    const http = await serveAgentHttp({ port: 0, metrics: validator.metrics, health: () => validator.health() });
    try {
      const health = (await (await fetch(`${http.url}/health`)).json()) as { ok: boolean; challenges: Record<string, number> };
      expect(health.ok).to.equal(true);
      expect(health.challenges.open).to.equal(1);
      const metrics = await (await fetch(`${http.url}/metrics`)).text();
      expect(metrics).to.contain('calctra_power_validator_challenges_opened_total{chain="evm"} 1');
      expect(metrics).to.contain("calctra_power_validator_open_challenges 1");
    } finally {
      await http.close();
    }
  });

  it("adopts a challenge it sent but did not record (a kill after sending) and expires it when due", async () => {
    await world.evm.increaseTime(600n);
    // Sent by the validator's key outside the service (as if the service died before recording it).
    const open = await Promise.all([0, 1].map(recordOf));
    const target = open[0]!.openChallenge === 0n ? 0 : 1;
    const { challengeId } = await world.validator.challenge({ provider: world.powerProvider(target).self });
    await world.evm.increaseTime(61n);
    const validator = validatorWith(1);
    const pass = await validator.runOnce();
    expect(pass.expired).to.be.at.least(1);
    const store = new ValidatorStore({ path: dbPath });
    expect((await store.get("evm", challengeId))?.status).to.equal("expired");
    await store.close();
  });
});
