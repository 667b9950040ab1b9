#!/usr/bin/env bash
# SDK suite: vectors are current, SDK type-checks, unit tests pass.
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
log=$(mktemp)
fail=0
npx tsx sdk/scripts/gen-vectors.ts --check || fail=$((fail + 1))
npx tsc --noEmit -p sdk/tsconfig.json || fail=$((fail + 1))
npx mocha --config sdk/.mocharc.json 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
read -r p f s <<< "$(count_mocha "$log")"
[ "$rc" -ne 0 ] && [ "$f" -eq 0 ] && f=1
f=$((f + fail)); p=$((p + 2 - fail))
echo "${p} passed, ${f} failed, ${s} skipped"
[ "$f" -eq 0 ]
