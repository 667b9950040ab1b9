#!/usr/bin/env bash
# Builds the native Groth16 prover addon (circuits/prover-native, its own Cargo workspace) in release mode:
# proving speed is the point, so no debug build. Cargo's output goes to stderr; the last (and only) stdout
# line is the path of the built addon, which circuits/src/native-prover.ts loads. The target dir is the
# shared cache ($HOME/.cache/calctra/cargo-target); a warm rebuild takes a second, a cold one ~2–4 min.
# --test: run the crate's Rust unit tests instead (same flags, so the dependencies are shared).
set -euo pipefail
cd "$(dirname "$0")/../prover-native"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/calctra/cargo-target}"
mkdir -p "$CARGO_TARGET_DIR"
# Montgomery multiplication in arkworks' x86-64 assembly (ark-ff "asm") needs BMI2 + ADX at compile time: enable
# them when this CPU has them (every x86-64 since 2014–2017). The addon is built where it runs, so this is safe.
if [ -z "${RUSTFLAGS:-}" ] && [ "$(uname -m)" = x86_64 ] && grep -qw adx /proc/cpuinfo 2>/dev/null && grep -qw bmi2 /proc/cpuinfo; then
  export RUSTFLAGS="-C target-feature=+bmi2,+adx"
fi
if [ "${1:-}" = --test ]; then
  exec nice cargo test --locked --release -j "${CALCTRA_CARGO_JOBS:-2}" --lib
fi
nice cargo build --locked --release -j "${CALCTRA_CARGO_JOBS:-2}" --lib >&2
lib="$CARGO_TARGET_DIR/release/libcalctra_prover_native.so"
[ "$(uname)" = Darwin ] && lib="$CARGO_TARGET_DIR/release/libcalctra_prover_native.dylib"
if [ ! -f "$lib" ]; then
  echo "build-prover: $lib was not produced" >&2
  exit 1
fi
echo "$lib"
