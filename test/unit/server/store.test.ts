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
import { StoreError } from '../../../src/server/store/store';
import { bearerToken, findToken, hashToken } from '../../../src/server/tokens';

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

  it('refuses a database written by a newer release instead of corrupting it', async () => {
    await (SqliteStore.open(dataDir)).close();
    const db = raw();
    db.prepare("INSERT INTO schema_migrations (version, applied_at) VALUES (99, 'later')").run();
    db.close();
    assert.throws(() => SqliteStore.open(dataDir), /schema version 99.*upgrade/);
  });

  it('rolls back a write that fails halfway (nothing partial)', async () => {
    const store = SqliteStore.open(dataDir);
    try {
      const { value } = await store.declare({ title: 'x', severity: 2, author: 'a' });
      await assert.rejects(
        store.update(value.id, { severity: 1 }, { author: 'a', expectedVersion: 7 }),
        (error: unknown) => error instanceof StoreError && error.kind === 'version_conflict',
      );
      await assert.rejects(
        store.appendEvent('INC-77', { type: 'note', author: 'a', text: 't' }),
        (error: unknown) => error instanceof StoreError && error.kind === 'not_found',
      );
      const after = await store.getIncident(value.id);
      assert.equal(after?.severity, 2);
      assert.equal(after?.timeline.length, 1);
      assert.equal(await store.latestSeq(), 1);
    } finally {
      await store.close();
    }
  });

  it('scopes idempotency keys to one request: same key, other request is refused', async () => {
    const store = SqliteStore.open(dataDir);
    try {
      const { value } = await store.declare({ title: 'x', severity: 2, author: 'a' }, { idempotency: { key: 'k', fingerprint: 'f1' } });
      const replay = await store.declare({ title: 'x', severity: 2, author: 'a' }, { idempotency: { key: 'k', fingerprint: 'f1' } });
      assert.equal(replay.replayed, true);
      assert.deepEqual(replay.value, value);
      await assert.rejects(
        store.appendEvent(value.id, { type: 'note', author: 'a', text: 't' }, { idempotency: { key: 'k', fingerprint: 'f2' } }),
        (error: unknown) => error instanceof StoreError && error.kind === 'idempotency_mismatch',
      );
      assert.equal((await store.listIncidents('all')).length, 1);
    } finally {
      await store.close();
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

  it('seeds the demo incidents once, timed in the past, with a rich resolved timeline', async () => {
    const store = SqliteStore.open(dataDir);
    try {
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
    } finally {
      await store.close();
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
