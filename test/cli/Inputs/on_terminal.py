"""Runs a command with its stderr on a pseudo-terminal (stdout stays a pipe)
and prints what it wrote to each, the terminal's carriage returns shown as
"<CR>" so that FileCheck can see the line being rewritten.

usage: on_terminal.py [--columns=N] CMD ARGS...   (exits with CMD's status)
"""
import errno
import fcntl
import os
import struct
import subprocess
import sys
import tempfile
import termios

args = sys.argv[1:]
master, slave = os.openpty()
if args and args[0].startswith("--columns="):
    columns = int(args.pop(0).split("=", 1)[1])
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, columns, 0, 0))
# stdout goes to a file, not a pipe: a report larger than the pipe's buffer
# (SARIF is) would block the child while this loop waits on the terminal.
stdout_file = tempfile.TemporaryFile()
proc = subprocess.Popen(args, stdin=subprocess.DEVNULL,
                        stdout=stdout_file, stderr=slave)
os.close(slave)
terminal = b""
while True:
    try:
        chunk = os.read(master, 65536)
    except OSError as e:  # EIO: the child closed its end
        if e.errno != errno.EIO:
            raise
        break
    if not chunk:
        break
    terminal += chunk
status = proc.wait()
stdout_file.seek(0)
out = stdout_file.read()
os.close(master)
text = terminal.decode("utf-8", "replace").replace("\r\n", "\n")
sys.stdout.write("stdout:\n" + out.decode("utf-8", "replace"))
sys.stdout.write("stderr:\n" + text.replace("\r", "<CR>") + "\n")
sys.exit(status)
