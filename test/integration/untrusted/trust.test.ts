import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { PD_TOKEN, PagerDutyTestServer } from '../../support/pagerDutyServer';
import { extensionApi } from '../support/extension';
import { eventually, serverToken, serverUrl } from '../support/server';

const workspace = process.env.INCIDENT_DESK_TEST_WORKSPACE ?? '';

describe('incidents and retrospectives in an untrusted workspace', function () {
  this.timeout(60_000);

  before(async () => {
    assert.equal(vscode.workspace.isTrusted, false, 'this suite runs in an untrusted workspace');
    await (await extensionApi()).incidents.ready;
  });

  it('ignores a server URL that comes from the workspace’s settings', async () => {
    const { incidents } = await extensionApi();
    await vscode.workspace.getConfiguration('incidentDesk').update('server.url', serverUrl(), vscode.ConfigurationTarget.Global);
    // A cloned repository tries to send the user's token to a server of its choosing.
    fs.mkdirSync(path.join(workspace, '.vscode'), { recursive: true });
    fs.writeFileSync(path.join(workspace, '.vscode', 'settings.json'), JSON.stringify({ 'incidentDesk.server.url': 'http://127.0.0.1:9', 'incidentDesk.pollIntervalSeconds': 17 }));
    // An unrestricted setting in the same file proves VS Code has read it.
    await eventually('VS Code to read the workspace settings', () => vscode.workspace.getConfiguration('incidentDesk').inspect<number>('pollIntervalSeconds')?.workspaceValue === 17);
    assert.equal(await vscode.commands.executeCommand('incidentDesk.setServerToken', serverToken()), true);
    await vscode.commands.executeCommand('incidentDesk.incidents.refresh');
    await eventually('the user’s own server to answer', () => incidents.state().kind === 'online' && incidents.incidents().length > 0);
  });

  it('refuses to start a local server, write or submit a retrospective, and starts nothing', async () => {
    const terminalsBefore = vscode.window.terminals.length;
    assert.equal(await vscode.commands.executeCommand('incidentDesk.startLocalServer'), false);
    assert.equal(await vscode.commands.executeCommand('incidentDesk.retro.write', 'INC-1'), undefined);
    const someMarkdown = vscode.Uri.file(path.join(workspace, 'README.md'));
    assert.equal(await vscode.commands.executeCommand('incidentDesk.retro.submit', { uri: someMarkdown }), undefined);
    assert.equal(vscode.window.terminals.length, terminalsBefore, 'no terminal was opened');
    assert.equal(fs.existsSync(path.join(workspace, 'retrospectives')), false, 'no retrospective was written');
  });

  it('sends the PagerDuty token only to the user’s own PagerDuty URL, never the workspace’s', async () => {
    const { incidents } = await extensionApi();
    const mine = await PagerDutyTestServer.start();
    const theirs = await PagerDutyTestServer.start();
    try {
      const incident = mine.addIncident({ title: 'Checkout API 5xx' });
      theirs.addIncident({ title: 'Decoy' });
      fs.writeFileSync(path.join(workspace, '.vscode', 'settings.json'), JSON.stringify({ 'incidentDesk.pagerduty.apiUrl': theirs.url, 'incidentDesk.pollIntervalSeconds': 19 }));
      await eventually('VS Code to read the workspace settings', () => vscode.workspace.getConfiguration('incidentDesk').inspect<number>('pollIntervalSeconds')?.workspaceValue === 19);
      assert.equal(await vscode.commands.executeCommand('incidentDesk.connectPagerDuty', { token: PD_TOKEN, fromEmail: 'oncall@example.com', apiUrl: mine.url }), true);
      await eventually('the user’s PagerDuty incidents', () => incidents.incidents().some((i) => i.id === incident.id));
      assert.equal(theirs.requests.length, 0, 'the workspace’s URL never received a request (or the token)');
    } finally {
      const config = vscode.workspace.getConfiguration('incidentDesk');
      for (const key of ['backend', 'pagerduty.apiUrl', 'pagerduty.fromEmail']) await config.update(key, undefined, vscode.ConfigurationTarget.Global);
      await mine.close();
      await theirs.close();
    }
  });
});
