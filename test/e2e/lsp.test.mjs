// End-to-end: the npm vscode-languageserver-protocol client (the protocol
// layer VS Code's language client is built on) drives `corolint lsp` over
// stdio. Run with `node --test` from this folder; COROLINT names the binary
// (default: ../../build/tool/corolint).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  CancellationTokenSource,
  ResponseError,
  InitializeRequest,
  InitializedNotification,
  DidOpenTextDocumentNotification,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  PublishDiagnosticsNotification,
  CodeActionRequest,
  HoverRequest,
  DocumentDiagnosticRequest,
  ShutdownRequest,
  ExitNotification,
  ConfigurationRequest,
} from 'vscode-languageserver-protocol/node.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');
const corolint = process.env.COROLINT ?? path.join(root, 'build', 'tool', 'corolint');

// A project with a compile database; the emoji makes UTF-16 columns differ
// from byte columns on the line of the finding.
const project = fs.mkdtempSync(path.join(os.tmpdir(), 'corolint-e2e-'));
const file = path.join(project, 'main.cpp');
const uri = pathToFileURL(file).href;
const text = [
  '#include "coro.h"',
  '#include <thread>',
  'test::task<int> compute() { co_return 1; }',
  'test::task<void> caller() {',
  '  /* 😀 */ compute();',
  '  std::this_thread::yield();',
  '  co_return;',
  '}',
  '',
].join('\n');
fs.writeFileSync(file, text);
fs.writeFileSync(path.join(project, 'compile_commands.json'), JSON.stringify([{
  directory: project, file,
  arguments: ['clang++', '-std=c++20', `-I${path.join(root, 'test', 'Inputs')}`, '-c', file],
}]));

/** Starts a server and a client connection to it. */
function startServer(args = []) {
  const proc = spawn(corolint, ['lsp', '--log=error', ...args], { stdio: ['pipe', 'pipe', 'inherit'] });
  const connection = createProtocolConnection(
    new StreamMessageReader(proc.stdout), new StreamMessageWriter(proc.stdin));
  const published = [];
  const waiters = [];
  connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
    published.push(params);
    for (const w of waiters.splice(0)) w();
  });
  connection.onRequest(ConfigurationRequest.type, (params) => params.items.map(() => ({})));
  connection.listen();
  const exited = new Promise((resolve) => proc.on('exit', (code) => resolve(code)));
  /** Resolves with the first publication matching pred. */
  async function diagnostics(pred, timeoutMs = 60000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const hit = published.find(pred);
      if (hit) return hit;
      if (Date.now() > deadline) throw new Error('no matching publishDiagnostics');
      await new Promise((resolve) => { waiters.push(resolve); setTimeout(resolve, 200); });
    }
  }
  return { proc, connection, diagnostics, exited };
}

const utf16Client = {
  general: { positionEncodings: ['utf-16'] },
  textDocument: {
    publishDiagnostics: { versionSupport: true, relatedInformation: true, codeDescriptionSupport: true, dataSupport: true },
    codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } } },
    hover: { contentFormat: ['markdown', 'plaintext'] },
  },
  workspace: { configuration: true },
};

let server;
before(async () => {
  server = startServer();
});
after(async () => {
  server.proc.kill();
  fs.rmSync(project, { recursive: true, force: true });
});

test('initialize negotiates UTF-16 and announces the features', async () => {
  const result = await server.connection.sendRequest(InitializeRequest.type, {
    processId: process.pid, rootUri: pathToFileURL(project).href, capabilities: utf16Client,
  });
  assert.equal(result.capabilities.positionEncoding, 'utf-16');
  assert.deepEqual(result.capabilities.textDocumentSync, { openClose: true, change: 2, save: false });
  assert.equal(result.capabilities.hoverProvider, true);
  assert.equal(result.serverInfo.name, 'corolint');
  await server.connection.sendNotification(InitializedNotification.type, {});
});

test('opening a file publishes the findings with UTF-16 positions', async () => {
  await server.connection.sendNotification(DidOpenTextDocumentNotification.type, {
    textDocument: { uri, languageId: 'cpp', version: 1, text },
  });
  const published = await server.diagnostics((p) => p.uri === uri && p.version === 1);
  const unawaited = published.diagnostics.find((d) => d.code === 'unawaited-task');
  assert.ok(unawaited, JSON.stringify(published));
  // "  /* 😀 */ " is 11 UTF-16 code units (the emoji is a surrogate pair).
  assert.deepEqual(unawaited.range.start, { line: 4, character: 11 });
  assert.equal(unawaited.source, 'corolint');
  assert.match(unawaited.codeDescription.href, /checks\/unawaited-task\.md$/);
  assert.equal(unawaited.data.fixes[0].newText, 'co_await ');
});

test('hover on a finding shows the check documentation', async () => {
  const hover = await server.connection.sendRequest(HoverRequest.type, {
    textDocument: { uri }, position: { line: 4, character: 13 },
  });
  assert.equal(hover.contents.kind, 'markdown');
  assert.match(hover.contents.value, /## What it does/);
});

test('the co_await quick fix applies and the finding goes away', async () => {
  const published = await server.diagnostics((p) => p.uri === uri && p.version === 1);
  const unawaited = published.diagnostics.find((d) => d.code === 'unawaited-task');
  const actions = await server.connection.sendRequest(CodeActionRequest.type, {
    textDocument: { uri }, range: unawaited.range, context: { diagnostics: [unawaited] },
  });
  const fix = actions.find((a) => a.isPreferred);
  assert.equal(fix.title, "insert 'co_await ' [unawaited-task]");
  assert.ok(actions.some((a) => a.title === 'suppress with NOLINT(unawaited-task)'));
  const edits = fix.edit.changes[uri];
  await server.connection.sendNotification(DidChangeTextDocumentNotification.type, {
    textDocument: { uri, version: 2 },
    contentChanges: edits.map((e) => ({ range: e.range, text: e.newText })),
  });
  const after = await server.diagnostics((p) => p.uri === uri && p.version === 2);
  assert.deepEqual(after.diagnostics.map((d) => d.code), []);
});

test('closing the file clears its diagnostics', async () => {
  await server.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  const cleared = await server.diagnostics((p) => p.uri === uri && p.version === undefined);
  assert.deepEqual(cleared.diagnostics, []);
});

test('shutdown then exit ends the server with code 0', async () => {
  await server.connection.sendRequest(ShutdownRequest.type);
  await server.connection.sendNotification(ExitNotification.type);
  assert.equal(await server.exited, 0);
});

test('a pull client can cancel a diagnostic request', async () => {
  const pull = startServer(['--debounce-ms=300']);
  const caps = { ...utf16Client, textDocument: { ...utf16Client.textDocument, diagnostic: {} } };
  const init = await pull.connection.sendRequest(InitializeRequest.type, {
    processId: process.pid, rootUri: null, capabilities: caps,
  });
  assert.ok(init.capabilities.diagnosticProvider);
  await pull.connection.sendNotification(DidOpenTextDocumentNotification.type, {
    textDocument: { uri, languageId: 'cpp', version: 1, text },
  });
  const report = await pull.connection.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri } });
  assert.equal(report.kind, 'full');
  assert.ok(report.items.some((d) => d.code === 'unawaited-task'));

  // An edit, then a pull for it, cancelled while it waits for the debounce.
  await pull.connection.sendNotification(DidChangeTextDocumentNotification.type, {
    textDocument: { uri, version: 2 }, contentChanges: [{ text: text + '// edited\n' }],
  });
  const source = new CancellationTokenSource();
  const pending = pull.connection.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri } }, source.token);
  source.cancel();
  await assert.rejects(pending, (err) => err instanceof ResponseError && err.code === -32800);

  await pull.connection.sendRequest(ShutdownRequest.type);
  await pull.connection.sendNotification(ExitNotification.type);
  assert.equal(await pull.exited, 0);
});
