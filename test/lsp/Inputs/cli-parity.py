#!/usr/bin/env python3
"""Checks that `corolint lsp` reports what `corolint check` reports.

Usage: cli-parity.py COROLINT INCLUDE_DIR WORK_DIR SOURCE...

For each source: `corolint check --format=json` on it, then the same file
opened in one `corolint lsp` session (compile_commands.json in WORK_DIR
gives both the same flags); prints one line per file, "same" or the
findings only one side reported. A finding is compared whole: check,
severity, message, range, and notes (their messages and locations). The
server is asked for UTF-8 columns, so that both sides count bytes.
"""
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "tools"))
import lsp_wire  # noqa: E402


SEVERITY = {1: "error", 2: "warning", 3: "note", 4: "note"}


def place(path, line, column, end_line, end_column):
    """A range as (file, begin, end), 1-based; an empty end is the begin."""
    begin = (line, column)
    end = (end_line, end_column)
    if not end_line or end < begin:
        end = begin
    return (os.path.realpath(path) if path else "", begin, end)


def cli_finding(d):
    located = tuple((place(n["file"], n["line"], n["column"], n["endLine"],
                           n["endColumn"]), n["message"])
                    for n in d["notes"] if "file" in n)
    unlocated = tuple(n["message"] for n in d["notes"] if "file" not in n)
    return (d["check"], d["severity"], d["message"],
            place(d["file"], d["line"], d["column"], d["endLine"],
                  d["endColumn"]), located, unlocated)


def lsp_place(uri, r):
    s, e = r["start"], r["end"]
    return place(uri[len("file://"):], s["line"] + 1, s["character"] + 1,
                 e["line"] + 1, e["character"] + 1)


def lsp_finding(d):
    # The message ends in " [check]", then the notes without a location,
    # one per line.
    first, *unlocated = d["message"].split("\n")
    suffix = " [%s]" % d["code"]
    message = first[:-len(suffix)] if first.endswith(suffix) else first
    located = tuple((lsp_place(r["location"]["uri"], r["location"]["range"]),
                     r["message"]) for r in d.get("relatedInformation", []))
    return (d["code"], SEVERITY[d["severity"]], message,
            lsp_place("file://" + d["_file"], d["range"]), located,
            tuple(unlocated))


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

    session = lsp_wire.Client([corolint, "lsp", "--log=error", "-p", work_dir])
    session.request("initialize", {"capabilities": {
        "general": {"positionEncodings": ["utf-8"]},
        "textDocument": {"publishDiagnostics": {"relatedInformation": True}}}})
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
        found_cli = sorted(cli_finding(d) for d in report["diagnostics"]
                           if d.get("check"))
        uri = "file://" + src
        session.did_open(uri, open(src, encoding="utf-8").read(), version)
        msg = session.wait_diagnostics(uri)
        for d in msg["params"]["diagnostics"]:
            d["_file"] = src
        found_lsp = sorted(lsp_finding(d) for d in msg["params"]["diagnostics"]
                           if d.get("code"))
        if found_cli == found_lsp:
            print("%s: same (%d findings)" % (name, len(found_cli)))
        else:
            only_cli = [f for f in found_cli if f not in found_lsp]
            only_lsp = [f for f in found_lsp if f not in found_cli]
            print("%s: DIFFERENT:\n  only check: %s\n  only lsp: %s" % (
                name, only_cli, only_lsp))
        session.did_close(uri)
    if session.shutdown() is None:
        sys.exit("corolint lsp did not exit after shutdown and exit")


if __name__ == "__main__":
    main()
