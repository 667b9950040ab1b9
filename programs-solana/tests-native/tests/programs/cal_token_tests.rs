use anchor_lang::solana_program::program_option::COption;
use cal_token::errors::CalTokenError as E;
use cal_token::CalConfig;
use calctra_solana_tests::code;
use calctra_solana_tests::ix::cal_ix;
use calctra_solana_tests::Chain;
use solana_sdk::pubkey::Pubkey;
use solana_sdk::signature::Signer;

#[tokio::test]
async fn initialize_creates_a_9_decimal_mint_owned_by_the_program_pda() {
    let mut chain = Chain::start().await;
    let admin = chain.new_user().await;
    chain.ok(&[cal_ix::initialize(&admin.pubkey())], &[&admin]).await;
    let mint = chain.mint_info(&cal_ix::mint()).await;
    assert_eq!(mint.decimals, 9);
    assert_eq!(mint.supply, 0);
    assert_eq!(mint.mint_authority, COption::Some(cal_ix::mint_authority()));
    assert_eq!(mint.freeze_authority, COption::None);
    let cfg: CalConfig = chain.account(&cal_ix::config()).await;
    assert_eq!((cfg.admin, cfg.mint, cfg.handed_over), (admin.pubkey(), cal_ix::mint(), false));
}

#[tokio::test]
async fn the_admin_hands_the_mint_authority_to_the_bridge_pda_once() {
    let mut chain = Chain::start().await;
    let admin = chain.new_user().await;
    chain.ok(&[cal_ix::initialize(&admin.pubkey())], &[&admin]).await;
    let bridge_program = Pubkey::new_unique();
    let (bridge_pda, _) = Pubkey::find_program_address(&[cal_token::MINT_AUTHORITY_SEED], &bridge_program);

    let intruder = chain.new_user().await;
    let c = chain.fail(&[cal_ix::hand_over(&intruder.pubkey(), bridge_program)], &[&intruder]).await;
    assert_eq!(c, code(E::CalTokenUnauthorized));

    chain.ok(&[cal_ix::hand_over(&admin.pubkey(), bridge_program)], &[&admin]).await;
    let mint = chain.mint_info(&cal_ix::mint()).await;
    assert_eq!(mint.mint_authority, COption::Some(bridge_pda));
    let cfg: CalConfig = chain.account(&cal_ix::config()).await;
    assert_eq!((cfg.bridge_authority, cfg.handed_over), (bridge_pda, true));

    let c = chain.fail(&[cal_ix::hand_over(&admin.pubkey(), Pubkey::new_unique())], &[&admin]).await;
    assert_eq!(c, code(E::CalTokenAlreadyHandedOver));
}
