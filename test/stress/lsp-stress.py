#!/usr/bin/env python3
"""A long, hostile editing session against `corolint lsp`.

Drives the language server the way a busy editor does, as fast as a fast
typist: thousands of incremental edits (multi-change notifications, typing
inside lines after a surrogate pair, whole-document replacements, a
co_await added and removed, a blocking call inserted and deleted), with
pull-diagnostic, code-action and hover requests in between, random
cancellations of requests in flight (some already answered), document
versions that go backwards now and then, and requests for methods the server
does not know. Then checks:

  * every request got exactly one response (a result or an error), and no
    response came for an id that was never sent;
  * the server's final diagnostics for the document equal what
    `corolint check` reports for the same text on disk (eventually: the
    server may still be indexing the other file when the edits end);
  * shutdown and exit end the process with status 0.

It runs the session once in push mode (publishDiagnostics) and once in pull
mode (textDocument/diagnostic), and prints the figures: edits, requests,
cancellations, wall time and the server's resident memory (start, peak,
final). CI runs small counts (test/stress/run.sh); full counts on demand:

  test/stress/lsp-stress.py --corolint build/tool/corolint --edits 2000
  test/stress/lsp-stress.py --corolint build/tool/corolint --edits 10000 --mode push

Exit status: 0 if every check held in every mode, 1 otherwise.
"""
import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "test", "tools"))
import lsp_wire  # noqa: E402
EXAMPLES = os.path.join(ROOT, "examples")
MAIN = "pipeline.cpp"
TOGGLE_LINE = "  store(record);"
WAIT_AFTER = "  int shards = config_ready.get();"
WAIT_LINE = "  config_ready.wait(); // stress-wait"
COMMENT = "  // stress"


def utf16_len(s):
    return len(s.encode("utf-16-le")) // 2


def utf16_to_index(line, units):
    """The str index in line that is `units` UTF-16 code units from its start."""
    n = 0
    for i, ch in enumerate(line):
        if n >= units:
            return i
        n += 2 if ord(ch) > 0xFFFF else 1
    return len(line)


class Server(lsp_wire.Client):
    """The server, its responses by id and its last diagnostics by document;
    its own requests are answered as a plain editor would."""

    def __init__(self, argv, cwd):
        self.responses = {}  # id -> list of responses
        self.published = {}  # uri -> (version, diagnostics) of the last push
        self.refreshes = 0
        self.protocol_errors = []
        super().__init__(argv, cwd=cwd, stderr=sys.stderr, answer_requests=True)

    def missing_length(self):
        self.protocol_errors.append("a frame without Content-Length")

    def received(self, msg):
        with self.cond:
            if "method" in msg and "id" in msg:
                # A request from the server, answered already.
                if msg["method"] == "workspace/diagnostic/refresh":
                    self.refreshes += 1
            elif "method" in msg:
                if msg["method"] == "textDocument/publishDiagnostics":
                    p = msg["params"]
                    self.published[p["uri"]] = (p.get("version"), p["diagnostics"])
            else:
                self.responses.setdefault(msg.get("id"), []).append(msg)
            self.cond.notify_all()

    def wait_response(self, rid, timeout=120):
        """The first response to request rid; None if none came in time."""
        try:
            return self.wait_until(lambda: self.responses.get(rid, [None])[0],
                                   timeout)
        except (TimeoutError, lsp_wire.ServerGone):
            return None

    def rss_kib(self, field="VmRSS"):
        try:
            with open("/proc/%d/status" % self.proc.pid) as f:
                for line in f:
                    if line.startswith(field + ":"):
                        return int(line.split()[1])
        except OSError:
            pass
        return 0


def make_project(tmp, corolint):
    for name in ("pipeline.cpp", "storage.cpp", "storage.h", "task.h"):
        shutil.copy(os.path.join(EXAMPLES, name), tmp)
    entries = [{"directory": tmp, "file": os.path.join(tmp, f),
                "arguments": ["clang++-19", "-std=c++20", "-I" + tmp, "-c", f]}
               for f in ("pipeline.cpp", "storage.cpp")]
    with open(os.path.join(tmp, "compile_commands.json"), "w") as f:
        json.dump(entries, f)


def expected_findings(corolint, tmp, text):
    """(check, line, UTF-16 character) of `corolint check` on text."""
    with open(os.path.join(tmp, MAIN), "w", encoding="utf-8") as f:
        f.write(text)
    # The whole database, as the server's index sees it: pipeline.cpp's
    # findings through storage.cpp's functions need storage.cpp analysed.
    run = subprocess.run([corolint, "check", "--format=json", "--no-cache", "-p", tmp],
                         capture_output=True, text=True)
    if run.returncode not in (0, 1):
        raise SystemExit("corolint check failed (%d): %s" % (run.returncode, run.stderr))
    lines = text.split("\n")
    found = set()
    for d in json.loads(run.stdout)["diagnostics"]:
        if os.path.basename(d["file"]) != MAIN:
            continue
        line = lines[d["line"] - 1].encode("utf-8")
        char = utf16_len(line[:d["column"] - 1].decode("utf-8"))
        found.add((d["check"], d["line"] - 1, char))
    return found


def lsp_findings(diagnostics):
    return {(d.get("code"), d["range"]["start"]["line"], d["range"]["start"]["character"])
            for d in diagnostics if d.get("source") == "corolint" and d.get("code")}


class Session:
    def __init__(self, args, mode, tmp):
        self.args, self.mode, self.tmp = args, mode, tmp
        self.rng = random.Random(args.seed)
        self.uri = "file://" + os.path.join(tmp, MAIN)
        with open(os.path.join(EXAMPLES, MAIN), encoding="utf-8") as f:
            self.lines = f.read().split("\n")
        self.next_id = 1
        self.sent = {}  # id -> method
        self.cancelled = 0
        self.version = 1
        self.max_version = 1
        self.backwards = 0
        self.result_id = None

    # -- the document, as the editor holds it --------------------------------
    def text(self):
        return "\n".join(self.lines)

    def position(self, line, char_index):
        return {"line": line, "character": utf16_len(self.lines[line][:char_index])}

    def replace(self, l1, c1, l2, c2, new):
        """Replaces [(l1,c1),(l2,c2)) (str indices) and returns the LSP change."""
        change = {"range": {"start": self.position(l1, c1), "end": self.position(l2, c2)},
                  "text": new}
        before = self.lines[l1][:c1]
        after = self.lines[l2][c2:]
        self.lines[l1:l2 + 1] = (before + new + after).split("\n")
        return change

    def random_edit(self):
        rng = self.rng
        kind = rng.random()
        comments = [i for i, l in enumerate(self.lines) if l.startswith(COMMENT)]
        if kind < 0.35 and comments:
            # Typing inside a comment line, after its emoji: UTF-16 positions.
            i = rng.choice(comments)
            line = self.lines[i]
            start = len(COMMENT) + 1
            at = rng.randint(start, len(line))
            if rng.random() < 0.7 or at == len(line):
                return [self.replace(i, at, i, at, rng.choice(["a", "z", " ", "é", "😀", "∑"]))]
            return [self.replace(i, at, i, at + 1, "")]
        if kind < 0.55:
            # A new comment line somewhere (after a line, never inside one).
            i = rng.randrange(len(self.lines))
            return [self.replace(i, len(self.lines[i]), i, len(self.lines[i]),
                                 "\n" + COMMENT + " 😀 %d" % self.next_id)]
        if kind < 0.65 and comments:
            i = rng.choice(comments)
            return [self.replace(i - 1, len(self.lines[i - 1]), i, len(self.lines[i]), "")]
        if kind < 0.75:
            # co_await the dropped task, or drop it again.
            for i, l in enumerate(self.lines):
                if l == TOGGLE_LINE:
                    return [self.replace(i, 2, i, 2, "co_await ")]
                if l == "  co_await store(record);":
                    return [self.replace(i, 2, i, 11, "")]
        if kind < 0.85:
            # A blocking wait in the coroutine, or its removal.
            for i, l in enumerate(self.lines):
                if l == WAIT_LINE:
                    return [self.replace(i - 1, len(self.lines[i - 1]), i, len(l), "")]
            for i, l in enumerate(self.lines):
                if l == WAIT_AFTER:
                    return [self.replace(i, len(l), i, len(l), "\n" + WAIT_LINE)]
        if kind < 0.97:
            # Several changes in one notification, applied in order.
            return [c for _ in range(rng.randint(2, 4)) for c in self.random_edit_simple()]
        # The whole document at once.
        return [{"text": self.text()}]

    def random_edit_simple(self):
        i = self.rng.randrange(len(self.lines))
        return [self.replace(i, len(self.lines[i]), i, len(self.lines[i]),
                             "\n" + COMMENT + " ∑ %d" % self.rng.randrange(1000))]

    # -- requests ----------------------------------------------------------------
    def request(self, server, method, params):
        rid = self.next_id
        self.next_id += 1
        self.sent[rid] = method
        server.send({"jsonrpc": "2.0", "id": rid, "method": method, "params": params})
        return rid

    def random_requests(self, server):
        rng = self.rng
        doc = {"uri": self.uri}
        if self.mode == "pull" and rng.random() < 0.3:
            params = {"textDocument": doc}
            if self.result_id and rng.random() < 0.5:
                params["previousResultId"] = self.result_id
            self.request(server, "textDocument/diagnostic", params)
        if rng.random() < 0.12:
            line = rng.randrange(len(self.lines))
            rng_end = min(len(self.lines) - 1, line + rng.randint(0, 3))
            self.request(server, "textDocument/codeAction", {
                "textDocument": doc,
                "range": {"start": {"line": line, "character": 0},
                          "end": {"line": rng_end, "character": 0}},
                "context": {"diagnostics": []}})
        if rng.random() < 0.08:
            line = rng.randrange(len(self.lines))
            self.request(server, "textDocument/hover", {
                "textDocument": doc,
                "position": {"line": line, "character": rng.randint(0, 20)}})
        if rng.random() < 0.01:
            self.request(server, "textDocument/documentSymbol", {"textDocument": doc})
        if rng.random() < 0.2 and self.sent:
            # Cancel something in flight, or already answered: harmless both ways.
            rid = rng.choice(list(self.sent)[-20:])
            server.send({"jsonrpc": "2.0", "method": "$/cancelRequest", "params": {"id": rid}})
            self.cancelled += 1

    # -- the session ---------------------------------------------------------------
    def run(self):
        args = self.args
        server = Server([args.corolint, "lsp", "--log=error"] + args.server_arg, self.tmp)
        caps = {"general": {"positionEncodings": ["utf-16"]},
                "textDocument": {"publishDiagnostics": {"versionSupport": True}}}
        if self.mode == "pull":
            caps["textDocument"]["diagnostic"] = {"dynamicRegistration": False}
            caps["workspace"] = {"diagnostics": {"refreshSupport": True}}
        rid = self.request(server, "initialize", {"processId": os.getpid(),
                                                  "rootUri": "file://" + self.tmp,
                                                  "capabilities": caps})
        if server.wait_response(rid) is None:
            return self.fail(server, "no answer to initialize")
        server.send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
        server.send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {
            "textDocument": {"uri": self.uri, "languageId": "cpp", "version": self.version,
                             "text": self.text()}}})
        rss_start = server.rss_kib()
        started = time.time()
        samples = []
        for n in range(1, args.edits + 1):
            changes = self.random_edit()
            if n < args.edits and self.rng.random() < 0.03:
                # Out of order: a version the document already had.
                self.version = max(1, self.version - self.rng.randint(1, 5))
                self.backwards += 1
            else:
                self.max_version += 1
                self.version = self.max_version
            server.send({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
                "textDocument": {"uri": self.uri, "version": self.version},
                "contentChanges": changes}})
            self.random_requests(server)
            if n % 100 == 0:
                samples.append(server.rss_kib())
            if args.pace_ms:
                time.sleep(self.rng.uniform(0, 2 * args.pace_ms) / 1000)
            if server.proc.poll() is not None:
                return self.fail(server, "the server exited during the session")
        edits_time = time.time() - started

        # Every request answered, exactly once.
        deadline = time.time() + args.timeout
        missing = []
        for rid in list(self.sent):
            if server.wait_response(rid, max(0.1, deadline - time.time())) is None:
                missing.append(rid)
        # Final diagnostics, eventually equal to the CLI's.
        expected = expected_findings(args.corolint, self.tmp, self.text())
        got = None
        while time.time() < deadline:
            if self.mode == "pull":
                rid = self.request(server, "textDocument/diagnostic", {"textDocument": {"uri": self.uri}})
                reply = server.wait_response(rid, max(0.1, deadline - time.time()))
                if reply and "result" in reply and reply["result"].get("kind") == "full":
                    got = lsp_findings(reply["result"]["items"])
            else:
                with server.cond:
                    version, diags = server.published.get(self.uri, (None, []))
                if version == self.version:
                    got = lsp_findings(diags)
            if got == expected:
                break
            time.sleep(0.5)
        settle_time = time.time() - started - edits_time
        rss_peak = server.rss_kib("VmHWM")
        rss_end = server.rss_kib()

        rid = self.request(server, "shutdown", None)
        server.wait_response(rid, 30)
        server.notify("exit")
        status = server.wait_exit(30)
        if status is None:
            status = "hung after exit"
        server.reader.join(5)

        problems = list(server.protocol_errors)
        if missing:
            problems.append("%d requests never answered (ids %s)" % (len(missing), missing[:10]))
        twice = [r for r, v in server.responses.items() if len(v) > 1]
        if twice:
            problems.append("%d requests answered more than once (ids %s)" % (len(twice), twice[:10]))
        unknown = [r for r in server.responses if r not in self.sent]
        if unknown:
            problems.append("responses to ids never sent: %s" % unknown[:10])
        if got != expected:
            problems.append("final diagnostics differ from corolint check:\n  lsp:   %s\n  check: %s"
                            % (sorted(got or []), sorted(expected)))
        if status != 0:
            problems.append("exit status %s after shutdown and exit" % status)
        errors = sum(1 for v in server.responses.values() if "error" in v[0])
        print("%s mode: %d edits (%d with an older version) in %.1f s, %d requests "
              "(%d cancellations sent, %d answered with an error), settled %.1f s later; "
              "%d findings at the end; RSS %.0f MB at start, %.0f MB peak, %.0f MB at the end%s"
              % (self.mode, args.edits, self.backwards, edits_time, len(self.sent),
                 self.cancelled, errors, settle_time, len(expected), rss_start / 1024,
                 rss_peak / 1024, rss_end / 1024,
                 "; every 100 edits: " + " ".join("%.0f" % (s / 1024) for s in samples)
                 if args.verbose else ""))
        for p in problems:
            print("  FAIL: " + p)
        return not problems

    def fail(self, server, why):
        print("%s mode: FAIL: %s" % (self.mode, why))
        server.proc.kill()
        return False


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corolint", default=os.path.join(ROOT, "build", "tool", "corolint"))
    ap.add_argument("--edits", type=int, default=2000)
    ap.add_argument("--mode", choices=["push", "pull", "both"], default="both")
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--pace-ms", type=float, default=5,
                    help="mean pause between edits (0: as fast as the pipe takes them)")
    ap.add_argument("--timeout", type=float, default=180,
                    help="seconds to wait for answers and final diagnostics after the edits")
    ap.add_argument("--server-arg", action="append", default=[],
                    help="an extra argument for `corolint lsp` (repeatable)")
    ap.add_argument("-v", "--verbose", action="store_true", help="RSS every 100 edits")
    args = ap.parse_args()
    args.corolint = os.path.abspath(args.corolint)
    passed = failed = 0
    for mode in (["push", "pull"] if args.mode == "both" else [args.mode]):
        tmp = tempfile.mkdtemp(prefix="corolint-stress-")
        try:
            make_project(tmp, args.corolint)
            if Session(args, mode, tmp).run():
                passed += 1
            else:
                failed += 1
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    print("%d passed, %d failed" % (passed, failed))
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
