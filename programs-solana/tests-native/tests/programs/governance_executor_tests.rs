//! The governance executor on Solana (DESIGN §7): action lists from the hub, held for the execution
//! delay, vetoable by the guardian, run strictly in sequence order by CPIs signed by the governance
//! PDA; a list that does not validate is recorded Failed (the sequence moves on) and can be retried.
use anchor_lang::solana_program::program_pack::Pack;
#[allow(deprecated)]
use anchor_lang::solana_program::system_instruction;
use calctra_bridge::codec::set_hash;
use calctra_bridge::{BridgeConfig, RemoteDomain, SOLANA_DOMAIN};
use calctra_solana_tests::bridge::{self as b, hex, Validator, TON};
use calctra_solana_tests::ix::{cal_ix, gov_ix, mp_ix, staking_ix};
use calctra_solana_tests::spoke::{governance_actions, hub_governor, Spoke, DELAY, HUB};
use calctra_solana_tests::vectors::load;
use calctra_solana_tests::{code, ONE_CAL};
use governance::actions::{encode_actions, Action, PauseTarget, Role};
use governance::errors::GovernanceError as G;
use governance::ActionsState;
use marketplace::MarketplaceConfig;
use solana_sdk::pubkey::Pubkey;
use solana_sdk::signature::{Keypair, Signer};
use staking::StakingConfig;

fn list(actions: &[Action]) -> Vec<u8> {
    encode_actions(actions).unwrap()
}

fn param(param_id: u16, value: u64) -> Action {
    Action::SetParameter { param_id, value }
}

async fn state(s: &mut Spoke, sequence: u64) -> ActionsState {
    s.action_list(sequence).await.state
}

#[tokio::test]
async fn action_lists_run_after_their_delay_strictly_in_sequence_order() {
    let mut s = Spoke::deploy().await;
    let payer = s.chain.payer().pubkey();
    // Sequence 2 arrives first; it cannot run before 1.
    s.actions(2, &list(&[param(3, 7_200)])).await;
    s.actions(1, &list(&[param(1, 5 * ONE_CAL)])).await;
    let l1 = s.action_list(1).await;
    assert_eq!((l1.sequence, l1.state, l1.eta - l1.received_at), (1, ActionsState::Pending, DELAY as i64));
    let c = s.chain.fail(&[gov_ix::execute(&payer, 2, &[])], &[]).await;
    assert_eq!(c, code(G::GovernanceOutOfOrder));
    let c = s.chain.fail(&[gov_ix::execute(&payer, 1, &[])], &[]).await;
    assert_eq!(c, code(G::GovernanceExecutionDelayActive));
    s.chain.advance(DELAY as i64).await;
    s.chain.ok(&[gov_ix::execute(&payer, 1, &[])], &[]).await;
    // A processed list is no longer pending.
    let c = s.chain.fail(&[gov_ix::execute(&payer, 1, &[])], &[]).await;
    assert_eq!(c, code(G::GovernanceActionsNotPending));
    s.chain.ok(&[gov_ix::execute(&payer, 2, &[])], &[]).await;
    let st: StakingConfig = s.chain.account(&staking_ix::config()).await;
    let mp: MarketplaceConfig = s.chain.account(&mp_ix::config()).await;
    assert_eq!((st.min_stake, mp.challenge_period), (5 * ONE_CAL, 7_200));
    assert_eq!((state(&mut s, 1).await, state(&mut s, 2).await), (ActionsState::Executed, ActionsState::Executed));
    assert_eq!(s.gov_config().await.next_sequence, 3);
    // A repeat of an executed sequence (a later hub nonce) changes nothing.
    s.actions(1, &list(&[param(1, 7 * ONE_CAL)])).await;
    assert_eq!(s.action_list(1).await.actions, list(&[param(1, 5 * ONE_CAL)]));
}

#[tokio::test]
async fn the_solana_governance_actions_vector_pauses_the_marketplace_and_sets_the_challenge_period() {
    let mut s = Spoke::deploy().await;
    let v = load("governance.json");
    let case = v["messages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| {
            m["message"]["dstDomain"].as_u64() == Some(u64::from(SOLANA_DOMAIN))
                && m["message"]["payload"]["kind"] == "GovernanceActions"
        })
        .cloned()
        .expect("a GovernanceActions vector to Solana");
    let encoded = hex(case["encoded"].as_str().unwrap());
    assert_eq!(encoded[17..49], hub_governor());
    // The vector's body (kind | sequence | proposalId | list), from the hub to this deployment's vault.
    s.deliver(&encoded[81..]).await;
    s.chain.advance(DELAY as i64).await;
    let payer = s.chain.payer().pubkey();
    s.chain.ok(&[gov_ix::execute(&payer, 1, &[])], &[]).await;
    let mp: MarketplaceConfig = s.chain.account(&mp_ix::config()).await;
    assert_eq!((mp.challenge_period, mp.paused), (7_200, true));
}

#[tokio::test]
async fn every_parameter_and_role_is_set_by_the_governance_pda() {
    let mut s = Spoke::deploy().await;
    let split = marketplace::math::pack_fee_split(7_000, 2_000, 1_000);
    let new_treasury_owner = Pubkey::new_unique();
    let new_treasury = s.chain.token_account(&cal_ix::mint(), &new_treasury_owner).await;
    let (arbiter, pauser, guardian) = (Pubkey::new_unique(), s.chain.new_user().await, Pubkey::new_unique());
    let actions = [
        param(1, 2 * ONE_CAL),
        param(2, 7_200),
        param(3, 600),
        param(4, 500),
        param(5, split),
        Action::SetRole { role: Role::Arbiter, account: arbiter.to_bytes() },
        Action::SetRole { role: Role::Treasury, account: new_treasury.to_bytes() },
        Action::SetRole { role: Role::Pauser, account: pauser.pubkey().to_bytes() },
    ];
    s.run(1, &list(&actions), &[new_treasury]).await;
    s.run(2, &list(&[param(6, 7_200), Action::SetRole { role: Role::Guardian, account: guardian.to_bytes() }]), &[])
        .await;
    let st: StakingConfig = s.chain.account(&staking_ix::config()).await;
    assert_eq!((st.min_stake, st.unbonding_period), (2 * ONE_CAL, 7_200));
    let mp: MarketplaceConfig = s.chain.account(&mp_ix::config()).await;
    assert_eq!((mp.challenge_period, mp.slash_bps), (600, 500));
    assert_eq!((mp.provider_bps, mp.treasury_bps, mp.creator_bps), (7_000, 2_000, 1_000));
    assert_eq!((mp.arbiter, mp.treasury, mp.pauser), (arbiter, new_treasury, pauser.pubkey()));
    let br: BridgeConfig = s.chain.account(&b::config()).await;
    assert_eq!((br.admin, br.pauser), (gov_ix::config(), pauser.pubkey()));
    let cfg = s.gov_config().await;
    assert_eq!((cfg.execution_delay, cfg.guardian), (7_200, guardian));
    // The new execution delay applies to lists received from now on.
    s.actions(3, &list(&[param(3, 900)])).await;
    let l3 = s.action_list(3).await;
    assert_eq!(l3.eta - l3.received_at, 7_200);
}

#[tokio::test]
async fn governance_rotates_the_validator_set_and_configures_remote_domains_and_the_bridge_pause() {
    let mut s = Spoke::deploy().await;
    let mut fresh = vec![Validator::dev(1), Validator::dev(2), Validator::dev(3)];
    fresh.sort_by_key(|v| v.address);
    let signers: Vec<[u8; 20]> = fresh.iter().map(|v| v.address).collect();
    let ton = Action::SetRemoteDomain {
        domain: TON,
        enabled: true,
        bridge: [0x11; 32],
        inbound_capacity: 500 * ONE_CAL,
        inbound_rate_per_second: ONE_CAL,
        outbound_capacity: 300 * ONE_CAL,
        outbound_rate_per_second: 2 * ONE_CAL,
    };
    let actions = [
        Action::SetValidatorSet { signers: signers.clone(), threshold: 2, retention: 0 },
        ton,
        Action::Pause { target: PauseTarget::Bridge },
        // Pausing twice in one list changes nothing the second time.
        Action::Pause { target: PauseTarget::Bridge },
    ];
    s.run(1, &list(&actions), &[b::remote(TON)]).await;
    let br: BridgeConfig = s.chain.account(&b::config()).await;
    assert_eq!(
        (br.validators.clone(), br.threshold, br.set_hash, br.set_id),
        (signers.clone(), 2, set_hash(&signers, 2), 2)
    );
    assert_eq!((br.retention_window, br.paused), (0, true));
    let r: RemoteDomain = s.chain.account(&b::remote(TON)).await;
    assert_eq!(
        (r.enabled, r.bridge, r.inbound.capacity, r.outbound.rate_per_second),
        (true, [0x11; 32], 500 * ONE_CAL, 2 * ONE_CAL)
    );
    // A paused bridge still takes governance messages, signed now by the new set only.
    s.validators = fresh;
    let disable = Action::SetRemoteDomain {
        domain: TON,
        enabled: false,
        bridge: [0; 32],
        inbound_capacity: 0,
        inbound_rate_per_second: 0,
        outbound_capacity: 0,
        outbound_rate_per_second: 0,
    };
    s.run(2, &list(&[disable.clone(), disable, Action::Unpause { target: PauseTarget::Bridge }]), &[b::remote(TON)])
        .await;
    let r: RemoteDomain = s.chain.account(&b::remote(TON)).await;
    let br: BridgeConfig = s.chain.account(&b::config()).await;
    assert_eq!((r.enabled, br.paused), (false, false));
    assert_eq!(state(&mut s, 2).await, ActionsState::Executed);
}

#[tokio::test]
async fn invalid_action_list_vectors_are_recorded_failed_and_the_sequence_moves_on() {
    let mut s = Spoke::deploy().await;
    let payer = s.chain.payer().pubkey();
    let cases = load("governance.json")["invalidActionLists"].as_array().unwrap().clone();
    let mut sequence = 0;
    for c in &cases {
        sequence += 1;
        s.actions(sequence, &hex(c["encoded"].as_str().unwrap())).await;
    }
    // Out-of-bounds values (the parameterValues refusals), an id nobody owns, a verifier by account
    // (not supported on Solana), a majority-less validator set, and Solana as its own remote domain.
    let mut refused: Vec<Vec<u8>> = load("governance.json")["parameterValues"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| !p["accepted"].as_bool().unwrap())
        .map(|p| list(&[param(p["paramId"].as_u64().unwrap() as u16, p["value"].as_str().unwrap().parse().unwrap())]))
        .collect();
    refused.push(list(&[Action::SetVerifier { verifier_id: 0, verifier: [1; 32] }]));
    refused.push(list(&[Action::SetValidatorSet { signers: vec![[1; 20], [2; 20]], threshold: 1, retention: 0 }]));
    refused.push(list(&[Action::SetRole { role: Role::Arbiter, account: [0; 32] }]));
    refused.push(list(&[
        param(3, 7_200),
        Action::SetRemoteDomain {
            domain: SOLANA_DOMAIN,
            enabled: true,
            bridge: [1; 32],
            inbound_capacity: 1,
            inbound_rate_per_second: 1,
            outbound_capacity: 1,
            outbound_rate_per_second: 1,
        },
    ]));
    let first_refused = sequence + 1;
    for l in &refused {
        sequence += 1;
        s.actions(sequence, l).await;
    }
    s.chain.advance(DELAY as i64).await;
    for n in 1..=sequence {
        let extra = if n == sequence { vec![b::remote(SOLANA_DOMAIN)] } else { vec![] };
        s.chain.ok(&[gov_ix::execute(&payer, n, &extra)], &[]).await;
        assert_eq!(state(&mut s, n).await, ActionsState::Failed, "list {n}");
    }
    assert!(first_refused > cases.len() as u64);
    assert_eq!(s.gov_config().await.next_sequence, sequence + 1);
    // Nothing of a failed list ran (its valid first action included).
    let mp: MarketplaceConfig = s.chain.account(&mp_ix::config()).await;
    assert_eq!(mp.challenge_period, marketplace::DEFAULT_CHALLENGE_PERIOD);
    // A failed list stays failed when it still does not validate.
    let c = s.chain.fail(&[gov_ix::retry(&payer, 1, &[])], &[]).await;
    assert_eq!(c, code(G::GovernanceInvalidAction));
}

#[tokio::test]
async fn a_failed_list_is_retried_once_it_validates() {
    let mut s = Spoke::deploy().await;
    let payer = s.chain.payer().pubkey();
    // The treasury named by governance is not a token account yet: the list fails at its turn…
    let treasury = Keypair::new();
    let set = list(&[Action::SetRole { role: Role::Treasury, account: treasury.pubkey().to_bytes() }]);
    s.run(1, &set, &[treasury.pubkey()]).await;
    assert_eq!(state(&mut s, 1).await, ActionsState::Failed);
    let c = s.chain.fail(&[gov_ix::retry(&payer, 1, &[treasury.pubkey()])], &[]).await;
    assert_eq!(c, code(G::GovernanceInvalidAction));
    // …later lists are not blocked…
    s.run(2, &list(&[param(4, 300)]), &[]).await;
    assert_eq!(state(&mut s, 2).await, ActionsState::Executed);
    // …and once the account is a CAL token account, anyone retries it.
    let rent = s.chain.ctx.banks_client.get_rent().await.unwrap();
    let len = spl_token::state::Account::LEN;
    let ixs = [
        system_instruction::create_account(
            &payer,
            &treasury.pubkey(),
            rent.minimum_balance(len),
            len as u64,
            &spl_token::ID,
        ),
        spl_token::instruction::initialize_account3(&spl_token::ID, &treasury.pubkey(), &cal_ix::mint(), &payer)
            .unwrap(),
    ];
    s.chain.ok(&ixs, &[&treasury]).await;
    s.chain.ok(&[gov_ix::retry(&payer, 1, &[treasury.pubkey()])], &[]).await;
    assert_eq!(state(&mut s, 1).await, ActionsState::Executed);
    let mp: MarketplaceConfig = s.chain.account(&mp_ix::config()).await;
    assert_eq!(mp.treasury, treasury.pubkey());
    // Only failed lists are retried.
    let c = s.chain.fail(&[gov_ix::retry(&payer, 2, &[])], &[]).await;
    assert_eq!(c, code(G::GovernanceActionsNotPending));
}

#[tokio::test]
async fn set_verifier_registers_a_staged_verifying_key_and_zero_removes_it() {
    let mut s = Spoke::deploy().await;
    let payer = s.chain.payer().pubkey();
    let vkey = load("proofs/result_commitment.bn254.json")["vkey"].clone();
    let vk = calctra_solana_tests::snarkjs::verifying_key(&vkey);
    let staged = Keypair::new();
    s.chain.ok(&[mp_ix::stage_verifying_key(&payer, &staged.pubkey(), vk.clone())], &[&staged]).await;
    let entry = mp_ix::verifier(7);
    let set = Action::SetVerifier { verifier_id: 7, verifier: staged.pubkey().to_bytes() };
    s.run(1, &list(&[set]), &[entry, staged.pubkey()]).await;
    let v: marketplace::VerifierAccount = s.chain.account(&entry).await;
    assert_eq!((v.verifier_id, v.vk.clone()), (7, vk));
    // An account that is not a staged key (the vectors' verifier) fails the list.
    let vector = Action::SetVerifier {
        verifier_id: 8,
        verifier: b::hex32("0xeae435bdee75b734cd593ecf9a304b8024ba289867b769b1f93ca7bbb88e46fe"),
    };
    let other = Pubkey::new_from_array(b::hex32("0xeae435bdee75b734cd593ecf9a304b8024ba289867b769b1f93ca7bbb88e46fe"));
    s.run(2, &list(&[vector]), &[mp_ix::verifier(8), other]).await;
    assert_eq!(state(&mut s, 2).await, ActionsState::Failed);
    // The zero account removes the entry.
    s.run(3, &list(&[Action::SetVerifier { verifier_id: 7, verifier: [0; 32] }]), &[entry]).await;
    assert!(!s.chain.exists(&entry).await);
    assert_eq!(state(&mut s, 3).await, ActionsState::Executed);
}

#[tokio::test]
async fn missing_action_accounts_fail_the_transaction_and_record_nothing() {
    let mut s = Spoke::deploy().await;
    let payer = s.chain.payer().pubkey();
    let ton = Action::SetRemoteDomain {
        domain: TON,
        enabled: true,
        bridge: [0x11; 32],
        inbound_capacity: 1,
        inbound_rate_per_second: 1,
        outbound_capacity: 1,
        outbound_rate_per_second: 1,
    };
    s.actions(1, &list(&[ton])).await;
    s.chain.advance(DELAY as i64).await;
    let c = s.chain.fail(&[gov_ix::execute(&payer, 1, &[])], &[]).await;
    assert_eq!(c, code(G::GovernanceInvalidAction));
    assert_eq!((state(&mut s, 1).await, s.gov_config().await.next_sequence), (ActionsState::Pending, 1));
    s.chain.ok(&[gov_ix::execute(&payer, 1, &[b::remote(TON)])], &[]).await;
    assert!(s.chain.account::<RemoteDomain>(&b::remote(TON)).await.enabled);
}

#[tokio::test]
async fn the_guardian_vetoes_during_the_delay_and_the_sequence_passes_the_vetoed_lists() {
    let mut s = Spoke::deploy().await;
    let payer = s.chain.payer().pubkey();
    let guardian = s.guardian.insecure_clone();
    s.actions(1, &list(&[param(4, 300)])).await;
    s.actions(2, &list(&[param(4, 400)])).await;
    s.actions(3, &list(&[param(4, 500)])).await;
    let stranger = s.chain.new_user().await;
    let c = s.chain.fail(&[gov_ix::veto(&stranger.pubkey(), 1)], &[&stranger]).await;
    assert_eq!(c, code(G::GovernanceNotGuardian));
    // Vetoing the next list moves the sequence at once; a later one when its turn comes.
    s.chain.ok(&[gov_ix::veto(&guardian.pubkey(), 1)], &[&guardian]).await;
    s.chain.ok(&[gov_ix::veto(&guardian.pubkey(), 3)], &[&guardian]).await;
    assert_eq!(s.gov_config().await.next_sequence, 2);
    let c = s.chain.fail(&[gov_ix::veto(&guardian.pubkey(), 1)], &[&guardian]).await;
    assert_eq!(c, code(G::GovernanceActionsNotPending));
    s.chain.advance(DELAY as i64).await;
    // After the delay the guardian can no longer veto.
    let c = s.chain.fail(&[gov_ix::veto(&guardian.pubkey(), 2)], &[&guardian]).await;
    assert_eq!(c, code(G::GovernanceActionsNotPending));
    let c = s.chain.fail(&[gov_ix::execute(&payer, 1, &[])], &[]).await;
    assert_eq!(c, code(G::GovernanceActionsNotPending));
    // Executing 2 passes over the vetoed 3 at once when the caller names it (a vetoed list needs no call,
    // as on EVM); without it, `execute(3)` would pass it when its turn comes.
    s.chain.ok(&[gov_ix::execute(&payer, 2, &[gov_ix::action_list(3)])], &[]).await;
    assert_eq!(s.gov_config().await.next_sequence, 4);
    let c = s.chain.fail(&[gov_ix::execute(&payer, 3, &[])], &[]).await;
    assert_eq!(c, code(G::GovernanceActionsNotPending));
    let mp: MarketplaceConfig = s.chain.account(&mp_ix::config()).await;
    assert_eq!(mp.slash_bps, 400);
    assert_eq!(
        (state(&mut s, 1).await, state(&mut s, 2).await, state(&mut s, 3).await),
        (ActionsState::Vetoed, ActionsState::Executed, ActionsState::Vetoed)
    );
    assert_eq!(s.gov_config().await.next_sequence, 4);
}

#[tokio::test]
async fn governance_messages_come_only_through_the_bridge() {
    let mut s = Spoke::deploy().await;
    let payer = s.chain.payer().pubkey();
    // Calling governance directly with a signer of one's own as the "bridge authority" is refused.
    let fake = s.chain.new_user().await;
    let message = b::governance_message(
        HUB,
        99,
        hub_governor(),
        gov_ix::config().to_bytes(),
        &governance_actions(1, [0; 32], &list(&[param(4, 300)])),
    );
    let ix = solana_sdk::instruction::Instruction {
        program_id: governance::ID,
        accounts: vec![
            solana_sdk::instruction::AccountMeta::new_readonly(fake.pubkey(), true),
            solana_sdk::instruction::AccountMeta::new(payer, true),
            solana_sdk::instruction::AccountMeta::new_readonly(anchor_lang::system_program::ID, false),
            solana_sdk::instruction::AccountMeta::new(gov_ix::config(), false),
            solana_sdk::instruction::AccountMeta::new(gov_ix::action_list(1), false),
        ],
        data: anchor_lang::InstructionData::data(&governance::instruction::ReceiveGovernanceMessage { message }),
    };
    let c = s.chain.fail(&[ix], &[&fake]).await;
    assert_eq!(c, calctra_solana_tests::anchor_code(anchor_lang::error::ErrorCode::ConstraintSeeds));
    assert!(!s.chain.exists(&gov_ix::action_list(1)).await);
}

#[tokio::test]
async fn compute_units_of_vote_tally_receipts_and_execute_stay_within_the_default_budget() {
    let mut s = Spoke::deploy().await;
    let alice = s.voter(10 * ONE_CAL).await;
    let payer = s.chain.payer().pubkey();
    let t0 = s.chain.now().await as u64;
    let mut figures = vec![];
    let m =
        s.hub_message(&calctra_solana_tests::spoke::proposal_opened(calctra_solana_tests::spoke::pid(1), t0, t0 + 100));
    let ix = s.delivery(m);
    figures.push(("receive ProposalOpened", s.chain.units(std::slice::from_ref(&ix), &[]).await));
    s.chain.ok(&[ix], &[]).await;
    s.chain.advance(1).await;
    let vote = gov_ix::cast_vote(&alice.pubkey(), calctra_solana_tests::spoke::pid(1), 1);
    figures.push(("cast_vote", s.chain.units(std::slice::from_ref(&vote), &[&alice]).await));
    s.chain.ok(&[vote], &[&alice]).await;
    let tally = gov_ix::send_tally(&payer, calctra_solana_tests::spoke::pid(1), HUB, 1);
    figures.push(("send_tally", s.chain.units(std::slice::from_ref(&tally), &[]).await));
    s.chain.ok(&[tally], &[]).await;
    let m = s.hub_message(&governance_actions(
        1,
        [0; 32],
        &list(&[param(3, 7_200), Action::Pause { target: PauseTarget::Marketplace }]),
    ));
    let ix = s.delivery(m);
    figures.push(("receive GovernanceActions", s.chain.units(std::slice::from_ref(&ix), &[]).await));
    s.chain.ok(&[ix], &[]).await;
    s.chain.advance(DELAY as i64).await;
    let exec = gov_ix::execute(&payer, 1, &[]);
    figures.push(("execute (setParameter + pause)", s.chain.units(std::slice::from_ref(&exec), &[]).await));
    s.chain.ok(&[exec], &[]).await;
    for (name, units) in &figures {
        assert!(*units > 0 && *units < 200_000, "{name}: {units} CU");
    }
    if let Some(path) = std::env::var_os("CALCTRA_CU_OUT") {
        let text: String = figures.iter().map(|(n, u)| format!("{n}\t{u}\n")).collect();
        std::fs::write(path, text).unwrap();
    }
}
