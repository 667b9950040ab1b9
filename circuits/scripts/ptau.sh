#!/usr/bin/env bash
# Reproducible development powers-of-tau for one curve.
#
#   circuits/scripts/ptau.sh <bn254|bls12381> [power]    -> prints the path of the prepared ptau
#
# The ceremony is deterministic: `powersoftau new`, then two contributions that are beacons
# (a beacon is a contribution whose randomness is derived from a public hash, so a fixed
# "entropy" string hashed with SHA-256 gives a reproducible contribution), then
# `prepare phase2`. The same inputs give a byte-identical file on any machine.
#
# Production: set CALCTRA_PTAU_<CURVE>=/path/to/external.ptau (prepared, multi-party) or pass
# --ptau to build-all.sh; this script then returns that file untouched.
#
# Output is cached under $HOME/.cache/calctra/zk/ptau/, keyed by a hash of the inputs.
set -euo pipefail
CURVE="${1:?curve}"; POWER="${2:-12}"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
SNARKJS="$ROOT/node_modules/.bin/snarkjs"
case "$CURVE" in
  bn254) SCURVE=bn128; EXT_VAR=CALCTRA_PTAU_BN254 ;;
  bls12381) SCURVE=bls12381; EXT_VAR=CALCTRA_PTAU_BLS12381 ;;
  *) echo "unknown curve $CURVE" >&2; exit 2 ;;
esac
if [ -n "${!EXT_VAR:-}" ]; then echo "${!EXT_VAR}"; exit 0; fi

ENTROPY1="calctra development ceremony ${CURVE} phase1 contribution 1"
BEACON="0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20"
SNARKJS_VERSION="$(node -p 'require(process.argv[1]).version' "$ROOT/node_modules/snarkjs/package.json")"
KEY="$(printf '%s|%s|%s|%s|%s|%s' "$CURVE" "$POWER" "$ENTROPY1" "$BEACON" "$SNARKJS_VERSION" v1 | sha256sum | cut -c1-16)"
CACHE="${CALCTRA_ZK_CACHE:-$HOME/.cache/calctra/zk}/ptau"
OUT="$CACHE/${CURVE}_${POWER}_${KEY}.ptau"
mkdir -p "$CACHE"

# A committed prepared development ptau (produced by this script) is used when present.
COMMITTED="$ROOT/circuits/ptau/${CURVE}_${POWER}.ptau"
# (CALCTRA_ZK_IGNORE_COMMITTED_PTAU=1 regenerates instead: the reproducibility check.)
if [ ! -f "$OUT" ] && [ "${CALCTRA_ZK_IGNORE_COMMITTED_PTAU:-0}" != 1 ] && [ -f "$COMMITTED" ] && [ -f "$COMMITTED.sha256" ]; then
  if (cd "$(dirname "$COMMITTED")" && sha256sum -c --status "$(basename "$COMMITTED").sha256"); then
    cp "$COMMITTED" "$OUT.tmp" && mv "$OUT.tmp" "$OUT"
  fi
fi
if [ -f "$OUT" ]; then echo "$OUT"; exit 0; fi

TMP="$(mktemp -d "$CACHE/tmp.XXXXXX")"
trap 'rm -rf "$TMP"' EXIT
H1="$(printf '%s' "$ENTROPY1" | sha256sum | cut -c1-64)"
log() { echo "[ptau $CURVE 2^$POWER] $*" >&2; }
T0=$(date +%s)
"$SNARKJS" powersoftau new "$SCURVE" "$POWER" "$TMP/p0.ptau" >&2
"$SNARKJS" powersoftau beacon "$TMP/p0.ptau" "$TMP/p1.ptau" "$H1" 10 -n="calctra dev contribution 1" >&2
"$SNARKJS" powersoftau beacon "$TMP/p1.ptau" "$TMP/p2.ptau" "$BEACON" 10 -n="calctra dev final beacon" >&2
T1=$(date +%s); log "phase1 contributions: $((T1-T0)) s"
"$SNARKJS" powersoftau prepare phase2 "$TMP/p2.ptau" "$TMP/final.ptau" >&2
T2=$(date +%s); log "prepare phase2: $((T2-T1)) s"
mv "$TMP/final.ptau" "$OUT"
echo "$OUT"
