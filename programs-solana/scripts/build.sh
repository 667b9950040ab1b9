#!/usr/bin/env bash
# Builds the Solana programs. With the Solana toolchain (cargo-build-sbf + anchor) this is
# `anchor build`; on machines without it (no SBF toolchain is obtainable from the registries)
# it builds the programs natively for the host, which is what the Rust tests run.
set -euo pipefail
cd "$(dirname "$0")/../.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/calctra/cargo-target}"
if command -v anchor >/dev/null 2>&1 && command -v cargo-build-sbf >/dev/null 2>&1; then
  exec anchor build
fi
echo "no SBF toolchain: building the programs natively (host)"
nice cargo build --locked -j "${CALCTRA_CARGO_JOBS:-2}" -p cal_token -p staking -p marketplace -p governance -p calctra_bridge
