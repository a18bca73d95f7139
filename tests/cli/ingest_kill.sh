#!/usr/bin/env bash
# No loss: `kibaru ingest` killed with SIGKILL in the middle of a large run
# leaves a database that passes PRAGMA integrity_check and holds only whole
# documents; the same ingest run again completes it with no duplicate, and a
# third run adds nothing. Also: no progress line when stderr is not a
# terminal, one when it is.
set -u
bin=$1
root=${KB_ROOT:?}
command -v python3 >/dev/null || { echo "skip: python3 missing"; exit 77; }
tmp=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill -9 $pid 2>/dev/null; rm -rf "$tmp"' EXIT
fail=0

# Ingest needs the lexicons; without them this test has nothing to say.
printf '{"id":"p","text":"La Russie a livré deux hélicoptères au Mali."}\n' > "$tmp/p.jsonl"
if ! "$bin" ingest --db "$tmp/probe.db" "$tmp/p.jsonl" 2> "$tmp/err"; then
  if grep -q -i "lexicon" "$tmp/err"; then
    echo "skip: lexicons not installed: $(cat "$tmp/err")"; exit 77
  fi
  echo "FAIL: probe ingest: $(cat "$tmp/err")"; exit 1
fi

n=6000
python3 "$root/bench/gen_corpus.py" --docs $n --seed 7 > "$tmp/corpus.jsonl" || exit 1
db=$tmp/kb.db
"$bin" ingest --db "$db" --batch 25 "$tmp/corpus.jsonl" 2> "$tmp/err1" &
pid=$!
# Kill as soon as a few batches are committed: the run is far from done.
python3 - "$db" $pid <<'PY'
import os, sqlite3, sys, time
db, pid = sys.argv[1], int(sys.argv[2])
deadline = time.time() + 120
while time.time() < deadline:
    try:
        c = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
        n = c.execute("SELECT count(*) FROM documents").fetchone()[0]
        c.close()
        if n >= 100:
            break
    except sqlite3.Error:
        pass
    time.sleep(0.01)
PY
kill -9 $pid
wait $pid 2>/dev/null
status=$?
pid=
if [ $status -ne 137 ]; then
  echo "FAIL: ingest was not killed mid-run (exit $status): $(cat "$tmp/err1")"
  exit 1
fi

check_db() { # $1: stage; $2: 1 when the run must be complete
  python3 - "$db" "$tmp/corpus.jsonl" "$1" "$2" <<'PY'
import json, sqlite3, sys
db, corpus, stage, complete = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4] == "1"
c = sqlite3.connect(db)
q = lambda sql: c.execute(sql).fetchone()[0]
bad = []
def check(cond, msg):
    if not cond: bad.append(f"{stage}: {msg}")
check(q("PRAGMA integrity_check") == "ok", "integrity_check")
check(q("SELECT count(*) FROM documents") > 0, "some documents stored")
check(q("""SELECT count(*) FROM documents d WHERE
      n_paragraphs != (SELECT count(*) FROM paragraphs p WHERE p.doc = d.id)
   OR n_events != (SELECT count(*) FROM events e WHERE e.doc = d.id)
   OR n_mentions != (SELECT count(*) FROM mentions m WHERE m.doc = d.id)""") == 0,
      "every document whole (paragraphs, events, mentions)")
check(q("SELECT count(*) FROM paragraphs_fts") == q("SELECT count(*) FROM paragraphs"),
      "full-text index in step with paragraphs")
check(q("SELECT count(*) FROM documents") == q("SELECT count(DISTINCT hash) FROM documents"),
      "no duplicate text")
check(q("SELECT count(*) FROM documents") == q("SELECT count(DISTINCT input_id) FROM documents"),
      "no document stored twice")
ids = {json.loads(l)["id"] for l in open(corpus, encoding="utf-8")}
seen = {r[0] for r in c.execute(
    "SELECT input_id FROM documents UNION SELECT input_id FROM document_copies")}
check(seen <= ids, "only input documents")
if complete:
    check(seen == ids, f"every input stored or recorded as a copy ({len(seen)}/{len(ids)})")
    check(q("SELECT count(*) FROM events WHERE cluster IS NULL") == 0, "all events fused")
else:
    check(len(seen) < len(ids), "the killed run was partial")
for b in bad: print("FAIL:", b)
sys.exit(1 if bad else 0)
PY
}
check_db "after kill" 0 || fail=1

"$bin" ingest --db "$db" "$tmp/corpus.jsonl" 2> "$tmp/err2"
[ $? -eq 0 ] || { echo "FAIL: second run: $(cat "$tmp/err2")"; fail=1; }
[ -s "$tmp/err2" ] && { echo "FAIL: output on a non-terminal stderr: $(head -3 "$tmp/err2")"; fail=1; }
check_db "after rerun" 1 || fail=1

rows() { python3 -c '
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
print(sum(c.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in
  ("documents", "document_copies", "paragraphs", "mentions", "events",
   "event_equipment", "clusters", "doc_sketch")))' "$db"; }
before=$(rows)
"$bin" ingest --db "$db" "$tmp/corpus.jsonl" 2> "$tmp/err3" || fail=1
[ "$(rows)" = "$before" ] || { echo "FAIL: third run added rows"; fail=1; }

# A broken record is named on stderr and skipped, the rest is stored, and
# the exit status says something was skipped.
{ head -3 "$tmp/corpus.jsonl"; echo '{"id": "bad", broken'; sed -n 4,6p "$tmp/corpus.jsonl"; } > "$tmp/mixed.jsonl"
"$bin" ingest --db "$tmp/mixed.db" "$tmp/mixed.jsonl" 2> "$tmp/err4"
[ $? -eq 1 ] || { echo "FAIL: a skipped record must give exit 1"; fail=1; }
grep -q "mixed.jsonl: record 4" "$tmp/err4" ||
  { echo "FAIL: skipped record not named: $(cat "$tmp/err4")"; fail=1; }
[ "$(python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT count(*) FROM documents").fetchone()[0])' "$tmp/mixed.db")" -ge 5 ] ||
  { echo "FAIL: documents around the broken record not stored"; fail=1; }

# On a terminal: a progress line with documents, MB/s, events and ETA.
if command -v script >/dev/null; then
  head -300 "$tmp/corpus.jsonl" > "$tmp/small.jsonl"
  script -qec "'$bin' ingest --db '$tmp/tty.db' '$tmp/small.jsonl'" /dev/null \
    > "$tmp/tty.out" 2>&1
  grep -q "documents .*MB/s .*events .*ETA" "$tmp/tty.out" ||
    { echo "FAIL: no progress line on a terminal: $(head -c 300 "$tmp/tty.out")"; fail=1; }
fi
exit $fail
