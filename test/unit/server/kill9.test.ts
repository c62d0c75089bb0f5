import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Incident, IncidentWithTimeline, TimelineEvent } from '../../../src/core/incidents/model';
import { createToken } from '../../../src/server/index';
import { spawnServer, stopProcess, type ServerProcess } from './cliProcess';

interface Reply {
  status: number;
  body: string;
}

/** One request on its own connection; resolves with the reply or undefined when the connection died. */
function call(url: string, token: string, method: string, pathname: string, body?: unknown): Promise<Reply | undefined> {
  return new Promise((resolve) => {
    const request = http.request(
      url + pathname,
      { method, agent: false, headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) } },
      (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
        response.on('error', () => resolve(undefined));
      },
    );
    request.on('error', () => resolve(undefined));
    request.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

describe('durability: kill -9 during a burst of writes', function () {
  this.timeout(60_000);
  let dataDir: string;
  let server: ServerProcess | undefined;

  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'incident-desk-kill9-'));
  });

  afterEach(async () => {
    await stopProcess(server);
    server = undefined;
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps every write that was acknowledged before the kill', async () => {
    const token = await createToken(dataDir, { name: 'burst' });
    server = await spawnServer(dataDir);
    const seed = await call(server.url, token, 'POST', '/v1/incidents', { title: 'Burst target', severity: 2 });
    assert.equal(seed?.status, 201);
    const target = (JSON.parse(seed?.body ?? '{}') as Incident).id;

    const BURST = 400;
    const KILL_AFTER = 120;
    const acknowledgedEvents: TimelineEvent[] = [];
    const acknowledgedIncidents: Incident[] = [];
    let acknowledged = 0;
    let killed = false;
    const victim = server;
    const onAcknowledged = (): void => {
      acknowledged++;
      if (acknowledged >= KILL_AFTER && !killed) {
        killed = true;
        victim.child.kill('SIGKILL');
      }
    };

    const burst = Array.from({ length: BURST }, async (_, i) => {
      if (i % 4 === 0) {
        const reply = await call(victim.url, token, 'POST', '/v1/incidents', { title: `burst incident ${i}`, severity: 3 });
        if (reply?.status === 201) {
          acknowledgedIncidents.push(JSON.parse(reply.body) as Incident);
          onAcknowledged();
        }
      } else {
        const reply = await call(victim.url, token, 'POST', `/v1/incidents/${target}/events`, { type: 'note', text: `burst note ${i}` });
        if (reply?.status === 201) {
          acknowledgedEvents.push(JSON.parse(reply.body) as TimelineEvent);
          onAcknowledged();
        }
      }
    });
    await Promise.all(burst);
    const exit = await victim.exited;
    assert.ok(killed, `the kill happened mid-burst (${acknowledged} of ${BURST} acknowledged)`);
    assert.equal(exit.signal, 'SIGKILL');
    assert.ok(acknowledged < BURST, 'some writes were cut off by the kill, so the test covered a real crash');

    server = await spawnServer(dataDir);
    const after = await call(server.url, token, 'GET', `/v1/incidents/${target}`);
    assert.equal(after?.status, 200);
    const timeline = (JSON.parse(after?.body ?? '{}') as IncidentWithTimeline).timeline;
    const stored = new Map(timeline.map((event) => [event.id, event]));
    for (const event of acknowledgedEvents) {
      assert.deepEqual(stored.get(event.id), event, `acknowledged event ${event.id} survived intact`);
    }
    for (const event of timeline) {
      if (event.type === 'note') assert.match(event.text, /^burst note \d+$/, 'no torn or partial rows');
    }

    const all = await call(server.url, token, 'GET', '/v1/incidents?status=all');
    const incidents = new Map((JSON.parse(all?.body ?? '{}') as { incidents: Incident[] }).incidents.map((i) => [i.id, i]));
    for (const incident of acknowledgedIncidents) {
      assert.deepEqual(incidents.get(incident.id), incident, `acknowledged incident ${incident.id} survived`);
    }

    // The restarted server keeps working on the same file.
    const next = await call(server.url, token, 'POST', `/v1/incidents/${target}/events`, { type: 'note', text: 'after the crash' });
    assert.equal(next?.status, 201);
  });

  it('shuts down cleanly on SIGTERM after printing exactly one line', async () => {
    await createToken(dataDir, { name: 'smoke' });
    server = await spawnServer(dataDir, ['--demo']);
    const health = await call(server.url, '', 'GET', '/v1/health');
    assert.equal(health?.status, 200);
    server.child.kill('SIGTERM');
    const exit = await server.exited;
    assert.equal(exit.code, 0);
    const lines = server.stdout().split('\n').filter(Boolean);
    assert.equal(lines.length, 1);
    assert.match(lines[0] ?? '', /^Incident Desk server listening on http:\/\/127\.0\.0\.1:\d+$/);
  });
});
