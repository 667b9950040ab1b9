import { expect } from "chai";
import { toNano, beginCell } from "@ton/core";
import "@ton/test-utils";
import { setup, type Env, registerAndStake, createTask, createAndAccept, transferWithPayload, CAL, DAY } from "./fixtures";
import { TaskStatus, Marketplace, createTaskPayload } from "../wrappers/Marketplace";
import { err, op } from "../wrappers/abi";
import { CalJettonMinter, offchainContent } from "../wrappers/CalJettonMinter";
import { CalJettonWallet } from "../wrappers/CalJettonWallet";

describe("Marketplace escrow (DESIGN §5)", () => {
  let env: Env;
  beforeEach(async () => {
    env = await setup();
    await registerAndStake(env, env.provider, 1000n * CAL);
  });

  it("createTask: a CAL transfer with a createTask payload opens task 1 and escrows the reward", async () => {
    const before = await env.balanceOf(env.user.address);
    await createTask(env, 100n * CAL, { modelCreator: env.creator.address, minReputationBps: 4000 });
    const t = await env.marketplace.getTask(1n);
    expect(t.status).to.equal(TaskStatus.Open);
    expect(t.user.equals(env.user.address)).to.equal(true);
    expect(t.reward).to.equal(100n * CAL);
    expect(t.collateral).to.equal(50n * CAL);
    expect(t.modelCreator?.equals(env.creator.address)).to.equal(true);
    expect(t.minReputationBps).to.equal(4000);
    expect(await env.balanceOf(env.user.address)).to.equal(before - 100n * CAL);
    expect(await env.balanceOf(env.marketplace.address)).to.equal(100n * CAL);
    expect((await env.marketplace.getData()).escrowed).to.equal(100n * CAL);
    expect((await env.marketplace.getData()).nextTaskId).to.equal(2n);
  });

  it("createTask refuses bad input with a named exit code and refunds the CAL", async () => {
    const before = await env.balanceOf(env.user.address);
    const now = env.blockchain.now!;
    const cases: [string, Parameters<typeof createTask>[2], bigint][] = [
      ["MarketplaceInvalidDeadline", { deadline: now }, 10n * CAL],
      ["MarketplaceFieldElementOutOfRange", { specHash: 1n << 248n }, 10n * CAL],
      ["MarketplaceUnknownVerifier", { verifierId: 7 }, 10n * CAL],
      ["MarketplaceParameterOutOfBounds", { minReputationBps: 10001 }, 10n * CAL],
    ];
    for (const [name, over, reward] of cases) {
      const r = await createTask(env, reward, over);
      expect(r.transactions, name).to.have.transaction({ to: env.marketplace.address, exitCode: err(name) });
    }
    expect(await env.balanceOf(env.user.address)).to.equal(before);
    expect(await env.balanceOf(env.marketplace.address)).to.equal(0n);
    expect((await env.marketplace.getData()).nextTaskId).to.equal(1n);
  });

  it("createTask with a zero reward or an unknown payload is refused", async () => {
    const r1 = await createTask(env, 0n);
    expect(r1.transactions).to.have.transaction({ to: env.marketplace.address, exitCode: err("MarketplaceZeroReward") });
    const before = await env.balanceOf(env.user.address);
    const r2 = await transferWithPayload(env, env.user, env.marketplace.address, 5n * CAL, beginCell().storeUint(0x1234, 32).endCell());
    expect(r2.transactions).to.have.transaction({ to: env.marketplace.address, exitCode: err("MarketplaceInvalidPayload") });
    expect(await env.balanceOf(env.user.address)).to.equal(before);
  });

  it("createTask with too little forwarded TON is refused; the CAL becomes claimable, and the claim returns it", async () => {
    const before = await env.balanceOf(env.user.address);
    const r = await transferWithPayload(
      env,
      env.user,
      env.marketplace.address,
      5n * CAL,
      createTaskPayload({ specHash: 1n, collateral: 0n, deadline: env.blockchain.now! + DAY }),
      toNano("0.01"),
    );
    expect(r.transactions).to.have.transaction({ to: env.marketplace.address, exitCode: err("NotEnoughTon") });
    expect((await env.marketplace.getData()).escrowed).to.equal(0n);
    expect((await env.marketplace.getData()).nextTaskId).to.equal(1n);
    expect(await env.marketplace.getClaimable(env.user.address)).to.equal(5n * CAL);
    const r2 = await env.marketplace.sendClaim(env.user.getSender(), toNano("0.03"));
    expect(r2.transactions).to.have.transaction({ to: env.marketplace.address, exitCode: err("NotEnoughTon") });
    await env.marketplace.sendClaim(env.user.getSender());
    expect(await env.marketplace.getClaimable(env.user.address)).to.equal(0n);
    expect(await env.balanceOf(env.user.address)).to.equal(before);
    expect(await env.balanceOf(env.marketplace.address)).to.equal(0n);
  });

  it("an invalid createTask with too little TON to pay a refund is credited as claimable instead", async () => {
    const r = await transferWithPayload(
      env,
      env.user,
      env.marketplace.address,
      5n * CAL,
      createTaskPayload({ specHash: 1n, collateral: 0n, deadline: env.blockchain.now! }),
      toNano("0.04"),
    );
    expect(r.transactions).to.have.transaction({ to: env.marketplace.address, exitCode: err("MarketplaceInvalidDeadline") });
    expect(await env.marketplace.getClaimable(env.user.address)).to.equal(5n * CAL);
    expect(await env.balanceOf(env.marketplace.address)).to.equal(5n * CAL);
    expect((await env.marketplace.getData()).escrowed).to.equal(0n);
  });

  it("a notification from a foreign jetton wallet is refused and the foreign jettons go back", async () => {
    // a second, unrelated jetton: same code, different minter
    const fake = env.blockchain.openContract(
      CalJettonMinter.createFromConfig(
        {
          admin: env.user.address,
          walletCode: env.codes.wallet,
          content: offchainContent("fake"),
        },
        env.codes.minter,
      ),
    );
    await fake.sendDeploy(env.user.getSender(), toNano("0.1"));
    await fake.sendMint(env.user.getSender(), env.user.address, 77n * CAL);
    const fw = env.blockchain.openContract(CalJettonWallet.createFromAddress(await fake.getWalletAddress(env.user.address)));
    const r = await fw.sendTransfer(env.user.getSender(), 77n * CAL, env.marketplace.address, {
      forwardTonAmount: toNano("0.05"),
      forwardPayload: createTaskPayload({ specHash: 1n, collateral: 0n, deadline: env.blockchain.now! + DAY }),
    });
    expect(r.transactions).to.have.transaction({ to: env.marketplace.address, exitCode: err("MarketplaceWrongJetton") });
    expect(await fw.getBalance()).to.equal(77n * CAL);
    expect((await env.marketplace.getData()).nextTaskId).to.equal(1n);
  });

  it("cancelTask: only the user, only while Open; full refund", async () => {
    await createTask(env, 100n * CAL);
    const before = await env.balanceOf(env.user.address);
    const r1 = await env.marketplace.sendCancelTask(env.anyone.getSender(), 1n);
    expect(r1.transactions).to.have.transaction({ to: env.marketplace.address, exitCode: err("MarketplaceNotTaskUser") });
    const r2 = await env.marketplace.sendCancelTask(env.user.getSender(), 1n, toNano("0.03"));
    expect(r2.transactions).to.have.transaction({ to: env.marketplace.address, exitCode: err("NotEnoughTon") });
    await env.marketplace.sendCancelTask(env.user.getSender(), 1n);
    expect(await env.marketplace.getTaskStatus(1n)).to.equal(TaskStatus.Cancelled);
    expect(await env.balanceOf(env.user.address)).to.equal(before + 100n * CAL);
    expect((await env.marketplace.getData()).escrowed).to.equal(0n);
    const r3 = await env.marketplace.sendCancelTask(env.user.getSender(), 1n);
    expect(r3.transactions).to.have.transaction({ to: env.marketplace.address, exitCode: err("MarketplaceTaskNotOpen") });
    const r4 = await env.marketplace.sendCancelTask(env.user.getSender(), 99n);
    expect(r4.transactions).to.have.transaction({ to: env.marketplace.address, exitCode: err("MarketplaceTaskNotFound") });
    expect(await env.marketplace.getTaskStatus(99n)).to.equal(TaskStatus.None);
  });

  it("acceptTask locks collateral in staking and assigns the task", async () => {
    const id = await createAndAccept(env, 100n * CAL);
    const t = await env.marketplace.getTask(id);
    expect(t.status).to.equal(TaskStatus.Assigned);
    expect(t.provider?.equals(env.provider.address)).to.equal(true);
    const p = await env.staking.getProvider(env.provider.address);
    expect(p.locked).to.equal(50n * CAL);
    const r = await env.marketplace.sendCancelTask(env.user.getSender(), id);
    expect(r.transactions).to.have.transaction({ to: env.marketplace.address, exitCode: err("MarketplaceTaskNotOpen") });
  });

  it("acceptTask by an unregistered provider bounces back from staking and the task stays Open", async () => {
    await createTask(env, 100n * CAL);
    const r = await env.marketplace.sendAcceptTask(env.anyone.getSender(), 1n);
    expect(r.transactions).to.have.transaction({
      from: env.marketplace.address,
      to: env.staking.address,
      exitCode: err("StakingNotRegistered"),
    });
    const t = await env.marketplace.getTask(1n);
    expect(t.status).to.equal(TaskStatus.Open);
    expect(t.locking).to.equal(false);
    expect(t.provider).to.equal(null);
  });

  it("acceptTask refused for stake below minimum, too low reputation, too little free stake", async () => {
    const small = await env.blockchain.treasury("small");
    await env.mint(small.address, 1000n * CAL);
    await registerAndStake(env, small, 99n * CAL); // below minStake 100 CAL
    await createTask(env, 10n * CAL, { collateral: 1n * CAL });
    const r1 = await env.marketplace.sendAcceptTask(small.getSender(), 1n);
    expect(r1.transactions).to.have.transaction({ to: env.staking.address, exitCode: err("MarketplaceStakeBelowMinimum") });
    await createTask(env, 10n * CAL, { minReputationBps: 5001 }); // new provider has 5000
    const r2 = await env.marketplace.sendAcceptTask(env.provider.getSender(), 2n);
    expect(r2.transactions).to.have.transaction({ to: env.staking.address, exitCode: err("MarketplaceReputationTooLow") });
    await createTask(env, 10n * CAL, { collateral: 1001n * CAL });
    const r3 = await env.marketplace.sendAcceptTask(env.provider.getSender(), 3n);
    expect(r3.transactions).to.have.transaction({ to: env.staking.address, exitCode: err("StakingInsufficientFreeStake") });
    for (const id of [1n, 2n, 3n]) expect(await env.marketplace.getTaskStatus(id)).to.equal(TaskStatus.Open);
  });

  it("acceptTask after the deadline (a classic task's lock deadline) is refused with MarketplaceLockDeadlinePassed", async () => {
    await createTask(env, 10n * CAL);
    env.blockchain.now! += DAY + 1;
    const r = await env.marketplace.sendAcceptTask(env.provider.getSender(), 1n);
    expect(r.transactions).to.have.transaction({ to: env.marketplace.address, exitCode: err("MarketplaceLockDeadlinePassed") });
  });

  it("submitResult (optimistic) -> Submitted; only the provider, before the deadline, commitment < r, no proof", async () => {
    const id = await createAndAccept(env, 100n * CAL);
    const r1 = await env.marketplace.sendSubmitResult(env.anyone.getSender(), id, 5n);
    expect(r1.transactions).to.have.transaction({ to: env.marketplace.address, exitCode: err("MarketplaceNotTaskProvider") });
    const R = 0x73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001n;
    const r2 = await env.marketplace.sendSubmitResult(env.provider.getSender(), id, R);
    expect(r2.transactions).to.have.transaction({ to: env.marketplace.address, exitCode: err("MarketplaceFieldElementOutOfRange") });
    const r3 = await env.marketplace.sendSubmitResult(env.provider.getSender(), id, 5n, beginCell().storeUint(1, 8).endCell());
    expect(r3.transactions).to.have.transaction({ to: env.marketplace.address, exitCode: err("MarketplaceUnexpectedProof") });
    const r4 = await env.marketplace.sendSubmitResult(env.provider.getSender(), id, 5n, null, toNano("0.01"));
    expect(r4.transactions).to.have.transaction({ to: env.marketplace.address, exitCode: err("NotEnoughTon") });
    await env.marketplace.sendSubmitResult(env.provider.getSender(), id, R - 1n);
    const t = await env.marketplace.getTask(id);
    expect(t.status).to.equal(TaskStatus.Submitted);
    expect(t.resultCommitment).to.equal(R - 1n);
    expect(t.submittedAt).to.equal(env.blockchain.now);
    const r5 = await env.marketplace.sendSubmitResult(env.provider.getSender(), id, 5n);
    expect(r5.transactions).to.have.transaction({ to: env.marketplace.address, exitCode: err("MarketplaceTaskNotAssigned") });
  });

  it("submitResult is allowed at now == deadline and refused at deadline + 1", async () => {
    const id = await createAndAccept(env, 10n * CAL);
    const id2 = await createAndAccept(env, 10n * CAL);
    const t = await env.marketplace.getTask(id);
    env.blockchain.now = t.deadline;
    await env.marketplace.sendSubmitResult(env.provider.getSender(), id, 1n);
    expect(await env.marketplace.getTaskStatus(id)).to.equal(TaskStatus.Submitted);
    env.blockchain.now = t.deadline + 1;
    const r = await env.marketplace.sendSubmitResult(env.provider.getSender(), id2, 1n);
    expect(r.transactions).to.have.transaction({ to: env.marketplace.address, exitCode: err("MarketplaceDeadlinePassed") });
  });

  it("finalize after the challenge window pays 80/15/5, unlocks collateral, completed += 1", async () => {
    const id = await createAndAccept(env, 1000n * CAL, { modelCreator: env.creator.address });
    await env.marketplace.sendSubmitResult(env.provider.getSender(), id, 9n);
    const submittedAt = (await env.marketplace.getTask(id)).submittedAt;
    env.blockchain.now = submittedAt + DAY - 1;
    const r1 = await env.marketplace.sendFinalize(env.anyone.getSender(), id);
    expect(r1.transactions).to.have.transaction({ to: env.marketplace.address, exitCode: err("MarketplaceChallengePeriodActive") });
    const r2 = await env.marketplace.sendFinalize(env.anyone.getSender(), id, toNano("0.1"));
    expect(r2.transactions).to.have.transaction({ to: env.marketplace.address, exitCode: err("NotEnoughTon") });
    env.blockchain.now = submittedAt + DAY;
    const pBefore = await env.balanceOf(env.provider.address);
    await env.marketplace.sendFinalize(env.anyone.getSender(), id);
    expect(await env.marketplace.getTaskStatus(id)).to.equal(TaskStatus.Completed);
    expect(await env.balanceOf(env.provider.address)).to.equal(pBefore + 800n * CAL);
    expect(await env.balanceOf(env.treasury.address)).to.equal(150n * CAL);
    expect(await env.balanceOf(env.creator.address)).to.equal(50n * CAL);
    const p = await env.staking.getProvider(env.provider.address);
    expect(p.locked).to.equal(0n);
    expect(p.completed).to.equal(1);
    expect(p.scoreBps).to.equal(6666);
    expect((await env.marketplace.getData()).escrowed).to.equal(0n);
    expect(await env.balanceOf(env.marketplace.address)).to.equal(0n);
  });

  it("returns the unused TON of a payout call to the caller (excesses)", async () => {
    const id = await createAndAccept(env, 100n * CAL);
    await env.marketplace.sendSubmitResult(env.provider.getSender(), id, 9n);
    env.blockchain.now! += DAY;
    const r = await env.marketplace.sendFinalize(env.anyone.getSender(), id, toNano("1"));
    const back = r.transactions.find(
      (t) =>
        t.inMessage?.info.src?.toString() === env.marketplace.address.toString() &&
        t.inMessage?.info.dest?.toString() === env.anyone.address.toString(),
    );
    expect(back).to.not.equal(undefined);
    expect(back!.inMessage!.body.beginParse().preloadUint(32)).to.equal(op("ReturnExcessesBack"));
    const v = back!.inMessage!.info.type === "internal" ? back!.inMessage!.info.value.coins : 0n;
    expect(v > toNano("0.7")).to.equal(true);
  });

  it("dispute: only the user, only inside the window; resolve in favour of the provider pays out", async () => {
    const id = await createAndAccept(env, 100n * CAL);
    await env.marketplace.sendSubmitResult(env.provider.getSender(), id, 9n);
    const r0 = await env.marketplace.sendDispute(env.anyone.getSender(), id);
    expect(r0.transactions).to.have.transaction({ to: env.marketplace.address, exitCode: err("MarketplaceNotTaskUser") });
    await env.marketplace.sendDispute(env.user.getSender(), id);
    expect(await env.marketplace.getTaskStatus(id)).to.equal(TaskStatus.Disputed);
    const r1 = await env.marketplace.sendResolve(env.anyone.getSender(), id, false);
    expect(r1.transactions).to.have.transaction({ to: env.marketplace.address, exitCode: err("MarketplaceNotArbiter") });
    const r2 = await env.marketplace.sendFinalize(env.anyone.getSender(), id);
    expect(r2.transactions).to.have.transaction({ to: env.marketplace.address, exitCode: err("MarketplaceTaskNotSubmitted") });
    await env.marketplace.sendResolve(env.arbiter.getSender(), id, false);
    expect(await env.marketplace.getTaskStatus(id)).to.equal(TaskStatus.Completed);
    expect(await env.balanceOf(env.treasury.address)).to.equal(20n * CAL); // 15% + creator 5% (no creator)
    const r3 = await env.marketplace.sendResolve(env.arbiter.getSender(), id, true);
    expect(r3.transactions).to.have.transaction({ to: env.marketplace.address, exitCode: err("MarketplaceTaskNotDisputed") });
  });

  it("dispute at submittedAt + challengePeriod is too late", async () => {
    const id = await createAndAccept(env, 100n * CAL);
    await env.marketplace.sendSubmitResult(env.provider.getSender(), id, 9n);
    env.blockchain.now = (await env.marketplace.getTask(id)).submittedAt + DAY;
    const r = await env.marketplace.sendDispute(env.user.getSender(), id);
    expect(r.transactions).to.have.transaction({ to: env.marketplace.address, exitCode: err("MarketplaceChallengePeriodOver") });
  });

  it("resolve against the provider refunds the user and slashes half to the user, half to the treasury", async () => {
    const id = await createAndAccept(env, 100n * CAL, { collateral: 300n * CAL });
    await env.marketplace.sendSubmitResult(env.provider.getSender(), id, 9n);
    await env.marketplace.sendDispute(env.user.getSender(), id);
    const uBefore = await env.balanceOf(env.user.address);
    await env.marketplace.sendResolve(env.arbiter.getSender(), id, true);
    expect(await env.marketplace.getTaskStatus(id)).to.equal(TaskStatus.Refunded);
    // slashed = 300 * 2000 / 10000 = 60 -> 30 user, 30 treasury
    expect(await env.balanceOf(env.user.address)).to.equal(uBefore + 100n * CAL + 30n * CAL);
    expect(await env.balanceOf(env.treasury.address)).to.equal(30n * CAL);
    const p = await env.staking.getProvider(env.provider.address);
    expect(p.stake).to.equal(940n * CAL);
    expect(p.locked).to.equal(0n);
    expect(p.failed).to.equal(1);
    expect(p.slashedTotal).to.equal(60n * CAL);
    expect(await env.balanceOf(env.staking.address)).to.equal(940n * CAL);
  });

  it("expire: only after the deadline, by anyone; refund + slash", async () => {
    const id = await createAndAccept(env, 100n * CAL);
    const t = await env.marketplace.getTask(id);
    env.blockchain.now = t.deadline;
    const r1 = await env.marketplace.sendExpire(env.anyone.getSender(), id);
    expect(r1.transactions).to.have.transaction({ to: env.marketplace.address, exitCode: err("MarketplaceDeadlineNotPassed") });
    env.blockchain.now = t.deadline + 1;
    const uBefore = await env.balanceOf(env.user.address);
    await env.marketplace.sendExpire(env.anyone.getSender(), id);
    expect(await env.marketplace.getTaskStatus(id)).to.equal(TaskStatus.Refunded);
    expect(await env.balanceOf(env.user.address)).to.equal(uBefore + 100n * CAL + 5n * CAL);
    expect((await env.staking.getProvider(env.provider.address)).failed).to.equal(1);
    const r2 = await env.marketplace.sendExpire(env.anyone.getSender(), id);
    expect(r2.transactions).to.have.transaction({ to: env.marketplace.address, exitCode: err("MarketplaceTaskNotAssigned") });
  });

  it("pause: the pauser pauses (createTask/acceptTask/submitResult refused with EnforcedPause), only the admin unpauses", async () => {
    await createTask(env, 10n * CAL);
    await env.marketplace.sendRaw(env.pauser.getSender(), Marketplace.pauseBody());
    expect((await env.marketplace.getData()).paused).to.equal(true);
    const r1 = await createTask(env, 10n * CAL);
    expect(r1.transactions).to.have.transaction({ to: env.marketplace.address, exitCode: err("EnforcedPause") });
    const r2 = await env.marketplace.sendAcceptTask(env.provider.getSender(), 1n);
    expect(r2.transactions).to.have.transaction({ to: env.marketplace.address, exitCode: err("EnforcedPause") });
    const r3 = await env.marketplace.sendRaw(env.pauser.getSender(), Marketplace.unpauseBody());
    expect(r3.transactions).to.have.transaction({ to: env.marketplace.address, exitCode: err("Unauthorized") });
    await env.marketplace.sendRaw(env.deployer.getSender(), Marketplace.unpauseBody());
    expect((await env.marketplace.getData()).paused).to.equal(false);
  });

  it("escrow conservation: the CAL wallet balance equals the sum of rewards of live tasks at every step", async () => {
    const check = async () => {
      let live = 0n;
      const n = (await env.marketplace.getData()).nextTaskId;
      for (let i = 1n; i < n; i++) {
        const t = await env.marketplace.getTask(i);
        if (t.status >= TaskStatus.Open && t.status <= TaskStatus.Disputed) live += t.reward;
      }
      expect(await env.balanceOf(env.marketplace.address)).to.equal(live);
      expect((await env.marketplace.getData()).escrowed).to.equal(live);
    };
    await createTask(env, 11n * CAL);
    await check();
    const id2 = await createAndAccept(env, 13n * CAL);
    await check();
    await env.marketplace.sendCancelTask(env.user.getSender(), 1n);
    await check();
    await env.marketplace.sendSubmitResult(env.provider.getSender(), id2, 1n);
    await check();
    env.blockchain.now! += DAY;
    await env.marketplace.sendFinalize(env.anyone.getSender(), id2);
    await check();
    const id3 = await createAndAccept(env, 17n * CAL);
    await check();
    env.blockchain.now! += 2 * DAY;
    await env.marketplace.sendExpire(env.anyone.getSender(), id3);
    await check();
    expect(await env.marketplace.getTaskStatus(id3)).to.equal(TaskStatus.Refunded);
  });

  it("a bounced payout transfer is credited to the recipient as claimable and the claim pays it", async () => {
    const id = await createAndAccept(env, 1000n * CAL);
    await env.marketplace.sendSubmitResult(env.provider.getSender(), id, 1n);
    env.blockchain.now! += DAY;
    // force the marketplace's CAL wallet to refuse the payouts (its balance is zeroed in the sandbox)
    const mktJw = await env.minter.getWalletAddress(env.marketplace.address);
    const setBalance = async (b: bigint) => {
      const sc = await env.blockchain.getContract(mktJw);
      const acc = sc.account;
      const st = acc.account!.storage.state;
      if (st.type !== "active") throw new Error("wallet not active");
      st.state.data = beginCell().storeCoins(b).storeAddress(env.marketplace.address).storeAddress(env.minter.address).endCell();
      sc.account = acc;
    };
    await setBalance(0n);
    const r = await env.marketplace.sendFinalize(env.anyone.getSender(), id);
    expect(r.transactions).to.have.transaction({ from: env.marketplace.address, to: mktJw, exitCode: err("JettonBalanceError") });
    expect(await env.marketplace.getTaskStatus(id)).to.equal(TaskStatus.Completed);
    expect(await env.marketplace.getClaimable(env.provider.address)).to.equal(800n * CAL);
    expect(await env.marketplace.getClaimable(env.treasury.address)).to.equal(200n * CAL);
    await setBalance(1000n * CAL);
    const before = await env.balanceOf(env.provider.address);
    await env.marketplace.sendClaim(env.provider.getSender());
    await env.marketplace.sendClaim(env.treasury.getSender());
    expect(await env.balanceOf(env.provider.address)).to.equal(before + 800n * CAL);
    expect(await env.balanceOf(env.treasury.address)).to.equal(200n * CAL);
    expect(await env.marketplace.getClaimable(env.provider.address)).to.equal(0n);
    const r2 = await env.marketplace.sendClaim(env.provider.getSender());
    expect(r2.transactions).to.have.transaction({ to: env.marketplace.address, exitCode: err("NothingToClaim") });
  });
});
