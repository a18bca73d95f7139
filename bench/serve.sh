#!/usr/bin/env bash
# Web API load test: `kibaru serve` over a database built from the sample
# corpus and the fusion set (plus DOCS synthetic documents from
# bench/gen_corpus.py when DOCS > 0), loaded on loopback by wrk with 2
# threads and 32 connections for DURATION seconds (default 10) per call:
# the page's main call /api/clusters (the table, default limit), then
# /api/events?type=DELIVERY and /api/counts. Prints requests per second,
# latency percentiles (p50, p90, p99), errors, and a checksum of each answer
# so that a fast wrong answer shows. Output also in bench/out/serve.txt.
#
# usage: bench/serve.sh [BUILD_DIR]      env: DURATION=10 DOCS=0 THREADS=0
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-build}
case $build in /*) ;; *) build=$root/$build ;; esac
bin=$build/kibaru
duration=${DURATION:-10}
docs=${DOCS:-0}
threads=${THREADS:-0}
[ -x "$bin" ] || { echo "bench/serve.sh: no $bin (make all)" >&2; exit 1; }
command -v wrk >/dev/null || { echo "bench/serve.sh: wrk missing (scripts/install-deps.sh)" >&2; exit 77; }
out=$root/bench/out
mkdir -p "$out"
tmp=$(mktemp -d)
pid=
cleanup() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT

cd "$root"
inputs=(corpus/sample tests/fusion/docs.jsonl)
if [ "$docs" -gt 0 ]; then
  python3 bench/gen_corpus.py --docs "$docs" --seed 42 > "$tmp/synthetic.jsonl"
  inputs+=("$tmp/synthetic.jsonl")
fi
"$bin" ingest --quiet --db "$tmp/k.db" "${inputs[@]}" 2> "$tmp/ingest.log" ||
  { echo "ingest failed:"; cat "$tmp/ingest.log"; exit 1; }

serve_args=(--db "$tmp/k.db" --port 0)
[ "$threads" -gt 0 ] && serve_args+=(--threads "$threads")
"$bin" serve "${serve_args[@]}" > "$tmp/serve.out" 2> "$tmp/serve.err" &
pid=$!
port=
for _ in $(seq 100); do
  port=$(sed -n 's|^kibaru: serving http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' "$tmp/serve.out")
  [ -n "$port" ] && break
  sleep 0.1
done
[ -n "$port" ] || { echo "serve did not start"; cat "$tmp/serve.err"; exit 1; }
base=http://127.0.0.1:$port

{
  echo "# kibaru serve under wrk -t2 -c32 -d${duration}s --latency, loopback" \
    "($(date -u +%Y-%m-%d), $(nproc) cpus, $(wrk --version 2>&1 | head -1 | cut -d' ' -f1-2))"
  python3 - "$tmp/k.db" <<'PY'
import sqlite3, sys
c = sqlite3.connect("file:%s?mode=ro" % sys.argv[1], uri=True)
q = lambda s: c.execute(s).fetchone()[0]
print("database: %d documents, %d events, %d clusters" % (
    q("SELECT count(*) FROM documents"), q("SELECT count(*) FROM events"),
    q("SELECT count(*) FROM clusters")))
PY
  printf '%-28s %10s %9s %9s %9s %8s %10s  %s\n' call "req/s" p50 p90 p99 errors "KB/answer" checksum
  for call in /api/clusters "/api/events?type=DELIVERY" /api/counts; do
    curl -sf "$base$call" > "$tmp/answer" || { echo "$call failed"; exit 1; }
    sum=$(sha256sum < "$tmp/answer" | cut -c1-12)
    kb=$(( $(wc -c < "$tmp/answer") / 1024 ))
    timeout $((duration + 30)) wrk -t2 -c32 -d"${duration}s" --latency "$base$call" > "$tmp/wrk.txt"
    python3 - "$tmp/wrk.txt" "$call" "$sum" "$kb" <<'PY'
import re, sys
text, call, checksum, kb = open(sys.argv[1]).read(), sys.argv[2], sys.argv[3], sys.argv[4]
rps = re.search(r"Requests/sec:\s+([\d.]+)", text).group(1)
pct = dict(re.findall(r"^\s+(50|75|90|99)%\s+(\S+)", text, re.M))
bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
sock = re.search(r"Socket errors:.*", text)
errors = int(bad.group(1)) if bad else 0
if sock:
    errors += sum(int(n) for n in re.findall(r"\d+", sock.group(0)))
print("%-28s %10.0f %9s %9s %9s %8d %10s  %s" % (
    call, float(rps), pct.get("50"), pct.get("90"), pct.get("99"), errors, kb, checksum))
PY
  done
} | tee "$out/serve.txt"
