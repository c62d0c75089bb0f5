/**
 * Incident Desk server benchmark (figures, not pass/fail).
 *
 *   node out/test/bench/server.bench.js      (after `node esbuild.mjs`)
 *
 * 1. Latency of a page of GET /v1/incidents?status=active with 10,000 stored
 *    incidents (the first page, and one reached by cursor deep into the list), at a
 *    fixed request rate (open loop: requests go out on schedule whether or not
 *    earlier ones finished, so a slow server cannot hide its queueing).
 * 2. Time from a write (POST .../events) to its SSE event at 500 subscribers.
 * 3. Latency of a single-incident GET (fixed rate) while 10 clients read the whole
 *    10,000-incident list back to back (closed loop): what one slow read does to
 *    everyone else.
 *
 * Each beside the floor: a bare node:http server that answers with a fixed body
 * of the same size (1, 3) or broadcasts a fixed event to the same 500 streams (2).
 * Servers run as separate processes (the real CLI for Incident Desk), the load
 * from this one; everything on 127.0.0.1. Results: a table on stdout and
 * bench-results/server.json.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { createToken } from '../../src/server/index';
import { SqliteStore } from '../../src/server/store/sqliteStore';
import { latencies, post, startChild, stopChild, subscribe, table, type Child, type Subscriber } from './support';

const ROOT = path.resolve(__dirname, '../../..');
const CLI = path.join(ROOT, 'dist/cli.mjs');
const STORED = 10_000;
const SUBSCRIBERS = 500;
const WRITES = 40;
const WRITE_GAP_MS = 60;

interface Figures {
  scenario: string;
  server: string;
  requests: number;
  p50_ms: number;
  p99_ms: number;
  max_ms: number;
  note: string;
}

const results: Figures[] = [];

function record(scenario: string, server: string, samples: number[], note: string): void {
  const { n, p50_ms, p99_ms, max_ms } = latencies(samples);
  results.push({ scenario, server, requests: n, p50_ms, p99_ms, max_ms, note });
}

// ---------------------------------------------------------------- processes

function startDesk(dataDir: string): Promise<Child> {
  return startChild([CLI, 'serve', '--port', '0', '--data', dataDir]);
}

/** The floor: node:http and nothing else. */
const FLOOR_SERVER = `
const http = require('node:http');
const fs = require('node:fs');
const body = fs.readFileSync(process.argv[2]);
const single = process.argv[3] ? fs.readFileSync(process.argv[3]) : body;
const streams = new Set();
const server = http.createServer((req, res) => {
  if (req.url.startsWith('/stream')) {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.write(': connected\\n\\n');
    streams.add(res);
    req.on('close', () => streams.delete(res));
    return;
  }
  if (req.method === 'POST') {
    let text = '';
    req.on('data', (c) => (text += c));
    req.on('end', () => {
      const event = 'id: 1\\ndata: ' + JSON.stringify({ incidentId: 'INC-1', event: { type: 'note', text: JSON.parse(text).text } }) + '\\n\\n';
      for (const s of streams) s.write(event);
      res.writeHead(201, { 'content-type': 'application/json' });
      res.end('{}');
    });
    return;
  }
  const answer = req.url.startsWith('/one') ? single : body;
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': answer.length });
  res.end(answer);
});
server.listen(0, '127.0.0.1', () => console.log('floor listening on http://127.0.0.1:' + server.address().port));
process.on('SIGTERM', () => { for (const s of streams) s.destroy(); server.close(() => process.exit(0)); });
`;

function startFloor(dir: string, bodyFile: string, singleBodyFile?: string): Promise<Child> {
  const script = path.join(dir, 'floor-server.js');
  fs.writeFileSync(script, FLOOR_SERVER);
  return startChild([script, bodyFile, ...(singleBodyFile ? [singleBodyFile] : [])]);
}

// ---------------------------------------------------------------- 1. list latency

function get(agent: http.Agent, url: string, token: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { agent, headers: { authorization: `Bearer ${token}` } }, (response) => {
      let bytes = 0;
      response.on('data', (chunk: Buffer) => (bytes += chunk.length));
      response.on('end', () => (response.statusCode === 200 ? resolve(bytes) : reject(new Error(`status ${response.statusCode}`))));
    });
    request.on('error', reject);
  });
}

/** Open loop at `rate` per second for `count` requests; latency counted from each request's scheduled time. */
async function fixedRate(url: string, token: string, rate: number, count: number): Promise<number[]> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });
  const start = performance.now() + 50;
  const latencies: number[] = [];
  const pending: Promise<void>[] = [];
  for (let i = 0; i < count; i++) {
    const scheduled = start + (i * 1000) / rate;
    const wait = scheduled - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    pending.push(get(agent, url, token).then(() => void latencies.push(performance.now() - scheduled)));
  }
  await Promise.all(pending);
  agent.destroy();
  return latencies;
}

async function seed(dataDir: string, active: number): Promise<void> {
  // Bulk load without fsync; the server reopens the file with full durability.
  const store = SqliteStore.open(dataDir, { synchronous: 'off' });
  const services = ['checkout-api', 'settings-web', 'data-exports', 'orders-db'];
  for (let i = 0; i < STORED; i++) {
    const { value } = await store.declare({
      title: `Incident ${i}: elevated errors on ${services[i % 4]}`,
      severity: (i % 5) as 0 | 1 | 2 | 3 | 4,
      services: [services[i % 4] ?? 'checkout-api'],
      customers: i % 7 === 0 ? ['Northwind Traders'] : [],
      roles: { commander: `oncall-${i % 13}` },
      author: 'bench',
    });
    if (i >= active) await store.update(value.id, { status: 'resolved' }, { author: 'bench' });
  }
  await store.close();
}

interface PageChoice {
  limit: number;
  /** Pages to follow by cursor before the measured one: keyset paging should cost the same at any depth. */
  depth: number;
}

/** The URL of the page `depth` cursors into the list. */
async function pageUrl(base: string, token: string, page: PageChoice): Promise<string> {
  let url = `${base}/v1/incidents?status=active&limit=${page.limit}`;
  for (let i = 0; i < page.depth; i++) {
    const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    const { nextCursor } = (await response.json()) as { nextCursor: string | null };
    if (nextCursor === null) throw new Error(`the list has fewer than ${page.depth + 1} pages of ${page.limit}`);
    url = `${base}/v1/incidents?status=active&limit=${page.limit}&cursor=${nextCursor}`;
  }
  return url;
}

let tokens = 0;

async function listLatency(work: string, active: number, rate: number, count: number, page: PageChoice): Promise<void> {
  const dataDir = path.join(work, `list-${active}`);
  // Several scenarios share one seeded store; each gets its own token.
  if (!fs.existsSync(dataDir)) await seed(dataDir, active);
  const token = await createToken(dataDir, { name: `bench-${++tokens}` });
  const desk = await startDesk(dataDir);
  const url = await pageUrl(desk.url, token, page);
  const bytes = await get(new http.Agent(), url, token);
  await fixedRate(url, token, rate, Math.min(10, count)); // warm-up
  const deskSamples = await fixedRate(url, token, rate, count);
  await stopChild(desk);

  const bodyFile = path.join(work, `body-${active}-${tokens}.json`);
  fs.writeFileSync(bodyFile, Buffer.alloc(bytes, 'x'));
  const floor = await startFloor(work, bodyFile);
  await fixedRate(floor.url, token, rate, Math.min(10, count));
  const floorSamples = await fixedRate(floor.url, token, rate, count);
  await stopChild(floor);

  const where = page.depth === 0 ? 'first page' : `page ${page.depth + 1} by cursor`;
  const scenario = `GET active, ${where} of ${page.limit} (${active} of ${STORED} active, ${(bytes / 1024).toFixed(0)} KiB) @ ${rate}/s`;
  record(scenario, 'incident-desk', deskSamples, 'SQLite + fastify, bearer auth');
  record(scenario, 'node:http floor', floorSamples, 'fixed body of the same size');
}

// ---------------------------------------------------------------- 3. single GET under list load

const LIST_CLIENTS = 10;

/** `clients` loops that each read `url` back to back until `stop()`; resolves with how many reads they made. */
function closedLoop(url: string, token: string, clients: number): { stop(): Promise<number> } {
  const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
  let running = true;
  let reads = 0;
  const loops = Array.from({ length: clients }, async () => {
    while (running) {
      await get(agent, url, token);
      reads++;
    }
  });
  return {
    async stop() {
      running = false;
      await Promise.all(loops);
      agent.destroy();
      return reads;
    },
  };
}

async function singleGetUnderLoad(serverUrl: string, listPath: string, onePath: string, token: string): Promise<{ idle: number[]; loaded: number[]; listReads: number }> {
  await fixedRate(serverUrl + onePath, token, 20, 10); // warm-up
  const idle = await fixedRate(serverUrl + onePath, token, 20, 100);
  const load = closedLoop(serverUrl + listPath, token, LIST_CLIENTS);
  await new Promise((resolve) => setTimeout(resolve, 500));
  const loaded = await fixedRate(serverUrl + onePath, token, 20, 100);
  const listReads = await load.stop();
  return { idle, loaded, listReads };
}

async function readsUnderListLoad(work: string): Promise<void> {
  const dataDir = path.join(work, 'under-load');
  const token = await createToken(dataDir, { name: 'bench' });
  await seed(dataDir, STORED);
  const desk = await startDesk(dataDir);
  const onePath = '/v1/incidents/INC-5000';
  const listPath = '/v1/incidents?status=active';
  const listBytes = await get(new http.Agent(), desk.url + listPath, token);
  const oneBytes = await get(new http.Agent(), desk.url + onePath, token);
  const deskRun = await singleGetUnderLoad(desk.url, listPath, onePath, token);
  await stopChild(desk);

  const listFile = path.join(work, 'under-load-list.json');
  const oneFile = path.join(work, 'under-load-one.json');
  fs.writeFileSync(listFile, Buffer.alloc(listBytes, 'x'));
  fs.writeFileSync(oneFile, Buffer.alloc(oneBytes, 'x'));
  const floor = await startFloor(work, listFile, oneFile);
  const floorRun = await singleGetUnderLoad(floor.url, '/list', '/one', token);
  await stopChild(floor);

  const scenario = `GET one incident @ 20/s`;
  const loadNote = (reads: number): string => `${reads} list reads (${(listBytes / 1024).toFixed(0)} KiB each) meanwhile`;
  record(`${scenario}, idle`, 'incident-desk', deskRun.idle, 'nothing else running');
  record(`${scenario}, idle`, 'node:http floor', floorRun.idle, 'fixed body of the same size');
  record(`${scenario}, ${LIST_CLIENTS} clients reading all ${STORED}`, 'incident-desk', deskRun.loaded, loadNote(deskRun.listReads));
  record(`${scenario}, ${LIST_CLIENTS} clients reading all ${STORED}`, 'node:http floor', floorRun.loaded, loadNote(floorRun.listReads));
}

// ---------------------------------------------------------------- 2. write → SSE

async function fanOut(serverUrl: string, streamPath: string, writePath: string, token: string): Promise<{ all: number[]; last: number[] }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
  const subscribers: Subscriber[] = [];
  for (let i = 0; i < SUBSCRIBERS; i++) subscribers.push(await subscribe(serverUrl + streamPath, token, agent, 'bench-'));
  await new Promise((resolve) => setTimeout(resolve, 300));
  const sent = new Map<string, number>();
  for (let i = 0; i < WRITES; i++) {
    const text = `bench-${i}`;
    sent.set(text, performance.now());
    await post(serverUrl + writePath, token, { type: 'note', author: 'bench', text });
    await new Promise((resolve) => setTimeout(resolve, WRITE_GAP_MS));
  }
  const deadline = Date.now() + 10_000;
  while (subscribers.some((s) => s.arrivals.size < WRITES) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  const all: number[] = [];
  const last: number[] = [];
  for (const [text, at] of sent) {
    const times = subscribers.map((s) => s.arrivals.get(text)).filter((t): t is number => t !== undefined);
    all.push(...times.map((t) => t - at));
    if (times.length > 0) last.push(Math.max(...times) - at);
  }
  for (const s of subscribers) s.request.destroy();
  agent.destroy();
  return { all, last };
}

async function sseLatency(work: string): Promise<void> {
  const dataDir = path.join(work, 'sse');
  const token = await createToken(dataDir, { name: 'bench' });
  const desk = await startDesk(dataDir);
  await post(`${desk.url}/v1/incidents`, token, { title: 'SSE bench', severity: 2, author: 'bench' });
  const deskRun = await fanOut(desk.url, '/v1/stream', '/v1/incidents/INC-1/events', token);
  await stopChild(desk);

  const bodyFile = path.join(work, 'sse-body.json');
  fs.writeFileSync(bodyFile, '{}');
  const floor = await startFloor(work, bodyFile);
  const floorRun = await fanOut(floor.url, '/stream', '/write', token);
  await stopChild(floor);

  const scenario = `write → SSE event, ${SUBSCRIBERS} subscribers, ${WRITES} writes`;
  record(`${scenario} (every delivery)`, 'incident-desk', deskRun.all, 'includes the fsync of the write');
  record(`${scenario} (every delivery)`, 'node:http floor', floorRun.all, 'no storage, no auth');
  record(`${scenario} (last subscriber)`, 'incident-desk', deskRun.last, 'per write: slowest of 500');
  record(`${scenario} (last subscriber)`, 'node:http floor', floorRun.last, 'per write: slowest of 500');
  const expected = SUBSCRIBERS * WRITES;
  if (deskRun.all.length < expected) console.warn(`incident-desk delivered ${deskRun.all.length} of ${expected} events`);
}

// ---------------------------------------------------------------- main

function resultsTable(rows: Figures[]): string {
  const header = ['scenario', 'server', 'n', 'p50 ms', 'p99 ms', 'max ms', 'note'];
  return table(header, rows.map((r) => [r.scenario, r.server, String(r.requests), r.p50_ms.toFixed(2), r.p99_ms.toFixed(2), r.max_ms.toFixed(2), r.note]));
}

async function main(): Promise<void> {
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing; run \`node esbuild.mjs\` first`);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'incident-desk-bench-'));
  const started = Date.now();
  try {
    await listLatency(work, 200, 50, 300, { limit: 200, depth: 0 });
    await listLatency(work, STORED, 50, 300, { limit: 200, depth: 0 });
    await listLatency(work, STORED, 50, 300, { limit: 200, depth: 40 });
    await listLatency(work, STORED, 5, 40, { limit: 1000, depth: 0 });
    await sseLatency(work);
    await readsUnderListLoad(work);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  console.log(resultsTable(results));
  const out = path.join(ROOT, 'bench-results');
  fs.mkdirSync(out, { recursive: true });
  const report = { benchmark: 'server', date: new Date().toISOString(), node: process.version, cpus: os.cpus().length, seconds: (Date.now() - started) / 1000, results };
  fs.writeFileSync(path.join(out, 'server.json'), `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\nwritten to bench-results/server.json (${report.seconds.toFixed(1)} s)`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
