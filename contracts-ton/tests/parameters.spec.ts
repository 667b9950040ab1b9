import { expect } from "chai";
import "@ton/test-utils";
import type { BlockchainSnapshot } from "@ton/sandbox";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { err } from "../wrappers/abi";
import { CONTRACTS_DIR } from "../wrappers/compile";
import { Marketplace, PARAM, ROLE, setParameterBody } from "../wrappers/Marketplace";
import { Power, POWER_PARAM } from "../wrappers/Power";
import { Staking } from "../wrappers/Staking";
import { type Env, setup } from "./fixtures";

type ParameterValue = { name: string; paramId: number; value: string; accepted: boolean; error: string | null };
type Vectors = {
  parameters: Record<string, { id: number; owner: string; min: string; max: string }>;
  parameterValues: ParameterValue[];
  roles: Record<string, number>;
};
const vectors = JSON.parse(readFileSync(join(CONTRACTS_DIR, "..", "..", "test", "vectors", "governance.json"), "utf-8")) as Vectors;

describe("One parameter setter and one role setter (SetParameter, SetRole)", () => {
  let env: Env;
  let base: BlockchainSnapshot;
  before(async () => {
    env = await setup();
    base = env.blockchain.snapshot();
  });
  beforeEach(async () => {
    await env.blockchain.loadFrom(base);
  });

  const targetOf = (id: number) => (id === PARAM.minStake || id === PARAM.unbondingPeriod ? "staking" : "marketplace");
  const send = async (target: "staking" | "marketplace", id: number, value: bigint) => {
    const body = setParameterBody(id, value);
    return target === "staking"
      ? env.staking.sendRaw(env.deployer.getSender(), body)
      : env.marketplace.sendRaw(env.deployer.getSender(), body);
  };
  const readBack = async (id: number): Promise<bigint> => {
    const m = await env.marketplace.getData();
    const s = await env.staking.getParams();
    switch (id) {
      case PARAM.minStake:
        return s.minStake;
      case PARAM.unbondingPeriod:
        return BigInt(s.unbondingPeriod);
      case PARAM.challengePeriod:
        return BigInt(m.challengePeriod);
      case PARAM.slashBps:
        return BigInt(m.slashBps);
      case PARAM.revealPeriod:
        return BigInt(m.revealPeriod);
      default:
        return (BigInt(m.providerBps) << 32n) | (BigInt(m.treasuryBps) << 16n) | BigInt(m.creatorBps);
    }
  };

  const readPower = async (id: number): Promise<bigint> => {
    const p = await env.blockchain.openContract(Power.at(env.staking.address)).getPowerParams();
    const byId: Record<number, bigint> = {
      [POWER_PARAM.responseWindow]: p.responseWindow,
      [POWER_PARAM.powerNonces]: BigInt(p.powerNonces),
      [POWER_PARAM.powerCooldown]: p.powerCooldown,
      [POWER_PARAM.maxPowerFailures]: p.maxPowerFailures,
      [POWER_PARAM.powerSlashBps]: p.powerSlashBps,
      [POWER_PARAM.validatorFee]: p.validatorFee,
      [POWER_PARAM.validatorBudget]: p.validatorBudget,
    };
    return byId[id]!;
  };

  it("revealPeriod (id 7, marketplace): default, bounds inclusive and refusals as parameters.json gives them", async () => {
    const b = JSON.parse(readFileSync(join(CONTRACTS_DIR, "..", "..", "test", "vectors", "parameters.json"), "utf-8")).revealPeriod as {
      default: string;
      min: string;
      max: string;
    };
    expect(BigInt((await env.marketplace.getData()).revealPeriod)).to.equal(BigInt(b.default));
    for (const v of [BigInt(b.min), BigInt(b.max)]) {
      const r = await send("marketplace", PARAM.revealPeriod, v);
      expect(r.transactions).to.have.transaction({ to: env.marketplace.address, success: true });
      expect(await readBack(PARAM.revealPeriod)).to.equal(v);
    }
    for (const v of [BigInt(b.min) - 1n, BigInt(b.max) + 1n]) {
      const r = await send("marketplace", PARAM.revealPeriod, v);
      expect(r.transactions).to.have.transaction({ to: env.marketplace.address, exitCode: err("MarketplaceParameterOutOfBounds") });
    }
    expect(await readBack(PARAM.revealPeriod)).to.equal(BigInt(b.max));
    const r = await send("staking", PARAM.revealPeriod, 3600n);
    expect(r.transactions).to.have.transaction({ to: env.staking.address, exitCode: err("GovernanceUnknownParameter") });
  });

  it("the parameter ids and owners are the CONVENTIONS table (governance.json parameters)", () => {
    for (const [name, p] of Object.entries(vectors.parameters)) {
      expect({ ...PARAM, ...POWER_PARAM }[name as keyof typeof PARAM], name).to.equal(p.id);
    }
    expect(vectors.roles).to.deep.include({ arbiter: ROLE.arbiter, treasury: ROLE.treasury, pauser: ROLE.pauser });
  });

  it("applies every accepted parameterValues vector on its owner and refuses every other with the vector's error name", async () => {
    let checked = 0;
    let powerChecked = 0;
    for (const v of vectors.parameterValues) {
      const value = BigInt(v.value);
      const owner = vectors.parameters[Object.keys(vectors.parameters).find((n) => vectors.parameters[n]!.id === v.paramId) ?? ""]?.owner;
      if (owner === "staking" || owner === "marketplace") {
        const r = await send(owner, v.paramId, value);
        if (v.accepted) {
          expect(r.transactions, v.name).to.have.transaction({
            to: owner === "staking" ? env.staking.address : env.marketplace.address,
            success: true,
          });
          expect(await readBack(v.paramId), v.name).to.equal(value);
        } else {
          expect(r.transactions, v.name).to.have.transaction({
            to: owner === "staking" ? env.staking.address : env.marketplace.address,
            exitCode: err(v.error!),
          });
        }
        checked++;
      } else if (owner === "power") {
        // TON's power table lives in staking (ids 8..14); the marketplace does not own them.
        const r = await send("staking", v.paramId, value);
        if (v.accepted) {
          expect(r.transactions, v.name).to.have.transaction({ to: env.staking.address, success: true });
          expect(await readPower(v.paramId), v.name).to.equal(value);
        } else expect(r.transactions, v.name).to.have.transaction({ to: env.staking.address, exitCode: err(v.error!) });
        const m = await send("marketplace", v.paramId, value);
        expect(m.transactions, `${v.name} at marketplace`).to.have.transaction({ exitCode: err("GovernanceUnknownParameter") });
        powerChecked++;
        checked++;
      } else {
        // the executor's own parameter (executionDelay) or an unknown id: neither staking nor the marketplace owns it
        for (const target of ["staking", "marketplace"] as const) {
          const r = await send(target, v.paramId, value);
          expect(r.transactions, `${v.name} at ${target}`).to.have.transaction({ exitCode: err("GovernanceUnknownParameter") });
        }
        checked++;
      }
    }
    expect(checked).to.equal(vectors.parameterValues.length);
    expect(powerChecked).to.equal(26);
  });

  it("each owner refuses the other's ids with GovernanceUnknownParameter and only the admin sets parameters", async () => {
    for (const id of [PARAM.challengePeriod, PARAM.slashBps, PARAM.feeSplit]) {
      const r = await send("staking", id, 1n);
      expect(r.transactions).to.have.transaction({ to: env.staking.address, exitCode: err("GovernanceUnknownParameter") });
    }
    for (const id of [PARAM.minStake, PARAM.unbondingPeriod]) {
      const r = await send("marketplace", id, 3600n);
      expect(r.transactions).to.have.transaction({ to: env.marketplace.address, exitCode: err("GovernanceUnknownParameter") });
    }
    const before = await readBack(PARAM.challengePeriod);
    const a = await env.marketplace.sendRaw(env.anyone.getSender(), setParameterBody(PARAM.challengePeriod, 7200n));
    expect(a.transactions).to.have.transaction({ to: env.marketplace.address, exitCode: err("Unauthorized") });
    const b = await env.staking.sendRaw(env.anyone.getSender(), Staking.setParamBody(PARAM.minStake, 5_000_000_000n));
    expect(b.transactions).to.have.transaction({ to: env.staking.address, exitCode: err("Unauthorized") });
    expect(await readBack(PARAM.challengePeriod)).to.equal(before);
    expect(targetOf(PARAM.feeSplit)).to.equal("marketplace");
  });

  it("SetRole appoints the arbiter (0), treasury (1) and pauser (2); an unknown role or a missing account is refused", async () => {
    const who = env.anyone.address;
    for (const role of [ROLE.arbiter, ROLE.treasury, ROLE.pauser]) {
      const r = await env.marketplace.sendRaw(env.deployer.getSender(), Marketplace.setRoleBody(role, who));
      expect(r.transactions).to.have.transaction({ to: env.marketplace.address, success: true });
    }
    const roles = await env.marketplace.getRoles();
    expect(roles.arbiter.equals(who)).to.equal(true);
    expect(roles.pauser.equals(who)).to.equal(true);
    expect((await env.marketplace.getLinks()).treasury.equals(who)).to.equal(true);
    for (const role of [3, 4]) {
      const r = await env.marketplace.sendRaw(env.deployer.getSender(), Marketplace.setRoleBody(role, who));
      expect(r.transactions).to.have.transaction({ to: env.marketplace.address, exitCode: err("GovernanceInvalidAction") });
    }
    const none = await env.marketplace.sendRaw(env.deployer.getSender(), Marketplace.setRoleBody(ROLE.arbiter, null));
    expect(none.transactions).to.have.transaction({ to: env.marketplace.address, exitCode: err("MarketplaceZeroAddress") });
    const stranger = await env.marketplace.sendRaw(env.anyone.getSender(), Marketplace.setRoleBody(ROLE.arbiter, env.user.address));
    expect(stranger.transactions).to.have.transaction({ to: env.marketplace.address, exitCode: err("Unauthorized") });
  });
});
