import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Incident } from '../../../src/core/incidents/model';
import { extensionApi } from '../support/extension';
import { api, eventually, serverToken, serverUrl } from '../support/server';
import { percentile } from '../../bench/figures';

/** Figures, never pass/fail: printed and written to bench-results/alerts-tree.json. */
const figures: Record<string, number> = {};
const SAMPLES = 30;

function integrationToken(): string {
  const token = process.env.INCIDENT_DESK_TEST_INTEGRATION_TOKEN;
  if (!token) throw new Error('INCIDENT_DESK_TEST_INTEGRATION_TOKEN is not set: run through test/harness/run-integration.mjs');
  return token;
}

/** A new alert group's first notification, as Alertmanager (webhook version 4) sends it. */
function firstNotification(groupKey: string, name: string): string {
  return JSON.stringify({
    version: '4',
    receiver: 'incident-desk',
    status: 'firing',
    groupKey,
    truncatedAlerts: 0,
    groupLabels: { alertname: 'BenchWebhookToTree' },
    commonLabels: { alertname: 'BenchWebhookToTree', severity: 'warning', service: 'bench-alerts' },
    commonAnnotations: {},
    externalURL: 'http://alertmanager.invalid:9093',
    alerts: [
      {
        status: 'firing',
        // severity=warning is Sev 3, so resolving afterwards asks for no all-clear.
        labels: { alertname: 'BenchWebhookToTree', severity: 'warning', service: 'bench-alerts', instance: name },
        annotations: { summary: `Bench alert ${name}` },
        startsAt: new Date().toISOString(),
        endsAt: '0001-01-01T00:00:00Z',
        generatorURL: 'http://prometheus.invalid:9090/graph',
        fingerprint: name,
      },
    ],
  });
}

/**
 * The floor: a raw client on GET /v1/stream (the feed the extension listens to). Each
 * sample's time to the stream event carrying its group, beside the time to the tree.
 */
class RawStream {
  private readonly waiting = new Map<string, () => void>();
  private request: http.ClientRequest | undefined;

  async open(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      const request = http.get(`${serverUrl()}/v1/stream`, { headers: { authorization: `Bearer ${serverToken()}`, accept: 'text/event-stream' } });
      this.request = request;
      request.on('error', reject);
      request.on('response', (response) => {
        if (response.statusCode !== 200) return reject(new Error(`GET /v1/stream → ${response.statusCode}`));
        let buffer = '';
        response.on('data', (chunk: Buffer) => {
          buffer += chunk.toString('utf8');
          const frames = buffer.split('\n\n');
          buffer = frames.pop() ?? '';
          for (const frame of frames) {
            const data = frame.split('\n').find((line) => line.startsWith('data: '));
            if (!data) continue;
            const change = JSON.parse(data.slice(6)) as { incident?: { alertGroup?: { groupKey?: string } } };
            const key = change.incident?.alertGroup?.groupKey;
            const done = key === undefined ? undefined : this.waiting.get(key);
            if (done && key !== undefined) {
              this.waiting.delete(key);
              done();
            }
          }
        });
        resolve();
      });
    });
  }

  /** Resolves when the stream carries a change of the incident for `groupKey`. */
  seen(groupKey: string): Promise<number> {
    return new Promise((resolve, reject) => {
      const timeout = setTimeout(() => reject(new Error(`the stream never carried ${groupKey}`)), 15_000);
      this.waiting.set(groupKey, () => {
        clearTimeout(timeout);
        resolve(performance.now());
      });
    });
  }

  close(): void {
    this.request?.destroy();
  }
}

describe('bench: Alertmanager webhook → incident in the tree', function () {
  this.timeout(300_000);
  const created: string[] = [];

  after(async () => {
    // Resolved again so the other benchmarks see the demo's incidents as they were.
    for (const id of created) await api('PATCH', `/v1/incidents/${id}`, { status: 'resolved' }).catch(() => undefined);
    const lines = Object.entries(figures).map(([name, value]) => `  ${name.padEnd(48)} ${value.toFixed(2)}`);
    console.log(['', 'Alertmanager webhook → Incidents tree (inside VS Code)', ...lines].join('\n'));
    const out = process.env.INCIDENT_DESK_BENCH_DIR;
    if (out) {
      fs.mkdirSync(out, { recursive: true });
      fs.writeFileSync(path.join(out, 'alerts-tree.json'), JSON.stringify(figures, null, 2));
    }
  });

  it(`POST /v1/integrations/alertmanager (a new group) → the incident's row in the tree, ${SAMPLES} samples, beside the raw stream`, async () => {
    const { incidents } = await extensionApi();
    await incidents.ready;
    await vscode.workspace.getConfiguration('incidentDesk').update('server.url', serverUrl(), vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('incidentDesk.setServerToken', serverToken());
    await eventually('online', () => incidents.state().kind === 'online');
    const stream = new RawStream();
    await stream.open();
    const run = randomUUID().slice(0, 8);
    const tree: number[] = [];
    const raw: number[] = [];
    const webhook: number[] = [];
    try {
      for (let i = 0; i < SAMPLES; i++) {
        const name = `bench-${run}-${i}`;
        const groupKey = `{}:{alertname="BenchWebhookToTree", bench="${name}"}`;
        const inTree = async (): Promise<Incident | undefined> => {
          for (const group of await incidents.tree.getChildren()) {
            for (const node of await incidents.tree.getChildren(group)) {
              if (node.kind === 'incident' && node.incident.alertGroup?.groupKey === groupKey) return node.incident;
            }
          }
          return undefined;
        };
        // Checked on every change the model announces, not on a timer, so the figure is
        // the pipeline's latency rather than a polling interval.
        const shown = new Promise<{ at: number; incident: Incident }>((resolve, reject) => {
          const timeout = setTimeout(() => reject(new Error(`the alert's incident (${groupKey}) never reached the tree`)), 15_000);
          const listener = incidents.onDidChange(() => {
            void inTree().then((incident) => {
              if (!incident) return;
              clearTimeout(timeout);
              listener.dispose();
              resolve({ at: performance.now(), incident });
            });
          });
        });
        const onStream = stream.seen(groupKey);
        const started = performance.now();
        const response = await fetch(`${serverUrl()}/v1/integrations/alertmanager`, {
          method: 'POST',
          headers: { authorization: `Bearer ${integrationToken()}`, 'content-type': 'application/json' },
          body: firstNotification(groupKey, name),
        });
        const answered = performance.now();
        if (!response.ok) throw new Error(`the webhook answered ${response.status}: ${await response.text()}`);
        await response.arrayBuffer();
        const [treeAt, streamAt] = await Promise.all([shown, onStream]);
        created.push(treeAt.incident.id);
        webhook.push(answered - started);
        tree.push(treeAt.at - started);
        raw.push(streamAt - started);
      }
    } finally {
      stream.close();
    }
    for (const list of [tree, raw, webhook]) list.sort((a, b) => a - b);
    figures['webhook→tree p50 (ms)'] = percentile(tree, 50);
    figures['webhook→tree p95 (ms)'] = percentile(tree, 95);
    figures['floor: webhook→raw stream event p50 (ms)'] = percentile(raw, 50);
    figures['floor: webhook→raw stream event p95 (ms)'] = percentile(raw, 95);
    figures['webhook answered p50 (ms)'] = percentile(webhook, 50);
    figures['samples'] = SAMPLES;
  });
});
