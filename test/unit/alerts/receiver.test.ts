import * as assert from 'node:assert/strict';
import { DEFAULT_ALERT_POLICY } from '../../../src/server/integrations/alertNotification';
import { errorCode, errorMessage } from '../server/serverFixture';
import { AlertServer, INTEGRATION_TOKEN_NAME } from './alertServer';
import { alertmanagerAlert, alertmanagerBody, grafanaBody } from './payloads';

describe('alert receivers over HTTP', () => {
  let server: AlertServer;

  beforeEach(async () => {
    server = await AlertServer.start();
  });
  afterEach(async () => {
    await server.dispose();
  });

  const firing = alertmanagerAlert('a1b2c3', { alertname: 'DeployErrorRateHigh', severity: 'critical', service: 'checkout', job: 'api' });

  it('declares from an Alertmanager notification (unknown fields accepted) and answers after the commit', async () => {
    const body = alertmanagerBody('{}/{severity="critical"}:{alertname="DeployErrorRateHigh"}', [{ ...firing, someNewField: { x: 1 } }], {
      addedInAlertmanager0_99: true,
    });
    const response = await server.request('POST', '/v1/integrations/alertmanager', { body });
    assert.equal(response.status, 200, response.text);
    const receipt = response.json as { outcome: string; incidentId: string; events: number };
    assert.equal(receipt.outcome, 'declared');
    assert.equal(receipt.events, 2);
    // Answered after commit: the incident reads back at once.
    const incident = await server.incident(receipt.incidentId);
    assert.equal(incident.title, 'DeployErrorRateHigh on checkout');
    assert.equal(incident.severity, 1);
    assert.deepEqual(incident.services, ['checkout']);
    assert.equal(incident.alertGroup?.source, 'alertmanager');
    assert.equal(incident.alertGroup?.externalUrl, 'http://alertmanager.example:9093');
    const [stored] = incident.alerts ?? [];
    assert.equal(stored?.runbookUrl, 'https://runbooks.example/deploy-errors');
    assert.equal(stored?.generatorUrl, 'http://prometheus.example:9090/graph?g0.expr=errors');
    assert.equal(stored?.fingerprint, 'a1b2c3');
    assert.deepEqual(incident.timeline.map((e) => [e.type, e.author]), [['declared', INTEGRATION_TOKEN_NAME], ['alert_firing', INTEGRATION_TOKEN_NAME]]);

    const repeat = await server.request('POST', '/v1/integrations/alertmanager', { body });
    assert.deepEqual(repeat.json, { outcome: 'unchanged', incidentId: receipt.incidentId, events: 0 });
  });

  it('refuses a body that is not the documented payload with 400 naming the field, and stores nothing', async () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ ...alertmanagerBody('g', [firing]), alerts: undefined }, /alerts/],
      [alertmanagerBody('g', [{ ...firing, status: 'pending' }]), /status/],
      [alertmanagerBody('g', [{ ...firing, labels: { alertname: 3 } }]), /labels/],
      [alertmanagerBody('g', [{ ...firing, startsAt: 'yesterday' }]), /alerts\[0\]\.startsAt/],
      [alertmanagerBody('g', []), /alerts/],
    ];
    for (const [body, field] of cases) {
      const response = await server.request('POST', '/v1/integrations/alertmanager', { body });
      assert.equal(response.status, 400, response.text);
      assert.equal(errorCode(response), 'invalid_request');
      assert.match(errorMessage(response) ?? '', field);
    }
    assert.deepEqual(await server.allIncidents(), []);
  });

  it('needs an integration token', async () => {
    const body = alertmanagerBody('g', [firing]);
    assert.equal((await server.request('POST', '/v1/integrations/alertmanager', { body, token: null })).status, 401);
    const responder = await server.request('POST', '/v1/integrations/alertmanager', { body, token: server.responderToken });
    assert.equal(responder.status, 403);
    assert.match(errorMessage(responder) ?? '', /integration token/);
    assert.deepEqual(await server.allIncidents(), []);
  });

  it("takes Grafana alerting's webhook body", async () => {
    const response = await server.request('POST', '/v1/integrations/grafana', { body: grafanaBody() });
    assert.equal(response.status, 200, response.text);
    const incident = await server.incident((response.json as { incidentId: string }).incidentId);
    assert.equal(incident.title, 'High memory usage in us-1');
    assert.equal(incident.severity, 3);
    assert.deepEqual(incident.services, ['cart']);
    assert.equal(incident.summary, 'The system has high memory usage');
    assert.deepEqual(incident.alertGroup, { source: 'grafana', groupKey: '{}:{alertname="High memory usage"}', externalUrl: 'https://grafana.example/' });
    assert.equal(incident.alerts?.[0]?.runbookUrl, 'https://myrunbook.com/runbook/1234');
  });

  it('takes the generic webhook and keeps its groups apart from Alertmanager groups of the same key', async () => {
    const generic = {
      group: 'g',
      alerts: [{ name: 'QueueBacklog', status: 'firing', labels: { severity: 'high', service: 'orders' }, annotations: { runbook_url: 'https://r/q' }, url: 'https://monitor/q' }],
    };
    const first = await server.request('POST', '/v1/integrations/webhook', { body: generic });
    assert.equal(first.status, 200, first.text);
    const other = await server.request('POST', '/v1/integrations/alertmanager', { body: alertmanagerBody('g', [firing]) });
    assert.notEqual((other.json as { incidentId: string }).incidentId, (first.json as { incidentId: string }).incidentId);
    const incident = await server.incident((first.json as { incidentId: string }).incidentId);
    assert.equal(incident.title, 'QueueBacklog');
    assert.equal(incident.severity, 2);
    assert.deepEqual(incident.services, ['orders']);
    assert.equal(incident.alerts?.[0]?.generatorUrl, 'https://monitor/q');

    const resolvedResponse = await server.request('POST', '/v1/integrations/webhook', {
      body: { group: 'g', alerts: [{ ...generic.alerts[0], status: 'resolved' }] },
    });
    assert.equal((resolvedResponse.json as { events: number }).events, 2);
    const missingName = await server.request('POST', '/v1/integrations/webhook', { body: { group: 'g', alerts: [{ status: 'firing' }] } });
    assert.equal(missingName.status, 400);
    assert.match(errorMessage(missingName) ?? '', /name/);
  });

  it('opens exactly one incident per group under 300 concurrent notifications', async () => {
    const groups = 3;
    const requests = Array.from({ length: 300 }, (_, i) =>
      server.request('POST', '/v1/integrations/alertmanager', {
        body: alertmanagerBody(`burst-${i % groups}`, [alertmanagerAlert(`fp-${i % 7}`, { alertname: `A${i % 7}`, severity: 'warning' })]),
      }),
    );
    const responses = await Promise.all(requests);
    assert.deepEqual([...new Set(responses.map((r) => r.status))], [200]);
    const incidents = await server.allIncidents();
    assert.equal(incidents.length, groups);
  });
});

describe('alert receivers with an alerts: policy', () => {
  it('uses the configured mapping and resolves with the last alert when told to', async () => {
    const server = await AlertServer.start({
      alertPolicy: { ...DEFAULT_ALERT_POLICY, severities: { p1: 0 }, serviceLabels: ['team'], resolveIncidentWhenAllResolved: true },
    });
    try {
      const alert = alertmanagerAlert('x', { alertname: 'DiskFull', severity: 'P1', team: 'storage' });
      const declared = await server.request('POST', '/v1/integrations/alertmanager', { body: alertmanagerBody('g', [alert]) });
      const id = (declared.json as { incidentId: string }).incidentId;
      assert.equal((await server.incident(id)).severity, 0);
      assert.deepEqual((await server.incident(id)).services, ['storage']);
      await server.request('POST', '/v1/integrations/alertmanager', {
        body: alertmanagerBody('g', [{ ...alert, status: 'resolved', endsAt: '2026-12-01T11:00:00Z' }]),
      });
      const incident = await server.incident(id);
      assert.equal(incident.status, 'resolved');
      assert.equal(incident.alerts?.[0]?.endsAt, '2026-12-01T11:00:00.000Z');
    } finally {
      await server.dispose();
    }
  });
});
