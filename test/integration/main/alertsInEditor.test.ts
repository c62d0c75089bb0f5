import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Incident } from '../../../src/core/incidents/model';
import type { IncidentTreeNode } from '../../../src/editor/incidents/treeNodes';
import type { ExtensionApi } from '../../../src/extension';
import { PD_TOKEN, PagerDutyTestServer } from '../../support/pagerDutyServer';
import { extensionApi } from '../support/extension';
import { api, eventually, serverToken, serverUrl } from '../support/server';

type Api = ExtensionApi['incidents'];

/** A hover's text as read: appendText escapes spaces and punctuation. */
const hoverText = (hover: vscode.MarkdownString): string => hover.value.replace(/&nbsp;/g, ' ').replace(/\\(.)/g, '$1');

/**
 * The whole alert path into the editor: the harness (test/harness/alert-pipeline.mjs)
 * runs a tiny exporter, a real Prometheus scraping it with a DeployErrorRateHigh rule
 * and a real Alertmanager sending to the test backend's receiver. This test makes the
 * exporter's error counter rise and waits for the incident in the Incidents view: its
 * alert rows, and the shipped runbook that names the alert, fitting with its reason.
 */
describe('alerts in the editor: exporter → Prometheus → Alertmanager → server → Incidents view', function () {
  this.timeout(90_000);
  let incidents: Api;
  let exporterUrl: string;
  let instance: string;
  let opened: Incident | undefined;

  before(async function () {
    // Never a skip: without the pipeline this test fails, saying why.
    const failed = process.env.INCIDENT_DESK_TEST_ALERTS_ERROR;
    if (failed) throw new Error(failed);
    const url = process.env.INCIDENT_DESK_TEST_EXPORTER_URL;
    const address = process.env.INCIDENT_DESK_TEST_EXPORTER_INSTANCE;
    if (!url || !address) throw new Error('INCIDENT_DESK_TEST_EXPORTER_URL is not set: run through test/harness/run-integration.mjs, which starts Prometheus and Alertmanager');
    exporterUrl = url;
    instance = address;
    ({ incidents } = await extensionApi());
    await incidents.ready;
    await vscode.workspace.getConfiguration('incidentDesk').update('server.url', serverUrl(), vscode.ConfigurationTarget.Global);
    assert.equal(await vscode.commands.executeCommand('incidentDesk.setServerToken', serverToken()), true);
    await eventually('the incidents view to be online', () => incidents.state().kind === 'online');
  });

  after(async () => {
    if (exporterUrl) await fetch(`${exporterUrl}/failing/off`, { method: 'POST' }).catch(() => undefined);
    // Resolved by hand so the other tests see the demo's incidents as they expect.
    if (opened) await api('PATCH', `/v1/incidents/${opened.id}`, { status: 'resolved' }).catch(() => undefined);
  });

  const fromThisExporter = (incident: Incident) => incident.alerts?.some((alert) => alert.labels.instance === instance) === true;

  it('shows the incident the rule opened, its alerts, and the shipped runbook that names the alert with why it fits', async () => {
    assert.equal(incidents.incidents().filter(fromThisExporter).length, 0, 'a quiet exporter opens nothing');
    const flipped = await fetch(`${exporterUrl}/failing/on`, { method: 'POST' });
    assert.equal(flipped.status, 200);

    // Rule at 1 s, group_wait 1 s, the event stream: seconds, bounded well under the 30 s budget.
    const incident = await eventually('the alert-opened incident in the Incidents view', () => incidents.incidents().find(fromThisExporter), 30_000);
    opened = incident;
    assert.equal(incident.title, `Checkout errors rising on ${instance}`);
    assert.equal(incident.severity, 1, 'severity=critical is Sev 1');
    assert.deepEqual(incident.services, ['checkout-api']);
    assert.equal(incident.alertGroup?.source, 'alertmanager');

    // The row: under its severity group, marked as opened by an alert, with the origin and the fitting runbook in its hover.
    const group = (await incidents.tree.getChildren()).find((node) => node.kind === 'severity' && node.severity === incident.severity);
    assert.ok(group, 'the Sev 1 group');
    const node = (await incidents.tree.getChildren(group)).find((child) => child.kind === 'incident' && child.incident.id === incident.id);
    assert.ok(node, 'the incident row under Sev 1');
    const row = incidents.tree.getTreeItem(node);
    assert.match(String(row.description), /^from alert · /);
    assert.ok(row.tooltip instanceof vscode.MarkdownString && !row.tooltip.isTrusted && !row.tooltip.supportHtml, 'an untrusted hover without HTML');
    assert.match(hoverText(row.tooltip), /\nOpened by Alertmanager alert group\n/);
    assert.match(hoverText(row.tooltip), /Runbook that fits: Roll back a bad deploy \(alert DeployErrorRateHigh, service checkout-api\)/);
    assert.match(String(row.contextValue), /\.runbook/, 'the row offers Run Fitting Runbook');

    // Its sections: Alerts between the latest update and the runbooks.
    const sections = (await incidents.tree.getChildren(node)).map((child) => String(incidents.tree.getTreeItem(child).label));
    assert.deepEqual(sections.slice(3), ['Alerts', 'Runbooks that fit', 'Recent events']);

    const alertSection: IncidentTreeNode = { kind: 'section', incidentId: incident.id, section: 'alerts' };
    assert.match(String(incidents.tree.getTreeItem(alertSection).description), /^1 firing$/);
    const [alert, ...moreAlerts] = await incidents.tree.getChildren(alertSection);
    assert.equal(moreAlerts.length, 0, 'one alert in this group');
    assert.ok(alert?.kind === 'alert');
    const alertItem = incidents.tree.getTreeItem(alert);
    assert.equal(alertItem.label, 'DeployErrorRateHigh');
    assert.match(String(alertItem.description), /^firing · \d+[smhd]/);
    assert.ok(String(alertItem.description).includes('instance=') || String(alertItem.description).includes('job='), `a distinguishing label: ${String(alertItem.description)}`);
    assert.ok(alertItem.tooltip instanceof vscode.MarkdownString && !alertItem.tooltip.isTrusted && !alertItem.tooltip.supportHtml);
    assert.ok(hoverText(alertItem.tooltip).includes(`instance=${instance}`) && hoverText(alertItem.tooltip).includes(`Checkout errors rising on ${instance}`), `summary and labels in the hover: ${hoverText(alertItem.tooltip)}`);
    assert.equal(alertItem.contextValue, 'alert.firing.source.runbookLink', 'Prometheus’s graph link and the runbook_url are both offered');
    assert.equal((alertItem.iconPath as vscode.ThemeIcon).id, 'bell-dot');
    assert.match(alert.row.generatorUrl ?? '', /^http:\/\/[^/]+\/graph\?g0\.expr=increase/);
    assert.equal(alert.row.runbookUrl, 'https://runbooks.example/rollback-bad-deploy');

    // The shipped runbook whose front matter names DeployErrorRateHigh fits, saying so first.
    const runbooks = await incidents.tree.getChildren({ kind: 'section', incidentId: incident.id, section: 'runbooks' });
    const rollback = runbooks.map((child) => incidents.tree.getTreeItem(child)).find((item) => item.label === 'Roll back a bad deploy');
    assert.ok(rollback, `the shipped rollback runbook fits: ${runbooks.map((child) => String(incidents.tree.getTreeItem(child).label)).join(', ')}`);
    assert.match(String(rollback.description), /^alert DeployErrorRateHigh, service checkout-api/);

    // The alert commands take only an alert row; a bare URL is refused before anything opens.
    assert.equal(await vscode.commands.executeCommand('incidentDesk.openAlertSource', 'https://example.com/'), undefined);
  });
});

describe('alerts in the editor: a PagerDuty incident’s alerts', function () {
  this.timeout(90_000);
  let pd: PagerDutyTestServer;

  before(async () => {
    pd = await PagerDutyTestServer.start();
  });

  after(async () => {
    const config = vscode.workspace.getConfiguration('incidentDesk');
    for (const key of ['backend', 'pagerduty.apiUrl', 'pagerduty.fromEmail', 'pollIntervalSeconds']) await config.update(key, undefined, vscode.ConfigurationTarget.Global);
    await config.update('server.url', serverUrl(), vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('incidentDesk.setServerToken', serverToken());
    await pd.close();
  });

  it('lists the alerts PagerDuty grouped on the incident, and the runbook their alertname names', async () => {
    const { incidents } = await extensionApi();
    const incident = pd.addIncident({ title: 'Checkout 5xx after deploy' });
    pd.addAlert(incident.id, {
      alert_key: 'am-4f1c2d',
      summary: '[FIRING:1] DeployErrorRateHigh checkout-api',
      body: { type: 'alert_body', contexts: [], details: { alertname: 'DeployErrorRateHigh', instance: 'checkout-1:9100', runbook_url: 'https://runbooks.example/rollback-bad-deploy' } },
    });
    assert.equal(await vscode.commands.executeCommand('incidentDesk.connectPagerDuty', { token: PD_TOKEN, fromEmail: 'oncall@example.com', apiUrl: pd.url }), true);
    const listed = await eventually('the PagerDuty incident in the tree', () => incidents.incidents().find((i) => i.id === incident.id));

    // Expanding fetches the detail, alerts included (PagerDuty's list has none).
    const sections = (await incidents.tree.getChildren({ kind: 'incident', incident: listed })).map((child) => String(incidents.tree.getTreeItem(child).label));
    assert.deepEqual(sections.slice(3), ['Alerts', 'Runbooks that fit', 'Recent events']);
    assert.equal(pd.requestsTo('GET', `/incidents/${incident.id}/alerts`).length >= 1, true);
    const [alert] = await incidents.tree.getChildren({ kind: 'section', incidentId: incident.id, section: 'alerts' });
    assert.ok(alert?.kind === 'alert');
    const item = incidents.tree.getTreeItem(alert);
    assert.equal(item.label, 'DeployErrorRateHigh');
    assert.match(String(item.description), /^firing · .* · instance=checkout-1:9100$/);
    assert.equal(item.contextValue, 'alert.firing.source.runbookLink', 'its PagerDuty page and runbook_url');
    const runbooks = (await incidents.tree.getChildren({ kind: 'section', incidentId: incident.id, section: 'runbooks' })).map((child) => incidents.tree.getTreeItem(child));
    assert.match(String(runbooks.find((r) => r.label === 'Roll back a bad deploy')?.description), /^alert DeployErrorRateHigh, service checkout-api/);
  });
});
