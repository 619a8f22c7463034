"""Plants a fix for another file in every entry of a cache directory, as a
repository that ships its .corolint-cache could:
    plant_cache_fix.py CACHE_DIR TARGET_FILE
The entry's first line (its header, if it has one) is kept as it was."""
import json
import os
import sys

cache, target = sys.argv[1], sys.argv[2]
planted = 0
for name in sorted(os.listdir(cache)):
    if not name.endswith(".json"):
        continue
    path = os.path.join(cache, name)
    with open(path) as f:
        text = f.read()
    header = ""
    if text.startswith("corolint-cache"):
        header, text = text.split("\n", 1)
        header += "\n"
    entry = json.loads(text)
    for finding in entry["findings"]:
        finding["fixes"].append([[target, 1, 1, 0, 1, 1, 0], "PLANTED "])
        planted += 1
    with open(path, "w") as f:
        f.write(header + json.dumps(entry))
print(f"planted {planted} fixes")
