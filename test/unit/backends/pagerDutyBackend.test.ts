import * as assert from 'node:assert/strict';
import { BackendError, type IncidentChange } from '../../../src/backends/backend';
import { PagerDutyBackend, type PagerDutyBackendOptions } from '../../../src/backends/pagerduty/pagerDutyBackend';
import { alertRows } from '../../../src/core/incidents/alertRows';
import { mergeTimeline } from '../../../src/core/retrospectives/timeline';
import { PD_TOKEN, PagerDutyTestServer } from '../../support/pagerDutyServer';

const fastRetry = { retries: 3, baseDelayMs: 1, maxDelayMs: 5, maxRateLimitWaitMs: 2000 };

async function rejection(promise: Promise<unknown>): Promise<BackendError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof BackendError, `expected a BackendError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected the call to fail');
}

describe('PagerDutyBackend against a PagerDuty-compatible server', () => {
  let pd: PagerDutyTestServer;

  beforeEach(async () => {
    pd = await PagerDutyTestServer.start();
  });

  afterEach(async () => {
    await pd.close();
  });

  function backend(options: Partial<PagerDutyBackendOptions> = {}): PagerDutyBackend {
    return new PagerDutyBackend({ baseUrl: pd.url, token: PD_TOKEN, from: 'oncall@example.com', retry: fastRetry, timeoutMs: 2000, ...options });
  }

  it('lists recently resolved incidents with statuses[]=resolved and since, and none of the open ones', async () => {
    pd.addIncident({ title: 'Still open' });
    pd.addIncident({ title: 'Resolved long ago', status: 'resolved', created_at: '2026-01-01T00:00:00Z', resolved_at: '2026-01-01T01:00:00Z' });
    pd.addIncident({ title: 'Resolved recently', status: 'resolved', created_at: '2026-11-01T08:00:00Z', resolved_at: '2026-11-01T10:00:00Z' });

    const recent = await backend().listRecentlyResolved(new Date('2026-10-01T00:00:00Z'));
    assert.deepEqual(recent.map((i) => [i.title, i.status, i.resolvedAt]), [['Resolved recently', 'resolved', '2026-11-01T10:00:00.000Z']]);
    const query = pd.requestsTo('GET', '/incidents').at(-1)?.query;
    assert.deepEqual(query?.getAll('statuses[]'), ['resolved']);
    assert.equal(query?.get('since'), '2026-10-01T00:00:00.000Z');
  });

  it('sends the documented headers and query for the active list and maps incidents', async () => {
    pd.addIncident({ title: 'Checkout 5xx', urgency: 'high' });
    pd.addIncident({ title: 'Slow settings', urgency: 'low', status: 'acknowledged', acknowledgements: [{ at: '2026-11-01T09:05:00Z', acknowledger: { id: 'PU', type: 'user_reference', summary: 'Li Wei' } }] });
    pd.addIncident({ title: 'Done', status: 'resolved' });
    pd.addIncident({ title: 'Prioritised', priority: { id: 'PPRIO', type: 'priority', summary: 'P1', name: 'P1' }, urgency: 'low' });

    const incidents = await backend().listActive();
    assert.deepEqual(incidents.map((i) => i.title), ['Checkout 5xx', 'Slow settings', 'Prioritised']);
    const [high, low, p1] = incidents;
    assert.equal(high?.severity, 1);
    assert.equal(low?.severity, 3);
    assert.equal(p1?.severity, 0, 'a priority wins over urgency');
    assert.equal(low?.acknowledgedAt, '2026-11-01T09:05:00.000Z');
    assert.equal(high?.htmlUrl, `https://acme.pagerduty.com/incidents/${high?.id}`);
    assert.deepEqual(high?.services, ['checkout-api']);
    assert.equal(high?.roles.commander, 'Maya Chen');

    const [request] = pd.requestsTo('GET', '/incidents');
    assert.equal(request?.headers.authorization, `Token token=${PD_TOKEN}`);
    assert.equal(request?.headers.accept, 'application/vnd.pagerduty+json;version=2');
    assert.deepEqual(request?.query.getAll('statuses[]'), ['triggered', 'acknowledged']);
    assert.deepEqual(request?.query.getAll('include[]'), ['assignees', 'services']);
    assert.equal(request?.headers.from, undefined, 'reads carry no From header');
  });

  it('honours a custom severity mapping', async () => {
    pd.addIncident({ priority: { id: 'X', type: 'priority', summary: 'SEV-2', name: 'SEV-2' } });
    pd.addIncident({ urgency: 'low' });
    const incidents = await backend({ severityMapping: { priorities: { 'SEV-2': 2 }, urgencies: { high: 0, low: 4 } } }).listActive();
    assert.deepEqual(incidents.map((i) => i.severity), [2, 4]);
  });

  it('pages with limit/offset while `more` is true', async () => {
    pd.addIncidents(250);
    const incidents = await backend().listActive();
    assert.equal(incidents.length, 250);
    assert.equal(new Set(incidents.map((i) => i.id)).size, 250);
    assert.deepEqual(pd.requestsTo('GET', '/incidents').map((r) => r.query.get('offset')), ['0', '100', '200']);
    assert.ok(pd.requestsTo('GET', '/incidents').every((r) => r.query.get('limit') === '100'));
  });

  it('stops at the 10,000 offset+limit cap and says so', async () => {
    pd.addIncidents(10_050);
    const warnings: string[] = [];
    const client = backend({ onWarning: (message) => warnings.push(message) });
    const incidents = await client.listActive();
    assert.equal(incidents.length, 10_000);
    assert.equal(client.lastListTruncated, true);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0] ?? '', /10000/);
    const offsets = pd.requestsTo('GET', '/incidents').map((r) => Number(r.query.get('offset')));
    assert.equal(Math.max(...offsets), 9900, 'never asks beyond the cap (PagerDuty would answer 400)');
    assert.equal(offsets.length, 100);
  });

  it('retries a 429 honouring ratelimit-reset, retry-after, and with no header at all', async () => {
    pd.addIncident();
    pd.failNext(1, { status: 429, headers: { 'content-type': 'application/json', 'ratelimit-reset': '0' }, body: '{"error":{"message":"Rate Limit Exceeded","code":2020}}' });
    pd.failNext(1, { status: 429, headers: { 'retry-after': '0' } });
    pd.failNext(1, { status: 429 });
    const incidents = await new PagerDutyBackend({
      baseUrl: pd.url,
      token: PD_TOKEN,
      retry: { ...fastRetry, maxDelayMs: 2 },
    }).listActive();
    assert.equal(incidents.length, 1);
    assert.equal(pd.requestsTo('GET', '/incidents').length, 4);
  });

  it('gives up on a 429 that asks for a longer wait than allowed, without hanging', async () => {
    pd.failNext(1, { status: 429, headers: { 'ratelimit-reset': '3600' } });
    const error = await rejection(backend().listActive());
    assert.equal(error.kind, 'rate_limited');
    assert.match(error.message, /3600 s/);
    assert.equal(pd.requestsTo('GET', '/incidents').length, 1);
  });

  it('reports rate_limited after exhausting retries on repeated 429s', async () => {
    pd.failNext(10, { status: 429, headers: { 'retry-after': '0' } });
    const error = await rejection(backend().listActive());
    assert.equal(error.kind, 'rate_limited');
    assert.equal(pd.requestsTo('GET', '/incidents').length, 4, 'the first try and three retries');
  });

  it('never retries 401 or 400, and keeps the key out of the message', async () => {
    const unauthorized = await rejection(new PagerDutyBackend({ baseUrl: pd.url, token: 'wrong-key-123', retry: fastRetry }).listActive());
    assert.equal(unauthorized.kind, 'unauthorized');
    assert.equal(unauthorized.status, 401);
    assert.ok(!unauthorized.message.includes('wrong-key-123'));
    assert.equal(pd.requestsTo('GET', '/incidents').length, 1);

    pd.failNext(1, { status: 400, headers: { 'content-type': 'application/json' }, body: '{"error":{"message":"Invalid Input Provided","code":2001,"errors":["limit is bad"]}}' });
    const invalid = await rejection(backend().listActive());
    assert.equal(invalid.kind, 'invalid_request');
    assert.match(invalid.message, /Invalid Input Provided; limit is bad/);
    assert.equal(pd.requestsTo('GET', '/incidents').length, 2);
  });

  it('turns garbage bodies into bad_response errors', async () => {
    pd.failNext(1, { status: 200, headers: { 'content-type': 'text/html' }, body: '<html><body>Maintenance</body></html>' });
    assert.equal((await rejection(backend().listActive())).kind, 'bad_response');
    pd.failNext(1, { status: 200, headers: { 'content-type': 'application/json' }, body: '{"incidents": [' });
    assert.equal((await rejection(backend().listActive())).kind, 'bad_response');
    pd.failNext(1, { status: 200, headers: { 'content-type': 'application/json' }, body: '{"incidents": "nope", "more": false}' });
    assert.equal((await rejection(backend().listActive())).kind, 'bad_response');
    pd.failNext(1, { status: 200, headers: { 'content-type': 'application/json' }, body: '{"incidents": [{"id": 7}], "more": false}' });
    assert.equal((await rejection(backend().listActive())).kind, 'bad_response');
  });

  it('retries 5xx on reads and reports server after the retries', async () => {
    pd.addIncident();
    pd.failNext(2, { status: 502, headers: { 'content-type': 'text/html' }, body: '<html>Bad gateway</html>' });
    assert.equal((await backend().listActive()).length, 1);
    pd.failNext(10, { status: 503 });
    const error = await rejection(backend().listActive());
    assert.equal(error.kind, 'server');
  });

  it('builds a timeline from the incident, its acknowledgements and notes', async () => {
    const incident = pd.addIncident({ title: 'Orders DB failover' });
    const client = backend();
    const note = await client.addEvent(incident.id, { type: 'note', author: 'maya', text: 'Failover started' });
    assert.equal(note.type, 'note');
    const update = await client.addEvent(incident.id, { type: 'status_update', author: 'maya', audience: 'executive', conditions: 'Writes fail', actions: 'Failing over', needs: 'None' });
    assert.equal(update.type, 'status_update');
    await client.addEvent(incident.id, { type: 'check_in', author: 'maya' });

    const loaded = await client.get(incident.id);
    assert.ok(loaded.acknowledgedAt);
    const types = loaded.timeline.map((e) => e.type);
    assert.equal(types[0], 'declared');
    assert.deepEqual(types.filter((t) => t === 'note').length, 2);
    assert.ok(types.includes('check_in'));
    const texts = loaded.timeline.flatMap((e) => (e.type === 'note' ? [e.text] : []));
    assert.ok(texts.some((t) => t.includes('Conditions: Writes fail')));
    for (const post of pd.requestsTo('POST', `/incidents/${incident.id}/notes`)) assert.equal(post.headers.from, 'oncall@example.com');
  });

  it('names who did each timeline entry from PagerDuty (log entry agents, acknowledger, note user), never "unknown"', async () => {
    const fromService = pd.addIncident({ title: 'Orders DB failover' });
    await backend({ from: 'ana@example.com' }).update(fromService.id, { status: 'identified' });
    await backend({ from: 'ana@example.com' }).addEvent(fromService.id, { type: 'note', author: 'ana', text: 'Promoting the replica' });
    await backend({ from: 'ben@example.com' }).update(fromService.id, { status: 'resolved' });
    const fromUser = await backend({ from: 'zoe@example.com', serviceIds: ['PSVC001'] }).declare({ title: 'Queue backlog', severity: 3, author: 'zoe' });

    const service = await backend().get(fromService.id);
    assert.deepEqual(
      service.timeline.map((e) => [e.type, e.author]),
      [
        ['declared', 'checkout-api'],
        ['check_in', 'ana@example.com'],
        ['note', 'ana@example.com'],
        ['resolved', 'ben@example.com'],
      ],
    );
    assert.deepEqual((await backend().get(fromUser.id)).timeline.map((e) => [e.type, e.author]), [['declared', 'zoe@example.com']]);
    assert.equal(pd.requestsTo('GET', `/incidents/${fromService.id}/log_entries`).length, 1);

    // Without the log (a key that may not read it), the timeline is whole and names the service or PagerDuty, not "unknown".
    const forbidden = { status: 403, body: JSON.stringify({ error: { message: 'Forbidden', code: 2010 } }), match: (r: { path: string }) => r.path.endsWith('/log_entries') };
    pd.failNext(1, forbidden);
    assert.deepEqual((await backend().get(fromUser.id)).timeline.map((e) => [e.type, e.author]), [['declared', 'checkout-api']], 'the service, as the log was not read');
    const quiet = pd.addIncident({ title: 'Cache stampede', status: 'resolved', resolved_at: '2026-11-01T10:00:00Z', service: { id: 'PSVC009', type: 'service', summary: '', html_url: '' } });
    pd.failNext(1, forbidden);
    const withoutLog = await backend().get(quiet.id);
    assert.deepEqual(withoutLog.timeline.map((e) => [e.type, e.author]), [
      ['declared', 'PSVC009'],
      ['resolved', 'PagerDuty'],
    ]);
    for (const loaded of [service, withoutLog]) for (const event of loaded.timeline) assert.ok(!/^(unknown|pagerduty)$/.test(event.author), `${event.type} by ${event.author}`);
  });

  it('reads a runbook step it posted as a note back as that runbook step, so the retrospective lists the run once', async () => {
    const incident = pd.addIncident({ title: 'Orders DB failover' });
    const client = backend();
    const step = { type: 'runbook_step', author: 'maya', runId: 'run-7f3a', runbook: 'runbooks/failover.md', step: 'Promote › replica', exitCode: 0, durationMs: 4200, command: 'pg_ctl promote \\\n  -D /data' } as const;
    const startedAt = new Date(Date.now() - 4200).toISOString();
    await client.addEvent(incident.id, step);
    await client.addEvent(incident.id, { type: 'note', author: 'maya', text: '[Runbook step] a note someone typed by hand' });

    const posted = pd.notes.get(incident.id)?.[0]?.content ?? '';
    assert.match(posted, /^\[Runbook step\] runbooks\/failover\.md › Promote › replica: exit 0 after 4\.2 s\n\$ pg_ctl promote/, 'people still read it in PagerDuty');

    const loaded = await client.get(incident.id);
    const steps = loaded.timeline.filter((e) => e.type === 'runbook_step');
    assert.equal(steps.length, 1);
    const [read] = steps;
    assert.ok(read?.type === 'runbook_step');
    assert.deepEqual(
      { runId: read.runId, runbook: read.runbook, step: read.step, exitCode: read.exitCode, durationMs: read.durationMs, command: read.command },
      { runId: step.runId, runbook: step.runbook, step: step.step, exitCode: step.exitCode, durationMs: step.durationMs, command: step.command },
    );
    assert.deepEqual(loaded.timeline.flatMap((e) => (e.type === 'note' ? [e.text] : [])), ['[Runbook step] a note someone typed by hand']);

    // The editor's execution record of the same run pairs with it by runId: one line, not two.
    const record = { runId: 'run-7f3a', runbook: 'runbooks/failover.md', step: 'Promote › replica', stepIndex: 1, command: step.command, startedAt, durationMs: 4200, exitCode: 0, user: 'maya', incidentId: incident.id };
    const merged = mergeTimeline({ incident: loaded, executions: [record], commits: [] });
    assert.equal(merged.filter((entry) => entry.text.includes('Promote')).length, 1, merged.map((e) => e.text).join('\n'));
    assert.equal(merged.find((entry) => entry.text.includes('Promote'))?.source, 'runbook');
  });

  it('acknowledges and resolves with PUT and the From header', async () => {
    const incident = pd.addIncident();
    const client = backend();
    const resolved = await client.update(incident.id, { status: 'resolved' }, { author: 'ana@example.com' });
    assert.equal(resolved.status, 'resolved');
    assert.ok(resolved.resolvedAt);
    const [put] = pd.requestsTo('PUT', `/incidents/${incident.id}`);
    assert.equal(put?.headers.from, 'ana@example.com');
    assert.deepEqual(JSON.parse(put?.body ?? '{}'), { incident: { type: 'incident_reference', status: 'resolved' } });
    assert.deepEqual(await client.listActive(), []);
  });

  it('does not retry a POST that failed, so a note is never written twice', async () => {
    const incident = pd.addIncident();
    pd.failNext(1, { status: 503, match: (r) => r.method === 'POST' });
    const error = await rejection(backend().addEvent(incident.id, { type: 'note', author: 'x', text: 'once' }, { idempotencyKey: 'k1' }));
    assert.equal(error.kind, 'server');
    assert.equal(pd.requestsTo('POST', `/incidents/${incident.id}/notes`).length, 1);
  });

  it('refuses writes without a From email with a clear message', async () => {
    const incident = pd.addIncident();
    const error = await rejection(new PagerDutyBackend({ baseUrl: pd.url, token: PD_TOKEN }).update(incident.id, { status: 'resolved' }));
    assert.equal(error.kind, 'invalid_request');
    assert.match(error.message, /PAGERDUTY_FROM/);
    assert.equal(pd.requestsTo('PUT', `/incidents/${incident.id}`).length, 0);
  });

  it('declares on the first configured service with urgency from severity', async () => {
    const client = backend({ serviceIds: ['PSVC001'] });
    const created = await client.declare({ title: 'Queue backlog', severity: 3, author: 'zoe' }, { idempotencyKey: 'declare-1' });
    assert.equal(created.title, 'Queue backlog');
    const [post] = pd.requestsTo('POST', '/incidents');
    const sent = JSON.parse(post?.body ?? '{}') as { incident: { urgency: string; service: { id: string }; incident_key: string } };
    assert.equal(sent.incident.urgency, 'low');
    assert.equal(sent.incident.service.id, 'PSVC001');
    assert.equal(sent.incident.incident_key, 'declare-1');
  });

  describe("a PagerDuty incident's alerts (GET /incidents/{id}/alerts)", () => {
    it('maps alert_key, status, summary, created_at, body.details and html_url onto the alerts the tree shows', async () => {
      const incident = pd.addIncident({ title: 'Checkout errors' });
      pd.addAlert(incident.id, {
        alert_key: 'am-4f1c2d',
        summary: '[FIRING:1] DeployErrorRateHigh checkout-api',
        created_at: '2026-11-01T09:00:05Z',
        body: { type: 'alert_body', contexts: [], details: { alertname: 'DeployErrorRateHigh', instance: 'checkout-1:9100', runbook_url: 'https://runbooks.example/rollback', num_firing: 1, firing: { nested: 'stays in PagerDuty' }, long: 'x'.repeat(500) } },
      });
      pd.addAlert(incident.id, { alert_key: 'am-77aa01', status: 'resolved', summary: 'Queue depth high', created_at: '2026-11-01T09:00:01Z', html_url: 'javascript:alert(1)' });

      const loaded = await backend().get(incident.id);
      assert.deepEqual(loaded.alerts, [
        {
          fingerprint: 'am-4f1c2d',
          name: 'DeployErrorRateHigh',
          status: 'firing',
          labels: { alertname: 'DeployErrorRateHigh', instance: 'checkout-1:9100', num_firing: '1' },
          annotations: { summary: '[FIRING:1] DeployErrorRateHigh checkout-api' },
          startsAt: '2026-11-01T09:00:05.000Z',
          generatorUrl: `https://acme.pagerduty.com/alerts/PALRT001${incident.id}`,
          runbookUrl: 'https://runbooks.example/rollback',
        },
        { fingerprint: 'am-77aa01', name: 'Queue depth high', status: 'resolved', labels: {}, annotations: { summary: 'Queue depth high' }, startsAt: '2026-11-01T09:00:01.000Z', generatorUrl: 'javascript:alert(1)' },
      ]);
      assert.deepEqual(loaded.tags, ['DeployErrorRateHigh', 'Queue depth high'], 'alert names are tags, as on our server, so a runbook naming the alert fits');
      const rows = alertRows(loaded, new Date('2026-11-01T09:12:05Z'));
      assert.deepEqual(rows.map((row) => [row.label, row.description, row.generatorUrl !== undefined]), [
        ['DeployErrorRateHigh', 'firing · 12m · instance=checkout-1:9100', true],
        ['Queue depth high', 'resolved', false],
      ], 'the javascript: link is never offered');
      assert.equal(pd.requestsTo('GET', `/incidents/${incident.id}/alerts`)[0]?.query.get('limit'), '100');
    });

    it('leaves the incident whole, without alerts, when PagerDuty will not give them (403) or sends a malformed page', async () => {
      const incident = pd.addIncident({ title: 'Checkout errors' });
      pd.addAlert(incident.id, { body: { type: 'alert_body', contexts: [], details: { alertname: 'DeployErrorRateHigh' } } });
      pd.failNext(1, { status: 403, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ error: { message: 'Access Denied', code: 2010 } }), match: (r) => r.path.endsWith('/alerts') });
      const forbidden = await backend().get(incident.id);
      assert.equal(forbidden.title, 'Checkout errors');
      assert.equal(forbidden.alerts, undefined);
      assert.deepEqual(forbidden.tags, []);
      assert.equal(forbidden.timeline[0]?.type, 'declared');
      assert.equal(pd.requestsTo('GET', `/incidents/${incident.id}/alerts`).length, 1, 'a 403 is not retried');

      pd.failNext(1, { status: 200, headers: { 'content-type': 'application/json' }, body: '{"alerts": "nope", "more": false}', match: (r) => r.path.endsWith('/alerts') });
      assert.equal((await backend().get(incident.id)).alerts, undefined);
      pd.addAlert(incident.id, { alert_key: '', id: '', summary: 'no identity' });
      pd.addAlert(incident.id, { created_at: 'yesterday' });
      pd.addAlert(incident.id, { status: 'acknowledged' as never });
      assert.deepEqual((await backend().get(incident.id)).alerts?.map((alert) => alert.name), ['DeployErrorRateHigh'], 'alerts missing what a row needs are left out');
    });

    it('pages through an incident with many alerts, up to 200', async () => {
      const incident = pd.addIncident({ title: 'Alert storm' });
      for (let i = 0; i < 250; i++) pd.addAlert(incident.id);
      const loaded = await backend().get(incident.id);
      assert.equal(loaded.alerts?.length, 200);
      assert.deepEqual(pd.requestsTo('GET', `/incidents/${incident.id}/alerts`).map((r) => r.query.get('offset')), ['0', '100']);
      const quiet = pd.addIncident({ title: 'No alerts' });
      assert.equal((await backend().get(quiet.id)).alerts, undefined, 'an incident without alerts has none, not an empty list');
    });
  });

  it('polls for changes in subscribe', async () => {
    const first = pd.addIncident({ title: 'First' });
    const changes: IncidentChange[] = [];
    let polls = 0;
    const subscription = backend({ pollIntervalMs: 20 }).subscribe(
      (change) => changes.push(change),
      () => polls++,
    );
    try {
      await waitFor(() => pd.requestsTo('GET', '/incidents').length >= 2);
      const second = pd.addIncident({ title: 'Second' });
      first.status = 'resolved';
      first.resolved_at = new Date().toISOString();
      await waitFor(() => changes.some((c) => c.incidentId === second.id) && changes.some((c) => c.incidentId === first.id));
      assert.equal(changes.find((c) => c.incidentId === first.id)?.incident?.status, 'resolved');
      assert.equal(changes.find((c) => c.incidentId === second.id)?.incident?.title, 'Second');
      assert.ok(polls >= 1);
    } finally {
      subscription.dispose();
    }
  });
});

async function waitFor(condition: () => boolean, limitMs = 10_000): Promise<void> {
  const until = Date.now() + limitMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
