import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { loadSloFiles } from '../../../src/app/slo/node/sloFiles';
import { sloStatuses } from '../../../src/app/slo/sloStatus';
import { PrometheusSource } from '../../../src/backends/prometheus/prometheusSource';
import { DEFAULT_SLO_BURN_POLICY } from '../../../src/core/policy/sections/sloBurn';
import type { RunningPrometheus } from '../../harness/prometheus.mjs' with { 'resolution-mode': 'import' };
import { extensionApi } from '../support/extension';
import { eventually } from '../support/server';
import { percentile } from '../../bench/figures';

/** Figures, never pass/fail: printed and written to bench-results/slos-view.json. */
const figures: Record<string, number> = {};
const SLOS = 50;
const REFRESHES = 10;
const FOLDER = path.join('.incident-desk', 'slos', 'bench');

function sloYaml(i: number): string {
  return `apiVersion: openslo/v1
kind: SLO
metadata: { name: bench-svc-${i}-availability }
spec:
  service: bench-svc-${i}
  indicator:
    metadata: { name: ok }
    spec:
      ratioMetric:
        counter: true
        good: { metricSource: { type: Prometheus, spec: { query: 'bench_view_requests_total{service="svc-${i}", code="ok"}' } } }
        total: { metricSource: { type: Prometheus, spec: { query: 'bench_view_requests_total{service="svc-${i}"}' } } }
  timeWindow: [{ duration: 30d, isRolling: true }]
  budgetingMethod: Occurrences
  objectives: [{ target: 0.995 }]
`;
}

/**
 * The SLOs view's refresh on the extension host with 50 SLOs against a real local
 * Prometheus (600 instant queries a refresh): Refresh SLOs until the view's model has
 * all 50, beside the floor of the same 50 SLOs' queries through sloStatuses alone (no
 * file discovery, no view model, no tree, no diagnostics), in the same host.
 */
describe('bench: SLOs view refresh', function () {
  this.timeout(300_000);
  let prometheus: RunningPrometheus | undefined;
  let exporter: http.Server | undefined;
  const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '';
  const folder = path.join(root, FOLDER);

  before(async () => {
    const started = Date.now();
    exporter = http.createServer((_req, res) => {
      const seconds = (Date.now() - started) / 1000;
      const lines = ['# TYPE bench_view_requests_total counter'];
      for (let i = 0; i < SLOS; i++) {
        lines.push(`bench_view_requests_total{service="svc-${i}",code="ok"} ${Math.floor(seconds * 100)}`);
        lines.push(`bench_view_requests_total{service="svc-${i}",code="error"} ${Math.floor(seconds * (i % 5))}`);
      }
      res.setHeader('content-type', 'text/plain; version=0.0.4');
      res.end(`${lines.join('\n')}\n`);
    });
    await new Promise<void>((resolve) => exporter?.listen(0, '127.0.0.1', resolve));
    const { startPrometheus } = await import('../../harness/prometheus.mjs');
    prometheus = await startPrometheus({ target: `127.0.0.1:${(exporter.address() as AddressInfo).port}`, alertmanager: '127.0.0.1:9', rules: 'groups: []\n' });
    fs.mkdirSync(folder, { recursive: true });
    for (let i = 0; i < SLOS; i++) fs.writeFileSync(path.join(folder, `bench-svc-${i}.yaml`), sloYaml(i));
    await vscode.workspace.getConfiguration('incidentDesk').update('prometheus.url', prometheus.url, vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    fs.rmSync(folder, { recursive: true, force: true });
    await vscode.workspace.getConfiguration('incidentDesk').update('prometheus.url', undefined, vscode.ConfigurationTarget.Global);
    await prometheus?.stop();
    exporter?.close();
    const lines = Object.entries(figures).map(([name, value]) => `  ${name.padEnd(48)} ${value.toFixed(2)}`);
    console.log(['', 'SLOs view refresh (inside VS Code; floor: the same queries through sloStatuses alone)', ...lines].join('\n'));
    const out = process.env.INCIDENT_DESK_BENCH_DIR;
    if (out) {
      fs.mkdirSync(out, { recursive: true });
      fs.writeFileSync(path.join(out, 'slos-view.json'), JSON.stringify(figures, null, 2));
    }
  });

  it(`refreshes the SLOs view ${REFRESHES} times with ${SLOS} SLOs, beside the queries alone`, async () => {
    const { slos } = await extensionApi();
    const benchStatuses = () => slos.statuses().filter((s) => s.name.startsWith('bench-svc-'));
    // Scraped a few times, so every window has samples, and the view has read the files.
    await eventually(
      `the view showing all ${SLOS} bench SLOs`,
      async () => {
        await vscode.commands.executeCommand('incidentDesk.slos.refresh');
        return benchStatuses().length === SLOS && benchStatuses().every((s) => s.sli !== null);
      },
      60_000,
    );
    const defs = (await loadSloFiles(root, [`${FOLDER.split(path.sep).join('/')}/*.yaml`])).flatMap((f) => f.slos);
    if (defs.length !== SLOS) throw new Error(`${defs.length} SLO definitions read, expected ${SLOS}`);
    const source = new PrometheusSource({ url: prometheus?.url ?? '' });
    const refresh: number[] = [];
    const floor: number[] = [];
    // Interleaved, so a busy machine (or Prometheus compacting) weighs on both the same.
    for (let i = 0; i < REFRESHES; i++) {
      let started = performance.now();
      await vscode.commands.executeCommand('incidentDesk.slos.refresh');
      refresh.push(performance.now() - started);
      if (benchStatuses().length !== SLOS) throw new Error(`refresh ${i + 1}: ${benchStatuses().length} bench SLOs in the view, expected ${SLOS}; ${slos.message() ?? ''}`);
      started = performance.now();
      await sloStatuses(defs, source, DEFAULT_SLO_BURN_POLICY, Date.now());
      floor.push(performance.now() - started);
    }
    for (const list of [refresh, floor]) list.sort((a, b) => a - b);
    figures['Refresh SLOs → view model, p50 (ms)'] = percentile(refresh, 50);
    figures['Refresh SLOs → view model, p95 (ms)'] = percentile(refresh, 95);
    figures['floor: sloStatuses alone, p50 (ms)'] = percentile(floor, 50);
    figures['floor: sloStatuses alone, p95 (ms)'] = percentile(floor, 95);
    figures['refresh over the floor, p50 (ms)'] = percentile(refresh, 50) - percentile(floor, 50);
    figures['SLOs in the view'] = slos.statuses().length;
    figures['instant queries per refresh'] = slos.statuses().length * 12;
    figures['refreshes'] = REFRESHES;
  });
});
