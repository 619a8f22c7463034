// Shared by the tests: builds the extension's sources with stand-ins, and
// makes throwaway executables.
import * as esbuild from 'esbuild';
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const extensionRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
export const require = createRequire(import.meta.url);

const fakes = {
  vscode: join(extensionRoot, 'test/fakes/vscode.js'),
  'vscode-languageclient/node': join(extensionRoot, 'test/fakes/languageclient.js'),
};

/**
 * Bundles `entry` (a file under src/) into a temporary CommonJS module whose
 * `vscode` and `vscode-languageclient/node` imports load the stand-ins in
 * test/fakes, the same instances the test requires.
 */
export async function buildWithFakes(entry) {
  const outfile = join(mkdtempSync(join(tmpdir(), 'corolint-vscode-test-')), 'bundle.js');
  await esbuild.build({
    entryPoints: [join(extensionRoot, entry)],
    bundle: true,
    outfile,
    format: 'cjs',
    platform: 'node',
    logLevel: 'error',
    plugins: [
      {
        name: 'fakes',
        setup(build) {
          build.onResolve({ filter: /^vscode(-languageclient\/node)?$/ }, (args) => ({
            path: fakes[args.path],
            external: true,
          }));
        },
      },
    ],
  });
  return require(outfile);
}

export function temporaryDirectory() {
  return mkdtempSync(join(tmpdir(), 'corolint-vscode-test-'));
}

/** Writes an executable shell script at `path` (directories created). */
export function writeExecutable(path, body = 'exit 0\n') {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `#!/bin/sh\n${body}`);
  chmodSync(path, 0o755);
  return path;
}
