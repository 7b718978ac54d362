// Runs the in-editor tests (suite.ts) in desktop VS Code, downloaded by @vscode/test-electron.
// Needs the network to download VS Code and a display (xvfb-run on Linux); the GitHub workflow
// 'vscode' runs it. CHATLOG_BIN names the chatlog command (default: the built distribution).
import { runTests } from '@vscode/test-electron';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

async function main(): Promise<void> {
  const extensionDir = path.resolve(__dirname, '..', '..', '..');
  const target = path.resolve(extensionDir, '..', '..', 'cli', 'target');
  const dist = fs.existsSync(target) ? fs.readdirSync(target).find((d) => /^chatlog-[\d.]+/.test(d) && fs.statSync(path.join(target, d)).isDirectory()) : undefined;
  const chatlog = process.env.CHATLOG_BIN || (dist ? path.join(target, dist, 'bin', 'chatlog') : '');
  if (!chatlog || !fs.existsSync(chatlog)) {
    throw new Error('no chatlog command: build it with ./mvnw -B -DskipTests package -pl cli -am, or set CHATLOG_BIN');
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'chatlog-electron-'));
  const workspace = path.join(tmp, 'wombat-notes');
  fs.mkdirSync(path.join(workspace, '.git'), { recursive: true });
  fs.writeFileSync(path.join(workspace, '.git', 'HEAD'), 'ref: refs/heads/desktop-branch\n');
  fs.writeFileSync(path.join(workspace, 'notes.md'), '# Notes\n\nThe wombat retry budget is three attempts.\n');
  const blocker = path.join(tmp, 'not-a-folder');
  fs.writeFileSync(blocker, 'a file where the store would need a folder\n');
  await runTests({
    version: process.env.VSCODE_VERSION || 'stable',
    extensionDevelopmentPath: extensionDir,
    extensionTestsPath: path.join(__dirname, 'suite'),
    launchArgs: [workspace, '--disable-extensions'],
    extensionTestsEnv: {
      CHATLOG_BIN: chatlog,
      CHM_STORE: `file://${path.join(tmp, 'store')}`,
      CHATLOG_TEST_BAD_STORE: `sqlite://${path.join(blocker, 'chatlog.db')}`,
      XDG_CACHE_HOME: path.join(tmp, 'cache'),
    },
  });
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
