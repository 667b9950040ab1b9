#!/usr/bin/env bash
# Builds the host-native Solana test harness (calctra-solana-tests) and the Node host addon
# (calctra-node-host) in ONE cargo invocation, so that features unify and nothing compiles twice;
# scripts/test-solana.sh builds through this script too. Cargo's output goes to stderr; the last
# (and only) stdout line is the path of the built addon, which sdk/src/local/solana-host.ts loads.
set -euo pipefail
cd "$(dirname "$0")/../.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/calctra/cargo-target}"
mkdir -p "$CARGO_TARGET_DIR"
# The harness finds test/vectors through CARGO_MANIFEST_DIR, baked in at compile time, while cargo
# fingerprints workspace packages relative to the workspace root: a clone at another path sharing
# this target dir would reuse binaries that read the other clone's files. Rebuild when it moved.
stamp="$CARGO_TARGET_DIR/.calctra-solana-workspace"
if [ "$(cat "$stamp" 2>/dev/null)" != "$PWD" ]; then
  touch programs-solana/tests-native/src/lib.rs
fi
nice cargo build --locked -j "${CALCTRA_CARGO_JOBS:-2}" \
  -p calctra-solana-tests -p calctra-node-host --lib --tests >&2
echo "$PWD" >"$stamp"
lib="$CARGO_TARGET_DIR/debug/libcalctra_node_host.so"
if [ ! -f "$lib" ]; then
  echo "build-host: $lib was not produced" >&2
  exit 1
fi
echo "$lib"
