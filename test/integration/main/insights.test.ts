import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Incident } from '../../../src/core/incidents/model';
import { extensionApi } from '../support/extension';
import { api, eventually, serverToken, serverUrl } from '../support/server';

const HOSTILE = `<img src=x onerror="document.title='pwned'">insights-${process.pid}`;

const workspace = (): string => {
  const dir = process.env.INCIDENT_DESK_TEST_WORKSPACE;
  if (!dir) throw new Error('INCIDENT_DESK_TEST_WORKSPACE is not set: run through test/harness/run-integration.mjs');
  return dir;
};

/** Incident ids a retrospective in the workspace names with a declared_at in the window. */
function retrospectiveIds(sinceMs: number, untilMs: number): string[] {
  const folder = path.join(workspace(), 'retrospectives');
  if (!fs.existsSync(folder)) return [];
  const ids: string[] = [];
  for (const name of fs.readdirSync(folder)) {
    if (!name.endsWith('.md')) continue;
    const text = fs.readFileSync(path.join(folder, name), 'utf8');
    const id = /^id: (.+)$/m.exec(text)?.[1]?.trim();
    const declared = Date.parse(/^declared_at: (.+)$/m.exec(text)?.[1]?.trim().replace(/^['"]|['"]$/g, '') ?? '');
    if (id && declared >= sinceMs && declared < untilMs) ids.push(id);
  }
  return ids;
}

describe('insights view', function () {
  this.timeout(90_000);

  before(async () => {
    const { incidents } = await extensionApi();
    await incidents.ready;
    await vscode.workspace.getConfiguration('incidentDesk').update('server.url', serverUrl(), vscode.ConfigurationTarget.Global);
    assert.equal(await vscode.commands.executeCommand('incidentDesk.setServerToken', serverToken()), true);
    await eventually('the incidents view to be online', () => incidents.state().kind === 'online');
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('shows the totals of the real server and repository in the webview DOM, and a hostile title and service stay text', async () => {
    await api('POST', '/v1/incidents', { title: HOSTILE, severity: 1, services: [HOSTILE] });
    const until = Date.now() + 5_000;
    const since = Date.now() - 90 * 86_400_000;
    const { insights } = await extensionApi();
    const rendered = insights.nextRender();
    assert.equal(await vscode.commands.executeCommand('incidentDesk.showInsights'), true);
    const dom = await rendered;

    const listed = (await api<{ incidents: Incident[] }>('GET', `/v1/incidents?status=all&limit=1000&since=${encodeURIComponent(new Date(since).toISOString())}`)).incidents;
    const expected = new Set([...listed.map((i) => i.id), ...retrospectiveIds(since, until)]);
    assert.equal(dom.totals.Incidents, String(expected.size), `the DOM's total (${JSON.stringify(dom.totals)})`);
    const sev1 = listed.filter((i) => i.severity === 1).length;
    assert.ok(Number(dom.totals['Sev 1']) >= sev1, `Sev 1 shows at least the server's ${sev1}`);
    assert.ok(dom.services.includes(HOSTILE), `the hostile service name is a table cell's text: ${JSON.stringify(dom.services)}`);
    assert.equal(dom.images, 0, 'no element was created from data');
    assert.equal(dom.inlineHandlers, 0, 'no event handler attribute was created from data');
    assert.equal(dom.title, 'Incident Desk Insights');
  });
});
