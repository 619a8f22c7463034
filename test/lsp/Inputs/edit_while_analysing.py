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
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "tools"))
import lsp_wire  # noqa: E402
from shrinking_header import ShrinkingHeader  # noqa: E402

work, edits, corolint = sys.argv[1], int(sys.argv[2]), sys.argv[3]
os.makedirs(work, exist_ok=True)
header = ShrinkingHeader(work)
source = os.path.join(work, "a.cpp")
with open(source, "w") as f:
    f.write('// version 0\n#include "big.h"\nint main() { return last; }\n')
with open(os.path.join(work, "compile_commands.json"), "w") as f:
    json.dump([{"directory": work, "file": source,
                "arguments": ["clang++", "-std=c++20", "-c", source]}], f)

log_path = os.path.join(work, "server.log")
session = lsp_wire.Client([corolint, "lsp", "--log=error", "-p", work],
                          stderr=open(log_path, "wb"), timeout=300)
session.request("initialize", {"capabilities": {}})
uri = "file://" + source
analysed = 0
with header:
    for version in range(1, edits + 1):
        text = '// version %d\n#include "big.h"\nint main() { return last; }\n' % version
        if version == 1:
            session.did_open(uri, text, version)
        else:
            session.did_change(uri, version, [{"text": text}])
        try:
            session.wait_diagnostics(uri, version)
        except lsp_wire.ServerGone:
            break
        analysed += 1
status = session.shutdown()
if status is None:
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
