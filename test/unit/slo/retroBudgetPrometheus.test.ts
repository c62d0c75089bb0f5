import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { nodeFileSystem } from '../../../src/app/node/nodeFileSystem';
import { writeRetrospective } from '../../../src/app/retrospectives/writeRetrospective';
import { incidentBudgets } from '../../../src/app/slo/incidentBudgets';
import { sloImpactSourceFor } from '../../../src/app/slo/node/sloImpactSource';
import { PrometheusSource } from '../../../src/backends/prometheus/prometheusSource';
import type { IncidentWithTimeline } from '../../../src/core/incidents/model';
import { DEFAULT_SLO_GLOBS } from '../../../src/core/slo/glob';
import { parseSloFile } from '../../../src/core/slo/parse';
import type { SloDefinition } from '../../../src/core/slo/types';
import type { RunningPrometheus } from '../../harness/prometheus.mjs' with { 'resolution-mode': 'import' };
import { resolvedIncident } from '../retrospectives/fixtures';
import { within1Percent } from './within1Percent';

/** A 12-hour SLO at 95%, good over total, as the other real-Prometheus tests use. */
const SLO_YAML = `apiVersion: openslo/v1
kind: SLO
metadata: { name: checkout-retro }
spec:
  service: checkout-api
  indicator:
    metadata: { name: checkout-ok }
    spec:
      ratioMetric:
        counter: true
        good: { metricSource: { type: Prometheus, spec: { query: 'retro_requests_total{code="ok"}' } } }
        total: { metricSource: { type: Prometheus, spec: { query: retro_requests_total } } }
  timeWindow: [{ duration: 12h, isRolling: true }]
  budgetingMethod: Occurrences
  objectives: [{ target: 0.95 }]
`;

/** Events per second: a constant total, so the window's count is a straight line Prometheus extrapolates exactly. */
const TOTAL_PER_S = 240;
const ERRORS_PER_S = { calm: 2, incident: 40 };
const CALM_S = 6;
const INCIDENT_S = 12;

/**
 * An exporter whose counters are functions of the wall clock from its first scrape
 * (which reads 0): errors at 2/s, 40/s during the incident, 2/s after, the rest ok.
 * So the raw counts at any instant are known exactly, whatever the event loop does.
 */
class ClockExporter {
  startMs: number | undefined;
  incidentFromMs = 0;
  incidentToMs = 0;
  private constructor(private readonly server: http.Server) {}

  static async start(): Promise<ClockExporter> {
    const server = http.createServer();
    const exporter = new ClockExporter(server);
    server.on('request', (_request: http.IncomingMessage, response: http.ServerResponse) => {
      const now = Date.now();
      if (exporter.startMs === undefined) {
        exporter.startMs = now;
        // Whole seconds, as the incident's declaredAt and resolvedAt are queried.
        exporter.incidentFromMs = Math.ceil(now / 1000) * 1000 + CALM_S * 1000;
        exporter.incidentToMs = exporter.incidentFromMs + INCIDENT_S * 1000;
      }
      const { ok, errors } = exporter.countsAt(now);
      response.setHeader('content-type', 'text/plain; version=0.0.4');
      response.end(`# TYPE retro_requests_total counter\nretro_requests_total{code="ok"} ${ok}\nretro_requests_total{code="error"} ${errors}\n`);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return exporter;
  }

  countsAt(ms: number): { ok: number; errors: number } {
    const start = this.startMs ?? ms;
    const seconds = (from: number, to: number) => Math.max(0, Math.min(ms, to) - from) / 1000;
    const errors =
      ERRORS_PER_S.calm * seconds(start, this.incidentFromMs) +
      ERRORS_PER_S.incident * seconds(this.incidentFromMs, this.incidentToMs) +
      ERRORS_PER_S.calm * seconds(this.incidentToMs, Number.POSITIVE_INFINITY);
    return { ok: TOTAL_PER_S * seconds(start, Number.POSITIVE_INFINITY) - errors, errors };
  }

  get address(): string {
    return `127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}


/** The shared use case, from the repository's SLO files, with nothing else to cite. */
function writeRetrospectiveWith(repo: string, incident: IncidentWithTimeline, source: PrometheusSource): ReturnType<typeof writeRetrospective> {
  return writeRetrospective(
    { incidentId: incident.id, repoRoot: repo, folder: 'retrospectives', whenExists: 'keep' },
    {
      incidents: { get: async () => incident },
      executions: { read: async () => ({ records: [], warnings: [] }) },
      commits: async () => [],
      files: nodeFileSystem,
      clock: { now: () => new Date() },
      slos: sloImpactSourceFor(repo, DEFAULT_SLO_GLOBS, source, 'pass --prometheus-url'),
    },
  );
}

describe('error budget an incident consumed, against a real Prometheus', function () {
  this.timeout(90_000);
  let slo: SloDefinition;
  let exporter: ClockExporter;
  let prometheus: RunningPrometheus;
  let repo: string;

  before(async () => {
    const parsed = parseSloFile(SLO_YAML, 'slos/checkout.yaml');
    assert.deepEqual(parsed.problems, []);
    slo = parsed.slos[0] as SloDefinition;
    exporter = await ClockExporter.start();
    const harness = await import('../../harness/prometheus.mjs');
    prometheus = await harness.startPrometheus({ target: exporter.address, alertmanager: '127.0.0.1:9', rules: 'groups: []\n' });
    repo = fs.mkdtempSync(path.join(os.tmpdir(), 'idesk-retro-slo-'));
    fs.mkdirSync(path.join(repo, 'slos'));
    fs.writeFileSync(path.join(repo, 'slos', 'checkout.yaml'), SLO_YAML);
  });
  after(async () => {
    await prometheus?.stop();
    await exporter?.stop();
    if (repo) fs.rmSync(repo, { recursive: true, force: true });
  });

  it('the consumed share and minutes match the raw counters within 1%, and the retrospective’s customer impact cites them', async () => {
    // Wait for the incident to be over and for a scrape past its end.
    const deadline = Date.now() + 60_000;
    while (exporter.startMs === undefined || Date.now() < exporter.incidentToMs + 2500) {
      assert.ok(Date.now() < deadline, `the exporter was never scraped: ${prometheus.logs()}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const declaredAt = new Date(exporter.incidentFromMs).toISOString();
    const resolvedAt = new Date(exporter.incidentToMs).toISOString();
    const source = new PrometheusSource({ url: prometheus.url });
    const [budget] = await incidentBudgets([slo], { declaredAt, resolvedAt }, source, Date.now());

    // The independent calculation, from the exporter's own counters at the two instants.
    const atStart = exporter.countsAt(exporter.incidentFromMs);
    const atEnd = exporter.countsAt(exporter.incidentToMs);
    const badInIncident = atEnd.errors - atStart.errors;
    const totalOverWindow = atEnd.ok + atEnd.errors;
    assert.equal(badInIncident, ERRORS_PER_S.incident * INCIDENT_S);
    const consumed = badInIncident / ((1 - 0.95) * totalOverWindow);
    within1Percent(budget?.counts.badInIncident, badInIncident, 'bad events in the incident');
    within1Percent(budget?.counts.totalOverWindow, totalOverWindow, 'events over the window');
    within1Percent(budget?.consumed, consumed, 'budget consumed');
    within1Percent(budget?.budgetMinutes, consumed * 0.05 * 12 * 60, 'minutes of budget');
    assert.equal(budget?.range.rangeS, INCIDENT_S);

    // The same through the shared use case, from the repository's SLO files, into the file.
    const incident = resolvedIncident({ services: ['checkout-api'], declaredAt, resolvedAt });
    const written = await writeRetrospectiveWith(repo, incident, source);
    assert.equal(written.action, 'created');
    assert.deepEqual(written.action === 'created' ? written.warnings : [], []);
    const markdown = fs.readFileSync(written.path, 'utf8');
    const impact = markdown.slice(markdown.indexOf('## Customer impact'), markdown.indexOf('\n## ', markdown.indexOf('## Customer impact') + 1));
    const line = /Error budget: SLO checkout-retro \(checkout-api, 95% over 12h\) — ([\d.]+)% of the error budget consumed during the incident/.exec(impact);
    assert.ok(line, impact);
    within1Percent(Number(line[1]) / 100, consumed, 'the figure in the file');
  });

  it('an SLO whose queries match no series: no traffic, no budget consumed; a Prometheus that is down: a warning, the file still written', async () => {
    const silent: SloDefinition = { ...slo, name: 'silent', good: 'no_such_metric_total{code="ok"}', total: 'no_such_metric_total' };
    const now = Date.now();
    const [budget] = await incidentBudgets([silent], { declaredAt: new Date(now - 10_000).toISOString() }, new PrometheusSource({ url: prometheus.url }), now);
    assert.equal(budget?.consumed, null);
    assert.equal(budget?.range.ongoing, true);

    const down = new PrometheusSource({ url: 'http://127.0.0.1:9', timeoutMs: 2000 });
    const incident = resolvedIncident({ id: 'INC-43', services: ['checkout-api'] });
    const written = await writeRetrospectiveWith(repo, incident, down);
    assert.equal(written.action, 'created');
    assert.match(written.action === 'created' ? written.warnings.join('\n') : '', /Prometheus did not answer/);
    assert.match(fs.readFileSync(written.path, 'utf8'), /Error budget consumed: Prometheus did not answer when this was written, so the budget the incident consumed of checkout-retro is not cited\./);
  });
});
