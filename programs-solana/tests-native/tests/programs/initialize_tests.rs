//! One-time set-up instructions validate their inputs.
use calctra_solana_tests::ix::{gov_ix, mp_ix, staking_ix};
use calctra_solana_tests::{code, Chain, ONE_CAL};
use governance::errors::GovernanceError as G;
use governance::GovernanceParams;
use marketplace::errors::MarketplaceError as M;
use solana_sdk::pubkey::Pubkey;
use solana_sdk::signature::{Keypair, Signer};
use staking::errors::StakingError as S;

/// A fresh chain, its payer, a mint authority and a 9-decimal mint of it.
async fn chain_with_mint() -> (Chain, Pubkey, Keypair, Pubkey) {
    let mut chain = Chain::start().await;
    let payer = chain.payer().pubkey();
    let auth = Keypair::new();
    let mint = chain.create_mint(&auth.pubkey(), 9).await;
    (chain, payer, auth, mint)
}

/// Governance parameters at their lower bounds: no delays, the shortest voting period and grace
/// period, a 1 CAL quorum, no proposal threshold.
fn minimal_params() -> GovernanceParams {
    GovernanceParams {
        voting_delay: 0,
        voting_period: 3_600,
        timelock_delay: 0,
        grace_period: 86_400,
        quorum_votes: ONE_CAL,
        proposal_threshold: 0,
    }
}

#[tokio::test]
async fn staking_initialize_rejects_a_non_9_decimal_mint_a_zero_admin_and_a_second_call() {
    let (mut chain, payer, auth, nine) = chain_with_mint().await;
    let six = chain.create_mint(&auth.pubkey(), 6).await;
    let c = chain.fail(&[staking_ix::initialize(&payer, &six, Pubkey::new_unique(), marketplace::ID)], &[]).await;
    assert_eq!(c, code(S::StakingParameterOutOfBounds));
    let c = chain.fail(&[staking_ix::initialize(&payer, &nine, Pubkey::default(), marketplace::ID)], &[]).await;
    assert_eq!(c, code(S::StakingParameterOutOfBounds));
    chain.ok(&[staking_ix::initialize(&payer, &nine, Pubkey::new_unique(), marketplace::ID)], &[]).await;
    // The config PDA exists: a second initialisation cannot take over the admin role.
    assert!(chain.send(&[staking_ix::initialize(&payer, &nine, payer, marketplace::ID)], &[]).await.is_err());
}

#[tokio::test]
async fn marketplace_initialize_rejects_zero_roles() {
    let (mut chain, payer, _, mint) = chain_with_mint().await;
    let owner = Pubkey::new_unique();
    let treasury = chain.token_account(&mint, &owner).await;
    let k = Pubkey::new_unique();
    for (admin, pauser, arbiter) in [(Pubkey::default(), k, k), (k, Pubkey::default(), k), (k, k, Pubkey::default())] {
        let c = chain.fail(&[mp_ix::initialize(&payer, &mint, &treasury, admin, pauser, arbiter)], &[]).await;
        assert_eq!(c, code(M::MarketplaceZeroAddress));
    }
    chain.ok(&[mp_ix::initialize(&payer, &mint, &treasury, k, k, k)], &[]).await;
    let cfg: marketplace::MarketplaceConfig = chain.account(&mp_ix::config()).await;
    assert_eq!((cfg.next_task_id, cfg.paused, cfg.treasury), (1, false, treasury));
    assert_eq!((cfg.provider_bps, cfg.treasury_bps, cfg.creator_bps, cfg.slash_bps), (8000, 1500, 500, 2000));
}

#[tokio::test]
async fn governance_initialize_rejects_out_of_bounds_parameters() {
    let (mut chain, payer, _, mint) = chain_with_mint().await;
    let good = minimal_params();
    for bad in [
        GovernanceParams { voting_period: 3_599, ..good },
        GovernanceParams { voting_delay: -1, ..good },
        GovernanceParams { grace_period: 86_399, ..good },
        GovernanceParams { timelock_delay: 31 * 86_400, ..good },
        GovernanceParams { quorum_votes: 0, ..good },
    ] {
        let c = chain.fail(&[gov_ix::initialize(&payer, &mint, bad)], &[]).await;
        assert_eq!(c, code(G::GovernanceInvalidAction));
    }
    chain.ok(&[gov_ix::initialize(&payer, &mint, good)], &[]).await;
}

#[tokio::test]
async fn governance_withdraw_rejects_zero_and_more_than_deposited() {
    let (mut chain, payer, auth, mint) = chain_with_mint().await;
    let params = minimal_params();
    chain.ok(&[gov_ix::initialize(&payer, &mint, params)], &[]).await;
    let owner = chain.new_user().await;
    let token = chain.token_account(&mint, &owner.pubkey()).await;
    chain.mint_to(&mint, &auth, &token, 5 * ONE_CAL).await;
    chain.ok(&[gov_ix::deposit(&owner.pubkey(), &token, 5 * ONE_CAL)], &[&owner]).await;
    let c = chain.fail(&[gov_ix::withdraw(&owner.pubkey(), &token, 0)], &[&owner]).await;
    assert_eq!(c, code(G::GovernanceZeroAmount));
    let c = chain.fail(&[gov_ix::withdraw(&owner.pubkey(), &token, 5 * ONE_CAL + 1)], &[&owner]).await;
    assert_eq!(c, code(G::ArithmeticOverflow));
    chain.ok(&[gov_ix::withdraw(&owner.pubkey(), &token, 5 * ONE_CAL)], &[&owner]).await;
    assert_eq!(chain.balance(&token).await, 5 * ONE_CAL);
    assert_eq!(chain.balance(&gov_ix::vault()).await, 0);
}
