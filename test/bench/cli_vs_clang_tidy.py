#!/usr/bin/env python3
"""Benchmark (not a test): `corolint check` against clang-tidy-19 on the same
files with the same compile database, run side by side, printed as ratios.

clang-tidy runs its one coroutine check (misc-coroutine-hostile-raii), so both
tools pay for the same parse; the ratio shows what corolint's analysis adds.

Usage: test/bench/cli_vs_clang_tidy.py [--corolint build/tool/corolint]
       [--runs 5] [-p examples/build]
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def timed(cmd):
    start = time.perf_counter()
    proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    elapsed = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        sys.exit(f"benchmark: {' '.join(cmd)} failed with {proc.returncode}")
    return elapsed


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--corolint", default=os.path.join(ROOT, "build", "tool", "corolint"))
    ap.add_argument("--clang-tidy", default=shutil.which("clang-tidy-19") or "clang-tidy-19")
    ap.add_argument("-p", dest="build", default=os.path.join(ROOT, "examples", "build"))
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()

    db = os.path.join(args.build, "compile_commands.json")
    if not os.path.exists(db):
        subprocess.run(["cmake", "-S", os.path.join(ROOT, "examples"), "-B", args.build, "-G", "Ninja",
                        "-DCMAKE_CXX_COMPILER=clang++-19"], check=True, stdout=subprocess.DEVNULL)
    files = [e["file"] for e in json.load(open(db))]
    corolint = [args.corolint, "check", "-j", "1", "--quiet", "--no-cache", "-p", args.build] + files
    cached = [args.corolint, "check", "-j", "1", "--quiet", "-p", args.build] + files
    tidy = [args.clang_tidy, "--quiet", "--checks=-*,misc-coroutine-hostile-raii", "-p", args.build] + files

    # Alternate the two so that machine noise hits both alike.
    a, b, c = [], [], []
    timed(corolint), timed(tidy), timed(cached)  # warm the page cache and corolint's
    for _ in range(args.runs):
        a.append(timed(corolint))
        b.append(timed(tidy))
        c.append(timed(cached))
    ma, mb, mc = statistics.median(a), statistics.median(b), statistics.median(c)
    print(f"files: {len(files)}, runs: {args.runs} (medians, one job each)")
    print(f"corolint check, no cache    : {ma:7.3f} s")
    print(f"corolint check, warm cache  : {mc:7.3f} s  (unchanged files are not re-parsed)")
    print(f"clang-tidy-19               : {mb:7.3f} s")
    print(f"ratio corolint/clang-tidy, no cache  : {ma / mb:.2f}")
    print(f"ratio corolint/clang-tidy, warm cache: {mc / mb:.3f}")


if __name__ == "__main__":
    main()
