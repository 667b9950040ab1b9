#!/usr/bin/env bash
# SDK suite: the chain adapters of @calctra/sdk on the embedded chains (EDR, the native Solana host, the TON
# sandbox) and the README examples. Ends with "N passed, N failed, N skipped".
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
needs hardhat circuits solana
run_mocha sdk npx mocha --config sdk/.mocharc.json
finish
