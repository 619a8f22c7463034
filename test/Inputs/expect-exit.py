"""Runs a command and succeeds only if it exits with the given status:
    expect-exit.py STATUS COMMAND [ARGS...]
Its output passes through, so it can be piped to FileCheck."""
import subprocess
import sys

want = int(sys.argv[1])
proc = subprocess.run(sys.argv[2:])
if proc.returncode != want:
    sys.stderr.write(f"expect-exit: '{' '.join(sys.argv[2:])}' exited {proc.returncode}, expected {want}\n")
    sys.exit(1)
