"""Describes a cache directory against a size limit:
    cache_size.py CACHE_DIR LIMIT_BYTES
prints the number of entries, whether all the directory holds is within the
limit, and which source file the newest entry was made from."""
import json
import os
import sys

cache, limit = sys.argv[1], int(sys.argv[2])
paths = [os.path.join(cache, n) for n in os.listdir(cache)]
entries = [p for p in paths if p.endswith(".json")]
total = sum(os.path.getsize(p) for p in paths)
print(f"entries: {len(entries)}")
print("within the limit" if total <= limit else f"over the limit: {total} > {limit}")
newest = max(entries, key=os.path.getmtime)
with open(newest) as f:
    body = f.read().split("\n", 1)[1]
sources = [d[0] for d in json.loads(body)["deps"] if d[0].endswith(".cpp")]
print("newest: " + " ".join(os.path.basename(s) for s in sources))
