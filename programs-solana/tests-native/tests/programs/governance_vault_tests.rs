//! The governance vault on Solana (DESIGN §7): deposits with a bounded checkpoint history, hub
//! proposals announced over the bridge, votes weighed at the proposal's snapshot (never more than
//! what was held then), and the cumulative tally sent to the hub as a version-2 bridge message.
use calctra_bridge::{OutboundMessage, SOLANA_DOMAIN};
use calctra_solana_tests::bridge as b;
use calctra_solana_tests::ix::{cal_ix, gov_ix};
use calctra_solana_tests::spoke::{hub_governor, pid, proposal_opened, Spoke, DELAY, HUB};
use calctra_solana_tests::{code, Chain, ONE_CAL};
use governance::errors::GovernanceError as G;
use governance::{Checkpoint, InitializeArgs, ProposalRecord, VoteRecord, Voter, MAX_CHECKPOINTS};
use governance::{VOTE_ABSTAIN, VOTE_AGAINST, VOTE_FOR};
use solana_sdk::pubkey::Pubkey;
use solana_sdk::signature::Signer;

#[tokio::test]
async fn initialize_is_the_cal_admins_and_bounds_the_execution_delay() {
    let mut chain = Chain::start().await;
    let d = b::deploy(&mut chain, true).await;
    let mint = cal_ix::mint();
    let args = |execution_delay: u64, hub_address: [u8; 32]| InitializeArgs {
        hub_domain: HUB,
        hub_address,
        guardian: Pubkey::new_unique(),
        execution_delay,
    };
    let admin = d.cal_admin.insecure_clone();
    let stranger = chain.new_user().await;
    let c =
        chain.fail(&[gov_ix::initialize(&stranger.pubkey(), &mint, args(DELAY, hub_governor()))], &[&stranger]).await;
    assert_eq!(c, code(G::GovernorOnlyExecutor));
    for (delay, hub, err) in [
        (3_599, hub_governor(), G::GovernanceParameterOutOfBounds),
        (14 * 86_400 + 1, hub_governor(), G::GovernanceParameterOutOfBounds),
        (DELAY, [0u8; 32], G::GovernanceNotHub),
    ] {
        let c = chain.fail(&[gov_ix::initialize(&admin.pubkey(), &mint, args(delay, hub))], &[&admin]).await;
        assert_eq!(c, code(err));
    }
    chain.ok(&[gov_ix::initialize(&admin.pubkey(), &mint, args(DELAY, hub_governor()))], &[&admin]).await;
    let cfg: governance::GovernanceConfig = chain.account(&gov_ix::config()).await;
    assert_eq!(
        (cfg.hub_domain, cfg.hub_address, cfg.execution_delay, cfg.next_sequence),
        (HUB, hub_governor(), DELAY, 1)
    );
    assert_eq!((cfg.cal_mint, cfg.vault), (mint, gov_ix::vault()));
}

#[tokio::test]
async fn withdraw_rejects_zero_and_more_than_deposited_and_returns_the_cal() {
    let mut s = Spoke::deploy().await;
    let owner = s.voter(5 * ONE_CAL).await;
    let token = b::ata(&owner.pubkey(), &cal_ix::mint());
    let c = s.chain.fail(&[gov_ix::withdraw(&owner.pubkey(), &token, 0)], &[&owner]).await;
    assert_eq!(c, code(G::GovernanceZeroAmount));
    let c = s.chain.fail(&[gov_ix::withdraw(&owner.pubkey(), &token, 5 * ONE_CAL + 1)], &[&owner]).await;
    assert_eq!(c, code(G::ArithmeticOverflow));
    s.chain.advance(1).await;
    s.chain.ok(&[gov_ix::withdraw(&owner.pubkey(), &token, 5 * ONE_CAL)], &[&owner]).await;
    assert_eq!(s.chain.balance(&token).await, 5 * ONE_CAL);
    assert_eq!(s.chain.balance(&gov_ix::vault()).await, 0);
    let v: Voter = s.chain.account(&gov_ix::voter(&owner.pubkey())).await;
    assert_eq!((v.amount, v.checkpoints.len()), (0, 2));
}

#[test]
fn the_checkpoint_history_is_bounded_and_merging_never_raises_a_past_weight() {
    let mut v = Voter { owner: Pubkey::new_unique(), amount: 0, checkpoints: vec![], bump: 0 };
    // Same second: one checkpoint, the last amount.
    v.record(100, 5);
    v.record(100, 7);
    assert_eq!(v.checkpoints, vec![Checkpoint { timestamp: 100, amount: 7 }]);
    assert_eq!((v.weight_at(99), v.weight_at(100), v.weight_at(1_000)), (0, 7, 7));
    // Alternating amounts, one change per second, well past the bound.
    let amount_at = |t: i64| if t % 2 == 0 { 10 + t as u64 } else { 3 };
    let last = 100 + 3 * MAX_CHECKPOINTS as i64;
    for t in 101..=last {
        v.record(t, amount_at(t));
        assert!(v.checkpoints.len() <= MAX_CHECKPOINTS);
    }
    assert_eq!(v.amount, amount_at(last));
    for t in 90..=last + 5 {
        let held = match t {
            t if t < 100 => 0,
            100 => 7,
            t => amount_at(t.min(last)),
        };
        assert!(v.weight_at(t) <= held, "weight at {t} is {} but {held} was held", v.weight_at(t));
    }
    // The most recent history is exact.
    for t in (last - (MAX_CHECKPOINTS as i64 - 2))..=last {
        assert_eq!(v.weight_at(t), amount_at(t));
    }
}

#[tokio::test]
async fn a_voter_weighs_what_it_held_at_the_snapshot_never_more() {
    let mut s = Spoke::deploy().await;
    let alice = s.voter(100 * ONE_CAL).await;
    let bob = s.voter(40 * ONE_CAL).await;
    let t0 = s.chain.now().await as u64;
    let (snapshot, vote_end) = (t0 + 10, t0 + 1_000);
    s.open(pid(1), snapshot, vote_end).await;
    let p: ProposalRecord = s.chain.account(&gov_ix::proposal(&pid(1))).await;
    assert_eq!((p.proposal_id, p.snapshot, p.vote_end, p.for_votes), (pid(1), snapshot, vote_end, 0));
    // After the snapshot alice adds 50 CAL and bob withdraws everything: neither changes their weight.
    s.chain.set_time(snapshot as i64 + 5);
    let a_token = s.bridge_in(&alice.pubkey(), 50 * ONE_CAL).await;
    s.chain.ok(&[gov_ix::deposit(&alice.pubkey(), &a_token, 50 * ONE_CAL)], &[&alice]).await;
    let b_token = b::ata(&bob.pubkey(), &cal_ix::mint());
    s.chain.ok(&[gov_ix::withdraw(&bob.pubkey(), &b_token, 40 * ONE_CAL)], &[&bob]).await;
    s.chain.ok(&[gov_ix::cast_vote(&alice.pubkey(), pid(1), VOTE_FOR)], &[&alice]).await;
    s.chain.ok(&[gov_ix::cast_vote(&bob.pubkey(), pid(1), VOTE_AGAINST)], &[&bob]).await;
    let p: ProposalRecord = s.chain.account(&gov_ix::proposal(&pid(1))).await;
    assert_eq!((p.against_votes, p.for_votes, p.abstain_votes), (40 * ONE_CAL, 100 * ONE_CAL, 0));
    let r: VoteRecord = s.chain.account(&gov_ix::vote_record(&pid(1), &alice.pubkey())).await;
    assert_eq!((r.support, r.weight, r.has_voted), (VOTE_FOR, 100 * ONE_CAL, true));
    // CAL moved to a fresh account after the snapshot carries no weight there.
    let carol = s.chain.new_user().await;
    let c_token = s.bridge_in(&carol.pubkey(), 30 * ONE_CAL).await;
    s.chain.ok(&[gov_ix::deposit(&carol.pubkey(), &c_token, 30 * ONE_CAL)], &[&carol]).await;
    let c = s.chain.fail(&[gov_ix::cast_vote(&carol.pubkey(), pid(1), VOTE_FOR)], &[&carol]).await;
    assert_eq!(c, code(G::GovernanceNoVotingPower));
}

#[tokio::test]
async fn votes_need_power_an_open_proposal_a_valid_type_and_count_once() {
    let mut s = Spoke::deploy().await;
    let alice = s.voter(10 * ONE_CAL).await;
    let t0 = s.chain.now().await as u64;
    s.open(pid(2), t0 + 10, t0 + 100).await;
    // Unknown proposal; before the snapshot; a wallet that never deposited.
    let c = s.chain.fail(&[gov_ix::cast_vote(&alice.pubkey(), pid(9), VOTE_FOR)], &[&alice]).await;
    assert_eq!(c, code(G::GovernorNonexistentProposal));
    let c = s.chain.fail(&[gov_ix::cast_vote(&alice.pubkey(), pid(2), VOTE_FOR)], &[&alice]).await;
    assert_eq!(c, code(G::GovernorUnexpectedProposalState));
    s.chain.set_time(t0 as i64 + 11);
    let nobody = s.chain.new_user().await;
    let c = s.chain.fail(&[gov_ix::cast_vote(&nobody.pubkey(), pid(2), VOTE_FOR)], &[&nobody]).await;
    assert_eq!(c, code(G::GovernanceNoVotingPower));
    let c = s.chain.fail(&[gov_ix::cast_vote(&alice.pubkey(), pid(2), 3)], &[&alice]).await;
    assert_eq!(c, code(G::GovernorInvalidVoteType));
    s.chain.ok(&[gov_ix::cast_vote(&alice.pubkey(), pid(2), VOTE_ABSTAIN)], &[&alice]).await;
    let c = s.chain.fail(&[gov_ix::cast_vote(&alice.pubkey(), pid(2), VOTE_FOR)], &[&alice]).await;
    assert_eq!(c, code(G::GovernorAlreadyCastVote));
    // Voting closes after voteEnd.
    s.chain.set_time(t0 as i64 + 101);
    let c = s.chain.fail(&[gov_ix::cast_vote(&alice.pubkey(), pid(2), VOTE_FOR)], &[&alice]).await;
    assert_eq!(c, code(G::GovernanceVotingClosed));
    let p: ProposalRecord = s.chain.account(&gov_ix::proposal(&pid(2))).await;
    assert_eq!((p.against_votes, p.for_votes, p.abstain_votes), (0, 0, 10 * ONE_CAL));
}

#[tokio::test]
async fn only_the_hub_opens_proposals_and_a_refused_message_stays_undelivered() {
    let mut s = Spoke::deploy().await;
    // From the hub's domain but another sender.
    let nonce = s.next_nonce();
    let m = b::governance_message(HUB, nonce, [9u8; 32], gov_ix::config().to_bytes(), &proposal_opened(pid(3), 1, 2));
    let ix = s.delivery(m.clone());
    assert_eq!(s.chain.fail(&[ix], &[]).await, code(G::GovernanceNotHub));
    assert!(!b::is_delivered(&mut s.chain, &m).await);
    // Addressed to another recipient than this vault.
    let m = b::governance_message(HUB, nonce, hub_governor(), [7u8; 32], &proposal_opened(pid(3), 1, 2));
    let ix = s.delivery(m);
    assert_eq!(s.chain.fail(&[ix], &[]).await, code(G::GovernanceInvalidAction));
    // A tally is never sent to a spoke.
    let mut tally = vec![2u8];
    tally.extend_from_slice(&[0u8; 56]);
    let m = b::governance_message(HUB, nonce, hub_governor(), gov_ix::config().to_bytes(), &tally);
    let ix = s.delivery(m);
    assert_eq!(s.chain.fail(&[ix], &[]).await, code(G::GovernanceInvalidAction));
    assert!(!s.chain.exists(&gov_ix::proposal(&pid(3))).await);
    // The same announcement from the hub is accepted, and a repeat (a later nonce) leaves it as it is.
    let m =
        b::governance_message(HUB, nonce, hub_governor(), gov_ix::config().to_bytes(), &proposal_opened(pid(3), 1, 2));
    let ix = s.delivery(m);
    s.chain.ok(&[ix], &[]).await;
    s.open(pid(3), 5, 6).await;
    let p: ProposalRecord = s.chain.account(&gov_ix::proposal(&pid(3))).await;
    assert_eq!((p.snapshot, p.vote_end), (1, 2));
}

#[tokio::test]
async fn send_tally_sends_the_cumulative_tally_to_the_hub_sharing_the_outbound_nonce() {
    let mut s = Spoke::deploy().await;
    let alice = s.voter(70 * ONE_CAL).await;
    let bob = s.voter(20 * ONE_CAL).await;
    let carol = s.voter(5 * ONE_CAL).await;
    let t0 = s.chain.now().await as u64;
    s.open(pid(4), t0, t0 + 1_000).await;
    s.chain.advance(1).await;
    // A token message first takes outbound nonce 1.
    let token = s.bridge_in(&alice.pubkey(), ONE_CAL).await;
    let mut to = [0u8; 32];
    to[12..].copy_from_slice(&[0x42u8; 20]);
    s.chain.ok(&[b::send(&alice.pubkey(), &token, &cal_ix::mint(), 1, HUB, to, ONE_CAL)], &[&alice]).await;
    s.chain.ok(&[gov_ix::cast_vote(&alice.pubkey(), pid(4), VOTE_FOR)], &[&alice]).await;
    s.chain.ok(&[gov_ix::cast_vote(&bob.pubkey(), pid(4), VOTE_AGAINST)], &[&bob]).await;
    // Anyone sends the tally.
    let anyone = s.chain.new_user().await;
    s.chain.ok(&[gov_ix::send_tally(&anyone.pubkey(), pid(4), HUB, 2)], &[&anyone]).await;
    let out: OutboundMessage = s.chain.account(&b::outbound(2)).await;
    let mut expected = vec![2u8];
    expected.extend_from_slice(&SOLANA_DOMAIN.to_be_bytes());
    expected.extend_from_slice(&HUB.to_be_bytes());
    expected.extend_from_slice(&2u64.to_be_bytes());
    expected.extend_from_slice(gov_ix::config().as_ref());
    expected.extend_from_slice(&hub_governor());
    expected.push(2);
    expected.extend_from_slice(&pid(4));
    for v in [20 * ONE_CAL, 70 * ONE_CAL, 0] {
        expected.extend_from_slice(&v.to_be_bytes());
    }
    assert_eq!(out.message, expected);
    assert_eq!((out.nonce, out.message_id), (2, calctra_bridge::codec::message_id(&expected)));
    // An unchanged tally is not sent again (a relayer would pay for it).
    let c = s.chain.fail(&[gov_ix::send_tally(&anyone.pubkey(), pid(4), HUB, 3)], &[&anyone]).await;
    assert_eq!(c, code(G::GovernanceTallyUnchanged));
    // A later tally is cumulative and takes the next nonce; an unknown proposal has no tally.
    s.chain.ok(&[gov_ix::cast_vote(&carol.pubkey(), pid(4), VOTE_FOR)], &[&carol]).await;
    s.chain.ok(&[gov_ix::send_tally(&anyone.pubkey(), pid(4), HUB, 3)], &[&anyone]).await;
    let out3: OutboundMessage = s.chain.account(&b::outbound(3)).await;
    assert_eq!(
        out3.message[82 + 32..],
        [20 * ONE_CAL, 75 * ONE_CAL, 0].iter().flat_map(|v| v.to_be_bytes()).collect::<Vec<u8>>()[..]
    );
    // (Anchor's AccountNotInitialized on the proposal record, which clients read as GovernorNonexistentProposal)
    let c = s.chain.fail(&[gov_ix::send_tally(&anyone.pubkey(), pid(5), HUB, 4)], &[&anyone]).await;
    assert_eq!(c, calctra_solana_tests::anchor_code(anchor_lang::error::ErrorCode::AccountNotInitialized));
    let cfg: calctra_bridge::BridgeConfig = s.chain.account(&b::config()).await;
    assert_eq!(cfg.outbound_nonce, 3);
}
