import * as assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Incident, IncidentWithTimeline } from '../../../src/core/incidents/model';
import type { ExtensionApi } from '../../../src/extension';
import type { IncidentTreeNode } from '../../../src/editor/incidents/treeNodes';
import { startBurningService, type BurningService } from '../support/burningService';
import { extensionApi } from '../support/extension';
import { api, eventually, serverToken, serverUrl } from '../support/server';

/** A 12-hour SLO at 95% on a service of its own (no other test declares for it): burn windows of seconds. */
const SERVICE = 'it-slo-declare-api';
const SLO = `apiVersion: openslo/v1
kind: SLO
metadata: { name: it-declare-ok }
spec:
  service: ${SERVICE}
  indicator:
    metadata: { name: ok }
    spec:
      ratioMetric:
        counter: true
        good: { metricSource: { type: Prometheus, spec: { query: 'it_declare_requests_total{code="ok"}' } } }
        total: { metricSource: { type: Prometheus, spec: { query: it_declare_requests_total } } }
  timeWindow: [{ duration: 12h, isRolling: true }]
  budgetingMethod: Occurrences
  objectives: [{ target: 0.95 }]
`;

describe('SLOs on an incident: the declare note and the SLOs section', function () {
  this.timeout(120_000);
  let incidents: ExtensionApi['incidents'];
  let slos: ExtensionApi['slos'];
  let service: BurningService | undefined;
  /** Accepts connections and never answers: a Prometheus that hangs. */
  let silent: http.Server | undefined;
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '';
  const file = path.join(folder, '.incident-desk', 'slos', 'it-declare.yaml');
  const config = () => vscode.workspace.getConfiguration('incidentDesk');

  before(async () => {
    ({ incidents, slos } = await extensionApi());
    service = await startBurningService('it_declare_requests_total');
    silent = http.createServer(() => undefined);
    await new Promise<void>((resolve) => silent?.listen(0, '127.0.0.1', resolve));
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, SLO);
    await config().update('server.url', serverUrl(), vscode.ConfigurationTarget.Global);
    assert.equal(await vscode.commands.executeCommand('incidentDesk.setServerToken', serverToken()), true);
    await config().update('prometheus.url', service.prometheus.url, vscode.ConfigurationTarget.Global);
    await eventually('online', () => incidents.state().kind === 'online', 30_000);
  });
  after(async () => {
    fs.rmSync(file, { force: true });
    await config().update('prometheus.url', undefined, vscode.ConfigurationTarget.Global);
    await service?.stop();
    silent?.closeAllConnections();
    silent?.close();
  });

  async function declared(title: string): Promise<IncidentWithTimeline> {
    const listed = await eventually('the declared incident on the server', async () => (await api<{ incidents: Incident[] }>('GET', '/v1/incidents?status=active')).incidents.find((i) => i.title === title));
    return api<IncidentWithTimeline>('GET', `/v1/incidents/${listed.id}`);
  }

  it('Declare Incident posts the SLOs of the incident’s services as its first note; the incident shows them under "SLOs" and in its document', async () => {
    // Almost everything fails: far over every threshold (14.4× is 72% errors at 95%) once the windows have samples.
    await eventually(
      'the SLO burning in the SLOs view',
      async () => {
        await vscode.commands.executeCommand('incidentDesk.slos.refresh');
        return slos.statuses().find((s) => s.name === 'it-declare-ok' && s.firing.includes('1h/5m'));
      },
      60_000,
    );
    const title = `Declare API failing ${randomUUID().slice(0, 8)}`;
    assert.equal(await vscode.commands.executeCommand('incidentDesk.declare', { title, severity: 2, services: [SERVICE] }), 'sent');
    const incident = await declared(title);
    const notes = incident.timeline.filter((e) => e.type === 'note') as { text: string }[];
    assert.equal(notes.length, 1, JSON.stringify(incident.timeline));
    assert.match(notes[0]?.text ?? '', /^SLO at declare time — it-declare-ok — 95\.00% over 12h; SLI .*; Budget left .*; Burn 5m .*; Firing 1h\/5m.*→ Sev \d\.$/);

    // The section under the incident in the tree, from the SLOs view's model.
    const node = await eventually('the incident in the tree', async () => {
      for (const group of await incidents.tree.getChildren()) {
        for (const child of await incidents.tree.getChildren(group)) if (child.kind === 'incident' && child.incident.id === incident.id) return child;
      }
      return undefined;
    });
    const sections = await incidents.tree.getChildren(node);
    const section = sections.find((s): s is Extract<IncidentTreeNode, { kind: 'section' }> => s.kind === 'section' && s.section === 'slos');
    assert.ok(section, JSON.stringify(sections.map((s) => (s.kind === 'section' ? s.section : s.kind))));
    assert.equal(incidents.tree.getTreeItem(section).label, 'SLOs');
    assert.match(String(incidents.tree.getTreeItem(section).description), /^fast burn · 1 SLO$/);
    const [leaf] = await incidents.tree.getChildren(section);
    assert.equal(leaf?.kind === 'leaf' ? leaf.label : undefined, `it-declare-ok (${SERVICE})`);
    assert.match(leaf?.kind === 'leaf' ? (leaf.description ?? '') : '', /^[█░]{10} -?\d+% · fast burn/);

    const document = await vscode.workspace.openTextDocument(vscode.Uri.from({ scheme: 'incident-desk', path: `/${incident.id}.md` }));
    assert.match(document.getText(), /\n## SLOs\n[\s\S]*- \*\*it-declare-ok — 95\.00% over 12h\*\* \(fast burn\)/);
  });

  it('Write Retrospective cites the error budget the incident consumed in its customer impact', async () => {
    const title = `Declare API retro ${randomUUID().slice(0, 8)}`;
    assert.equal(await vscode.commands.executeCommand('incidentDesk.declare', { title, severity: 3, services: [SERVICE] }), 'sent');
    const incident = await declared(title);
    // A few scrapes inside the incident, all of them failing.
    await new Promise((resolve) => setTimeout(resolve, 4000));
    await api('PATCH', `/v1/incidents/${incident.id}`, { status: 'resolved' });
    const uri = await vscode.commands.executeCommand<vscode.Uri | undefined>('incidentDesk.retro.write', incident.id);
    assert.ok(uri, 'the retrospective was written');
    try {
      const markdown = fs.readFileSync(uri.fsPath, 'utf8');
      const impact = markdown.slice(markdown.indexOf('## Customer impact'), markdown.indexOf('\n## ', markdown.indexOf('## Customer impact') + 1));
      const cited = /Error budget: SLO it-declare-ok \(it-slo-declare-api, 95% over 12h\) — ([\d.]+)% of the error budget consumed during the incident \(([\d,]+) bad of ([\d,]+) events over the window; [\d.]+ min of its 36 min of budget\)\./.exec(impact);
      assert.ok(cited, impact);
      assert.ok(Number(cited[1]) > 0, impact);
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      fs.rmSync(uri.fsPath, { force: true });
    }
  });

  it('a Prometheus that never answers costs the declare nothing but the note: declared, no note', async () => {
    await config().update('prometheus.url', `http://127.0.0.1:${(silent?.address() as AddressInfo).port}`, vscode.ConfigurationTarget.Global);
    const title = `Declare API hanging ${randomUUID().slice(0, 8)}`;
    assert.equal(await vscode.commands.executeCommand('incidentDesk.declare', { title, severity: 3, services: [SERVICE] }), 'sent');
    const incident = await declared(title);
    assert.deepEqual(incident.services, [SERVICE]);
    assert.equal(incident.timeline.filter((e) => e.type === 'note').length, 0, JSON.stringify(incident.timeline));
    await config().update('prometheus.url', service?.prometheus.url, vscode.ConfigurationTarget.Global);
  });
});
