/**
 * Stakeholder delivery and status page benchmark (figures, not pass/fail).
 *
 *   node out/test/bench/notify.bench.js      (after `node esbuild.mjs`; Node 24)
 *
 * 1. Event → first delivery: a status update routed to 10 signed-webhook channels (local
 *    receivers); from sending the POST to the first receiver seeing that event, and to
 *    the last of the 10. p50/p99 over INCIDENT_DESK_BENCH_NOTIFY_SAMPLES (100) updates.
 * 2. /status under 50 concurrent readers (keep-alive), 20 incidents with external
 *    updates on the page: p50/p99 latency, beside a node:http server that answers the
 *    same bytes from memory (the floor).
 *
 * The server runs as its own process (the real CLI, durable SQLite); receivers and
 * load run in this one, all on 127.0.0.1. Results: a table and bench-results/notify.json.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { createToken } from '../../src/server/index';
import { percentile } from './figures';

const ROOT = path.resolve(__dirname, '../../..');
const CLI = path.join(ROOT, 'dist/cli.mjs');
const CHANNELS = 10;
const SAMPLES = Number(process.env.INCIDENT_DESK_BENCH_NOTIFY_SAMPLES ?? 100);
const READERS = 50;
const PAGE_REQUESTS = 5000;
const SECRET = `whsec_${Buffer.from('bench-bench-bench-bench-bench-bench').toString('base64')}`;

interface Row { scenario: string; samples: number; p50_ms: number; p99_ms: number; max_ms: number }
const results: Row[] = [];
const round = (n: number): number => Math.round(n * 100) / 100;

function record(scenario: string, samples: number[]): void {
  const sorted = [...samples].sort((a, b) => a - b);
  results.push({ scenario, samples: sorted.length, p50_ms: round(percentile(sorted, 50)), p99_ms: round(percentile(sorted, 99)), max_ms: round(sorted[sorted.length - 1] ?? NaN) });
}

async function startServer(configFile: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--config', configFile], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, BENCH_HOOK_SECRET: SECRET } });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match?.[1]) resolve(match[1]);
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  return { child, url };
}

async function main(): Promise<void> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'incident-desk-bench-notify-'));
  // Receivers: one server, one path per channel; each request's event id and arrival time.
  const arrivals = new Map<string, number[]>();
  const receiver = http.createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      const id = String(request.headers['webhook-id']).replace(/^msg_/, '').split('.')[0] ?? '';
      const list = arrivals.get(id) ?? [];
      list.push(performance.now());
      arrivals.set(id, list);
      response.end('ok');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  const dataDir = path.join(work, 'data');
  const configFile = path.join(work, 'config.yaml');
  const channels = Array.from({ length: CHANNELS }, (_, i) =>
    [`    - name: hook${i}`, '      type: webhook', '      audience: external', `      url: ${receiverUrl}/hook${i}`, '      secret: { env: BENCH_HOOK_SECRET }'].join('\n'),
  );
  fs.writeFileSync(configFile, ['server:', `  data: ${dataDir}`, 'notify:', '  channels:', ...channels, 'status_page:', '  access: public', ''].join('\n'));
  const token = await createToken(dataDir, { name: 'bench' });
  const server = await startServer(configFile);
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  try {
    const declared = await fetch(`${server.url}/v1/incidents`, { method: 'POST', headers, body: JSON.stringify({ title: 'Bench', severity: 1, publicTitle: 'Checkout is slow' }) });
    const incidentId = ((await declared.json()) as { id: string }).id;
    const first: number[] = [];
    const all: number[] = [];
    for (let i = 0; i < SAMPLES; i += 1) {
      const sent = performance.now();
      const response = await fetch(`${server.url}/v1/incidents/${incidentId}/events`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ type: 'status_update', audience: 'external', conditions: `update ${i}`, actions: 'working', needs: '' }),
      });
      const eventId = ((await response.json()) as { id: string }).id;
      const deadline = Date.now() + 30_000;
      while ((arrivals.get(eventId)?.length ?? 0) < CHANNELS && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 1));
      const times = arrivals.get(eventId) ?? [];
      first.push((times[0] ?? NaN) - sent);
      all.push((times[CHANNELS - 1] ?? NaN) - sent);
    }
    record(`event → first of ${CHANNELS} channels`, first);
    record(`event → all ${CHANNELS} channels`, all);

    for (let i = 0; i < 19; i += 1) {
      const more = await fetch(`${server.url}/v1/incidents`, { method: 'POST', headers, body: JSON.stringify({ title: `Bench ${i}`, severity: 2 }) });
      const id = ((await more.json()) as { id: string }).id;
      await fetch(`${server.url}/v1/incidents/${id}/events`, { method: 'POST', headers, body: JSON.stringify({ type: 'status_update', audience: 'external', conditions: `Something ${i} is slow`, actions: '', needs: '' }) });
    }
    const page = await (await fetch(`${server.url}/status`)).text();
    record(`/status, ${READERS} concurrent readers (${Math.round(page.length / 1024)} KiB)`, await load(`${server.url}/status`));
    const floor = http.createServer((_request, response) => response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page));
    await new Promise<void>((resolve) => floor.listen(0, '127.0.0.1', resolve));
    record(`node:http floor, same bytes, ${READERS} readers`, await load(`http://127.0.0.1:${(floor.address() as AddressInfo).port}/status`));
    floor.close();
  } finally {
    server.child.kill('SIGTERM');
    receiver.close();
    fs.rmSync(work, { recursive: true, force: true });
  }
  console.table(results);
  const out = process.env.INCIDENT_DESK_BENCH_DIR ?? path.join(ROOT, 'bench-results');
  fs.mkdirSync(out, { recursive: true });
  fs.writeFileSync(path.join(out, 'notify.json'), `${JSON.stringify({ node: process.version, cpus: os.cpus().length, results }, null, 2)}\n`);
}

/** READERS keep-alive connections, each sending its next request when the last answered. */
async function load(url: string): Promise<number[]> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: READERS });
  const latencies: number[] = [];
  let left = PAGE_REQUESTS;
  const reader = async (): Promise<void> => {
    while (left-- > 0) {
      const started = performance.now();
      await new Promise<void>((resolve, reject) => {
        http.get(url, { agent }, (response) => {
          response.resume();
          response.on('end', () => resolve());
        }).on('error', reject);
      });
      latencies.push(performance.now() - started);
    }
  };
  await Promise.all(Array.from({ length: READERS }, () => reader()));
  agent.destroy();
  return latencies;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
