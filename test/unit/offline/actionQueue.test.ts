import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DeskBackend } from '../../../src/backends/desk/deskBackend';
import { ActionQueue, type FailedAction } from '../../../src/backends/offline/actionQueue';
import { readIncidentCache, writeIncidentCache } from '../../../src/backends/offline/incidentCache';
import type { IncidentWithTimeline } from '../../../src/core/incidents/model';
import { IncidentBuilder } from '../../support/builders';
import { TestServer } from '../server/serverFixture';

describe('offline action queue (real server, real files)', () => {
  let server: TestServer;
  let dir: string;
  let backend: DeskBackend;
  let port: number;

  beforeEach(async () => {
    server = await TestServer.start();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'incident-desk-queue-'));
    backend = new DeskBackend({ baseUrl: server.url, token: server.token, timeoutMs: 2000, retry: { retries: 0 } });
  });

  afterEach(async () => {
    await server.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const queueFile = () => path.join(dir, 'pending.json');
  const notes = async (id: string) => {
    const incident = (await server.request('GET', `/v1/incidents/${id}`)).json as IncidentWithTimeline;
    return incident.timeline.filter((e) => e.type === 'note').map((e) => (e.type === 'note' ? e.text : ''));
  };

  it('sends at once while the server answers', async () => {
    const id = await server.declare();
    const queue = new ActionQueue({ file: queueFile(), backend: () => backend });
    assert.equal(await queue.perform({ kind: 'event', incidentId: id, event: { type: 'note', author: 'a', text: 'direct' } }), 'sent');
    assert.deepEqual(await notes(id), ['direct']);
    assert.equal(fs.existsSync(queueFile()), false, 'nothing was written to disk');
  });

  it('queues while the server is down, survives a reload, and replays once, in order', async () => {
    const id = await server.declare();
    port = server.port;
    await server.stop();
    const first = new ActionQueue({ file: queueFile(), backend: () => backend });
    assert.equal(await first.perform({ kind: 'event', incidentId: id, event: { type: 'note', author: 'a', text: 'one' } }), 'queued');
    assert.equal(await first.perform({ kind: 'event', incidentId: id, event: { type: 'note', author: 'a', text: 'two' } }), 'queued');
    assert.equal(await first.perform({ kind: 'update', incidentId: id, patch: { severity: 1 } }), 'queued');
    assert.equal(await first.flush(), 0, 'nothing can be sent while down');

    // A window reload: a new queue reads the same file.
    const second = new ActionQueue({ file: queueFile(), backend: () => backend });
    await second.load();
    assert.equal(second.pending.length, 3);
    await server.listen(port);
    assert.equal(await second.flush(), 3);
    assert.equal(await second.flush(), 0, 'a second flush sends nothing again');
    assert.deepEqual(await notes(id), ['one', 'two']);
    const incident = (await server.request('GET', `/v1/incidents/${id}`)).json as IncidentWithTimeline;
    assert.equal(incident.severity, 1);
    assert.deepEqual(JSON.parse(fs.readFileSync(queueFile(), 'utf8')), []);
  });

  it('replaying an action whose response was lost does not apply it twice (idempotency key)', async () => {
    const id = await server.declare();
    port = server.port;
    await server.stop();
    const queue = new ActionQueue({ file: queueFile(), backend: () => backend });
    await queue.perform({ kind: 'event', incidentId: id, event: { type: 'note', author: 'a', text: 'once' } });
    await server.listen(port);
    const [pending] = queue.pending;
    assert.ok(pending);
    // The server got the write, but the client never heard back: simulate by sending it directly with the same key.
    if (pending.kind !== 'event') throw new Error('expected an event');
    await backend.addEvent(id, pending.event, { idempotencyKey: pending.key });
    assert.equal(await queue.flush(), 1);
    assert.deepEqual(await notes(id), ['once']);
  });

  it('reports an action the server refuses instead of dropping it silently', async () => {
    port = server.port;
    await server.stop();
    const rejected: FailedAction[] = [];
    const queue = new ActionQueue({ file: queueFile(), backend: () => backend, onRejected: (f) => rejected.push(f) });
    await queue.perform({ kind: 'event', incidentId: 'INC-999999', event: { type: 'note', author: 'a', text: 'lost?' } });
    await server.listen(port);
    await queue.flush();
    assert.equal(rejected.length, 1);
    assert.equal(rejected[0]?.error.kind, 'not_found');
    assert.equal(queue.pending.length, 0);
  });

  it('keeps a corrupt queue file aside instead of emptying it', async () => {
    fs.writeFileSync(queueFile(), '{ not json');
    const queue = new ActionQueue({ file: queueFile(), backend: () => backend });
    await assert.rejects(queue.load(), /unreadable/);
    const kept = fs.readdirSync(dir).filter((f) => f.includes('.corrupt-'));
    assert.equal(kept.length, 1);
    assert.equal(fs.readFileSync(path.join(dir, kept[0] as string), 'utf8'), '{ not json');
  });
});

describe('incident cache', () => {
  it('round-trips and ignores a cache from another backend', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'incident-desk-cache-'));
    try {
      const file = path.join(dir, 'cache.json');
      const incidents = [new IncidentBuilder().severity(1).build()];
      await writeIncidentCache(file, { source: 'desk http://a', fetchedAt: '2026-11-21T10:00:00.000Z', incidents });
      assert.deepEqual((await readIncidentCache(file, 'desk http://a'))?.incidents, incidents);
      assert.equal(await readIncidentCache(file, 'desk http://b'), undefined);
      assert.deepEqual(fs.readdirSync(dir), ['cache.json'], 'no temp files left behind');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
