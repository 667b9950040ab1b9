//! Redundant execution (DESIGN §5.2): k replicas accept, commit keccak256(resultHash ‖ salt ‖ provider), reveal,
//! and settle pays the strict majority and slashes the rest; every refusal by its canonical name.
use calctra_solana_tests::ix::mp_ix::{self, ReplicaParty};
use calctra_solana_tests::market::{offer, Market};
use calctra_solana_tests::ONE_CAL;
use marketplace::constants::*;
use marketplace::math::payout_split;
use marketplace::{replica_state, TaskStatus};
use solana_sdk::signature::Signer;

const REWARD: u64 = 30 * ONE_CAL;
const COLLATERAL: u64 = 50 * ONE_CAL;
const STAKE: u64 = 1_000 * ONE_CAL;
const DEADLINE: i64 = 3_600;
const A: [u8; 32] = [0xaa; 32];
const B: [u8; 32] = [0xbb; 32];

fn salt(i: usize) -> [u8; 32] {
    [i as u8 + 1; 32]
}

fn err<T>(name: &str) -> Result<T, String> {
    Err(name.to_string())
}

async fn market() -> Market {
    Market::new(4, STAKE, 1_000 * ONE_CAL).await
}

/// A fixed-reward task with k replicas, accepted by providers 0..k.
async fn accepted(m: &mut Market, k: u8) -> u64 {
    let id = m.replicated(k, REWARD, COLLATERAL, DEADLINE).await;
    for i in 0..k as usize {
        m.accept(i, id).await.unwrap();
    }
    id
}

/// Every replica commits and reveals `hashes[i]`.
async fn revealed(m: &mut Market, hashes: &[[u8; 32]]) -> u64 {
    let id = accepted(m, hashes.len() as u8).await;
    for (i, h) in hashes.iter().enumerate() {
        m.commit_ok(i, id, *h, salt(i)).await;
    }
    for (i, h) in hashes.iter().enumerate() {
        m.reveal(i, id, *h, salt(i)).await.unwrap();
    }
    id
}

struct Balances {
    user: u64,
    treasury: u64,
    providers: Vec<u64>,
    staked: Vec<u64>,
}

async fn balances(m: &mut Market) -> Balances {
    let user = m.env.chain.balance(&m.user.token.clone()).await;
    let treasury = m.env.chain.balance(&m.env.treasury.token.clone()).await;
    let mut providers = Vec::new();
    let mut staked = Vec::new();
    for i in 0..m.providers.len() {
        let (t, pk) = (m.providers[i].token, m.pk(i));
        providers.push(m.env.chain.balance(&t).await);
        staked.push(m.env.provider_record(&pk).await.staked);
    }
    Balances { user, treasury, providers, staked }
}

fn share_split(price: u64, k: u8) -> (u64, u64) {
    let (p, t, _) = payout_split(price / k as u64, DEFAULT_TREASURY_BPS, DEFAULT_CREATOR_BPS, false).unwrap();
    (p, t)
}

fn slash() -> (u64, u64, u64) {
    let (slashed, to_user, to_treasury, _) = staking::math::slash_split(COLLATERAL, DEFAULT_SLASH_BPS).unwrap();
    (slashed, to_user, to_treasury)
}

#[tokio::test]
async fn k_1_the_only_replica_is_paid_the_whole_price() {
    let mut m = market().await;
    let before = balances(&mut m).await;
    let id = revealed(&mut m, &[A]).await;
    assert_eq!(m.env.task(id).await.reveal_end, m.env.chain.now().await + DEFAULT_REVEAL_PERIOD);
    m.settle(id).await.unwrap();
    let after = balances(&mut m).await;
    let (p, t) = share_split(REWARD, 1);
    assert_eq!(after.providers[0] - before.providers[0], p);
    assert_eq!(after.treasury - before.treasury, t);
    assert_eq!(after.user, before.user - REWARD);
    let task = m.env.task(id).await;
    assert_eq!((task.status, task.result_commitment), (TaskStatus::Completed, A));
    let rec = m.env.provider_record(&m.pk(0)).await;
    assert_eq!((rec.completed, rec.failed, rec.locked), (1, 0, 0));
    assert_eq!(m.assert_conservation().await, 0);
}

#[tokio::test]
async fn k_2_both_agree_and_each_is_paid_half_of_its_own_locked_price() {
    let mut m = market().await;
    let start = m.env.chain.now().await;
    let args = m.args(REWARD, COLLATERAL, DEADLINE).await;
    let id = m.create(args.clone(), Some(offer(10 * ONE_CAL, start, 700, args.deadline, 2))).await;
    let before = balances(&mut m).await;
    m.env.chain.set_time(start + 100);
    m.accept(0, id).await.unwrap();
    m.env.chain.set_time(start + 400);
    m.accept(1, id).await.unwrap();
    let prices: Vec<u64> = m.env.task(id).await.accepted().iter().map(|r| r.price).collect();
    assert_eq!(prices, vec![12_857_142_857, 21_428_571_428]);
    for i in 0..2 {
        m.commit_ok(i, id, A, salt(i)).await;
    }
    for i in 0..2 {
        m.reveal(i, id, A, salt(i)).await.unwrap();
    }
    m.settle(id).await.unwrap();
    let after = balances(&mut m).await;
    let mut paid = 0;
    for (i, price) in prices.iter().enumerate() {
        assert_eq!(after.providers[i] - before.providers[i], share_split(*price, 2).0);
        paid += price / 2;
    }
    assert_eq!(after.user - before.user, REWARD - paid);
    assert_eq!(m.assert_conservation().await, 0);
}

#[tokio::test]
async fn k_3_all_agree_and_share_equally() {
    let mut m = market().await;
    let before = balances(&mut m).await;
    let id = revealed(&mut m, &[A, A, A]).await;
    m.settle(id).await.unwrap();
    let after = balances(&mut m).await;
    for i in 0..3 {
        assert_eq!(after.providers[i] - before.providers[i], share_split(REWARD, 3).0);
        assert_eq!(m.env.provider_record(&m.pk(i)).await.completed, 1);
    }
    assert_eq!(after.user, before.user - REWARD); // 3 * (REWARD / 3) == REWARD
    assert_eq!(m.assert_conservation().await, 0);
}

#[tokio::test]
async fn a_2_of_3_majority_wins_and_the_dissenter_is_slashed() {
    let mut m = market().await;
    let before = balances(&mut m).await;
    let id = revealed(&mut m, &[A, B, A]).await;
    m.settle(id).await.unwrap();
    let after = balances(&mut m).await;
    let (p, t) = share_split(REWARD, 3);
    let (slashed, to_user, to_treasury) = slash();
    assert_eq!(after.providers[0] - before.providers[0], p);
    assert_eq!(after.providers[2] - before.providers[2], p);
    assert_eq!(after.providers[1], before.providers[1]);
    assert_eq!(before.staked[1] - after.staked[1], slashed);
    assert_eq!(after.user - (before.user - REWARD), REWARD - 2 * (REWARD / 3) + to_user);
    assert_eq!(after.treasury - before.treasury, 2 * t + to_treasury);
    let rec = m.env.provider_record(&m.pk(1)).await;
    assert_eq!((rec.completed, rec.failed, rec.locked), (0, 1, 0));
    assert_eq!(m.env.task(id).await.result_commitment, A);
    assert_eq!(m.assert_conservation().await, 0);
}

#[tokio::test]
async fn a_silent_replica_is_slashed_once_the_reveal_window_ends() {
    let mut m = market().await;
    let id = accepted(&mut m, 3).await;
    let deadline = m.env.task(id).await.deadline;
    m.commit_ok(0, id, A, salt(0)).await;
    m.commit_ok(1, id, A, salt(1)).await;
    // replica 2 never commits: the reveal opens after the deadline and ends at deadline + revealPeriod
    assert_eq!(m.reveal(0, id, A, salt(0)).await, err("MarketplaceRevealNotOpen"));
    m.env.chain.set_time(deadline + 1);
    m.reveal(0, id, A, salt(0)).await.unwrap();
    m.reveal(1, id, A, salt(1)).await.unwrap();
    m.env.chain.set_time(deadline + DEFAULT_REVEAL_PERIOD);
    assert_eq!(m.settle(id).await, err("MarketplaceRevealPeriodActive"));
    m.env.chain.set_time(deadline + DEFAULT_REVEAL_PERIOD + 1);
    let before = balances(&mut m).await;
    m.settle(id).await.unwrap();
    let after = balances(&mut m).await;
    assert_eq!(before.staked[2] - after.staked[2], slash().0);
    assert_eq!(m.env.provider_record(&m.pk(2)).await.failed, 1);
    assert_eq!(m.env.task(id).await.status, TaskStatus::Completed);
    assert_eq!(m.assert_conservation().await, 0);
}

#[tokio::test]
async fn k_2_disagreeing_goes_disputed_and_the_arbiter_resolves() {
    let mut m = market().await;
    let id = revealed(&mut m, &[A, B]).await;
    let before = balances(&mut m).await;
    m.settle(id).await.unwrap();
    let t = m.env.task(id).await;
    assert_eq!((t.status, t.result_commitment), (TaskStatus::Disputed, [0u8; 32]));
    let same = balances(&mut m).await;
    assert_eq!((same.user, same.treasury, same.staked.clone()), (before.user, before.treasury, before.staked.clone()));
    assert_eq!(m.assert_conservation().await, REWARD);
    assert_eq!(m.settle(id).await, err("MarketplaceTaskNotAssigned"));

    m.resolve_replicas(id, B).await.unwrap();
    let after = balances(&mut m).await;
    assert_eq!(after.providers[1] - before.providers[1], share_split(REWARD, 2).0);
    assert_eq!(before.staked[0] - after.staked[0], slash().0);
    let t = m.env.task(id).await;
    assert_eq!((t.status, t.result_commitment), (TaskStatus::Completed, B));
    assert_eq!(m.assert_conservation().await, 0);
    assert_eq!(m.resolve_replicas(id, B).await, err("MarketplaceTaskNotDisputed"));
}

#[tokio::test]
async fn resolve_replicas_with_no_winner_slashes_everyone_and_refunds_the_user() {
    let mut m = market().await;
    let id = accepted(&mut m, 2).await;
    let t = m.env.task(id).await;
    m.env.chain.set_time(t.deadline + DEFAULT_REVEAL_PERIOD + 1);
    m.settle(id).await.unwrap();
    assert_eq!(m.env.task(id).await.status, TaskStatus::Disputed);
    let before = balances(&mut m).await;
    m.resolve_replicas(id, [0u8; 32]).await.unwrap();
    let after = balances(&mut m).await;
    let (slashed, to_user, to_treasury) = slash();
    assert_eq!(after.user - before.user, REWARD + 2 * to_user);
    assert_eq!(after.treasury - before.treasury, 2 * to_treasury);
    for i in 0..2 {
        assert_eq!(before.staked[i] - after.staked[i], slashed);
    }
    assert_eq!(m.env.task(id).await.status, TaskStatus::Refunded);
    assert_eq!(m.assert_conservation().await, 0);
}

#[tokio::test]
async fn a_copied_commit_never_reveals_so_copying_does_not_pay() {
    let mut m = market().await;
    let id = accepted(&mut m, 3).await;
    m.commit_ok(0, id, A, salt(0)).await;
    let copied = m.env.task(id).await.replica_records[0].commit;
    m.commit(1, id, copied).await.unwrap();
    m.commit_ok(2, id, A, salt(2)).await;
    m.reveal(0, id, A, salt(0)).await.unwrap();
    // the copier knows nothing that opens the commit for its own key; even the original's secret fails
    assert_eq!(m.reveal(1, id, A, salt(0)).await, err("MarketplaceCommitMismatch"));
    m.reveal(2, id, A, salt(2)).await.unwrap();
    let end = m.env.task(id).await.reveal_end;
    m.env.chain.set_time(end + 1);
    let before = balances(&mut m).await;
    m.settle(id).await.unwrap();
    let after = balances(&mut m).await;
    assert_eq!(after.providers[1], before.providers[1], "the copier is not paid");
    assert_eq!(before.staked[1] - after.staked[1], slash().0, "the copier is slashed");
    assert_eq!(after.providers[0] - before.providers[0], share_split(REWARD, 3).0);
    assert_eq!(m.assert_conservation().await, 0);
}

#[tokio::test]
async fn accept_refuses_a_full_task_a_repeated_replica_and_a_passed_lock_deadline() {
    let mut m = market().await;
    let id = m.replicated(2, REWARD, COLLATERAL, DEADLINE).await;
    m.accept(0, id).await.unwrap();
    assert_eq!(m.env.task(id).await.status, TaskStatus::Assigned);
    assert_eq!(m.accept(0, id).await, err("MarketplaceAlreadyReplica"));
    m.accept(1, id).await.unwrap();
    assert_eq!(m.accept(2, id).await, err("MarketplaceTaskNotOpen"));
    assert_eq!(m.accept(0, id).await, err("MarketplaceTaskNotOpen"));
    let t = m.env.task(id).await;
    assert_eq!(
        t.accepted().iter().map(|r| (r.provider, r.state)).collect::<Vec<_>>(),
        vec![(m.pk(0), replica_state::ACCEPTED), (m.pk(1), replica_state::ACCEPTED)]
    );
    for i in 0..2 {
        assert_eq!(m.env.provider_record(&m.pk(i)).await.locked, COLLATERAL);
    }
    let late = m.replicated(2, REWARD, COLLATERAL, DEADLINE).await;
    m.env.chain.advance(DEADLINE + 1).await;
    assert_eq!(m.accept(0, late).await, err("MarketplaceLockDeadlinePassed"));
    // a task with a replica cannot be cancelled; a replicated task nobody took can
    let user = m.user.kp.insecure_clone();
    let ix = mp_ix::cancel_task(&user.pubkey(), id, &m.user.token);
    assert_eq!(m.send_plain(ix, &[&user]).await, err("MarketplaceTaskNotOpen"));
    let ix = mp_ix::cancel_task(&user.pubkey(), late, &m.user.token);
    m.send_plain(ix, &[&user]).await.unwrap();
    assert_eq!(m.assert_conservation().await, REWARD);
}

#[tokio::test]
async fn commit_refusals_by_name() {
    let mut m = market().await;
    let classic_args = m.args(REWARD, COLLATERAL, DEADLINE).await;
    let classic = m.create(classic_args, None).await;
    m.accept(0, classic).await.unwrap();
    assert_eq!(m.commit(0, classic, [1; 32]).await, err("MarketplaceNotReplicated"));
    let id = m.replicated(2, REWARD, COLLATERAL, DEADLINE).await;
    assert_eq!(m.commit(0, id, [1; 32]).await, err("MarketplaceTaskNotAssigned")); // still Open
    m.accept(0, id).await.unwrap();
    assert_eq!(m.commit(3, id, [1; 32]).await, err("MarketplaceNotTaskProvider"));
    m.commit(0, id, [1; 32]).await.unwrap();
    assert_eq!(m.env.task(id).await.reveal_end, 0, "not every replica committed yet");
    assert_eq!(m.commit(0, id, [2; 32]).await, err("MarketplaceAlreadyCommitted"));
    m.accept(1, id).await.unwrap();
    m.env.chain.advance(DEADLINE + 1).await;
    assert_eq!(m.commit(1, id, [1; 32]).await, err("MarketplaceDeadlinePassed"));
    let t = m.env.task(id).await;
    assert_eq!((t.replica_records[0].state, t.replica_records[0].commit), (replica_state::COMMITTED, [1; 32]));
}

#[tokio::test]
async fn commit_at_exactly_the_deadline_is_accepted_and_the_kth_commit_opens_the_reveal() {
    let mut m = market().await;
    let id = accepted(&mut m, 2).await;
    m.commit_ok(0, id, A, salt(0)).await;
    let deadline = m.env.task(id).await.deadline;
    m.env.chain.set_time(deadline);
    m.commit_ok(1, id, A, salt(1)).await;
    assert_eq!(m.env.task(id).await.reveal_end, deadline + DEFAULT_REVEAL_PERIOD);
    m.reveal(1, id, A, salt(1)).await.unwrap();
    let r = m.env.task(id).await.replica_records[1];
    assert_eq!((r.state, r.result_hash), (replica_state::REVEALED, A));
}

#[tokio::test]
async fn reveal_refusals_by_name() {
    let mut m = market().await;
    let classic_args = m.args(REWARD, COLLATERAL, DEADLINE).await;
    let classic = m.create(classic_args, None).await;
    m.accept(0, classic).await.unwrap();
    assert_eq!(m.reveal(0, classic, A, salt(0)).await, err("MarketplaceNotReplicated"));

    let open = m.replicated(2, REWARD, COLLATERAL, DEADLINE).await;
    assert_eq!(m.reveal(0, open, A, salt(0)).await, err("MarketplaceTaskNotAssigned"));
    let id = accepted(&mut m, 2).await;
    assert_eq!(m.reveal(3, id, A, salt(3)).await, err("MarketplaceNotTaskProvider"));
    assert_eq!(m.reveal(0, id, A, salt(0)).await, err("MarketplaceNotCommitted"));
    m.commit_ok(0, id, A, salt(0)).await;
    assert_eq!(m.reveal(0, id, A, salt(0)).await, err("MarketplaceRevealNotOpen"));
    m.commit_ok(1, id, B, salt(1)).await;
    assert_eq!(m.reveal(0, id, B, salt(0)).await, err("MarketplaceCommitMismatch"));
    assert_eq!(m.reveal(0, id, A, salt(1)).await, err("MarketplaceCommitMismatch"));
    assert_eq!(m.reveal(1, id, A, salt(0)).await, err("MarketplaceCommitMismatch"));
    m.reveal(0, id, A, salt(0)).await.unwrap();
    assert_eq!(m.reveal(0, id, A, salt(0)).await, err("MarketplaceAlreadyRevealed"));
    let end = m.env.task(id).await.reveal_end;
    m.env.chain.set_time(end + 1);
    assert_eq!(m.reveal(1, id, B, salt(1)).await, err("MarketplaceRevealPeriodOver"));
}

#[tokio::test]
async fn settle_and_resolve_replicas_refusals_by_name() {
    let mut m = market().await;
    let classic_args = m.args(REWARD, COLLATERAL, DEADLINE).await;
    let classic = m.create(classic_args, None).await;
    assert_eq!(m.settle(classic).await, err("MarketplaceNotReplicated"));
    assert_eq!(m.resolve_replicas(classic, A).await, err("MarketplaceNotReplicated"));
    let open = m.replicated(2, REWARD, COLLATERAL, DEADLINE).await;
    assert_eq!(m.settle(open).await, err("MarketplaceTaskNotAssigned"));
    let id = revealed(&mut m, &[A, B]).await;
    assert_eq!(m.resolve_replicas(id, A).await, err("MarketplaceTaskNotDisputed"));
    let partial = accepted(&mut m, 1).await;
    assert_eq!(m.settle(partial).await, err("MarketplaceRevealPeriodActive"));
    m.settle(id).await.unwrap();
    // only the arbiter resolves
    let parties = m.parties(id).await;
    let stranger = m.providers[3].kp.insecure_clone();
    let ix = mp_ix::resolve_replicas(&stranger.pubkey(), id, &m.user.token, &m.env.treasury.token, &parties, A);
    assert_eq!(m.send_plain(ix, &[&stranger]).await, err("MarketplaceNotArbiter"));
    // the caller comes first, as for resolve
    let ix = mp_ix::resolve_replicas(&stranger.pubkey(), classic, &m.user.token, &m.env.treasury.token, &[], A);
    assert_eq!(m.send_plain(ix, &[&stranger]).await, err("MarketplaceNotArbiter"));
}

#[tokio::test]
async fn classic_only_instructions_refuse_a_replicated_task() {
    let mut m = market().await;
    let id = accepted(&mut m, 1).await;
    let ix = mp_ix::submit_result(&m.pk(0), id, A, vec![]);
    assert_eq!(m.send_as(0, ix).await, err("MarketplaceReplicated"));
    let p = m.env.parties(id, &m.providers[0], &m.user, None);
    assert_eq!(m.send_plain(mp_ix::finalize(&p), &[]).await, err("MarketplaceReplicated"));
    let user = m.user.kp.insecure_clone();
    assert_eq!(m.send_plain(mp_ix::dispute(&user.pubkey(), id), &[&user]).await, err("MarketplaceReplicated"));
    m.env.chain.advance(DEADLINE + 1).await;
    assert_eq!(m.send_plain(mp_ix::expire(&p), &[]).await, err("MarketplaceReplicated"));
    let arbiter = m.env.arbiter.insecure_clone();
    assert_eq!(
        m.send_plain(mp_ix::resolve(&arbiter.pubkey(), &p, true), &[&arbiter]).await,
        err("MarketplaceReplicated")
    );
}

#[tokio::test]
async fn pause_blocks_commit_and_reveal_but_settle_and_resolve_replicas_stay_open() {
    let mut m = market().await;
    let id = accepted(&mut m, 2).await;
    let disputed = revealed(&mut m, &[A, B]).await;
    m.settle(disputed).await.unwrap();
    m.commit_ok(0, id, A, salt(0)).await;
    let pauser = m.env.pauser.insecure_clone();
    m.send_plain(mp_ix::pause(&pauser.pubkey()), &[&pauser]).await.unwrap();
    assert_eq!(m.commit(1, id, [1; 32]).await, err("EnforcedPause"));
    let deadline = m.env.task(id).await.deadline;
    m.env.chain.set_time(deadline + 1);
    assert_eq!(m.reveal(0, id, A, salt(0)).await, err("EnforcedPause"));
    let args = m.args(REWARD, COLLATERAL, DEADLINE).await;
    let next = m.env.mp_config().await.next_task_id;
    let ix = m.create_ix(next, args.clone(), Some(offer(REWARD, deadline, 0, args.deadline, 2)));
    let user = m.user.kp.insecure_clone();
    assert_eq!(m.send_plain(ix, &[&user]).await, err("EnforcedPause"));
    assert_eq!(m.accept(2, id).await, err("EnforcedPause"));
    m.env.chain.set_time(deadline + DEFAULT_REVEAL_PERIOD + 1);
    m.settle(id).await.unwrap(); // exits stay open: 1 of 2 committed and none revealed → Disputed
    assert_eq!(m.env.task(id).await.status, TaskStatus::Disputed);
    m.resolve_replicas(id, [0u8; 32]).await.unwrap();
    m.resolve_replicas(disputed, A).await.unwrap();
    assert_eq!(m.assert_conservation().await, 0);
}

#[tokio::test]
async fn settle_checks_every_replica_account_against_the_task() {
    let mut m = market().await;
    let id = revealed(&mut m, &[A, A]).await;
    let good = m.parties(id).await;
    let (user_token, treasury) = (m.user.token, m.env.treasury.token);
    let stranger = m.providers[3].clone_party();
    let foreign_mint = m.env.chain.create_mint(&m.env.mint_authority.pubkey(), 9).await;
    let wrong_mint = m.env.chain.token_account(&foreign_mint, &good[0].provider).await;
    let cases: Vec<(Vec<ReplicaParty>, &str)> = vec![
        (vec![good[0]], "AccountNotEnoughKeys"),
        (vec![good[1], good[0]], "ConstraintSeeds"), // out of replica order
        (vec![stranger, good[1]], "ConstraintSeeds"),
        (vec![ReplicaParty { token: stranger.token, ..good[0] }, good[1]], "ConstraintTokenOwner"),
        (vec![ReplicaParty { token: wrong_mint, ..good[0] }, good[1]], "ConstraintTokenMint"),
        (vec![ReplicaParty { token: m.env.treasury.token, ..good[0] }, good[1]], "ConstraintTokenOwner"),
    ];
    for (parties, expected) in cases {
        let ix = mp_ix::settle(id, &user_token, &treasury, &parties);
        assert_eq!(m.send_plain(ix, &[]).await, err(expected), "{parties:?}");
    }
    // a provider record passed as a token account is not a token account
    let mut ix = mp_ix::settle(id, &user_token, &treasury, &good);
    let record = ix.accounts[ix.accounts.len() - 4].pubkey;
    let last = ix.accounts.len() - 3;
    ix.accounts[last].pubkey = record;
    assert!(m.send_plain(ix, &[]).await.is_err());
    assert_eq!(m.assert_conservation().await, REWARD); // nothing moved
    m.settle(id).await.unwrap();
}

trait CloneParty {
    fn clone_party(&self) -> ReplicaParty;
}

impl CloneParty for calctra_solana_tests::env::Actor {
    fn clone_party(&self) -> ReplicaParty {
        ReplicaParty { provider: self.key(), token: self.token }
    }
}

/// The proof path of a Disputed replicated task (CONVENTIONS "Disputed replicated tasks"): the replica that revealed
/// the proven result settles it. The fixture proof is bound to taskId 1, its specHash and the Solana provider of
/// seed [7; 32] (programs-solana/scripts/gen-solana-proof.ts).
#[tokio::test]
async fn a_valid_proof_by_a_replica_that_revealed_it_settles_a_disputed_replicated_task() {
    use calctra_solana_tests::{snarkjs, vectors};
    let fixture: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(vectors::manifest_dir().join("fixtures/result_commitment.solana.bn254.json")).unwrap(),
    )
    .unwrap();
    let vk = snarkjs::verifying_key(&vectors::load("proofs/result_commitment.bn254.json")["vkey"]);
    let proof = snarkjs::proof_bytes(&fixture["proof"]);
    let mut inputs = [[0u8; 32]; 4];
    for (i, s) in fixture["publicInputs"].as_array().unwrap().iter().enumerate() {
        inputs[i] = vectors::decimal_to_be32(s.as_str().unwrap());
    }
    let mut m = Market::new(1, STAKE, 1_000 * ONE_CAL).await;
    let admin = m.env.admin.insecure_clone();
    let payer = m.env.chain.payer().pubkey();
    m.env.chain.ok(&[mp_ix::register_verifier(&admin.pubkey(), &payer, 1, vk)], &[&admin]).await;
    // the proving replica holds the fixture's key; it becomes provider index 1
    let kp = solana_sdk::signer::keypair::keypair_from_seed(&[7u8; 32]).unwrap();
    m.env.chain.fund(&kp.pubkey(), 10_000_000_000).await;
    let token = m.env.chain.token_account(&m.env.mint.clone(), &kp.pubkey()).await;
    let (mint, auth) = (m.env.mint, m.env.mint_authority.insecure_clone());
    m.env.chain.mint_to(&mint, &auth, &token, STAKE).await;
    m.env.chain.ok(&[calctra_solana_tests::ix::staking_ix::register(&kp.pubkey(), [3u8; 32])], &[&kp]).await;
    m.env.chain.ok(&[calctra_solana_tests::ix::staking_ix::stake(&kp.pubkey(), &token, STAKE)], &[&kp]).await;
    m.providers.push(calctra_solana_tests::env::Actor { kp, token });

    let mut args = m.args(REWARD, COLLATERAL, DEADLINE).await;
    args.spec_hash = inputs[1];
    args.verifier_id = 1;
    let now = m.env.chain.now().await;
    let id = m.create(args.clone(), Some(offer(REWARD, now, 0, args.deadline, 2))).await;
    assert_eq!(u64::from_be_bytes(inputs[0][24..].try_into().unwrap()), id);
    m.accept(0, id).await.unwrap();
    m.accept(1, id).await.unwrap();
    let proven = inputs[2];
    m.commit_ok(0, id, A, salt(0)).await;
    m.commit_ok(1, id, proven, salt(1)).await;
    m.reveal(0, id, A, salt(0)).await.unwrap();
    m.reveal(1, id, proven, salt(1)).await.unwrap();
    m.settle(id).await.unwrap();
    assert_eq!(m.env.task(id).await.status, TaskStatus::Disputed);

    let parties = m.parties(id).await;
    let (user_token, treasury) = (m.user.token, m.env.treasury.token);
    let submit = |signer: &solana_sdk::pubkey::Pubkey, commitment: [u8; 32], proof: Vec<u8>| {
        mp_ix::submit_replicated_proof(signer, 1, id, &user_token, &treasury, &parties, commitment, proof)
    };
    // replica 0 did not reveal the proven result; replica 1 must prove what it revealed, with a valid proof
    assert_eq!(m.send_as(0, submit(&m.pk(0), proven, proof.clone())).await, err("MarketplaceCommitMismatch"));
    assert_eq!(m.send_as(1, submit(&m.pk(1), A, proof.clone())).await, err("MarketplaceCommitMismatch"));
    let mut tampered = proof.clone();
    tampered[100] ^= 1;
    assert_eq!(m.send_as(1, submit(&m.pk(1), proven, tampered)).await, err("MarketplaceInvalidProof"));
    let before = balances(&mut m).await;
    m.send_as(1, submit(&m.pk(1), proven, proof.clone())).await.unwrap();
    let after = balances(&mut m).await;
    let t = m.env.task(id).await;
    assert_eq!((t.status, t.result_commitment), (TaskStatus::Completed, proven));
    assert_eq!(after.providers[1] - before.providers[1], share_split(REWARD, 2).0);
    assert_eq!(before.staked[0] - after.staked[0], slash().0);
    assert_eq!(m.assert_conservation().await, 0);
    assert_eq!(m.send_as(1, submit(&m.pk(1), proven, proof)).await, err("MarketplaceReplicated"));
}

#[tokio::test]
async fn a_disputed_replicated_task_without_a_verifier_refuses_a_proof() {
    let mut m = market().await;
    let id = revealed(&mut m, &[A, B]).await;
    m.settle(id).await.unwrap();
    let parties = m.parties(id).await;
    let ix = mp_ix::submit_replicated_proof(&m.pk(0), 0, id, &m.user.token, &m.env.treasury.token, &parties, A, vec![]);
    assert!(m.send_as(0, ix).await.is_err());
    let ix = mp_ix::submit_result(&m.pk(0), id, A, vec![]);
    assert_eq!(m.send_as(0, ix).await, err("MarketplaceReplicated"));
}

/// Compute units the native host reports for the replica path (CALCTRA_CU_OUT=<file> writes them). The Calctra
/// programs run as host builtins, so these count what is metered natively (the SPL Token CPIs, the runtime), not the
/// programs' SBF cost; reports/solana-compute.md labels them "native".
#[tokio::test]
async fn native_compute_units_of_the_replica_path_stay_within_the_default_budget() {
    let mut figures: Vec<(String, u64)> = vec![];
    for k in 1..=3u8 {
        let mut m = market().await;
        let id = m.replicated(k, REWARD, COLLATERAL, DEADLINE).await;
        for i in 0..k as usize {
            let ix = mp_ix::accept_task(&m.pk(i), id);
            let kp = m.providers[i].kp.insecure_clone();
            figures.push((format!("k={k} accept_task"), m.env.chain.units(std::slice::from_ref(&ix), &[&kp]).await));
            m.env.chain.ok(&[ix], &[&kp]).await;
        }
        let ix = mp_ix::publish_result(&m.pk(0), id, [0x1c; 32]);
        let kp = m.providers[0].kp.insecure_clone();
        figures.push((format!("k={k} publish_result"), m.env.chain.units(std::slice::from_ref(&ix), &[&kp]).await));
        m.env.chain.ok(&[ix], &[&kp]).await;
        // the last replica dissents when k = 3
        let hash = |i: usize| if k == 3 && i == 2 { B } else { A };
        for i in 0..k as usize {
            let ix = mp_ix::commit_result(&m.pk(i), id, m.commit_of(i, hash(i), salt(i)));
            let kp = m.providers[i].kp.insecure_clone();
            figures.push((format!("k={k} commit_result"), m.env.chain.units(std::slice::from_ref(&ix), &[&kp]).await));
            m.env.chain.ok(&[ix], &[&kp]).await;
        }
        for i in 0..k as usize {
            let ix = mp_ix::reveal_result(&m.pk(i), id, hash(i), salt(i));
            let kp = m.providers[i].kp.insecure_clone();
            figures.push((format!("k={k} reveal_result"), m.env.chain.units(std::slice::from_ref(&ix), &[&kp]).await));
            m.env.chain.ok(&[ix], &[&kp]).await;
        }
        let ix = m.settle_ix(id).await;
        let label =
            if k == 3 { "k=3 settle (2 paid, 1 slashed)".to_string() } else { format!("k={k} settle (all paid)") };
        figures.push((label, m.env.chain.units(std::slice::from_ref(&ix), &[]).await));
        m.env.chain.ok(&[ix], &[]).await;
        if k == 2 {
            let d = revealed(&mut m, &[A, B]).await;
            m.settle(d).await.unwrap();
            let parties = m.parties(d).await;
            let arbiter = m.env.arbiter.insecure_clone();
            let ix = mp_ix::resolve_replicas(&arbiter.pubkey(), d, &m.user.token, &m.env.treasury.token, &parties, A);
            figures.push((
                "k=2 resolve_replicas (1 paid, 1 slashed)".to_string(),
                m.env.chain.units(std::slice::from_ref(&ix), &[&arbiter]).await,
            ));
        }
    }
    // a classic task's provider publishes on the task itself
    let mut m = market().await;
    let args = m.args(REWARD, COLLATERAL, DEADLINE).await;
    let id = m.create(args, None).await;
    m.accept(0, id).await.unwrap();
    let ix = mp_ix::publish_result(&m.pk(0), id, [0x1c; 32]);
    let kp = m.providers[0].kp.insecure_clone();
    figures.push(("classic publish_result".to_string(), m.env.chain.units(std::slice::from_ref(&ix), &[&kp]).await));
    figures.dedup_by(|a, b| a.0 == b.0 && a.1 == b.1);
    for (name, units) in &figures {
        assert!(*units < 200_000, "{name}: {units} CU");
    }
    if let Some(path) = std::env::var_os("CALCTRA_CU_OUT") {
        let space = 8 + <marketplace::Task as anchor_lang::Space>::INIT_SPACE;
        let mut text = format!("task account bytes\t{space}\n");
        text.extend(figures.iter().map(|(n, u)| format!("{n}\t{u}\n")));
        std::fs::write(path, text).unwrap();
    }
}
