#!/usr/bin/env bash
# One command rebuilds every ZK artefact (npm run build:circuits):
#   circuits (BN254 + BLS12-381) -> reproducible development ceremony -> zkeys, verifying keys
#   -> EVM verifiers, Solana VK export, proof vectors.
# --keys-only: stop after the verifying keys (no exports); with CALCTRA_ZK_CACHE and CALCTRA_ZK_BUILD
#   pointing at empty directories this re-runs the whole ceremony from scratch (reproducibility check).
# Options: --ptau FILE (curve read from the file; repeat for both curves), --ptau-bn254 FILE / --ptau-bls12381 FILE (or env CALCTRA_PTAU_BN254 / CALCTRA_PTAU_BLS12381):
#   use an external prepared powers-of-tau (production). Without them the dev ceremony is used and
#   the regenerated verifying keys must equal the committed circuits/keys/*.vkey.json byte for byte.
#   With an external ptau, CALCTRA_ZK_PHASE2_ENTROPY=<secret> replaces the first (public) phase-2
#   beacon by a secret contribution: without it the phase-2 toxic waste is derivable from public
#   strings and anyone could forge proofs. The development keys are forgeable by design.
# Everything expensive is cached under $HOME/.cache/calctra/zk keyed by a hash of its inputs.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
export PATH="$ROOT/node_modules/.bin:$PATH"
KEYS_ONLY=0
while [ $# -gt 0 ]; do
  case "$1" in
    --keys-only) KEYS_ONLY=1; shift ;;
    --ptau-bn254) export CALCTRA_PTAU_BN254="$(realpath "$2")"; shift 2 ;;
    --ptau-bls12381) export CALCTRA_PTAU_BLS12381="$(realpath "$2")"; shift 2 ;;
    --ptau)
      # the curve is read from the ptau header (n8 = 32 bytes: BN254, 48 bytes: BLS12-381)
      n8="$(od -An -tu4 -j24 -N4 "$2" | tr -d ' ')"
      case "$n8" in
        32) export CALCTRA_PTAU_BN254="$(realpath "$2")" ;;
        48) export CALCTRA_PTAU_BLS12381="$(realpath "$2")" ;;
        *) echo "$2: not a BN254 or BLS12-381 ptau" >&2; exit 2 ;;
      esac
      shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
CACHE="${CALCTRA_ZK_CACHE:-$HOME/.cache/calctra/zk}"
BUILD="${CALCTRA_ZK_BUILD:-$ROOT/circuits/build}"
KEYS="$ROOT/circuits/keys"
CIRCUITS="result_commitment dense_inference"
CURVES="${CALCTRA_ZK_CURVES:-bn254 bls12381}"
POWER=12
mkdir -p "$CACHE/compile" "$CACHE/zkey" "$BUILD" "$KEYS"
log() { echo "[build-zk] $*" >&2; }
hashfiles() { cat "$@" | sha256sum | cut -c1-16; }

# BLS12-381 Poseidon constants: generated from sdk/src/zk/poseidon.ts; the committed file must match.
tsx circuits/scripts/gen-bls-poseidon.ts --check

CIRCOM_VERSION="$(node -p "JSON.parse(require(\"fs\").readFileSync(\"node_modules/circom2/package.json\")).version")"
SNARKJS_VERSION="$(node -p "JSON.parse(require(\"fs\").readFileSync(\"node_modules/snarkjs/package.json\")).version")"
LIBS="$(ls circuits/lib/common.circom node_modules/circomlib/circuits/{poseidon,poseidon_constants,bitify,comparators,compconstant,aliascheck}.circom)"

for CURVE in $CURVES; do
  case "$CURVE" in
    bn254) PRIME=bn128; EXTV="${CALCTRA_PTAU_BN254:-}" ;;
    bls12381) PRIME=bls12381; EXTV="${CALCTRA_PTAU_BLS12381:-}" ;;
    *) echo "unknown curve $CURVE" >&2; exit 2 ;;
  esac
  EXTERNAL=0; [ -n "$EXTV" ] && EXTERNAL=1
  PTAU="$(bash circuits/scripts/ptau.sh "$CURVE" "$POWER")"
  PTAU_ID="$(basename "$PTAU")"; [ $EXTERNAL = 1 ] && PTAU_ID="$(sha256sum "$PTAU" | cut -c1-16)"
  mkdir -p "$BUILD/$CURVE"
  for C in $CIRCUITS; do
    # ---- compile (cached) ----
    CKEY="$(printf '%s|%s|%s|%s' "$C" "$CURVE" "$CIRCOM_VERSION" "$(hashfiles circuits/src/$C.circom circuits/lib/$CURVE/hash.circom $LIBS)" | sha256sum | cut -c1-16)"
    CDIR="$CACHE/compile/$C.$CURVE.$CKEY"
    if [ ! -f "$CDIR/$C.r1cs" ]; then
      log "compile $C ($CURVE)"
      rm -rf "$CDIR.tmp"; mkdir -p "$CDIR.tmp/stage/circomlib" "$CDIR.tmp/stage/out"
      # circom2 runs under WASI and sees only its working directory: stage the sources (this also
      # makes the build independent of how node_modules is laid out, e.g. a symlinked one)
      cp -r circuits/src circuits/lib "$CDIR.tmp/stage/"
      cp -r node_modules/circomlib/circuits "$CDIR.tmp/stage/circomlib/circuits"
      (cd "$CDIR.tmp/stage" && circom2 "src/$C.circom" --r1cs --wasm --O2 -p "$PRIME" \
        -l "lib/$CURVE" -l lib -l . -o out) > "$CDIR.tmp/compile.log"
      mv "$CDIR.tmp/stage/out/"* "$CDIR.tmp/"; rm -rf "$CDIR.tmp/stage"
      rm -rf "$CDIR"; mv "$CDIR.tmp" "$CDIR"
    fi
    cp "$CDIR/$C.r1cs" "$BUILD/$CURVE/$C.r1cs"
    cp "$CDIR/${C}_js/$C.wasm" "$BUILD/$CURVE/$C.wasm"
    # ---- phase 2: zkey new, then two beacon contributions (deterministic) ----
    ZKEY_KEY="$(printf '%s|%s|%s|%s|%s' "$CKEY" "$PTAU_ID" "$SNARKJS_VERSION" "${CALCTRA_ZK_PHASE2_ENTROPY:+secret-$$-$(date +%s)}" v1 | sha256sum | cut -c1-16)"
    Z="$CACHE/zkey/$C.$CURVE.$ZKEY_KEY.zkey"
    if [ ! -f "$Z" ]; then
      log "phase 2 $C ($CURVE)"
      T0=$(date +%s)
      TMP="$(mktemp -d "$CACHE/zkey/tmp.XXXXXX")"
      snarkjs zkey new "$BUILD/$CURVE/$C.r1cs" "$PTAU" "$TMP/z0.zkey" > "$TMP/log"
      E1="$(printf 'calctra development ceremony %s %s phase2 contribution 1' "$C" "$CURVE" | sha256sum | cut -c1-64)"
      if [ $EXTERNAL = 1 ] && [ -n "${CALCTRA_ZK_PHASE2_ENTROPY:-}" ]; then
        # production: a secret contribution (snarkjs mixes in OS randomness; not reproducible by design)
        snarkjs zkey contribute "$TMP/z0.zkey" "$TMP/z1.zkey" -n="calctra phase2 contribution" -e="$CALCTRA_ZK_PHASE2_ENTROPY" >> "$TMP/log"
      else
        snarkjs zkey beacon "$TMP/z0.zkey" "$TMP/z1.zkey" "$E1" 10 -n="calctra dev contribution 1" >> "$TMP/log"
      fi
      snarkjs zkey beacon "$TMP/z1.zkey" "$TMP/z2.zkey" \
        "2122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f40" 10 -n="calctra dev final beacon" >> "$TMP/log"
      mv "$TMP/z2.zkey" "$Z"; rm -rf "$TMP"
      log "phase 2 $C ($CURVE): $(( $(date +%s) - T0 )) s"
    fi
    cp "$Z" "$BUILD/$CURVE/$C.zkey"
    snarkjs zkey export verificationkey "$BUILD/$CURVE/$C.zkey" "$BUILD/$CURVE/$C.vkey.json" > /dev/null
    if [ $EXTERNAL = 0 ]; then
      if [ -f "$KEYS/$C.$CURVE.vkey.json" ]; then
        if ! cmp -s "$KEYS/$C.$CURVE.vkey.json" "$BUILD/$CURVE/$C.vkey.json"; then
          log "ERROR: regenerated $C.$CURVE verifying key differs from the committed circuits/keys/$C.$CURVE.vkey.json"
          [ "${CALCTRA_ZK_UPDATE_KEYS:-0}" = 1 ] || exit 1
          cp "$BUILD/$CURVE/$C.vkey.json" "$KEYS/$C.$CURVE.vkey.json"
        fi
      else
        cp "$BUILD/$CURVE/$C.vkey.json" "$KEYS/$C.$CURVE.vkey.json"
      fi
    fi
  done
done

[ $KEYS_ONLY = 1 ] && { log "keys only: done"; exit 0; }
# ---- exports ----
tsx circuits/scripts/gen-vectors.ts
if echo "$CURVES" | grep -q bn254; then
  bash circuits/scripts/export-evm.sh
  tsx circuits/scripts/export-solana-vk.ts
fi
log "done"
