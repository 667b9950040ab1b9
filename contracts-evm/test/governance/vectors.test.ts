import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { getAddress, type Hex } from "viem";
import { networkHelpers, viem, deploySuite } from "../helpers/fixture.js";

/** test/vectors/governance.json, read in place. */
const governance = JSON.parse(readFileSync(new URL("../../../test/vectors/governance.json", import.meta.url), "utf8")) as {
  parameters: Record<string, { id: number; owner: "staking" | "marketplace" | "executor"; default: string; min: string; max: string }>;
  parameterValues: { name: string; paramId: number; value: string; accepted: boolean; error: string | null }[];
  ops: Record<string, number>;
  roles: Record<string, number>;
  pauseTargets: Record<string, number>;
  actions: { name: string; action: JsonAction; encoded: Hex }[];
  actionLists: { name: string; actions: JsonAction[]; encoded: Hex }[];
  invalidActionLists: { name: string; encoded: Hex; error: string }[];
};

/** An action as the vectors write it (bigints as decimal strings). */
type JsonAction = Record<string, unknown> & { kind: string };

/** The decoded fields the library must produce for a vector action (only those of its op). */
function expected(a: JsonAction) {
  const op = governance.ops[a.kind]!;
  const base = {
    op,
    id: 0,
    value: 0n,
    role: 0,
    account: ZERO32,
    signers: [] as string[],
    threshold: 0,
    retention: 0,
    domain: 0,
    enabled: false,
    inboundCapacity: 0n,
    inboundRatePerSecond: 0n,
    outboundCapacity: 0n,
    outboundRatePerSecond: 0n,
  };
  switch (a.kind) {
    case "setParameter":
      return { ...base, id: a.paramId as number, value: BigInt(a.value as string) };
    case "setVerifier":
      return { ...base, id: a.verifierId as number, account: a.verifier as string };
    case "setRole":
      return { ...base, role: governance.roles[a.role as string]!, account: a.account as string };
    case "setValidatorSet":
      return {
        ...base,
        signers: (a.signers as string[]).map((x) => getAddress(x)),
        threshold: a.threshold as number,
        retention: a.retention as number,
      };
    case "setRemoteDomain":
      return {
        ...base,
        domain: a.domain as number,
        enabled: a.enabled as boolean,
        account: a.bridge as string,
        inboundCapacity: BigInt(a.inboundCapacity as string),
        inboundRatePerSecond: BigInt(a.inboundRatePerSecond as string),
        outboundCapacity: BigInt(a.outboundCapacity as string),
        outboundRatePerSecond: BigInt(a.outboundRatePerSecond as string),
      };
    default:
      return { ...base, role: governance.pauseTargets[a.target as string]! };
  }
}

const ZERO32 = `0x${"00".repeat(32)}`;

async function deployHarness() {
  return viem.deployContract("GovernanceActionsHarness");
}

const ownerOf = (id: number) => Object.values(governance.parameters).find((p) => p.id === id)?.owner;

describe("Governance vectors (test/vectors/governance.json)", () => {
  it(`applies or refuses every parameter value on its owner, and refuses it elsewhere (${governance.parameterValues.length} cases)`, async () => {
    const s = await networkHelpers.loadFixture(deploySuite);
    assert.ok(governance.parameterValues.length > 0);
    // Each contract checked on its own (their ABIs differ); an id another owner holds is unknown here.
    const check = async (
      owner: string,
      call: Promise<`0x${string}`>,
      contract: { abi: readonly unknown[] },
      c: (typeof governance.parameterValues)[number],
    ) => {
      const target = contract as Parameters<typeof viem.assertions.revertWithCustomError>[1];
      if (ownerOf(c.paramId) !== owner)
        await viem.assertions.revertWithCustomErrorWithArgs(call, target, "GovernanceUnknownParameter", [c.paramId]);
      else if (c.accepted) await viem.assertions.emitWithArgs(call, target, "ParameterUpdated", [c.paramId, BigInt(c.value)]);
      else await viem.assertions.revertWithCustomError(call, target, c.error ?? "");
    };
    for (const c of governance.parameterValues) {
      await check("staking", s.staking.write.setParameter([c.paramId, BigInt(c.value)]), s.staking, c);
      await check("marketplace", s.marketplace.write.setParameter([c.paramId, BigInt(c.value)]), s.marketplace, c);
    }
  });

  it("starts every staking and marketplace parameter at the table's default", async () => {
    const s = await networkHelpers.loadFixture(deploySuite);
    const p = governance.parameters;
    const [pBps, tBps, cBps] = await s.marketplace.read.feeSplit();
    assert.equal(await s.staking.read.minStake(), BigInt(p.minStake!.default));
    assert.equal(await s.staking.read.unbondingPeriod(), BigInt(p.unbondingPeriod!.default));
    assert.equal(await s.marketplace.read.challengePeriod(), BigInt(p.challengePeriod!.default));
    assert.equal(await s.marketplace.read.slashBps(), BigInt(p.slashBps!.default));
    assert.equal((pBps << 32n) | (tBps << 16n) | cBps, BigInt(p.feeSplit!.default));
  });

  it("decodes every single-action vector to its fields", async () => {
    const h = await networkHelpers.loadFixture(deployHarness);
    assert.ok(governance.actions.length >= 14);
    for (const c of governance.actions) {
      const decoded = await h.read.decode([c.encoded]);
      assert.equal(decoded.length, 1, c.name);
      assert.deepEqual({ ...decoded[0]!, signers: [...decoded[0]!.signers] }, expected(c.action), c.name);
    }
  });

  it("decodes every action-list vector in order", async () => {
    const h = await networkHelpers.loadFixture(deployHarness);
    assert.ok(governance.actionLists.length > 0);
    for (const c of governance.actionLists) {
      const decoded = await h.read.decode([c.encoded]);
      assert.deepEqual(
        decoded.map((d) => ({ ...d, signers: [...d.signers] })),
        c.actions.map(expected),
        c.name,
      );
    }
  });

  it(`refuses every invalid action list with GovernanceInvalidAction (${governance.invalidActionLists.length} cases)`, async () => {
    const h = await networkHelpers.loadFixture(deployHarness);
    assert.ok(governance.invalidActionLists.length >= 11);
    for (const c of governance.invalidActionLists) {
      assert.equal(c.error, "GovernanceInvalidAction");
      await viem.assertions.revertWithCustomError(h.read.decode([c.encoded]), h, "GovernanceInvalidAction");
    }
  });
});
