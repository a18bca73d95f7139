#!/usr/bin/env bash
# The web page in headless Chromium: builds a database from the sample corpus
# and the fusion set, starts `kibaru serve` on a free port and runs
# tests/browser/page.test.js (playwright-core) against it. The screenshot is
# left in $KB_BUILD/artifacts/page.png for CI to keep. Skips (77) when
# /usr/bin/chromium, node or node_modules/playwright-core is missing.
set -u
bin=$1
root=${KB_ROOT:?KB_ROOT not set}
build=${KB_BUILD:-$root/build}
chromium=${KB_CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$chromium" ]; then echo "skip: $chromium missing"; exit 77; fi
if ! command -v node >/dev/null; then echo "skip: node missing"; exit 77; fi
if [ ! -d "$root/node_modules/playwright-core" ]; then
  echo "skip: node_modules/playwright-core missing (make deps)"; exit 77
fi
tmp=$(mktemp -d)
pid=
cleanup() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; fi
  rm -rf "$tmp"
}
trap cleanup EXIT
cd "$root" || exit 1

if ! "$bin" ingest --quiet --db "$tmp/k.db" corpus/sample tests/fusion/docs.jsonl \
  2>"$tmp/ingest.err"; then
  cat "$tmp/ingest.err"
  grep -q "cannot open lexicon" "$tmp/ingest.err" && exit 77
  exit 1
fi

"$bin" serve --db "$tmp/k.db" --port 0 --web "$root/web" >"$tmp/out" 2>"$tmp/err" &
pid=$!
port=
for _ in $(seq 100); do
  port=$(sed -n 's|^kibaru: serving http://127\.0\.0\.1:\([0-9]*\)/ (db: .*)$|\1|p' "$tmp/out")
  [ -n "$port" ] && break
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.1
done
if [ -z "$port" ]; then
  echo "serve did not start"; cat "$tmp/out" "$tmp/err"; exit 1
fi
if grep -q "missing" "$tmp/err"; then cat "$tmp/err"; exit 1; fi

mkdir -p "$build/artifacts"
rm -f "$build/artifacts/page.png"
HOME=$tmp timeout 180 node "$root/tests/browser/page.test.js" \
  "http://127.0.0.1:$port/" "$build/artifacts/page.png" || exit 1
[ -s "$build/artifacts/page.png" ] || { echo "no screenshot"; exit 1; }
kill "$pid"
wait "$pid"
rc=$?
pid=
if [ $rc -ne 0 ] || grep -q "Sanitizer" "$tmp/err"; then
  echo "serve did not stop cleanly (status $rc)"; cat "$tmp/err"; exit 1
fi
