#!/usr/bin/env bash
# TON suite: the sandbox tests of contracts-ton (mocha). Type-checking is part of scripts/build.sh typecheck.
# Ends with "N passed, N failed, N skipped".
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
needs typecheck
run_mocha ton bash -c 'cd contracts-ton && npx mocha --exit'
finish
