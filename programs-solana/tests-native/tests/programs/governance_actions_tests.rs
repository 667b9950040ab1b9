//! The governance action set in Rust (`governance::actions`) against test/vectors/governance.json:
//! every action and action list decodes to the vector's action and re-encodes to the same bytes,
//! every invalid list is refused, and the parameter table accepts or refuses each parameter value
//! with the vector's error name.
use calctra_solana_tests::bridge::{hex, hex32};
use calctra_solana_tests::vectors::load;
use governance::actions::*;
use serde_json::Value;

fn u64_of(v: &Value) -> u64 {
    match v {
        Value::String(s) => s.parse().unwrap(),
        Value::Number(n) => n.as_u64().unwrap(),
        _ => panic!("not a number: {v}"),
    }
}

fn role_of(name: &str) -> Role {
    let id = load("governance.json")["roles"][name].as_u64().unwrap();
    match id {
        0 => Role::Arbiter,
        1 => Role::Treasury,
        2 => Role::Pauser,
        3 => Role::Guardian,
        _ => panic!("role {name}"),
    }
}

fn target_of(name: &str) -> PauseTarget {
    match load("governance.json")["pauseTargets"][name].as_u64().unwrap() {
        1 => PauseTarget::Marketplace,
        2 => PauseTarget::Bridge,
        _ => panic!("target {name}"),
    }
}

/// The vector's JSON action as the Rust value.
fn action_of(a: &Value) -> Action {
    match a["kind"].as_str().unwrap() {
        "setParameter" => Action::SetParameter { param_id: u64_of(&a["paramId"]) as u16, value: u64_of(&a["value"]) },
        "setVerifier" => Action::SetVerifier {
            verifier_id: u64_of(&a["verifierId"]) as u16,
            verifier: hex32(a["verifier"].as_str().unwrap()),
        },
        "setRole" => Action::SetRole {
            role: role_of(a["role"].as_str().unwrap()),
            account: hex32(a["account"].as_str().unwrap()),
        },
        "setValidatorSet" => Action::SetValidatorSet {
            signers: a["signers"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| hex(s.as_str().unwrap()).try_into().unwrap())
                .collect(),
            threshold: u64_of(&a["threshold"]) as u8,
            retention: u64_of(&a["retention"]) as u32,
        },
        "setRemoteDomain" => Action::SetRemoteDomain {
            domain: u64_of(&a["domain"]) as u32,
            enabled: a["enabled"].as_bool().unwrap(),
            bridge: hex32(a["bridge"].as_str().unwrap()),
            inbound_capacity: u64_of(&a["inboundCapacity"]),
            inbound_rate_per_second: u64_of(&a["inboundRatePerSecond"]),
            outbound_capacity: u64_of(&a["outboundCapacity"]),
            outbound_rate_per_second: u64_of(&a["outboundRatePerSecond"]),
        },
        "pause" => Action::Pause { target: target_of(a["target"].as_str().unwrap()) },
        "unpause" => Action::Unpause { target: target_of(a["target"].as_str().unwrap()) },
        k => panic!("unknown action kind {k}"),
    }
}

#[test]
fn every_action_vector_decodes_to_its_action_and_reencodes_to_the_same_bytes() {
    let v = load("governance.json");
    let ops = &v["ops"];
    let cases = v["actions"].as_array().unwrap();
    assert!(cases.len() >= 14);
    let mut kinds = std::collections::BTreeSet::new();
    for c in cases {
        let bytes = hex(c["encoded"].as_str().unwrap());
        let decoded = decode_actions(&bytes).unwrap_or_else(|e| panic!("{}: {e:?}", c["name"]));
        let expected = action_of(&c["action"]);
        assert_eq!(decoded, vec![expected.clone()], "{}", c["name"]);
        assert_eq!(encode_actions(&decoded).unwrap(), bytes, "{}", c["name"]);
        let kind = c["action"]["kind"].as_str().unwrap();
        assert_eq!(u64::from(bytes[1]), ops[kind].as_u64().unwrap(), "op byte of {kind}");
        kinds.insert(kind.to_string());
    }
    assert_eq!(kinds.len(), 7, "every op has a vector");
}

#[test]
fn every_action_list_vector_decodes_in_order() {
    for c in load("governance.json")["actionLists"].as_array().unwrap() {
        let bytes = hex(c["encoded"].as_str().unwrap());
        let expected: Vec<Action> = c["actions"].as_array().unwrap().iter().map(action_of).collect();
        assert_eq!(decode_actions(&bytes).unwrap(), expected, "{}", c["name"]);
        assert_eq!(encode_actions(&expected).unwrap(), bytes, "{}", c["name"]);
    }
}

#[test]
fn every_invalid_action_list_vector_is_refused() {
    let cases = load("governance.json")["invalidActionLists"].as_array().unwrap().clone();
    assert!(cases.len() >= 11);
    for c in &cases {
        assert_eq!(c["error"].as_str().unwrap(), "GovernanceInvalidAction");
        let bytes = hex(c["encoded"].as_str().unwrap());
        assert!(decode_actions(&bytes).is_err(), "{} decoded", c["name"]);
    }
    // An empty input and nine actions are refused as well; the encoder refuses what it cannot encode.
    assert_eq!(decode_actions(&[]), Err(DecodeError::Truncated));
    assert_eq!(encode_actions(&[]), None);
    let nine = vec![Action::Pause { target: PauseTarget::Bridge }; 9];
    assert_eq!(encode_actions(&nine), None);
}

#[test]
fn parameter_value_vectors_are_accepted_or_refused_by_the_parameter_table() {
    let v = load("governance.json");
    for c in v["parameterValues"].as_array().unwrap() {
        let id = u64_of(&c["paramId"]) as u16;
        let value = u64_of(&c["value"]);
        let got = check_parameter(id, value);
        if c["accepted"].as_bool().unwrap() {
            assert_eq!(got, Ok(()), "{}", c["name"]);
        } else {
            assert_eq!(got.map_err(|e| e.name()), Err(c["error"].as_str().unwrap()), "{}", c["name"]);
        }
    }
    // The table's owners and bounds are the vectors' (ids 1..14, the power registry's 8..14 included).
    for (name, p) in v["parameters"].as_object().unwrap() {
        let id = u64_of(&p["id"]) as u16;
        let owner = match p["owner"].as_str().unwrap() {
            "staking" => ParameterOwner::Staking,
            "marketplace" => ParameterOwner::Marketplace,
            "power" => ParameterOwner::Power,
            _ => ParameterOwner::Executor,
        };
        assert_eq!(parameter_owner(id), Some(owner), "{name}");
        let (min, max) = (u64_of(&p["min"]), u64_of(&p["max"]));
        assert_eq!(check_parameter(id, u64_of(&p["default"])), Ok(()), "{name} default");
        if name != "feeSplit" {
            assert_eq!(check_parameter(id, min), Ok(()), "{name} min");
            assert_eq!(check_parameter(id, max), Ok(()), "{name} max");
            // A minimum of 0 (validatorFee, validatorBudget) has nothing below it.
            assert!(min == 0 || check_parameter(id, min - 1).is_err(), "{name} below min");
            assert!(check_parameter(id, max + 1).is_err(), "{name} above max");
        }
    }
    assert_eq!(parameter_owner(0), None);
}
