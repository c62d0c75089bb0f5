import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import type { Incident } from '../../../src/core/incidents/model';
import { SqliteStore } from '../../../src/server/store/sqliteStore';
import { TestServer, type ApiResponse } from './serverFixture';

function assertErrorShape(response: ApiResponse, status: number, code: string): void {
  assert.equal(response.status, status, response.text);
  assert.deepEqual(Object.keys(response.json as object), ['error'], response.text);
  const error = (response.json as { error: { code: string; message: string } }).error;
  assert.equal(error.code, code);
  assert.ok(error.message.length > 20, `a message a person can act on: ${error.message}`);
}

/** Sends raw bytes and reads until the server closes: for requests Node's parser rejects before fastify runs. */
function rawExchange(port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.end(request));
    let text = '';
    socket.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    socket.on('close', () => resolve(text));
    socket.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNRESET' && text !== '' ? resolve(text) : reject(error)));
  });
}

function parseRawResponse(raw: string): ApiResponse {
  const [head = '', body = ''] = raw.split('\r\n\r\n');
  const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1]);
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    json = undefined;
  }
  return { status, headers: {}, text: raw, json };
}

describe('contract fixes', () => {
  let server: TestServer;

  beforeEach(async () => {
    server = await TestServer.start();
  });

  afterEach(async () => {
    await server.dispose();
  });

  it('answers headers too large with 431 in the error shape', async () => {
    const raw = await rawExchange(server.port, `GET /v1/health HTTP/1.1\r\nHost: x\r\nX-Padding: ${'a'.repeat(20_000)}\r\n\r\n`);
    const response = parseRawResponse(raw);
    assertErrorShape(response, 431, 'headers_too_large');
    assert.match(raw, /content-type: application\/json/i);
  });

  it('answers a path with malformed percent-encoding with 400 in the error shape', async () => {
    for (const bad of ['/v1/incidents/%E0%A4%A', '/v1/incidents/%']) {
      assertErrorShape(await server.request('GET', bad), 400, 'invalid_request');
    }
  });

  it('replays an Idempotency-Key whose body has the same fields in another order', async () => {
    const key = { 'idempotency-key': 'reordered-1' };
    const first = await server.request('POST', '/v1/incidents', { rawBody: '{"title":"Queue backlog","severity":3,"roles":{"commander":"zoe","scribe":"li"}}', headers: key });
    const again = await server.request('POST', '/v1/incidents', { rawBody: '{"roles":{"scribe":"li","commander":"zoe"},"severity":3,"title":"Queue backlog"}', headers: key });
    assert.equal(first.status, 201, first.text);
    assert.equal(again.status, 201, again.text);
    assert.equal(again.headers['idempotent-replayed'], 'true');
    assert.deepEqual(again.json, first.json);
    const all = (await server.request('GET', '/v1/incidents?status=all')).json as { incidents: Incident[] };
    assert.equal(all.incidents.length, 1);

    const different = await server.request('POST', '/v1/incidents', { rawBody: '{"severity":2,"title":"Queue backlog"}', headers: key });
    assertErrorShape(different, 422, 'idempotency_key_reused');
  });

  it('still replays a key recorded before canonical fingerprints, so an upgrade never refuses an offline queue', async () => {
    await server.stop();
    const store = SqliteStore.open(server.dataDir);
    try {
      const request = { title: 'Queued offline', severity: 2 as const, author: 'zoe' };
      const first = await store.declare(request, { idempotency: { key: 'queued-1', fingerprint: 'digest-as-1.0-computed-it' } });
      const upgraded = await store.declare(request, {
        idempotency: { key: 'queued-1', fingerprint: 'canonical-digest', legacyFingerprint: 'digest-as-1.0-computed-it' },
      });
      assert.equal(upgraded.replayed, true);
      assert.deepEqual(upgraded.value, first.value);
    } finally {
      await store.close();
    }
  });
});
