import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DeskBackend } from '../../../src/backends/desk/deskBackend';
import { PagerDutyBackend } from '../../../src/backends/pagerduty/pagerDutyBackend';
import { backendFromCliOptions } from '../../../src/cli/backendOptions';
import { UsageError, type CliIo } from '../../../src/cli/command';
import { age, renderTable } from '../../../src/cli/commands/incidents';
import { runCli } from '../../../src/cli/main';
import { SqliteStore } from '../../../src/server/store/sqliteStore';
import { hashToken } from '../../../src/server/tokens';
import { IncidentBuilder } from '../../support/builders';
import { PD_TOKEN, PagerDutyTestServer } from '../../support/pagerDutyServer';
import { TestServer } from '../server/serverFixture';

interface Captured {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(args: string[], env: NodeJS.ProcessEnv = {}, cwd = process.cwd()): Promise<Captured> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env, cwd };
  const code = await runCli(args, io);
  return { code, stdout, stderr };
}

describe('backendFromCliOptions', () => {
  it('builds a desk backend from --url or INCIDENT_DESK_URL and INCIDENT_DESK_TOKEN', () => {
    assert.ok(backendFromCliOptions({ url: 'http://127.0.0.1:1' }, { INCIDENT_DESK_TOKEN: 't' }) instanceof DeskBackend);
    assert.ok(backendFromCliOptions({}, { INCIDENT_DESK_URL: 'http://127.0.0.1:1', INCIDENT_DESK_TOKEN: 't' }) instanceof DeskBackend);
    assert.ok(backendFromCliOptions({ backend: 'pagerduty' }, { PAGERDUTY_TOKEN: 'k' }) instanceof PagerDutyBackend);
  });

  const refusals: [string, { backend?: string; url?: string }, NodeJS.ProcessEnv, RegExp][] = [
    ['no URL', {}, { INCIDENT_DESK_TOKEN: 't' }, /INCIDENT_DESK_URL/],
    ['no desk token', { url: 'http://127.0.0.1:1' }, {}, /INCIDENT_DESK_TOKEN/],
    ['no PagerDuty key', { backend: 'pagerduty' }, { INCIDENT_DESK_TOKEN: 't' }, /PAGERDUTY_TOKEN/],
    ['an unknown backend', { backend: 'opsgenie' }, {}, /desk.*pagerduty/],
    ['a URL that is not one', { url: 'not a url' }, { INCIDENT_DESK_TOKEN: 't' }, /not a URL/],
    ['a non-http URL', { url: 'file:///etc/passwd' }, { INCIDENT_DESK_TOKEN: 't' }, /http/],
    ['credentials in the URL', { url: 'http://user:secret@127.0.0.1:1' }, { INCIDENT_DESK_TOKEN: 't' }, /credentials/],
  ];
  for (const [name, options, env, message] of refusals) {
    it(`refuses ${name} with a UsageError`, () => {
      assert.throws(
        () => backendFromCliOptions(options, env),
        (error: unknown) => error instanceof UsageError && message.test(error.message) && !error.message.includes('secret'),
      );
    });
  }
});

describe('incident-desk token / incidents', () => {
  let server: TestServer | undefined;
  let pd: PagerDutyTestServer | undefined;
  let dataDir: string | undefined;

  afterEach(async () => {
    await server?.dispose();
    await pd?.close();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    server = undefined;
    pd = undefined;
    dataDir = undefined;
  });

  it('token create prints only a token, which the data folder then accepts', async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'incident-desk-token-'));
    const result = await cli(['token', 'create', '--name', 'maya.chen', '--data', 'tokens'], {}, dataDir);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^idt_[A-Za-z0-9_-]+\n$/);
    const store = SqliteStore.open(path.join(dataDir, 'tokens'));
    const stored = await store.tokens();
    await store.close();
    assert.deepEqual(stored.map((t) => t.hash), [hashToken(result.stdout.trim())]);
  });

  it('token and serve refuse bad arguments with exit code 2', async () => {
    assert.equal((await cli(['token', 'create'])).code, 2);
    assert.equal((await cli(['token', 'delete', '--data', 'x'])).code, 2);
    assert.equal((await cli(['serve', '--data', 'x'])).code, 2);
    assert.equal((await cli(['serve', '--port', 'eighty', '--data', 'x'])).code, 2);
    assert.equal((await cli(['serve', '--port', '1', '--data', 'x', '--colour'])).code, 2);
    assert.equal((await cli(['incidents', 'show'])).code, 2);
  });

  it('incidents list prints a table of the desk server’s active incidents', async () => {
    server = await TestServer.start({ demo: true });
    const env = { INCIDENT_DESK_URL: server.url, INCIDENT_DESK_TOKEN: server.token };
    const table = await cli(['incidents', 'list'], env);
    assert.equal(table.code, 0, table.stderr);
    const lines = table.stdout.trimEnd().split('\n');
    assert.match(lines[0] ?? '', /^SEV\s+ID\s+STATUS\s+AGE\s+TITLE$/);
    assert.equal(lines.length, 4, 'three active demo incidents');
    assert.match(lines[1] ?? '', /^SEV1\s+INC-\d+\s+identified\s+3[89]m\s+Checkout API 5xx spike/);

    const json = await cli(['incidents', 'list', '--json', '--url', server.url], { INCIDENT_DESK_TOKEN: server.token });
    const incidents = JSON.parse(json.stdout) as { severity: number }[];
    assert.deepEqual(incidents.map((i) => i.severity), [1, 2, 3]);
  });

  it('incidents list --status resolved lists what was resolved since --since, newest first', async () => {
    server = await TestServer.start({ demo: true });
    const env = { INCIDENT_DESK_URL: server.url, INCIDENT_DESK_TOKEN: server.token };
    const active = JSON.parse((await cli(['incidents', 'list', '--json'], env)).stdout) as { id: string }[];
    const [first, second] = active.map((i) => i.id);
    assert.ok(first && second);
    for (const id of [first, second]) assert.equal((await cli(['incident', 'resolve', id], env)).code, 0);

    const json = await cli(['incidents', 'list', '--status', 'resolved', '--since', '10m', '--json'], env);
    assert.equal(json.code, 0, json.stderr);
    const resolved = (JSON.parse(json.stdout) as { id: string; status: string }[]).filter((i) => i.id === first || i.id === second);
    assert.deepEqual(resolved.map((i) => [i.id, i.status]), [[second, 'resolved'], [first, 'resolved']]);

    const table = await cli(['incidents', 'list', '--status', 'resolved'], env);
    assert.match(table.stdout, new RegExp(`${second}\\s+resolved`));
    assert.equal((await cli(['incidents', 'list'], env)).stdout.includes(`${first} `), false, 'no longer active');

    const none = await cli(['incidents', 'list', '--status', 'resolved', '--since', '2999-01-01'], env);
    assert.equal(none.code, 2, 'a date in the future is refused');
    assert.match(none.stderr, /in the future/);
    assert.equal((await cli(['incidents', 'list', '--status', 'closed'], env)).code, 2);
    assert.equal((await cli(['incidents', 'list', '--since', '7d'], env)).code, 2, '--since needs --status resolved');
    assert.equal((await cli(['incidents', 'list', '--status', 'resolved', '--since', 'last week'], env)).code, 2);
  });

  it('incidents list reports a wrong token (without leaking it) and a missing URL', async () => {
    server = await TestServer.start();
    const denied = await cli(['incidents', 'list'], { INCIDENT_DESK_URL: server.url, INCIDENT_DESK_TOKEN: 'idt_leaky_token' });
    assert.equal(denied.code, 1);
    assert.match(denied.stderr, /401/);
    assert.ok(!denied.stderr.includes('idt_leaky_token'));
    const missing = await cli(['incidents', 'list'], { INCIDENT_DESK_TOKEN: 't' });
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /INCIDENT_DESK_URL/);
  });

  it('incidents list strips OSC and CSI sequences from remote ids and titles (desk and PagerDuty)', async () => {
    const hostile = 'Checkout \u001b]0;pwned\u0007down\u001b[2J\u001b[3J\r\u009b2J!';
    server = await TestServer.start();
    await new DeskBackend({ baseUrl: server.url, token: server.token }).declare({ title: hostile, severity: 1, author: 'mallory' });
    pd = await PagerDutyTestServer.start();
    pd.addIncident({ id: 'P\u001b]2;evil\u001b\\9', title: hostile });
    const outputs = [
      await cli(['incidents', 'list'], { INCIDENT_DESK_URL: server.url, INCIDENT_DESK_TOKEN: server.token }),
      await cli(['incidents', 'list', '--backend', 'pagerduty', '--url', pd.url], { PAGERDUTY_TOKEN: PD_TOKEN }),
    ];
    for (const result of outputs) {
      assert.equal(result.code, 0, result.stderr);
      assert.ok(!/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/.test(result.stdout), JSON.stringify(result.stdout));
      assert.ok(!result.stdout.includes('pwned') && !result.stdout.includes('evil'), 'OSC payloads go with their sequences');
      assert.match(result.stdout, /Checkout down!$/m);
    }
    assert.match(outputs[1]?.stdout ?? '', /^SEV1\s+P9\s/m);
  });

  it('incidents list --backend pagerduty reads PagerDuty', async () => {
    pd = await PagerDutyTestServer.start();
    pd.addIncident({ title: 'From PagerDuty', urgency: 'low' });
    const result = await cli(['incidents', 'list', '--backend', 'pagerduty', '--url', pd.url], { PAGERDUTY_TOKEN: PD_TOKEN });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /SEV3\s+P\d+\s+investigating\s+\S+.*From PagerDuty/);
  });
});

describe('incident table formatting', () => {
  it('formats ages', () => {
    const now = new Date('2026-11-02T12:00:00Z');
    assert.equal(age('2026-11-02T11:59:30Z', now), '30s');
    assert.equal(age('2026-11-02T11:48:00Z', now), '12m');
    assert.equal(age('2026-11-02T08:55:00Z', now), '3h 05m');
    assert.equal(age('2026-10-31T08:00:00Z', now), '2d 4h');
  });

  it('sorts by severity and keeps control characters out of the terminal', () => {
    const now = new Date('2026-11-01T12:00:00Z');
    const out = renderTable(
      [new IncidentBuilder().id('INC-2').severity(3).title('low').build(), new IncidentBuilder().id('INC-1').severity(0).title('evil\u001b[2Jtitle').build()],
      now,
    );
    const lines = out.trimEnd().split('\n');
    assert.match(lines[1] ?? '', /^SEV0\s+INC-1/);
    assert.ok(!out.includes('\u001b'));
    assert.equal(renderTable([], now), 'No active incidents.\n');
  });
});
