import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { alertRows } from '../../../src/core/incidents/alertRows';
import { seedDemo } from '../../../src/server/demo';
import { SqliteStore } from '../../../src/server/store/sqliteStore';

describe('npm start demo data', () => {
  it('has an incident Alertmanager opened, with its alerts, a joining alert and the runbook links', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'incident-desk-demo-alerts-'));
    const store = SqliteStore.open(dataDir);
    try {
      const now = new Date();
      await seedDemo(store, now);
      const fromAlerts = (await store.listIncidents('all')).filter((incident) => incident.alertGroup !== undefined);
      assert.equal(fromAlerts.length, 1);
      const incident = await store.getIncident(fromAlerts[0]!.id);
      assert.ok(incident);
      assert.match(incident.title, /^Checkout API 5xx spike/);
      assert.equal(incident.alertGroup?.source, 'alertmanager');
      assert.deepEqual(incident.services, ['checkout-api', 'orders-db']);
      assert.deepEqual(incident.tags, ['DeployErrorRateHigh', 'OrdersDbWriteErrors']);
      assert.deepEqual(
        incident.timeline.filter((e) => e.type === 'alert_firing').map((e) => (e.type === 'alert_firing' ? e.alertName : '')),
        ['DeployErrorRateHigh', 'OrdersDbWriteErrors'],
      );
      const rows = alertRows(incident, now);
      assert.deepEqual(rows.map((row) => [row.label, row.description]), [
        ['DeployErrorRateHigh', 'firing · 38m · service=checkout-api'],
        ['OrdersDbWriteErrors', 'firing · 36m · service=orders-db'],
      ]);
      assert.ok(rows.every((row) => row.runbookUrl?.startsWith('https://')));
    } finally {
      await store.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
