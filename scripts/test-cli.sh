#!/usr/bin/env bash
# CLI suite: the calctra commands on every chain (in process and as processes) and the demo stories.
# Ends with "N passed, N failed, N skipped".
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
needs hardhat circuits solana prover packages
run_mocha cli npx mocha --config cli/.mocharc.json
finish
