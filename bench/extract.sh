#!/usr/bin/env bash
# Event extraction throughput on one core: kibaru extract over >= 50 MB of
# generated news text (bench/gen_corpus.py, templates written for this
# project). Prints MB of text per second, documents per second, events, and
# a checksum of the output so that a fast wrong answer shows.
# usage: bench/extract.sh [BUILD_DIR] [DOCS]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
docs=${2:-90000}
bin=$build/kibaru
out=$root/bench/out
mkdir -p "$out"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
python3 "$root/bench/gen_corpus.py" --docs "$docs" --seed 7 > "$tmp/corpus.jsonl"
text_bytes=$(python3 -c '
import json, sys
n = 0
for line in open(sys.argv[1], encoding="utf-8"):
    d = json.loads(line)
    n += len((d.get("text") or "").encode())
print(n)' "$tmp/corpus.jsonl")
pin=""
command -v taskset >/dev/null && pin="taskset -c 0"
# Best of three runs: on a shared virtual machine another tenant's load
# only ever adds time, so the fastest run is the closest to the code's own.
runs=${KB_BENCH_RUNS:-3}
best=""
for r in $(seq "$runs"); do
  s=$(date +%s.%N)
  KIBARU_DATA=$root/data /usr/bin/time -f "%U %S" -o "$tmp/cpu" $pin "$bin" extract "$tmp/corpus.jsonl" > "$tmp/events.jsonl"
  e=$(date +%s.%N)
  c=$(awk '{print $1 + $2}' "$tmp/cpu")
  echo "  run $r: $(awk -v a="$s" -v b="$e" 'BEGIN { printf "%.2f", b - a }') s wall, $c s CPU" >&2
  if [ -z "$best" ] || awk -v c="$c" -v b="$best" 'BEGIN { exit !(c < b) }'; then
    best=$c; start=$s; end=$e
  fi
done
cpu=$best
events=$(wc -l < "$tmp/events.jsonl")
sum=$(sha256sum < "$tmp/events.jsonl" | cut -c1-16)
# every core (--jobs): the same output, in the same order
jobs=$(nproc 2>/dev/null || echo 1)
s=$(date +%s.%N)
KIBARU_DATA=$root/data "$bin" extract --jobs "$jobs" "$tmp/corpus.jsonl" > "$tmp/events-jobs.jsonl"
e=$(date +%s.%N)
jwall=$(awk -v a="$s" -v b="$e" 'BEGIN { printf "%.3f", b - a }')
jsame=$(cmp -s "$tmp/events.jsonl" "$tmp/events-jobs.jsonl" && echo same || echo DIFFERENT)
python3 - "$start" "$end" "$text_bytes" "$docs" "$events" "$sum" "$cpu" "$jobs" "$jwall" "$jsame" <<'PY' | tee "$out/extract.txt"
import sys
start, end, nbytes, docs, events, checksum, cpu, jobs, jwall, jsame = sys.argv[1:]
t = float(end) - float(start)
c = float(cpu)
mb = int(nbytes) / 1e6
print("kibaru extract, one core, best of runs: %d documents, %.1f MB of text, %.2f s wall, %.2f s CPU" % (int(docs), mb, t, c))
print("  %.1f MB/s wall, %.1f MB per CPU-second, %.0f documents/s  %s events  output sha256 %s"
      % (mb / t, mb / c, int(docs) / t, events, checksum))
print("  target 20 MB/s on one core: %s" % ("met" if mb / c >= 20 else "NOT met"))
print("kibaru extract --jobs %s: %.2f s wall, %.1f MB/s, %.0f documents/s, output %s as one thread"
      % (jobs, float(jwall), mb / float(jwall), int(docs) / float(jwall), jsame))
PY
