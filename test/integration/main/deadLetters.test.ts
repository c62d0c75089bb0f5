import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { IncidentTreeNode } from '../../../src/editor/incidents/treeNodes';
import type { ExtensionApi } from '../../../src/extension';
import { signingKey } from '../../../src/server/notify/config';
import { NotifyServer, Receiver, WEBHOOK_SECRET } from '../../unit/notify/notifyFixture';
import { extensionApi } from '../support/extension';
import { eventually, serverToken, serverUrl } from '../support/server';

type Api = ExtensionApi['incidents'];

/**
 * Dead letters in the Incidents view: a real server with a notify: webhook channel whose
 * receiver (on loopback) answers 404, so the declaration becomes a dead letter at once.
 * The window is pointed at that server for this suite and back at the harness's after it.
 */
describe('dead letters in the Incidents view, and their retry', function () {
  this.timeout(60_000);
  let incidents: Api;
  let receiver: Receiver | undefined;
  let server: NotifyServer | undefined;

  before(async () => {
    ({ incidents } = await extensionApi());
    await incidents.ready;
    receiver = await Receiver.start();
    receiver.responder = () => ({ status: 404 });
    server = await NotifyServer.start({
      channels: [{ name: 'status-hook', type: 'webhook', label: 'status webhook', audience: 'external', transport: { type: 'webhook', url: receiver.url, secret: signingKey(WEBHOOK_SECRET) } }],
      routes: [{ channels: ['status-hook'], severities: [2], events: ['declared'], audiences: [] }],
    });
    await vscode.workspace.getConfiguration('incidentDesk').update('server.url', server.url, vscode.ConfigurationTarget.Global);
    assert.equal(await vscode.commands.executeCommand('incidentDesk.setServerToken', server.token), true);
    await eventually('the view on the notify server', () => incidents.state().kind === 'online' && incidents.incidents().length === 0, 20_000);
  });

  after(async () => {
    await vscode.workspace.getConfiguration('incidentDesk').update('server.url', serverUrl(), vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('incidentDesk.setServerToken', serverToken());
    await eventually('the view back on the harness server', () => incidents.state().kind === 'online' && incidents.incidents().length > 0, 20_000).catch(() => undefined);
    await server?.dispose();
    await receiver?.close();
  });

  const sectionsOf = async (node: IncidentTreeNode) => incidents.tree.getChildren(node);

  it('shows a Deliveries group with the dead letter, refuses a bad argument, and retries from the row', async () => {
    const id = await server!.declare({ severity: 2, title: 'Webhook consumer gone' });
    const incident = await eventually('the incident in the view', () => incidents.incidents().find((candidate) => candidate.id === id));
    const node: IncidentTreeNode = { kind: 'incident', incident };

    // Expanding never waits for the deliveries: the group appears once the server has said.
    const group = await eventually('the Deliveries group', async () => (await sectionsOf(node)).find((child) => child.kind === 'section' && child.section === 'deliveries'), 20_000);
    assert.equal(incidents.tree.getTreeItem(group).label, 'Deliveries');
    assert.equal(incidents.tree.getTreeItem(group).description, '1 failed');
    const rows = await incidents.tree.getChildren(group);
    assert.equal(rows.length, 1);
    const row = rows[0]!;
    const item = incidents.tree.getTreeItem(row);
    assert.match(String(item.label), /^failed: 404 from .+ · 1 try$/);
    assert.equal(item.description, 'status-hook');
    assert.equal(item.contextValue, 'deadLetter');
    assert.equal(receiver!.requests.length, 1);

    // On the timeline the dead letter reads as an error, not as an unknown event.
    const deliveryIcon = async (outcome: RegExp) => {
      const events = (await sectionsOf(node)).find((child) => child.kind === 'section' && child.section === 'events');
      const leaf = events && (await incidents.tree.getChildren(events)).map((child) => incidents.tree.getTreeItem(child)).find((leaf) => outcome.test(String(leaf.label)));
      return leaf && (leaf.iconPath as vscode.ThemeIcon).id;
    };
    assert.equal(await eventually('the dead letter in Recent events', () => deliveryIcon(/^failed: 404/)), 'error');

    // A bare id is not a row: refused before anything is sent.
    assert.equal(await vscode.commands.executeCommand('incidentDesk.retryDelivery', 'EV-1.status-hook'), undefined);
    assert.equal(receiver!.requests.length, 1);

    receiver!.responder = () => ({ status: 200 });
    const outcome = await vscode.commands.executeCommand<{ retried: string[]; remaining: number }>('incidentDesk.retryDelivery', row);
    assert.ok(row.kind === 'deadLetter');
    assert.deepEqual(outcome, { retried: [row.deliveryId], remaining: 0 });
    await eventually('the receiver to get it again', () => receiver!.requests.length === 2);
    await eventually('the group to go', async () => !(await sectionsOf(node)).some((child) => child.kind === 'section' && child.section === 'deliveries'));
    assert.equal(await eventually('the delivery in Recent events', () => deliveryIcon(/^delivered/)), 'send');

    // Nothing dead any more: Retry Failed Deliveries… says so instead of offering an empty pick.
    assert.deepEqual(await vscode.commands.executeCommand('incidentDesk.retryFailedDeliveries', id), { retried: [], remaining: 0 });
  });
});
