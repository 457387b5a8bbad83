#!/usr/bin/env bash
# Install the browser libraries (frontend/package-lock.json) from the npm registry and copy
# the built files the pages use into web/static/vendor/ (git-ignored). Idempotent: does
# nothing when the vendor folder already matches the lock file.
#   scripts/build-frontend.sh           build if needed
#   scripts/build-frontend.sh --force   rebuild
set -euo pipefail
cd "$(dirname "$0")/.."
VENDOR=web/static/vendor
STAMP=$VENDOR/.lock-sha256
FILES=(
  "node_modules/@zazuko/yasgui/build/yasgui.min.js"
  "node_modules/@zazuko/yasgui/build/yasgui.min.css"
  "node_modules/cytoscape/dist/cytoscape.min.js"
)

command -v npm >/dev/null 2>&1 || { echo "build-frontend: npm not found (install Node.js 18+)" >&2; exit 1; }
want=$(sha256sum frontend/package-lock.json | cut -d' ' -f1)

up_to_date() {
  [[ -f $STAMP && $(cat "$STAMP") == "$want" ]] || return 1
  local f
  for f in "${FILES[@]}"; do [[ -s $VENDOR/$(basename "$f") ]] || return 1; done
}

if [[ "${1:-}" != "--force" ]] && up_to_date; then
  echo "build-frontend: $VENDOR is up to date" >&2
  exit 0
fi

echo "build-frontend: npm ci in frontend/" >&2
# --ignore-scripts: the only install scripts in the tree print attributions.
(cd frontend && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error)
mkdir -p "$VENDOR"
for f in "${FILES[@]}"; do
  [[ -s frontend/$f ]] || { echo "build-frontend: frontend/$f missing after npm ci" >&2; exit 1; }
  cp "frontend/$f" "$VENDOR/"
done
echo "$want" > "$STAMP"
echo "build-frontend: copied $(printf '%s ' "${FILES[@]##*/}")to $VENDOR/" >&2
