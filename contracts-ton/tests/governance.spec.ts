import { expect } from "chai";
import { beginCell, type Cell, toNano } from "@ton/core";
import "@ton/test-utils";
import { setup, type Env, transferWithPayload, CAL } from "./fixtures";
import { GOV_TIMING } from "../scripts/sandbox";
import { GovAction, ProposalState, Support, depositVotesPayload } from "../wrappers/Governance";
import { Marketplace, MARKET_PARAM, ROLE } from "../wrappers/Marketplace";
import { STAKING_PARAM } from "../wrappers/Staking";
import { err } from "../wrappers/abi";
import type { Actor } from "../scripts/sandbox";

describe("Governance (lock-to-vote, timelock, typed actions)", () => {
  let env: Env;
  let gov: Env["governance"];
  let alice: Actor;
  let bob: Actor;

  const deposit = (who: Actor, amount: bigint) => transferWithPayload(env, who, gov.address, amount, depositVotesPayload());

  /** propose -> Active -> vote For by alice -> Succeeded -> Queued -> eta reached; returns the proposal id */
  async function passAndQueue(action: Cell): Promise<number> {
    const id = await nextId();
    await gov.sendPropose(alice.getSender(), action);
    env.blockchain.now! += GOV_TIMING.votingDelay;
    await gov.sendCastVote(alice.getSender(), id, Support.For);
    env.blockchain.now! += GOV_TIMING.votingPeriod + 1;
    await gov.sendQueue(alice.getSender(), id);
    env.blockchain.now! += GOV_TIMING.timelockDelay;
    return id;
  }
  let proposals = 0;
  const nextId = async () => ++proposals;

  beforeEach(async () => {
    env = await setup({ handOver: true });
    gov = env.governance;
    proposals = 0;
    alice = await env.blockchain.treasury("alice");
    bob = await env.blockchain.treasury("bob");
    await env.mint(alice.address, 10_000n * CAL);
    await env.mint(bob.address, 10_000n * CAL);
    await deposit(alice, 2_000n * CAL);
  });

  it("governance is the admin of marketplace and staking; others are refused", async () => {
    expect((await env.marketplace.getRoles()).admin.equals(gov.address)).to.equal(true);
    const r = await env.marketplace.sendRaw(env.deployer.getSender(), Marketplace.setParamBody(MARKET_PARAM.challengePeriod, 7200n));
    expect(r.transactions).to.have.transaction({ to: env.marketplace.address, exitCode: err("Unauthorized") });
    const r2 = await env.staking.sendSetParam(env.deployer.getSender(), STAKING_PARAM.minStake, CAL);
    expect(r2.transactions).to.have.transaction({ to: env.staking.address, exitCode: err("Unauthorized") });
  });

  it("deposit locks CAL in the vault as voting weight; a wrong payload is refunded", async () => {
    expect((await gov.getVoter(alice.address)).amount).to.equal(2_000n * CAL);
    expect(await env.balanceOf(gov.address)).to.equal(2_000n * CAL);
    const before = await env.balanceOf(bob.address);
    const r = await transferWithPayload(env, bob, gov.address, 5n * CAL, beginCell().storeUint(1, 32).endCell());
    expect(r.transactions).to.have.transaction({ to: gov.address, exitCode: err("GovernanceInvalidAction") });
    expect(await env.balanceOf(bob.address)).to.equal(before);
    expect(await gov.getTotalLocked()).to.equal(2_000n * CAL);
  });

  it("full lifecycle Pending -> Active -> Succeeded -> Queued -> Executed changes the challenge period", async () => {
    await gov.sendPropose(alice.getSender(), GovAction.setMarketParam(MARKET_PARAM.challengePeriod, 2n * 86400n));
    expect(await gov.getState(1)).to.equal(ProposalState.Pending);
    const r0 = await gov.sendCastVote(alice.getSender(), 1, Support.For);
    expect(r0.transactions).to.have.transaction({ to: gov.address, exitCode: err("GovernorUnexpectedProposalState") });
    env.blockchain.now! += GOV_TIMING.votingDelay;
    expect(await gov.getState(1)).to.equal(ProposalState.Active);
    await gov.sendCastVote(alice.getSender(), 1, Support.For);
    expect(await gov.getHasVoted(1, alice.address)).to.equal(true);
    const r1 = await gov.sendCastVote(alice.getSender(), 1, Support.Against);
    expect(r1.transactions).to.have.transaction({ to: gov.address, exitCode: err("GovernorAlreadyCastVote") });
    const r2 = await gov.sendQueue(alice.getSender(), 1);
    expect(r2.transactions).to.have.transaction({ to: gov.address, exitCode: err("GovernorUnexpectedProposalState") });
    env.blockchain.now! += GOV_TIMING.votingPeriod + 1;
    expect(await gov.getState(1)).to.equal(ProposalState.Succeeded);
    const r3 = await gov.sendExecute(alice.getSender(), 1);
    expect(r3.transactions).to.have.transaction({ to: gov.address, exitCode: err("GovernorUnexpectedProposalState") });
    await gov.sendQueue(alice.getSender(), 1);
    expect(await gov.getState(1)).to.equal(ProposalState.Queued);
    const r4 = await gov.sendExecute(alice.getSender(), 1);
    expect(r4.transactions).to.have.transaction({ to: gov.address, exitCode: err("TimelockUnexpectedOperationState") });
    env.blockchain.now! += GOV_TIMING.timelockDelay;
    const r5 = await gov.sendExecute(alice.getSender(), 1);
    expect(r5.transactions).to.have.transaction({ from: gov.address, to: env.marketplace.address, success: true });
    expect(await gov.getState(1)).to.equal(ProposalState.Executed);
    expect((await env.marketplace.getData()).challengePeriod).to.equal(2 * 86400);
  });

  it("an out-of-bounds parameter is refused by the target: the execution bounces, proposal back to Queued, then Expired", async () => {
    const id = await passAndQueue(GovAction.setMarketParam(MARKET_PARAM.challengePeriod, 60n));
    const r = await gov.sendExecute(alice.getSender(), id);
    expect(r.transactions).to.have.transaction({
      from: gov.address,
      to: env.marketplace.address,
      exitCode: err("MarketplaceParameterOutOfBounds"),
    });
    expect(await gov.getState(id)).to.equal(ProposalState.Queued);
    expect((await env.marketplace.getData()).challengePeriod).to.equal(86400);
    env.blockchain.now! += GOV_TIMING.gracePeriod;
    expect(await gov.getState(id)).to.equal(ProposalState.Expired);
    const r2 = await gov.sendExecute(alice.getSender(), id);
    expect(r2.transactions).to.have.transaction({ to: gov.address, exitCode: err("GovernorUnexpectedProposalState") });
  });

  it("an out-of-bounds staking parameter and an invalid fee split are refused by their targets", async () => {
    const a = await passAndQueue(GovAction.setStakingParam(STAKING_PARAM.unbondingPeriod, 31n * 86400n));
    const r1 = await gov.sendExecute(alice.getSender(), a);
    expect(r1.transactions).to.have.transaction({ to: env.staking.address, exitCode: err("StakingParameterOutOfBounds") });
    const b = await passAndQueue(GovAction.setFeeSplit(4000, 4000, 2000));
    const r2 = await gov.sendExecute(alice.getSender(), b);
    expect(r2.transactions).to.have.transaction({ to: env.marketplace.address, exitCode: err("MarketplaceInvalidFeeSplit") });
    expect(await gov.getState(a)).to.equal(ProposalState.Queued);
    expect(await gov.getState(b)).to.equal(ProposalState.Queued);
  });

  it("typed actions: staking param, fee split, arbiter, treasury, verifier registration, pause and unpause", async () => {
    const newArbiter = await env.blockchain.treasury("arbiter2");
    const newTreasury = await env.blockchain.treasury("treasury2");
    const vk = beginCell().storeUint(0xabcdef, 24).endCell();
    const actions = [
      GovAction.setStakingParam(STAKING_PARAM.minStake, 5n * CAL),
      GovAction.setFeeSplit(7000, 2000, 1000),
      GovAction.setRole(ROLE.arbiter, newArbiter.address),
      GovAction.setRole(ROLE.treasury, newTreasury.address),
      GovAction.registerVerifier(1, vk),
      GovAction.pause(),
    ];
    for (const a of actions) {
      const id = await passAndQueue(a);
      const r = await gov.sendExecute(alice.getSender(), id);
      expect(r.transactions).to.have.transaction({ from: gov.address, success: true });
      expect(await gov.getState(id)).to.equal(ProposalState.Executed);
    }
    expect((await env.staking.getParams()).minStake).to.equal(5n * CAL);
    const d = await env.marketplace.getData();
    expect([d.providerBps, d.treasuryBps, d.creatorBps]).to.deep.equal([7000, 2000, 1000]);
    expect((await env.marketplace.getRoles()).arbiter.equals(newArbiter.address)).to.equal(true);
    expect((await env.marketplace.getLinks()).treasury.equals(newTreasury.address)).to.equal(true);
    expect((await env.marketplace.getVerifier(1))?.equals(vk)).to.equal(true);
    expect(d.paused).to.equal(true);
    const id = await passAndQueue(GovAction.unpause());
    await gov.sendExecute(alice.getSender(), id);
    expect((await env.marketplace.getData()).paused).to.equal(false);
  });

  it("Defeated when Against >= For or when the quorum is not reached", async () => {
    await deposit(bob, 3_000n * CAL);
    await gov.sendPropose(alice.getSender(), GovAction.pause());
    env.blockchain.now! += GOV_TIMING.votingDelay;
    await gov.sendCastVote(alice.getSender(), 1, Support.For);
    await gov.sendCastVote(bob.getSender(), 1, Support.Against);
    const p = await gov.getProposal(1);
    expect([p.forVotes, p.againstVotes]).to.deep.equal([2_000n * CAL, 3_000n * CAL]);
    env.blockchain.now! += GOV_TIMING.votingPeriod + 1;
    expect(await gov.getState(1)).to.equal(ProposalState.Defeated);
    // quorum 1000 CAL: 500 CAL For alone is not enough
    const carol = await env.blockchain.treasury("carol");
    await env.mint(carol.address, 500n * CAL);
    await deposit(carol, 500n * CAL);
    await gov.sendPropose(carol.getSender(), GovAction.pause());
    env.blockchain.now! += GOV_TIMING.votingDelay;
    await gov.sendCastVote(carol.getSender(), 2, Support.For);
    env.blockchain.now! += GOV_TIMING.votingPeriod + 1;
    expect(await gov.getState(2)).to.equal(ProposalState.Defeated);
    const r = await gov.sendQueue(carol.getSender(), 2);
    expect(r.transactions).to.have.transaction({ to: gov.address, exitCode: err("GovernorUnexpectedProposalState") });
  });

  it("Abstain counts towards the quorum but not towards the majority", async () => {
    const carol = await env.blockchain.treasury("carol");
    await env.mint(carol.address, 500n * CAL);
    await deposit(carol, 500n * CAL);
    await deposit(bob, 900n * CAL);
    await gov.sendPropose(carol.getSender(), GovAction.pause());
    env.blockchain.now! += GOV_TIMING.votingDelay;
    await gov.sendCastVote(carol.getSender(), 1, Support.For);
    await gov.sendCastVote(bob.getSender(), 1, Support.Abstain);
    const r = await gov.sendCastVote(alice.getSender(), 1, 3);
    expect(r.transactions).to.have.transaction({ to: gov.address, exitCode: err("GovernanceInvalidAction") });
    env.blockchain.now! += GOV_TIMING.votingPeriod + 1;
    expect((await gov.getProposal(1)).abstainVotes).to.equal(900n * CAL);
    expect(await gov.getState(1)).to.equal(ProposalState.Succeeded);
  });

  it("propose needs the threshold and a valid typed action; unknown proposals are reported", async () => {
    const r1 = await gov.sendPropose(bob.getSender(), GovAction.pause());
    expect(r1.transactions).to.have.transaction({ to: gov.address, exitCode: err("GovernorInsufficientProposerVotes") });
    const r2 = await gov.sendPropose(alice.getSender(), beginCell().storeUint(0x99, 8).endCell());
    expect(r2.transactions).to.have.transaction({ to: gov.address, exitCode: err("GovernanceInvalidAction") });
    const r3 = await gov.sendCastVote(alice.getSender(), 42, Support.For);
    expect(r3.transactions).to.have.transaction({ to: gov.address, exitCode: err("GovernorNonexistentProposal") });
  });

  it("the proposer can cancel only while Pending", async () => {
    await gov.sendPropose(alice.getSender(), GovAction.pause());
    const r0 = await gov.sendCancel(bob.getSender(), 1);
    expect(r0.transactions).to.have.transaction({ to: gov.address, exitCode: err("Unauthorized") });
    await gov.sendCancel(alice.getSender(), 1);
    expect(await gov.getState(1)).to.equal(ProposalState.Canceled);
    await gov.sendPropose(alice.getSender(), GovAction.pause());
    env.blockchain.now! += GOV_TIMING.votingDelay;
    const r1 = await gov.sendCancel(alice.getSender(), 2);
    expect(r1.transactions).to.have.transaction({ to: gov.address, exitCode: err("GovernorUnexpectedProposalState") });
  });

  it("voted tokens stay locked until the proposal ends, then withdraw returns them", async () => {
    await gov.sendPropose(alice.getSender(), GovAction.pause());
    env.blockchain.now! += GOV_TIMING.votingDelay;
    await gov.sendCastVote(alice.getSender(), 1, Support.For);
    const end = (await gov.getProposal(1)).voteEnd;
    expect((await gov.getVoter(alice.address)).lockedUntil).to.equal(end);
    env.blockchain.now = end;
    const r = await gov.sendWithdrawVotes(alice.getSender(), 100n * CAL);
    expect(r.transactions).to.have.transaction({ to: gov.address, exitCode: err("GovernanceTokensLocked") });
    env.blockchain.now = end + 1;
    const before = await env.balanceOf(alice.address);
    const r2 = await gov.sendWithdrawVotes(alice.getSender(), 100n * CAL, toNano("0.05"));
    expect(r2.transactions).to.have.transaction({ to: gov.address, exitCode: err("NotEnoughTon") });
    await gov.sendWithdrawVotes(alice.getSender(), 2_000n * CAL);
    expect(await env.balanceOf(alice.address)).to.equal(before + 2_000n * CAL);
    expect(await gov.getTotalLocked()).to.equal(0n);
    const r3 = await gov.sendWithdrawVotes(alice.getSender(), 1n);
    expect(r3.transactions).to.have.transaction({ to: gov.address, exitCode: err("GovernanceInvalidAction") });
  });

  it("the vault wallet can be set only once, only by the deployer", async () => {
    const r = await gov.sendSetWallet(env.deployer.getSender(), env.deployer.address);
    expect(r.transactions).to.have.transaction({ to: gov.address, exitCode: err("GovernorOnlyExecutor") });
    const r2 = await gov.sendSetWallet(bob.getSender(), bob.address);
    expect(r2.transactions).to.have.transaction({ to: gov.address, exitCode: err("GovernorOnlyExecutor") });
  });
});
