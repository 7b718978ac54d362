import * as vscode from 'vscode';
import { Commands, Documents, SCHEME } from './commands';
import { Runner } from './runner';

/** What activation returns: the commands and the runner, for tests in the editor. */
export interface Api {
  commands: Commands;
  runner: Runner;
}

export function activate(context: vscode.ExtensionContext): Api {
  const runner = new Runner();
  const docs = new Documents();
  const commands = new Commands(runner, docs, context.globalState);
  commands.storagePath = context.storageUri?.scheme === 'file' ? context.storageUri.fsPath : undefined;
  context.subscriptions.push(
    runner,
    vscode.workspace.registerTextDocumentContentProvider(SCHEME, docs),
    ...commands.register(),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('chatlog')) {
        runner.reset();
      }
    }),
  );
  return { commands, runner };
}

export function deactivate(): void {
  // Everything is disposed through the context's subscriptions.
}
