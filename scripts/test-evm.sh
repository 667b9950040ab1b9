#!/usr/bin/env bash
# EVM suite: builds the contracts, runs the mocha (viem) tests and the Solidity (forge-std) fuzz,
# invariant and unit tests, and ends with "N passed, N failed, N skipped". Exits non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT

if ! nice npx hardhat build >"$logs/build.log" 2>&1; then
  cat "$logs/build.log"
  echo "0 passed, 1 failed"
  exit 1
fi

# The bridge's contract tests (contracts-evm/test/bridge) belong to the bridge suite (scripts/test-bridge.sh).
mapfile -t mocha_files < <(find contracts-evm/test -name '*.test.ts' -not -path '*/bridge/*' | sort)
mapfile -t sol_files < <(find contracts-evm/test -name '*.t.sol' -not -path '*/bridge/*' | sort)
nice npx hardhat test mocha "${mocha_files[@]}" 2>&1 | tee "$logs/mocha.log"
rc_mocha=${PIPESTATUS[0]}
nice npx hardhat test solidity "${sol_files[@]}" 2>&1 | tee "$logs/solidity.log"
rc_sol=${PIPESTATUS[0]}

read -r p1 f1 s1 < <(count_mocha "$logs/mocha.log")
read -r p2 f2 s2 < <(count_mocha "$logs/solidity.log")
# A runner that failed without printing a failure count (crash, compile error) still counts as one failure.
[ "$rc_mocha" -ne 0 ] && [ "$f1" -eq 0 ] && f1=1
[ "$rc_sol" -ne 0 ] && [ "$f2" -eq 0 ] && f2=1
echo "mocha: $p1 passed, $f1 failed, $s1 skipped; solidity: $p2 passed, $f2 failed, $s2 skipped"
p=$((p1 + p2)); f=$((f1 + f2)); s=$((s1 + s2))
echo "$p passed, $f failed, $s skipped"
[ "$f" -eq 0 ] && [ "$rc_mocha" -eq 0 ] && [ "$rc_sol" -eq 0 ]
