// A small stand-in for the 'vscode' module, enough for the extension's commands to run under plain
// Node: it records messages, quick picks, opened documents and the output channel, and lets a test
// answer the questions. Importing this file makes require('vscode') return it.
import Module = require('module');

type Listener<T> = (e: T) => unknown;

export class EventEmitter<T> {
  private listeners: Listener<T>[] = [];
  event = (l: Listener<T>) => {
    this.listeners.push(l);
    return { dispose: () => (this.listeners = this.listeners.filter((x) => x !== l)) };
  };
  fire(e: T): void {
    for (const l of [...this.listeners]) {
      l(e);
    }
  }
  dispose(): void {
    this.listeners = [];
  }
}

export class Uri {
  private constructor(
    readonly scheme: string,
    readonly path: string,
    readonly query = '',
  ) {}
  static file(p: string): Uri {
    return new Uri('file', p);
  }
  static from(c: { scheme: string; path: string; query?: string }): Uri {
    return new Uri(c.scheme, c.path, c.query ?? '');
  }
  get fsPath(): string {
    return this.path;
  }
  toString(): string {
    return `${this.scheme}://${this.path}${this.query ? `?${this.query}` : ''}`;
  }
}

export class Position {
  constructor(
    readonly line: number,
    readonly character: number,
  ) {}
}

export class Selection {
  constructor(
    readonly start: Position,
    readonly end: Position,
  ) {}
  get isEmpty(): boolean {
    return this.start.line === this.end.line && this.start.character === this.end.character;
  }
}

export class ThemeColor {
  constructor(readonly id: string) {}
}

export class ThemeIcon {
  constructor(readonly id: string) {}
}

export enum StatusBarAlignment {
  Left = 1,
  Right = 2,
}

export enum ProgressLocation {
  SourceControl = 1,
  Window = 10,
  Notification = 15,
}

/** A text document whose text is given as lines. */
export class FakeDocument {
  isDirty = false;
  constructor(
    readonly uri: Uri,
    private readonly text: string,
  ) {}
  getText(range?: Selection): string {
    if (!range) {
      return this.text;
    }
    const lines = this.text.split('\n');
    const out: string[] = [];
    for (let l = range.start.line; l <= range.end.line; l++) {
      const line = lines[l] ?? '';
      const from = l === range.start.line ? range.start.character : 0;
      const to = l === range.end.line ? range.end.character : line.length;
      out.push(line.slice(from, to));
    }
    return out.join('\n');
  }
}

export class FakeQuickPick<T extends { label: string }> {
  title = '';
  placeholder = '';
  value = '';
  busy = false;
  matchOnDescription = true;
  matchOnDetail = true;
  items: T[] = [];
  selectedItems: T[] = [];
  activeItems: T[] = [];
  visible = false;
  private readonly accept = new EventEmitter<void>();
  private readonly hidden = new EventEmitter<void>();
  private readonly change = new EventEmitter<string>();
  private readonly button = new EventEmitter<{ item: T; button: unknown }>();
  onDidAccept = this.accept.event;
  onDidHide = this.hidden.event;
  onDidChangeValue = this.change.event;
  onDidTriggerItemButton = this.button.event;
  show(): void {
    this.visible = true;
    state.shownQuickPicks.push(this);
    state.quickPickShown.fire(this as unknown as FakeQuickPick<{ label: string }>);
  }
  hide(): void {
    if (this.visible) {
      this.visible = false;
      this.hidden.fire();
    }
  }
  dispose(): void {
    this.hide();
  }
  /** The user types this text. */
  type(value: string): void {
    this.value = value;
    this.change.fire(value);
  }
  /** The user presses Enter on the first item (or on what was typed, with no items). */
  acceptFirst(): void {
    this.selectedItems = this.items.slice(0, 1);
    this.accept.fire();
  }
  pressButton(item: T): void {
    this.button.fire({ item, button: {} });
  }
}

export interface Message {
  level: 'info' | 'warning' | 'error';
  text: string;
  actions: string[];
}

/** What the extension did, for the tests to read, and the answers they give. */
export const state = {
  messages: [] as Message[],
  /** The action a message answers with, by level; undefined: dismissed. */
  answer: {} as Partial<Record<Message['level'], string>>,
  config: {} as Record<string, unknown>,
  output: [] as string[],
  outputShown: 0,
  statusBar: undefined as undefined | { text: string; tooltip: string; backgroundColor?: ThemeColor },
  quickPickShown: new EventEmitter<FakeQuickPick<{ label: string }>>(),
  /** Answers of showQuickPick: picks the item whose label includes this text; undefined cancels. */
  pickAnswer: undefined as string | undefined,
  opened: [] as { uri: string; text: string }[],
  executed: [] as { command: string; args: unknown[] }[],
  commands: new Map<string, (...a: any[]) => unknown>(),
  providers: new Map<string, { provideTextDocumentContent(u: Uri): string }>(),
  clipboard: '',
  activeTextEditor: undefined as undefined | { document: FakeDocument; selections: Selection[] },
  workspaceFolders: [] as { uri: Uri; name: string; index: number }[],
  reset(): void {
    this.messages = [];
    this.answer = {};
    this.config = {};
    this.output = [];
    this.outputShown = 0;
    this.pickAnswer = undefined;
    this.opened = [];
    this.executed = [];
    this.commands.clear();
    this.providers.clear();
    this.clipboard = '';
    this.activeTextEditor = undefined;
    this.workspaceFolders = [];
    this.quickPickShown = new EventEmitter();
    this.shownQuickPicks = [];
  },
  /** Quick picks shown and not yet taken by nextQuickPick. */
  shownQuickPicks: [] as FakeQuickPick<any>[],
  /** Resolves with the next quick pick that the extension shows (or showed already). */
  nextQuickPick(): Promise<FakeQuickPick<any>> {
    const shown = this.shownQuickPicks.shift();
    if (shown) {
      return Promise.resolve(shown);
    }
    return new Promise((resolve) => {
      const sub = this.quickPickShown.event(() => {
        sub.dispose();
        resolve(this.shownQuickPicks.shift()!);
      });
    });
  },
};

function message(level: Message['level']) {
  return (text: string, ...actions: string[]) => {
    state.messages.push({ level, text, actions });
    return Promise.resolve(state.answer[level]);
  };
}

const vscode = {
  EventEmitter,
  Uri,
  Position,
  Selection,
  ThemeColor,
  ThemeIcon,
  StatusBarAlignment,
  ProgressLocation,
  window: {
    showInformationMessage: message('info'),
    showWarningMessage: message('warning'),
    showErrorMessage: message('error'),
    createOutputChannel: () => ({
      appendLine: (l: string) => state.output.push(l),
      show: () => state.outputShown++,
      dispose: () => undefined,
    }),
    createStatusBarItem: () => {
      const item = { text: '', tooltip: '', command: '', backgroundColor: undefined, show: () => undefined, dispose: () => undefined };
      state.statusBar = item;
      return item;
    },
    createQuickPick: () => new FakeQuickPick(),
    showQuickPick: async (items: { label: string }[]) => {
      const answer = state.pickAnswer;
      return answer === undefined ? undefined : items.find((i) => i.label.includes(answer));
    },
    showOpenDialog: async () => undefined,
    withProgress: (_o: unknown, task: () => Promise<unknown>) => task(),
    showTextDocument: async (doc: { uri: Uri; getText(): string }) => {
      state.opened.push({ uri: doc.uri.toString(), text: doc.getText() });
      state.activeTextEditor = { document: doc as unknown as FakeDocument, selections: [] };
      return state.activeTextEditor;
    },
    get activeTextEditor() {
      return state.activeTextEditor;
    },
  },
  workspace: {
    getConfiguration: (section: string) => ({
      get: <T>(key: string, fallback: T) => (`${section}.${key}` in state.config ? (state.config[`${section}.${key}`] as T) : fallback),
    }),
    get workspaceFolders() {
      return state.workspaceFolders;
    },
    getWorkspaceFolder: (uri: Uri) => state.workspaceFolders.find((f) => uri.path.startsWith(f.uri.path + '/')),
    asRelativePath: (uri: Uri) => {
      const f = state.workspaceFolders.find((w) => uri.path.startsWith(w.uri.path + '/'));
      return f ? uri.path.slice(f.uri.path.length + 1) : uri.path;
    },
    registerTextDocumentContentProvider: (scheme: string, p: { provideTextDocumentContent(u: Uri): string }) => {
      state.providers.set(scheme, p);
      return { dispose: () => state.providers.delete(scheme) };
    },
    openTextDocument: async (uri: Uri) => {
      const p = state.providers.get(uri.scheme);
      return new FakeDocument(uri, p ? p.provideTextDocumentContent(uri) : '');
    },
    onDidChangeConfiguration: () => ({ dispose: () => undefined }),
  },
  env: {
    clipboard: { readText: async () => state.clipboard },
  },
  commands: {
    registerCommand: (id: string, f: (...a: any[]) => unknown) => {
      state.commands.set(id, f);
      return { dispose: () => state.commands.delete(id) };
    },
    executeCommand: async (command: string, ...args: unknown[]) => {
      state.executed.push({ command, args });
      const f = state.commands.get(command);
      return f ? f(...args) : undefined;
    },
  },
};

const M = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
const load = M._load;
M._load = function (request: string, ...rest: unknown[]) {
  return request === 'vscode' ? vscode : load.call(this, request, ...rest);
};

/** Lets pending promise callbacks and timers of 0 ms run. */
export function settle(ms = 0): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
