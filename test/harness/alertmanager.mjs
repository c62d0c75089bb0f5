// A real Prometheus Alertmanager (Debian's prometheus-alertmanager) for the alert
// tests: its own temp folder, loopback only, no cluster port, a webhook receiver
// pointing at the server under test with the token in a credentials file (never on
// argv, where `ps` would show it), and short group timers so a test sees its
// notifications in seconds.
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ALERTMANAGER, ensureMonitoringPackages } from './provision.mjs';

/** A port nothing listens on right now (the OS picks it; the child binds it a moment later). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

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
  const child = spawn(
    ALERTMANAGER,
    [
      `--config.file=${config}`,
      `--storage.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      // Empty: no gossip port at all (a single instance needs none).
      '--cluster.listen-address=',
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr = (stderr + chunk.toString()).slice(-8000);
  });
  // A missing binary is an 'error' event, not an exit: without a listener it would take the whole run down.
  child.once('error', (error) => {
    child.startError = error;
    stderr += `could not start ${ALERTMANAGER}: ${error.message}`;
  });
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const stop = async () => {
    if (!child.startError && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const done = await Promise.race([exited, sleep(5000).then(() => undefined)]);
      if (!done) child.kill('SIGKILL');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitFor(async () => (await fetch(`${url}/-/ready`)).ok, 20_000, () => `Alertmanager did not become ready: ${stderr}`, child);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    url,
    pid: child.pid,
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
    logs: () => stderr,
    stop,
  };
}

/** Polls `check` until it is true; the error says what never happened. */
export async function waitFor(check, timeoutMs, describe, child) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child?.startError) throw new Error(describe());
    if (child && child.exitCode !== null) throw new Error(`${describe()} (exited ${child.exitCode})`);
    try {
      if (await check()) return;
    } catch {
      // Not up yet.
    }
    if (Date.now() > deadline) throw new Error(describe());
    await sleep(100);
  }
}
