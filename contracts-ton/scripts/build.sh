#!/usr/bin/env bash
# npm run build:ton — compiles every Tolk contract (tolk-js, WASM) into contracts-ton/build/*.json.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
exec "$ROOT/node_modules/.bin/tsx" contracts-ton/scripts/build.ts
