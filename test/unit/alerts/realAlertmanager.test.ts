import * as assert from 'node:assert/strict';
import type { RunningAlertmanager } from '../../harness/alertmanager.mjs' with { 'resolution-mode': 'import' };
import { eventually } from '../notify/notifyFixture';
import { AlertServer, type IncidentJson } from './alertServer';

/**
 * A real Alertmanager (Debian's prometheus-alertmanager) in front of a real server:
 * alerts pushed into its API v2 arrive as its webhook, authenticated with the
 * integration token from a credentials file.
 */
describe('a real Alertmanager delivering to the receiver', function () {
  this.timeout(90_000);
  let server: AlertServer;
  let alertmanager: RunningAlertmanager;

  before(async () => {
    const { startAlertmanager } = await import('../../harness/alertmanager.mjs');
    server = await AlertServer.start();
    alertmanager = await startAlertmanager({
      webhookUrl: `${server.url}/v1/integrations/alertmanager`,
      token: server.token,
      // Repeats every couple of seconds, so the test sees the receiver ignore them.
      repeatInterval: '2s',
    });
  });
  after(async () => {
    await alertmanager?.stop();
    await server?.dispose();
  });

  const now = (): string => new Date().toISOString();
  const deployErrors = (instance: string, severity: string) => ({
    labels: { alertname: 'DeployErrorRateHigh', severity, service: 'checkout', job: 'checkout-api', instance },
    annotations: { summary: 'Checkout error rate above 5% since the last deploy', runbook_url: 'https://runbooks.example/deploy-error-rate' },
    generatorURL: 'http://prometheus.example:9090/graph?g0.expr=rate(errors_total[1m])',
  });

  /** `read`'s first value (polled with the shared eventually); a time-out also says what Alertmanager sent. */
  async function waitFor<T>(read: () => Promise<T | undefined>, what: string, timeoutMs = 30_000): Promise<T> {
    try {
      return await eventually(async () => (await read()) ?? assert.fail(`${what} did not happen`), timeoutMs);
    } catch (error) {
      throw new Error(`${(error as Error).message}; Alertmanager sent ${await alertmanager.notificationsSent()} (failed ${await alertmanager.failedNotifications()}): ${alertmanager.logs()}`);
    }
  }

  async function onlyIncident(): Promise<IncidentJson | undefined> {
    const incidents = await server.allIncidents();
    assert.ok(incidents.length <= 1, `one group opens one incident, found ${incidents.length}`);
    return incidents[0] === undefined ? undefined : server.incident(incidents[0].id);
  }

  const countOf = (incident: IncidentJson, type: string): number => incident.timeline.filter((event) => event.type === type).length;

  it('opens one incident with severity, services and the runbook link, ignores repeats, records a joining alert and the resolution', async () => {
    const first = { ...deployErrors('checkout-1', 'critical'), startsAt: now() };
    await alertmanager.postAlerts([first]);

    const incident = await waitFor(onlyIncident, 'an incident from the first alert');
    assert.equal(incident.title, 'Checkout error rate above 5% since the last deploy');
    assert.equal(incident.severity, 1);
    assert.deepEqual(incident.services, ['checkout']);
    assert.equal(incident.alertGroup?.source, 'alertmanager');
    assert.match(incident.alertGroup?.groupKey ?? '', /alertname="DeployErrorRateHigh"/);
    assert.equal(incident.alerts?.[0]?.runbookUrl, 'https://runbooks.example/deploy-error-rate');
    assert.equal(incident.alerts?.[0]?.generatorUrl, first.generatorURL);
    assert.equal(incident.alerts?.[0]?.labels.instance, 'checkout-1');
    assert.ok((incident.alerts?.[0]?.fingerprint ?? '').length > 0, 'Alertmanager sends the fingerprint');

    // Alertmanager repeats the group (repeat_interval 2s) and Prometheus would re-push the alert: nothing new.
    const sentBefore = await alertmanager.notificationsSent();
    await alertmanager.postAlerts([first]);
    await waitFor(async () => ((await alertmanager.notificationsSent()) >= sentBefore + 2 ? true : undefined), 'two repeated notifications');
    const afterRepeats = await server.incident(incident.id);
    assert.equal(afterRepeats.version, incident.version, 'repeats do not change the incident');
    assert.equal(afterRepeats.timeline.length, incident.timeline.length);

    // A second instance joins the group; it never changes the severity.
    await alertmanager.postAlerts([first, { ...deployErrors('checkout-2', 'warning'), startsAt: now() }]);
    const joined = await waitFor(async () => {
      const current = await onlyIncident();
      return current && countOf(current, 'alert_firing') === 2 ? current : undefined;
    }, 'the joining alert');
    assert.equal(joined.severity, 1);
    assert.equal(joined.alerts?.length, 2);

    // Both end: Alertmanager sends the resolved notification.
    const ended = now();
    await alertmanager.postAlerts([
      { ...first, endsAt: ended },
      { ...deployErrors('checkout-2', 'warning'), endsAt: ended },
    ]);
    const resolved = await waitFor(async () => {
      const current = await onlyIncident();
      return current && countOf(current, 'alert_group_resolved') === 1 ? current : undefined;
    }, 'the resolution');
    assert.equal(countOf(resolved, 'alert_resolved'), 2);
    assert.deepEqual(resolved.alerts?.map((a) => a.status), ['resolved', 'resolved']);
    assert.equal(resolved.status, 'investigating', 'the default policy leaves resolving to a person');
    assert.equal(await alertmanager.failedNotifications(), 0);
  });
});
