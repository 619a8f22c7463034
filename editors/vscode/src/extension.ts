// The corolint VS Code extension: runs `corolint lsp` for C and C++ files and
// restarts it when its settings change or the user asks.
import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions } from 'vscode-languageclient/node';
import { findExecutable } from './executable';
import { readSettings, restartingSettings, section, Settings } from './settings';

/** The languages corolint analyses; `c` and `cpp` are the ones that matter. */
export const languages = ['c', 'cpp', 'objective-c', 'objective-cpp', 'cuda-cpp'];

/** Files whose change alters every diagnostic: the server reloads them. */
const projectFiles = '**/{compile_commands.json,.corolint.yaml}';

function firstWorkspaceFolder(): string | undefined {
  return vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
}

function missingBinaryMessage(settings: Settings): string {
  return (
    `corolint: cannot find the language server executable "${settings.path}". ` +
    'Install corolint and put it on PATH, or set "corolint.path" to the full path of the corolint binary.'
  );
}

/** Owns the one language client; start, stop and restart run one at a time. */
class Server {
  private client: LanguageClient | undefined;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly output: vscode.OutputChannel,
    private readonly projectFileWatcher: vscode.FileSystemWatcher,
  ) {}

  start(): Promise<void> {
    return this.enqueue(() => this.startNow());
  }

  stop(): Promise<void> {
    return this.enqueue(() => this.stopNow());
  }

  restart(): Promise<void> {
    return this.enqueue(async () => {
      await this.stopNow();
      await this.startNow();
    });
  }

  private enqueue(step: () => Promise<void>): Promise<void> {
    this.queue = this.queue.then(step, step);
    return this.queue;
  }

  private async startNow(): Promise<void> {
    const settings = readSettings(vscode.workspace.getConfiguration(section));
    if (!settings.enable) {
      this.output.appendLine('corolint is disabled by "corolint.enable".');
      return;
    }
    const workspaceFolder = firstWorkspaceFolder();
    const executable = findExecutable(settings.path, {
      pathVariable: process.env.PATH,
      pathExt: process.env.PATHEXT,
      baseDirectory: workspaceFolder,
      workspaceFolder,
    });
    if (executable === undefined) {
      const message = missingBinaryMessage(settings);
      this.output.appendLine(message);
      const openSettings = 'Open Settings';
      void vscode.window.showErrorMessage(message, openSettings).then((choice) => {
        if (choice === openSettings) {
          void vscode.commands.executeCommand('workbench.action.openSettings', `${section}.path`);
        }
      });
      return;
    }

    const serverOptions: ServerOptions = {
      command: executable,
      args: ['lsp', ...settings.arguments],
      options: { cwd: workspaceFolder },
    };
    const clientOptions: LanguageClientOptions = {
      documentSelector: languages.map((language) => ({ scheme: 'file', language })),
      outputChannel: this.output,
      synchronize: {
        fileEvents: this.projectFileWatcher,
      },
    };
    this.output.appendLine(`Starting ${executable} ${['lsp', ...settings.arguments].join(' ')}`);
    // The id makes the client read "corolint.trace.server" by itself.
    const client = new LanguageClient(section, 'corolint', serverOptions, clientOptions);
    this.client = client;
    try {
      await client.start();
    } catch (error) {
      this.client = undefined;
      const reason = error instanceof Error ? error.message : String(error);
      void vscode.window.showErrorMessage(`corolint: the language server did not start: ${reason}`);
    }
  }

  private async stopNow(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client === undefined) {
      return;
    }
    try {
      await client.stop();
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.output.appendLine(`corolint: stopping the language server failed: ${reason}`);
    }
  }
}

let server: Server | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('corolint');
  const projectFileWatcher = vscode.workspace.createFileSystemWatcher(projectFiles);
  const current = new Server(output, projectFileWatcher);
  server = current;
  context.subscriptions.push(
    output,
    projectFileWatcher,
    vscode.commands.registerCommand(`${section}.restart`, () => current.restart()),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (restartingSettings.some((name) => event.affectsConfiguration(name))) {
        void current.restart();
      }
    }),
  );
  await current.start();
}

export async function deactivate(): Promise<void> {
  const current = server;
  server = undefined;
  await current?.stop();
}
