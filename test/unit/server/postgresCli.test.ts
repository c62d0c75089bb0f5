import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFile } from 'node:child_process';
import { CLI, spawnServer, stopProcess, type ServerProcess } from './cliProcess';
import { createEmptyDatabase, splitPassword, sql } from './postgresFixture';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function runCli(args: string[], env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { encoding: 'utf8', env }, (error, stdout, stderr) =>
      resolve({ code: error ? Number((error as NodeJS.ErrnoException & { code?: unknown }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** The environment without any PostgreSQL password or URL the test runner may carry. */
function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.PGPASSWORD;
  delete env.INCIDENT_DESK_DATABASE_URL;
  return { ...env, ...extra };
}

describe('serve and token on PostgreSQL (the real CLI, a real password check)', function () {
  this.timeout(60_000);
  let database: Awaited<ReturnType<typeof createEmptyDatabase>>;
  let server: ServerProcess | undefined;

  beforeEach(async () => {
    database = await createEmptyDatabase();
  });

  afterEach(async () => {
    await stopProcess(server);
    server = undefined;
    await database.drop();
  });

  it('creates and lists tokens with --database-url and PGPASSWORD, and a server started from INCIDENT_DESK_DATABASE_URL accepts them', async () => {
    const { url, password } = splitPassword(database.url);
    const created = await runCli(['token', 'create', '--name', 'maya.chen', '--database-url', url], cleanEnv({ PGPASSWORD: password }));
    assert.equal(created.code, 0, created.stderr);
    const token = created.stdout.trim();
    assert.match(token, /^idt_/);
    const listed = await runCli(['token', 'list', '--json'], cleanEnv({ INCIDENT_DESK_DATABASE_URL: database.url }));
    assert.equal(listed.code, 0, listed.stderr);
    assert.deepEqual((JSON.parse(listed.stdout) as { name: string }[]).map((t) => t.name), ['maya.chen']);

    server = await spawnServer({ databaseUrl: url, password }, [], { env: cleanEnv() });
    const me = await fetch(`${server.url}/v1/me`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(me.status, 200);
    assert.equal(((await me.json()) as { name: string }).name, 'maya.chen');
    const revoked = await runCli(['token', 'revoke', 'maya.chen', '--database-url', url], cleanEnv({ PGPASSWORD: password }));
    assert.equal(revoked.code, 0, revoked.stderr);
  });

  it('serves the database named by server.database in the config file, the password from PGPASSWORD', async () => {
    const { url, password } = splitPassword(database.url);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'incident-desk-pgconfig-'));
    try {
      const configFile = path.join(dir, 'config.yaml');
      fs.writeFileSync(configFile, `server:\n  database: ${url}\n`);
      const created = await runCli(['token', 'create', '--name', 'ops', '--database-url', url], cleanEnv({ PGPASSWORD: password }));
      assert.equal(created.code, 0, created.stderr);
      server = await spawnServer({ configFile, password }, [], { env: cleanEnv() });
      const me = await fetch(`${server.url}/v1/me`, { headers: { authorization: `Bearer ${created.stdout.trim()}` } });
      assert.equal(me.status, 200);
      assert.deepEqual(fs.readdirSync(dir), ['config.yaml'], 'no SQLite file appears anywhere near');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('an explicit --data means SQLite even when INCIDENT_DESK_DATABASE_URL is set', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'incident-desk-pgdata-'));
    try {
      server = await spawnServer(dir, [], { env: cleanEnv({ INCIDENT_DESK_DATABASE_URL: database.url }) });
      assert.ok(fs.existsSync(path.join(dir, 'incident-desk.sqlite')));
      const tables = await sql(database.url, "SELECT 1 FROM information_schema.tables WHERE table_name = 'incidents'");
      assert.equal(tables.length, 0, 'the database was not touched');
    } finally {
      await stopProcess(server);
      server = undefined;
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a password inside --database-url without echoing it, and fails clearly without one', async () => {
    const withPassword = await runCli(['token', 'list', '--database-url', database.url], cleanEnv());
    assert.equal(withPassword.code, 1);
    assert.match(withPassword.stderr, /must not contain a password.*PGPASSWORD.*INCIDENT_DESK_DATABASE_URL/s);
    assert.ok(!withPassword.stderr.includes(splitPassword(database.url).password), 'the password is not printed');

    const serve = await runCli(['serve', '--port', '0', '--database-url', database.url], cleanEnv());
    assert.equal(serve.code, 1);
    assert.match(serve.stderr, /must not contain a password/);

    const noPassword = await runCli(['token', 'list', '--database-url', splitPassword(database.url).url], cleanEnv());
    assert.notEqual(noPassword.code, 0);
    assert.match(noPassword.stderr, /asks for a password and none was given: set PGPASSWORD/);

    const both = await runCli(['serve', '--port', '0', '--data', '/tmp/x', '--database-url', splitPassword(database.url).url], cleanEnv());
    assert.equal(both.code, 2, both.stderr);
    assert.match(both.stderr, /exclude each other/);
  });
});
