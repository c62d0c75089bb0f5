import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { CliIo } from '../../../src/cli/command';
import { runCli } from '../../../src/cli/main';
import type { Incident, IncidentWithTimeline, TimelineEvent } from '../../../src/core/incidents/model';
import { createToken } from '../../../src/server/index';
import { PD_TOKEN, PagerDutyTestServer } from '../../support/pagerDutyServer';
import { CLI } from '../server/cliProcess';
import { FIXTURE_TOKEN_NAME, TestServer } from '../server/serverFixture';

interface Captured {
  code: number;
  stdout: string;
  stderr: string;
}

/** In process, through the same entry point (and lazy command table) as the binary. */
async function cli(args: string[], env: NodeJS.ProcessEnv): Promise<Captured> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env, cwd: process.cwd() };
  const code = await runCli(args, io);
  return { code, stdout, stderr };
}

/** The built dist/cli.mjs as a child process: proves the chunk is registered and loads. */
function built(args: string[], env: NodeJS.ProcessEnv): Promise<Captured> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

function ok(result: Captured): Captured {
  assert.equal(result.code, 0, result.stderr);
  return result;
}

describe('incident-desk incident (against a real server)', () => {
  let server: TestServer;
  let env: NodeJS.ProcessEnv;

  beforeEach(async () => {
    server = await TestServer.start();
    env = { INCIDENT_DESK_URL: server.url, INCIDENT_DESK_TOKEN: server.token };
  });
  afterEach(async () => {
    await server.dispose();
  });

  async function fetched(id: string): Promise<IncidentWithTimeline> {
    const response = await server.request('GET', `/v1/incidents/${id}`);
    assert.equal(response.status, 200, response.text);
    return response.json as IncidentWithTimeline;
  }

  it('declare → show --json round trips through the built command line; the token names the commander', async () => {
    const declared = ok(await built(['incident', 'declare', '--title', 'Checkout errors', '--severity', '2', '--service', 'checkout', '--service', 'payments', '--summary', 'EU only', '--json'], env));
    const incident = JSON.parse(declared.stdout) as Incident;
    assert.match(incident.id, /^INC-\d+$/);
    assert.deepEqual([incident.title, incident.severity, incident.services, incident.summary], ['Checkout errors', 2, ['checkout', 'payments'], 'EU only']);
    assert.equal(incident.roles.commander, FIXTURE_TOKEN_NAME);

    const shown = JSON.parse(ok(await built(['incident', 'show', incident.id, '--json'], env)).stdout) as IncidentWithTimeline;
    assert.deepEqual({ ...shown, timeline: undefined }, { ...(await fetched(incident.id)), timeline: undefined });
    assert.equal(shown.version, incident.version);
    // Naming the commander at declaration is recorded as its own event, as in the sidebar.
    assert.deepEqual(shown.timeline.map((e) => [e.type, e.author]), [['declared', FIXTURE_TOKEN_NAME], ['role_assigned', FIXTURE_TOKEN_NAME]]);

    const human = ok(await built(['incident', 'declare', '--title', 'Search slow', '--severity', '3'], env));
    assert.match(human.stdout, /^Declared INC-\d+ · Sev 3: Search slow\n$/);
  });

  it('each action changes what the server returns', async () => {
    const id = (JSON.parse(ok(await cli(['incident', 'declare', '--title', 'Checkout errors', '--severity', '2', '--json'], env)).stdout) as Incident).id;

    assert.equal(ok(await cli(['incident', 'check-in', id], env)).stdout, `Checked in to ${id} as ${FIXTURE_TOKEN_NAME}\n`);
    assert.ok((await fetched(id)).acknowledgedAt, 'the first check-in acknowledges');

    assert.equal(ok(await cli(['incident', 'severity', id, '1'], env)).stdout, `${id} is now Sev 1: Checkout errors\n`);
    assert.equal((await fetched(id)).severity, 1);

    assert.equal(ok(await cli(['incident', 'status', id, 'identified'], env)).stdout, `${id} is now identified: Checkout errors\n`);
    assert.equal((await fetched(id)).status, 'identified');

    assert.equal(ok(await cli(['incident', 'role', id, 'communications', 'bob'], env)).stdout, `bob is Communications Lead on ${id}\n`);
    ok(await cli(['incident', 'role', id, 'sme', 'carol'], env));
    const roles = JSON.parse(ok(await cli(['incident', 'role', id, 'sme', 'dan', '--json'], env)).stdout) as Incident;
    assert.deepEqual(roles.roles.smes, ['carol', 'dan'], 'an SME joins the list');
    assert.equal((await fetched(id)).roles.communications, 'bob');

    const note = JSON.parse(ok(await cli(['incident', 'note', id, 'rolled back', 'the deploy', '--json'], env)).stdout) as TimelineEvent;
    assert.deepEqual([note.type, note.type === 'note' ? note.text : '', note.author], ['note', 'rolled back the deploy', FIXTURE_TOKEN_NAME]);

    const update = ok(await cli(['incident', 'update', id, '--audience', 'executive', '--conditions', 'EU checkout down', '--actions', 'rolled back', '--needs', 'nothing'], env));
    assert.equal(update.stdout, `Executive update posted on ${id}\n`);

    const summary = ok(await cli(['incident', 'show', id], env)).stdout;
    assert.match(summary, new RegExp(`^${id} · Sev 1 · identified · declared \\S+ ago\\n  Checkout errors\\n`));
    assert.match(summary, /Incident Commander\s+alice\n/);
    assert.match(summary, /Communications Lead\s+bob\n/);
    assert.match(summary, /Subject Matter Experts\s+carol, dan\n/);
    assert.match(summary, /Latest update \(executive, .* alice\)\n {2}Conditions {2}EU checkout down\n {2}Actions {5}rolled back\n {2}Needs {7}nothing\n/);
    assert.match(summary, /alice {2}rolled back the deploy\n/);

    assert.equal(ok(await cli(['incident', 'resolve', id, '--summary', 'Bad deploy'], env)).stdout, `Resolved ${id}: Checkout errors\n`);
    const resolved = await fetched(id);
    assert.deepEqual([resolved.status, resolved.summary], ['resolved', 'Bad deploy']);
    const types = resolved.timeline.map((e) => e.type);
    for (const type of ['declared', 'check_in', 'severity_changed', 'status_changed', 'role_assigned', 'note', 'status_update', 'resolved']) {
      assert.ok(types.includes(type as TimelineEvent['type']), `${type} in ${types.join(', ')}`);
    }
  });

  it('bad arguments exit 2 with the usage, before anything is sent', async () => {
    const id = await server.declare();
    const before = await fetched(id);
    const mistakes: [string[], RegExp][] = [
      [['incident'], /missing action/],
      [['incident', 'escalate', id], /unknown action 'escalate'/],
      [['incident', 'declare', '--severity', '2'], /--title/],
      [['incident', 'declare', '--title', '   ', '--severity', '2'], /title must not be empty/],
      [['incident', 'declare', '--title', 'x', '--severity', '5'], /severity must be one of 0, 1, 2, 3, 4/],
      [['incident', 'severity', id, 'high'], /severity must be one of/],
      [['incident', 'severity', id, '1.5'], /severity must be one of/],
      [['incident', 'severity', id], /missing N/],
      [['incident', 'status', id, 'fixed'], /status must be one of investigating, identified, monitoring, resolved/],
      [['incident', 'role', id, 'boss', 'bob'], /role must be one of commander, communications, technical, scribe, sme/],
      [['incident', 'role', id, 'scribe', ' '], /person must not be empty/],
      [['incident', 'note', id, ' '], /note must not be empty/],
      [['incident', 'note', id], /missing TEXT/],
      [['incident', 'update', id, '--audience', 'press', '--conditions', 'c', '--actions', 'a', '--needs', 'n'], /audience must be one of executive, technical, external/],
      [['incident', 'update', id, '--audience', 'executive', '--conditions', 'c', '--actions', 'a'], /--needs must not be empty/],
      [['incident', 'check-in', id, 'extra'], /unexpected argument 'extra'/],
      [['incident', 'note', id, 'text', '--severity', '1'], /--severity does not apply to note/],
      [['incident', 'show', id, '--colour'], /Unknown option/],
    ];
    for (const [args, message] of mistakes) {
      const result = await cli(args, env);
      assert.equal(result.code, 2, `${args.join(' ')}: ${result.stderr}`);
      assert.match(result.stderr, message, args.join(' '));
      assert.match(result.stderr, /Usage: incident-desk incident <action>/, args.join(' '));
    }
    assert.equal((await fetched(id)).version, before.version, 'nothing reached the server');
    const help = ok(await built(['incident', '--help'], {}));
    assert.match(help.stdout, /check-in ID/);
    assert.match(ok(await built(['--help'], {})).stdout, /^ {2}incident {3}\s*declare, update, resolve or show one incident/m);
  });

  it('PagerDuty writes go as PAGERDUTY_FROM', async () => {
    const pd = await PagerDutyTestServer.start();
    try {
      const incident = pd.addIncident({ title: 'From PagerDuty' });
      const pdEnv = { PAGERDUTY_TOKEN: PD_TOKEN, PAGERDUTY_FROM: 'maya@example.com' };
      const note = ok(await cli(['incident', 'note', incident.id, 'looking', '--backend', 'pagerduty', '--url', pd.url], pdEnv));
      assert.equal(note.stdout, `Note added to ${incident.id}\n`);
      assert.equal(pd.notes.get(incident.id)?.length, 1);
      ok(await cli(['incident', 'status', incident.id, 'identified', '--backend', 'pagerduty', '--url', pd.url], pdEnv));
      const writes = pd.requests.filter((r) => r.method !== 'GET');
      assert.ok(writes.length >= 2 && writes.every((r) => r.headers.from === 'maya@example.com'), JSON.stringify(writes.map((r) => r.headers.from)));
    } finally {
      await pd.close();
    }
  });

  it('PagerDuty writes without PAGERDUTY_FROM are a usage mistake', async () => {
    const result = await cli(['incident', 'note', 'P1', 'hello', '--backend', 'pagerduty', '--url', 'http://127.0.0.1:1'], { PAGERDUTY_TOKEN: 'k' });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /set PAGERDUTY_FROM/);
  });

  it('a viewer token may show but its writes are refused with a clear message (exit 1)', async () => {
    const id = await server.declare();
    const viewer = { INCIDENT_DESK_URL: server.url, INCIDENT_DESK_TOKEN: await createToken(server.dataDir, { name: 'wallboard', scope: 'viewer' }) };
    ok(await cli(['incident', 'show', id], viewer));
    for (const args of [['note', id, 'hi'], ['severity', id, '1'], ['declare', '--title', 't', '--severity', '1']]) {
      const refused = await cli(['incident', ...args], viewer);
      assert.equal(refused.code, 1, args.join(' '));
      assert.match(refused.stderr, /403.*'wallboard' has the viewer scope, which can only read/, refused.stderr);
      assert.ok(!refused.stderr.includes(viewer.INCIDENT_DESK_TOKEN), 'the token is never printed');
      assert.equal(refused.stdout, '');
    }
    assert.equal((await fetched(id)).severity, 2);
  });

  it('an unknown incident exits 1 saying so', async () => {
    const missing = await cli(['incident', 'show', 'INC-999'], env);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /404/);
  });

  it('prints a hostile remote title, note and name without escape sequences', async () => {
    const hostile = 'Checkout \u001b]0;pwned\u0007down\u001b[2J\r\u009b2J!';
    const id = await server.declare({ title: hostile });
    await server.request('POST', `/v1/incidents/${id}/events`, { body: { type: 'note', text: `note \u001b]8;;http://evil\u0007link\u001b]8;;\u0007\nsecond line` } });
    await server.request('PATCH', `/v1/incidents/${id}`, { body: { roles: { scribe: 'mal\u001b[31mlory' } } });
    const outputs = [
      await cli(['incident', 'show', id], env),
      await cli(['incident', 'severity', id, '1'], env),
      await cli(['incident', 'role', id, 'technical', 'eve\u001b]2;x\u0007'], env),
    ];
    for (const result of outputs) {
      ok(result);
      assert.ok(!/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/.test(result.stdout), JSON.stringify(result.stdout));
      assert.ok(!result.stdout.includes('pwned') && !result.stdout.includes('evil'), 'OSC payloads go with their sequences');
    }
    assert.match(outputs[0]?.stdout ?? '', /^ {2}Checkout down!$/m);
    assert.match(outputs[0]?.stdout ?? '', /Scribe\s+mallory\n/);
    assert.match(outputs[0]?.stdout ?? '', /note link second line\n/);
    assert.match(outputs[1]?.stdout ?? '', /is now Sev 1: Checkout down!\n$/);
    assert.equal(outputs[2]?.stdout, `eve is Technical Lead on ${id}\n`);
  });
});
