#!/usr/bin/env bash
# Runs every test suite of the repository and ends with one line "N passed, N failed[, N skipped]".
# Everything is built once first (scripts/build.sh: Hardhat, circuits, the Solana host, the packages, the type-check);
# the suites then only run tests, $CALCTRA_JOBS at a time (default 2, the machine's cores; 1 = one after the other),
# longest first. Each suite's output goes to reports/test-logs/<suite>.log and is printed when the suite ends. Each
# suite script (scripts/test-<suite>.sh) also runs alone and ends with its own "N passed, N failed, N skipped" line.
# CALCTRA_SUITES="a b" runs a subset.
set -uo pipefail
cd "$(dirname "$0")/.."
# longest first (measured; app, the browser tests, is new and long), so that two lanes finish together
suites=(app package bridge lint ton cli sdk agent zk evm core solana)
[ -n "${CALCTRA_SUITES:-}" ] && read -r -a suites <<< "$CALCTRA_SUITES"
jobs="${CALCTRA_JOBS:-2}"
logs=reports/test-logs
mkdir -p "$logs"
run_start=$(date +%s)
echo "== build (once for every suite)"
if ! bash scripts/build.sh 2>&1 | tee "$logs/build.log"; then
  echo "build failed: no suite run"
  echo "0 passed, 1 failed"
  exit 1
fi
export CALCTRA_BUILT="hardhat circuits solana prover packages typecheck"
echo "== build: $(( $(date +%s) - run_start )) s; suites: ${suites[*]} ($jobs at a time)"

# run_suite NAME: runs one suite into its log, then prints the log and a result line "== suite NAME: P F S (T s) rc"
run_suite() {
  local s="$1" script="scripts/test-$1.sh" start rc line p f k
  start=$(date +%s)
  if [ -f "$script" ]; then bash "$script" >"$logs/$s.log" 2>&1; rc=$?; else echo "no $script" >"$logs/$s.log"; rc=1; fi
  line=$(grep -aE '^[0-9]+ passed, [0-9]+ failed' "$logs/$s.log" | tail -n 1)
  p=$(grep -oE '[0-9]+ passed' <<< "$line" | grep -oE '[0-9]+' || echo 0)
  f=$(grep -oE '[0-9]+ failed' <<< "$line" | grep -oE '[0-9]+' || echo 0)
  k=$(grep -oE '[0-9]+ skipped' <<< "$line" | grep -oE '[0-9]+' || echo 0)
  [ -z "$line" ] && f=$((${f:-0} + 1))
  [ "$rc" -ne 0 ] && [ "${f:-0}" -eq 0 ] && f=1
  { echo "== suite $s"; cat "$logs/$s.log"; echo "== suite $s: ${p:-0} passed, ${f:-0} failed, ${k:-0} skipped ($(( $(date +%s) - start )) s) rc=$rc"; } | flock "$logs/.print" cat
}
export -f run_suite
export logs
printf '%s\n' "${suites[@]}" | xargs -P "$jobs" -I{} bash -c 'run_suite {}' | tee "$logs/suites.log"

total_p=0; total_f=0; total_s=0; failed_suites=()
while read -r s p f k rc; do
  total_p=$((total_p + p)); total_f=$((total_f + f)); total_s=$((total_s + k))
  { [ "$f" -gt 0 ] || [ "$rc" != "rc=0" ]; } && failed_suites+=("$s")
done < <(grep -aE '^== suite [a-z]+: [0-9]+ passed' "$logs/suites.log" | sed -E 's/^== suite ([a-z]+): ([0-9]+) passed, ([0-9]+) failed, ([0-9]+) skipped \([0-9]+ s\) (rc=[0-9]+)$/\1 \2 \3 \4 \5/')
ran=$(grep -acE '^== suite [a-z]+: [0-9]+ passed' "$logs/suites.log")
if [ "$ran" -ne "${#suites[@]}" ]; then echo "only $ran of ${#suites[@]} suites reported"; total_f=$((total_f + ${#suites[@]} - ran)); fi
echo "== total wall time: $(( $(date +%s) - run_start )) s"
[ ${#failed_suites[@]} -gt 0 ] && echo "failed suites: ${failed_suites[*]}"
echo "${total_p} passed, ${total_f} failed, ${total_s} skipped"
[ "$total_f" -eq 0 ] && [ ${#failed_suites[@]} -eq 0 ]
