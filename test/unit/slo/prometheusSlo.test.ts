import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { sloStatuses } from '../../../src/app/slo/sloStatus';
import { runCli } from '../../../src/cli/main';
import { PrometheusSource } from '../../../src/backends/prometheus/prometheusSource';
import { DEFAULT_SLO_BURN_POLICY } from '../../../src/core/policy/sections/sloBurn';
import { burnState } from '../../../src/core/slo/budget';
import { parseSloFile } from '../../../src/core/slo/parse';
import { sloRules } from '../../../src/core/slo/rules';
import type { SloDefinition } from '../../../src/core/slo/types';
import { BURN_WINDOWS } from '../../../src/core/slo/windows';
import type { RunningAlertmanager } from '../../harness/alertmanager.mjs' with { 'resolution-mode': 'import' };
import type { RunningPrometheus } from '../../harness/prometheus.mjs' with { 'resolution-mode': 'import' };
import { AlertServer, type IncidentJson } from '../alerts/alertServer';
import { within1Percent } from './within1Percent';

/**
 * A 12-hour SLO at 95%: its burn windows scale to 5s, 30s, 60s, 6m and 72m (window / 30d),
 * so a test sees a fast burn in seconds.
 */
const SLO_YAML = `apiVersion: openslo/v1
kind: SLO
metadata:
  name: checkout-test
spec:
  service: checkout-api
  indicator:
    metadata: { name: checkout-ok }
    spec:
      ratioMetric:
        counter: true
        good:
          metricSource: { type: Prometheus, spec: { query: 'slo_test_requests_total{code="ok"}' } }
        total:
          metricSource: { type: Prometheus, spec: { query: 'slo_test_requests_total' } }
  timeWindow:
    - { duration: 12h, isRolling: true }
  budgetingMethod: Occurrences
  objectives:
    - target: 0.95
`;

/** An exporter whose good and bad counters rise by known amounts every 100 ms; one scrape reads both. */
class RequestExporter {
  ok = 0;
  errors = 0;
  perTick = { ok: 97, errors: 3 };
  private readonly timer = setInterval(() => {
    this.ok += this.perTick.ok;
    this.errors += this.perTick.errors;
  }, 100);
  private constructor(private readonly server: http.Server) {}

  static async start(): Promise<RequestExporter> {
    const server = http.createServer();
    const exporter = new RequestExporter(server);
    server.on('request', (_request: http.IncomingMessage, response: http.ServerResponse) => {
      response.setHeader('content-type', 'text/plain; version=0.0.4');
      response.end(
        `# TYPE slo_test_requests_total counter\nslo_test_requests_total{code="ok"} ${exporter.ok}\nslo_test_requests_total{code="error"} ${exporter.errors}\n`,
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return exporter;
  }

  get address(): string {
    return `127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await new Promise((resolve) => this.server.close(resolve));
  }
}


describe('SLOs against a real Prometheus, Alertmanager and server', function () {
  this.timeout(90_000);
  let slo: SloDefinition;
  let rules: string;
  let server: AlertServer;
  let exporter: RequestExporter;
  let alertmanager: RunningAlertmanager;
  let prometheus: RunningPrometheus;
  let promtool: string;

  before(async () => {
    const parsed = parseSloFile(SLO_YAML, 'checkout-test.yaml');
    assert.deepEqual(parsed.problems, []);
    slo = parsed.slos[0] as SloDefinition;
    // Both fast pairs at one severity: which of them fires first (and so sets the incident's
    // severity at declare) depends on timing; the slow pair, an alert of its own, at another.
    rules = sloRules({ slos: [slo], policy: { ...DEFAULT_SLO_BURN_POLICY, alerts: { '1h/5m': 1, '6h/30m': 1, '3d/6h': 4 } }, runbookFor: () => ({ url: 'https://runbooks.example/latency-error-budget-triage' }) });
    const { startAlertmanager } = await import('../../harness/alertmanager.mjs');
    const harness = await import('../../harness/prometheus.mjs');
    promtool = harness.PROMTOOL;
    server = await AlertServer.start();
    exporter = await RequestExporter.start();
    alertmanager = await startAlertmanager({ webhookUrl: `${server.url}/v1/integrations/alertmanager`, token: server.token });
    prometheus = await harness.startPrometheus({ target: exporter.address, alertmanager: new URL(alertmanager.url).host, rules });
  });
  after(async () => {
    await prometheus?.stop();
    await alertmanager?.stop();
    await exporter?.stop();
    await server?.dispose();
  });

  async function eventually<T>(read: () => Promise<T | undefined>, what: string, timeoutMs: number): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await read();
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error(`${what} did not happen. Prometheus alerts: ${JSON.stringify(await prometheus.alerts())}; ${prometheus.logs()}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  it('promtool check rules accepts the generated rules', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'idesk-slo-rules-'));
    try {
      const file = path.join(dir, 'slo-rules.yml');
      fs.writeFileSync(file, rules);
      const output = execFileSync(promtool, ['check', 'rules', file], { encoding: 'utf8' });
      assert.match(output, /SUCCESS: 8 rules found/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('incident-desk slo status --json answers the contract from the files in .incident-desk/slos; lint fails CI with FILE:LINE:COL', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'idesk-slo-cli-'));
    try {
      fs.mkdirSync(path.join(dir, '.incident-desk', 'slos'), { recursive: true });
      fs.writeFileSync(path.join(dir, '.incident-desk', 'slos', 'checkout.yaml'), SLO_YAML);
      let stdout = '';
      let stderr = '';
      const io = { stdout: (t: string) => void (stdout += t), stderr: (t: string) => void (stderr += t), cwd: dir, env: { INCIDENT_DESK_PROMETHEUS_URL: prometheus.url, INCIDENT_DESK_PROMETHEUS_TOKEN: 'not-needed-by-prometheus' } };
      assert.equal(await runCli(['slo', 'status', '--json'], io), 0, stderr);
      const body = JSON.parse(stdout) as { slos: Record<string, unknown>[] };
      assert.equal(body.slos.length, 1);
      const first = body.slos[0] ?? {};
      assert.deepEqual(Object.keys(first).slice(0, 11), ['name', 'service', 'target', 'window', 'sli', 'budgetRemaining', 'burnRates', 'firing', 'exhaustionS', 'severity', 'budgetTotalS']);
      assert.equal(first.name, 'checkout-test');
      assert.equal(first.window, '12h');
      assert.deepEqual(Object.keys(first.burnRates as object), ['5m', '30m', '1h', '6h', '3d']);

      stdout = '';
      assert.equal(await runCli(['slo', 'lint'], io), 0);
      fs.writeFileSync(path.join(dir, '.incident-desk', 'slos', 'broken.yaml'), SLO_YAML.replace('checkout-test', 'broken').replace('target: 0.95', 'target: 95'));
      stdout = '';
      assert.equal(await runCli(['slo', 'lint'], io), 1, 'an error fails CI');
      assert.match(stdout, /^\.incident-desk\/slos\/broken\.yaml:20:15: error: spec\.objectives\[0\]\.target/m);
      stderr = '';
      assert.equal(await runCli(['slo', 'status'], io), 1, 'status refuses files with errors');
      assert.match(stderr, /broken\.yaml:20:15/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('computes the SLI, the budget left and the burn rates the raw counters give, then a fast burn fires the rules and opens incidents at the policy’s pair severities', async () => {
    const source = new PrometheusSource({ url: prometheus.url });
    // Enough scrapes (1 s apart) that even the 5 s window holds several samples.
    const steady = await eventually(async () => {
      const [status] = await sloStatuses([slo], source, DEFAULT_SLO_BURN_POLICY, Date.now());
      return status && status.sli !== null && Object.values(status.burnRates).every((rate) => rate > 0) && exporter.ok > 600 ? status : undefined;
    }, 'steady traffic in every window', 30_000);

    // The independent calculation, from the exporter's own counters: the share of bad events.
    const badShare = exporter.errors / (exporter.ok + exporter.errors);
    const budget = 1 - 0.95;
    within1Percent(steady.sli, 1 - badShare, 'SLI');
    within1Percent(steady.budgetRemaining, 1 - badShare / budget, 'budget remaining');
    for (const window of BURN_WINDOWS) within1Percent(steady.burnRates[window], badShare / budget, `burn rate ${window}`);
    assert.deepEqual(steady.firing, []);
    assert.equal(burnState(steady), 'ok');
    assert.equal(steady.exhaustionS !== null && steady.exhaustionS > 0, true);
    assert.deepEqual(steady.burnWindowsS, { '5m': 5, '30m': 30, '1h': 60, '6h': 360, '3d': 4320 });
    assert.equal((await server.allIncidents()).length, 0, 'a burn under every threshold opens nothing');

    // Everything fails, at ten times the traffic: a fast burn.
    exporter.perTick = { ok: 0, errors: 1000 };
    const fast = await eventually(async () => {
      const [status] = await sloStatuses([slo], source, DEFAULT_SLO_BURN_POLICY, Date.now());
      return status?.firing.includes('1h/5m') ? status : undefined;
    }, 'the 1h/5m pair firing in the computed status', 30_000);
    assert.equal(burnState(fast), 'fast burn');
    assert.equal(fast.severity, 1, 'a budget gone within 30 minutes is a Sev 1');

    const withAlert = (name: string) => async (): Promise<IncidentJson | undefined> => {
      for (const summary of await server.allIncidents()) {
        const full: IncidentJson = await server.incident(summary.id);
        if (full.alerts?.some((alert) => alert.name === name)) return full;
      }
      return undefined;
    };
    const incident = await eventually(withAlert('ErrorBudgetBurnFast'), 'an incident from ErrorBudgetBurnFast', 40_000);
    assert.equal(incident.severity, 1, 'the fast pairs carry the policy severity 1 (label severity=critical)');
    assert.deepEqual(incident.services, ['checkout-api']);
    const alert = incident.alerts?.find((a) => a.name === 'ErrorBudgetBurnFast');
    assert.equal(alert?.labels.slo, 'checkout-test');
    assert.equal(alert?.labels.incident_desk_severity, '1');
    assert.equal(alert?.runbookUrl, 'https://runbooks.example/latency-error-budget-triage');
    // The 3d/6h pair fires too (everything fails): its own alert, its own incident, at Sev 4.
    const slow = await eventually(withAlert('ErrorBudgetBurnSlow'), 'an incident from ErrorBudgetBurnSlow', 40_000);
    assert.equal(slow.severity, 4, 'the slow pair carries the policy severity 4 (label severity=info)');
    assert.equal(slow.alerts?.[0]?.labels.burn_window, '3d/6h');
  });
});
