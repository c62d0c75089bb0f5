import * as assert from 'node:assert/strict';
import type { Incident, IncidentWithTimeline, TimelineEvent } from '../../../src/core/incidents/model';
import { createToken } from '../../../src/server/index';
import { openApiDocument } from '../../../src/server/openapi';
import { FIXTURE_TOKEN_NAME, TestServer, errorCode, errorMessage, SERVER_STORES } from './serverFixture';

// The HTTP API over each store: what a client sees must not depend on which one the server runs on.
for (const storeKind of SERVER_STORES) describe(`identity: who acted comes from the token (${storeKind})`, () => {
  let server: TestServer;

  beforeEach(async () => {
    server = await TestServer.start({ store: storeKind });
  });

  afterEach(async () => {
    await server.dispose();
  });

  async function timeline(id: string): Promise<TimelineEvent[]> {
    const response = await server.request('GET', `/v1/incidents/${id}`);
    assert.equal(response.status, 200, response.text);
    return (response.json as IncidentWithTimeline).timeline;
  }

  it('GET /v1/me names the token and its scope', async () => {
    const me = await server.request('GET', '/v1/me');
    assert.equal(me.status, 200, me.text);
    assert.deepEqual(me.json, { name: FIXTURE_TOKEN_NAME, scope: 'responder' });
    const viewer = await createToken(server.location, { name: 'vic', scope: 'viewer' });
    assert.deepEqual((await server.request('GET', '/v1/me', { token: viewer })).json, { name: 'vic', scope: 'viewer' });
    assert.equal((await server.request('GET', '/v1/me', { token: null })).status, 401);
  });

  it('records the token name on declare, events and every PATCH change, including resolve (never "unknown")', async () => {
    const created = await server.request('POST', '/v1/incidents', { body: { title: 'No author sent', severity: 2 } });
    assert.equal(created.status, 201, created.text);
    const id = (created.json as Incident).id;
    const patched = await server.request('PATCH', `/v1/incidents/${id}`, { body: { severity: 1, roles: { commander: 'maya' } } });
    assert.equal(patched.status, 200, patched.text);
    await server.request('PATCH', `/v1/incidents/${id}`, { body: { status: 'resolved' } });
    const note = await server.request('POST', `/v1/incidents/${id}/events`, { body: { type: 'note', text: 'done' } });
    assert.equal(note.status, 201, note.text);

    const events = await timeline(id);
    assert.deepEqual(
      events.map((e) => e.type),
      ['declared', 'severity_changed', 'role_assigned', 'status_changed', 'resolved', 'note'],
    );
    assert.deepEqual(new Set(events.map((e) => e.author)), new Set([FIXTURE_TOKEN_NAME]));
    assert.ok(events.every((e) => e.onBehalfOf === undefined), 'a responder acts only for itself');
  });

  it('never hands one token the result of another token\'s write under the same Idempotency-Key', async () => {
    const headers = { 'idempotency-key': 'shared-key-1' };
    const first = await server.request('POST', '/v1/incidents', { body: { title: 'Mine', severity: 3 }, headers });
    assert.equal(first.status, 201, first.text);
    const replay = await server.request('POST', '/v1/incidents', { body: { title: 'Mine', severity: 3 }, headers });
    assert.equal(replay.headers['idempotent-replayed'], 'true', 'the same token replays its own write');
    const other = await createToken(server.location, { name: 'mallory' });
    const stolen = await server.request('POST', '/v1/incidents', { body: { title: 'Mine', severity: 3 }, headers, token: other });
    assert.equal(stolen.status, 422, stolen.text);
    assert.equal(errorCode(stolen), 'idempotency_key_reused');
    assert.ok(!stolen.text.includes((first.json as Incident).id), 'the other token learns nothing about the first write');
  });

  it('accepts a body author equal to the token name (older clients and queued actions send one)', async () => {
    const id = await server.declare({ author: FIXTURE_TOKEN_NAME });
    const event = await server.request('POST', `/v1/incidents/${id}/events`, { body: { type: 'check_in', author: FIXTURE_TOKEN_NAME } });
    assert.equal(event.status, 201, event.text);
  });

  it('refuses a body author that is not the token name with 400 author_mismatch, and writes nothing', async () => {
    const id = await server.declare();
    const attempts = [
      await server.request('POST', '/v1/incidents', { body: { title: 'x', severity: 1, author: 'mallory' } }),
      await server.request('PATCH', `/v1/incidents/${id}`, { body: { severity: 0, author: 'mallory' } }),
      await server.request('POST', `/v1/incidents/${id}/events`, { body: { type: 'note', text: 't', author: 'mallory' } }),
    ];
    for (const response of attempts) {
      assert.equal(response.status, 400, response.text);
      assert.equal(errorCode(response), 'author_mismatch');
      assert.match(errorMessage(response) ?? '', /mallory.*alice|alice.*mallory/);
    }
    const all = (await server.request('GET', '/v1/incidents?status=all')).json as { incidents: Incident[] };
    assert.equal(all.incidents.length, 1);
    assert.equal((await timeline(id)).length, 1);
  });

  it('a viewer reads but every documented write answers 403 forbidden', async () => {
    const id = await server.declare();
    const viewer = await createToken(server.location, { name: 'vic', scope: 'viewer' });
    assert.equal((await server.request('GET', '/v1/incidents', { token: viewer })).status, 200);
    assert.equal((await server.request('GET', `/v1/incidents/${id}`, { token: viewer })).status, 200);

    const bodies: Record<string, unknown> = {
      'POST /v1/incidents': { title: 'x', severity: 1 },
      'PATCH /v1/incidents/{id}': { severity: 0 },
      'POST /v1/incidents/{id}/events': { type: 'note', text: 't' },
      // Monitors' receivers take integration tokens only; the scope is checked before the body.
      'POST /v1/integrations/alertmanager': {},
      'POST /v1/integrations/grafana': {},
      'POST /v1/integrations/webhook': {},
      // Retrying a dead letter is a write too; the scope is checked before the delivery is looked up.
      'POST /v1/incidents/{id}/deliveries/{deliveryId}/retry': {},
    };
    const writes = Object.entries(openApiDocument.paths).flatMap(([route, item]) =>
      Object.keys(item)
        .filter((method) => method !== 'get')
        .map((method) => `${method.toUpperCase()} ${route}`),
    );
    assert.deepEqual(writes.sort(), Object.keys(bodies).sort(), 'this test knows a body for every write route');
    for (const write of writes) {
      const [method = '', route = ''] = write.split(' ');
      const response = await server.request(method, route.replace('{id}', id).replace('{deliveryId}', '1'), { token: viewer, body: bodies[write] });
      assert.equal(response.status, 403, `${write}: ${response.text}`);
      assert.equal(errorCode(response), 'forbidden');
      assert.deepEqual(Object.keys(response.json as object), ['error']);
    }
    assert.equal((await timeline(id)).length, 1, 'nothing was written');
  });

  it('an integration acts under its own name and records onBehalfOf; a responder may not say onBehalfOf', async () => {
    const bot = await createToken(server.location, { name: 'alertmanager', scope: 'integration' });
    const declared = await server.request('POST', '/v1/incidents', { token: bot, body: { title: 'Disk full', severity: 2, onBehalfOf: 'maya.chen' } });
    assert.equal(declared.status, 201, declared.text);
    const id = (declared.json as Incident).id;
    await server.request('PATCH', `/v1/incidents/${id}`, { token: bot, body: { status: 'identified', onBehalfOf: 'maya.chen' } });
    await server.request('POST', `/v1/incidents/${id}/events`, { token: bot, body: { type: 'note', text: 'auto', onBehalfOf: 'maya.chen' } });
    await server.request('POST', `/v1/incidents/${id}/events`, { token: bot, body: { type: 'note', text: 'own' } });

    const events = await timeline(id);
    assert.deepEqual(
      events.map((e) => [e.type, e.author, e.onBehalfOf]),
      [
        ['declared', 'alertmanager', 'maya.chen'],
        ['status_changed', 'alertmanager', 'maya.chen'],
        ['note', 'alertmanager', 'maya.chen'],
        ['note', 'alertmanager', undefined],
      ],
    );

    const refused = await server.request('POST', `/v1/incidents/${id}/events`, { body: { type: 'note', text: 'x', onBehalfOf: 'maya.chen' } });
    assert.equal(refused.status, 403, refused.text);
    assert.match(errorMessage(refused) ?? '', /integration/);
  });
});
