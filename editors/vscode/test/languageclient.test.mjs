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
let projectDirectory;

const taskSource = [
  '#include "task.h"',
  'task<int> fetch();',
  'task<void> run() {',
  '  co_await fetch();',
  '  fetch();',
  '  co_return;',
  '}',
].join('\n');

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
  projectDirectory = directory;
  stubLog = join(directory, 'messages.jsonl');
  process.env.STUB_LOG = stubLog;
  writeExecutable(join(directory, 'bin', 'corolint'), `exec "${process.execPath}" "${stubServer}" "$@"\n`);
  fake.settings['corolint.path'] = join(directory, 'bin', 'corolint');
});

afterEach(async () => {
  await extension.deactivate();
  for (const subscription of context.subscriptions) subscription.dispose();
});

test('starts the server with its arguments, sends it C++ files and shows its diagnostics', async () => {
  fake.settings['corolint.arguments'] = ['--checks=unawaited-task'];
  await extension.activate(context);
  const document = fake.openDocument(join(projectDirectory, 'task.cpp'), 'cpp', taskSource);

  const [{ argv }] = logEntries();
  assert.deepEqual(argv, ['lsp', '--checks=unawaited-task']);
  const initialize = logEntries().find((entry) => entry.method === 'initialize');
  assert.equal(initialize.params.processId, process.pid);
  assert.ok(initialize.params.capabilities.textDocument.publishDiagnostics, 'client announces diagnostics');

  const didOpen = await waitFor('didOpen', () => logEntries().find((entry) => entry.method === 'textDocument/didOpen'));
  assert.equal(didOpen.params.textDocument.languageId, 'cpp');
  assert.equal(didOpen.params.textDocument.text, taskSource);
  const diagnostics = await waitFor('the published diagnostic', () => fake.diagnosticsByUri.get(document.uri.toString()));
  assert.equal(diagnostics.length, 1);
  assert.match(diagnostics[0].message, /never awaited \[unawaited-task\]/);
  assert.equal(diagnostics[0].code, 'unawaited-task');
  assert.equal(diagnostics[0].source, 'corolint');
  assert.deepEqual({ ...diagnostics[0].range.start }, { line: 4, character: 2 });
});

test('files of other languages are not sent to the server', async () => {
  await extension.activate(context);
  fake.openDocument(join(projectDirectory, 'notes.py'), 'python', 'fetch();\n');
  fake.openDocument(join(projectDirectory, 'plain.c'), 'c', 'int main(void) { return 0; }\n');
  await waitFor('the C file', () => logEntries().some((entry) => entry.method === 'textDocument/didOpen'));
  const opened = logEntries()
    .filter((entry) => entry.method === 'textDocument/didOpen')
    .map((entry) => entry.params.textDocument.languageId);
  assert.deepEqual(opened, ['c']);
});

test('corolint.trace.server logs the traffic to the corolint output channel', async () => {
  fake.settings['corolint.trace.server'] = 'verbose';
  await extension.activate(context);
  const traced = fake.outputLines.join('\n');
  assert.match(traced, /Sending request 'initialize/);
  assert.match(traced, /Received response 'initialize/);
});

test('with tracing off, nothing of the traffic is logged', async () => {
  await extension.activate(context);
  assert.doesNotMatch(fake.outputLines.join('\n'), /Sending request/);
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

// The real server, once `corolint lsp` exists: COROLINT_LSP_BINARY=build/tool/corolint.
const realBinary = process.env.COROLINT_LSP_BINARY;
test(
  'the real `corolint lsp` reports an unawaited task in an opened file',
  { skip: realBinary && existsSync(realBinary) ? false : 'set COROLINT_LSP_BINARY to a corolint binary with the language server' },
  async () => {
    fake.settings['corolint.path'] = realBinary;
    fake.workspaceFolders = [projectDirectory];
    writeFileSync(join(projectDirectory, 'task.h'), taskHeader);
    writeFileSync(join(projectDirectory, 'task.cpp'), taskSource);
    await extension.activate(context);
    assert.deepEqual(fake.errorMessages, [], 'the client started without an error');
    const document = fake.openDocument(join(projectDirectory, 'task.cpp'), 'cpp', taskSource);
    const diagnostics = await waitFor(
      'an unawaited-task diagnostic',
      () => fake.diagnosticsByUri.get(document.uri.toString())?.length > 0 && fake.diagnosticsByUri.get(document.uri.toString()),
      60000,
    );
    const finding = diagnostics.find((diagnostic) => /\[unawaited-task\]/.test(diagnostic.message));
    assert.ok(finding, `an unawaited-task finding in ${JSON.stringify(diagnostics)}`);
    assert.equal(finding.range.start.line, 4);
    await extension.deactivate();
  },
);

// A lazy task, for the real server to recognise.
const taskHeader = `#pragma once
#include <coroutine>
#include <exception>
template <typename T> struct task {
  struct promise_type {
    T value{};
    task get_return_object() { return {std::coroutine_handle<promise_type>::from_promise(*this)}; }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_value(T v) { value = v; }
    void unhandled_exception() { std::terminate(); }
  };
  std::coroutine_handle<promise_type> handle;
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) noexcept {}
  T await_resume() { return handle.promise().value; }
};
template <> struct task<void> {
  struct promise_type {
    task get_return_object() { return {std::coroutine_handle<promise_type>::from_promise(*this)}; }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() { std::terminate(); }
  };
  std::coroutine_handle<promise_type> handle;
};
`;
