import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ConfigError, parseConfig } from '../../../src/server/config/loader';
import { DEFAULT_ALERT_POLICY } from '../../../src/server/integrations/alertNotification';
import { spawnServer, stopProcess, type ServerProcess } from '../server/cliProcess';
import { alertmanagerAlert, alertmanagerBody } from './payloads';

function problemsOf(text: string): readonly string[] {
  try {
    parseConfig(text, '/etc/desk.yaml');
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('server config alerts: section', () => {
  it('has the documented defaults when absent', () => {
    const { alerts } = parseConfig('server: { port: 1 }\n', '/etc/desk.yaml');
    assert.deepEqual(alerts, DEFAULT_ALERT_POLICY);
    assert.deepEqual(alerts.severities, { critical: 1, error: 2, high: 2, warning: 3, info: 4 });
    assert.equal(alerts.resolveIncidentWhenAllResolved, false);
  });

  it('reads every key', () => {
    const { alerts } = parseConfig(
      [
        'alerts:',
        '  severity_label: priority',
        '  severities: { P1: 0, p2: 1 }',
        '  default_severity: 4',
        '  service_labels: [app, team]',
        '  resolve_incident_when_all_resolved: true',
      ].join('\n'),
      '/etc/desk.yaml',
    );
    assert.deepEqual(alerts, {
      severityLabel: 'priority',
      severities: { p1: 0, p2: 1 },
      defaultSeverity: 4,
      serviceLabels: ['app', 'team'],
      resolveIncidentWhenAllResolved: true,
    });
  });

  it('reports each mistake at its line and column', () => {
    const problems = problemsOf(
      [
        'alerts:', //                                  1
        '  severities:', //                            2
        '    critical: 9', //                          3
        '  service_labels: [ok, "not a label"]', //   4
        '  resolve_when_all_resolved: true', //        5
        '  default_severity: high', //                 6
      ].join('\n'),
    );
    assert.deepEqual(problems, [
      '/etc/desk.yaml:3:15: alerts.severities.critical must be a whole number from 0 to 4.',
      "/etc/desk.yaml:4:24: alerts.service_labels[1] 'not a label' is not a label name.",
      "/etc/desk.yaml:5:3: alerts has an unknown key 'resolve_when_all_resolved'; known: severity_label, severities, default_severity, service_labels, resolve_incident_when_all_resolved.",
      '/etc/desk.yaml:6:21: alerts.default_severity must be a whole number from 0 to 4.',
    ]);
  });
});

describe('serve --config with an alerts: section', () => {
  it('applies the section to what the receiver declares', async function () {
    this.timeout(30_000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'incident-desk-alerts-config-'));
    const secret = 'a'.repeat(40);
    const file = path.join(dir, 'config.yaml');
    fs.writeFileSync(
      file,
      [
        'tokens:',
        '  - name: alertmanager',
        '    scope: integration',
        '    secret: { env: AM_TOKEN }',
        'alerts:',
        '  severities: { page: 0 }',
        '  service_labels: [team]',
      ].join('\n'),
    );
    let server: ServerProcess | undefined;
    try {
      server = await spawnServer(path.join(dir, 'data'), ['--config', file], { env: { ...process.env, AM_TOKEN: secret } });
      const body = alertmanagerBody('g', [alertmanagerAlert('f', { alertname: 'DiskFull', severity: 'page', team: 'storage', service: 'ignored' })]);
      const headers = { authorization: `Bearer ${secret}`, 'content-type': 'application/json' };
      const receipt = (await (await fetch(`${server.url}/v1/integrations/alertmanager`, { method: 'POST', headers, body: JSON.stringify(body) })).json()) as {
        incidentId: string;
      };
      const incident = (await (await fetch(`${server.url}/v1/incidents/${receipt.incidentId}`, { headers })).json()) as { severity: number; services: string[] };
      assert.equal(incident.severity, 0);
      assert.deepEqual(incident.services, ['storage']);
    } finally {
      await stopProcess(server);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
