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
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

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


class Server:
    def __init__(self, argv, cwd):
        self.proc = subprocess.Popen(argv, cwd=cwd, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL)
        self.cond = threading.Condition()
        self.messages = []
        self.next_id = 1
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        out = self.proc.stdout
        while True:
            length = None
            while True:
                line = out.readline()
                if not line:
                    return
                line = line.strip()
                if not line:
                    break
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            body = out.read(length)
            msg = json.loads(body)
            with self.cond:
                self.messages.append((time.monotonic(), msg))
                self.cond.notify_all()
            # Answer the server's own requests (configuration, progress).
            if "id" in msg and "method" in msg:
                result = None
                if msg["method"] == "workspace/configuration":
                    result = [None] * len(msg["params"]["items"])
                self.send({"jsonrpc": "2.0", "id": msg["id"], "result": result})

    def send(self, msg):
        body = json.dumps(msg).encode()
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def request(self, method, params):
        rid = self.next_id
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": rid, "method": method,
                   "params": params})
        return self.wait(lambda m: m.get("id") == rid and "method" not in m)

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def wait(self, pred, timeout=int(os.environ.get("BENCH_TIMEOUT","120"))):
        deadline = time.monotonic() + timeout
        with self.cond:
            while True:
                for stamp, msg in self.messages:
                    if pred(msg):
                        return stamp, msg
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError("no matching message")
                self.cond.wait(left)

    def close(self):
        try:
            self.request("shutdown", None)
            self.notify("exit", None)
            self.proc.wait(timeout=10)
        except Exception:
            self.proc.kill()


def diagnostics_for(uri, version):
    def pred(msg):
        if msg.get("method") != "textDocument/publishDiagnostics":
            return False
        p = msg["params"]
        return p["uri"] == uri and p.get("version") == version
    return pred


def session(argv, workdir, path, text, edits):
    uri = "file://" + path
    server = Server(argv, workdir)
    caps = {"textDocument": {"publishDiagnostics": {"versionSupport": True}}}
    server.request("initialize", {"processId": os.getpid(),
                                  "rootUri": "file://" + workdir,
                                  "capabilities": caps})
    server.notify("initialized", {})
    start = time.monotonic()
    server.notify("textDocument/didOpen", {"textDocument": {
        "uri": uri, "languageId": "cpp", "version": 1, "text": text}})
    stamp, first = server.wait(diagnostics_for(uri, 1))
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
        server.notify("textDocument/didChange", {
            "textDocument": {"uri": uri, "version": version},
            "contentChanges": [{
                "range": {"start": {"line": edit_line, "character": 0},
                          "end": {"line": edit_line, "character": old_len}},
                "text": new_text}]})
        stamp, _ = server.wait(diagnostics_for(uri, version))
        latencies.append(stamp - start)
        time.sleep(0.3)
    server.close()
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
