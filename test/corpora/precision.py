#!/usr/bin/env python3
"""corolint over real coroutine projects: findings per check, time, precision.

Not part of CI (CI cannot fetch other projects). Given checkouts of real
projects, it configures each with CMake to get a compile database (known
projects have a recipe below; any other project needs one already), runs
`corolint check --format=json --no-cache` over it, and prints the findings
per check and the time taken. With the triage in docs/precision.md it also
says which findings are new (not triaged yet), which triaged ones are gone,
and the precision: the share of findings triaged *true*.

    test/corpora/precision.py --corolint build/tool/corolint \\
        libcoro=/src/libcoro cppcoro=/src/cppcoro
    test/corpora/precision.py ... --untriaged   # rows to paste into the triage

The triage (docs/precision.md) has one section per project, "## NAME", with
table rows "| `path:line` | check | true/false | reason |", paths relative to
the checkout. Like ruff's ecosystem check, what matters after a change to a
check is the difference: every new finding is read and triaged.
"""
import argparse
import collections
import json
import os
import re
import subprocess
import sys
import time

# How each known project is configured for its compile database, and which
# of its files are analysed (a regular expression on the path relative to the
# checkout; None: every entry of the database).
RECIPES = {
    "libcoro": {
        "cmake": ["-DLIBCORO_FEATURE_NETWORKING=OFF", "-DLIBCORO_FEATURE_TLS=OFF",
                  "-DLIBCORO_BUILD_TESTS=ON", "-DLIBCORO_BUILD_EXAMPLES=ON"],
        "files": None,
    },
    "cppcoro": {
        "cmake": ["-DBUILD_TESTING=ON"],
        "files": r"^test/",
    },
    "async_simple": {
        # Debian's GoogleTest instead of a download.
        "cmake": ["-DASYNC_SIMPLE_ENABLE_TESTS=ON", "-DGMOCK_INCLUDE_DIR=/usr/include",
                  "-DGTEST_INCLUDE_DIR=/usr/include", "-DGTEST_LIBRARIES=gtest_main",
                  "-DGMOCK_LIBRARIES=gmock_main", "-DCMAKE_C_COMPILER=clang-19"],
        "files": None,
    },
    "concurrencpp": {
        # The tests are a CMake project of their own that includes the
        # library from the parent folder.
        "source": "test",
        "cmake": [],
        "files": None,
    },
    "corral": {
        # Debian's Catch2 2 (apt-get install catch2); the examples need
        # Boost.Asio and Beast, which Debian 12's Boost is too old for.
        "cmake": ["-DCORRAL_CATCH2=/usr/include"],
        "files": r"^test/",
    },
    "yaclib": {
        "cmake": ["-DYACLIB_TEST=SINGLE", "-DYACLIB_CXX_STANDARD=20",
                  "-DYACLIB_FLAGS=CORO"],
        "files": None,
    },
}

BUILD_DIR = "build-corolint"


def configure(name, checkout):
    """The build directory holding the project's compile database."""
    for d in (BUILD_DIR, "build"):
        db = os.path.join(checkout, d, "compile_commands.json")
        if os.path.exists(db):
            return os.path.join(checkout, d)
    recipe = RECIPES.get(name)
    if recipe is None:
        sys.exit(f"precision.py: {checkout} has no build/compile_commands.json "
                 f"and '{name}' has no recipe: configure it yourself")
    build = os.path.join(checkout, BUILD_DIR)
    source = os.path.join(checkout, recipe.get("source", ""))
    cmd = ["cmake", "-S", source, "-B", build, "-G", "Ninja",
           "-DCMAKE_CXX_COMPILER=clang++-19", "-DCMAKE_EXPORT_COMPILE_COMMANDS=ON"]
    cmd += recipe["cmake"]
    print(f"== configuring {name}: {' '.join(cmd)}", file=sys.stderr)
    r = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if r.returncode != 0:
        sys.exit(f"precision.py: configuring {name} failed:\n{r.stderr[-2000:]}")
    return build


def selected_files(name, checkout, build):
    pattern = RECIPES.get(name, {}).get("files")
    if pattern is None:
        return []
    with open(os.path.join(build, "compile_commands.json")) as f:
        entries = json.load(f)
    files = []
    for e in entries:
        path = os.path.normpath(os.path.join(e.get("directory", ""), e["file"]))
        if re.search(pattern, os.path.relpath(path, checkout)) and path not in files:
            files.append(path)
    return files


def run_corolint(binary, build, files, jobs, extra):
    cmd = [binary, "check", "-p", build, "--format=json", "--no-cache",
           "-j", str(jobs)] + extra + files
    start = time.monotonic()
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    elapsed = time.monotonic() - start
    try:
        report = json.loads(r.stdout)
    except json.JSONDecodeError:
        sys.exit(f"precision.py: corolint printed no JSON (exit {r.returncode}):\n"
                 f"{r.stderr[-3000:]}")
    return report, elapsed, r.returncode


def read_triage(path):
    """{project: {"path:line check": (verdict, reason)}}"""
    triage = collections.defaultdict(dict)
    if not path or not os.path.exists(path):
        return triage
    project = None
    row = re.compile(r"^\|\s*`?([^`|]+:\d+)`?\s*\|\s*([a-z-]+)\s*\|\s*(true|false)\s*\|(.*)\|\s*$")
    with open(path) as f:
        for line in f:
            h = re.match(r"^##\s+(\S+)", line)
            if h:
                project = h.group(1)
                continue
            m = row.match(line)
            if m and project:
                triage[project][f"{m.group(1).strip()} {m.group(2)}"] = (
                    m.group(3), m.group(4).strip())
    return triage


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("projects", nargs="+", metavar="NAME=CHECKOUT")
    ap.add_argument("--corolint", default=os.path.join(
        os.path.dirname(__file__), "..", "..", "build", "tool", "corolint"))
    ap.add_argument("--jobs", "-j", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--triage", default=os.path.join(
        os.path.dirname(__file__), "..", "..", "docs", "precision.md"))
    ap.add_argument("--out", help="keep each project's JSON report in this folder")
    ap.add_argument("--untriaged", action="store_true",
                    help="print table rows for the findings not triaged yet")
    ap.add_argument("--extra", action="append", default=[],
                    help="an extra argument for corolint check (repeatable)")
    args = ap.parse_args()

    triage = read_triage(args.triage)
    summary = []
    for spec in args.projects:
        name, _, checkout = spec.partition("=")
        checkout = os.path.abspath(checkout)
        build = configure(name, checkout)
        files = selected_files(name, checkout, build)
        report, elapsed, rc = run_corolint(args.corolint, build, files, args.jobs, args.extra)
        diags = report.get("diagnostics", [])
        per_check = collections.Counter(d["check"] for d in diags)
        print(f"\n## {name}: {len(diags)} findings in {elapsed:.1f} s "
              f"({len(files) or 'all'} files, exit {rc})")
        for check, n in sorted(per_check.items()):
            print(f"  {check:22} {n}")
        for e in report.get("errors", []):
            print(f"  error: {os.path.relpath(e['file'], checkout)}: {e['message']}")
        if args.out:
            os.makedirs(args.out, exist_ok=True)
            with open(os.path.join(args.out, name + ".json"), "w") as f:
                json.dump(report, f, indent=1)

        known = triage.get(name, {})
        seen = set()
        verdicts = collections.Counter()
        new_rows = []
        for d in diags:
            key = f"{os.path.relpath(d['file'], checkout)}:{d['line']} {d['check']}"
            seen.add(key)
            if key in known:
                verdicts[known[key][0]] += 1
            else:
                verdicts["untriaged"] += 1
                new_rows.append((key, d["message"]))
        gone = sorted(k for k in known if k not in seen)
        triaged = verdicts["true"] + verdicts["false"]
        precision = f"{100 * verdicts['true'] / triaged:.0f}%" if triaged else "n/a"
        print(f"  triage: {verdicts['true']} true, {verdicts['false']} false, "
              f"{verdicts['untriaged']} untriaged; precision {precision}")
        for key in gone:
            print(f"  gone since the triage: {key} ({known[key][0]})")
        for key, message in new_rows:
            loc, check = key.rsplit(" ", 1)
            if args.untriaged:
                print(f"| `{loc}` | {check} | ? | {message} |")
            else:
                print(f"  NEW {loc} [{check}] {message}")
        summary.append((name, len(diags), elapsed, verdicts, precision))

    print("\n| project | findings | true | false | untriaged | precision | time |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, n, elapsed, v, precision in summary:
        print(f"| {name} | {n} | {v['true']} | {v['false']} | {v['untriaged']} "
              f"| {precision} | {elapsed:.0f} s |")


if __name__ == "__main__":
    main()
