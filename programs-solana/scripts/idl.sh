#!/usr/bin/env bash
# Generates each program's Anchor IDL from the sources (anchor-lang idl-build, no anchor CLI):
# programs-solana/idl/<program>.json
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/calctra/cargo-target}"
OUT="$ROOT/programs-solana/idl"
mkdir -p "$OUT"
for folder in ${*:-cal_token staking marketplace governance bridge}; do
  dir="$ROOT/programs-solana/programs/$folder"
  # the package name is the folder name, except the bridge (package calctra_bridge)
  program="$(grep -m1 -oE '^name *= *"[a-z_]+"' "$dir/Cargo.toml" | sed -E 's/.*"(.*)"/\1/')"
  raw="$(mktemp)"
  ( cd "$dir" && ANCHOR_IDL_BUILD_PROGRAM_PATH="$dir" ANCHOR_IDL_BUILD_RESOLUTION=TRUE \
      ANCHOR_IDL_BUILD_SKIP_LINT=FALSE ANCHOR_IDL_BUILD_NO_DOCS=FALSE \
      nice cargo test --locked -j "${CALCTRA_CARGO_JOBS:-2}" -p "$program" --features idl-build \
      __anchor_private_print_idl -- --show-output --quiet > "$raw" )
  offset="$(grep -oE 'error_code\(offset = [0-9]+\)' "$dir/src/errors.rs" | grep -oE '[0-9]+' || echo 6000)"
  ERROR_CODE_OFFSET="$offset" node "$ROOT/programs-solana/scripts/idl-assemble.mjs" < "$raw" > "$OUT/$program.json"
  rm -f "$raw"
  echo "idl: $OUT/$program.json"
done
