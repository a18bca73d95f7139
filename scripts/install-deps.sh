#!/usr/bin/env bash
# Install the Debian packages (and npm packages for the web page and the
# extraction benchmark) that kibaru needs, skipping what is already there.
# Usage: scripts/install-deps.sh [--no-npm]
set -euo pipefail
cd "$(dirname "$0")/.."

pkgs=(
  build-essential cmake pkg-config clang clang-format libclang-rt-14-dev
  libxml2-dev libsqlite3-dev sqlite3 libutf8proc-dev libstemmer-dev
  libcld2-dev zlib1g-dev libjansson-dev libsimdjson-dev libmicrohttpd-dev libxxhash-dev
  python3 python3-readability python3-lxml python3-dateparser
  chromium wrk
)
# The machine image may ship Node.js with npm bundled (nodesource), which
# conflicts with Debian's npm package: only ask Debian when npm is absent.
command -v npm >/dev/null 2>&1 || pkgs+=(nodejs npm)

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
    missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}" >&2
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "install-deps: Debian packages already present" >&2
fi

if [ "${1:-}" != "--no-npm" ] && [ -f package.json ]; then
  if [ ! -d node_modules ] || [ package-lock.json -nt node_modules ]; then
    echo "install-deps: npm ci" >&2
    npm ci --no-audit --no-fund --loglevel=error
  fi
fi
