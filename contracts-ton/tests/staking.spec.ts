import { expect } from "chai";
import { beginCell, toNano } from "@ton/core";
import "@ton/test-utils";
import { setup, type Env, registerAndStake, transferWithPayload, createAndAccept, setJettonBalance, CAL, DAY } from "./fixtures";
import { stakePayload, STAKING_PARAM } from "../wrappers/Staking";
import { err, op } from "../wrappers/abi";

describe("Staking and reputation", () => {
  let env: Env;
  beforeEach(async () => {
    env = await setup();
  });

  it("register publishes the metadata hash once; a second register is refused", async () => {
    await env.staking.sendRegister(env.provider.getSender(), 0xabcdefn);
    const p = await env.staking.getProvider(env.provider.address);
    expect(p.registered).to.equal(true);
    expect(p.metadataHash).to.equal(0xabcdefn);
    expect(p.scoreBps).to.equal(5000);
    const r = await env.staking.sendRegister(env.provider.getSender(), 1n);
    expect(r.transactions).to.have.transaction({ to: env.staking.address, exitCode: err("StakingAlreadyRegistered") });
    const r2 = await env.staking.sendRegister(env.anyone.getSender(), 1n, toNano("0.005"));
    expect(r2.transactions).to.have.transaction({ to: env.staking.address, exitCode: err("NotEnoughTon") });
  });

  it("stake through a CAL transfer with the stake payload credits the provider", async () => {
    await registerAndStake(env, env.provider, 500n * CAL);
    expect((await env.staking.getProvider(env.provider.address)).stake).to.equal(500n * CAL);
    expect(await env.balanceOf(env.staking.address)).to.equal(500n * CAL);
    expect((await env.staking.getParams()).totalStaked).to.equal(500n * CAL);
  });

  it("stake by an unregistered sender, with a zero amount or a wrong payload is refused and refunded", async () => {
    const before = await env.balanceOf(env.provider.address);
    const r1 = await transferWithPayload(env, env.provider, env.staking.address, 10n * CAL, stakePayload());
    expect(r1.transactions).to.have.transaction({ to: env.staking.address, exitCode: err("StakingNotRegistered") });
    await env.staking.sendRegister(env.provider.getSender(), 1n);
    const r2 = await transferWithPayload(env, env.provider, env.staking.address, 10n * CAL, beginCell().storeUint(7, 32).endCell());
    expect(r2.transactions).to.have.transaction({ to: env.staking.address, exitCode: err("StakingInvalidPayload") });
    const r3 = await transferWithPayload(env, env.provider, env.staking.address, 0n, stakePayload());
    expect(r3.transactions).to.have.transaction({ to: env.staking.address, exitCode: err("StakingZeroAmount") });
    expect(await env.balanceOf(env.provider.address)).to.equal(before);
    expect(await env.balanceOf(env.staking.address)).to.equal(0n);
  });

  it("stake with too little forwarded TON becomes claimable instead of stranded", async () => {
    await env.staking.sendRegister(env.provider.getSender(), 1n);
    const before = await env.balanceOf(env.provider.address);
    const r = await transferWithPayload(env, env.provider, env.staking.address, 10n * CAL, stakePayload(), toNano("0.01"));
    expect(r.transactions).to.have.transaction({ to: env.staking.address, exitCode: err("NotEnoughTon") });
    expect(await env.staking.getClaimable(env.provider.address)).to.equal(10n * CAL);
    await env.staking.sendClaim(env.provider.getSender());
    expect(await env.balanceOf(env.provider.address)).to.equal(before);
    const r2 = await env.staking.sendClaim(env.provider.getSender());
    expect(r2.transactions).to.have.transaction({ to: env.staking.address, exitCode: err("NothingToClaim") });
  });

  it("requestUnstake then withdraw after unbondingPeriod returns the CAL", async () => {
    await registerAndStake(env, env.provider, 500n * CAL);
    const r0 = await env.staking.sendRequestUnstake(env.provider.getSender(), 0n);
    expect(r0.transactions).to.have.transaction({ to: env.staking.address, exitCode: err("StakingZeroAmount") });
    const r1 = await env.staking.sendWithdraw(env.provider.getSender());
    expect(r1.transactions).to.have.transaction({ to: env.staking.address, exitCode: err("StakingNoPendingUnstake") });
    await env.staking.sendRequestUnstake(env.provider.getSender(), 200n * CAL);
    const p = await env.staking.getProvider(env.provider.address);
    expect(p.pendingUnstake).to.equal(200n * CAL);
    expect(p.unlockAt).to.equal(env.blockchain.now! + 7 * DAY);
    env.blockchain.now! += 7 * DAY - 1;
    const r2 = await env.staking.sendWithdraw(env.provider.getSender());
    expect(r2.transactions).to.have.transaction({ to: env.staking.address, exitCode: err("StakingUnbondingNotElapsed") });
    env.blockchain.now! += 1;
    const before = await env.balanceOf(env.provider.address);
    const r3 = await env.staking.sendWithdraw(env.provider.getSender(), toNano("0.05"));
    expect(r3.transactions).to.have.transaction({ to: env.staking.address, exitCode: err("NotEnoughTon") });
    await env.staking.sendWithdraw(env.provider.getSender());
    expect(await env.balanceOf(env.provider.address)).to.equal(before + 200n * CAL);
    const q = await env.staking.getProvider(env.provider.address);
    expect(q.stake).to.equal(300n * CAL);
    expect(q.pendingUnstake).to.equal(0n);
    // the transfer stays tracked for a day (for a late bounce), then is pruned by later transfers
    expect(await env.staking.getPendingTransfers()).to.equal(1);
    await env.staking.sendRequestUnstake(env.provider.getSender(), 10n * CAL);
    env.blockchain.now! += 7 * DAY;
    await env.staking.sendWithdraw(env.provider.getSender());
    expect(await env.staking.getPendingTransfers()).to.equal(1);
  });

  it("a bounced withdraw transfer is credited as claimable; the claim pays it", async () => {
    await registerAndStake(env, env.provider, 500n * CAL);
    await env.staking.sendRequestUnstake(env.provider.getSender(), 200n * CAL);
    env.blockchain.now! += 7 * DAY;
    await setJettonBalance(env, env.staking.address, 0n); // the staking CAL wallet refuses
    const stJw = await env.minter.getWalletAddress(env.staking.address);
    const r = await env.staking.sendWithdraw(env.provider.getSender());
    expect(r.transactions).to.have.transaction({ from: env.staking.address, to: stJw, exitCode: err("JettonBalanceError") });
    expect(await env.staking.getClaimable(env.provider.address)).to.equal(200n * CAL);
    expect(await env.staking.getPendingTransfers()).to.equal(0);
    await setJettonBalance(env, env.staking.address, 500n * CAL);
    const before = await env.balanceOf(env.provider.address);
    await env.staking.sendClaim(env.provider.getSender());
    expect(await env.balanceOf(env.provider.address)).to.equal(before + 200n * CAL);
    expect(await env.staking.getClaimable(env.provider.address)).to.equal(0n);
  });

  it("locked collateral cannot be unstaked; unstake beyond free stake is refused", async () => {
    await registerAndStake(env, env.provider, 500n * CAL);
    await createAndAccept(env, 10n * CAL, { collateral: 400n * CAL });
    expect((await env.staking.getProvider(env.provider.address)).locked).to.equal(400n * CAL);
    const r = await env.staking.sendRequestUnstake(env.provider.getSender(), 101n * CAL);
    expect(r.transactions).to.have.transaction({ to: env.staking.address, exitCode: err("StakingInsufficientFreeStake") });
    await env.staking.sendRequestUnstake(env.provider.getSender(), 100n * CAL);
    expect((await env.staking.getProvider(env.provider.address)).pendingUnstake).to.equal(100n * CAL);
    const r2 = await env.staking.sendRequestUnstake(env.anyone.getSender(), CAL);
    expect(r2.transactions).to.have.transaction({ to: env.staking.address, exitCode: err("StakingNotRegistered") });
  });

  it("only the marketplace can lock, unlock or slash", async () => {
    await registerAndStake(env, env.provider, 500n * CAL);
    const parties = beginCell().storeAddress(env.anyone.address).storeAddress(env.anyone.address).endCell();
    const slash = beginCell()
      .storeUint(op("Slash"), 32)
      .storeUint(0, 64)
      .storeUint(1, 64)
      .storeAddress(env.provider.address)
      .storeCoins(100n * CAL)
      .storeUint(10000, 16)
      .storeRef(parties)
      .endCell();
    const lock = beginCell()
      .storeUint(op("LockCollateral"), 32)
      .storeUint(0, 64)
      .storeUint(1, 64)
      .storeAddress(env.provider.address)
      .storeCoins(100n * CAL)
      .storeUint(0, 16)
      .endCell();
    const unlock = beginCell()
      .storeUint(op("UnlockCollateral"), 32)
      .storeUint(0, 64)
      .storeUint(1, 64)
      .storeAddress(env.provider.address)
      .storeCoins(100n * CAL)
      .storeBit(true)
      .endCell();
    for (const body of [slash, lock, unlock]) {
      const r = await env.staking.sendRaw(env.anyone.getSender(), body);
      expect(r.transactions).to.have.transaction({ to: env.staking.address, exitCode: err("StakingUnauthorizedSlasher") });
    }
    const p = await env.staking.getProvider(env.provider.address);
    expect(p.stake).to.equal(500n * CAL);
    expect(p.completed).to.equal(0);
  });

  it("parameters: only the admin, within bounds (minStake 1..1e6 CAL, unbonding 1 h..30 d)", async () => {
    const r0 = await env.staking.sendSetParam(env.anyone.getSender(), STAKING_PARAM.minStake, 5n * CAL);
    expect(r0.transactions).to.have.transaction({ to: env.staking.address, exitCode: err("Unauthorized") });
    for (const [id, v] of [
      [STAKING_PARAM.minStake, CAL - 1n],
      [STAKING_PARAM.minStake, 1_000_000n * CAL + 1n],
      [STAKING_PARAM.unbondingPeriod, 3599n],
      [STAKING_PARAM.unbondingPeriod, 30n * 86400n + 1n],
    ] as [number, bigint][]) {
      const r = await env.staking.sendSetParam(env.deployer.getSender(), id, v);
      expect(r.transactions).to.have.transaction({ to: env.staking.address, exitCode: err("StakingParameterOutOfBounds") });
    }
    const unknown = await env.staking.sendSetParam(env.deployer.getSender(), 99, 1n);
    expect(unknown.transactions).to.have.transaction({ to: env.staking.address, exitCode: err("GovernanceUnknownParameter") });
    await env.staking.sendSetParam(env.deployer.getSender(), STAKING_PARAM.minStake, CAL);
    await env.staking.sendSetParam(env.deployer.getSender(), STAKING_PARAM.unbondingPeriod, 3600n);
    const pr = await env.staking.getParams();
    expect(pr.minStake).to.equal(CAL);
    expect(pr.unbondingPeriod).to.equal(3600);
  });

  it("reputation moves with completions and failures (score formula on chain)", async () => {
    await registerAndStake(env, env.provider, 1000n * CAL);
    const id = await createAndAccept(env, 10n * CAL);
    await env.marketplace.sendSubmitResult(env.provider.getSender(), id, 1n);
    env.blockchain.now! += DAY;
    await env.marketplace.sendFinalize(env.anyone.getSender(), id);
    const id2 = await createAndAccept(env, 10n * CAL);
    env.blockchain.now! += 2 * DAY;
    await env.marketplace.sendExpire(env.anyone.getSender(), id2);
    const p = await env.staking.getProvider(env.provider.address);
    expect([p.completed, p.failed]).to.deep.equal([1, 1]);
    expect(p.scoreBps).to.equal(Math.floor((10000 * 2) / (1 + 3 + 2)));
  });
});
