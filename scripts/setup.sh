#!/usr/bin/env bash
# Install everything policy-kg needs on a fresh Debian machine, idempotently.
#   scripts/setup.sh          system Graphviz (and Node.js/npm when missing), Python venv (.venv) with the package, front-end assets
#   scripts/setup.sh --test   the same plus Chromium (for browser tests), poppler-utils (pdftoppm), the test packages and Comunica (tests/clients)
set -euo pipefail
cd "$(dirname "$0")/.."
WANT_TEST=0
[[ "${1:-}" == "--test" ]] && WANT_TEST=1

need_apt=()
command -v dot >/dev/null 2>&1 || need_apt+=(graphviz)
command -v npm >/dev/null 2>&1 || need_apt+=(nodejs npm)   # front-end assets (scripts/build-frontend.sh)
if [[ $WANT_TEST == 1 ]]; then
  command -v chromium >/dev/null 2>&1 || need_apt+=(chromium chromium-driver)
  command -v pdftoppm >/dev/null 2>&1 || need_apt+=(poppler-utils)   # briefing tests draw PDF pages to PNG
fi
if [[ $WANT_TEST == 1 ]]; then   # remote-store tests run against a private loopback Virtuoso (scripts/virtuoso.sh)
  command -v virtuoso-t >/dev/null 2>&1 || need_apt+=(virtuoso-opensource)
fi
if (( ${#need_apt[@]} )); then
  echo "setup: installing ${need_apt[*]} from Debian" >&2
  SUDO=""; [[ $(id -u) != 0 ]] && SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  if [[ " ${need_apt[*]} " == *" virtuoso-opensource "* ]]; then   # no dba password prompt, no ODBC registration
    printf '%s\n' 'virtuoso-opensource-7 virtuoso-opensource-7/dba-password password' \
      'virtuoso-opensource-7 virtuoso-opensource-7/dba-password-again password' \
      'libvirtodbc0 libvirtodbc0/register-odbc-driver boolean false' | $SUDO debconf-set-selections
  fi
  $SUDO apt-get update -qq </dev/null >/dev/null 2>&1 || true
  $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}" </dev/null >/dev/null
fi

if [[ ! -x .venv/bin/python ]]; then
  echo "setup: creating .venv" >&2
  python3 -m venv .venv
fi
EXTRAS=""; [[ $WANT_TEST == 1 ]] && EXTRAS="[test,bench]"
echo "setup: installing policy-kg${EXTRAS} into .venv" >&2
.venv/bin/python -m pip install -q --disable-pip-version-check -e ".${EXTRAS}"
.venv/bin/python -c "import kg, web" 

if [[ -x scripts/build-frontend.sh ]]; then
  scripts/build-frontend.sh
fi
if [[ $WANT_TEST == 1 ]]; then
  # SPARQL clients the tests run (Comunica), from tests/clients/package-lock.json
  stamp=tests/clients/node_modules/.lock-sha256
  want=$(sha256sum tests/clients/package-lock.json | cut -d' ' -f1)
  if [[ ! -f $stamp || $(cat "$stamp") != "$want" ]]; then
    echo "setup: npm ci in tests/clients/ (Comunica)" >&2
    (cd tests/clients && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error)
    echo "$want" > "$stamp"
  fi
fi
echo "setup: done" >&2
