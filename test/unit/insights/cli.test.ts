import * as assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CliIo } from '../../../src/cli/command';
import { runCli } from '../../../src/cli/main';
import type { InsightsReport } from '../../../src/core/insights/types';
import { FakeGitHub } from '../../support/githubServer';
import { PD_TOKEN, PagerDutyTestServer } from '../../support/pagerDutyServer';
import { CLI } from '../server/cliProcess';
import { TestServer } from '../server/serverFixture';

interface Captured {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(args: string[], env: NodeJS.ProcessEnv, cwd = process.cwd()): Promise<Captured> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env, cwd };
  const code = await runCli(args, io);
  return { code, stdout, stderr };
}

function report(result: Captured): InsightsReport {
  assert.equal(result.code, 0, result.stderr);
  return JSON.parse(result.stdout) as InsightsReport;
}

function git(cwd: string, args: string[], date?: string): string {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, GIT_TERMINAL_PROMPT: '0', GIT_AUTHOR_NAME: 'T', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 'T', GIT_COMMITTER_EMAIL: 't@example.com' };
  if (date) env.GIT_AUTHOR_DATE = env.GIT_COMMITTER_DATE = date;
  return execFileSync('git', args, { cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

/** A repository with a policy, two deploy tags and one commit that a retrospective names as the trigger. */
function makeRepo(options: { date?: string; policy: string }): { dir: string; trigger: string } {
  const dir = mkdtempSync(join(tmpdir(), 'insights-repo-'));
  git(dir, ['init', '-q', '-b', 'main']);
  mkdirSync(join(dir, '.incident-desk'));
  writeFileSync(join(dir, '.incident-desk', 'policy.yaml'), options.policy);
  writeFileSync(join(dir, 'app.js'), 'export const ttl = 60;\n');
  git(dir, ['add', '.'], options.date);
  git(dir, ['commit', '-q', '-m', 'initial'], options.date);
  git(dir, ['tag', 'v1.0.0'], options.date);
  writeFileSync(join(dir, 'app.js'), 'export const ttl = 0;\n');
  git(dir, ['commit', '-q', '-am', 'cache: no ttl'], options.date);
  git(dir, ['tag', 'v1.1.0'], options.date);
  git(dir, ['tag', 'not-a-deploy'], options.date);
  return { dir, trigger: git(dir, ['rev-parse', 'HEAD']) };
}

function writeRetro(dir: string, id: string, fields: string, body = ''): void {
  mkdirSync(join(dir, 'retrospectives'), { recursive: true });
  writeFileSync(
    join(dir, 'retrospectives', `${id}.md`),
    ['---', `id: ${id}`, `title: Retro ${id}`, fields, '---', '', `# Retrospective: ${id}`, '', body].join('\n'),
  );
}

describe('incident-desk insights', () => {
  describe('against a real server, incidents created in real time', () => {
    let server: TestServer;
    let repo: { dir: string; trigger: string };
    let env: NodeJS.ProcessEnv;
    const started = new Date(Date.now() - 60_000);

    before(async () => {
      server = await TestServer.start();
      env = { INCIDENT_DESK_URL: server.url, INCIDENT_DESK_TOKEN: server.token };
      repo = makeRepo({ policy: 'insights:\n  timezone: UTC\n  deploy_tags: "v*"\n' });
      const first = await server.declare({ title: 'Checkout 500s', severity: 1, services: ['checkout-api'], customers: ['acme'], roles: { commander: 'maya.chen' } });
      const second = await server.declare({ title: '<img src=x onerror=alert(1)>', severity: 2, services: ['checkout-api', 'search'], tags: ['db'] });
      await server.declare({ title: 'Search slow', severity: 1, services: ['search'] });
      assert.equal((await server.request('POST', `/v1/incidents/${first}/events`, { body: { type: 'check_in' } })).status, 201);
      assert.equal((await server.request('PATCH', `/v1/incidents/${first}`, { body: { status: 'resolved' } })).status, 200);
      assert.equal((await server.request('PATCH', `/v1/incidents/${second}`, { body: { roles: { commander: 'li' } } })).status, 200);
      const declaredAt = new Date().toISOString();
      writeRetro(repo.dir, first, `severity: 1\ndeclared_at: ${declaredAt}\ntrigger_commits: [${repo.trigger.slice(0, 10)}]\ncontributing_factors: [Cache stampede]`, '## Contributing factors\n\n- cache stampede\n');
      writeRetro(repo.dir, second, `severity: 2\ndeclared_at: ${declaredAt}\ncontributing_factors: [cache stampede.]`, '## Follow-up actions\n\n- [ ] Add a TTL floor — @alice, due 2020-01-01\n- [x] Alert on miss rate — @bob, due 2020-01-01\n');
    });
    after(async () => {
      await server.dispose();
      rmSync(repo.dir, { recursive: true, force: true });
    });

    it('counts the incidents, their response times, factors, follow-ups, load and DORA as JSON', async () => {
      const r = report(await cli(['insights', '--json', '--repo', repo.dir, '--since', started.toISOString()], env));
      assert.equal(r.window.since, started.toISOString());
      assert.equal(r.incidents.total, 3);
      assert.deepEqual(r.incidents.bySeverity, { 0: 0, 1: 2, 2: 1, 3: 0, 4: 0 });
      assert.deepEqual(r.incidents.byService, { 'checkout-api': 2, search: 2 });
      assert.deepEqual(r.incidents.byCustomer, { acme: 1 });
      assert.equal(r.timeToAction['1']?.count, 1);
      assert.equal(r.timeToAction['1']?.kpiS, 1800);
      assert.equal(r.timeToAction['1']?.withinKpi, 1);
      assert.equal(r.timeToResolve['1']?.count, 1);
      assert.ok((r.dora.timeToRestoreMedianS ?? -1) >= 0);
      assert.deepEqual(r.contributingFactors.map((f) => [f.factor, f.incidents.length]), [['cache stampede', 2]]);
      assert.deepEqual(r.followUps, { total: 2, done: 1, open: 1, overdue: 1, byOwner: { alice: { open: 1, overdue: 1 }, bob: { open: 0, overdue: 0 } } });
      assert.deepEqual(r.onCallLoad.map((p) => [p.person, p.incidents]), [['li', 1], ['maya.chen', 1]]);
      // Two deploy tags in the window; v1.1.0 shipped the trigger commit.
      assert.equal(r.dora.changeFailureRate, 0.5);
      assert.deepEqual(Object.keys(r), ['window', 'incidents', 'timeToAction', 'timeToResolve', 'contributingFactors', 'followUps', 'onCallLoad', 'dora']);
    });

    it('leaves incidents declared before --since out', async () => {
      const r = report(await cli(['insights', '--json', '--repo', repo.dir, '--since', new Date(Date.now() + 1000).toISOString(), '--until', new Date(Date.now() + 60_000).toISOString()], env));
      assert.equal(r.incidents.total, 0);
      assert.equal(r.dora.changeFailureRate, null);
    });

    it('writes a markdown report, and the built binary has the command', async () => {
      const result = await new Promise<Captured>((resolve, reject) => {
        const child = spawn(process.execPath, [CLI, 'insights', '--markdown', '--repo', repo.dir, '--since', started.toISOString()], { env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
        child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
        child.on('error', reject);
        child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
      });
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stdout, /^# Reliability insights/);
      assert.match(result.stdout, /3 incidents\./);
      assert.match(result.stdout, /\| checkout-api \| 2 \|/);
      assert.match(result.stdout, /Change failure rate: 50%/);
    });

    it('works offline from the retrospectives when no server is set', async () => {
      const result = await cli(['insights', '--json', '--repo', repo.dir, '--since', started.toISOString()], {});
      assert.match(result.stderr, /retrospectives only/);
      assert.equal(report(result).incidents.total, 2);
    });

    it('refuses a bad window with a usage error', async () => {
      const result = await cli(['insights', '--since', '2026-02-30', '--repo', repo.dir], {});
      assert.equal(result.code, 2);
      assert.match(result.stderr, /not a real date/);
      const reversed = await cli(['insights', '--since', '2026-11-02', '--until', '2026-11-01', '--repo', repo.dir], {});
      assert.equal(reversed.code, 2);
    });
  });

  describe('against a PagerDuty-compatible server with historical incidents', () => {
    let pd: PagerDutyTestServer;
    let repo: { dir: string; trigger: string };

    before(async () => {
      pd = await PagerDutyTestServer.start();
      repo = makeRepo({ date: '2026-10-10T12:00:00Z', policy: 'insights:\n  timezone: Europe/Berlin\n  working_hours: "09:00-18:00"\n' });
      const resolved = (created: string, ackS: number, resolveS: number, fields: Record<string, unknown> = {}): void => {
        const at = (s: number): string => new Date(Date.parse(created) + s * 1000).toISOString();
        pd.addIncident({
          created_at: created,
          status: 'resolved',
          urgency: 'high',
          acknowledgements: [{ at: at(ackS), acknowledger: { id: 'PUSER01', type: 'user_reference', summary: 'Maya Chen' } }],
          resolved_at: at(resolveS),
          ...fields,
        });
      };
      resolved('2026-10-05T08:00:00Z', 300, 3600); // Mon 10:00 Berlin (summer time): working
      resolved('2026-10-10T20:00:00Z', 1800, 7200); // Sat 22:00: weekend
      resolved('2026-10-27T06:30:00Z', 1801, 1800 * 3); // Tue 07:30 (winter time): night
      resolved('2026-09-20T08:00:00Z', 60, 120); // before the window
    });
    after(async () => {
      await pd.close();
      rmSync(repo.dir, { recursive: true, force: true });
    });

    it('reads the window from PagerDuty: acknowledgements as time to action, assignees as on-call load', async () => {
      const r = report(await cli(['insights', '--json', '--backend', 'pagerduty', '--url', pd.url, '--repo', repo.dir, '--since', '2026-10-01', '--until', '2026-11-01'], { PAGERDUTY_TOKEN: PD_TOKEN }));
      // Midnight in Berlin (UTC+2 in October).
      assert.equal(r.window.since, '2026-09-30T22:00:00.000Z');
      assert.equal(r.window.until, '2026-10-31T23:00:00.000Z');
      assert.equal(r.incidents.total, 3);
      // High urgency maps to Sev 1 by default; KPI 30 min, so 1801 s is over it.
      assert.deepEqual(r.timeToAction['1'], { count: 3, medianS: 1800, p90S: 1800.8, kpiS: 1800, withinKpi: 0.667 });
      assert.deepEqual(r.timeToResolve['1'], { count: 3, medianS: 5400, p90S: 6840 });
      assert.deepEqual(r.onCallLoad, [{ person: 'Maya Chen', incidents: 3, roleHours: 1 + 2 + 1.5, nightIncidents: 1, weekendIncidents: 1 }]);
      assert.deepEqual(r.incidents.byService, { 'checkout-api': 3 });
      const list = pd.requestsTo('GET', '/incidents')[0];
      assert.equal(list?.query.get('until'), '2026-10-31T23:00:00.000Z');
    });
  });

  describe('with GitHub for follow-up state', () => {
    const TOKEN = `ghp_insights${process.pid}x0123456789`;
    let github: FakeGitHub;
    let repo: { dir: string; trigger: string };

    before(async () => {
      github = await FakeGitHub.start({ token: TOKEN });
      repo = makeRepo({ policy: 'insights:\n  timezone: UTC\n' });
      github.createRepo('acme', 'shop');
      git(repo.dir, ['remote', 'add', 'origin', github.remoteUrl('acme', 'shop')]);
      for (const [number, state, labels] of [[7, 'closed', ['follow-up', 'INC-1']], [8, 'open', ['follow-up', 'INC-1']], [9, 'closed', []]] as const) {
        github.issues.push({ owner: 'acme', repo: 'shop', number, title: `Issue ${number}`, body: '', state, labels: [...labels], assignees: [] });
      }
      writeRetro(
        repo.dir,
        'INC-1',
        'severity: 2\ndeclared_at: 2026-11-02T10:00:00.000Z',
        '## Follow-up actions\n\n- [ ] A — @alice, due 2020-01-01 (#7)\n- [ ] B — @alice, due 2020-01-01 (#8)\n- [ ] C — @bob, due 2020-01-01 (#9)\n- [ ] D — @bob, due 2099-01-01\n',
      );
    });
    after(async () => {
      await github.stop();
      rmSync(repo.dir, { recursive: true, force: true });
    });

    it('counts a follow-up whose linked issue is closed as done, and only the checkboxes without a token', async () => {
      const args = ['insights', '--json', '--backend', 'none', '--repo', repo.dir, '--since', '2026-11-01', '--until', '2026-12-01'];
      const result = await cli(args, { GITHUB_TOKEN: TOKEN, GITHUB_API_URL: github.apiUrl });
      assert.equal(result.stderr, '');
      const online = report(result);
      assert.deepEqual(online.followUps, { total: 4, done: 2, open: 2, overdue: 1, byOwner: { alice: { open: 1, overdue: 1 }, bob: { open: 1, overdue: 0 } } });
      const offline = report(await cli(args, {}));
      assert.equal(offline.followUps.done, 0);
      assert.equal(offline.followUps.overdue, 3);
    });
  });
});
