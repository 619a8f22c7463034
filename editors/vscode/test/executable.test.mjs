// findExecutable: how corolint.path becomes the file that is started.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { buildWithFakes, temporaryDirectory, writeExecutable } from './helpers.mjs';

const { findExecutable, expandPath } = await buildWithFakes('src/executable.ts');

function lookup(overrides = {}) {
  return { pathVariable: '', baseDirectory: undefined, workspaceFolder: undefined, ...overrides };
}

describe('findExecutable', () => {
  test('searches PATH in order for a bare name', () => {
    const first = temporaryDirectory();
    const second = temporaryDirectory();
    const binary = writeExecutable(join(second, 'corolint'));
    writeExecutable(join(temporaryDirectory(), 'corolint'));
    assert.equal(findExecutable('corolint', lookup({ pathVariable: `${first}::${second}` })), binary);
  });

  test('skips files that are not executable and directories', () => {
    const notExecutable = temporaryDirectory();
    writeFileSync(join(notExecutable, 'corolint'), 'not a program');
    const isDirectory = temporaryDirectory();
    mkdirSync(join(isDirectory, 'corolint'));
    const real = temporaryDirectory();
    const binary = writeExecutable(join(real, 'corolint'));
    const pathVariable = [notExecutable, isDirectory, real].join(':');
    assert.equal(findExecutable('corolint', lookup({ pathVariable })), binary);
    assert.equal(findExecutable('corolint', lookup({ pathVariable: `${notExecutable}:${isDirectory}` })), undefined);
  });

  test('returns undefined when nothing matches', () => {
    assert.equal(findExecutable('corolint', lookup({ pathVariable: temporaryDirectory() })), undefined);
    assert.equal(findExecutable('corolint', lookup({ pathVariable: undefined })), undefined);
    assert.equal(findExecutable('', lookup()), undefined);
    assert.equal(findExecutable('/nonexistent/corolint', lookup()), undefined);
  });

  test('takes a path with a separator as a file, relative to the base directory', () => {
    const workspace = temporaryDirectory();
    const binary = writeExecutable(join(workspace, 'build', 'tool', 'corolint'));
    assert.equal(findExecutable(binary, lookup()), binary);
    assert.equal(findExecutable('build/tool/corolint', lookup({ baseDirectory: workspace })), binary);
    assert.equal(findExecutable('./build/tool/corolint', lookup({ baseDirectory: workspace })), binary);
    // A path is never looked up on PATH.
    assert.equal(findExecutable('tool/corolint', lookup({ pathVariable: join(workspace, 'build') })), undefined);
  });

  test('expands ${workspaceFolder} and ~', () => {
    const workspace = temporaryDirectory();
    const binary = writeExecutable(join(workspace, 'bin', 'corolint'));
    assert.equal(findExecutable('${workspaceFolder}/bin/corolint', lookup({ workspaceFolder: workspace })), binary);
    assert.equal(expandPath('~/bin/corolint', lookup()), join(homedir(), 'bin/corolint'));
    assert.equal(expandPath('  corolint ', lookup()), 'corolint');
    assert.equal(expandPath('${workspaceFolder}/x', lookup()), '${workspaceFolder}/x', 'left alone without a folder');
  });
});
