// Everything the extension knows about the chatlog command: the arguments of each call, the
// environment it runs in, how its output is read and what its exit codes mean. Nothing here
// imports 'vscode', so all of it runs under plain Node in the unit tests.
import { spawn } from 'child_process';

/** The settings that change how chatlog runs. */
export interface CliSettings {
  /** The command: a name on PATH or a full path. */
  path: string;
  /** The store URI, passed as CHM_STORE; empty: the CLI's own choice. */
  store: string;
  /** Passes CHM_READ_ONLY=1. */
  readOnly: boolean;
}

/** What one run of chatlog did. */
export interface CliResult {
  command: string;
  args: string[];
  /** The exit code; null when the process did not exit by itself (see error and signal). */
  exitCode: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  /** Set when the process could not be started (ENOENT, EACCES, ...). */
  spawnError?: NodeJS.ErrnoException;
  durationMs: number;
}

/** The exit codes of chatlog (docs/cli.md). */
export const ExitCode = {
  ok: 0,
  failure: 1,
  usage: 2,
  readOnly: 3,
  notFound: 4,
  conflict: 5,
} as const;

export type FailureKind =
  | 'missing'
  | 'notExecutable'
  | 'notChatlog'
  | 'unknownCommand'
  | 'failure'
  | 'usage'
  | 'readOnly'
  | 'notFound'
  | 'conflict'
  | 'cancelled'
  | 'badOutput';

/** A failed run, as the user is told about it. */
export interface Failure {
  kind: FailureKind;
  /** One line for a notification. */
  message: string;
  exitCode: number | null;
  /** The CLI's own one-line error, when it printed one. */
  cliError?: string;
}

export interface Chunk {
  id: string;
  project: string;
  topic: string;
  session: string;
  seq: number;
  created: string;
  actors: string[];
  source: string;
  tags: string[];
  summary: string;
  labels: Record<string, string[]>;
  size: number;
  body?: string;
}

export interface Highlight {
  start: number;
  end: number;
}

export interface Hit extends Chunk {
  score: number;
  snippet: string;
  highlights: Highlight[];
}

/** The oldest chatlog this extension works with. */
export const MIN_VERSION = '0.1.0';

const CHUNK_ID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

// ---------------------------------------------------------------- arguments

export interface SaveOptions {
  project: string;
  topic: string;
  /** Save this file (--file) instead of stdin. */
  file?: string;
  summary?: string;
  session?: string;
}

export function saveArgs(o: SaveOptions): string[] {
  return [
    'save', '--project', o.project, '--topic', o.topic, '--source', 'vscode',
    ...options({ '--session': o.session, '--summary': o.summary, '--file': o.file }),
  ];
}

export interface Filter {
  project?: string;
  topic?: string;
  session?: string;
}

/** Each option whose value is given and not empty, followed by its value. */
function options(values: Record<string, string | undefined>): string[] {
  return Object.entries(values).flatMap(([flag, value]) => (value ? [flag, value] : []));
}

function filterArgs(f: Filter): string[] {
  return options({ '--project': f.project, '--topic': f.topic, '--session': f.session });
}

export function retrieveArgs(limit: number, f: Filter = {}): string[] {
  return ['retrieve', '--format', 'json', '--limit', String(limit), ...filterArgs(f)];
}

export function listArgs(limit: number, f: Filter = {}): string[] {
  return ['list', '--format', 'json', '--limit', String(limit), ...filterArgs(f)];
}

/**
 * A search for what the user typed. The query goes after '--' as one argument, so that a query
 * starting with '-' (an exclusion) is not read as an option.
 */
export function searchArgs(query: string, limit: number, f: Filter = {}): string[] {
  return ['search', '--format', 'json', '--limit', String(limit), ...filterArgs(f), '--', query.trim()];
}

export function showArgs(id: string): string[] {
  return ['show', '--format', 'json', id];
}

/** One conversation in order, rendered by the CLI itself. */
export function conversationArgs(session: string): string[] {
  return ['conversation', '--format', 'markdown', session];
}

export function importArgs(path: string, project?: string): string[] {
  return ['import', '--from', 'copilot', ...options({ '--project': project }), path];
}

export function doctorArgs(): string[] {
  return ['doctor'];
}

export function versionArgs(): string[] {
  return ['--version'];
}

/** The environment of a run: the editor's own, plus the store and read-only settings. */
export function buildEnv(s: CliSettings, base: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...base, NO_COLOR: '1' };
  const store = s.store.trim();
  if (store) {
    env.CHM_STORE = store;
  }
  if (s.readOnly) {
    env.CHM_READ_ONLY = '1';
  }
  return env;
}

/** The command line as a user would type it, for the log. */
export function displayCommand(command: string, args: string[]): string {
  return [command, ...args].map(quoteForDisplay).join(' ');
}

function quoteForDisplay(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

// ---------------------------------------------------------------- running

export interface RunOptions {
  stdin?: string;
  cwd?: string;
  /** Kills the process when aborted (a search superseded by newer typing). */
  signal?: AbortSignal;
  timeoutMs?: number;
}

export function runCli(s: CliSettings, args: string[], o: RunOptions = {}, baseEnv: NodeJS.ProcessEnv = process.env): Promise<CliResult> {
  const command = s.path.trim() || 'chatlog';
  const started = Date.now();
  return new Promise((resolve) => {
    const result: CliResult = { command, args, exitCode: null, signal: null, stdout: '', stderr: '', durationMs: 0 };
    let settled = false;
    const finish = () => {
      if (!settled) {
        settled = true;
        result.durationMs = Date.now() - started;
        resolve(result);
      }
    };
    let child;
    try {
      child = spawn(command, args, {
        cwd: o.cwd,
        env: buildEnv(s, baseEnv),
        signal: o.signal,
        timeout: o.timeoutMs,
        stdio: ['pipe', 'pipe', 'pipe'],
        windowsHide: true,
      });
    } catch (e) {
      result.spawnError = e as NodeJS.ErrnoException;
      finish();
      return;
    }
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (d: string) => (result.stdout += d));
    child.stderr.on('data', (d: string) => (result.stderr += d));
    child.on('error', (e: NodeJS.ErrnoException) => {
      if (e.name === 'AbortError') {
        result.signal = 'SIGTERM';
      } else {
        result.spawnError = e;
      }
      if (child.exitCode === null && child.pid === undefined) {
        finish();
      }
    });
    child.on('close', (code, signal) => {
      result.exitCode = code;
      result.signal = result.signal ?? signal;
      finish();
    });
    // A process that ends before reading its input (a usage error) closes the pipe: not our error.
    child.stdin.on('error', () => undefined);
    child.stdin.end(o.stdin ?? '');
  });
}

// ---------------------------------------------------------------- reading output

/** The CLI's one-line error: the last 'chatlog: Cannot …' line, else the last 'chatlog:' line. */
export function cliErrorLine(stderr: string): string | undefined {
  const lines = stderr.split(/\r?\n/).map((l) => l.trim()).filter((l) => l.length > 0);
  const cannot = lines.filter((l) => /^chatlog: Cannot /.test(l));
  if (cannot.length > 0) {
    return cannot[cannot.length - 1];
  }
  const own = lines.filter((l) => l.startsWith('chatlog: '));
  if (own.length > 0) {
    return own[own.length - 1];
  }
  return lines.length > 0 ? lines[lines.length - 1] : undefined;
}

/**
 * The subcommand a usage error calls unknown: "'import' is not a chatlog command; …", or, from
 * chatlog before issue 19, "Unmatched arguments from index 0: 'import', …".
 */
export function unknownCommand(r: CliResult): string | undefined {
  if (r.exitCode !== ExitCode.usage || r.args.length === 0) {
    return undefined;
  }
  const m =
    /: '([^']+)' is not a \S+ command/.exec(r.stderr) ?? /Unmatched arguments? from index 0: '([^']+)'/.exec(r.stderr);
  return m && m[1] === r.args[0] ? m[1] : undefined;
}

const INSTALL_HINT =
  "Install chatlog (unpack chatlog-VERSION.tar.gz and put its bin/ on PATH, or run ./chatlog in a clone) " +
  'or set "chatlog.path" to the command.';

/** What went wrong in a run, or undefined when it worked. */
export function describeFailure(r: CliResult): Failure | undefined {
  if (r.spawnError) {
    const code = r.spawnError.code;
    if (code === 'ENOENT') {
      return { kind: 'missing', exitCode: null, message: `chatlog was not found ('${r.command}'). ${INSTALL_HINT}` };
    }
    return {
      kind: 'notExecutable',
      exitCode: null,
      message: `chatlog could not be started ('${r.command}': ${code ?? r.spawnError.message}). ${INSTALL_HINT}`,
    };
  }
  if (r.exitCode === ExitCode.ok) {
    return undefined;
  }
  const cliError = cliErrorLine(r.stderr);
  if (r.exitCode === null) {
    return {
      kind: 'cancelled',
      exitCode: null,
      cliError,
      message: `chatlog ${r.args[0] ?? ''} was stopped (${r.signal ?? 'no exit code'}).`,
    };
  }
  const missing = unknownCommand(r);
  if (missing) {
    return {
      kind: 'unknownCommand',
      exitCode: r.exitCode,
      cliError,
      message: `This chatlog has no '${missing}' command: it is too old for this. Update chatlog.`,
    };
  }
  const detail = cliError ?? `chatlog ${r.args[0] ?? ''} exited with code ${r.exitCode}`;
  switch (r.exitCode) {
    case ExitCode.readOnly:
      return { kind: 'readOnly', exitCode: r.exitCode, cliError, message: `The store is read-only; nothing was written. ${detail}` };
    case ExitCode.usage:
      return { kind: 'usage', exitCode: r.exitCode, cliError, message: detail };
    case ExitCode.notFound:
      return { kind: 'notFound', exitCode: r.exitCode, cliError, message: detail };
    case ExitCode.conflict:
      return {
        kind: 'conflict',
        exitCode: r.exitCode,
        cliError,
        message: `${detail} (other writers kept winning; try again)`,
      };
    default:
      return { kind: 'failure', exitCode: r.exitCode, cliError, message: detail };
  }
}

/** Raised when stdout is not what the command promises. */
export class OutputError extends Error {}

function parseJson(stdout: string, what: string): unknown {
  const text = stdout.trim();
  if (text === '') {
    throw new OutputError(`chatlog printed nothing where ${what} was expected`);
  }
  try {
    return JSON.parse(text);
  } catch {
    const start = text.slice(0, 60).replace(/\s+/g, ' ');
    throw new OutputError(`chatlog printed something that is not JSON where ${what} was expected: "${start}…"`);
  }
}

function isChunk(v: unknown): v is Chunk {
  if (typeof v !== 'object' || v === null) {
    return false;
  }
  const o = v as Record<string, unknown>;
  return typeof o.id === 'string' && typeof o.project === 'string' && typeof o.topic === 'string';
}

function normaliseChunk<T extends Chunk>(c: T): T {
  return {
    ...c,
    session: typeof c.session === 'string' ? c.session : '',
    seq: typeof c.seq === 'number' ? c.seq : 0,
    created: typeof c.created === 'string' ? c.created : '',
    actors: Array.isArray(c.actors) ? c.actors : [],
    tags: Array.isArray(c.tags) ? c.tags : [],
    summary: typeof c.summary === 'string' ? c.summary : '',
    labels: typeof c.labels === 'object' && c.labels !== null ? c.labels : {},
  };
}

/** The chunks of 'retrieve', 'list' or 'show' in JSON (an array, or one object for 'show'). */
export function parseChunks(stdout: string): Chunk[] {
  const v = parseJson(stdout, 'chunks in JSON');
  const items = Array.isArray(v) ? v : [v];
  return items.map((item, i) => {
    if (!isChunk(item)) {
      throw new OutputError(`chatlog printed JSON without the fields of a chunk (item ${i})`);
    }
    return normaliseChunk(item);
  });
}

export function parseChunk(stdout: string): Chunk {
  const chunks = parseChunks(stdout);
  if (chunks.length !== 1) {
    throw new OutputError(`chatlog printed ${chunks.length} chunks where one was expected`);
  }
  return chunks[0];
}

/** The hits of 'search --format json'. */
export function parseHits(stdout: string): Hit[] {
  if (stdout.trim() === '') {
    return [];
  }
  const v = parseJson(stdout, 'search hits in JSON');
  if (!Array.isArray(v)) {
    throw new OutputError('chatlog printed JSON that is not a list of search hits');
  }
  return v.map((item, i) => {
    if (!isChunk(item)) {
      throw new OutputError(`chatlog printed a search hit without the fields of a chunk (item ${i})`);
    }
    const h = item as Partial<Hit> & Chunk;
    return {
      ...normaliseChunk(h),
      score: typeof h.score === 'number' ? h.score : 0,
      snippet: typeof h.snippet === 'string' ? h.snippet : '',
      highlights: Array.isArray(h.highlights)
        ? h.highlights.filter((x) => typeof x?.start === 'number' && typeof x?.end === 'number')
        : [],
    };
  });
}

export interface SaveOutcome {
  /** Ids of chunks written by this save. */
  written: string[];
  /** Ids that already held the content ('unchanged' on stderr). */
  unchanged: string[];
}

/** The ids that 'save' prints, one a line; those stderr calls unchanged were not written again. */
export function parseSaveOutput(stdout: string, stderr: string): SaveOutcome {
  const ids = stdout.split(/\r?\n/).map((l) => l.trim()).filter((l) => l.length > 0);
  const bad = ids.find((id) => !CHUNK_ID.test(id));
  if (bad !== undefined) {
    throw new OutputError(`chatlog save printed "${bad.slice(0, 40)}" where a chunk id was expected`);
  }
  const unchangedIds = new Set<string>();
  for (const m of stderr.matchAll(/unchanged: ([0-9A-HJKMNP-TV-Z]{26})/g)) {
    unchangedIds.add(m[1]);
  }
  return {
    written: ids.filter((id) => !unchangedIds.has(id)),
    unchanged: ids.filter((id) => unchangedIds.has(id)),
  };
}

/** The version that 'chatlog --version' prints on its first line ('chatlog 0.1.0-SNAPSHOT'). */
export function parseVersion(stdout: string): string | undefined {
  const m = /^chatlog (\d+\.\d+\.\d+)\S*/m.exec(stdout);
  return m ? m[1] : undefined;
}

/** Compares dotted versions numerically: negative, zero or positive. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map((x) => parseInt(x, 10) || 0);
  const pb = b.split('.').map((x) => parseInt(x, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) {
      return d;
    }
  }
  return 0;
}

/** Why this chatlog cannot be used, or undefined when its version is good. */
export function checkVersion(r: CliResult): Failure | undefined {
  const failed = describeFailure(r);
  if (failed) {
    return failed;
  }
  const version = parseVersion(r.stdout);
  if (!version) {
    const first = r.stdout.trim().split(/\r?\n/)[0] ?? '';
    return {
      kind: 'notChatlog',
      exitCode: r.exitCode,
      message: `'${r.command} --version' printed "${first.slice(0, 60)}": that is not chatlog. Set "chatlog.path" to the chatlog command.`,
    };
  }
  if (compareVersions(version, MIN_VERSION) < 0) {
    return {
      kind: 'unknownCommand',
      exitCode: r.exitCode,
      message: `chatlog ${version} is too old: this extension needs ${MIN_VERSION} or newer. Update chatlog.`,
    };
  }
  return undefined;
}

/** Lines of 'chatlog doctor' that did not pass ('writable: FAIL: …'). */
export function doctorProblems(stdout: string): string[] {
  return stdout
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => /^[\w ]+: FAIL\b/.test(l));
}

// ---------------------------------------------------------------- rendering

/** A chunk as Markdown, headed as 'chatlog retrieve' heads it. */
export function chunkMarkdown(c: Chunk): string {
  const meta: string[] = [`session \`${c.session}\` · seq ${c.seq}`];
  if (c.actors.length > 0) {
    meta.push(`actors: ${c.actors.join(', ')}`);
  }
  if (c.tags.length > 0) {
    meta.push(`tags: ${c.tags.join(', ')}`);
  }
  if (c.summary) {
    meta.push(`summary: ${c.summary}`);
  }
  const body = (c.body ?? '').replace(/\s+$/, '');
  return `## ${c.id} · ${c.created} · ${c.project}/${c.topic}\n\n_${meta.join(' · ')}_\n\n${body}\n`;
}

export function chunksMarkdown(chunks: Chunk[]): string {
  return chunks.map(chunkMarkdown).join('\n');
}
