#!/usr/bin/env bash
# Event F1 on the five real seed pages of ../shared (skipped without it).
set -u
bin=$1
seeds=${KB_SHARED:-$KB_ROOT/../shared}/corpus/seeds
[ -f "$seeds/docs.jsonl" ] || { echo "skip: no $seeds"; exit 77; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
"$bin" extract "$seeds/docs.jsonl" > "$tmp/pred.jsonl" || exit 1
"$bin" eval --gold "$seeds/gold.jsonl" --format json "$tmp/pred.jsonl" > "$tmp/score.json" || exit 1
"$bin" eval --gold "$seeds/gold.jsonl" "$tmp/pred.jsonl"
python3 - "$tmp/score.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
f1 = s["all"]["f1"]
print("seed event F1 %.3f" % f1)
sys.exit(0 if f1 >= 0.85 else 1)
PY
