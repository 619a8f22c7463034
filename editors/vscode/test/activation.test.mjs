// Activation, settings, the missing-binary message and restart, with
// stand-ins for `vscode` and the language client.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { buildWithFakes, require, temporaryDirectory, writeExecutable } from './helpers.mjs';

const extension = await buildWithFakes('src/extension.ts');
const { fake } = require('./fakes/vscode.js');
const { record } = require('./fakes/languageclient.js');

const savedPath = process.env.PATH;
let context;
let binDirectory;

function activeClients() {
  return record.clients.filter((client) => client.state === 'running');
}

/** Lets the restarts a settings change queued run to their end. */
function settle() {
  return new Promise((resolve) => setImmediate(resolve));
}

async function runCommand(name) {
  const handler = fake.registeredCommands.get(name);
  assert.ok(handler, `command ${name} is registered`);
  await handler();
}

beforeEach(() => {
  fake.reset();
  record.reset();
  context = { subscriptions: [] };
  binDirectory = temporaryDirectory();
  process.env.PATH = binDirectory;
});

afterEach(async () => {
  await extension.deactivate();
  for (const subscription of context.subscriptions) subscription.dispose();
  process.env.PATH = savedPath;
});

describe('activation', () => {
  test('starts `corolint lsp` found on PATH for C and C++ files', async () => {
    const binary = writeExecutable(join(binDirectory, 'corolint'));
    await extension.activate(context);

    assert.equal(record.clients.length, 1);
    const [client] = record.clients;
    assert.equal(client.state, 'running');
    assert.equal(client.id, 'corolint', 'the id makes the client read corolint.trace.server');
    assert.equal(client.serverOptions.command, binary);
    assert.deepEqual(client.serverOptions.args, ['lsp']);
    const languages = client.clientOptions.documentSelector.map((filter) => filter.language);
    assert.ok(languages.includes('c') && languages.includes('cpp'), `selector covers c and cpp: ${languages}`);
    assert.ok(client.clientOptions.documentSelector.every((filter) => filter.scheme === 'file'));
    assert.equal(client.clientOptions.synchronize.fileEvents.pattern, '**/{compile_commands.json,.corolint.yaml}');
    assert.deepEqual(fake.errorMessages, []);
  });

  test('uses the configured path and arguments', async () => {
    const binary = writeExecutable(join(temporaryDirectory(), 'opt', 'corolint-19'));
    fake.settings['corolint.path'] = binary;
    fake.settings['corolint.arguments'] = ['-p', 'build', '--checks=blocking-call,unawaited-task'];
    await extension.activate(context);

    const [client] = record.clients;
    assert.equal(client.serverOptions.command, binary);
    assert.deepEqual(client.serverOptions.args, ['lsp', '-p', 'build', '--checks=blocking-call,unawaited-task']);
  });

  test('resolves a relative path and ${workspaceFolder} against the workspace', async () => {
    const workspace = temporaryDirectory();
    const binary = writeExecutable(join(workspace, 'build', 'tool', 'corolint'));
    fake.workspaceFolders = [workspace];

    fake.settings['corolint.path'] = 'build/tool/corolint';
    await extension.activate(context);
    assert.equal(record.clients[0].serverOptions.command, binary);
    assert.equal(record.clients[0].serverOptions.options.cwd, workspace);

    fake.settings['corolint.path'] = '${workspaceFolder}/build/tool/corolint';
    await runCommand('corolint.restart');
    assert.equal(record.clients[1].serverOptions.command, binary);
  });

  test('does nothing when corolint.enable is false', async () => {
    writeExecutable(join(binDirectory, 'corolint'));
    fake.settings['corolint.enable'] = false;
    await extension.activate(context);
    assert.equal(record.clients.length, 0);
    assert.deepEqual(fake.errorMessages, []);
    assert.ok(fake.registeredCommands.has('corolint.restart'), 'restart is still there to turn it on');
  });

  test('reports a start failure', async () => {
    writeExecutable(join(binDirectory, 'corolint'));
    record.startFailure = 'spawn EACCES';
    await extension.activate(context);
    assert.equal(fake.errorMessages.length, 1);
    assert.match(fake.errorMessages[0].message, /did not start: spawn EACCES/);
  });
});

describe('missing binary', () => {
  test('shows an error naming the binary and the setting, and starts nothing', async () => {
    await extension.activate(context);
    assert.equal(record.clients.length, 0);
    assert.equal(fake.errorMessages.length, 1);
    const [{ message, items }] = fake.errorMessages;
    assert.match(message, /cannot find the language server executable "corolint"/);
    assert.match(message, /corolint\.path/);
    assert.deepEqual(items, ['Open Settings']);
    assert.ok(fake.outputLines.some((line) => line.includes('cannot find')), 'also logged');
  });

  test('a configured path that is not executable counts as missing', async () => {
    const directory = temporaryDirectory();
    fake.settings['corolint.path'] = directory; // a directory, not a file
    await extension.activate(context);
    assert.equal(record.clients.length, 0);
    assert.match(fake.errorMessages[0].message, new RegExp(`"${directory}"`));
  });

  test('"Open Settings" opens the corolint.path setting', async () => {
    fake.errorChoice = 'Open Settings';
    await extension.activate(context);
    await settle();
    assert.deepEqual(fake.executedCommands, [['workbench.action.openSettings', 'corolint.path']]);
  });

  test('restart after installing the binary starts the server', async () => {
    await extension.activate(context);
    assert.equal(record.clients.length, 0);
    const binary = writeExecutable(join(binDirectory, 'corolint'));
    await runCommand('corolint.restart');
    assert.equal(activeClients().length, 1);
    assert.equal(activeClients()[0].serverOptions.command, binary);
  });
});

describe('restart', () => {
  test('the command stops the running client and starts one with the current settings', async () => {
    writeExecutable(join(binDirectory, 'corolint'));
    await extension.activate(context);
    fake.settings['corolint.arguments'] = ['--checks=blocking-call'];
    await runCommand('corolint.restart');

    assert.equal(record.clients.length, 2);
    assert.equal(record.clients[0].state, 'stopped');
    assert.equal(record.clients[1].state, 'running');
    assert.deepEqual(record.clients[1].serverOptions.args, ['lsp', '--checks=blocking-call']);
  });

  test('restarts run one at a time, leaving exactly one client', async () => {
    writeExecutable(join(binDirectory, 'corolint'));
    await extension.activate(context);
    await Promise.all([runCommand('corolint.restart'), runCommand('corolint.restart'), runCommand('corolint.restart')]);
    assert.equal(record.clients.length, 4);
    assert.equal(activeClients().length, 1);
    assert.equal(activeClients()[0], record.clients[3]);
  });

  test('changing path, arguments or enable restarts; other settings do not', async () => {
    writeExecutable(join(binDirectory, 'corolint'));
    await extension.activate(context);

    fake.changeSettings({ 'editor.fontSize': 14, 'corolint.trace.server': 'verbose' });
    await settle();
    assert.equal(record.clients.length, 1, 'trace.server is applied by the client itself');

    fake.changeSettings({ 'corolint.arguments': ['-p', 'out'] });
    await settle();
    assert.equal(activeClients().length, 1);
    assert.deepEqual(activeClients()[0].serverOptions.args, ['lsp', '-p', 'out']);

    fake.changeSettings({ 'corolint.enable': false });
    await settle();
    assert.equal(activeClients().length, 0, 'disabling stops the server');
  });

  test('deactivate stops the client', async () => {
    writeExecutable(join(binDirectory, 'corolint'));
    await extension.activate(context);
    await extension.deactivate();
    assert.equal(record.clients[0].state, 'stopped');
  });
});
