# Shared helpers for the test scripts. Source this file.
# count_mocha FILE  -> prints "P F S" parsed from mocha-style "N passing / N failing / N pending" lines
count_mocha() {
  local f="$1" p fl s
  p=$(grep -aoE '^[[:space:]]*[0-9]+ passing' "$f" | awk '{s+=$1} END {print s+0}')
  fl=$(grep -aoE '^[[:space:]]*[0-9]+ failing' "$f" | awk '{s+=$1} END {print s+0}')
  s=$(grep -aoE '^[[:space:]]*[0-9]+ pending' "$f" | awk '{s+=$1} END {print s+0}')
  echo "$p $fl $s"
}
# count_cargo FILE -> "P F S" summed from cargo test "test result:" lines
count_cargo() {
  local f="$1"
  grep -aE '^test result:' "$f" | sed -E 's/.* ([0-9]+) passed; ([0-9]+) failed; ([0-9]+) ignored.*/\1 \2 \3/' \
    | awk '{p+=$1; f+=$2; s+=$3} END {print p+0, f+0, s+0}'
}
# Suite bookkeeping: SUITE_P / SUITE_F / SUITE_S, summed by check and run_mocha, printed by finish.
SUITE_P=0; SUITE_F=0; SUITE_S=0
# needs PART...: builds what the suite needs (scripts/build.sh; parts already built by test-all.sh are skipped).
# A failed build is reported as one failure and ends the suite: builds are prerequisites, never counted as passes.
needs() {
  if ! bash scripts/build.sh "$@"; then echo "0 passed, 1 failed"; exit 1; fi
}
# check NAME CMD...: one counted check (a test that can fail: a generated file is stale, a linter finds something).
check() {
  local name="$1"; shift
  local log; log=$(mktemp)
  if "$@" >"$log" 2>&1; then SUITE_P=$((SUITE_P + 1)); echo "  ✔ $name"
  else SUITE_F=$((SUITE_F + 1)); echo "  ✘ $name"; tail -n 40 "$log"; fi
  rm -f "$log"
}
# run_mocha NAME CMD...: runs a mocha-style runner and adds its counts (a crash without counts is one failure).
run_mocha() {
  local name="$1"; shift
  local log; log=$(mktemp)
  echo "== $name"
  "$@" 2>&1 | tee "$log"
  local rc=${PIPESTATUS[0]} mp mf ms
  read -r mp mf ms < <(count_mocha "$log")
  [ "$rc" -ne 0 ] && [ "$mf" -eq 0 ] && mf=1
  SUITE_P=$((SUITE_P + mp)); SUITE_F=$((SUITE_F + mf)); SUITE_S=$((SUITE_S + ms))
  rm -f "$log"
}
# finish: prints the suite's closing line and exits non-zero on any failure.
finish() {
  echo "${SUITE_P} passed, ${SUITE_F} failed, ${SUITE_S} skipped"
  [ "$SUITE_F" -eq 0 ]
  exit $?
}
