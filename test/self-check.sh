#!/usr/bin/env bash
# corolint keeps its own rules: the language server's request loop is
# coroutine code, so `corolint check` over the project's own sources must
# find nothing. Usage: test/self-check.sh BUILD_DIR
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
files=$(cd "$root" && git ls-files 'lsp/*.cpp' 'analyzer/*.cpp' 'checks/*.cpp' 'tool/*.cpp' 2>/dev/null ||
  ls lsp/*.cpp analyzer/*.cpp checks/*.cpp tool/*.cpp)
cd "$root"
rc=0
"$build/tool/corolint" check -p "$build" $files || rc=$?
n=$(echo $files | wc -w)
if [ "$rc" -eq 0 ]; then
  echo "self-check: $n files, no findings"
else
  echo "self-check: corolint reported findings (or failed) on its own sources (exit $rc)" >&2
fi
exit "$rc"
