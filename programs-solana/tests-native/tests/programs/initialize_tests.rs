//! One-time set-up instructions validate their inputs.
use calctra_solana_tests::ix::{mp_ix, staking_ix};
use calctra_solana_tests::{code, Chain};
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
