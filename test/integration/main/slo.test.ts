import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { IncidentWithTimeline } from '../../../src/core/incidents/model';
import type { ExtensionApi } from '../../../src/extension';
import { startBurningService, type BurningService } from '../support/burningService';
import { extensionApi } from '../support/extension';
import { api, eventually, serverToken, serverUrl } from '../support/server';

/** A 12-hour SLO at 95%: burn windows of 5s, 30s, 1m, 6m and 72m, so a fast burn shows in seconds. */
const SLO = `apiVersion: openslo/v1
kind: SLO
metadata: { name: it-checkout }
spec:
  service: checkout-api
  indicator:
    metadata: { name: ok }
    spec:
      ratioMetric:
        counter: true
        good: { metricSource: { type: Prometheus, spec: { query: 'it_requests_total{code="ok"}' } } }
        total: { metricSource: { type: Prometheus, spec: { query: it_requests_total } } }
  timeWindow: [{ duration: 12h, isRolling: true }]
  budgetingMethod: Occurrences
  objectives: [{ target: 0.95 }]
`;

describe('SLOs view against a real Prometheus', function () {
  this.timeout(90_000);
  let slos: ExtensionApi['slos'];
  let service: BurningService | undefined;
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '';
  const file = path.join(folder, '.incident-desk', 'slos', 'it-checkout.yaml');
  const broken = path.join(folder, '.incident-desk', 'slos', 'it-broken.yaml');

  before(async () => {
    ({ slos } = await extensionApi());
    // Everything fails, fast: a burn far above 14.4× in every window.
    service = await startBurningService('it_requests_total');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, SLO);
    const config = vscode.workspace.getConfiguration('incidentDesk');
    await config.update('server.url', serverUrl(), vscode.ConfigurationTarget.Global);
    assert.equal(await vscode.commands.executeCommand('incidentDesk.setServerToken', serverToken()), true);
    await config.update('prometheus.url', service.prometheus.url, vscode.ConfigurationTarget.Global);
  });
  after(async () => {
    fs.rmSync(file, { force: true });
    fs.rmSync(broken, { force: true });
    await vscode.workspace.getConfiguration('incidentDesk').update('prometheus.url', undefined, vscode.ConfigurationTarget.Global);
    await service?.stop();
  });

  it('shows the SLO under its service with budget, fast burn, the fitting runbook and a status bar warning; declares from it', async () => {
    const status = await eventually(
      'the SLO burning fast',
      async () => {
        await vscode.commands.executeCommand('incidentDesk.slos.refresh');
        return slos.statuses().find((s) => s.name === 'it-checkout' && s.firing.includes('1h/5m'));
      },
      60_000,
    );
    const group = slos.groups().find((g) => g.service === 'checkout-api');
    assert.ok(group, `groups: ${JSON.stringify(slos.groups().map((g) => g.service))}, message ${slos.message()}`);
    assert.equal(group.state, 'fast burn');
    assert.match(group.slos[0]?.description ?? '', /^[█░]{10} -?\d+% · fast burn/);
    assert.ok(group.runbooks.some((r) => r.path.endsWith('latency-error-budget-triage.md')), JSON.stringify(group.runbooks));
    assert.equal(slos.statusBarText(), '$(flame) Fast burn: it-checkout');
    assert.equal(status.severity, 1, 'a budget gone at once is a Sev 1');

    const incident = await slos.declareFrom('it-checkout', 'checkout-api: error budget fast burn (integration test)');
    assert.ok(incident);
    const detail = await api<IncidentWithTimeline>('GET', `/v1/incidents/${incident.id}`);
    assert.equal(detail.severity, 1);
    assert.deepEqual(detail.services, ['checkout-api']);
    const note = detail.timeline.find((e) => e.type === 'note') as { text?: string } | undefined;
    assert.match(note?.text ?? '', /^SLO at declare time — it-checkout .*Firing 1h\/5m/);
  });

  it('puts an SLO file’s problems in the Problems panel at their line', async () => {
    fs.writeFileSync(broken, SLO.replace('it-checkout', 'it-broken').replace('target: 0.95', 'target: 95'));
    const uri = vscode.Uri.file(broken);
    const problems = await eventually(
      'the problem in the Problems panel',
      async () => {
        await vscode.commands.executeCommand('incidentDesk.slos.refresh');
        const found = vscode.languages.getDiagnostics(uri);
        return found.length > 0 ? found : undefined;
      },
      20_000,
    );
    assert.equal(problems[0]?.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(problems[0]?.range.start.line, 14);
    assert.match(problems[0]?.message ?? '', /objectives\[0\]\.target/);
  });
});
