//! Offers (DESIGN §5.1): terms checked at create_task, the price locked at accept, the classic payout of the locked
//! price with `reward - price` back to the user, accepting refused after the lock deadline.
use calctra_solana_tests::ix::mp_ix;
use calctra_solana_tests::market::{offer, Market};
use calctra_solana_tests::ONE_CAL;
use marketplace::constants::*;
use marketplace::math::{offer_price, payout_split};
use marketplace::TaskStatus;
use solana_sdk::signature::Signer;

const REWARD: u64 = 30 * ONE_CAL;
const MIN: u64 = 10 * ONE_CAL;
const COLLATERAL: u64 = 50 * ONE_CAL;
const STAKE: u64 = 1_000 * ONE_CAL;

async fn market() -> Market {
    Market::new(2, STAKE, 1_000 * ONE_CAL).await
}

/// A classic offer ramping MIN → REWARD over 700 s from now, lock deadline in 1800 s, deadline in 3600 s.
async fn classic_offer(m: &mut Market) -> u64 {
    let now = m.env.chain.now().await;
    let args = m.args(REWARD, COLLATERAL, 3_600).await;
    m.create(args, Some(offer(MIN, now, 700, now + 1_800, 0))).await
}

#[tokio::test]
async fn create_task_without_offer_terms_is_a_fixed_reward_classic_task() {
    let mut m = market().await;
    let now = m.env.chain.now().await;
    let args = m.args(REWARD, COLLATERAL, 3_600).await;
    let id = m.create(args.clone(), None).await;
    let t = m.env.task(id).await;
    assert_eq!((t.min_reward, t.reward, t.ramp_start, t.ramp_duration), (REWARD, REWARD, now as u64, 0));
    assert_eq!((t.lock_deadline, t.replicas, t.price, t.reveal_end), (args.deadline as u64, 0, 0, 0));
    assert!(t.accepted().is_empty());
}

#[tokio::test]
async fn an_offer_accepted_mid_ramp_locks_that_price_and_refunds_the_rest_at_finalize() {
    let mut m = market().await;
    let start = m.env.chain.now().await;
    let id = classic_offer(&mut m).await;
    let t = m.env.task(id).await;
    assert_eq!((t.min_reward, t.reward, t.ramp_duration, t.replicas), (MIN, REWARD, 700, 0));
    let user_before = m.env.chain.balance(&m.user.token.clone()).await;

    m.env.chain.set_time(start + 100);
    m.accept(0, id).await.unwrap();
    let price = offer_price(MIN, REWARD, start as u64, 700, start as u64 + 100);
    assert_eq!(price, 12_857_142_857);
    let t = m.env.task(id).await;
    assert_eq!((t.status, t.price, t.provider), (TaskStatus::Assigned, price, m.pk(0)));

    let ix = mp_ix::submit_result(&m.pk(0), id, [5u8; 32], vec![]);
    m.send_as(0, ix).await.unwrap();
    m.env.chain.advance(DEFAULT_CHALLENGE_PERIOD).await;
    let p = m.env.parties(id, &m.providers[0], &m.user, None);
    let provider_before = m.env.chain.balance(&p.provider_token).await;
    m.send_plain(mp_ix::finalize(&p), &[]).await.unwrap();

    let (to_p, to_t, _) = payout_split(price, DEFAULT_TREASURY_BPS, DEFAULT_CREATOR_BPS, false).unwrap();
    assert_eq!(m.env.chain.balance(&p.provider_token).await, provider_before + to_p);
    assert_eq!(m.env.chain.balance(&m.env.treasury.token.clone()).await, to_t);
    assert_eq!(m.env.chain.balance(&m.user.token.clone()).await, user_before + REWARD - price);
    assert_eq!(m.assert_conservation().await, 0);
}

#[tokio::test]
async fn finalize_of_a_ramped_offer_needs_the_user_token_account_for_the_refund() {
    let mut m = market().await;
    let start = m.env.chain.now().await;
    let id = classic_offer(&mut m).await;
    m.env.chain.set_time(start + 100);
    m.accept(0, id).await.unwrap();
    let ix = mp_ix::submit_result(&m.pk(0), id, [5u8; 32], vec![]);
    m.send_as(0, ix).await.unwrap();
    m.env.chain.advance(DEFAULT_CHALLENGE_PERIOD).await;
    let p = m.env.parties(id, &m.providers[0], &m.user, None);
    let mut ix = mp_ix::finalize(&p);
    ix.accounts.pop(); // no user token account
    assert_eq!(m.send_plain(ix, &[]).await, Err("AccountNotEnoughKeys".to_string()));
    // someone else's token account is refused by the account constraint
    let mut q = p;
    q.user_token = m.providers[1].token;
    assert_eq!(m.send_plain(mp_ix::finalize(&q), &[]).await, Err("ConstraintTokenOwner".to_string()));
}

#[tokio::test]
async fn resolve_in_the_providers_favour_pays_the_locked_price_and_refunds_the_rest() {
    let mut m = market().await;
    let start = m.env.chain.now().await;
    let id = classic_offer(&mut m).await;
    let user_before = m.env.chain.balance(&m.user.token.clone()).await;
    m.env.chain.set_time(start + 350);
    m.accept(0, id).await.unwrap();
    let price = m.env.task(id).await.price;
    assert_eq!(price, 20 * ONE_CAL);
    let ix = mp_ix::submit_result(&m.pk(0), id, [5u8; 32], vec![]);
    m.send_as(0, ix).await.unwrap();
    let user = m.user.kp.insecure_clone();
    m.send_plain(mp_ix::dispute(&user.pubkey(), id), &[&user]).await.unwrap();
    let arbiter = m.env.arbiter.insecure_clone();
    let p = m.env.parties(id, &m.providers[0], &m.user, None);
    m.send_plain(mp_ix::resolve(&arbiter.pubkey(), &p, false), &[&arbiter]).await.unwrap();
    assert_eq!(m.env.chain.balance(&m.user.token.clone()).await, user_before + REWARD - price);
    assert_eq!(m.env.task(id).await.status, TaskStatus::Completed);
    assert_eq!(m.assert_conservation().await, 0);
}

#[tokio::test]
async fn expiry_and_cancel_of_an_offer_refund_the_whole_reward() {
    let mut m = market().await;
    let start = m.env.chain.now().await;
    let user_before = m.env.chain.balance(&m.user.token.clone()).await;
    let cancelled = classic_offer(&mut m).await;
    let user = m.user.kp.insecure_clone();
    let ix = mp_ix::cancel_task(&user.pubkey(), cancelled, &m.user.token);
    m.send_plain(ix, &[&user]).await.unwrap();
    assert_eq!(m.env.chain.balance(&m.user.token.clone()).await, user_before);

    let id = classic_offer(&mut m).await;
    m.env.chain.set_time(start + 100);
    m.accept(0, id).await.unwrap();
    m.env.chain.set_time(start + 3_601);
    let p = m.env.parties(id, &m.providers[0], &m.user, None);
    m.send_plain(mp_ix::expire(&p), &[]).await.unwrap();
    let (_, to_user, ..) = staking::math::slash_split(COLLATERAL, DEFAULT_SLASH_BPS).unwrap();
    assert_eq!(m.env.chain.balance(&m.user.token.clone()).await, user_before + to_user);
    assert_eq!(m.assert_conservation().await, 0);
}

#[tokio::test]
async fn accepting_after_the_lock_deadline_is_refused_but_at_it_is_allowed() {
    let mut m = market().await;
    let start = m.env.chain.now().await;
    let id = classic_offer(&mut m).await;
    let id2 = classic_offer(&mut m).await;
    m.env.chain.set_time(start + 1_800);
    m.accept(0, id2).await.unwrap();
    assert_eq!(m.env.task(id2).await.price, REWARD);
    m.env.chain.set_time(start + 1_801);
    let before = m.task_bytes(id).await;
    assert_eq!(m.accept(1, id).await, Err("MarketplaceLockDeadlinePassed".to_string()));
    assert_eq!(m.task_bytes(id).await, before);
}

#[tokio::test]
async fn invalid_offer_terms_are_refused_with_their_names_in_order() {
    let mut m = market().await;
    let now = m.env.chain.now().await;
    let args = m.args(REWARD, COLLATERAL, 3_600).await;
    let deadline = args.deadline;
    let cases = [
        (offer(0, now, 0, deadline, 0), "MarketplaceZeroReward"),
        (offer(REWARD + 1, now, 0, deadline, 0), "MarketplaceInvalidOffer"),
        (offer(MIN, (1i64 << 32) - 100, 100, deadline, 0), "MarketplaceInvalidOffer"),
        (offer(MIN, 0, u64::MAX, deadline, 0), "MarketplaceInvalidOffer"),
        (offer(MIN, now, 10, now - 1, 0), "MarketplaceInvalidLockDeadline"),
        (offer(MIN, now, 10, deadline + 1, 0), "MarketplaceInvalidLockDeadline"),
        (offer(MIN, now, 10, deadline, 4), "MarketplaceInvalidReplicas"),
        // the first failing check names the error: a zero minimum before bad replicas
        (offer(0, now, 10, deadline + 1, 9), "MarketplaceZeroReward"),
        (offer(REWARD + 1, now, 10, deadline + 1, 9), "MarketplaceInvalidOffer"),
    ];
    for (terms, expected) in cases {
        let ix = m.create_ix(1, args.clone(), Some(terms));
        let user = m.user.kp.insecure_clone();
        assert_eq!(m.send_plain(ix, &[&user]).await, Err(expected.to_string()), "{terms:?}");
    }
    // the task's own checks come first
    let ix =
        m.create_ix(1, marketplace::CreateTaskArgs { reward: 0, ..args.clone() }, Some(offer(0, now, 0, deadline, 9)));
    let user = m.user.kp.insecure_clone();
    assert_eq!(m.send_plain(ix, &[&user]).await, Err("MarketplaceZeroReward".to_string()));
    // edge values are accepted: min == max, a ramp ending at 2^32 - 1, lock deadline == now, 3 replicas
    let id = m.create(args.clone(), Some(offer(REWARD, (1i64 << 32) - 101, 100, now, 3))).await;
    let t = m.env.task(id).await;
    assert_eq!((t.min_reward, t.lock_deadline, t.replicas), (REWARD, now as u64, 3));
    assert_eq!(m.assert_conservation().await, REWARD);
}

#[tokio::test]
async fn the_reveal_period_is_governed_parameter_7_within_its_bounds() {
    let mut m = market().await;
    assert_eq!(m.env.mp_config().await.reveal_period, DEFAULT_REVEAL_PERIOD);
    assert_eq!(DEFAULT_REVEAL_PERIOD, 86_400);
    let admin = m.env.admin.insecure_clone();
    for bad in [599u64, 604_801, u64::MAX] {
        let ix = mp_ix::set_parameter(&admin.pubkey(), PARAM_REVEAL_PERIOD, bad);
        assert_eq!(m.send_plain(ix, &[&admin]).await, Err("MarketplaceParameterOutOfBounds".to_string()));
    }
    for good in [600u64, 604_800] {
        let ix = mp_ix::set_parameter(&admin.pubkey(), PARAM_REVEAL_PERIOD, good);
        m.send_plain(ix, &[&admin]).await.unwrap();
        assert_eq!(m.env.mp_config().await.reveal_period, good as i64);
    }
    let stranger = m.providers[0].kp.insecure_clone();
    let ix = mp_ix::set_parameter(&stranger.pubkey(), PARAM_REVEAL_PERIOD, 600);
    assert_eq!(m.send_plain(ix, &[&stranger]).await, Err("GovernorOnlyExecutor".to_string()));
}
