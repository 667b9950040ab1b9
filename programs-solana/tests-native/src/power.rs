//! The power registry (in the staking program) deployed with named actors, and a brute-force solver.
use anchor_lang::prelude::Pubkey;
use num_bigint::BigUint;
use solana_sdk::signature::Signer;
use staking::math::{power_target, solution_hash};
use staking::{ComputeValidator, PowerRecord, StakingConfig};

use crate::env::{Actor, Env};
use crate::ix::staking_ix;
use crate::ONE_CAL;

/// A deployment with a registered, staked compute validator.
pub struct PowerEnv {
    pub env: Env,
    pub validator: Actor,
}

impl PowerEnv {
    /// Staking and the marketplace with a keypair admin; a validator staked at `minStake` (100 CAL) and registered.
    pub async fn new() -> PowerEnv {
        let mut env = Env::new().await;
        let validator = env.provider(100 * ONE_CAL).await;
        env.chain.ok(&[staking_ix::register_validator(&validator.key())], &[&validator.kp]).await;
        PowerEnv { env, validator }
    }

    /// Sets a power parameter through the admin (`set_parameter`).
    pub async fn set(&mut self, param_id: u16, value: u64) {
        let admin = self.env.admin.insecure_clone();
        self.env.chain.ok(&[staking_ix::set_parameter(&admin.pubkey(), param_id, value)], &[&admin]).await;
    }

    /// A provider registered with `stake` staked and a claim of `claimed_rate`.
    pub async fn claimant(&mut self, stake: u64, claimed_rate: u64) -> Actor {
        let p = self.env.provider(stake).await;
        self.env.chain.ok(&[staking_ix::declare_rate(&p.key(), claimed_rate)], &[&p.kp]).await;
        p
    }

    pub async fn config(&mut self) -> StakingConfig {
        self.env.chain.account(&staking_ix::config()).await
    }

    pub async fn record(&mut self, provider: &Pubkey) -> PowerRecord {
        self.env.chain.account(&staking_ix::power_record(provider)).await
    }

    pub async fn validator_info(&mut self, validator: &Pubkey) -> ComputeValidator {
        self.env.chain.account(&staking_ix::validator(validator)).await
    }

    /// The validator challenges `provider`; returns the challenge id.
    pub async fn challenge(&mut self, provider: &Pubkey) -> u64 {
        let v = self.validator.kp.insecure_clone();
        self.env.chain.ok(&[staking_ix::challenge(&v.pubkey(), provider)], &[&v]).await;
        self.record(provider).await.open_challenge
    }

    /// m valid nonces for the provider's open challenge.
    pub async fn solve(&mut self, provider: &Pubkey) -> Vec<u64> {
        let r = self.record(provider).await;
        let target = power_target(r.claimed_rate, r.response_window, r.nonces).unwrap();
        solve(&r.seed, &provider.to_bytes(), &target, r.nonces as usize)
    }

    /// The provider answers its open challenge correctly.
    pub async fn pass(&mut self, provider: &Actor) {
        let id = self.challenge(&provider.key()).await;
        let nonces = self.solve(&provider.key()).await;
        let v = self.validator.key();
        self.env.chain.ok(&[staking_ix::respond(&provider.key(), &v, id, nonces)], &[&provider.kp]).await;
    }

    /// Expires the provider's open challenge (anyone: the context payer) after its window.
    pub fn expire_ix(&self, provider: &Pubkey) -> anchor_lang::solana_program::instruction::Instruction {
        let payer = self.env.chain.payer().pubkey();
        staking_ix::expire_challenge(
            &payer,
            provider,
            &self.validator.key(),
            &self.validator.token,
            &self.env.treasury.token,
        )
    }

    /// The validator challenges, the window passes, anyone expires it.
    pub async fn fail(&mut self, provider: &Pubkey) {
        self.challenge(provider).await;
        let window = self.record(provider).await.response_window as i64;
        self.env.chain.advance(window + 1).await;
        let ix = self.expire_ix(provider);
        self.env.chain.ok(&[ix], &[]).await;
    }

    /// Moves past the cooldown of the provider's last challenge.
    pub async fn cool_down(&mut self) {
        let cooldown = self.config().await.power.power_cooldown as i64;
        self.env.chain.advance(cooldown).await;
    }

    /// Conservation: the power vault holds `fundedBudget + Σ feesOwed` over the given validators.
    pub async fn assert_conservation(&mut self, validators: &[Pubkey]) {
        let funded = self.config().await.funded_budget;
        let mut owed = 0u64;
        for v in validators {
            if self.env.chain.exists(&staking_ix::validator(v)).await {
                owed += self.validator_info(v).await.fees_owed;
            }
        }
        let vault = self.env.chain.balance(&staking_ix::power_vault()).await;
        assert_eq!(vault, funded + owed, "power vault == fundedBudget + fees owed");
    }
}

/// The first `m` nonces from 0 whose solution hash is below `target` (core's `solveChallenge`).
pub fn solve(seed: &[u8; 32], provider: &[u8; 32], target: &[u8; 32], m: usize) -> Vec<u64> {
    let mut found = Vec::with_capacity(m);
    let mut n = 0u64;
    while found.len() < m {
        if solution_hash(seed, provider, n) < *target {
            found.push(n);
        }
        n += 1;
    }
    found
}

/// A decimal string as a big-endian 32-byte integer.
pub fn u256_be(decimal: &str) -> [u8; 32] {
    let bytes = decimal.parse::<BigUint>().unwrap().to_bytes_be();
    let mut out = [0u8; 32];
    out[32 - bytes.len()..].copy_from_slice(&bytes);
    out
}

/// `0x…` 32 bytes.
pub fn bytes32(hex: &str) -> [u8; 32] {
    let h = hex.trim_start_matches("0x");
    let mut out = [0u8; 32];
    for (i, b) in out.iter_mut().enumerate() {
        *b = u8::from_str_radix(&h[2 * i..2 * i + 2], 16).unwrap();
    }
    out
}
