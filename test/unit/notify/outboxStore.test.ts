import * as assert from 'node:assert/strict';
import type { RoutingTable } from '../../../src/server/notify/types';
import type { Store } from '../../../src/server/store/store';
import { STORE_FACTORIES, type StoreUnderTest } from '../server/storeFactories';

const ROUTING: RoutingTable = {
  channels: [
    { name: 'exec', type: 'slack', label: '#inc-exec', audience: 'executive' },
    { name: 'status', type: 'webhook', label: 'status hook', audience: 'external' },
  ],
  routes: [
    { channels: ['exec'], severities: [0, 1], events: ['declared', 'status_update', 'resolved'], audiences: ['executive'] },
    { channels: ['status'], severities: [0, 1, 2], events: ['status_update'], audiences: ['external'] },
  ],
};

const later = (ms: number): string => new Date(Date.now() + ms).toISOString();

for (const factory of STORE_FACTORIES) {
  describe(`outbox (${factory.name})`, function () {
    this.timeout(30_000);
    let data: StoreUnderTest;
    let store: Store;

    beforeEach(async () => {
      data = await factory.create();
      store = await data.open();
      await store.configureDeliveries(ROUTING);
    });
    afterEach(async () => {
      await store.close();
      await data.dispose();
    });

    it('plans deliveries with the event, in its transaction, once per (event, channel)', async () => {
      const { value: incident } = await store.declare({ title: 'Outage', severity: 1, author: 'alice' }, { idempotency: { key: 'k1', fingerprint: 'f' } });
      // A replay of the same write plans nothing new.
      await store.declare({ title: 'Outage', severity: 1, author: 'alice' }, { idempotency: { key: 'k1', fingerprint: 'f' } });
      const update = await store.appendEvent(incident.id, { type: 'status_update', audience: 'external', conditions: 'c', actions: 'a', needs: '', author: 'alice' });
      await store.appendEvent(incident.id, { type: 'note', text: 'internal', author: 'alice' });
      const rows = await store.deliveries(incident.id);
      assert.deepEqual(
        rows.map((row) => [row.channel, row.status, row.attempts]),
        [
          ['exec', 'pending', 0],
          ['status', 'pending', 0],
        ],
      );
      assert.equal(rows[1]!.id, `${update.value.id}.status`);
    });

    it('leases a due row to one claimer, records the result once, and adds the timeline entry', async () => {
      const { value: incident } = await store.declare({ title: 'Outage', severity: 0, author: 'alice' });
      const claim = { now: new Date().toISOString(), leaseUntil: later(10_000), limit: 10 };
      const [first, ...rest] = await store.claimDeliveries(claim);
      assert.equal(rest.length, 0);
      assert.equal(first?.attempt, 1);
      assert.equal(first?.event.type, 'declared');
      assert.equal(first?.incident.id, incident.id);
      assert.deepEqual(await store.claimDeliveries(claim), [], 'a leased row is not handed out again');

      const settle = { id: first!.id, attempt: 1, at: new Date().toISOString(), label: '#inc-exec', detail: 'delivered to #inc-exec' };
      assert.equal(await store.settleDelivery({ ...settle, outcome: 'delivered' }), true);
      assert.equal(await store.settleDelivery({ ...settle, outcome: 'delivered' }), false, 'a second result for the same attempt is refused');
      const [row] = await store.deliveries(incident.id);
      assert.equal(row?.status, 'delivered');
      const timeline = (await store.getIncident(incident.id))!.timeline;
      const entry = timeline.find((event) => event.type === 'delivery');
      assert.deepEqual(entry && entry.type === 'delivery' ? [entry.channel, entry.outcome, entry.forEvent, entry.detail] : [], ['exec', 'delivered', first!.event.id, 'delivered to #inc-exec']);
      assert.equal((await store.deliveries(incident.id)).length, 1, 'the delivery event plans no delivery of its own');
    });

    it('makes a row due again when its lease runs out, and retries a dead letter with fresh attempts', async () => {
      const { value: incident } = await store.declare({ title: 'Outage', severity: 0, author: 'alice' });
      const [first] = await store.claimDeliveries({ now: new Date().toISOString(), leaseUntil: new Date().toISOString(), limit: 10 });
      const [again] = await store.claimDeliveries({ now: later(1), leaseUntil: later(10_000), limit: 10 });
      assert.equal(again?.id, first?.id);
      assert.equal(again?.attempt, 2);
      assert.equal(await store.settleDelivery({ id: first!.id, attempt: 1, at: later(0), outcome: 'delivered', label: 'x', detail: 'x' }), false, 'the stale attempt cannot settle');
      assert.equal(await store.settleDelivery({ id: again!.id, attempt: 2, at: later(0), outcome: 'dead', error: '404 from Slack', label: 'x', detail: 'failed: 404 from Slack' }), true);
      assert.equal((await store.deliveries(incident.id))[0]?.status, 'dead');
      assert.equal(await store.retryDelivery(incident.id, 'EV-999.exec', later(0)), 'not_found');
      assert.equal(await store.retryDelivery(incident.id, again!.id, later(0)), 'retried');
      assert.equal(await store.retryDelivery(incident.id, again!.id, later(0)), 'not_dead');
      const [retried] = await store.claimDeliveries({ now: later(5), leaseUntil: later(10_000), limit: 10 });
      assert.equal(retried?.attempt, 1);
    });

    it('two claimers at once never lease the same row', async () => {
      const other = await data.open();
      try {
        const { value: incident } = await store.declare({ title: 'Outage', severity: 1, author: 'alice' });
        for (let i = 0; i < 30; i += 1) {
          await store.appendEvent(incident.id, { type: 'status_update', audience: 'external', conditions: `u${i}`, actions: '', needs: '', author: 'alice' });
        }
        const claim = { now: later(1), leaseUntil: later(10_000), limit: 7 };
        const batches = await Promise.all([store, other, store, other, store, other].map((s) => s.claimDeliveries(claim)));
        const ids = batches.flat().map((d) => d.id);
        assert.equal(new Set(ids).size, ids.length, 'no row leased twice');
        assert.equal(ids.length, 31);
      } finally {
        await other.close();
      }
    });
  });
}
