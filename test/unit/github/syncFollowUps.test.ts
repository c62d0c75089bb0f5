import * as assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseRetrospective } from '../../../src/core/retrospectives';
import { SubmitError } from '../../../src/github/errors';
import { submitRetrospective } from '../../../src/github/submit';
import { syncFollowUpStatus } from '../../../src/github/syncFollowUps';
import { FakeGitHub } from '../../support/githubServer';
import { workRepo, writeRetrospective, type WorkRepo } from './gitFixtures';

const TOKEN = 'ghp_synctoken0123456789';

describe('github: follow-ups tracked to done', function () {
  this.timeout(60_000);
  let github: FakeGitHub;
  let repo: WorkRepo;
  let file: string;

  beforeEach(async () => {
    github = await FakeGitHub.start({ token: TOKEN, assignable: ['alice', 'bob'] });
    repo = await workRepo(github, TOKEN);
    file = writeRetrospective(repo.dir);
    await submitRetrospective({ repoDir: repo.dir, file, tokenProvider: async () => TOKEN, apiBaseUrl: github.apiUrl, pacing: 'none' });
  });

  afterEach(async () => {
    await github.stop();
    repo.cleanup();
  });

  const sync = (write = true) => syncFollowUpStatus({ repoDir: repo.dir, file, tokenProvider: async () => TOKEN, apiBaseUrl: github.apiUrl, write });
  const followUps = () => parseRetrospective(readFileSync(join(repo.dir, file), 'utf8')).followUps;

  it('ticks a follow-up whose issue was closed, changes nothing else, and a second sync changes nothing', async () => {
    const before = readFileSync(join(repo.dir, file), 'utf8');
    const [first] = github.plainIssues();
    assert.ok(first);
    github.closeIssue(first.number);

    const result = await sync();
    assert.deepEqual(result.ticked.map((f) => f.title), [first.title]);
    assert.equal(result.changed, true);
    const after = readFileSync(join(repo.dir, file), 'utf8');
    const changedLines = after.split('\n').filter((line, i) => line !== before.split('\n')[i]);
    assert.equal(changedLines.length, 1, 'only the ticked line differs');
    assert.match(changedLines[0] ?? '', new RegExp(`^- \\[x\\] ${first.title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    assert.equal(followUps().find((f) => f.title === first.title)?.done, true);

    const again = await sync();
    assert.equal(again.changed, false);
    assert.deepEqual(again.ticked, []);
  });

  it('reports a box ticked by hand while its issue is open, and an issue that does not exist, without changing them', async () => {
    const path = join(repo.dir, file);
    const lines = readFileSync(path, 'utf8').split('\n');
    const open = lines.findIndex((l) => /^- \[ \] .*\(#2\)$/.test(l));
    assert.ok(open >= 0);
    lines[open] = (lines[open] ?? '').replace('[ ]', '[x]');
    lines.splice(open + 1, 0, '- [ ] Rotate the on-call calendar — @bob, due 2026-12-20 (#999)');
    writeFileSync(path, lines.join('\n'));
    const written = readFileSync(path, 'utf8');

    const result = await sync();
    assert.deepEqual(result.doneButOpen.map((f) => f.issue), [2]);
    assert.deepEqual(result.unknown.map((f) => f.issue), [999]);
    assert.equal(result.changed, false);
    assert.equal(readFileSync(path, 'utf8'), written);
    assert.ok(github.apiRequests('GET').some((r) => r.path.endsWith('/issues/999')), 'the hand-linked issue was looked up alone');
  });

  it('leaves the file alone when asked only to compute (the editor applies an undoable edit)', async () => {
    const [first] = github.plainIssues();
    assert.ok(first);
    github.closeIssue(first.number);
    const before = readFileSync(join(repo.dir, file), 'utf8');
    const result = await sync(false);
    assert.equal(result.changed, true);
    assert.equal(readFileSync(join(repo.dir, file), 'utf8'), before);
    assert.match(result.markdown, /- \[x\] /);
  });

  it('a bad token is a clear unauthorized error that does not contain the token', async () => {
    const wrong = 'ghp_wrongtoken9876543210';
    await assert.rejects(syncFollowUpStatus({ repoDir: repo.dir, file, tokenProvider: async () => wrong, apiBaseUrl: github.apiUrl }), (error: unknown) => {
      assert.ok(error instanceof SubmitError);
      assert.equal(error.kind, 'unauthorized');
      assert.ok(!error.message.includes(wrong));
      return true;
    });
  });
});
