#!/usr/bin/env bash
# Every benchmark, each against its named peers in the same run; figures go
# to stdout and bench/out/. usage: bench/run-all.sh [BUILD_DIR]
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../build}
status=0
for b in extraction dates extract ingest serve; do
  [ -x "$here/$b.sh" ] || [ -f "$here/$b.sh" ] || continue
  echo "== $b"
  bash "$here/$b.sh" "$build" || { echo "bench $b failed"; status=1; }
done
exit $status
