#!/usr/bin/env bash
# Hostile inputs (DESIGN "Bad input"): an empty file, binary junk, invalid
# UTF-8, a truncated .warc.gz, a 50 MB line, HTML nested 10,000 deep, a
# JSONL line that is not JSON. Each one sits between two good documents:
# the error line must name the input (and record), the good documents must
# still come out, and the exit status must say something was skipped.
# Fixtures are generated here, into a temporary directory.
# Usage: bad_input.sh KIBARU_BINARY   (env KB_TEST_DIR: the tests folder)
set -u
BIN=${1:?usage: bad_input.sh KIBARU_BINARY}
FIX=${KB_TEST_DIR:-$(dirname "$0")/..}/fixtures/input
command -v python3 >/dev/null || { echo "skip: python3 missing"; exit 77; }
T=$(mktemp -d "${TMPDIR:-/tmp}/kb-bad-XXXXXX")
trap 'rm -rf "$T"' EXIT
fail=0

PARA="Le ministère de la Défense a confirmé jeudi la réception de deux avions \
d'entraînement destinés à l'armée de l'air, selon un communiqué publié à \
l'issue d'une cérémonie organisée sur la base aérienne de la capitale."
printf 'Réception de deux avions\n\n%s\n\n%s\n' "$PARA" "$PARA" >"$T/good1.txt"
cp "$T/good1.txt" "$T/good2.txt"
good_json() { printf '{"id":"%s","title":"Réception de deux avions","text":"%s"}\n' "$1" "$PARA"; }

# --- fixtures -------------------------------------------------------------
: >"$T/empty.txt"
python3 - "$T" <<'PY'
import random, sys
t = sys.argv[1]
rng = random.Random(20240918)                      # fixed seed: same junk
open(t + "/junk.bin", "wb").write(bytes(rng.getrandbits(8) for _ in range(8192)))
deep = "<div>" * 10000 + "<p>Paragraphe au fond.</p>" + "</div>" * 10000
open(t + "/deep.html", "w").write("<html><body>" + deep + "</body></html>")
with open(t + "/big.txt", "w") as f:               # one 50 MB line
    f.write("mot " * (50 * 1000 * 1000 // 4))
PY
# invalid UTF-8 inside an otherwise valid text: repaired, not skipped
printf 'Réception de deux avions\n\n%s \xff\xfe \xe2\x82\n' "$PARA" >"$T/bad-utf8.txt"
# a real gzip of a real WARC, cut inside its third record (an image)
gzip -n -c "$FIX/three.warc" >"$T/full.warc.gz"
size=$(wc -c <"$T/full.warc.gz")
head -c $((size - 4000)) "$T/full.warc.gz" >"$T/cut.warc.gz"
{ good_json g1; echo "ceci n'est pas du JSON"; good_json g2; } >"$T/mixed.jsonl"
{ good_json b1; head -c 50000000 /dev/zero | tr '\0' 'a'; echo; good_json b2; } >"$T/big.jsonl"

# --- helpers --------------------------------------------------------------
# run NAME WANT_STATUS ARGS...: runs kibaru text, checks the status and
# that no sanitizer or signal ended it.
run() {
  local name=$1 want=$2
  shift 2
  "$BIN" text "$@" >"$T/out" 2>"$T/err"
  local got=$?
  if [ "$got" != "$want" ]; then
    echo "FAIL $name: exit status $got, want $want"
    sed 's/^/  stderr: /' "$T/err" | head -20
    fail=1
  fi
}
# has_line NAME FILE LINE: LINE is one whole line of FILE, exactly.
has_line() {
  if ! grep -Fxq -- "$3" "$2"; then
    echo "FAIL $1: no line '$3' in $(basename "$2")"
    sed 's/^/  got: /' "$2" | cut -c1-200 | head -20
    fail=1
  fi
}
# has_re NAME FILE ERE: a whole line of FILE matches ERE.
has_re() {
  if ! grep -Exq -- "$3" "$2"; then
    echo "FAIL $1: no line matching '$3' in $(basename "$2")"
    sed 's/^/  got: /' "$2" | cut -c1-200 | head -20
    fail=1
  fi
}
goods_printed() {
  has_line "$1" "$T/out" "==> $T/good1.txt"
  has_line "$1" "$T/out" "==> $T/good2.txt"
}
# every stderr line names INPUT (for the cases whose message belongs to a
# later stage: the cleaner decides what a 50 MB paragraph or deep HTML gives)
only_about() {
  if grep -v -F -- "kibaru: $2: " "$T/err" | grep -q .; then
    echo "FAIL $1: stderr line not naming $2:"
    grep -v -F -- "kibaru: $2: " "$T/err" | head -5
    fail=1
  fi
}
ere() { printf '%s' "$1" | sed 's/[][\.*^$+?(){}|]/\\&/g'; }

# --- cases ----------------------------------------------------------------
run empty 1 "$T/good1.txt" "$T/empty.txt" "$T/good2.txt"
has_line empty "$T/err" "kibaru: $T/empty.txt: empty file"
goods_printed empty

run junk 1 "$T/good1.txt" "$T/junk.bin" "$T/good2.txt"
has_line junk "$T/err" "kibaru: $T/junk.bin: binary data, not text (NUL bytes)"
goods_printed junk

run utf8 0 "$T/good1.txt" "$T/bad-utf8.txt" "$T/good2.txt"
has_line utf8 "$T/out" "==> $T/bad-utf8.txt"
grep -q $'\xef\xbf\xbd' "$T/out" || { echo "FAIL utf8: no U+FFFD in output"; fail=1; }
goods_printed utf8

run cut-warc 1 "$T/good1.txt" "$T/cut.warc.gz" "$T/good2.txt"
has_line cut-warc "$T/err" "kibaru: $T/cut.warc.gz: record 3: truncated gzip stream"
[ "$(grep -c 'cut.warc.gz' "$T/err")" -le 2 ] || { echo "FAIL cut-warc: reported more than once"; fail=1; }
goods_printed cut-warc

run mixed 1 "$T/good1.txt" "$T/mixed.jsonl" "$T/good2.txt"
has_re mixed "$T/err" "kibaru: $(ere "$T/mixed.jsonl"): record 2: not valid JSON: .+ at column [0-9]+"
has_line mixed "$T/out" "==> g1"
has_line mixed "$T/out" "==> g2"
goods_printed mixed

run stdin 1 - <"$T/mixed.jsonl"
has_re stdin "$T/err" "kibaru: <stdin>: record 2: not valid JSON: .+ at column [0-9]+"
has_line stdin "$T/out" "==> g2"

run big-line 1 "$T/good1.txt" "$T/big.jsonl" "$T/good2.txt"
has_re big-line "$T/err" "kibaru: $(ere "$T/big.jsonl"): record 2: not valid JSON: .+ at column [0-9]+"
has_line big-line "$T/out" "==> b1"
has_line big-line "$T/out" "==> b2"
goods_printed big-line

"$BIN" text "$T/good1.txt" "$T/big.txt" "$T/good2.txt" >"$T/out" 2>"$T/err"
st=$?
[ $st -le 1 ] || { echo "FAIL big-txt: exit status $st"; fail=1; }
only_about big-txt "$T/big.txt"
goods_printed big-txt

"$BIN" text "$T/good1.txt" "$T/deep.html" "$T/good2.txt" >"$T/out" 2>"$T/err"
st=$?
[ $st -le 1 ] || { echo "FAIL deep-html: exit status $st"; fail=1; }
only_about deep-html "$T/deep.html"
goods_printed deep-html

run missing 1 "$T/good1.txt" "$T/missing.txt" "$T/good2.txt"
has_line missing "$T/err" "kibaru: $T/missing.txt: cannot open: No such file or directory"
goods_printed missing

# all of them in one directory: one run, every one told, the rest read
mkdir "$T/all"
cp "$T/good1.txt" "$T/empty.txt" "$T/junk.bin" "$T/cut.warc.gz" "$T/mixed.jsonl" \
  "$T/deep.html" "$T/all/"
cp "$T/good2.txt" "$T/all/zz-good2.txt"
run dir 1 "$T/all"
has_line dir "$T/err" "kibaru: $T/all/empty.txt: empty file"
has_line dir "$T/err" "kibaru: $T/all/junk.bin: binary data, not text (NUL bytes)"
has_line dir "$T/err" "kibaru: $T/all/cut.warc.gz: record 3: truncated gzip stream"
has_re dir "$T/err" "kibaru: $(ere "$T/all/mixed.jsonl"): record 2: not valid JSON: .+"
has_line dir "$T/out" "==> $T/all/good1.txt"
has_line dir "$T/out" "==> $T/all/zz-good2.txt"
has_line dir "$T/out" "==> g2"

[ $fail = 0 ] && echo "bad_input: all cases pass"
exit $fail
