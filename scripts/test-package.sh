#!/usr/bin/env bash
# Package suite: the published packages as a dApp gets them — packed tarballs installed into a project outside
# the repo and used from plain .mjs against a `hardhat node`, their .d.ts type-checked (bundler and node16), and
# the browser-safe entries bundled with esbuild --platform=browser (sizes -> reports/bundle-sizes.md).
# Ends with "N passed, N failed, N skipped".
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
needs hardhat packages
run_mocha package npx mocha --config test/package/.mocharc.json
finish
