// A real Prometheus (Debian's) for the alert end-to-end test: scrapes one target
// every second, evaluates one rule file every second and sends alerts to one
// Alertmanager; its own temp folder, loopback only.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startDaemon } from './daemon.mjs';
import { PROMETHEUS, ensureMonitoringPackages } from './provision.mjs';

/** promtool ships with Debian's prometheus package, next to it. */
export const PROMTOOL = process.env.INCIDENT_DESK_PROMTOOL ?? '/usr/bin/promtool';

/**
 * @param {{ target: string, alertmanager: string, rules: string }} options target and alertmanager as host:port; rules is a rule file's YAML
 */
export async function startPrometheus(options) {
  ensureMonitoringPackages({ prometheus: true });
  const dir = mkdtempSync(join(tmpdir(), 'idesk-prometheus-'));
  const rules = join(dir, 'rules.yml');
  writeFileSync(rules, options.rules);
  const config = join(dir, 'prometheus.yml');
  writeFileSync(
    config,
    [
      'global:',
      '  scrape_interval: 1s',
      '  evaluation_interval: 1s',
      `rule_files: [${JSON.stringify(rules)}]`,
      'alerting:',
      '  alertmanagers:',
      `    - static_configs: [{ targets: [${JSON.stringify(options.alertmanager)}] }]`,
      'scrape_configs:',
      '  - job_name: checkout-api',
      `    static_configs: [{ targets: [${JSON.stringify(options.target)}] }]`,
      '',
    ].join('\n'),
  );
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const daemon = await startDaemon({
    name: 'Prometheus',
    binary: PROMETHEUS,
    args: [`--config.file=${config}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn'],
    dir,
    url,
    readyTimeoutMs: 30_000,
  });
  return {
    url,
    /** The alerts Prometheus has now (GET /api/v1/alerts), for messages when a test times out. */
    async alerts() {
      const body = await (await fetch(`${url}/api/v1/alerts`)).json();
      return body.data?.alerts ?? [];
    },
    logs: daemon.logs,
    stop: daemon.stop,
  };
}
