import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { BackendError, type ConnectionStatus, type IncidentChange } from '../../../src/backends/backend';
import { DeskBackend } from '../../../src/backends/desk/deskBackend';
import { REQUIRED_API_VERSION, compareVersions, olderServerWarning } from '../../../src/backends/desk/serverCompatibility';
import { SqliteStore } from '../../../src/server/store/sqliteStore';
import { hashToken } from '../../../src/server/tokens';
import { FIXTURE_TOKEN_NAME, TestServer } from '../server/serverFixture';

async function failure(promise: Promise<unknown>): Promise<BackendError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof BackendError, `expected BackendError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected a failure');
}

async function waitFor(condition: () => boolean, what: string, limitMs = 15_000): Promise<void> {
  const until = Date.now() + limitMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('DeskBackend against the real server', () => {
  let server: TestServer;
  let backend: DeskBackend;

  beforeEach(async () => {
    server = await TestServer.start({ heartbeatMs: 200 });
    backend = new DeskBackend({
      baseUrl: server.url,
      token: server.token,
      timeoutMs: 5000,
      retry: { retries: 3, baseDelayMs: 20, maxDelayMs: 200 },
      stream: { reconnectBaseMs: 20, reconnectMaxMs: 200, idleTimeoutMs: 5000 },
    });
  });

  afterEach(async () => {
    await server.dispose();
  });

  it('pages through more active incidents than one page holds, and lists recently resolved ones', async () => {
    // Seeded through a second, fsync-free connection to the same file: 1,203 incidents is more than a 1,000-page.
    const seeder = SqliteStore.open(server.dataDir, { synchronous: 'off' });
    const at = (minutes: number): string => new Date(Date.UTC(2026, 10, 1) + minutes * 60_000).toISOString();
    for (let i = 0; i < 1203; i++) await seeder.declare({ title: `bulk ${i}`, severity: 3, author: 'seed' }, { at: at(i) });
    const old = (await seeder.declare({ title: 'resolved long ago', severity: 2, author: 'seed' }, { at: at(-100) })).value;
    await seeder.update(old.id, { status: 'resolved' }, { author: 'seed', at: at(-50) });
    const recent = (await seeder.declare({ title: 'resolved recently', severity: 2, author: 'seed' }, { at: at(-90) })).value;
    await seeder.update(recent.id, { status: 'resolved' }, { author: 'seed', at: at(2000) });
    await seeder.close();

    const backend = new DeskBackend({ baseUrl: server.url, token: server.token });
    const active = await backend.listActive();
    assert.equal(active.length, 1203);
    assert.equal(new Set(active.map((i) => i.id)).size, 1203);
    const resolved = await backend.listRecentlyResolved(new Date(at(0)));
    assert.deepEqual(resolved.map((i) => i.title), ['resolved recently']);
    assert.deepEqual(await backend.whoAmI(), { name: FIXTURE_TOKEN_NAME, scope: 'responder' });
  });

  it('declares, lists, updates, adds events and reads the timeline', async () => {
    const declared = await backend.declare({ title: 'Checkout 5xx', severity: 2, services: ['checkout-api'], author: 'maya' });
    assert.match(declared.id, /^INC-/);
    assert.deepEqual((await backend.listActive()).map((i) => i.id), [declared.id]);

    const updated = await backend.update(declared.id, { severity: 1, roles: { commander: 'maya' } }, { author: 'maya', expectedVersion: declared.version });
    assert.equal(updated.severity, 1);
    assert.equal(updated.version, declared.version + 1);

    const event = await backend.addEvent(declared.id, { type: 'check_in', author: 'diego' });
    assert.equal(event.type, 'check_in');
    const loaded = await backend.get(declared.id);
    assert.equal(loaded.acknowledgedAt, event.at);
    assert.deepEqual(loaded.timeline.map((e) => e.type), ['declared', 'severity_changed', 'role_assigned', 'check_in']);
    assert.equal(loaded.timeline[1]?.author, FIXTURE_TOKEN_NAME, 'the timeline names the token, not the free-text author the caller passed');
  });

  it('rejects a stale expectedVersion as a conflict', async () => {
    const declared = await backend.declare({ title: 'x', severity: 3, author: 'a' });
    await backend.update(declared.id, { severity: 2 });
    const error = await failure(backend.update(declared.id, { severity: 1 }, { expectedVersion: declared.version }));
    assert.equal(error.kind, 'conflict');
    assert.equal(error.status, 412);
    assert.equal((await backend.get(declared.id)).severity, 2);
  });

  it('maps unknown incidents and bad tokens to typed errors without leaking the token', async () => {
    assert.equal((await failure(backend.get('INC-404'))).kind, 'not_found');
    const stranger = new DeskBackend({ baseUrl: server.url, token: 'idt_not_a_real_token' });
    const error = await failure(stranger.listActive());
    assert.equal(error.kind, 'unauthorized');
    assert.ok(!error.message.includes('idt_not_a_real_token'));
  });

  it('makes a write with an idempotency key safe to repeat', async () => {
    const declared = await backend.declare({ title: 'x', severity: 3, author: 'a' });
    const first = await backend.addEvent(declared.id, { type: 'note', author: 'a', text: 'once' }, { idempotencyKey: 'retry-me' });
    const again = await backend.addEvent(declared.id, { type: 'note', author: 'a', text: 'once' }, { idempotencyKey: 'retry-me' });
    assert.deepEqual(again, first);
    assert.equal((await backend.get(declared.id)).timeline.filter((e) => e.type === 'note').length, 1);
  });

  it('delivers changes over SSE and resumes after a server restart without losing or repeating any', async () => {
    const changes: IncidentChange[] = [];
    const statuses: ConnectionStatus[] = [];
    const subscription = backend.subscribe((change) => changes.push(change), (status) => statuses.push(status));
    try {
      await waitFor(() => statuses.some((s) => s.state === 'connected'), 'the first connection');
      const first = await backend.declare({ title: 'Before restart', severity: 2, author: 'a' });
      await backend.addEvent(first.id, { type: 'note', author: 'a', text: 'one' });
      await waitFor(() => changes.length >= 2, 'changes before the restart');

      const port = server.port;
      await server.stop();
      // Written while the server is down and the client is reconnecting: only a resume can deliver these.
      const offline = SqliteStore.open(server.dataDir);
      const { value: second } = await offline.declare({ title: 'While down', severity: 3, author: 'b' });
      await offline.appendEvent(first.id, { type: 'note', author: 'b', text: 'two' });
      await offline.close();
      await server.listen(port);
      await backend.addEvent(second.id, { type: 'note', author: 'c', text: 'three' });

      await waitFor(() => changes.some((c) => c.event?.type === 'note' && c.event.text === 'three'), 'changes after the restart');
      assert.ok(statuses.some((s) => s.state === 'reconnecting'), 'the client noticed the restart');

      const cursors = changes.map((c) => Number(c.cursor));
      assert.deepEqual(cursors, [...cursors].sort((a, b) => a - b), 'in order');
      assert.equal(new Set(cursors).size, cursors.length, 'no duplicates');
      const notes = changes.flatMap((c) => (c.event?.type === 'note' ? [c.event.text] : []));
      assert.deepEqual(notes, ['one', 'two', 'three']);
      assert.deepEqual(
        changes.map((c) => c.event?.type),
        ['declared', 'note', 'declared', 'note', 'note'],
      );
      assert.equal(changes[2]?.incident?.title, 'While down');
      // Nothing is missing: the cursors are exactly the change sequence numbers the server stored.
      const store = SqliteStore.open(server.dataDir);
      const stored = (await store.changesAfter(0, 100)).map((c) => c.seq);
      await store.close();
      assert.deepEqual(cursors, stored);
    } finally {
      subscription.dispose();
    }
  });

  it('reports a stream reset (a server restored from an older backup) so the client reloads, and follows on from there', async () => {
    const before = await backend.declare({ title: 'Before the restore', severity: 2, author: 'a' });
    await backend.addEvent(before.id, { type: 'note', author: 'a', text: 'lost in the restore' });
    const changes: IncidentChange[] = [];
    const statuses: ConnectionStatus[] = [];
    const subscription = backend.subscribe((change) => changes.push(change), (status) => statuses.push(status));
    try {
      await waitFor(() => statuses.some((s) => s.state === 'connected'), 'the first connection');
      await backend.addEvent(before.id, { type: 'note', author: 'a', text: 'seen' });
      await waitFor(() => changes.length >= 1, 'a change');
      // The server comes back with an empty store: every sequence number the client holds is now ahead of it.
      const port = server.port;
      await server.stop();
      fs.rmSync(server.dataDir, { recursive: true, force: true });
      fs.mkdirSync(server.dataDir, { recursive: true });
      const store = SqliteStore.open(server.dataDir);
      await store.addToken({ hash: hashToken(server.token), name: FIXTURE_TOKEN_NAME, scope: 'responder', createdAt: new Date().toISOString() });
      await store.close();
      await server.listen(port);

      await waitFor(() => statuses.some((s) => s.state === 'reset'), 'the reset');
      const reset = statuses.find((s) => s.state === 'reset');
      assert.match(reset?.state === 'reset' ? reset.reason : '', /reload/);
      const after = await backend.declare({ title: 'After the restore', severity: 3, author: 'b' });
      await waitFor(() => changes.some((c) => c.incidentId === after.id), 'the change after the reset');
    } finally {
      subscription.dispose();
    }
  });

  it('warns about a server older than this client needs, and not about a current one', async () => {
    assert.equal(await backend.compatibilityWarning(), undefined);
    const old = olderServerWarning('http://desk.example', { status: 'ok', time: '2026-01-01T00:00:00Z' });
    assert.match(old ?? '', /http:\/\/desk\.example .*API 1\.0 or older.*needs API 1\.1\.0 or newer.*upgrade/);
    assert.match(olderServerWarning('http://desk.example', { apiVersion: '1.0.3', version: '0.0.9' }) ?? '', /API 1\.0\.3 \(release 0\.0\.9\)/);
    assert.equal(olderServerWarning('http://desk.example', { apiVersion: '1.10.0' }), undefined);
    assert.equal(compareVersions('1.10.0', '1.9.9'), 1);
    assert.equal(compareVersions(REQUIRED_API_VERSION, REQUIRED_API_VERSION), 0);
  });

  it('reports a stream it cannot authenticate as reconnecting, with no token in the error', async () => {
    const stranger = new DeskBackend({ baseUrl: server.url, token: 'idt_bogus_stream_token', stream: { reconnectBaseMs: 10, reconnectMaxMs: 20 } });
    const statuses: ConnectionStatus[] = [];
    const subscription = stranger.subscribe(() => {}, (status) => statuses.push(status));
    try {
      await waitFor(() => statuses.length >= 2, 'two reconnect attempts');
      for (const status of statuses) {
        assert.equal(status.state, 'reconnecting');
        if (status.state === 'reconnecting') {
          assert.match(status.error, /401/);
          assert.ok(!status.error.includes('idt_bogus_stream_token'));
        }
      }
    } finally {
      subscription.dispose();
    }
  });
});
