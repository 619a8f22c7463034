#!/usr/bin/env python3
"""Checks that `corolint lsp` reports what `corolint check` reports.

Usage: cli-parity.py COROLINT INCLUDE_DIR WORK_DIR SOURCE...

For each source: `corolint check --format=json` on it, then the same file
opened in one `corolint lsp` session (compile_commands.json in WORK_DIR
gives both the same flags); prints one line per file, "same" or the
(check, line) pairs only one side found.
"""
import json
import os
import subprocess
import sys
import threading
import time


class Session:
    def __init__(self, argv):
        self.proc = subprocess.Popen(argv, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE)
        self.messages = []
        self.cond = threading.Condition()
        threading.Thread(target=self.read, daemon=True).start()

    def read(self):
        while True:
            length = None
            while True:
                line = self.proc.stdout.readline()
                if not line:
                    return
                if not line.strip():
                    break
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value)
            msg = json.loads(self.proc.stdout.read(length))
            with self.cond:
                self.messages.append(msg)
                self.cond.notify_all()

    def send(self, msg):
        body = json.dumps(msg).encode()
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def wait(self, pred, timeout=120):
        deadline = time.time() + timeout
        with self.cond:
            while True:
                for m in self.messages:
                    if pred(m):
                        return m
                if time.time() > deadline:
                    raise TimeoutError("no reply from corolint lsp")
                self.cond.wait(1)


def main():
    corolint, include_dir, work_dir = sys.argv[1:4]
    sources = [os.path.abspath(s) for s in sys.argv[4:]]
    os.makedirs(work_dir, exist_ok=True)
    commands = []
    flags = {}
    for src in sources:
        text = open(src, encoding="utf-8").read()
        flags[src] = ["-std=c++20", "-I" + include_dir]
        if "asio" in text:
            flags[src] += ["-DASIO_HAS_CO_AWAIT", "-DASIO_HAS_STD_COROUTINE"]
        commands.append({"directory": os.path.dirname(src), "file": src,
                         "arguments": ["clang++"] + flags[src] + ["-c", src]})
    with open(os.path.join(work_dir, "compile_commands.json"), "w") as f:
        json.dump(commands, f)

    session = Session([corolint, "lsp", "--log=error", "-p", work_dir])
    session.send({"jsonrpc": "2.0", "id": 0, "method": "initialize",
                  "params": {"capabilities": {}}})
    session.wait(lambda m: m.get("id") == 0)
    for version, src in enumerate(sources, 1):
        cli = subprocess.run([corolint, "check", "--format=json", "-p",
                              work_dir, src], capture_output=True, text=True)
        report = json.loads(cli.stdout)
        name = os.path.relpath(src, os.path.dirname(os.path.dirname(src)))
        if report.get("errors"):
            # A file that does not compile on purpose: the CLI stops there,
            # the server shows what it can; nothing to compare.
            print("%s: skipped (does not compile)" % name)
            continue
        found_cli = {(d["check"], d["line"])
                     for d in report["diagnostics"] if d.get("check")}
        uri = "file://" + src
        session.send({"jsonrpc": "2.0", "method": "textDocument/didOpen",
                      "params": {"textDocument": {
                          "uri": uri, "languageId": "cpp", "version": version,
                          "text": open(src, encoding="utf-8").read()}}})
        msg = session.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics"
                           and m["params"]["uri"] == uri)
        found_lsp = {(d["code"], d["range"]["start"]["line"] + 1)
                     for d in msg["params"]["diagnostics"] if d.get("code")}
        if found_cli == found_lsp:
            print("%s: same (%d findings)" % (name, len(found_cli)))
        else:
            print("%s: DIFFERENT: only check %s, only lsp %s" % (
                name, sorted(found_cli - found_lsp), sorted(found_lsp - found_cli)))
        session.send({"jsonrpc": "2.0", "method": "textDocument/didClose",
                      "params": {"textDocument": {"uri": uri}}})
    session.send({"jsonrpc": "2.0", "id": 1, "method": "shutdown"})
    session.wait(lambda m: m.get("id") == 1)
    session.send({"jsonrpc": "2.0", "method": "exit"})
    session.proc.wait(timeout=30)


if __name__ == "__main__":
    main()
