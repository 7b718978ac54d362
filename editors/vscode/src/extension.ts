import * as vscode from 'vscode';
import { Commands, Documents, SCHEME } from './commands';
import { Runner } from './runner';

export function activate(context: vscode.ExtensionContext): Commands {
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
  return commands;
}

export function deactivate(): void {
  // Everything is disposed through the context's subscriptions.
}
