import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gitDeploys } from '../../../src/app/insights/node/gitDeploys';

function git(cwd: string, args: string[], at = '2026-11-02T10:00:00Z'): string {
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, GIT_AUTHOR_NAME: 'T', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 'T', GIT_COMMITTER_EMAIL: 't@example.com', GIT_AUTHOR_DATE: at, GIT_COMMITTER_DATE: at };
  return execFileSync('git', args, { cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

function commit(dir: string, file: string, text: string, at?: string): string {
  writeFileSync(join(dir, file), text);
  git(dir, ['add', file], at);
  git(dir, ['commit', '-q', '-m', `${file}: ${text.trim()}`], at);
  return git(dir, ['rev-parse', 'HEAD']);
}

describe('insights: deploys from git history', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'insights-deploys-'));
    git(dir, ['init', '-q', '-b', 'main']);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('makes each matching tag ship the commits no earlier tag reached, in tag date order', async () => {
    const a = commit(dir, 'a', '1', '2026-11-01T10:00:00Z');
    git(dir, ['tag', 'v1'], '2026-11-01T10:00:00Z');
    const b = commit(dir, 'a', '2', '2026-11-02T10:00:00Z');
    const c = commit(dir, 'b', '1', '2026-11-02T11:00:00Z');
    git(dir, ['tag', '-a', '-m', 'release', 'v2'], '2026-11-03T10:00:00Z');
    git(dir, ['tag', 'nightly'], '2026-11-04T10:00:00Z');
    const deploys = await gitDeploys(dir, 'v*');
    assert.deepEqual(deploys.map((d) => d.name), ['v1', 'v2']);
    assert.deepEqual(deploys[0]?.commits, [a]);
    assert.deepEqual([...(deploys[1]?.commits ?? [])].sort(), [b, c].sort());
    assert.equal(deploys[1]?.atMs, Date.parse('2026-11-03T10:00:00Z'), 'an annotated tag is dated by its tagger');
  });

  it('falls back to merges on the default branch, each shipping what it merged', async () => {
    commit(dir, 'base', '1', '2026-11-01T09:00:00Z');
    git(dir, ['checkout', '-q', '-b', 'feature']);
    const f1 = commit(dir, 'f', '1', '2026-11-01T10:00:00Z');
    const f2 = commit(dir, 'f', '2', '2026-11-01T11:00:00Z');
    git(dir, ['checkout', '-q', 'main']);
    git(dir, ['merge', '-q', '--no-ff', '-m', 'merge feature', 'feature'], '2026-11-01T12:00:00Z');
    const merge = git(dir, ['rev-parse', 'HEAD']);
    commit(dir, 'direct', '1', '2026-11-01T13:00:00Z');
    const deploys = await gitDeploys(dir, 'v*');
    assert.equal(deploys.length, 1);
    assert.equal(deploys[0]?.name, merge);
    assert.deepEqual([...(deploys[0]?.commits ?? [])].sort(), [merge, f1, f2].sort());
  });

  it('has no deploys outside a repository', async () => {
    const plain = mkdtempSync(join(tmpdir(), 'insights-plain-'));
    try {
      assert.deepEqual(await gitDeploys(plain, 'v*'), []);
    } finally {
      rmSync(plain, { recursive: true, force: true });
    }
  });
});
