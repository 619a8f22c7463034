// The extension's settings, read in one place with the defaults package.json
// declares.
import type { WorkspaceConfiguration } from 'vscode';

export const section = 'corolint';

export interface Settings {
  enable: boolean;
  path: string;
  arguments: string[];
}

export function readSettings(config: WorkspaceConfiguration): Settings {
  const configuredArguments = config.get<unknown>('arguments', []);
  return {
    enable: config.get<boolean>('enable', true) !== false,
    path: config.get<string>('path', 'corolint') || 'corolint',
    arguments: Array.isArray(configuredArguments)
      ? configuredArguments.filter((argument): argument is string => typeof argument === 'string')
      : [],
  };
}

/** Settings whose change means the server must be started anew. */
export const restartingSettings = ['enable', 'path', 'arguments'].map((name) => `${section}.${name}`);
