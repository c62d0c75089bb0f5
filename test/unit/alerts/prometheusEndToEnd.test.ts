import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { matchReasons, runbooksForIncident } from '../../../src/core/runbooks/match';
import { parseRunbook } from '../../../src/core/runbooks/parse';
import type { CheckoutExporter } from '../../harness/alert-pipeline.mjs' with { 'resolution-mode': 'import' };
import type { RunningAlertmanager } from '../../harness/alertmanager.mjs' with { 'resolution-mode': 'import' };
import type { RunningPrometheus } from '../../harness/prometheus.mjs' with { 'resolution-mode': 'import' };
import { eventually } from '../notify/notifyFixture';
import { AlertServer, type IncidentJson } from './alertServer';

/**
 * The whole path an alert takes: an exporter's error counter rises → a real
 * Prometheus rule fires → a real Alertmanager groups it → the receiver opens the
 * incident, and the runbook shipped in runbooks/ that names the alert fits it.
 */
describe('Prometheus → Alertmanager → server', function () {
  this.timeout(120_000);
  let server: AlertServer;
  let exporter: CheckoutExporter;
  let rules: string;
  let alertmanager: RunningAlertmanager;
  let prometheus: RunningPrometheus;

  before(async () => {
    const { startAlertmanager } = await import('../../harness/alertmanager.mjs');
    const { startPrometheus } = await import('../../harness/prometheus.mjs');
    server = await AlertServer.start();
    const pipeline = await import('../../harness/alert-pipeline.mjs');
    rules = pipeline.PIPELINE_RULES;
    exporter = await pipeline.startExporter();
    alertmanager = await startAlertmanager({ webhookUrl: `${server.url}/v1/integrations/alertmanager`, token: server.token });
    prometheus = await startPrometheus({ target: exporter.address, alertmanager: new URL(alertmanager.url).host, rules });
  });
  after(async () => {
    await prometheus?.stop();
    await alertmanager?.stop();
    await exporter?.stop();
    await server?.dispose();
  });

  /** `read`'s first value (polled with the shared eventually); a time-out also says what Prometheus and Alertmanager did. */
  async function waitFor<T>(read: () => Promise<T | undefined>, what: string, timeoutMs: number): Promise<T> {
    try {
      return await eventually(async () => (await read()) ?? assert.fail(`${what} did not happen`), timeoutMs);
    } catch (error) {
      throw new Error(`${(error as Error).message}. Prometheus alerts: ${JSON.stringify(await prometheus.alerts())}; Alertmanager sent ${await alertmanager.notificationsSent()}`);
    }
  }

  async function theIncident(): Promise<IncidentJson | undefined> {
    const [first, ...more] = await server.allIncidents();
    assert.equal(more.length, 0, 'one alert group opens one incident');
    return first === undefined ? undefined : server.incident(first.id);
  }

  it('opens an incident when the error counter rises, with the shipped runbook that names the alert fitting it', async () => {
    // Quiet at first: a scraped counter that does not rise fires nothing.
    await waitFor(async () => ((await prometheus.alerts()).length === 0 && exporter.errors === 0 ? true : undefined), 'a quiet start', 5000);
    assert.equal((await server.allIncidents()).length, 0);

    exporter.failing = true;
    const incident = await waitFor(theIncident, 'an incident from the rule', 60_000);
    assert.equal(incident.title, `Checkout errors rising on ${exporter.address}`);
    assert.equal(incident.severity, 1);
    assert.deepEqual(incident.services, ['checkout-api']);
    assert.equal(incident.alerts?.[0]?.name, 'DeployErrorRateHigh');
    assert.equal(incident.alerts?.[0]?.labels.job, 'checkout-api');
    assert.equal(incident.alerts?.[0]?.runbookUrl, 'https://runbooks.example/rollback-bad-deploy');
    assert.match(incident.alerts?.[0]?.generatorUrl ?? '', /^http:\/\/.*\/graph\?g0\.expr=increase/);

    const runbooksDir = path.resolve(__dirname, '../../../../runbooks');
    const shipped = fs
      .readdirSync(runbooksDir)
      .filter((file) => file.endsWith('.md'))
      .map((file) => ({ path: file, frontMatter: parseRunbook(fs.readFileSync(path.join(runbooksDir, file), 'utf8')).frontMatter }));
    const fitting = runbooksForIncident(shipped, incident);
    assert.equal(fitting[0]?.path, 'rollback-bad-deploy.md');
    assert.ok(matchReasons(fitting[0]?.frontMatter, incident).includes('alert DeployErrorRateHigh'));

    // The counter stops rising: the rule resolves, and the incident records it.
    exporter.failing = false;
    const resolved = await waitFor(async () => {
      const current = await theIncident();
      return current?.timeline.some((event) => event.type === 'alert_group_resolved') ? current : undefined;
    }, 'the resolution', 60_000);
    assert.equal(resolved.alerts?.[0]?.status, 'resolved');
    assert.equal(resolved.status, 'investigating');
  });
});
