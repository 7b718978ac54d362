// The tests that run inside desktop VS Code (see runTest.ts): the real extension host, the real
// chatlog, a store in a temporary folder.
import { strict as assert } from 'assert';
import { execFileSync } from 'child_process';
import * as vscode from 'vscode';
import type { Api } from '../../extension';

const chatlog = process.env.CHATLOG_BIN!;
const store = process.env.CHM_STORE!;

function stored(): { id: string; project: string; topic: string; source: string; body: string }[] {
  return JSON.parse(execFileSync(chatlog, ['retrieve', '--limit', '100', '--format', 'json'], { encoding: 'utf8', env: { ...process.env, CHM_STORE: store } }));
}

async function setting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('chatlog').update(key, value, vscode.ConfigurationTarget.Global);
}

/** Waits until the check passes, for at most 30 s; then fails with its last error. */
async function eventually(check: () => void): Promise<void> {
  for (let waited = 0; ; waited += 250) {
    try {
      check();
      return;
    } catch (e) {
      if (waited >= 30000) {
        throw e;
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

async function selectAllOf(name: string): Promise<void> {
  const [file] = await vscode.workspace.findFiles(name);
  const editor = await vscode.window.showTextDocument(file);
  const doc = editor.document;
  editor.selection = new vscode.Selection(0, 0, doc.lineCount - 1, doc.lineAt(doc.lineCount - 1).text.length);
}

export async function run(): Promise<void> {
  await setting('path', chatlog);
  await setting('store', store);
  await setting('readOnly', false);
  const api = (await vscode.extensions.getExtension('chatlog.chatlog')!.activate()) as Api;

  const tests: [string, () => Promise<void>][] = [
    ['Save Selection saves the selected text', async () => {
      await selectAllOf('notes.md');
      const ids = (await vscode.commands.executeCommand('chatlog.saveSelection', { project: 'desktop', topic: 'electron' })) as string[];
      assert.equal(ids.length, 1);
      const [chunk] = stored();
      assert.equal(chunk.id, ids[0]);
      assert.equal(chunk.project, 'desktop');
      assert.equal(chunk.source, 'vscode');
      assert.match(chunk.body, /wombat retry budget/);
    }],
    ['Search finds the saved words and opens the hit', async () => {
      const searching = vscode.commands.executeCommand('chatlog.search', 'wombat budget') as Thenable<{ id: string } | undefined>;
      let hit: { id: string } | undefined;
      for (let i = 0; i < 60 && !hit; i++) {
        await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
        hit = await Promise.race([searching, new Promise<undefined>((r) => setTimeout(() => r(undefined), 500))]);
      }
      assert.equal(hit?.id, stored()[0].id);
      await eventually(() => assert.match(vscode.window.activeTextEditor?.document.getText() ?? '', /wombat retry budget/));
    }],
    ['Read-only mode saves nothing', async () => {
      await setting('readOnly', true);
      await selectAllOf('notes.md');
      const ids = await vscode.commands.executeCommand('chatlog.saveSelection', { project: 'desktop', topic: 'read-only' });
      assert.equal(ids, undefined);
      assert.equal(stored().length, 1);
      await setting('readOnly', false);
    }],
    ['A store that cannot be opened is a failure with the CLI error', async () => {
      await setting('store', process.env.CHATLOG_TEST_BAD_STORE);
      const chunks = await vscode.commands.executeCommand('chatlog.retrieveLatest', { project: 'desktop' });
      assert.equal(chunks, undefined);
      assert.equal(api.runner.lastFailure?.kind, 'failure');
      assert.match(api.runner.lastFailure!.message, /^chatlog: Cannot open sqlite:/);
      await eventually(() => assert.match(api.runner.status.text, /\$\(error\)/));
      await setting('store', store);
    }],
  ];

  let passed = 0;
  let failed = 0;
  for (const [name, body] of tests) {
    try {
      await body();
      passed++;
      console.log(`ok - ${name}`);
    } catch (e) {
      failed++;
      console.error(`not ok - ${name}\n${e instanceof Error ? e.stack : e}`);
    }
  }
  console.log(`${passed} passed, ${failed} failed`);
  if (failed > 0) {
    throw new Error(`${failed} of ${tests.length} tests failed`);
  }
}
