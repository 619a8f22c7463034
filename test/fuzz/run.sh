#!/bin/sh
# Runs each fuzz target over its seed corpus, then fuzzes it for SECONDS,
# one target at a time (CI's bounded run; docs/fuzzing.md for long runs).
#   test/fuzz/run.sh BUILD_DIR/test/fuzz SECONDS [TARGET...]   (default: all)
# New inputs go to a scratch directory, not to the committed corpus; a crash
# leaves its reproducer in BUILD_FUZZ_DIR/crashes/. Prints one
# "N passed, N failed" line.
set -u
here=$(cd "$(dirname "$0")" && pwd)
bin=$1
seconds=$2
shift 2
if [ $# -eq 0 ]; then
  for f in "$bin"/fuzz-*; do
    [ -x "$f" ] && [ -f "$f" ] && set -- "$@" "$(basename "$f")"
  done
fi
mkdir -p "$bin/crashes"
passed=0
failed=0
for t in "$@"; do
  work=$(mktemp -d)
  # -close_fd_mask=3 silences the targets (their logs), not the reports.
  if "$bin/$t" -max_total_time="$seconds" -timeout=60 -rss_limit_mb=2048 \
    -close_fd_mask=3 -print_final_stats=1 \
    -artifact_prefix="$bin/crashes/$t-" "$work" "$here/corpus/$t" \
    >"$bin/$t.log" 2>&1; then
    echo "PASS: $t ($(grep -m1 -o 'stat::number_of_executed_units: *[0-9]*' "$bin/$t.log" | grep -o '[0-9]*$') runs in ${seconds} s)"
    passed=$((passed + 1))
  else
    echo "FAIL: $t (log: $bin/$t.log; reproducer in $bin/crashes/)"
    grep -m5 -E 'ERROR|invariant|SUMMARY|Test unit written' "$bin/$t.log"
    failed=$((failed + 1))
  fi
  rm -rf "$work"
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
