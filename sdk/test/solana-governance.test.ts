import { expect } from "chai";
import { CAL, PARAMETERS, ProposalState, universalFromSolana } from "@calctra/core";
import { startLocalSolana, type LocalSolana, type LocalSolanaWallet } from "@calctra/devnet/solana";
import { SolanaGovernanceClient, SolanaMarketplaceClient, SolanaTokenClient } from "../src/solana/index.js";
import { expectCalctra } from "@calctra/devnet/testing";
describe("Solana governance adapter through the native host", function () {
  this.timeout(120_000);
  let sol: LocalSolana;
  let voter: LocalSolanaWallet, against: LocalSolanaWallet, minnow: LocalSolanaWallet;
  let gov: SolanaGovernanceClient, govAgainst: SolanaGovernanceClient, govMinnow: SolanaGovernanceClient;
  let market: SolanaMarketplaceClient;

  before(async () => {
    sol = await startLocalSolana();
    [voter, against, minnow] = await Promise.all([
      sol.newWallet({ cal: 2_000n * CAL }),
      sol.newWallet({ cal: 500n * CAL }),
      sol.newWallet({ cal: 50n * CAL }),
    ]);
    gov = new SolanaGovernanceClient(voter.params);
    govAgainst = new SolanaGovernanceClient(against.params);
    govMinnow = new SolanaGovernanceClient(minnow.params);
    market = new SolanaMarketplaceClient(voter.params);
  });
  after(() => sol?.close());

  it("changes a marketplace parameter through the full lifecycle: deposit, propose, vote, queue, timelock, execute", async () => {
    const before = await market.parameters();
    expect(before.challengePeriod).to.equal(PARAMETERS.challengePeriod.default);
    expect(before.admin.toBase58()).to.equal(sol.deployment.pdas.governance);
    await gov.deposit({ amount: 2_000n * CAL });
    await govAgainst.deposit({ amount: 500n * CAL });
    expect(await gov.getVoter({ voter: voter.address })).to.deep.equal({ amount: 2_000n * CAL, lockedUntil: 0n });

    const action = {
      kind: "setMarketplaceParams",
      challengePeriod: 7_200n,
      slashBps: 2_500,
      providerBps: 8_000,
      treasuryBps: 1_500,
      creatorBps: 500,
    } as const;
    const { proposalId } = await gov.propose({ action });
    const created = await gov.getProposal({ proposalId });
    expect(created).to.include({ id: proposalId, state: ProposalState.Active, forVotes: 0n, actionKind: "setMarketplaceParams", eta: 0n });
    expect(created.proposer).to.equal(universalFromSolana(voter.address));
    expect(created.voteEnd - created.voteStart).to.equal(sol.governance.votingPeriod);
    await expectCalctra(gov.queue({ proposalId }), "GovernorUnexpectedProposalState", "solana");

    await gov.castVote({ proposalId, support: 1 });
    await govAgainst.castVote({ proposalId, support: 0 });
    await expectCalctra(gov.castVote({ proposalId, support: 2 }), "GovernorAlreadyCastVote", "solana");
    const voted = await gov.getProposal({ proposalId });
    expect(voted).to.include({ forVotes: 2_000n * CAL, againstVotes: 500n * CAL, abstainVotes: 0n });
    // the deposit is locked until the vote ends
    expect((await gov.getVoter({ voter: voter.address })).lockedUntil).to.equal(voted.voteEnd);
    await expectCalctra(gov.withdraw({ amount: 1n * CAL }), "GovernanceTokensLocked", "solana");

    await sol.setTime(voted.voteEnd + 1n);
    expect((await gov.getProposal({ proposalId })).state).to.equal(ProposalState.Succeeded);
    await expectCalctra(gov.execute({ proposalId }), "GovernorUnexpectedProposalState", "solana");
    await govMinnow.queue({ proposalId });
    const queued = await gov.getProposal({ proposalId });
    expect(queued.state).to.equal(ProposalState.Queued);
    expect(queued.eta).to.equal((await sol.now()) + sol.governance.timelockDelay);
    await expectCalctra(gov.execute({ proposalId }), "TimelockUnexpectedOperationState", "solana");
    expect((await market.parameters()).challengePeriod).to.equal(PARAMETERS.challengePeriod.default);

    await sol.setTime(queued.eta);
    await govMinnow.execute({ proposalId });
    expect((await gov.getProposal({ proposalId })).state).to.equal(ProposalState.Executed);
    const after = await market.parameters();
    expect(after).to.include({ challengePeriod: 7_200n, slashBps: 2_500n, providerBps: 8_000n, treasuryBps: 1_500n, creatorBps: 500n });
    await expectCalctra(gov.execute({ proposalId }), "GovernorUnexpectedProposalState", "solana");

    // after the vote the deposit can leave
    const token = new SolanaTokenClient(voter.params);
    expect(await token.balanceOf({ owner: voter.address })).to.equal(0n);
    await gov.withdraw({ amount: 2_000n * CAL });
    expect((await gov.getVoter({ voter: voter.address })).amount).to.equal(0n);
    expect(await token.balanceOf({ owner: voter.address })).to.equal(2_000n * CAL);
  });

  it("defeats a proposal without quorum and refuses proposers below the threshold", async () => {
    await govMinnow.deposit({ amount: 50n * CAL });
    await expectCalctra(govMinnow.propose({ action: { kind: "pause" } }), "GovernorInsufficientProposerVotes", "solana");
    // 500 CAL For is below the 1,000 CAL quorum
    const { proposalId } = await govAgainst.propose({ action: { kind: "pause" } });
    await govAgainst.castVote({ proposalId, support: 1 });
    const p = await govAgainst.getProposal({ proposalId });
    expect(p.forVotes).to.equal(500n * CAL);
    expect(p.forVotes < p.quorumVotes).to.equal(true);
    await sol.setTime(p.voteEnd + 1n);
    expect((await govAgainst.getProposal({ proposalId })).state).to.equal(ProposalState.Defeated);
    await expectCalctra(govAgainst.queue({ proposalId }), "GovernorUnexpectedProposalState", "solana");
    expect((await market.parameters()).paused).to.equal(false);
  });

  it("names refusals: unknown proposal, invalid vote support, and out-of-bounds actions caught before sending", async () => {
    await expectCalctra(gov.getProposal({ proposalId: 999n }), "GovernorNonexistentProposal", "solana");
    await expectCalctra(gov.castVote({ proposalId: 999n, support: 1 }), "GovernorNonexistentProposal", "solana");
    await expectCalctra(gov.queue({ proposalId: 0n }), "GovernorNonexistentProposal", "sdk");
    const badSupport = await gov.castVote({ proposalId: 1n, support: 3 as 0 }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(badSupport).to.be.instanceOf(RangeError);
    const ok = {
      kind: "setMarketplaceParams",
      challengePeriod: 7_200n,
      slashBps: 2_000,
      providerBps: 8_000,
      treasuryBps: 1_500,
      creatorBps: 500,
    } as const;
    await expectCalctra(
      gov.propose({ action: { ...ok, challengePeriod: PARAMETERS.challengePeriod.min - 1n } }),
      "MarketplaceParameterOutOfBounds",
      "sdk",
    );
    await expectCalctra(gov.propose({ action: { ...ok, slashBps: 10_001 } }), "MarketplaceParameterOutOfBounds", "sdk");
    await expectCalctra(gov.propose({ action: { ...ok, providerBps: 4_000, treasuryBps: 5_500 } }), "MarketplaceInvalidFeeSplit", "sdk");
    await expectCalctra(
      gov.propose({ action: { kind: "setStakingParams", minStake: 0n, unbondingPeriod: 3_600n } }),
      "StakingParameterOutOfBounds",
      "sdk",
    );
  });
});
