import { execFile } from 'node:child_process';
import { parseBlamePorcelain } from '../../../core/insights/codeMemory';
import { baseGitEnv } from '../../../github/gitEnv';

const MAX_BUFFER = 64 * 1024 * 1024;

/**
 * `git blame --porcelain` of one file as the editor holds it (`--contents -`: unsaved
 * edits included, so line numbers match the buffer), in a child process: the extension
 * host's thread only waits for its output. Undefined when git cannot blame the file (not
 * tracked, not a repository, git missing).
 */
export function blameLines(repoRoot: string, relativePath: string, contents: string, signal?: AbortSignal): Promise<(string | undefined)[] | undefined> {
  return new Promise((resolve) => {
    const child = execFile(
      'git',
      ['-c', 'core.quotePath=false', 'blame', '--porcelain', '--contents', '-', '--', relativePath],
      { cwd: repoRoot, env: baseGitEnv(), maxBuffer: MAX_BUFFER, encoding: 'utf8', timeout: 30_000, ...(signal ? { signal } : {}) },
      (error, stdout) => resolve(error ? undefined : parseBlamePorcelain(stdout)),
    );
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(contents);
  });
}

/** The full sha of an abbreviated one in the repository; undefined when it names no single commit. */
export function fullCommitSha(repoRoot: string, sha: string): Promise<string | undefined> {
  if (!/^[0-9a-f]{4,64}$/i.test(sha)) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    execFile('git', ['rev-parse', '--verify', '--quiet', `${sha}^{commit}`], { cwd: repoRoot, env: baseGitEnv(), encoding: 'utf8', timeout: 10_000 }, (error, stdout) =>
      resolve(error ? undefined : /^[0-9a-f]{40,64}$/.test(stdout.trim()) ? stdout.trim() : undefined),
    );
  });
}
