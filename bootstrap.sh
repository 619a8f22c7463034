#!/usr/bin/env bash
# corolint's two-command quick start, for a fresh Debian 12 machine (as root):
#   ./bootstrap.sh example   install what is missing, build, check examples/
#   ./bootstrap.sh test      install what is missing, build, run every test
# Both are incremental: a second run only rebuilds what changed.
# `test` also builds build-asan/ (ASan + UBSan, the `asan` preset) and runs
# the lit suites and the fuzz targets there; COROLINT_SANITIZERS=0 skips it.
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$(pwd)
BUILD=${COROLINT_BUILD_DIR:-$ROOT/build}
JOBS=${COROLINT_JOBS:-$(nproc)}
ASAN_BUILD=${COROLINT_ASAN_BUILD_DIR:-$ROOT/build-asan}
SANITIZERS=${COROLINT_SANITIZERS:-1}
# Seconds each fuzz target runs after its seed corpus (docs/fuzzing.md).
FUZZ_SECONDS=${COROLINT_FUZZ_SECONDS:-20}

# What the build needs, and what the tests add.
BUILD_PACKAGES=(cmake ninja-build clang-19 llvm-19-dev libclang-19-dev llvm-19-tools
  nlohmann-json3-dev libasio-dev libgtest-dev python3)
# clang-tools-19: clang-apply-replacements; libclang-rt-19-dev: the
# sanitizer and libFuzzer runtimes.
TEST_PACKAGES=(python3-psutil neovim pre-commit git nodejs npm clang-tools-19
  libclang-rt-19-dev)

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

install_missing() {
  local missing=()
  for p in "$@"; do
    # A tool already on PATH (node, npm from another source) counts as there.
    case "$p" in
      nodejs) command -v node >/dev/null && continue ;;
      npm) command -v npm >/dev/null && continue ;;
    esac
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  say "installing: ${missing[*]}"
  if [ "$(id -u)" -ne 0 ]; then
    echo "bootstrap.sh: need root to install ${missing[*]} (or install them yourself)" >&2
    exit 2
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >/dev/null
  apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
}

build() {
  if [ ! -f "$BUILD/build.ninja" ]; then
    say "configuring $BUILD"
    cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_CXX_COMPILER=clang++-19 \
      -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  fi
  say "building corolint"
  ninja -C "$BUILD" -j "$JOBS" all
}

# The sanitizer tree: every target under ASan + UBSan, and the fuzz targets.
build_asan() {
  if [ ! -f "$ASAN_BUILD/build.ninja" ]; then
    say "configuring $ASAN_BUILD (ASan + UBSan)"
    cmake --preset asan -S "$ROOT" -B "$ASAN_BUILD" >/dev/null
  fi
  ninja -C "$ASAN_BUILD" -j "$JOBS" all
}

run_example() {
  local ex="$ROOT/examples/build"
  if [ ! -f "$ex/compile_commands.json" ]; then
    cmake -S "$ROOT/examples" -B "$ex" -G Ninja -DCMAKE_CXX_COMPILER=clang++-19 >/dev/null
  fi
  say "corolint check -p examples/build"
  local rc=0
  "$BUILD/tool/corolint" check -p "$ex" || rc=$?
  if [ "$rc" -eq 1 ]; then
    say "corolint found the mistakes planted in examples/ (exit status 1 = findings)"
    return 0
  fi
  return "$rc"
}

run_tests() {
  local failed=0 log
  log=$(mktemp)
  # Each suite's output is also kept, to add up its counts at the end.
  suite() {
    local name=$1 start=$SECONDS
    shift
    say "$name"
    "$@" 2>&1 | tee -a "$log" || { failed=1; echo "FAILED SUITE: $name" >>"$log"; }
    say "$name: $((SECONDS - start)) s"
  }
  suite "lit suites: checks, CLI, LSP transcripts, unit tests" ninja -C "$BUILD" check
  suite "end-to-end: real LSP clients (node, Neovim)" \
    env COROLINT="$BUILD/tool/corolint" "$ROOT/test/e2e/run.sh"
  suite "editors: VS Code extension and Neovim plugin" \
    env COROLINT_LSP_BINARY="$BUILD/tool/corolint" "$ROOT/editors/run-tests.sh"
  suite "SARIF output against the SARIF 2.1.0 schema" \
    env COROLINT="$BUILD/tool/corolint" "$ROOT/test/sarif/run.sh"
  suite "pre-commit hook" env COROLINT="$BUILD/tool/corolint" "$ROOT/test/precommit/run.sh"
  suite "corolint keeps its own rules: checking its own sources" \
    "$ROOT/test/self-check.sh" "$BUILD"
  suite "LSP stress: edits, cancellations, versions out of order (small counts)" \
    "$ROOT/test/stress/lsp-stress.py" --corolint "$BUILD/tool/corolint" --edits 300 \
    --timeout 600
  if [ "$SANITIZERS" != 0 ]; then
    # The lit suites and the unit tests again, on the ASan + UBSan build (a
    # report aborts the process, so fails its test), less three tests that
    # are Clang's time, not ours (docs/fuzzing.md), and the end-to-end
    # clients; then each fuzz target over its seed corpus and for
    # FUZZ_SECONDS.
    suite "sanitizers: building $ASAN_BUILD (ASan + UBSan)" build_asan
    suite "sanitizers: lit suites and unit tests under ASan + UBSan" \
      env LIT_FILTER_OUT='lsp/cli-parity\.test|lsp/self-check\.test|cli/shard\.test' \
      ninja -C "$ASAN_BUILD" check
    suite "sanitizers: end-to-end clients under ASan + UBSan" \
      env COROLINT="$ASAN_BUILD/tool/corolint" "$ROOT/test/e2e/run.sh"
    suite "sanitizers: LSP stress under ASan + UBSan (small counts)" \
      "$ROOT/test/stress/lsp-stress.py" --corolint "$ASAN_BUILD/tool/corolint" \
      --edits 300 --timeout 600
    suite "sanitizers: fuzz targets, ${FUZZ_SECONDS} s each" \
      "$ROOT/test/fuzz/run.sh" "$ASAN_BUILD/test/fuzz" "$FUZZ_SECONDS"
  fi
  # Totals over every suite: lit's and the shell suites' "N passed, N failed"
  # lines, node --test's "# pass N" / "# fail N", and the self-check.
  local totals
  totals=$(awk '
    /^[0-9]+ passed, [0-9]+ failed/ { p += $1; f += $3 }
    /^# pass [0-9]+$/ { p += $3 }
    /^# fail [0-9]+$/ { f += $3 }
    /^self-check: .* no findings$/ { p += 1 }
    /^FAILED SUITE: / { f += 1 }
    END { printf "%d passed, %d failed\n", p, f }' "$log")
  rm -f "$log"
  if [ "$failed" -ne 0 ]; then
    say "some tests failed"
    echo "$totals"
    return 1
  fi
  say "all tests passed"
  echo "$totals"
}

case "${1:-}" in
  example)
    install_missing "${BUILD_PACKAGES[@]}"
    build
    run_example
    ;;
  test)
    install_missing "${BUILD_PACKAGES[@]}" "${TEST_PACKAGES[@]}"
    build
    run_tests
    ;;
  *)
    echo "usage: $0 example|test" >&2
    exit 2
    ;;
esac
