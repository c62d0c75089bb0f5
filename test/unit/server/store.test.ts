import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { IncidentBuilder } from '../../support/builders';
import { seedDemo } from '../../../src/server/demo';
import { planEvent, planPatch } from '../../../src/server/incidentChanges';
import { createToken } from '../../../src/server/index';
import { MIGRATIONS } from '../../../src/server/store/migrations';
import { openDatabase, pragmaValue, type Database } from '../../../src/server/store/sqlite';
import { DATABASE_FILE, SqliteStore, incidentNumber } from '../../../src/server/store/sqliteStore';
import { StoreError, type Store } from '../../../src/server/store/store';
import { bearerToken, findToken, hashToken } from '../../../src/server/tokens';
import { STORE_FACTORIES, type StoreUnderTest } from './storeFactories';

const isKind = (kind: StoreError['kind']) => (error: unknown): boolean => error instanceof StoreError && error.kind === kind;

/** The Store contract: every implementation (see storeFactories.ts) runs exactly these tests. */
for (const factory of STORE_FACTORIES) {
  describe(`Store contract: ${factory.name}`, () => {
    let data: StoreUnderTest;
    let store: Store;

    beforeEach(async () => {
      data = await factory.create();
      store = await data.open();
    });

    afterEach(async () => {
      await store.close();
      await data.dispose();
    });

    it('keeps what it wrote across a close and a reopen (migrating once)', async () => {
      const { value } = await store.declare({ title: 'x', severity: 2, author: 'a' });
      await store.close();
      store = await data.open();
      assert.deepEqual((await store.getIncident(value.id))?.title, 'x');
      assert.equal(await store.latestSeq(), 1);
    });

    it('refuses a database written by a newer release instead of corrupting it', async () => {
      await store.close();
      await data.recordSchemaVersion(99);
      await assert.rejects(data.open(), /schema version 99.*upgrade/);
      store = { close: async () => undefined } as unknown as Store;
    });

    it('rolls back a write that fails halfway (nothing partial)', async () => {
      const { value } = await store.declare({ title: 'x', severity: 2, author: 'a' });
      await assert.rejects(store.update(value.id, { severity: 1 }, { author: 'a', expectedVersion: 7 }), isKind('version_conflict'));
      await assert.rejects(store.appendEvent('INC-77', { type: 'note', author: 'a', text: 't' }), isKind('not_found'));
      await assert.rejects(store.update('nonsense', { severity: 1 }, { author: 'a' }), isKind('not_found'));
      const after = await store.getIncident(value.id);
      assert.equal(after?.severity, 2);
      assert.equal(after?.timeline.length, 1);
      assert.equal(await store.latestSeq(), 1);
    });

    it('scopes idempotency keys to one request: same key, other request is refused; a legacy fingerprint still replays', async () => {
      const { value } = await store.declare({ title: 'x', severity: 2, author: 'a' }, { idempotency: { key: 'k', fingerprint: 'f1' } });
      const replay = await store.declare({ title: 'x', severity: 2, author: 'a' }, { idempotency: { key: 'k', fingerprint: 'f1' } });
      assert.equal(replay.replayed, true);
      assert.deepEqual(replay.value, value);
      const legacy = await store.declare({ title: 'x', severity: 2, author: 'a' }, { idempotency: { key: 'k', fingerprint: 'new', legacyFingerprint: 'f1' } });
      assert.equal(legacy.replayed, true);
      await assert.rejects(
        store.appendEvent(value.id, { type: 'note', author: 'a', text: 't' }, { idempotency: { key: 'k', fingerprint: 'f2' } }),
        isKind('idempotency_mismatch'),
      );
      assert.equal((await store.listIncidents('all')).length, 1);
      assert.equal(await store.latestSeq(), 1);
    });

    it('updates, appends and reads back a timeline whose event ids are the change sequence', async () => {
      const { value } = await store.declare({ title: 'x', severity: 3, author: 'a', roles: { commander: 'ana', smes: [] } });
      const patched = await store.update(value.id, { severity: 1, status: 'monitoring' }, { author: 'b', onBehalfOf: 'c', expectedVersion: 1 });
      assert.equal(patched.value.version, 2);
      const note = await store.appendEvent(value.id, { type: 'note', author: 'b', text: 'hello' });
      const checkIn = await store.appendEvent(value.id, { type: 'check_in', author: 'd' }, { at: '2026-11-01T10:00:00.000Z' });
      const unchanged = await store.update(value.id, { severity: 1 }, { author: 'b' });
      assert.equal(unchanged.value.version, 3, 'a PATCH with nothing new changes nothing');
      const full = await store.getIncident(value.id);
      assert.equal(full?.acknowledgedAt, '2026-11-01T10:00:00.000Z');
      assert.deepEqual(full?.timeline.map((e) => e.type), ['declared', 'role_assigned', 'severity_changed', 'status_changed', 'note', 'check_in']);
      assert.deepEqual(full?.timeline.map((e) => e.id), ['EV-1', 'EV-2', 'EV-3', 'EV-4', 'EV-5', 'EV-6']);
      assert.equal(note.value.id, 'EV-5');
      assert.equal(checkIn.value.id, 'EV-6');
      assert.equal(full?.timeline[2]?.type === 'severity_changed' ? full.timeline[2].onBehalfOf : undefined, 'c');
      const changes = await store.changesAfter(3, 10);
      assert.deepEqual(changes.map((c) => c.seq), [4, 5, 6]);
      assert.equal(changes[2]?.incident.version, 3);
      assert.equal(changes[2]?.incidentId, value.id);
      const events = await store.eventPage(0, 4);
      assert.deepEqual(events.events.map((e) => e.id), ['EV-1', 'EV-2', 'EV-3', 'EV-4']);
      assert.equal(events.nextAfter, 4);
      assert.equal((await store.eventPage(4, 10)).nextAfter, null);
      assert.equal(await store.getIncident('INC-99'), undefined);
      assert.equal(await store.getIncident('bogus'), undefined);
    });

    it('a title-only change is a change without an event', async () => {
      const { value } = await store.declare({ title: 'x', severity: 3, author: 'a' });
      await store.update(value.id, { title: 'y' }, { author: 'a' });
      const [change] = await store.changesAfter(1, 10);
      assert.equal(change?.event, undefined);
      assert.equal(change?.incident.title, 'y');
      assert.equal((await store.eventPage(0, 10)).events.length, 1);
    });

    it('lists and pages incidents newest first with keyset cursors and filters', async () => {
      const declared: string[] = [];
      for (let i = 0; i < 7; i++) {
        const at = `2026-11-0${1 + Math.floor(i / 2)}T10:00:00.000Z`;
        declared.push((await store.declare({ title: `i${i}`, severity: ((i % 4) + 1) as 1, author: 'a' }, { at })).value.id);
      }
      await store.update(declared[1] ?? '', { status: 'resolved' }, { author: 'a', at: '2026-11-09T00:00:00.000Z' });
      const pages: string[][] = [];
      let after;
      for (;;) {
        const page = await store.incidentPage({ filter: 'all', limit: 3, ...(after ? { after } : {}) });
        pages.push(page.incidents.map((i) => i.id));
        if (!page.next) break;
        after = page.next;
      }
      assert.deepEqual(pages.flat(), [...declared].reverse());
      assert.deepEqual(pages.map((p) => p.length), [3, 3, 1]);
      const resolved = await store.incidentPage({ filter: 'resolved', limit: 10, since: '2026-11-08T00:00:00.000Z' });
      assert.deepEqual(resolved.incidents.map((i) => i.id), [declared[1]]);
      const active = await store.incidentPage({ filter: 'active', limit: 10, since: '2026-11-03T00:00:00.000Z' });
      assert.deepEqual(active.incidents.map((i) => i.id), [declared[6], declared[5], declared[4]]);
      const listed = await store.listIncidents('active');
      assert.deepEqual(listed.map((i) => i.severity), [1, 1, 2, 3, 3, 4]);
      assert.deepEqual((await store.listIncidents('resolved')).map((i) => i.id), [declared[1]]);
    });

    it('creates, lists and revokes tokens by unique name, storing only digests', async () => {
      const token = { name: 'maya.chen', scope: 'viewer' as const, hash: hashToken('idt_x'), createdAt: '2026-11-01T10:00:00.000Z' };
      assert.equal(await store.addToken(token), 'created');
      assert.equal(await store.addToken({ ...token, hash: hashToken('idt_y') }), 'name_taken');
      assert.deepEqual(await store.tokens(), [token]);
      assert.equal(await store.revokeToken('maya.chen', { at: '2026-11-02T09:00:00.000Z' }), true);
      assert.equal(await store.revokeToken('maya.chen'), false);
      assert.deepEqual(await store.tokens(), []);
      // The digest is remembered, so the secret can be refused wherever it turns up again.
      assert.deepEqual(await store.revokedToken(token.hash), { name: 'maya.chen', revokedAt: '2026-11-02T09:00:00.000Z' });
      assert.equal(await store.revokedToken(hashToken('idt_never')), undefined);
      // Re-provisioning the same secret under a new scope forgets nothing and revokes nothing.
      const bot = { name: 'bot', scope: 'responder' as const, hash: hashToken('idt_bot'), createdAt: '2026-11-01T10:00:00.000Z' };
      assert.equal(await store.addToken(bot), 'created');
      assert.equal(await store.revokeToken('bot', { remember: false }), true);
      assert.equal(await store.revokedToken(bot.hash), undefined);
    });

    it('concurrent writes get distinct numbers and sequences; a reader following the feed never skips one', async () => {
      const seen: number[] = [];
      let writing = true;
      const follower = (async () => {
        let cursor = 0;
        while (writing || cursor < (await store.latestSeq())) {
          for (const change of await store.changesAfter(cursor, 1000)) {
            assert.ok(change.seq > cursor, 'sequences arrive in increasing order');
            cursor = change.seq;
            seen.push(change.seq);
          }
          await new Promise((resolve) => setImmediate(resolve));
        }
      })();
      const results = await Promise.all(
        Array.from({ length: 40 }, (_, i) => store.declare({ title: `c${i}`, severity: 2, author: 'a', roles: { commander: 'ana', smes: [] } })),
      );
      writing = false;
      await follower;
      assert.equal(new Set(results.map((r) => r.value.id)).size, 40);
      const all = (await store.changesAfter(0, 1000)).map((c) => c.seq);
      assert.equal(all.length, 80);
      assert.deepEqual(seen, all, 'the follower saw every committed change exactly once');
    });

    it('of concurrent updates with one expected version exactly one applies', async () => {
      const { value } = await store.declare({ title: 'x', severity: 3, author: 'a' });
      const outcomes = await Promise.allSettled(
        Array.from({ length: 20 }, (_, i) => store.update(value.id, { title: `t${i}` }, { author: 'a', expectedVersion: 1 })),
      );
      const won = outcomes.filter((o) => o.status === 'fulfilled');
      assert.equal(won.length, 1);
      for (const o of outcomes) if (o.status === 'rejected') assert.ok(isKind('version_conflict')(o.reason), String(o.reason));
      assert.equal((await store.getIncident(value.id))?.version, 2);
    });

    it('of concurrent writes with one idempotency key exactly one writes; the rest replay its result', async () => {
      const results = await Promise.all(
        Array.from({ length: 20 }, () => store.declare({ title: 'x', severity: 2, author: 'a' }, { idempotency: { key: 'same', fingerprint: 'f' } })),
      );
      assert.equal(results.filter((r) => !r.replayed).length, 1);
      assert.equal(new Set(results.map((r) => r.value.id)).size, 1);
      assert.equal((await store.listIncidents('all')).length, 1);
      assert.equal(await store.latestSeq(), 1);
    });

    it('seeds the demo incidents once, timed in the past, with a rich resolved timeline', async () => {
      const now = new Date();
      assert.equal(await seedDemo(store, now), true);
      assert.equal(await seedDemo(store, now), false, 'a second start does not seed again');
      const active = await store.listIncidents('active');
      assert.deepEqual(active.map((i) => i.severity), [1, 2, 3]);
      assert.ok(active.some((i) => i.services.includes('checkout-api')));
      assert.ok(active.some((i) => i.services.includes('settings-web')));
      assert.ok(active.some((i) => i.services.includes('data-exports') && i.customers.length > 0));
      const [resolved] = await store.listIncidents('resolved');
      assert.ok(resolved?.services.includes('orders-db'));
      const full = await store.getIncident(resolved?.id ?? '');
      const types = new Set(full?.timeline.map((e) => e.type));
      for (const type of ['declared', 'check_in', 'role_assigned', 'severity_changed', 'status_update', 'runbook_step', 'status_changed', 'resolved']) {
        assert.ok(types.has(type as never), `resolved demo timeline has ${type}`);
      }
      for (const incident of await store.listIncidents('all')) {
        assert.ok(Date.parse(incident.declaredAt) < now.getTime());
        const timeline = (await store.getIncident(incident.id))?.timeline ?? [];
        const times = timeline.map((e) => e.at);
        assert.deepEqual(times, [...times].sort(), `${incident.id} timeline is chronological`);
      }
    });

    it('seeds the demo incidents once when two replicas start with --demo on the same data at the same moment', async () => {
      const other = await data.open();
      try {
        const seeded = await Promise.all([seedDemo(store), seedDemo(other)]);
        assert.ok(seeded.includes(true), 'one of them seeded');
        const all = await store.listIncidents('all');
        assert.equal(all.length, 4, `four demo incidents, not ${all.map((i) => `${i.id} ${i.title.slice(0, 20)}`).join('; ')}`);
        assert.equal(new Set(all.map((i) => i.title)).size, 4, 'no demo incident twice');
        // The same timelines a single start writes: every step once.
        const single = await factory.create();
        const alone = await single.open();
        try {
          await seedDemo(alone);
          for (const incident of await alone.listIncidents('all')) {
            const twin = all.find((i) => i.title === incident.title);
            const types = async (s: Store, id: string) => ((await s.getIncident(id))?.timeline ?? []).map((e) => e.type).sort();
            assert.deepEqual(await types(store, twin?.id ?? ''), await types(alone, incident.id), `${incident.title}: each step once`);
          }
        } finally {
          await alone.close();
          await single.dispose();
        }
      } finally {
        await other.close();
      }
    });
  });
}

describe('SqliteStore', () => {
  let dataDir: string;

  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'incident-desk-store-'));
  });

  afterEach(() => {
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  function raw(): Database {
    return openDatabase(path.join(dataDir, DATABASE_FILE), 1000);
  }

  it('migrates a new database once, records the version, and uses WAL', async () => {
    await (SqliteStore.open(dataDir)).close();
    await (SqliteStore.open(dataDir)).close();
    const db = raw();
    try {
      const versions = db.prepare('SELECT version FROM schema_migrations ORDER BY version').all() as unknown as { version: number }[];
      assert.deepEqual(versions.map((v) => v.version), MIGRATIONS.map((m) => m.version));
      assert.equal(pragmaValue(db, 'journal_mode'), 'wal');
    } finally {
      db.close();
    }
  });

  it('stores tokens only as hashes', async () => {
    const token = await createToken(dataDir, { name: 'maya.chen' });
    assert.match(token, /^idt_[A-Za-z0-9_-]{43}$/);
    const store = SqliteStore.open(dataDir);
    const stored = await store.tokens();
    await store.close();
    assert.deepEqual(stored.map((t) => [t.name, t.scope, t.hash]), [['maya.chen', 'responder', hashToken(token)]]);
    for (const file of fs.readdirSync(dataDir)) {
      assert.ok(!fs.readFileSync(path.join(dataDir, file)).includes(token), `${file} must not contain the token`);
    }
  });
});

describe('incident change rules', () => {
  it('a PATCH with nothing new changes nothing', () => {
    const incident = new IncidentBuilder().severity(2).roles({ commander: 'ana' }).build();
    const plan = planPatch(incident, { severity: 2, roles: { commander: 'ana' } }, { author: 'x' }, '2026-11-01T10:05:00.000Z');
    assert.equal(plan.changed, false);
    assert.deepEqual(plan.events, []);
    assert.equal(plan.incident.version, incident.version);
  });

  it('adding SMEs emits one role_assigned per new SME; replacing the list keeps the rest', () => {
    const incident = new IncidentBuilder().roles({ smes: ['priya'] }).build();
    const plan = planPatch(incident, { roles: { smes: ['priya', 'ken', 'li'] } }, { author: 'x' }, '2026-11-01T10:05:00.000Z');
    assert.deepEqual(plan.events.map((e) => (e.type === 'role_assigned' ? e.assignee : '')), ['ken', 'li']);
    assert.deepEqual(plan.incident.roles.smes, ['priya', 'ken', 'li']);
  });

  it('only the first check-in acknowledges', () => {
    const fresh = new IncidentBuilder().build();
    const first = planEvent(fresh, { type: 'check_in', author: 'a' }, '2026-11-01T10:01:00.000Z');
    assert.equal(first.incident.acknowledgedAt, '2026-11-01T10:01:00.000Z');
    const second = planEvent(first.incident, { type: 'check_in', author: 'b' }, '2026-11-01T10:09:00.000Z');
    assert.equal(second.incident.acknowledgedAt, '2026-11-01T10:01:00.000Z');
    assert.equal(second.changed, false);
  });

  it('parses only INC-<n> ids', () => {
    assert.equal(incidentNumber('INC-12'), 12);
    for (const id of ['INC-0', 'INC-01', 'inc-1', 'INC-1 ', 'INC-1;DROP', '12']) assert.equal(incidentNumber(id), undefined, id);
  });
});

describe('tokens', () => {
  it('finds only the token whose hash is stored', () => {
    const stored = [{ name: 'a', hash: hashToken('idt_a') }, { name: 'b', hash: hashToken('idt_b') }];
    assert.equal(findToken('idt_b', stored)?.name, 'b');
    assert.equal(findToken('idt_c', stored), undefined);
    assert.equal(findToken('idt_a', []), undefined);
  });

  it('reads bearer tokens strictly', () => {
    assert.equal(bearerToken('Bearer idt_abc-_1'), 'idt_abc-_1');
    assert.equal(bearerToken('bearer   idt_x'), 'idt_x');
    assert.equal(bearerToken('Basic dXNlcjpwYXNz'), undefined);
    assert.equal(bearerToken('Bearer a b'), undefined);
    assert.equal(bearerToken(undefined), undefined);
  });
});
