import * as assert from 'node:assert/strict';
import { alertOrigin, alertRows, alertRunbookReasons } from '../../../src/core/incidents/alertRows';
import type { IncidentAlert } from '../../../src/core/incidents/model';

const now = new Date('2026-12-01T10:30:00Z');

function alert(fields: Partial<IncidentAlert>): IncidentAlert {
  return {
    fingerprint: 'f1',
    name: 'DeployErrorRateHigh',
    status: 'firing',
    labels: { alertname: 'DeployErrorRateHigh', severity: 'critical', instance: 'checkout-1' },
    annotations: { summary: 'Errors above 5%' },
    startsAt: '2026-12-01T10:18:00.000Z',
    ...fields,
  };
}

describe('alert rows for the incident tree', () => {
  it('shows each alert with its state, age, distinguishing label and safe links, firing first', () => {
    const rows = alertRows(
      {
        id: 'INC-7',
        alerts: [
          alert({ fingerprint: 'old', status: 'resolved', startsAt: '2026-12-01T09:00:00Z', endsAt: '2026-12-01T09:30:00Z', generatorUrl: 'javascript:alert(1)' }),
          alert({ generatorUrl: 'http://prom:9090/graph?g0.expr=x', runbookUrl: 'https://runbooks/rollback' }),
        ],
      },
      now,
    );
    assert.deepEqual(rows, [
      {
        id: 'incident:INC-7/alert:f1',
        label: 'DeployErrorRateHigh',
        description: 'firing · 12m · instance=checkout-1',
        tooltip: 'Errors above 5%\ninstance=checkout-1',
        firing: true,
        generatorUrl: 'http://prom:9090/graph?g0.expr=x',
        runbookUrl: 'https://runbooks/rollback',
      },
      {
        id: 'incident:INC-7/alert:old',
        label: 'DeployErrorRateHigh',
        description: 'resolved · lasted 30m · instance=checkout-1',
        tooltip: 'Errors above 5%\ninstance=checkout-1',
        firing: false,
      },
    ]);
  });

  it('strips control characters and line breaks from remote text', () => {
    const [row] = alertRows({ id: 'INC-1', alerts: [alert({ name: 'Evil\u001b[31mName\nx', annotations: { summary: 'a\u202eb' } })] }, now);
    assert.equal(row?.label, 'Evil [31mName x');
    assert.equal(row?.tooltip.split('\n')[0], 'a b');
  });

  it('says where an incident came from, and nothing for one a person declared', () => {
    assert.equal(alertOrigin({ alertGroup: { source: 'alertmanager', groupKey: 'g' } }), 'Opened by Alertmanager alert group');
    assert.equal(
      alertOrigin({ alertGroup: { source: 'grafana', groupKey: 'g', firedAgainFrom: 'INC-3' } }),
      'Opened by Grafana alert group; fired again after INC-3',
    );
    assert.equal(alertOrigin({}), undefined);
  });

  it("says which of the incident's alerts a runbook names", () => {
    const incident = { alerts: [alert({ name: 'HighLatencyP99', status: 'resolved' }), alert({}), alert({ fingerprint: 'f2' })] };
    assert.deepEqual(alertRunbookReasons(['deployerrorratehigh', 'HighLatencyP99', 'ErrorBudgetBurnFast'], incident), [
      'alert deployerrorratehigh',
      'alert HighLatencyP99',
    ]);
    assert.deepEqual(alertRunbookReasons(['Other'], incident), []);
    assert.deepEqual(alertRunbookReasons(['X'], {}), []);
  });
});
