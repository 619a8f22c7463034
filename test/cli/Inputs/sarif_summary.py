"""Checks the structure of corolint's --format=sarif output that GitHub code
scanning relies on, and prints it compactly for FileCheck.

usage: sarif_summary.py FILE            the whole log
       sarif_summary.py --fingerprints FILE   one "ruleId fingerprint" a line
(The full SARIF 2.1.0 schema is checked by test/sarif with ajv.)"""
import json
import re
import sys


def fail(msg):
    sys.exit("sarif_summary: " + msg)


def where(loc):
    art = loc["physicalLocation"]["artifactLocation"]
    base = "@" + art["uriBaseId"] if "uriBaseId" in art else ""
    region = loc["physicalLocation"].get("region")
    if region is None:
        return art["uri"] + base
    span = f"{region['startLine']}:{region['startColumn']}"
    if "endLine" in region:
        span += f"-{region['endLine']}:{region['endColumn']}"
    return f"{art['uri']}{base} {span}"


args = sys.argv[1:]
only_fingerprints = args[:1] == ["--fingerprints"]
log = json.load(open(args[-1]))
run = log["runs"][0]
results = run["results"]
if only_fingerprints:
    for r in results:
        print(r["ruleId"], r["partialFingerprints"]["corolintFingerprint/v1"])
    sys.exit(0)

print(f"version {log['version']} runs {len(log['runs'])} schema {log['$schema']}")
driver = run["tool"]["driver"]
print(f"driver {driver['name']} {driver['version']} semantic {driver['semanticVersion']}")
rules = driver["rules"]
for i, rule in enumerate(rules):
    for key in ("id", "name", "shortDescription", "fullDescription", "defaultConfiguration"):
        if key not in rule:
            fail(f"rule {i} lacks {key}")
    help_parts = "+".join(k for k in ("text", "markdown") if k in rule.get("help", {}))
    print(f"rule {i} {rule['id']} {rule['name']} level={rule['defaultConfiguration']['level']} "
          f"help={help_parts or '-'}")
    if "help" in rule and not rule["help"]["markdown"].startswith("# " + rule["id"]):
        fail(f"rule {rule['id']}: help is not its documentation page")
for base, value in run.get("originalUriBaseIds", {}).items():
    if not value["uri"].startswith("file:///") or not value["uri"].endswith("/"):
        fail(f"base {base}: {value['uri']}")
    print(f"base {base}")
print(f"columnKind {run['columnKind']}")
for r in results:
    if rules[r["ruleIndex"]]["id"] != r["ruleId"]:
        fail(f"ruleIndex {r['ruleIndex']} is not {r['ruleId']}")
    fp = r["partialFingerprints"]["corolintFingerprint/v1"]
    if not re.fullmatch(r"[0-9a-f]{16}:\d+", fp):
        fail(f"fingerprint {fp}")
    print(f"result {r['ruleId']} {r['level']} {where(r['locations'][0])} "
          f"related={len(r.get('relatedLocations', []))} fixes={len(r.get('fixes', []))}")
    text = r["message"]["text"]
    print("  message " + text.split("\n")[0])
    for rel in r.get("relatedLocations", []):
        if f"]({rel['id']})" not in text:
            fail(f"the message does not link related location {rel['id']}")
        print(f"  related {rel['id']} {where(rel)} {rel['message']['text']}")
    for fix in r.get("fixes", []):
        for change in fix["artifactChanges"]:
            for rep in change["replacements"]:
                reg = rep["deletedRegion"]
                print(f"  fix {change['artifactLocation']['uri']} "
                      f"{reg['startLine']}:{reg['startColumn']}-{reg['endLine']}:{reg['endColumn']} "
                      f"insert {json.dumps(rep['insertedContent']['text'])}")
for inv in run["invocations"]:
    print(f"invocation successful={str(inv['executionSuccessful']).lower()}")
    for n in inv.get("toolExecutionNotifications", []):
        locs = " ".join(where(l) for l in n.get("locations", []))
        print(f"  notification {n['level']} {locs} {n['message']['text']}")
