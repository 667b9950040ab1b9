#!/usr/bin/env bash
# App suite: the governance app's browser tests (app/test/**/*.test.ts) in headless Chromium — Debian's `chromium`
# package, installed here if missing (scripts/install-chromium.sh), driven by playwright-core — against devnets the
# tests start. Screenshots go to reports/app/. Ends with "N passed, N failed, N skipped".
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
needs hardhat circuits packages
if ! bash scripts/install-chromium.sh; then echo "0 passed, 1 failed"; exit 1; fi
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
run_mocha app npx mocha --config app/test/.mocharc.json
finish
