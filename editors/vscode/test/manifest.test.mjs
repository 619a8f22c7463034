// package.json: what VS Code reads before any of our code runs.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { buildWithFakes, extensionRoot } from './helpers.mjs';

const manifest = JSON.parse(readFileSync(join(extensionRoot, 'package.json'), 'utf8'));
const properties = manifest.contributes.configuration.properties;

test('settings are declared with their types and defaults', () => {
  assert.equal(properties['corolint.enable'].type, 'boolean');
  assert.equal(properties['corolint.enable'].default, true);
  assert.equal(properties['corolint.path'].type, 'string');
  assert.equal(properties['corolint.path'].default, 'corolint');
  assert.equal(properties['corolint.arguments'].type, 'array');
  assert.equal(properties['corolint.arguments'].items.type, 'string');
  assert.deepEqual(properties['corolint.arguments'].default, []);
  assert.deepEqual(properties['corolint.trace.server'].enum, ['off', 'messages', 'verbose']);
  assert.equal(properties['corolint.trace.server'].default, 'off');
});

test('the restart command is contributed', () => {
  const commands = manifest.contributes.commands.map((command) => command.command);
  assert.deepEqual(commands, ['corolint.restart']);
});

test('activates for every language the client serves', async () => {
  const { languages } = await buildWithFakes('src/extension.ts');
  assert.ok(languages.includes('c') && languages.includes('cpp'));
  assert.deepEqual(
    manifest.activationEvents,
    languages.map((language) => `onLanguage:${language}`),
  );
});

test('the entry point is the esbuild bundle and the engine matches the client library', () => {
  assert.equal(manifest.main, './dist/extension.js');
  const clientManifest = JSON.parse(
    readFileSync(join(extensionRoot, 'node_modules/vscode-languageclient/package.json'), 'utf8'),
  );
  assert.equal(manifest.engines.vscode, clientManifest.engines.vscode);
  assert.equal(manifest.devDependencies['@types/vscode'].replace(/^[~^]/, ''), manifest.engines.vscode.replace(/^[~^]/, ''));
});
