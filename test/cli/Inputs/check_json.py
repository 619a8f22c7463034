"""Validates corolint's --format=json output against docs/json-format.md and
prints a one-line summary per diagnostic for FileCheck."""
import json
import sys

POSITION = {"file": str, "line": int, "column": int, "offset": int,
            "endLine": int, "endColumn": int, "endOffset": int}


def require(obj, fields, where):
    for name, kind in fields.items():
        if name not in obj:
            sys.exit(f"{where}: missing '{name}'")
        if not isinstance(obj[name], kind):
            sys.exit(f"{where}: '{name}' is {type(obj[name]).__name__}, not {kind.__name__}")


doc = json.load(open(sys.argv[1]))
require(doc, {"version": int, "tool": str, "diagnostics": list, "errors": list}, "document")
print(f"version {doc['version']}, {len(doc['diagnostics'])} diagnostics, {len(doc['errors'])} errors")
for i, d in enumerate(doc["diagnostics"]):
    require(d, dict(POSITION, check=str, severity=str, message=str, notes=list, fixes=list), f"diagnostic {i}")
    if d["severity"] not in ("warning", "error", "note"):
        sys.exit(f"diagnostic {i}: bad severity {d['severity']}")
    for n in d["notes"]:
        require(n, {"message": str}, "note")
        if "file" in n:
            require(n, POSITION, "note")
    for f in d["fixes"]:
        require(f, dict(POSITION, replacement=str), "fix")
    print(f"{d['check']} {d['severity']} {d['file']} {d['line']}:{d['column']}-{d['endLine']}:{d['endColumn']} notes={len(d['notes'])} fixes={len(d['fixes'])}")
for e in doc["errors"]:
    require(e, {"file": str, "message": str}, "error")
    print(f"error {e['file']}: {e['message']}")
