#!/usr/bin/env python3
"""Edits a document in a `corolint lsp` session again and again while another
thread truncates and rewrites, in place, the large header it includes, as an
editor or a build step might; fails if the server dies or an analysis
crashes (a memory-mapped header that shrinks under the parser raises SIGBUS;
crash recovery keeps the server alive, but the document gets only "the
analysis crashed").

    edit_while_analysing.py WORK_DIR EDITS COROLINT

Each edit changes the document's first line, which is part of its preamble,
so every analysis rebuilds the preamble and reads the header again. Prints
"N edits analysed, none crashed" or what went wrong.
"""
import json
import os
import subprocess
import sys
import threading
import time

work, edits, corolint = sys.argv[1], int(sys.argv[2]), sys.argv[3]
os.makedirs(work, exist_ok=True)
lines = "".join(f"// line {i} of a header that is rewritten while it is read\n"
                for i in range(300000))
content = (lines + "int last;\n").encode()
header = os.path.join(work, "big.h")
with open(header, "wb") as f:
    f.write(content)
source = os.path.join(work, "a.cpp")
with open(source, "w") as f:
    f.write('// version 0\n#include "big.h"\nint main() { return last; }\n')
with open(os.path.join(work, "compile_commands.json"), "w") as f:
    json.dump([{"directory": work, "file": source,
                "arguments": ["clang++", "-std=c++20", "-c", source]}], f)


class Session:
    def __init__(self, argv, log):
        self.proc = subprocess.Popen(argv, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=log)
        self.messages = []
        self.closed = False
        self.cond = threading.Condition()
        threading.Thread(target=self.read, daemon=True).start()

    def read(self):
        try:
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
        finally:
            with self.cond:
                self.closed = True
                self.cond.notify_all()

    def send(self, msg):
        body = json.dumps(msg).encode()
        try:
            self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body)
                                  + body)
            self.proc.stdin.flush()
        except BrokenPipeError:
            pass  # The server died; wait() says so.

    def wait(self, pred, timeout=300):
        deadline = time.time() + timeout
        with self.cond:
            while True:
                for m in self.messages:
                    if pred(m):
                        return m
                if self.closed:
                    return None
                if time.time() > deadline:
                    raise TimeoutError("no reply from corolint lsp")
                self.cond.wait(1)


stop = threading.Event()


def rewrite():
    while not stop.is_set():
        with open(header, "r+b") as f:  # in place: same inode, as editors do
            f.truncate(0)
            f.flush()
            time.sleep(0.01)  # Long enough for the parser to read past the end.
            f.write(content)
        time.sleep(0.01)


log_path = os.path.join(work, "server.log")
session = Session([corolint, "lsp", "--log=error", "-p", work],
                  open(log_path, "wb"))
session.send({"jsonrpc": "2.0", "id": 0, "method": "initialize",
              "params": {"capabilities": {}}})
session.wait(lambda m: m.get("id") == 0)
uri = "file://" + source
writer = threading.Thread(target=rewrite)
writer.start()
analysed = 0
try:
    for version in range(1, edits + 1):
        text = '// version %d\n#include "big.h"\nint main() { return last; }\n' % version
        if version == 1:
            session.send({"jsonrpc": "2.0", "method": "textDocument/didOpen",
                          "params": {"textDocument": {
                              "uri": uri, "languageId": "cpp",
                              "version": version, "text": text}}})
        else:
            session.send({"jsonrpc": "2.0", "method": "textDocument/didChange",
                          "params": {"textDocument": {"uri": uri,
                                                      "version": version},
                                     "contentChanges": [{"text": text}]}})
        published = session.wait(
            lambda m, v=version: m.get("method") == "textDocument/publishDiagnostics"
            and m["params"].get("version") == v)
        if published is None:
            break
        analysed += 1
finally:
    stop.set()
    writer.join()
session.send({"jsonrpc": "2.0", "id": 1, "method": "shutdown"})
session.wait(lambda m: m.get("id") == 1)
session.send({"jsonrpc": "2.0", "method": "exit"})
try:
    status = session.proc.wait(timeout=60)
except subprocess.TimeoutExpired:
    session.proc.kill()
    status = "none (it hung)"
if analysed < edits or status != 0:
    print(f"the server died after {analysed} of {edits} edits: exit status {status}")
    sys.exit(1)
with open(log_path, errors="replace") as f:
    crashes = sum("crash while analysing" in line for line in f)
if crashes:
    print(f"{crashes} of {edits} analyses crashed")
    sys.exit(1)
print(f"{edits} edits analysed, none crashed")
