//! A deployed Calctra (test mint, staking, marketplace) with named actors.
use anchor_lang::prelude::Pubkey;
use marketplace::{CreateTaskArgs, MarketplaceConfig, Task};
use solana_sdk::signature::{Keypair, Signer};

use crate::ix::{mp_ix, staking_ix};
use crate::{Chain, ONE_CAL};

/// A spec hash below 2^248 (top byte zero).
pub const SPEC_HASH: [u8; 32] = {
    let mut h = [0x11u8; 32];
    h[0] = 0;
    h
};

pub struct Actor {
    pub kp: Keypair,
    pub token: Pubkey,
}

impl Actor {
    pub fn key(&self) -> Pubkey {
        self.kp.pubkey()
    }
}

pub struct Env {
    pub chain: Chain,
    pub mint_authority: Keypair,
    pub mint: Pubkey,
    /// Admin of staking and marketplace (a keypair here; the governance PDA in governance tests).
    pub admin: Keypair,
    pub pauser: Keypair,
    pub arbiter: Keypair,
    pub treasury: Actor,
}

impl Env {
    /// Everything deployed with a keypair admin.
    pub async fn new() -> Env {
        Self::with_admin(None).await
    }

    /// Deploys with `admin` (e.g. the governance PDA) as admin of staking and marketplace.
    pub async fn with_admin(admin_override: Option<Pubkey>) -> Env {
        let mut chain = Chain::start().await;
        let mint_authority = Keypair::new();
        let mint = chain.create_mint(&mint_authority.pubkey(), 9).await;
        let admin = chain.new_user().await;
        let pauser = chain.new_user().await;
        let arbiter = chain.new_user().await;
        let treasury_kp = chain.new_user().await;
        let treasury_token = chain.token_account(&mint, &treasury_kp.pubkey()).await;
        let admin_key = admin_override.unwrap_or(admin.pubkey());
        let payer = chain.payer().pubkey();
        chain.ok(&[staking_ix::initialize(&payer, &mint, admin_key, marketplace::ID)], &[]).await;
        chain
            .ok(&[mp_ix::initialize(&payer, &mint, &treasury_token, admin_key, pauser.pubkey(), arbiter.pubkey())], &[])
            .await;
        Env {
            chain,
            mint_authority,
            mint,
            admin,
            pauser,
            arbiter,
            treasury: Actor { kp: treasury_kp, token: treasury_token },
        }
    }

    /// A funded wallet with a CAL token account holding `balance`.
    pub async fn actor(&mut self, balance: u64) -> Actor {
        let kp = self.chain.new_user().await;
        let token = self.chain.token_account(&self.mint, &kp.pubkey()).await;
        if balance > 0 {
            let auth = self.mint_authority.insecure_clone();
            let mint = self.mint;
            self.chain.mint_to(&mint, &auth, &token, balance).await;
        }
        Actor { kp, token }
    }

    /// A registered provider with `stake` staked.
    pub async fn provider(&mut self, stake: u64) -> Actor {
        let p = self.actor(stake + 10 * ONE_CAL).await;
        self.chain.ok(&[staking_ix::register(&p.key(), [7u8; 32])], &[&p.kp]).await;
        if stake > 0 {
            self.chain.ok(&[staking_ix::stake(&p.key(), &p.token, stake)], &[&p.kp]).await;
        }
        p
    }

    pub async fn provider_record(&mut self, p: &Pubkey) -> staking::Provider {
        self.chain.account(&staking_ix::provider(p)).await
    }

    pub async fn mp_config(&mut self) -> MarketplaceConfig {
        self.chain.account(&mp_ix::config()).await
    }

    pub async fn task(&mut self, id: u64) -> Task {
        self.chain.account(&mp_ix::task(id)).await
    }

    pub async fn task_args(&mut self, reward: u64, collateral: u64) -> CreateTaskArgs {
        let now = self.chain.now().await;
        CreateTaskArgs {
            spec_hash: SPEC_HASH,
            reward,
            collateral,
            deadline: now + 3_600,
            verifier_id: 0,
            model_creator: None,
            min_reputation_bps: 0,
        }
    }

    /// Creates a task and returns its id.
    pub async fn create_task(&mut self, user: &Actor, args: CreateTaskArgs) -> u64 {
        let id = self.mp_config().await.next_task_id;
        self.chain.ok(&[mp_ix::create_task(&user.key(), &user.token, id, args)], &[&user.kp]).await;
        id
    }

    pub fn parties(&self, task_id: u64, provider: &Actor, user: &Actor, creator: Option<&Actor>) -> mp_ix::Parties {
        mp_ix::Parties {
            task_id,
            provider: provider.key(),
            provider_token: provider.token,
            user_token: user.token,
            treasury_token: self.treasury.token,
            creator_token: creator.map(|c| c.token),
        }
    }

    pub async fn escrow_balance(&mut self) -> u64 {
        self.chain.balance(&mp_ix::escrow()).await
    }
}
