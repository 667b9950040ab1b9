#!/usr/bin/env bash
# Lints the Solana workspace (programs-solana/**): `cargo fmt --check` against the root
# rustfmt.toml, then `cargo clippy -D warnings` on every crate. Exits non-zero if any step fails
# and names the failed steps at the end.
#
# Each Anchor program is linted in its own cargo invocation, as it is deployed (no features):
# in one invocation cargo would unify features, and the harness/governance dependencies would
# turn on `cpi`/`no-entrypoint` and hide the generated entrypoint from clippy. The harness and the
# Node host addon are linted together, as build-host.sh builds them. Dependencies are checked
# once and shared through CARGO_TARGET_DIR (the same cache as build-host.sh and test-solana.sh).
set -uo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/calctra/cargo-target}"
mkdir -p "$CARGO_TARGET_DIR"
JOBS="${CALCTRA_CARGO_JOBS:-2}"

if ! command -v cargo >/dev/null 2>&1; then
  echo "lint-rust: cargo not found"
  exit 1
fi

failed=()
step() {
  local name="$1"
  shift
  local start=$(date +%s)
  echo "lint-rust: $name"
  if "$@"; then
    echo "lint-rust: $name ok ($(( $(date +%s) - start ))s)"
  else
    echo "lint-rust: $name FAILED ($(( $(date +%s) - start ))s)"
    failed+=("$name")
  fi
}

clippy() {
  nice cargo clippy --locked -j "$JOBS" "$@" --all-targets -- -D warnings
}

step "rustfmt" cargo fmt --all -- --check
for program in cal_token staking marketplace governance calctra_bridge; do
  step "clippy $program" clippy -p "$program"
done
step "clippy calctra-solana-tests calctra-node-host" clippy -p calctra-solana-tests -p calctra-node-host

if [ "${#failed[@]}" -ne 0 ]; then
  echo "lint-rust: failed: ${failed[*]}"
  exit 1
fi
echo "lint-rust: all passed"
