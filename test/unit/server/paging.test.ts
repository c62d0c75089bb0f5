import * as assert from 'node:assert/strict';
import type { Incident, TimelineEvent } from '../../../src/core/incidents/model';
import type { Store } from '../../../src/server/store/store';
import { TestServer, errorCode, SERVER_STORES } from './serverFixture';

interface IncidentPageBody {
  incidents: Incident[];
  nextCursor: string | null;
}

interface EventPageBody {
  events: TimelineEvent[];
  nextAfter: number | null;
}

const minute = (n: number): string => new Date(Date.UTC(2026, 10, 1, 9, 0, 0) + n * 60_000).toISOString();

// The HTTP API over each store: what a client sees must not depend on which one the server runs on.
for (const storeKind of SERVER_STORES) describe(`paging: GET /v1/incidents and GET /v1/events (${storeKind})`, () => {
  let server: TestServer;

  beforeEach(async () => {
    server = await TestServer.start({ store: storeKind });
  });

  afterEach(async () => {
    await server.dispose();
  });

  /** Seeds through a second connection to the same data, so declaredAt and resolvedAt can be chosen. */
  async function seed(body: (store: Store) => Promise<void>): Promise<void> {
    const store = await server.openStore();
    try {
      await body(store);
    } finally {
      await store.close();
    }
  }

  async function page(query: string): Promise<IncidentPageBody> {
    const response = await server.request('GET', `/v1/incidents?${query}`);
    assert.equal(response.status, 200, response.text);
    return response.json as IncidentPageBody;
  }

  it('serves every incident exactly once across pages while others are declared meanwhile, newest first', async () => {
    const seeded: string[] = [];
    await seed(async (store) => {
      // Groups of four share a declaredAt, so the id tie-break is exercised at page edges.
      for (let i = 0; i < 120; i++) seeded.push((await store.declare({ title: `seeded ${i}`, severity: 2, author: 'seed' }, { at: minute(Math.floor(i / 4)) })).value.id);
    });

    const served: Incident[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const body: IncidentPageBody = await page(`limit=7${cursor ? `&cursor=${cursor}` : ''}`);
      served.push(...body.incidents);
      cursor = body.nextCursor;
      pages++;
      // Concurrent inserts between pages: newer than anything already paged past.
      await server.declare({ title: `concurrent ${pages}` });
    } while (cursor !== null);

    const seededServed = served.filter((i) => i.title.startsWith('seeded')).map((i) => i.id);
    assert.equal(new Set(served.map((i) => i.id)).size, served.length, 'no incident on two pages');
    assert.deepEqual([...seededServed].sort(), [...seeded].sort(), 'every seeded incident exactly once');
    assert.equal(pages, Math.ceil(120 / 7));
    for (let i = 1; i < served.length; i++) {
      const [a, b] = [served[i - 1]!, served[i]!];
      const number = (incident: Incident): number => Number(incident.id.slice(4));
      assert.ok(a.declaredAt > b.declaredAt || (a.declaredAt === b.declaredAt && number(a) > number(b)), `${a.id} before ${b.id}`);
    }
  });

  it('since filters declaredAt for active incidents and resolvedAt for resolved ones', async () => {
    const ids: Record<string, string> = {};
    await seed(async (store) => {
      const declare = async (name: string, at: number): Promise<string> =>
        (ids[name] = (await store.declare({ title: name, severity: 3, author: 'seed' }, { at: minute(at) })).value.id);
      await declare('old active', 0);
      await declare('new active', 100);
      await store.update(await declare('old, resolved late', 1), { status: 'resolved' }, { author: 'seed', at: minute(200) });
      await store.update(await declare('old, resolved early', 2), { status: 'resolved' }, { author: 'seed', at: minute(3) });
    });
    const since = encodeURIComponent(minute(50));
    const titles = (body: IncidentPageBody): string[] => body.incidents.map((i) => i.title).sort();

    assert.deepEqual(titles(await page(`status=active&since=${since}`)), ['new active']);
    assert.deepEqual(titles(await page(`status=resolved&since=${since}`)), ['old, resolved late'], 'resolved late counts, declared early or not');
    assert.deepEqual(titles(await page(`status=all&since=${since}`)), ['new active'], 'all filters by declaredAt');
    assert.deepEqual(titles(await page('status=resolved')), ['old, resolved early', 'old, resolved late']);
    // The same instant with an offset means the same filter.
    const offset = encodeURIComponent(new Date(Date.parse(minute(50))).toISOString().replace('Z', '+00:00').replace('.000', ''));
    assert.deepEqual(titles(await page(`status=resolved&since=${offset}`)), ['old, resolved late']);

    const bad = await server.request('GET', '/v1/incidents?since=yesterday');
    assert.equal(bad.status, 400, bad.text);
  });

  it('defaults to 200 per page, allows 1 to 1000 and refuses 0, 1001, text and a forged cursor with 400', async () => {
    await seed(async (store) => {
      for (let i = 0; i < 201; i++) await store.declare({ title: `i${i}`, severity: 4, author: 'seed' }, { at: minute(i) });
    });
    const first = await page('');
    assert.equal(first.incidents.length, 200);
    assert.equal(typeof first.nextCursor, 'string');
    const rest = await page(`cursor=${first.nextCursor}`);
    assert.equal(rest.incidents.length, 1);
    assert.equal(rest.nextCursor, null);
    assert.equal((await page('limit=1000')).incidents.length, 201);
    assert.equal((await page('limit=1')).incidents.length, 1);

    for (const query of ['limit=0', 'limit=1001', 'limit=ten', 'limit=-1', 'limit=2.5', 'cursor=bm90LWEtY3Vyc29y', 'cursor=%E2%9C%93']) {
      const response = await server.request('GET', `/v1/incidents?${query}`);
      assert.equal(response.status, 400, `${query}: ${response.text}`);
      assert.equal(errorCode(response), 'invalid_request', query);
    }
  });

  it('pages the change log with each event’s incident id, oldest first, every event once', async () => {
    const first = await server.declare({ title: 'one' });
    const second = await server.declare({ title: 'two' });
    for (let i = 0; i < 4; i++) {
      await server.request('POST', `/v1/incidents/${i % 2 === 0 ? first : second}/events`, { body: { type: 'note', text: `n${i}` } });
    }
    // A title change is a change without an event; it must not appear as one.
    await server.request('PATCH', `/v1/incidents/${first}`, { body: { title: 'renamed' } });

    const events: TimelineEvent[] = [];
    let after: number | null = 0;
    let pages = 0;
    while (after !== null) {
      const response = await server.request('GET', `/v1/events?after=${after}&limit=4`);
      assert.equal(response.status, 200, response.text);
      const body = response.json as EventPageBody;
      events.push(...body.events);
      after = body.nextAfter;
      pages++;
    }
    assert.equal(pages, 2);
    assert.deepEqual(events.map((e) => e.type), ['declared', 'declared', 'note', 'note', 'note', 'note']);
    assert.deepEqual(events.map((e) => e.incidentId), [first, second, first, second, first, second]);
    const sequence = events.map((e) => Number(e.id.slice(3)));
    assert.deepEqual(sequence, [...sequence].sort((a, b) => a - b));

    const fromMiddle = (await server.request('GET', `/v1/events?after=${sequence[3]}`)).json as EventPageBody;
    assert.deepEqual(fromMiddle.events.map((e) => e.id), events.slice(4).map((e) => e.id));
    assert.equal(fromMiddle.nextAfter, null);
    for (const query of ['limit=0', 'limit=1001', 'after=-1', 'after=x']) {
      assert.equal((await server.request('GET', `/v1/events?${query}`)).status, 400, query);
    }
  });
});
