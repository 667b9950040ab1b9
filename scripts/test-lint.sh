#!/usr/bin/env bash
# Lint suite: each tool is one counted check that fails on any finding.
#   TypeScript: Biome (format + lint, biome.json); the import rule (dependency-cruiser, .dependency-cruiser.cjs)
#   Solidity: solhint (.solhint.json); Slither in standard-JSON mode (scripts/slither.sh)
#   Rust: rustfmt --check and clippy -D warnings on the Solana workspace (scripts/lint-rust.sh)
# Ends with "N passed, N failed, N skipped".
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
check "Biome: the TypeScript tree is formatted and lint-clean" npx biome ci --error-on-warnings .
check "package-lock.json is in step with every package.json (npm ci --dry-run)" npm ci --dry-run --ignore-scripts --no-audit --no-fund
check "dependency rule: core <- sdk <- {bridge, devnet, agent} <- cli, tooling imports core only, browser-safe entries" \
  npx depcruise core sdk bridge devnet agent cli contracts-evm/test contracts-ton circuits programs-solana/scripts scripts --config .dependency-cruiser.cjs
check "solhint: the Solidity sources" bash scripts/lint-sol.sh
check "Slither: no high or medium finding on the EVM contracts" bash scripts/slither.sh
check "Rust: rustfmt --check and clippy -D warnings on the Solana workspace" bash scripts/lint-rust.sh
finish
