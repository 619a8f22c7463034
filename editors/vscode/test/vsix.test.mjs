// Packages the extension with @vscode/vsce, as a release would, and checks
// what the .vsix holds.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { extensionRoot, require, temporaryDirectory } from './helpers.mjs';
import { readZip } from './zip.mjs';

let entries;

before(() => {
  // Package a copy, so that the production build vsce triggers does not
  // rewrite dist/ under the feet of tests running beside this one.
  const copy = temporaryDirectory();
  for (const name of ['package.json', 'package-lock.json', 'README.md', 'LICENSE', '.vscodeignore', 'esbuild.mjs', 'tsconfig.json', 'src']) {
    cpSync(join(extensionRoot, name), join(copy, name), { recursive: true });
  }
  symlinkSync(join(extensionRoot, 'node_modules'), join(copy, 'node_modules'), 'dir');
  const vsix = join(copy, 'corolint.vsix');
  execFileSync(process.execPath, [join(extensionRoot, 'node_modules/@vscode/vsce/vsce'), 'package', '--no-dependencies', '--allow-missing-repository', '-o', vsix], {
    cwd: copy,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  entries = readZip(readFileSync(vsix));
});

test('the .vsix holds the manifest, the bundle, the README and the license', () => {
  const names = [...entries.keys()];
  for (const required of ['extension.vsixmanifest', 'extension/package.json', 'extension/dist/extension.js']) {
    assert.ok(names.includes(required), `${required} in ${names}`);
  }
  assert.ok(names.some((name) => /^extension\/readme\.md$/i.test(name)), `a README in ${names}`);
  assert.ok(names.some((name) => /^extension\/license(\.txt)?$/i.test(name)), `a LICENSE in ${names}`);
});

test('the .vsix holds no sources, tests, maps or node_modules', () => {
  const unwanted = [...entries.keys()].filter((name) =>
    /node_modules\/|^extension\/(src|test)\/|\.ts$|\.map$|tsconfig|esbuild/.test(name),
  );
  assert.deepEqual(unwanted, []);
});

test('the packaged manifest points at the bundle and declares the settings', () => {
  const manifest = JSON.parse(entries.get('extension/package.json')().toString('utf8'));
  assert.equal(manifest.main, './dist/extension.js');
  assert.ok(manifest.contributes.configuration.properties['corolint.path']);
  assert.ok(manifest.contributes.commands.some((command) => command.command === 'corolint.restart'));
});

test('the packaged bundle loads with nothing but `vscode` and Node built-ins', () => {
  const directory = temporaryDirectory(); // no node_modules anywhere above it
  const bundle = join(directory, 'extension.js');
  writeFileSync(bundle, entries.get('extension/dist/extension.js')());
  const fakeVscode = require.resolve('./fakes/vscode.js');
  const originalResolve = Module._resolveFilename;
  Module._resolveFilename = function resolve(request, ...rest) {
    return request === 'vscode' ? fakeVscode : originalResolve.call(this, request, ...rest);
  };
  try {
    const extension = require(bundle);
    assert.equal(typeof extension.activate, 'function');
    assert.equal(typeof extension.deactivate, 'function');
  } finally {
    Module._resolveFilename = originalResolve;
  }
});
