import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { viem, networkHelpers, DAY, mockProof, deployWithProvider, taskParams, packFeeSplit, type Suite } from "./helpers/fixture.js";

/** The shared cross-chain vectors (test/vectors/*.json), read in place. */
function vector<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(`../../test/vectors/${name}.json`, import.meta.url), "utf8")) as T;
}

interface ReputationCase {
  completed: number;
  failed: number;
  scoreBps: number;
}
interface PayoutCase {
  reward: string;
  providerBps: number;
  treasuryBps: number;
  creatorBps: number;
  hasCreator: boolean;
  provider: string;
  treasury: string;
  creator: string;
}
interface SlashCase {
  collateral: string;
  slashBps: number;
  slashed: string;
  toUser: string;
  toTreasury: string;
  unlocked: string;
}
interface Bound {
  default: string;
  min: string;
  max: string;
}

const reputation = vector<{ cases: ReputationCase[] }>("reputation").cases;
const payout = vector<{ cases: PayoutCase[] }>("payout").cases;
const slash = vector<{ cases: SlashCase[] }>("slash").cases;
const errors = vector<Record<"staking" | "marketplace" | "pause" | "governance" | "bridge" | "power", string[]>>("errors");
const parameters = vector<Record<string, Bound>>("parameters");
const publicInputs = vector<{
  cases: { universalAddress: `0x${string}`; providerField: string }[];
  bn254Modulus: string;
  specHashBound: string;
}>("public-inputs");

/** Largest amount pushed through a real task flow (the deployer funds it). */
const FLOW_LIMIT = 10n ** 16n;

function errorNames(abi: readonly { type: string; name?: string }[]): Set<string> {
  return new Set(abi.filter((e) => e.type === "error").map((e) => e.name ?? ""));
}

async function setSplit(s: Suite, p: number, t: number, c: number) {
  const [cp, ct, cc] = await s.marketplace.read.feeSplit();
  if (cp !== BigInt(p) || ct !== BigInt(t) || cc !== BigInt(c)) {
    await s.marketplace.write.setParameter([5, packFeeSplit(BigInt(p), BigInt(t), BigInt(c))]);
  }
}

describe("Shared vectors (test/vectors)", () => {
  it(`computes every reputation score (${reputation.length} cases)`, async () => {
    const s = await networkHelpers.loadFixture(deployWithProvider);
    assert.ok(reputation.length > 0);
    for (const c of reputation) {
      assert.equal(await s.staking.read.computeScore([BigInt(c.completed), BigInt(c.failed)]), BigInt(c.scoreBps), JSON.stringify(c));
    }
  });

  it(`computes every payout split (${payout.length} cases)`, async () => {
    const s = await networkHelpers.loadFixture(deployWithProvider);
    assert.ok(payout.length > 0);
    for (const c of payout) {
      await setSplit(s, c.providerBps, c.treasuryBps, c.creatorBps);
      const [p, t, cr] = await s.marketplace.read.computePayout([BigInt(c.reward), c.hasCreator]);
      assert.deepEqual([p, t, cr], [BigInt(c.provider), BigInt(c.treasury), BigInt(c.creator)], JSON.stringify(c));
    }
  });

  it("pays every payout case of at most 10^16 through a real proved task", async () => {
    const s = await networkHelpers.loadFixture(deployWithProvider);
    const cases = payout.filter((c) => BigInt(c.reward) > 0n && BigInt(c.reward) <= FLOW_LIMIT);
    assert.ok(cases.length > 0);
    for (const c of cases) {
      await setSplit(s, c.providerBps, c.treasuryBps, c.creatorBps);
      const reward = BigInt(c.reward);
      await s.token.write.transfer([s.user.account.address, reward]);
      const creator = c.hasCreator ? s.creator.account.address : undefined;
      await s.marketplace.write.createTask([await taskParams({ reward, collateral: 0n, verifierId: 1, modelCreator: creator })], {
        account: s.user.account,
      });
      const id = await s.marketplace.read.taskCount();
      await s.marketplace.write.acceptTask([id], { account: s.provider.account });
      const before = await Promise.all([s.provider, s.treasury, s.creator].map((w) => s.token.read.balanceOf([w.account.address])));
      const spec = (await s.marketplace.read.getTask([id])).specHash;
      const proof = mockProof([id, spec, 5n, BigInt(s.provider.account.address)]);
      await s.marketplace.write.submitResult([id, 5n, proof], { account: s.provider.account });
      const after = await Promise.all([s.provider, s.treasury, s.creator].map((w) => s.token.read.balanceOf([w.account.address])));
      assert.deepEqual(
        after.map((a, i) => a - before[i]),
        [BigInt(c.provider), BigInt(c.treasury), BigInt(c.creator)],
        JSON.stringify(c),
      );
    }
    assert.equal(await s.token.read.balanceOf([s.marketplace.address]), 0n);
  });

  it("computes every offer price of offers.json with FeeMath.offerPrice, up to the u64 bounds", async () => {
    const cases = vector<{
      cases: { name: string; minReward: string; maxReward: string; rampStart: string; rampDuration: string; at: string; price: string }[];
    }>("offers").cases;
    assert.ok(cases.length > 10);
    const harness = await viem.deployContract("FeeMathHarness");
    for (const c of cases) {
      const got = await harness.read.offerPrice([
        BigInt(c.minReward),
        BigInt(c.maxReward),
        BigInt(c.rampStart),
        BigInt(c.rampDuration),
        BigInt(c.at),
      ]);
      assert.equal(got, BigInt(c.price), c.name);
    }
  });

  it(`computes every slash split (${slash.length} cases)`, async () => {
    const s = await networkHelpers.loadFixture(deployWithProvider);
    assert.ok(slash.length > 0);
    for (const c of slash) {
      const [slashed, toUser, toTreasury] = await s.staking.read.computeSlash([BigInt(c.collateral), BigInt(c.slashBps)]);
      assert.deepEqual([slashed, toUser, toTreasury], [BigInt(c.slashed), BigInt(c.toUser), BigInt(c.toTreasury)], JSON.stringify(c));
      assert.equal(BigInt(c.collateral) - slashed, BigInt(c.unlocked));
    }
  });

  it("slashes every slash case of at most 10^16 through a real expired task", async () => {
    const s = await networkHelpers.loadFixture(deployWithProvider);
    const cases = slash.filter((c) => BigInt(c.collateral) <= FLOW_LIMIT);
    assert.ok(cases.length > 0);
    const p = s.provider.account.address;
    for (const c of cases) {
      if ((await s.marketplace.read.slashBps()) !== BigInt(c.slashBps)) await s.marketplace.write.setParameter([4, BigInt(c.slashBps)]);
      const collateral = BigInt(c.collateral);
      if (collateral > 0n) {
        await s.token.write.transfer([p, collateral]);
        await s.staking.write.stake([collateral], { account: s.provider.account });
      }
      await s.marketplace.write.createTask([await taskParams({ collateral, deadlineIn: DAY })], { account: s.user.account });
      const id = await s.marketplace.read.taskCount();
      await s.marketplace.write.acceptTask([id], { account: s.provider.account });
      const free0 = (await s.staking.read.stakeInfo([p])).free;
      const user0 = await s.token.read.balanceOf([s.user.account.address]);
      const tr0 = await s.token.read.balanceOf([s.treasury.account.address]);
      const rep0 = await s.staking.read.providerInfo([p]);
      await networkHelpers.time.increase(Number(DAY) + 1);
      await s.marketplace.write.expire([id]);
      const reward = (await s.marketplace.read.getTask([id])).reward;
      assert.equal((await s.staking.read.stakeInfo([p])).free - free0, BigInt(c.unlocked), JSON.stringify(c));
      assert.equal((await s.token.read.balanceOf([s.user.account.address])) - user0, reward + BigInt(c.toUser), JSON.stringify(c));
      assert.equal((await s.token.read.balanceOf([s.treasury.account.address])) - tr0, BigInt(c.toTreasury), JSON.stringify(c));
      const rep = await s.staking.read.providerInfo([p]);
      assert.equal(rep.slashedTotal - rep0.slashedTotal, BigInt(c.slashed));
      assert.equal(rep.failed - rep0.failed, 1n);
    }
  });

  it("uses the shared BN254 modulus and specHash bound", async () => {
    const s = await networkHelpers.loadFixture(deployWithProvider);
    assert.equal(await s.marketplace.read.BN254_R(), BigInt(publicInputs.bn254Modulus));
    assert.equal(await s.marketplace.read.SPEC_HASH_BOUND(), BigInt(publicInputs.specHashBound));
  });

  it("passes the shared provider field element of every EVM-address case to the verifier", async () => {
    const s = await networkHelpers.loadFixture(deployWithProvider);
    // EVM providers: universal addresses whose field element is an ordinary account (skip 0 and precompiles).
    const cases = publicInputs.cases.filter((c) => BigInt(c.providerField) < 2n ** 160n && BigInt(c.providerField) > 0xffffn);
    assert.ok(cases.length > 0);
    for (const c of cases) {
      const addr = `0x${c.universalAddress.slice(26)}` as `0x${string}`;
      await networkHelpers.impersonateAccount(addr);
      await networkHelpers.setBalance(addr, 10n ** 20n);
      const wallet = await viem.getWalletClient(addr);
      await s.token.write.transfer([addr, 1000n * 10n ** 9n]);
      await s.token.write.approve([s.staking.address, 2n ** 255n], { account: wallet.account });
      if (!(await s.staking.read.providerInfo([addr])).registered) {
        await s.staking.write.register([`0x${"ab".repeat(32)}`], { account: wallet.account });
      }
      await s.staking.write.stake([1000n * 10n ** 9n], { account: wallet.account });
      await s.marketplace.write.createTask([await taskParams({ verifierId: 1, collateral: 0n, specHash: 99n })], {
        account: s.user.account,
      });
      const id = await s.marketplace.read.taskCount();
      await s.marketplace.write.acceptTask([id], { account: wallet.account });
      // The mock verifier accepts only the exact public inputs encoded in the proof.
      const proof = mockProof([id, 99n, 7n, BigInt(c.providerField)]);
      await s.marketplace.write.submitResult([id, 7n, proof], { account: wallet.account });
      assert.equal((await s.marketplace.read.getTask([id])).status, 5, c.universalAddress);
    }
  });

  it("defines every staking, marketplace and pause error name in the compiled ABIs", async () => {
    const s = await networkHelpers.loadFixture(deployWithProvider);
    const staking = errorNames(s.staking.abi);
    const marketplace = errorNames(s.marketplace.abi);
    assert.ok(errors.staking.length === 8 && errors.marketplace.length === 38);
    for (const n of errors.staking) assert.ok(staking.has(n), `Staking ABI lacks ${n}`);
    for (const n of errors.marketplace) assert.ok(marketplace.has(n), `Marketplace ABI lacks ${n}`);
    for (const n of errors.pause) assert.ok(marketplace.has(n), `Marketplace ABI lacks ${n}`);
  });

  it("defines every power error name in the power registry's compiled ABI", async () => {
    const abi = (
      await import("../../artifacts/contracts-evm/contracts/power/PowerRegistry.sol/PowerRegistry.json", { with: { type: "json" } })
    ).default.abi;
    const names = errorNames(abi);
    assert.equal(errors.power.length, 18);
    for (const n of errors.power) assert.ok(names.has(n), `PowerRegistry ABI lacks ${n}`);
  });

  it("defines every bridge error name in the vault's and the minter's compiled ABIs", async () => {
    for (const c of ["BridgeVault", "BridgeMinter"]) {
      const abi = (await import(`../../artifacts/contracts-evm/contracts/bridge/${c}.sol/${c}.json`, { with: { type: "json" } })).default
        .abi;
      const names = errorNames(abi);
      assert.ok(errors.bridge.length >= 10);
      for (const n of [...errors.bridge, ...errors.pause]) assert.ok(names.has(n), `${c} ABI lacks ${n}`);
    }
  });

  it("defines every shared governance error name in the governance contracts' compiled ABIs", async () => {
    const artifact = async (path: string) =>
      (await import(`../../artifacts/contracts-evm/contracts/${path}.json`, { with: { type: "json" } })).default.abi as readonly {
        type: string;
        name?: string;
      }[];
    const names = new Set<string>();
    for (const path of [
      "governance/CalGovernor.sol/CalGovernor",
      "governance/CalTimelock.sol/CalTimelock",
      "marketplace/Marketplace.sol/Marketplace",
      "staking/Staking.sol/Staking",
      "governance/SpokeVault.sol/SpokeVault",
      "governance/SpokeExecutor.sol/SpokeExecutor",
      "governance/GovernanceHub.sol/GovernanceHub",
    ])
      for (const n of errorNames(await artifact(path))) names.add(n);
    // Lock-to-vote exists on Solana and TON only: the EVM Governor reads past votes instead.
    const elsewhere = new Set(["GovernanceTokensLocked"]);
    for (const n of errors.governance.filter((e) => !elsewhere.has(e))) assert.ok(names.has(n), `governance ABIs lack ${n}`);
  });

  it("uses the shared parameter defaults and bounds", async () => {
    const s = await networkHelpers.loadFixture(deployWithProvider);
    const m = s.marketplace.read;
    const st = s.staking.read;
    const [pBps, tBps, cBps] = await m.feeSplit();
    const actual: Record<string, [bigint, bigint, bigint]> = {
      minStake: [await st.minStake(), await st.MIN_MIN_STAKE(), await st.MAX_MIN_STAKE()],
      unbondingPeriod: [await st.unbondingPeriod(), await st.MIN_UNBONDING_PERIOD(), await st.MAX_UNBONDING_PERIOD()],
      challengePeriod: [await m.challengePeriod(), await m.MIN_CHALLENGE_PERIOD(), await m.MAX_CHALLENGE_PERIOD()],
      slashBps: [await m.slashBps(), await m.MIN_SLASH_BPS(), await m.MAX_SLASH_BPS()],
      providerBps: [pBps, await m.MIN_PROVIDER_BPS(), 10000n],
      treasuryBps: [tBps, 0n, 10000n - (await m.MIN_PROVIDER_BPS())],
      creatorBps: [cBps, 0n, await m.MAX_CREATOR_BPS()],
      revealPeriod: [await m.revealPeriod(), await m.MIN_REVEAL_PERIOD(), await m.MAX_REVEAL_PERIOD()],
    };
    for (const [name, [d, lo, hi]] of Object.entries(actual)) {
      const v = parameters[name];
      assert.ok(v, `parameters.json lacks ${name}`);
      assert.deepEqual([d, lo, hi], [BigInt(v.default), BigInt(v.min), BigInt(v.max)], name);
    }
  });
});
