#!/usr/bin/env python3
"""Plays a scripted LSP session against a server and prints its replies.

Usage: lsp-client.py [--summarize] [-D NAME=VALUE]... SCRIPT -- SERVER [ARGS...]

The script is a sequence of JSON messages (each may span lines), sent with
Content-Length framing, and directives on lines of their own:
  # ...                      a comment
  !wait id=N                 wait for the response to request N
  !wait method=M [count=K]   wait until K messages with method M arrived
  !raw "python literal"      send these bytes as they are (garbage tests)
  !write PATH "python literal"  write a file (a .corolint.yaml mid-session)
  !sleep SECONDS
  !close                     close the server's stdin (done anyway at the end)
Inside messages, ${NAME} is replaced by a -D definition, and
${json:PATH} by the JSON string literal of PATH's contents.

Every message the server sends is printed on its own line as compact JSON
with sorted keys, as it arrives; stderr of the server is passed through.
With --summarize, publishDiagnostics is printed as one short line instead:
"diagnostics FILE vVERSION: CODE@LINE:CHARACTER[->FILE@LINE:CHARACTER] ...",
the arrows giving each relatedInformation location.
At the end: "exit code: N".
"""
import json
import os
import re
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "tools"))
import lsp_wire  # noqa: E402

TIMEOUT = float(os.environ.get("LSP_CLIENT_TIMEOUT", "60"))


class Printer(lsp_wire.Client):
    """Prints every message as it arrives (publishDiagnostics in short with
    summarize)."""

    def __init__(self, argv, summarize):
        self.summarize = summarize
        super().__init__(argv, timeout=TIMEOUT)

    def received(self, msg):
        with self.cond:
            if self.summarize and msg.get("method") == "textDocument/publishDiagnostics":
                print(summary(msg["params"]), flush=True)
            else:
                print(json.dumps(msg, sort_keys=True, separators=(",", ":"),
                                 ensure_ascii=False), flush=True)
            super().received(msg)


def summary(params):
    """publishDiagnostics as one short line: "diagnostics a.cpp v3: code@l:c ..."."""
    parts = []
    for d in params["diagnostics"]:
        start = d["range"]["start"]
        part = "%s@%d:%d" % (d.get("code", "error"), start["line"],
                             start["character"])
        for related in d.get("relatedInformation", []):
            where = related["location"]
            part += "->%s@%d:%d" % (os.path.basename(where["uri"]),
                                    where["range"]["start"]["line"],
                                    where["range"]["start"]["character"])
        parts.append(part)
    return "diagnostics %s v%s: %s" % (os.path.basename(params["uri"]),
                                       params.get("version", "-"),
                                       " ".join(parts))


def main():
    args = sys.argv[1:]
    defines = {}
    summarize = False
    while args and args[0] in ("-D", "--summarize"):
        if args[0] == "--summarize":
            summarize = True
            args = args[1:]
            continue
        name, _, value = args[1].partition("=")
        defines[name] = value
        args = args[2:]
    script_path = args[0]
    server = args[args.index("--") + 1:]

    def substitute(text):
        # Definitions first, so that ${json:${DIR}/a.cpp} works.
        text = re.sub(r"\$\{(?!json:)([^}]+)\}",
                      lambda m: defines[m.group(1)], text)

        def read_json(m):
            with open(m.group(1), encoding="utf-8") as f:
                return json.dumps(f.read())
        return re.sub(r"\$\{json:([^}]+)\}", read_json, text)

    with open(script_path, encoding="utf-8") as f:
        script = f.read()

    # Split into messages and directives.
    steps = []
    pending = ""
    for line in script.splitlines(keepends=True):
        stripped = line.strip()
        if stripped.startswith("#") and not pending.strip():
            continue
        if stripped.startswith("!") and not pending.strip():
            steps.append(("directive", stripped[1:]))
            continue
        pending += line
        try:
            value = json.loads(substitute(pending))
        except json.JSONDecodeError:
            continue
        steps.append(("message", value))
        pending = ""
    if pending.strip():
        sys.exit("lsp-client: unterminated JSON in script: " + pending[:80])

    client = Printer(server, summarize)

    def wait_for(check, what):
        try:
            client.wait_until(check)
        except (TimeoutError, lsp_wire.ServerGone):
            print("lsp-client: timed out waiting for " + what, flush=True)

    for kind, step in steps:
        if kind == "message":
            client.send(step)
            continue
        words = step.split(None, 1)
        verb, rest = words[0], (words[1] if len(words) > 1 else "")
        if verb == "wait":
            opts = dict(w.split("=", 1) for w in rest.split())
            if "id" in opts:
                want = json.loads(opts["id"])
                wait_for(lambda: any(m.get("id") == want and "method" not in m
                                     for m in client.messages),
                         "id " + opts["id"])
            else:
                count = int(opts.get("count", "1"))
                method = opts["method"]
                wait_for(lambda: sum(m.get("method") == method
                                     for m in client.messages) >= count,
                         "method " + method)
        elif verb == "raw":
            client.send_bytes(eval(rest).encode("utf-8")
                              if isinstance(eval(rest), str) else eval(rest))
        elif verb == "write":
            path, literal = rest.split(None, 1)
            with open(substitute(path), "w", encoding="utf-8") as f:
                f.write(eval(literal))
        elif verb == "sleep":
            time.sleep(float(rest))
        elif verb == "close":
            client.proc.stdin.close()
        else:
            sys.exit("lsp-client: unknown directive !" + verb)

    # The script is over: the server sees end of input.
    if not client.proc.stdin.closed:
        try:
            client.proc.stdin.close()
        except BrokenPipeError:
            pass
    code = client.wait_exit()
    if code is None:
        code = "killed after timeout"
    client.reader.join()
    print("exit code: %s" % code, flush=True)


if __name__ == "__main__":
    main()
