import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildApp } from '../../../src/server/app';
import { ChangeFeed } from '../../../src/server/changeFeed';
import { API_VERSION } from '../../../src/server/openapi';
import { SqliteStore } from '../../../src/server/store/sqliteStore';
import { TestServer, errorCode } from './serverFixture';

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Parses Prometheus text exposition lines (`name{a="b"} 1`); comments are skipped. */
function parseExposition(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    assert.ok(match, `not an exposition line: ${line}`);
    const labels = Object.fromEntries([...(match[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1] ?? '', m[2] ?? '']));
    samples.push({ name: match[1] ?? '', labels, value: Number(match[3]) });
  }
  return samples;
}

describe('operability: health, readiness, metrics', () => {
  let server: TestServer;

  beforeEach(async () => {
    server = await TestServer.start();
  });

  afterEach(async () => {
    await server.dispose();
  });

  it('reports the server release and the API version in /v1/health', async () => {
    const health = await server.request('GET', '/v1/health', { token: null });
    assert.equal(health.status, 200);
    const body = health.json as { status: string; version: string; apiVersion: string };
    assert.equal(body.status, 'ok');
    assert.equal(body.apiVersion, API_VERSION);
    assert.match(body.version, /^\d+\.\d+\.\d+/);
  });

  it('is ready when the store answers, without a token', async () => {
    const ready = await server.request('GET', '/v1/ready', { token: null });
    assert.equal(ready.status, 200, ready.text);
    assert.deepEqual(ready.json, { status: 'ready' });
  });

  it('serves Prometheus metrics: request latency by route, store latency by operation, queue depths, SSE subscribers', async () => {
    const id = await server.declare();
    assert.equal((await server.request('GET', `/v1/incidents/${id}`)).status, 200);
    assert.equal((await server.request('GET', '/v1/incidents/INC-999')).status, 404);
    const scrape = await server.request('GET', '/metrics', { token: null });
    assert.equal(scrape.status, 200);
    assert.match(String(scrape.headers['content-type']), /^text\/plain/);
    const samples = parseExposition(scrape.text);

    const requests = samples.filter((s) => s.name === 'incident_desk_http_request_duration_seconds_count');
    const byRoute = (route: string, status: string): number =>
      requests.find((s) => s.labels.route === route && s.labels.method === 'GET' && s.labels.status_code === status)?.value ?? 0;
    assert.equal(byRoute('/v1/incidents/:id', '200'), 1, 'labelled by route template, not by URL');
    assert.equal(byRoute('/v1/incidents/:id', '404'), 1);
    assert.ok(!requests.some((s) => s.labels.route?.includes('INC-')), 'no raw ids in labels');
    assert.ok(
      samples.some((s) => s.name === 'incident_desk_http_request_duration_seconds_bucket' && s.labels.route === '/v1/incidents' && s.labels.le === '+Inf'),
      'a histogram with buckets',
    );

    const storeCalls = samples.filter((s) => s.name === 'incident_desk_store_operation_duration_seconds_count');
    for (const operation of ['declare', 'getIncident', 'tokens']) {
      assert.ok((storeCalls.find((s) => s.labels.operation === operation && s.labels.outcome === 'ok')?.value ?? 0) >= 1, `store latency for ${operation}`);
    }
    const queues = samples.filter((s) => s.name === 'incident_desk_store_pending_calls');
    assert.deepEqual(queues.map((s) => s.labels.connection).sort(), ['reader', 'writer']);
    assert.ok(samples.some((s) => s.name === 'incident_desk_sse_subscribers' && s.value === 0));
  });

  it('answers 503 not_ready in the error shape when the store does not answer', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'incident-desk-ready-'));
    const store = SqliteStore.open(dataDir);
    const app = buildApp({ store, feed: new ChangeFeed(store, { heartbeatMs: 60_000 }), logger: { error: () => {} } });
    try {
      await store.close();
      const response = await app.inject({ method: 'GET', url: '/v1/ready' });
      assert.equal(response.statusCode, 503);
      assert.equal((JSON.parse(response.body) as { error: { code: string } }).error.code, 'not_ready');
      assert.equal(errorCode({ status: 503, headers: {}, text: response.body, json: JSON.parse(response.body) }), 'not_ready');
    } finally {
      await app.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
