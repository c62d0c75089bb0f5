import * as assert from 'node:assert/strict';
import type { Incident } from '../../../src/core/incidents/model';
import { MAX_ALERTS_PER_INCIDENT, planAlertNotification } from '../../../src/server/integrations/alertGroupPlan';
import { decodeAlertmanagerPayload } from '../../../src/server/integrations/alertmanagerPayload';
import { DEFAULT_ALERT_POLICY } from '../../../src/server/integrations/alertNotification';
import { alert, notification, resolved } from './notifications';

const actor = { author: 'alertmanager' };
const at = '2026-12-01T11:00:00.000Z';

function declared(plan: ReturnType<typeof planAlertNotification>): Incident {
  assert.equal(plan.kind, 'declare');
  return plan.kind === 'declare' ? plan.build('INC-1').incident : (undefined as never);
}

describe('alert group rules (planAlertNotification)', () => {
  it('titles an incident by the alert name when no annotation says more, and defaults the severity', () => {
    const bare = { ...alert('DiskFull'), annotations: {}, labels: { alertname: 'DiskFull' } };
    const incident = declared(planAlertNotification(notification('g', [bare]), undefined, DEFAULT_ALERT_POLICY, actor, at));
    assert.equal(incident.title, 'DiskFull');
    assert.equal(incident.severity, DEFAULT_ALERT_POLICY.defaultSeverity);
    assert.equal(incident.summary, '');
    assert.deepEqual(incident.services, []);
  });

  it('keeps at most MAX_ALERTS_PER_INCIDENT alerts on an incident', () => {
    const many = Array.from({ length: MAX_ALERTS_PER_INCIDENT + 5 }, (_, i) => alert(`A${i}`));
    const incident = declared(planAlertNotification(notification('g', many), undefined, DEFAULT_ALERT_POLICY, actor, at));
    assert.equal(incident.alerts?.length, MAX_ALERTS_PER_INCIDENT);
    const more = planAlertNotification(notification('g', [...many, alert('Late')]), incident, DEFAULT_ALERT_POLICY, actor, at);
    assert.deepEqual(more, { kind: 'unchanged', incidentId: 'INC-1' }, 'alerts past the cap are not added');
  });

  it('records a resolution on an incident a person already resolved, without resolving it again', () => {
    const a = alert('A');
    const open = declared(planAlertNotification(notification('g', [a]), undefined, DEFAULT_ALERT_POLICY, actor, at));
    const closed: Incident = { ...open, status: 'resolved', resolvedAt: at };
    const plan = planAlertNotification(notification('g', [resolved(a)]), closed, { ...DEFAULT_ALERT_POLICY, resolveIncidentWhenAllResolved: true }, actor, at);
    assert.equal(plan.kind, 'update');
    if (plan.kind !== 'update') return;
    assert.deepEqual(plan.change.events.map((e) => e.type), ['alert_resolved', 'alert_group_resolved']);
    assert.equal(plan.change.incident.version, open.version + 1);
  });

  it('identifies a group by its labels when the sender has no groupKey, and parses Go times', () => {
    const decoded = decodeAlertmanagerPayload(
      {
        status: 'firing',
        groupLabels: { b: '2', a: '1' },
        alerts: [{ status: 'firing', labels: { alertname: 'X' }, startsAt: '2026-12-01T09:52:26.739266876+02:00', endsAt: '0001-01-01T00:00:00Z' }],
      },
      'grafana',
      at,
    );
    assert.equal(decoded.groupKey, 'labels:{"a":"1","b":"2"}');
    assert.equal(decoded.alerts[0]?.startsAt, '2026-12-01T07:52:26.739Z');
    assert.equal(decoded.alerts[0]?.endsAt, undefined);
    assert.match(decoded.alerts[0]?.fingerprint ?? '', /^[0-9a-f]{16}$/);
  });
});
