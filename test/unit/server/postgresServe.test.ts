import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import type { Incident } from '../../../src/core/incidents/model';
import { createToken } from '../../../src/server/index';
import { eventually } from '../notify/notifyFixture';
import { spawnServer, stopProcess, type ServerProcess } from './cliProcess';
import { createEmptyDatabase, splitPassword } from './postgresFixture';
import { call, type Reply } from './rawCall';

interface ErrorBody {
  error: { code: string; message: string };
}

/** The reply, which this test needs: the server behind the relay stays up. */
async function request(url: string, token: string, method: string, pathname: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply> {
  const reply = await call(url, token, method, pathname, body, headers);
  assert.ok(reply, `${method} ${pathname}: the connection to the server died`);
  return reply;
}

/**
 * A TCP relay in front of PostgreSQL on a fixed port: `cut()` drops every connection and
 * refuses new ones, as a database host that went away does; `restore()` listens again.
 */
class DatabaseLink {
  private server: net.Server | undefined;
  private readonly sockets = new Set<net.Socket>();
  port = 0;

  constructor(private readonly target: { host: string; port: number }) {}

  async restore(): Promise<void> {
    const server = net.createServer((client) => {
      const upstream = net.connect(this.target.port, this.target.host);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => socket.destroy());
      }
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as net.AddressInfo).port;
    this.server = server;
  }

  async cut(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

describe('a real `serve` on PostgreSQL, reached through a relay the test can cut', function () {
  this.timeout(120_000);
  let drop: () => Promise<void>;
  let link: DatabaseLink;
  let server: ServerProcess | undefined;
  let token: string;

  beforeEach(async () => {
    const database = await createEmptyDatabase();
    drop = database.drop;
    token = await createToken({ database: { connectionString: database.url } }, { name: 'alice' });
    const direct = new URL(database.url);
    link = new DatabaseLink({ host: direct.hostname, port: Number(direct.port || 5432) });
    await link.restore();
    const relayed = new URL(database.url);
    relayed.hostname = '127.0.0.1';
    relayed.port = String(link.port);
    const { url, password } = splitPassword(relayed.toString());
    server = await spawnServer({ databaseUrl: url, password });
  });

  afterEach(async () => {
    await stopProcess(server);
    await link.cut();
    await drop();
  });

  it('answers 503 with Retry-After and is not ready, stays up, and takes the same write once when the database is back', async () => {
    const url = server?.url ?? '';
    const before = await request(url, token, 'POST', '/v1/incidents', { title: 'Before the outage', severity: 3 });
    assert.equal(before.status, 201, before.body);

    await link.cut();
    const key = { 'idempotency-key': 'outage-write-1' };
    const refused = await request(url, token, 'POST', '/v1/incidents', { title: 'During the outage', severity: 2 }, key);
    assert.equal(refused.status, 503, refused.body);
    assert.equal((JSON.parse(refused.body) as ErrorBody).error.code, 'store_busy');
    assert.match(refused.body, /cannot be reached|busy/);
    assert.ok(Number(refused.headers['retry-after']) > 0, `Retry-After: ${String(refused.headers['retry-after'])}`);
    const read = await request(url, token, 'GET', '/v1/incidents');
    assert.equal(read.status, 503, `a read during the outage: ${read.body}`);
    const ready = await request(url, token, 'GET', '/v1/ready');
    assert.equal(ready.status, 503, ready.body);
    assert.equal((JSON.parse(ready.body) as ErrorBody).error.code, 'not_ready');
    assert.equal(server?.child.exitCode, null, `the server is still running (stderr: ${server?.stderr() ?? ''})`);

    await link.restore();
    // The pool reconnects on its own: the client's retry of the same key goes through.
    const stored = await eventually(async () => {
      const reply = await request(url, token, 'POST', '/v1/incidents', { title: 'During the outage', severity: 2 }, key);
      assert.equal(reply.status, 201, reply.body);
      return JSON.parse(reply.body) as Incident;
    }, 30_000);
    const again = await request(url, token, 'POST', '/v1/incidents', { title: 'During the outage', severity: 2 }, key);
    assert.equal((JSON.parse(again.body) as Incident).id, stored.id, 'a replay of the key is the same incident');
    const list = JSON.parse((await request(url, token, 'GET', '/v1/incidents')).body) as { incidents: Incident[] } | Incident[];
    const incidents = Array.isArray(list) ? list : list.incidents;
    assert.deepEqual(incidents.map((incident) => incident.title).sort(), ['Before the outage', 'During the outage']);
    assert.equal((await request(url, token, 'GET', '/v1/ready')).status, 200);
  });

  it('shows its pool and its store calls in /metrics', async () => {
    const url = server?.url ?? '';
    assert.equal((await request(url, token, 'POST', '/v1/incidents', { title: 'Counted', severity: 3 })).status, 201);
    const scrape = await request(url, token, 'GET', '/metrics');
    assert.equal(scrape.status, 200);
    const sample = (name: string, labels: string): number | undefined => {
      const line = scrape.body.split('\n').find((l) => l.startsWith(`${name}{`) && l.includes(labels));
      return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
    };
    const total = sample('incident_desk_store_pool_connections', 'state="total"');
    const idle = sample('incident_desk_store_pool_connections', 'state="idle"');
    assert.ok(total !== undefined && total >= 1, `pool total: ${String(total)}\n${scrape.body}`);
    assert.ok(idle !== undefined && idle <= total, `pool idle: ${String(idle)}`);
    assert.equal(sample('incident_desk_store_pool_connections', 'state="waiting"'), 0);
    const declares = sample('incident_desk_store_operation_duration_seconds_count', 'operation="declare"');
    assert.ok(declares !== undefined && declares >= 1, `declare calls counted: ${String(declares)}`);
  });
});
