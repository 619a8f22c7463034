#!/usr/bin/env python3
"""Measurement (not a test): does `corolint lsp` give memory back when a big
document is closed?

Opens one document of MB megabytes (a coroutine with a finding, then string
declarations, or comment lines with --kind=comments), waits for its diagnostics, closes it, and prints the server's
resident set size (VmRSS) after start, while the document is open, and after
the close, then the ratio of what is kept to what the document took.

Usage: lsp_close_memory.py [--corolint build/tool/corolint] [--mb 60]
                           [--kind code|comments]
"""
import argparse
import os
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "test", "tools"))
import lsp_wire  # noqa: E402


def rss_mb(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024.0
    return 0.0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--corolint", default=os.path.join(ROOT, "build/tool/corolint"))
    ap.add_argument("--mb", type=int, default=60)
    ap.add_argument("--kind", choices=["code", "comments"], default="code")
    args = ap.parse_args()

    tmp = tempfile.mkdtemp()
    path = os.path.join(tmp, "big.cpp")
    head = ('#include "coro.h"\n'
            "test::task<int> compute() { co_return 1; }\n"
            "test::task<void> caller() { compute(); co_return; }\n")
    if args.kind == "comments":
        lines = ["// " + "x" * 76 + "\n"] * (args.mb * 1024 * 1024 // 80)
    else:  # Declarations Clang has to build an AST for.
        lines = ['static const char s%d[] = "%s";\n' % (i, "x" * 160)
                 for i in range(args.mb * 1024 * 1024 // 190)]
    text = head + "".join(lines)
    uri = "file://" + path
    flags = ["-std=c++20", "-I" + os.path.join(ROOT, "test/Inputs")]

    c = lsp_wire.Client([args.corolint, "lsp", "--log=error"], timeout=600)
    try:
        c.request("initialize", {"capabilities": {},
                                 "initializationOptions": {
                                     "fallbackFlags": flags,
                                     "backgroundIndex": False}})
        c.notify("initialized", {})
        time.sleep(1)
        start = rss_mb(c.proc.pid)
        c.did_open(uri, text)
        c.wait_diagnostics(uri)
        opened = rss_mb(c.proc.pid)
        c.did_close(uri)
        published = lsp_wire.publish_diagnostics(uri)
        c.wait(lambda m: published(m) and not m["params"]["diagnostics"])
        time.sleep(2)
        closed = rss_mb(c.proc.pid)
    except (TimeoutError, lsp_wire.ServerGone) as e:
        c.proc.kill()
        sys.exit("lsp_close_memory: %s" % e)
    c.shutdown()

    print("document: %d MB" % (len(text) // (1024 * 1024)))
    print("RSS after start:  %7.1f MB" % start)
    print("RSS while open:   %7.1f MB" % opened)
    print("RSS after close:  %7.1f MB" % closed)
    grown = opened - start
    print("kept after close: %.2f of what opening took" %
          ((closed - start) / grown if grown > 0 else 0.0))


if __name__ == "__main__":
    main()
