import { expect } from "chai";
import { decodeFunctionData, getAddress, keccak256, parseEventLogs, toHex, type Address } from "viem";
import {
  CAL,
  EMPTY_POWER_RECORD,
  declarePowerClaim,
  powerTarget,
  recordPowerFailure,
  solveChallenge,
  universalFromEvm,
  verifiedPower,
} from "@calctra/core";
import { EvmPowerClient, EvmStakingClient, EvmTokenClient, powerRegistryAbi } from "../src/evm/index.js";
import { startLocalEvm, type LocalEvm } from "@calctra/devnet/evm";
import { expectRefusal } from "./support.js";

/** 100 hashes/s over a 60 s window with m = 8: about 2,000 keccak calls to answer (pure TS is enough). */
const RATE = 100n;
const WINDOW = 60n;
const COOLDOWN = 600n;

describe("EVM proof of computational power through the SDK: EvmPowerClient (DESIGN §11)", function () {
  this.timeout(300_000);
  let evm: LocalEvm;
  let provider: EvmPowerClient;
  let providerAddress: Address;
  let validator: EvmPowerClient;
  let validatorAddress: Address;
  let treasury: EvmPowerClient;
  let staking: EvmStakingClient;

  /** Sets a governed power parameter as the timelock (what an executed proposal does). */
  async function govern(paramId: number, value: bigint) {
    const timelock = await evm.impersonate(evm.deployment.contracts.CalTimelock);
    await evm.publicClient.waitForTransactionReceipt({
      hash: await timelock.writeContract({
        address: evm.deployment.contracts.PowerRegistry!,
        abi: powerRegistryAbi,
        functionName: "setParameter",
        args: [paramId, value],
        chain: undefined,
      }),
    });
  }

  before(async () => {
    evm = await startLocalEvm();
    const base = { publicClient: evm.publicClient, deployment: evm.deployment };
    const token = new EvmTokenClient({ ...base, walletClient: evm.wallets[0]! });
    for (const w of evm.wallets.slice(1, 4)) await token.transfer({ to: w.account.address, amount: 2_000n * CAL });
    for (const [i, w] of evm.wallets.slice(1, 3).entries()) {
      const s = new EvmStakingClient({ ...base, walletClient: w });
      await s.register({ metadataHash: keccak256(toHex(`power:${i}`)) });
      await s.stake({ amount: 500n * CAL });
    }
    provider = new EvmPowerClient({ ...base, walletClient: evm.wallets[1]! });
    providerAddress = evm.wallets[1]!.account.address;
    staking = new EvmStakingClient({ ...base, walletClient: evm.wallets[1]! });
    validator = new EvmPowerClient({ ...base, walletClient: evm.wallets[2]! });
    validatorAddress = evm.wallets[2]!.account.address;
    treasury = new EvmPowerClient({ ...base, walletClient: evm.wallets[3]! });
    await govern(8, WINDOW);
    await govern(10, COOLDOWN);
    await govern(14, 50n * CAL);
  });

  it("prepares, simulates and sends declareRate, and reads the claim back as an unverified record", async () => {
    const prepared = await provider.prepareDeclareRate({ claimedRate: RATE });
    expect(prepared.to).to.equal(evm.deployment.contracts.PowerRegistry);
    expect(decodeFunctionData({ abi: powerRegistryAbi, data: prepared.data })).to.deep.include({
      functionName: "declareRate",
      args: [RATE],
    });
    expect(((await provider.simulateDeclareRate({ claimedRate: RATE })).cost ?? 0n) > 0n).to.equal(true);
    await expectRefusal(treasury.simulateDeclareRate({ claimedRate: RATE }), "PowerNotProvider");
    await expectRefusal(provider.declareRate({ claimedRate: 0n }), "PowerZeroClaim");
    const sent = await provider.declareRate({ claimedRate: RATE });
    expect((sent.cost ?? 0n) > 0n).to.equal(true);
    const rec = await provider.getPowerRecord({ provider: providerAddress });
    expect(rec).to.deep.include({
      provider: universalFromEvm(providerAddress),
      claimedRate: RATE,
      powerPassed: 0n,
      openChallenge: 0n,
      verifiedPower: 0n,
    });
    expect(await provider.getChallenge({ provider: providerAddress })).to.equal(null);
  });

  it("funds the validator budget after approving, and registers a staked validator once", async () => {
    const prepared = await treasury.prepareFundValidatorBudget({ amount: 100n * CAL });
    expect(prepared.approval?.to).to.equal(evm.deployment.contracts.CalToken);
    const funded = await treasury.fundValidatorBudget({ amount: 100n * CAL });
    expect((funded.approval?.cost ?? 0n) > 0n).to.equal(true);
    await expectRefusal(treasury.fundValidatorBudget({ amount: 0n }), "PowerZeroAmount");
    await expectRefusal(treasury.simulateRegisterValidator(), "PowerStakeBelowMinimum");
    expect(((await validator.simulateRegisterValidator()).cost ?? 0n) > 0n).to.equal(true);
    await validator.registerValidator();
    await expectRefusal(validator.registerValidator(), "PowerAlreadyValidator");
    expect(await validator.getValidator({ validator: validatorAddress })).to.deep.equal({
      validator: universalFromEvm(validatorAddress),
      registered: true,
      feesOwed: 0n,
      completed: 0n,
    });
    const params = await validator.getPowerParameters();
    expect(params).to.deep.include({ responseWindow: WINDOW, powerNonces: 8, powerCooldown: COOLDOWN, maxPowerFailures: 3 });
    expect(params.fundedBudget).to.equal(100n * CAL);
    expect(params.validatorBudget).to.equal(50n * CAL);
  });

  it("opens a challenge whose target is core's powerTarget, refuses a self-challenge and a second open one, and accepts the answer", async () => {
    await expectRefusal(validator.simulateChallenge({ provider: validatorAddress }), "PowerSelfChallenge");
    await expectRefusal(provider.simulateChallenge({ provider: validatorAddress }), "PowerNotValidator");
    const simulated = await validator.simulateChallenge({ provider: providerAddress });
    expect(simulated.result).to.equal(1n);
    const { challengeId, id } = await validator.challenge({ provider: providerAddress });
    expect(challengeId).to.equal(1n);
    const receipt = await evm.publicClient.getTransactionReceipt({ hash: id as `0x${string}` });
    const [opened] = parseEventLogs({ abi: powerRegistryAbi, eventName: "ChallengeOpened", logs: receipt.logs });
    const c = await provider.getChallenge({ provider: providerAddress });
    expect(c).to.not.equal(null);
    expect(c!.target).to.equal(powerTarget({ claimedRate: RATE, responseWindow: WINDOW, nonces: 8n }));
    expect(c!.target).to.equal(opened!.args.target);
    expect(c!.seed).to.equal(opened!.args.seed);
    expect(c).to.deep.include({ challengeId: 1n, validator: universalFromEvm(validatorAddress), nonces: 8, responseWindow: WINDOW });
    await expectRefusal(validator.simulateChallenge({ provider: providerAddress }), "PowerChallengeOpen");
    await expectRefusal(provider.simulateDeclareRate({ claimedRate: RATE }), "PowerChallengeOpen");

    const { nonces } = solveChallenge(c!.seed, c!.provider, c!.target, c!.nonces);
    await expectRefusal(provider.simulateRespond({ challengeId: 1n, nonces: [nonces[0]!, ...nonces.slice(0, 7)] }), "PowerDuplicateNonce");
    await expectRefusal(provider.simulateRespond({ challengeId: 1n, nonces: nonces.slice(1) }), "PowerWrongNonceCount");
    await expectRefusal(provider.simulateRespond({ challengeId: 2n, nonces }), "PowerUnknownChallenge");
    const prepared = await provider.prepareRespond({ challengeId: 1n, nonces });
    expect(decodeFunctionData({ abi: powerRegistryAbi, data: prepared.data }).functionName).to.equal("respond");
    await provider.respond({ challengeId: 1n, nonces });
    const rec = await provider.getPowerRecord({ provider: providerAddress });
    expect(rec).to.deep.include({ powerPassed: 1n, failuresInRow: 0n, openChallenge: 0n });
    expect(rec.verifiedPower).to.equal(verifiedPower({ claimedRate: RATE, powerPassed: 1n, failuresInRow: 0n }));
    expect(await provider.getChallenge({ provider: providerAddress })).to.equal(null);
    expect((await validator.getValidator({ validator: validatorAddress })).feesOwed).to.equal(CAL);
  });

  it("refuses a challenge during the cooldown, an answer after the window and an expiry while the window is open", async () => {
    await expectRefusal(validator.simulateChallenge({ provider: providerAddress }), "PowerCooldownActive");
    await evm.increaseTime(COOLDOWN);
    const { challengeId } = await validator.challenge({ provider: providerAddress });
    await expectRefusal(validator.simulateExpireChallenge({ provider: providerAddress }), "PowerWindowOpen");
    const c = (await provider.getChallenge({ provider: providerAddress }))!;
    const { nonces } = solveChallenge(c.seed, c.provider, c.target, c.nonces);
    await evm.increaseTime(WINDOW + 1n);
    await expectRefusal(provider.respond({ challengeId, nonces }), "PowerAnswerAfterWindow");
    await validator.expireChallenge({ provider: providerAddress });
    expect(await provider.getPowerRecord({ provider: providerAddress })).to.deep.include({ failuresInRow: 1n, powerFailed: 1n });
    await expectRefusal(validator.simulateExpireChallenge({ provider: providerAddress }), "PowerUnknownChallenge");
  });

  it("slashes the free stake after maxPowerFailures expiries in a row, half to the challenger, as core's model says", async () => {
    // Where the previous tests left the provider: one pass, then one expiry.
    let record = { ...declarePowerClaim(EMPTY_POWER_RECORD, RATE), powerPassed: 1n, powerFailed: 1n, failuresInRow: 1n };
    const token = new EvmTokenClient({ publicClient: evm.publicClient, walletClient: evm.wallets[0]!, deployment: evm.deployment });
    const validatorStaking = new EvmStakingClient({
      publicClient: evm.publicClient,
      walletClient: evm.wallets[2]!,
      deployment: evm.deployment,
    });
    for (const last of [false, true]) {
      await evm.increaseTime(COOLDOWN);
      await validator.challenge({ provider: providerAddress });
      await evm.increaseTime(WINDOW + 1n);
      const before = await staking.getProvider({ provider: providerAddress });
      const validatorBalance = await token.balanceOf({ owner: validatorAddress });
      await validator.expireChallenge({ provider: providerAddress });
      const verdict = recordPowerFailure(record, { maxPowerFailures: 3n, powerSlashBps: 1000n, freeStake: before.staked - before.locked });
      const after = await staking.getProvider({ provider: providerAddress });
      expect(verdict.slashed > 0n).to.equal(last);
      expect(before.staked - after.staked).to.equal(verdict.slashed);
      expect((await token.balanceOf({ owner: validatorAddress })) - validatorBalance).to.equal(verdict.toChallenger);
      const rec = await provider.getPowerRecord({ provider: providerAddress });
      expect(rec).to.deep.include({
        claimedRate: verdict.record.claimedRate,
        powerPassed: verdict.record.powerPassed,
        powerFailed: verdict.record.powerFailed,
        failuresInRow: verdict.record.failuresInRow,
      });
      record = verdict.record;
    }
    expect(record.slashedTotal).to.equal(50n * CAL);
    await expectRefusal(validator.simulateChallenge({ provider: providerAddress }), "PowerNoClaim");
    expect((await validatorStaking.getProvider({ provider: validatorAddress })).staked).to.equal(500n * CAL);
  });

  it("pays the validator its accrued fees once, and lists the providers that ever declared", async () => {
    const token = new EvmTokenClient({ publicClient: evm.publicClient, walletClient: evm.wallets[0]!, deployment: evm.deployment });
    const { feesOwed, completed } = await validator.getValidator({ validator: validatorAddress });
    expect(completed).to.equal(4n);
    expect(feesOwed).to.equal(4n * CAL);
    const before = await token.balanceOf({ owner: validatorAddress });
    await validator.claimFees();
    expect((await token.balanceOf({ owner: validatorAddress })) - before).to.equal(feesOwed);
    await expectRefusal(validator.claimFees(), "PowerNothingToClaim");
    expect(await validator.claimants()).to.deep.equal([getAddress(providerAddress)]);
    expect(await validator.challengeCount()).to.equal(4n);
  });

  it("refuses a deployment without a PowerRegistry when the client is built", () => {
    const { PowerRegistry: _, ...contracts } = evm.deployment.contracts;
    expect(
      () =>
        new EvmPowerClient({ publicClient: evm.publicClient, walletClient: evm.wallets[1]!, deployment: { ...evm.deployment, contracts } }),
    ).to.throw(RangeError, /PowerRegistry/);
  });
});
