/**
 * Incident Desk on SQLite and on PostgreSQL replicas (figures, not pass/fail).
 *
 *   node out/test/bench/replicas.bench.js      (after `node esbuild.mjs`)
 *
 * 1. Writes per second at 20 concurrent clients (closed loop, each POSTs a note as
 *    soon as its previous one was answered): SQLite, one PostgreSQL replica, three
 *    replicas with the clients spread over them.
 * 2. Write → SSE delivery at 500 subscribers on one replica, and at 1,500 spread
 *    over three (500 each; the writes go to the first replica, so two thirds of the
 *    deliveries cross replicas through LISTEN/NOTIFY and a read of the table).
 *
 * Each beside the floor in the same run: a bare node:http server that answers the
 * same POSTs with 201 and broadcasts a fixed event to the same number of streams.
 * PostgreSQL is a throwaway cluster from test/harness/postgres.mjs (fsync off, so
 * the PostgreSQL figures leave out the commit's disk flush that SQLite's include).
 * Results: a table on stdout and bench-results/replicas.json.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Client } from 'pg';
import { createToken } from '../../src/server/index';
import { latencies, post, startChild, stopChild, subscribe, table, type Child, type Subscriber } from './support';

const ROOT = path.resolve(__dirname, '../../..');
const CLI = path.join(ROOT, 'dist/cli.mjs');
const CLIENTS = 20;
const WRITE_SECONDS = 5;
const SUBSCRIBERS_PER_REPLICA = 500;
const SSE_WRITES = 30;
const SSE_WRITE_GAP_MS = 80;

interface Row {
  scenario: string;
  server: string;
  n: number;
  perSecond: number | null;
  p50_ms: number;
  p99_ms: number;
  note: string;
}

const rows: Row[] = [];

function record(scenario: string, server: string, samples: number[], perSecond: number | null, note: string): void {
  const { n, p50_ms, p99_ms } = latencies(samples);
  rows.push({ scenario, server, n, perSecond: perSecond === null ? null : Math.round(perSecond), p50_ms, p99_ms, note });
}

// ---------------------------------------------------------------- processes

const FLOOR_SERVER = `
const http = require('node:http');
const streams = new Set();
const server = http.createServer((req, res) => {
  if (req.url.startsWith('/stream')) {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.write(': connected\\n\\n');
    streams.add(res);
    req.on('close', () => streams.delete(res));
    return;
  }
  let text = '';
  req.on('data', (c) => (text += c));
  req.on('end', () => {
    const event = 'id: 1\\ndata: ' + JSON.stringify({ incidentId: 'INC-1', event: { type: 'note', text: JSON.parse(text).text } }) + '\\n\\n';
    for (const s of streams) s.write(event);
    res.writeHead(201, { 'content-type': 'application/json' });
    res.end('{}');
  });
});
server.listen(0, '127.0.0.1', () => console.log('floor listening on http://127.0.0.1:' + server.address().port));
process.on('SIGTERM', () => { for (const s of streams) s.destroy(); server.close(() => process.exit(0)); });
`;

function startFloor(work: string): Promise<Child> {
  const script = path.join(work, 'floor-server.js');
  fs.writeFileSync(script, FLOOR_SERVER);
  return startChild([script]);
}

interface Postgres {
  url: string;
  stop(): Promise<void>;
}

async function startPostgres(): Promise<Postgres> {
  const harness = path.join(ROOT, 'test/harness/postgres.mjs');
  const module = (await import(pathToFileURL(harness).href)) as { startPostgres(): Promise<Postgres> };
  return module.startPostgres();
}

let databases = 0;

/** A fresh database on the bench cluster, and `serve` replicas on it. */
async function startReplicas(pg: Postgres, count: number): Promise<{ replicas: Child[]; token: string }> {
  const name = `bench_${++databases}`;
  const admin = new Client({ connectionString: pg.url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(pg.url);
  url.pathname = `/${name}`;
  const token = await createToken({ database: { connectionString: url.toString() } }, { name: 'bench' });
  const password = decodeURIComponent(url.password);
  url.password = '';
  const replicas: Child[] = [];
  for (let i = 0; i < count; i++) {
    replicas.push(await startChild([CLI, 'serve', '--port', '0', '--database-url', url.toString()], { ...process.env, PGPASSWORD: password }));
  }
  return { replicas, token };
}

async function startSqlite(work: string, label: string): Promise<{ replicas: Child[]; token: string }> {
  const dataDir = path.join(work, label);
  const token = await createToken(dataDir, { name: 'bench' });
  return { replicas: [await startChild([CLI, 'serve', '--port', '0', '--data', dataDir])], token };
}

// ---------------------------------------------------------------- requests

async function declareTargets(url: string, token: string, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const response = await fetch(`${url}/v1/incidents`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title: `Bench target ${i}`, severity: 2 }),
    });
    ids.push(((await response.json()) as { id: string }).id);
  }
  return ids;
}

/** CLIENTS loops for WRITE_SECONDS, spread over the servers; each write goes to one of CLIENTS incidents. */
async function writeLoad(urls: string[], token: string, paths: string[]): Promise<{ latencies: number[]; perSecond: number }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS });
  const latencies: number[] = [];
  const started = performance.now();
  const until = started + WRITE_SECONDS * 1000;
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, c) => {
      const url = urls[c % urls.length] ?? '';
      const target = paths[c % paths.length] ?? '';
      for (let i = 0; performance.now() < until; i++) {
        const sent = performance.now();
        await post(url + target, token, { type: 'note', text: `load-${c}-${i}` }, agent);
        latencies.push(performance.now() - sent);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  return { latencies, perSecond: latencies.length / seconds };
}

async function writesPerSecond(work: string, pg: Postgres): Promise<void> {
  const scenario = `writes/s, ${CLIENTS} concurrent clients, ${WRITE_SECONDS} s`;
  const setups: [string, () => Promise<{ replicas: Child[]; token: string }>, string][] = [
    ['SQLite', () => startSqlite(work, 'writes'), 'one process, synchronous=FULL (fsync per commit)'],
    ['PostgreSQL, 1 replica', () => startReplicas(pg, 1), 'pool of 10, fsync off'],
    ['PostgreSQL, 3 replicas', () => startReplicas(pg, 3), 'clients spread over the replicas, fsync off'],
  ];
  for (const [label, start, note] of setups) {
    const { replicas, token } = await start();
    try {
      const first = replicas[0]?.url ?? '';
      const paths = (await declareTargets(first, token, CLIENTS)).map((id) => `/v1/incidents/${id}/events`);
      const run = await writeLoad(replicas.map((r) => r.url), token, paths);
      record(scenario, label, run.latencies, run.perSecond, note);
    } finally {
      await Promise.all(replicas.map(stopChild));
    }
  }
  const floor = await startFloor(work);
  const run = await writeLoad([floor.url], 'x', ['/write']);
  record(scenario, 'node:http floor', run.latencies, run.perSecond, 'no storage, no auth');
  await stopChild(floor);
}

// ---------------------------------------------------------------- write → SSE

async function fanOut(streamUrls: string[], writeUrl: string, token: string): Promise<{ all: number[]; expected: number }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
  const subscribers: Subscriber[] = [];
  for (const url of streamUrls) for (let i = 0; i < SUBSCRIBERS_PER_REPLICA; i++) subscribers.push(await subscribe(url, token, agent, 'sse-'));
  await new Promise((resolve) => setTimeout(resolve, 500));
  const writer = new http.Agent({ keepAlive: true });
  const sent = new Map<string, number>();
  for (let i = 0; i < SSE_WRITES; i++) {
    const text = `sse-${i}`;
    sent.set(text, performance.now());
    await post(writeUrl, token, { type: 'note', text }, writer);
    await new Promise((resolve) => setTimeout(resolve, SSE_WRITE_GAP_MS));
  }
  const deadline = Date.now() + 15_000;
  while (subscribers.some((s) => s.arrivals.size < SSE_WRITES) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  const all: number[] = [];
  for (const [text, at] of sent) {
    for (const s of subscribers) {
      const arrived = s.arrivals.get(text);
      if (arrived !== undefined) all.push(arrived - at);
    }
  }
  for (const s of subscribers) s.request.destroy();
  agent.destroy();
  writer.destroy();
  return { all, expected: subscribers.length * SSE_WRITES };
}

async function sseLatency(work: string, pg: Postgres): Promise<void> {
  for (const count of [1, 3]) {
    const { replicas, token } = await startReplicas(pg, count);
    const scenario = `write → SSE, ${count * SUBSCRIBERS_PER_REPLICA} subscribers over ${count} replica(s), ${SSE_WRITES} writes`;
    try {
      const first = replicas[0]?.url ?? '';
      const [target] = await declareTargets(first, token, 1);
      const run = await fanOut(replicas.map((r) => `${r.url}/v1/stream`), `${first}/v1/incidents/${target}/events`, token);
      record(scenario, `PostgreSQL, ${count} replica(s)`, run.all, null, `every delivery; ${run.all.length} of ${run.expected} arrived; writes on the first replica`);
    } finally {
      await Promise.all(replicas.map(stopChild));
    }
    const floor = await startFloor(work);
    const run = await fanOut(Array.from({ length: count }, () => `${floor.url}/stream`), `${floor.url}/write`, token);
    record(scenario, 'node:http floor', run.all, null, `one process, ${count * SUBSCRIBERS_PER_REPLICA} streams, no storage`);
    await stopChild(floor);
  }
}

// ---------------------------------------------------------------- main

function resultsTable(): string {
  const header = ['scenario', 'server', 'n', 'per s', 'p50 ms', 'p99 ms', 'note'];
  return table(header, rows.map((r) => [r.scenario, r.server, String(r.n), r.perSecond === null ? '' : String(r.perSecond), r.p50_ms.toFixed(2), r.p99_ms.toFixed(2), r.note]));
}

async function main(): Promise<void> {
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing; run \`node esbuild.mjs\` first`);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'incident-desk-bench-replicas-'));
  const started = Date.now();
  const pg = await startPostgres();
  try {
    await writesPerSecond(work, pg);
    await sseLatency(work, pg);
  } finally {
    await pg.stop();
    fs.rmSync(work, { recursive: true, force: true });
  }
  console.log(resultsTable());
  const out = path.join(ROOT, 'bench-results');
  fs.mkdirSync(out, { recursive: true });
  const report = { benchmark: 'replicas', date: new Date().toISOString(), node: process.version, cpus: os.cpus().length, seconds: (Date.now() - started) / 1000, results: rows };
  fs.writeFileSync(path.join(out, 'replicas.json'), `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\nwritten to bench-results/replicas.json (${report.seconds.toFixed(1)} s)`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
