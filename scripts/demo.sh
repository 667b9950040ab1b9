#!/usr/bin/env bash
# The README's main job: install everything, build what the story needs, run it on embedded chains.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
echo "building contracts and circuits (cached after the first run)…"
npx hardhat build --quiet
npx tsx sdk/scripts/gen-abis.ts
npx tsx sdk/scripts/gen-idls.ts
bash circuits/scripts/build-all.sh >/dev/null
echo "building the Solana programs and their native Node host (cargo; about 20 min on 2 cores the first time, cached after)…"
bash programs-solana/scripts/build-host.sh >/dev/null
npx tsx cli/src/index.ts demo "$@"
