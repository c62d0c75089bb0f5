import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MIGRATIONS } from '../../../src/server/store/migrations';
import { openDatabase } from '../../../src/server/store/sqlite';
import { DATABASE_FILE, SqliteStore } from '../../../src/server/store/sqliteStore';
import { hashToken } from '../../../src/server/tokens';
import { CLI, spawnServer, stopProcess, type ServerProcess } from './cliProcess';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** The built command line in its own process, as an operator runs it. */
function runCli(args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { encoding: 'utf8' }, (error, stdout, stderr) =>
      resolve({ code: error ? Number((error as NodeJS.ErrnoException & { code?: unknown }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

async function status(url: string, token: string): Promise<number> {
  return (await fetch(`${url}/v1/me`, { headers: { authorization: `Bearer ${token}` } })).status;
}

describe('tokens: create, list, revoke (the real CLI against a data folder)', function () {
  this.timeout(60_000);
  let dataDir: string;
  let server: ServerProcess | undefined;

  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'incident-desk-tokens-'));
  });

  afterEach(async () => {
    await stopProcess(server);
    server = undefined;
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('creates named, scoped tokens, lists them without secrets and refuses bad or duplicate names', async () => {
    const maya = await runCli(['token', 'create', '--name', 'maya.chen', '--data', dataDir]);
    assert.equal(maya.code, 0, maya.stderr);
    assert.match(maya.stdout, /^idt_[A-Za-z0-9_-]{43}\n$/);
    const bot = await runCli(['token', 'create', '--name', 'alertmanager', '--scope', 'integration', '--data', dataDir]);
    assert.equal(bot.code, 0, bot.stderr);

    const duplicate = await runCli(['token', 'create', '--name', 'maya.chen', '--data', dataDir]);
    assert.equal(duplicate.code, 1);
    assert.match(duplicate.stderr, /already a token named 'maya\.chen'/);
    assert.equal((await runCli(['token', 'create', '--data', dataDir])).code, 2, '--name is required');
    const badScope = await runCli(['token', 'create', '--name', 'x', '--scope', 'admin', '--data', dataDir]);
    assert.equal(badScope.code, 2);
    assert.match(badScope.stderr, /responder, viewer, integration/);
    assert.equal((await runCli(['token', 'create', '--name', 'has space', '--data', dataDir])).code, 1);
    assert.equal((await runCli(['token', 'create', '--name', 'legacy-3', '--data', dataDir])).code, 1, 'legacy names are reserved');

    const table = await runCli(['token', 'list', '--data', dataDir]);
    assert.equal(table.code, 0, table.stderr);
    const lines = table.stdout.trimEnd().split('\n');
    assert.match(lines[0] ?? '', /^NAME\s+SCOPE\s+CREATED$/);
    assert.match(lines[1] ?? '', /^maya\.chen\s+responder\s+\d{4}-\d\d-\d\dT/);
    assert.match(lines[2] ?? '', /^alertmanager\s+integration\s+/);
    const json = JSON.parse((await runCli(['token', 'list', '--json', '--data', dataDir])).stdout) as Record<string, unknown>[];
    assert.deepEqual(json.map((t) => Object.keys(t).sort()), [['createdAt', 'name', 'scope'], ['createdAt', 'name', 'scope']]);
    for (const output of [table.stdout, JSON.stringify(json)]) {
      for (const secret of [maya.stdout.trim(), bot.stdout.trim()]) {
        assert.ok(!output.includes(secret) && !output.includes(hashToken(secret)), 'never a secret or its digest');
      }
    }

    const revoked = await runCli(['token', 'revoke', 'maya.chen', '--data', dataDir]);
    assert.equal(revoked.code, 0, revoked.stderr);
    assert.doesNotMatch((await runCli(['token', 'list', '--data', dataDir])).stdout, /maya\.chen/);
    const again = await runCli(['token', 'revoke', 'maya.chen', '--data', dataDir]);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /no token named 'maya\.chen'/);
  });

  it('a running server stops accepting a revoked token within seconds, and the others keep working', async () => {
    const maya = (await runCli(['token', 'create', '--name', 'maya.chen', '--data', dataDir])).stdout.trim();
    const other = (await runCli(['token', 'create', '--name', 'diego', '--data', dataDir])).stdout.trim();
    server = await spawnServer(dataDir);
    assert.equal(await status(server.url, maya), 200);

    const revoked = await runCli(['token', 'revoke', 'maya.chen', '--data', dataDir]);
    assert.equal(revoked.code, 0, revoked.stderr);
    const start = Date.now();
    while ((await status(server.url, maya)) !== 401) {
      assert.ok(Date.now() - start < 5000, 'still accepted 5 s after revoke');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.equal(await status(server.url, other), 200);

    // A token created while the server runs works at once.
    const late = (await runCli(['token', 'create', '--name', 'late', '--data', dataDir])).stdout.trim();
    assert.equal(await status(server.url, late), 200);
  });

  it('keeps tokens from a version 1 database working as legacy-N, in creation order, and backfills resolvedAt', async () => {
    // A database exactly as the first release left it.
    const db = openDatabase(path.join(dataDir, DATABASE_FILE), 1000);
    const [first] = MIGRATIONS;
    assert.equal(first?.version, 1);
    db.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
    db.exec(first.sql);
    db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (1, ?)').run('2026-01-01T00:00:00.000Z');
    const older = 'idt_older_token_from_release_one';
    const newer = 'idt_newer_token_from_release_one';
    db.prepare('INSERT INTO tokens (hash, created_at) VALUES (?, ?)').run(hashToken(newer), '2026-02-01T00:00:00.000Z');
    db.prepare('INSERT INTO tokens (hash, created_at) VALUES (?, ?)').run(hashToken(older), '2026-01-01T00:00:00.000Z');
    const doc = { id: 'INC-1', title: 'Old', severity: 2, status: 'resolved', services: [], customers: [], tags: [], roles: { smes: [] }, declaredAt: '2026-01-05T00:00:00.000Z', resolvedAt: '2026-01-06T00:00:00.000Z', summary: '', version: 3 };
    db.prepare('INSERT INTO incidents (status, severity, declared_at, doc) VALUES (?, ?, ?, ?)').run('resolved', 2, doc.declaredAt, JSON.stringify(doc));
    db.close();

    const store = SqliteStore.open(dataDir);
    const tokens = await store.tokens();
    const page = await store.incidentPage({ filter: 'resolved', since: '2026-01-06T00:00:00.000Z', limit: 10 });
    await store.close();
    assert.deepEqual(tokens.map((t) => [t.name, t.scope, t.hash]), [
      ['legacy-1', 'responder', hashToken(older)],
      ['legacy-2', 'responder', hashToken(newer)],
    ]);
    assert.deepEqual(page.incidents.map((i) => i.id), ['INC-1'], 'resolved_at was filled from the stored document');

    server = await spawnServer(dataDir);
    const me = await fetch(`${server.url}/v1/me`, { headers: { authorization: `Bearer ${older}` } });
    assert.deepEqual(await me.json(), { name: 'legacy-1', scope: 'responder' });
  });
});
