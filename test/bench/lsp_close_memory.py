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
import json
import os
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def rss_mb(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024.0
    return 0.0


class Client:
    def __init__(self, cmd):
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE)
        self.messages = []
        self.cond = threading.Condition()
        threading.Thread(target=self.read, daemon=True).start()

    def read(self):
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
                name, _, value = line.partition(b":")
                if name.lower() == b"content-length":
                    length = int(value)
            body = json.loads(out.read(length))
            with self.cond:
                self.messages.append(body)
                self.cond.notify_all()

    def send(self, msg):
        body = json.dumps(msg).encode()
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def wait(self, pred, timeout=600):
        deadline = time.time() + timeout
        with self.cond:
            while not any(pred(m) for m in self.messages):
                if time.time() > deadline:
                    sys.exit("timed out")
                self.cond.wait(1)


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

    c = Client([args.corolint, "lsp", "--log=error"])
    c.send({"jsonrpc": "2.0", "id": 1, "method": "initialize",
            "params": {"capabilities": {},
                       "initializationOptions": {"fallbackFlags": flags,
                                                 "backgroundIndex": False}}})
    c.wait(lambda m: m.get("id") == 1)
    c.send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
    time.sleep(1)
    start = rss_mb(c.proc.pid)
    c.send({"jsonrpc": "2.0", "method": "textDocument/didOpen",
            "params": {"textDocument": {"uri": uri, "languageId": "cpp",
                                        "version": 1, "text": text}}})
    c.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics")
    opened = rss_mb(c.proc.pid)
    c.send({"jsonrpc": "2.0", "method": "textDocument/didClose",
            "params": {"textDocument": {"uri": uri}}})
    c.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics"
           and not m["params"]["diagnostics"])
    time.sleep(2)
    closed = rss_mb(c.proc.pid)
    c.send({"jsonrpc": "2.0", "id": 2, "method": "shutdown"})
    c.wait(lambda m: m.get("id") == 2)
    c.send({"jsonrpc": "2.0", "method": "exit"})
    c.proc.wait()

    print("document: %d MB" % (len(text) // (1024 * 1024)))
    print("RSS after start:  %7.1f MB" % start)
    print("RSS while open:   %7.1f MB" % opened)
    print("RSS after close:  %7.1f MB" % closed)
    grown = opened - start
    print("kept after close: %.2f of what opening took" %
          ((closed - start) / grown if grown > 0 else 0.0))


if __name__ == "__main__":
    main()
