"""Prints which files each shard file holds, and how many of their findings
wait for other shards' summaries:  shard_summary.py SHARD.json...
    shard 1/2: src/client.cpp (1 deferred) src/disk.cpp ..."""
import json
import os
import sys

for path in sys.argv[1:]:
    with open(path) as f:
        shard = json.load(f)
    files = []
    for r in shard["results"]:
        name = os.path.relpath(r["file"])
        deferred = len(r["deferred"])
        files.append(name + (" (%d deferred)" % deferred if deferred else ""))
    print("shard %d/%d: %s" % (shard["shard"], shard["of"], " ".join(sorted(files))))
