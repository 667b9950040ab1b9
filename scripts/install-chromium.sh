#!/usr/bin/env bash
# Installs Debian's `chromium` package for the browser tests (scripts/test-app.sh), unless a Chromium is already there.
# Idempotent and quiet when present. Playwright never downloads a browser here: its tests drive this binary
# (CALCTRA_CHROMIUM overrides the path). Needs root, or sudo without a password.
set -euo pipefail
if [ -n "${CALCTRA_CHROMIUM:-}" ]; then
  [ -x "$CALCTRA_CHROMIUM" ] && exit 0
  echo "CALCTRA_CHROMIUM=$CALCTRA_CHROMIUM is not an executable file" >&2
  exit 1
fi
for bin in chromium chromium-browser; do
  command -v "$bin" >/dev/null 2>&1 && exit 0
done
if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  as_root=(sudo -n)
else
  echo "the browser tests need Debian's 'chromium' package: install it as root with" >&2
  echo "  apt-get update && apt-get install -y chromium" >&2
  echo "(or point CALCTRA_CHROMIUM at a Chromium binary)" >&2
  exit 1
fi
echo "installing Debian's chromium package (apt-get)"
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -qq >/dev/null
"${as_root[@]}" apt-get install -y -qq chromium >/dev/null
command -v chromium >/dev/null 2>&1 || { echo "apt-get installed 'chromium' but no chromium binary is on PATH" >&2; exit 1; }
