import * as assert from 'node:assert/strict';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseRetrospective } from '../../../src/core/retrospectives';
import { SubmitError } from '../../../src/github/errors';
import type { Logger } from '../../../src/github/logger';
import { submitRetrospective, type SubmitOptions, type SubmitProgress } from '../../../src/github/submit';
import { FakeGitHub } from '../../support/githubServer';
import { FOLLOW_UPS, git, workRepo, writeRetrospective, type WorkRepo } from './gitFixtures';

const TOKEN = 'ghp_testtoken0123456789';

function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    debug: (m) => lines.push(`debug ${m}`),
    info: (m) => lines.push(`info ${m}`),
    warn: (m) => lines.push(`warn ${m}`),
    error: (m) => lines.push(`error ${m}`),
  };
}

describe('github: submit a retrospective as a pull request', function () {
  this.timeout(60_000);
  let github: FakeGitHub;
  let repo: WorkRepo;
  let file: string;

  const options = (overrides: Partial<SubmitOptions> = {}): SubmitOptions => ({
    repoDir: repo.dir,
    file,
    tokenProvider: async () => TOKEN,
    apiBaseUrl: github.apiUrl,
    pacing: 'none',
    ...overrides,
  });

  beforeEach(async () => {
    github = await FakeGitHub.start({ token: TOKEN, assignable: ['alice', 'bob'] });
    repo = await workRepo(github, TOKEN);
    file = writeRetrospective(repo.dir);
  });

  afterEach(async () => {
    await github.stop();
    repo.cleanup();
  });

  it('first submit: branch retro/INC-42 with only the file, a labelled PR, one issue per open follow-up, numbers written back', async () => {
    const progress: SubmitProgress[] = [];
    const result = await submitRetrospective(options({ onProgress: (p) => progress.push(p) }));

    assert.equal(result.branch, 'retro/INC-42');
    assert.equal(result.reusedPr, false);
    assert.equal(result.prNumber, 1);
    assert.equal(result.prUrl, `${github.url}/acme/shop/pull/1`);
    assert.equal(result.commits.length, 2);

    const [pull] = github.pulls();
    assert.ok(pull);
    assert.equal(pull.title, 'Retrospective: INC-42 Checkout latency in eu-west');
    assert.deepEqual(pull.pull, { head: 'retro/INC-42', base: 'main' });
    assert.deepEqual(pull.labels.sort(), ['INC-42', 'retrospective', 'sev-1']);
    assert.match(pull.body, /## Summary\nReplica lag made checkout slow\./);
    assert.match(pull.body, /\*\*Severity:\*\* Sev 1/);
    assert.match(pull.body, /## Customer impact\nCustomers named on the incident: acme\./);
    assert.match(pull.body, /- \[ \] Alert on replica lag > 10 s — @alice, due 2026-12-05 \(#2\)/);

    // Two open follow-ups became issues; the done one did not.
    const issues = github.plainIssues();
    assert.deepEqual(issues.map((i) => [i.number, i.title, i.labels, i.assignees]), [
      [2, 'Alert on replica lag > 10 s', ['follow-up', 'INC-42'], ['alice']],
      [3, 'Document the failover', ['follow-up', 'INC-42'], []],
    ]);
    assert.deepEqual(result.createdIssues.map((i) => i.number), [2, 3]);

    // The file now links the issues, in its lines and in its front matter.
    const written = readFileSync(join(repo.dir, file), 'utf8');
    assert.ok(written.includes(`${FOLLOW_UPS[0]} (#2)\n`));
    assert.ok(written.includes(`${FOLLOW_UPS[1]} (#3)\n`));
    assert.ok(written.includes(`${FOLLOW_UPS[2]}\n`));
    const parsed = parseRetrospective(written);
    assert.deepEqual(parsed.frontMatter?.follow_ups.map((f) => f.issue), [2, 3, null]);
    assert.equal(parsed.frontMatter?.status, 'in-review');

    // The remote branch holds exactly that file on top of main, in two commits.
    const bare = github.gitDir('acme', 'shop');
    const remoteTip = git(bare, ['rev-parse', 'refs/heads/retro/INC-42']).trim();
    assert.equal(remoteTip, result.commits[1]);
    assert.equal(git(bare, ['rev-list', '--count', 'main..retro/INC-42']).trim(), '2');
    assert.deepEqual(git(bare, ['diff', '--name-only', 'main', 'retro/INC-42']).trim().split('\n'), [file]);
    assert.equal(git(bare, ['show', `retro/INC-42:${file}`]), written);
    assert.match(git(bare, ['log', '-1', '--format=%s', 'retro/INC-42']), /^Retrospective INC-42: link follow-up issues #2, #3/);

    assert.deepEqual([...new Set(progress.map((p) => p.step))], ['prepare', 'commit', 'push', 'pull_request', 'issues', 'write_back', 'done']);
  });

  it('second submit creates nothing new: no commit, no push, no PR, no issue', async () => {
    const first = await submitRetrospective(options());
    const requestsBefore = github.requests.length;
    const fileBefore = readFileSync(join(repo.dir, file), 'utf8');

    const second = await submitRetrospective(options());

    assert.equal(second.prNumber, first.prNumber);
    assert.equal(second.prUrl, first.prUrl);
    assert.equal(second.reusedPr, true);
    assert.deepEqual(second.createdIssues, []);
    assert.deepEqual(second.commits, []);
    assert.equal(github.pulls().length, 1);
    assert.equal(github.plainIssues().length, 2);
    const later = github.requests.slice(requestsBefore);
    assert.deepEqual(later.filter((r) => r.kind === 'api' && r.method !== 'GET'), []);
    assert.deepEqual(later.filter((r) => r.kind === 'git' && r.path.endsWith('git-receive-pack')), []);
    assert.equal(readFileSync(join(repo.dir, file), 'utf8'), fileBefore);
  });

  it("leaves the user's staged, unstaged and untracked changes, HEAD and branch exactly as they were", async () => {
    writeFileSync(join(repo.dir, 'app.txt'), 'version 2, not staged\n');
    writeFileSync(join(repo.dir, 'README.md'), '# Shop\n\nstaged edit\n');
    git(repo.dir, ['add', '--', 'README.md']);
    writeFileSync(join(repo.dir, 'README.md'), '# Shop\n\nstaged edit\nplus an unstaged one\n');
    writeFileSync(join(repo.dir, 'scratch.txt'), 'untracked\n');
    const snapshot = () => ({
      status: git(repo.dir, ['status', '--porcelain=v1', '--untracked-files=all']),
      unstaged: git(repo.dir, ['diff']),
      staged: git(repo.dir, ['diff', '--cached']),
      head: git(repo.dir, ['rev-parse', 'HEAD']),
      branch: git(repo.dir, ['symbolic-ref', 'HEAD']),
      stash: git(repo.dir, ['stash', 'list']),
      app: readFileSync(join(repo.dir, 'app.txt'), 'utf8'),
      readme: readFileSync(join(repo.dir, 'README.md'), 'utf8'),
    });
    const before = snapshot();

    const result = await submitRetrospective(options());

    assert.deepEqual(snapshot(), before);
    assert.match(before.status, /^\?\? retrospectives\//m);
    // Nothing but the retrospective went into the branch.
    assert.deepEqual(git(repo.dir, ['diff', '--name-only', 'main', 'retro/INC-42']).trim().split('\n'), [file]);
    assert.equal(git(repo.dir, ['rev-parse', 'retro/INC-42']).trim(), result.commits[1]);
  });

  it('commits correctly when the retrospective branch is the one checked out', async () => {
    git(repo.dir, ['switch', '--quiet', '-c', 'retro/INC-42']);
    writeFileSync(join(repo.dir, 'app.txt'), 'unrelated unstaged edit\n');

    const result = await submitRetrospective(options());

    assert.equal(git(repo.dir, ['rev-parse', 'HEAD']).trim(), result.commits[1]);
    // The retrospective is clean (committed as it is on disk); the unrelated edit is still unstaged.
    assert.equal(git(repo.dir, ['status', '--porcelain=v1']), ' M app.txt\n');
  });

  it('a push rejected by the server keeps the local commit and says so clearly', async () => {
    const hook = join(github.gitDir('acme', 'shop'), 'hooks', 'pre-receive');
    writeFileSync(hook, '#!/bin/sh\necho "retro branches are protected" >&2\nexit 1\n');
    chmodSync(hook, 0o755);

    const error = await submitRetrospective(options()).then(
      () => assert.fail('the submit should fail'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof SubmitError);
    assert.equal(error.kind, 'push_rejected');
    assert.match(error.message, /push of retro\/INC-42 to 'origin' was rejected: the remote refused it \(pre-receive hook declined\)/);
    assert.match(error.message, /Your commit is kept on the local branch retro\/INC-42/);
    const local = git(repo.dir, ['rev-parse', 'refs/heads/retro/INC-42']).trim();
    assert.deepEqual(error.partial?.commits, [local]);
    assert.equal(git(repo.dir, ['show', `${local}:${file}`]), readFileSync(join(repo.dir, file), 'utf8'));
    assert.equal(github.pulls().length, 0);

    // Once the server accepts it, submitting again pushes the same commit (no new one) and goes on.
    writeFileSync(hook, '#!/bin/sh\nexit 0\n');
    const retry = await submitRetrospective(options());
    assert.equal(retry.commits.length, 1, 'only the write-back commit is new');
    assert.equal(git(github.gitDir('acme', 'shop'), ['rev-parse', 'retro/INC-42~1']).trim(), local);
  });

  it('builds on a reviewer\'s commit when the remote branch is strictly ahead', async () => {
    const first = await submitRetrospective(options());
    // A reviewer committed a suggestion on the pull request: a child of our last commit.
    const bare = github.gitDir('acme', 'shop');
    const tip = first.commits[1] ?? '';
    const reviewed = git(bare, ['commit-tree', `${tip}^{tree}`, '-p', tip, '-m', 'Apply suggestion']).trim();
    git(bare, ['update-ref', 'refs/heads/retro/INC-42', reviewed, tip]);
    const path = join(repo.dir, file);
    writeFileSync(path, readFileSync(path, 'utf8').replace('## Narrative\n', '## Narrative\n\nMore detail.\n'));

    const second = await submitRetrospective(options());
    assert.equal(second.commits.length, 1);
    assert.equal(git(bare, ['rev-parse', 'refs/heads/retro/INC-42']).trim(), second.commits[0]);
    assert.equal(git(bare, ['rev-parse', 'refs/heads/retro/INC-42~1']).trim(), reviewed);
  });

  it('a remote branch that moved on (non-fast-forward) is a clear error and keeps the new local commit', async () => {
    await submitRetrospective(options());
    // Someone replaced the remote branch with unrelated history.
    const bare = github.gitDir('acme', 'shop');
    const tree = git(bare, ['rev-parse', 'main^{tree}']).trim();
    const other = git(bare, ['commit-tree', tree, '-p', 'main', '-m', 'someone else']).trim();
    git(bare, ['update-ref', 'refs/heads/retro/INC-42', other]);
    const path = join(repo.dir, file);
    writeFileSync(path, readFileSync(path, 'utf8').replace('## Narrative\n', '## Narrative\n\nMore detail.\n'));

    const error = await submitRetrospective(options()).catch((e: unknown) => e);
    assert.ok(error instanceof SubmitError, String(JSON.stringify(error)));
    assert.equal(error.kind, 'push_rejected');
    assert.match(error.message, /non-fast-forward/);
    const local = git(repo.dir, ['rev-parse', 'refs/heads/retro/INC-42']).trim();
    assert.deepEqual(error.partial?.commits, [local]);
    assert.match(git(repo.dir, ['show', `${local}:${file}`]), /More detail\./);
    assert.equal(git(bare, ['rev-parse', 'refs/heads/retro/INC-42']).trim(), other);
  });

  it('a push without permission (403) is a clear push_rejected error', async () => {
    github.pushForbidden.add('acme/shop');
    await assert.rejects(submitRetrospective(options()), (error: unknown) => {
      assert.ok(error instanceof SubmitError);
      assert.equal(error.kind, 'push_rejected');
      assert.match(error.message, /do not have permission to push/);
      return true;
    });
    assert.ok(git(repo.dir, ['rev-parse', '--verify', 'refs/heads/retro/INC-42']).trim());
  });

  it('401: one onUnauthorized call per submit and a typed error', async () => {
    github.unauthorized = true;
    let calls = 0;
    await assert.rejects(submitRetrospective(options({ onUnauthorized: () => (calls += 1) })), (error: unknown) => {
      assert.ok(error instanceof SubmitError);
      assert.equal(error.kind, 'unauthorized');
      assert.match(error.message, /Sign in to GitHub again/);
      return true;
    });
    assert.equal(calls, 1);
  });

  it('a token provider that fails is an unauthorized error, reported once', async () => {
    let calls = 0;
    await assert.rejects(
      submitRetrospective(options({ tokenProvider: () => Promise.reject(new Error('sign-in cancelled')), onUnauthorized: () => (calls += 1) })),
      (error: unknown) => error instanceof SubmitError && error.kind === 'unauthorized' && /sign-in cancelled/.test(error.message),
    );
    assert.equal(calls, 1);
  });

  it('honours a secondary rate limit (403 + retry-after) and finishes', async () => {
    github.secondaryRateLimit = { count: 1, retryAfterSeconds: 1, method: 'POST' };
    const log = recordingLogger();
    const result = await submitRetrospective(options({ log }));
    assert.equal(result.createdIssues.length, 2);
    assert.equal(github.secondaryRateLimit.count, 0);
    assert.equal(github.pulls().length, 1);
    assert.ok(log.lines.some((l) => /secondary rate limit.*retrying in 1 s/.test(l)), log.lines.join('\n'));
  });

  it('links an issue left by an interrupted submit instead of creating a duplicate', async () => {
    await submitRetrospective(options({ file: writeRetrospective(repo.dir, []) }));
    // An earlier run created the issue, then stopped before writing its number back.
    github.issues.push({ owner: 'acme', repo: 'shop', number: 2, title: 'Alert on replica lag > 10 s', body: '', state: 'open', labels: ['follow-up', 'INC-42'], assignees: [] });
    writeRetrospective(repo.dir);

    const result = await submitRetrospective(options());
    assert.deepEqual(result.createdIssues.map((i) => i.title), ['Document the failover']);
    assert.equal(github.plainIssues().filter((i) => i.title === 'Alert on replica lag > 10 s').length, 1);
    assert.ok(readFileSync(join(repo.dir, file), 'utf8').includes(`${FOLLOW_UPS[0]} (#2)`));
  });

  it('creates the issue without an assignee GitHub will not accept, and says so', async () => {
    const log = recordingLogger();
    writeRetrospective(repo.dir, ['- [ ] Tune alerts — @mallory, due 2026-12-05']);
    const result = await submitRetrospective(options({ log }));
    assert.equal(result.createdIssues.length, 1);
    assert.deepEqual(github.plainIssues()[0]?.assignees, []);
    assert.ok(log.lines.some((l) => /cannot assign mallory/.test(l)));
  });

  it('a malformed follow-up stops the submit before anything is committed or sent', async () => {
    writeRetrospective(repo.dir, ['- [ ] Rotate keys — @alice']);
    const before = github.requests.length;
    await assert.rejects(submitRetrospective(options()), (error: unknown) => {
      assert.ok(error instanceof SubmitError);
      assert.equal(error.kind, 'invalid_file');
      assert.match(error.message, /line \d+: Line \d+: the follow-up needs an owner and a due date/);
      return true;
    });
    assert.equal(github.requests.length, before);
    assert.throws(() => git(repo.dir, ['rev-parse', '--verify', '--quiet', 'refs/heads/retro/INC-42']));
  });

  it('refuses a file outside the repository and an incident id that would be a bad branch', async () => {
    await assert.rejects(submitRetrospective(options({ file: '/etc/hostname' })), /not inside the repository/);
    const path = join(repo.dir, file);
    writeFileSync(path, readFileSync(path, 'utf8').replace('id: INC-42', 'id: "-x --upload-pack=evil"'));
    await assert.rejects(submitRetrospective(options()), (error: unknown) => error instanceof SubmitError && error.kind === 'invalid_file' && /branch name/.test(error.message));
  });
});
