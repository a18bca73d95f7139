#!/usr/bin/env bash
# kibaru events / clusters / show on a database built from hand-written
# events (tests/store_fixture.h): every output format parsed by an outside
# reader (python's csv and json), every filter, show, usage errors.
set -u
bin=$1
fixture=${KB_BUILD:?}/tests/kb_store_fixture
command -v python3 >/dev/null || { echo "skip: python3 missing"; exit 77; }
[ -x "$fixture" ] || { echo "FAIL: $fixture not built"; exit 1; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
db=$tmp/kb.db
"$fixture" "$db" || exit 1
fail=0
check() { if ! eval "$2"; then echo "FAIL: $1"; fail=1; fi; }

for what in events clusters; do
  for f in table jsonl csv geojson plover; do
    "$bin" $what --db "$db" --format $f > "$tmp/$what.$f" 2> "$tmp/err" ||
      { echo "FAIL: $what --format $f: $(cat "$tmp/err")"; fail=1; }
  done
done

python3 - "$tmp" <<'PY' || fail=1
import csv, json, sys, re
d = sys.argv[1]
bad = []
def check(c, msg):
    if not c: bad.append(msg)
date = re.compile(r"^\d{4}-\d{2}-\d{2}$")
for what in ("events", "clusters"):
    recs = [json.loads(l) for l in open(f"{d}/{what}.jsonl", encoding="utf-8")]
    check(len(recs) > 5, f"{what}: {len(recs)} jsonl records")
    # CSV: RFC 4180, UTF-8, one row per record, same ids, CRLF endings.
    raw = open(f"{d}/{what}.csv", "rb").read()
    check(raw.count(b"\r\n") == len(recs) + 1, f"{what}.csv: CRLF rows")
    rows = list(csv.DictReader(open(f"{d}/{what}.csv", encoding="utf-8", newline="")))
    check([r["id"] for r in rows] == [r["id"] for r in recs], f"{what}.csv ids")
    # GeoJSON: one FeatureCollection of Points with flat properties.
    g = json.load(open(f"{d}/{what}.geojson", encoding="utf-8"))
    check(g.get("type") == "FeatureCollection", f"{what}.geojson type")
    feats = g.get("features", [])
    check(len(feats) > 0, f"{what}.geojson has features")
    for ft in feats:
        geo = ft.get("geometry") or {}
        c = geo.get("coordinates", [])
        check(ft.get("type") == "Feature" and geo.get("type") == "Point",
              "feature shape")
        check(len(c) == 2 and -180 <= c[0] <= 180 and -90 <= c[1] <= 90,
              f"coordinates {c}")
        check(all(not isinstance(v, (dict, list))
                   for v in ft.get("properties", {}).values()),
              "flat properties")
    # PLOVER records.
    for l in open(f"{d}/{what}.plover", encoding="utf-8"):
        p = json.loads(l)
        for k in ("id", "date", "actor", "source", "recipient", "event", "mode",
                  "context", "event_text", "cite_info"):
            check(k in p, f"{what}.plover: {k} missing")
        check(p["date"] is None or date.match(p["date"]), f"plover date {p['date']}")
        check(isinstance(p["event"], list) and isinstance(p["actor"], list),
              "plover lists")
ev = [json.loads(l) for l in open(f"{d}/events.jsonl", encoding="utf-8")]
for e in ev:
    for k in ("id", "cluster", "doc", "type", "source", "target", "equipment",
              "date", "place", "modality", "evidence", "confidence"):
        check(k in e, f"event field {k}")
    check(e["id"].startswith("ev-") and e["cluster"].startswith("cl-"), "ids")
rows = {r["id"]: r for r in csv.DictReader(open(f"{d}/events.csv", encoding="utf-8", newline=""))}
for e in ev:
    check(rows[e["id"]]["evidence"] == e["evidence"]["text"],
          "CSV evidence round-trips through quoting")
pl = [json.loads(l) for l in open(f"{d}/events.plover", encoding="utf-8")]
check(all("start" in p["text_info"] and "end" in p["text_info"] for p in pl),
      "plover text_info offsets")
cl = [json.loads(l) for l in open(f"{d}/clusters.jsonl", encoding="utf-8")]
heli = [c for c in cl if any(x["field"] == "quantity" for x in c["conflicts"])]
check(len(heli) == 1 and heli[0]["n_sources"] == 4, "quantity conflict cluster")
check(all(len(c["evidence"]) == c["n_events"] for c in cl), "all evidence")
for msg in bad: print("FAIL:", msg)
sys.exit(1 if bad else 0)
PY

n() { "$bin" "$@" --db "$db" --format jsonl | wc -l; }
check "--type" '[ "$(n events --type WITHDRAWAL)" = 4 ]'
check "--actor" '[ "$(n events --actor TUR)" = 6 ]'
check "--since/--until at precision" '[ "$(n events --since 2021-09-30 --until 2021-12)" = 3 ]'
check "--place name" '[ "$(n events --place "Sénou")" = 1 ]'
check "--place code" '[ "$(n clusters --place BFA)" = 2 ]'
check "--min-sources" '[ "$(n clusters --min-sources 4)" = 2 ]'
check "--modality" '[ "$(n events --modality hedged)" = 2 ]'
check "--q" '[ "$(n events --q Kossei)" = 2 ]'
check "--q on clusters" '[ "$(n clusters --q gendarmerie)" = 1 ]'
check "--limit" '[ "$(n events --limit 2)" = 2 ]'
check "--bom" '"$bin" events --db "$db" --format csv --bom | head -c 3 | od -An -tx1 | grep -q "ef bb bf"'
check "KIBARU_DB" '[ "$(KIBARU_DB=$db "$bin" clusters --format jsonl | wc -l)" = "$(n clusters)" ]'

cl=$("$bin" clusters --db "$db" --format jsonl --type WITHDRAWAL |
     python3 -c 'import json,sys; print(json.loads(sys.stdin.readline())["id"])')
"$bin" show --db "$db" "$cl" > "$tmp/show.txt"
check "show cluster: sentences" 'grep -q "vendredi 31 janvier" "$tmp/show.txt"'
check "show cluster: conflict" 'grep -q "2025-01-30 \[2\] vs 2025-01-31 \[2\]" "$tmp/show.txt"'
check "show json" '"$bin" show --db "$db" --format json "$cl" | python3 -c "import json,sys; assert len(json.load(sys.stdin)[\"evidence\"]) == 4"'
ev=$(head -1 "$tmp/events.jsonl" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
check "show event" '"$bin" show --db "$db" "$ev" | grep -q "^evidence"'
check "show document" '"$bin" show --db "$db" w2 | grep -q "syndicated w1 w2 w3 w4"'
"$bin" show --db "$db" cl-0000000000000000 > /dev/null 2>&1
check "show unknown id: exit 1" '[ $? = 1 ]'

"$bin" events --db "$db" --since 12/2024 > /dev/null 2>&1
check "bad date: exit 2" '[ $? = 2 ]'
"$bin" events --db "$db" --q '"open' > /dev/null 2> "$tmp/err"
check "bad --q: exit 2" '[ $? = 2 ] && grep -q "full-text" "$tmp/err"'
"$bin" events --db "$db" --format xml > /dev/null 2>&1
check "bad format: exit 2" '[ $? = 2 ]'
"$bin" events --db "$tmp/none.db" > /dev/null 2>&1
check "missing database: exit 1" '[ $? = 1 ] && [ ! -e "$tmp/none.db" ]'
for c in ingest events clusters show fuse; do
  check "$c --help" '"$bin" $c --help | grep -q "usage: kibaru $c"'
done
exit $fail
