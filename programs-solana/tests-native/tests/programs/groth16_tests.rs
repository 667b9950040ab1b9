//! Groth16 over alt_bn128 with the ZK engineer's real snarkjs proof vector.
use calctra_solana_tests::env::Env;
use calctra_solana_tests::ix::mp_ix;
use calctra_solana_tests::{code, snarkjs, vectors, ONE_CAL};
use marketplace::errors::MarketplaceError as M;
use marketplace::groth16::{verify, Groth16Error};
use marketplace::{CreateTaskArgs, TaskStatus, VerifierAccount, BN254_R};
use serde_json::Value;
use solana_sdk::signature::Signer;

struct Vector {
    vk: marketplace::Groth16VerifyingKey,
    proof: Vec<u8>,
    inputs: [[u8; 32]; 4],
    json: Value,
}

fn vector() -> Vector {
    let json = vectors::load("proofs/result_commitment.bn254.json");
    assert_eq!(json["curve"], "bn254");
    let inputs_json = json["publicInputs"].as_array().unwrap();
    assert_eq!(inputs_json.len(), 4);
    let mut inputs = [[0u8; 32]; 4];
    for (i, v) in inputs_json.iter().enumerate() {
        inputs[i] = vectors::decimal_to_be32(v.as_str().unwrap());
    }
    Vector { vk: snarkjs::verifying_key(&json["vkey"]), proof: snarkjs::proof_bytes(&json["proof"]), inputs, json }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn the_real_snarkjs_proof_verifies_natively() {
    let v = vector();
    assert_eq!(verify(&v.vk, &v.proof, &v.inputs), Ok(()));
}

#[test]
fn the_snarkjs_conversion_matches_the_zk_solana_export() {
    let v = vector();
    let export = vectors::load("proofs/result_commitment.bn254.solana.json");
    assert_eq!(hex(&v.vk.alpha_g1), export["vk"]["alphaG1"].as_str().unwrap());
    assert_eq!(hex(&v.vk.beta_g2), export["vk"]["betaG2"].as_str().unwrap());
    assert_eq!(hex(&v.vk.gamma_g2), export["vk"]["gammaG2"].as_str().unwrap());
    assert_eq!(hex(&v.vk.delta_g2), export["vk"]["deltaG2"].as_str().unwrap());
    for (i, ic) in v.vk.ic.iter().enumerate() {
        assert_eq!(hex(ic), export["vk"]["ic"][i].as_str().unwrap());
    }
    assert_eq!(hex(&v.proof[64..192]), export["proof"]["b"].as_str().unwrap());
    assert_eq!(hex(&v.proof[192..256]), export["proof"]["c"].as_str().unwrap());
    // The export carries -A; the program takes A and negates it itself: same x, y' = p - y.
    let a_neg = export["proof"]["aNeg"].as_str().unwrap();
    assert_eq!(&a_neg[..64], hex(&v.proof[..32]));
    assert_ne!(&a_neg[64..], hex(&v.proof[32..64]));
    assert_eq!(v.json["publicInputs"].as_array().unwrap().len(), 4);
}

#[test]
fn tampered_proofs_and_inputs_are_rejected() {
    let v = vector();
    for (i, offset) in [5usize, 40, 70, 150, 200, 250].iter().enumerate() {
        let mut p = v.proof.clone();
        p[*offset] ^= 1 << (i % 8);
        assert_eq!(verify(&v.vk, &p, &v.inputs), Err(Groth16Error::Invalid), "byte {offset}");
    }
    for i in 0..4 {
        let mut inputs = v.inputs;
        inputs[i][31] ^= 1;
        assert_eq!(verify(&v.vk, &v.proof, &inputs), Err(Groth16Error::Invalid), "input {i}");
    }
    assert_eq!(verify(&v.vk, &v.proof[..255], &v.inputs), Err(Groth16Error::Invalid));
    let mut swapped = v.proof.clone();
    swapped[..64].copy_from_slice(&v.proof[192..]);
    swapped[192..].copy_from_slice(&v.proof[..64]);
    assert_eq!(verify(&v.vk, &swapped, &v.inputs), Err(Groth16Error::Invalid));
}

#[test]
fn public_inputs_at_or_above_the_field_modulus_are_rejected() {
    let v = vector();
    for i in 0..4 {
        let mut inputs = v.inputs;
        inputs[i] = BN254_R;
        assert_eq!(verify(&v.vk, &v.proof, &inputs), Err(Groth16Error::InputOutOfRange));
        inputs[i] = [0xff; 32];
        assert_eq!(verify(&v.vk, &v.proof, &inputs), Err(Groth16Error::InputOutOfRange));
    }
}

#[tokio::test]
async fn verifier_registry_holds_the_vk_in_an_account() {
    let mut env = Env::new().await;
    let v = vector();
    let admin = env.admin.insecure_clone();
    let payer = env.chain.payer().pubkey();
    env.chain.ok(&[mp_ix::register_verifier(&admin.pubkey(), &payer, 7, v.vk.clone())], &[&admin]).await;
    let acc: VerifierAccount = env.chain.account(&mp_ix::verifier(7)).await;
    assert_eq!(acc.verifier_id, 7);
    assert_eq!(acc.vk, v.vk);
    let c = env.chain.fail(&[mp_ix::register_verifier(&admin.pubkey(), &payer, 0, v.vk.clone())], &[&admin]).await;
    assert_eq!(c, code(M::MarketplaceUnknownVerifier));
}

#[tokio::test]
async fn a_proof_bound_to_another_provider_or_garbage_is_rejected_on_chain() {
    let mut env = Env::new().await;
    let v = vector();
    let admin = env.admin.insecure_clone();
    let payer = env.chain.payer().pubkey();
    env.chain.ok(&[mp_ix::register_verifier(&admin.pubkey(), &payer, 1, v.vk.clone())], &[&admin]).await;
    let user = env.actor(100 * ONE_CAL).await;
    let provider = env.provider(200 * ONE_CAL).await;
    let now = env.chain.now().await;
    // Same taskId (1) and specHash as the vector; only the provider differs (a Solana key).
    let args = CreateTaskArgs {
        spec_hash: v.inputs[1],
        reward: 10 * ONE_CAL,
        collateral: ONE_CAL,
        deadline: now + 3_600,
        verifier_id: 1,
        model_creator: None,
        min_reputation_bps: 0,
    };
    let id = env.create_task(&user, args).await;
    assert_eq!(id, 1);
    env.chain.ok(&[mp_ix::accept_task(&provider.key(), id)], &[&provider.kp]).await;
    let p = env.parties(id, &provider, &user, None);
    let pk = provider.key();
    let c = env
        .chain
        .fail(&[mp_ix::submit_result_with_proof(&pk, 1, &p, v.inputs[2], v.proof.clone())], &[&provider.kp])
        .await;
    assert_eq!(c, code(M::MarketplaceInvalidProof));
    let c = env
        .chain
        .fail(&[mp_ix::submit_result_with_proof(&pk, 1, &p, v.inputs[2], vec![0u8; 256])], &[&provider.kp])
        .await;
    assert_eq!(c, code(M::MarketplaceInvalidProof));
    let c = env.chain.fail(&[mp_ix::submit_result_with_proof(&pk, 1, &p, v.inputs[2], vec![])], &[&provider.kp]).await;
    assert_eq!(c, code(M::MarketplaceInvalidProof));
    let c =
        env.chain.fail(&[mp_ix::submit_result_with_proof(&pk, 1, &p, BN254_R, v.proof.clone())], &[&provider.kp]).await;
    assert_eq!(c, code(M::MarketplaceFieldElementOutOfRange));
    assert_eq!(env.task(id).await.status, TaskStatus::Assigned);
    assert_eq!(env.escrow_balance().await, 10 * ONE_CAL);
}

/// The success path on chain: a real proof (programs-solana/scripts/gen-solana-proof.ts, same
/// verifying key as the shared vector) bound to a Solana provider whose key the test holds.
#[tokio::test]
async fn a_valid_proof_completes_the_task_and_pays_out_at_once() {
    let fixture: Value = serde_json::from_str(
        &std::fs::read_to_string(
            calctra_solana_tests::vectors::manifest_dir().join("fixtures/result_commitment.solana.bn254.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let v = vector();
    let proof = snarkjs::proof_bytes(&fixture["proof"]);
    let mut inputs = [[0u8; 32]; 4];
    for (i, s) in fixture["publicInputs"].as_array().unwrap().iter().enumerate() {
        inputs[i] = vectors::decimal_to_be32(s.as_str().unwrap());
    }
    assert_eq!(verify(&v.vk, &proof, &inputs), Ok(()));

    let mut env = Env::new().await;
    let admin = env.admin.insecure_clone();
    let payer = env.chain.payer().pubkey();
    env.chain.ok(&[mp_ix::register_verifier(&admin.pubkey(), &payer, 1, v.vk.clone())], &[&admin]).await;

    let kp = solana_sdk::signer::keypair::keypair_from_seed(&[7u8; 32]).unwrap();
    assert_eq!(kp.pubkey().to_string(), fixture["provider"].as_str().unwrap());
    assert_eq!(marketplace::math::provider_field(&kp.pubkey().to_bytes()), inputs[3]);
    env.chain.fund(&kp.pubkey(), 10_000_000_000).await;
    let token = env.chain.token_account(&env.mint.clone(), &kp.pubkey()).await;
    let (mint, auth) = (env.mint, env.mint_authority.insecure_clone());
    env.chain.mint_to(&mint, &auth, &token, 200 * ONE_CAL).await;
    env.chain.ok(&[calctra_solana_tests::ix::staking_ix::register(&kp.pubkey(), [3u8; 32])], &[&kp]).await;
    env.chain.ok(&[calctra_solana_tests::ix::staking_ix::stake(&kp.pubkey(), &token, 200 * ONE_CAL)], &[&kp]).await;
    let provider = calctra_solana_tests::env::Actor { kp, token };

    let user = env.actor(100 * ONE_CAL).await;
    let now = env.chain.now().await;
    let reward = 10 * ONE_CAL;
    let args = CreateTaskArgs {
        spec_hash: inputs[1],
        reward,
        collateral: 20 * ONE_CAL,
        deadline: now + 3_600,
        verifier_id: 1,
        model_creator: None,
        min_reputation_bps: 5000,
    };
    let id = env.create_task(&user, args).await;
    assert_eq!(u64::from_be_bytes(inputs[0][24..].try_into().unwrap()), id);
    env.chain.ok(&[mp_ix::accept_task(&provider.key(), id)], &[&provider.kp]).await;
    let p = env.parties(id, &provider, &user, None);
    let pk = provider.key();

    let mut tampered = proof.clone();
    tampered[100] ^= 1;
    let c = env.chain.fail(&[mp_ix::submit_result_with_proof(&pk, 1, &p, inputs[2], tampered)], &[&provider.kp]).await;
    assert_eq!(c, code(M::MarketplaceInvalidProof));
    let mut wrong_commitment = inputs[2];
    wrong_commitment[31] ^= 1;
    let c = env
        .chain
        .fail(&[mp_ix::submit_result_with_proof(&pk, 1, &p, wrong_commitment, proof.clone())], &[&provider.kp])
        .await;
    assert_eq!(c, code(M::MarketplaceInvalidProof));

    env.chain.ok(&[mp_ix::submit_result_with_proof(&pk, 1, &p, inputs[2], proof)], &[&provider.kp]).await;
    let t = env.task(id).await;
    assert_eq!((t.status, t.result_commitment), (TaskStatus::Completed, inputs[2]));
    let (to_p, to_t, _) = marketplace::math::payout_split(reward, 1500, 500, false).unwrap();
    assert_eq!(env.chain.balance(&provider.token).await, to_p);
    assert_eq!(env.chain.balance(&env.treasury.token.clone()).await, to_t);
    assert_eq!(env.escrow_balance().await, 0);
    let rec = env.provider_record(&pk).await;
    assert_eq!((rec.completed, rec.locked), (1, 0));
}
