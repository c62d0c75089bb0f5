// The alert path for the integration tier's alerts-in-the-editor test, outside VS Code:
// a tiny exporter (one error counter, and a control endpoint the test flips), a real
// Prometheus scraping it with a rule that fires while the counter rises, and a real
// Alertmanager sending that alert to the test backend's receiver with an integration
// token. Everything on loopback, in temp folders, timers at 1 s.
import { createServer } from 'node:http';
import { startAlertmanager } from './alertmanager.mjs';
import { startPrometheus } from './prometheus.mjs';

/** The rule the test waits for; runbooks/rollback-bad-deploy.md names this alert. */
export const PIPELINE_RULES = `groups:
  - name: checkout
    rules:
      - alert: DeployErrorRateHigh
        expr: increase(checkout_errors_total[5s]) > 0
        labels:
          severity: critical
          service: checkout-api
        annotations:
          summary: "Checkout errors rising on {{ $labels.instance }}"
          runbook_url: https://runbooks.example/rollback-bad-deploy
`;

/**
 * The checkout exporter: GET /metrics for Prometheus; the error counter rises while it
 * is failing, set in-process (`failing`) or over HTTP (POST /failing/on, /failing/off).
 */
export async function startExporter() {
  let errors = 0;
  let failing = false;
  const timer = setInterval(() => {
    if (failing) errors += 3;
  }, 250);
  const server = createServer((request, response) => {
    if (request.method === 'POST' && (request.url === '/failing/on' || request.url === '/failing/off')) {
      failing = request.url === '/failing/on';
      response.writeHead(200, { 'content-type': 'application/json' });
      return response.end(JSON.stringify({ failing, errors }));
    }
    response.setHeader('content-type', 'text/plain; version=0.0.4');
    response.end(`# HELP checkout_errors_total Failed checkouts.\n# TYPE checkout_errors_total counter\ncheckout_errors_total ${errors}\n`);
  });
  await new Promise((ready) => server.listen(0, '127.0.0.1', ready));
  return {
    address: `127.0.0.1:${server.address().port}`,
    get errors() {
      return errors;
    },
    get failing() {
      return failing;
    },
    set failing(value) {
      failing = value;
    },
    stop: async () => {
      clearInterval(timer);
      server.closeAllConnections?.();
      await new Promise((closed) => server.close(closed));
    },
  };
}

/**
 * Starts the exporter, Alertmanager and Prometheus. A missing binary or one that does not
 * start is not a reason to skip the test: the error goes to the test through the env
 * (INCIDENT_DESK_TEST_ALERTS_ERROR), which fails it saying why, and the rest of the suite runs.
 * @param {{ webhookUrl: string, token: string, log?: (line: string) => void }} options
 */
export async function startAlertPipeline({ webhookUrl, token, log = (line) => process.stderr.write(`${line}\n`) }) {
  const started = [];
  const stop = async () => {
    for (const part of started.reverse()) await part.stop().catch((error) => log(`[alerts] stopping: ${error.message}`));
  };
  try {
    const exporter = await startExporter();
    started.push(exporter);
    // Grouped by instance too: this run's exporter is its own group, apart from the demo's checkout incident.
    const alertmanager = await startAlertmanager({ webhookUrl, token, groupBy: ['alertname', 'instance'], groupWait: '1s', groupInterval: '1s' });
    started.push(alertmanager);
    const prometheus = await startPrometheus({ target: exporter.address, alertmanager: new URL(alertmanager.url).host, rules: PIPELINE_RULES });
    started.push(prometheus);
    return {
      env: {
        INCIDENT_DESK_TEST_EXPORTER_URL: `http://${exporter.address}`,
        INCIDENT_DESK_TEST_EXPORTER_INSTANCE: exporter.address,
        INCIDENT_DESK_TEST_PROMETHEUS_URL: prometheus.url,
        INCIDENT_DESK_TEST_ALERTMANAGER_URL: alertmanager.url,
      },
      stop,
    };
  } catch (error) {
    await stop();
    const message = `the alert pipeline (exporter → Prometheus → Alertmanager) did not start: ${error instanceof Error ? error.message : String(error)}`;
    log(`[alerts] ${message}`);
    return { env: { INCIDENT_DESK_TEST_ALERTS_ERROR: message }, stop: async () => {} };
  }
}
