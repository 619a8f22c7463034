"""Runs `corolint check` on a file that includes a large header while another
thread truncates and rewrites that header in place, as an editor or a build
step might; fails if any run dies of a signal (a memory-mapped header that
shrinks under the parser raises SIGBUS) or its analysis crashes (crash
recovery turns the SIGBUS into "the analysis crashed" and exit status 2).
    edit_while_checking.py WORK_DIR RUNS COROLINT [FLAGS...]"""
import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "tools"))
from shrinking_header import ShrinkingHeader  # noqa: E402

work, runs, corolint = sys.argv[1], int(sys.argv[2]), sys.argv[3]
flags = sys.argv[4:]
os.makedirs(work, exist_ok=True)
header = ShrinkingHeader(work)
source = os.path.join(work, "a.cpp")
with open(source, "w") as f:
    f.write('#include "big.h"\nint main() { return last; }\n')

died = []
with header:
    for _ in range(runs):
        proc = subprocess.run([corolint, "check", "--no-cache", source, "--"] + flags
                              + ["-I" + work], stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, timeout=300)
        # Crash recovery turns the signal into the file's error (exit 2),
        # so a crash is also what stderr says.
        if (proc.returncode < 0 or proc.returncode > 2
                or b"the analysis crashed" in proc.stderr):
            died.append(proc.returncode)
if died:
    print(f"{len(died)} of {runs} runs died: exit statuses {died}")
    sys.exit(1)
print(f"{runs} runs, none died")
