#!/usr/bin/env python3
"""Copies sources into DIR and writes a compile_commands.json for them.

Usage: make-project.py DIR INCLUDE_DIR SOURCE... [-- EXTRA_FLAGS...]
"""
import json
import os
import shutil
import sys

args = sys.argv[1:]
extra = []
if "--" in args:
    extra = args[args.index("--") + 1:]
    args = args[:args.index("--")]
out_dir, include_dir, sources = args[0], args[1], args[2:]
shutil.rmtree(out_dir, ignore_errors=True)
os.makedirs(out_dir)
commands = []
for src in sources:
    dest = os.path.join(out_dir, os.path.basename(src))
    shutil.copy(src, dest)
    commands.append({
        "directory": out_dir,
        "file": dest,
        "arguments": ["clang++", "-std=c++20", "-I" + include_dir] + extra +
                     ["-c", dest],
    })
with open(os.path.join(out_dir, "compile_commands.json"), "w") as f:
    json.dump(commands, f, indent=1)
