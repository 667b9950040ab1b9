import { expect } from "chai";
import { CAL, powerTarget, setParameter, solutionHash, solveChallenge, universalFromSolana, verifiedPower } from "@calctra/core";
import { startLocalSolana, type LocalSolana, type LocalSolanaWallet } from "@calctra/devnet/solana";
import { expectCalctra } from "@calctra/devnet/testing";
import { SolanaPowerClient, SolanaStakingClient, SolanaTokenClient } from "../src/solana/index.js";

const METADATA = `0x${"ab".repeat(32)}` as const;

describe("Solana power registry adapter (SolanaPowerClient) through the native host", function () {
  this.timeout(300_000);
  let sol: LocalSolana;
  let validator: LocalSolanaWallet, honest: LocalSolanaWallet, inflated: LocalSolanaWallet;
  let validatorPower: SolanaPowerClient, honestPower: SolanaPowerClient, inflatedPower: SolanaPowerClient;
  let token: SolanaTokenClient;

  /** A wallet registered in staking with `stake` CAL base units staked. */
  const staker = async (stake: bigint) => {
    const w = await sol.newWallet({ cal: stake + 10n * CAL });
    const staking = new SolanaStakingClient(w.params);
    await staking.register({ metadataHash: METADATA });
    await staking.stake({ amount: stake });
    return w;
  };

  before(async () => {
    sol = await startLocalSolana();
    // Governance sets the power parameters the way the hub does: one slash after one failure, a short cooldown.
    const { sequence } = await sol.hubActions({ actions: [setParameter("maxPowerFailures", 1n), setParameter("powerCooldown", 600n)] });
    expect(sequence).to.equal(1n);
    validator = await staker(100n * CAL);
    honest = await staker(200n * CAL);
    inflated = await staker(300n * CAL);
    validatorPower = new SolanaPowerClient(validator.params);
    honestPower = new SolanaPowerClient(honest.params);
    inflatedPower = new SolanaPowerClient(inflated.params);
    token = new SolanaTokenClient(sol.actors.deployer.params);
    await validatorPower.registerValidator();
    // Governance allows 50 CAL of fees (parameter 14), the treasury funds 20 (devnet's fundPowerBudget).
    await sol.fundPowerBudget({ amount: 20n * CAL, allowance: 50n * CAL });
  });
  after(() => sol?.close());

  it("reads the governed parameters and the funded budget", async () => {
    const p = await validatorPower.getPowerParameters();
    expect(p).to.deep.equal({
      responseWindow: 600n,
      powerNonces: 8,
      powerCooldown: 600n,
      maxPowerFailures: 1,
      powerSlashBps: 1000n,
      validatorFee: CAL,
      validatorBudget: 50n * CAL,
      fundedBudget: 20n * CAL,
    });
    expect(await validatorPower.vaultBalance()).to.equal(20n * CAL);
    expect(await validatorPower.getValidator({ validator: validator.address })).to.deep.equal({
      validator: universalFromSolana(validator.address),
      registered: true,
      feesOwed: 0n,
      completed: 0n,
    });
  });

  it("an honest provider answers its challenge and the validator collects its fee", async () => {
    await honestPower.declareRate({ claimedRate: 100n });
    expect(await honestPower.getChallenge({ provider: honest.address })).to.equal(null);
    const simulated = await validatorPower.simulateChallenge({ provider: honest.address });
    expect(simulated.result?.challengeId).to.equal(1n);
    const opened = await validatorPower.challenge({ provider: honest.address });
    expect(opened.challengeId).to.equal(1n);
    const c = await honestPower.getChallenge({ provider: honest.address });
    if (c === null) throw new Error("no open challenge");
    expect(c.target).to.equal(powerTarget({ claimedRate: 100n, responseWindow: 600n, nonces: 8n }));
    expect(c.validator).to.equal(universalFromSolana(validator.address));
    expect(c.deadline).to.equal((await validatorPower.chainTime()) + 600n);
    const { nonces } = solveChallenge(c.seed, c.provider, c.target, c.nonces);
    await honestPower.simulateRespond({ challengeId: c.challengeId, nonces });
    await honestPower.respond({ challengeId: c.challengeId, nonces });
    const record = await honestPower.getPowerRecord({ provider: honest.address });
    expect(record).to.include({ claimedRate: 100n, powerPassed: 1n, powerFailed: 0n, failuresInRow: 0n, openChallenge: 0n });
    expect(record.verifiedPower).to.equal(verifiedPower(record)).and.to.equal(50n);
    expect(await validatorPower.getValidator({ validator: validator.address })).to.include({ feesOwed: CAL, completed: 1n });
    // Conservation: the vault holds the funded budget plus the fees owed.
    expect(await validatorPower.vaultBalance()).to.equal((await validatorPower.getPowerParameters()).fundedBudget + CAL);
    const before = await token.balanceOf({ owner: validator.address });
    await validatorPower.claimFees();
    expect((await token.balanceOf({ owner: validator.address })) - before).to.equal(CAL);
    await expectCalctra(validatorPower.simulateClaimFees(), "PowerNothingToClaim", "solana");
    expect(await validatorPower.vaultBalance()).to.equal(19n * CAL);
  });

  it("an inflated claim is caught: the challenge expires and the provider is slashed", async () => {
    await inflatedPower.declareRate({ claimedRate: 1_000_000_000_000n });
    const { challengeId } = await validatorPower.challenge({ provider: inflated.address });
    await expectCalctra(validatorPower.simulateExpireChallenge({ provider: inflated.address }), "PowerWindowOpen", "solana");
    await sol.advanceTime(601n);
    // Too late to answer, even with nonces that would pass.
    await expectCalctra(
      inflatedPower.simulateRespond({ challengeId, nonces: [1n, 2n, 3n, 4n, 5n, 6n, 7n, 8n] }),
      "PowerAnswerAfterWindow",
      "solana",
    );
    const treasuryBefore = await token.balanceOf({ owner: sol.actors.treasuryOwner.address });
    const validatorBefore = await token.balanceOf({ owner: validator.address });
    const anyone = new SolanaPowerClient((await sol.newWallet()).params);
    await anyone.expireChallenge({ provider: inflated.address });
    // 10 % of the 300 CAL free stake: half to the challenger, half to the treasury; the claim resets.
    expect((await token.balanceOf({ owner: validator.address })) - validatorBefore).to.equal(15n * CAL);
    expect((await token.balanceOf({ owner: sol.actors.treasuryOwner.address })) - treasuryBefore).to.equal(15n * CAL);
    const stake = await new SolanaStakingClient(inflated.params).getProvider({ provider: inflated.address });
    expect(stake).to.include({ staked: 270n * CAL, slashedTotal: 30n * CAL });
    expect(await inflatedPower.getPowerRecord({ provider: inflated.address })).to.include({
      claimedRate: 0n,
      powerPassed: 0n,
      powerFailed: 1n,
      failuresInRow: 0n,
      openChallenge: 0n,
      verifiedPower: 0n,
    });
    expect(await validatorPower.getValidator({ validator: validator.address })).to.include({ feesOwed: CAL, completed: 2n });
  });

  it("refusals come back with their CONVENTIONS names", async () => {
    await expectCalctra(honestPower.declareRate({ claimedRate: 0n }), "PowerZeroClaim", "solana");
    const stranger = await sol.newWallet({ cal: 5n * CAL });
    const strangerPower = new SolanaPowerClient(stranger.params);
    await expectCalctra(strangerPower.simulateDeclareRate({ claimedRate: 5n }), "PowerNotProvider", "solana");
    await expectCalctra(strangerPower.simulateRegisterValidator(), "PowerStakeBelowMinimum", "solana");
    await expectCalctra(strangerPower.simulateChallenge({ provider: honest.address }), "PowerNotValidator", "solana");
    await expectCalctra(validatorPower.simulateRegisterValidator(), "PowerAlreadyValidator", "solana");
    await expectCalctra(validatorPower.simulateChallenge({ provider: validator.address }), "PowerSelfChallenge", "solana");
    await expectCalctra(validatorPower.simulateChallenge({ provider: stranger.address }), "PowerNoClaim", "solana");
    await expectCalctra(strangerPower.fundValidatorBudget({ amount: 0n }), "PowerZeroAmount", "solana");
    const { challengeId } = await validatorPower.challenge({ provider: honest.address });
    await expectCalctra(validatorPower.simulateChallenge({ provider: honest.address }), "PowerChallengeOpen", "solana");
    await expectCalctra(honestPower.simulateDeclareRate({ claimedRate: 200n }), "PowerChallengeOpen", "solana");
    await expectCalctra(honestPower.simulateRespond({ challengeId: challengeId + 1n, nonces: [] }), "PowerUnknownChallenge", "solana");
    const c = await honestPower.getChallenge({ provider: honest.address });
    if (c === null) throw new Error("no open challenge");
    const { nonces } = solveChallenge(c.seed, c.provider, c.target, c.nonces);
    await expectCalctra(honestPower.simulateRespond({ challengeId, nonces: nonces.slice(1) }), "PowerWrongNonceCount", "solana");
    const replayed = [nonces[0]!, nonces[0]!, ...nonces.slice(2)];
    await expectCalctra(honestPower.simulateRespond({ challengeId, nonces: replayed }), "PowerDuplicateNonce", "solana");
    let above = nonces[6]! + 1n;
    while (BigInt(solutionHash(c.seed, c.provider, above)) < c.target) above += 1n;
    const miss = [...nonces.slice(0, 7), above];
    await expectCalctra(honestPower.simulateRespond({ challengeId, nonces: miss }), "PowerNonceAboveTarget", "solana");
    // The prepared form is the same instructions for another signer.
    const prepared = await honestPower.prepareRespond({ challengeId, nonces });
    expect(prepared.feePayer.toBase58()).to.equal(honest.address);
    expect(prepared.instructions.length).to.equal(1);
    await honestPower.respond({ challengeId, nonces });
    expect(await honestPower.getPowerRecord({ provider: honest.address })).to.include({ powerPassed: 2n, verifiedPower: 66n });
    // Challenged less than powerCooldown ago.
    await expectCalctra(validatorPower.simulateChallenge({ provider: honest.address }), "PowerCooldownActive", "solana");
  });
});
