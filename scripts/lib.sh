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
