/**
 * Alert receiver benchmark (figures, not pass/fail).
 *
 *   node out/test/bench/alerts.bench.js      (after `node esbuild.mjs`; Node 24)
 *
 * 1. 1,000 Alertmanager notifications in a minute, open loop (sent on schedule
 *    whether or not earlier ones were answered), over 100 alert groups that fire,
 *    repeat, grow and resolve: webhook latency p50/p99, and duplicates (incidents
 *    beyond one per group; must be 0).
 * 2. A burst: the same 1,000 notifications at once (64 connections), over 10 groups:
 *    p99 and duplicates.
 * 3. Webhook → incident visible: from sending a new group's first notification to its
 *    incident arriving on GET /v1/stream (what the editor's tree listens to), p50/p95.
 *
 * The server runs as its own process (the real CLI, durable SQLite), load from this
 * one, all on 127.0.0.1. INCIDENT_DESK_BENCH_ALERT_SECONDS shortens scenario 1.
 * Results: a table on stdout and bench-results/alerts.json.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { createToken } from '../../src/server/index';
import { percentile } from './figures';

const ROOT = path.resolve(__dirname, '../../..');
const CLI = path.join(ROOT, 'dist/cli.mjs');
const NOTIFICATIONS = 1000;
const SECONDS = Number(process.env.INCIDENT_DESK_BENCH_ALERT_SECONDS ?? 60);
const VISIBILITY_SAMPLES = 50;

interface Row {
  scenario: string;
  notifications: number;
  p50_ms: number;
  p95_ms: number;
  p99_ms: number;
  max_ms: number;
  duplicates: number | null;
  non_2xx: number;
}

const results: Row[] = [];
const round = (n: number): number => Math.round(n * 100) / 100;

function record(scenario: string, samples: number[], duplicates: number | null, failures: number): void {
  const sorted = [...samples].sort((a, b) => a - b);
  results.push({
    scenario,
    notifications: samples.length,
    p50_ms: round(percentile(sorted, 50)),
    p95_ms: round(percentile(sorted, 95)),
    p99_ms: round(percentile(sorted, 99)),
    max_ms: round(sorted[sorted.length - 1] ?? NaN),
    duplicates,
    non_2xx: failures,
  });
}

interface Desk {
  process: ChildProcess;
  url: string;
}

function startDesk(dataDir: string): Promise<Desk> {
  const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--data', dataDir], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match?.[1]) resolve({ process: child, url: match[1] });
    });
    child.on('exit', (code) => reject(new Error(`serve exited with ${code}`)));
  });
}

async function stopDesk(desk: Desk): Promise<void> {
  if (desk.process.exitCode !== null) return;
  const exited = new Promise((resolve) => desk.process.once('exit', resolve));
  desk.process.kill('SIGTERM');
  await exited;
}

/** The i-th notification of a group's life: fire, repeat, a second alert joins, repeat, both resolve, repeat. */
function notification(group: string, step: number): string {
  const alert = (n: number, status: 'firing' | 'resolved') => ({
    status,
    labels: { alertname: 'DeployErrorRateHigh', severity: n === 0 ? 'critical' : 'warning', service: 'checkout-api', instance: `i-${n}` },
    annotations: { summary: `Errors on ${group}`, runbook_url: 'https://runbooks.example/rollback' },
    startsAt: '2026-12-01T10:00:00Z',
    endsAt: status === 'resolved' ? '2026-12-01T10:30:00Z' : '0001-01-01T00:00:00Z',
    generatorURL: 'http://prometheus:9090/graph?g0.expr=errors',
    fingerprint: `${group}-${n}`,
  });
  const phase = Math.min(step, 5);
  const alerts =
    phase <= 1 ? [alert(0, 'firing')] : phase <= 3 ? [alert(0, 'firing'), alert(1, 'firing')] : [alert(0, 'resolved'), alert(1, 'resolved')];
  return JSON.stringify({
    receiver: 'incident-desk',
    status: phase >= 4 ? 'resolved' : 'firing',
    alerts,
    groupLabels: { group },
    commonLabels: { alertname: 'DeployErrorRateHigh' },
    commonAnnotations: {},
    externalURL: 'http://alertmanager:9093',
    version: '4',
    groupKey: `{}:{group="${group}"}`,
    truncatedAlerts: 0,
  });
}

function post(agent: http.Agent, url: string, token: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      { method: 'POST', agent, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
      (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

/** Sends `bodies` at `perSecond` (Infinity: all at once); latency from each one's scheduled time. */
async function send(url: string, token: string, bodies: string[], perSecond: number, sockets: number): Promise<{ latencies: number[]; failures: number }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: sockets });
  const start = performance.now() + 50;
  const latencies: number[] = [];
  let failures = 0;
  const pending: Promise<void>[] = [];
  for (const [i, body] of bodies.entries()) {
    const scheduled = Number.isFinite(perSecond) ? start + (i * 1000) / perSecond : performance.now();
    const wait = scheduled - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    pending.push(
      post(agent, url, token, body).then((status) => {
        latencies.push(performance.now() - scheduled);
        if (status < 200 || status > 299) failures += 1;
      }),
    );
  }
  await Promise.all(pending);
  agent.destroy();
  return { latencies, failures };
}

/** Incidents beyond one per alert group. */
async function duplicates(base: string, token: string): Promise<number> {
  const response = await fetch(`${base}/v1/incidents?status=all&limit=1000`, { headers: { authorization: `Bearer ${token}` } });
  const { incidents } = (await response.json()) as { incidents: { alertGroup?: { groupKey: string } }[] };
  const groups = new Set(incidents.map((incident) => incident.alertGroup?.groupKey));
  return incidents.length - groups.size;
}

/** Notifications for `groups` groups, interleaved as Alertmanager would send them: each group through its life cycle. */
function workload(prefix: string, groups: number): string[] {
  const perGroup = NOTIFICATIONS / groups;
  const bodies: string[] = [];
  for (let step = 0; step < perGroup; step++) for (let g = 0; g < groups; g++) bodies.push(notification(`${prefix}-${g}`, step));
  return bodies;
}

async function scenario(work: string, name: string, run: (desk: Desk, token: string, reader: string) => Promise<void>): Promise<void> {
  const dataDir = path.join(work, name);
  const token = await createToken(dataDir, { name: 'alertmanager', scope: 'integration' });
  const reader = await createToken(dataDir, { name: 'reader', scope: 'viewer' });
  const desk = await startDesk(dataDir);
  try {
    await run(desk, token, reader);
  } finally {
    await stopDesk(desk);
  }
}

/** Time from POST to the first stream event of the new incident. */
async function visibility(base: string, token: string, reader: string): Promise<number[]> {
  const samples: number[] = [];
  const waiting = new Map<string, (at: number) => void>();
  const stream = http.get(`${base}/v1/stream`, { headers: { authorization: `Bearer ${reader}`, accept: 'text/event-stream' } });
  await new Promise<void>((resolve, reject) => {
    stream.on('response', (response) => {
      let buffer = '';
      response.on('data', (chunk: Buffer) => {
        buffer += chunk.toString('utf8');
        const frames = buffer.split('\n\n');
        buffer = frames.pop() ?? '';
        for (const frame of frames) {
          const data = frame.split('\n').find((line) => line.startsWith('data: '));
          if (!data) continue;
          const change = JSON.parse(data.slice(6)) as { incident?: { alertGroup?: { groupKey: string } } };
          const key = change.incident?.alertGroup?.groupKey;
          const done = key === undefined ? undefined : waiting.get(key);
          if (done) {
            waiting.delete(key!);
            done(performance.now());
          }
        }
      });
      resolve();
    });
    stream.on('error', reject);
  });
  const agent = new http.Agent({ keepAlive: true });
  for (let i = 0; i < VISIBILITY_SAMPLES; i++) {
    const group = `visible-${i}`;
    const seen = new Promise<number>((resolve) => waiting.set(`{}:{group="${group}"}`, resolve));
    const sent = performance.now();
    await post(agent, `${base}/v1/integrations/alertmanager`, token, notification(group, 0));
    samples.push((await seen) - sent);
  }
  agent.destroy();
  stream.destroy();
  return samples;
}

async function main(): Promise<void> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'incident-desk-alerts-bench-'));
  try {
    await scenario(work, 'steady', async (desk, token) => {
      const url = `${desk.url}/v1/integrations/alertmanager`;
      const { latencies, failures } = await send(url, token, workload('steady', 100), NOTIFICATIONS / SECONDS, 16);
      record(`${NOTIFICATIONS} notifications in ${SECONDS} s, 100 groups`, latencies, await duplicates(desk.url, token), failures);
    });
    await scenario(work, 'burst', async (desk, token) => {
      const url = `${desk.url}/v1/integrations/alertmanager`;
      const { latencies, failures } = await send(url, token, workload('burst', 10), Infinity, 64);
      record(`${NOTIFICATIONS} notifications at once, 10 groups`, latencies, await duplicates(desk.url, token), failures);
    });
    await scenario(work, 'visible', async (desk, token, reader) => {
      record('webhook → incident on /v1/stream', await visibility(desk.url, token, reader), null, 0);
    });
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  console.table(results);
  const out = process.env.INCIDENT_DESK_BENCH_DIR ?? path.join(ROOT, 'bench-results');
  fs.mkdirSync(out, { recursive: true });
  fs.writeFileSync(
    path.join(out, 'alerts.json'),
    `${JSON.stringify({ node: process.version, cpus: os.cpus().length, results }, null, 2)}\n`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
