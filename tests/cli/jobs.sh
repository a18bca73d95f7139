#!/usr/bin/env bash
# --jobs N: several threads give byte for byte the output and the error
# lines of one thread, in input order, for every document command; inputs
# mix good documents, bad records and a missing file, and span more
# documents than one batch.
set -u
bin=$1
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail=0

# 300 short articles with events, a bad JSON line and a record without id
python3 - "$tmp/many.jsonl" <<'PY'
import json, sys
states = [("Mali", "Bamako"), ("Niger", "Niamey"), ("Burkina Faso", "Ouagadougou"),
          ("Tchad", "N'Djamena")]
suppliers = ["la Russie", "la Turquie", "la Chine"]
with open(sys.argv[1], "w") as f:
    for i in range(300):
        state, city = states[i % 4]
        sup = suppliers[i % 3]
        text = ("%s, %d mars 2024 - Le %s a reçu %d blindés livrés par %s, a "
                "annoncé l'armée. Des instructeurs doivent former les "
                "équipages à %s." % (city, 1 + i % 28, state, 2 + i % 9, sup, city))
        f.write(json.dumps({"id": "d%03d" % i, "text": text,
                            "published": "2024-03-%02d" % (1 + i % 28)},
                           ensure_ascii=False) + "\n")
        if i == 70:
            f.write("{not json\n")
        if i == 140:
            f.write(json.dumps({"text": "sans identifiant"}) + "\n")
PY
printf 'Titre\n\nLe Niger a reçu deux drones Akinci de la Turquie, selon le ministère.\n' > "$tmp/one.txt"
inputs=("$tmp/one.txt" "$tmp/many.jsonl" "$tmp/missing.txt" "$tmp/one.txt")

run() { # name, then the command line after the binary
  local name=$1; shift
  "$bin" "$@" > "$tmp/$name.out" 2> "$tmp/$name.err"
  echo $? > "$tmp/$name.rc"
}
for cmd in "extract" "extract --format csv" "mentions" "text --format jsonl"; do
  tag=${cmd// /_}
  run "$tag.1" $cmd "${inputs[@]}"
  for j in 2 3; do
    run "$tag.$j" $cmd --jobs $j "${inputs[@]}"
    for part in out err rc; do
      if ! cmp -s "$tmp/$tag.1.$part" "$tmp/$tag.$j.$part"; then
        echo "FAIL: '$cmd --jobs $j' $part differs from one thread"
        fail=1
      fi
    done
  done
  [ -s "$tmp/$tag.1.out" ] || { echo "FAIL: '$cmd' printed nothing"; fail=1; }
  [ "$(cat "$tmp/$tag.1.rc")" = 1 ] || { echo "FAIL: '$cmd' exit status"; fail=1; }
  grep -q "missing.txt" "$tmp/$tag.1.err" || { echo "FAIL: '$cmd' missing file"; fail=1; }
  grep -q "record 72: not valid JSON" "$tmp/$tag.1.err" ||
    { echo "FAIL: '$cmd' bad line"; fail=1; }
done
# the CSV header once, first
[ "$(grep -c '^doc,type,' "$tmp/extract_--format_csv.2.out")" = 1 ] &&
  head -1 "$tmp/extract_--format_csv.2.out" | grep -q '^doc,type,' ||
  { echo "FAIL: CSV header"; fail=1; }
events=$(wc -l < "$tmp/extract.1.out")
[ "$events" -ge 300 ] || { echo "FAIL: only $events events"; fail=1; }
for bad in 0 x -2 999; do
  if "$bin" extract --jobs "$bad" "$tmp/one.txt" > /dev/null 2>&1; then
    echo "FAIL: --jobs $bad accepted"; fail=1
  fi
done
[ $fail = 0 ] && echo "jobs: same output with 1, 2 and 3 threads ($events events)"
exit $fail
