import { FakeDocument, Position, Selection, settle, state, Uri } from './vscode-mock';
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { afterEach, beforeEach, test } from 'node:test';
import * as cli from '../../cli';
import { Commands, Documents, SCHEME } from '../../commands';
import { Runner } from '../../runner';

/** A chatlog played by the test: answers each run from a script, and records the runs. */
class FakeCli {
  runs: { args: string[]; stdin?: string; settings: cli.CliSettings }[] = [];
  answers: ((args: string[]) => Partial<cli.CliResult> | undefined)[] = [];
  version = 'chatlog 0.1.0-SNAPSHOT\nJava 17\n';
  run = async (settings: cli.CliSettings, args: string[], o: cli.RunOptions = {}): Promise<cli.CliResult> => {
    const base: cli.CliResult = { command: settings.path, args, exitCode: 0, signal: null, stdout: '', stderr: '', durationMs: 3 };
    if (args[0] === '--version') {
      return { ...base, stdout: this.version };
    }
    this.runs.push({ args, stdin: o.stdin, settings });
    for (const a of this.answers) {
      const r = a(args);
      if (r) {
        return { ...base, ...r };
      }
    }
    return base;
  };
  /** The runs of one subcommand. */
  of(command: string) {
    return this.runs.filter((r) => r.args[0] === command);
  }
}

const memento = () => {
  const m = new Map<string, unknown>();
  return { get: (k: string, d?: unknown) => (m.has(k) ? m.get(k) : d), update: async (k: string, v: unknown) => void m.set(k, v), keys: () => [...m.keys()] };
};

let fake: FakeCli;
let commands: Commands;
let workspace: string;

beforeEach(() => {
  state.reset();
  workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'chatlog-unit-'));
  const folder = path.join(workspace, 'shop');
  fs.mkdirSync(path.join(folder, '.git'), { recursive: true });
  fs.writeFileSync(path.join(folder, '.git', 'HEAD'), 'ref: refs/heads/feature/checkout\n');
  state.workspaceFolders = [{ uri: Uri.file(folder), name: 'shop', index: 0 }];
  fake = new FakeCli();
  const docs = new Documents();
  state.providers.set(SCHEME, docs);
  commands = new Commands(new Runner(fake.run), docs, memento() as never);
  commands.register();
});

afterEach(() => {
  fs.rmSync(workspace, { recursive: true, force: true });
});

function openEditor(text: string, ...selections: Selection[]): void {
  const doc = new FakeDocument(Uri.file(path.join(workspace, 'shop', 'notes.md')), text);
  state.activeTextEditor = { document: doc, selections };
}

const sel = (l1: number, c1: number, l2: number, c2: number) => new Selection(new Position(l1, c1), new Position(l2, c2));

/** Accepts the default of the next quick pick and returns it. */
async function acceptDefault(): Promise<string> {
  const qp = await state.nextQuickPick();
  const label = qp.items[0].label;
  qp.acceptFirst();
  return label;
}

test('Save Selection offers the folder name and the git branch, and saves the selected text', async () => {
  fake.answers.push((a) => (a[0] === 'save' ? { stdout: '01M95KJF2B86GSRHTEEFY1PWNC\n' } : undefined));
  openEditor('first line\nretry budget of the checkout\nlast line', sel(1, 0, 1, 28));
  const done = commands.saveSelection();
  assert.equal(await acceptDefault(), 'shop');
  assert.equal(await acceptDefault(), 'feature/checkout');
  assert.deepEqual(await done, ['01M95KJF2B86GSRHTEEFY1PWNC']);
  const [save] = fake.of('save');
  assert.deepEqual(save.args.slice(0, 7), ['save', '--project', 'shop', '--topic', 'feature/checkout', '--source', 'vscode']);
  assert.deepEqual(save.args.slice(7), ['--summary', 'notes.md:2-2']);
  assert.equal(save.stdin, 'retry budget of the checkout');
  const info = state.messages.find((m) => m.level === 'info');
  assert.match(info!.text, /saved 1 chunk to shop\/feature\/checkout: 01M95KJF2B86GSRHTEEFY1PWNC/);
  assert.match(state.statusBar!.text, /\$\(check\)/);
});

test('several selections are saved together, in the order of the document', async () => {
  fake.answers.push((a) => (a[0] === 'save' ? { stdout: '01M95KJF2B86GSRHTEEFY1PWNC\n' } : undefined));
  openEditor('alpha\nbeta\ngamma', sel(2, 0, 2, 5), sel(0, 0, 0, 5));
  await commands.saveSelection({ project: 'p', topic: 't' });
  assert.equal(fake.of('save')[0].stdin, 'alpha\n\ngamma');
  assert.deepEqual(fake.of('save')[0].args.slice(-2), ['--summary', 'notes.md:1-1']);
});

test('a typed name is used instead of the default, and offered again next time', async () => {
  fake.answers.push((a) => (a[0] === 'save' ? { stdout: '01M95KJF2B86GSRHTEEFY1PWNC\n' } : undefined));
  openEditor('some text', sel(0, 0, 0, 9));
  const done = commands.saveSelection();
  const qp = await state.nextQuickPick();
  qp.type('billing');
  qp.acceptFirst();
  await acceptDefault();
  await done;
  assert.equal(fake.of('save')[0].args[2], 'billing');
  const again = commands.saveSelection();
  const next = await state.nextQuickPick();
  assert.deepEqual(
    next.items.map((i: { label: string }) => i.label),
    ['shop', 'billing'],
  );
  next.hide();
  await again;
});

test('an empty selection says so and runs nothing', async () => {
  openEditor('text', sel(0, 2, 0, 2));
  assert.equal(await commands.saveSelection(), undefined);
  openEditor('   \n  ', sel(0, 0, 1, 2));
  assert.equal(await commands.saveSelection(), undefined);
  assert.equal(fake.runs.length, 0);
  assert.equal(state.messages.length, 2);
  assert.match(state.messages[0].text, /selection is empty/);
});

test('a cancelled quick pick does nothing', async () => {
  openEditor('some text', sel(0, 0, 0, 9));
  const done = commands.saveSelection();
  (await state.nextQuickPick()).hide();
  assert.equal(await done, undefined);
  const second = commands.saveSelection();
  await acceptDefault();
  (await state.nextQuickPick()).hide();
  assert.equal(await second, undefined);
  assert.equal(fake.runs.length, 0);
  assert.equal(state.messages.length, 0);
});

test('read-only mode: the save and import commands say so and write nothing', async () => {
  state.config['chatlog.readOnly'] = true;
  openEditor('some text', sel(0, 0, 0, 9));
  assert.equal(await commands.saveSelection(), undefined);
  state.clipboard = 'from the clipboard';
  assert.equal(await commands.saveClipboard(), undefined);
  assert.equal(await commands.importCopilotChat('/tmp/chat.json'), false);
  assert.equal(fake.runs.length, 0);
  assert.equal(state.messages.length, 3);
  for (const m of state.messages) {
    assert.match(m.text, /read-only/);
  }
});

test('a store that is read-only outside the settings: exit code 3 is shown as read-only', async () => {
  fake.answers.push(() => ({ exitCode: 3, stderr: "chatlog: Cannot save in file:///x/: the store is read-only (CHM_READ_ONLY)\n" }));
  state.clipboard = 'pasted chat';
  assert.equal(await commands.saveClipboard({ project: 'p', topic: 't' }), undefined);
  const err = state.messages.find((m) => m.level === 'error')!;
  assert.match(err.text, /read-only; nothing was written/);
  assert.equal(fake.of('save')[0].stdin, 'pasted chat');
});

test('a failure shows the one-line error with Show Log and Run Doctor, and logs the run', async () => {
  state.config['chatlog.store'] = 'sqlite:///nowhere/x.db';
  fake.answers.push(() => ({ exitCode: 1, stderr: 'chatlog: Cannot open sqlite:///nowhere/x.db: Not a directory\n' }));
  assert.equal(await commands.retrieveLatest({ project: 'shop' }), undefined);
  const err = state.messages.find((m) => m.level === 'error')!;
  assert.equal(err.text, 'chatlog: Cannot open sqlite:///nowhere/x.db: Not a directory');
  assert.deepEqual(err.actions, ['Show Log', 'Run Doctor']);
  const log = state.output.join('\n');
  assert.match(log, /\$ CHM_STORE=sqlite:\/\/\/nowhere\/x\.db chatlog retrieve --format json --limit 5 --project shop/);
  assert.match(log, /exit code 1/);
  assert.match(log, /stderr: chatlog: Cannot open sqlite/);
  assert.match(state.statusBar!.text, /\$\(error\) chatlog: sqlite:\/\/\/nowhere\/x\.db/);
  assert.ok(state.statusBar!.backgroundColor);
});

test('Show Log and Run Doctor answer the notification', async () => {
  fake.answers.push((a) => (a[0] === 'doctor' ? { exitCode: 1, stdout: 'store: x\nreachable: FAIL: Cannot list x: denied\n' } : undefined));
  fake.answers.push(() => ({ exitCode: 1, stderr: 'chatlog: Cannot list x: denied\n' }));
  state.answer.error = 'Run Doctor';
  await commands.retrieveLatest({ project: 'shop' });
  await settle(10);
  assert.equal(fake.of('doctor').length, 1, 'Run Doctor ran chatlog doctor');
  const doctorMessage = state.messages.filter((m) => m.level === 'error').pop()!;
  assert.equal(doctorMessage.text, 'chatlog doctor: reachable: FAIL: Cannot list x: denied');
  state.answer.error = 'Show Log';
  await commands.retrieveLatest({ project: 'shop' });
  await settle(10);
  assert.ok(state.outputShown > 0);
});

test('a missing chatlog says how to install it, and is looked for again next time', async () => {
  const missing = async (s: cli.CliSettings, args: string[]): Promise<cli.CliResult> => ({
    command: s.path, args, exitCode: null, signal: null, stdout: '', stderr: '', durationMs: 0,
    spawnError: Object.assign(new Error('spawn ENOENT'), { code: 'ENOENT' }),
  });
  let calls = 0;
  const c = new Commands(new Runner(async (s, a, o) => (calls++, missing(s, a))), new Documents(), memento() as never);
  await c.retrieveLatest({ project: 'shop' });
  await c.retrieveLatest({ project: 'shop' });
  assert.equal(calls, 2);
  const errs = state.messages.filter((m) => m.level === 'error');
  assert.equal(errs.length, 2);
  assert.match(errs[0].text, /chatlog was not found \('chatlog'\)\. Install chatlog/);
  assert.deepEqual(errs[0].actions, ['Open Settings', 'Show Log']);
});

test('a chatlog too old for a command says so', async () => {
  fake.version = 'chatlog 0.0.3\n';
  await commands.retrieveLatest({ project: 'shop' });
  assert.equal(fake.runs.length, 0);
  assert.match(state.messages[0].text, /chatlog 0\.0\.3 is too old/);
});

test('output that is not the JSON asked for is a failure shown like the others', async () => {
  fake.answers.push(() => ({ stdout: 'ID                          CREATED  PROJECT\n' }));
  assert.equal(await commands.retrieveLatest({ project: 'shop' }), undefined);
  const err = state.messages.find((m) => m.level === 'error')!;
  assert.match(err.text, /^chatlog retrieve: chatlog printed something that is not JSON/);
  assert.deepEqual(err.actions, ['Show Log', 'Run Doctor']);
  assert.equal(state.opened.length, 0);
  assert.match(state.statusBar!.text, /\$\(error\)/);
});

test('Retrieve Latest opens the newest chunks as Markdown', async () => {
  const chunk = (id: string, body: string) => ({ id, project: 'shop', topic: 'main', session: 's1', seq: 0, created: '2026-12-06T10:00:00Z', body });
  fake.answers.push((a) => (a[0] === 'retrieve' ? { stdout: JSON.stringify([chunk('01M95KJQBJEW643B119V0XZ73N', 'newer'), chunk('01M95KJF2B86GSRHTEEFY1PWNC', 'older')]) } : undefined));
  const chunks = await commands.retrieveLatest({ project: 'shop' });
  assert.equal(chunks!.length, 2);
  const [doc] = state.opened;
  assert.equal(doc.uri, 'chatlog:///latest/shop.md');
  assert.ok(doc.text.indexOf('newer') < doc.text.indexOf('older'));
  assert.match(doc.text, /## 01M95KJQBJEW643B119V0XZ73N · 2026-12-06T10:00:00Z · shop\/main/);
});

test('Search shows live hits for the last words typed, and Enter opens the hit', async () => {
  const hit = { id: '01M95KJF2B86GSRHTEEFY1PWNC', project: 'shop', topic: 'main', session: 's1', seq: 0, created: '2026-12-06T11:59:31.915Z', snippet: 'the retry\nbudget', highlights: [{ start: 4, end: 9 }], score: 1 };
  fake.answers.push((a) => (a[0] === 'search' ? { stdout: JSON.stringify([hit]) } : undefined));
  fake.answers.push((a) => (a[0] === 'show' ? { stdout: JSON.stringify({ ...hit, body: 'the retry budget, in full' }) } : undefined));
  const done = commands.search();
  const qp = await state.nextQuickPick();
  qp.type('re');
  qp.type('retr');
  qp.type('retry budget');
  await settle(400);
  assert.deepEqual(
    fake.of('search').map((r) => r.args[r.args.length - 1]),
    ['retry budget'],
    'one search, for what was typed last',
  );
  assert.equal(qp.items.length, 1);
  assert.equal(qp.items[0].label, 'shop/main');
  assert.equal(qp.items[0].detail, 'the retry budget');
  assert.ok(qp.items[0].alwaysShow, 'hits are not filtered again by the quick pick');
  qp.acceptFirst();
  assert.equal((await done)!.id, hit.id);
  await settle(10);
  assert.equal(state.opened[0].uri, `chatlog:///chunk/${hit.id}.md`);
  assert.match(state.opened[0].text, /the retry budget, in full/);
});

/** Opens Search and types each text in turn, each time waiting for the search to run. */
async function searchTyping(...texts: string[]) {
  const done = commands.search();
  const qp = await state.nextQuickPick();
  for (const text of texts) {
    qp.type(text);
    await settle(400);
  }
  return { done, qp };
}

test('a query typed halfway shows its error in the list, not as a notification', async () => {
  fake.answers.push(() => ({ exitCode: 2, stderr: 'chatlog: Cannot search: unbalanced quote at position 1\n' }));
  const { done, qp } = await searchTyping('"retry');
  assert.match(qp.items[0].label, /unbalanced quote/);
  assert.equal(state.messages.length, 0);
  qp.hide();
  assert.equal(await done, undefined);
});

test('a search against a store that fails notifies once', async () => {
  fake.answers.push(() => ({ exitCode: 1, stderr: 'chatlog: Cannot open sqlite:///x.db: Not a directory\n' }));
  const { done, qp } = await searchTyping('retry', 'retry budget');
  assert.equal(fake.of('search').length, 2);
  assert.equal(state.messages.filter((m) => m.level === 'error').length, 1);
  qp.hide();
  await done;
});

test('Show Conversation falls back to the session read with retrieve when chatlog has no conversation command', async () => {
  const part = (seq: number, body: string) => ({ id: `01M95KJF2B86GSRHTEEFY1PWN${seq}`, project: 'shop', topic: 'main', session: 's1', seq, created: '2026-12-06T10:00:00Z', body });
  fake.answers.push((a) => (a[0] === 'conversation' ? { exitCode: 2, stderr: "chatlog: Unmatched arguments from index 0: 'conversation', 's1' (see 'chatlog --help')\n" } : undefined));
  fake.answers.push((a) => (a[0] === 'retrieve' ? { stdout: JSON.stringify([part(2, 'third'), part(0, 'first'), part(1, 'second')]) } : undefined));
  assert.equal(await commands.showConversation({ session: 's1', project: 'shop' }), true);
  assert.deepEqual(fake.of('retrieve')[0].args, ['retrieve', '--format', 'json', '--limit', '1000', '--project', 'shop', '--session', 's1']);
  const text = state.opened[0].text;
  assert.ok(text.indexOf('first') < text.indexOf('second') && text.indexOf('second') < text.indexOf('third'));
  assert.equal(state.messages.filter((m) => m.level === 'error').length, 0);
});

test('Show Conversation uses the conversation command where chatlog has it', async () => {
  fake.answers.push((a) => (a[0] === 'conversation' ? { stdout: '# s1\n\nthe whole conversation\n' } : undefined));
  assert.equal(await commands.showConversation({ session: 's1' }), true);
  assert.equal(state.opened[0].text, '# s1\n\nthe whole conversation\n');
  assert.equal(fake.of('retrieve').length, 0);
});

test('Import Copilot Chat runs the importer, and a chatlog without it says it is too old', async () => {
  fake.answers.push((a) => (a[0] === 'import' ? { exitCode: 2, stderr: "chatlog: Unmatched arguments from index 0: 'import', '--from', 'copilot' (see 'chatlog --help')\n" } : undefined));
  const done = commands.importCopilotChat('/tmp/chat.json');
  await acceptDefault();
  assert.equal(await done, false);
  assert.deepEqual(fake.of('import')[0].args, ['import', '--from', 'copilot', '--project', 'shop', '/tmp/chat.json']);
  assert.match(state.messages[0].text, /no 'import' command: it is too old/);
});

test('Save File saves a file on disk with --file, and unsaved text through stdin', async () => {
  fake.answers.push((a) => (a[0] === 'save' ? { stdout: '01M95KJF2B86GSRHTEEFY1PWNC\n' } : undefined));
  openEditor('file text', sel(0, 0, 0, 0));
  await commands.saveFile({ project: 'p', topic: 't' });
  state.activeTextEditor!.document.isDirty = true;
  await commands.saveFile({ project: 'p', topic: 't' });
  const [clean, dirty] = fake.of('save');
  assert.deepEqual(clean.args.slice(-2), ['--file', path.join(workspace, 'shop', 'notes.md')]);
  assert.equal(dirty.stdin, 'file text');
  assert.ok(!dirty.args.includes('--file'));
});

test('the status bar names the configured store and read-only mode', () => {
  state.config['chatlog.store'] = 'file:///tmp/team-store';
  state.config['chatlog.readOnly'] = true;
  const r = new Runner(fake.run);
  assert.equal(state.statusBar!.text, '$(database) chatlog: file:///tmp/team-store (read-only)');
  r.dispose();
});
