#!/usr/bin/env bash
# Event scores on the project's own gold set (tests/gold): a floor that
# catches regressions; the figures are printed for the notes.
set -u
bin=$1
gold=$KB_TEST_DIR/gold
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
"$bin" extract "$gold/docs.jsonl" > "$tmp/pred.jsonl" || exit 1
"$bin" eval --gold "$gold/gold.jsonl" "$tmp/pred.jsonl"
"$bin" eval --gold "$gold/gold.jsonl" --format json "$tmp/pred.jsonl" > "$tmp/score.json" || exit 1
python3 - "$tmp/score.json" "${KB_GOLD_MIN_F1:-0.78}" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
f1, floor = s["all"]["f1"], float(sys.argv[2])
print("gold-set event F1 %.3f (floor %.2f)" % (f1, floor))
sys.exit(0 if f1 >= floor else 1)
PY
