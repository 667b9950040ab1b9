import { expect } from "chai";
import { CAL, DOMAINS, PARAMETERS, ProposalState, setParameter } from "@calctra/core";
import { startLocalSolana, type LocalSolana, type LocalSolanaWallet } from "@calctra/devnet/solana";
import { SolanaDestination, SolanaGovernanceClient, SolanaMarketplaceClient, SolanaTokenClient } from "../src/solana/index.js";
import { expectCalctra } from "@calctra/devnet/testing";

describe("Solana governance adapter (vault + executor) through the native host", function () {
  this.timeout(120_000);
  let sol: LocalSolana;
  let voter: LocalSolanaWallet, against: LocalSolanaWallet, anyone: LocalSolanaWallet;
  let gov: SolanaGovernanceClient, govAgainst: SolanaGovernanceClient, govAnyone: SolanaGovernanceClient;
  let market: SolanaMarketplaceClient;

  before(async () => {
    sol = await startLocalSolana();
    [voter, against, anyone] = await Promise.all([
      sol.newWallet({ cal: 2_000n * CAL }),
      sol.newWallet({ cal: 500n * CAL }),
      sol.newWallet({ cal: 0n }),
    ]);
    gov = new SolanaGovernanceClient(voter.params);
    govAgainst = new SolanaGovernanceClient(against.params);
    govAnyone = new SolanaGovernanceClient(anyone.params);
    market = new SolanaMarketplaceClient(voter.params);
  });
  after(() => sol?.close());

  it("votes on a hub proposal with the weight held at its snapshot, reads that weight back, and sends the cumulative tally to the hub", async () => {
    await gov.deposit({ amount: 2_000n * CAL });
    await govAgainst.deposit({ amount: 500n * CAL });
    const voterState = await gov.getVoter({ voter: voter.address });
    expect(voterState.amount).to.equal(2_000n * CAL);
    expect(voterState.checkpoints).to.have.length(1);
    expect(await gov.depositOf({ voter: voter.address })).to.equal(2_000n * CAL);
    const now = await sol.now();
    const proposalId = (1n << 255n) + 12_345n;
    await sol.openProposal({ proposalId, snapshot: now + 10n, voteEnd: now + 3_600n });
    expect((await gov.getProposal({ proposalId })).state).to.equal(ProposalState.Pending);
    await expectCalctra(gov.castVote({ proposalId, support: 1 }), "GovernorUnexpectedProposalState", "solana");
    await sol.setTime(now + 11n);
    // after the snapshot a withdrawal does not change the weight
    await govAgainst.withdraw({ amount: 100n * CAL });
    const { cost } = await gov.simulateCastVote({ proposalId, support: 1 });
    expect(cost === undefined || cost > 0n).to.equal(true);
    await gov.castVote({ proposalId, support: 1 });
    await govAgainst.castVote({ proposalId, support: 0 });
    await expectCalctra(gov.castVote({ proposalId, support: 2 }), "GovernorAlreadyCastVote", "solana");
    await expectCalctra(govAnyone.castVote({ proposalId, support: 1 }), "GovernanceNoVotingPower", "solana");
    // core's SpokeGovernanceClient view: the weight at the snapshot, whatever moved after it
    expect(await govAnyone.votingPower({ proposalId, voter: voter.address })).to.equal(2_000n * CAL);
    expect(await govAnyone.votingPower({ proposalId, voter: against.address })).to.equal(500n * CAL);
    expect(await govAnyone.votingPower({ proposalId, voter: anyone.address })).to.equal(0n);
    const p = await gov.getProposal({ proposalId });
    expect(p).to.include({
      id: proposalId,
      proposalId,
      state: ProposalState.Active,
      forVotes: 2_000n * CAL,
      againstVotes: 500n * CAL,
      abstainVotes: 0n,
    });
    const { nonce } = await govAnyone.sendTally({ proposalId });
    expect(nonce).to.equal(1n);
    await sol.setTime(p.voteEnd + 1n);
    await expectCalctra(gov.castVote({ proposalId, support: 0 }), "GovernanceVotingClosed", "solana");
    expect((await gov.getProposal({ proposalId })).state).to.equal(ProposalState.Succeeded);
    // the deposit can leave at any time
    await gov.withdraw({ amount: 2_000n * CAL });
    expect(await new SolanaTokenClient(voter.params).balanceOf({ owner: voter.address })).to.equal(2_000n * CAL);
  });

  it("executes the hub's action lists in order after the delay, records a failing list, lets the guardian veto, and reports each list's chain-neutral state", async () => {
    const before = await market.parameters();
    expect(before.challengePeriod).to.equal(PARAMETERS.challengePeriod.default);
    expect(before.admin.toBase58()).to.equal(sol.deployment.pdas.governance);
    const r = await sol.hubActions({ actions: [setParameter("challengePeriod", 7_200n), setParameter("slashBps", 2_500n)] });
    expect((await govAnyone.getActions({ sequence: r.sequence }))?.state).to.equal("executed");
    expect(await govAnyone.remoteExecution({ sequence: r.sequence })).to.deep.equal({
      domain: DOMAINS.solana,
      state: "Executed",
      sequence: r.sequence,
    });
    expect(await market.parameters()).to.include({ challengePeriod: 7_200n, slashBps: 2_500n });
    // an out-of-bounds value fails the list at its turn; the sequence moves on
    const failed = await sol.hubActions({ actions: [setParameter("slashBps", 10_001n)] });
    expect((await govAnyone.getActions({ sequence: failed.sequence }))?.state).to.equal("failed");
    expect((await govAnyone.remoteExecution({ sequence: failed.sequence })).state).to.equal("Failed");
    await expectCalctra(govAnyone.retry({ sequence: failed.sequence }), "GovernanceInvalidAction", "solana");
    const status = await govAnyone.status();
    expect(status.nextSequence).to.equal(failed.sequence + 1n);
    // the guardian vetoes a list during its delay
    const next = status.nextSequence;
    await sol.receiveFromHub({
      kind: "GovernanceActions",
      sequence: next,
      proposalId: 2n,
      actions: [{ kind: "pause", target: "marketplace" }],
    });
    const pending = await govAnyone.remoteExecution({ sequence: next });
    expect(pending).to.include({ domain: DOMAINS.solana, state: "Pending", sequence: next });
    expect(pending.eta).to.equal((await govAnyone.getActions({ sequence: next }))?.eta);
    expect(await govAnyone.remoteExecution({ sequence: next + 1n })).to.deep.equal({
      domain: DOMAINS.solana,
      state: "InFlight",
      sequence: next + 1n,
    });
    await expectCalctra(govAnyone.execute({ sequence: next }), "GovernanceExecutionDelayActive", "solana");
    await expectCalctra(govAnyone.veto({ sequence: next }), "GovernanceNotGuardian", "solana");
    await new SolanaGovernanceClient(sol.actors.guardian.params).veto({ sequence: next });
    expect((await govAnyone.getActions({ sequence: next }))?.state).to.equal("vetoed");
    expect((await govAnyone.remoteExecution({ sequence: next })).state).to.equal("Vetoed");
    expect((await govAnyone.status()).nextSequence).to.equal(next + 1n);
    expect((await market.parameters()).paused).to.equal(false);
  });

  it("passes over a list the guardian vetoed out of its turn as soon as the list before it runs (no call of its own, as on EVM)", async () => {
    const next = (await govAnyone.status()).nextSequence;
    await sol.receiveFromHub({
      kind: "GovernanceActions",
      sequence: next,
      proposalId: 3n,
      actions: [setParameter("challengePeriod", 3_600n)],
    });
    await sol.receiveFromHub({
      kind: "GovernanceActions",
      sequence: next + 1n,
      proposalId: 3n,
      actions: [{ kind: "pause", target: "marketplace" }],
    });
    await new SolanaGovernanceClient(sol.actors.guardian.params).veto({ sequence: next + 1n });
    expect((await govAnyone.status()).nextSequence).to.equal(next);
    await sol.advanceTime((await govAnyone.status()).executionDelay);
    await govAnyone.execute({ sequence: next });
    expect((await govAnyone.status()).nextSequence).to.equal(next + 2n);
    expect(await market.parameters()).to.include({ challengePeriod: 3_600n, paused: false });
    await expectCalctra(govAnyone.execute({ sequence: next + 1n }), "GovernanceActionsNotPending", "solana");
  });

  it("carries a governance message up to the measured Solana limit (611 bytes with 2 signatures) and refuses a longer one before sending", async () => {
    const destination = new SolanaDestination({ connection: sol.connection, payer: anyone.keypair });
    expect(await destination.maxGovernanceMessageBytes(2)).to.equal(611);
    expect(await destination.maxGovernanceMessageBytes(3)).to.equal(546);
    const signers = (n: number) => Array.from({ length: n }, (_, i) => `0x${(i + 1).toString(16).padStart(40, "0")}` as const);
    const list = (n: number) => ({
      kind: "GovernanceActions" as const,
      sequence: 1_000n,
      proposalId: 7n,
      actions: [{ kind: "setValidatorSet" as const, signers: signers(n), threshold: Math.floor(n / 2) + 1, retention: 0 }],
    });
    // 24 signers: a 610-byte message, within the limit, delivered and recorded (it would fail at its turn: sequence 1000 is far ahead)
    await sol.receiveFromHub(list(24));
    expect((await gov.getActions({ sequence: 1_000n }))?.actions?.length).to.equal(1);
    let refused: unknown;
    try {
      await sol.receiveFromHub({ ...list(25), sequence: 1_001n });
    } catch (e) {
      refused = e;
    }
    expect(refused, "a 630-byte message").to.be.instanceOf(RangeError);
    expect(await gov.getActions({ sequence: 1_001n })).to.equal(null);
  });
});
