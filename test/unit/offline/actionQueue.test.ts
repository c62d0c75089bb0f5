import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DeskBackend } from '../../../src/backends/desk/deskBackend';
import type { IncidentBackend, WriteOptions } from '../../../src/backends/backend';
import { ActionQueue, type CorruptQueueFile, type FailedAction, type SetAsideAction } from '../../../src/backends/offline/actionQueue';
import { readIncidentCache, writeIncidentCache } from '../../../src/backends/offline/incidentCache';
import type { IncidentWithTimeline, NewEvent } from '../../../src/core/incidents/model';
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

  it('sets a corrupt queue file aside once, reports how many actions it held and where, and works again', async () => {
    const id = await server.declare();
    // Two actions, cut off mid-write (a disk filled up, a crash of an older version).
    const damaged =
      '[{"kind":"event","key":"k1","queuedAt":"2026-11-01T10:00:00.000Z","incidentId":"INC-1","event":{"type":"note","author":"a","text":"one"}},' +
      '{"kind": "update","key":"k2","queuedAt":"2026-11-01T10:00:01.000Z","incidentId":"INC-1","patch":{"sev';
    fs.writeFileSync(queueFile(), damaged);
    const reports: CorruptQueueFile[] = [];
    const queue = new ActionQueue({ file: queueFile(), backend: () => backend, onCorruptFile: (r) => reports.push(r) });
    await queue.load();
    assert.equal(reports.length, 1);
    assert.equal(reports[0]?.actions, 2, 'the user is told how many actions the file held');
    const copies = () => fs.readdirSync(dir).filter((f) => f.includes('.corrupt-'));
    assert.deepEqual(copies().map((f) => path.join(dir, f)), [reports[0]?.copy]);
    assert.equal(fs.readFileSync(reports[0]?.copy ?? '', 'utf8'), damaged, 'the copy holds the file exactly as it was');

    // A window reload reads the same folder: nothing is set aside a second time.
    const reloaded = new ActionQueue({ file: queueFile(), backend: () => backend, onCorruptFile: (r) => reports.push(r) });
    await reloaded.load();
    await queue.load();
    assert.equal(reports.length, 1);
    assert.equal(copies().length, 1);

    // And writes work while the server answers.
    assert.equal(await queue.perform({ kind: 'event', incidentId: id, event: { type: 'note', author: 'a', text: 'after' } }), 'sent');
    assert.equal(await reloaded.perform({ kind: 'event', incidentId: id, event: { type: 'note', author: 'a', text: 'reloaded' } }), 'sent');
    assert.deepEqual(await notes(id), ['after', 'reloaded']);
  });

  it('tries a failed load again instead of remembering the failure', async () => {
    fs.mkdirSync(queueFile());
    const queue = new ActionQueue({ file: queueFile(), backend: () => backend });
    await assert.rejects(queue.load(), /EISDIR/);
    fs.rmdirSync(queueFile());
    await queue.load();
    const id = await server.declare();
    assert.equal(await queue.perform({ kind: 'event', incidentId: id, event: { type: 'note', author: 'a', text: 'works' } }), 'sent');
  });

  it('reports and sets aside malformed entries (field by field) and delivers the valid ones', async () => {
    const id = await server.declare();
    const entry = (key: string, event: unknown) => ({ kind: 'event', key, queuedAt: '2026-11-01T10:00:00.000Z', incidentId: id, event });
    const entries = [
      entry('k1', { type: 'note', author: 'a', text: 'good' }),
      entry('k2', { type: 'note', author: 'a' }),
      { kind: 'update', key: 'k3', queuedAt: '2026-11-01T10:00:00.000Z', incidentId: id, patch: { severity: 9 } },
      entry('k4', { type: 'runbook_step', author: 'a', runbook: 'r.md', step: 's', command: 'c', exitCode: '0', durationMs: 1 }),
      { kind: 'declare', key: 'k5', queuedAt: 'yesterday', request: { title: 't', severity: 1, author: 'a' } },
    ];
    fs.writeFileSync(queueFile(), JSON.stringify(entries));
    const setAside: SetAsideAction[] = [];
    const queue = new ActionQueue({ file: queueFile(), backend: () => backend, onSetAside: (r) => setAside.push(r) });
    await queue.load();
    assert.deepEqual(queue.pending.map((a) => a.key), ['k1']);
    assert.deepEqual(setAside.map((r) => (r.entry as { key: string }).key), ['k2', 'k3', 'k4', 'k5'], 'every malformed entry is reported');
    assert.match(setAside[0]?.reason ?? '', /note has no text/);
    assert.match(setAside[1]?.reason ?? '', /severity/);
    assert.match(setAside[2]?.reason ?? '', /exitCode/);
    assert.match(setAside[3]?.reason ?? '', /queuedAt/);
    const sidecar = JSON.parse(fs.readFileSync(queue.sidecarFile, 'utf8')) as { entry: { key: string } }[];
    assert.deepEqual(sidecar.map((s) => s.entry.key), ['k2', 'k3', 'k4', 'k5'], 'kept in the sidecar file');
    assert.deepEqual((JSON.parse(fs.readFileSync(queueFile(), 'utf8')) as { key: string }[]).map((a) => a.key), ['k1']);

    assert.equal(await queue.flush(), 1);
    assert.deepEqual(await notes(id), ['good']);
    // A reload does not report (or set aside) them again.
    const reloaded = new ActionQueue({ file: queueFile(), backend: () => backend, onSetAside: (r) => setAside.push(r) });
    await reloaded.load();
    assert.equal(setAside.length, 4);
    assert.equal((JSON.parse(fs.readFileSync(queue.sidecarFile, 'utf8')) as unknown[]).length, 4);
  });

  it('sets aside an entry whose send fails with a non-BackendError and delivers the rest once, in order', async () => {
    const id = await server.declare();
    port = server.port;
    await server.stop();
    // A backend with a bug for one particular action: it throws a TypeError, not a BackendError.
    const buggy: IncidentBackend = Object.assign(Object.create(backend) as DeskBackend, {
      addEvent: (incidentId: string, event: NewEvent, options?: WriteOptions) => {
        if (event.type === 'note' && event.text === 'poison') throw new TypeError('cannot read properties of undefined');
        return backend.addEvent(incidentId, event, options);
      },
    });
    const setAside: SetAsideAction[] = [];
    const rejected: FailedAction[] = [];
    const queue = new ActionQueue({ file: queueFile(), backend: () => buggy, onSetAside: (r) => setAside.push(r), onRejected: (f) => rejected.push(f) });
    for (const text of ['first', 'poison', 'second', 'third']) {
      assert.equal(await queue.perform({ kind: 'event', incidentId: id, event: { type: 'note', author: 'a', text } }), 'queued');
    }
    await server.listen(port);
    assert.equal(await queue.flush(), 3);
    assert.deepEqual(await notes(id), ['first', 'second', 'third']);
    assert.equal(setAside.length, 1);
    assert.equal(rejected.length, 0);
    assert.match(setAside[0]?.reason ?? '', /cannot read properties/);
    const sidecar = JSON.parse(fs.readFileSync(queue.sidecarFile, 'utf8')) as { entry: { event: { text: string } } }[];
    assert.deepEqual(sidecar.map((s) => s.entry.event.text), ['poison']);
    assert.deepEqual(JSON.parse(fs.readFileSync(queueFile(), 'utf8')), []);
    assert.equal(await queue.flush(), 0);
    assert.deepEqual(await notes(id), ['first', 'second', 'third'], 'nothing is sent twice');
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
