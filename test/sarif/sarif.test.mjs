// Validates `corolint check --format=sarif` against the official SARIF 2.1.0
// JSON schema (as shipped in @microsoft/jest-sarif) with ajv, on findings with
// notes, fixes and a failed file, and checks what GitHub code scanning needs
// beyond the schema. COROLINT names the binary (default: build/tool/corolint).
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, copyFileSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Ajv from "ajv-draft-04";
import addFormats from "ajv-formats";

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../..");
const corolint = process.env.COROLINT ?? path.join(root, "build/tool/corolint");
const inputs = path.join(root, "test/cli/Inputs");
const cxxflags = ["-std=c++20", `-I${path.join(root, "test/Inputs")}`];

const schema = JSON.parse(
  readFileSync(require.resolve("@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json"), "utf8"),
);
// The schema's pattern for "language" has a stray "]" that is an error only
// in Unicode mode: compile its patterns the way draft-04 validators did.
const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats(ajv);
const validate = ajv.compile(schema);

/** Runs corolint in dir and returns the parsed SARIF log and the exit status. */
function sarif(dir, args, flags = cxxflags) {
  let stdout;
  let status = 0;
  try {
    stdout = execFileSync(corolint, ["check", "--format=sarif", "--no-cache", ...args, "--", ...flags], {
      cwd: dir,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    });
  } catch (e) {
    stdout = e.stdout;
    status = e.status;
  }
  return { log: JSON.parse(stdout), status };
}

function assertValid(log) {
  const ok = validate(log);
  assert.ok(ok, ajv.errorsText(validate.errors, { separator: "\n" }));
}

const skip = existsSync(corolint) ? false : `no corolint binary at ${corolint}`;

test("findings with notes and fixes validate against the SARIF 2.1.0 schema", { skip }, (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), "corolint-sarif-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(path.join(dir, "src"));
  copyFileSync(path.join(inputs, "formats.cpp"), path.join(dir, "src/formats.cpp"));
  const { log, status } = sarif(dir, ["src/formats.cpp"]);
  assert.equal(status, 1);
  assertValid(log);

  const run = log.runs[0];
  const rules = run.tool.driver.rules;
  assert.ok(rules.length >= 3);
  assert.ok(run.results.length >= 4);
  for (const r of run.results) {
    assert.equal(rules[r.ruleIndex].id, r.ruleId);
    const loc = r.locations[0].physicalLocation;
    assert.equal(loc.artifactLocation.uri, "src/formats.cpp");
    assert.equal(loc.artifactLocation.uriBaseId, "%SRCROOT%");
    assert.match(r.partialFingerprints["corolintFingerprint/v1"], /^[0-9a-f]{16}:\d+$/);
  }
  assert.ok(run.results.some((r) => r.relatedLocations?.length), "a note became a related location");
  assert.ok(run.results.some((r) => r.fixes?.length), "a fix-it became a fix");
  assert.equal(run.originalUriBaseIds["%SRCROOT%"].uri, `file://${dir}/`);
});

test("a file that does not compile validates as a failed invocation", { skip }, () => {
  const { log, status } = sarif(inputs, ["broken.cpp", "clean.cpp"]);
  assert.equal(status, 2);
  assertValid(log);
  const invocation = log.runs[0].invocations[0];
  assert.equal(invocation.executionSuccessful, false);
  assert.match(invocation.toolExecutionNotifications[0].message.text, /does not compile/);
});

test("the examples project validates, call chains and all", { skip }, () => {
  const examples = path.join(root, "examples");
  const files = ["echo_server.cpp", "pipeline.cpp", "storage.cpp"];
  const flags = ["-std=c++20", "-DASIO_HAS_CO_AWAIT", "-DASIO_HAS_STD_COROUTINE"];
  const { log, status } = sarif(examples, files, flags);
  assert.equal(status, 1);
  assertValid(log);
  const uris = new Set(log.runs[0].results.map((r) => r.locations[0].physicalLocation.artifactLocation.uri));
  assert.ok(uris.has("echo_server.cpp") && uris.has("pipeline.cpp"), [...uris].join(" "));
});

test("a clean run validates with no results", { skip }, () => {
  const { log, status } = sarif(inputs, ["clean.cpp"]);
  assert.equal(status, 0);
  assertValid(log);
  assert.deepEqual(log.runs[0].results, []);
});

test("the validator rejects what the schema forbids", () => {
  assert.equal(validate({ version: "2.1.0", runs: [{ tool: { driver: {} } }] }), false);
  assert.equal(validate({ version: "2.0.0", runs: [] }), false);
});
