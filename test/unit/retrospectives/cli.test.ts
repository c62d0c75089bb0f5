import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import { DeskBackend } from '../../../src/backends/desk/deskBackend';
import { runCli } from '../../../src/cli/main';
import type { CliIo } from '../../../src/cli/command';
import { TIMELINE_END, TIMELINE_START, parseRetrospective } from '../../../src/core/retrospectives';
import type { ExecutionRecord } from '../../../src/core/runbooks/executionRecord';
import { createToken, startServer, type RunningServer } from '../../../src/server/index';
import { FakeGitHub } from '../../support/githubServer';
import { STORE_WORKER } from '../server/cliProcess';
import { PD_TOKEN, PagerDutyTestServer } from '../../support/pagerDutyServer';
import { git, workRepo, writeRetrospective, type WorkRepo } from '../github/gitFixtures';

function captureIo(env: NodeJS.ProcessEnv, cwd: string): CliIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, env, cwd, stdout: (t) => out.push(t), stderr: (t) => err.push(t) };
}

describe('cli: incident-desk retro', function () {
  this.timeout(60_000);

  describe('retro write (against the real incident server)', () => {
    let dataDir: string;
    let server: RunningServer;
    let token: string;
    let repoDir: string;
    let incidentId: string;

    before(async () => {
      dataDir = mkdtempSync(join(tmpdir(), 'retro-cli-server-'));
      token = await createToken(dataDir, { name: 'alice' });
      server = await startServer({ port: 0, dataDir, logger: { info: () => {}, error: () => {} }, storeWorkerScript: STORE_WORKER });
      const backend = new DeskBackend({ baseUrl: server.url, token });
      const incident = await backend.declare({ title: 'Checkout <b>latency</b>', severity: 1, services: ['checkout'], author: 'alice' });
      incidentId = incident.id;
      // Each person writes with their own token: the server names the author from it.
      const bob = new DeskBackend({ baseUrl: server.url, token: await createToken(dataDir, { name: 'bob' }) });
      await bob.addEvent(incidentId, { type: 'check_in', author: 'bob' });
      await bob.addEvent(incidentId, { type: 'note', author: 'bob', text: 'Replica lag is 40 s' });
      await backend.update(incidentId, { status: 'resolved' });

      // A repository with a commit made during the incident and a runbook run recorded for it.
      repoDir = mkdtempSync(join(tmpdir(), 'retro-cli-repo-'));
      const run = (args: string[]) => execFileSync('git', args, { cwd: repoDir, stdio: 'ignore' });
      run(['init', '--quiet', '--initial-branch=main']);
      run(['config', 'user.name', 'Dave']);
      run(['config', 'user.email', 'dave@example.com']);
      writeFileSync(join(repoDir, 'pool.conf'), 'size=20\n');
      run(['add', '--', 'pool.conf']);
      run(['commit', '--quiet', '-m', 'Raise the pool size']);
      const record: ExecutionRecord = {
        runbook: 'runbooks/replica.md', step: 'Restart replica', stepIndex: 1, command: 'systemctl restart replica',
        startedAt: new Date().toISOString(), durationMs: 1200, exitCode: 0, user: 'bob', incidentId,
      };
      mkdirSync(join(repoDir, '.incident-desk'));
      writeFileSync(join(repoDir, '.incident-desk', 'executions.jsonl'), `${JSON.stringify(record)}\nnot json\n`);
    });

    after(async () => {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
      rmSync(repoDir, { recursive: true, force: true });
    });

    it('writes the file from server events, the runbook run and the commit, and prints its path', async () => {
      const io = captureIo({ INCIDENT_DESK_URL: server.url, INCIDENT_DESK_TOKEN: token }, repoDir);
      const code = await runCli(['retro', 'write', incidentId, '--repo', repoDir], io);
      assert.equal(code, 0, io.err.join(''));
      const path = io.out.join('').trim();
      const day = new Date().toISOString().slice(0, 10);
      assert.equal(relative(repoDir, path), `retrospectives/${day}-${incidentId}-checkout-b-latency-b.md`);
      const markdown = readFileSync(path, 'utf8');
      const parsed = parseRetrospective(markdown);
      assert.equal(parsed.frontMatter?.id, incidentId);
      assert.equal(parsed.frontMatter?.title, 'Checkout <b>latency</b>');
      assert.equal(typeof parsed.frontMatter?.duration_s, 'number');
      const timeline = markdown.slice(markdown.indexOf(TIMELINE_START), markdown.indexOf(TIMELINE_END));
      assert.match(timeline, /· incident · Declared Sev 1: Checkout \\<b\\>latency\\<\/b\\> \(alice\)/);
      assert.match(timeline, /· incident · Note \(bob\): Replica lag is 40 s/);
      assert.match(timeline, /· runbook · Ran `runbooks\/replica\.md` step “Restart replica”/);
      assert.match(timeline, /· commit · Commit [0-9a-f]{7} Raise the pool size \(Dave\)/);
      assert.match(io.err.join(''), /warning: executions\.jsonl: line\(s\) 2 are not execution records/);
    });

    it('run again, it rebuilds only the timeline and keeps the edits', async () => {
      const io = captureIo({ INCIDENT_DESK_URL: server.url, INCIDENT_DESK_TOKEN: token }, repoDir);
      assert.equal(await runCli(['retro', 'write', incidentId, '--repo', repoDir], io), 0);
      const path = io.out.join('').trim();
      const edited = readFileSync(path, 'utf8').replace('## Narrative\n', '## Narrative\n\nBob restarted the replica.\n');
      writeFileSync(path, edited);
      const again = captureIo({ INCIDENT_DESK_URL: server.url, INCIDENT_DESK_TOKEN: token }, repoDir);
      assert.equal(await runCli(['retro', 'write', incidentId, '--repo', repoDir], again), 0);
      assert.equal(again.out.join('').trim(), path);
      assert.equal(readFileSync(path, 'utf8'), edited);
      assert.match(again.err.join(''), /already has a retrospective: rebuilt its timeline/);
    });

    it('cites where the error budget would come from for an SLO of the incident’s service without Prometheus; refuses a Prometheus URL that is not http(s)', async () => {
      mkdirSync(join(repoDir, 'slos'), { recursive: true });
      writeFileSync(
        join(repoDir, 'slos', 'checkout.yaml'),
        `apiVersion: openslo/v1
kind: SLO
metadata: { name: checkout-ok }
spec:
  service: checkout
  indicator:
    metadata: { name: ok }
    spec:
      ratioMetric:
        counter: true
        good: { metricSource: { type: Prometheus, spec: { query: 'http_requests_total{code="ok"}' } } }
        total: { metricSource: { type: Prometheus, spec: { query: http_requests_total } } }
  timeWindow: [{ duration: 28d, isRolling: true }]
  budgetingMethod: Occurrences
  objectives: [{ target: 0.999 }]
`,
      );
      try {
        const io = captureIo({ INCIDENT_DESK_URL: server.url, INCIDENT_DESK_TOKEN: token }, repoDir);
        assert.equal(await runCli(['retro', 'write', incidentId, '--repo', repoDir, '--folder', 'retro-slo'], io), 0, io.err.join(''));
        const markdown = readFileSync(io.out.join('').trim(), 'utf8');
        const impact = markdown.slice(markdown.indexOf('## Customer impact'), markdown.indexOf('## Timeline'));
        assert.match(impact, /Error budget consumed: not computed — pass --prometheus-url or set INCIDENT\\_DESK\\_PROMETHEUS\\_URL to cite the budget the incident consumed of checkout-ok/);
        const bad = captureIo({ INCIDENT_DESK_URL: server.url, INCIDENT_DESK_TOKEN: token }, repoDir);
        assert.equal(await runCli(['retro', 'write', incidentId, '--repo', repoDir, '--folder', 'retro-slo-2', '--prometheus-url', 'ftp://prometheus'], bad), 2);
        assert.match(bad.err.join(''), /The Prometheus URL must be http\(s\)/);
      } finally {
        rmSync(join(repoDir, 'slos'), { recursive: true, force: true });
      }
    });

    it('explains a missing backend configuration and an unknown incident', async () => {
      const noUrl = captureIo({}, repoDir);
      assert.equal(await runCli(['retro', 'write', incidentId, '--repo', repoDir], noUrl), 2);
      assert.match(noUrl.err.join(''), /INCIDENT_DESK_URL/);
      const unknown = captureIo({ INCIDENT_DESK_URL: server.url, INCIDENT_DESK_TOKEN: token }, repoDir);
      assert.equal(await runCli(['retro', 'write', 'INC-999999', '--repo', repoDir], unknown), 1);
      assert.match(unknown.err.join(''), /^incident-desk retro: /);
    });
  });

  describe('retro write (against a PagerDuty-compatible server sending hostile ids)', () => {
    let pd: PagerDutyTestServer;
    let repoDir: string;
    const env = () => ({ PAGERDUTY_TOKEN: PD_TOKEN });
    const write = async (id: string) => {
      const io = captureIo(env(), repoDir);
      const code = await runCli(['retro', 'write', id, '--repo', repoDir, '--backend', 'pagerduty', '--url', pd.url], io);
      return { code, out: io.out.join(''), err: io.err.join('') };
    };

    beforeEach(async () => {
      pd = await PagerDutyTestServer.start();
      repoDir = mkdtempSync(join(tmpdir(), 'retro-cli-hostile-'));
      execFileSync('git', ['init', '--quiet', '--initial-branch=main'], { cwd: repoDir, stdio: 'ignore' });
    });

    afterEach(async () => {
      await pd.close();
      rmSync(repoDir, { recursive: true, force: true });
    });

    it('prints ids without their OSC title-set and CSI screen-clear sequences', async () => {
      const id = 'P1\u001b]0;pwned\u0007\u001b[2J\u001b[HX';
      pd.addIncident({ id, title: 'Title \u001b]0;owned\u0007 here', status: 'resolved', resolved_at: '2026-11-01T10:00:00Z' });
      const result = await write(id);
      assert.equal(result.code, 0, result.err);
      for (const text of [result.out, result.err]) {
        assert.ok(!/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/.test(text), JSON.stringify(text));
        assert.ok(!text.includes('pwned'), 'the OSC payload is removed with its sequence');
      }
      assert.match(result.err, /^Wrote the retrospective of P1X with \d+ timeline entries\.\n$/);
      assert.match(basename(result.out.trim()), /^2026-11-01-P1X-title-here\.md$/, `the file name loses the sequences too: ${result.out}`);
      assert.ok(readdirSync(join(repoDir, 'retrospectives')).includes(basename(result.out.trim())));
    });

    it('refuses a 5,000-character id with a clear message instead of ENAMETOOLONG', async () => {
      const id = `P${'x'.repeat(5000)}`;
      pd.addIncident({ id, status: 'resolved', resolved_at: '2026-11-01T10:00:00Z' });
      const result = await write(id);
      assert.equal(result.code, 1);
      assert.match(result.err, /incident whose id is empty or longer than 200 characters \(5001\)/);
      assert.ok(!result.err.includes('ENAMETOOLONG'));
      assert.ok(result.err.length < 500, 'the id is not echoed back');
    });

    it('keeps the file name short for the longest id it accepts', async () => {
      const id = `P${'y'.repeat(199)}`;
      pd.addIncident({ id, title: 'A very long title '.repeat(20), status: 'resolved', resolved_at: '2026-11-01T10:00:00Z' });
      const result = await write(id);
      assert.equal(result.code, 0, result.err);
      const name = basename(result.out.trim());
      assert.ok(name.length <= 150, `${name.length} characters`);
      assert.match(name, /^2026-11-01-Py+-[0-9a-f]{8}-a-very-long-title/);
      const again = await write(id);
      assert.equal(again.code, 0, again.err);
      assert.match(again.err, /already has a retrospective/, 'the bounded name still finds the existing file');
    });
  });

  describe('retro submit (against the fake GitHub)', () => {
    const TOKEN = 'ghp_CLIcanary0a1b2c3d4e5f';
    let github: FakeGitHub;
    let repo: WorkRepo;

    beforeEach(async () => {
      github = await FakeGitHub.start({ token: TOKEN, assignable: ['alice'] });
      repo = await workRepo(github, TOKEN);
    });

    afterEach(async () => {
      await github.stop();
      repo.cleanup();
    });

    it('prints the pull request URL, and the same one on a second submit; the token is never printed', async () => {
      const file = writeRetrospective(repo.dir);
      const env = { GITHUB_TOKEN: TOKEN };
      const first = captureIo(env, repo.dir);
      const code = await runCli(['retro', 'submit', file, '--github-api-url', github.apiUrl], first);
      assert.equal(code, 0, first.err.join(''));
      assert.equal(first.out.join(''), `${github.url}/acme/shop/pull/1\n`);
      assert.match(first.err.join(''), /Opened pull request #1 on retro\/INC-42; created issues #2, #3\./);

      const second = captureIo(env, repo.dir);
      assert.equal(await runCli(['retro', 'submit', file, '--github-api-url', github.apiUrl], second), 0);
      assert.equal(second.out.join(''), first.out.join(''));
      assert.match(second.err.join(''), /nothing new to commit/);
      assert.equal(github.plainIssues().length, 2);
      for (const text of [...first.out, ...first.err, ...second.out, ...second.err]) assert.ok(!text.includes(TOKEN));
      assert.ok(git(repo.dir, ['rev-parse', 'retro/INC-42']).trim());
    });

    it('retro sync ticks the follow-ups whose issues were closed and says so', async () => {
      const file = writeRetrospective(repo.dir);
      const env = { GITHUB_TOKEN: TOKEN };
      assert.equal(await runCli(['retro', 'submit', file, '--github-api-url', github.apiUrl], captureIo(env, repo.dir)), 0);
      github.closeIssue(2);
      const io = captureIo(env, repo.dir);
      assert.equal(await runCli(['retro', 'sync', file, '--github-api-url', github.apiUrl], io), 0, io.err.join(''));
      assert.match(io.out.join(''), /^done {3}Alert on replica lag > 10 s \(#2\)\n$/);
      assert.match(io.err.join(''), /^Updated /);
      assert.match(readFileSync(join(repo.dir, file), 'utf8'), /- \[x\] Alert on replica lag > 10 s — @alice, due 2026-12-05 \(#2\)/);
      const again = captureIo(env, repo.dir);
      assert.equal(await runCli(['retro', 'sync', file, '--github-api-url', github.apiUrl], again), 0);
      assert.equal(again.err.join(''), 'Nothing to update.\n');
    });

    it('fails with a clear message and exit 1 when GitHub refuses the token', async () => {
      const file = writeRetrospective(repo.dir);
      github.unauthorized = true;
      const io = captureIo({ GITHUB_TOKEN: TOKEN }, repo.dir);
      assert.equal(await runCli(['retro', 'submit', file, '--github-api-url', github.apiUrl], io), 1);
      assert.match(io.err.join(''), /refused the credentials[\s\S]*Check GITHUB_TOKEN/);
      assert.ok(!io.err.join('').includes(TOKEN));
    });

    it('usage errors exit 2: no sub-command, no token, extra arguments, unknown options, a URL with credentials', async () => {
      const cases: [string[], NodeJS.ProcessEnv, RegExp][] = [
        [['retro'], {}, /say what to do/],
        [['retro', 'publish'], {}, /unknown sub-command 'publish'/],
        [['retro', 'submit', 'f.md'], {}, /set GITHUB_TOKEN/],
        [['retro', 'submit', 'a.md', 'b.md'], { GITHUB_TOKEN: TOKEN }, /expected one FILE, got 2/],
        [['retro', 'submit', 'a.md', '--token', 'x'], { GITHUB_TOKEN: TOKEN }, /Unknown option '--token'/],
        [['retro', 'submit', 'a.md', '--github-api-url', 'https://u:p@ghe.example.com/api/v3'], { GITHUB_TOKEN: TOKEN }, /without credentials/],
        [['retro', 'write'], {}, /INC-ID is required/],
      ];
      for (const [argv, env, message] of cases) {
        const io = captureIo(env, repo.dir);
        assert.equal(await runCli(argv, io), 2, argv.join(' '));
        assert.match(io.err.join(''), message, argv.join(' '));
      }
    });
  });
});
