import { expect } from "chai";
import "@ton/test-utils";
import { Blockchain, type BlockchainSnapshot, internal, type SandboxContract } from "@ton/sandbox";
import { type Address, beginCell, type Cell, toNano } from "@ton/core";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type GovernanceAction, solutionHash, solveChallenge, type UniversalAddress } from "@calctra/core";
import { deployExecutorEnv } from "../scripts/executorSandbox";
import { ActionsStatus, Executor } from "../wrappers/Executor";
import { err, Errors } from "../wrappers/abi";
import { CONTRACTS_DIR } from "../wrappers/compile";
import { fundValidatorBudgetPayload, Power, POWER_PARAM } from "../wrappers/Power";
import { Staking } from "../wrappers/Staking";
import type { Actor } from "../scripts/sandbox";
import { CAL, createAndAccept, DAY, type Env, registerAndStake, setJettonBalance, setup, transferWithPayload } from "./fixtures";

type Vectors = {
  targets: { name: string; claimedRate: string; responseWindow: string; nonces: number; target: string }[];
  seeds: { name: string; randomness: string; challengeId: string; provider: string; seed: string }[];
  solutions: { name: string; seed: string; provider: string; nonce: string; hash: string }[];
  answers: { name: string; seed: string; provider: string; nonces: number; target: string; answer: string[]; error: string | null }[];
  records: {
    name: string;
    maxPowerFailures: string;
    powerSlashBps: string;
    steps: {
      op: string;
      freeStake?: string;
      slashed?: string;
      toChallenger?: string;
      toTreasury?: string;
      record: { claimedRate: string; powerPassed: string; failuresInRow: string; verifiedPower: string };
    }[];
  }[];
  verifiedPower: { claimedRate: string; powerPassed: string; failuresInRow: string; verifiedPower: string }[];
};
const load = (name: string): unknown => JSON.parse(readFileSync(join(CONTRACTS_DIR, "..", "..", "test", "vectors", name), "utf-8"));
const vectors = load("power.json") as Vectors;
/** The power rows (ids 8..14) of governance.json and the power group of errors.json, like every other group's. */
const governance = load("governance.json") as {
  parameters: Record<string, { id: number; owner: string; default: string; min: string; max: string }>;
  parameterValues: { name: string; paramId: number; value: string; accepted: boolean; error: string | null }[];
};
const powerRows = Object.fromEntries(Object.entries(governance.parameters).filter(([, r]) => r.owner === "power"));
const powerErrors = (load("errors.json") as Record<string, string[]>).power!;

const universal = (a: Address) => `0x${a.hash.toString("hex")}` as UniversalAddress;
const hex32 = (v: bigint) => `0x${v.toString(16).padStart(64, "0")}` as `0x${string}`;

describe("Proof of computational power on TON (staking: claims, validators, challenges, slashes, fees)", () => {
  let env: Env;
  let power: SandboxContract<Power>;
  let validator: Actor;
  let other: Actor;
  let base: BlockchainSnapshot;

  before(async () => {
    env = await setup();
    power = env.blockchain.openContract(Power.at(env.staking.address));
    validator = await env.blockchain.treasury("validator");
    other = await env.blockchain.treasury("other");
    await env.mint(validator.address, 10_000n * CAL);
    await env.mint(other.address, 10_000n * CAL);
    await env.mint(env.treasury.address, 10_000n * CAL);
    await registerAndStake(env, env.provider, 1_000n * CAL);
    await registerAndStake(env, validator, 200n * CAL);
    base = env.blockchain.snapshot();
  });
  beforeEach(async () => {
    await env.blockchain.loadFrom(base);
  });

  const exit = (name: string) => ({ to: env.staking.address, exitCode: err(name) });
  const ok = () => ({ to: env.staking.address, success: true });
  const setParam = (id: number, value: bigint) =>
    env.staking.sendRaw(env.deployer.getSender(), Staking.setParamBody(id, value), toNano("0.05"));
  const fund = (amount: bigint, from: Actor = env.treasury) =>
    transferWithPayload(env, from, env.staking.address, amount, fundValidatorBudgetPayload());
  /** Opens a challenge of `provider` by `validator` with a claim of `rate` (small rates make a cheap answer). */
  const open = async (rate: bigint, who: Actor = env.provider) => {
    if (!(await power.getValidatorInfo(validator.address)).registered) await power.sendRegisterValidator(validator.getSender());
    await power.sendDeclareRate(who.getSender(), rate);
    const r = await power.sendChallenge(validator.getSender(), who.address);
    expect(r.transactions).to.have.transaction(ok());
    return { r, c: await power.getChallengeOf(who.address) };
  };
  const solve = (c: { seed: bigint; target: bigint; nonces: number }, who: Actor = env.provider) =>
    solveChallenge(hex32(c.seed), universal(who.address), c.target, c.nonces).nonces;
  /** The staking wallet holds the stakes, the funded budget and the fees owed (and any claimable CAL): nothing else. */
  const conserved = async () => {
    const params = await power.getPowerParams();
    const owed = (await power.getValidatorInfo(validator.address)).feesOwed;
    const { totalStaked } = await env.staking.getParams();
    let claims = 0n;
    for (const a of [validator, env.treasury, env.provider]) claims += await env.staking.getClaimable(a.address);
    expect(await env.balanceOf(env.staking.address)).to.equal(totalStaked + params.fundedBudget + owed + claims);
  };

  describe("vectors (test/vectors/power.json) through the get-methods", () => {
    it("computes every target vector, at the cap and below it", async () => {
      for (const v of vectors.targets) {
        expect(await power.getTarget(BigInt(v.claimedRate), BigInt(v.responseWindow), v.nonces), v.name).to.equal(BigInt(v.target));
      }
    });

    it("computes every seed and solution hash vector with HASHEXT_KECCAK256", async () => {
      for (const v of vectors.seeds) {
        expect(await power.getSeed(BigInt(v.randomness), BigInt(v.challengeId), BigInt(v.provider)), v.name).to.equal(BigInt(v.seed));
      }
      for (const v of vectors.solutions) {
        expect(await power.getSolutionHash(BigInt(v.seed), BigInt(v.provider), BigInt(v.nonce)), v.name).to.equal(BigInt(v.hash));
      }
    });

    it("accepts every valid answer vector and refuses every invalid one with its error name", async () => {
      for (const v of vectors.answers) {
        const code = await power.getCheckAnswer(BigInt(v.seed), BigInt(v.provider), BigInt(v.target), v.nonces, v.answer.map(BigInt));
        expect(code, v.name).to.equal(v.error === null ? 0 : err(v.error));
      }
    });

    it("computes every verifiedPower vector and the verified power of every record step", async () => {
      for (const v of vectors.verifiedPower) {
        const got = await power.getVerifiedPowerFor(BigInt(v.claimedRate), BigInt(v.powerPassed), BigInt(v.failuresInRow));
        expect(got).to.equal(BigInt(v.verifiedPower));
      }
      for (const sc of vectors.records) {
        for (const st of sc.steps) {
          const rec = st.record;
          const got = await power.getVerifiedPowerFor(BigInt(rec.claimedRate), BigInt(rec.powerPassed), BigInt(rec.failuresInRow));
          expect(got, sc.name).to.equal(BigInt(rec.verifiedPower));
          if (st.freeStake !== undefined && BigInt(st.slashed ?? 0) > 0n) {
            // the power slash is staking's split of the free stake (the same splitSlash as the task slash)
            const s = await env.staking.getSlashFor(BigInt(st.freeStake), Number(sc.powerSlashBps));
            expect([s.slashed, s.toUser, s.toTreasury], sc.name).to.deep.equal([
              BigInt(st.slashed!),
              BigInt(st.toChallenger!),
              BigInt(st.toTreasury!),
            ]);
          }
        }
      }
    });

    it("names every Power error of errors.json as a TON exit code >= 256", () => {
      expect(powerErrors).to.have.length(18);
      for (const name of powerErrors) expect(Errors[name], name).to.be.a("number").and.to.be.at.least(256);
    });

    it("starts with governance.json's defaults and applies or refuses its every parameterValues vector of ids 8..14", async () => {
      const p = await power.getPowerParams();
      const read = (q: typeof p): Record<string, bigint> => ({
        responseWindow: q.responseWindow,
        powerNonces: BigInt(q.powerNonces),
        powerCooldown: q.powerCooldown,
        maxPowerFailures: q.maxPowerFailures,
        powerSlashBps: q.powerSlashBps,
        validatorFee: q.validatorFee,
        validatorBudget: q.validatorBudget,
      });
      expect(Object.keys(powerRows)).to.have.length(7);
      for (const [name, row] of Object.entries(powerRows)) {
        expect(read(p)[name], name).to.equal(BigInt(row.default));
        expect(POWER_PARAM[name as keyof typeof POWER_PARAM], name).to.equal(row.id);
      }
      const cases = governance.parameterValues.filter((v) => Object.values(powerRows).some((r) => r.id === v.paramId));
      expect(cases).to.have.length(26);
      for (const v of cases) {
        const name = Object.keys(powerRows).find((n) => powerRows[n]!.id === v.paramId)!;
        const r = await setParam(v.paramId, BigInt(v.value));
        if (v.accepted) {
          expect(r.transactions, v.name).to.have.transaction(ok());
          expect(read(await power.getPowerParams())[name], v.name).to.equal(BigInt(v.value));
        } else {
          expect(r.transactions, v.name).to.have.transaction(exit(v.error!));
        }
      }
      const stranger = await env.staking.sendRaw(env.anyone.getSender(), Staking.setParamBody(POWER_PARAM.powerNonces, 4n));
      expect(stranger.transactions).to.have.transaction(exit("Unauthorized"));
    });
  });

  describe("claims and validators", () => {
    it("declareRate refuses a zero claim, a sender not registered in staking and a claim while a challenge is open", async () => {
      expect((await power.sendDeclareRate(env.provider.getSender(), 0n)).transactions).to.have.transaction(exit("PowerZeroClaim"));
      expect((await power.sendDeclareRate(env.anyone.getSender(), 5n)).transactions).to.have.transaction(exit("PowerNotProvider"));
      await open(1n);
      expect((await power.sendDeclareRate(env.provider.getSender(), 5n)).transactions).to.have.transaction(exit("PowerChallengeOpen"));
      const low = await power.sendDeclareRate(env.provider.getSender(), 5n, toNano("0.01"));
      expect(low.transactions).to.have.transaction(exit("NotEnoughTon"));
    });

    it("declareRate sets the claim and resets the pass record (powerFailed stays)", async () => {
      const { c } = await open(1n);
      await power.sendRespond(env.provider.getSender(), c.challengeId, solve(c));
      env.blockchain.now! += DAY;
      const second = await open(1n);
      env.blockchain.now! += 601;
      await power.sendExpireChallenge(env.anyone.getSender(), env.provider.address);
      expect(second.c.challengeId).to.equal(2n);
      const r = await power.sendDeclareRate(env.provider.getSender(), 7n);
      expect(r.transactions).to.have.transaction(ok());
      const rec = await power.getPowerRecord(env.provider.address);
      expect([rec.claimedRate, rec.powerPassed, rec.powerFailed, rec.failuresInRow]).to.deep.equal([7n, 0n, 1n, 0n]);
    });

    it("registerValidator refuses a second registration and a stake below minStake", async () => {
      expect((await power.sendRegisterValidator(other.getSender())).transactions).to.have.transaction(exit("PowerStakeBelowMinimum"));
      await registerAndStake(env, other, 99n * CAL);
      expect((await power.sendRegisterValidator(other.getSender())).transactions).to.have.transaction(exit("PowerStakeBelowMinimum"));
      await transferWithPayload(env, other, env.staking.address, 1n * CAL, beginCell().storeUint(0x5374616b, 32).endCell());
      expect((await power.sendRegisterValidator(other.getSender())).transactions).to.have.transaction(ok());
      expect((await power.sendRegisterValidator(other.getSender())).transactions).to.have.transaction(exit("PowerAlreadyValidator"));
      expect(await power.getValidatorInfo(other.address)).to.deep.equal({ registered: true, feesOwed: 0n, completed: 0n });
    });
  });

  describe("challenge", () => {
    beforeEach(async () => {
      await power.sendRegisterValidator(validator.getSender());
    });

    it("refuses a non-validator, a self-challenge, a validator below minStake, no claim, an open challenge and the cooldown", async () => {
      await power.sendDeclareRate(env.provider.getSender(), 1n);
      await power.sendDeclareRate(validator.getSender(), 1n);
      expect((await power.sendChallenge(other.getSender(), env.provider.address)).transactions).to.have.transaction(
        exit("PowerNotValidator"),
      );
      expect((await power.sendChallenge(validator.getSender(), validator.address)).transactions).to.have.transaction(
        exit("PowerSelfChallenge"),
      );
      expect((await power.sendChallenge(validator.getSender(), env.anyone.address)).transactions).to.have.transaction(exit("PowerNoClaim"));
      await env.staking.sendRequestUnstake(validator.getSender(), 101n * CAL);
      expect((await power.sendChallenge(validator.getSender(), env.provider.address)).transactions).to.have.transaction(
        exit("PowerStakeBelowMinimum"),
      );
      await env.blockchain.loadFrom(base);
      await power.sendRegisterValidator(validator.getSender());
      const { c } = await open(1n);
      expect((await power.sendChallenge(validator.getSender(), env.provider.address)).transactions).to.have.transaction(
        exit("PowerChallengeOpen"),
      );
      await power.sendRespond(env.provider.getSender(), c.challengeId, solve(c));
      expect((await power.sendChallenge(validator.getSender(), env.provider.address)).transactions).to.have.transaction(
        exit("PowerCooldownActive"),
      );
      env.blockchain.now! += DAY - 1;
      expect((await power.sendChallenge(validator.getSender(), env.provider.address)).transactions).to.have.transaction(
        exit("PowerCooldownActive"),
      );
      env.blockchain.now! += 1;
      expect((await power.sendChallenge(validator.getSender(), env.provider.address)).transactions).to.have.transaction(ok());
    });

    it("opens challenge 1 with a fresh seed, the frozen target of the claim and the deadline; ids are sequential", async () => {
      const now = env.blockchain.now!;
      const { c } = await open(1_000_000n);
      expect(c).to.deep.include({ exists: true, open: true, challengeId: 1n, deadline: now + 600, responseWindow: 600, nonces: 8 });
      expect(c.validator?.equals(validator.address)).to.equal(true);
      expect(c.target).to.equal(await power.getTarget(1_000_000n, 600n, 8));
      expect(c.seed).to.not.equal(0n);
      await registerAndStake(env, other, 1n * CAL);
      const second = await open(1n, other);
      expect(second.c.challengeId).to.equal(2n);
      expect(second.c.seed).to.not.equal(c.seed);
      expect((await power.getPowerParams()).challengeCount).to.equal(2n);
      // the claim, the window and m are those of the moment it opened
      await setParam(POWER_PARAM.powerNonces, 2n);
      expect((await power.getChallengeOf(env.provider.address)).nonces).to.equal(8);
    });
  });

  describe("respond and expireChallenge", () => {
    beforeEach(async () => {
      await power.sendRegisterValidator(validator.getSender());
    });

    it("a valid answer in time passes: powerPassed += 1, failuresInRow = 0, the challenge closes", async () => {
      const { c } = await open(1n);
      const r = await power.sendRespond(env.provider.getSender(), c.challengeId, solve(c));
      expect(r.transactions).to.have.transaction(ok());
      const rec = await power.getPowerRecord(env.provider.address);
      expect([rec.powerPassed, rec.failuresInRow, rec.openChallenge, rec.verifiedPower]).to.deep.equal([1n, 0n, 0n, 0n]);
      expect(await power.getVerifiedPower(env.provider.address)).to.equal(0n); // floor(1 * 1 / 2)
      expect((await power.getChallengeOf(env.provider.address)).open).to.equal(false);
      expect(await power.getValidatorInfo(validator.address)).to.deep.equal({ registered: true, feesOwed: 0n, completed: 1n });
    });

    it("refuses an unknown challenge, a wrong count, a replayed or duplicate nonce, a nonce above the target, an answer after the window", async () => {
      const { c } = await open(1n);
      const good = solve(c);
      const respond = (id: bigint, n: readonly bigint[] | Cell, who: Actor = env.provider) => power.sendRespond(who.getSender(), id, n);
      expect((await respond(c.challengeId + 1n, good)).transactions).to.have.transaction(exit("PowerUnknownChallenge"));
      expect((await respond(c.challengeId, good, other)).transactions).to.have.transaction(exit("PowerUnknownChallenge"));
      expect((await respond(c.challengeId, good.slice(0, 7))).transactions).to.have.transaction(exit("PowerWrongNonceCount"));
      expect((await respond(c.challengeId, [...good, good[7]! + 1n])).transactions).to.have.transaction(exit("PowerWrongNonceCount"));
      const malformed = beginCell().storeUint(1, 63).endCell();
      expect((await respond(c.challengeId, malformed)).transactions).to.have.transaction(exit("PowerWrongNonceCount"));
      const replayed = [...good];
      replayed[3] = replayed[2]!;
      expect((await respond(c.challengeId, replayed)).transactions).to.have.transaction(exit("PowerDuplicateNonce"));
      // the last nonce replaced by the first larger nonce that is not a solution
      const above = [...good];
      let bad = good[7]! + 1n;
      while (BigInt(solutionHash(hex32(c.seed), universal(env.provider.address), bad)) < c.target) bad++;
      above[7] = bad;
      expect((await respond(c.challengeId, above)).transactions).to.have.transaction(exit("PowerNonceAboveTarget"));
      env.blockchain.now! += 600;
      expect((await respond(c.challengeId, good)).transactions).to.have.transaction(ok());
      await env.blockchain.loadFrom(base);
      await power.sendRegisterValidator(validator.getSender());
      const late = await open(1n);
      env.blockchain.now! += 601;
      expect((await respond(late.c.challengeId, solve(late.c))).transactions).to.have.transaction(exit("PowerAnswerAfterWindow"));
    });

    it("expireChallenge: nothing open or the window still open is refused; after the window it is a failure", async () => {
      expect((await power.sendExpireChallenge(env.anyone.getSender(), env.provider.address)).transactions).to.have.transaction(
        exit("PowerUnknownChallenge"),
      );
      const { c } = await open(1n);
      env.blockchain.now = c.deadline;
      expect((await power.sendExpireChallenge(env.anyone.getSender(), env.provider.address)).transactions).to.have.transaction(
        exit("PowerWindowOpen"),
      );
      const low = await power.sendExpireChallenge(env.anyone.getSender(), env.provider.address, toNano("0.1"));
      expect(low.transactions).to.have.transaction(exit("NotEnoughTon"));
      env.blockchain.now = c.deadline + 1;
      expect((await power.sendExpireChallenge(env.anyone.getSender(), env.provider.address)).transactions).to.have.transaction(ok());
      const rec = await power.getPowerRecord(env.provider.address);
      expect([rec.powerFailed, rec.failuresInRow, rec.openChallenge, rec.claimedRate]).to.deep.equal([1n, 1n, 0n, 1n]);
      expect((await power.sendRespond(env.provider.getSender(), c.challengeId, solve(c))).transactions).to.have.transaction(
        exit("PowerUnknownChallenge"),
      );
    });
  });

  describe("slash, fees and conservation", () => {
    beforeEach(async () => {
      await power.sendRegisterValidator(validator.getSender());
    });

    /** One unanswered challenge of the provider, expired after its window. */
    const failOnce = async (rate = 1_000_000_000n) => {
      const rec = await power.getPowerRecord(env.provider.address);
      if (rec.claimedRate === 0n) await power.sendDeclareRate(env.provider.getSender(), rate);
      const r = await power.sendChallenge(validator.getSender(), env.provider.address);
      expect(r.transactions).to.have.transaction(ok());
      const c = await power.getChallengeOf(env.provider.address);
      env.blockchain.now = c.deadline + 1;
      const e = await power.sendExpireChallenge(env.anyone.getSender(), env.provider.address);
      expect(e.transactions).to.have.transaction(ok());
      env.blockchain.now! += DAY;
      await conserved();
      return e;
    };

    it("an inflated claim is caught: maxPowerFailures expiries in a row slash powerSlashBps of the free stake, half each", async () => {
      // collateral locked by a task is untouched: lock 50 CAL through a task first
      await createAndAccept(env, 100n * CAL);
      const before = await env.staking.getProvider(env.provider.address);
      expect(before.locked).to.equal(50n * CAL);
      const free = before.stake - before.locked - before.pendingUnstake;
      const vBefore = await env.balanceOf(validator.address);
      const tBefore = await env.balanceOf(env.treasury.address);
      await failOnce();
      await failOnce();
      expect((await env.staking.getProvider(env.provider.address)).stake).to.equal(before.stake);
      const last = await failOnce();
      const slashed = (free * 1000n) / 10000n;
      const after = await env.staking.getProvider(env.provider.address);
      expect(after.stake).to.equal(before.stake - slashed);
      expect(after.locked).to.equal(before.locked);
      expect(after.slashedTotal).to.equal(slashed);
      expect([after.completed, after.failed]).to.deep.equal([before.completed, before.failed]);
      expect(await env.balanceOf(validator.address)).to.equal(vBefore + slashed / 2n);
      expect(await env.balanceOf(env.treasury.address)).to.equal(tBefore + slashed - slashed / 2n);
      const rec = await power.getPowerRecord(env.provider.address);
      expect([rec.claimedRate, rec.powerPassed, rec.powerFailed, rec.failuresInRow, rec.slashedTotal]).to.deep.equal([
        0n,
        0n,
        3n,
        0n,
        slashed,
      ]);
      expect(last.externals.length).to.equal(2); // ChallengeExpired and PowerSlashed
      expect((await power.sendChallenge(validator.getSender(), env.provider.address)).transactions).to.have.transaction(
        exit("PowerNoClaim"),
      );
    });

    it("a pass between failures resets failuresInRow: no slash", async () => {
      await failOnce(1n);
      await failOnce(1n);
      await power.sendChallenge(validator.getSender(), env.provider.address);
      const c = await power.getChallengeOf(env.provider.address);
      expect((await power.sendRespond(env.provider.getSender(), c.challengeId, solve(c))).transactions).to.have.transaction(ok());
      env.blockchain.now! += DAY;
      await failOnce(1n);
      const rec = await power.getPowerRecord(env.provider.address);
      expect([rec.powerPassed, rec.powerFailed, rec.failuresInRow, rec.slashedTotal]).to.deep.equal([1n, 3n, 1n, 0n]);
      expect(rec.verifiedPower).to.equal(0n); // floor(1 * 1 / 3)
    });

    it("fees: paid while both the governed allowance and the funded CAL cover them; completed counts every challenge", async () => {
      expect((await fund(0n)).transactions).to.have.transaction(exit("PowerZeroAmount"));
      expect((await power.sendClaimFees(validator.getSender())).transactions).to.have.transaction(exit("PowerNothingToClaim"));
      await failOnce(); // no allowance, no funds: no fee
      await setParam(POWER_PARAM.validatorBudget, 2n * CAL);
      await failOnce(); // allowance, no funds: no fee
      const f = await fund(3n * CAL);
      expect(f.transactions).to.have.transaction(ok());
      expect((await power.getPowerParams()).fundedBudget).to.equal(3n * CAL);
      await conserved();
      await power.sendDeclareRate(env.provider.getSender(), 1n);
      const { c } = await open(1n);
      await power.sendRespond(env.provider.getSender(), c.challengeId, solve(c)); // fee 1 CAL
      env.blockchain.now! += DAY;
      await conserved();
      await failOnce(1n); // fee 1 CAL: allowance now 0
      await failOnce(1n); // allowance exhausted: no fee
      const p = await power.getPowerParams();
      expect([p.validatorBudget, p.fundedBudget]).to.deep.equal([0n, 1n * CAL]);
      expect(await power.getValidatorInfo(validator.address)).to.deep.equal({ registered: true, feesOwed: 2n * CAL, completed: 5n });
      const before = await env.balanceOf(validator.address);
      const claim = await power.sendClaimFees(validator.getSender());
      expect(claim.transactions).to.have.transaction(ok());
      expect(await env.balanceOf(validator.address)).to.equal(before + 2n * CAL);
      expect((await power.getValidatorInfo(validator.address)).feesOwed).to.equal(0n);
      await conserved();
      expect((await power.sendClaimFees(validator.getSender())).transactions).to.have.transaction(exit("PowerNothingToClaim"));
    });

    it("a fee payout that bounces is credited to the validator's claimable CAL (ClaimJettons), never lost", async () => {
      await setParam(POWER_PARAM.validatorBudget, 5n * CAL);
      await fund(5n * CAL);
      const { c } = await open(1n);
      await power.sendRespond(env.provider.getSender(), c.challengeId, solve(c));
      const held = await env.balanceOf(env.staking.address);
      await setJettonBalance(env, env.staking.address, 0n); // the staking wallet cannot pay: the transfer request bounces
      const r = await power.sendClaimFees(validator.getSender());
      expect(r.transactions).to.have.transaction({ from: env.staking.address, success: false });
      expect(await env.staking.getClaimable(validator.address)).to.equal(1n * CAL);
      await setJettonBalance(env, env.staking.address, held);
      await conserved();
      const before = await env.balanceOf(validator.address);
      await env.staking.sendClaim(validator.getSender());
      expect(await env.balanceOf(validator.address)).to.equal(before + 1n * CAL);
      await conserved();
    });

    it("the treasury is set by the admin's SetRole(treasury) only", async () => {
      const bad = await power.sendSetTreasury(env.anyone.getSender(), env.anyone.address);
      expect(bad.transactions).to.have.transaction(exit("Unauthorized"));
      await power.sendSetTreasury(env.deployer.getSender(), other.address);
      expect((await power.getPowerParams()).treasury.equals(other.address)).to.equal(true);
      const role = await env.staking.sendRaw(
        env.deployer.getSender(),
        beginCell().storeUint(Number(0x526f6c65), 32).storeUint(0, 64).storeUint(0, 8).storeAddress(other.address).endCell(),
      );
      expect(role.transactions).to.have.transaction(exit("GovernanceInvalidAction"));
    });
  });
});

describe("Power parameters through the spoke governance (ids 8..14 routed to staking)", () => {
  it("a hub setParameter list for ids 9 and 14 reaches staking; an out-of-bounds power value bounces and records Failed", async () => {
    const blockchain = await Blockchain.create();
    blockchain.now = 1_800_000_000;
    const env = await deployExecutorEnv(blockchain, 3600);
    const power = blockchain.openContract(Power.at(env.staking.address));
    const run = async (sequence: bigint, actions: GovernanceAction[]) => {
      await env.fromHub({ kind: "GovernanceActions", sequence, proposalId: 7n, actions });
      blockchain.now! += 3600;
      const body = Executor.body("ExecExecute").storeUint(sequence, 64).endCell();
      return blockchain.sendMessage(internal({ from: env.relayer.address, to: env.exec.address, value: toNano("0.5"), body }));
    };
    const r = await run(1n, [
      { kind: "setParameter", paramId: POWER_PARAM.powerNonces, value: 4n },
      { kind: "setParameter", paramId: POWER_PARAM.validatorBudget, value: 50n * CAL },
    ]);
    expect(r.transactions).to.have.transaction({ from: env.exec.address, to: env.staking.address, success: true });
    const p = await power.getPowerParams();
    expect([p.powerNonces, p.validatorBudget]).to.deep.equal([4, 50n * CAL]);
    const bad = await run(2n, [{ kind: "setParameter", paramId: POWER_PARAM.powerSlashBps, value: 10_001n }]);
    expect(bad.transactions).to.have.transaction({ to: env.staking.address, exitCode: err("PowerParameterOutOfBounds") });
    expect((await env.exec.getActions(2n))?.status).to.equal(ActionsStatus.Failed);
    expect((await power.getPowerParams()).powerSlashBps).to.equal(1000n);
  });
});
