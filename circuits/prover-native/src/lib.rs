//! Node-API addon: a native Groth16 prover for the snarkjs proving keys Calctra builds (BN254 and
//! BLS12-381). The witness comes from circom's wasm witness calculator (snarkjs `wtns.calculate`) as
//! `.wtns` bytes; the proof comes back as snarkjs' JSON. circuits/src/native-prover.ts loads it.
//! Parsed proving keys are cached per path (invalidated when the file's size or mtime changes).

pub mod groth16;
pub mod power;

use groth16::{zkey_curve, Bls12381, Bn254, Curve, ProvingKey};
use napi::bindgen_prelude::{AsyncTask, Buffer};
use napi::{Env, Error, Result, Task};
use napi_derive::napi;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Instant, SystemTime};

enum AnyKey {
    Bn(Box<ProvingKey<Bn254>>),
    Bls(Box<ProvingKey<Bls12381>>),
}

type Stamp = (u64, Option<SystemTime>);
type KeyCache = Mutex<HashMap<String, (Stamp, Arc<AnyKey>)>>;
fn cache() -> &'static KeyCache {
    static C: OnceLock<KeyCache> = OnceLock::new();
    C.get_or_init(|| Mutex::new(HashMap::new()))
}

fn load_key(path: &str) -> std::result::Result<(Arc<AnyKey>, bool), String> {
    let meta = std::fs::metadata(path).map_err(|e| format!("zkey {path}: {e}"))?;
    let stamp = (meta.len(), meta.modified().ok());
    if let Some((s, k)) = cache().lock().unwrap().get(path) {
        if *s == stamp {
            return Ok((k.clone(), true));
        }
    }
    let data = std::fs::read(path).map_err(|e| format!("zkey {path}: {e}"))?;
    let key = match zkey_curve(&data).map_err(|e| format!("{path}: {e}"))? {
        "bn254" => AnyKey::Bn(Box::new(ProvingKey::parse(&data).map_err(|e| format!("{path}: {e}"))?)),
        _ => AnyKey::Bls(Box::new(ProvingKey::parse(&data).map_err(|e| format!("{path}: {e}"))?)),
    };
    let key = Arc::new(key);
    cache().lock().unwrap().insert(path.to_string(), (stamp, key.clone()));
    Ok((key, false))
}

fn prove_with<C: Curve>(
    k: &ProvingKey<C>,
    wtns: &[u8],
    load_ms: f64,
    cached: bool,
) -> std::result::Result<String, String> {
    let t0 = Instant::now();
    let w = k.parse_witness(wtns)?;
    let read_ms = t0.elapsed().as_secs_f64() * 1e3;
    let p = k.prove(&w)?;
    let (h, msm, check) = p.timings.unwrap_or_default();
    Ok(format!(
        "{{\"result\":{},\"curve\":\"{}\",\"timings\":{{\"zkeyLoadMs\":{load_ms:.3},\"zkeyCached\":{cached},\"witnessReadMs\":{read_ms:.3},\"quotientMs\":{h:.3},\"msmMs\":{msm:.3},\"selfCheckMs\":{check:.3}}}}}",
        p.to_json(),
        C::NAME
    ))
}

fn prove_json(zkey_path: &str, wtns: &[u8]) -> std::result::Result<String, String> {
    let t0 = Instant::now();
    let (key, cached) = load_key(zkey_path)?;
    let load_ms = t0.elapsed().as_secs_f64() * 1e3;
    match &*key {
        AnyKey::Bn(k) => prove_with(k, wtns, load_ms, cached),
        AnyKey::Bls(k) => prove_with(k, wtns, load_ms, cached),
    }
}

pub struct ProveTask {
    zkey_path: String,
    wtns: Vec<u8>,
}

impl Task for ProveTask {
    type Output = String;
    type JsValue = String;
    fn compute(&mut self) -> Result<String> {
        prove_json(&self.zkey_path, &self.wtns).map_err(Error::from_reason)
    }
    fn resolve(&mut self, _env: Env, output: String) -> Result<String> {
        Ok(output)
    }
}

/// Proves on the libuv thread pool. Resolves to JSON:
/// `{"result":{"proof":{...},"publicSignals":[...]},"curve":"bn128","timings":{...}}`.
#[napi]
pub fn prove(zkey_path: String, wtns: Buffer) -> AsyncTask<ProveTask> {
    AsyncTask::new(ProveTask { zkey_path, wtns: wtns.to_vec() })
}

/// Same as `prove`, blocking the calling thread.
#[napi]
pub fn prove_sync(zkey_path: String, wtns: Buffer) -> Result<String> {
    prove_json(&zkey_path, &wtns).map_err(Error::from_reason)
}

/// Parses (and caches) a proving key; returns `{"curve","nVars","nPublic","domainSize","loadMs"}`.
#[napi]
pub fn load_zkey(zkey_path: String) -> Result<String> {
    let t0 = Instant::now();
    let (key, _) = load_key(&zkey_path).map_err(Error::from_reason)?;
    let ms = t0.elapsed().as_secs_f64() * 1e3;
    let (curve, v, p, d) = match &*key {
        AnyKey::Bn(k) => ("bn254", k.n_vars, k.n_public, k.domain_size),
        AnyKey::Bls(k) => ("bls12381", k.n_vars, k.n_public, k.domain_size),
    };
    Ok(format!("{{\"curve\":\"{curve}\",\"nVars\":{v},\"nPublic\":{p},\"domainSize\":{d},\"loadMs\":{ms:.3}}}"))
}

/// Drops every cached proving key.
#[napi]
pub fn clear_cache() {
    cache().lock().unwrap().clear();
}

fn bytes32(name: &str, b: &[u8]) -> Result<[u8; 32]> {
    b.try_into().map_err(|_| Error::from_reason(format!("{name} must be 32 bytes, got {}", b.len())))
}

pub struct SolveTask {
    seed: [u8; 32],
    provider: [u8; 32],
    target: [u8; 32],
    m: usize,
    start: u64,
    limit: u64,
}

impl Task for SolveTask {
    type Output = String;
    type JsValue = String;
    fn compute(&mut self) -> Result<String> {
        let t0 = Instant::now();
        let (nonces, hashed) = power::solve(&self.seed, &self.provider, &self.target, self.m, self.start, self.limit);
        let list: Vec<String> = nonces.iter().map(|n| format!("\"{n}\"")).collect();
        Ok(format!(
            "{{\"nonces\":[{}],\"hashes\":\"{hashed}\",\"ms\":{:.3}}}",
            list.join(","),
            t0.elapsed().as_secs_f64() * 1e3
        ))
    }
    fn resolve(&mut self, _env: Env, output: String) -> Result<String> {
        Ok(output)
    }
}

/// Proof of computational power (DESIGN §11): the first `m` nonces from `start` (decimal u64 string) whose
/// `keccak256(seed | provider | nonce u64 BE)` is below `target` (32 bytes, big-endian), searching at most `limit`
/// (decimal) nonces on every core. Resolves to `{"nonces":["…"],"hashes":"…","ms":…}` (fewer nonces when the limit ran out).
#[napi]
pub fn solve_power(
    seed: Buffer,
    provider: Buffer,
    target: Buffer,
    m: u32,
    start: String,
    limit: String,
) -> Result<AsyncTask<SolveTask>> {
    let parse =
        |name: &str, v: &str| v.parse::<u64>().map_err(|_| Error::from_reason(format!("{name} must be a decimal u64")));
    Ok(AsyncTask::new(SolveTask {
        seed: bytes32("seed", &seed)?,
        provider: bytes32("provider", &provider)?,
        target: bytes32("target", &target)?,
        m: m as usize,
        start: parse("start", &start)?,
        limit: parse("limit", &limit)?,
    }))
}

/// Hashes for about `ms` milliseconds on every core (blocking); returns `{"hashes":"…","seconds":…,"threads":…}`.
#[napi]
pub fn measure_hash_rate(ms: u32) -> String {
    let (hashes, seconds) = power::measure(ms as u64);
    format!("{{\"hashes\":\"{hashes}\",\"seconds\":{seconds:.6},\"threads\":{}}}", rayon::current_num_threads())
}
