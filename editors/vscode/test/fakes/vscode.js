// A stand-in for the `vscode` module. The part the extension calls records
// what it did, for the tests to read; the rest is just enough of VS Code for
// the real vscode-languageclient to load, start a server, and hand us the
// diagnostics it publishes. Whatever is not written out here is a no-op.
'use strict';

class Disposable {
  static from(...disposables) {
    return new Disposable(() => disposables.forEach((disposable) => disposable?.dispose?.()));
  }
  constructor(onDispose) {
    this.onDispose = onDispose;
  }
  dispose() {
    if (this.onDispose) this.onDispose();
    this.onDispose = undefined;
  }
}

class EventEmitter {
  constructor() {
    this.listeners = [];
    this.event = (listener) => {
      this.listeners.push(listener);
      return new Disposable(() => {
        this.listeners = this.listeners.filter((l) => l !== listener);
      });
    };
  }
  fire(value) {
    for (const listener of [...this.listeners]) listener(value);
  }
  dispose() {
    this.listeners = [];
  }
}

class Uri {
  static file(fsPath) {
    return new Uri('file', fsPath);
  }
  static parse(text) {
    const match = /^([a-z][a-z0-9+.-]*):(?:\/\/[^/]*)?(.*)$/i.exec(text);
    return match ? new Uri(match[1], decodeURIComponent(match[2])) : new Uri('file', text);
  }
  constructor(scheme, path) {
    Object.assign(this, { scheme, path, fsPath: path, authority: '', query: '', fragment: '' });
  }
  with(change) {
    return new Uri(change.scheme ?? this.scheme, change.path ?? this.path);
  }
  toString() {
    return `${this.scheme}://${encodeURI(this.path)}`;
  }
  toJSON() {
    return this.toString();
  }
}

class Position {
  constructor(line, character) {
    Object.assign(this, { line, character });
  }
}

class Range {
  constructor(start, end, endLine, endCharacter) {
    if (typeof start === 'number') {
      [start, end] = [new Position(start, end), new Position(endLine, endCharacter)];
    }
    Object.assign(this, { start, end });
  }
}

class CancellationTokenSource {
  constructor() {
    const cancelled = new EventEmitter();
    this.token = { isCancellationRequested: false, onCancellationRequested: cancelled.event };
    this.cancelled = cancelled;
  }
  cancel() {
    this.token.isCancellationRequested = true;
    this.cancelled.fire();
  }
  dispose() {}
}

class CodeActionKind {
  constructor(value) {
    this.value = value;
  }
  append(part) {
    return new CodeActionKind(this.value ? `${this.value}.${part}` : part);
  }
  contains(other) {
    return other.value === this.value || other.value.startsWith(`${this.value}.`);
  }
  intersects(other) {
    return this.contains(other) || other.contains(this);
  }
}
for (const [name, value] of Object.entries({
  Empty: '', QuickFix: 'quickfix', Refactor: 'refactor', RefactorExtract: 'refactor.extract',
  RefactorInline: 'refactor.inline', RefactorRewrite: 'refactor.rewrite', Source: 'source',
  SourceOrganizeImports: 'source.organizeImports', SourceFixAll: 'source.fixAll',
})) {
  CodeActionKind[name] = new CodeActionKind(value);
}

/** A plain class that keeps its constructor's arguments. */
function recordingClass(name, fields = []) {
  const RecordingClass = class {
    constructor(...args) {
      fields.forEach((field, index) => {
        this[field] = args[index];
      });
    }
  };
  Object.defineProperty(RecordingClass, 'name', { value: name });
  return RecordingClass;
}

/** Enums the client reads at load or start: any member name is a value. */
function anyMemberEnum() {
  return new Proxy({}, { get: (_, member) => (typeof member === 'string' ? member : undefined) });
}

const diagnosticsByUri = new Map();

function createDiagnosticCollection(name) {
  const collection = {
    name,
    set(uri, diagnostics) {
      if (Array.isArray(uri)) {
        for (const [entryUri, entryDiagnostics] of uri) collection.set(entryUri, entryDiagnostics);
        return;
      }
      diagnosticsByUri.set(uri.toString(), diagnostics ?? []);
      fake.diagnosticsChanged.fire(uri.toString());
    },
    get: (uri) => diagnosticsByUri.get(uri.toString()),
    has: (uri) => diagnosticsByUri.has(uri.toString()),
    delete(uri) {
      diagnosticsByUri.delete(uri.toString());
    },
    clear() {
      diagnosticsByUri.clear();
    },
    forEach(callback) {
      for (const [uri, diagnostics] of diagnosticsByUri) callback(Uri.parse(uri), diagnostics, collection);
    },
    dispose() {},
  };
  return collection;
}

/**
 * A namespace whose written-out members are used as they are; any other
 * member is a function returning a disposable, which covers the `onX` events
 * (that never fire) and the `registerX` providers.
 */
function namespace(members) {
  return new Proxy(members, {
    get(target, member) {
      if (member in target || typeof member !== 'string') return target[member];
      return () => new Disposable();
    },
  });
}

const fake = {
  settings: {},
  workspaceFolders: undefined,
  errorMessages: [],
  // What showErrorMessage resolves to: the button the "user" picks.
  errorChoice: undefined,
  executedCommands: [],
  registeredCommands: new Map(),
  outputLines: [],
  watchers: [],
  configurationChanged: new EventEmitter(),
  documentOpened: new EventEmitter(),
  documents: [],
  diagnosticsChanged: new EventEmitter(),
  diagnosticsByUri,
  reset() {
    this.settings = {};
    this.workspaceFolders = undefined;
    this.errorMessages = [];
    this.errorChoice = undefined;
    this.executedCommands = [];
    this.registeredCommands = new Map();
    this.outputLines = [];
    this.watchers = [];
    this.configurationChanged = new EventEmitter();
    this.documentOpened = new EventEmitter();
    this.tabsChanged = new EventEmitter();
    editorGroup.tabs.length = 0;
    this.documents = [];
    diagnosticsByUri.clear();
  },
  /** Opens a text document, as when the user opens a file in an editor. */
  openDocument(fsPath, languageId, text) {
    const document = {
      uri: Uri.file(fsPath),
      fileName: fsPath,
      languageId,
      version: 1,
      isClosed: false,
      isUntitled: false,
      getText: () => text,
    };
    this.documents.push(document);
    this.documentOpened.fire(document);
    // Then it shows in a tab, as in VS Code: the client pulls diagnostics
    // only for documents visible in the UI.
    const tab = { input: new TabInputText(document.uri), label: fsPath };
    editorGroup.tabs.push(tab);
    this.tabsChanged.fire({ opened: [tab], closed: [], changed: [] });
    return document;
  },
  /** Fires onDidChangeConfiguration for the given setting names. */
  changeSettings(changes) {
    Object.assign(this.settings, changes);
    const names = Object.keys(changes);
    this.configurationChanged.fire({
      affectsConfiguration: (name) => names.some((changed) => changed === name || changed.startsWith(name + '.')),
    });
  },
};

/** The one editor group; its tabs are the opened documents. */
const editorGroup = { tabs: [], isActive: true, viewColumn: 1 };
class TabInputText {
  constructor(uri) {
    this.uri = uri;
  }
}

const workspace = namespace({
  get textDocuments() {
    return fake.documents;
  },
  onDidOpenTextDocument(listener) {
    return fake.documentOpened.event(listener);
  },
  notebookDocuments: [],
  fs: namespace({}),
  getWorkspaceFolder: () => undefined,
  applyEdit: async () => true,
  get workspaceFolders() {
    return fake.workspaceFolders?.map((fsPath, index) => ({ uri: { fsPath, scheme: 'file' }, name: fsPath, index }));
  },
  getConfiguration(section) {
    return {
      get(name, defaultValue) {
        const key = section ? `${section}.${name}` : name;
        return key in fake.settings ? fake.settings[key] : defaultValue;
      },
    };
  },
  onDidChangeConfiguration(listener) {
    return fake.configurationChanged.event(listener);
  },
  createFileSystemWatcher(pattern) {
    const watcher = new Disposable();
    watcher.pattern = pattern;
    fake.watchers.push(watcher);
    for (const event of ['onDidCreate', 'onDidChange', 'onDidDelete']) watcher[event] = () => new Disposable();
    return watcher;
  },
});

const window = namespace({
  activeTextEditor: undefined,
  visibleTextEditors: [],
  tabGroups: {
    all: [editorGroup],
    onDidChangeTabs: (listener) => fake.tabsChanged.event(listener),
    onDidChangeTabGroups: () => new Disposable(),
  },
  withProgress: (options, task) => task({ report() {} }, new CancellationTokenSource().token),
  showWarningMessage: async () => undefined,
  showInformationMessage: async () => undefined,
  createOutputChannel(name) {
    return {
      name,
      append: (text) => fake.outputLines.push(text),
      appendLine: (line) => fake.outputLines.push(line),
      show() {},
      clear() {},
      hide() {},
      dispose() {},
    };
  },
  showErrorMessage(message, ...items) {
    fake.errorMessages.push({ message, items });
    return Promise.resolve(fake.errorChoice);
  },
});

const commands = namespace({
  registerCommand(name, handler) {
    fake.registeredCommands.set(name, handler);
    return new Disposable(() => fake.registeredCommands.delete(name));
  },
  executeCommand(name, ...args) {
    fake.executedCommands.push([name, ...args]);
    return Promise.resolve();
  },
});

/** How well a document selector matches a document: 10 or 0, roughly as VS Code scores. */
function match(selector, document) {
  const filters = Array.isArray(selector) ? selector : [selector];
  const matches = (filter) =>
    typeof filter === 'string'
      ? filter === document.languageId
      : (filter.language === undefined || filter.language === document.languageId) &&
        (filter.scheme === undefined || filter.scheme === document.uri.scheme);
  return filters.some(matches) ? 10 : 0;
}

const languages = namespace({
  createDiagnosticCollection,
  match,
  getLanguages: async () => ['c', 'cpp'],
});

const env = namespace({ appName: 'fake vscode', language: 'en', machineId: 'test', sessionId: 'test', uriScheme: 'vscode' });

const known = {
  Disposable,
  EventEmitter,
  Uri,
  Position,
  Range,
  CancellationTokenSource,
  CancellationError: class CancellationError extends Error {},
  CodeActionKind,
  Diagnostic: recordingClass('Diagnostic', ['range', 'message', 'severity']),
  DiagnosticRelatedInformation: recordingClass('DiagnosticRelatedInformation', ['location', 'message']),
  Location: recordingClass('Location', ['uri', 'range']),
  MarkdownString: recordingClass('MarkdownString', ['value']),
  DiagnosticSeverity: { Error: 0, Warning: 1, Information: 2, Hint: 3 },
  TabInputText,
  version: '1.82.0',
  workspace,
  window,
  commands,
  languages,
  env,
  extensions: namespace({ all: [], getExtension: () => undefined }),
  fake,
};

// The rest: capitalised names are classes (recording their arguments) or
// enums, lower-case ones namespaces of no-ops.
const enums = /Kind$|Tag$|Reason$|Type$|Location$|Mode$|Behavior$|Status$/;
const made = new Map();
module.exports = new Proxy(known, {
  get(target, name) {
    if (name in target || typeof name !== 'string') return target[name];
    if (!made.has(name)) {
      if (/^[A-Z]/.test(name)) made.set(name, enums.test(name) ? anyMemberEnum() : recordingClass(name));
      else made.set(name, namespace({}));
    }
    return made.get(name);
  },
});
