import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PostgresStore } from '../../../src/server/store/postgres/postgresStore';
import { SqliteStore } from '../../../src/server/store/sqliteStore';
import type { Store } from '../../../src/server/store/store';
import { hashToken } from '../../../src/server/tokens';
import { CLI } from './cliProcess';
import { createEmptyDatabase, splitPassword, sql } from './postgresFixture';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function runCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, ...env } }, (error, stdout, stderr) =>
      resolve({ code: error ? Number((error as NodeJS.ErrnoException & { code?: unknown }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** Everything a client can read from a store, for comparing two of them. */
async function contents(store: Store): Promise<unknown> {
  const incidents = await store.listIncidents('all');
  const timelines = await Promise.all(incidents.slice(0, 50).map((incident) => store.getIncident(incident.id)));
  return {
    incidents,
    timelines,
    changes: await store.changesAfter(0, 100_000),
    events: await store.eventPage(0, 100_000),
    tokens: await store.tokens(),
    latestSeq: await store.latestSeq(),
    page: await store.incidentPage({ filter: 'active', limit: 25, since: '2026-01-02T00:00:00.000Z' }),
  };
}

/** A SQLite data folder like a busy server's: 1,000 incidents, their events, tokens and idempotency records. */
async function busyDataFolder(dataDir: string): Promise<void> {
  const store = SqliteStore.open(dataDir, { synchronous: 'off' });
  try {
    for (let i = 0; i < 1000; i++) {
      const at = new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString();
      const { value } = await store.declare(
        { title: `Incident ${i} – ünïcode ✓`, severity: (i % 5) as 0, author: 'alertmanager', services: [`svc-${i % 7}`], roles: { commander: 'ana', smes: [] } },
        { at, ...(i % 10 === 0 ? { idempotency: { key: `alert-${i}`, fingerprint: `f-${i}` } } : {}) },
      );
      if (i % 3 === 0) await store.appendEvent(value.id, { type: 'note', author: 'ana', text: `note ${i}` }, { at });
      if (i % 4 === 0) await store.update(value.id, { status: 'resolved' }, { author: 'ana', at });
    }
    for (const name of ['maya.chen', 'alertmanager']) {
      await store.addToken({ name, scope: 'responder', hash: hashToken(`idt_${name}`), createdAt: '2026-01-01T00:00:00.000Z' });
    }
  } finally {
    await store.close();
  }
}

describe('db migrate: a SQLite data folder into an empty PostgreSQL database (the real CLI)', function () {
  this.timeout(120_000);
  let dataDir: string;
  let database: Awaited<ReturnType<typeof createEmptyDatabase>>;

  beforeEach(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'incident-desk-migrate-'));
    database = await createEmptyDatabase();
  });

  afterEach(async () => {
    fs.rmSync(dataDir, { recursive: true, force: true });
    await database.drop();
  });

  it('copies 1,000 incidents with their events, tokens and idempotency records, verified, and refuses to run twice', async () => {
    await busyDataFolder(dataDir);
    const { url, password } = splitPassword(database.url);
    const run = await runCli(['db', 'migrate', '--from-data', dataDir, '--to-database-url', url], { PGPASSWORD: password });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^incidents +1000 rows {2}sha256 [0-9a-f]{64}$/m);
    assert.match(run.stdout, /^tokens +2 rows/m);
    assert.match(run.stdout, /^idempotency_keys +100 rows/m);
    assert.match(run.stderr, /every table matches/);

    const sqlite = SqliteStore.open(dataDir);
    const postgres = await PostgresStore.open({ connectionString: database.url });
    try {
      assert.deepEqual(await contents(postgres), await contents(sqlite));
      // An offline queue replaying an old write gets the old answer, not a second incident.
      const replay = await postgres.declare({ title: 'Incident 0 – ünïcode ✓', severity: 0, author: 'alertmanager' }, { idempotency: { key: 'alert-0', fingerprint: 'f-0' } });
      assert.equal(replay.replayed, true);
      assert.equal(replay.value.id, 'INC-1');
      // New numbers continue after the copied ones.
      const next = await postgres.declare({ title: 'After the move', severity: 2, author: 'ana' });
      assert.equal(next.value.id, 'INC-1001');
      assert.equal(await postgres.latestSeq(), (await sqlite.latestSeq()) + 1);
    } finally {
      await sqlite.close();
      await postgres.close();
    }

    const again = await runCli(['db', 'migrate', '--from-data', dataDir, '--to-database-url', url], { PGPASSWORD: password });
    assert.equal(again.code, 1);
    assert.match(again.stderr, /not empty \(1001 incidents.*nothing was copied/);
    const [count] = await sql<{ n: string }>(database.url, 'SELECT COUNT(*) AS n FROM incidents');
    assert.equal(Number(count?.n), 1001, 'the refused run changed nothing');
  });
});

describe('db backup and restore (SQLite, the real CLI)', function () {
  this.timeout(60_000);
  let root: string;

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'incident-desk-backup-'));
  });

  afterEach(() => {
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('backs up a folder while it is being written, restores it into an empty folder, and refuses to overwrite', async () => {
    const dataDir = path.join(root, 'data');
    const store = SqliteStore.open(dataDir);
    for (let i = 0; i < 50; i++) await store.declare({ title: `i${i}`, severity: 2, author: 'a' });
    await store.addToken({ name: 'maya.chen', scope: 'viewer', hash: hashToken('idt_m'), createdAt: '2026-01-01T00:00:00.000Z' });
    const backupFile = path.join(root, 'desk.backup');
    // Writes go on during the backup; the copy is one committed moment, whichever.
    const writing = (async () => {
      for (let i = 0; i < 50; i++) await store.appendEvent('INC-1', { type: 'note', author: 'a', text: `n${i}` });
    })();
    const backup = await runCli(['db', 'backup', '--data', dataDir, '--out', backupFile]);
    await writing;
    assert.equal(backup.code, 0, backup.stderr);
    assert.match(backup.stderr, /Backed up \d+ pages \(schema version \d+\)/);

    const restoredDir = path.join(root, 'restored');
    const restore = await runCli(['db', 'restore', '--from', backupFile, '--data', restoredDir]);
    assert.equal(restore.code, 0, restore.stderr);
    const restored = SqliteStore.open(restoredDir);
    try {
      assert.equal((await restored.listIncidents('all')).length, 50);
      assert.deepEqual((await restored.tokens()).map((t) => t.name), ['maya.chen']);
      const seq = await restored.latestSeq();
      assert.ok(seq >= 50 && seq <= 100, `a committed moment between the two bursts (${seq})`);
      assert.deepEqual(await restored.changesAfter(0, 1000), await store.changesAfter(0, seq));
    } finally {
      await restored.close();
      await store.close();
    }

    const overwrite = await runCli(['db', 'restore', '--from', backupFile, '--data', dataDir]);
    assert.equal(overwrite.code, 1);
    assert.match(overwrite.stderr, /already holds a database/);
    const twice = await runCli(['db', 'backup', '--data', dataDir, '--out', backupFile]);
    assert.equal(twice.code, 1);
    assert.match(twice.stderr, /already exists/);
    const notOurs = path.join(root, 'other.sqlite');
    fs.writeFileSync(notOurs, '');
    const bogus = await runCli(['db', 'restore', '--from', notOurs, '--data', path.join(root, 'third')]);
    assert.equal(bogus.code, 1);
    assert.match(bogus.stderr, /not an Incident Desk database/);
  });
});
