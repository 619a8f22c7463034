#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets (test/fuzz/corpus/<target>/).

The LSP seeds are the client messages of the lit transcripts (test/lsp/*.test)
with their placeholders filled in; the others are small valid documents of
each format plus the repository's own examples. Run from anywhere; it
replaces the corpus directories it writes. Usage: test/fuzz/make-seeds.py
"""
import glob
import hashlib
import json
import os
import re
import shutil

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.dirname(os.path.dirname(here))


def write(target, data):
    d = os.path.join(here, "corpus", target)
    os.makedirs(d, exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    name = hashlib.sha1(data).hexdigest()[:16]
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def reset(target):
    shutil.rmtree(os.path.join(here, "corpus", target), ignore_errors=True)


def frame(body):
    body = body.encode() if isinstance(body, str) else body
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


# --- LSP messages from the transcripts -------------------------------------
messages = []
for test in sorted(glob.glob(os.path.join(root, "test", "lsp", "*.test"))):
    for line in open(test, encoding="utf-8"):
        if not line.startswith('{"jsonrpc"'):
            continue
        line = re.sub(r"\$\{json:[^}]*\}", json.dumps("int f();\r\nint g() { return 1; }\n"), line)
        line = line.replace("${DIR}", "/tmp/p").strip()
        try:
            json.loads(line)
        except ValueError:
            continue
        messages.append(line)
# One of each method (the transcripts repeat themselves), code actions all.
seen = set()
unique = []
for m in messages:
    method = json.loads(m).get("method", "response")
    if method in seen and method != "textDocument/codeAction":
        continue
    seen.add(method)
    unique.append(m)

reset("fuzz-protocol")
for m in unique:
    write("fuzz-protocol", m)
# Client data the server must not trust (issue 11, defect 1).
bad_data = [{"fixes": [1]}, {"version": "1", "fixes": []},
            {"fixes": [{"newText": "x"}]}, {"fixes": [{"range": 5, "newText": ""}]},
            {"fixes": [{"range": {}, "newText": "co_await "}]}]
for d in bad_data:
    write("fuzz-protocol", json.dumps({"textDocument": {"uri": "file:///a.cpp"},
        "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
        "context": {"diagnostics": [{"range": {"start": {"line": 0, "character": 0},
            "end": {"line": 0, "character": 1}}, "message": "m", "data": d}]}}))

reset("fuzz-transport")
for i in range(0, len(unique), 4):
    write("fuzz-transport", b"".join(frame(m) for m in unique[i:i + 4]))
write("fuzz-transport", b"Content-Length: 5\r\n\r\n{\"a\":Content-Length: 2\r\n\r\n{}")
write("fuzz-transport", b"Content-Type: x\r\nContent-Length: 2\r\n\r\n[]\n\nhello\r\n\r\n" + frame("null"))
write("fuzz-transport", b"Content-Length: 99999\r\n\r\n{}" + frame('{"id":1}'))
write("fuzz-transport", b"Content-Length: -1\r\n\r\n" + frame('{"jsonrpc":"2.0","method":"exit"}'))

# --- positions and edits ----------------------------------------------------
reset("fuzz-sourcetext")
docs = ["int a;\nint b;\n", "x\r\ny\r\n", "/* \xf0\x9f\x98\x80 */ f();\n\xc3\xa9t\xc3\xa9\n",
        "\xff\xfe bad \xe2\x82 utf8\n", ""]
for enc in range(3):
    for doc in docs:
        body = bytes([enc]) + doc.encode("latin-1" if "\xff" in doc else "utf-8", "surrogateescape")
        edits = bytes([0, 2, 1, 0, 3]) + b"abc" + bytes([1, 0, 1, 200, 0]) + bytes([0, 0, 9, 0, 2]) + b"\r\n"
        write("fuzz-sourcetext", body + b"\0" + edits)

# --- configuration and catalogue --------------------------------------------
reset("fuzz-config")
for cfg in glob.glob(os.path.join(root, "**", ".corolint.yaml"), recursive=True):
    if "node_modules" in cfg or "/build" in cfg:
        continue
    write("fuzz-config", open(cfg, "rb").read())
# The documented example (docs/configuration.md), and the ones the tests use.
doc = open(os.path.join(root, "docs", "configuration.md"), encoding="utf-8").read()
for block in re.findall(r"```yaml\n(.*?)```", doc, re.S):
    write("fuzz-config", block)
for test in glob.glob(os.path.join(root, "test", "checks", "*", "config.*")):
    text = open(test, encoding="utf-8").read()
    # split-file sections: "#--- dir/.corolint.yaml" up to the next "#---".
    for block in re.findall(r"^#--- [^\n]*corolint\.yaml\n(.*?)(?=^#---|\Z)", text, re.S | re.M):
        write("fuzz-config", block)
write("fuzz-config", "checks: '-*,blocking-call'\nstrict: true\n")
catalogue = open(os.path.join(root, "checks", "blocking-catalogue.yaml"), "rb").read()
# The built-in catalogue, and a part of it, after an empty configuration.
write("fuzz-config", b"{}\0" + catalogue)
write("fuzz-config", b"\0" + catalogue[:catalogue.find(b"\n  - category:", 4000)] + b"\n")

# --- baselines ----------------------------------------------------------------
reset("fuzz-baseline")
write("fuzz-baseline", json.dumps({"version": 1, "findings": [
    {"file": "src/a.cpp", "check": "blocking-call",
     "message": "'std::this_thread::sleep_for' sleeps the thread", "fingerprint": "0", "count": 2}]}, indent=2))
write("fuzz-baseline", json.dumps({"version": 1, "findings": []}))

# --- cache entries ------------------------------------------------------------
reset("fuzz-cache")
key = "0123456789abcdef-0123456789abcdef0123456789abcdef"
hop = {"caller": "c:@F@f#", "callee": "c:@F@g#", "site": ["/tmp/a.cpp", 3, 5, 40, 3, 9, 44]}
summary = {"file": "/tmp/a.cpp", "functions": [{"usr": "c:@F@f#", "name": "f", "reaches": [
    {"category": "sleep", "tier": 1, "primitive": "std::this_thread::sleep_for",
     "reason": "", "suggest": "", "chain": [hop]}], "externals": []}]}
write("fuzz-cache", json.dumps(summary))
write("fuzz-cache", json.dumps({"version": 3, "key": key, "deps": [], "findings": [],
                                "summary": summary, "deferred": []}))
