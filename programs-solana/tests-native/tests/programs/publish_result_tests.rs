//! Result delivery (DESIGN §5.3, CONVENTIONS "Result delivery"): `publish_result(result_cid)` by the classic task's
//! provider or a replica, while the task is Assigned, Submitted, Disputed or Completed, a non-zero CID digest, latest
//! wins, not stopped by the pause, no funds move; every refusal by its canonical name, in the spec's order.
use calctra_solana_tests::event_log::events;
use calctra_solana_tests::ix::mp_ix;
use calctra_solana_tests::market::Market;
use calctra_solana_tests::ONE_CAL;
use marketplace::constants::*;
use marketplace::events::ResultPublished;
use marketplace::{TaskStatus, TASK_ACCOUNT_SPACE};
use solana_sdk::signature::Signer;

const REWARD: u64 = 30 * ONE_CAL;
const COLLATERAL: u64 = 50 * ONE_CAL;
const STAKE: u64 = 1_000 * ONE_CAL;
const DEADLINE: i64 = 3_600;
const CID_1: [u8; 32] = [0x1c; 32];
const CID_2: [u8; 32] = [0x2c; 32];
const ZERO: [u8; 32] = [0; 32];
const A: [u8; 32] = [0xaa; 32];

fn err<T>(name: &str) -> Result<T, String> {
    Err(name.to_string())
}

async fn market() -> Market {
    Market::new(4, STAKE, 1_000 * ONE_CAL).await
}

/// A classic fixed-reward task, accepted by provider 0 when `accept`.
async fn classic(m: &mut Market, accept: bool) -> u64 {
    let args = m.args(REWARD, COLLATERAL, DEADLINE).await;
    let id = m.create(args, None).await;
    if accept {
        m.accept(0, id).await.unwrap();
    }
    id
}

async fn publish(m: &mut Market, i: usize, id: u64, cid: [u8; 32]) -> Result<(), String> {
    let ix = mp_ix::publish_result(&m.pk(i), id, cid);
    m.send_as(i, ix).await
}

/// Provider `i`'s publish is refused with `name` and leaves the task account byte for byte as it was.
async fn refused(m: &mut Market, i: usize, id: u64, cid: [u8; 32], name: &str) {
    let before = m.task_bytes(id).await;
    assert_eq!(publish(m, i, id, cid).await, err(name));
    assert_eq!(m.task_bytes(id).await, before, "a refused publish changes nothing");
}

async fn submit(m: &mut Market, id: u64) {
    let ix = mp_ix::submit_result(&m.pk(0), id, [5u8; 32], vec![]);
    m.send_as(0, ix).await.unwrap();
}

#[tokio::test]
async fn a_classic_provider_publishes_while_assigned_and_again_after_completion_and_the_latest_wins() {
    let mut m = market().await;
    let id = classic(&mut m, true).await;
    assert_eq!(m.env.task(id).await.result_cid, ZERO);
    publish(&mut m, 0, id, CID_1).await.unwrap();
    assert_eq!(m.env.task(id).await.result_cid, CID_1);
    submit(&mut m, id).await;
    m.env.chain.advance(DEFAULT_CHALLENGE_PERIOD).await;
    let p = m.env.parties(id, &m.providers[0], &m.user, None);
    m.send_plain(mp_ix::finalize(&p), &[]).await.unwrap();
    assert_eq!(m.env.task(id).await.status, TaskStatus::Completed);
    publish(&mut m, 0, id, CID_2).await.unwrap();
    let t = m.env.task(id).await;
    assert_eq!(t.result_cid, CID_2);
    assert!(t.replica_records.iter().all(|r| r.result_cid == ZERO));
}

#[tokio::test]
async fn a_classic_provider_publishes_while_submitted_and_while_disputed() {
    let mut m = market().await;
    let id = classic(&mut m, true).await;
    submit(&mut m, id).await;
    publish(&mut m, 0, id, CID_1).await.unwrap();
    assert_eq!(m.env.task(id).await.result_cid, CID_1);
    let user = m.user.kp.insecure_clone();
    m.send_plain(mp_ix::dispute(&user.pubkey(), id), &[&user]).await.unwrap();
    assert_eq!(m.env.task(id).await.status, TaskStatus::Disputed);
    publish(&mut m, 0, id, CID_2).await.unwrap();
    assert_eq!(m.env.task(id).await.result_cid, CID_2);
}

#[tokio::test]
async fn each_replica_publishes_on_its_own_record_and_the_latest_wins() {
    let mut m = market().await;
    let id = m.replicated(2, REWARD, COLLATERAL, DEADLINE).await;
    m.accept(0, id).await.unwrap();
    m.accept(1, id).await.unwrap();
    publish(&mut m, 1, id, CID_1).await.unwrap();
    let t = m.env.task(id).await;
    assert_eq!((t.replica_records[0].result_cid, t.replica_records[1].result_cid), (ZERO, CID_1));
    assert_eq!(t.result_cid, ZERO, "a replicated task's own field stays zero");
    publish(&mut m, 1, id, CID_2).await.unwrap();
    publish(&mut m, 0, id, CID_1).await.unwrap();
    let t = m.env.task(id).await;
    assert_eq!((t.replica_records[0].result_cid, t.replica_records[1].result_cid), (CID_1, CID_2));
    // and after settlement (Completed)
    for i in 0..2 {
        m.commit_ok(i, id, A, [i as u8 + 1; 32]).await;
    }
    for i in 0..2 {
        m.reveal(i, id, A, [i as u8 + 1; 32]).await.unwrap();
    }
    m.settle(id).await.unwrap();
    assert_eq!(m.env.task(id).await.status, TaskStatus::Completed);
    publish(&mut m, 0, id, CID_2).await.unwrap();
    assert_eq!(m.env.task(id).await.replica_records[0].result_cid, CID_2);
}

#[tokio::test]
async fn publish_result_emits_result_published_with_the_task_the_provider_and_the_cid() {
    let mut m = market().await;
    let id = classic(&mut m, true).await;
    let kp = m.providers[0].kp.insecure_clone();
    let logs = m.env.chain.ok_logs(&[mp_ix::publish_result(&m.pk(0), id, CID_1)], &[&kp]).await;
    let emitted = events::<ResultPublished>(&logs);
    assert_eq!(emitted.len(), 1, "{logs:?}");
    assert_eq!((emitted[0].task_id, emitted[0].provider, emitted[0].result_cid), (id, m.pk(0), CID_1));

    let r = m.replicated(1, REWARD, COLLATERAL, DEADLINE).await;
    m.accept(2, r).await.unwrap();
    let kp = m.providers[2].kp.insecure_clone();
    let logs = m.env.chain.ok_logs(&[mp_ix::publish_result(&m.pk(2), r, CID_2)], &[&kp]).await;
    let emitted = events::<ResultPublished>(&logs);
    assert_eq!(emitted.len(), 1, "{logs:?}");
    assert_eq!((emitted[0].task_id, emitted[0].provider, emitted[0].result_cid), (r, m.pk(2), CID_2));
}

#[tokio::test]
async fn an_unknown_task_is_refused_first_as_the_missing_task_account() {
    let mut m = market().await;
    let id = classic(&mut m, true).await;
    // No task account at the PDA: Anchor's AccountNotInitialized on `task`, which the SDK reads as
    // MarketplaceTaskNotFound — before the caller, status and CID checks (a stranger, a zero CID).
    assert_eq!(publish(&mut m, 3, id + 1, ZERO).await, err("AccountNotInitialized"));
}

#[tokio::test]
async fn a_stranger_is_not_the_task_provider_and_the_caller_is_checked_before_status_and_cid() {
    let mut m = market().await;
    let id = classic(&mut m, true).await;
    refused(&mut m, 1, id, CID_1, "MarketplaceNotTaskProvider").await;
    refused(&mut m, 1, id, ZERO, "MarketplaceNotTaskProvider").await;
    // a wallet that is no provider at all
    let stranger = m.env.chain.new_user().await;
    let ix = mp_ix::publish_result(&stranger.pubkey(), id, CID_1);
    assert_eq!(m.send_plain(ix, &[&stranger]).await, err("MarketplaceNotTaskProvider"));
    // the user of the task is not its provider either
    let user = m.user.kp.insecure_clone();
    let ix = mp_ix::publish_result(&user.pubkey(), id, CID_1);
    assert_eq!(m.send_plain(ix, &[&user]).await, err("MarketplaceNotTaskProvider"));
    // on a replicated task, only its replicas
    let r = m.replicated(2, REWARD, COLLATERAL, DEADLINE).await;
    m.accept(0, r).await.unwrap();
    refused(&mut m, 1, r, CID_1, "MarketplaceNotTaskProvider").await;
}

#[tokio::test]
async fn a_zero_cid_is_refused_after_the_caller_and_status_checks() {
    let mut m = market().await;
    let id = classic(&mut m, true).await;
    refused(&mut m, 0, id, ZERO, "MarketplaceInvalidResultCid").await;
    publish(&mut m, 0, id, CID_1).await.unwrap();
    // zero never clears a published CID
    refused(&mut m, 0, id, ZERO, "MarketplaceInvalidResultCid").await;
    assert_eq!(m.env.task(id).await.result_cid, CID_1);
    let r = m.replicated(1, REWARD, COLLATERAL, DEADLINE).await;
    m.accept(1, r).await.unwrap();
    refused(&mut m, 1, r, ZERO, "MarketplaceInvalidResultCid").await;
}

#[tokio::test]
async fn open_and_cancelled_tasks_have_no_provider_to_publish() {
    let mut m = market().await;
    let open = classic(&mut m, false).await;
    refused(&mut m, 0, open, CID_1, "MarketplaceNotTaskProvider").await;
    let user = m.user.kp.insecure_clone();
    m.send_plain(mp_ix::cancel_task(&user.pubkey(), open, &m.user.token), &[&user]).await.unwrap();
    assert_eq!(m.env.task(open).await.status, TaskStatus::Cancelled);
    refused(&mut m, 0, open, CID_1, "MarketplaceNotTaskProvider").await;
    // a replicated task still Open (no replica yet)
    let r = m.replicated(2, REWARD, COLLATERAL, DEADLINE).await;
    refused(&mut m, 0, r, CID_1, "MarketplaceNotTaskProvider").await;
}

#[tokio::test]
async fn a_refunded_task_refuses_its_own_provider_on_status_before_the_cid() {
    let mut m = market().await;
    let start = m.env.chain.now().await;
    let id = classic(&mut m, true).await;
    m.env.chain.set_time(start + DEADLINE + 1);
    let p = m.env.parties(id, &m.providers[0], &m.user, None);
    m.send_plain(mp_ix::expire(&p), &[]).await.unwrap();
    assert_eq!(m.env.task(id).await.status, TaskStatus::Refunded);
    refused(&mut m, 0, id, CID_1, "MarketplaceTaskNotAssigned").await;
    refused(&mut m, 0, id, ZERO, "MarketplaceTaskNotAssigned").await;
    refused(&mut m, 1, id, ZERO, "MarketplaceNotTaskProvider").await;
    // a replicated task without a majority (Disputed: its replicas publish), then resolved with no winner (Refunded)
    let d = m.replicated(2, REWARD, COLLATERAL, DEADLINE).await;
    m.accept(0, d).await.unwrap();
    m.accept(1, d).await.unwrap();
    m.commit_ok(0, d, A, [1; 32]).await;
    m.commit_ok(1, d, [0xbb; 32], [2; 32]).await;
    m.reveal(0, d, A, [1; 32]).await.unwrap();
    m.reveal(1, d, [0xbb; 32], [2; 32]).await.unwrap();
    m.settle(d).await.unwrap();
    assert_eq!(m.env.task(d).await.status, TaskStatus::Disputed);
    publish(&mut m, 1, d, CID_1).await.unwrap();
    m.resolve_replicas(d, ZERO).await.unwrap();
    assert_eq!(m.env.task(d).await.status, TaskStatus::Refunded);
    refused(&mut m, 1, d, CID_2, "MarketplaceTaskNotAssigned").await;
    assert_eq!(m.env.task(d).await.replica_records[1].result_cid, CID_1);
}

#[tokio::test]
async fn publishing_is_allowed_while_the_marketplace_is_paused() {
    let mut m = market().await;
    let id = classic(&mut m, true).await;
    let r = m.replicated(1, REWARD, COLLATERAL, DEADLINE).await;
    m.accept(1, r).await.unwrap();
    let pauser = m.env.pauser.insecure_clone();
    m.send_plain(mp_ix::pause(&pauser.pubkey()), &[&pauser]).await.unwrap();
    assert!(m.env.mp_config().await.paused);
    assert_eq!(m.accept(2, r).await, err("EnforcedPause"));
    publish(&mut m, 0, id, CID_1).await.unwrap();
    publish(&mut m, 1, r, CID_2).await.unwrap();
    assert_eq!(m.env.task(id).await.result_cid, CID_1);
    assert_eq!(m.env.task(r).await.replica_records[0].result_cid, CID_2);
    // the checks still apply while paused
    refused(&mut m, 2, id, CID_1, "MarketplaceNotTaskProvider").await;
    refused(&mut m, 0, id, ZERO, "MarketplaceInvalidResultCid").await;
}

#[tokio::test]
async fn publishing_moves_no_funds() {
    let mut m = market().await;
    let id = classic(&mut m, true).await;
    let r = m.replicated(2, REWARD, COLLATERAL, DEADLINE).await;
    m.accept(1, r).await.unwrap();
    m.accept(2, r).await.unwrap();
    let mut tokens =
        vec![m.user.token, m.env.treasury.token, mp_ix::escrow(), calctra_solana_tests::ix::staking_ix::vault()];
    tokens.extend(m.providers.iter().map(|p| p.token));
    let mut before = vec![];
    for t in &tokens {
        before.push(m.env.chain.balance(t).await);
    }
    let mut records = vec![];
    for i in 0..m.providers.len() {
        let pk = m.pk(i);
        let rec = m.env.provider_record(&pk).await;
        records.push((rec.staked, rec.locked, rec.completed, rec.failed));
    }
    let task_lamports = m.env.chain.ctx.banks_client.get_balance(mp_ix::task(id)).await.unwrap();
    publish(&mut m, 0, id, CID_1).await.unwrap();
    publish(&mut m, 1, r, CID_1).await.unwrap();
    publish(&mut m, 2, r, CID_2).await.unwrap();
    for (t, b) in tokens.iter().zip(&before) {
        assert_eq!(m.env.chain.balance(t).await, *b);
    }
    for (i, b) in records.iter().enumerate() {
        let pk = m.pk(i);
        let rec = m.env.provider_record(&pk).await;
        assert_eq!((rec.staked, rec.locked, rec.completed, rec.failed), *b);
    }
    assert_eq!(m.env.chain.ctx.banks_client.get_balance(mp_ix::task(id)).await.unwrap(), task_lamports);
    let (t, rt) = (m.env.task(id).await, m.env.task(r).await);
    assert_eq!((t.status, rt.status), (TaskStatus::Assigned, TaskStatus::Assigned));
    assert_eq!(m.assert_conservation().await, 2 * REWARD);
    m.assert_supply_held().await;
}

#[test]
fn a_task_account_holds_a_result_cid_on_the_task_and_on_each_replica_record() {
    // 8 discriminator + the task (classic fields, offer terms, locked price, reveal_end) + 3 replica records of
    // 137 bytes (provider 32, price 8, state 1, commit 32, result_hash 32, result_cid 32) + the task's result_cid 32.
    assert_eq!(<marketplace::ReplicaRecord as anchor_lang::Space>::INIT_SPACE, 137);
    assert_eq!(TASK_ACCOUNT_SPACE, 8 + <marketplace::Task as anchor_lang::Space>::INIT_SPACE);
    assert_eq!(TASK_ACCOUNT_SPACE, 721);
}
