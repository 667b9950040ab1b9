use calctra_solana_tests::dao::{self, DELAY, GRACE, PERIOD, TIMELOCK};
use calctra_solana_tests::env::{Actor, Env};
use calctra_solana_tests::ix::{gov_ix, mp_ix, staking_ix};
use calctra_solana_tests::{code, snarkjs, vectors, ONE_CAL};
use governance::errors::GovernanceError as G;
use governance::{GovernanceAction, Proposal, ProposalState, VOTE_ABSTAIN, VOTE_AGAINST, VOTE_FOR};
use marketplace::errors::MarketplaceError as M;
use solana_sdk::pubkey::Pubkey;
use solana_sdk::signature::Signer;

struct Dao {
    env: Env,
    alice: Actor,
    bob: Actor,
    carol: Actor,
}

async fn dao() -> Dao {
    let mut env = Env::with_admin(Some(gov_ix::config())).await;
    let params = dao::params();
    let payer = env.chain.payer().pubkey();
    let mint = env.mint;
    env.chain.ok(&[gov_ix::initialize(&payer, &mint, params)], &[]).await;
    let mut voters = vec![];
    for amount in [80, 50, 30] {
        let a = env.actor(amount * ONE_CAL).await;
        env.chain.ok(&[gov_ix::deposit(&a.key(), &a.token, amount * ONE_CAL)], &[&a.kp]).await;
        voters.push(a);
    }
    let carol = voters.pop().unwrap();
    let bob = voters.pop().unwrap();
    let alice = voters.pop().unwrap();
    Dao { env, alice, bob, carol }
}

impl Dao {
    async fn state(&mut self, id: u64) -> ProposalState {
        let p: Proposal = self.env.chain.account(&gov_ix::proposal(id)).await;
        let now = self.env.chain.now().await;
        p.state(now)
    }

    async fn propose(&mut self, action: GovernanceAction) -> u64 {
        let cfg: governance::GovernanceConfig = self.env.chain.account(&gov_ix::config()).await;
        let id = cfg.proposal_count + 1;
        let k = self.alice.key();
        self.env.chain.ok(&[gov_ix::propose(&k, id, action)], &[&self.alice.kp]).await;
        id
    }

    async fn vote(&mut self, who: usize, id: u64, support: u8) {
        let a = [&self.alice, &self.bob, &self.carol][who];
        let (k, kp) = (a.key(), a.kp.insecure_clone());
        self.env.chain.ok(&[gov_ix::cast_vote(&k, id, support)], &[&kp]).await;
    }

    /// Proposes, votes it through and queues it; returns the id with the timelock elapsed.
    async fn pass(&mut self, action: GovernanceAction) -> u64 {
        let id = self.propose(action).await;
        self.env.chain.advance(DELAY).await;
        self.vote(0, id, VOTE_FOR).await;
        self.vote(2, id, VOTE_ABSTAIN).await;
        self.env.chain.advance(PERIOD + 1).await;
        let k = self.bob.key();
        let kp = self.bob.kp.insecure_clone();
        self.env.chain.ok(&[gov_ix::queue(&k, id)], &[&kp]).await;
        self.env.chain.advance(TIMELOCK).await;
        id
    }

    async fn execute(&mut self, id: u64, target: Option<Pubkey>) {
        let payer = self.env.chain.payer().pubkey();
        self.env.chain.ok(&[gov_ix::execute(&payer, id, target)], &[]).await;
    }
}

#[tokio::test]
async fn a_proposal_goes_pending_active_succeeded_queued_executed_and_changes_staking() {
    let mut d = dao().await;
    let id =
        d.propose(GovernanceAction::SetStakingParams { min_stake: 50 * ONE_CAL, unbonding_period: 2 * 86_400 }).await;
    assert_eq!(id, 1);
    assert_eq!(d.state(id).await as u8, 0);
    let k = d.alice.key();
    let c = d.env.chain.fail(&[gov_ix::cast_vote(&k, id, VOTE_FOR)], &[&d.alice.kp]).await;
    assert_eq!(c, code(G::GovernorUnexpectedProposalState));

    d.env.chain.advance(DELAY).await;
    assert_eq!(d.state(id).await, ProposalState::Active);
    d.vote(0, id, VOTE_FOR).await;
    d.vote(1, id, VOTE_AGAINST).await;
    d.vote(2, id, VOTE_ABSTAIN).await;
    let p: Proposal = d.env.chain.account(&gov_ix::proposal(id)).await;
    assert_eq!((p.for_votes, p.against_votes, p.abstain_votes), (80 * ONE_CAL, 50 * ONE_CAL, 30 * ONE_CAL));

    let c = d.env.chain.fail(&[gov_ix::cast_vote(&k, id, VOTE_AGAINST)], &[&d.alice.kp]).await;
    assert_eq!(c, code(G::GovernorAlreadyCastVote));
    let c = d.env.chain.fail(&[gov_ix::withdraw(&k, &d.alice.token, ONE_CAL)], &[&d.alice.kp]).await;
    assert_eq!(c, code(G::GovernanceTokensLocked));
    let c = d.env.chain.fail(&[gov_ix::queue(&k, id)], &[&d.alice.kp]).await;
    assert_eq!(c, code(G::GovernorUnexpectedProposalState));

    d.env.chain.advance(PERIOD + 1).await;
    assert_eq!(d.state(id).await as u8, 4);
    d.env.chain.ok(&[gov_ix::queue(&k, id)], &[&d.alice.kp]).await;
    assert_eq!(d.state(id).await as u8, 5);
    let payer = d.env.chain.payer().pubkey();
    let c = d.env.chain.fail(&[gov_ix::execute(&payer, id, None)], &[]).await;
    assert_eq!(c, code(G::TimelockUnexpectedOperationState));

    d.env.chain.advance(TIMELOCK).await;
    d.execute(id, None).await;
    assert_eq!(d.state(id).await as u8, 7);
    let cfg: staking::StakingConfig = d.env.chain.account(&staking_ix::config()).await;
    assert_eq!((cfg.min_stake, cfg.unbonding_period), (50 * ONE_CAL, 2 * 86_400));
    let c = d.env.chain.fail(&[gov_ix::execute(&payer, id, None)], &[]).await;
    assert_eq!(c, code(G::GovernorUnexpectedProposalState));

    // Voting ended: the deposit unlocks.
    let before = d.env.chain.balance(&d.alice.token).await;
    d.env.chain.ok(&[gov_ix::withdraw(&k, &d.alice.token, 80 * ONE_CAL)], &[&d.alice.kp]).await;
    assert_eq!(d.env.chain.balance(&d.alice.token).await, before + 80 * ONE_CAL);
}

#[tokio::test]
async fn proposing_needs_the_threshold_and_votes_need_a_valid_type() {
    let mut d = dao().await;
    let small = d.env.actor(5 * ONE_CAL).await;
    d.env.chain.ok(&[gov_ix::deposit(&small.key(), &small.token, 5 * ONE_CAL)], &[&small.kp]).await;
    let c = d.env.chain.fail(&[gov_ix::propose(&small.key(), 1, GovernanceAction::Pause)], &[&small.kp]).await;
    assert_eq!(c, code(G::GovernorInsufficientProposerVotes));
    let id = d.propose(GovernanceAction::Pause).await;
    d.env.chain.advance(DELAY).await;
    let k = d.alice.key();
    let c = d.env.chain.fail(&[gov_ix::cast_vote(&k, id, 3)], &[&d.alice.kp]).await;
    assert_eq!(c, code(G::GovernorInvalidVoteType));
    let c = d.env.chain.fail(&[gov_ix::deposit(&k, &d.alice.token, 0)], &[&d.alice.kp]).await;
    assert_eq!(c, code(G::GovernanceZeroAmount));
}

#[tokio::test]
async fn unknown_proposals_are_reported_as_nonexistent() {
    let mut d = dao().await;
    let k = d.alice.key();
    let c = d.env.chain.fail(&[gov_ix::cast_vote(&k, 9, VOTE_FOR)], &[&d.alice.kp]).await;
    assert_eq!(c, code(G::GovernorNonexistentProposal));
    let c = d.env.chain.fail(&[gov_ix::queue(&k, 9)], &[&d.alice.kp]).await;
    assert_eq!(c, code(G::GovernorNonexistentProposal));
    let payer = d.env.chain.payer().pubkey();
    let c = d.env.chain.fail(&[gov_ix::execute(&payer, 9, None)], &[]).await;
    assert_eq!(c, code(G::GovernorNonexistentProposal));
}

#[tokio::test]
async fn without_quorum_or_majority_a_proposal_is_defeated() {
    let mut d = dao().await;
    let no_quorum = d.propose(GovernanceAction::Pause).await;
    let majority_against = d.propose(GovernanceAction::Unpause).await;
    d.env.chain.advance(DELAY).await;
    d.vote(1, no_quorum, VOTE_FOR).await; // 50 < quorum 100
    d.vote(0, majority_against, VOTE_AGAINST).await;
    d.vote(1, majority_against, VOTE_FOR).await;
    d.vote(2, majority_against, VOTE_ABSTAIN).await; // quorum 80 (for+abstain) < 100 and for < against
    d.env.chain.advance(PERIOD + 1).await;
    assert_eq!(d.state(no_quorum).await as u8, 3);
    assert_eq!(d.state(majority_against).await as u8, 3);
    let k = d.alice.key();
    let c = d.env.chain.fail(&[gov_ix::queue(&k, no_quorum)], &[&d.alice.kp]).await;
    assert_eq!(c, code(G::GovernorUnexpectedProposalState));
}

#[tokio::test]
async fn a_queued_proposal_expires_after_the_grace_period() {
    let mut d = dao().await;
    let id = d.pass(GovernanceAction::Pause).await;
    assert_eq!(d.state(id).await, ProposalState::Queued);
    d.env.chain.advance(GRACE).await;
    assert_eq!(d.state(id).await as u8, 6);
    let payer = d.env.chain.payer().pubkey();
    let c = d.env.chain.fail(&[gov_ix::execute(&payer, id, None)], &[]).await;
    assert_eq!(c, code(G::GovernorUnexpectedProposalState));
}

#[tokio::test]
async fn the_proposer_cancels_a_pending_proposal() {
    let mut d = dao().await;
    let id = d.propose(GovernanceAction::Pause).await;
    let bk = d.bob.key();
    let c = d.env.chain.fail(&[gov_ix::cancel(&bk, id)], &[&d.bob.kp]).await;
    assert_eq!(c, code(G::GovernorOnlyExecutor));
    let k = d.alice.key();
    d.env.chain.ok(&[gov_ix::cancel(&k, id)], &[&d.alice.kp]).await;
    assert_eq!(d.state(id).await as u8, 2);
    d.env.chain.advance(DELAY).await;
    let c = d.env.chain.fail(&[gov_ix::cast_vote(&k, id, VOTE_FOR)], &[&d.alice.kp]).await;
    assert_eq!(c, code(G::GovernorUnexpectedProposalState));
}

#[tokio::test]
async fn governance_sets_marketplace_parameters_arbiter_and_treasury() {
    let mut d = dao().await;
    let id = d
        .pass(GovernanceAction::SetMarketplaceParams {
            challenge_period: 7_200,
            slash_bps: 5_000,
            provider_bps: 7_000,
            treasury_bps: 2_000,
            creator_bps: 1_000,
        })
        .await;
    d.execute(id, None).await;
    let cfg = d.env.mp_config().await;
    assert_eq!(
        (cfg.challenge_period, cfg.slash_bps, cfg.provider_bps, cfg.treasury_bps, cfg.creator_bps),
        (7_200, 5_000, 7_000, 2_000, 1_000)
    );

    let arbiter = Pubkey::new_unique();
    let id = d.pass(GovernanceAction::SetArbiter { arbiter }).await;
    d.execute(id, None).await;
    assert_eq!(d.env.mp_config().await.arbiter, arbiter);

    let t = d.env.actor(0).await;
    let id = d.pass(GovernanceAction::SetTreasury { treasury: t.token }).await;
    let payer = d.env.chain.payer().pubkey();
    let c = d.env.chain.fail(&[gov_ix::execute(&payer, id, Some(Pubkey::new_unique()))], &[]).await;
    assert_eq!(c, code(G::GovernanceInvalidAction));
    d.execute(id, Some(t.token)).await;
    assert_eq!(d.env.mp_config().await.treasury, t.token);
}

#[tokio::test]
async fn out_of_bounds_actions_revert_with_the_target_error() {
    let mut d = dao().await;
    let id = d
        .pass(GovernanceAction::SetMarketplaceParams {
            challenge_period: 60,
            slash_bps: 5_000,
            provider_bps: 8_000,
            treasury_bps: 1_500,
            creator_bps: 500,
        })
        .await;
    let payer = d.env.chain.payer().pubkey();
    let c = d.env.chain.fail(&[gov_ix::execute(&payer, id, None)], &[]).await;
    assert_eq!(c, code(M::MarketplaceParameterOutOfBounds));
    assert_eq!(d.state(id).await, ProposalState::Queued);
}

#[tokio::test]
async fn execution_without_the_action_accounts_is_an_invalid_action() {
    let mut d = dao().await;
    let id = d.pass(GovernanceAction::SetStakingParams { min_stake: 50 * ONE_CAL, unbonding_period: 86_400 }).await;
    let payer = d.env.chain.payer().pubkey();
    let c = d.env.chain.fail(&[gov_ix::execute_bare(&payer, id)], &[]).await;
    assert_eq!(c, code(G::GovernanceInvalidAction));
}

#[tokio::test]
async fn governance_registers_a_verifier_and_pauses_and_unpauses() {
    let mut d = dao().await;
    let json = vectors::load("proofs/result_commitment.bn254.json");
    let vk = snarkjs::verifying_key(&json["vkey"]);
    let id = d.pass(GovernanceAction::RegisterVerifier { verifier_id: 3, vk: vk.clone() }).await;
    d.execute(id, Some(mp_ix::verifier(3))).await;
    let acc: marketplace::VerifierAccount = d.env.chain.account(&mp_ix::verifier(3)).await;
    assert_eq!((acc.verifier_id, acc.vk), (3, vk));

    let id = d.pass(GovernanceAction::Pause).await;
    d.execute(id, None).await;
    assert!(d.env.mp_config().await.paused);
    let id = d.pass(GovernanceAction::Unpause).await;
    d.execute(id, None).await;
    assert!(!d.env.mp_config().await.paused);
}
