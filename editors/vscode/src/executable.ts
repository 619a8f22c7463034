// Finds the corolint binary the way a shell would, so a missing one is
// reported before the language client tries (and fails) to spawn it.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export interface Lookup {
  /** The PATH to search for a bare command name. */
  pathVariable: string | undefined;
  /** Where a relative path such as `build/tool/corolint` starts. */
  baseDirectory: string | undefined;
  /** Replaces `${workspaceFolder}`; unset leaves the text as it is. */
  workspaceFolder: string | undefined;
  platform?: NodeJS.Platform;
  /** Windows only: the extensions a bare name may lack. */
  pathExt?: string;
}

/** `~/x` and `${workspaceFolder}/x` as a user writes them in settings. */
export function expandPath(configured: string, lookup: Lookup): string {
  let result = configured.trim();
  if (lookup.workspaceFolder !== undefined) {
    result = result.split('${workspaceFolder}').join(lookup.workspaceFolder);
  }
  if (result === '~' || result.startsWith('~/') || result.startsWith('~\\')) {
    result = path.join(os.homedir(), result.slice(1));
  }
  return result;
}

function isExecutableFile(candidate: string, platform: NodeJS.Platform): boolean {
  try {
    if (!fs.statSync(candidate).isFile()) {
      return false;
    }
    if (platform !== 'win32') {
      fs.accessSync(candidate, fs.constants.X_OK);
    }
    return true;
  } catch {
    return false;
  }
}

function withExtensions(candidate: string, lookup: Lookup): string[] {
  const platform = lookup.platform ?? process.platform;
  if (platform !== 'win32' || path.extname(candidate) !== '') {
    return [candidate];
  }
  const extensions = (lookup.pathExt ?? '.COM;.EXE;.BAT;.CMD').split(';').filter(Boolean);
  return [candidate, ...extensions.map((extension) => candidate + extension)];
}

/**
 * The absolute path of the executable `configured` names, or undefined when
 * there is none. A name without a directory separator is searched on PATH;
 * anything else is a file path, relative ones taken from `baseDirectory`.
 */
export function findExecutable(configured: string, lookup: Lookup): string | undefined {
  const platform = lookup.platform ?? process.platform;
  const expanded = expandPath(configured, lookup);
  if (expanded === '') {
    return undefined;
  }
  const hasSeparator = expanded.includes('/') || (platform === 'win32' && expanded.includes('\\'));
  if (hasSeparator) {
    const absolute = path.resolve(lookup.baseDirectory ?? process.cwd(), expanded);
    return withExtensions(absolute, lookup).find((candidate) => isExecutableFile(candidate, platform));
  }
  const delimiter = platform === 'win32' ? ';' : ':';
  for (const directory of (lookup.pathVariable ?? '').split(delimiter)) {
    if (directory === '') {
      continue;
    }
    for (const candidate of withExtensions(path.join(directory, expanded), lookup)) {
      if (isExecutableFile(candidate, platform)) {
        return candidate;
      }
    }
  }
  return undefined;
}
