import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createToken } from '../../../src/server/index';
import { DATABASE_FILE } from '../../../src/server/store/sqliteStore';
import { spawnServer, stopProcess, type ServerProcess } from './cliProcess';
import { holdWriteLock, type LockHolder } from './lockHolder';
import { ApiClient, errorCode, errorMessage } from './serverFixture';

/** The server runs as its own process (the real CLI), so a stalled event loop there cannot hide behind this one. */
class ServerUnderLock extends ApiClient {
  constructor(
    readonly process: ServerProcess,
    readonly dataDir: string,
    readonly token: string,
  ) {
    super();
  }

  get url(): string {
    return this.process.url;
  }
}

const LOCK_MS = 7000;

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await work();
  return { value, ms: performance.now() - started };
}

describe('server while another process holds the SQLite write lock', function () {
  this.timeout(30_000);
  let server: ServerUnderLock;
  let holder: LockHolder | undefined;

  beforeEach(async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'incident-desk-lock-'));
    const token = await createToken(dataDir, { name: 'alice' });
    server = new ServerUnderLock(await spawnServer(dataDir), dataDir, token);
  });

  afterEach(async () => {
    if (holder && holder.child.exitCode === null) holder.child.kill('SIGKILL');
    await holder?.released.catch(() => undefined);
    holder = undefined;
    await stopProcess(server.process);
    fs.rmSync(server.dataDir, { recursive: true, force: true });
  });

  it('answers health and reads at once, refuses the blocked write with 503 + Retry-After, and writes again afterwards', async () => {
    const id = await server.declare({ title: 'Before the lock' });
    holder = await holdWriteLock(path.join(server.dataDir, DATABASE_FILE), LOCK_MS);
    const lockedAt = performance.now();

    // The write goes first so health and the reads below run while it waits for the lock.
    const blockedWrite = timed(() =>
      server.request('POST', `/v1/incidents/${id}/events`, { body: { type: 'note', text: 'during the lock' } }),
    );
    await new Promise((resolve) => setTimeout(resolve, 100));

    const health = await timed(() => server.request('GET', '/v1/health', { token: null }));
    assert.equal(health.value.status, 200);
    assert.ok(health.ms < 500, `health took ${health.ms.toFixed(0)} ms during the lock`);

    const list = await timed(() => server.request('GET', '/v1/incidents'));
    assert.equal(list.value.status, 200, list.value.text);
    assert.ok(list.ms < 500, `the list took ${list.ms.toFixed(0)} ms during the lock`);
    const one = await timed(() => server.request('GET', `/v1/incidents/${id}`));
    assert.equal(one.value.status, 200, one.value.text);
    assert.ok(one.ms < 500, `a single GET took ${one.ms.toFixed(0)} ms during the lock`);

    const write = await blockedWrite;
    assert.equal(write.value.status, 503, write.value.text);
    assert.equal(errorCode(write.value), 'store_busy');
    assert.match(errorMessage(write.value) ?? '', /busy|lock/i);
    assert.deepEqual(Object.keys(write.value.json as object), ['error']);
    assert.match(String(write.value.headers['retry-after']), /^[1-9][0-9]*$/);
    assert.ok(performance.now() - lockedAt < LOCK_MS, 'the refusal came while the lock was still held');

    await holder.released;
    const after = await server.request('POST', `/v1/incidents/${id}/events`, { body: { type: 'note', text: 'after the lock' } });
    assert.equal(after.status, 201, after.text);
    const timeline = (await server.request('GET', `/v1/incidents/${id}`)).json as { timeline: { type: string; text?: string }[] };
    assert.deepEqual(timeline.timeline.filter((e) => e.type === 'note').map((e) => e.text), ['after the lock']);
  });

  it('refuses writes that queued behind a blocked one within the same budget, not one budget each', async () => {
    const id = await server.declare();
    holder = await holdWriteLock(path.join(server.dataDir, DATABASE_FILE), LOCK_MS);
    const started = performance.now();
    const writes = await Promise.all(
      Array.from({ length: 4 }, (_, i) =>
        server.request('POST', `/v1/incidents/${id}/events`, { body: { type: 'note', text: `queued ${i}` } }),
      ),
    );
    const elapsed = performance.now() - started;
    assert.deepEqual(writes.map((w) => w.status), [503, 503, 503, 503]);
    assert.ok(elapsed < LOCK_MS - 1000, `four queued writes took ${elapsed.toFixed(0)} ms to be refused`);
  });
});
