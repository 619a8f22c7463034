"""Reads a `strace -c` summary; fails if the named system calls were made
more than LIMIT times in all. Usage: syscall_count.py FILE NAME,... LIMIT"""
import sys

path, names, limit = sys.argv[1], set(sys.argv[2].split(",")), int(sys.argv[3])
counts = {}
for line in open(path):
    fields = line.split()
    # % time, seconds, usecs/call, calls, [errors], syscall
    if len(fields) >= 5 and fields[-1] in names and fields[3].isdigit():
        counts[fields[-1]] = int(fields[3])
total = sum(counts.values())
print(f"{total} calls: " + ", ".join(f"{n} {c}" for n, c in sorted(counts.items())))
if total > limit:
    sys.exit(f"more than {limit} calls")
