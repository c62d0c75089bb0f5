import * as assert from 'node:assert/strict';
import { BackendError } from '../../../src/backends/backend';
import { decodeDeliveryList } from '../../../src/backends/desk/decodeDeliveries';
import { DeskBackend } from '../../../src/backends/desk/deskBackend';
import { signingKey } from '../../../src/server/notify/config';
import { eventually, NotifyServer, Receiver, WEBHOOK_SECRET } from '../notify/notifyFixture';

describe('DeskBackend deliveries against the real server', function () {
  this.timeout(30_000);
  let receiver: Receiver;
  let server: NotifyServer;
  let backend: DeskBackend;

  beforeEach(async () => {
    receiver = await Receiver.start();
    // A webhook that is gone: a 404 is final, so the first try makes a dead letter.
    receiver.responder = () => ({ status: 404 });
    server = await NotifyServer.start({
      channels: [{ name: 'status-hook', type: 'webhook', label: 'status webhook', audience: 'external', transport: { type: 'webhook', url: receiver.url, secret: signingKey(WEBHOOK_SECRET) } }],
      routes: [{ channels: ['status-hook'], severities: [2], events: ['declared'], audiences: [] }],
    });
    backend = new DeskBackend({ baseUrl: server.url, token: server.token, retry: { retries: 0 } });
  });

  afterEach(async () => {
    await server.dispose();
    await receiver.close();
  });

  it('lists the dead letter with its error and tries, sends it again on retry, and answers a second retry with conflict', async () => {
    const id = await server.declare({ severity: 2 });
    const dead = await eventually(async () => {
      const { deliveries, skipped } = await backend.listDeliveries(id);
      assert.deepEqual(skipped, []);
      assert.equal(deliveries.length, 1);
      assert.equal(deliveries[0]!.status, 'dead');
      return deliveries[0]!;
    });
    assert.equal(dead.incidentId, id);
    assert.equal(dead.channel, 'status-hook');
    assert.equal(dead.attempts, 1);
    assert.match(dead.lastError ?? '', /^404 from /);
    assert.equal(dead.deliveredAt, null);
    assert.equal(receiver.requests.length, 1);

    receiver.responder = () => ({ status: 200 });
    const after = await backend.retryDelivery(id, dead.id);
    assert.equal(after.deliveries.find((delivery) => delivery.id === dead.id)?.status === 'dead', false, 'no longer a dead letter');
    await eventually(async () => assert.equal((await backend.listDeliveries(id)).deliveries[0]!.status, 'delivered'));
    assert.equal(receiver.requests.length, 2, 'sent once more, once');

    const again = await backend.retryDelivery(id, dead.id).then(() => undefined, (error: unknown) => error);
    assert.ok(again instanceof BackendError && again.kind === 'conflict', `a delivered one is not retried: ${String(again)}`);
  });

  it('rejects an unknown incident or delivery as not_found', async () => {
    const id = await server.declare({ severity: 2 });
    for (const call of [backend.listDeliveries('INC-999999'), backend.retryDelivery(id, 'EV-1.nope')]) {
      const error = await call.then(() => undefined, (e: unknown) => e);
      assert.ok(error instanceof BackendError && error.kind === 'not_found', String(error));
    }
  });
});

describe('the delivery list decoder', () => {
  const good = { id: 'EV-1.exec', incidentId: 'INC-1', eventId: 'EV-1', channel: 'exec', status: 'dead', attempts: 5, nextAttemptAt: null, lastError: '404 from Teams', deliveredAt: null, createdAt: '2026-12-01T10:00:00.000Z' };

  it('keeps the entries it can read and names the others', () => {
    const list = decodeDeliveryList(
      { deliveries: [good, { ...good, id: 'EV-2.exec', status: 'lost' }, { ...good, id: '' }, { ...good, attempts: -1 }, { ...good, lastError: 7 }, 'nope', { ...good, id: 'EV-3.exec', lastError: null }] },
      'GET deliveries',
    );
    assert.deepEqual(list.deliveries.map((delivery) => delivery.id), ['EV-1.exec', 'EV-3.exec']);
    assert.deepEqual(list.skipped.map((entry) => entry.index), [1, 2, 3, 4, 5]);
    assert.match(list.skipped[0]!.problem, /deliveries\[1\]\.status/);
    assert.match(list.skipped[3]!.problem, /deliveries\[4\]\.lastError/);
  });

  it('copies only the documented fields and refuses a body that is not a list', () => {
    const [decoded] = decodeDeliveryList({ deliveries: [{ ...good, webhookUrl: 'https://secret' }] }, 'x').deliveries;
    assert.deepEqual(decoded, good);
    for (const body of [undefined, null, {}, { deliveries: {} }, []]) {
      assert.throws(() => decodeDeliveryList(body, 'GET deliveries'), (error: unknown) => error instanceof BackendError && error.kind === 'bad_response');
    }
  });
});
