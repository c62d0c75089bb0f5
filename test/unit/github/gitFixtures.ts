import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { renderRetrospective } from '../../../src/core/retrospectives';
import type { FakeGitHub } from '../../support/githubServer';
import { NOW, resolvedIncident, restartRecord } from '../retrospectives/fixtures';

/** Runs a local git command (never one that talks to the fake GitHub: it runs in this process, so a blocking call would deadlock). */
export function git(cwd: string, args: string[]): string {
  return execFileSync('git', args, { cwd, env: gitEnv(), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Runs git without blocking, for commands that reach the fake GitHub; `token` adds its auth header. */
export async function gitAsync(cwd: string, args: string[], options: { token?: string; url?: string } = {}): Promise<string> {
  const { stdout } = await promisify(execFile)('git', args, { cwd, env: gitEnv(options), encoding: 'utf8' });
  return stdout;
}

function gitEnv(options: { token?: string; url?: string } = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    GIT_TERMINAL_PROMPT: '0',
    GIT_AUTHOR_DATE: '2026-11-01T10:30:00Z',
    GIT_COMMITTER_DATE: '2026-11-01T10:30:00Z',
  };
  if (options.token && options.url) {
    env.GIT_CONFIG_COUNT = '1';
    env.GIT_CONFIG_KEY_0 = `http.${options.url}/.extraheader`;
    env.GIT_CONFIG_VALUE_0 = `AUTHORIZATION: basic ${Buffer.from(`x-access-token:${options.token}`).toString('base64')}`;
  }
  return env;
}

export interface WorkRepo {
  dir: string;
  cleanup(): void;
}

/** A clone-like work repository with `main` pushed to the fake GitHub's `owner/repo` as origin. */
export async function workRepo(github: FakeGitHub, token: string, owner = 'acme', repo = 'shop'): Promise<WorkRepo> {
  const dir = mkdtempSync(join(tmpdir(), 'retro-work-'));
  github.createRepo(owner, repo);
  git(dir, ['init', '--quiet', '--initial-branch=main']);
  git(dir, ['config', 'user.name', 'Test User']);
  git(dir, ['config', 'user.email', 'test@example.com']);
  git(dir, ['config', 'commit.gpgsign', 'false']);
  writeFileSync(join(dir, 'README.md'), '# Shop\n');
  writeFileSync(join(dir, 'app.txt'), 'version 1\n');
  git(dir, ['add', '--', 'README.md', 'app.txt']);
  git(dir, ['commit', '--quiet', '-m', 'Initial commit']);
  git(dir, ['remote', 'add', 'origin', github.remoteUrl(owner, repo)]);
  await gitAsync(dir, ['push', '--quiet', 'origin', 'main'], { token, url: github.url });
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export const FOLLOW_UPS = [
  '- [ ] Alert on replica lag > 10 s — @alice, due 2026-12-05',
  '- [ ] Document the failover — Platform team, due 2026-12-12',
  '- [x] Raise the pool size — @bob, due 2026-11-02',
];

/** Writes a rendered retrospective with follow-ups into the work repo; returns its repo-relative path. */
export function writeRetrospective(dir: string, followUps: readonly string[] = FOLLOW_UPS): string {
  const rel = 'retrospectives/2026-11-01-INC-42-checkout-latency-in-eu-west.md';
  const markdown = renderRetrospective({ incident: resolvedIncident(), executions: [restartRecord()], commits: [] }, NOW).replace(
    '## Contributing factors',
    `${followUps.join('\n')}\n\n## Contributing factors`,
  );
  mkdirSync(dirname(join(dir, rel)), { recursive: true });
  writeFileSync(join(dir, rel), markdown);
  return rel;
}

/** Every file under a folder (including .git), as raw bytes decoded leniently, for leak scans. */
export function allFileContents(dir: string): { path: string; text: string }[] {
  const out: { path: string; text: string }[] = [];
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) out.push({ path, text: readFileSync(path).toString('latin1') });
    }
  };
  walk(dir);
  return out;
}

/** Every object in a repository, decompressed. */
export function allObjects(gitDir: string): string {
  return execFileSync('git', ['cat-file', '--batch-all-objects', '--batch'], { cwd: gitDir, encoding: 'latin1', maxBuffer: 64 * 1024 * 1024 });
}
