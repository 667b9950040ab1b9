//! Version-2 (governance) messages through calctra_bridge: the vectors' ids and digests, delivery
//! checks (version, length, destination, source domain, signatures, replay shared with token
//! messages), the hand-over to governance, and the governance vault as the only sender.
use calctra_bridge::codec::{digest, message_id, recover_signer};
use calctra_bridge::errors::BridgeError as E;
use calctra_bridge::{governance_receive_discriminator, GOVERNANCE_PROGRAM_ID};
use calctra_solana_tests::bridge::{self as b, hex, hex32, TON};
use calctra_solana_tests::ix::{cal_ix, gov_ix};
use calctra_solana_tests::spoke::{hub_governor, pid, proposal_opened, Spoke, HUB};
use calctra_solana_tests::vectors::load;
use calctra_solana_tests::{code, ONE_CAL};
use governance::ProposalRecord;
use solana_sdk::signature::Signer;

#[test]
fn governance_message_vectors_hash_digest_and_recover_like_the_sdk() {
    let v = load("governance.json");
    let validators = b::vector_validators();
    let messages = v["messages"].as_array().unwrap();
    assert!(messages.len() >= 5);
    for c in messages {
        let encoded = hex(c["encoded"].as_str().unwrap());
        assert!(encoded.len() <= calctra_bridge::MAX_GOVERNANCE_MESSAGE_LEN);
        assert_eq!(encoded[0], calctra_bridge::GOVERNANCE_MESSAGE_VERSION);
        let id = message_id(&encoded);
        assert_eq!(id, hex32(c["messageId"].as_str().unwrap()), "{}", c["name"]);
        let dst = u32::from_be_bytes(encoded[5..9].try_into().unwrap());
        assert_eq!(u64::from(dst), c["message"]["dstDomain"].as_u64().unwrap());
        let d = digest(dst, &hex32(c["dstBridge"].as_str().unwrap()), &id);
        assert_eq!(d, hex32(c["digest"].as_str().unwrap()), "{}", c["name"]);
        for (i, s) in c["signatures"].as_array().unwrap().iter().enumerate() {
            let sig: [u8; 65] = hex(s["signature"].as_str().unwrap()).try_into().unwrap();
            assert_eq!(recover_signer(&d, &sig), Some(validators[i].address));
        }
        // Signed here for this bridge program, the same message has the same id and recovers alike.
        let ours = b::sign_for_program(&encoded, &[&validators[0]]);
        let local = b::digest_for(&encoded, &calctra_bridge::ID.to_bytes());
        assert_eq!(recover_signer(&local, &ours[0]), Some(validators[0].address));
    }
}

#[test]
fn the_bridge_hands_over_to_the_deployed_governance_program() {
    assert_eq!(GOVERNANCE_PROGRAM_ID, governance::ID);
    use anchor_lang::Discriminator;
    assert_eq!(governance_receive_discriminator(), governance::instruction::ReceiveGovernanceMessage::DISCRIMINATOR);
    assert_eq!(calctra_bridge::governance_vault(), gov_ix::config());
}

#[tokio::test]
async fn the_solana_proposal_opened_vector_opens_the_proposal_when_signed_for_this_bridge() {
    let mut s = Spoke::deploy().await;
    let v = load("governance.json");
    let case = v["messages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["message"]["payload"]["kind"] == "ProposalOpened")
        .cloned()
        .unwrap();
    let encoded = hex(case["encoded"].as_str().unwrap());
    let payload = &case["message"]["payload"];
    // The vector addresses another vault; the same body from the hub to this one opens the proposal.
    s.deliver(&encoded[81..]).await;
    let id = calctra_solana_tests::vectors::decimal_to_be32(payload["proposalId"].as_str().unwrap());
    let p: ProposalRecord = s.chain.account(&gov_ix::proposal(&id)).await;
    assert_eq!(p.snapshot, payload["snapshot"].as_str().unwrap().parse::<u64>().unwrap());
    assert_eq!(p.vote_end, payload["voteEnd"].as_str().unwrap().parse::<u64>().unwrap());
}

#[tokio::test]
async fn version_2_delivery_checks_length_version_destination_source_signatures_and_replay() {
    let mut s = Spoke::deploy().await;
    let relayer = s.chain.payer().pubkey();
    let good = s.hub_message(&proposal_opened(pid(1), 1, 2));
    let sign = |m: &[u8], s: &Spoke| b::sign_for_program(m, &[&s.validators[0], &s.validators[1]]);
    let mut cases: Vec<(Vec<u8>, u32)> = vec![];
    cases.push((good[..81].to_vec(), code(E::BridgeInvalidMessage)));
    let mut long = good.clone();
    long.resize(1_025, 0);
    cases.push((long, code(E::BridgeInvalidMessage)));
    let mut v1 = good.clone();
    v1[0] = 1;
    cases.push((v1, code(E::BridgeInvalidMessage)));
    let mut elsewhere = good.clone();
    elsewhere[5..9].copy_from_slice(&TON.to_be_bytes());
    cases.push((elsewhere, code(E::BridgeWrongDestination)));
    let mut unknown_source = good.clone();
    unknown_source[1..5].copy_from_slice(&7u32.to_be_bytes());
    cases.push((unknown_source, code(E::BridgeUnknownDomain)));
    for (m, expected) in cases {
        let sigs = sign(&m, &s);
        let ix = b::receive_governance(&relayer, m, sigs);
        assert_eq!(s.chain.fail(&[ix], &[]).await, expected);
    }
    // One signature is below the threshold; keys outside the set are refused.
    let one = b::sign_for_program(&good, &[&s.validators[0]]);
    let ix = b::receive_governance(&relayer, good.clone(), one);
    assert_eq!(s.chain.fail(&[ix], &[]).await, code(E::BridgeBelowThreshold));
    let forged = b::sign_for_program(&good, &[&b::Validator::dev(1)]);
    let ix = b::receive_governance(&relayer, good.clone(), forged);
    assert_eq!(s.chain.fail(&[ix], &[]).await, code(E::BridgeSignerNotInSet));
    // Delivered once (also while the bridge is paused: governance must be able to unpause it).
    let pauser = s.pauser.insecure_clone();
    s.chain.ok(&[b::pause(&pauser.pubkey())], &[&pauser]).await;
    let ix = s.delivery(good.clone());
    s.chain.ok(&[ix], &[]).await;
    assert!(b::is_delivered(&mut s.chain, &good).await);
    let ix = s.delivery(good.clone());
    assert_eq!(s.chain.fail(&[ix], &[]).await, code(E::BridgeMessageAlreadyDelivered));
}

#[tokio::test]
async fn token_and_governance_messages_share_the_replay_bitmap_by_source_and_nonce() {
    let mut s = Spoke::deploy().await;
    let user = s.chain.new_user().await;
    s.bridge_in(&user.pubkey(), ONE_CAL).await;
    // A governance message reusing the token message's (hub, nonce) is a replay.
    let nonce = s.hub_nonce;
    let m =
        b::governance_message(HUB, nonce, hub_governor(), gov_ix::config().to_bytes(), &proposal_opened(pid(1), 1, 2));
    let ix = s.delivery(m);
    assert_eq!(s.chain.fail(&[ix], &[]).await, code(E::BridgeMessageAlreadyDelivered));
    s.actions(1, &[1, 6, 1]).await;
    assert!(s.chain.exists(&gov_ix::action_list(1)).await);
    assert_eq!(s.chain.balance(&b::ata(&user.pubkey(), &cal_ix::mint())).await, ONE_CAL);
}

#[tokio::test]
async fn only_the_governance_vault_sends_governance_messages() {
    let mut s = Spoke::deploy().await;
    let stranger = s.chain.new_user().await;
    let payer = s.chain.payer().pubkey();
    let ix = b::send_governance(&stranger.pubkey(), &payer, 1, HUB, hub_governor(), vec![2u8; 57]);
    assert_eq!(s.chain.fail(&[ix], &[&stranger]).await, code(E::BridgeUnauthorizedSender));
    let cfg: calctra_bridge::BridgeConfig = s.chain.account(&b::config()).await;
    assert_eq!(cfg.outbound_nonce, 0);
}
