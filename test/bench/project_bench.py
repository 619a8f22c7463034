#!/usr/bin/env python3
"""Benchmark (not a test): what `corolint check` costs on whole projects,
against the floor it cannot beat and against its peers, from one run with
the tools side by side, printed as ratios.

For every file of each project's compile database:
  parse floor  clang++-19 -fsyntax-only with the file's own flags
  corolint     corolint check --no-cache -j 1 on that one file
  clang-tidy   clang-tidy-19 with its coroutine checks (if installed)
timed alternately (so that load on a shared machine hits all of them alike),
with each process's CPU time and peak RSS (wait4). Then for the whole
project: corolint -j 1 and -j 2 against the parse floor and clang-tidy run
two at a time (as `xargs -P 2` would), and corolint's cache cold and warm.
Optionally (--instructions) the instruction counts of one file under
valgrind's callgrind, which do not move with the machine's load.

Writes an SVG chart (--svg) of each file's cost against its parse floor.

Usage:
  test/bench/project_bench.py [--corolint build/tool/corolint] [--runs 3]
      [--checks=-*,unawaited-task] [--filter REGEX] [--svg chart.svg]
      [--instructions] [BUILD_DIR ...]
Without BUILD_DIR, the examples/ project (configured into build/bench-examples).
"""
import argparse
import json
import os
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TIDY_CHECKS = "-*,misc-coroutine-hostile-raii,cppcoreguidelines-avoid-capturing-lambda-coroutines,cppcoreguidelines-avoid-reference-coroutine-parameters"


class Sample:
    def __init__(self, wall, cpu, rss_mb):
        self.wall, self.cpu, self.rss = wall, cpu, rss_mb


def run(cmd, cwd=None, ok=(0, 1)):
    """Runs cmd; returns its wall time, CPU time (user+sys) and peak RSS."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    # wait4 gives this child's own rusage (peak RSS of this process alone).
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in ok:
        sys.exit(f"benchmark: {shlex.join(cmd)} exited {proc.returncode}:\n{err.decode(errors='replace')[-2000:]}")
    return Sample(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def run_parallel(cmds, jobs, cwds=None):
    """Runs cmds jobs at a time, largest first as given; returns the wall time."""
    start = time.perf_counter()
    pending = list(range(len(cmds)))
    running = {}
    while pending or running:
        while pending and len(running) < jobs:
            i = pending.pop(0)
            p = subprocess.Popen(cmds[i], cwd=cwds[i] if cwds else None,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            running[p.pid] = p
        pid, status = os.wait()
        if pid in running:
            p = running.pop(pid)
            code = os.waitstatus_to_exitcode(status)
            if code not in (0, 1):
                sys.exit(f"benchmark: {shlex.join(p.args)} exited {code}")
    return time.perf_counter() - start


def floor_command(entry):
    """The file's compile command as a syntax-only parse, nothing written."""
    args = entry.get("arguments") or shlex.split(entry["command"])
    out, skip = [], False
    for a in args:
        if skip:
            skip = False
            continue
        if a in ("-o", "-MF", "-MT", "-MQ"):
            skip = True
            continue
        if a in ("-c", "-MD", "-MMD") or a.startswith("-o"):
            continue
        out.append(a)
    return out + ["-fsyntax-only"]


def median(xs):
    return statistics.median(xs) if xs else float("nan")


def callgrind_instructions(cmd, cwd=None):
    """Instructions executed by cmd, counted by valgrind (load-independent)."""
    proc = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null"] + cmd,
                          cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    m = re.search(r"Collected : (\d+)", proc.stderr)
    return int(m.group(1)) if m else None


def ensure_examples(build):
    db = os.path.join(build, "compile_commands.json")
    if not os.path.exists(db):
        subprocess.run(["cmake", "-S", os.path.join(ROOT, "examples"), "-B", build, "-G", "Ninja",
                        "-DCMAKE_CXX_COMPILER=clang++-19", "-DCMAKE_EXPORT_COMPILE_COMMANDS=ON"],
                       check=True, stdout=subprocess.DEVNULL)
    return build


def svg_chart(rows, path, title, metric):
    """A bar per file: corolint's time over its parse floor's, with the
    floor (1.0) and the target (1.05) marked. Hand-written SVG."""
    rows = [dict(r, ratio=r["cpu_ratio"] if metric == "cpu" else r["ratio"]) for r in rows]
    bar_h, gap, left, right, top = 16, 6, 290, 60, 48
    width = 900
    top_ratio = max([1.5] + [r["ratio"] for r in rows])
    scale = (width - left - right) / top_ratio
    height = top + len(rows) * (bar_h + gap) + 40
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'font-family="sans-serif" font-size="12">',
           f'<rect width="{width}" height="{height}" fill="white"/>',
           f'<text x="{left}" y="20" font-size="14" font-weight="bold">{title}</text>',
           f'<text x="{left}" y="36" fill="#555">corolint check time / clang++-19 -fsyntax-only time, per file (median {"CPU" if metric == "cpu" else "wall"} time)</text>']
    for ratio, label, colour in ((1.0, "parse floor", "#333"), (1.05, "target 1.05", "#c00")):
        x = left + ratio * scale
        out.append(f'<line x1="{x:.1f}" y1="{top - 6}" x2="{x:.1f}" y2="{height - 30}" stroke="{colour}" '
                   f'stroke-dasharray="4,3"/>')
        out.append(f'<text x="{x + 3:.1f}" y="{height - 16}" fill="{colour}">{label}</text>')
    for i, r in enumerate(rows):
        y = top + i * (bar_h + gap)
        w = r["ratio"] * scale
        colour = "#2a7" if r["ratio"] <= 1.05 else ("#e90" if r["ratio"] <= 1.2 else "#d33")
        name = r["name"] if len(r["name"]) <= 44 else "..." + r["name"][-41:]
        out.append(f'<text x="{left - 6}" y="{y + bar_h - 4}" text-anchor="end">{escape(name)}</text>')
        out.append(f'<rect x="{left}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="{colour}"/>')
        out.append(f'<text x="{left + w + 4:.1f}" y="{y + bar_h - 4}">{r["ratio"]:.2f}</text>')
    out.append("</svg>")
    with open(path, "w") as f:
        f.write("\n".join(out) + "\n")


def escape(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("builds", nargs="*", help="build directories with compile_commands.json")
    ap.add_argument("--corolint", default=os.path.join(ROOT, "build", "tool", "corolint"))
    ap.add_argument("--clang-tidy", default=shutil.which("clang-tidy-19") or "")
    ap.add_argument("--runs", type=int, default=3, help="per-file runs of each tool (median)")
    ap.add_argument("--checks", default="", help="--checks for corolint, e.g. -*,unawaited-task")
    ap.add_argument("--filter", default="", help="only files whose path matches this regex")
    ap.add_argument("--svg", default="", help="write the per-file chart here")
    ap.add_argument("--chart-time", choices=["cpu", "wall"], default="cpu",
                    help="what the chart compares (CPU time moves less with a shared machine's load)")
    ap.add_argument("--no-per-file", action="store_true", help="whole-project figures only")
    ap.add_argument("--instructions", action="store_true",
                    help="also count instructions (callgrind) for each project's largest file")
    args = ap.parse_args()

    builds = args.builds or [ensure_examples(os.path.join(ROOT, "build", "bench-examples"))]
    corolint = [os.path.abspath(args.corolint), "check", "--quiet"] + (
        [f"--checks={args.checks}"] if args.checks else [])
    tidy = [args.clang_tidy, "--quiet", f"--checks={TIDY_CHECKS}"] if args.clang_tidy else None
    if not tidy:
        print("no clang-tidy (not installed, or --clang-tidy ''): its columns are skipped")
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the start")
    chart = []
    for build in builds:
        build = os.path.abspath(build)
        entries = json.load(open(os.path.join(build, "compile_commands.json")))
        for e in entries:  # A database may name files relative to their directory.
            e["file"] = os.path.normpath(os.path.join(e["directory"], e["file"]))
            if not os.path.isdir(e["directory"]):
                # A database moved from where it was written (its flags must
                # then name absolute paths): the tools run from here.
                e["directory"] = build
        entries = [e for e in entries if re.search(args.filter, e["file"])]
        if not entries:
            sys.exit(f"benchmark: no files in {build} match '{args.filter}'")
        # Largest first, as corolint schedules them.
        entries.sort(key=lambda e: -os.path.getsize(e["file"]))
        top = os.path.commonpath([os.path.dirname(e["file"]) for e in entries])
        name = os.path.basename(os.path.dirname(build)) if os.path.basename(build).startswith("build") else os.path.basename(build)
        print(f"\n== {name}: {len(entries)} files ({build}), load average {os.getloadavg()[0]:.1f}")
        cache = tempfile.mkdtemp(prefix="corolint-bench-cache-")

        per_file = []
        if not args.no_per_file:
            print(f"{'file':40} {'floor s':>8} {'corolint s':>10} {'ratio':>6} {'cpu ratio':>9} "
                  f"{'tidy s':>7} {'ratio':>6} {'RSS floor':>9} {'RSS corolint':>12} {'ratio':>6}")
            for e in entries:
                f = e["file"]
                fl, co, ti = [], [], []
                for _ in range(args.runs):
                    fl.append(run(floor_command(e), cwd=e["directory"]))
                    co.append(run(corolint + ["--no-cache", "-j", "1", "-p", build, f]))
                    if tidy:
                        ti.append(run(tidy + ["-p", build, f]))
                row = {
                    "name": os.path.relpath(f, top),
                    "floor": median([s.wall for s in fl]), "corolint": median([s.wall for s in co]),
                    "floor_cpu": median([s.cpu for s in fl]), "corolint_cpu": median([s.cpu for s in co]),
                    "tidy": median([s.wall for s in ti]) if ti else None,
                    "rss_floor": max(s.rss for s in fl), "rss_corolint": max(s.rss for s in co),
                }
                row["ratio"] = row["corolint"] / row["floor"]
                row["cpu_ratio"] = row["corolint_cpu"] / row["floor_cpu"]
                per_file.append(row)
                tidy_cols = (f"{row['tidy']:7.2f} {row['corolint'] / row['tidy']:6.2f}" if ti else f"{'-':>7} {'-':>6}")
                print(f"{row['name'][-40:]:40} {row['floor']:8.2f} {row['corolint']:10.2f} {row['ratio']:6.2f} "
                      f"{row['corolint_cpu'] / row['floor_cpu']:9.2f} {tidy_cols} "
                      f"{row['rss_floor']:7.0f}MB {row['rss_corolint']:10.0f}MB "
                      f"{row['rss_corolint'] / row['rss_floor']:6.2f}")
            chart += per_file
            tf, tc = sum(r["floor"] for r in per_file), sum(r["corolint"] for r in per_file)
            tfc, tcc = sum(r["floor_cpu"] for r in per_file), sum(r["corolint_cpu"] for r in per_file)
            print(f"{'all files, one at a time':40} {tf:8.2f} {tc:10.2f} {tc / tf:6.2f} {tcc / tfc:9.2f}"
                  + (f" {sum(r['tidy'] for r in per_file):7.2f} {tc / sum(r['tidy'] for r in per_file):6.2f}"
                     if tidy else ""))
            worst = max(per_file, key=lambda r: r["rss_corolint"] / r["rss_floor"])
            print(f"peak RSS: corolint/floor at most {worst['rss_corolint'] / worst['rss_floor']:.2f} ({worst['name']})")

        # The whole project, as CI runs it.
        files = [e["file"] for e in entries]
        floors = [floor_command(e) for e in entries]
        dirs = [e["directory"] for e in entries]
        whole = corolint + ["-p", build] + files
        j1 = run(whole + ["--no-cache", "-j", "1"])
        j2 = run(whole + ["--no-cache", "-j", "2"])
        floor_j2 = run_parallel(floors, 2, dirs)
        tidy_j2 = run_parallel([tidy + ["-p", build, f] for f in files], 2) if tidy else None
        shutil.rmtree(cache, ignore_errors=True)
        cold = run(whole + ["--cache-dir", cache, "-j", "2"])
        warm = run(whole + ["--cache-dir", cache, "-j", "2"])
        shutil.rmtree(cache, ignore_errors=True)
        # On a busy machine the wall-time speed-up says how many cores were
        # free; the CPU times say what running two at once costs.
        print(f"corolint -j1, no cache      : {j1.wall:8.2f} s  CPU {j1.cpu:6.2f} s  (peak RSS {j1.rss:.0f} MB)")
        print(f"corolint -j2, no cache      : {j2.wall:8.2f} s  CPU {j2.cpu:6.2f} s  (peak RSS {j2.rss:.0f} MB)"
              f"  speed-up -j2 over -j1: {j1.wall / j2.wall:.2f}x (limit 2.0x), CPU -j2 / -j1: {j2.cpu / j1.cpu:.2f}")
        print(f"parse floor, 2 at a time   : {floor_j2:8.2f} s  corolint -j2 / floor: {j2.wall / floor_j2:.2f}")
        if tidy_j2:
            print(f"clang-tidy, 2 at a time    : {tidy_j2:8.2f} s  corolint -j2 / clang-tidy: {j2.wall / tidy_j2:.2f}")
        print(f"cache cold (-j2)           : {cold.wall:8.2f} s")
        print(f"cache warm (-j2)           : {warm.wall:8.2f} s  warm / cold: {warm.wall / cold.wall:.3f}")

        if args.instructions:
            e = entries[0]
            fi = callgrind_instructions(floor_command(e), cwd=e["directory"])
            ci = callgrind_instructions(corolint + ["--no-cache", "-j", "1", "-p", build, e["file"]])
            if fi and ci:
                print(f"instructions (callgrind), {os.path.basename(e['file'])}: floor {fi / 1e9:.2f} G, "
                      f"corolint {ci / 1e9:.2f} G, ratio {ci / fi:.3f}")
    print(f"\nload average {os.getloadavg()[0]:.1f} at the end")
    if args.svg and chart:
        svg_chart(chart, args.svg, "corolint: cost per file against the parse floor", args.chart_time)
        print(f"chart: {args.svg}")


if __name__ == "__main__":
    main()
