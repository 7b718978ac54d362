// The branch a folder's git checkout is on, read from .git/HEAD without running git.
import * as fs from 'fs';
import * as path from 'path';

/** The git folder of a checkout: '.git' itself, or where a worktree's '.git' file points. */
function gitDir(folder: string): string | undefined {
  const dotGit = path.join(folder, '.git');
  let stat: fs.Stats;
  try {
    stat = fs.statSync(dotGit);
  } catch {
    return undefined;
  }
  if (stat.isDirectory()) {
    return dotGit;
  }
  const m = /^gitdir:\s*(.+)$/m.exec(fs.readFileSync(dotGit, 'utf8'));
  return m ? path.resolve(folder, m[1].trim()) : undefined;
}

/**
 * The branch checked out in the folder or the nearest folder above it that is a checkout;
 * undefined outside a checkout or on a detached HEAD.
 */
export function gitBranch(folder: string): string | undefined {
  for (let dir = path.resolve(folder); ; dir = path.dirname(dir)) {
    const git = gitDir(dir);
    if (git) {
      try {
        const m = /^ref:\s*refs\/heads\/(.+)$/m.exec(fs.readFileSync(path.join(git, 'HEAD'), 'utf8'));
        return m ? m[1].trim() : undefined;
      } catch {
        return undefined;
      }
    }
    if (path.dirname(dir) === dir) {
      return undefined;
    }
  }
}
