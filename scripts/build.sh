#!/usr/bin/env bash
# Builds what the tests, the demo and the benchmarks need, each artifact once per run:
#   hardhat    the Solidity contracts (artifacts/)
#   circuits   circuits, development ceremony, keys, verifier exports (cached under $HOME/.cache/calctra/zk)
#   solana     the Solana harness and the Node host addon (one cargo invocation; target dir cached)
#   prover     the native Groth16 prover addon (circuits/prover-native, release build; target dir cached)
#   packages   @calctra/core, @calctra/sdk, @calctra/bridge and @calctra/agent to dist/ (tsc -b)
#   typecheck  every TypeScript project of the tree (tsc --noEmit)
# Usage: scripts/build.sh [part...] (default: all). A part named in $CALCTRA_BUILT (space-separated) is
# skipped: scripts/test-all.sh builds everything once and exports CALCTRA_BUILT, so the suites it runs
# build nothing again. Build steps are never counted as tests.
set -uo pipefail
cd "$(dirname "$0")/.."
parts=("$@")
[ ${#parts[@]} -eq 0 ] && parts=(hardhat circuits solana prover packages typecheck)
# Four programs cover every TypeScript file once: the strict packages (core, sdk, devnet, cli), the root (bridge,
# contract tests, scripts, package tests), the circuits tooling and contracts-ton; two run at a time.
tsprojects=(tsconfig.packages.json tsconfig.json circuits/tsconfig.json contracts-ton/tsconfig.json app/tsconfig.json app/test/tsconfig.json app/test/tsconfig.page.json)
# quiet NAME CMD...: runs a long build with its output in a log, showing one line of progress with the elapsed time
# (and saying so when it waits for another Rust build's lock instead of cargo's bare "Blocking waiting for file
# lock"); the log's tail is shown only when the build fails.
quiet() {
  local name="$1"; shift
  local log; log=$(mktemp)
  "$@" >"$log" 2>&1 &
  local pid=$! t0; t0=$(date +%s)
  local last=0
  while kill -0 "$pid" 2>/dev/null; do
    sleep 1
    local el=$(( $(date +%s) - t0 ))
    local what="building $name"
    grep -q "Blocking waiting for file lock" "$log" && ! grep -q "Compiling\|Finished" "$log" && what="$name: waiting for another Rust build to release its lock"
    if [ -t 2 ]; then printf '\r\033[2K… %s (%d s)' "$what" "$el" >&2
    elif [ $((el - last)) -ge 60 ]; then echo "… $what (${el} s)" >&2; last=$el; fi
  done
  wait "$pid"; local rc=$?
  [ -t 2 ] && printf '\r\033[2K' >&2
  [ "$rc" -ne 0 ] && tail -n 40 "$log" >&2
  rm -f "$log"
  return "$rc"
}
for part in "${parts[@]}"; do
  case " ${CALCTRA_BUILT:-} " in *" $part "*) continue ;; esac
  start=$(date +%s)
  case "$part" in
    # solc's one warning is about OpenZeppelin's TransientSlot (tstore, used only by the transient reentrancy guard, which
    # clears it at the end of each call — the case the warning itself calls safe): that block is dropped, any other shows.
    hardhat) { nice npx hardhat build --quiet 2>&1; echo "rc=$?"; } | awk '/^Warning: Transient storage/ {skip=1} skip && /^$/ {skip=0; next} !skip' >/tmp/calctra-hardhat.$$
      tail -n 1 /tmp/calctra-hardhat.$$ | grep -q '^rc=0$'; hrc=$?; sed '$d' /tmp/calctra-hardhat.$$; rm -f /tmp/calctra-hardhat.$$; (exit $hrc) ;;
    circuits) nice bash circuits/scripts/build-all.sh >/tmp/calctra-build-circuits.$$ 2>&1 || { tail -n 40 /tmp/calctra-build-circuits.$$; false; } ;;
    solana) quiet "the Solana programs' native host (cargo)" bash programs-solana/scripts/build-host.sh ;;
    prover) quiet "the native prover (cargo, release)" bash circuits/scripts/build-prover.sh ;;
    packages) nice npx tsc -b core/tsconfig.build.json sdk/tsconfig.build.json bridge/tsconfig.build.json agent/tsconfig.build.json ;;
    typecheck)
      printf '%s\n' "${tsprojects[@]}" | xargs -P 2 -I{} sh -c 'nice npx tsc --noEmit -p {} || { echo "type errors in {}"; exit 1; }' ;;
    *) echo "build: unknown part $part" >&2; false ;;
  esac
  rc=$?
  rm -f /tmp/calctra-build-circuits.$$
  if [ "$rc" -ne 0 ]; then echo "build: $part FAILED" >&2; exit 1; fi
  echo "build: $part ($(( $(date +%s) - start )) s)" >&2
done
