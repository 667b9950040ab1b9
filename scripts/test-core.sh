#!/usr/bin/env bash
# Core suite: every generated file is current (test vectors from core, EVM ABIs from the Hardhat build,
# Solana IDL types, the TON ABI from the Tolk sources), then @calctra/core's unit tests.
# Ends with "N passed, N failed, N skipped".
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
needs hardhat
echo "== generated files are current"
check "test/vectors are what core generates" npx tsx core/scripts/gen-vectors.ts --check
check "sdk/src/evm/generated/abis.ts matches the Hardhat artifacts" npx tsx sdk/scripts/gen-abis.ts --check
check "sdk/src/solana/generated matches the committed IDLs" npx tsx sdk/scripts/gen-idls.ts --check
for gen in sdk/scripts/gen-solana-seeds.ts sdk/scripts/gen-ton-abi.ts; do
  [ -f "$gen" ] && check "$(basename "$gen" .ts) output is current" npx tsx "$gen" --check
done
run_mocha core npx mocha --config core/.mocharc.json
finish
