/**
 * SLO benchmark (figures, not pass/fail).
 *
 *   node out/test/bench/slo.bench.js      (after `node esbuild.mjs`; needs Debian's prometheus)
 *
 * 50 SLOs (one file each) over an exporter with 50 services' good/total counters,
 * scraped every second by a real Prometheus on 127.0.0.1:
 * 1. `incident-desk slo status --json` through the real CLI (process start, file
 *    discovery and parsing, 600 instant queries, output): wall time p50/p95.
 * 2. The same in-process (sloStatuses, what the SLOs view's refresh does on the
 *    extension host), and building the view's groups from the 50 statuses.
 * Results: a table on stdout and bench-results/slo.json.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadSloFiles } from '../../src/app/slo/node/sloFiles';
import { sloStatuses } from '../../src/app/slo/sloStatus';
import { PrometheusSource } from '../../src/backends/prometheus/prometheusSource';
import { DEFAULT_SLO_BURN_POLICY } from '../../src/core/policy/sections/sloBurn';
import { serviceGroups } from '../../src/editor/slo/viewModel';
import { measure, summarize, type Figure } from './figures';

const ROOT = path.resolve(__dirname, '../../..');
const CLI = path.join(ROOT, 'dist/cli.mjs');
const SLOS = 50;
const RUNS = Number(process.env.INCIDENT_DESK_BENCH_SLO_RUNS ?? 10);

function sloYaml(i: number): string {
  return `apiVersion: openslo/v1
kind: SLO
metadata: { name: svc-${i}-availability }
spec:
  service: svc-${i}
  indicator:
    metadata: { name: ok }
    spec:
      ratioMetric:
        counter: true
        good: { metricSource: { type: Prometheus, spec: { query: 'bench_requests_total{service="svc-${i}", code="ok"}' } } }
        total: { metricSource: { type: Prometheus, spec: { query: 'bench_requests_total{service="svc-${i}"}' } } }
  timeWindow: [{ duration: 30d, isRolling: true }]
  budgetingMethod: Occurrences
  objectives: [{ target: 0.995 }]
`;
}

async function main(): Promise<void> {
  const { startPrometheus } = await import('../harness/prometheus.mjs');
  const started = Date.now();
  const server = http.createServer((_req, res) => {
    const seconds = (Date.now() - started) / 1000;
    const lines = ['# TYPE bench_requests_total counter'];
    for (let i = 0; i < SLOS; i++) {
      lines.push(`bench_requests_total{service="svc-${i}",code="ok"} ${Math.floor(seconds * 100)}`);
      lines.push(`bench_requests_total{service="svc-${i}",code="error"} ${Math.floor(seconds * (i % 5))}`);
    }
    res.setHeader('content-type', 'text/plain; version=0.0.4');
    res.end(`${lines.join('\n')}\n`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'idesk-slo-bench-'));
  fs.mkdirSync(path.join(dir, 'slos'));
  for (let i = 0; i < SLOS; i++) fs.writeFileSync(path.join(dir, 'slos', `svc-${i}.yaml`), sloYaml(i));
  // No Alertmanager: nothing alerts here (port 9 is discard; Prometheus only logs the failure).
  const prometheus = await startPrometheus({ target: `127.0.0.1:${(server.address() as AddressInfo).port}`, alertmanager: '127.0.0.1:9', rules: 'groups: []\n' });
  const figures: Figure[] = [];
  try {
    await new Promise((resolve) => setTimeout(resolve, 5000));
    const times: number[] = [];
    let count = 0;
    for (let i = 0; i < RUNS; i++) {
      const start = performance.now();
      const out = execFileSync(process.env.INCIDENT_DESK_SYSTEM_NODE ?? process.execPath, [CLI, 'slo', 'status', '--json', '--prometheus-url', prometheus.url], { cwd: dir, encoding: 'utf8' });
      times.push(performance.now() - start);
      count = (JSON.parse(out) as { slos: unknown[] }).slos.length;
    }
    if (count !== SLOS) throw new Error(`slo status answered ${count} SLOs, expected ${SLOS}`);
    figures.push(summarize('slo status --json (real CLI)', `${SLOS} SLOs, ${SLOS * 12} queries`, times));

    const slos = (await loadSloFiles(dir, ['slos/**/*.yaml'])).flatMap((f) => f.slos);
    const source = new PrometheusSource({ url: prometheus.url });
    const inProcess: number[] = [];
    let statuses = await sloStatuses(slos, source, DEFAULT_SLO_BURN_POLICY, Date.now());
    for (let i = 0; i < RUNS; i++) {
      const start = performance.now();
      statuses = await sloStatuses(slos, source, DEFAULT_SLO_BURN_POLICY, Date.now());
      inProcess.push(performance.now() - start);
    }
    figures.push(summarize('sloStatuses in-process (view refresh)', `${SLOS} SLOs`, inProcess));
    const runbooks = Array.from({ length: 20 }, (_, i) => ({ path: `runbooks/r${i}.md`, title: `R${i}`, services: [`svc-${i}`] }));
    figures.push(measure('serviceGroups (view model)', `${SLOS} statuses, 20 runbooks`, 200, () => serviceGroups(statuses, runbooks, [])));
  } finally {
    await prometheus.stop();
    server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  for (const f of figures) process.stdout.write(`  ${f.name.padEnd(40)} ${f.input.padEnd(28)} median ${f.medianMs.toFixed(1)} ms  p95 ${f.p95Ms.toFixed(1)} ms  (${f.runs} runs)\n`);
  const out = process.env.INCIDENT_DESK_BENCH_DIR ?? path.join(ROOT, 'bench-results');
  fs.mkdirSync(out, { recursive: true });
  fs.writeFileSync(path.join(out, 'slo.json'), `${JSON.stringify(figures, null, 2)}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
