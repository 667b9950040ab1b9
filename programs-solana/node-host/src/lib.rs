//! Node-API addon: an in-process Solana bank for TypeScript.
//!
//! Each [`SolanaHost`] owns its own `solana-program-test` context (the program set of
//! `calctra_solana_tests::program_test()`: every Calctra program built natively, plus the real SPL
//! Token / Token-2022 / ATA programs that program-test embeds) on its own single-threaded tokio
//! runtime. Calls are synchronous. `sdk/src/local/solana-host.ts` turns this surface into the
//! JSON-RPC a `@solana/web3.js` `Connection` expects.
//!
//! Time is pinned: `Clock.unix_timestamp` only changes through `setUnixTimestamp` and never goes
//! backwards; every `latestBlockhash` call moves the bank one slot forward so that identical
//! transactions get distinct blockhashes (and signatures).
mod program_output;

use std::collections::{BTreeSet, HashMap};
use std::str::FromStr;

use napi::bindgen_prelude::{BigInt, Buffer};
use napi::{Error, Result};
use napi_derive::napi;
use solana_program_test::ProgramTestContext;
// The same 2.x module calctra-solana-tests uses (solana-system-interface is its successor).
#[allow(deprecated)]
use solana_sdk::system_instruction;
use solana_sdk::{
    account::Account,
    clock::Clock,
    epoch_schedule::EpochSchedule,
    hash::Hash,
    message::VersionedMessage,
    native_token::LAMPORTS_PER_SOL,
    pubkey::Pubkey,
    signature::{Keypair, Signature, Signer},
    transaction::{Transaction, TransactionError, VersionedTransaction},
};

/// Lamports of the fee payer handed to TypeScript (10 million SOL).
const PAYER_LAMPORTS: u64 = 10_000_000 * LAMPORTS_PER_SOL;
/// Lamports of the faucet that answers airdrops (one billion SOL).
const FAUCET_LAMPORTS: u64 = 1_000_000_000 * LAMPORTS_PER_SOL;

fn fail(message: impl std::fmt::Display) -> Error {
    Error::from_reason(message.to_string())
}

fn pubkey(text: &str) -> Result<Pubkey> {
    Pubkey::from_str(text).map_err(|e| fail(format!("invalid public key {text:?}: {e}")))
}

fn u64_of(value: &BigInt, what: &str) -> Result<u64> {
    let (negative, v, lossless) = value.get_u64();
    if negative || !lossless {
        return Err(fail(format!("{what} must fit in a u64")));
    }
    Ok(v)
}

fn i64_of(value: &BigInt, what: &str) -> Result<i64> {
    let (v, lossless) = value.get_i64();
    if !lossless {
        return Err(fail(format!("{what} must fit in an i64")));
    }
    Ok(v)
}

fn error_json(err: &TransactionError) -> String {
    serde_json::to_string(err).unwrap_or_else(|_| format!("{err:?}"))
}

/// An account as the RPC reports it.
#[napi(object)]
pub struct HostAccount {
    pub lamports: BigInt,
    /// Base58 owner program id.
    pub owner: String,
    pub data: Buffer,
    pub executable: bool,
    pub rent_epoch: BigInt,
}

impl From<Account> for HostAccount {
    fn from(a: Account) -> Self {
        HostAccount {
            lamports: a.lamports.into(),
            owner: a.owner.to_string(),
            data: a.data.into(),
            executable: a.executable,
            rent_epoch: a.rent_epoch.into(),
        }
    }
}

/// An account with its address (getProgramAccounts).
#[napi(object)]
pub struct HostKeyedAccount {
    pub pubkey: String,
    pub account: HostAccount,
}

/// The outcome of processing or simulating one transaction.
#[napi(object)]
pub struct HostTransactionOutcome {
    /// Base58 first signature.
    pub signature: String,
    /// `TransactionError` serialised like the JSON-RPC does (e.g. `{"InstructionError":[0,{"Custom":6300}]}`); null on success.
    pub err: Option<String>,
    /// True when the transaction was executed and recorded (fees charged); false when it was
    /// refused before execution (bad signature, unknown blockhash, already processed, ...) and for simulations.
    pub committed: bool,
    pub logs: Vec<String>,
    pub compute_units_consumed: BigInt,
    pub fee: BigInt,
    pub slot: i64,
}

/// A committed transaction (getTransaction).
#[napi(object)]
pub struct HostTransactionRecord {
    pub signature: String,
    pub slot: i64,
    pub block_time: i64,
    pub err: Option<String>,
    pub logs: Vec<String>,
    pub compute_units_consumed: BigInt,
    pub fee: BigInt,
    pub pre_balances: Vec<BigInt>,
    pub post_balances: Vec<BigInt>,
    /// The transaction exactly as it was sent (bincode wire format).
    pub wire: Buffer,
}

#[napi(object)]
pub struct HostBlockhash {
    pub blockhash: String,
    pub last_valid_block_height: i64,
    pub slot: i64,
}

#[napi(object)]
pub struct HostClock {
    pub slot: i64,
    pub epoch: i64,
    pub unix_timestamp: BigInt,
    pub epoch_start_timestamp: BigInt,
    pub leader_schedule_epoch: i64,
}

#[napi(object)]
pub struct HostEpochInfo {
    pub absolute_slot: i64,
    pub block_height: i64,
    pub epoch: i64,
    pub slot_index: i64,
    pub slots_in_epoch: i64,
    pub transaction_count: i64,
}

struct Record {
    slot: u64,
    block_time: i64,
    err: Option<TransactionError>,
    logs: Vec<String>,
    units: u64,
    fee: u64,
    pre_balances: Vec<u64>,
    post_balances: Vec<u64>,
    wire: Vec<u8>,
}

/// One chain. `ctx` is declared before `rt` so that it is dropped first.
struct Chain {
    ctx: ProgramTestContext,
    rt: tokio::runtime::Runtime,
    payer: Keypair,
    faucet: Keypair,
    unix_timestamp: i64,
    records: HashMap<Signature, Record>,
    touched: BTreeSet<Pubkey>,
}

impl Chain {
    fn start(start_time: i64) -> Result<Chain> {
        // The banks server (and so every program) runs on the runtime's worker thread, never on
        // Node's main thread: executing the SBF JIT code of the embedded SPL programs (e.g. the
        // ATA program's CPIs) on the main thread corrupts V8's heap (std::bad_alloc in the GC).
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .map_err(|e| fail(format!("cannot start a tokio runtime: {e}")))?;
        let payer = Keypair::new();
        let faucet = Keypair::new();
        // ProgramTest::default() switches on debug logging of every instruction to stderr unless
        // RUST_LOG is set; the host stays quiet unless CALCTRA_SOLANA_HOST_LOG holds a filter
        // (e.g. "solana_runtime=debug").
        let filter = std::env::var("CALCTRA_SOLANA_HOST_LOG").unwrap_or_else(|_| "off".to_string());
        let saved_rust_log = std::env::var_os("RUST_LOG");
        std::env::set_var("RUST_LOG", &filter);
        let mut pt = calctra_solana_tests::program_test();
        match saved_rust_log {
            Some(v) => std::env::set_var("RUST_LOG", v),
            None => std::env::remove_var("RUST_LOG"),
        }
        for (key, lamports) in [(payer.pubkey(), PAYER_LAMPORTS), (faucet.pubkey(), FAUCET_LAMPORTS)] {
            pt.add_genesis_account(key, Account::new(lamports, 0, &solana_sdk::system_program::ID));
        }
        let ctx = rt.block_on(pt.start_with_context());
        program_output::install_forwarding_stubs();
        let mut chain = Chain {
            ctx,
            rt,
            touched: [payer.pubkey(), faucet.pubkey()].into_iter().collect(),
            payer,
            faucet,
            unix_timestamp: start_time,
            records: HashMap::new(),
        };
        chain.pin_clock()?;
        Ok(chain)
    }

    fn clock(&self) -> Result<Clock> {
        self.rt.block_on(self.ctx.banks_client.get_sysvar::<Clock>()).map_err(fail)
    }

    /// Writes `unix_timestamp` into the working bank's Clock, keeping slot and epoch.
    fn pin_clock(&mut self) -> Result<()> {
        let mut clock = self.clock()?;
        if clock.unix_timestamp != self.unix_timestamp {
            clock.unix_timestamp = self.unix_timestamp;
            self.ctx.set_sysvar(&clock);
        }
        Ok(())
    }

    fn slot(&self) -> Result<u64> {
        self.rt.block_on(self.ctx.banks_client.get_root_slot()).map_err(fail)
    }

    fn block_height(&self) -> Result<u64> {
        self.rt.block_on(self.ctx.banks_client.get_root_block_height()).map_err(fail)
    }

    /// Moves the bank one slot forward (a fresh blockhash) without touching the clock's time.
    fn next_slot(&mut self) -> Result<()> {
        let slot = self.slot()?;
        self.ctx.warp_to_slot(slot + 1).map_err(|e| fail(format!("cannot advance the slot: {e:?}")))?;
        self.pin_clock()
    }

    fn current_blockhash(&self) -> Result<(Hash, u64)> {
        self.rt
            .block_on(
                self.ctx
                    .banks_client
                    .get_latest_blockhash_with_commitment(solana_sdk::commitment_config::CommitmentLevel::Processed),
            )
            .map_err(fail)?
            .ok_or_else(|| fail("no blockhash"))
    }

    fn account(&self, key: &Pubkey) -> Result<Option<Account>> {
        self.rt.block_on(self.ctx.banks_client.get_account(*key)).map_err(fail)
    }

    fn balance(&self, key: &Pubkey) -> Result<u64> {
        Ok(self.account(key)?.map_or(0, |a| a.lamports))
    }

    fn fee_for(&self, message: &VersionedMessage) -> Result<u64> {
        match message {
            VersionedMessage::Legacy(m) => {
                let fee = self.rt.block_on(self.ctx.banks_client.get_fee_for_message(m.clone())).map_err(fail)?;
                Ok(fee.unwrap_or(0))
            }
            VersionedMessage::V0(m) => {
                let per_signature = self.ctx.genesis_config().fee_rate_governor.lamports_per_signature;
                Ok(per_signature * u64::from(m.header.num_required_signatures))
            }
        }
    }

    /// Runs `f` (one transaction) with the programs' stdout captured; returns its result and the
    /// program output lines not yet forwarded into the log collector.
    fn captured<T>(&mut self, f: impl FnOnce(&mut Chain) -> T) -> Result<(T, Vec<String>)> {
        program_output::begin().map_err(|e| fail(format!("cannot capture program output: {e}")))?;
        let out = f(self);
        Ok((out, program_output::end()))
    }

    fn decode(wire: &[u8]) -> Result<VersionedTransaction> {
        bincode::deserialize::<VersionedTransaction>(wire).map_err(|e| fail(format!("invalid transaction bytes: {e}")))
    }

    /// Refusals a validator reports before execution (nothing recorded, no fee).
    fn precheck(tx: &VersionedTransaction, verify_signatures: bool) -> Option<TransactionError> {
        if tx.sanitize().is_err() {
            return Some(TransactionError::SanitizeFailure);
        }
        if verify_signatures && tx.verify_with_results().iter().any(|ok| !ok) {
            return Some(TransactionError::SignatureFailure);
        }
        None
    }

    fn refused(signature: String, slot: u64, err: TransactionError) -> HostTransactionOutcome {
        HostTransactionOutcome {
            signature,
            err: Some(error_json(&err)),
            committed: false,
            logs: vec![],
            compute_units_consumed: 0u64.into(),
            fee: 0u64.into(),
            slot: slot as i64,
        }
    }

    fn first_signature(tx: &VersionedTransaction) -> String {
        tx.signatures.first().map(|s| s.to_string()).unwrap_or_default()
    }

    fn process(&mut self, wire: &[u8]) -> Result<HostTransactionOutcome> {
        let tx = Chain::decode(wire)?;
        let slot = self.slot()?;
        if let Some(err) = Chain::precheck(&tx, true) {
            return Ok(Chain::refused(Chain::first_signature(&tx), slot, err));
        }
        let signature = tx.signatures[0];
        let keys: Vec<Pubkey> = tx.message.static_account_keys().to_vec();
        let pre_balances = keys.iter().map(|k| self.balance(k)).collect::<Result<Vec<_>>>()?;
        let fee = self.fee_for(&tx.message)?;
        let (result, trailing) =
            self.captured(|chain| chain.rt.block_on(chain.ctx.banks_client.process_transaction_with_metadata(tx)))?;
        let result = result.map_err(fail)?;
        let Some(mut meta) = result.metadata else {
            let err = result.result.err().unwrap_or(TransactionError::SanitizeFailure);
            return Ok(Chain::refused(signature.to_string(), slot, err));
        };
        meta.log_messages = program_output::finish_logs(std::mem::take(&mut meta.log_messages), trailing);
        let post_balances = keys.iter().map(|k| self.balance(k)).collect::<Result<Vec<_>>>()?;
        self.touched.extend(keys);
        let err = result.result.err();
        let outcome = HostTransactionOutcome {
            signature: signature.to_string(),
            err: err.as_ref().map(error_json),
            committed: true,
            logs: meta.log_messages.clone(),
            compute_units_consumed: meta.compute_units_consumed.into(),
            fee: fee.into(),
            slot: slot as i64,
        };
        self.records.insert(
            signature,
            Record {
                slot,
                block_time: self.unix_timestamp,
                err,
                logs: meta.log_messages,
                units: meta.compute_units_consumed,
                fee,
                pre_balances,
                post_balances,
                wire: wire.to_vec(),
            },
        );
        Ok(outcome)
    }

    fn simulate(
        &mut self,
        wire: &[u8],
        sig_verify: bool,
        replace_recent_blockhash: bool,
    ) -> Result<HostTransactionOutcome> {
        let mut tx = Chain::decode(wire)?;
        let slot = self.slot()?;
        if replace_recent_blockhash {
            let (blockhash, _) = self.current_blockhash()?;
            match &mut tx.message {
                VersionedMessage::Legacy(m) => m.recent_blockhash = blockhash,
                VersionedMessage::V0(m) => m.recent_blockhash = blockhash,
            }
        }
        if let Some(err) = Chain::precheck(&tx, sig_verify && !replace_recent_blockhash) {
            return Ok(Chain::refused(Chain::first_signature(&tx), slot, err));
        }
        let signature = Chain::first_signature(&tx);
        let fee = self.fee_for(&tx.message)?;
        let (result, trailing) =
            self.captured(|chain| chain.rt.block_on(chain.ctx.banks_client.simulate_transaction(tx)))?;
        let result = result.map_err(fail)?;
        let err = match result.result {
            Some(Ok(())) => None,
            Some(Err(e)) => Some(e),
            None => Some(TransactionError::SanitizeFailure),
        };
        let (logs, units) = result.simulation_details.map_or((vec![], 0), |d| (d.logs, d.units_consumed));
        let logs = program_output::finish_logs(logs, trailing);
        Ok(HostTransactionOutcome {
            signature,
            err: err.as_ref().map(error_json),
            committed: false,
            logs,
            compute_units_consumed: units.into(),
            fee: fee.into(),
            slot: slot as i64,
        })
    }
}

/// An in-process Solana bank with every Calctra program loaded. Every method turns a Rust panic
/// into a JavaScript exception (`catch_unwind`) instead of aborting Node.
#[napi]
pub struct SolanaHost {
    chain: Option<Chain>,
}

#[napi]
impl SolanaHost {
    /// Starts a fresh chain whose Clock reads `startTime` (unix seconds).
    #[napi(factory, catch_unwind)]
    pub fn start(start_time: BigInt) -> Result<SolanaHost> {
        let start_time = i64_of(&start_time, "startTime")?;
        Ok(SolanaHost { chain: Some(Chain::start(start_time)?) })
    }

    fn chain(&mut self) -> Result<&mut Chain> {
        self.chain.as_mut().ok_or_else(|| fail("the Solana host is closed"))
    }

    /// Drops the bank. Every later call throws.
    #[napi(catch_unwind)]
    pub fn close(&mut self) {
        self.chain = None;
    }

    /// The 64-byte secret key of the funded fee payer (10,000,000 SOL at start).
    #[napi(catch_unwind)]
    pub fn payer_secret_key(&mut self) -> Result<Buffer> {
        Ok(self.chain()?.payer.to_bytes().to_vec().into())
    }

    /// Executes a signed transaction (bincode wire bytes) in the working bank.
    #[napi(catch_unwind)]
    pub fn process_transaction(&mut self, wire: Buffer) -> Result<HostTransactionOutcome> {
        self.chain()?.process(&wire)
    }

    /// Simulates a transaction against the working bank; nothing is recorded.
    #[napi(catch_unwind)]
    pub fn simulate_transaction(
        &mut self,
        wire: Buffer,
        sig_verify: bool,
        replace_recent_blockhash: bool,
    ) -> Result<HostTransactionOutcome> {
        self.chain()?.simulate(&wire, sig_verify, replace_recent_blockhash)
    }

    /// The account at `address` (base58), or null.
    #[napi(catch_unwind)]
    pub fn get_account(&mut self, address: String) -> Result<Option<HostAccount>> {
        let key = pubkey(&address)?;
        Ok(self.chain()?.account(&key)?.map(HostAccount::from))
    }

    /// Every account touched by a committed transaction (or genesis-funded here) that `owner` owns now.
    #[napi(catch_unwind)]
    pub fn program_accounts(&mut self, owner: String) -> Result<Vec<HostKeyedAccount>> {
        let owner = pubkey(&owner)?;
        let chain = self.chain()?;
        let mut out = Vec::new();
        for key in chain.touched.iter() {
            if let Some(account) = chain.account(key)? {
                if account.owner == owner {
                    out.push(HostKeyedAccount { pubkey: key.to_string(), account: account.into() });
                }
            }
        }
        Ok(out)
    }

    /// Moves one slot forward and returns the new blockhash (so identical transactions can be
    /// sent again). The clock's unix time does not change.
    #[napi(catch_unwind)]
    pub fn latest_blockhash(&mut self) -> Result<HostBlockhash> {
        let chain = self.chain()?;
        chain.next_slot()?;
        let (hash, last_valid_block_height) = chain.current_blockhash()?;
        Ok(HostBlockhash {
            blockhash: hash.to_string(),
            last_valid_block_height: last_valid_block_height as i64,
            slot: chain.slot()? as i64,
        })
    }

    /// Whether `blockhash` can still be used by a transaction.
    #[napi(catch_unwind)]
    pub fn is_blockhash_valid(&mut self, blockhash: String) -> Result<bool> {
        let hash = Hash::from_str(&blockhash).map_err(|e| fail(format!("invalid blockhash {blockhash:?}: {e}")))?;
        let chain = self.chain()?;
        let probe = Transaction::new_signed_with_payer(
            &[system_instruction::transfer(&chain.payer.pubkey(), &chain.payer.pubkey(), 0)],
            Some(&chain.payer.pubkey()),
            &[&chain.payer],
            hash,
        );
        let outcome =
            chain.simulate(&bincode::serialize(&VersionedTransaction::from(probe)).map_err(fail)?, false, false)?;
        Ok(outcome.err.as_deref() != Some("\"BlockhashNotFound\""))
    }

    #[napi(catch_unwind)]
    pub fn clock(&mut self) -> Result<HostClock> {
        let clock = self.chain()?.clock()?;
        Ok(HostClock {
            slot: clock.slot as i64,
            epoch: clock.epoch as i64,
            unix_timestamp: clock.unix_timestamp.into(),
            epoch_start_timestamp: clock.epoch_start_timestamp.into(),
            leader_schedule_epoch: clock.leader_schedule_epoch as i64,
        })
    }

    /// Sets `Clock.unix_timestamp` (slot and epoch unchanged). Refuses to go backwards.
    #[napi(catch_unwind)]
    pub fn set_unix_timestamp(&mut self, unix_timestamp: BigInt) -> Result<()> {
        let target = i64_of(&unix_timestamp, "unixTimestamp")?;
        let chain = self.chain()?;
        if target < chain.unix_timestamp {
            return Err(fail(format!("cannot move the clock back from {} to {target}", chain.unix_timestamp)));
        }
        chain.unix_timestamp = target;
        chain.pin_clock()
    }

    /// Transfers `lamports` from the host's faucet to `to` in a real transaction; returns its signature.
    #[napi(catch_unwind)]
    pub fn airdrop(&mut self, to: String, lamports: BigInt) -> Result<HostTransactionOutcome> {
        let to = pubkey(&to)?;
        let lamports = u64_of(&lamports, "lamports")?;
        let chain = self.chain()?;
        chain.next_slot()?;
        let (blockhash, _) = chain.current_blockhash()?;
        let tx = Transaction::new_signed_with_payer(
            &[system_instruction::transfer(&chain.faucet.pubkey(), &to, lamports)],
            Some(&chain.faucet.pubkey()),
            &[&chain.faucet],
            blockhash,
        );
        chain.process(&bincode::serialize(&VersionedTransaction::from(tx)).map_err(fail)?)
    }

    /// Rent-exempt minimum balance for `dataLength` bytes.
    #[napi(catch_unwind)]
    pub fn minimum_balance_for_rent_exemption(&mut self, data_length: u32) -> Result<BigInt> {
        let chain = self.chain()?;
        let rent = chain.rt.block_on(chain.ctx.banks_client.get_rent()).map_err(fail)?;
        Ok(rent.minimum_balance(data_length as usize).into())
    }

    /// Fee in lamports for a serialised message, as the bank charges it.
    #[napi(catch_unwind)]
    pub fn fee_for_message(&mut self, message: Buffer) -> Result<BigInt> {
        let message: VersionedMessage =
            bincode::deserialize(&message).map_err(|e| fail(format!("invalid message bytes: {e}")))?;
        Ok(self.chain()?.fee_for(&message)?.into())
    }

    #[napi(catch_unwind)]
    pub fn slot(&mut self) -> Result<i64> {
        Ok(self.chain()?.slot()? as i64)
    }

    #[napi(catch_unwind)]
    pub fn block_height(&mut self) -> Result<i64> {
        Ok(self.chain()?.block_height()? as i64)
    }

    #[napi(catch_unwind)]
    pub fn epoch_info(&mut self) -> Result<HostEpochInfo> {
        let chain = self.chain()?;
        let slot = chain.slot()?;
        let schedule: EpochSchedule = chain.rt.block_on(chain.ctx.banks_client.get_sysvar()).map_err(fail)?;
        let (epoch, slot_index) = schedule.get_epoch_and_slot_index(slot);
        Ok(HostEpochInfo {
            absolute_slot: slot as i64,
            block_height: chain.block_height()? as i64,
            epoch: epoch as i64,
            slot_index: slot_index as i64,
            slots_in_epoch: schedule.get_slots_in_epoch(epoch) as i64,
            transaction_count: chain.records.len() as i64,
        })
    }

    #[napi(catch_unwind)]
    pub fn genesis_hash(&mut self) -> Result<String> {
        Ok(self.chain()?.ctx.genesis_config().hash().to_string())
    }

    /// A committed transaction by signature, or null.
    #[napi(catch_unwind)]
    pub fn transaction(&mut self, signature: String) -> Result<Option<HostTransactionRecord>> {
        let sig = Signature::from_str(&signature).map_err(|e| fail(format!("invalid signature {signature:?}: {e}")))?;
        let chain = self.chain()?;
        Ok(chain.records.get(&sig).map(|r| HostTransactionRecord {
            signature: signature.clone(),
            slot: r.slot as i64,
            block_time: r.block_time,
            err: r.err.as_ref().map(error_json),
            logs: r.logs.clone(),
            compute_units_consumed: r.units.into(),
            fee: r.fee.into(),
            pre_balances: r.pre_balances.iter().map(|b| BigInt::from(*b)).collect(),
            post_balances: r.post_balances.iter().map(|b| BigInt::from(*b)).collect(),
            wire: r.wire.clone().into(),
        }))
    }
}
