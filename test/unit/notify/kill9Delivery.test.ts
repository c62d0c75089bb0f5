import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createToken } from '../../../src/server/index';
import { spawnServer, stopProcess, type ServerProcess } from '../server/cliProcess';
import { eventually, Receiver, WEBHOOK_SECRET } from './notifyFixture';

/** Answered-with-2xx requests per webhook-id: what "delivered" means to the receiver. */
function confirmedById(receiver: Receiver, answered: Map<number, number>): Map<string, number> {
  const counts = new Map<string, number>();
  receiver.requests.forEach((request, index) => {
    if ((answered.get(index + 1) ?? 0) >= 300) return;
    const id = String(request.headers['webhook-id']);
    counts.set(id, (counts.get(id) ?? 0) + 1);
  });
  return counts;
}

describe('delivery survives kill -9', function () {
  this.timeout(90_000);
  let dir: string;
  let server: ServerProcess | undefined;
  let receiver: Receiver;

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'incident-desk-notify-kill9-'));
    receiver = await Receiver.start();
  });
  afterEach(async () => {
    await stopProcess(server);
    server = undefined;
    await receiver.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('delivers 50 pending deliveries after a restart, each exactly once', async () => {
    const dataDir = path.join(dir, 'data');
    const configFile = path.join(dir, 'config.yaml');
    fs.writeFileSync(
      configFile,
      [
        'server:',
        `  data: ${dataDir}`,
        'notify:',
        '  channels:',
        '    - name: status',
        '      type: webhook',
        '      audience: external',
        `      url: ${receiver.url}`,
        '      secret: { env: TEST_HOOK_SECRET }',
        '  routes:',
        '    - channels: [status]',
        '      events: [status_update]',
        '      audiences: [external]',
        '  delivery: { max_attempts: 100, base_delay_ms: 50, max_delay_ms: 200, poll_ms: 50, timeout_ms: 1000 }',
      ].join('\n'),
    );
    const token = await createToken(dataDir, { name: 'comms' });
    const env = { ...process.env, TEST_HOOK_SECRET: WEBHOOK_SECRET };
    // The receiver is down for the first life of the server: every attempt fails, nothing is confirmed.
    const answered = new Map<number, number>();
    let up = false;
    receiver.responder = (_request, n) => {
      const status = up ? 200 : 503;
      answered.set(n, status);
      return { status };
    };
    server = await spawnServer({ configFile }, [], { env });
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const declared = await fetch(`${server.url}/v1/incidents`, { method: 'POST', headers, body: JSON.stringify({ title: 'Outage', severity: 1 }) });
    const id = ((await declared.json()) as { id: string }).id;
    for (let i = 0; i < 50; i += 1) {
      const response = await fetch(`${server.url}/v1/incidents/${id}/events`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ type: 'status_update', audience: 'external', conditions: `update ${i}`, actions: '', needs: '' }),
      });
      assert.equal(response.status, 201);
    }
    await eventually(() => assert.ok(receiver.requests.length >= 50, 'attempts are being made'));
    server.child.kill('SIGKILL');
    await server.exited;
    server = undefined;

    up = true;
    server = await spawnServer({ configFile }, [], { env });
    await eventually(async () => {
      const response = await fetch(`${server!.url}/v1/incidents/${id}/deliveries`, { headers });
      const { deliveries } = (await response.json()) as { deliveries: { status: string }[] };
      assert.equal(deliveries.length, 50);
      assert.ok(deliveries.every((d) => d.status === 'delivered'), `${deliveries.filter((d) => d.status !== 'delivered').length} not delivered yet`);
    }, 40_000);
    // Nothing arrives late, either.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const confirmed = confirmedById(receiver, answered);
    assert.equal(confirmed.size, 50);
    assert.deepEqual([...new Set(confirmed.values())], [1], 'each message confirmed exactly once');
  });
});
