#!/usr/bin/env bash
# The README's main job: install everything, build what the story needs, run it on embedded chains.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
echo "building contracts, circuits, the Solana programs' native Node host and the native prover (cargo: about 20 min on 2 cores the first time; everything is cached after)…"
bash scripts/build.sh hardhat circuits solana prover
npx tsx cli/src/index.ts demo "$@"
