// A real Prometheus Alertmanager (Debian's prometheus-alertmanager) for the alert
// tests: its own temp folder, loopback only, no cluster port, a webhook receiver
// pointing at the server under test with the token in a credentials file (never on
// argv, where `ps` would show it), and short group timers so a test sees its
// notifications in seconds.
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startDaemon } from './daemon.mjs';
import { ALERTMANAGER, ensureMonitoringPackages } from './provision.mjs';

export { freePort, waitFor } from './daemon.mjs';

/**
 * Starts Alertmanager; resolves once /-/ready answers.
 * @param {{ webhookUrl: string, token: string, groupBy?: string[], groupWait?: string, groupInterval?: string, repeatInterval?: string }} options
 */
export async function startAlertmanager(options) {
  ensureMonitoringPackages();
  const dir = mkdtempSync(join(tmpdir(), 'idesk-alertmanager-'));
  const credentials = join(dir, 'token');
  writeFileSync(credentials, options.token, { mode: 0o600 });
  chmodSync(credentials, 0o600);
  const config = join(dir, 'alertmanager.yml');
  writeFileSync(
    config,
    [
      'route:',
      '  receiver: incident-desk',
      `  group_by: [${(options.groupBy ?? ['alertname']).join(', ')}]`,
      `  group_wait: ${options.groupWait ?? '1s'}`,
      `  group_interval: ${options.groupInterval ?? '1s'}`,
      `  repeat_interval: ${options.repeatInterval ?? '1h'}`,
      'receivers:',
      '  - name: incident-desk',
      '    webhook_configs:',
      `      - url: ${JSON.stringify(options.webhookUrl)}`,
      '        send_resolved: true',
      '        http_config:',
      '          authorization:',
      '            type: Bearer',
      `            credentials_file: ${JSON.stringify(credentials)}`,
      '',
    ].join('\n'),
  );
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const daemon = await startDaemon({
    name: 'Alertmanager',
    binary: ALERTMANAGER,
    args: [
      `--config.file=${config}`,
      `--storage.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      // Empty: no gossip port at all (a single instance needs none).
      '--cluster.listen-address=',
      '--log.level=warn',
    ],
    dir,
    url,
    readyTimeoutMs: 20_000,
  });
  return {
    url,
    pid: daemon.pid,
    /** Alerts into API v2, as Prometheus sends them. */
    async postAlerts(alerts) {
      const response = await fetch(`${url}/api/v2/alerts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(alerts),
      });
      if (!response.ok) throw new Error(`POST /api/v2/alerts: ${response.status} ${await response.text()}`);
    },
    /** Webhook deliveries so far (alertmanager_notifications_total for the webhook integration). */
    async notificationsSent() {
      const text = await (await fetch(`${url}/metrics`)).text();
      const line = text.split('\n').find((l) => l.startsWith('alertmanager_notifications_total{') && l.includes('integration="webhook"'));
      return line ? Number(line.split(' ').pop()) : 0;
    },
    async failedNotifications() {
      const text = await (await fetch(`${url}/metrics`)).text();
      const line = text.split('\n').find((l) => l.startsWith('alertmanager_notifications_failed_total{') && l.includes('integration="webhook"'));
      return line ? Number(line.split(' ').pop()) : 0;
    },
    logs: daemon.logs,
    stop: daemon.stop,
  };
}
