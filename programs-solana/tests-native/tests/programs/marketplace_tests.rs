use anchor_lang::error::ErrorCode as AnchorErr;
use calctra_solana_tests::env::{Actor, Env, SPEC_HASH};
use calctra_solana_tests::ix::{mp_ix, staking_ix};
use calctra_solana_tests::{anchor_code, code, ONE_CAL};
use marketplace::constants::*;
use marketplace::errors::MarketplaceError as M;
use marketplace::TaskStatus;
use solana_sdk::signature::{Keypair, Signer};
use staking::errors::StakingError as S;

const STAKE: u64 = 200 * ONE_CAL;
const REWARD: u64 = 10 * ONE_CAL + 7;
const COLLATERAL: u64 = 50 * ONE_CAL + 3;

struct World {
    env: Env,
    user: Actor,
    provider: Actor,
}

async fn world() -> World {
    let mut env = Env::new().await;
    let user = env.actor(1_000 * ONE_CAL).await;
    let provider = env.provider(STAKE).await;
    World { env, user, provider }
}

impl World {
    async fn open_task(&mut self) -> u64 {
        let args = self.env.task_args(REWARD, COLLATERAL).await;
        self.env.create_task(&self.user, args).await
    }

    async fn assigned_task(&mut self) -> u64 {
        let id = self.open_task().await;
        self.env.chain.ok(&[mp_ix::accept_task(&self.provider.key(), id)], &[&self.provider.kp]).await;
        id
    }

    async fn submitted_task(&mut self) -> u64 {
        let id = self.assigned_task().await;
        let pk = self.provider.key();
        self.env.chain.ok(&[mp_ix::submit_result(&pk, id, [5u8; 32], vec![])], &[&self.provider.kp]).await;
        id
    }

    async fn disputed_task(&mut self) -> u64 {
        let id = self.submitted_task().await;
        self.env.chain.ok(&[mp_ix::dispute(&self.user.key(), id)], &[&self.user.kp]).await;
        id
    }

    /// A task naming a model creator (a new wallet, returned), its result submitted and its
    /// challenge period over.
    async fn creator_task_past_challenge(&mut self) -> (Actor, u64) {
        let creator = self.env.actor(0).await;
        let mut args = self.env.task_args(REWARD, COLLATERAL).await;
        args.model_creator = Some(creator.key());
        let id = self.env.create_task(&self.user, args).await;
        let pk = self.provider.key();
        self.env.chain.ok(&[mp_ix::accept_task(&pk, id)], &[&self.provider.kp]).await;
        self.env.chain.ok(&[mp_ix::submit_result(&pk, id, [5u8; 32], vec![])], &[&self.provider.kp]).await;
        self.env.chain.advance(DEFAULT_CHALLENGE_PERIOD).await;
        (creator, id)
    }

    fn parties(&self, id: u64) -> mp_ix::Parties {
        self.env.parties(id, &self.provider, &self.user, None)
    }
}

fn split(reward: u64, creator: bool) -> (u64, u64, u64) {
    marketplace::math::payout_split(reward, DEFAULT_TREASURY_BPS, DEFAULT_CREATOR_BPS, creator).unwrap()
}

// ------------------------------------------------------------------ createTask / cancelTask

#[tokio::test]
async fn create_task_escrows_the_reward_with_sequential_ids_from_1() {
    let mut w = world().await;
    let before = w.env.chain.balance(&w.user.token).await;
    let a = w.open_task().await;
    let b = w.open_task().await;
    assert_eq!((a, b), (1, 2));
    assert_eq!(w.env.escrow_balance().await, 2 * REWARD);
    assert_eq!(w.env.chain.balance(&w.user.token).await, before - 2 * REWARD);
    let t = w.env.task(1).await;
    assert_eq!(t.id, 1);
    assert_eq!(t.user, w.user.key());
    assert_eq!(t.spec_hash, SPEC_HASH);
    assert_eq!((t.reward, t.collateral, t.verifier_id), (REWARD, COLLATERAL, 0));
    assert_eq!(t.status, TaskStatus::Open);
    assert_eq!(t.status as u8, 1);
}

#[tokio::test]
async fn create_task_validates_its_arguments() {
    let mut w = world().await;
    let now = w.env.chain.now().await;
    let base = w.env.task_args(REWARD, COLLATERAL).await;
    let mut bad_spec = SPEC_HASH;
    bad_spec[0] = 1; // = 2^248 + ...
    let cases = vec![
        (marketplace::CreateTaskArgs { reward: 0, ..base.clone() }, M::MarketplaceZeroReward),
        (marketplace::CreateTaskArgs { deadline: now, ..base.clone() }, M::MarketplaceInvalidDeadline),
        (marketplace::CreateTaskArgs { spec_hash: bad_spec, ..base.clone() }, M::MarketplaceFieldElementOutOfRange),
        (
            marketplace::CreateTaskArgs { min_reputation_bps: 10_001, ..base.clone() },
            M::MarketplaceParameterOutOfBounds,
        ),
        (
            marketplace::CreateTaskArgs { model_creator: Some(Default::default()), ..base.clone() },
            M::MarketplaceZeroAddress,
        ),
        (marketplace::CreateTaskArgs { verifier_id: 42, ..base.clone() }, M::MarketplaceUnknownVerifier),
    ];
    for (args, err) in cases {
        let c = w.env.chain.fail(&[mp_ix::create_task(&w.user.key(), &w.user.token, 1, args)], &[&w.user.kp]).await;
        assert_eq!(c, code(err), "{err:?}");
    }
    assert_eq!(w.env.escrow_balance().await, 0);
    assert_eq!(w.env.mp_config().await.next_task_id, 1);
}

#[tokio::test]
async fn cancel_task_refunds_the_user_in_full() {
    let mut w = world().await;
    let before = w.env.chain.balance(&w.user.token).await;
    let id = w.open_task().await;
    w.env.chain.ok(&[mp_ix::cancel_task(&w.user.key(), id, &w.user.token)], &[&w.user.kp]).await;
    assert_eq!(w.env.chain.balance(&w.user.token).await, before);
    assert_eq!(w.env.escrow_balance().await, 0);
    assert_eq!(w.env.task(id).await.status, TaskStatus::Cancelled);
    let c = w.env.chain.fail(&[mp_ix::cancel_task(&w.user.key(), id, &w.user.token)], &[&w.user.kp]).await;
    assert_eq!(c, code(M::MarketplaceTaskNotOpen));
}

#[tokio::test]
async fn only_the_task_user_can_cancel() {
    let mut w = world().await;
    let id = w.open_task().await;
    let other = w.env.actor(0).await;
    let c = w.env.chain.fail(&[mp_ix::cancel_task(&other.key(), id, &w.user.token)], &[&other.kp]).await;
    assert_eq!(c, code(M::MarketplaceNotTaskUser));
}

#[tokio::test]
async fn a_missing_task_account_is_reported_as_not_initialized() {
    // Anchor checks account existence before the handler runs: the SDK maps this to
    // MarketplaceTaskNotFound for the task account.
    let mut w = world().await;
    let c = w.env.chain.fail(&[mp_ix::cancel_task(&w.user.key(), 99, &w.user.token)], &[&w.user.kp]).await;
    assert_eq!(c, anchor_code(AnchorErr::AccountNotInitialized));
}

// ------------------------------------------------------------------ acceptTask

#[tokio::test]
async fn accept_task_assigns_and_locks_collateral_which_cannot_be_unstaked() {
    let mut w = world().await;
    let id = w.assigned_task().await;
    let t = w.env.task(id).await;
    assert_eq!((t.status, t.provider), (TaskStatus::Assigned, w.provider.key()));
    let rec = w.env.provider_record(&w.provider.key()).await;
    assert_eq!(rec.locked, COLLATERAL);
    let c = w.env.chain.fail(&[staking_ix::request_unstake(&w.provider.key(), STAKE)], &[&w.provider.kp]).await;
    assert_eq!(c, code(S::StakingInsufficientFreeStake));
    w.env.chain.ok(&[staking_ix::request_unstake(&w.provider.key(), STAKE - COLLATERAL)], &[&w.provider.kp]).await;
    let c = w.env.chain.fail(&[mp_ix::accept_task(&w.provider.key(), id)], &[&w.provider.kp]).await;
    assert_eq!(c, code(M::MarketplaceTaskNotOpen));
}

#[tokio::test]
async fn accept_task_requires_a_registered_provider() {
    let mut w = world().await;
    let id = w.open_task().await;
    let stranger = w.env.actor(0).await;
    let c = w.env.chain.fail(&[mp_ix::accept_task(&stranger.key(), id)], &[&stranger.kp]).await;
    assert_eq!(c, code(S::StakingNotRegistered));
}

#[tokio::test]
async fn accept_task_requires_min_stake_free_collateral_and_reputation() {
    let mut w = world().await;
    let id = w.open_task().await;
    let small = w.env.provider(DEFAULT_MIN_STAKE_CAL - 1).await;
    let c = w.env.chain.fail(&[mp_ix::accept_task(&small.key(), id)], &[&small.kp]).await;
    assert_eq!(c, code(M::MarketplaceStakeBelowMinimum));

    let mut args = w.env.task_args(REWARD, STAKE + 1).await;
    let big = w.env.create_task(&w.user, args.clone()).await;
    let c = w.env.chain.fail(&[mp_ix::accept_task(&w.provider.key(), big)], &[&w.provider.kp]).await;
    assert_eq!(c, code(S::StakingInsufficientFreeStake));

    args.collateral = COLLATERAL;
    args.min_reputation_bps = 5001;
    let picky = w.env.create_task(&w.user, args).await;
    let c = w.env.chain.fail(&[mp_ix::accept_task(&w.provider.key(), picky)], &[&w.provider.kp]).await;
    assert_eq!(c, code(M::MarketplaceReputationTooLow));
}

const DEFAULT_MIN_STAKE_CAL: u64 = staking::constants::DEFAULT_MIN_STAKE;

#[tokio::test]
async fn accept_task_after_the_deadline_fails_as_after_the_lock_deadline() {
    // Without offer terms the lock deadline is the deadline; marketplace v2 refuses with LockDeadlinePassed.
    let mut w = world().await;
    let id = w.open_task().await;
    w.env.chain.advance(3_601).await;
    let c = w.env.chain.fail(&[mp_ix::accept_task(&w.provider.key(), id)], &[&w.provider.kp]).await;
    assert_eq!(c, code(M::MarketplaceLockDeadlinePassed));
}

// ------------------------------------------------------------------ submitResult (optimistic) / finalize

#[tokio::test]
async fn optimistic_submit_then_finalize_pays_80_15_5_and_unlocks() {
    let mut w = world().await;
    let id = w.submitted_task().await;
    let t = w.env.task(id).await;
    assert_eq!(t.status, TaskStatus::Submitted);
    assert_eq!(t.result_commitment, [5u8; 32]);
    let now = w.env.chain.now().await;
    assert_eq!(t.challenge_ends_at, now + DEFAULT_CHALLENGE_PERIOD);

    w.env.chain.advance(DEFAULT_CHALLENGE_PERIOD - 1).await;
    let p = w.parties(id);
    let c = w.env.chain.fail(&[mp_ix::finalize(&p)], &[]).await;
    assert_eq!(c, code(M::MarketplaceChallengePeriodActive));
    w.env.chain.advance(1).await;

    let prov_before = w.env.chain.balance(&w.provider.token).await;
    w.env.chain.ok(&[mp_ix::finalize(&p)], &[]).await;
    let (to_p, to_t, to_c) = split(REWARD, false);
    assert_eq!(to_c, 0);
    assert_eq!(w.env.chain.balance(&w.provider.token).await, prov_before + to_p);
    assert_eq!(w.env.chain.balance(&w.env.treasury.token).await, to_t);
    assert_eq!(w.env.escrow_balance().await, 0);
    assert_eq!(w.env.task(id).await.status, TaskStatus::Completed);
    let rec = w.env.provider_record(&w.provider.key()).await;
    assert_eq!((rec.locked, rec.completed, rec.failed, rec.staked), (0, 1, 0, STAKE));
    assert_eq!(rec.score_bps(), 6666);

    let c = w.env.chain.fail(&[mp_ix::finalize(&p)], &[]).await;
    assert_eq!(c, code(M::MarketplaceTaskNotSubmitted));
}

#[tokio::test]
async fn payout_with_a_model_creator_sends_the_creator_share() {
    let mut w = world().await;
    let (creator, id) = w.creator_task_past_challenge().await;
    let prov_before = w.env.chain.balance(&w.provider.token).await;
    let p = w.env.parties(id, &w.provider, &w.user, Some(&creator));
    w.env.chain.ok(&[mp_ix::finalize(&p)], &[]).await;
    let (to_p, to_t, to_c) = split(REWARD, true);
    assert!(to_c > 0);
    assert_eq!(w.env.chain.balance(&w.provider.token).await, prov_before + to_p);
    assert_eq!(w.env.chain.balance(&w.env.treasury.token).await, to_t);
    assert_eq!(w.env.chain.balance(&creator.token).await, to_c);
}

#[tokio::test]
async fn submit_result_checks_caller_state_proof_deadline_and_range() {
    let mut w = world().await;
    let open = w.open_task().await;
    let pk = w.provider.key();
    let c = w.env.chain.fail(&[mp_ix::submit_result(&pk, open, [5u8; 32], vec![])], &[&w.provider.kp]).await;
    assert_eq!(c, code(M::MarketplaceNotTaskProvider)); // nobody assigned yet

    let id = w.assigned_task().await;
    let other = w.env.actor(0).await;
    let c = w.env.chain.fail(&[mp_ix::submit_result(&other.key(), id, [5u8; 32], vec![])], &[&other.kp]).await;
    assert_eq!(c, code(M::MarketplaceNotTaskProvider));
    let c = w.env.chain.fail(&[mp_ix::submit_result(&pk, id, [5u8; 32], vec![1, 2, 3])], &[&w.provider.kp]).await;
    assert_eq!(c, code(M::MarketplaceUnexpectedProof));
    let c = w.env.chain.fail(&[mp_ix::submit_result(&pk, id, BN254_R, vec![])], &[&w.provider.kp]).await;
    assert_eq!(c, code(M::MarketplaceFieldElementOutOfRange));
    let mut r_minus_1 = BN254_R;
    r_minus_1[31] -= 1;
    w.env.chain.ok(&[mp_ix::submit_result(&pk, id, r_minus_1, vec![])], &[&w.provider.kp]).await;
    let c = w.env.chain.fail(&[mp_ix::submit_result(&pk, id, [5u8; 32], vec![])], &[&w.provider.kp]).await;
    assert_eq!(c, code(M::MarketplaceTaskNotAssigned));

    let late = w.assigned_task().await;
    w.env.chain.advance(3_601).await;
    let c = w.env.chain.fail(&[mp_ix::submit_result(&pk, late, [5u8; 32], vec![])], &[&w.provider.kp]).await;
    assert_eq!(c, code(M::MarketplaceDeadlinePassed));
}

#[tokio::test]
async fn submit_result_at_exactly_the_deadline_is_accepted() {
    let mut w = world().await;
    let id = w.assigned_task().await;
    let deadline = w.env.task(id).await.deadline;
    w.env.chain.set_time(deadline);
    w.env.chain.ok(&[mp_ix::submit_result(&w.provider.key(), id, [5u8; 32], vec![])], &[&w.provider.kp]).await;
    assert_eq!(w.env.task(id).await.status, TaskStatus::Submitted);
}

// ------------------------------------------------------------------ dispute / resolve

#[tokio::test]
async fn dispute_is_for_the_user_within_the_challenge_window() {
    let mut w = world().await;
    let open = w.open_task().await;
    let c = w.env.chain.fail(&[mp_ix::dispute(&w.user.key(), open)], &[&w.user.kp]).await;
    assert_eq!(c, code(M::MarketplaceTaskNotSubmitted));
    let id = w.submitted_task().await;
    let c = w.env.chain.fail(&[mp_ix::dispute(&w.provider.key(), id)], &[&w.provider.kp]).await;
    assert_eq!(c, code(M::MarketplaceNotTaskUser));
    w.env.chain.advance(DEFAULT_CHALLENGE_PERIOD).await;
    let c = w.env.chain.fail(&[mp_ix::dispute(&w.user.key(), id)], &[&w.user.kp]).await;
    assert_eq!(c, code(M::MarketplaceChallengePeriodOver));

    let id2 = w.submitted_task().await;
    w.env.chain.advance(DEFAULT_CHALLENGE_PERIOD - 1).await;
    w.env.chain.ok(&[mp_ix::dispute(&w.user.key(), id2)], &[&w.user.kp]).await;
    assert_eq!(w.env.task(id2).await.status, TaskStatus::Disputed);
}

#[tokio::test]
async fn resolve_against_the_provider_refunds_and_slashes_half_half() {
    let mut w = world().await;
    let user_before = w.env.chain.balance(&w.user.token).await;
    let id = w.disputed_task().await;
    let arbiter = w.env.arbiter.insecure_clone();
    let p = w.parties(id);
    w.env.chain.ok(&[mp_ix::resolve(&arbiter.pubkey(), &p, true)], &[&arbiter]).await;
    let (slashed, to_user, to_treasury, unlocked) = staking::math::slash_split(COLLATERAL, DEFAULT_SLASH_BPS).unwrap();
    assert_eq!(w.env.chain.balance(&w.user.token).await, user_before + to_user);
    assert_eq!(w.env.chain.balance(&w.env.treasury.token).await, to_treasury);
    assert_eq!(w.env.escrow_balance().await, 0);
    assert_eq!(w.env.chain.balance(&staking_ix::vault()).await, STAKE - slashed);
    let rec = w.env.provider_record(&w.provider.key()).await;
    assert_eq!(
        (rec.staked, rec.locked, rec.failed, rec.completed, rec.slashed_total),
        (STAKE - slashed, 0, 1, 0, slashed)
    );
    assert_eq!(rec.staked - rec.locked, STAKE - COLLATERAL + unlocked);
    assert_eq!(rec.score_bps(), 2000);
    assert_eq!(w.env.task(id).await.status, TaskStatus::Refunded);
}

#[tokio::test]
async fn resolve_for_the_provider_pays_out() {
    let mut w = world().await;
    let id = w.disputed_task().await;
    let arbiter = w.env.arbiter.insecure_clone();
    let p = w.parties(id);
    let before = w.env.chain.balance(&w.provider.token).await;
    w.env.chain.ok(&[mp_ix::resolve(&arbiter.pubkey(), &p, false)], &[&arbiter]).await;
    assert_eq!(w.env.chain.balance(&w.provider.token).await, before + split(REWARD, false).0);
    assert_eq!(w.env.task(id).await.status, TaskStatus::Completed);
    assert_eq!(w.env.provider_record(&w.provider.key()).await.completed, 1);
}

#[tokio::test]
async fn resolve_is_for_the_arbiter_on_disputed_tasks_only() {
    let mut w = world().await;
    let submitted = w.submitted_task().await;
    let arbiter = w.env.arbiter.insecure_clone();
    let p = w.parties(submitted);
    let c = w.env.chain.fail(&[mp_ix::resolve(&arbiter.pubkey(), &p, true)], &[&arbiter]).await;
    assert_eq!(c, code(M::MarketplaceTaskNotDisputed));
    let id = w.disputed_task().await;
    let p = w.parties(id);
    let user = w.user.kp.insecure_clone();
    let c = w.env.chain.fail(&[mp_ix::resolve(&user.pubkey(), &p, true)], &[&user]).await;
    assert_eq!(c, code(M::MarketplaceNotArbiter));
}

// ------------------------------------------------------------------ expire

#[tokio::test]
async fn expire_after_the_deadline_refunds_and_slashes() {
    let mut w = world().await;
    let user_before = w.env.chain.balance(&w.user.token).await;
    let id = w.assigned_task().await;
    let p = w.parties(id);
    let deadline = w.env.task(id).await.deadline;
    w.env.chain.set_time(deadline);
    let c = w.env.chain.fail(&[mp_ix::expire(&p)], &[]).await;
    assert_eq!(c, code(M::MarketplaceDeadlineNotPassed));
    w.env.chain.set_time(deadline + 1);
    w.env.chain.ok(&[mp_ix::expire(&p)], &[]).await;
    let (slashed, to_user, to_treasury, _) = staking::math::slash_split(COLLATERAL, DEFAULT_SLASH_BPS).unwrap();
    assert_eq!(w.env.chain.balance(&w.user.token).await, user_before + to_user);
    assert_eq!(w.env.chain.balance(&w.env.treasury.token).await, to_treasury);
    let rec = w.env.provider_record(&w.provider.key()).await;
    assert_eq!((rec.failed, rec.slashed_total, rec.locked), (1, slashed, 0));
    assert_eq!(w.env.task(id).await.status, TaskStatus::Refunded);
    let c = w.env.chain.fail(&[mp_ix::expire(&p)], &[]).await;
    assert_eq!(c, code(M::MarketplaceTaskNotAssigned));
}

// ------------------------------------------------------------------ conservation

#[tokio::test]
async fn escrow_equals_the_sum_of_active_rewards_at_every_step() {
    let mut w = world().await;
    let mut active: Vec<u64> = vec![];
    async fn check(w: &mut World, active: &[u64]) {
        let mut sum = 0u64;
        for id in active {
            sum += w.env.task(*id).await.reward;
        }
        assert_eq!(w.env.escrow_balance().await, sum);
    }
    let a = w.open_task().await;
    active.push(a);
    check(&mut w, &active).await;
    let b = w.submitted_task().await;
    active.push(b);
    check(&mut w, &active).await;
    let c = w.disputed_task().await;
    active.push(c);
    check(&mut w, &active).await;
    w.env.chain.ok(&[mp_ix::cancel_task(&w.user.key(), a, &w.user.token)], &[&w.user.kp]).await;
    active.retain(|x| *x != a);
    check(&mut w, &active).await;
    let arbiter = w.env.arbiter.insecure_clone();
    let pc = w.parties(c);
    w.env.chain.ok(&[mp_ix::resolve(&arbiter.pubkey(), &pc, true)], &[&arbiter]).await;
    active.retain(|x| *x != c);
    check(&mut w, &active).await;
    w.env.chain.advance(DEFAULT_CHALLENGE_PERIOD).await;
    let pb = w.parties(b);
    w.env.chain.ok(&[mp_ix::finalize(&pb)], &[]).await;
    active.retain(|x| *x != b);
    check(&mut w, &active).await;
    assert!(active.is_empty());
}

// ------------------------------------------------------------------ admin / pause

#[tokio::test]
async fn admin_sets_bounded_parameters_and_a_valid_fee_split_by_id() {
    let mut w = world().await;
    let admin = w.env.admin.insecure_clone();
    let a = admin.pubkey();
    let split = marketplace::math::pack_fee_split(5000, 3000, 2000);
    for (id, value) in [
        (PARAM_CHALLENGE_PERIOD, MIN_CHALLENGE_PERIOD as u64),
        (PARAM_SLASH_BPS, u64::from(MAX_SLASH_BPS)),
        (PARAM_FEE_SPLIT, split),
    ] {
        w.env.chain.ok(&[mp_ix::set_parameter(&a, id, value)], &[&admin]).await;
    }
    let cfg = w.env.mp_config().await;
    assert_eq!(
        (cfg.challenge_period, cfg.slash_bps, cfg.provider_bps, cfg.treasury_bps, cfg.creator_bps),
        (MIN_CHALLENGE_PERIOD, MAX_SLASH_BPS, 5000, 3000, 2000)
    );
    for (id, value, err) in [
        (PARAM_CHALLENGE_PERIOD, MIN_CHALLENGE_PERIOD as u64 - 1, M::MarketplaceParameterOutOfBounds),
        (PARAM_CHALLENGE_PERIOD, u64::MAX, M::MarketplaceParameterOutOfBounds),
        (PARAM_SLASH_BPS, u64::from(MIN_SLASH_BPS) - 1, M::MarketplaceParameterOutOfBounds),
        (PARAM_SLASH_BPS, 65_536 + 1_000, M::MarketplaceParameterOutOfBounds),
        (PARAM_FEE_SPLIT, marketplace::math::pack_fee_split(8000, 1500, 501), M::MarketplaceInvalidFeeSplit),
        (PARAM_FEE_SPLIT, marketplace::math::pack_fee_split(4999, 3001, 2000), M::MarketplaceInvalidFeeSplit),
        (PARAM_FEE_SPLIT, marketplace::math::pack_fee_split(7000, 900, 2100), M::MarketplaceInvalidFeeSplit),
        (PARAM_FEE_SPLIT, (1 << 48) | split, M::MarketplaceInvalidFeeSplit),
        (1, ONE_CAL, M::GovernanceUnknownParameter),
        (6, 3_600, M::GovernanceUnknownParameter),
        (99, 1, M::GovernanceUnknownParameter),
    ] {
        let c = w.env.chain.fail(&[mp_ix::set_parameter(&a, id, value)], &[&admin]).await;
        assert_eq!(c, code(err), "{id} {value}");
    }
}

#[tokio::test]
async fn marketplace_parameter_vectors_are_accepted_or_refused_with_their_error() {
    let mut w = world().await;
    let admin = w.env.admin.insecure_clone();
    let mut checked = 0;
    for c in calctra_solana_tests::vectors::load("governance.json")["parameterValues"].as_array().unwrap() {
        let id = c["paramId"].as_u64().unwrap() as u16;
        // The marketplace's own ids, and the unknown ones (no program owns them).
        if matches!(id, 1 | 2 | 6) {
            continue;
        }
        let value: u64 = c["value"].as_str().unwrap().parse().unwrap();
        let ix = mp_ix::set_parameter(&admin.pubkey(), id, value);
        // The power registry's ids (8..14) belong to the staking program: unknown to the marketplace.
        let power = (8..=14).contains(&id);
        if c["accepted"].as_bool().unwrap() && !power {
            w.env.chain.ok(&[ix], &[&admin]).await;
            let cfg = w.env.mp_config().await;
            let stored = match id {
                PARAM_CHALLENGE_PERIOD => cfg.challenge_period as u64,
                PARAM_SLASH_BPS => u64::from(cfg.slash_bps),
                PARAM_REVEAL_PERIOD => cfg.reveal_period as u64,
                _ => marketplace::math::pack_fee_split(cfg.provider_bps, cfg.treasury_bps, cfg.creator_bps),
            };
            assert_eq!(stored, value, "{c}");
        } else {
            let got = w.env.chain.fail(&[ix], &[&admin]).await;
            let name = if power { "GovernanceUnknownParameter" } else { c["error"].as_str().unwrap() };
            let expected =
                [M::MarketplaceParameterOutOfBounds, M::MarketplaceInvalidFeeSplit, M::GovernanceUnknownParameter]
                    .into_iter()
                    .find(|e| e.name() == name)
                    .unwrap_or_else(|| panic!("unexpected error {name}"));
            assert_eq!(got, code(expected), "{c}");
        }
        checked += 1;
    }
    assert!(checked >= 10);
}

#[tokio::test]
async fn admin_sets_the_arbiter_treasury_and_pauser_roles() {
    let mut w = world().await;
    let admin = w.env.admin.insecure_clone();
    let a = admin.pubkey();
    let new_arbiter = Keypair::new().pubkey();
    w.env.chain.ok(&[mp_ix::set_role(&a, ROLE_ARBITER, new_arbiter, None)], &[&admin]).await;
    assert_eq!(w.env.mp_config().await.arbiter, new_arbiter);
    let c = w.env.chain.fail(&[mp_ix::set_role(&a, ROLE_ARBITER, Default::default(), None)], &[&admin]).await;
    assert_eq!(c, code(M::MarketplaceZeroAddress));
    let t2 = w.env.actor(0).await;
    // The treasury role needs the token account itself, and it must be the role's account.
    let c = w.env.chain.fail(&[mp_ix::set_role(&a, ROLE_TREASURY, t2.token, None)], &[&admin]).await;
    assert_eq!(c, code(M::GovernanceInvalidAction));
    let other = w.env.treasury.token;
    let c = w.env.chain.fail(&[mp_ix::set_role(&a, ROLE_TREASURY, t2.token, Some(other))], &[&admin]).await;
    assert_eq!(c, code(M::GovernanceInvalidAction));
    w.env.chain.ok(&[mp_ix::set_role(&a, ROLE_TREASURY, t2.token, Some(t2.token))], &[&admin]).await;
    assert_eq!(w.env.mp_config().await.treasury, t2.token);
    let pauser = w.env.chain.new_user().await;
    w.env.chain.ok(&[mp_ix::set_role(&a, ROLE_PAUSER, pauser.pubkey(), None)], &[&admin]).await;
    assert_eq!(w.env.mp_config().await.pauser, pauser.pubkey());
    w.env.chain.ok(&[mp_ix::pause(&pauser.pubkey())], &[&pauser]).await;
    assert!(w.env.mp_config().await.paused);
    // The guardian (3) is the executor's role; 4 is no role.
    for role in [3u8, 4] {
        let c = w.env.chain.fail(&[mp_ix::set_role(&a, role, new_arbiter, None)], &[&admin]).await;
        assert_eq!(c, code(M::GovernanceInvalidAction));
    }
}

#[tokio::test]
async fn non_admins_cannot_change_configuration() {
    let mut w = world().await;
    let x = w.env.chain.new_user().await;
    let k = x.pubkey();
    let t = w.env.treasury.token;
    for ix in [
        mp_ix::set_parameter(&k, PARAM_CHALLENGE_PERIOD, DEFAULT_CHALLENGE_PERIOD as u64),
        mp_ix::set_role(&k, ROLE_PAUSER, k, None),
        mp_ix::set_arbiter(&k, k),
        mp_ix::set_treasury(&k, &t),
        mp_ix::unpause(&k),
    ] {
        let c = w.env.chain.fail(&[ix], &[&x]).await;
        assert_eq!(c, code(M::GovernorOnlyExecutor));
    }
    let vk = marketplace::Groth16VerifyingKey {
        alpha_g1: [0; 64],
        beta_g2: [0; 128],
        gamma_g2: [0; 128],
        delta_g2: [0; 128],
        ic: [[0; 64]; 5],
    };
    let c = w.env.chain.fail(&[mp_ix::register_verifier(&k, &k, 1, vk)], &[&x]).await;
    assert_eq!(c, code(M::GovernorOnlyExecutor));
}

#[tokio::test]
async fn pauser_pauses_only_and_paused_blocks_new_work() {
    let mut w = world().await;
    let open = w.open_task().await;
    let assigned = w.assigned_task().await;
    let stranger = w.env.chain.new_user().await;
    let c = w.env.chain.fail(&[mp_ix::pause(&stranger.pubkey())], &[&stranger]).await;
    assert_eq!(c, code(M::MarketplaceNotPauser));
    let pauser = w.env.pauser.insecure_clone();
    w.env.chain.ok(&[mp_ix::pause(&pauser.pubkey())], &[&pauser]).await;
    assert!(w.env.mp_config().await.paused);

    let args = w.env.task_args(REWARD, COLLATERAL).await;
    let c = w.env.chain.fail(&[mp_ix::create_task(&w.user.key(), &w.user.token, 3, args)], &[&w.user.kp]).await;
    assert_eq!(c, code(M::EnforcedPause));
    let c = w.env.chain.fail(&[mp_ix::accept_task(&w.provider.key(), open)], &[&w.provider.kp]).await;
    assert_eq!(c, code(M::EnforcedPause));
    let c = w
        .env
        .chain
        .fail(&[mp_ix::submit_result(&w.provider.key(), assigned, [5u8; 32], vec![])], &[&w.provider.kp])
        .await;
    assert_eq!(c, code(M::EnforcedPause));
    // Exits stay open while paused: the user can still cancel.
    w.env.chain.ok(&[mp_ix::cancel_task(&w.user.key(), open, &w.user.token)], &[&w.user.kp]).await;

    let c = w.env.chain.fail(&[mp_ix::unpause(&pauser.pubkey())], &[&pauser]).await;
    assert_eq!(c, code(M::GovernorOnlyExecutor));
    let admin = w.env.admin.insecure_clone();
    w.env.chain.ok(&[mp_ix::unpause(&admin.pubkey())], &[&admin]).await;
    assert!(!w.env.mp_config().await.paused);
    w.env.chain.ok(&[mp_ix::submit_result(&w.provider.key(), assigned, [5u8; 32], vec![])], &[&w.provider.kp]).await;
}

#[tokio::test]
async fn a_named_creator_must_receive_its_share_or_settlement_fails() {
    let mut w = world().await;
    let (_creator, id) = w.creator_task_past_challenge().await;
    // Without the creator account, and with someone else's account in its place.
    let p = w.env.parties(id, &w.provider, &w.user, None);
    let c = w.env.chain.fail(&[mp_ix::finalize(&p)], &[]).await;
    assert_eq!(c, anchor_code(AnchorErr::ConstraintTokenOwner));
    let p = w.env.parties(id, &w.provider, &w.user, Some(&w.user));
    let c = w.env.chain.fail(&[mp_ix::finalize(&p)], &[]).await;
    assert_eq!(c, anchor_code(AnchorErr::ConstraintTokenOwner));
    assert_eq!(w.env.task(id).await.status, TaskStatus::Submitted);
    assert_eq!(w.env.escrow_balance().await, REWARD);
}
