//! Loaders for the shared cross-chain vectors in `test/vectors/` (read in place, never copied).
use serde::Deserialize;
use serde_json::Value;
use std::path::PathBuf;

/// This package's folder in the clone being tested, read at run time (cargo sets
/// `CARGO_MANIFEST_DIR` for the test binaries it runs). A compile-time `env!` would bake in the
/// path of whichever clone built the cached binary, and clones share one target directory.
pub fn manifest_dir() -> PathBuf {
    std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| std::env::current_dir().expect("current directory"))
}

pub fn vectors_dir() -> PathBuf {
    manifest_dir().join("../../test/vectors")
}

pub fn load(name: &str) -> Value {
    let path = vectors_dir().join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap()
}

fn num(v: &Value) -> u64 {
    match v {
        Value::String(s) => s.parse().unwrap(),
        Value::Number(n) => n.as_u64().unwrap(),
        _ => panic!("not a number: {v}"),
    }
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReputationCase {
    pub completed: u64,
    pub failed: u64,
    pub score_bps: u64,
}

pub fn reputation() -> Vec<ReputationCase> {
    serde_json::from_value(load("reputation.json")["cases"].clone()).unwrap()
}

#[derive(Debug)]
pub struct PayoutCase {
    pub reward: u64,
    pub provider_bps: u16,
    pub treasury_bps: u16,
    pub creator_bps: u16,
    pub has_creator: bool,
    pub provider: u64,
    pub treasury: u64,
    pub creator: u64,
}

pub fn payout() -> Vec<PayoutCase> {
    load("payout.json")["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| PayoutCase {
            reward: num(&c["reward"]),
            provider_bps: num(&c["providerBps"]) as u16,
            treasury_bps: num(&c["treasuryBps"]) as u16,
            creator_bps: num(&c["creatorBps"]) as u16,
            has_creator: c["hasCreator"].as_bool().unwrap(),
            provider: num(&c["provider"]),
            treasury: num(&c["treasury"]),
            creator: num(&c["creator"]),
        })
        .collect()
}

#[derive(Debug)]
pub struct SlashCase {
    pub collateral: u64,
    pub slash_bps: u16,
    pub slashed: u64,
    pub to_user: u64,
    pub to_treasury: u64,
    pub unlocked: u64,
}

pub fn slash() -> Vec<SlashCase> {
    load("slash.json")["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| SlashCase {
            collateral: num(&c["collateral"]),
            slash_bps: num(&c["slashBps"]) as u16,
            slashed: num(&c["slashed"]),
            to_user: num(&c["toUser"]),
            to_treasury: num(&c["toTreasury"]),
            unlocked: num(&c["unlocked"]),
        })
        .collect()
}

pub fn error_names(concept: &str) -> Vec<String> {
    serde_json::from_value(load("errors.json")[concept].clone()).unwrap()
}

/// `(default, min, max)` of a parameter in parameters.json.
pub fn parameter(name: &str) -> (u64, u64, u64) {
    let p = &load("parameters.json")[name];
    (num(&p["default"]), num(&p["min"]), num(&p["max"]))
}

/// A decimal string as 32 big-endian bytes.
pub fn decimal_to_be32(s: &str) -> [u8; 32] {
    let n: num_bigint::BigUint = s.parse().unwrap();
    let bytes = n.to_bytes_be();
    assert!(bytes.len() <= 32, "{s} does not fit 32 bytes");
    let mut out = [0u8; 32];
    out[32 - bytes.len()..].copy_from_slice(&bytes);
    out
}

pub fn hex_to_32(s: &str) -> [u8; 32] {
    let s = s.trim_start_matches("0x");
    assert_eq!(s.len(), 64);
    let mut out = [0u8; 32];
    for i in 0..32 {
        out[i] = u8::from_str_radix(&s[2 * i..2 * i + 2], 16).unwrap();
    }
    out
}

/// The `(name, code)` list of an Anchor IDL's `errors`, in IDL order.
pub fn idl_errors(idl: &Value) -> Vec<(String, u32)> {
    idl["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["name"].as_str().unwrap().to_string(), e["code"].as_u64().unwrap() as u32))
        .collect()
}
