#!/usr/bin/env bash
# The event record contract of DESIGN.md on a text written for this test:
# fields, evidence offsets into the text `kibaru text` prints, the carrier
# aircraft kept out of equipment, CSV quoting.
set -u
bin=$1
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cat > "$tmp/a.txt" <<'TXT'
Bamako reçoit quatre hélicoptères russes

Le 12 mars 2024, la Russie a livré quatre hélicoptères de combat Mi-24P et deux avions L-39 aux Forces armées maliennes, à l'aéroport de Bamako. Les appareils sont arrivés à bord d'un Il-76 de l'armée russe.

Selon des sources sécuritaires, Moscou aurait aussi envoyé des instructeurs russes pour former les pilotes maliens.
TXT
"$bin" text --format jsonl "$tmp/a.txt" > "$tmp/text.jsonl" || exit 1
"$bin" extract "$tmp/a.txt" > "$tmp/ev.jsonl" || exit 1
"$bin" extract --format csv "$tmp/a.txt" > "$tmp/ev.csv" || exit 1
python3 - "$tmp" <<'PY'
import json, sys, csv
d = sys.argv[1]
text = json.loads(open(d + "/text.jsonl").readline())["text"].encode()
evs = [json.loads(l) for l in open(d + "/ev.jsonl")]
fail = []
def check(c, msg):
    if not c: fail.append(msg)
deliv = [e for e in evs if e["type"] == "DELIVERY"]
check(len(deliv) == 1, "one DELIVERY, title and body merged: %d" % len(deliv))
for e in evs:
    for k in ("doc", "type", "source", "target", "equipment", "date", "place",
              "modality", "evidence", "confidence", "plover", "cameo"):
        check(k in e, "field %s missing" % k)
    ev = e["evidence"]
    check(text[ev["start"]:ev["end"]].decode() == ev["text"], "evidence offsets")
if deliv:
    e = deliv[0]
    check(e["source"]["code"] == "RUS" and e["target"]["code"] == "MLI", "roles")
    cats = sorted(q["category"] for q in e["equipment"])
    check("transport_aircraft" not in cats, "carrier Il-76 is not cargo: %s" % cats)
    check("helicopter" in cats, "helicopters found: %s" % cats)
    heli = [q for q in e["equipment"] if q["category"] == "helicopter"]
    check(heli and heli[0]["quantity"] == 4, "quantity 4: %s" % heli)
    check(e["date"] and e["date"]["value"] == "2024-03-12", "date: %s" % e["date"])
    check(e["modality"] == "asserted", "modality asserted")
tr = [e for e in evs if e["type"] == "TRAINING"]
check(tr and tr[0]["modality"] == "hedged", "hedged training: %s" % tr)
rows = list(csv.reader(open(d + "/ev.csv", newline="")))
check(rows[0][:2] == ["doc", "type"] and len(rows) == len(evs) + 1, "csv rows")
for f in fail: print("FAIL:", f)
print("%d events, %d failures" % (len(evs), len(fail)))
sys.exit(1 if fail else 0)
PY
