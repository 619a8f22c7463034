"""Runs `corolint check` on a file that includes a large header while another
thread truncates and rewrites that header in place, as an editor or a build
step might; fails if any run dies of a signal (a memory-mapped header that
shrinks under the parser raises SIGBUS) or its analysis crashes (crash
recovery turns the SIGBUS into "the analysis crashed" and exit status 2).
    edit_while_checking.py WORK_DIR RUNS COROLINT [FLAGS...]"""
import os
import subprocess
import sys
import threading
import time

work, runs, corolint = sys.argv[1], int(sys.argv[2]), sys.argv[3]
flags = sys.argv[4:]
os.makedirs(work, exist_ok=True)
lines = "".join(f"// line {i} of a header that is rewritten while it is read\n"
                for i in range(300000))
content = (lines + "int last;\n").encode()
header = os.path.join(work, "big.h")
with open(header, "wb") as f:
    f.write(content)
source = os.path.join(work, "a.cpp")
with open(source, "w") as f:
    f.write('#include "big.h"\nint main() { return last; }\n')

stop = threading.Event()


def rewrite():
    while not stop.is_set():
        with open(header, "r+b") as f:  # in place: same inode, as editors do
            f.truncate(0)
            f.flush()
            time.sleep(0.01)  # Long enough for the parser to read past the end.
            f.write(content)
        time.sleep(0.01)


writer = threading.Thread(target=rewrite)
writer.start()
died = []
try:
    for _ in range(runs):
        proc = subprocess.run([corolint, "check", "--no-cache", source, "--"] + flags
                              + ["-I" + work], stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, timeout=300)
        # Crash recovery turns the signal into the file's error (exit 2),
        # so a crash is also what stderr says.
        if (proc.returncode < 0 or proc.returncode > 2
                or b"the analysis crashed" in proc.stderr):
            died.append(proc.returncode)
finally:
    stop.set()
    writer.join()
if died:
    print(f"{len(died)} of {runs} runs died: exit statuses {died}")
    sys.exit(1)
print(f"{runs} runs, none died")
