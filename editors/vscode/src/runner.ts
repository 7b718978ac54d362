// Runs chatlog for the commands: with the settings of the moment, a log of every run in the
// output channel, the status bar item, and a notification for every failure.
import * as vscode from 'vscode';
import * as cli from './cli';

export type RunFn = (s: cli.CliSettings, args: string[], o?: cli.RunOptions) => Promise<cli.CliResult>;

export interface Outcome {
  result: cli.CliResult;
  failure?: cli.Failure;
}

export interface RunRequest extends cli.RunOptions {
  /** Failures of these kinds are returned to the caller without a notification. */
  quietKinds?: cli.FailureKind[];
}

export const SHOW_LOG = 'Show Log';
export const RUN_DOCTOR = 'Run Doctor';
export const OPEN_SETTINGS = 'Open Settings';

export function readSettings(): cli.CliSettings & { defaultProject: string; retrieveLimit: number; searchLimit: number } {
  const c = vscode.workspace.getConfiguration('chatlog');
  return {
    path: c.get<string>('path', 'chatlog') || 'chatlog',
    store: c.get<string>('store', '') ?? '',
    readOnly: c.get<boolean>('readOnly', false) === true,
    defaultProject: c.get<string>('defaultProject', '') ?? '',
    retrieveLimit: Math.max(1, Math.floor(c.get<number>('retrieveLimit', 5) || 5)),
    searchLimit: Math.max(1, Math.floor(c.get<number>('searchLimit', 20) || 20)),
  };
}

export class Runner implements vscode.Disposable {
  readonly output: vscode.OutputChannel;
  readonly status: vscode.StatusBarItem;
  /** Per command path: why it cannot be used, or null once its version was found good. */
  private readonly checked = new Map<string, cli.Failure | null>();
  private lastText = 'no command run yet';
  /** The failure of the last run, if it failed. */
  lastFailure: cli.Failure | undefined;

  constructor(private readonly runFn: RunFn = cli.runCli) {
    this.output = vscode.window.createOutputChannel('chatlog');
    this.status = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Left, 10);
    this.status.command = 'chatlog.showLog';
    this.updateStatus(undefined);
    this.status.show();
  }

  dispose(): void {
    this.output.dispose();
    this.status.dispose();
  }

  /** The store the status bar names: the setting, else what chatlog picks by itself. */
  storeLabel(): string {
    const s = readSettings();
    return s.store.trim() || process.env.CHM_STORE || 'default store';
  }

  /** Shows the store and whether the last command worked (undefined: nothing run yet). */
  updateStatus(ok: boolean | undefined): void {
    const s = readSettings();
    const icon = ok === undefined ? '$(database)' : ok ? '$(check)' : '$(error)';
    const mode = s.readOnly ? ' (read-only)' : '';
    this.status.text = `${icon} chatlog: ${shortStore(this.storeLabel())}${mode}`;
    this.status.tooltip = `chatlog store: ${this.storeLabel()}${mode}\nLast: ${this.lastText}\nClick to show the log.`;
    this.status.backgroundColor = ok === false ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
  }

  /** Runs chatlog with these arguments; a failure is logged, shown, and returned. */
  async run(args: string[], req: RunRequest = {}): Promise<Outcome> {
    const settings = readSettings();
    const usable = await this.checkUsable(settings);
    if (usable) {
      this.record(usable.result, usable.failure);
      this.notify(usable.failure!);
      return usable;
    }
    const result = await this.runFn(settings, args, {
      stdin: req.stdin,
      cwd: req.cwd ?? workspaceCwd(),
      signal: req.signal,
      timeoutMs: req.timeoutMs,
    });
    const failure = cli.describeFailure(result);
    if (failure?.kind === 'cancelled' && req.signal?.aborted) {
      return { result, failure };
    }
    this.record(result, failure);
    if (failure && !(req.quietKinds ?? []).includes(failure.kind)) {
      this.notify(failure);
    }
    return { result, failure };
  }

  /** undefined when the configured chatlog can be used, else the run that showed why not. */
  private async checkUsable(settings: cli.CliSettings): Promise<Outcome | undefined> {
    const known = this.checked.get(settings.path);
    if (known === null) {
      return undefined;
    }
    const result = await this.runFn(settings, cli.versionArgs(), { cwd: workspaceCwd() });
    const failure = cli.checkVersion(result);
    if (failure) {
      // A missing command may be installed in a moment: ask again next time.
      return { result, failure };
    }
    this.checked.set(settings.path, null);
    return undefined;
  }

  /** Logs a run in the output channel and shows its result in the status bar. */
  record(r: cli.CliResult, failure: cli.Failure | undefined): void {
    const env: string[] = [];
    const s = readSettings();
    if (s.store.trim()) {
      env.push(`CHM_STORE=${s.store.trim()}`);
    }
    if (s.readOnly) {
      env.push('CHM_READ_ONLY=1');
    }
    const line = [...env, cli.displayCommand(r.command, r.args)].join(' ');
    const exit = r.spawnError ? `not started: ${r.spawnError.code ?? r.spawnError.message}` : r.exitCode === null ? `stopped by ${r.signal}` : `exit code ${r.exitCode}`;
    this.output.appendLine(`[${new Date().toISOString()}] $ ${line}`);
    this.output.appendLine(`  ${exit} (${r.durationMs} ms)`);
    for (const l of r.stderr.split(/\r?\n/).filter((x) => x.trim() !== '')) {
      this.output.appendLine(`  stderr: ${l}`);
    }
    if (failure && failure.message !== failure.cliError) {
      this.output.appendLine(`  failed: ${failure.message}`);
    }
    this.lastText = `chatlog ${r.args[0] ?? ''}: ${failure ? failure.message : 'ok'}`;
    this.lastFailure = failure;
    this.updateStatus(failure === undefined);
  }

  /** The notification of a failure, with what the user can do about it. */
  notify(f: cli.Failure): void {
    // When the command itself is wrong, doctor cannot help: the settings can.
    const setup = f.kind === 'missing' || f.kind === 'notExecutable' || f.kind === 'notChatlog';
    const actions = setup ? [OPEN_SETTINGS, SHOW_LOG] : [SHOW_LOG, RUN_DOCTOR];
    void vscode.window.showErrorMessage(f.message, ...actions).then((choice) => {
      if (choice === SHOW_LOG) {
        this.output.show(true);
      } else if (choice === RUN_DOCTOR) {
        void vscode.commands.executeCommand('chatlog.runDoctor');
      } else if (choice === OPEN_SETTINGS) {
        void vscode.commands.executeCommand('workbench.action.openSettings', 'chatlog.path');
      }
    });
  }

  /** Forgets which chatlog was found good, after the settings change. */
  reset(): void {
    this.checked.clear();
    this.updateStatus(undefined);
  }
}

function workspaceCwd(): string | undefined {
  const folder = vscode.workspace.workspaceFolders?.[0];
  return folder && folder.uri.scheme === 'file' ? folder.uri.fsPath : undefined;
}

/** A store URI short enough for the status bar. */
export function shortStore(uri: string): string {
  const max = 40;
  return uri.length <= max ? uri : `…${uri.slice(uri.length - max + 1)}`;
}
