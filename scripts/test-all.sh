#!/usr/bin/env bash
# Runs every test suite of the repository and ends with one line "N passed, N failed[, N skipped]".
# Everything is built once first (scripts/build.sh: Hardhat, circuits, the Solana host, the packages, the
# type-check); the suites then only run tests. Each suite script (scripts/test-<suite>.sh) also runs alone and
# ends with its own "N passed, N failed, N skipped" line. CALCTRA_SUITES="a b" runs a subset.
set -uo pipefail
cd "$(dirname "$0")/.."
suites=(core sdk cli evm zk ton solana bridge lint package)
[ -n "${CALCTRA_SUITES:-}" ] && read -r -a suites <<< "$CALCTRA_SUITES"
mkdir -p reports/test-logs
run_start=$(date +%s)
echo "== build (once for every suite)"
if ! bash scripts/build.sh 2>&1 | tee reports/test-logs/build.log; then
  echo "build failed: no suite run"
  echo "0 passed, 1 failed"
  exit 1
fi
export CALCTRA_BUILT="hardhat circuits solana packages typecheck"
echo "== build: $(( $(date +%s) - run_start )) s"
total_p=0; total_f=0; total_s=0; failed_suites=()
for s in "${suites[@]}"; do
  script="scripts/test-$s.sh"
  [ -f "$script" ] || { echo "== suite $s: no $script"; total_f=$((total_f + 1)); failed_suites+=("$s"); continue; }
  echo "== suite $s"
  start=$(date +%s)
  bash "$script" 2>&1 | tee "reports/test-logs/$s.log"
  rc=${PIPESTATUS[0]}
  line=$(grep -aE '^[0-9]+ passed, [0-9]+ failed' "reports/test-logs/$s.log" | tail -n 1)
  p=$(grep -oE '[0-9]+ passed' <<< "$line" | grep -oE '[0-9]+' || echo 0)
  f=$(grep -oE '[0-9]+ failed' <<< "$line" | grep -oE '[0-9]+' || echo 0)
  k=$(grep -oE '[0-9]+ skipped' <<< "$line" | grep -oE '[0-9]+' || echo 0)
  [ -z "$line" ] && { echo "suite $s printed no result line"; f=$((f + 1)); }
  [ "$rc" -ne 0 ] && [ "${f:-0}" -eq 0 ] && { echo "suite $s exited $rc"; f=1; }
  total_p=$((total_p + ${p:-0})); total_f=$((total_f + ${f:-0})); total_s=$((total_s + ${k:-0}))
  [ "$rc" -ne 0 ] && failed_suites+=("$s")
  echo "== suite $s: ${p:-0} passed, ${f:-0} failed, ${k:-0} skipped ($(( $(date +%s) - start )) s)"
done
echo "== total wall time: $(( $(date +%s) - run_start )) s"
[ ${#failed_suites[@]} -gt 0 ] && echo "failed suites: ${failed_suites[*]}"
echo "${total_p} passed, ${total_f} failed, ${total_s} skipped"
[ "$total_f" -eq 0 ] && [ ${#failed_suites[@]} -eq 0 ]
