import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ChangeFeed } from '../../../src/server/changeFeed';
import { SqliteStore } from '../../../src/server/store/sqliteStore';
import type { Store, StoredChange } from '../../../src/server/store/store';

describe('ChangeFeed', () => {
  let dataDir: string;
  let store: SqliteStore;

  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'incident-desk-feed-'));
    store = SqliteStore.open(dataDir);
  });

  afterEach(async () => {
    await store.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('reads again by itself after a failed read, so a change is delivered without waiting for the next write', async () => {
    let failures = 1;
    // The real store, except that its next changesAfter fails once (a database that is briefly away).
    const flaky = new Proxy(store, {
      get(target, property, receiver) {
        if (property === 'changesAfter') {
          return async (after: number, limit: number) => {
            if (failures-- > 0) throw new Error('connection terminated');
            return target.changesAfter(after, limit);
          };
        }
        const value: unknown = Reflect.get(target, property, receiver);
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    }) as Store;
    const errors: unknown[] = [];
    const feed = new ChangeFeed(flaky, { heartbeatMs: 60_000, retryMs: 20, onError: (error) => errors.push(error) });
    await feed.start();
    const offered: StoredChange[] = [];
    feed.add({ offer: (change) => offered.push(change), heartbeat: () => undefined });
    try {
      await store.declare({ title: 'x', severity: 2, author: 'a' });
      feed.poke();
      const deadline = Date.now() + 5000;
      while (offered.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
      assert.equal(errors.length, 1);
      assert.deepEqual(offered.map((change) => change.seq), [1]);
    } finally {
      feed.close();
    }
  });
});
