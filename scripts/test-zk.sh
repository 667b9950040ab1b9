#!/usr/bin/env bash
# ZK suite: builds every circuit, key and export (cached under $HOME/.cache/calctra/zk), checks that
# the committed generated files are current, then runs the circuit, SDK zk, EVM verifier and TON
# verifier tests. Last line: "N passed, N failed". Exits non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
export PATH="$PWD/node_modules/.bin:$PATH"
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT
p=0; f=0; s=0

check() { # check NAME CMD...: one counted check
  local name="$1"; shift
  if "$@" >"$logs/check.log" 2>&1; then p=$((p + 1)); echo "  ✔ $name"
  else f=$((f + 1)); echo "  ✘ $name"; tail -n 30 "$logs/check.log"; fi
}
run_mocha() { # run_mocha NAME CMD...: adds mocha's counts
  local name="$1"; shift
  echo "== $name"
  "$@" 2>&1 | tee "$logs/$name.log"
  local rc=${PIPESTATUS[0]}
  read -r mp mf ms < <(count_mocha "$logs/$name.log")
  [ "$rc" -ne 0 ] && [ "$mf" -eq 0 ] && mf=1
  p=$((p + mp)); f=$((f + mf)); s=$((s + ms))
}

echo "== build (circuits, ceremony, keys, exports)"
if ! nice bash circuits/scripts/build-all.sh >"$logs/build.log" 2>&1; then
  grep -v "npm warn" "$logs/build.log" | tail -n 40
  echo "0 passed, 1 failed"
  exit 1
fi
grep -a "^\[build-zk\]" "$logs/build.log" || true

echo "== generated files are current"
check "BLS12-381 Poseidon circom matches the SDK constants" tsx circuits/scripts/gen-bls-poseidon.ts --check
check "EVM verifiers match the zkeys" bash circuits/scripts/export-evm.sh --check
check "Solana exports match the vectors" tsx circuits/scripts/export-solana-vk.ts --check
check "TON Tolk verifier matches its generator" tsx contracts-ton/scripts/zk/gen-groth16.ts --check
check "circuits, scripts and sdk zk type-check" tsc --noEmit -p circuits/tsconfig.json

run_mocha circuits mocha --config circuits/test/.mocharc.json
run_mocha core-zk mocha --config core/.mocharc.json
run_mocha evm-zk nice hardhat test mocha contracts-evm/test/zk/verifiers.test.ts contracts-evm/test/zk/marketplace-proof.test.ts
run_mocha ton-zk mocha --config contracts-ton/tests/zk/.mocharc.json

echo "$p passed, $f failed, $s skipped"
[ "$f" -eq 0 ]
