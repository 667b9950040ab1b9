//! Program logs of the natively built programs.
//!
//! Built for the host, `msg!` does not reach the runtime's log collector: `solana-msg` prints the
//! line to stdout instead. While the host executes a transaction, file descriptor 1 therefore
//! points to an unlinked temporary file. Every syscall stub call (CPI, sysvar read, `sol_log_data`,
//! ...) first forwards the lines printed so far into the transaction log as `Program log: …`, so
//! they keep their place relative to CPIs; [`finish_logs`] puts the lines printed after a
//! program's last stub call before that program's result line.
//!
//! `sol_log_data` (Anchor's `emit!`) is turned into a real `Program data: …` line: the stub logs it
//! through the collector behind a marker that [`finish_logs`] rewrites.
use std::fs::{File, OpenOptions};
use std::io::Write;
use std::os::fd::AsRawFd;
use std::os::unix::fs::FileExt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, Once};

use solana_sysvar::program_stubs::{set_syscall_stubs, SyscallStubs};

struct Capture {
    file: File,
    read: u64,
    pending: Vec<u8>,
    saved_stdout: i32,
}

static CAPTURE: Mutex<Option<Capture>> = Mutex::new(None);

/// Marker in front of a base64 `sol_log_data` payload (after the collector's `Program log: `).
const DATA_MARKER: &str = "\u{1}calctra-host-data\u{1} ";
/// Logged at every stub call: the position in the log of "now".
const SYNC_MARKER: &str = "\u{1}calctra-host-sync\u{1}";
/// In front of a line a CPI callee printed after its last stub call.
const LATE_MARKER: &str = "\u{1}calctra-host-late\u{1} ";

fn lock() -> std::sync::MutexGuard<'static, Option<Capture>> {
    CAPTURE.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Redirects stdout into a fresh temporary file until [`end`].
pub fn begin() -> std::io::Result<()> {
    let mut guard = lock();
    if guard.is_some() {
        return Ok(());
    }
    let _ = std::io::stdout().flush();
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let path = std::env::temp_dir().join(format!("calctra-solana-host-{}-{n}.out", std::process::id()));
    let file = OpenOptions::new().read(true).append(true).create(true).truncate(false).open(&path)?;
    file.set_len(0)?;
    let _ = std::fs::remove_file(&path);
    // SAFETY: plain descriptor calls on descriptors this process owns.
    let saved_stdout = unsafe { libc::dup(1) };
    if saved_stdout < 0 {
        return Err(std::io::Error::last_os_error());
    }
    if unsafe { libc::dup2(file.as_raw_fd(), 1) } < 0 {
        let err = std::io::Error::last_os_error();
        unsafe { libc::close(saved_stdout) };
        return Err(err);
    }
    *guard = Some(Capture { file, read: 0, pending: Vec::new(), saved_stdout });
    Ok(())
}

fn read_new(capture: &mut Capture) {
    let _ = std::io::stdout().flush();
    let mut chunk = [0u8; 8192];
    loop {
        match capture.file.read_at(&mut chunk, capture.read) {
            Ok(0) | Err(_) => break,
            Ok(n) => {
                capture.pending.extend_from_slice(&chunk[..n]);
                capture.read += n as u64;
            }
        }
    }
}

fn split_lines(pending: &mut Vec<u8>, all: bool) -> Vec<String> {
    let cut = if all { pending.len() } else { pending.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1) };
    let complete: Vec<u8> = pending.drain(..cut).collect();
    String::from_utf8_lossy(&complete).lines().map(str::to_string).collect()
}

/// Complete lines printed since the last call (nothing when no capture is active).
pub fn drain() -> Vec<String> {
    let mut guard = lock();
    let Some(capture) = guard.as_mut() else { return Vec::new() };
    read_new(capture);
    split_lines(&mut capture.pending, false)
}

/// Restores stdout and returns every line not drained yet.
pub fn end() -> Vec<String> {
    let mut guard = lock();
    let Some(mut capture) = guard.take() else { return Vec::new() };
    read_new(&mut capture);
    // SAFETY: restores the descriptor saved by `begin`.
    unsafe {
        libc::dup2(capture.saved_stdout, 1);
        libc::close(capture.saved_stdout);
    }
    split_lines(&mut capture.pending, true)
}

fn is_result(line: &str) -> bool {
    line.starts_with("Program ")
        && (line.ends_with(" success") || line.contains(" failed: ") || line.contains(" consumed "))
}

/// Turns the collector's lines into the transaction log: drops the sync markers, moves lines a
/// callee printed after its last stub call before the callee's result lines, places the lines
/// still pending at the end (`trailing`) before the first result line after the last stub call,
/// and rewrites `sol_log_data` lines to `Program data: …`.
pub fn finish_logs(logs: Vec<String>, trailing: Vec<String>) -> Vec<String> {
    let sync = format!("Program log: {SYNC_MARKER}");
    let late = format!("Program log: {LATE_MARKER}");
    let data = format!("Program log: {DATA_MARKER}");
    let mut out: Vec<String> = Vec::with_capacity(logs.len() + trailing.len());
    let mut after_last_stub_call = 0;
    for line in logs {
        if line == sync {
            after_last_stub_call = out.len();
        } else if let Some(text) = line.strip_prefix(&late) {
            let mut at = out.len();
            while at > 0 && is_result(&out[at - 1]) {
                at -= 1;
            }
            out.insert(at, format!("Program log: {text}"));
            after_last_stub_call = out.len();
        } else if let Some(payload) = line.strip_prefix(&data) {
            out.push(format!("Program data: {payload}"));
        } else {
            out.push(line);
        }
    }
    if !trailing.is_empty() {
        let at = (after_last_stub_call..out.len()).find(|&i| is_result(&out[i])).unwrap_or(out.len());
        out.splice(at..at, trailing.into_iter().map(|l| format!("Program log: {l}")));
    }
    fold_native_duplicates(out)
}

/// `Program <id> invoke [<depth>]` → (id, depth).
fn invoke_of(line: &str) -> Option<(&str, u32)> {
    let rest = line.strip_prefix("Program ")?;
    let (id, depth) = rest.split_once(" invoke [")?;
    Some((id, depth.strip_suffix(']')?.parse().ok()?))
}

/// solana-program-test logs a native program's invoke and result lines a second time (its builtin
/// shim, and its CPI stub at the caller's depth) next to the runtime's own lines. Folds them so that
/// the log reads like a validator's: an identical consecutive invoke / result line is dropped, and
/// `P invoke [d]` directly followed by `P invoke [d+1]` keeps only the latter.
fn fold_native_duplicates(lines: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(lines.len());
    for line in lines {
        if let Some(prev) = out.last() {
            if *prev == line && (is_result(&line) || invoke_of(&line).is_some()) {
                continue;
            }
            if let (Some((p, d)), Some((q, e))) = (invoke_of(prev), invoke_of(&line)) {
                if p == q && e == d + 1 {
                    out.pop();
                }
            }
        }
        out.push(line);
    }
    out
}

/// Wraps the stubs solana-program-test installed so that captured program output is forwarded
/// into the log collector before every stub call.
struct ForwardingStubs {
    inner: Box<dyn SyscallStubs>,
}

impl ForwardingStubs {
    /// Logs what the programs printed since the last stub call, then the "now" marker.
    fn forward(&self) {
        for line in drain() {
            self.inner.sol_log(&line);
        }
        self.inner.sol_log(SYNC_MARKER);
    }
}

struct Placeholder;
impl SyscallStubs for Placeholder {}

impl SyscallStubs for ForwardingStubs {
    fn sol_log(&self, message: &str) {
        self.forward();
        self.inner.sol_log(message)
    }
    fn sol_log_compute_units(&self) {
        self.forward();
        self.inner.sol_log_compute_units()
    }
    fn sol_remaining_compute_units(&self) -> u64 {
        self.forward();
        self.inner.sol_remaining_compute_units()
    }
    fn sol_invoke_signed(
        &self,
        instruction: &solana_sdk::instruction::Instruction,
        account_infos: &[solana_sdk::account_info::AccountInfo],
        signers_seeds: &[&[&[u8]]],
    ) -> solana_sdk::entrypoint::ProgramResult {
        self.forward();
        let result = self.inner.sol_invoke_signed(instruction, account_infos, signers_seeds);
        for line in drain() {
            self.inner.sol_log(&format!("{LATE_MARKER}{line}"));
        }
        self.inner.sol_log(SYNC_MARKER);
        result
    }
    fn sol_get_sysvar(&self, sysvar_id_addr: *const u8, var_addr: *mut u8, offset: u64, length: u64) -> u64 {
        self.forward();
        self.inner.sol_get_sysvar(sysvar_id_addr, var_addr, offset, length)
    }
    fn sol_get_clock_sysvar(&self, var_addr: *mut u8) -> u64 {
        self.forward();
        self.inner.sol_get_clock_sysvar(var_addr)
    }
    fn sol_get_epoch_schedule_sysvar(&self, var_addr: *mut u8) -> u64 {
        self.forward();
        self.inner.sol_get_epoch_schedule_sysvar(var_addr)
    }
    fn sol_get_fees_sysvar(&self, var_addr: *mut u8) -> u64 {
        self.forward();
        self.inner.sol_get_fees_sysvar(var_addr)
    }
    fn sol_get_rent_sysvar(&self, var_addr: *mut u8) -> u64 {
        self.forward();
        self.inner.sol_get_rent_sysvar(var_addr)
    }
    fn sol_get_epoch_rewards_sysvar(&self, var_addr: *mut u8) -> u64 {
        self.forward();
        self.inner.sol_get_epoch_rewards_sysvar(var_addr)
    }
    fn sol_get_last_restart_slot(&self, var_addr: *mut u8) -> u64 {
        self.forward();
        self.inner.sol_get_last_restart_slot(var_addr)
    }
    fn sol_get_epoch_stake(&self, vote_address: *const u8) -> u64 {
        self.forward();
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
    fn sol_get_return_data(&self) -> Option<(solana_sdk::pubkey::Pubkey, Vec<u8>)> {
        self.forward();
        self.inner.sol_get_return_data()
    }
    fn sol_set_return_data(&self, data: &[u8]) {
        self.forward();
        self.inner.sol_set_return_data(data)
    }
    fn sol_log_data(&self, fields: &[&[u8]]) {
        use base64::Engine;
        self.forward();
        let encoded: Vec<String> = fields.iter().map(|f| base64::engine::general_purpose::STANDARD.encode(f)).collect();
        self.inner.sol_log(&format!("{DATA_MARKER}{}", encoded.join(" ")));
    }
    fn sol_get_processed_sibling_instruction(&self, index: usize) -> Option<solana_sdk::instruction::Instruction> {
        self.forward();
        self.inner.sol_get_processed_sibling_instruction(index)
    }
    fn sol_get_stack_height(&self) -> u64 {
        self.forward();
        self.inner.sol_get_stack_height()
    }
}

/// Installs [`ForwardingStubs`] around the stubs solana-program-test installed (call after the
/// first `start_with_context`).
pub fn install_forwarding_stubs() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let inner = set_syscall_stubs(Box::new(Placeholder));
        set_syscall_stubs(Box::new(ForwardingStubs { inner }));
    });
}
