import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { getAddress, keccak256, type Hex } from "viem";
import { networkHelpers, viem, deploySuite } from "../helpers/fixture.js";

/** test/vectors/governance.json, read in place. */
const governance = JSON.parse(readFileSync(new URL("../../../test/vectors/governance.json", import.meta.url), "utf8")) as {
  parameters: Record<
    string,
    { id: number; owner: "staking" | "marketplace" | "executor" | "power"; default: string; min: string; max: string }
  >;
  parameterValues: { name: string; paramId: number; value: string; accepted: boolean; error: string | null }[];
  ops: Record<string, number>;
  roles: Record<string, number>;
  pauseTargets: Record<string, number>;
  actions: { name: string; action: JsonAction; encoded: Hex }[];
  actionLists: { name: string; actions: JsonAction[]; encoded: Hex }[];
  invalidActionLists: { name: string; encoded: Hex; error: string }[];
  kinds: Record<string, number>;
  messages: {
    name: string;
    message: {
      version: number;
      srcDomain: number;
      dstDomain: number;
      sender: Hex;
      payload: Record<string, unknown> & { kind: string };
    };
    encoded: Hex;
    messageId: Hex;
  }[];
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
const ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";

/** A power registry governed by the suite's deployer, like Staking and the marketplace in the fixture. */
async function deployPowerRegistry(s: Awaited<ReturnType<typeof deploySuite>>) {
  return viem.deployContract("PowerRegistry", [s.token.address, s.staking.address, s.treasury.account.address, s.deployer.account.address]);
}

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
    const power = await deployPowerRegistry(s);
    assert.ok(governance.parameterValues.some((c) => ownerOf(c.paramId) === "power"));
    for (const c of governance.parameterValues) {
      await check("staking", s.staking.write.setParameter([c.paramId, BigInt(c.value)]), s.staking, c);
      await check("marketplace", s.marketplace.write.setParameter([c.paramId, BigInt(c.value)]), s.marketplace, c);
      await check("power", power.write.setParameter([c.paramId, BigInt(c.value)]), power, c);
    }
  });

  it("starts every staking, marketplace and power registry parameter at the table's default", async () => {
    const s = await networkHelpers.loadFixture(deploySuite);
    const power = await deployPowerRegistry(s);
    const pp = await power.read.parameters();
    assert.deepEqual(
      [
        pp.responseWindow,
        pp.powerNonces,
        pp.powerCooldown,
        pp.maxPowerFailures,
        pp.powerSlashBps,
        pp.validatorFee,
        await power.read.validatorBudget(),
      ].map(BigInt),
      ["responseWindow", "powerNonces", "powerCooldown", "maxPowerFailures", "powerSlashBps", "validatorFee", "validatorBudget"].map((n) =>
        BigInt(governance.parameters[n]!.default),
      ),
    );
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

  it(`encodes and decodes the payload of every version-2 message vector byte for byte (${governance.messages.length} messages)`, async () => {
    const h = await networkHelpers.loadFixture(deployHarness);
    assert.ok(governance.messages.length >= 5);
    for (const m of governance.messages) {
      const bytes = m.encoded;
      assert.equal(keccak256(bytes), m.messageId, m.name);
      assert.equal(Number.parseInt(bytes.slice(2, 4), 16), 2, m.name);
      const kind = Number.parseInt(bytes.slice(2 + 81 * 2, 2 + 82 * 2), 16);
      const p = m.message.payload;
      assert.equal(kind, governance.kinds[p.kind], m.name);
      const payload = `0x${bytes.slice(2 + 82 * 2)}` as Hex;
      const id = BigInt(p.proposalId as string);
      if (p.kind === "ProposalOpened") {
        const args = [id, BigInt(p.snapshot as string), BigInt(p.voteEnd as string)] as const;
        assert.equal(await h.read.encodeProposalOpened([...args]), payload, m.name);
        assert.deepEqual(await h.read.decodeProposalOpened([payload]), [...args], m.name);
      } else if (p.kind === "VoteTally") {
        const args = [id, BigInt(p.againstVotes as string), BigInt(p.forVotes as string), BigInt(p.abstainVotes as string)] as const;
        assert.equal(await h.read.encodeVoteTally([...args]), payload, m.name);
        assert.deepEqual(await h.read.decodeVoteTally([payload]), [...args], m.name);
      } else {
        const actions = `0x${payload.slice(2 + 40 * 2)}` as Hex;
        const decoded = await h.read.decodeGovernanceActions([payload]);
        assert.deepEqual(decoded, [BigInt(p.sequence as string), id, actions], m.name);
        assert.equal(await h.read.encodeGovernanceActions([BigInt(p.sequence as string), id, actions]), payload, m.name);
        assert.deepEqual(
          (await h.read.decode([actions])).map((d) => ({ ...d, signers: [...d.signers] })),
          (p.actions as JsonAction[]).map(expected),
          m.name,
        );
      }
    }
  });

  it("accepts the payload of every GovernanceActions message toward an EVM spoke as its executor, from the message's hub", async () => {
    const cases = governance.messages.filter((m) => m.message.payload.kind === "GovernanceActions" && m.message.dstDomain === 31338);
    assert.ok(cases.length > 0);
    for (const m of cases) {
      const { srcDomain, sender } = m.message;
      const s = await networkHelpers.loadFixture(deploySuite);
      const messenger = await viem.deployContract("MockGovernanceMessenger", [m.message.dstDomain]);
      const executor = await viem.deployContract("SpokeExecutor", [
        messenger.address,
        srcDomain,
        sender,
        s.marketplace.address,
        s.staking.address,
        ZERO_ADDRESS,
        3600n,
      ]);
      const payload = `0x${m.encoded.slice(2 + 82 * 2)}` as Hex;
      await messenger.write.deliver([executor.address, srcDomain, sender, governance.kinds.GovernanceActions!, payload]);
      const sequence = BigInt(m.message.payload.sequence as string);
      const stored = await executor.read.actionList([sequence]);
      assert.equal(stored.proposalId, BigInt(m.message.payload.proposalId as string), m.name);
      assert.equal(stored.actions, `0x${payload.slice(2 + 40 * 2)}`, m.name);
      assert.equal(stored.status, 1, m.name);
    }
  });
});
