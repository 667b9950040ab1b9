#!/usr/bin/env bash
# Slither static analysis of Calctra's own EVM contracts (issue 11).
# No native solc exists here, so Slither compiles through crytic-compile's `solc-json` mode:
#   1. slither-analyzer 0.11.6 (pinned) is installed into a project-local venv ($HOME/.cache/calctra/slither-venv;
#      skipped when already there; override with SLITHER_VENV);
#   2. scripts/slither/gen-input.ts writes a standard-JSON input (sources inline, the @openzeppelin/
#      remapping, hardhat.config.ts's optimizer and evmVersion) to $SLITHER_OUT (default: a temp dir);
#   3. slither runs it with `--solc scripts/slither/solc` (solc-js from the repo's `solc` npm package)
#      and scripts/slither/slither.config.json (dependencies, test doubles and generated verifiers filtered
#      out; listed low/informational detectors excluded; fails on any medium or high finding).
# Exits non-zero when the install, the compilation or the analysis fails, or on a medium/high finding.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

# Pinned: a newer Slither may add detectors, and a new finding should come with a deliberate upgrade.
SLITHER_VERSION=0.11.6
SLITHER_SPEC="slither-analyzer==$SLITHER_VERSION"
venv="${SLITHER_VENV:-$HOME/.cache/calctra/slither-venv}"
start=$(date +%s)

# ---------------------------------------------------------------- 1. slither in a venv
installed() {
  [ -x "$venv/bin/slither" ] && "$venv/bin/python" -c \
    'import importlib.metadata as m, sys; sys.exit(m.version("slither-analyzer") != sys.argv[1])' "$SLITHER_VERSION" 2>/dev/null
}
if ! installed; then
  echo "slither: installing $SLITHER_SPEC into $venv"
  mkdir -p "$(dirname "$venv")"
  if ! python3 -m venv --clear "$venv" || ! "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "$SLITHER_SPEC"; then
    echo "slither: FAILED to install $SLITHER_SPEC into $venv (python3 with venv and pip, and PyPI, are needed)"
    exit 1
  fi
fi
slither_version=$("$venv/bin/slither" --version)

# ---------------------------------------------------------------- 2. standard-JSON input
out="${SLITHER_OUT:-}"
if [ -z "$out" ]; then
  out=$(mktemp -d)
  trap 'rm -rf "$out"' EXIT
fi
mkdir -p "$out"
input="$out/slither-input.json"
npx --no-install tsx scripts/slither/gen-input.ts "$input"

# ---------------------------------------------------------------- 3. analysis
solc_version=$(scripts/slither/solc --version | sed -n 's/^Version: //p')
echo "slither $slither_version, solc-js $solc_version"
rm -f "$out/slither-report.json" # Slither refuses to overwrite its JSON output
set +e
"$venv/bin/slither" "$input" \
  --compile-force-framework solc-json \
  --solc "$root/scripts/slither/solc" \
  --config-file scripts/slither/slither.config.json \
  --json "$out/slither-report.json" >"$out/slither.log" 2>&1
rc=$?
set -e
elapsed=$(( $(date +%s) - start ))

# Slither exits non-zero both on a medium/high finding (fail_on) and on a compilation or analysis error:
# the JSON report tells them apart. Each finding is listed with its first line (detector and location).
if ! "$venv/bin/python" - "$out/slither-report.json" "$rc" "$elapsed" <<'PY'; then
import collections, json, sys
path, rc, elapsed = sys.argv[1], int(sys.argv[2]), sys.argv[3]
try:
    report = json.load(open(path))
except (OSError, ValueError):
    report = {"success": False, "error": "no JSON report"}
if not report.get("success"):
    print(f"slither: FAILED (analysis error: {report.get('error')}) in {elapsed}s")
    sys.exit(1)
found = (report.get("results") or {}).get("detectors") or []
for f in found:
    print(f"  [{f['impact']}] {f['check']}: {f['description'].splitlines()[0]}")
counts = collections.Counter(f["impact"] for f in found)
levels = ("High", "Medium", "Low", "Informational", "Optimization")
print("slither: " + ", ".join(f"{counts.get(k, 0)} {k.lower()}" for k in levels) + " finding(s)")
if rc != 0 or counts["High"] or counts["Medium"]:
    print(f"slither: FAILED (medium/high findings must be fixed or documented, exit {rc}) in {elapsed}s")
    sys.exit(1)
print(f"slither: OK (no medium or high finding) in {elapsed}s")
PY
  echo "slither log: $out/slither.log (kept with SLITHER_OUT=<dir>)"
  [ -n "${SLITHER_OUT:-}" ] || tail -40 "$out/slither.log"
  exit 1
fi
