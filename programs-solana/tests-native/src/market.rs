//! Marketplace v2 helpers: tasks with offer terms, replicas that commit and reveal, settlement accounts, error
//! names from the generated IDLs, and the conservation checks (DESIGN §5).
use anchor_lang::prelude::Pubkey;
use marketplace::{CreateTaskArgs, OfferTerms, Task, TaskStatus};
use solana_sdk::signature::Signer;
use std::collections::HashMap;

use crate::env::{Actor, Env, SPEC_HASH};
use crate::ix::mp_ix::{self, ReplicaParty};
use crate::ix::staking_ix;
use crate::vectors;

/// The canonical name of a custom error code of the marketplace or staking program, or of Anchor's own codes
/// (read from the generated IDLs in programs-solana/idl), or of the Anchor account errors settlements meet.
pub fn error_name(code: u32) -> String {
    let dir = vectors::manifest_dir().join("../idl");
    for program in ["marketplace", "staking"] {
        let idl: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(dir.join(format!("{program}.json"))).unwrap()).unwrap();
        if let Some((name, _)) = vectors::idl_errors(&idl).into_iter().find(|(_, c)| *c == code) {
            return name;
        }
    }
    use anchor_lang::error::ErrorCode as A;
    let anchor = [
        A::AccountNotEnoughKeys,
        A::AccountNotInitialized,
        A::AccountOwnedByWrongProgram,
        A::AccountDiscriminatorMismatch,
        A::AccountNotMutable,
        A::ConstraintSeeds,
        A::ConstraintAddress,
        A::ConstraintTokenOwner,
        A::ConstraintTokenMint,
        A::ConstraintMut,
    ];
    anchor.into_iter().find(|e| u32::from(*e) == code).map(|e| e.name()).unwrap_or_else(|| format!("code {code}"))
}

/// Offer terms relative to `now`.
pub fn offer(min_reward: u64, ramp_start: i64, ramp_duration: u64, lock_deadline: i64, replicas: u8) -> OfferTerms {
    OfferTerms {
        min_reward,
        ramp_start: ramp_start as u64,
        ramp_duration,
        lock_deadline: lock_deadline as u64,
        replicas,
    }
}

/// A deployed marketplace with a user and providers, for offer and replica tests.
pub struct Market {
    pub env: Env,
    pub user: Actor,
    pub providers: Vec<Actor>,
}

impl Market {
    /// `providers` registered providers staking `stake` each, a user holding `user_balance`.
    pub async fn new(providers: usize, stake: u64, user_balance: u64) -> Market {
        let mut env = Env::new().await;
        let user = env.actor(user_balance).await;
        let mut ps = Vec::new();
        for _ in 0..providers {
            ps.push(env.provider(stake).await);
        }
        Market { env, user, providers: ps }
    }

    pub fn pk(&self, i: usize) -> Pubkey {
        self.providers[i].key()
    }

    /// Task arguments with `reward`, `collateral` and a deadline `deadline_in` seconds from now.
    pub async fn args(&mut self, reward: u64, collateral: u64, deadline_in: i64) -> CreateTaskArgs {
        let now = self.env.chain.now().await;
        CreateTaskArgs {
            spec_hash: SPEC_HASH,
            reward,
            collateral,
            deadline: now + deadline_in,
            verifier_id: 0,
            model_creator: None,
            min_reputation_bps: 0,
        }
    }

    pub fn create_ix(
        &self,
        id: u64,
        args: CreateTaskArgs,
        terms: Option<OfferTerms>,
    ) -> anchor_lang::solana_program::instruction::Instruction {
        mp_ix::create_task_with_offer(&self.user.key(), &self.user.token, id, args, terms)
    }

    /// Creates a task with `terms` and returns its id.
    pub async fn create(&mut self, args: CreateTaskArgs, terms: Option<OfferTerms>) -> u64 {
        let id = self.env.mp_config().await.next_task_id;
        let ix = self.create_ix(id, args, terms);
        let user = self.user.kp.insecure_clone();
        self.env.chain.ok(&[ix], &[&user]).await;
        id
    }

    /// A fixed-reward replicated task (k replicas), lock deadline = deadline.
    pub async fn replicated(&mut self, k: u8, reward: u64, collateral: u64, deadline_in: i64) -> u64 {
        let args = self.args(reward, collateral, deadline_in).await;
        let now = self.env.chain.now().await;
        self.create(args.clone(), Some(offer(reward, now, 0, args.deadline, k))).await
    }

    pub async fn send_as(
        &mut self,
        i: usize,
        ix: anchor_lang::solana_program::instruction::Instruction,
    ) -> Result<(), String> {
        let kp = self.providers[i].kp.insecure_clone();
        self.env.chain.send(&[ix], &[&kp]).await.map_err(|e| match crate::custom_code(&e) {
            Some(c) => error_name(c),
            None => format!("{e:?}"),
        })
    }

    pub async fn accept(&mut self, i: usize, id: u64) -> Result<(), String> {
        let ix = mp_ix::accept_task(&self.pk(i), id);
        self.send_as(i, ix).await
    }

    pub fn commit_of(&self, i: usize, result_hash: [u8; 32], salt: [u8; 32]) -> [u8; 32] {
        marketplace::math::replica_commit(&result_hash, &salt, &self.pk(i))
    }

    pub async fn commit(&mut self, i: usize, id: u64, commit: [u8; 32]) -> Result<(), String> {
        let ix = mp_ix::commit_result(&self.pk(i), id, commit);
        self.send_as(i, ix).await
    }

    pub async fn reveal(&mut self, i: usize, id: u64, result_hash: [u8; 32], salt: [u8; 32]) -> Result<(), String> {
        let ix = mp_ix::reveal_result(&self.pk(i), id, result_hash, salt);
        self.send_as(i, ix).await
    }

    /// Commits `keccak(result_hash ‖ salt ‖ provider)` for replica `i` and asserts success.
    pub async fn commit_ok(&mut self, i: usize, id: u64, result_hash: [u8; 32], salt: [u8; 32]) {
        let c = self.commit_of(i, result_hash, salt);
        self.commit(i, id, c).await.unwrap();
    }

    /// The replicas' accounts of task `id` in replica order.
    pub async fn parties(&mut self, id: u64) -> Vec<ReplicaParty> {
        let task = self.env.task(id).await;
        let tokens: HashMap<Pubkey, Pubkey> = self.providers.iter().map(|p| (p.key(), p.token)).collect();
        task.accepted().iter().map(|r| ReplicaParty { provider: r.provider, token: tokens[&r.provider] }).collect()
    }

    pub async fn settle_ix(&mut self, id: u64) -> anchor_lang::solana_program::instruction::Instruction {
        let parties = self.parties(id).await;
        mp_ix::settle(id, &self.user.token, &self.env.treasury.token, &parties)
    }

    pub async fn settle(&mut self, id: u64) -> Result<(), String> {
        let ix = self.settle_ix(id).await;
        self.send_plain(ix, &[]).await
    }

    pub async fn resolve_replicas(&mut self, id: u64, result_hash: [u8; 32]) -> Result<(), String> {
        let parties = self.parties(id).await;
        let arbiter = self.env.arbiter.insecure_clone();
        let ix = mp_ix::resolve_replicas(
            &arbiter.pubkey(),
            id,
            &self.user.token,
            &self.env.treasury.token,
            &parties,
            result_hash,
        );
        self.send_plain(ix, &[&arbiter]).await
    }

    pub async fn send_plain(
        &mut self,
        ix: anchor_lang::solana_program::instruction::Instruction,
        signers: &[&solana_sdk::signature::Keypair],
    ) -> Result<(), String> {
        self.env.chain.send(&[ix], signers).await.map_err(|e| match crate::custom_code(&e) {
            Some(c) => error_name(c),
            None => format!("{e:?}"),
        })
    }

    /// The raw task account data (to assert a refused step changed nothing).
    pub async fn task_bytes(&mut self, id: u64) -> Vec<u8> {
        self.env.chain.ctx.banks_client.get_account(mp_ix::task(id)).await.unwrap().unwrap().data
    }

    /// Conservation (DESIGN §5): the escrow holds exactly the rewards of the live tasks `1..next_task_id`, the stake
    /// vault exactly the providers' `staked + pending_unstake`, and every provider's `locked <= staked` (its free
    /// stake `staked - locked` plus `locked` is its stake). Returns the escrow balance.
    pub async fn assert_conservation(&mut self) -> u64 {
        let next = self.env.mp_config().await.next_task_id;
        let mut live = 0u64;
        for id in 1..next {
            let t: Task = self.env.task(id).await;
            if matches!(
                t.status,
                TaskStatus::Open | TaskStatus::Assigned | TaskStatus::Submitted | TaskStatus::Disputed
            ) {
                live += t.reward;
            }
        }
        let escrow = self.env.escrow_balance().await;
        assert_eq!(escrow, live, "escrow == Σ reward of live tasks");
        let mut staked = 0u64;
        for p in self.providers.iter().map(|p| p.key()).collect::<Vec<_>>() {
            let rec = self.env.provider_record(&p).await;
            assert!(rec.locked <= rec.staked, "locked {} > staked {}", rec.locked, rec.staked);
            assert_eq!(rec.free_stake().unwrap() + rec.locked, rec.staked);
            staked += rec.staked + rec.pending_unstake;
        }
        assert_eq!(self.env.chain.balance(&staking_ix::vault()).await, staked, "vault == Σ staked + pending");
        escrow
    }

    /// Every CAL unit minted is held by the user, the providers, the treasury, the escrow or the stake vault (no
    /// settlement creates or loses a unit).
    pub async fn assert_supply_held(&mut self) {
        let mut held = 0u64;
        let mut accounts = vec![self.user.token, self.env.treasury.token, mp_ix::escrow(), staking_ix::vault()];
        accounts.extend(self.providers.iter().map(|p| p.token));
        for a in accounts {
            held += self.env.chain.balance(&a).await;
        }
        let mint = self.env.mint;
        assert_eq!(held, self.env.chain.mint_info(&mint).await.supply, "Σ balances == CAL supply");
    }
}
