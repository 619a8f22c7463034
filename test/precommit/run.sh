#!/bin/sh
# Tests corolint's pre-commit hook (.pre-commit-hooks.yaml) with Debian's
# pre-commit and the real corolint binary, in a throwaway git repository:
# a clean coroutine passes, one that adds std::this_thread::sleep_for is
# blocked, through `pre-commit try-repo` and through an installed hook on
# `git commit`.
#
#   COROLINT=build/tool/corolint test/precommit/run.sh [HOOK_REPO]
#
# HOOK_REPO is the corolint repository whose hook is tested (default: this
# one). try-repo sees its committed files and its uncommitted changes to
# tracked files, not untracked ones. COROLINT defaults to HOOK_REPO/build/tool/corolint.
# Exit status: 0 all passed, 1 a check failed, 2 a tool is missing,
# 77 (skip) there is no corolint binary.
set -u

here=$(cd "$(dirname "$0")" && pwd)
hook_repo=$(cd "${1:-$here/../..}" && pwd)
corolint=${COROLINT:-$hook_repo/build/tool/corolint}

if [ ! -x "$corolint" ]; then
  echo "SKIP: no corolint binary at '$corolint' (build it, or set COROLINT)"
  exit 77
fi
if ! command -v pre-commit >/dev/null 2>&1; then
  echo "error: pre-commit is not installed (apt-get install -y pre-commit)" >&2
  exit 2
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM

# language: system hooks run `corolint` from PATH: a wrapper that notes each
# invocation's arguments, one line each, and runs the real binary.
mkdir -p "$work/bin" "$work/home"
corolint=$(cd "$(dirname "$corolint")" && pwd)/$(basename "$corolint")
invocations="$work/invocations.txt"
cat >"$work/bin/corolint" <<EOF_WRAPPER
#!/bin/sh
echo "\$*" >>"$invocations"
exec "$corolint" "\$@"
EOF_WRAPPER
chmod +x "$work/bin/corolint"
PATH="$work/bin:$PATH"
# Nothing from the machine's git or pre-commit set-up leaks in.
HOME="$work/home"
PRE_COMMIT_HOME="$work/pre-commit-cache"
GIT_CONFIG_NOSYSTEM=1
GIT_AUTHOR_NAME=corolint-test GIT_AUTHOR_EMAIL=test@corolint.invalid
GIT_COMMITTER_NAME=corolint-test GIT_COMMITTER_EMAIL=test@corolint.invalid
export PATH HOME PRE_COMMIT_HOME GIT_CONFIG_NOSYSTEM \
  GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL GIT_COMMITTER_NAME GIT_COMMITTER_EMAIL
unset COROLINT_RESOURCE_DIR

passed=0
failed=0
output="$work/output.txt"

ok() {
  passed=$((passed + 1))
  echo "ok - $1"
}

not_ok() {
  failed=$((failed + 1))
  echo "not ok - $1"
  sed 's/^/    /' "$output"
}

# expect STATUS DESCRIPTION COMMAND...: runs COMMAND in the project; STATUS is
# "pass" (exit 0) or "fail" (non-zero). Its output is kept in $output.
expect() {
  want=$1
  description=$2
  shift 2
  (cd "$project" && "$@") >"$output" 2>&1
  status=$?
  if { [ "$want" = pass ] && [ "$status" -eq 0 ]; } || { [ "$want" = fail ] && [ "$status" -ne 0 ]; }; then
    ok "$description"
  else
    echo "    (exit status $status)" >>"$output"
    not_ok "$description"
  fi
}

# expect_output PATTERN DESCRIPTION: the last command's output matches.
expect_output() {
  if grep -q -- "$1" "$output"; then ok "$2"; else not_ok "$2"; fi
}

# The project: a compile database in build/, as CMake leaves it.
project="$work/project"
mkdir -p "$project/include" "$project/src" "$project/build"
git init -q "$project"
# The task type is the examples' one: a hook user's project in miniature.
cp "$here/../../examples/task.h" "$project/include/task.h"
cp "$here/fixture/service.cpp" "$project/src/service.cpp"
printf 'int legacy_checksum(const char *data);\n' >"$project/src/legacy.c"
printf 'print("not C++")\n' >"$project/src/notes.py"
cat >"$project/build/compile_commands.json" <<EOF_JSON
[
  {
    "directory": "$project/build",
    "file": "$project/src/service.cpp",
    "arguments": ["clang++", "-std=c++20", "-I$project/include", "-c", "$project/src/service.cpp", "-o", "service.o"]
  }
]
EOF_JSON
printf 'build/\n' >"$project/.gitignore"
(cd "$project" && git add .gitignore include src)

# 1. try-repo on the staged files, compile database found in build/.
expect pass "try-repo: staged clean coroutine passes" pre-commit try-repo "$hook_repo" corolint
expect_output 'corolint.*Passed' "try-repo: the corolint hook ran on the staged file"

# types_or [c++, c] picks the C, C++ and header files; require_serial gives
# corolint all of them in one call.
echo "check include/task.h src/legacy.c src/service.cpp" >"$work/expected.txt"
if sort "$invocations" | cmp -s - "$work/expected.txt"; then
  ok "try-repo: one 'corolint check' call with the staged C/C++ files only"
else
  cp "$invocations" "$output"
  not_ok "try-repo: one 'corolint check' call with the staged C/C++ files only"
fi

cp "$here/fixture/service_blocking.cpp" "$project/src/service.cpp"
(cd "$project" && git add src/service.cpp)
expect fail "try-repo: staged blocking call is refused" pre-commit try-repo "$hook_repo" corolint
expect_output 'blocking-call' "try-repo: the report names the blocking-call check"
expect_output 'exit code: 1$' "try-repo: corolint exited 1 (findings), not 2 (could not run)"
expect_output 'sleep_for' "try-repo: the report names the blocking function"

expect fail "try-repo --files: the blocking file is refused" \
  pre-commit try-repo "$hook_repo" corolint --files src/service.cpp
expect_output 'blocking-call' "try-repo --files: the report names the blocking-call check"

# 2. The hook installed from a .pre-commit-config.yaml, on `git commit`, with
#    the compile database named by args. pre-commit clones the hook's
#    repository at a revision, so snapshot the hook definition as it is on
#    disk into a repository of its own.
hooks="$work/hooks"
mkdir -p "$hooks"
cp "$hook_repo/.pre-commit-hooks.yaml" "$hooks/"
git init -q "$hooks"
(cd "$hooks" && git add .pre-commit-hooks.yaml && git commit -q -m hooks)
rev=$(git -C "$hooks" rev-parse HEAD)
cat >"$project/.pre-commit-config.yaml" <<EOF_YAML
repos:
  - repo: $hooks
    rev: $rev
    hooks:
      - id: corolint
        args: [-p, build]
EOF_YAML

cp "$here/fixture/service.cpp" "$project/src/service.cpp"
(cd "$project" && git add .pre-commit-config.yaml src/service.cpp && pre-commit install >/dev/null)
: >"$invocations"
expect pass "git commit: a clean coroutine is committed" git commit -q -m "poll the sensor"
expect pass "git commit: the clean commit is in the history" git rev-parse -q --verify HEAD

cp "$here/fixture/service_blocking.cpp" "$project/src/service.cpp"
(cd "$project" && git add src/service.cpp)
before=$(git -C "$project" rev-parse HEAD)
expect fail "git commit: a commit adding a blocking call is blocked" git commit -q -m "sleep between reads"
expect_output 'blocking-call' "git commit: the hook's report names the blocking-call check"
expect_output 'exit code: 1$' "git commit: corolint exited 1 (findings), not 2 (could not run)"
if grep -q -- '^check -p build ' "$invocations"; then
  ok "git commit: the hook's args (-p build) reach corolint"
else
  cp "$invocations" "$output"
  not_ok "git commit: the hook's args (-p build) reach corolint"
fi
if [ "$(git -C "$project" rev-parse HEAD)" = "$before" ]; then
  ok "git commit: the blocked commit left no trace in the history"
else
  not_ok "git commit: the blocked commit left no trace in the history"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
