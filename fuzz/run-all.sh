#!/usr/bin/env bash
# Runs every libFuzzer harness of BUILD/fuzz for FUZZ_SECONDS (default 60)
# on a working copy of its seed corpus fuzz/corpus/NAME/. New inputs stay in
# BUILD/fuzz-work/NAME/corpus, crash files in BUILD/fuzz-work/NAME/crashes,
# the log in BUILD/fuzz-work/NAME/log. Prints one line per harness; exits 1
# if any harness crashed. Replay a crash: BUILD/fuzz/fuzz_NAME CRASH_FILE.
# Usage: FUZZ_SECONDS=60 fuzz/run-all.sh BUILD
set -u
build=${1:?usage: fuzz/run-all.sh BUILD_DIR}
secs=${FUZZ_SECONDS:-60}
root=$(cd "$(dirname "$0")/.." && pwd)
status=0
shopt -s nullglob
bins=("$build"/fuzz/fuzz_*)
[ ${#bins[@]} -gt 0 ] || { echo "run-all: no harness in $build/fuzz" >&2; exit 2; }

# last value of a libFuzzer statistic in the log, or "?"
stat() { grep -oE "$1" "$2" | tail -1 | grep -oE '[0-9]+$' || echo "?"; }

for bin in "${bins[@]}"; do
  name=${bin##*/fuzz_}
  work=$build/fuzz-work/$name
  mkdir -p "$work/corpus" "$work/crashes"
  cp -n "$root/fuzz/corpus/$name/"* "$work/corpus/" 2>/dev/null
  dict=()
  [ -f "$root/fuzz/$name.dict" ] && dict=(-dict="$root/fuzz/$name.dict")
  KIBARU_DATA=$root/data "$bin" -max_total_time="$secs" -rss_limit_mb=2048 \
    -timeout=30 -max_len=65536 -print_final_stats=1 "${dict[@]}" \
    -artifact_prefix="$work/crashes/" "$work/corpus" >"$work/log" 2>&1
  rc=$?
  runs=$(stat 'stat::number_of_executed_units: *[0-9]+' "$work/log")
  cov=$(stat 'cov: [0-9]+' "$work/log")
  ft=$(stat 'ft: [0-9]+' "$work/log")
  files=$(ls "$work/corpus" | wc -l)
  crashes=$(ls "$work/crashes" | wc -l)
  printf '%-6s %ss: %s runs, coverage %s edges (%s features), corpus %s, crashes %s' \
    "$name" "$secs" "$runs" "$cov" "$ft" "$files" "$crashes"
  if [ "$rc" -ne 0 ] || [ "$crashes" -gt 0 ]; then
    status=1
    printf ' (exit %s; see %s)' "$rc" "$work/log"
  fi
  echo
done
exit $status
