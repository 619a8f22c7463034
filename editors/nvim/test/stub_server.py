#!/usr/bin/env python3
"""A stand-in for `corolint lsp` for the plugin's smoke test.

Speaks just enough LSP over stdio: answers initialize and shutdown, and for
every open or changed document reports each statement that calls `fetch()`
without `co_await` as an `unawaited-task` finding, with an "insert co_await"
quick fix. Appends its argv and every message it receives, one JSON object a
line, to the file named by COROLINT_STUB_LOG.
"""
import json
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "..", "test", "tools"))
import lsp_wire  # noqa: E402

LOG = os.environ.get("COROLINT_STUB_LOG")
DROPPED_CALL = re.compile(r"^(\s*)(fetch\(\));")
documents = {}


def log(entry):
    if LOG:
        with open(LOG, "a", encoding="utf-8") as out:
            out.write(json.dumps(entry) + "\n")


def send(message):
    lsp_wire.write_message(sys.stdout.buffer, dict(jsonrpc="2.0", **message))


def findings(text):
    result = []
    for number, line in enumerate(text.split("\n")):
        match = DROPPED_CALL.match(line)
        if match:
            start, end = match.start(2), match.end(2)
            result.append({
                "range": {"start": {"line": number, "character": start},
                          "end": {"line": number, "character": end}},
                "severity": 2,
                "code": "unawaited-task",
                "source": "corolint",
                "message": "lazy task returned by 'fetch' is never awaited [unawaited-task]",
                "data": {"fix": "insert-co_await"},
            })
    return result


def publish(uri, version):
    send({"method": "textDocument/publishDiagnostics",
          "params": {"uri": uri, "version": version,
                     "diagnostics": findings(documents[uri])}})


def code_actions(params):
    actions = []
    uri = params["textDocument"]["uri"]
    for diagnostic in params["context"]["diagnostics"]:
        if diagnostic.get("code") != "unawaited-task":
            continue
        start = diagnostic["range"]["start"]
        actions.append({
            "title": "Insert co_await",
            "kind": "quickfix",
            "isPreferred": True,
            "diagnostics": [diagnostic],
            "edit": {"changes": {uri: [{"range": {"start": start, "end": start},
                                        "newText": "co_await "}]}},
        })
    return actions


def main():
    log({"argv": sys.argv[1:], "cwd": os.getcwd()})
    while True:
        message = lsp_wire.read_message(sys.stdin.buffer)
        if message is None:
            return 1
        log(message)
        method, params = message.get("method"), message.get("params", {})
        if method == "initialize":
            send({"id": message["id"], "result": {
                "capabilities": {"textDocumentSync": 1, "codeActionProvider": True},
                "serverInfo": {"name": "corolint-stub"}}})
        elif method == "textDocument/didOpen":
            document = params["textDocument"]
            documents[document["uri"]] = document["text"]
            publish(document["uri"], document["version"])
        elif method == "textDocument/didChange":
            uri = params["textDocument"]["uri"]
            documents[uri] = params["contentChanges"][-1]["text"]
            publish(uri, params["textDocument"]["version"])
        elif method == "textDocument/codeAction":
            send({"id": message["id"], "result": code_actions(params)})
        elif method == "shutdown":
            send({"id": message["id"], "result": None})
        elif method == "exit":
            return 0
        elif "id" in message:
            send({"id": message["id"], "error": {"code": -32601, "message": "method not found"}})


if __name__ == "__main__":
    sys.exit(main())
