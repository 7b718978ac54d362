import { strict as assert } from 'assert';
import { test } from 'node:test';
import * as cli from '../../cli';

const settings: cli.CliSettings = { path: 'chatlog', store: '', readOnly: false };

function result(exitCode: number | null, stderr = '', stdout = '', args = ['search']): cli.CliResult {
  return { command: 'chatlog', args, exitCode, signal: null, stdout, stderr, durationMs: 1 };
}

// What 'chatlog search --format json retry' printed for one saved chunk.
const SEARCH_JSON = `[ {
  "id" : "01M95KJF2B86GSRHTEEFY1PWNC",
  "project" : "demo",
  "topic" : "first",
  "session" : "default",
  "seq" : 0,
  "created" : "2026-12-06T11:59:31.915Z",
  "actors" : [ "user" ],
  "source" : "cli",
  "tags" : [ ],
  "summary" : "",
  "labels" : { },
  "sha256" : "125063542c87ac301170bd5940f1f73c4b9f237e6f2db026038d5a9ddecc0c6e",
  "size" : 25,
  "score" : 9.999998896234864E-7,
  "relevance" : 1.0E-6,
  "recency" : 0.9999997792469729,
  "snippet" : "hello retry budget world ",
  "highlights" : [ {
    "start" : 6,
    "end" : 11
  } ]
} ]`;

test('save passes project, topic and source, and a file only when one is given', () => {
  assert.deepEqual(cli.saveArgs({ project: 'shop', topic: 'main', summary: 'a.md:1-3' }), [
    'save', '--project', 'shop', '--topic', 'main', '--source', 'vscode', '--summary', 'a.md:1-3',
  ]);
  const withFile = cli.saveArgs({ project: 'p', topic: 't', file: '/w/notes.md' });
  assert.deepEqual(withFile.slice(-2), ['--file', '/w/notes.md']);
  assert.ok(!cli.saveArgs({ project: 'p', topic: 't' }).includes('--file'));
});

test('a search query goes after -- as one argument, so an exclusion is not read as an option', () => {
  const args = cli.searchArgs('  -zookeeper kafka ', 7, { project: 'shop' });
  assert.deepEqual(args, ['search', '--format', 'json', '--limit', '7', '--project', 'shop', '--', '-zookeeper kafka']);
});

test('reading commands ask for JSON with their filters', () => {
  assert.deepEqual(cli.retrieveArgs(5, { project: 'p', session: 's' }), ['retrieve', '--format', 'json', '--limit', '5', '--project', 'p', '--session', 's']);
  assert.deepEqual(cli.showArgs('01M95KJF2B86GSRHTEEFY1PWNC'), ['show', '--format', 'json', '01M95KJF2B86GSRHTEEFY1PWNC']);
  assert.deepEqual(cli.importArgs('/tmp/chat.json', 'web'), ['import', '--from', 'copilot', '--project', 'web', '/tmp/chat.json']);
});

test('the store and read-only settings become CHM_STORE and CHM_READ_ONLY', () => {
  const base = { PATH: '/bin', CHM_STORE: 'file:///from/env' };
  const env = cli.buildEnv({ path: 'chatlog', store: ' sqlite:///tmp/c.db ', readOnly: true }, base);
  assert.equal(env.CHM_STORE, 'sqlite:///tmp/c.db');
  assert.equal(env.CHM_READ_ONLY, '1');
  assert.equal(env.PATH, '/bin');
  const unset = cli.buildEnv(settings, base);
  assert.equal(unset.CHM_STORE, 'file:///from/env', 'an empty setting leaves the environment to decide');
  assert.equal(unset.CHM_READ_ONLY, undefined);
});

test('search hits keep their snippet and highlight offsets', () => {
  const [hit] = cli.parseHits(SEARCH_JSON);
  assert.equal(hit.id, '01M95KJF2B86GSRHTEEFY1PWNC');
  assert.equal(hit.project, 'demo');
  assert.equal(hit.snippet.slice(hit.highlights[0].start, hit.highlights[0].end), 'retry');
  assert.deepEqual(cli.parseHits(''), [], 'no hits prints nothing');
});

test('output that is not the promised JSON is an error that quotes it', () => {
  assert.throws(() => cli.parseHits('ID  CREATED  PROJECT/TOPIC'), /not JSON.*"ID CREATED PROJECT/);
  assert.throws(() => cli.parseChunks('[{"name":"x"}]'), /without the fields of a chunk/);
  assert.throws(() => cli.parseChunk('[]'), /0 chunks where one was expected/);
});

test('save output: ids written, and ids stderr calls unchanged', () => {
  const out = cli.parseSaveOutput(
    '01M95KJF2B86GSRHTEEFY1PWNC\n01M95KJQBJEW643B119V0XZ73N\n',
    "chatlog: unchanged: 01M95KJF2B86GSRHTEEFY1PWNC already holds this content in session 'default'\n",
  );
  assert.deepEqual(out.written, ['01M95KJQBJEW643B119V0XZ73N']);
  assert.deepEqual(out.unchanged, ['01M95KJF2B86GSRHTEEFY1PWNC']);
  assert.throws(() => cli.parseSaveOutput('would save: p/t session default, 5 chars\n', ''), /where a chunk id was expected/);
});

test('the one-line error is the last "Cannot" line, not a warning before it', () => {
  const stderr = 'chatlog: Skipping chunk a.md: no front matter\nchatlog: Cannot open sqlite:///x.db: Not a directory\n';
  assert.equal(cli.cliErrorLine(stderr), 'chatlog: Cannot open sqlite:///x.db: Not a directory');
  assert.equal(cli.cliErrorLine('boom\n'), 'boom');
  assert.equal(cli.cliErrorLine(''), undefined);
});

test('each exit code maps to its kind of failure', () => {
  assert.equal(cli.describeFailure(result(0)), undefined);
  const cases: [number, cli.FailureKind][] = [
    [1, 'failure'],
    [2, 'usage'],
    [3, 'readOnly'],
    [4, 'notFound'],
    [5, 'conflict'],
    [70, 'failure'],
  ];
  for (const [code, kind] of cases) {
    const f = cli.describeFailure(result(code, `chatlog: Cannot do it: code ${code}\n`));
    assert.equal(f?.kind, kind, `exit code ${code}`);
    assert.equal(f?.exitCode, code);
    assert.match(f!.message, new RegExp(`Cannot do it: code ${code}`));
  }
  assert.match(cli.describeFailure(result(3, 'chatlog: Cannot save in x: the store is read-only\n'))!.message, /read-only; nothing was written/);
  assert.match(cli.describeFailure(result(1))!.message, /exited with code 1/, 'no stderr still says what happened');
});

test('a missing subcommand means this chatlog is too old for it', () => {
  const r = result(2, "chatlog: Unmatched arguments from index 0: 'conversation', 'abc' (see 'chatlog --help')\n", '', ['conversation', '--format', 'markdown', 'abc']);
  const f = cli.describeFailure(r)!;
  assert.equal(f.kind, 'unknownCommand');
  assert.match(f.message, /no 'conversation' command/);
  const other = result(2, "chatlog: Unmatched argument at index 3: 'x'\n", '', ['search', 'x']);
  assert.equal(cli.describeFailure(other)!.kind, 'usage');
  const worded = result(
    2,
    "chatlog: 'conversation' is not a chatlog command; did you mean 'chatlog sessions'? (see 'chatlog --help')\n",
    '',
    ['conversation', 'abc'],
  );
  assert.equal(cli.describeFailure(worded)!.kind, 'unknownCommand');
  const anOption = result(2, "chatlog: Unknown option '--frob' (see 'chatlog search --help')\n", '', ['search', '--frob']);
  assert.equal(cli.describeFailure(anOption)!.kind, 'usage');
});

test('a chatlog that cannot be started says how to install it', () => {
  const missing: cli.CliResult = { ...result(null), spawnError: Object.assign(new Error('spawn chatlog ENOENT'), { code: 'ENOENT' }) };
  const f = cli.describeFailure(missing)!;
  assert.equal(f.kind, 'missing');
  assert.match(f.message, /not found.*Install chatlog.*chatlog\.path/);
});

test('the version check refuses what is not chatlog, or is too old', () => {
  assert.equal(cli.checkVersion(result(0, '', 'chatlog 0.1.0-SNAPSHOT\nJava 17.0.15 (Debian)\n', ['--version'])), undefined);
  assert.equal(cli.checkVersion(result(0, '', 'chatlog 0.0.9\n', ['--version']))?.kind, 'unknownCommand');
  const python = cli.checkVersion(result(0, '', 'Python 3.11.2\n', ['--version']))!;
  assert.equal(python.kind, 'notChatlog');
  assert.match(python.message, /printed "Python 3\.11\.2": that is not chatlog/);
  assert.equal(cli.checkVersion(result(2, 'Unknown option', '', ['--version']))?.kind, 'usage');
  assert.ok(cli.compareVersions('0.10.0', '0.9.1') > 0);
});

test('doctor problems are the lines that FAIL', () => {
  const out = 'store: file:///x\nreachable: ok\nwritable: FAIL: Cannot write /x/.probe/1: not a directory\nconditional writes: unknown: the probe object could not be written\n';
  assert.deepEqual(cli.doctorProblems(out), ['writable: FAIL: Cannot write /x/.probe/1: not a directory']);
});

test('a chunk renders as Markdown with the heading of chatlog retrieve', () => {
  const [c] = cli.parseChunks(SEARCH_JSON.replace('"size" : 25,', '"size" : 25, "body" : "hello retry budget world\\n",'));
  const md = cli.chunkMarkdown(c);
  assert.match(md, /^## 01M95KJF2B86GSRHTEEFY1PWNC · 2026-12-06T11:59:31.915Z · demo\/first\n/);
  assert.match(md, /\n\nhello retry budget world\n$/);
});

// The runner, against real processes: node plays chatlog.
const node: cli.CliSettings = { path: process.execPath, store: 'file:///tmp/unit-store', readOnly: true };

test('runCli passes stdin and the environment, and keeps stdout, stderr and the exit code', async () => {
  const script = `let s='';process.stdin.on('data',d=>s+=d).on('end',()=>{process.stdout.write(s.toUpperCase()+'|'+process.env.CHM_STORE+'|'+process.env.CHM_READ_ONLY);process.stderr.write('chatlog: Cannot x: y\\n');process.exit(3)})`;
  const r = await cli.runCli(node, ['-e', script], { stdin: 'hello' });
  assert.equal(r.stdout, 'HELLO|file:///tmp/unit-store|1');
  assert.equal(r.exitCode, 3);
  assert.equal(cli.describeFailure(r)?.kind, 'readOnly');
});

test('runCli reports a command that does not exist', async () => {
  const r = await cli.runCli({ ...settings, path: '/nonexistent/bin/chatlog' }, ['--version']);
  assert.equal(r.spawnError?.code, 'ENOENT');
  assert.equal(cli.describeFailure(r)?.kind, 'missing');
});

test('runCli stops a run when it is aborted', async () => {
  const ac = new AbortController();
  const started = Date.now();
  const p = cli.runCli(node, ['-e', 'setTimeout(()=>{}, 20000)'], { signal: ac.signal });
  setTimeout(() => ac.abort(), 100);
  const r = await p;
  assert.equal(r.exitCode, null);
  assert.ok(Date.now() - started < 10000, 'the process did not run to its end');
  assert.equal(cli.describeFailure(r)?.kind, 'cancelled');
});
