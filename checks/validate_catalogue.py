#!/usr/bin/env python3
"""Validate a corolint blocking-call catalogue (checks/blocking-catalogue.yaml).

Standard library only. The catalogue is read with a small parser for the YAML
subset the catalogue is written in (block mappings and sequences, flow
sequences and mappings, double-quoted and plain scalars, comments). Anything
outside that subset - anchors, aliases, tags, block scalars, tabs - is an
error, which also keeps the file within what llvm::yaml::Input reads. If
PyYAML happens to be installed, the result is cross-checked against it.

Checks: known keys only; every category an entry uses is declared; tiers
1-3; names well formed (qualified names, no template arguments, no inline
namespaces); patterns are plain POSIX ERE; 'arg' has an index and exactly one
of object/value; 'min-args' only with constructors; no duplicate names within
a category; exemptions do not contradict entries.

Usage:
  validate_catalogue.py [FILE] [--user] [-v]

  FILE     defaults to blocking-catalogue.yaml beside this script.
  --user   FILE is a user catalogue/override: skip the built-in-only checks
           (the fixed category ids, titles, every category used, explicit tiers).
  -v       also list names that appear in more than one category.

Exit status 0 when valid, 1 when not.
"""

import os
import re
import sys

# --------------------------------------------------------------------------
# A parser for the YAML subset the catalogue uses.


class YamlSubsetError(Exception):
    pass


_KEY_RE = re.compile(r"^([A-Za-z_][A-Za-z0-9_-]*):(?:[ ]+(.*))?$")
_INT_RE = re.compile(r"^[-+]?[0-9]+$")
_ESCAPES = {'"': '"', "\\": "\\", "/": "/", "n": "\n", "t": "\t"}


def _strip_comment(text, lineno):
    """Removes a trailing comment, respecting quoted strings."""
    in_dq = False
    i = 0
    while i < len(text):
        c = text[i]
        if in_dq:
            if c == "\\":
                i += 1
            elif c == '"':
                in_dq = False
        elif c == '"':
            in_dq = True
        elif c == "#" and (i == 0 or text[i - 1] in " \t"):
            return text[:i].rstrip()
        i += 1
    if in_dq:
        raise YamlSubsetError("line %d: unterminated string" % lineno)
    return text.rstrip()


def _plain_scalar(tok, lineno):
    if tok == "":
        raise YamlSubsetError("line %d: empty value" % lineno)
    if tok[0] in "&*!|>'%@`":
        raise YamlSubsetError(
            "line %d: %r: anchors, aliases, tags, block scalars and "
            "single-quoted strings are outside the catalogue's YAML subset"
            % (lineno, tok))
    if ": " in tok or tok.endswith(":") or " #" in tok:
        raise YamlSubsetError("line %d: %r: quote this value" % (lineno, tok))
    if _INT_RE.match(tok):
        return int(tok)
    if tok in ("true", "false"):
        return tok == "true"  # for-coroutine's 'await'
    if tok in ("null", "~", "yes", "no", "on", "off") or \
            re.match(r"^[-+]?(\.[0-9]+|[0-9]+\.[0-9]*)([eE][-+]?[0-9]+)?$", tok):
        raise YamlSubsetError(
            "line %d: %r: booleans, nulls and floats are not used by the "
            "catalogue; quote it if it is a string" % (lineno, tok))
    return tok


class _Flow:
    """Parses one flow value: "str", plain, [a, b], {k: v}."""

    def __init__(self, text, lineno):
        self.s = text
        self.i = 0
        self.lineno = lineno

    def err(self, msg):
        raise YamlSubsetError("line %d: %s (in %r)" % (self.lineno, msg, self.s))

    def ws(self):
        while self.i < len(self.s) and self.s[self.i] == " ":
            self.i += 1

    def value(self, in_flow):
        self.ws()
        if self.i >= len(self.s):
            self.err("missing value")
        c = self.s[self.i]
        if c == "[":
            return self.seq()
        if c == "{":
            return self.map()
        if c == '"':
            return self.dq()
        stop = ",]}" if in_flow else ""
        j = self.i
        while j < len(self.s) and self.s[j] not in stop:
            j += 1
        tok = self.s[self.i:j].strip()
        self.i = j
        return _plain_scalar(tok, self.lineno)

    def dq(self):
        assert self.s[self.i] == '"'
        self.i += 1
        out = []
        while True:
            if self.i >= len(self.s):
                self.err("unterminated string")
            c = self.s[self.i]
            if c == '"':
                self.i += 1
                return "".join(out)
            if c == "\\":
                self.i += 1
                e = self.s[self.i:self.i + 1]
                if e not in _ESCAPES:
                    self.err("unsupported escape \\%s" % e)
                out.append(_ESCAPES[e])
            else:
                out.append(c)
            self.i += 1

    def seq(self):
        self.i += 1
        items = []
        self.ws()
        if self.s[self.i:self.i + 1] == "]":
            self.i += 1
            return items
        while True:
            items.append(self.value(True))
            self.ws()
            c = self.s[self.i:self.i + 1]
            self.i += 1
            if c == "]":
                return items
            if c != ",":
                self.err("expected ',' or ']'")

    def map(self):
        self.i += 1
        out = {}
        self.ws()
        if self.s[self.i:self.i + 1] == "}":
            self.i += 1
            return out
        while True:
            self.ws()
            m = re.match(r"([A-Za-z_][A-Za-z0-9_-]*):[ ]", self.s[self.i:])
            if not m:
                self.err("expected 'key: value'")
            key = m.group(1)
            if key in out:
                self.err("duplicate key %r" % key)
            self.i += m.end()
            out[key] = self.value(True)
            self.ws()
            c = self.s[self.i:self.i + 1]
            self.i += 1
            if c == "}":
                return out
            if c != ",":
                self.err("expected ',' or '}'")

    def whole(self):
        v = self.value(False)
        self.ws()
        if self.i != len(self.s):
            self.err("unexpected text after the value")
        return v


def _inline(text, lineno):
    return _Flow(text, lineno).whole()


def load_yaml_subset(source):
    if source.startswith("\ufeff"):
        source = source[1:]
    lines = []  # [lineno, indent, text]
    for n, raw in enumerate(source.split("\n"), 1):
        if "\t" in raw:
            raise YamlSubsetError("line %d: tab character" % n)
        if raw.strip() in ("---", "...") and not raw.startswith(" "):
            raise YamlSubsetError("line %d: one document only, no markers" % n)
        text = _strip_comment(raw, n)
        if not text.strip():
            continue
        indent = len(text) - len(text.lstrip(" "))
        lines.append([n, indent, text.strip()])
    if not lines:
        raise YamlSubsetError("empty document")

    def is_item(t):
        return t == "-" or t.startswith("- ")

    def node(i, indent):
        if is_item(lines[i][2]):
            return seq(i, indent)
        return mapping(i, indent)

    def seq(i, indent):
        out = []
        while i < len(lines) and lines[i][1] == indent and is_item(lines[i][2]):
            n, _, text = lines[i]
            rest = text[1:].lstrip(" ")
            if rest == "":
                i += 1
                if i >= len(lines) or lines[i][1] <= indent:
                    raise YamlSubsetError("line %d: empty sequence item" % n)
                v, i = node(i, lines[i][1])
            elif _KEY_RE.match(rest):
                col = indent + (len(text) - len(rest))
                lines[i] = [n, col, rest]
                v, i = mapping(i, col)
            else:
                v = _inline(rest, n)
                i += 1
            out.append(v)
        return out, i

    def mapping(i, indent):
        out = {}
        while i < len(lines) and lines[i][1] == indent and not is_item(lines[i][2]):
            n, _, text = lines[i]
            m = _KEY_RE.match(text)
            if not m:
                raise YamlSubsetError("line %d: expected 'key: value', got %r" % (n, text))
            key, rest = m.group(1), m.group(2)
            if key in out:
                raise YamlSubsetError("line %d: duplicate key %r" % (n, key))
            i += 1
            if rest:
                out[key] = _inline(rest, n)
            elif i < len(lines) and lines[i][1] > indent:
                out[key], i = node(i, lines[i][1])
            elif i < len(lines) and lines[i][1] == indent and is_item(lines[i][2]):
                out[key], i = seq(i, indent)
            else:
                raise YamlSubsetError("line %d: key %r has no value" % (n, key))
        return out, i

    value, i = node(0, lines[0][1])
    if i != len(lines):
        n, ind, text = lines[i]
        raise YamlSubsetError("line %d: unexpected indentation or content: %r" % (n, text))
    return value


# --------------------------------------------------------------------------
# The schema.

FIXED_CATEGORIES = [
    "sleep", "input", "console-output", "http", "subprocess", "file-io",
    "fs-metadata", "network", "dns", "lock", "wait", "sync-over-async",
    "threads", "misc", "user", "async-sibling",
]
# Categories with no entries: annotations, configuration and a heuristic
# fill them.
ENTRYLESS_CATEGORIES = {"user", "async-sibling"}
TOP_KEYS = {"version", "categories", "nonblocking", "offload-functions", "failure-paths",
            "blocking-executors", "entries"}
CATEGORY_KEYS = {"id", "summary", "title"}
NAME_LISTS = ("functions", "patterns", "constructors", "destructors", "objects")
ENTRY_KEYS = {"category", "tier", "suggest", "reason", "min-args", "arg",
              "unless-arg-type", "unless-arg", "for-coroutine"} | set(NAME_LISTS)
ARG_KEYS = {"index", "object", "value", "type"}
ADVICE_KEYS = {"coroutine", "suggest", "replace", "rename", "append-arg", "await"}

_IDENT = r"[A-Za-z_][A-Za-z0-9_]*"
_OPERATOR = (r"operator(?:\(\)|\[\]|<=>|<<=|>>=|<<|>>|->\*|->|\+\+|--|&&|\|\||"
             r"[-+*/%^&|~!=<>]=?|,|co_await|new(?:\[\])?|delete(?:\[\])?|"
             r"\"\"[ ]?" + _IDENT + r")")
FUNCTION_NAME_RE = re.compile(r"^(?:::)?(?:%s::)*(?:%s|%s)$" % (_IDENT, _IDENT, _OPERATOR))
CLASS_NAME_RE = re.compile(r"^(?:::)?%s(?:::%s)*$" % (_IDENT, _IDENT))
CATEGORY_ID_RE = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
# Components that can never match: inline namespaces are dropped from the
# callee's name before matching.
INLINE_NAMESPACES = {"__1", "__cxx11", "_V2", "__8", "v_noabi"}
# Names that do not mean what they seem to.
AMBIGUOUS = {
    "std::remove": "also names the algorithm std::remove; <cstdio>'s remove is '::remove'",
    "std::copy": "the algorithm, not a file copy (write 'filesystem::copy')",
    "std::exists": "not a function; write 'filesystem::exists'",
}
_PERL_ONLY = re.compile(r"\(\?|\\[dDwWsSbBAZzQEk]|[+*?}]\?|\\[1-9]")


class Report:
    def __init__(self):
        self.errors = []
        self.notes = []

    def error(self, where, msg):
        self.errors.append("%s: %s" % (where, msg))

    def note(self, msg):
        self.notes.append(msg)


def _check_name(rep, where, name, kind):
    if not isinstance(name, str) or not name:
        rep.error(where, "%s name must be a non-empty string, got %r" % (kind, name))
        return
    if name != name.strip() or " " in name.replace('operator"" ', ""):
        rep.error(where, "%r: no spaces in names" % name)
        return
    if "<" in name.replace("operator<", "") and "operator" not in name:
        rep.error(where, "%r: write names without template arguments" % name)
        return
    regex = FUNCTION_NAME_RE if kind in ("function", "nonblocking") else CLASS_NAME_RE
    if not regex.match(name):
        rep.error(where, "%r is not a well-formed %s name" % (name, kind))
        return
    comps = [c for c in name.lstrip(":").split("::")]
    for c in comps:
        if c in INLINE_NAMESPACES:
            rep.error(where, "%r: inline namespace %r is ignored when matching; drop it"
                      % (name, c))
    if name in AMBIGUOUS:
        rep.error(where, "%r: %s" % (name, AMBIGUOUS[name]))


def _check_pattern(rep, where, pat):
    if not isinstance(pat, str) or not pat:
        rep.error(where, "pattern must be a non-empty string")
        return
    if _PERL_ONLY.search(pat):
        rep.error(where, "pattern %r uses Perl-only syntax; llvm::Regex is POSIX ERE" % pat)
    if pat.startswith("^") or pat.endswith("$"):
        rep.error(where, "pattern %r: patterns are anchored implicitly; drop ^/$" % pat)
    try:
        re.compile(pat)
    except re.error as e:
        rep.error(where, "pattern %r does not compile: %s" % (pat, e))


def _is_int(v):
    return isinstance(v, int) and not isinstance(v, bool)


def validate(doc, user=False):
    rep = Report()
    if not isinstance(doc, dict):
        rep.error("document", "must be a mapping")
        return rep, {}
    for k in doc:
        if k not in TOP_KEYS:
            rep.error("document", "unknown key %r" % k)
    if doc.get("version", None if not user else 1) != 1:
        rep.error("version", "must be 1")

    # Categories.
    cats = doc.get("categories", [])
    declared = {}
    if not isinstance(cats, list):
        rep.error("categories", "must be a list")
        cats = []
    for i, c in enumerate(cats):
        where = "categories[%d]" % i
        if not isinstance(c, dict):
            rep.error(where, "must be a mapping")
            continue
        for k in c:
            if k not in CATEGORY_KEYS:
                rep.error(where, "unknown key %r" % k)
        cid = c.get("id")
        if not isinstance(cid, str) or not CATEGORY_ID_RE.match(cid):
            rep.error(where, "id %r must be kebab-case" % (cid,))
            continue
        where = "category %s" % cid
        if cid in declared:
            rep.error(where, "declared twice")
        declared[cid] = c
        summary = c.get("summary")
        if not isinstance(summary, str) or not summary.strip():
            rep.error(where, "needs a summary")
        else:
            if "\n" in summary or summary.endswith("."):
                rep.error(where, "summary is one line without a final period")
            if summary[0].isupper():
                rep.error(where, "summary completes \"'NAME' <summary>\"; start it in lower case")
        title = c.get("title")
        if title is not None and (not isinstance(title, str) or not title.strip()):
            rep.error(where, "title must be a non-empty string")
        if title is None and not user:
            rep.error(where, "needs a title")
    if not user:
        for cid in FIXED_CATEGORIES:
            if cid not in declared:
                rep.error("categories", "category %r is missing" % cid)
        for cid in declared:
            if cid not in FIXED_CATEGORIES:
                rep.error("categories", "category %r is not one of the fixed ids" % cid)

    # Exemptions.
    nonblocking = doc.get("nonblocking", [])
    if not isinstance(nonblocking, list):
        rep.error("nonblocking", "must be a list")
        nonblocking = []
    seen_nb = set()
    for i, name in enumerate(nonblocking):
        _check_name(rep, "nonblocking[%d]" % i, name, "nonblocking")
        if name in seen_nb:
            rep.error("nonblocking", "%r listed twice" % name)
        seen_nb.add(name)

    # Entries.
    entries = doc.get("entries", [])
    if not isinstance(entries, list):
        rep.error("entries", "must be a list")
        entries = []
    used = set()
    keys_by_cat = {}         # category -> set of (kind, name, condition)
    cats_by_name = {}        # (kind, name) -> set of categories
    counts = {k: 0 for k in NAME_LISTS}
    for i, e in enumerate(entries):
        where = "entries[%d]" % i
        if not isinstance(e, dict):
            rep.error(where, "must be a mapping")
            continue
        cat = e.get("category")
        if isinstance(cat, str):
            where += " (%s)" % cat
        for k in e:
            if k not in ENTRY_KEYS:
                rep.error(where, "unknown key %r" % k)
        if "reason" in e and not user:
            rep.error(where, "'reason' is for user entries; the built-in catalogue uses the category summary")
        if not isinstance(cat, str):
            rep.error(where, "needs a category")
        elif cat not in declared:
            rep.error(where, "category %r is not declared" % cat)
        else:
            used.add(cat)
        tier = e.get("tier")
        if tier is None:
            if not user:
                rep.error(where, "needs an explicit tier")
        elif not _is_int(tier) or not 1 <= tier <= 3:
            rep.error(where, "tier must be 1, 2 or 3, got %r" % (tier,))
        if "suggest" in e:
            s = e["suggest"]
            if not isinstance(s, str) or not s.strip() or "\n" in s:
                rep.error(where, "suggest must be one non-empty line")
        if not any(k in e for k in NAME_LISTS):
            rep.error(where, "needs functions, patterns, constructors, destructors or objects")

        cond = []
        if "min-args" in e:
            m = e["min-args"]
            if not _is_int(m) or m < 0:
                rep.error(where, "min-args must be a non-negative integer")
            if "constructors" not in e:
                rep.error(where, "min-args applies to constructors only")
            cond.append(("min-args", m))
        if "arg" in e:
            a = e["arg"]
            if not isinstance(a, dict):
                rep.error(where, "arg must be a mapping {index: N, object: NAME | value: INT}")
            else:
                for k in a:
                    if k not in ARG_KEYS:
                        rep.error(where, "arg: unknown key %r" % k)
                if not _is_int(a.get("index")) or a.get("index") < 0:
                    rep.error(where, "arg needs a non-negative integer index")
                if sum(k in a for k in ("object", "value", "type")) != 1:
                    rep.error(where, "arg needs exactly one of object, value and type")
                if "type" in a:
                    _check_name(rep, where + " arg", a["type"], "class")
                if "object" in a:
                    _check_name(rep, where + " arg", a["object"], "object")
                if "value" in a and not _is_int(a["value"]):
                    rep.error(where, "arg value must be an integer")
                cond.append(("arg", tuple(sorted((k, str(v)) for k, v in a.items()))))
        if "unless-arg" in e:
            u = e["unless-arg"]
            if not isinstance(u, list) or not u:
                rep.error(where, "unless-arg must be a non-empty list")
                u = []
            for a in u:
                if not isinstance(a, dict) or not _is_int(a.get("index")) or \
                        sum(k in a for k in ("object", "value", "type")) != 1 or \
                        any(k not in ARG_KEYS for k in a):
                    rep.error(where, "unless-arg: each is {index: N, object|value|type: ...}")
            cond.append(("unless-arg", repr(u)))
        if "for-coroutine" in e:
            adv = e["for-coroutine"]
            if not isinstance(adv, list) or not adv:
                rep.error(where, "for-coroutine must be a non-empty list")
                adv = []
            for a in adv:
                if not isinstance(a, dict) or "coroutine" not in a:
                    rep.error(where, "for-coroutine: each needs a 'coroutine' type")
                    continue
                for k in a:
                    if k not in ADVICE_KEYS:
                        rep.error(where, "for-coroutine: unknown key %r" % k)
                _check_name(rep, where + " for-coroutine", a["coroutine"], "class")
                if "replace" in a and "rename" in a:
                    rep.error(where, "for-coroutine: 'replace' and 'rename' cannot be combined")
        if "unless-arg-type" in e:
            u = e["unless-arg-type"]
            if not isinstance(u, list) or not u:
                rep.error(where, "unless-arg-type must be a non-empty list")
                u = []
            for t in u:
                _check_name(rep, where + " unless-arg-type", t, "class")
            if len(set(map(str, u))) != len(u):
                rep.error(where, "unless-arg-type lists a type twice")
            cond.append(("unless", tuple(sorted(map(str, u)))))
        cond = tuple(cond)

        for kind in NAME_LISTS:
            if kind not in e:
                continue
            names = e[kind]
            if not isinstance(names, list) or not names:
                rep.error(where, "%s must be a non-empty list" % kind)
                continue
            for name in names:
                if kind == "patterns":
                    _check_pattern(rep, where, name)
                else:
                    _check_name(rep, where, name,
                                {"functions": "function", "objects": "object"}.get(kind, "class"))
                if not isinstance(name, str) or not isinstance(cat, str):
                    continue
                counts[kind] += 1
                key = (kind, name, cond)
                bucket = keys_by_cat.setdefault(cat, set())
                if key in bucket:
                    rep.error(where, "%s %r is listed twice in category %r" % (kind[:-1], name, cat))
                bucket.add(key)
                cats_by_name.setdefault((kind, name), set()).add(cat)
                if kind == "functions" and name in seen_nb:
                    rep.error(where, "%r is both an entry and a nonblocking exemption" % name)

    if not user:
        for cid in declared:
            if cid not in used and cid not in ENTRYLESS_CATEGORIES:
                rep.error("category %s" % cid, "declared but no entry uses it")

    for (kind, name), cs in sorted(cats_by_name.items()):
        if len(cs) > 1:
            rep.note("%s %r is in several categories: %s" % (kind[:-1], name, ", ".join(sorted(cs))))

    stats = {
        "categories": len(declared),
        "entries": len(entries),
        "names": sum(counts.values()),
        "distinct": len(cats_by_name),
        "nonblocking": len(nonblocking),
    }
    stats.update(counts)
    return rep, stats


def _cross_check(doc, text):
    """Compares with PyYAML when it is installed; returns a message or None."""
    try:
        import yaml  # noqa: F401  (optional)
    except ImportError:
        return None
    other = yaml.safe_load(text)
    if other != doc:
        return "PyYAML reads the file differently from the subset parser"
    return None


def main(argv):
    args = [a for a in argv[1:] if not a.startswith("-")]
    flags = {a for a in argv[1:] if a.startswith("-")}
    unknown = flags - {"--user", "-v", "--verbose", "-h", "--help"}
    if unknown or len(args) > 1 or flags & {"-h", "--help"}:
        sys.stdout.write(__doc__)
        return 0 if flags & {"-h", "--help"} and not unknown else 2
    path = args[0] if args else os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                             "blocking-catalogue.yaml")
    with open(path, encoding="utf-8") as f:
        text = f.read()
    try:
        doc = load_yaml_subset(text)
    except YamlSubsetError as e:
        print("%s: %s" % (path, e))
        return 1
    rep, stats = validate(doc, user="--user" in flags)
    msg = _cross_check(doc, text)
    if msg:
        rep.error("document", msg)
    for err in rep.errors:
        print("%s: error: %s" % (path, err))
    if flags & {"-v", "--verbose"}:
        for n in rep.notes:
            print("%s: note: %s" % (path, n))
    if rep.errors:
        print("%s: %d error(s)" % (path, len(rep.errors)))
        return 1
    print("%s: OK: %d categories, %d entries, %d names (%d distinct): "
          "%d functions, %d patterns, %d constructors, %d destructors, %d objects; "
          "%d nonblocking; %d name(s) in more than one category%s"
          % (path, stats["categories"], stats["entries"], stats["names"], stats["distinct"],
             stats["functions"], stats["patterns"], stats["constructors"],
             stats["destructors"], stats["objects"], stats["nonblocking"], len(rep.notes),
             "" if flags & {"-v", "--verbose"} or not rep.notes else " (-v lists them)"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
