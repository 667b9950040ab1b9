#!/usr/bin/env bash
# Agent suite: the provider agent (@calctra/agent) on the embedded chains — finding, running, proving, sealing and
# submitting tasks; restarts after a kill at every step; bad specs, inputs, storage and chains; SQLite and PostgreSQL
# stores; health and metrics. Ends with "N passed, N failed, N skipped".
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
needs hardhat circuits solana prover
run_mocha agent npx mocha --config agent/.mocharc.json
finish
