#!/usr/bin/env bash
# EVM suite: the mocha (viem) tests and the Solidity (forge-std) fuzz, invariant and unit tests.
# Ends with "N passed, N failed, N skipped".
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
needs hardhat
# The bridge's contract tests (contracts-evm/test/bridge) belong to the bridge suite (scripts/test-bridge.sh);
# the ZK ones (contracts-evm/test/zk) to the zk suite.
mapfile -t mocha_files < <(find contracts-evm/test -name '*.test.ts' -not -path '*/bridge/*' -not -path '*/zk/*' | sort)
mapfile -t sol_files < <(find contracts-evm/test -name '*.t.sol' -not -path '*/bridge/*' | sort)
run_mocha evm-mocha nice npx hardhat test mocha "${mocha_files[@]}"
run_mocha evm-solidity nice npx hardhat test solidity "${sol_files[@]}"
finish
