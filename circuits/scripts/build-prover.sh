#!/usr/bin/env bash
# Builds the native Groth16 prover addon (circuits/prover-native, its own Cargo workspace) in release mode:
# proving speed is the point, so no debug build. Cargo's output goes to stderr; the last (and only) stdout
# line is the path of the built addon, which circuits/src/native-prover.ts loads. The target dir is the
# shared cache ($HOME/.cache/calctra/cargo-target); a warm rebuild takes a second, a cold one ~2–4 min.
set -euo pipefail
cd "$(dirname "$0")/../prover-native"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/calctra/cargo-target}"
mkdir -p "$CARGO_TARGET_DIR"
nice cargo build --locked --release -j "${CALCTRA_CARGO_JOBS:-2}" --lib >&2
lib="$CARGO_TARGET_DIR/release/libcalctra_prover_native.so"
[ "$(uname)" = Darwin ] && lib="$CARGO_TARGET_DIR/release/libcalctra_prover_native.dylib"
if [ ! -f "$lib" ]; then
  echo "build-prover: $lib was not produced" >&2
  exit 1
fi
echo "$lib"
