#!/usr/bin/env bash
# Builds the host-native Solana test harness (calctra-solana-tests) and the Node host addon
# (calctra-node-host) in ONE cargo invocation, so that features unify and nothing compiles twice;
# scripts/test-solana.sh builds through this script too. Cargo's output goes to stderr; the last
# (and only) stdout line is the path of the built addon, which sdk/src/local/solana-host.ts loads.
set -euo pipefail
cd "$(dirname "$0")/../.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/calctra/cargo-target}"
mkdir -p "$CARGO_TARGET_DIR"
# Clones share this target dir (cargo fingerprints workspace packages relative to the workspace
# root): the harness therefore reads test/vectors, fixtures and IDLs from the CARGO_MANIFEST_DIR that
# `cargo test` sets at run time, never from a path baked in at compile time.
nice cargo build --locked -j "${CALCTRA_CARGO_JOBS:-2}" \
  -p calctra-solana-tests -p calctra-node-host --lib --tests >&2
lib="$CARGO_TARGET_DIR/debug/libcalctra_node_host.so"
if [ ! -f "$lib" ]; then
  echo "build-host: $lib was not produced" >&2
  exit 1
fi
echo "$lib"
