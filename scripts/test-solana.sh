#!/usr/bin/env bash
# Runs every Rust test of the Calctra Anchor programs, built natively (solana-program-test with
# the real SPL Token program). Last line: "N passed, N failed, N skipped".
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/calctra/cargo-target}"
mkdir -p "$CARGO_TARGET_DIR"
JOBS="${CALCTRA_CARGO_JOBS:-2}"
LOG="$(mktemp -t calctra-solana-test.XXXXXX)"
trap 'rm -f "$LOG"' EXIT

if ! command -v cargo >/dev/null 2>&1; then
  echo "cargo not found"; echo "0 passed, 1 failed"; exit 1
fi

# The harness and the Node host addon are built by scripts/build.sh solana (one cargo invocation; skipped
# when scripts/test-all.sh has built it for this run), so cargo test below only runs them.
if ! bash scripts/build.sh solana; then echo "0 passed, 1 failed"; exit 1; fi

start=$(date +%s)
nice cargo test --locked -j "$JOBS" -p calctra-solana-tests 2>&1 | tee "$LOG" | grep -aE '^(test |test result:|failures:|---- )|panicked' 
status=${PIPESTATUS[0]}
echo "solana: tests $(( $(date +%s) - start ))s"
read -r P F S < <(count_cargo "$LOG")
if [ "$status" -ne 0 ] && [ "$F" -eq 0 ]; then F=1; fi
if [ "$P" -eq 0 ] && [ "$F" -eq 0 ]; then F=1; fi
echo "${P} passed, ${F} failed, ${S} skipped"
[ "$status" -eq 0 ] && [ "$F" -eq 0 ]
