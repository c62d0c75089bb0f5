import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { PD_TOKEN, PagerDutyTestServer } from '../../support/pagerDutyServer';
import { extensionApi } from '../support/extension';
import { eventually, serverToken, serverUrl } from '../support/server';

describe('incidents sidebar with PagerDuty', function () {
  this.timeout(90_000);
  let pd: PagerDutyTestServer;

  before(async () => {
    pd = await PagerDutyTestServer.start();
  });

  after(async () => {
    const config = vscode.workspace.getConfiguration('incidentDesk');
    for (const key of ['backend', 'pagerduty.apiUrl', 'pagerduty.fromEmail', 'pollIntervalSeconds']) await config.update(key, undefined, vscode.ConfigurationTarget.Global);
    await vscode.workspace.getConfiguration('incidentDesk').update('server.url', serverUrl(), vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('incidentDesk.setServerToken', serverToken());
    await pd.close();
  });

  it('connects, maps priorities to severities, polls for new incidents, and acknowledges with the From header', async () => {
    const { incidents } = await extensionApi();
    const p1 = pd.addIncident({ title: 'Checkout API 5xx in eu-west-1', priority: { id: 'PP1', type: 'priority', summary: 'P1', name: 'P1' } });
    const low = pd.addIncident({ title: 'Slow CSV export for one customer', urgency: 'low' });
    await vscode.workspace.getConfiguration('incidentDesk').update('pollIntervalSeconds', 5, vscode.ConfigurationTarget.Global);
    const connected = await vscode.commands.executeCommand('incidentDesk.connectPagerDuty', { token: PD_TOKEN, fromEmail: 'oncall@example.com', apiUrl: pd.url });
    assert.equal(connected, true);

    const shown = await eventually('the PagerDuty incidents in the tree', () => {
      const list = incidents.incidents();
      return list.some((i) => i.id === p1.id) && list.some((i) => i.id === low.id) ? list : undefined;
    });
    assert.equal(shown.find((i) => i.id === p1.id)?.severity, 0, 'P1 maps to Sev 0');
    assert.equal(shown.find((i) => i.id === low.id)?.severity, 3, 'low urgency maps to Sev 3');
    const listCall = pd.requestsTo('GET', '/incidents')[0];
    assert.equal(listCall?.headers.authorization, `Token token=${PD_TOKEN}`);
    assert.deepEqual(listCall?.query.getAll('statuses[]').sort(), ['acknowledged', 'triggered']);

    const groups = await incidents.tree.getChildren();
    const sev0 = groups.find((g) => g.kind === 'severity' && g.severity === 0);
    assert.ok(sev0);
    const [node] = await incidents.tree.getChildren(sev0);
    assert.ok(node);
    assert.match(String(incidents.tree.getTreeItem(node).contextValue), /\.link$/, 'Open in Backend is offered');

    const later = pd.addIncident({ title: 'Payments webhook backlog' });
    await eventually('polling to pick up the new incident', () => incidents.incidents().some((i) => i.id === later.id), 20_000);

    assert.equal(await vscode.commands.executeCommand('incidentDesk.acknowledge', p1.id), 'sent');
    const put = pd.requests.find((r) => r.method === 'PUT' && r.path === `/incidents/${p1.id}`);
    assert.ok(put, 'acknowledge is a PUT on the incident');
    assert.equal(put.headers.from, 'oncall@example.com');
    assert.equal(JSON.parse(put.body).incident.status, 'acknowledged');
  });
});
