import * as assert from 'node:assert/strict';
import { SubmitError } from '../../../src/github/errors';
import type { Logger } from '../../../src/github/logger';
import { createGitHubClient } from '../../../src/github/octokit';
import { RepoApi } from '../../../src/github/repoApi';
import { FakeGitHub } from '../../support/githubServer';

const TOKEN = 'gho_clienttesttoken42';

describe('github: the wrapped Octokit client', function () {
  this.timeout(30_000);
  let github: FakeGitHub;
  const lines: string[] = [];
  const log: Logger = { debug: (m) => lines.push(m), info: (m) => lines.push(m), warn: (m) => lines.push(m), error: (m) => lines.push(m) };

  beforeEach(async () => {
    lines.length = 0;
    github = await FakeGitHub.start({ token: TOKEN });
    github.createRepo('acme', 'shop');
  });

  afterEach(() => github.stop());

  it('sends the token from the provider on every request, and only in the Authorization header', async () => {
    let asked = 0;
    const octokit = await createGitHubClient({ baseUrl: github.apiUrl, tokenProvider: async () => (asked += 1, TOKEN), log, pacing: 'none' });
    await octokit.rest.repos.get({ owner: 'acme', repo: 'shop' });
    await octokit.rest.pulls.list({ owner: 'acme', repo: 'shop' });
    assert.equal(asked, 2);
    const requests = github.apiRequests();
    assert.deepEqual(requests.map((r) => r.headers.authorization), [`token ${TOKEN}`, `token ${TOKEN}`]);
    assert.match(String(requests[0]?.headers['user-agent']), /^incident-desk /);
  });

  it('several calls failing with 401 at once call onUnauthorized exactly once', async () => {
    github.unauthorized = true;
    let calls = 0;
    const octokit = await createGitHubClient({ baseUrl: github.apiUrl, tokenProvider: async () => TOKEN, log, onUnauthorized: () => (calls += 1), pacing: 'none' });
    const results = await Promise.allSettled([
      octokit.rest.repos.get({ owner: 'acme', repo: 'shop' }),
      octokit.rest.pulls.list({ owner: 'acme', repo: 'shop' }),
      octokit.rest.issues.listForRepo({ owner: 'acme', repo: 'shop' }),
    ]);
    assert.deepEqual(results.map((r) => r.status), ['rejected', 'rejected', 'rejected']);
    assert.deepEqual(results.map((r) => (r.status === 'rejected' ? (r.reason as { status?: number }).status : 0)), [401, 401, 401]);
    assert.equal(calls, 1);
    // 401 is not retried.
    assert.equal(github.apiRequests().length, 3);
  });

  it('gives up after a bounded number of secondary-rate-limit retries with a clear error', async () => {
    github.secondaryRateLimit = { count: 10, retryAfterSeconds: 1 };
    const octokit = await createGitHubClient({ baseUrl: github.apiUrl, tokenProvider: async () => TOKEN, log, pacing: 'none', maxRateLimitRetries: 1 });
    const api = new RepoApi(octokit, 'acme', 'shop', log, (t) => t);
    await assert.rejects(api.findOpenPull('retro/INC-1'), (error: unknown) => {
      assert.ok(error instanceof SubmitError);
      assert.equal(error.kind, 'rate_limited');
      assert.match(error.message, /rate limit stopped looking for an open pull request/);
      return true;
    });
    assert.equal(github.apiRequests().length, 2, 'one try and one retry');
    assert.ok(lines.some((l) => /not retrying/.test(l)));
  });

  it('422 "A pull request already exists" links the existing pull request', async () => {
    github.issues.push({ owner: 'acme', repo: 'shop', number: 7, title: 'Retrospective: INC-1 x', body: 'old body', state: 'open', labels: ['retrospective'], assignees: [], pull: { head: 'retro/INC-1', base: 'main' } });
    const octokit = await createGitHubClient({ baseUrl: github.apiUrl, tokenProvider: async () => TOKEN, log, pacing: 'none' });
    const api = new RepoApi(octokit, 'acme', 'shop', log, (t) => t);
    const { pull, reused } = await api.openPull({ title: 'Retrospective: INC-1 x', head: 'retro/INC-1', base: 'main', body: 'new' });
    assert.equal(reused, true);
    assert.equal(pull.number, 7);
    assert.deepEqual(pull.labels, ['retrospective']);
    assert.deepEqual(github.apiRequests().map((r) => `${r.method} ${r.path}`), ['POST /api/v3/repos/acme/shop/pulls', 'GET /api/v3/repos/acme/shop/pulls']);
    assert.equal(github.pulls().length, 1);
  });

  it('other 422s and 404s become SubmitErrors that say what to check', async () => {
    const octokit = await createGitHubClient({ baseUrl: github.apiUrl, tokenProvider: async () => TOKEN, log, pacing: 'none' });
    const api = new RepoApi(octokit, 'acme', 'shop', log, (t) => t);
    await assert.rejects(api.openPull({ title: 't', head: 'retro/none', base: 'main', body: '' }), (error: unknown) =>
      error instanceof SubmitError && error.kind === 'validation' && /422 Validation Failed: PullRequest head invalid/.test(error.message));
    const missing = new RepoApi(octokit, 'acme', 'nope', log, (t) => t);
    await assert.rejects(missing.findOpenPull('retro/INC-1'), (error: unknown) =>
      error instanceof SubmitError && error.kind === 'not_found' && /could not find acme\/nope/.test(error.message));
  });
});
