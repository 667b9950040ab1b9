//! calctra_bridge: shared vectors (encoding, ids, digests, signers), inbound mint against
//! signatures made here with the dev validator keys for the deployed program id, outbound burn,
//! and one test per exploit class.
use anchor_lang::error::ErrorCode as AnchorError;
use calctra_bridge::codec::{digest, message_id, recover_signer, set_hash, BridgeMessage};
use calctra_bridge::errors::BridgeError as E;
use calctra_bridge::{BridgeConfig, DeliveredChunk, InitializeArgs, OutboundMessage, RemoteDomain, SOLANA_DOMAIN};
use calctra_solana_tests::bridge::{
    self as b, evm_spoke_bridge, hex, hex32, inbound, limits, Validator, CAPACITY, EVM_SPOKE, RETENTION, TON,
};
use calctra_solana_tests::ix::cal_ix;
use calctra_solana_tests::vectors::{idl_errors, load};
use calctra_solana_tests::{anchor_code, code, Chain, ONE_CAL};
use solana_sdk::pubkey::Pubkey;
use solana_sdk::signature::{Keypair, Signer};

struct Bridge {
    chain: Chain,
    admin: Keypair,
    pauser: Keypair,
    validators: Vec<Validator>,
    mint: Pubkey,
}

impl Bridge {
    /// CAL via cal_token with its mint authority handed to the bridge; the bridge initialized with
    /// the 3 vector validators (threshold 2) and the EVM spoke enabled.
    async fn deploy() -> Bridge {
        Self::deploy_with(true).await.0
    }

    /// As `deploy`, optionally leaving the CAL mint authority with cal_token (returns its admin).
    async fn deploy_with(hand_over: bool) -> (Bridge, Keypair) {
        let mut chain = Chain::start().await;
        let b::Deployed { cal_admin, admin, pauser, validators } = b::deploy(&mut chain, hand_over).await;
        let payer = chain.payer().pubkey();
        chain
            .ok(&[b::set_remote_domain(&admin.pubkey(), &payer, EVM_SPOKE, limits(evm_spoke_bridge()))], &[&admin])
            .await;
        (Bridge { chain, admin, pauser, validators, mint: cal_ix::mint() }, cal_admin)
    }

    fn v(&self, i: usize) -> &Validator {
        &self.validators[i]
    }

    fn receive_ix(&self, message: [u8; 89], signatures: Vec<[u8; 65]>) -> solana_sdk::instruction::Instruction {
        b::receive(&self.chain.payer().pubkey(), &self.mint, message, signatures)
    }

    /// Delivers `message` signed by validators 0 and 1 of the vectors.
    async fn deliver(&mut self, message: [u8; 89]) {
        let sigs = b::sign_for_program(&message, &[self.v(0), self.v(1)]);
        let ix = self.receive_ix(message, sigs);
        self.chain.ok(&[ix], &[]).await;
    }

    async fn deliver_fails(&mut self, message: [u8; 89], sigs: Vec<[u8; 65]>) -> u32 {
        let ix = self.receive_ix(message, sigs);
        self.chain.fail(&[ix], &[]).await
    }

    async fn cal_balance(&mut self, owner: &Pubkey) -> u64 {
        let ata = b::ata(owner, &self.mint);
        if self.chain.exists(&ata).await {
            self.chain.balance(&ata).await
        } else {
            0
        }
    }

    async fn config(&mut self) -> BridgeConfig {
        self.chain.account(&b::config()).await
    }

    async fn supply(&mut self) -> u64 {
        let mint = self.mint;
        self.chain.mint_info(&mint).await.supply
    }
}

// ---------------------------------------------------------------- shared vectors

#[test]
fn bridge_vectors_encode_hash_digest_and_recover_like_the_sdk() {
    let v = load("bridge.json");
    assert_eq!(v["domains"]["solana"].as_u64().unwrap(), u64::from(SOLANA_DOMAIN));
    let validators = b::vector_validators();
    assert_eq!(validators.len(), 3);
    let cases = v["cases"].as_array().unwrap();
    assert_eq!(cases.len(), 4);
    for c in cases {
        let m = &c["message"];
        let msg = BridgeMessage {
            version: m["version"].as_u64().unwrap() as u8,
            src_domain: m["srcDomain"].as_u64().unwrap() as u32,
            dst_domain: m["dstDomain"].as_u64().unwrap() as u32,
            nonce: m["nonce"].as_str().unwrap().parse().unwrap(),
            sender: hex32(m["sender"].as_str().unwrap()),
            recipient: hex32(m["recipient"].as_str().unwrap()),
            amount: m["amount"].as_str().unwrap().parse().unwrap(),
        };
        let encoded: [u8; 89] = hex(c["encoded"].as_str().unwrap()).try_into().unwrap();
        assert_eq!(msg.encode(), encoded);
        assert_eq!(BridgeMessage::decode(&encoded), msg);
        let id = message_id(&encoded);
        assert_eq!(id, hex32(c["messageId"].as_str().unwrap()));
        let d = digest(msg.dst_domain, &hex32(c["dstBridge"].as_str().unwrap()), &id);
        assert_eq!(d, hex32(c["digest"].as_str().unwrap()));
        let mut previous = [0u8; 20];
        for (i, s) in c["signatures"].as_array().unwrap().iter().enumerate() {
            let sig: [u8; 65] = hex(s["signature"].as_str().unwrap()).try_into().unwrap();
            let signer = recover_signer(&d, &sig).expect("vector signature recovers");
            assert_eq!(signer.to_vec(), hex(s["signer"].as_str().unwrap()));
            assert_eq!(signer, validators[i].address);
            assert!(signer > previous, "vector signers ascend");
            previous = signer;
            // Our own signing of the same digest recovers to the same signer.
            assert_eq!(recover_signer(&d, &validators[i].sign(&d)), Some(signer));
        }
    }
}

#[test]
fn recover_refuses_high_s_bad_v_and_zero_signatures() {
    let v = b::vector_validators();
    let d = [7u8; 32];
    let sig = v[0].sign(&d);
    assert_eq!(recover_signer(&d, &sig), Some(v[0].address));
    assert_eq!(recover_signer(&d, &high_s(&sig)), None);
    let mut bad_v = sig;
    bad_v[64] = 29;
    assert_eq!(recover_signer(&d, &bad_v), None);
    bad_v[64] = sig[64] - 27; // raw 0/1 recovery ids are not accepted either
    assert_eq!(recover_signer(&d, &bad_v), None);
    assert_eq!(recover_signer(&d, &[0u8; 65]), None);
}

#[test]
fn set_hash_is_the_abi_encoding_of_validators_and_threshold() {
    let a = [0x11u8; 20];
    let c = [0x22u8; 20];
    // abi.encode(address[], uint16): offset 0x40, threshold, length, addresses left-padded.
    let mut enc = Vec::new();
    let word = |tail: &[u8]| {
        let mut w = vec![0u8; 32 - tail.len()];
        w.extend_from_slice(tail);
        w
    };
    enc.extend(word(&[0x40]));
    enc.extend(word(&[0x02]));
    enc.extend(word(&[0x02]));
    enc.extend(word(&a));
    enc.extend(word(&c));
    assert_eq!(set_hash(&[a, c], 2), message_id(&enc));
    assert_ne!(set_hash(&[a, c], 1), set_hash(&[a, c], 2));
}

/// `s' = n - s`, `v' = v ^ 1`: the same signer, malleated to a high s.
fn high_s(sig: &[u8; 65]) -> [u8; 65] {
    const N: [u8; 32] = [
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe, 0xba, 0xae,
        0xdc, 0xe6, 0xaf, 0x48, 0xa0, 0x3b, 0xbf, 0xd2, 0x5e, 0x8c, 0xd0, 0x36, 0x41, 0x41,
    ];
    let mut out = *sig;
    let mut borrow = 0i16;
    for i in (0..32).rev() {
        let mut x = i16::from(N[i]) - i16::from(sig[32 + i]) - borrow;
        borrow = if x < 0 {
            x += 256;
            1
        } else {
            0
        };
        out[32 + i] = x as u8;
    }
    out[64] = if sig[64] == 27 { 28 } else { 27 };
    out
}

// ---------------------------------------------------------------- initialize and admin

#[tokio::test]
async fn initialize_records_the_set_and_refuses_invalid_parameters() {
    let mut chain = Chain::start().await;
    let cal_admin = chain.new_user().await;
    chain.ok(&[cal_ix::initialize(&cal_admin.pubkey())], &[&cal_admin]).await;
    let ca = cal_admin.pubkey();
    let payer = chain.payer().pubkey();
    let v = b::vector_validators();
    let addrs: Vec<[u8; 20]> = v.iter().map(|x| x.address).collect();
    let args = |validators: Vec<[u8; 20]>, threshold: u16, retention_window: u32, admin: Pubkey| InitializeArgs {
        admin,
        pauser: Pubkey::new_unique(),
        validators,
        threshold,
        retention_window,
    };
    let admin = Pubkey::new_unique();
    let bad = [
        (args(vec![addrs[1], addrs[0], addrs[2]], 2, RETENTION, admin), code(E::BridgeInvalidValidatorSet)),
        (args(vec![addrs[0], addrs[0]], 1, RETENTION, admin), code(E::BridgeInvalidValidatorSet)),
        (args(addrs.clone(), 0, RETENTION, admin), code(E::BridgeInvalidValidatorSet)),
        // No majority: threshold * 2 must exceed the set size (1 of 3, 1 of 2 are refused).
        (args(addrs.clone(), 1, RETENTION, admin), code(E::BridgeInvalidValidatorSet)),
        (args(vec![addrs[0], addrs[1]], 1, RETENTION, admin), code(E::BridgeInvalidValidatorSet)),
        (args(addrs.clone(), 4, RETENTION, admin), code(E::BridgeInvalidValidatorSet)),
        (args(vec![], 1, RETENTION, admin), code(E::BridgeInvalidValidatorSet)),
        (args(vec![[0u8; 20], addrs[0]], 1, RETENTION, admin), code(E::BridgeInvalidValidatorSet)),
        (args(addrs.clone(), 2, 30 * 86_400 + 1, admin), code(E::BridgeParameterOutOfBounds)),
        (args(addrs.clone(), 2, RETENTION, Pubkey::default()), code(E::BridgeZeroAddress)),
    ];
    for (a, expected) in bad {
        assert_eq!(chain.fail(&[b::initialize(&ca, &cal_ix::mint(), a)], &[&cal_admin]).await, expected);
    }
    // Not the CAL mint: refused by the seeds constraint.
    let other_mint = chain.create_mint(&payer, 9).await;
    let c =
        chain.fail(&[b::initialize(&ca, &other_mint, args(addrs.clone(), 2, RETENTION, admin))], &[&cal_admin]).await;
    assert_eq!(c, anchor_code(AnchorError::ConstraintSeeds));
    // Anyone but the CAL admin: refused (no front-running with a validator set of one's own).
    let c = chain.fail(&[b::initialize(&payer, &cal_ix::mint(), args(addrs.clone(), 2, RETENTION, admin))], &[]).await;
    assert_eq!(c, code(E::BridgeNotCalAdmin));

    chain.ok(&[b::initialize(&ca, &cal_ix::mint(), args(addrs.clone(), 2, RETENTION, admin))], &[&cal_admin]).await;
    let cfg: BridgeConfig = chain.account(&b::config()).await;
    assert_eq!((cfg.admin, cfg.cal_mint, cfg.paused), (admin, cal_ix::mint(), false));
    assert_eq!((cfg.validators.clone(), cfg.threshold, cfg.set_id), (addrs.clone(), 2, 1));
    assert_eq!(cfg.set_hash, set_hash(&addrs, 2));
    assert_eq!((cfg.retention_window, cfg.outbound_nonce), (RETENTION, 0));
    // A second initialize cannot overwrite the config.
    assert!(chain.send(&[b::initialize(&ca, &cal_ix::mint(), args(addrs, 1, 0, ca))], &[&cal_admin]).await.is_err());
    let cfg: BridgeConfig = chain.account(&b::config()).await;
    assert_eq!((cfg.admin, cfg.threshold), (admin, 2));
}

#[tokio::test]
async fn only_the_admin_configures_and_it_can_hand_over_to_governance() {
    let mut br = Bridge::deploy().await;
    let intruder = br.chain.new_user().await;
    let i = intruder.pubkey();
    let payer = br.chain.payer().pubkey();
    let addrs: Vec<[u8; 20]> = br.validators.iter().map(|v| v.address).collect();
    let attempts = vec![
        b::set_validator_set(&i, addrs.clone(), 1),
        b::set_threshold(&i, 1),
        b::set_retention_window(&i, 0),
        b::set_roles(&i, i, i),
        b::unpause(&i),
        b::set_remote_domain(&i, &payer, TON, limits([9u8; 32])),
        b::disable_remote_domain(&i, EVM_SPOKE),
    ];
    for ix in attempts {
        assert_eq!(br.chain.fail(&[ix], &[&intruder]).await, code(E::GovernorOnlyExecutor));
    }
    // Solana itself is never a remote domain; a remote bridge is never zero.
    let admin = br.admin.insecure_clone();
    let c = br
        .chain
        .fail(&[b::set_remote_domain(&admin.pubkey(), &payer, SOLANA_DOMAIN, limits([9u8; 32]))], &[&admin])
        .await;
    assert_eq!(c, code(E::BridgeUnknownDomain));
    let c = br.chain.fail(&[b::set_remote_domain(&admin.pubkey(), &payer, TON, limits([0u8; 32]))], &[&admin]).await;
    assert_eq!(c, code(E::BridgeZeroAddress));

    let governance = br.chain.new_user().await;
    br.chain.ok(&[b::set_roles(&admin.pubkey(), governance.pubkey(), br.pauser.pubkey())], &[&admin]).await;
    let c = br.chain.fail(&[b::set_threshold(&admin.pubkey(), 1)], &[&admin]).await;
    assert_eq!(c, code(E::GovernorOnlyExecutor));
    br.chain.ok(&[b::set_threshold(&governance.pubkey(), 3)], &[&governance]).await;
    let cfg = br.config().await;
    assert_eq!((cfg.admin, cfg.threshold, cfg.set_id), (governance.pubkey(), 3, 1));
    assert_eq!(cfg.set_hash, set_hash(&addrs, 3));
    let c = br.chain.fail(&[b::set_threshold(&governance.pubkey(), 4)], &[&governance]).await;
    assert_eq!(c, code(E::BridgeInvalidValidatorSet));
    // Threshold 3 now: two signatures are below it.
    let user = Pubkey::new_unique();
    let msg = inbound(EVM_SPOKE, 1, &user, ONE_CAL);
    let sigs = b::sign_for_program(&msg, &[br.v(0), br.v(1)]);
    assert_eq!(br.deliver_fails(msg, sigs).await, code(E::BridgeBelowThreshold));
}

// ---------------------------------------------------------------- inbound and outbound

#[tokio::test]
async fn the_vector_message_to_solana_signed_for_this_program_mints_to_the_recipient_ata() {
    let mut br = Bridge::deploy().await;
    let case = load("bridge.json")["cases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["message"]["dstDomain"].as_u64() == Some(u64::from(SOLANA_DOMAIN)))
        .cloned()
        .expect("a Solana-bound vector");
    let message: [u8; 89] = hex(case["encoded"].as_str().unwrap()).try_into().unwrap();
    let m = BridgeMessage::decode(&message);
    assert_eq!(m.src_domain, EVM_SPOKE);
    let recipient = Pubkey::new_from_array(m.recipient);
    // All three dev validators sign the digest for this program id (the vector's dstBridge is another).
    let sigs = b::sign_for_program(&message, &[br.v(0), br.v(1), br.v(2)]);
    let ix = br.receive_ix(message, sigs);
    br.chain.ok(&[ix], &[]).await;

    assert_eq!(br.cal_balance(&recipient).await, m.amount);
    assert_eq!(br.supply().await, m.amount);
    assert_eq!(message_id(&message), hex32(case["messageId"].as_str().unwrap()));
    let d: DeliveredChunk = br.chain.account(&b::delivered(&message)).await;
    assert_eq!((d.src_domain, d.chunk), (EVM_SPOKE, m.nonce / 1024));
    assert!(d.is_delivered(m.nonce));
    let set: u32 = d.bits.iter().map(|b| b.count_ones()).sum();
    assert_eq!(set, 1, "only the message's bit is set");
    let remote: RemoteDomain = br.chain.account(&b::remote(EVM_SPOKE)).await;
    assert_eq!(remote.inbound.level, CAPACITY - m.amount);
}

#[tokio::test]
async fn an_inbound_mint_to_an_existing_ata_with_threshold_signatures() {
    let mut br = Bridge::deploy().await;
    let user = br.chain.new_user().await;
    br.deliver(inbound(EVM_SPOKE, 1, &user.pubkey(), 250 * ONE_CAL)).await;
    br.deliver(inbound(EVM_SPOKE, 2, &user.pubkey(), 5 * ONE_CAL)).await;
    assert_eq!(br.cal_balance(&user.pubkey()).await, 255 * ONE_CAL);
    assert_eq!(br.supply().await, 255 * ONE_CAL);
}

#[tokio::test]
async fn send_burns_and_stores_the_expected_outbound_message_with_increasing_nonces() {
    let mut br = Bridge::deploy().await;
    let user = br.chain.new_user().await;
    br.deliver(inbound(EVM_SPOKE, 1, &user.pubkey(), 100 * ONE_CAL)).await;
    let token = b::ata(&user.pubkey(), &br.mint);
    let evm_recipient = hex32("0x00000000000000000000000070997970c51812dc3a010c7d01b50e0d17dc79c8");
    let mint = br.mint;
    for (nonce, amount) in [(1u64, 30 * ONE_CAL), (2u64, 12_345)] {
        br.chain.ok(&[b::send(&user.pubkey(), &token, &mint, nonce, EVM_SPOKE, evm_recipient, amount)], &[&user]).await;
        let out: OutboundMessage = br.chain.account(&b::outbound(nonce)).await;
        // The layout written out by hand: version | src | dst | nonce | sender | recipient | amount.
        let mut expected = vec![1u8];
        expected.extend_from_slice(&SOLANA_DOMAIN.to_be_bytes());
        expected.extend_from_slice(&EVM_SPOKE.to_be_bytes());
        expected.extend_from_slice(&nonce.to_be_bytes());
        expected.extend_from_slice(user.pubkey().as_ref());
        expected.extend_from_slice(&evm_recipient);
        expected.extend_from_slice(&amount.to_be_bytes());
        assert_eq!(out.message.to_vec(), expected);
        assert_eq!(out.message_id, message_id(&expected));
        assert_eq!(out.nonce, nonce);
    }
    assert_eq!(br.config().await.outbound_nonce, 2);
    assert_eq!(br.cal_balance(&user.pubkey()).await, 70 * ONE_CAL - 12_345);
    assert_eq!(br.supply().await, 70 * ONE_CAL - 12_345);
    // A stale nonce slot cannot be reused: the outbound PDA must be the next one.
    let c = br.chain.fail(&[b::send(&user.pubkey(), &token, &mint, 1, EVM_SPOKE, evm_recipient, 1)], &[&user]).await;
    assert_eq!(c, anchor_code(AnchorError::ConstraintSeeds));
    // Zero amount, zero recipient, unknown destination.
    let c = br.chain.fail(&[b::send(&user.pubkey(), &token, &mint, 3, EVM_SPOKE, evm_recipient, 0)], &[&user]).await;
    assert_eq!(c, code(E::BridgeZeroAmount));
    let c = br.chain.fail(&[b::send(&user.pubkey(), &token, &mint, 3, EVM_SPOKE, [0u8; 32], 1)], &[&user]).await;
    assert_eq!(c, code(E::BridgeInvalidRecipient));
    // An EVM destination only takes a left-padded 20-byte address (otherwise the burn could never be delivered)…
    let c = br.chain.fail(&[b::send(&user.pubkey(), &token, &mint, 3, EVM_SPOKE, [0x42u8; 32], 1)], &[&user]).await;
    assert_eq!(c, code(E::BridgeInvalidRecipient));
    // …while a non-EVM destination (TON account ids) takes any non-zero 32 bytes.
    let admin = br.admin.insecure_clone();
    let payer = br.chain.payer().pubkey();
    br.chain.ok(&[b::set_remote_domain(&admin.pubkey(), &payer, TON, limits([0x11u8; 32]))], &[&admin]).await;
    br.chain.ok(&[b::send(&user.pubkey(), &token, &mint, 3, TON, [0x22u8; 32], 1)], &[&user]).await;
    let out: OutboundMessage = br.chain.account(&b::outbound(3)).await;
    assert_eq!(BridgeMessage::decode(&out.message[..].try_into().unwrap()).dst_domain, TON);
    let c = br.chain.fail(&[b::send(&user.pubkey(), &token, &mint, 4, 31_337, evm_recipient, 1)], &[&user]).await;
    assert_eq!(c, code(E::BridgeUnknownDomain));
    // Burning someone else's tokens needs their signature.
    let thief = br.chain.new_user().await;
    let c = br.chain.fail(&[b::send(&thief.pubkey(), &token, &mint, 4, EVM_SPOKE, evm_recipient, 1)], &[&thief]).await;
    assert_eq!(c, anchor_code(AnchorError::ConstraintTokenOwner));
    assert_eq!(br.config().await.outbound_nonce, 3);
    assert_eq!(br.supply().await, 70 * ONE_CAL - 12_346);
}

// ---------------------------------------------------------------- exploit classes

#[tokio::test]
async fn forged_signatures_are_refused() {
    let mut br = Bridge::deploy().await;
    let user = Pubkey::new_unique();
    let msg = inbound(EVM_SPOKE, 1, &user, 10 * ONE_CAL);
    let good = b::sign_for_program(&msg, &[br.v(0), br.v(1)]);
    // Malleated (high s, same signer) and a bad v.
    let c = br.deliver_fails(msg, vec![good[0], high_s(&good[1])]).await;
    assert_eq!(c, code(E::BridgeInvalidSignature));
    let mut bad_v = good[1];
    bad_v[64] = 0;
    assert_eq!(br.deliver_fails(msg, vec![good[0], bad_v]).await, code(E::BridgeInvalidSignature));
    // Garbage bytes.
    assert_eq!(br.deliver_fails(msg, vec![good[0], [0xffu8; 65]]).await, code(E::BridgeInvalidSignature));
    // Valid signatures over a different message, replayed on a raised amount: they recover to strangers.
    let mut inflated = msg;
    inflated[88] ^= 1;
    assert_eq!(br.deliver_fails(inflated, good.clone()).await, code(E::BridgeSignerNotInSet));
    // Signed by keys that merely claim to be validators.
    let forgers = [Validator::dev(1), Validator::dev(2)];
    let mut refs: Vec<&Validator> = forgers.iter().collect();
    refs.sort_by_key(|v| v.address);
    let sigs = b::sign_for_program(&msg, &refs);
    assert_eq!(br.deliver_fails(msg, sigs).await, code(E::BridgeSignerNotInSet));
    assert_eq!(br.supply().await, 0);
    assert!(!b::is_delivered(&mut br.chain, &msg).await);
}

#[tokio::test]
async fn duplicate_or_unordered_signers_are_refused() {
    let mut br = Bridge::deploy().await;
    let user = Pubkey::new_unique();
    let msg = inbound(EVM_SPOKE, 1, &user, ONE_CAL);
    let s0 = b::sign_for_program(&msg, &[br.v(0)])[0];
    let s1 = b::sign_for_program(&msg, &[br.v(1)])[0];
    assert_eq!(br.deliver_fails(msg, vec![s0, s0]).await, code(E::BridgeDuplicateSigner));
    assert_eq!(br.deliver_fails(msg, vec![s1, s0]).await, code(E::BridgeSignersNotAscending));
    assert_eq!(br.supply().await, 0);
    br.chain.ok(&[br.receive_ix(msg, vec![s0, s1])], &[]).await;
    assert_eq!(br.supply().await, ONE_CAL);
}

#[tokio::test]
async fn a_signer_outside_the_set_is_refused_even_alongside_valid_ones() {
    let mut br = Bridge::deploy().await;
    let user = Pubkey::new_unique();
    let msg = inbound(EVM_SPOKE, 1, &user, ONE_CAL);
    let outsider = Validator::dev(9);
    let mut signers: Vec<&Validator> = vec![br.v(0), br.v(1), &outsider];
    signers.sort_by_key(|v| v.address);
    let sigs = b::sign_for_program(&msg, &signers);
    assert_eq!(br.deliver_fails(msg, sigs).await, code(E::BridgeSignerNotInSet));
}

#[tokio::test]
async fn fewer_signatures_than_the_threshold_are_refused() {
    let mut br = Bridge::deploy().await;
    let user = Pubkey::new_unique();
    let msg = inbound(EVM_SPOKE, 1, &user, ONE_CAL);
    let one = b::sign_for_program(&msg, &[br.v(2)]);
    assert_eq!(br.deliver_fails(msg, one).await, code(E::BridgeBelowThreshold));
    assert_eq!(br.deliver_fails(msg, vec![]).await, code(E::BridgeBelowThreshold));
    let too_many = vec![[0u8; 65]; 33];
    let ix = br.receive_ix(msg, too_many);
    // 33 signatures do not even fit a transaction; the program bound is checked below directly.
    assert!(br.chain.send(&[ix], &[]).await.is_err());
    let cfg = br.config().await;
    let err = calctra_bridge::verify_signatures(&cfg, &[1u8; 32], &[[0u8; 65]; 33], 0).unwrap_err();
    assert_eq!(err, E::BridgeInvalidSignatureLength.into());
}

#[tokio::test]
async fn a_message_for_another_destination_domain_or_bridge_is_refused() {
    let mut br = Bridge::deploy().await;
    let user = Pubkey::new_unique();
    let mut to_ton = BridgeMessage::decode(&inbound(EVM_SPOKE, 1, &user, ONE_CAL));
    to_ton.dst_domain = TON;
    let to_ton = to_ton.encode();
    let d = b::digest_for(&to_ton, &calctra_bridge::ID.to_bytes());
    let sigs = vec![br.v(0).sign(&d), br.v(1).sign(&d)];
    assert_eq!(br.deliver_fails(to_ton, sigs).await, code(E::BridgeWrongDestination));
    // Signed for another bridge on Solana (the vectors' dstBridge): the digest differs.
    let msg = inbound(EVM_SPOKE, 1, &user, ONE_CAL);
    let d = b::digest_for(&msg, &hex32("0x06ddf6e1d765a193d9cbe146ceeb79ac1cb485ed5f5b37913a8cf5857eff00a9"));
    let sigs = vec![br.v(0).sign(&d), br.v(1).sign(&d)];
    assert_eq!(br.deliver_fails(msg, sigs).await, code(E::BridgeSignerNotInSet));
    assert_eq!(br.supply().await, 0);
}

#[tokio::test]
async fn a_delivered_message_cannot_be_replayed_and_prefunding_its_marker_does_not_block_it() {
    let mut br = Bridge::deploy().await;
    let user = Pubkey::new_unique();
    let msg = inbound(EVM_SPOKE, 1, &user, 7 * ONE_CAL);
    // A griefer pre-funds the replay-marker address before delivery.
    let marker = b::delivered(&msg);
    br.chain.fund(&marker, 1_000_000).await;
    br.deliver(msg).await;
    assert_eq!(br.cal_balance(&user).await, 7 * ONE_CAL);
    // Same signatures, same message: refused; other signers: refused too.
    let again = b::sign_for_program(&msg, &[br.v(0), br.v(1)]);
    assert_eq!(br.deliver_fails(msg, again).await, code(E::BridgeMessageAlreadyDelivered));
    let other = b::sign_for_program(&msg, &[br.v(1), br.v(2)]);
    assert_eq!(br.deliver_fails(msg, other).await, code(E::BridgeMessageAlreadyDelivered));
    assert_eq!(br.cal_balance(&user).await, 7 * ONE_CAL);
    assert_eq!(br.supply().await, 7 * ONE_CAL);
}

#[tokio::test]
async fn replay_is_marked_by_source_and_nonce_in_one_bitmap_chunk_per_1024_nonces() {
    let mut br = Bridge::deploy().await;
    let user = Pubkey::new_unique();
    // Nonces 1, 2 and 1023 share chunk 0; 1024 opens chunk 1; out of order is fine.
    for nonce in [2u64, 1, 1023, 1024] {
        br.deliver(inbound(EVM_SPOKE, nonce, &user, ONE_CAL)).await;
    }
    assert_eq!(br.cal_balance(&user).await, 4 * ONE_CAL);
    let c0: DeliveredChunk = br.chain.account(&b::delivered_chunk(EVM_SPOKE, 0)).await;
    assert_eq!((c0.src_domain, c0.chunk, c0.bits[0], c0.bits[127]), (EVM_SPOKE, 0, 0b110, 0b1000_0000));
    assert_eq!(c0.bits.iter().map(|b| b.count_ones()).sum::<u32>(), 3);
    let c1: DeliveredChunk = br.chain.account(&b::delivered_chunk(EVM_SPOKE, 1)).await;
    assert_eq!((c1.chunk, c1.bits[0]), (1, 1));
    for nonce in [1u64, 2, 1023, 1024] {
        assert!(b::is_delivered(&mut br.chain, &inbound(EVM_SPOKE, nonce, &user, ONE_CAL)).await);
    }
    assert!(!b::is_delivered(&mut br.chain, &inbound(EVM_SPOKE, 3, &user, ONE_CAL)).await);
    // The same (source, nonce) with any other content is a replay: the nonce is what is marked.
    let other = inbound(EVM_SPOKE, 1023, &Pubkey::new_unique(), 5 * ONE_CAL);
    let sigs = b::sign_for_program(&other, &[br.v(0), br.v(1)]);
    assert_eq!(br.deliver_fails(other, sigs).await, code(E::BridgeMessageAlreadyDelivered));
    assert_eq!(br.supply().await, 4 * ONE_CAL);
}

#[tokio::test]
async fn a_rotated_out_set_signs_only_within_the_retention_window() {
    let mut br = Bridge::deploy().await;
    let admin = br.admin.insecure_clone();
    let mut fresh = [Validator::dev(11), Validator::dev(12), Validator::dev(13)];
    fresh.sort_by_key(|v| v.address);
    let fresh_addrs: Vec<[u8; 20]> = fresh.iter().map(|v| v.address).collect();
    let rotated_at = br.chain.now().await;
    br.chain.ok(&[b::set_validator_set(&admin.pubkey(), fresh_addrs.clone(), 3)], &[&admin]).await;
    let cfg = br.config().await;
    assert_eq!((cfg.set_id, cfg.set_hash, cfg.threshold), (2, set_hash(&fresh_addrs, 3), 3));
    assert_eq!(cfg.previous_threshold, 2);
    assert_eq!(cfg.previous_valid_until, rotated_at + i64::from(RETENTION));
    assert_eq!(cfg.previous_validators, br.validators.iter().map(|v| v.address).collect::<Vec<_>>());

    let user = Pubkey::new_unique();
    // Within the window: the old set still delivers an in-flight message with its own threshold (2).
    br.deliver(inbound(EVM_SPOKE, 1, &user, ONE_CAL)).await;
    // A mix of both sets is refused.
    let msg2 = inbound(EVM_SPOKE, 2, &user, ONE_CAL);
    let mut mixed: Vec<&Validator> = vec![br.v(0), &fresh[0]];
    mixed.sort_by_key(|v| v.address);
    let sigs = b::sign_for_program(&msg2, &mixed);
    assert_eq!(br.deliver_fails(msg2, sigs).await, code(E::BridgeSignerNotInSet));
    // At the end of the window (now == previous_valid_until) the old set is already out.
    br.chain.set_time(rotated_at + i64::from(RETENTION));
    let old = b::sign_for_program(&msg2, &[br.v(0), br.v(1)]);
    assert_eq!(br.deliver_fails(msg2, old).await, code(E::BridgeSignerNotInSet));
    // The new set needs its threshold (3).
    let two_new = b::sign_for_program(&msg2, &[&fresh[0], &fresh[2]]);
    assert_eq!(br.deliver_fails(msg2, two_new).await, code(E::BridgeBelowThreshold));
    let new = b::sign_for_program(&msg2, &[&fresh[0], &fresh[1], &fresh[2]]);
    br.chain.ok(&[br.receive_ix(msg2, new)], &[]).await;
    assert_eq!(br.cal_balance(&user).await, 2 * ONE_CAL);
}

#[tokio::test]
async fn a_rotation_with_retention_zero_revokes_the_previous_set_at_once() {
    let mut br = Bridge::deploy().await;
    let admin = br.admin.insecure_clone();
    br.chain.ok(&[b::set_retention_window(&admin.pubkey(), 0)], &[&admin]).await;
    let (mut fresh, user) = ([Validator::dev(21), Validator::dev(22), Validator::dev(23)], Pubkey::new_unique());
    fresh.sort_by_key(|v| v.address);
    let rotated_at = br.chain.now().await;
    br.chain
        .ok(&[b::set_validator_set(&admin.pubkey(), fresh.iter().map(|v| v.address).collect(), 2)], &[&admin])
        .await;
    assert_eq!(br.config().await.previous_valid_until, rotated_at);
    // Same second as the rotation: the replaced set no longer signs anything.
    let msg = inbound(EVM_SPOKE, 1, &user, ONE_CAL);
    let old = b::sign_for_program(&msg, &[br.v(0), br.v(1)]);
    assert_eq!(br.deliver_fails(msg, old).await, code(E::BridgeSignerNotInSet));
    let new = b::sign_for_program(&msg, &[&fresh[0], &fresh[1]]);
    br.chain.ok(&[br.receive_ix(msg, new)], &[]).await;
    assert_eq!(br.cal_balance(&user).await, ONE_CAL);
}

#[tokio::test]
async fn a_validator_set_without_a_majority_threshold_is_refused_on_rotation_and_threshold_change() {
    let mut br = Bridge::deploy().await;
    let admin = br.admin.insecure_clone();
    let addrs: Vec<[u8; 20]> = br.validators.iter().map(|v| v.address).collect();
    let (_, four) = {
        let mut v = vec![Validator::dev(31), Validator::dev(32), Validator::dev(33), Validator::dev(34)];
        v.sort_by_key(|x| x.address);
        let a: Vec<[u8; 20]> = v.iter().map(|x| x.address).collect();
        (v, a)
    };
    for ix in [
        b::set_threshold(&admin.pubkey(), 1),
        b::set_validator_set(&admin.pubkey(), four.clone(), 2),
        b::set_validator_set(&admin.pubkey(), addrs[..2].to_vec(), 1),
    ] {
        assert_eq!(br.chain.fail(&[ix], &[&admin]).await, code(E::BridgeInvalidValidatorSet));
    }
    br.chain.ok(&[b::set_validator_set(&admin.pubkey(), four.clone(), 3)], &[&admin]).await;
    br.chain.ok(&[b::set_validator_set(&admin.pubkey(), addrs[..1].to_vec(), 1)], &[&admin]).await;
    assert_eq!((br.config().await.threshold, br.config().await.set_id), (1, 3));
}

#[test]
fn recipient_vectors_are_deliverable_exactly_as_the_sdk_says() {
    let cases = load("governance.json")["recipients"].as_array().unwrap().clone();
    assert!(cases.len() >= 5);
    for c in &cases {
        let dst = c["dstDomain"].as_u64().unwrap() as u32;
        let recipient = hex32(c["recipient"].as_str().unwrap());
        assert_eq!(
            calctra_bridge::codec::is_deliverable_recipient(dst, &recipient),
            c["deliverable"].as_bool().unwrap(),
            "{c}"
        );
    }
}

#[tokio::test]
async fn send_refuses_the_recipient_vectors_an_evm_domain_could_never_deliver_to() {
    let mut br = Bridge::deploy().await;
    let admin = br.admin.insecure_clone();
    let payer = br.chain.payer().pubkey();
    let user = br.chain.new_user().await;
    br.deliver(inbound(EVM_SPOKE, 1, &user.pubkey(), 100 * ONE_CAL)).await;
    let token = b::ata(&user.pubkey(), &br.mint);
    let mint = br.mint;
    let mut nonce = 1u64;
    for c in load("governance.json")["recipients"].as_array().unwrap() {
        let dst = c["dstDomain"].as_u64().unwrap() as u32;
        if dst == SOLANA_DOMAIN {
            continue; // Solana is never a remote domain of itself (covered by the pure check above).
        }
        if dst != EVM_SPOKE && !br.chain.exists(&b::remote(dst)).await {
            br.chain.ok(&[b::set_remote_domain(&admin.pubkey(), &payer, dst, limits([0x11u8; 32]))], &[&admin]).await;
        }
        let recipient = hex32(c["recipient"].as_str().unwrap());
        let ix = b::send(&user.pubkey(), &token, &mint, nonce, dst, recipient, ONE_CAL);
        if c["deliverable"].as_bool().unwrap() {
            br.chain.ok(&[ix], &[&user]).await;
            let out: OutboundMessage = br.chain.account(&b::outbound(nonce)).await;
            assert_eq!(BridgeMessage::decode(&out.message[..].try_into().unwrap()).recipient, recipient);
            nonce += 1;
        } else {
            assert_eq!(c["error"].as_str().unwrap(), "BridgeInvalidRecipient");
            assert_eq!(br.chain.fail(&[ix], &[&user]).await, code(E::BridgeInvalidRecipient), "{c}");
        }
    }
    assert_eq!(br.config().await.outbound_nonce, nonce - 1);
    assert_eq!(br.cal_balance(&user.pubkey()).await, 100 * ONE_CAL - (nonce - 1) * ONE_CAL);
}

#[tokio::test]
async fn uninitialized_zero_or_malformed_state_is_refused() {
    // Nothing initialized: the config account does not exist.
    let mut chain = Chain::start().await;
    let user = Pubkey::new_unique();
    let msg = inbound(EVM_SPOKE, 1, &user, ONE_CAL);
    let v = b::vector_validators();
    let sigs = b::sign_for_program(&msg, &[&v[0], &v[1]]);
    let payer = chain.payer().pubkey();
    let c = chain.fail(&[b::receive(&payer, &cal_ix::mint(), msg, sigs)], &[]).await;
    assert_eq!(c, anchor_code(AnchorError::AccountNotInitialized));

    let mut br = Bridge::deploy().await;
    let sign = |br: &Bridge, m: &[u8; 89]| b::sign_for_program(m, &[br.v(0), br.v(1)]);
    // A source domain never configured, and one disabled.
    let from_ton = inbound(TON, 1, &user, ONE_CAL);
    assert_eq!(br.deliver_fails(from_ton, sign(&br, &from_ton)).await, code(E::BridgeUnknownDomain));
    let admin = br.admin.insecure_clone();
    br.chain.ok(&[b::disable_remote_domain(&admin.pubkey(), EVM_SPOKE)], &[&admin]).await;
    assert_eq!(br.deliver_fails(msg, sign(&br, &msg)).await, code(E::BridgeUnknownDomain));
    let c = br.chain.fail(&[b::disable_remote_domain(&admin.pubkey(), EVM_SPOKE)], &[&admin]).await;
    assert_eq!(c, code(E::BridgeUnknownDomain));
    let payer = br.chain.payer().pubkey();
    br.chain
        .ok(&[b::set_remote_domain(&admin.pubkey(), &payer, EVM_SPOKE, limits(evm_spoke_bridge()))], &[&admin])
        .await;
    // Zero amount, zero recipient, unknown version.
    let zero = inbound(EVM_SPOKE, 2, &user, 0);
    assert_eq!(br.deliver_fails(zero, sign(&br, &zero)).await, code(E::BridgeZeroAmount));
    let nobody = inbound(EVM_SPOKE, 3, &Pubkey::default(), ONE_CAL);
    assert_eq!(br.deliver_fails(nobody, sign(&br, &nobody)).await, code(E::BridgeInvalidRecipient));
    let mut v2 = inbound(EVM_SPOKE, 4, &user, ONE_CAL);
    v2[0] = 2;
    assert_eq!(br.deliver_fails(v2, sign(&br, &v2)).await, code(E::BridgeInvalidMessage));
    // A recipient account that is not the message's recipient.
    let mut ix = br.receive_ix(msg, sign(&br, &msg));
    let stranger = Pubkey::new_unique();
    ix.accounts[6].pubkey = stranger;
    ix.accounts[7].pubkey = b::ata(&stranger, &br.mint);
    assert_eq!(br.chain.fail(&[ix], &[]).await, code(E::BridgeInvalidRecipient));
    // The message's recipient with a token account that is not its ATA.
    let mut ix = br.receive_ix(msg, sign(&br, &msg));
    let mint = br.mint;
    let side = br.chain.token_account(&mint, &user).await;
    ix.accounts[7].pubkey = side;
    assert_eq!(br.chain.fail(&[ix], &[]).await, anchor_code(AnchorError::AccountNotAssociatedTokenAccount));
    // A replay chunk that is not the message's `["delivered", srcDomain, nonce / 1024]` PDA.
    let mut ix = br.receive_ix(msg, sign(&br, &msg));
    ix.accounts[3].pubkey = b::delivered_chunk(EVM_SPOKE, 1);
    assert_eq!(br.chain.fail(&[ix], &[]).await, anchor_code(AnchorError::ConstraintSeeds));
    let mut ix = br.receive_ix(msg, sign(&br, &msg));
    ix.accounts[3].pubkey = b::delivered_chunk(TON, 0);
    assert_eq!(br.chain.fail(&[ix], &[]).await, anchor_code(AnchorError::ConstraintSeeds));
    assert_eq!(br.supply().await, 0);
    br.deliver(msg).await;
    assert_eq!(br.supply().await, ONE_CAL);
}

#[tokio::test]
async fn inbound_and_outbound_rate_limits_cap_the_flow_per_domain_and_refill() {
    let mut br = Bridge::deploy().await;
    let user = br.chain.new_user().await;
    br.deliver(inbound(EVM_SPOKE, 1, &user.pubkey(), 600 * ONE_CAL)).await;
    let over = inbound(EVM_SPOKE, 2, &user.pubkey(), 401 * ONE_CAL);
    let sigs = b::sign_for_program(&over, &[br.v(0), br.v(1)]);
    assert_eq!(br.deliver_fails(over, sigs).await, code(E::BridgeRateLimited));
    // 400 CAL left; 1 CAL/s refills: after 1 s, 401 fit.
    br.chain.advance(1).await;
    br.deliver(over).await;
    let remote: RemoteDomain = br.chain.account(&b::remote(EVM_SPOKE)).await;
    assert_eq!(remote.inbound.level, 0);
    // The refill never exceeds the capacity.
    br.chain.advance(10_000).await;
    let huge = inbound(EVM_SPOKE, 3, &user.pubkey(), CAPACITY + 1);
    let sigs = b::sign_for_program(&huge, &[br.v(0), br.v(1)]);
    assert_eq!(br.deliver_fails(huge, sigs).await, code(E::BridgeRateLimited));

    // Outbound: a tighter bucket set by the admin.
    let admin = br.admin.insecure_clone();
    let payer = br.chain.payer().pubkey();
    let mut tight = limits(evm_spoke_bridge());
    tight.outbound_capacity = 100 * ONE_CAL;
    tight.outbound_rate_per_second = 0;
    br.chain.ok(&[b::set_remote_domain(&admin.pubkey(), &payer, EVM_SPOKE, tight)], &[&admin]).await;
    let token = b::ata(&user.pubkey(), &br.mint);
    let mint = br.mint;
    let mut to = [0u8; 32];
    to[12..].copy_from_slice(&[0x42u8; 20]);
    br.chain.ok(&[b::send(&user.pubkey(), &token, &mint, 1, EVM_SPOKE, to, 100 * ONE_CAL)], &[&user]).await;
    let c = br.chain.fail(&[b::send(&user.pubkey(), &token, &mint, 2, EVM_SPOKE, to, 1)], &[&user]).await;
    assert_eq!(c, code(E::BridgeRateLimited));
    br.chain.advance(86_400).await;
    let c = br.chain.fail(&[b::send(&user.pubkey(), &token, &mint, 2, EVM_SPOKE, to, 1)], &[&user]).await;
    assert_eq!(c, code(E::BridgeRateLimited));
}

#[tokio::test]
async fn the_pauser_pauses_delivery_and_sends_and_only_the_admin_unpauses() {
    let mut br = Bridge::deploy().await;
    let user = br.chain.new_user().await;
    br.deliver(inbound(EVM_SPOKE, 1, &user.pubkey(), 10 * ONE_CAL)).await;
    let admin = br.admin.insecure_clone();
    let pauser = br.pauser.insecure_clone();
    // A stranger is neither the pauser nor the admin (governance, which may pause too).
    let stranger = br.chain.new_user().await;
    assert_eq!(br.chain.fail(&[b::pause(&stranger.pubkey())], &[&stranger]).await, code(E::BridgeNotPauser));
    br.chain.ok(&[b::pause(&pauser.pubkey())], &[&pauser]).await;
    assert_eq!(br.chain.fail(&[b::pause(&admin.pubkey())], &[&admin]).await, code(E::EnforcedPause));
    assert_eq!(br.chain.fail(&[b::pause(&pauser.pubkey())], &[&pauser]).await, code(E::EnforcedPause));

    let msg = inbound(EVM_SPOKE, 2, &user.pubkey(), ONE_CAL);
    let sigs = b::sign_for_program(&msg, &[br.v(0), br.v(1)]);
    assert_eq!(br.deliver_fails(msg, sigs).await, code(E::EnforcedPause));
    let token = b::ata(&user.pubkey(), &br.mint);
    let mint = br.mint;
    let to = evm_spoke_bridge();
    let c = br.chain.fail(&[b::send(&user.pubkey(), &token, &mint, 1, EVM_SPOKE, to, ONE_CAL)], &[&user]).await;
    assert_eq!(c, code(E::EnforcedPause));
    // The pauser cannot unpause.
    assert_eq!(br.chain.fail(&[b::unpause(&pauser.pubkey())], &[&pauser]).await, code(E::GovernorOnlyExecutor));
    br.chain.ok(&[b::unpause(&admin.pubkey())], &[&admin]).await;
    assert_eq!(br.chain.fail(&[b::unpause(&admin.pubkey())], &[&admin]).await, code(E::ExpectedPause));
    br.deliver(msg).await;
    br.chain.ok(&[b::send(&user.pubkey(), &token, &mint, 1, EVM_SPOKE, to, ONE_CAL)], &[&user]).await;
    assert_eq!(br.cal_balance(&user.pubkey()).await, 10 * ONE_CAL);
}

#[tokio::test]
async fn nothing_is_minted_or_marked_delivered_before_cal_token_hands_over_the_mint_authority() {
    let (mut br, cal_admin) = Bridge::deploy_with(false).await;
    let user = Pubkey::new_unique();
    let msg = inbound(EVM_SPOKE, 1, &user, ONE_CAL);
    let sigs = b::sign_for_program(&msg, &[br.v(0), br.v(1)]);
    // SPL Token refuses the mint (OwnerMismatch = 4): the bridge PDA is not yet the authority.
    assert_eq!(br.deliver_fails(msg, sigs.clone()).await, 4);
    assert!(!b::is_delivered(&mut br.chain, &msg).await);
    br.chain.ok(&[cal_ix::hand_over(&cal_admin.pubkey(), calctra_bridge::ID)], &[&cal_admin]).await;
    br.chain.ok(&[br.receive_ix(msg, sigs)], &[]).await;
    assert_eq!(br.cal_balance(&user).await, ONE_CAL);
}

fn all_bridge_errors() -> Vec<E> {
    vec![
        E::BridgeInvalidMessage,
        E::BridgeWrongDestination,
        E::BridgeUnknownDomain,
        E::BridgeZeroAmount,
        E::BridgeInvalidRecipient,
        E::BridgeMessageAlreadyDelivered,
        E::BridgeInvalidSignature,
        E::BridgeInvalidSignatureLength,
        E::BridgeDuplicateSigner,
        E::BridgeSignersNotAscending,
        E::BridgeSignerNotInSet,
        E::BridgeBelowThreshold,
        E::BridgeRateLimited,
        E::BridgeInvalidValidatorSet,
        E::BridgeParameterOutOfBounds,
        E::BridgeZeroAddress,
        E::EnforcedPause,
        E::ExpectedPause,
        E::GovernorOnlyExecutor,
        E::BridgeNotPauser,
        E::ArithmeticOverflow,
        E::BridgeNotCalAdmin,
        E::BridgeUnauthorizedSender,
    ]
}

#[test]
fn bridge_error_codes_start_at_6400_and_the_generated_idl_carries_them() {
    let errors = all_bridge_errors();
    for (i, e) in errors.iter().enumerate() {
        assert_eq!(u32::from(*e), 6400 + i as u32, "{}", e.name());
    }
    let path = calctra_solana_tests::vectors::manifest_dir().join("../idl/calctra_bridge.json");
    let idl: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    assert_eq!(idl["address"].as_str().unwrap(), calctra_bridge::ID.to_string());
    let got = idl_errors(&idl);
    let expected: Vec<(String, u32)> = errors.into_iter().map(|e| (e.name(), u32::from(e))).collect();
    assert_eq!(got, expected);
    let names: Vec<&str> =
        idl["instructions"].as_array().unwrap().iter().map(|i| i["name"].as_str().unwrap()).collect();
    for n in [
        "initialize",
        "receive_message",
        "send",
        "set_validator_set",
        "set_threshold",
        "set_remote_domain",
        "pause",
        "unpause",
    ] {
        assert!(names.contains(&n), "{n} in the IDL");
    }
}

proptest::proptest! {
    /// A bucket never holds more than its capacity, a consume takes exactly the amount or fails
    /// with `BridgeRateLimited` when it exceeds the refilled level, and time only refills.
    #[test]
    fn token_bucket_refills_to_capacity_and_consumes_exactly(
        capacity in 0u64..=u64::MAX,
        rate in 0u64..=u64::MAX,
        start_level in 0u64..=u64::MAX,
        elapsed in 0i64..=10_000_000_000i64,
        amount in 0u64..=u64::MAX,
    ) {
        let mut bucket = calctra_bridge::Bucket { capacity, rate_per_second: rate, level: start_level.min(capacity), updated_at: 1_000 };
        let now = 1_000 + elapsed;
        let level = bucket.level_at(now);
        let expected = (u128::from(bucket.level) + u128::from(rate) * elapsed as u128).min(u128::from(capacity)) as u64;
        proptest::prop_assert_eq!(level, expected);
        proptest::prop_assert!(bucket.level_at(now - elapsed) == bucket.level);
        let before = bucket;
        match bucket.consume(amount, now) {
            Ok(()) => {
                proptest::prop_assert!(amount <= level);
                proptest::prop_assert_eq!((bucket.level, bucket.updated_at), (level - amount, now));
            }
            Err(e) => {
                proptest::prop_assert!(amount > level);
                proptest::prop_assert_eq!(e, E::BridgeRateLimited.into());
                proptest::prop_assert_eq!(bucket, before);
            }
        }
    }
}
