import { expect } from "chai";
import { CAL, CalctraError, solveChallenge } from "@calctra/core";
import { type TonPowerClient, TonStakingClient, TonTokenClient, TON_POWER_VALUE, tonAbi, tonNonceList } from "../src/ton/index.js";
import { startLocalTon, type LocalTon, type TonActor } from "@calctra/devnet/ton";

const addr = (a: TonActor) => a.address.toString();

async function expectRefusal(p: Promise<unknown>, name: string): Promise<CalctraError> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e, `expected ${name}`).to.be.instanceOf(CalctraError);
  expect((e as CalctraError).name).to.equal(name);
  return e as CalctraError;
}

describe("TonPowerClient (PowerClient on TON) on an embedded @ton/sandbox chain", function () {
  this.timeout(300_000);
  let ton: LocalTon;
  let honest: TonActor;
  let inflated: TonActor;
  let validator: TonActor;
  let asHonest: TonPowerClient;
  let asInflated: TonPowerClient;
  let asValidator: TonPowerClient;

  before(async () => {
    ton = await startLocalTon({ now: 1_800_000_000 });
    [honest, inflated, validator] = ton.actors.providers;
    const admin = new TonTokenClient(ton.connect(ton.actors.deployer));
    for (const a of [honest, inflated, validator, ton.actors.treasury]) await admin.mint({ to: addr(a), amount: 1_000n * CAL });
    for (const a of [honest, inflated, validator]) {
      const staking = new TonStakingClient(ton.connect(a));
      await staking.register({ metadataHash: `0x${"11".repeat(32)}` });
      await staking.stake({ amount: 500n * CAL });
    }
    asHonest = ton.power(honest);
    asInflated = ton.power(inflated);
    asValidator = ton.power(validator);
  });

  it("reads the parameter table's defaults; governance sets the fee allowance (id 14) and the treasury funds it", async () => {
    expect(await asValidator.getPowerParameters()).to.deep.equal({
      responseWindow: 600n,
      powerNonces: 8,
      powerCooldown: 86_400n,
      maxPowerFailures: 3,
      powerSlashBps: 1000n,
      validatorFee: 1_000_000_000n,
      validatorBudget: 0n,
      fundedBudget: 0n,
    });
    await ton.hubActions({ actions: [{ kind: "setParameter", paramId: 14, value: 10n * CAL }] });
    const treasury = ton.power(ton.actors.treasury);
    await expectRefusal(treasury.prepareFundValidatorBudget({ amount: 0n }), "PowerZeroAmount");
    const sim = await treasury.simulateFundValidatorBudget({ amount: 10n * CAL });
    expect(sim.emulated).to.equal(true);
    await treasury.fundValidatorBudget({ amount: 10n * CAL });
    const p = await asValidator.getPowerParameters();
    expect([p.validatorBudget, p.fundedBudget]).to.deep.equal([10n * CAL, 10n * CAL]);
  });

  it("prepares power messages from the generated layouts, to the staking contract", async () => {
    const declare = await asHonest.prepareDeclareRate({ claimedRate: 1n });
    expect(declare.to.toString()).to.equal(ton.deployment.contracts.staking);
    expect(declare.value).to.equal(TON_POWER_VALUE.declareRate);
    expect(tonAbi.loadDeclareRate(declare.body.beginParse()).claimedRate).to.equal(1n);
    const list = tonNonceList(Array.from({ length: 32 }, (_, i) => BigInt(i)));
    expect([list.bits.length, list.refs[0]!.bits.length, list.refs[0]!.refs[0]!.bits.length]).to.deep.equal([960, 960, 128]);
    await expectRefusal(asHonest.prepareDeclareRate({ claimedRate: 0n }), "PowerZeroClaim");
  });

  it("a provider declares, a validator challenges, the provider answers in time and the validator earns its fee", async () => {
    await asHonest.declareRate({ claimedRate: 1n });
    await asInflated.declareRate({ claimedRate: 1_000_000_000_000n });
    await expectRefusal(asValidator.prepareChallenge({ provider: addr(honest) }), "PowerNotValidator");
    expect((await asValidator.simulateRegisterValidator()).emulated).to.equal(true);
    await asValidator.registerValidator();
    await expectRefusal(asValidator.prepareRegisterValidator(), "PowerAlreadyValidator");
    await expectRefusal(asValidator.prepareChallenge({ provider: addr(validator) }), "PowerSelfChallenge");
    await expectRefusal(asValidator.prepareChallenge({ provider: addr(ton.actors.anyone) }), "PowerNoClaim");

    const { challengeId } = await asValidator.challenge({ provider: addr(honest) });
    expect(challengeId).to.equal(1n);
    await expectRefusal(asValidator.prepareChallenge({ provider: addr(honest) }), "PowerChallengeOpen");
    const c = (await asHonest.getChallenge({ provider: addr(honest) }))!;
    expect(c).to.deep.include({ challengeId: 1n, nonces: 8, responseWindow: 600n, deadline: BigInt(ton.now() + 600) });
    expect(c.validator).to.equal(`0x${validator.address.hash.toString("hex")}`);
    const { nonces } = solveChallenge(c.seed, c.provider, c.target, c.nonces);
    const dup = await expectRefusal(
      asHonest.prepareRespond({ challengeId, nonces: [nonces[0]!, ...nonces.slice(0, 7)] }),
      "PowerDuplicateNonce",
    );
    expect(dup.args.index).to.equal(1);
    await expectRefusal(asHonest.prepareRespond({ challengeId, nonces: nonces.slice(0, 7) }), "PowerWrongNonceCount");
    await expectRefusal(asHonest.prepareRespond({ challengeId: 9n, nonces }), "PowerUnknownChallenge");
    const sim = await asHonest.simulateRespond({ challengeId, nonces });
    expect(sim.emulated).to.equal(true);
    const receipt = await asHonest.respond({ challengeId, nonces });
    expect(receipt.cost).to.be.a("bigint");
    expect(await asHonest.getChallenge({ provider: addr(honest) })).to.equal(null);
    const rec = await asHonest.getPowerRecord({ provider: addr(honest) });
    expect(rec).to.deep.include({ claimedRate: 1n, powerPassed: 1n, powerFailed: 0n, failuresInRow: 0n, openChallenge: 0n });
    expect(await asValidator.getValidator({ validator: addr(validator) })).to.deep.include({
      registered: true,
      feesOwed: 1n * CAL,
      completed: 1n,
    });
  });

  it("an inflated claim is caught: three expiries in a row slash 10% of the free stake, half to the challenger; fees are claimed", async () => {
    const staking = new TonStakingClient(ton.connect(inflated));
    const before = await staking.getProvider({ provider: addr(inflated) });
    const token = new TonTokenClient(ton.connect(validator));
    const vBefore = await token.balanceOf({ owner: addr(validator) });
    for (let i = 0; i < 3; i++) {
      await asValidator.challenge({ provider: addr(inflated) });
      await expectRefusal(asValidator.prepareExpireChallenge({ provider: addr(inflated) }), "PowerWindowOpen");
      ton.increaseTime(601);
      await ton.power(ton.actors.anyone).expireChallenge({ provider: addr(inflated) });
      ton.increaseTime(86_400);
    }
    await expectRefusal(asValidator.prepareExpireChallenge({ provider: addr(inflated) }), "PowerUnknownChallenge");
    const rec = await asInflated.getPowerRecord({ provider: addr(inflated) });
    expect(rec).to.deep.include({ claimedRate: 0n, powerPassed: 0n, powerFailed: 3n, failuresInRow: 0n, verifiedPower: 0n });
    const after = await staking.getProvider({ provider: addr(inflated) });
    const slashed = ((before.staked - before.locked - before.pendingUnstake) * 1000n) / 10_000n;
    expect(after.staked).to.equal(before.staked - slashed);
    expect(after.slashedTotal).to.equal(slashed);
    expect(await token.balanceOf({ owner: addr(validator) })).to.equal(vBefore + slashed / 2n);
    const fees = (await asValidator.getValidator({ validator: addr(validator) })).feesOwed;
    expect(fees).to.equal(4n * CAL);
    await asValidator.claimFees();
    expect(await token.balanceOf({ owner: addr(validator) })).to.equal(vBefore + slashed / 2n + fees);
    await expectRefusal(asValidator.prepareClaimFees(), "PowerNothingToClaim");
  });
});
