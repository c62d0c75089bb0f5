import * as assert from 'node:assert/strict';
import { DEFAULT_ALERT_POLICY, type AlertPolicy } from '../../../src/server/integrations/alertNotification';
import type { Store } from '../../../src/server/store/store';
import { alert, notification, resolved } from './notifications';

/** A fresh, empty store and how to throw it away. */
export interface StoreUnderTest {
  store: Store;
  dispose(): Promise<void>;
}

/**
 * What every Store must do with alert notifications (receiveAlerts,
 * alertGroupIncident); alertStores.test.ts runs it for each of STORE_FACTORIES.
 */
export function alertStoreContract(name: string, open: () => Promise<StoreUnderTest>): void {
  describe(`${name}: alert groups (store contract)`, () => {
    let subject: StoreUnderTest;
    const context = (policy: AlertPolicy = DEFAULT_ALERT_POLICY) => ({ author: 'alertmanager', policy });

    beforeEach(async () => {
      subject = await open();
    });
    afterEach(async () => {
      await subject.dispose();
    });

    it('declares on the first firing alert, with severity, services, alerts and their runbook', async () => {
      const { store } = subject;
      const receipt = await store.receiveAlerts(
        notification('g1', [alert('DeployErrorRateHigh', { severity: 'critical', service: 'checkout', runbook: 'https://runbooks/deploy' })], {
          externalUrl: 'http://am:9093',
        }),
        context(),
      );
      assert.equal(receipt.outcome, 'declared');
      assert.ok(receipt.incidentId);
      const incident = await store.getIncident(receipt.incidentId);
      assert.ok(incident);
      assert.equal(incident.title, 'DeployErrorRateHigh is firing');
      assert.equal(incident.severity, 1);
      assert.deepEqual(incident.services, ['checkout']);
      assert.deepEqual(incident.tags, ['DeployErrorRateHigh'], 'alert names are tags, which fitting runbooks match');
      assert.equal(incident.timeline[0]?.author, 'alertmanager');
      assert.deepEqual(incident.alertGroup, { source: 'alertmanager', groupKey: 'g1', externalUrl: 'http://am:9093' });
      assert.equal(incident.alerts?.length, 1);
      assert.equal(incident.alerts?.[0]?.runbookUrl, 'https://runbooks/deploy');
      assert.deepEqual(incident.timeline.map((e) => e.type), ['declared', 'alert_firing']);
      assert.equal(await store.alertGroupIncident('alertmanager', 'g1'), receipt.incidentId);
      assert.equal(await store.alertGroupIncident('grafana', 'g1'), undefined);
    });

    it('writes nothing for a repeat, and records joining and resolving alerts as events', async () => {
      const { store } = subject;
      const a = alert('A', { severity: 'warning' });
      const first = await store.receiveAlerts(notification('g', [a]), context());
      const seqAfterDeclare = await store.latestSeq();
      assert.deepEqual(await store.receiveAlerts(notification('g', [a]), context()), { outcome: 'unchanged', incidentId: first.incidentId, events: 0 });
      assert.equal(await store.latestSeq(), seqAfterDeclare, 'a repeat writes no change');

      const b = alert('B', { severity: 'critical', service: 'payments' });
      const joined = await store.receiveAlerts(notification('g', [a, b]), context());
      assert.deepEqual(joined, { outcome: 'updated', incidentId: first.incidentId, events: 1 });
      const afterJoin = await store.getIncident(first.incidentId!);
      assert.equal(afterJoin?.severity, 3, 'a joining alert never changes the severity');
      assert.deepEqual(afterJoin?.services, ['payments']);
      assert.deepEqual(afterJoin?.tags, ['A', 'B']);
      assert.equal(afterJoin?.alerts?.length, 2);

      await store.receiveAlerts(notification('g', [resolved(a), b]), context());
      const done = await store.receiveAlerts(notification('g', [resolved(a), resolved(b)]), context());
      assert.equal(done.events, 2, 'alert_resolved and alert_group_resolved');
      const incident = await store.getIncident(first.incidentId!);
      assert.deepEqual(
        incident?.timeline.map((e) => e.type),
        ['declared', 'alert_firing', 'alert_firing', 'alert_resolved', 'alert_resolved', 'alert_group_resolved'],
      );
      assert.equal(incident?.status, 'investigating', 'by default a person resolves the incident');
      assert.deepEqual(incident?.alerts?.map((x) => x.status), ['resolved', 'resolved']);
      assert.equal(incident?.alerts?.[0]?.endsAt, '2026-12-01T10:30:00.000Z');
    });

    it('resolves the incident with its last alert when the policy says so', async () => {
      const { store } = subject;
      const a = alert('A');
      const { incidentId } = await store.receiveAlerts(notification('g', [a]), context());
      const policy = { ...DEFAULT_ALERT_POLICY, resolveIncidentWhenAllResolved: true };
      await store.receiveAlerts(notification('g', [resolved(a)]), context(policy));
      const incident = await store.getIncident(incidentId!);
      assert.equal(incident?.status, 'resolved');
      assert.ok(incident?.resolvedAt);
      assert.deepEqual(incident?.timeline.slice(-3).map((e) => e.type), ['alert_group_resolved', 'status_changed', 'resolved']);
    });

    it('opens a new incident linking the resolved one when the group fires again', async () => {
      const { store } = subject;
      const a = alert('A', { severity: 'error' });
      const first = await store.receiveAlerts(notification('g', [a]), context());
      await store.update(first.incidentId!, { status: 'resolved' }, { author: 'alice' });
      // Still firing after a person resolved it: a repeat, not a new incident.
      assert.equal((await store.receiveAlerts(notification('g', [a]), context())).outcome, 'unchanged');
      await store.receiveAlerts(notification('g', [resolved(a)]), context());
      const again = await store.receiveAlerts(notification('g', [a]), context());
      assert.equal(again.outcome, 'declared');
      assert.equal(again.firedAgainFrom, first.incidentId);
      assert.notEqual(again.incidentId, first.incidentId);
      const incident = await store.getIncident(again.incidentId!);
      assert.equal(incident?.alertGroup?.firedAgainFrom, first.incidentId);
      assert.equal(incident?.severity, 2);
      assert.equal(await store.alertGroupIncident('alertmanager', 'g'), again.incidentId);
    });

    it('ignores resolved-only notifications for a group it never saw', async () => {
      const { store } = subject;
      const receipt = await store.receiveAlerts(notification('never', [resolved(alert('A'))]), context());
      assert.deepEqual(receipt, { outcome: 'ignored', incidentId: null, events: 0 });
      assert.equal((await store.listIncidents('all')).length, 0);
    });

    it('takes the most severe firing alert at declare, through the configured mapping and labels', async () => {
      const { store } = subject;
      const policy: AlertPolicy = { ...DEFAULT_ALERT_POLICY, severities: { page: 0, ticket: 4 }, serviceLabels: ['app'] };
      const low = alert('Low', { labels: { alertname: 'Low', severity: 'ticket', app: 'web' } });
      const high = alert('High', { labels: { alertname: 'High', severity: 'PAGE', app: 'db' }, annotations: { description: 'db down' } });
      const { incidentId } = await store.receiveAlerts(notification('mixed', [low, high]), context(policy));
      const incident = await store.getIncident(incidentId!);
      assert.equal(incident?.severity, 0);
      assert.equal(incident?.title, 'db down');
      assert.deepEqual(incident?.services, ['web', 'db']);
    });

    it('never opens two incidents for one group under a burst of concurrent notifications', async () => {
      const { store } = subject;
      const burst = Array.from({ length: 50 }, (_, i) => store.receiveAlerts(notification(`burst-${i % 5}`, [alert('A')]), context()));
      const receipts = await Promise.all(burst);
      assert.equal(receipts.filter((r) => r.outcome === 'declared').length, 5);
      assert.equal((await store.listIncidents('all')).length, 5);
    });
  });
}
