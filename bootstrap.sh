#!/usr/bin/env bash
# corolint's two-command quick start, for a fresh Debian 12 machine (as root):
#   ./bootstrap.sh example   install what is missing, build, check examples/
#   ./bootstrap.sh test      install what is missing, build, run every test
# Both are incremental: a second run only rebuilds what changed.
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$(pwd)
BUILD=${COROLINT_BUILD_DIR:-$ROOT/build}
JOBS=${COROLINT_JOBS:-$(nproc)}

# What the build needs, and what the tests add.
BUILD_PACKAGES=(cmake ninja-build clang-19 llvm-19-dev libclang-19-dev llvm-19-tools
  nlohmann-json3-dev libasio-dev libgtest-dev python3)
TEST_PACKAGES=(python3-psutil neovim pre-commit git nodejs npm)

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
  local failed=0
  say "lit suites: checks, CLI, LSP transcripts, unit tests"
  ninja -C "$BUILD" check || failed=1
  if [ -x "$ROOT/test/e2e/run.sh" ]; then
    say "end-to-end: real LSP clients"
    "$ROOT/test/e2e/run.sh" "$BUILD/tool/corolint" || failed=1
  fi
  say "editors: VS Code extension and Neovim plugin"
  COROLINT_LSP_BINARY="$BUILD/tool/corolint" "$ROOT/editors/run-tests.sh" || failed=1
  say "SARIF output against the SARIF 2.1.0 schema"
  COROLINT="$BUILD/tool/corolint" "$ROOT/test/sarif/run.sh" || failed=1
  say "pre-commit hook"
  COROLINT="$BUILD/tool/corolint" "$ROOT/test/precommit/run.sh" || failed=1
  say "corolint keeps its own rules: checking its own sources"
  "$ROOT/test/self-check.sh" "$BUILD" || failed=1
  if [ "$failed" -ne 0 ]; then
    say "some tests failed"
    return 1
  fi
  say "all tests passed"
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
