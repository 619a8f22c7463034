#!/usr/bin/env python3
"""Benchmark (not a test): corolint lsp against clangd on the same edits.

Drives both servers over stdio through the same session on the same file, one
that includes <asio.hpp> (with -DASIO_HAS_CO_AWAIT -DASIO_HAS_STD_COROUTINE):
open it, wait for the first diagnostics, then make edits below the includes
one at a time and time each edit until the diagnostics for its version
arrive. Prints both servers' latencies and corolint/clangd ratios.

Usage: lsp_vs_clangd.py [--corolint PATH] [--clangd PATH] [--edits N]
                        [--rounds N] [--file SOURCE]

clangd runs with --background-index=false so that indexing the rest of the
machine does not compete with the edits being timed (corolint has no
background index yet). Each round starts both servers afresh.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "test", "tools"))
import lsp_wire  # noqa: E402

DEFAULT_SOURCE = r'''// A small Asio echo server with the mistakes corolint looks for.
#include <asio.hpp>
#include <chrono>
#include <thread>

using asio::awaitable;
using asio::ip::tcp;

awaitable<void> echo(tcp::socket socket) {
  char data[1024];
  for (;;) {
    std::size_t n = co_await socket.async_read_some(asio::buffer(data),
                                                    asio::use_awaitable);
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
    co_await asio::async_write(socket, asio::buffer(data, n),
                               asio::use_awaitable);
  }
}

awaitable<void> listener(tcp::acceptor acceptor) {
  for (;;) {
    tcp::socket socket = co_await acceptor.async_accept(asio::use_awaitable);
    co_spawn(acceptor.get_executor(), echo(std::move(socket)), asio::detached);
  }
}

int main() {
  asio::io_context io;
  co_spawn(io, listener(tcp::acceptor(io, {tcp::v4(), 5555})), asio::detached);
  io.run();
  // EDIT
}
'''


def session(argv, workdir, path, text, edits):
    uri = "file://" + path
    server = lsp_wire.Client(argv, cwd=workdir, stderr=subprocess.DEVNULL,
                             answer_requests=True,
                             timeout=int(os.environ.get("BENCH_TIMEOUT", "120")))
    caps = {"textDocument": {"publishDiagnostics": {"versionSupport": True}}}
    server.request("initialize", {"processId": os.getpid(),
                                  "rootUri": "file://" + workdir,
                                  "capabilities": caps})
    server.notify("initialized", {})
    start = time.monotonic()
    server.did_open(uri, text)
    stamp, first = server.wait_stamped(lsp_wire.publish_diagnostics(uri, 1))
    first_latency = stamp - start
    codes = sorted(d.get("code", "") or "" for d in first["params"]["diagnostics"])

    # Edits below the includes: append a statement inside main(), then
    # change it, as a user typing would.
    lines = text.split("\n")
    edit_line = next(i for i, l in enumerate(lines) if "// EDIT" in l)
    latencies = []
    time.sleep(0.5)
    for k in range(edits):
        version = k + 2
        new_text = "  int x%d = %d; (void)x%d; // EDIT" % (k, k, k)
        old_len = len(lines[edit_line])
        lines[edit_line] = new_text
        start = time.monotonic()
        server.did_change(uri, version, [{
            "range": {"start": {"line": edit_line, "character": 0},
                      "end": {"line": edit_line, "character": old_len}},
            "text": new_text}])
        stamp, _ = server.wait_stamped(lsp_wire.publish_diagnostics(uri, version))
        latencies.append(stamp - start)
        time.sleep(0.3)
    server.shutdown(timeout=10)
    return first_latency, latencies, codes


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corolint", default=os.path.join(ROOT, "build", "tool", "corolint"))
    ap.add_argument("--clangd", default="clangd-19")
    ap.add_argument("--edits", type=int, default=10)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--file", help="a C++ source to use instead of the built-in one")
    args = ap.parse_args()
    args.corolint = os.path.abspath(args.corolint)

    text = open(args.file).read() if args.file else DEFAULT_SOURCE
    if "// EDIT" not in text:
        sys.exit("the source needs a line containing '// EDIT' below its includes")
    workdir = tempfile.mkdtemp(prefix="corolint-bench-")
    path = os.path.join(workdir, "echo.cpp")
    with open(path, "w") as f:
        f.write(text)
    flags = ["clang++", "-std=c++20", "-DASIO_HAS_CO_AWAIT",
             "-DASIO_HAS_STD_COROUTINE", "-c", path]
    with open(os.path.join(workdir, "compile_commands.json"), "w") as f:
        json.dump([{"directory": workdir, "file": path, "arguments": flags}], f)

    servers = {
        "corolint": [args.corolint, "lsp", "--log=error"],
        "clangd": [args.clangd, "--background-index=false", "--log=error",
                   "--pch-storage=memory"],
    }
    results = {name: {"first": [], "edits": []} for name in servers}
    for r in range(args.rounds):
        for name, argv in servers.items():
            first, edits, codes = session(argv, workdir, path, text, args.edits)
            results[name]["first"].append(first)
            results[name]["edits"].extend(edits)
            print("round %d %-8s first %.3fs, edits median %.3fs (%s)" % (
                r + 1, name, first, statistics.median(edits),
                ", ".join(c for c in codes if c) or "no codes"), flush=True)

    def ms(x):
        return "%.0f ms" % (x * 1000)

    print()
    print("%-30s %12s %12s %8s" % ("", "corolint", "clangd", "ratio"))
    rows = [
        ("first diagnostics (median)", statistics.median),
        ("edit -> diagnostics (median)", statistics.median),
        ("edit -> diagnostics (p90)",
         lambda xs: sorted(xs)[max(0, int(len(xs) * 0.9) - 1)]),
        ("edit -> diagnostics (mean)", statistics.mean),
    ]
    for label, fn in rows:
        key = "first" if label.startswith("first") else "edits"
        c = fn(results["corolint"][key])
        d = fn(results["clangd"][key])
        print("%-30s %12s %12s %8.2f" % (label, ms(c), ms(d), c / d))
    print("\nratio = corolint / clangd (below 1: corolint is faster); "
          "%d rounds, %d edits each" % (args.rounds, args.edits))


if __name__ == "__main__":
    main()
