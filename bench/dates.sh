#!/usr/bin/env bash
# Date finding: kibaru (kb_dates_find) against python3-dateparser's
# search_dates on the same French sentences, in one run.
# Usage: bench/dates.sh [BUILD_DIR]   (default build; run `make all` first)
# Prints found / correct / texts per second for each and the speed ratio;
# the output is also saved to bench/out/dates.txt.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
build=${1:-$root/build}
case $build in /*) ;; *) build=$root/$build ;; esac
min_seconds=${MIN_SECONDS:-2}
out=$here/out
mkdir -p "$out"
driver=$build/bench/kb_bench_dates
if [ ! -x "$driver" ]; then
  echo "dates.sh: $driver not built (make all)" >&2
  exit 1
fi
# dateparser is the Debian package, so the system interpreter.
py=/usr/bin/python3
[ -x "$py" ] || py=python3
if ! "$py" -c 'import dateparser' 2>/dev/null; then
  echo "dates.sh: python3-dateparser missing (scripts/install-deps.sh)" >&2
  exit 77
fi
cases=$here/dates_cases.tsv
export KIBARU_DATA=${KIBARU_DATA:-$root/data}
kb=$("$driver" "$cases" "$out/dates_kibaru.pred" "$min_seconds")
dp=$("$py" "$here/dates_dateparser.py" run "$cases" "$out/dates_dateparser.pred" "$min_seconds")
{
  echo "# date finding: kibaru vs dateparser $("$py" -c 'import dateparser; print(dateparser.__version__)') ($(date -u +%Y-%m-%d), $(nproc) cpus, one thread each)"
  echo "$kb"
  echo "$dp"
  "$py" "$here/dates_dateparser.py" score "$cases" \
    "kibaru=$out/dates_kibaru.pred=$kb" "dateparser=$out/dates_dateparser.pred=$dp"
} | tee "$out/dates.txt"
