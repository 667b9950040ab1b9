import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { parseEventLogs, type Hex } from "viem";
import {
  EMPTY_POWER_RECORD,
  checkAnswer,
  declarePowerClaim,
  recordPowerFailure,
  recordPowerPass,
  solutionHash,
  solveChallenge,
  universalFromEvm,
  verifiedPower,
  type PowerRecord,
} from "@calctra/core";
import { viem, networkHelpers, CAL, DAY, name32, deploySuite } from "./helpers/fixture.js";

type Answer = {
  name: string;
  seed: Hex;
  provider: Hex;
  target: string;
  nonces: number;
  answer: string[];
  error: string | null;
  index: number | null;
};
/** The power registry's rows (ids 8..14) of test/vectors/governance.json; its vectors apply them (governance/vectors.test.ts). */
const governance = JSON.parse(readFileSync(new URL("../../test/vectors/governance.json", import.meta.url), "utf8")) as {
  parameters: Record<string, { id: number; owner: string; default: string; min: string; max: string }>;
};
const v = JSON.parse(readFileSync(new URL("../../test/vectors/power.json", import.meta.url), "utf8")) as {
  targets: { name: string; claimedRate: string; responseWindow: string; nonces: number; target: string }[];
  seeds: { name: string; randomness: Hex; challengeId: string; provider: Hex; seed: Hex }[];
  solutions: { name: string; seed: Hex; provider: Hex; nonce: string; hash: Hex }[];
  answers: Answer[];
};

const P = {
  responseWindow: 8,
  powerNonces: 9,
  powerCooldown: 10,
  maxPowerFailures: 11,
  powerSlashBps: 12,
  validatorFee: 13,
  validatorBudget: 14,
} as const;
/** An easy claim for tests: 100 hashes/s over a 60 s window, m = 8 → about 2,000 hashes to answer. */
const RATE = 100n;

/** The suite with a power registry: `provider` (1000 CAL staked) claims RATE; `stranger` (200 CAL staked) validates. */
async function deployPower() {
  const s = await deploySuite();
  const registry = await viem.deployContract("PowerRegistry", [
    s.token.address,
    s.staking.address,
    s.treasury.account.address,
    s.deployer.account.address,
  ]);
  await s.staking.write.setPowerRegistry([registry.address]);
  await s.staking.write.register([name32("gpu:a100")], { account: s.provider.account });
  await s.staking.write.stake([1000n * CAL], { account: s.provider.account });
  await s.staking.write.register([name32("validator")], { account: s.stranger.account });
  await s.staking.write.stake([200n * CAL], { account: s.stranger.account });
  await registry.write.registerValidator({ account: s.stranger.account });
  await registry.write.setParameter([P.responseWindow, 60n]);
  await registry.write.declareRate([RATE], { account: s.provider.account });
  // The treasury funds the fee budget and governance grants an allowance.
  await s.token.write.transfer([s.treasury.account.address, 1000n * CAL]);
  await s.token.write.approve([registry.address, 2n ** 255n], { account: s.treasury.account });
  await registry.write.fundValidatorBudget([100n * CAL], { account: s.treasury.account });
  await registry.write.setParameter([P.validatorBudget, 50n * CAL]);
  return { ...s, registry };
}
type PowerSuite = Awaited<ReturnType<typeof deployPower>>;
/** A custom error of the registry's ABI, for refusals read from the vectors. */
type RegistryErrorName = Extract<PowerSuite["registry"]["abi"][number], { type: "error" }>["name"];

/** Opens a challenge of `provider` by the validator and returns its id, seed, target and m from the event. */
async function openChallenge(s: PowerSuite, provider = s.provider.account.address) {
  const hash = await s.registry.write.challenge([provider], { account: s.stranger.account });
  const receipt = await s.publicClient.waitForTransactionReceipt({ hash });
  const [ev] = parseEventLogs({ abi: s.registry.abi, logs: receipt.logs, eventName: "ChallengeOpened" });
  assert.ok(ev);
  return { ...ev.args, gasUsed: receipt.gasUsed };
}

const universal = (a: Hex) => universalFromEvm(a);

/** Solves a challenge as the provider's agent does. */
function solve(s: PowerSuite, c: { seed: Hex; target: bigint; nonces: number }) {
  return solveChallenge(c.seed, universal(s.provider.account.address), c.target, c.nonces).nonces;
}

/** Registry balance == fundedBudget + Σ feesOwed; Staking balance == Σ free + locked + pendingUnstake. */
async function assertConservation(s: PowerSuite) {
  const owed = (await s.registry.read.validatorInfo([s.stranger.account.address])).feesOwed;
  assert.equal(await s.token.read.balanceOf([s.registry.address]), (await s.registry.read.fundedBudget()) + owed);
  let staked = 0n;
  for (const w of [s.provider, s.provider2, s.stranger, s.user]) {
    const i = await s.staking.read.stakeInfo([w.account.address]);
    staked += i.free + i.locked + i.pendingUnstake;
  }
  assert.equal(await s.token.read.balanceOf([s.staking.address]), staked);
}

describe("PowerRegistry (proof of computational power, DESIGN §11)", () => {
  describe("test/vectors/power.json", () => {
    it("computes every target vector, the capped boundaries included", async () => {
      const s = await networkHelpers.loadFixture(deployPower);
      for (const c of v.targets) {
        const t = await s.registry.read.computeTarget([BigInt(c.claimedRate), BigInt(c.responseWindow), BigInt(c.nonces)]);
        assert.equal(t.toString(), c.target, c.name);
      }
    });

    it("derives every seed and solution hash vector with the EVM's keccak256", async () => {
      const s = await networkHelpers.loadFixture(deployPower);
      for (const c of v.seeds)
        assert.equal(await s.registry.read.computeSeed([c.randomness, BigInt(c.challengeId), c.provider]), c.seed, c.name);
      for (const c of v.solutions)
        assert.equal(await s.registry.read.computeSolutionHash([c.seed, c.provider, BigInt(c.nonce)]), c.hash, c.name);
    });

    it("accepts every valid answer vector and refuses every invalid one with its error and index", async () => {
      const s = await networkHelpers.loadFixture(deployPower);
      assert.ok(v.answers.length >= 20);
      for (const c of v.answers) {
        const call = s.registry.read.checkAnswer([c.seed, c.provider, BigInt(c.target), BigInt(c.nonces), c.answer.map(BigInt)]);
        if (c.error === null) await call;
        else if (c.error === "PowerWrongNonceCount")
          await viem.assertions.revertWithCustomErrorWithArgs(call, s.registry, c.error, [BigInt(c.nonces), BigInt(c.answer.length)]);
        else await viem.assertions.revertWithCustomErrorWithArgs(call, s.registry, c.error as RegistryErrorName, [BigInt(c.index!)]);
      }
    });

    it("starts at governance.json's defaults for ids 8..14 and leaves a staking id (1) unknown", async () => {
      const s = await networkHelpers.loadFixture(deploySuite);
      const registry = await viem.deployContract("PowerRegistry", [
        s.token.address,
        s.staking.address,
        s.treasury.account.address,
        s.deployer.account.address,
      ]);
      const p = await registry.read.parameters();
      const rows = Object.entries(governance.parameters).filter(([, r]) => r.owner === "power");
      assert.deepEqual(
        rows.map(([, r]) => r.id),
        Object.values(P),
      );
      const d = (n: string) => BigInt(governance.parameters[n]!.default);
      assert.deepEqual(
        [
          BigInt(p.responseWindow),
          BigInt(p.powerNonces),
          BigInt(p.powerCooldown),
          BigInt(p.maxPowerFailures),
          BigInt(p.powerSlashBps),
          p.validatorFee,
          await registry.read.validatorBudget(),
        ],
        ["responseWindow", "powerNonces", "powerCooldown", "maxPowerFailures", "powerSlashBps", "validatorFee", "validatorBudget"].map(d),
      );
      // A contract of its own: Staking's id 1 (minStake) is unknown to the registry.
      await viem.assertions.revertWithCustomErrorWithArgs(
        registry.write.setParameter([1, BigInt(governance.parameters.minStake!.default)]),
        registry,
        "GovernanceUnknownParameter",
        [1],
      );
    });

    it("leaves ids 8..14 to the registry: Staking and the marketplace refuse them with GovernanceUnknownParameter", async () => {
      const s = await networkHelpers.loadFixture(deploySuite);
      for (const id of Object.values(P)) {
        await viem.assertions.revertWithCustomErrorWithArgs(
          s.staking.write.setParameter([id, 60n]),
          s.staking,
          "GovernanceUnknownParameter",
          [id],
        );
        await viem.assertions.revertWithCustomErrorWithArgs(
          s.marketplace.write.setParameter([id, 60n]),
          s.marketplace,
          "GovernanceUnknownParameter",
          [id],
        );
      }
    });
  });

  describe("a challenge answered in time", () => {
    it("opens with a prevrandao seed, takes m solutions below the target, counts a pass and pays the fee", async () => {
      const s = await networkHelpers.loadFixture(deployPower);
      const c = await openChallenge(s);
      assert.equal(c.challengeId, 1n);
      assert.equal(c.target, await s.registry.read.computeTarget([RATE, 60n, 8n]));
      const block = await s.publicClient.getBlock({ blockTag: "latest" });
      assert.equal(c.seed, await s.registry.read.computeSeed([block.mixHash, 1n, universal(s.provider.account.address)]));
      const nonces = solve(s, c);
      assert.equal(
        checkAnswer({ seed: c.seed, provider: universal(s.provider.account.address), target: c.target, nonces: 8, answer: nonces }),
        null,
      );
      await viem.assertions.emitWithArgs(
        s.registry.write.respond([1n, nonces], { account: s.provider.account }),
        s.registry,
        "ChallengePassed",
        [1n, s.provider.account.address, s.stranger.account.address, CAL],
      );
      const r = await s.registry.read.powerRecord([s.provider.account.address]);
      assert.deepEqual([r.powerPassed, r.failuresInRow, r.openChallenge], [1, 0, 0n]);
      assert.equal(
        await s.registry.read.verifiedPower([s.provider.account.address]),
        verifiedPower({ claimedRate: RATE, powerPassed: 1n, failuresInRow: 0n }),
      );
      const vi = await s.registry.read.validatorInfo([s.stranger.account.address]);
      assert.deepEqual([vi.feesOwed, vi.completed], [CAL, 1n]);
      assert.equal(await s.registry.read.fundedBudget(), 99n * CAL);
      assert.equal(await s.registry.read.validatorBudget(), 49n * CAL);
      await assertConservation(s);
      const before = await s.token.read.balanceOf([s.stranger.account.address]);
      await viem.assertions.emitWithArgs(s.registry.write.claimFees({ account: s.stranger.account }), s.registry, "FeesClaimed", [
        s.stranger.account.address,
        CAL,
      ]);
      assert.equal(await s.token.read.balanceOf([s.stranger.account.address]), before + CAL);
      await assertConservation(s);
    });

    it("answers at the last second of the window", async () => {
      const s = await networkHelpers.loadFixture(deployPower);
      const c = await openChallenge(s);
      const nonces = solve(s, c);
      await networkHelpers.time.setNextBlockTimestamp(c.deadline);
      await s.registry.write.respond([c.challengeId, nonces], { account: s.provider.account });
      assert.equal((await s.registry.read.powerRecord([s.provider.account.address])).powerPassed, 1);
    });

    it("completes without a fee when the allowance or the funded budget is short, and pays none when the fee is 0", async () => {
      const s = await networkHelpers.loadFixture(deployPower);
      await s.registry.write.setParameter([P.validatorBudget, CAL - 1n]);
      const c = await openChallenge(s);
      await viem.assertions.emitWithArgs(
        s.registry.write.respond([c.challengeId, solve(s, c)], { account: s.provider.account }),
        s.registry,
        "ChallengePassed",
        [c.challengeId, s.provider.account.address, s.stranger.account.address, 0n],
      );
      const vi = await s.registry.read.validatorInfo([s.stranger.account.address]);
      assert.deepEqual([vi.feesOwed, vi.completed], [0n, 1n]);
      assert.equal(await s.registry.read.fundedBudget(), 100n * CAL);
      await assertConservation(s);
      // A fee of 0: the challenge completes and nothing moves.
      await s.registry.write.setParameter([P.validatorBudget, 50n * CAL]);
      await s.registry.write.setParameter([P.validatorFee, 0n]);
      await networkHelpers.time.increase(DAY);
      const next = await openChallenge(s);
      await networkHelpers.time.increase(61);
      await viem.assertions.emitWithArgs(s.registry.write.expireChallenge([s.provider.account.address]), s.registry, "ChallengeExpired", [
        next.challengeId,
        s.provider.account.address,
        s.stranger.account.address,
        1,
        0n,
      ]);
      assert.equal((await s.registry.read.validatorInfo([s.stranger.account.address])).completed, 2n);
      assert.equal(await s.registry.read.validatorBudget(), 50n * CAL);
      await assertConservation(s);
    });
  });

  describe("failures and the power slash", () => {
    it("slashes powerSlashBps of the free stake after maxPowerFailures in a row (half to the challenger), and resets the claim", async () => {
      const s = await networkHelpers.loadFixture(deployPower);
      const provider = s.provider.account.address;
      let model: PowerRecord = declarePowerClaim(EMPTY_POWER_RECORD, RATE);
      model = recordPowerPass(model).record;
      // One pass first: the failures in a row then reset it to unverified.
      let c = await openChallenge(s);
      await s.registry.write.respond([c.challengeId, solve(s, c)], { account: s.provider.account });
      const treasuryBefore = await s.token.read.balanceOf([s.treasury.account.address]);
      const validatorBefore = await s.token.read.balanceOf([s.stranger.account.address]);
      let verdict = recordPowerPass(model);
      for (let i = 1; i <= 3; i++) {
        await networkHelpers.time.increase(DAY);
        c = await openChallenge(s);
        await networkHelpers.time.increase(61);
        const free = (await s.staking.read.stakeInfo([provider])).free;
        verdict = recordPowerFailure(model, { maxPowerFailures: 3n, powerSlashBps: 1000n, freeStake: free });
        model = verdict.record;
        await viem.assertions.emitWithArgs(s.registry.write.expireChallenge([provider]), s.registry, "ChallengeExpired", [
          c.challengeId,
          provider,
          s.stranger.account.address,
          Number(model.failuresInRow),
          CAL,
        ]);
        const r = await s.registry.read.powerRecord([provider]);
        assert.deepEqual(
          [BigInt(r.claimedRate), BigInt(r.powerPassed), BigInt(r.powerFailed), BigInt(r.failuresInRow)],
          [model.claimedRate, model.powerPassed, model.powerFailed, model.failuresInRow],
        );
        await assertConservation(s);
      }
      assert.equal(verdict.slashed, 100n * CAL);
      assert.equal((await s.staking.read.stakeInfo([provider])).free, 900n * CAL);
      assert.equal((await s.staking.read.providerInfo([provider])).slashedTotal, verdict.slashed);
      assert.equal(await s.token.read.balanceOf([s.treasury.account.address]), treasuryBefore + verdict.toTreasury);
      assert.equal(await s.token.read.balanceOf([s.stranger.account.address]), validatorBefore + verdict.toChallenger);
      assert.equal(await s.registry.read.verifiedPower([provider]), 0n);
      // Unverified now: nothing to challenge until it claims again.
      await networkHelpers.time.increase(DAY);
      await viem.assertions.revertWithCustomErrorWithArgs(
        s.registry.write.challenge([provider], { account: s.stranger.account }),
        s.registry,
        "PowerNoClaim",
        [provider],
      );
    });

    it("a pass between failures resets the count: no slash", async () => {
      const s = await networkHelpers.loadFixture(deployPower);
      await s.registry.write.setParameter([P.maxPowerFailures, 2n]);
      const provider = s.provider.account.address;
      for (const answer of [false, true, false]) {
        await networkHelpers.time.increase(DAY);
        const c = await openChallenge(s);
        if (answer) await s.registry.write.respond([c.challengeId, solve(s, c)], { account: s.provider.account });
        else {
          await networkHelpers.time.increase(61);
          await s.registry.write.expireChallenge([provider]);
        }
      }
      const r = await s.registry.read.powerRecord([provider]);
      assert.deepEqual([r.powerPassed, r.powerFailed, r.failuresInRow, r.claimedRate], [1, 2, 1, RATE]);
      assert.equal((await s.staking.read.stakeInfo([provider])).free, 1000n * CAL);
    });
  });

  describe("refusals, each by name", () => {
    it("refuses a zero claim, a claim by an unregistered account and a new claim while a challenge is open", async () => {
      const s = await networkHelpers.loadFixture(deployPower);
      await viem.assertions.revertWithCustomError(
        s.registry.write.declareRate([0n], { account: s.provider.account }),
        s.registry,
        "PowerZeroClaim",
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        s.registry.write.declareRate([5n], { account: s.user.account }),
        s.registry,
        "PowerNotProvider",
        [s.user.account.address],
      );
      const c = await openChallenge(s);
      await viem.assertions.revertWithCustomErrorWithArgs(
        s.registry.write.declareRate([1n], { account: s.provider.account }),
        s.registry,
        "PowerChallengeOpen",
        [s.provider.account.address, c.challengeId],
      );
    });

    it("refuses a second registration, an under-staked validator, a non-validator and a self-challenge", async () => {
      const s = await networkHelpers.loadFixture(deployPower);
      await viem.assertions.revertWithCustomErrorWithArgs(
        s.registry.write.registerValidator({ account: s.stranger.account }),
        s.registry,
        "PowerAlreadyValidator",
        [s.stranger.account.address],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        s.registry.write.registerValidator({ account: s.user.account }),
        s.registry,
        "PowerStakeBelowMinimum",
        [s.user.account.address, 0n, 100n * CAL],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        s.registry.write.challenge([s.provider.account.address], { account: s.user.account }),
        s.registry,
        "PowerNotValidator",
        [s.user.account.address],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        s.registry.write.challenge([s.stranger.account.address], { account: s.stranger.account }),
        s.registry,
        "PowerSelfChallenge",
        [s.stranger.account.address],
      );
      // A validator whose stake fell below minStake cannot challenge.
      await s.staking.write.requestUnstake([150n * CAL], { account: s.stranger.account });
      await viem.assertions.revertWithCustomErrorWithArgs(
        s.registry.write.challenge([s.provider.account.address], { account: s.stranger.account }),
        s.registry,
        "PowerStakeBelowMinimum",
        [s.stranger.account.address, 50n * CAL, 100n * CAL],
      );
    });

    it("refuses a provider without a claim, a second open challenge and a challenge during the cooldown", async () => {
      const s = await networkHelpers.loadFixture(deployPower);
      await s.staking.write.register([name32("b")], { account: s.provider2.account });
      await viem.assertions.revertWithCustomErrorWithArgs(
        s.registry.write.challenge([s.provider2.account.address], { account: s.stranger.account }),
        s.registry,
        "PowerNoClaim",
        [s.provider2.account.address],
      );
      const c = await openChallenge(s);
      await viem.assertions.revertWithCustomErrorWithArgs(
        s.registry.write.challenge([s.provider.account.address], { account: s.stranger.account }),
        s.registry,
        "PowerChallengeOpen",
        [s.provider.account.address, c.challengeId],
      );
      await s.registry.write.respond([c.challengeId, solve(s, c)], { account: s.provider.account });
      const opened = BigInt((await s.publicClient.getBlock({ blockNumber: (await s.publicClient.getBlockNumber()) - 1n })).timestamp);
      await viem.assertions.revertWithCustomErrorWithArgs(
        s.registry.write.challenge([s.provider.account.address], { account: s.stranger.account }),
        s.registry,
        "PowerCooldownActive",
        [s.provider.account.address, opened + DAY],
      );
      await networkHelpers.time.setNextBlockTimestamp(opened + DAY);
      await s.registry.write.challenge([s.provider.account.address], { account: s.stranger.account });
    });

    it("refuses an unknown challenge, an answer after the window, a wrong count, a replayed nonce and a nonce above the target", async () => {
      const s = await networkHelpers.loadFixture(deployPower);
      const c = await openChallenge(s);
      const good = solve(s, c);
      const me = { account: s.provider.account };
      await viem.assertions.revertWithCustomErrorWithArgs(
        s.registry.write.respond([c.challengeId, good], { account: s.stranger.account }),
        s.registry,
        "PowerUnknownChallenge",
        [c.challengeId],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        s.registry.write.respond([c.challengeId + 1n, good], me),
        s.registry,
        "PowerUnknownChallenge",
        [c.challengeId + 1n],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        s.registry.write.respond([c.challengeId, good.slice(0, 7)], me),
        s.registry,
        "PowerWrongNonceCount",
        [8n, 7n],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        s.registry.write.respond([c.challengeId, [good[0]!, ...good.slice(0, 7)]], me),
        s.registry,
        "PowerDuplicateNonce",
        [1n],
      );
      let miss = good[0]! + 1n;
      while (BigInt(solutionHash(c.seed, universal(s.provider.account.address), miss)) < c.target) miss++;
      const above = [...good.filter((n) => n < miss), miss, ...good.filter((n) => n > miss)].slice(0, 8);
      await viem.assertions.revertWithCustomErrorWithArgs(
        s.registry.write.respond([c.challengeId, above], me),
        s.registry,
        "PowerNonceAboveTarget",
        [BigInt(above.indexOf(miss))],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        s.registry.write.expireChallenge([s.provider.account.address]),
        s.registry,
        "PowerWindowOpen",
        [c.challengeId, BigInt(c.deadline)],
      );
      await networkHelpers.time.setNextBlockTimestamp(c.deadline + 1n);
      await viem.assertions.revertWithCustomErrorWithArgs(
        s.registry.write.respond([c.challengeId, good], me),
        s.registry,
        "PowerAnswerAfterWindow",
        [c.challengeId, BigInt(c.deadline)],
      );
      await s.registry.write.expireChallenge([s.provider.account.address]);
      // Closed: neither a late answer nor a second expiry finds it.
      await viem.assertions.revertWithCustomErrorWithArgs(
        s.registry.write.respond([c.challengeId, good], me),
        s.registry,
        "PowerUnknownChallenge",
        [c.challengeId],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        s.registry.write.expireChallenge([s.provider.account.address]),
        s.registry,
        "PowerUnknownChallenge",
        [0n],
      );
    });

    it("refuses a replayed answer: the same nonces cannot pass the next challenge", async () => {
      const s = await networkHelpers.loadFixture(deployPower);
      const c = await openChallenge(s);
      const nonces = solve(s, c);
      await s.registry.write.respond([c.challengeId, nonces], { account: s.provider.account });
      await networkHelpers.time.increase(DAY);
      const next = await openChallenge(s);
      assert.notEqual(next.seed, c.seed);
      const verdict = checkAnswer({
        seed: next.seed,
        provider: universal(s.provider.account.address),
        target: next.target,
        nonces: 8,
        answer: nonces,
      });
      assert.equal(verdict?.error, "PowerNonceAboveTarget");
      await viem.assertions.revertWithCustomErrorWithArgs(
        s.registry.write.respond([next.challengeId, nonces], { account: s.provider.account }),
        s.registry,
        "PowerNonceAboveTarget",
        [BigInt(verdict!.index)],
      );
    });

    it("refuses claiming no fees, funding zero, a stranger's slash through Staking and a stranger's parameter", async () => {
      const s = await networkHelpers.loadFixture(deployPower);
      await viem.assertions.revertWithCustomErrorWithArgs(
        s.registry.write.claimFees({ account: s.stranger.account }),
        s.registry,
        "PowerNothingToClaim",
        [s.stranger.account.address],
      );
      await viem.assertions.revertWithCustomError(
        s.registry.write.fundValidatorBudget([0n], { account: s.treasury.account }),
        s.registry,
        "PowerZeroAmount",
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        s.staking.write.slashPower([s.provider.account.address, 10_000n, s.user.account.address, s.user.account.address], {
          account: s.user.account,
        }),
        s.staking,
        "StakingUnauthorizedSlasher",
        [s.user.account.address],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        s.registry.write.setParameter([P.powerNonces, 4n], { account: s.user.account }),
        s.registry,
        "OwnableUnauthorizedAccount",
        [s.user.account.address],
      );
    });
  });
});
