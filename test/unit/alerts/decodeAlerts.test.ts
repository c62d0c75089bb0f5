import * as assert from 'node:assert/strict';
import { BackendError } from '../../../src/backends/backend';
import { decodeIncident, decodeIncidentWithTimeline } from '../../../src/backends/decode';

const base = {
  id: 'INC-4',
  title: 'Checkout errors',
  severity: 1,
  status: 'investigating',
  services: ['checkout'],
  customers: [],
  tags: ['DeployErrorRateHigh'],
  roles: { smes: [] },
  declaredAt: '2026-12-01T10:00:00.000Z',
  summary: '',
  version: 2,
};
const alert = {
  fingerprint: 'a1',
  name: 'DeployErrorRateHigh',
  status: 'firing',
  labels: { alertname: 'DeployErrorRateHigh', instance: 'x' },
  annotations: { runbook_url: 'https://r' },
  startsAt: '2026-12-01T10:00:00.000Z',
  generatorUrl: 'http://prom/graph',
  runbookUrl: 'https://r',
};
const event = (fields: Record<string, unknown>) => ({ id: 'EV-1', incidentId: 'INC-4', at: '2026-12-01T10:00:00.000Z', author: 'alertmanager', ...fields });

describe('the client reads alert-opened incidents', () => {
  it('keeps the alerts and the alert group of an incident', () => {
    const incident = decodeIncident({ ...base, alerts: [alert], alertGroup: { source: 'alertmanager', groupKey: 'g', firedAgainFrom: 'INC-1' } }, 'incident');
    assert.deepEqual(incident.alerts, [alert]);
    assert.deepEqual(incident.alertGroup, { source: 'alertmanager', groupKey: 'g', firedAgainFrom: 'INC-1' });
    assert.equal(decodeIncident(base, 'incident').alerts, undefined);
  });

  it('refuses alerts of the wrong shape with the field named', () => {
    assert.throws(
      () => decodeIncident({ ...base, alerts: [{ ...alert, labels: { n: 1 } }] }, 'incident'),
      (error: unknown) => error instanceof BackendError && /incident\.alerts\[0\]\.labels\.n/.test(error.message),
    );
    assert.throws(() => decodeIncident({ ...base, alerts: [{ ...alert, status: 'pending' }] }, 'incident'), /alerts\[0\]\.status/);
  });

  it('reads alert events as their own types, and skips a malformed one instead of failing', () => {
    const incident = decodeIncidentWithTimeline(
      {
        ...base,
        timeline: [
          event({ type: 'alert_firing', alertName: 'DeployErrorRateHigh', fingerprint: 'a1' }),
          event({ id: 'EV-2', type: 'alert_resolved', alertName: 'DeployErrorRateHigh', fingerprint: 'a1' }),
          event({ id: 'EV-3', type: 'alert_group_resolved', alerts: 1 }),
          event({ id: 'EV-4', type: 'alert_firing', fingerprint: 'a1' }),
        ],
      },
      'incident',
    );
    assert.deepEqual(incident.timeline.map((e) => e.type), ['alert_firing', 'alert_resolved', 'alert_group_resolved']);
    assert.equal(incident.skippedEvents?.[0]?.index, 3);
    assert.match(incident.skippedEvents?.[0]?.problem ?? '', /alertName/);
  });
});
