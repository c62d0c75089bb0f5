import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { blameLines } from '../../../src/app/insights/node/gitBlame';
import { readRetrospectives } from '../../../src/app/insights/node/repositorySources';
import { CommitMemoryIndex, memoryText, parseBlamePorcelain, rememberedRuns } from '../../../src/core/insights/codeMemory';

function git(cwd: string, args: string[]): string {
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, GIT_AUTHOR_NAME: 'T', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 'T', GIT_COMMITTER_EMAIL: 't@example.com' };
  return execFileSync('git', args, { cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

describe('incident memory in the code', () => {
  let dir: string;
  let trigger: string;
  let fix: string;
  const v1 = ['export function ttl(): number {', '  return 60;', '}', '', 'export function other(): number {', '  return 1;', '}', ''].join('\n');

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'code-memory-'));
    git(dir, ['init', '-q', '-b', 'main']);
    writeFileSync(join(dir, 'cache.ts'), v1);
    git(dir, ['add', '.']);
    git(dir, ['commit', '-q', '-m', 'initial']);
    writeFileSync(join(dir, 'cache.ts'), v1.replace('return 60;', 'return 0;'));
    git(dir, ['commit', '-q', '-am', 'cache: no ttl']);
    trigger = git(dir, ['rev-parse', 'HEAD']);
    writeFileSync(join(dir, 'cache.ts'), v1.replace('return 60;', 'return 0;').replace('return 1;', 'return 2;'));
    git(dir, ['commit', '-q', '-am', 'other: fix']);
    fix = git(dir, ['rev-parse', 'HEAD']);
    mkdirSync(join(dir, 'retrospectives'));
    writeFileSync(
      join(dir, 'retrospectives', '2026-10-03-INC-42-cache.md'),
      ['---', 'id: INC-42', 'title: Cache stampede', 'severity: 1', 'declared_at: 2026-10-03T09:00:00.000Z', `trigger_commits: [${trigger.slice(0, 8)}]`, `fix_commits: [${fix}]`, '---', '', '## Follow-up actions', '', '- [ ] TTL floor — @alice, due 2026-12-01', '- [ ] Alert on miss rate — @bob, due 2026-12-01', '- [x] Document — @li, due 2026-11-01', ''].join('\n'),
    );
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('finds the lines a retrospective\'s trigger and fix commits last changed, through real git blame', async () => {
    const index = new CommitMemoryIndex(await readRetrospectives(dir));
    const blame = await blameLines(dir, 'cache.ts', v1.replace('return 60;', 'return 0;').replace('return 1;', 'return 2;'));
    assert.ok(blame, 'git blamed the file');
    const runs = rememberedRuns(blame, index);
    assert.deepEqual(runs.map((r) => [r.start, r.end, r.memories.map((m) => m.role)]), [
      [1, 1, ['trigger']],
      [5, 5, ['fix']],
    ]);
    assert.equal(memoryText(runs[0]!.memories[0]!), 'INC-42 · Sev 1 · 2026-10-03: this change triggered it — retrospective · 2 open follow-ups');
    assert.equal(runs[1]!.memories[0]!.retrospectivePath, 'retrospectives/2026-10-03-INC-42-cache.md');
  });

  it('blames the buffer as edited: lines typed above shift the memory, new lines are nobody\'s', async () => {
    const index = new CommitMemoryIndex(await readRetrospectives(dir));
    const edited = `// a new comment\n${v1.replace('return 60;', 'return 0;').replace('return 1;', 'return 2;')}`;
    const blame = await blameLines(dir, 'cache.ts', edited);
    assert.ok(blame);
    assert.equal(blame[0], undefined, 'the unsaved line has no commit');
    assert.deepEqual(rememberedRuns(blame, index).map((r) => r.start), [2, 6]);
  });

  it('says nothing for a file git does not track, and parses porcelain headers', async () => {
    writeFileSync(join(dir, 'untracked.ts'), 'x\n');
    assert.equal(await blameLines(dir, 'untracked.ts', 'x\n'), undefined);
    const sha = 'a'.repeat(40);
    assert.deepEqual(parseBlamePorcelain(`${sha} 1 1 2\nauthor T\n\tline one\n${sha} 2 2\n\tline two\n${'0'.repeat(40)} 3 3 1\n\tnew\n`), [sha, sha, undefined]);
    assert.equal(new CommitMemoryIndex([]).isEmpty, true);
  });
});
