//! The Solana spoke as deployed: CAL through cal_token (mint authority handed to the bridge), the
//! bridge (3 vector validators, threshold 2, the hub domain enabled, admin handed to the governance
//! PDA), staking and the marketplace administered by the governance PDA, and the governance vault +
//! executor listening to the hub. Hub messages (token and version 2, one nonce sequence) are signed
//! here with the dev validator keys for this bridge program.
use anchor_lang::prelude::Pubkey;
use governance::InitializeArgs;
use solana_sdk::instruction::Instruction;
use solana_sdk::signature::{Keypair, Signer};

use crate::bridge::{self as b, Validator};
use crate::ix::{cal_ix, gov_ix, mp_ix, staking_ix};
use crate::{Chain, ONE_CAL};

/// The hub's domain (local EVM home).
pub const HUB: u32 = 31_337;
/// Execution delay of received action lists at deployment (seconds).
pub const DELAY: u64 = 3_600;

/// The hub's bridge (universal address).
pub fn hub_bridge() -> [u8; 32] {
    b::hex32("0x0000000000000000000000005fbdb2315678afecb367f032d93f642f64180aa3")
}
/// The hub's governance address (the vectors' hub sender).
pub fn hub_governor() -> [u8; 32] {
    b::hex32("0x000000000000000000000000a513e6e4b8f2a923d98304ec87f64353c4d5c853")
}

pub struct Spoke {
    pub chain: Chain,
    pub cal_admin: Keypair,
    pub pauser: Keypair,
    pub arbiter: Keypair,
    pub guardian: Keypair,
    pub validators: Vec<Validator>,
    /// The marketplace treasury's CAL token account.
    pub treasury: Pubkey,
    /// Nonce of the last hub → Solana message.
    pub hub_nonce: u64,
}

impl Spoke {
    pub async fn deploy() -> Spoke {
        let mut chain = Chain::start().await;
        let b::Deployed { cal_admin, admin: deployer, pauser, validators } = b::deploy(&mut chain, true).await;
        let payer = chain.payer().pubkey();
        let mint = cal_ix::mint();
        chain.ok(&[b::set_remote_domain(&deployer.pubkey(), &payer, HUB, b::limits(hub_bridge()))], &[&deployer]).await;
        let guardian = chain.new_user().await;
        let args = InitializeArgs {
            hub_domain: HUB,
            hub_address: hub_governor(),
            guardian: guardian.pubkey(),
            execution_delay: DELAY,
        };
        chain.ok(&[gov_ix::initialize(&cal_admin.pubkey(), &mint, args)], &[&cal_admin]).await;
        let gov = gov_ix::config();
        let arbiter = chain.new_user().await;
        let treasury_owner = Pubkey::new_unique();
        let treasury = chain.token_account(&mint, &treasury_owner).await;
        chain.ok(&[staking_ix::initialize(&payer, &mint, gov, marketplace::ID)], &[]).await;
        chain.ok(&[mp_ix::initialize(&payer, &mint, &treasury, gov, pauser.pubkey(), arbiter.pubkey())], &[]).await;
        chain.ok(&[b::set_roles(&deployer.pubkey(), gov, pauser.pubkey())], &[&deployer]).await;
        Spoke { chain, cal_admin, pauser, arbiter, guardian, validators, treasury, hub_nonce: 0 }
    }

    /// The next hub nonce (token and governance messages share it).
    pub fn next_nonce(&mut self) -> u64 {
        self.hub_nonce += 1;
        self.hub_nonce
    }

    /// Bridges `amount` CAL in from the hub to `owner`'s ATA (returns the ATA).
    pub async fn bridge_in(&mut self, owner: &Pubkey, amount: u64) -> Pubkey {
        let nonce = self.next_nonce();
        let m = calctra_bridge::codec::BridgeMessage {
            version: 1,
            src_domain: HUB,
            dst_domain: calctra_bridge::SOLANA_DOMAIN,
            nonce,
            sender: hub_bridge(),
            recipient: owner.to_bytes(),
            amount,
        }
        .encode();
        let sigs = b::sign_for_program(&m, &[&self.validators[0], &self.validators[1]]);
        let payer = self.chain.payer().pubkey();
        self.chain.ok(&[b::receive(&payer, &cal_ix::mint(), m, sigs)], &[]).await;
        b::ata(owner, &cal_ix::mint())
    }

    /// A voter with `amount` CAL bridged in and deposited in the vault.
    pub async fn voter(&mut self, amount: u64) -> Keypair {
        let kp = self.chain.new_user().await;
        let ata = self.bridge_in(&kp.pubkey(), amount).await;
        self.chain.ok(&[gov_ix::deposit(&kp.pubkey(), &ata, amount)], &[&kp]).await;
        kp
    }

    /// A version-2 message from the hub governor to the vault carrying `body`, with the next hub nonce.
    pub fn hub_message(&mut self, body: &[u8]) -> Vec<u8> {
        let nonce = self.next_nonce();
        b::governance_message(HUB, nonce, hub_governor(), gov_ix::config().to_bytes(), body)
    }

    /// Its delivery through the bridge, signed by validators 0 and 1.
    pub fn delivery(&self, message: Vec<u8>) -> Instruction {
        let sigs = b::sign_for_program(&message, &[&self.validators[0], &self.validators[1]]);
        b::receive_governance(&self.chain.payer().pubkey(), message, sigs)
    }

    pub async fn deliver(&mut self, body: &[u8]) {
        let m = self.hub_message(body);
        let ix = self.delivery(m);
        self.chain.ok(&[ix], &[]).await;
    }

    /// `ProposalOpened(proposalId, snapshot, voteEnd)` from the hub.
    pub async fn open(&mut self, proposal_id: [u8; 32], snapshot: u64, vote_end: u64) {
        self.deliver(&proposal_opened(proposal_id, snapshot, vote_end)).await;
    }

    /// `GovernanceActions(sequence, proposalId, list)` from the hub.
    pub async fn actions(&mut self, sequence: u64, list: &[u8]) {
        self.deliver(&governance_actions(sequence, [0u8; 32], list)).await;
    }

    /// Receives `list` as `sequence`, waits for its delay and executes it with `extra` accounts.
    pub async fn run(&mut self, sequence: u64, list: &[u8], extra: &[Pubkey]) {
        self.actions(sequence, list).await;
        self.chain.advance(DELAY as i64).await;
        let payer = self.chain.payer().pubkey();
        self.chain.ok(&[gov_ix::execute(&payer, sequence, extra)], &[]).await;
    }

    pub async fn action_list(&mut self, sequence: u64) -> governance::ActionList {
        self.chain.account(&gov_ix::action_list(sequence)).await
    }

    pub async fn gov_config(&mut self) -> governance::GovernanceConfig {
        self.chain.account(&gov_ix::config()).await
    }
}

/// `ProposalOpened` body: `1 | proposalId | snapshot u64 | voteEnd u64`.
pub fn proposal_opened(proposal_id: [u8; 32], snapshot: u64, vote_end: u64) -> Vec<u8> {
    let mut body = vec![1u8];
    body.extend_from_slice(&proposal_id);
    body.extend_from_slice(&snapshot.to_be_bytes());
    body.extend_from_slice(&vote_end.to_be_bytes());
    body
}

/// `GovernanceActions` body: `3 | sequence u64 | proposalId | action list`.
pub fn governance_actions(sequence: u64, proposal_id: [u8; 32], list: &[u8]) -> Vec<u8> {
    let mut body = vec![3u8];
    body.extend_from_slice(&sequence.to_be_bytes());
    body.extend_from_slice(&proposal_id);
    body.extend_from_slice(list);
    body
}

/// A proposal id whose last byte is `n`.
pub fn pid(n: u8) -> [u8; 32] {
    let mut id = [0u8; 32];
    id[31] = n;
    id
}

pub const CAL: u64 = ONE_CAL;
