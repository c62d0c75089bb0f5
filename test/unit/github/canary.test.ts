import * as assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { submitRetrospective, type SubmitOptions } from '../../../src/github/submit';
import { FakeGitHub } from '../../support/githubServer';
import { allFileContents, allObjects, git, workRepo, writeRetrospective, type WorkRepo } from './gitFixtures';

/** A token nobody would type, so finding it anywhere means it leaked. */
const CANARY = 'ghp_CANARY9f3b1c7d5e2a8046';
const FORMS = [CANARY, Buffer.from(`x-access-token:${CANARY}`).toString('base64'), encodeURIComponent(CANARY)];

describe('github: the token never leaks', function () {
  this.timeout(60_000);
  let github: FakeGitHub;
  let repo: WorkRepo;
  let shimDir: string;
  let argvLog: string;
  let savedPath: string | undefined;
  const output: string[] = [];

  const options = (): SubmitOptions => ({
    repoDir: repo.dir,
    file: writeRetrospective(repo.dir),
    tokenProvider: async () => CANARY,
    apiBaseUrl: github.apiUrl,
    pacing: 'none',
    onProgress: (p) => output.push(p.message),
    log: { debug: (m) => output.push(m), info: (m) => output.push(m), warn: (m) => output.push(m), error: (m) => output.push(m) },
  });

  beforeEach(async () => {
    output.length = 0;
    github = await FakeGitHub.start({ token: CANARY, assignable: ['alice'] });
    repo = await workRepo(github, CANARY);
    // Every git process the submit starts goes through this shim, which records its argv.
    shimDir = mkdtempSync(join(tmpdir(), 'git-shim-'));
    argvLog = join(shimDir, 'argv.log');
    const realGit = git(repo.dir, ['--exec-path']).trim() + '/git';
    writeFileSync(join(shimDir, 'git'), `#!/bin/sh\nprintf '%s\\n' "$*" >> '${argvLog}'\nexec '${realGit}' "$@"\n`);
    chmodSync(join(shimDir, 'git'), 0o755);
    writeFileSync(argvLog, '');
    savedPath = process.env.PATH;
    process.env.PATH = `${shimDir}:${savedPath ?? ''}`;
  });

  afterEach(async () => {
    process.env.PATH = savedPath;
    await github.stop();
    repo.cleanup();
    rmSync(shimDir, { recursive: true, force: true });
  });

  function assertNoLeak(where: string, text: string): void {
    for (const form of FORMS) assert.ok(!text.includes(form), `the token appears in ${where}`);
  }

  function assertNowhere(extra: string[] = []): void {
    const argv = readFileSync(argvLog, 'utf8');
    assert.match(argv, /^push --porcelain --set-upstream origin /m, 'the shim saw the push');
    assertNoLeak('git argv', argv);
    assertNoLeak('output and logs', output.join('\n'));
    for (const text of extra) assertNoLeak('an error message', text);
    for (const file of allFileContents(repo.dir)) assertNoLeak(file.path, file.text);
    assertNoLeak('git config', git(repo.dir, ['config', '--list', '--show-origin']));
    assertNoLeak('remote URLs', git(repo.dir, ['remote', '-v']));
    assertNoLeak('pushed objects', allObjects(github.gitDir('acme', 'shop')));
    for (const request of github.requests) {
      assertNoLeak(`the body of ${request.method} ${request.path}`, request.body);
      assertNoLeak(`the URL of ${request.method} ${request.path}`, `${request.path}?${new URLSearchParams(request.query).toString()}`);
    }
    for (const issue of github.issues) assertNoLeak(`issue #${issue.number}`, `${issue.title}\n${issue.body}`);
  }

  it('in a successful submit: not in argv, output, logs, files, git config, remote URLs, objects or request bodies', async () => {
    const result = await submitRetrospective(options());
    assert.equal(result.createdIssues.length, 2);
    // The token did travel where it must: the API and git Authorization headers.
    assert.ok(github.apiRequests().every((r) => r.headers.authorization === `token ${CANARY}`));
    assert.ok(github.requests.some((r) => r.kind === 'git' && r.path.endsWith('git-receive-pack')));
    assertNowhere([JSON.stringify(result)]);
  });

  it('in failures (push rejected, bad credentials): not in the error messages either', async () => {
    const hook = join(github.gitDir('acme', 'shop'), 'hooks', 'pre-receive');
    writeFileSync(hook, `#!/bin/sh\necho "denied for ${CANARY}" >&2\nexit 1\n`);
    chmodSync(hook, 0o755);
    const rejected = await submitRetrospective(options()).catch((e: unknown) => e);
    assert.ok(rejected instanceof Error);
    assert.match(rejected.message, /rejected/);

    rmSync(hook);
    github.unauthorized = true;
    const refused = await submitRetrospective(options()).catch((e: unknown) => e);
    assert.ok(refused instanceof Error);
    assertNowhere([rejected.message, refused.message, String(rejected.stack), String(refused.stack)]);
  });
});
