//! test/vectors/replicas.json replayed on Solana: every scenario, every step at creation + `at`, with the
//! conservation invariants after each step, and every `commits` case through marketplace::math::replica_commit.
use anchor_lang::prelude::Pubkey;
use calctra_solana_tests::ix::mp_ix;
use calctra_solana_tests::market::{offer, Market};
use calctra_solana_tests::vectors::{self, hex_to_32};
use marketplace::constants::{PARAM_CHALLENGE_PERIOD, PARAM_REVEAL_PERIOD, PARAM_SLASH_BPS};
use marketplace::math::replica_commit;
use marketplace::TaskStatus;
use serde_json::Value;
use solana_sdk::signature::Signer;
use std::collections::HashMap;

fn num(v: &Value) -> u64 {
    match v {
        Value::String(s) => s.parse().unwrap(),
        Value::Number(n) => n.as_u64().unwrap(),
        _ => panic!("not a number: {v}"),
    }
}

fn status_name(s: TaskStatus) -> &'static str {
    match s {
        TaskStatus::None => "None",
        TaskStatus::Open => "Open",
        TaskStatus::Assigned => "Assigned",
        TaskStatus::Submitted => "Submitted",
        TaskStatus::Disputed => "Disputed",
        TaskStatus::Completed => "Completed",
        TaskStatus::Cancelled => "Cancelled",
        TaskStatus::Refunded => "Refunded",
    }
}

#[test]
fn every_commit_case_matches_the_program_crate_keccak() {
    let v = vectors::load("replicas.json");
    let cases = v["commits"].as_array().unwrap();
    assert!(!cases.is_empty());
    for c in cases {
        let provider = Pubkey::new_from_array(hex_to_32(c["provider"].as_str().unwrap()));
        let got = replica_commit(
            &hex_to_32(c["resultHash"].as_str().unwrap()),
            &hex_to_32(c["salt"].as_str().unwrap()),
            &provider,
        );
        assert_eq!(got, hex_to_32(c["commit"].as_str().unwrap()), "{}", c["name"]);
    }
}

/// Replays one scenario on a fresh deployment.
async fn replay(sc: &Value) {
    let name = sc["name"].as_str().unwrap();
    let reward = num(&sc["reward"]);
    let stake = num(&sc["stake"]);
    // Three distinct providers (indices 0..2); the user holds exactly the reward, so after creation its balance is
    // what it received.
    let mut m = Market::new(3, stake, reward).await;
    let admin = m.env.admin.insecure_clone();
    let params = &sc["params"];
    for (id, key) in [
        (PARAM_SLASH_BPS, "slashBps"),
        (PARAM_REVEAL_PERIOD, "revealPeriod"),
        (PARAM_CHALLENGE_PERIOD, "challengePeriod"),
    ] {
        m.env.chain.ok(&[mp_ix::set_parameter(&admin.pubkey(), id, num(&params[key]))], &[&admin]).await;
    }
    let tokens_before: Vec<u64> = {
        let mut v = Vec::new();
        for i in 0..3 {
            let t = m.providers[i].token;
            v.push(m.env.chain.balance(&t).await);
        }
        v
    };
    let staked_before: Vec<u64> = {
        let mut v = Vec::new();
        for i in 0..3 {
            let pk = m.pk(i);
            v.push(m.env.provider_record(&pk).await.staked);
        }
        v
    };
    let treasury_before = m.env.chain.balance(&m.env.treasury.token.clone()).await;

    let created = m.env.chain.now().await;
    let mut args = m.args(reward, num(&sc["collateral"]), 0).await;
    args.deadline = created + num(&sc["deadline"]) as i64;
    let terms = offer(
        num(&sc["minReward"]),
        created + num(&sc["rampStart"]) as i64,
        num(&sc["rampDuration"]),
        created + num(&sc["lockDeadline"]) as i64,
        num(&sc["replicas"]) as u8,
    );
    let id = m.create(args, Some(terms)).await;
    assert_eq!(m.env.chain.balance(&m.user.token.clone()).await, 0);
    m.assert_conservation().await;
    m.assert_supply_held().await;

    let mut sent: HashMap<usize, [u8; 32]> = HashMap::new();
    let mut classic_provider: Option<usize> = None;
    for (n, step) in sc["steps"].as_array().unwrap().iter().enumerate() {
        let at = step["at"].as_i64().unwrap();
        m.env.chain.set_time(created + at);
        let action = step["action"].as_str().unwrap();
        let replica = step["replica"].as_u64().map(|r| r as usize);
        let hash = step["resultHash"].as_str().map(hex_to_32);
        let salt = step["salt"].as_str().map(hex_to_32);
        let before = m.task_bytes(id).await;
        let result = match action {
            "accept" => m.accept(replica.unwrap(), id).await,
            "commit" => {
                let r = replica.unwrap();
                let commit = match step["copyOf"].as_u64() {
                    Some(src) => sent[&(src as usize)],
                    None => m.commit_of(r, hash.unwrap(), salt.unwrap()),
                };
                let res = m.commit(r, id, commit).await;
                if res.is_ok() {
                    sent.insert(r, commit);
                }
                res
            }
            "reveal" => m.reveal(replica.unwrap(), id, hash.unwrap(), salt.unwrap()).await,
            "settle" => m.settle(id).await,
            "resolveReplicas" => m.resolve_replicas(id, hash.unwrap()).await,
            "submit" => {
                let r = replica.unwrap();
                let ix = mp_ix::submit_result(&m.pk(r), id, hash.unwrap(), vec![]);
                m.send_as(r, ix).await
            }
            "finalize" => {
                let p = classic_provider.expect("finalize after an accept");
                let parties = m.env.parties(id, &m.providers[p], &m.user, None);
                m.send_plain(mp_ix::finalize(&parties), &[]).await
            }
            other => panic!("unknown action {other}"),
        };
        let ctx = format!("{name}: step {n} ({action} at {at})");
        match step["error"].as_str() {
            Some(expected) => {
                assert_eq!(result, Err(expected.to_string()), "{ctx}");
                assert_eq!(m.task_bytes(id).await, before, "{ctx}: a refused step changes nothing");
            }
            None => {
                result.unwrap_or_else(|e| panic!("{ctx}: {e}"));
                if action == "accept" && sc["replicas"].as_u64() == Some(0) {
                    classic_provider = replica;
                }
            }
        }
        let task = m.env.task(id).await;
        if let (Some(price), None) = (step.get("price"), step.get("error")) {
            let locked = if task.is_replicated() {
                let pk = m.pk(replica.unwrap());
                task.accepted().iter().find(|r| r.provider == pk).unwrap().price
            } else {
                task.price
            };
            assert_eq!(locked, num(price), "{ctx}: locked price");
        }
        assert_eq!(status_name(task.status), step["status"].as_str().unwrap(), "{ctx}: status");
        let escrow = m.assert_conservation().await;
        assert_eq!(escrow, num(&step["escrow"]), "{ctx}: escrow");
        m.assert_supply_held().await;
    }

    let fin = &sc["final"];
    let task = m.env.task(id).await;
    assert_eq!(status_name(task.status), fin["status"].as_str().unwrap(), "{name}: final status");
    assert_eq!(task.result_commitment, hex_to_32(fin["resultCommitment"].as_str().unwrap()), "{name}: result");
    assert_eq!(m.env.chain.balance(&m.user.token.clone()).await, num(&fin["user"]), "{name}: user received");
    let treasury = m.env.chain.balance(&m.env.treasury.token.clone()).await - treasury_before;
    assert_eq!(treasury, num(&fin["treasury"]), "{name}: treasury received");
    for (i, r) in fin["replicas"].as_array().unwrap().iter().enumerate() {
        let t = m.providers[i].token;
        let paid = m.env.chain.balance(&t).await - tokens_before[i];
        let pk = m.pk(i);
        let rec = m.env.provider_record(&pk).await;
        assert_eq!(paid, num(&r["paid"]), "{name}: replica {i} paid");
        assert_eq!(staked_before[i] - rec.staked, num(&r["slashed"]), "{name}: replica {i} slashed");
        assert_eq!(
            (rec.completed, rec.failed),
            (num(&r["completed"]), num(&r["failed"])),
            "{name}: replica {i} counters"
        );
    }
    for i in 0..3 {
        let pk = m.pk(i);
        assert_eq!(m.env.provider_record(&pk).await.locked, num(&fin["locked"]), "{name}: provider {i} locked");
    }
}

#[tokio::test]
async fn every_replicas_json_scenario_replays_step_by_step_with_conservation() {
    let v = vectors::load("replicas.json");
    let scenarios = v["scenarios"].as_array().unwrap();
    assert!(scenarios.len() >= 10);
    for sc in scenarios {
        replay(sc).await;
    }
}
