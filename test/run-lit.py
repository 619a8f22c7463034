#!/usr/bin/env python3
"""Runs lit over the given suites and closes with 'N passed, N failed'.

Usage: run-lit.py LIT_PY SUITE_DIR... [-- extra lit args]
"""
import re
import subprocess
import sys


def main(argv):
    lit, rest = argv[1], argv[2:]
    extra = []
    if "--" in rest:
        i = rest.index("--")
        rest, extra = rest[:i], rest[i + 1:]
    cmd = [sys.executable, lit, "-sv"]
    try:
        import psutil  # noqa: F401  (lit needs it for per-test timeouts)
        cmd.append("--timeout=600")
    except ImportError:
        print("run-lit.py: python3-psutil is missing: running without per-test timeouts")
    cmd += extra + rest
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    counts = {}
    for line in proc.stdout:
        sys.stdout.write(line)
        m = re.match(r"\s*(Passed|Failed|Unsupported|Expectedly Failed|Unresolved|Timed Out|Skipped|Excluded|Unexpectedly Passed)\s*:\s*(\d+)", line)
        if m:
            counts[m.group(1)] = int(m.group(2))
    rc = proc.wait()
    passed = counts.get("Passed", 0) + counts.get("Expectedly Failed", 0)
    failed = sum(counts.get(k, 0) for k in ("Failed", "Unresolved", "Timed Out", "Unexpectedly Passed"))
    skipped = counts.get("Unsupported", 0) + counts.get("Skipped", 0)
    if rc != 0 and failed == 0:
        failed = 1  # lit itself failed (a broken configuration)
    print(f"{passed} passed, {failed} failed, {skipped} skipped")
    return 0 if failed == 0 and rc == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
