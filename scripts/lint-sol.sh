#!/usr/bin/env bash
# Solidity lint (issue 11): solhint with .solhint.json (solhint:recommended, tuned; the reasons are in
# contracts-evm/README.md, "Lint and analysis") over contracts-evm/contracts/**/*.sol, minus .solhintignore
# (the snarkjs-generated verifiers). Any warning fails (--max-warnings 0). --disc: no update check over the
# network; --noPoster: no advertising banner. Exits non-zero on failure.
set -uo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
if [ ! -x node_modules/.bin/solhint ]; then
  echo "lint-sol: FAILED: node_modules/.bin/solhint is missing (run npm ci)"
  exit 1
fi
files=$(find contracts-evm/contracts -name '*.sol' -not -path '*/verifiers/generated/*' | wc -l)
node_modules/.bin/solhint --config .solhint.json --ignore-path .solhintignore --max-warnings 0 --disc --noPoster \
  'contracts-evm/contracts/**/*.sol'
rc=$?
elapsed=$(( $(date +%s) - start ))
if [ "$rc" -ne 0 ]; then
  echo "lint-sol: FAILED (solhint exit $rc, $files files) in ${elapsed}s"
  exit 1
fi
echo "lint-sol: OK ($files files, 0 errors, 0 warnings) in ${elapsed}s"
