"""The Language Server Protocol on the wire, for the test, stress and
benchmark scripts (and the Neovim plugin's stub server).

Framing: write_message() sends a message with its Content-Length header,
read_message() reads one. Client starts a server and talks to it: a thread
keeps every message the server sends (received(), which a script may
override to print or sort them), and the script sends requests and
notifications and waits for what it expects.

Scripts import it with
    sys.path.insert(0, <the path of test/tools, from the script's own place>)
    import lsp_wire
"""
import json
import subprocess
import threading
import time


def encode(message):
    """A message as it goes on the wire: header, blank line, UTF-8 JSON."""
    body = json.dumps(message, ensure_ascii=False).encode("utf-8")
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def write_message(stream, message):
    """Writes one message to a binary stream and flushes it."""
    stream.write(encode(message))
    stream.flush()


def read_message(stream, on_missing_length=None):
    """The next message on a binary stream, decoded; None at the end of the
    stream (or of a body cut short). A header without Content-Length has no
    body to read: on_missing_length() is called, if given, and the next
    header is read."""
    while True:
        length = None
        while True:
            line = stream.readline()
            if not line:
                return None
            line = line.strip()
            if not line:
                break
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value)
        if length is None:
            if on_missing_length:
                on_missing_length()
            continue
        body = stream.read(length)
        if len(body) < length:
            return None
        return json.loads(body)


class ServerGone(Exception):
    """The server's output ended before what was waited for arrived."""


def publish_diagnostics(uri, version=None):
    """A predicate: a publishDiagnostics for uri (and version, if given)."""
    def matches(message):
        if message.get("method") != "textDocument/publishDiagnostics":
            return False
        params = message["params"]
        return params["uri"] == uri and (version is None or
                                         params.get("version") == version)
    return matches


class Client:
    """A language server run as a child process, spoken to over its stdin
    and stdout.

    A thread reads what the server sends and hands each message to
    received(), which keeps it in `messages` (and its time.monotonic()
    arrival in `arrivals`) under `cond`. With answer_requests, the server's
    own requests are answered as a plain editor would: null, or a null per
    item of workspace/configuration. Waits give up after `timeout` seconds
    unless told otherwise."""

    def __init__(self, argv, cwd=None, stderr=None, answer_requests=False,
                 timeout=120):
        self.argv = argv
        self.timeout = timeout
        self.answer_requests = answer_requests
        self.cond = threading.Condition()
        self.messages = []
        self.arrivals = []
        self.closed = False  # The server's output has ended.
        self.next_id = 1
        self._send_lock = threading.Lock()
        self.proc = subprocess.Popen(argv, cwd=cwd, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=stderr)
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    # -- what the server sends -------------------------------------------------
    def _read(self):
        try:
            while True:
                message = read_message(self.proc.stdout, self.missing_length)
                if message is None:
                    return
                if (self.answer_requests and "id" in message
                        and "method" in message):
                    result = None
                    if message["method"] == "workspace/configuration":
                        items = message.get("params", {}).get("items", [])
                        result = [None] * len(items)
                    self.send({"jsonrpc": "2.0", "id": message["id"],
                               "result": result})
                self.received(message)
        finally:
            with self.cond:
                self.closed = True
                self.cond.notify_all()

    def missing_length(self):
        """Called for a header without Content-Length; ignored here."""

    def received(self, message):
        """Called by the reading thread for each message the server sends."""
        with self.cond:
            self.messages.append(message)
            self.arrivals.append(time.monotonic())
            self.cond.notify_all()

    # -- waiting ---------------------------------------------------------------
    def wait_until(self, check, timeout=None):
        """Waits until check(), called with `cond` held, returns a true value
        and returns it. Raises ServerGone if the server's output ends first,
        TimeoutError after timeout seconds (the client's by default)."""
        if timeout is None:
            timeout = self.timeout
        deadline = time.monotonic() + timeout
        with self.cond:
            while True:
                value = check()
                if value:
                    return value
                if self.closed:
                    raise ServerGone("%s ended its output" % self.argv[0])
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError("no answer from %s within %g s" %
                                       (self.argv[0], timeout))
                self.cond.wait(left)

    def wait_stamped(self, pred, timeout=None):
        """The first message for which pred holds, as (arrival, message)."""
        def first():
            for stamp, message in zip(self.arrivals, self.messages):
                if pred(message):
                    return stamp, message
            return None
        return self.wait_until(first, timeout)

    def wait(self, pred, timeout=None):
        """The first message for which pred holds (waiting for it)."""
        return self.wait_stamped(pred, timeout)[1]

    def wait_diagnostics(self, uri, version=None, timeout=None):
        """The first publishDiagnostics for uri (and version, if given)."""
        return self.wait(publish_diagnostics(uri, version), timeout)

    # -- what the client sends -------------------------------------------------
    def send_bytes(self, data):
        """Sends bytes as they are; False if the server no longer reads."""
        with self._send_lock:
            try:
                self.proc.stdin.write(data)
                self.proc.stdin.flush()
                return True
            except BrokenPipeError:
                return False  # The server exited; a wait says so.

    def send(self, message):
        return self.send_bytes(encode(message))

    def notify(self, method, params=None):
        message = {"jsonrpc": "2.0", "method": method}
        if params is not None:
            message["params"] = params
        return self.send(message)

    def request(self, method, params=None, timeout=None):
        """Sends a request with the next id and waits for its response."""
        rid = self.next_id
        self.next_id += 1
        message = {"jsonrpc": "2.0", "id": rid, "method": method}
        if params is not None:
            message["params"] = params
        self.send(message)
        return self.wait(lambda m: m.get("id") == rid and "method" not in m,
                         timeout)

    def did_open(self, uri, text, version=1, language="cpp"):
        self.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": language, "version": version,
            "text": text}})

    def did_change(self, uri, version, changes):
        self.notify("textDocument/didChange", {
            "textDocument": {"uri": uri, "version": version},
            "contentChanges": changes})

    def did_close(self, uri):
        self.notify("textDocument/didClose", {"textDocument": {"uri": uri}})

    # -- the end -----------------------------------------------------------------
    def wait_exit(self, timeout=None):
        """The server's exit status; None if it had not ended within timeout
        seconds (it is killed then)."""
        try:
            return self.proc.wait(self.timeout if timeout is None else timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            return None

    def shutdown(self, timeout=None):
        """shutdown, then exit: the server's exit status, None if it hung."""
        try:
            self.request("shutdown", timeout=timeout)
        except (ServerGone, TimeoutError):
            pass  # Exit anyway; its status tells what happened.
        self.notify("exit")
        return self.wait_exit(timeout)
