#!/usr/bin/env bash
# Main-text extraction, side by side in one run: kibaru against Mozilla
# Readability (node + jsdom) and readability-lxml (Debian python3-readability)
# on the same pages, scored with the data's own metric (4-token shingles).
#
# Usage: bench/extraction.sh [BUILD_DIR] [DATA_DIR]
#   BUILD_DIR  where the kibaru binary is (default build)
#   DATA_DIR   a folder with html/*.html.gz and ground-truth.json
#              (default ../shared/data/extraction/dev)
# Prints the table and saves it to bench/out/extraction.txt.
#
# Timing: kibaru is timed as a whole command (process start, gunzip, parse,
# extraction, JSON output) over all pages at once. Each peer reads and
# gunzips every page first, then reports the time of its extraction loop
# alone, so its interpreter start and module loading are not counted.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
data=${2:-$root/../shared/data/extraction/dev}
out=$root/bench/out
py=/usr/bin/python3 # Debian's, where python3-readability lives

if [ ! -d "$data/html" ] || [ ! -f "$data/ground-truth.json" ]; then
  echo "extraction: $data not found (../shared absent?): skipped"
  exit 0
fi
kibaru=$build/kibaru
if [ ! -x "$kibaru" ]; then
  echo "extraction: $kibaru not built (run make all)" >&2
  exit 1
fi
mkdir -p "$out"
pages=("$data"/html/*.html.gz)

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.4f", b - a }'; }

# One untimed pass warms the page cache for everybody.
"$kibaru" text --format jsonl "${pages[@]}" >/dev/null 2>&1 || true

systems=()
t0=$(now)
# exit status 1 means "some input skipped" (a page with no text): scored empty
"$kibaru" text --format jsonl "${pages[@]}" >"$out/kibaru.jsonl" \
  2>"$out/kibaru.err" || [ $? -eq 1 ]
t1=$(now)
systems+=(--system kibaru "$out/kibaru.jsonl" "$(elapsed "$t0" "$t1")")
# the same on every core (--jobs): the peers have one thread each, so the
# ratios of the single-thread row are the like-for-like ones
jobs=$(nproc 2>/dev/null || echo 1)
if [ "$jobs" -gt 1 ]; then
  t0=$(now)
  "$kibaru" text --jobs "$jobs" --format jsonl "${pages[@]}" \
    >"$out/kibaru-jobs.jsonl" 2>/dev/null || [ $? -eq 1 ]
  t1=$(now)
  systems+=(--system "kibaru --jobs $jobs" "$out/kibaru-jobs.jsonl" "$(elapsed "$t0" "$t1")")
fi

if [ -d "$root/node_modules/@mozilla/readability" ] &&
  [ -d "$root/node_modules/jsdom" ]; then
  secs=$(node "$root/bench/extract_readability.js" "$out/readability.jsonl" "${pages[@]}")
  systems+=(--system readability.js "$out/readability.jsonl" "$secs")
else
  echo "extraction: node_modules missing (scripts/install-deps.sh): Readability skipped" >&2
fi

if "$py" -c 'import readability, lxml' 2>/dev/null; then
  secs=$("$py" "$root/bench/extract_lxml.py" "$out/lxml.jsonl" "${pages[@]}")
  systems+=(--system readability-lxml "$out/lxml.jsonl" "$secs")
else
  echo "extraction: python3-readability missing: readability-lxml skipped" >&2
fi

{
  echo "main-text extraction: ${#pages[@]} pages of $data ($(date -u +%Y-%m-%d))"
  "$py" "$root/bench/score_extraction.py" "$data/ground-truth.json" "${systems[@]}"
} | tee "$out/extraction.txt"
