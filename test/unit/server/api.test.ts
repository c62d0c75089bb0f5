import * as assert from 'node:assert/strict';
import type { Incident, IncidentWithTimeline, TimelineEvent } from '../../../src/core/incidents/model';
import { TestServer, errorCode, errorMessage, type ApiResponse, SERVER_STORES } from './serverFixture';

function assertErrorShape(response: ApiResponse, status: number, code: string): void {
  assert.equal(response.status, status, response.text);
  assert.equal(errorCode(response), code, response.text);
  const message = errorMessage(response);
  assert.ok(typeof message === 'string' && message.length > 10, `expected a clear message, got ${response.text}`);
  assert.deepEqual(Object.keys(response.json as object), ['error']);
}

// The HTTP API over each store: what a client sees must not depend on which one the server runs on.
for (const storeKind of SERVER_STORES) describe(`server API (${storeKind})`, () => {
  let server: TestServer;

  beforeEach(async () => {
    server = await TestServer.start({ store: storeKind });
  });

  afterEach(async () => {
    await server.dispose();
  });

  async function incident(id: string): Promise<IncidentWithTimeline> {
    const response = await server.request('GET', `/v1/incidents/${id}`);
    assert.equal(response.status, 200, response.text);
    return response.json as IncidentWithTimeline;
  }

  describe('auth', () => {
    it('answers health and the OpenAPI document without a token', async () => {
      const health = await server.request('GET', '/v1/health', { token: null });
      assert.equal(health.status, 200);
      assert.equal((health.json as { status: string }).status, 'ok');
      const doc = await server.request('GET', '/v1/openapi.json', { token: null });
      assert.equal((doc.json as { openapi: string }).openapi, '3.1.0');
    });

    it('refuses requests without a token or with a wrong one, and never echoes the token', async () => {
      const none = await server.request('GET', '/v1/incidents', { token: null });
      assertErrorShape(none, 401, 'unauthorized');
      assert.match(none.headers['www-authenticate'] ?? '', /^Bearer/);
      const wrong = await server.request('GET', '/v1/incidents', { token: 'idt_wrongwrongwrong' });
      assertErrorShape(wrong, 401, 'unauthorized');
      assert.ok(!wrong.text.includes('idt_wrongwrongwrong'));
      const write = await server.request('POST', '/v1/incidents', { token: null, body: { title: 'x', severity: 1 } });
      assertErrorShape(write, 401, 'unauthorized');
      const list = await server.request('GET', '/v1/incidents?status=all');
      assert.deepEqual((list.json as { incidents: Incident[] }).incidents, []);
    });
  });

  describe('declare, get, list', () => {
    it('declares an incident with INC-<n> id, ETag, Location and a declared event', async () => {
      const response = await server.request('POST', '/v1/incidents', {
        body: { title: 'Checkout 5xx', severity: 1, services: ['checkout-api'], customers: ['Acme'], author: 'alice', roles: { commander: 'maya' } },
      });
      assert.equal(response.status, 201, response.text);
      const created = response.json as Incident;
      assert.match(created.id, /^INC-\d+$/);
      assert.equal(created.status, 'investigating');
      assert.equal(created.version, 1);
      assert.equal(response.headers['etag'], '"1"');
      assert.equal(response.headers['location'], `/v1/incidents/${created.id}`);

      const loaded = await incident(created.id);
      assert.deepEqual(loaded.services, ['checkout-api']);
      assert.deepEqual(loaded.customers, ['Acme']);
      assert.deepEqual(
        loaded.timeline.map((e) => e.type),
        ['declared', 'role_assigned'],
      );
      const declared = loaded.timeline[0] as Extract<TimelineEvent, { type: 'declared' }>;
      assert.equal(declared.incidentId, created.id);
      assert.equal(declared.author, 'alice', 'the author is the token name');
      assert.equal(declared.severity, 1);
      assert.ok(!Number.isNaN(Date.parse(declared.at)));
    });

    it('lists active incidents newest first and resolved ones separately', async () => {
      const sev3 = await server.declare({ severity: 3 });
      const sev1 = await server.declare({ severity: 1 });
      const done = await server.declare({ severity: 0 });
      await server.request('PATCH', `/v1/incidents/${done}`, { body: { status: 'resolved' } });

      const active = (await server.request('GET', '/v1/incidents')).json as { incidents: Incident[] };
      assert.deepEqual(active.incidents.map((i) => i.id), [sev1, sev3]);
      const resolved = (await server.request('GET', '/v1/incidents?status=resolved')).json as { incidents: Incident[] };
      assert.deepEqual(resolved.incidents.map((i) => i.id), [done]);
      const all = (await server.request('GET', '/v1/incidents?status=all')).json as { incidents: Incident[] };
      assert.equal(all.incidents.length, 3);
    });
  });

  describe('PATCH', () => {
    it('turns severity, status and role changes into timeline events and bumps the version', async () => {
      const id = await server.declare({ severity: 2 });
      const response = await server.request('PATCH', `/v1/incidents/${id}`, {
        body: { severity: 1, status: 'identified', roles: { commander: 'ana', smes: ['priya'] } },
      });
      assert.equal(response.status, 200, response.text);
      const updated = response.json as Incident;
      assert.equal(updated.severity, 1);
      assert.equal(updated.status, 'identified');
      assert.equal(updated.roles.commander, 'ana');
      assert.equal(updated.version, 2);
      assert.equal(response.headers['etag'], '"2"');

      const loaded = await incident(id);
      const changes = loaded.timeline.slice(1);
      assert.deepEqual(
        changes.map((e) => e.type),
        ['severity_changed', 'status_changed', 'role_assigned', 'role_assigned'],
      );
      assert.deepEqual(changes.map((e) => e.author), ['alice', 'alice', 'alice', 'alice'], 'every change is attributed to the token');
      const severity = changes[0] as Extract<TimelineEvent, { type: 'severity_changed' }>;
      assert.deepEqual([severity.from, severity.to], [2, 1]);
      const roles = changes.slice(2) as Extract<TimelineEvent, { type: 'role_assigned' }>[];
      assert.deepEqual(roles.map((e) => [e.role, e.assignee]), [['commander', 'ana'], ['sme', 'priya']]);
    });

    it('resolving sets resolvedAt and appends status_changed + resolved; reopening clears it', async () => {
      const id = await server.declare();
      const resolved = (await server.request('PATCH', `/v1/incidents/${id}`, { body: { status: 'resolved' } })).json as Incident;
      assert.ok(resolved.resolvedAt);
      const types = (await incident(id)).timeline.map((e) => e.type);
      assert.deepEqual(types.slice(-2), ['status_changed', 'resolved']);
      const reopened = (await server.request('PATCH', `/v1/incidents/${id}`, { body: { status: 'investigating' } })).json as Incident;
      assert.equal(reopened.resolvedAt, undefined);
    });

    it('a PATCH that changes nothing writes nothing', async () => {
      const id = await server.declare({ severity: 2 });
      const response = await server.request('PATCH', `/v1/incidents/${id}`, { body: { severity: 2 } });
      assert.equal(response.status, 200);
      assert.equal((response.json as Incident).version, 1);
      assert.equal((await incident(id)).timeline.length, 1);
    });

    it('answers 412 to a stale If-Match and writes nothing; a current one and no If-Match succeed', async () => {
      const id = await server.declare({ severity: 3 });
      const first = await server.request('PATCH', `/v1/incidents/${id}`, { body: { severity: 2 }, headers: { 'if-match': '"1"' } });
      assert.equal(first.status, 200, first.text);

      const stale = await server.request('PATCH', `/v1/incidents/${id}`, { body: { severity: 0 }, headers: { 'if-match': '"1"' } });
      assertErrorShape(stale, 412, 'version_conflict');
      const after = await incident(id);
      assert.equal(after.severity, 2);
      assert.equal(after.version, 2);
      assert.equal(after.timeline.length, 2);

      const bare = await server.request('PATCH', `/v1/incidents/${id}`, { body: { severity: 1 }, headers: { 'if-match': '2' } });
      assert.equal(bare.status, 200, bare.text);
      const lastWriteWins = await server.request('PATCH', `/v1/incidents/${id}`, { body: { title: 'Renamed' } });
      assert.equal((lastWriteWins.json as Incident).title, 'Renamed');

      const garbage = await server.request('PATCH', `/v1/incidents/${id}`, { body: { severity: 4 }, headers: { 'if-match': 'yesterday' } });
      assertErrorShape(garbage, 400, 'invalid_request');
    });
  });

  describe('events', () => {
    it('appends events; only the first check-in sets acknowledgedAt', async () => {
      const id = await server.declare();
      const checkIn = await server.request('POST', `/v1/incidents/${id}/events`, { body: { type: 'check_in' } });
      assert.equal(checkIn.status, 201, checkIn.text);
      const event = checkIn.json as TimelineEvent;
      assert.equal(event.incidentId, id);
      assert.equal(typeof event.id, 'string');
      const acknowledged = await incident(id);
      assert.equal(acknowledged.acknowledgedAt, event.at);
      assert.equal(acknowledged.version, 2);

      await server.request('POST', `/v1/incidents/${id}/events`, { body: { type: 'check_in' } });
      const step = await server.request('POST', `/v1/incidents/${id}/events`, {
        body: { type: 'runbook_step', runbook: 'runbooks/a.md', step: 'apply', exitCode: null, durationMs: 12, command: 'make apply' },
      });
      assert.equal(step.status, 201, step.text);
      const update = await server.request('POST', `/v1/incidents/${id}/events`, {
        body: { type: 'status_update', audience: 'executive', conditions: 'c', actions: 'a', needs: 'n' },
      });
      assert.equal(update.status, 201, update.text);
      const after = await incident(id);
      assert.equal(after.acknowledgedAt, event.at);
      assert.equal(after.version, 2, 'notes and updates leave the incident version alone');
      assert.deepEqual(after.timeline.map((e) => e.type), ['declared', 'check_in', 'check_in', 'runbook_step', 'status_update']);
      assert.equal(new Set(after.timeline.map((e) => e.id)).size, 5);
    });

    it('replays a repeated Idempotency-Key with the first response and writes nothing new', async () => {
      const id = await server.declare();
      const send = (text: string): Promise<ApiResponse> =>
        server.request('POST', `/v1/incidents/${id}/events`, {
          body: { type: 'note', text },
          headers: { 'idempotency-key': 'note-key-1' },
        });
      const first = await send('Rolled back');
      const second = await send('Rolled back');
      assert.equal(first.status, 201);
      assert.equal(second.status, 201);
      assert.deepEqual(second.json, first.json);
      assert.equal(second.headers['idempotent-replayed'], 'true');
      assert.equal((await incident(id)).timeline.filter((e) => e.type === 'note').length, 1);

      const reused = await send('Something else');
      assertErrorShape(reused, 422, 'idempotency_key_reused');
      assert.equal((await incident(id)).timeline.length, 2);
    });

    it('replays idempotent declares', async () => {
      const body = { title: 'Queue backlog', severity: 3 };
      const first = await server.request('POST', '/v1/incidents', { body, headers: { 'idempotency-key': 'declare-1' } });
      const second = await server.request('POST', '/v1/incidents', { body, headers: { 'idempotency-key': 'declare-1' } });
      assert.deepEqual(second.json, first.json);
      const all = (await server.request('GET', '/v1/incidents?status=all')).json as { incidents: Incident[] };
      assert.equal(all.incidents.length, 1);
    });
  });

  it('keeps the run id of a runbook step event', async () => {
    const id = await server.declare();
    const posted = await server.request('POST', `/v1/incidents/${id}/events`, { body: { type: 'runbook_step', runId: 'run-9c1e', runbook: 'runbooks/a.md', step: 'apply', exitCode: 0, durationMs: 12, command: 'make apply' } });
    assert.equal(posted.status, 201, posted.text);
    const stored = (await incident(id)).timeline.find((e) => e.type === 'runbook_step');
    assert.equal(stored?.type === 'runbook_step' ? stored.runId : undefined, 'run-9c1e');
  });

  describe('bad input', () => {
    let id: string;
    let before: IncidentWithTimeline;

    beforeEach(async () => {
      id = await server.declare();
      before = await incident(id);
    });

    afterEach(async () => {
      // Nothing is partially written by a refused request.
      assert.deepEqual(await incident(id), before);
      const all = (await server.request('GET', '/v1/incidents?status=all')).json as { incidents: Incident[] };
      assert.equal(all.incidents.length, 1);
    });

    const cases: { name: string; method: string; path: (id: string) => string; raw?: string; body?: unknown; headers?: Record<string, string>; status: number; code: string; mentions?: RegExp }[] = [
      { name: 'malformed JSON', method: 'POST', path: () => '/v1/incidents', raw: '{"title": "x", ', status: 400, code: 'invalid_json' },
      { name: 'an empty JSON body', method: 'POST', path: () => '/v1/incidents', raw: '', status: 400, code: 'invalid_json' },
      { name: 'a JSON array', method: 'POST', path: () => '/v1/incidents', body: [1, 2], status: 400, code: 'invalid_request' },
      { name: 'an unknown field', method: 'POST', path: () => '/v1/incidents', body: { title: 'x', severity: 1, colour: 'red' }, status: 400, code: 'invalid_request', mentions: /colour/ },
      { name: 'a missing field', method: 'POST', path: () => '/v1/incidents', body: { severity: 1 }, status: 400, code: 'invalid_request', mentions: /title/ },
      { name: 'a string severity', method: 'POST', path: () => '/v1/incidents', body: { title: 'x', severity: '1' }, status: 400, code: 'invalid_request', mentions: /severity/ },
      { name: 'severity 5', method: 'POST', path: () => '/v1/incidents', body: { title: 'x', severity: 5 }, status: 400, code: 'invalid_request', mentions: /severity/ },
      { name: 'severity -1 in a PATCH', method: 'PATCH', path: (i) => `/v1/incidents/${i}`, body: { severity: -1 }, status: 400, code: 'invalid_request', mentions: /severity/ },
      { name: 'an unknown status', method: 'PATCH', path: (i) => `/v1/incidents/${i}`, body: { status: 'closed' }, status: 400, code: 'invalid_request', mentions: /status/ },
      { name: 'an empty PATCH', method: 'PATCH', path: (i) => `/v1/incidents/${i}`, body: {}, status: 400, code: 'invalid_request' },
      { name: 'an unknown role', method: 'PATCH', path: (i) => `/v1/incidents/${i}`, body: { roles: { janitor: 'x' } }, status: 400, code: 'invalid_request', mentions: /janitor/ },
      { name: 'an unknown event type', method: 'POST', path: (i) => `/v1/incidents/${i}/events`, body: { type: 'declared', severity: 1, title: 'x' }, status: 400, code: 'invalid_request', mentions: /type/ },
      { name: 'an event with a wrong field type', method: 'POST', path: (i) => `/v1/incidents/${i}/events`, body: { type: 'runbook_step', runbook: 'r', step: 's', exitCode: 'zero', durationMs: 1, command: 'c' }, status: 400, code: 'invalid_request', mentions: /exitCode/ },
      { name: 'an unknown audience', method: 'POST', path: (i) => `/v1/incidents/${i}/events`, body: { type: 'status_update', audience: 'press', conditions: '', actions: '', needs: '' }, status: 400, code: 'invalid_request', mentions: /audience/ },
      { name: 'a body over 64 KiB', method: 'POST', path: (i) => `/v1/incidents/${i}/events`, body: { type: 'note', text: 'x'.repeat(70 * 1024) }, status: 413, code: 'payload_too_large' },
      { name: 'a non-JSON content type', method: 'POST', path: (i) => `/v1/incidents/${i}/events`, raw: 'type=note', headers: { 'content-type': 'application/x-www-form-urlencoded' }, status: 415, code: 'unsupported_media_type' },
      { name: 'an unknown query parameter', method: 'GET', path: () => '/v1/incidents?colour=red', status: 400, code: 'invalid_request', mentions: /colour/ },
      { name: 'an unknown status filter', method: 'GET', path: () => '/v1/incidents?status=open', status: 400, code: 'invalid_request', mentions: /active/ },
      { name: 'an unknown incident (GET)', method: 'GET', path: () => '/v1/incidents/INC-999', status: 404, code: 'not_found', mentions: /INC-999/ },
      { name: 'an unknown incident (PATCH)', method: 'PATCH', path: () => '/v1/incidents/INC-999', body: { severity: 1 }, status: 404, code: 'not_found' },
      { name: 'an unknown incident (event)', method: 'POST', path: () => '/v1/incidents/INC-999/events', body: { type: 'note', text: 't' }, status: 404, code: 'not_found' },
      { name: 'an id that is not INC-<n>', method: 'GET', path: () => '/v1/incidents/DROP%20TABLE', status: 404, code: 'not_found' },
      { name: 'an unknown route', method: 'GET', path: () => '/v1/nothing-here', status: 404, code: 'not_found' },
    ];

    for (const c of cases) {
      it(`refuses ${c.name} with ${c.status} ${c.code}`, async () => {
        const response = await server.request(c.method, c.path(id), {
          ...(c.raw !== undefined ? { rawBody: c.raw } : {}),
          ...(c.body !== undefined ? { body: c.body } : {}),
          ...(c.headers ? { headers: c.headers } : {}),
        });
        assertErrorShape(response, c.status, c.code);
        if (c.mentions) assert.match(errorMessage(response) ?? '', c.mentions);
      });
    }
  });

  it('keeps everything across a restart', async () => {
    const id = await server.declare({ severity: 1, services: ['orders-db'] });
    await server.request('PATCH', `/v1/incidents/${id}`, { body: { status: 'monitoring' } });
    await server.request('POST', `/v1/incidents/${id}/events`, { body: { type: 'note', text: 'kept' } });
    const before = await incident(id);
    await server.restart();
    const after = await incident(id);
    assert.deepEqual(after, before);
    assert.deepEqual(after.timeline.map((e) => e.type), ['declared', 'status_changed', 'note']);
    // Ids keep counting after a restart instead of being reused.
    const next = await server.declare();
    assert.notEqual(next, id);
  });
});
