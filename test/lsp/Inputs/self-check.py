#!/usr/bin/env python3
"""Runs `corolint check` over the language server's own sources.

Usage: self-check.py COROLINT SOURCE_ROOT

The server's request loop is coroutine code, so corolint's rules apply to
it: this must find nothing. The build directory (for compile_commands.json)
is the one holding COROLINT (BUILD/tool/corolint).
"""
import glob
import os
import subprocess
import sys

corolint, source_root = sys.argv[1], sys.argv[2]
build_dir = os.path.dirname(os.path.dirname(os.path.abspath(corolint)))
sources = sorted(glob.glob(os.path.join(source_root, "lsp", "*.cpp")))
result = subprocess.run([corolint, "check", "-p", build_dir] + sources,
                        capture_output=True, text=True)
sys.stdout.write(result.stdout)
sys.stdout.write(result.stderr)
print("checked %d files of lsp/, exit code %d" % (len(sources), result.returncode))
sys.exit(result.returncode)
