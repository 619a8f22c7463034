// The extension as shipped (vscode-languageclient bundled in) against a
// server process: a stand-in for `corolint lsp`, and the real binary when
// COROLINT names one. Only `vscode` is faked.
import assert from 'node:assert/strict';
import * as esbuild from 'esbuild';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { join } from 'node:path';
import { afterEach, beforeEach, test } from 'node:test';
import { extensionRoot, require, temporaryDirectory, writeExecutable } from './helpers.mjs';

const fakeVscodePath = require.resolve('./fakes/vscode.js');
const originalResolve = Module._resolveFilename;
Module._resolveFilename = function resolve(request, ...rest) {
  return request === 'vscode' ? fakeVscodePath : originalResolve.call(this, request, ...rest);
};

// The same bundle as dist/extension.js, built aside so no other test's build
// can change it while this one runs.
const bundle = join(temporaryDirectory(), 'extension.js');
await esbuild.build({
  entryPoints: [join(extensionRoot, 'src/extension.ts')],
  bundle: true,
  outfile: bundle,
  format: 'cjs',
  platform: 'node',
  external: ['vscode'],
  logLevel: 'error',
});
const extension = require(bundle);
const { fake } = require(fakeVscodePath);

const stubServer = join(extensionRoot, 'test/fakes/server.mjs');
let context;
let stubLog;

function logEntries() {
  return existsSync(stubLog)
    ? readFileSync(stubLog, 'utf8').trim().split('\n').filter(Boolean).map((line) => JSON.parse(line))
    : [];
}

async function waitFor(description, condition, timeoutMs = 10000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = condition();
    if (value) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  assert.fail(`timed out waiting for ${description}; stub log: ${JSON.stringify(logEntries())}`);
}

beforeEach(() => {
  fake.reset();
  context = { subscriptions: [] };
  const directory = temporaryDirectory();
  stubLog = join(directory, 'messages.jsonl');
  process.env.STUB_LOG = stubLog;
  process.env.STUB_DOCUMENT = `file://${directory}/task.cpp`;
  writeExecutable(join(directory, 'bin', 'corolint'), `exec "${process.execPath}" "${stubServer}" "$@"\n`);
  fake.settings['corolint.path'] = join(directory, 'bin', 'corolint');
});

afterEach(async () => {
  await extension.deactivate();
  for (const subscription of context.subscriptions) subscription.dispose();
});

test('starts the server with its arguments and shows the diagnostics it publishes', async () => {
  fake.settings['corolint.arguments'] = ['--checks=unawaited-task'];
  await extension.activate(context);

  const [{ argv }] = logEntries();
  assert.deepEqual(argv, ['lsp', '--checks=unawaited-task']);
  const initialize = logEntries().find((entry) => entry.method === 'initialize');
  assert.equal(initialize.params.processId, process.pid);
  assert.ok(initialize.params.capabilities.textDocument.publishDiagnostics, 'client announces diagnostics');

  const diagnostics = await waitFor('the published diagnostic', () => fake.diagnosticsByUri.get(process.env.STUB_DOCUMENT));
  assert.equal(diagnostics.length, 1);
  assert.match(diagnostics[0].message, /never awaited \[unawaited-task\]/);
  assert.equal(diagnostics[0].code, 'unawaited-task');
  assert.equal(diagnostics[0].source, 'corolint');
  assert.deepEqual({ ...diagnostics[0].range.start }, { line: 4, character: 2 });
});

test('restart shuts the server down and starts a new process', async () => {
  await extension.activate(context);
  const first = logEntries()[0].pid;
  await fake.registeredCommands.get('corolint.restart')();

  const methodsOf = (pid) => logEntries().filter((entry) => entry.pid === pid && entry.method).map((entry) => entry.method);
  await waitFor('the first server to exit', () => methodsOf(first).includes('exit'));
  assert.deepEqual(methodsOf(first).slice(-2), ['shutdown', 'exit']);
  const second = logEntries().find((entry) => entry.argv && entry.pid !== first);
  assert.ok(second, 'a second server process was started');
  await waitFor('the second server to be initialized', () => methodsOf(second.pid).includes('initialized'));
});

test('deactivate shuts the server down cleanly', async () => {
  await extension.activate(context);
  await extension.deactivate();
  await waitFor('exit', () => logEntries().some((entry) => entry.method === 'exit'));
  const methods = logEntries().filter((entry) => entry.method).map((entry) => entry.method);
  assert.deepEqual(methods, ['initialize', 'initialized', 'shutdown', 'exit']);
});

const realBinary = process.env.COROLINT;
test(
  'the real `corolint lsp` initializes and shuts down',
  { skip: realBinary && existsSync(realBinary) ? false : 'set COROLINT to the corolint binary to run this' },
  async () => {
    fake.settings['corolint.path'] = realBinary;
    fake.workspaceFolders = [temporaryDirectory()];
    writeFileSync(join(fake.workspaceFolders[0], 'compile_commands.json'), '[]\n');
    await extension.activate(context);
    assert.deepEqual(fake.errorMessages, [], 'the client started without an error');
    await extension.deactivate();
  },
);
