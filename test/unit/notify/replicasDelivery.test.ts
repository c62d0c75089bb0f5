import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createToken } from '../../../src/server/index';
import { spawnServer, stopProcess, type ServerProcess } from '../server/cliProcess';
import { createEmptyDatabase, splitPassword } from '../server/postgresFixture';
import { eventually, Receiver, WEBHOOK_SECRET } from './notifyFixture';

describe('two replicas on PostgreSQL deliver each message once', function () {
  this.timeout(120_000);
  let dir: string;
  let replicas: ServerProcess[] = [];
  let receiver: Receiver;
  let drop: () => Promise<void>;

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'incident-desk-notify-replicas-'));
    receiver = await Receiver.start();
  });
  afterEach(async () => {
    await Promise.all(replicas.map((replica) => stopProcess(replica)));
    replicas = [];
    await receiver.close();
    await drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('sends every (event, channel) exactly once while both replicas poll the same outbox', async () => {
    const database = await createEmptyDatabase();
    drop = database.drop;
    const { url, password } = splitPassword(database.url);
    const configFile = path.join(dir, 'config.yaml');
    fs.writeFileSync(
      configFile,
      [
        'server:',
        `  database: ${url}`,
        'notify:',
        '  channels:',
        '    - name: status',
        '      type: webhook',
        '      audience: external',
        `      url: ${receiver.url}`,
        '      secret: { env: TEST_HOOK_SECRET }',
        '  routes:',
        '    - channels: [status]',
        '      events: [declared, status_update]',
        '  delivery: { poll_ms: 20, timeout_ms: 2000 }',
      ].join('\n'),
    );
    const token = await createToken({ database: { connectionString: database.url } }, { name: 'comms' });
    const env = { ...process.env, TEST_HOOK_SECRET: WEBHOOK_SECRET };
    replicas = await Promise.all([0, 1].map(() => spawnServer({ configFile, password }, [], { env })));
    // A slow receiver widens the window in which both replicas look at the same due rows.
    receiver.responder = () => ({ status: 200 });
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const ids: string[] = [];
    for (let i = 0; i < 4; i += 1) {
      const declared = await fetch(`${replicas[i % 2]!.url}/v1/incidents`, { method: 'POST', headers, body: JSON.stringify({ title: `Outage ${i}`, severity: 1 }) });
      ids.push(((await declared.json()) as { id: string }).id);
    }
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        fetch(`${replicas[i % 2]!.url}/v1/incidents/${ids[i % 4]!}/events`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ type: 'status_update', audience: 'external', conditions: `update ${i}`, actions: '', needs: '' }),
        }).then((response) => assert.equal(response.status, 201)),
      ),
    );
    await eventually(() => assert.equal(receiver.requests.length >= 44, true, `${receiver.requests.length} received`), 30_000);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const byId = new Map<string, number>();
    for (const request of receiver.requests) byId.set(String(request.headers['webhook-id']), (byId.get(String(request.headers['webhook-id'])) ?? 0) + 1);
    assert.equal(byId.size, 44);
    assert.deepEqual([...new Set(byId.values())], [1], 'no message sent twice');
  });
});
