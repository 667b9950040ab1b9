//! `emit!` events under the native host. Built for the host, Anchor's `emit!` calls the `sol_log_data` syscall stub,
//! which solana-program-test leaves at its default (a `println!`), so no event reaches the transaction log. The stubs
//! installed here wrap solana-program-test's: every call is passed on unchanged, except `sol_log_data`, which logs the
//! payload through the runtime's log collector as `Program log: <marker> <hex>`; [`events`] decodes those lines.
use anchor_lang::prelude::Pubkey;
use anchor_lang::solana_program::program_stubs::{set_syscall_stubs, SyscallStubs};
use anchor_lang::solana_program::{account_info::AccountInfo, entrypoint::ProgramResult, instruction::Instruction};

/// In front of the hex payload of a `sol_log_data` call (after the collector's `Program log: `).
const DATA_MARKER: &str = "\u{1}calctra-test-data\u{1} ";

/// Wraps solana-program-test's stubs (call after the first `start_with_context`, before any transaction: `Chain::start`
/// does). Installed once per process; later calls return at once, after the first has finished.
pub fn install() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let inner = set_syscall_stubs(Box::new(Placeholder));
        set_syscall_stubs(Box::new(EventStubs { inner }));
    });
}

/// The events of type `E` the transaction's programs emitted, in order (`logs` as `Chain::ok_logs` returns them).
pub fn events<E: anchor_lang::Event>(logs: &[String]) -> Vec<E> {
    logs.iter()
        .filter_map(|l| l.strip_prefix("Program log: ")?.strip_prefix(DATA_MARKER))
        .filter_map(|hex| {
            let bytes: Vec<u8> =
                (0..hex.len() / 2).map(|i| u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).unwrap()).collect();
            let rest = bytes.strip_prefix(E::DISCRIMINATOR)?;
            Some(E::try_from_slice(rest).unwrap())
        })
        .collect()
}

struct Placeholder;
impl SyscallStubs for Placeholder {}

struct EventStubs {
    inner: Box<dyn SyscallStubs>,
}

impl SyscallStubs for EventStubs {
    fn sol_log_data(&self, fields: &[&[u8]]) {
        let hex: String = fields.concat().iter().map(|b| format!("{b:02x}")).collect();
        self.inner.sol_log(&format!("{DATA_MARKER}{hex}"));
    }
    fn sol_log(&self, message: &str) {
        self.inner.sol_log(message)
    }
    fn sol_log_compute_units(&self) {
        self.inner.sol_log_compute_units()
    }
    fn sol_remaining_compute_units(&self) -> u64 {
        self.inner.sol_remaining_compute_units()
    }
    fn sol_invoke_signed(
        &self,
        instruction: &Instruction,
        account_infos: &[AccountInfo],
        signers_seeds: &[&[&[u8]]],
    ) -> ProgramResult {
        self.inner.sol_invoke_signed(instruction, account_infos, signers_seeds)
    }
    fn sol_get_sysvar(&self, sysvar_id_addr: *const u8, var_addr: *mut u8, offset: u64, length: u64) -> u64 {
        self.inner.sol_get_sysvar(sysvar_id_addr, var_addr, offset, length)
    }
    fn sol_get_clock_sysvar(&self, var_addr: *mut u8) -> u64 {
        self.inner.sol_get_clock_sysvar(var_addr)
    }
    fn sol_get_epoch_schedule_sysvar(&self, var_addr: *mut u8) -> u64 {
        self.inner.sol_get_epoch_schedule_sysvar(var_addr)
    }
    fn sol_get_fees_sysvar(&self, var_addr: *mut u8) -> u64 {
        self.inner.sol_get_fees_sysvar(var_addr)
    }
    fn sol_get_rent_sysvar(&self, var_addr: *mut u8) -> u64 {
        self.inner.sol_get_rent_sysvar(var_addr)
    }
    fn sol_get_epoch_rewards_sysvar(&self, var_addr: *mut u8) -> u64 {
        self.inner.sol_get_epoch_rewards_sysvar(var_addr)
    }
    fn sol_get_last_restart_slot(&self, var_addr: *mut u8) -> u64 {
        self.inner.sol_get_last_restart_slot(var_addr)
    }
    fn sol_get_epoch_stake(&self, vote_address: *const u8) -> u64 {
        self.inner.sol_get_epoch_stake(vote_address)
    }
    unsafe fn sol_memcpy(&self, dst: *mut u8, src: *const u8, n: usize) {
        self.inner.sol_memcpy(dst, src, n)
    }
    unsafe fn sol_memmove(&self, dst: *mut u8, src: *const u8, n: usize) {
        self.inner.sol_memmove(dst, src, n)
    }
    unsafe fn sol_memcmp(&self, s1: *const u8, s2: *const u8, n: usize, result: *mut i32) {
        self.inner.sol_memcmp(s1, s2, n, result)
    }
    unsafe fn sol_memset(&self, s: *mut u8, c: u8, n: usize) {
        self.inner.sol_memset(s, c, n)
    }
    fn sol_get_return_data(&self) -> Option<(Pubkey, Vec<u8>)> {
        self.inner.sol_get_return_data()
    }
    fn sol_set_return_data(&self, data: &[u8]) {
        self.inner.sol_set_return_data(data)
    }
    fn sol_get_processed_sibling_instruction(&self, index: usize) -> Option<Instruction> {
        self.inner.sol_get_processed_sibling_instruction(index)
    }
    fn sol_get_stack_height(&self) -> u64 {
        self.inner.sol_get_stack_height()
    }
}
