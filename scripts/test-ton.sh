#!/usr/bin/env bash
# TON suite: type-check the wrappers/tests/scripts, then run the sandbox tests (mocha).
# Last line: "N passed, N failed".
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/scripts/lib.sh"
cd "$ROOT/contracts-ton"
export PATH="$ROOT/node_modules/.bin:$PATH"      # Node 22 from the dev dependency, tsc, mocha
LOG="$(mktemp)"
failed_tc=0
echo "== tsc --noEmit (contracts-ton)"
if ! tsc --noEmit -p tsconfig.json; then failed_tc=1; echo "type-check FAILED"; fi
echo "== mocha (contracts-ton)"
mocha --exit 2>&1 | tee "$LOG"
rc=${PIPESTATUS[0]}
read -r p f s < <(count_mocha "$LOG")
rm -f "$LOG"
f=$((f + failed_tc))
if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi      # mocha crashed before reporting
if [ "$s" -gt 0 ]; then echo "$p passed, $f failed, $s skipped"; else echo "$p passed, $f failed"; fi
[ "$f" -eq 0 ]
