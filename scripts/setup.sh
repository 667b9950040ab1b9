#!/usr/bin/env bash
# Installs everything the project needs, from the package registries only. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."
# npm runs on the machine's Node; node@22 (a dev dependency) then runs every npm script.
npm install --no-audit --no-fund --loglevel=error
# Debian's chromium for the app's browser tests (Playwright never downloads a browser here).
bash scripts/install-chromium.sh
