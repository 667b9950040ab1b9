//! Host-native test harness: all Calctra programs under solana-program-test with the real
//! SPL Token program, plus builders for every instruction and the shared-vector loaders.
pub mod bridge;
pub mod env;
pub mod event_log;
pub mod ix;
pub mod market;
pub mod power;
pub mod snarkjs;
pub mod spoke;
pub mod vectors;

use anchor_lang::prelude::Pubkey;
use anchor_lang::solana_program::{
    account_info::AccountInfo, entrypoint::ProgramResult, instruction::Instruction, program_pack::Pack,
    sysvar::clock::Clock,
};
// The Solana 2.x module (solana-system-interface is its successor), as in calctra-node-host.
#[allow(deprecated)]
use anchor_lang::solana_program::system_instruction;
use anchor_lang::AccountDeserialize;
use solana_program_test::{processor, BanksClientError, ProgramTest, ProgramTestContext};
use solana_sdk::{
    compute_budget::ComputeBudgetInstruction,
    instruction::InstructionError,
    signature::{Keypair, Signer},
    transaction::{Transaction, TransactionError},
};

pub const ONE_CAL: u64 = 1_000_000_000;
pub const START_TIME: i64 = 1_800_000_000;

macro_rules! native_entry {
    ($name:ident, $krate:ident) => {
        fn $name(program_id: &Pubkey, accounts: &[AccountInfo], data: &[u8]) -> ProgramResult {
            // anchor's `entry` ties the slice and the AccountInfo lifetimes together.
            let accounts: &[AccountInfo] = unsafe { std::mem::transmute::<&[AccountInfo], &[AccountInfo]>(accounts) };
            $krate::entry(program_id, accounts, data)
        }
    };
}
native_entry!(staking_entry, staking);
native_entry!(marketplace_entry, marketplace);
native_entry!(cal_token_entry, cal_token);
native_entry!(governance_entry, governance);
native_entry!(bridge_entry, calctra_bridge);

pub fn program_test() -> ProgramTest {
    let mut pt = ProgramTest::default();
    pt.prefer_bpf(false);
    pt.add_program("staking", staking::ID, processor!(staking_entry));
    pt.add_program("marketplace", marketplace::ID, processor!(marketplace_entry));
    pt.add_program("cal_token", cal_token::ID, processor!(cal_token_entry));
    pt.add_program("governance", governance::ID, processor!(governance_entry));
    pt.add_program("calctra_bridge", calctra_bridge::ID, processor!(bridge_entry));
    pt
}

pub struct Chain {
    pub ctx: ProgramTestContext,
    nonce: u32,
}

impl Chain {
    pub async fn start() -> Chain {
        let ctx = program_test().start_with_context().await;
        event_log::install();
        let mut chain = Chain { ctx, nonce: 0 };
        chain.set_time(START_TIME);
        chain
    }

    pub fn payer(&self) -> Keypair {
        self.ctx.payer.insecure_clone()
    }

    /// Sends one transaction paid by the context payer. A unique compute-unit limit makes every
    /// transaction distinct so that identical instructions can be sent twice.
    pub async fn send(&mut self, ixs: &[Instruction], signers: &[&Keypair]) -> Result<(), BanksClientError> {
        let tx = self.transaction(ixs, signers).await;
        self.ctx.banks_client.process_transaction(tx).await
    }

    /// The transaction `send` sends: a unique compute-unit limit, then `ixs`, paid by the context payer.
    async fn transaction(&mut self, ixs: &[Instruction], signers: &[&Keypair]) -> Transaction {
        self.nonce += 1;
        let mut all = vec![ComputeBudgetInstruction::set_compute_unit_limit(1_400_000 - self.nonce)];
        all.extend_from_slice(ixs);
        let payer = self.payer();
        let mut keys: Vec<&Keypair> = vec![&payer];
        keys.extend_from_slice(signers);
        let blockhash = self.ctx.banks_client.get_latest_blockhash().await.unwrap();
        Transaction::new_signed_with_payer(&all, Some(&payer.pubkey()), &keys[..], blockhash)
    }

    /// Sends like `ok` and returns the transaction's log messages (`event_log::events` finds the `emit!` events).
    pub async fn ok_logs(&mut self, ixs: &[Instruction], signers: &[&Keypair]) -> Vec<String> {
        let tx = self.transaction(ixs, signers).await;
        let landed = self.ctx.banks_client.process_transaction_with_metadata(tx).await.unwrap();
        if let Err(e) = landed.result {
            panic!("transaction failed: {e:?}");
        }
        landed.metadata.expect("transaction metadata").log_messages
    }

    pub async fn ok(&mut self, ixs: &[Instruction], signers: &[&Keypair]) {
        if let Err(e) = self.send(ixs, signers).await {
            panic!("transaction failed: {e:?}");
        }
    }

    /// Sends and returns the custom error code the transaction failed with.
    pub async fn fail(&mut self, ixs: &[Instruction], signers: &[&Keypair]) -> u32 {
        match self.send(ixs, signers).await {
            Ok(()) => panic!("transaction unexpectedly succeeded"),
            Err(e) => custom_code(&e).unwrap_or_else(|| panic!("not a custom error: {e:?}")),
        }
    }

    /// Compute units the transaction consumes in a simulation (the native host's figure: the programs run
    /// natively, so this counts syscalls and CPIs such as secp256k1_recover, not SBF instructions).
    pub async fn units(&mut self, ixs: &[Instruction], signers: &[&Keypair]) -> u64 {
        let tx = self.transaction(ixs, signers).await;
        let sim = self.ctx.banks_client.simulate_transaction(tx).await.unwrap();
        if let Err(e) = sim.result.clone().unwrap() {
            panic!("simulation failed: {e:?}");
        }
        sim.simulation_details.expect("simulation details").units_consumed
    }

    pub async fn now(&mut self) -> i64 {
        let clock: Clock = self.ctx.banks_client.get_sysvar().await.unwrap();
        clock.unix_timestamp
    }

    pub fn set_time(&mut self, unix_timestamp: i64) {
        let clock = Clock { unix_timestamp, ..Clock::default() };
        self.ctx.set_sysvar(&clock);
    }

    pub async fn advance(&mut self, seconds: i64) {
        let now = self.now().await;
        self.set_time(now + seconds);
    }

    pub async fn fund(&mut self, to: &Pubkey, lamports: u64) {
        let payer = self.payer();
        self.ok(&[system_instruction::transfer(&payer.pubkey(), to, lamports)], &[]).await;
    }

    pub async fn new_user(&mut self) -> Keypair {
        let k = Keypair::new();
        self.fund(&k.pubkey(), 10_000_000_000).await;
        k
    }

    pub async fn account<T: AccountDeserialize>(&mut self, key: &Pubkey) -> T {
        let acc = self.ctx.banks_client.get_account(*key).await.unwrap().expect("account exists");
        T::try_deserialize(&mut acc.data.as_slice()).unwrap()
    }

    pub async fn exists(&mut self, key: &Pubkey) -> bool {
        self.ctx.banks_client.get_account(*key).await.unwrap().is_some()
    }

    /// A classic SPL mint with `decimals` and `authority`.
    pub async fn create_mint(&mut self, authority: &Pubkey, decimals: u8) -> Pubkey {
        let mint = Keypair::new();
        let payer = self.payer();
        let rent = self.ctx.banks_client.get_rent().await.unwrap();
        let ixs = [
            system_instruction::create_account(
                &payer.pubkey(),
                &mint.pubkey(),
                rent.minimum_balance(spl_token::state::Mint::LEN),
                spl_token::state::Mint::LEN as u64,
                &spl_token::ID,
            ),
            spl_token::instruction::initialize_mint2(&spl_token::ID, &mint.pubkey(), authority, None, decimals)
                .unwrap(),
        ];
        self.ok(&ixs, &[&mint]).await;
        mint.pubkey()
    }

    pub async fn token_account(&mut self, mint: &Pubkey, owner: &Pubkey) -> Pubkey {
        let acc = Keypair::new();
        let payer = self.payer();
        let rent = self.ctx.banks_client.get_rent().await.unwrap();
        let ixs = [
            system_instruction::create_account(
                &payer.pubkey(),
                &acc.pubkey(),
                rent.minimum_balance(spl_token::state::Account::LEN),
                spl_token::state::Account::LEN as u64,
                &spl_token::ID,
            ),
            spl_token::instruction::initialize_account3(&spl_token::ID, &acc.pubkey(), mint, owner).unwrap(),
        ];
        self.ok(&ixs, &[&acc]).await;
        acc.pubkey()
    }

    pub async fn mint_to(&mut self, mint: &Pubkey, authority: &Keypair, to: &Pubkey, amount: u64) {
        let ix = spl_token::instruction::mint_to(&spl_token::ID, mint, to, &authority.pubkey(), &[], amount).unwrap();
        self.ok(&[ix], &[authority]).await;
    }

    pub async fn balance(&mut self, token_account: &Pubkey) -> u64 {
        let acc = self.ctx.banks_client.get_account(*token_account).await.unwrap().unwrap();
        spl_token::state::Account::unpack(&acc.data).unwrap().amount
    }

    pub async fn mint_info(&mut self, mint: &Pubkey) -> spl_token::state::Mint {
        let acc = self.ctx.banks_client.get_account(*mint).await.unwrap().unwrap();
        spl_token::state::Mint::unpack(&acc.data).unwrap()
    }
}

/// The custom program error code of a failed transaction, if any.
pub fn custom_code(e: &BanksClientError) -> Option<u32> {
    match e {
        BanksClientError::TransactionError(TransactionError::InstructionError(_, InstructionError::Custom(c)))
        | BanksClientError::SimulationError {
            err: TransactionError::InstructionError(_, InstructionError::Custom(c)),
            ..
        } => Some(*c),
        _ => None,
    }
}

/// The Anchor error code of an error enum variant.
pub fn code<E: Into<u32>>(e: E) -> u32 {
    e.into()
}

/// Anchor framework error code (e.g. AccountNotInitialized).
pub fn anchor_code(e: anchor_lang::error::ErrorCode) -> u32 {
    e.into()
}
