use calctra_solana_tests::env::Env;
use calctra_solana_tests::ix::staking_ix;
use calctra_solana_tests::vectors;
use calctra_solana_tests::{code, ONE_CAL};
use solana_sdk::signature::{Keypair, Signer};
use staking::constants::*;
use staking::errors::StakingError as E;
use staking::StakingConfig;

#[tokio::test]
async fn initialize_sets_defaults_and_the_marketplace_slasher() {
    let mut env = Env::new().await;
    let cfg: StakingConfig = env.chain.account(&staking_ix::config()).await;
    assert_eq!(cfg.admin, env.admin.pubkey());
    assert_eq!(cfg.cal_mint, env.mint);
    assert_eq!(cfg.vault, staking_ix::vault());
    assert_eq!(cfg.min_stake, DEFAULT_MIN_STAKE);
    assert_eq!(cfg.unbonding_period, DEFAULT_UNBONDING_PERIOD);
    let (slasher, _) =
        anchor_lang::prelude::Pubkey::find_program_address(&[MARKETPLACE_AUTHORITY_SEED], &marketplace::ID);
    assert_eq!(cfg.slasher, slasher);
}

#[tokio::test]
async fn register_records_metadata_and_a_new_provider_scores_5000() {
    let mut env = Env::new().await;
    let p = env.actor(0).await;
    env.chain.ok(&[staking_ix::register(&p.key(), [9u8; 32])], &[&p.kp]).await;
    let rec = env.provider_record(&p.key()).await;
    assert_eq!(rec.authority, p.key());
    assert_eq!(rec.metadata_hash, [9u8; 32]);
    assert_eq!((rec.staked, rec.locked, rec.completed, rec.failed), (0, 0, 0, 0));
    assert_eq!(rec.score_bps(), 5000);
}

#[tokio::test]
async fn register_twice_fails_with_already_registered() {
    let mut env = Env::new().await;
    let p = env.provider(0).await;
    let c = env.chain.fail(&[staking_ix::register(&p.key(), [1u8; 32])], &[&p.kp]).await;
    assert_eq!(c, code(E::StakingAlreadyRegistered));
}

#[tokio::test]
async fn stake_moves_tokens_into_the_vault() {
    let mut env = Env::new().await;
    let p = env.provider(0).await;
    let before = env.chain.balance(&p.token).await;
    env.chain.ok(&[staking_ix::stake(&p.key(), &p.token, 5 * ONE_CAL)], &[&p.kp]).await;
    env.chain.ok(&[staking_ix::stake(&p.key(), &p.token, 2 * ONE_CAL)], &[&p.kp]).await;
    assert_eq!(env.chain.balance(&p.token).await, before - 7 * ONE_CAL);
    assert_eq!(env.chain.balance(&staking_ix::vault()).await, 7 * ONE_CAL);
    assert_eq!(env.provider_record(&p.key()).await.staked, 7 * ONE_CAL);
}

#[tokio::test]
async fn stake_of_zero_fails_with_zero_amount() {
    let mut env = Env::new().await;
    let p = env.provider(0).await;
    let c = env.chain.fail(&[staking_ix::stake(&p.key(), &p.token, 0)], &[&p.kp]).await;
    assert_eq!(c, code(E::StakingZeroAmount));
}

#[tokio::test]
async fn stake_request_unstake_and_withdraw_by_an_unregistered_provider_fail() {
    let mut env = Env::new().await;
    let u = env.actor(10 * ONE_CAL).await;
    let c = env.chain.fail(&[staking_ix::stake(&u.key(), &u.token, ONE_CAL)], &[&u.kp]).await;
    assert_eq!(c, code(E::StakingNotRegistered));
    let c = env.chain.fail(&[staking_ix::request_unstake(&u.key(), ONE_CAL)], &[&u.kp]).await;
    assert_eq!(c, code(E::StakingNotRegistered));
    let c = env.chain.fail(&[staking_ix::withdraw(&u.key(), &u.token)], &[&u.kp]).await;
    assert_eq!(c, code(E::StakingNotRegistered));
}

#[tokio::test]
async fn request_unstake_checks_amount_and_free_stake() {
    let mut env = Env::new().await;
    let p = env.provider(10 * ONE_CAL).await;
    let c = env.chain.fail(&[staking_ix::request_unstake(&p.key(), 0)], &[&p.kp]).await;
    assert_eq!(c, code(E::StakingZeroAmount));
    let c = env.chain.fail(&[staking_ix::request_unstake(&p.key(), 10 * ONE_CAL + 1)], &[&p.kp]).await;
    assert_eq!(c, code(E::StakingInsufficientFreeStake));
}

#[tokio::test]
async fn withdraw_pays_out_only_after_the_unbonding_period() {
    let mut env = Env::new().await;
    let p = env.provider(10 * ONE_CAL).await;
    let c = env.chain.fail(&[staking_ix::withdraw(&p.key(), &p.token)], &[&p.kp]).await;
    assert_eq!(c, code(E::StakingNoPendingUnstake));

    env.chain.ok(&[staking_ix::request_unstake(&p.key(), 4 * ONE_CAL)], &[&p.kp]).await;
    let rec = env.provider_record(&p.key()).await;
    assert_eq!((rec.staked, rec.pending_unstake), (6 * ONE_CAL, 4 * ONE_CAL));
    let now = env.chain.now().await;
    assert_eq!(rec.unstake_available_at, now + DEFAULT_UNBONDING_PERIOD);

    env.chain.advance(DEFAULT_UNBONDING_PERIOD - 1).await;
    let c = env.chain.fail(&[staking_ix::withdraw(&p.key(), &p.token)], &[&p.kp]).await;
    assert_eq!(c, code(E::StakingUnbondingNotElapsed));

    env.chain.advance(1).await;
    let before = env.chain.balance(&p.token).await;
    env.chain.ok(&[staking_ix::withdraw(&p.key(), &p.token)], &[&p.kp]).await;
    assert_eq!(env.chain.balance(&p.token).await, before + 4 * ONE_CAL);
    let rec = env.provider_record(&p.key()).await;
    assert_eq!((rec.staked, rec.pending_unstake), (6 * ONE_CAL, 0));
    assert_eq!(env.chain.balance(&staking_ix::vault()).await, 6 * ONE_CAL);
}

#[tokio::test]
async fn only_the_marketplace_pda_can_lock_unlock_or_slash() {
    let mut env = Env::new().await;
    let p = env.provider(10 * ONE_CAL).await;
    let intruder = Keypair::new();
    let treasury = env.treasury.token;
    for ix in [
        staking_ix::lock_collateral(&intruder.pubkey(), &p.key(), ONE_CAL),
        staking_ix::unlock_collateral(&intruder.pubkey(), &p.key(), 0),
        staking_ix::slash(&intruder.pubkey(), &p.key(), &p.token, &treasury, 0, 2000),
    ] {
        let c = env.chain.fail(&[ix], &[&intruder]).await;
        assert_eq!(c, code(E::StakingUnauthorizedSlasher));
    }
    // Even the provider itself cannot.
    let c = env.chain.fail(&[staking_ix::lock_collateral(&p.key(), &p.key(), ONE_CAL)], &[&p.kp]).await;
    assert_eq!(c, code(E::StakingUnauthorizedSlasher));
    assert_eq!(env.provider_record(&p.key()).await.locked, 0);
}

#[tokio::test]
async fn admin_sets_bounded_parameters_by_id() {
    let mut env = Env::new().await;
    let admin = env.admin.insecure_clone();
    let a = admin.pubkey();
    env.chain.ok(&[staking_ix::set_parameter(&a, PARAM_MIN_STAKE, MIN_MIN_STAKE)], &[&admin]).await;
    env.chain
        .ok(&[staking_ix::set_parameter(&a, PARAM_UNBONDING_PERIOD, MAX_UNBONDING_PERIOD as u64)], &[&admin])
        .await;
    let cfg: StakingConfig = env.chain.account(&staking_ix::config()).await;
    assert_eq!((cfg.min_stake, cfg.unbonding_period), (MIN_MIN_STAKE, MAX_UNBONDING_PERIOD));
    for (id, value, err) in [
        (PARAM_MIN_STAKE, MIN_MIN_STAKE - 1, E::StakingParameterOutOfBounds),
        (PARAM_MIN_STAKE, MAX_MIN_STAKE + 1, E::StakingParameterOutOfBounds),
        (PARAM_UNBONDING_PERIOD, MIN_UNBONDING_PERIOD as u64 - 1, E::StakingParameterOutOfBounds),
        (PARAM_UNBONDING_PERIOD, u64::MAX, E::StakingParameterOutOfBounds),
        // Ids staking does not own (the marketplace's, the executor's, unknown ones).
        (3, 7_200, E::GovernanceUnknownParameter),
        (6, 3_600, E::GovernanceUnknownParameter),
        (0, 1, E::GovernanceUnknownParameter),
    ] {
        let c = env.chain.fail(&[staking_ix::set_parameter(&a, id, value)], &[&admin]).await;
        assert_eq!(c, code(err));
    }
    let cfg: StakingConfig = env.chain.account(&staking_ix::config()).await;
    assert_eq!((cfg.min_stake, cfg.unbonding_period), (MIN_MIN_STAKE, MAX_UNBONDING_PERIOD));
}

#[tokio::test]
async fn staking_parameter_vectors_are_accepted_or_refused_with_their_error() {
    let mut env = Env::new().await;
    let admin = env.admin.insecure_clone();
    let mut checked = 0;
    for c in vectors::load("governance.json")["parameterValues"].as_array().unwrap() {
        let id = c["paramId"].as_u64().unwrap() as u16;
        if ![PARAM_MIN_STAKE, PARAM_UNBONDING_PERIOD].contains(&id) {
            continue;
        }
        let value: u64 = c["value"].as_str().unwrap().parse().unwrap();
        let ix = staking_ix::set_parameter(&admin.pubkey(), id, value);
        if c["accepted"].as_bool().unwrap() {
            env.chain.ok(&[ix], &[&admin]).await;
            let cfg: StakingConfig = env.chain.account(&staking_ix::config()).await;
            let stored = if id == PARAM_MIN_STAKE { cfg.min_stake } else { cfg.unbonding_period as u64 };
            assert_eq!(stored, value, "{c}");
        } else {
            let got = env.chain.fail(&[ix], &[&admin]).await;
            let name = c["error"].as_str().unwrap();
            let expected = [E::StakingParameterOutOfBounds, E::GovernanceUnknownParameter]
                .into_iter()
                .find(|e| e.name() == name)
                .unwrap_or_else(|| panic!("unexpected error {name}"));
            assert_eq!(got, code(expected), "{c}");
        }
        checked += 1;
    }
    assert!(checked >= 4);
}

#[tokio::test]
async fn non_admin_cannot_set_parameters() {
    let mut env = Env::new().await;
    let other = env.chain.new_user().await;
    let c = env
        .chain
        .fail(&[staking_ix::set_parameter(&other.pubkey(), PARAM_MIN_STAKE, DEFAULT_MIN_STAKE)], &[&other])
        .await;
    assert_eq!(c, code(E::GovernorOnlyExecutor));
}
