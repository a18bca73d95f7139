#!/usr/bin/env bash
# Ingest benchmark: generates DOCS documents (default 100,000) with
# bench/gen_corpus.py (fixed seed), runs `kibaru ingest` on them into a new
# database, and prints documents per second, database size, the time of the
# fusion step and how many event-cluster comparisons blocking left (against
# the all-pairs count), then the time of a second, no-op ingest. The floor
# is reading the corpus (cat to /dev/null). A checksum of the cluster
# export shows when a fast run gives a different answer.
#
# usage: bench/ingest.sh [BUILD_DIR] [DOCS]   (KB_JOBS=N: analysis threads)
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-build}
docs=${2:-100000}
case $build in /*) ;; *) build=$root/$build ;; esac
bin=$build/kibaru
[ -x "$bin" ] || { echo "bench/ingest.sh: no $bin (make all)" >&2; exit 1; }
out=$root/bench/out
mkdir -p "$out"
corpus=$out/ingest-corpus-$docs.jsonl
db=$out/ingest-$docs.db
if [ ! -s "$corpus" ]; then
  python3 "$root/bench/gen_corpus.py" --docs "$docs" --seed 42 > "$corpus.tmp"
  mv "$corpus.tmp" "$corpus"
fi
rm -f "$db" "$db-wal" "$db-shm"

now() { date +%s.%N; }
t0=$(now); cat "$corpus" > /dev/null; t1=$(now)
"$bin" ingest --quiet --timings --db "$db" ${KB_JOBS:+--jobs $KB_JOBS} "$corpus" 2> "$out/ingest.log" ||
  { echo "ingest failed:"; cat "$out/ingest.log"; exit 1; }
t2=$(now)
"$bin" ingest --quiet --timings --db "$db" "$corpus" 2> "$out/reingest.log"
t3=$(now)
sum=$("$bin" clusters --db "$db" --format csv | sha256sum | cut -c1-16)

python3 - "$db" "$corpus" "$out/ingest.log" "$t0" "$t1" "$t2" "$t3" "$sum" <<'PY'
import os, re, sqlite3, sys
db, corpus, log, t0, t1, t2, t3, checksum = sys.argv[1:]
t0, t1, t2, t3 = map(float, (t0, t1, t2, t3))
c = sqlite3.connect(db)
c.execute("PRAGMA wal_checkpoint(TRUNCATE)")
q = lambda s: c.execute(s).fetchone()[0]
docs_in = sum(1 for _ in open(corpus, encoding="utf-8"))
mb = os.path.getsize(corpus) / 1e6
text = open(log).read()
fusion = re.search(r"fusion: (\d+) documents grouped \((\d+) near-duplicates\), "
                   r"(\d+) events, (\d+) new clusters, (\d+) grown, "
                   r"(\d+) comparisons, ([\d.]+) s", text)
timing = re.search(r"skipped; ([\d.]+) s \((\d+) documents/s\)", text)
ev = q("SELECT count(*) FROM events")
pairs = ev * (ev - 1) // 2
ingest_s = t2 - t1
print(f"corpus          {docs_in} documents, {mb:.1f} MB (gen_corpus.py, seed 42)")
print(f"read floor      {t1 - t0:.2f} s (cat)")
print(f"ingest          {ingest_s:.2f} s, {docs_in / ingest_s:.0f} documents/s, "
      f"{mb / ingest_s:.2f} MB/s (fusion included)")
if timing:
    print(f"  of which      {timing.group(1)} s read+clean+analyse+store "
          f"({timing.group(2)} documents/s), the rest fusion")
print(f"stored          {q('SELECT count(*) FROM documents')} documents "
      f"({q('SELECT count(*) FROM document_copies')} exact copies), "
      f"{q('SELECT count(*) FROM documents WHERE syn_group != id')} near-duplicates, "
      f"{ev} events, {q('SELECT count(*) FROM clusters')} clusters")
print(f"database        {os.path.getsize(db) / 1e6:.1f} MB "
      f"({os.path.getsize(db) / 1e6 / max(mb, 1e-9):.2f} x the corpus)")
if fusion:
    comps = int(fusion.group(6))
    print(f"fusion          {fusion.group(7)} s: {fusion.group(1)} documents grouped, "
          f"{fusion.group(3)} events in {fusion.group(4)} clusters, {comps} "
          f"event-cluster comparisons ({comps / max(pairs, 1):.2e} of the {pairs} pairs)")
print(f"re-ingest       {t3 - t2:.2f} s (nothing added: "
      f"{docs_in / (t3 - t2):.0f} documents/s)")
print(f"checksum        {checksum} (kibaru clusters --format csv)")
PY
