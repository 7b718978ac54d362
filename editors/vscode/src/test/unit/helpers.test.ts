import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { test } from 'node:test';
import { Debouncer } from '../../debounce';
import { gitBranch } from '../../git';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('the branch of a checkout, of a folder inside it, and of a worktree', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'chatlog-git-'));
  const repo = path.join(root, 'repo');
  fs.mkdirSync(path.join(repo, '.git'), { recursive: true });
  fs.mkdirSync(path.join(repo, 'src', 'deep'), { recursive: true });
  fs.writeFileSync(path.join(repo, '.git', 'HEAD'), 'ref: refs/heads/main\n');
  assert.equal(gitBranch(repo), 'main');
  assert.equal(gitBranch(path.join(repo, 'src', 'deep')), 'main');

  const wtGit = path.join(repo, '.git', 'worktrees', 'wt');
  fs.mkdirSync(wtGit, { recursive: true });
  fs.writeFileSync(path.join(wtGit, 'HEAD'), 'ref: refs/heads/feature/search\n');
  const wt = path.join(root, 'wt');
  fs.mkdirSync(wt);
  fs.writeFileSync(path.join(wt, '.git'), `gitdir: ${wtGit}\n`);
  assert.equal(gitBranch(wt), 'feature/search');

  fs.writeFileSync(path.join(repo, '.git', 'HEAD'), '3f1c0de4b2a1f0e9d8c7b6a5f4e3d2c1b0a9f8e7\n');
  assert.equal(gitBranch(repo), undefined, 'a detached HEAD has no branch');
  const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'chatlog-nogit-'));
  assert.equal(gitBranch(outside), undefined);
  fs.rmSync(root, { recursive: true, force: true });
  fs.rmSync(outside, { recursive: true, force: true });
});

test('a burst of values runs once, with the last one', async () => {
  const seen: string[] = [];
  const d = new Debouncer<string>(30, async (v) => void seen.push(v));
  d.push('r');
  d.push('re');
  await sleep(10);
  d.push('retry');
  await sleep(80);
  assert.deepEqual(seen, ['retry']);
  d.push('budget');
  await sleep(80);
  assert.deepEqual(seen, ['retry', 'budget']);
});

test('a newer value aborts the run in progress, and cancel drops a scheduled one', async () => {
  const aborted: string[] = [];
  const finished: string[] = [];
  const d = new Debouncer<string>(10, async (v, signal) => {
    signal.addEventListener('abort', () => aborted.push(v));
    await sleep(60);
    if (!signal.aborted) {
      finished.push(v);
    }
  });
  d.push('slow');
  await sleep(30);
  d.push('fast');
  await sleep(100);
  assert.deepEqual(aborted, ['slow']);
  assert.deepEqual(finished, ['fast']);
  d.push('never');
  d.cancel();
  await sleep(100);
  assert.deepEqual(finished, ['fast']);
});
