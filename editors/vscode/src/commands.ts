// The palette commands. Each one that asks for a project or topic also takes them as an argument
// ({ project, topic }), so that a keybinding with "args" can skip the questions.
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import * as cli from './cli';
import { Debouncer } from './debounce';
import { gitBranch } from './git';
import { readSettings, Runner, RunRequest } from './runner';

export const SCHEME = 'chatlog';

export interface NameArgs {
  project?: string;
  topic?: string;
}

/** Read-only documents of what chatlog printed, under chatlog:/… URIs. */
export class Documents implements vscode.TextDocumentContentProvider {
  private readonly contents = new Map<string, string>();
  private readonly chunks = new Map<string, cli.Chunk>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString()) ?? '';
  }

  async open(uri: vscode.Uri, content: string, chunk?: cli.Chunk): Promise<vscode.TextEditor> {
    this.contents.set(uri.toString(), content);
    if (chunk) {
      this.chunks.set(uri.toString(), chunk);
    }
    this.changed.fire(uri);
    const doc = await vscode.workspace.openTextDocument(uri);
    return vscode.window.showTextDocument(doc, { preview: false });
  }

  /** The chunk shown in this document, if it shows one. */
  chunkOf(uri: vscode.Uri | undefined): cli.Chunk | undefined {
    return uri ? this.chunks.get(uri.toString()) : undefined;
  }
}

export class Commands {
  constructor(
    private readonly runner: Runner,
    private readonly docs: Documents,
    private readonly state: vscode.Memento,
  ) {}

  register(): vscode.Disposable[] {
    const r = (id: string, f: (...a: any[]) => unknown) => vscode.commands.registerCommand(id, f);
    return [
      r('chatlog.saveSelection', (a?: NameArgs) => this.saveSelection(a)),
      r('chatlog.saveFile', (a?: vscode.Uri | NameArgs) => this.saveFile(a)),
      r('chatlog.saveClipboard', (a?: NameArgs) => this.saveClipboard(a)),
      r('chatlog.importCopilotChat', (a?: vscode.Uri | string) => this.importCopilotChat(a)),
      r('chatlog.retrieveLatest', (a?: NameArgs) => this.retrieveLatest(a)),
      r('chatlog.search', (q?: string) => this.search(q)),
      r('chatlog.showConversation', (a?: { session?: string; project?: string }) => this.showConversation(a)),
      r('chatlog.openStoreSettings', () => vscode.commands.executeCommand('workbench.action.openSettings', 'chatlog.')),
      r('chatlog.runDoctor', () => this.runDoctor()),
      r('chatlog.showLog', () => this.runner.output.show(true)),
    ];
  }

  // ------------------------------------------------------------ saving

  async saveSelection(a?: NameArgs): Promise<string[] | undefined> {
    const editor = vscode.window.activeTextEditor;
    if (!editor) {
      void vscode.window.showWarningMessage('chatlog: open an editor and select the text to save.');
      return undefined;
    }
    const selections = editor.selections
      .filter((s) => !s.isEmpty)
      .sort((x, y) => x.start.line - y.start.line || x.start.character - y.start.character);
    const text = selections.map((s) => editor.document.getText(s)).join('\n\n');
    if (text.trim() === '') {
      void vscode.window.showWarningMessage('chatlog: the selection is empty; select the text to save.');
      return undefined;
    }
    const first = selections[0];
    const where = `${vscode.workspace.asRelativePath(editor.document.uri)}:${first.start.line + 1}-${first.end.line + 1}`;
    return this.save({ text, summary: where, folder: folderOf(editor.document.uri) }, a);
  }

  async saveFile(a?: vscode.Uri | NameArgs): Promise<string[] | undefined> {
    const names = a instanceof vscode.Uri ? undefined : a;
    if (a instanceof vscode.Uri) {
      return this.save({ file: a.fsPath, summary: vscode.workspace.asRelativePath(a), folder: folderOf(a) }, names);
    }
    const doc = vscode.window.activeTextEditor?.document;
    if (!doc) {
      void vscode.window.showWarningMessage('chatlog: open the file to save first.');
      return undefined;
    }
    const summary = vscode.workspace.asRelativePath(doc.uri);
    if (doc.uri.scheme === 'file' && !doc.isDirty) {
      if (doc.getText().trim() === '') {
        void vscode.window.showWarningMessage(`chatlog: ${summary} is empty; nothing to save.`);
        return undefined;
      }
      return this.save({ file: doc.uri.fsPath, summary, folder: folderOf(doc.uri) }, names);
    }
    return this.save({ text: doc.getText(), summary, folder: folderOf(doc.uri) }, names);
  }

  async saveClipboard(a?: NameArgs): Promise<string[] | undefined> {
    const text = await vscode.env.clipboard.readText();
    if (text.trim() === '') {
      void vscode.window.showWarningMessage('chatlog: the clipboard is empty; copy the text to save first.');
      return undefined;
    }
    return this.save({ text, summary: 'clipboard', folder: activeFolder() }, a);
  }

  private async save(
    input: { text?: string; file?: string; summary: string; folder?: vscode.WorkspaceFolder },
    a?: NameArgs,
  ): Promise<string[] | undefined> {
    if (this.refuseReadOnly('saved')) {
      return undefined;
    }
    if (input.text !== undefined && input.text.trim() === '') {
      void vscode.window.showWarningMessage('chatlog: there is nothing to save.');
      return undefined;
    }
    const names = await this.askNames(input.folder, a);
    if (!names) {
      return undefined;
    }
    const args = cli.saveArgs({ project: names.project, topic: names.topic, file: input.file, summary: input.summary });
    const saved = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: 'chatlog: saving' },
      () => this.runAndRead(args, (r) => cli.parseSaveOutput(r.stdout, r.stderr), { stdin: input.text }),
    );
    if (!saved) {
      return undefined;
    }
    const ids = [...saved.written, ...saved.unchanged];
    const to = `${names.project}/${names.topic}`;
    const text =
      saved.written.length > 0
        ? `chatlog: saved ${plural(saved.written.length, 'chunk')} to ${to}: ${saved.written.join(', ')}`
        : `chatlog: already saved in ${to}, nothing new: ${saved.unchanged.join(', ')}`;
    void vscode.window.showInformationMessage(text, 'Show').then((choice) => {
      if (choice === 'Show' && ids.length > 0) {
        void this.openChunk(ids[0]);
      }
    });
    return ids;
  }

  /** True (and says so) when the read-only setting forbids writing. */
  private refuseReadOnly(what: string): boolean {
    if (!readSettings().readOnly) {
      return false;
    }
    void vscode.window.showWarningMessage(`chatlog: the store is read-only (setting chatlog.readOnly); nothing was ${what}.`, 'Open Settings').then((c) => {
      if (c) {
        void vscode.commands.executeCommand('workbench.action.openSettings', 'chatlog.readOnly');
      }
    });
    return true;
  }

  /** Project and topic: given, or picked with the workspace folder's name and the git branch first. */
  private async askNames(folder: vscode.WorkspaceFolder | undefined, a?: NameArgs): Promise<{ project: string; topic: string } | undefined> {
    const project = a?.project ?? (await this.pickName('project', defaultProject(folder), 'Project to save to'));
    if (project === undefined) {
      return undefined;
    }
    const topic = a?.topic ?? (await this.pickName('topic', defaultTopic(folder), `Topic in ${project}`));
    if (topic === undefined) {
      return undefined;
    }
    return { project, topic };
  }

  /** A quick pick of a name: the default first, then recent ones; typing gives a new one. */
  pickName(kind: 'project' | 'topic', first: string, title: string): Promise<string | undefined> {
    const key = `chatlog.recent.${kind}`;
    const recent = this.state.get<string[]>(key, []);
    const base: vscode.QuickPickItem[] = [
      { label: first, description: kind === 'project' ? 'default: workspace folder' : 'default: git branch' },
      ...recent.filter((n) => n !== first).map((n) => ({ label: n, description: 'recent' })),
    ];
    const qp = vscode.window.createQuickPick<vscode.QuickPickItem>();
    qp.title = title;
    qp.placeholder = `Pick a ${kind} or type a new one`;
    qp.items = base;
    return new Promise((resolve) => {
      let done = false;
      qp.onDidChangeValue((v) => {
        const typed = v.trim();
        qp.items = typed && !base.some((i) => i.label === typed) ? [{ label: typed, description: `new ${kind}` }, ...base] : base;
      });
      qp.onDidAccept(() => {
        const name = (qp.selectedItems[0]?.label ?? qp.value).trim();
        if (!name) {
          return;
        }
        done = true;
        void this.state.update(key, [name, ...recent.filter((n) => n !== name)].slice(0, 10));
        qp.hide();
        resolve(name);
      });
      qp.onDidHide(() => {
        qp.dispose();
        if (!done) {
          resolve(undefined);
        }
      });
      qp.show();
    });
  }

  // ------------------------------------------------------------ import

  async importCopilotChat(a?: vscode.Uri | string): Promise<boolean> {
    if (this.refuseReadOnly('imported')) {
      return false;
    }
    let target = a instanceof vscode.Uri ? a.fsPath : a;
    if (!target) {
      target = await this.pickCopilotSource();
      if (!target) {
        return false;
      }
    }
    const project = await this.pickName('project', defaultProject(activeFolder()), 'Project to import into');
    if (project === undefined) {
      return false;
    }
    const outcome = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'chatlog: importing Copilot Chat', cancellable: false },
      () => this.runner.run(cli.importArgs(target!, project)),
    );
    if (outcome.failure) {
      return false;
    }
    const summary = lastLine(outcome.result.stderr) ?? lastLine(outcome.result.stdout) ?? 'done';
    void vscode.window.showInformationMessage(`chatlog: imported ${path.basename(target)}: ${summary}`, 'Show Log').then((c) => {
      if (c) {
        this.runner.output.show(true);
      }
    });
    return true;
  }

  /** This workspace's stored chat sessions, or an exported chat file. */
  private async pickCopilotSource(): Promise<string | undefined> {
    const items: (vscode.QuickPickItem & { path?: string })[] = [];
    const sessions = this.copilotSessionsFolder();
    if (sessions) {
      items.push({ label: "$(comment-discussion) This workspace's chat sessions", description: sessions, path: sessions });
    }
    items.push({ label: '$(file) An exported chat (JSON)…', description: 'Chat: Export Chat… writes one' });
    const choice = await vscode.window.showQuickPick(items, { title: 'chatlog: import Copilot Chat from' });
    if (!choice) {
      return undefined;
    }
    if (choice.path) {
      return choice.path;
    }
    const files = await vscode.window.showOpenDialog({ canSelectMany: false, filters: { 'Chat export': ['json'] }, title: 'Exported chat to import' });
    return files?.[0]?.fsPath;
  }

  /** workspaceStorage/<id>/chatSessions of this workspace, when VS Code keeps chats there. */
  copilotSessionsFolder(): string | undefined {
    const storage = this.storagePath;
    if (!storage) {
      return undefined;
    }
    const folder = path.join(path.dirname(storage), 'chatSessions');
    return fs.existsSync(folder) ? folder : undefined;
  }

  storagePath: string | undefined;

  // ------------------------------------------------------------ reading

  async retrieveLatest(a?: NameArgs): Promise<cli.Chunk[] | undefined> {
    const s = readSettings();
    const project = a?.project ?? (await this.pickName('project', defaultProject(activeFolder()), 'Newest chunks of project'));
    if (project === undefined) {
      return undefined;
    }
    const chunks = await this.runAndRead(cli.retrieveArgs(s.retrieveLimit, { project, topic: a?.topic }), (r) => cli.parseChunks(r.stdout));
    if (!chunks) {
      return undefined;
    }
    if (chunks.length === 0) {
      void vscode.window.showInformationMessage(`chatlog: nothing saved in project ${project} yet.`);
      return chunks;
    }
    const uri = vscode.Uri.from({ scheme: SCHEME, path: `/latest/${safeName(project)}.md` });
    await this.docs.open(uri, `# Newest in ${project}\n\n${cli.chunksMarkdown(chunks)}`);
    return chunks;
  }

  async openChunk(id: string): Promise<cli.Chunk | undefined> {
    const chunk = await this.runAndRead(cli.showArgs(id), (r) => cli.parseChunk(r.stdout));
    if (!chunk) {
      return undefined;
    }
    const uri = vscode.Uri.from({ scheme: SCHEME, path: `/chunk/${chunk.id}.md` });
    await this.docs.open(uri, cli.chunkMarkdown(chunk), chunk);
    return chunk;
  }

  /** Live search: results while typing; Enter opens a hit, its button opens the conversation. */
  search(initial?: string): Promise<cli.Hit | undefined> {
    type HitItem = vscode.QuickPickItem & { hit?: cli.Hit };
    const qp = vscode.window.createQuickPick<HitItem>();
    const conversationButton: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('comment-discussion'), tooltip: 'Show Conversation' };
    qp.title = 'chatlog: search';
    qp.placeholder = 'words, "a phrase", prefix*, -excluded, OR';
    qp.matchOnDescription = false;
    qp.matchOnDetail = false;
    const limit = readSettings().searchLimit;
    const reported = new Set<string>();
    const debouncer = new Debouncer<string>(250, async (query, signal) => {
      qp.busy = true;
      const outcome = await this.runner.run(cli.searchArgs(query, limit), { signal, quietKinds: ['usage', 'failure'] });
      if (signal.aborted) {
        return;
      }
      qp.busy = false;
      if (outcome.failure) {
        const message = outcome.failure.message;
        qp.items = [{ label: `$(warning) ${message}`, alwaysShow: true }];
        // A query typed halfway is no reason for a notification; a store that fails is.
        if (outcome.failure.kind !== 'usage' && !reported.has(message)) {
          reported.add(message);
          this.runner.notify(outcome.failure);
        }
        return;
      }
      let hits: cli.Hit[];
      try {
        hits = cli.parseHits(outcome.result.stdout);
      } catch (e) {
        qp.items = [{ label: `$(warning) ${(e as Error).message}`, alwaysShow: true }];
        return;
      }
      qp.items =
        hits.length === 0
          ? [{ label: `No hits for ${query}`, alwaysShow: true }]
          : hits.map((h) => ({
              label: `${h.project}/${h.topic}`,
              description: `${h.created.replace('T', ' ').slice(0, 16)} · ${h.id}`,
              detail: h.snippet.replace(/\s+/g, ' ').trim(),
              alwaysShow: true,
              buttons: [conversationButton],
              hit: h,
            }));
    });
    const onQuery = (value: string) => {
      if (value.trim() === '') {
        debouncer.cancel();
        qp.busy = false;
        qp.items = [];
      } else {
        debouncer.push(value);
      }
    };
    return new Promise((resolve) => {
      let chosen: cli.Hit | undefined;
      qp.onDidChangeValue(onQuery);
      qp.onDidAccept(() => {
        const hit = qp.selectedItems[0]?.hit;
        if (!hit) {
          return;
        }
        chosen = hit;
        qp.hide();
        void this.openChunk(hit.id);
      });
      qp.onDidTriggerItemButton((e) => {
        const hit = e.item.hit;
        if (hit) {
          chosen = hit;
          qp.hide();
          void this.showConversation({ session: hit.session, project: hit.project });
        }
      });
      qp.onDidHide(() => {
        debouncer.cancel();
        qp.dispose();
        resolve(chosen);
      });
      qp.show();
      if (initial) {
        qp.value = initial;
        onQuery(initial);
      }
    });
  }

  /** One conversation in order: the session of the chunk on screen, or one picked from the newest. */
  async showConversation(a?: { session?: string; project?: string }): Promise<boolean> {
    let target = a?.session ? { session: a.session, project: a.project } : undefined;
    if (!target) {
      const shown = this.docs.chunkOf(vscode.window.activeTextEditor?.document.uri);
      target = shown ? { session: shown.session, project: shown.project } : await this.pickSession();
    }
    if (!target) {
      return false;
    }
    const uri = vscode.Uri.from({ scheme: SCHEME, path: `/conversation/${safeName(target.session)}.md` });
    const outcome = await this.runner.run(cli.conversationArgs(target.session), { quietKinds: ['unknownCommand'] });
    if (!outcome.failure) {
      await this.docs.open(uri, outcome.result.stdout);
      return true;
    }
    if (outcome.failure.kind !== 'unknownCommand') {
      return false;
    }
    // A chatlog without 'conversation': the session's chunks, oldest first.
    this.runner.output.appendLine(`  this chatlog has no 'conversation' command: reading session ${target.session} with 'retrieve'`);
    const chunks = await this.runAndRead(cli.retrieveArgs(1000, { session: target.session, project: target.project }), (r) =>
      cli.parseChunks(r.stdout).sort((x, y) => x.seq - y.seq || x.created.localeCompare(y.created)),
    );
    if (!chunks) {
      return false;
    }
    if (chunks.length === 0) {
      void vscode.window.showInformationMessage(`chatlog: no chunks in session ${target.session}.`);
      return false;
    }
    await this.docs.open(uri, `# Session ${target.session}\n\n${cli.chunksMarkdown(chunks)}`);
    return true;
  }

  /** The sessions of the newest chunks, newest first. */
  private async pickSession(): Promise<{ session: string; project: string } | undefined> {
    const chunks = await this.runAndRead(cli.listArgs(200), (r) => cli.parseChunks(r.stdout));
    if (!chunks) {
      return undefined;
    }
    const seen = new Map<string, vscode.QuickPickItem & { session: string; project: string; count: number }>();
    for (const c of chunks) {
      const key = `${c.project}\u0000${c.session}`;
      const item = seen.get(key);
      if (item) {
        item.count++;
        item.detail = `${plural(item.count, 'chunk')} among the newest`;
      } else {
        seen.set(key, { label: c.session, description: `${c.project}/${c.topic} · ${c.created.slice(0, 16).replace('T', ' ')}`, detail: '1 chunk among the newest', session: c.session, project: c.project, count: 1 });
      }
    }
    if (seen.size === 0) {
      void vscode.window.showInformationMessage('chatlog: the store holds no conversations yet.');
      return undefined;
    }
    const choice = await vscode.window.showQuickPick([...seen.values()], { title: 'chatlog: show conversation', matchOnDescription: true });
    return choice ? { session: choice.session, project: choice.project } : undefined;
  }

  // ------------------------------------------------------------ store

  async runDoctor(): Promise<boolean> {
    const outcome = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'chatlog: checking the store' },
      () => this.runner.run(cli.doctorArgs(), { quietKinds: ['failure'] }),
    );
    const out = outcome.result.stdout.trim();
    if (out) {
      this.runner.output.appendLine(out.split(/\r?\n/).map((l) => `  ${l}`).join('\n'));
    }
    if (!outcome.failure) {
      void vscode.window.showInformationMessage(`chatlog doctor: ${this.runner.storeLabel()} passed every check.`);
      return true;
    }
    if (outcome.failure.kind === 'failure') {
      const problems = cli.doctorProblems(out);
      const text = problems.length > 0 ? `chatlog doctor: ${problems.join('; ')}` : outcome.failure.message;
      void vscode.window.showErrorMessage(text, 'Show Log', 'Open Store Settings').then((c) => {
        if (c === 'Show Log') {
          this.runner.output.show(true);
        } else if (c) {
          void vscode.commands.executeCommand('chatlog.openStoreSettings');
        }
      });
    }
    return false;
  }

  /**
   * Runs chatlog and reads its output; undefined when it failed or printed something unreadable,
   * which the user has then been shown.
   */
  private async runAndRead<T>(args: string[], read: (r: cli.CliResult) => T, req?: RunRequest): Promise<T | undefined> {
    const outcome = await this.runner.run(args, req);
    if (outcome.failure) {
      return undefined;
    }
    try {
      return read(outcome.result);
    } catch (e) {
      const failure: cli.Failure = { kind: 'badOutput', exitCode: outcome.result.exitCode, message: `chatlog ${args[0]}: ${(e as Error).message}` };
      this.runner.record(outcome.result, failure);
      this.runner.notify(failure);
      return undefined;
    }
  }
}

function folderOf(uri: vscode.Uri): vscode.WorkspaceFolder | undefined {
  return vscode.workspace.getWorkspaceFolder(uri) ?? activeFolder();
}

function activeFolder(): vscode.WorkspaceFolder | undefined {
  const uri = vscode.window.activeTextEditor?.document.uri;
  return (uri && vscode.workspace.getWorkspaceFolder(uri)) || vscode.workspace.workspaceFolders?.[0];
}

export function defaultProject(folder: vscode.WorkspaceFolder | undefined): string {
  return readSettings().defaultProject.trim() || folder?.name || 'default';
}

export function defaultTopic(folder: vscode.WorkspaceFolder | undefined): string {
  return (folder && folder.uri.scheme === 'file' && gitBranch(folder.uri.fsPath)) || 'default';
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function lastLine(text: string): string | undefined {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '');
  return lines.length > 0 ? lines[lines.length - 1].replace(/^chatlog: /, '') : undefined;
}

function safeName(name: string): string {
  return name.replace(/[^\w.-]+/g, '_').slice(0, 80) || 'untitled';
}
