import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { BackendError } from '../../../src/backends/backend';
import { jitteredBackoff, rateLimitWaitMs } from '../../../src/backends/http/backoff';
import { HttpClient, type HttpClientOptions, type RetryInfo } from '../../../src/backends/http/httpClient';

type Handler = (request: http.IncomingMessage, response: http.ServerResponse, count: number) => void;

/** A 127.0.0.1 server whose behaviour each test scripts; it counts requests and drops open sockets on close. */
class ScriptedServer {
  count = 0;
  private readonly sockets = new Set<Socket>();
  private readonly server: http.Server;
  url = '';

  constructor(private handler: Handler) {
    this.server = http.createServer((request, response) => {
      this.count++;
      request.resume();
      request.on('end', () => this.handler(request, response, this.count));
    });
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

const SECRET = 'tok_super_secret_42';

function client(url: string, options: Partial<HttpClientOptions> = {}): HttpClient {
  return new HttpClient({
    baseUrl: url,
    headers: { authorization: `Bearer ${SECRET}` },
    secrets: [SECRET],
    timeoutMs: 1000,
    retry: { retries: 3, baseDelayMs: 1, maxDelayMs: 4, maxRateLimitWaitMs: 1000 },
    ...options,
  });
}

async function failure(promise: Promise<unknown>): Promise<BackendError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof BackendError, `expected BackendError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected a failure');
}

function json(response: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}

describe('HttpClient', () => {
  let server: ScriptedServer | undefined;

  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  async function serve(handler: Handler): Promise<ScriptedServer> {
    server = await new ScriptedServer(handler).start();
    return server;
  }

  it('retries a GET after 5xx and returns the parsed body', async () => {
    const s = await serve((_q, r, n) => (n < 3 ? json(r, 503, { error: { message: 'busy' } }) : json(r, 200, { ok: true })));
    const retries: RetryInfo[] = [];
    const response = await client(s.url, { onRetry: (info) => retries.push(info) }).request({ method: 'GET', path: '/x' });
    assert.deepEqual(response.body, { ok: true });
    assert.equal(s.count, 3);
    assert.deepEqual(retries.map((r) => r.attempt), [1, 2]);
  });

  it('does not retry a write without an idempotency key, but does retry one marked retryable', async () => {
    const s = await serve((_q, r) => json(r, 503, { error: { message: 'busy' } }));
    const error = await failure(client(s.url).request({ method: 'POST', path: '/x', body: { a: 1 } }));
    assert.equal(error.kind, 'server');
    assert.equal(s.count, 1);
    await failure(client(s.url).request({ method: 'POST', path: '/x', body: { a: 1 }, retryable: true }));
    assert.equal(s.count, 1 + 4);
  });

  for (const [status, kind] of [
    [400, 'invalid_request'],
    [401, 'unauthorized'],
    [403, 'unauthorized'],
    [404, 'not_found'],
    [409, 'conflict'],
    [412, 'conflict'],
    [422, 'invalid_request'],
  ] as const) {
    it(`maps ${status} to ${kind} without retrying`, async () => {
      const s = await serve((_q, r) => json(r, status, { error: { code: 'x', message: `refused with ${status}` } }));
      const error = await failure(client(s.url).request({ method: 'GET', path: '/x' }));
      assert.equal(error.kind, kind);
      assert.equal(error.status, status);
      assert.match(error.message, new RegExp(`refused with ${status}`));
      assert.equal(s.count, 1);
    });
  }

  it('times out a server that never answers', async () => {
    const s = await serve(() => {
      /* never answers */
    });
    const error = await failure(client(s.url, { timeoutMs: 100, retry: { retries: 1, baseDelayMs: 1, maxDelayMs: 1 } }).request({ method: 'GET', path: '/x' }));
    assert.equal(error.kind, 'timeout');
    assert.equal(s.count, 2, 'a timed-out read is retried');
  });

  it('times out a body that stalls after the headers', async () => {
    const s = await serve((_q, r) => {
      r.writeHead(200, { 'content-type': 'application/json' });
      r.write('{"incidents": [');
    });
    const error = await failure(client(s.url, { timeoutMs: 100, retry: { retries: 0 } }).request({ method: 'GET', path: '/x' }));
    assert.equal(error.kind, 'timeout');
  });

  it('reports an unreachable server as a network error', async () => {
    const s = await serve((_q, r) => json(r, 200, {}));
    const url = s.url;
    await s.close();
    server = undefined;
    const error = await failure(client(url, { retry: { retries: 1, baseDelayMs: 1, maxDelayMs: 1 } }).request({ method: 'GET', path: '/x' }));
    assert.equal(error.kind, 'network');
    assert.match(error.message, /ECONNREFUSED/);
  });

  it('turns HTML and malformed JSON into bad_response', async () => {
    const s = await serve((_q, r, n) => {
      if (n === 1) {
        r.writeHead(200, { 'content-type': 'text/html' });
        r.end('<html>login</html>');
      } else {
        r.writeHead(200, { 'content-type': 'application/json' });
        r.end('{"a":');
      }
    });
    const html = await failure(client(s.url).request({ method: 'GET', path: '/x' }));
    assert.equal(html.kind, 'bad_response');
    assert.match(html.message, /text\/html/);
    const malformed = await failure(client(s.url).request({ method: 'GET', path: '/x' }));
    assert.equal(malformed.kind, 'bad_response');
  });

  it('never puts the token in an error message, even when the server echoes it', async () => {
    const s = await serve((q, r) => json(r, 400, { error: { message: `bad header ${q.headers.authorization}` } }));
    const error = await failure(client(s.url).request({ method: 'GET', path: '/x' }));
    assert.ok(!error.message.includes(SECRET), error.message);
    assert.match(error.message, /\*\*\*/);
  });

  it('waits as long as Retry-After says before retrying a 429', async () => {
    const s = await serve((_q, r, n) => (n === 1 ? json(r, 429, {}, { 'retry-after': '0.05' }) : json(r, 200, { ok: 1 })));
    const retries: RetryInfo[] = [];
    await client(s.url, { onRetry: (info) => retries.push(info), random: () => 0 }).request({ method: 'GET', path: '/x' });
    assert.equal(retries[0]?.delayMs, 50);
  });

  it('can be cancelled by the caller', async () => {
    const s = await serve(() => {
      /* never answers */
    });
    const controller = new AbortController();
    const pending = client(s.url, { timeoutMs: 5000 }).request({ method: 'GET', path: '/x', signal: controller.signal });
    controller.abort();
    const error = await failure(pending);
    assert.equal(error.kind, 'network');
    assert.match(error.message, /cancelled/);
  });
});

describe('backoff', () => {
  it('keeps full-jitter delays within the exponential ceiling and the cap', () => {
    const policy = { baseDelayMs: 100, maxDelayMs: 1000 };
    assert.equal(jitteredBackoff(0, policy, () => 1), 100);
    assert.equal(jitteredBackoff(3, policy, () => 1), 800);
    assert.equal(jitteredBackoff(10, policy, () => 1), 1000);
    assert.equal(jitteredBackoff(3, policy, () => 0), 0);
    assert.equal(jitteredBackoff(3, policy, () => 0.5), 400);
  });

  it('reads Retry-After (seconds or date) and ratelimit-reset (seconds or epoch)', () => {
    const now = Date.UTC(2026, 0, 1);
    assert.equal(rateLimitWaitMs(new Headers({ 'retry-after': '7' }), now), 7000);
    assert.equal(rateLimitWaitMs(new Headers({ 'retry-after': new Date(now + 3000).toUTCString() }), now), 3000);
    assert.equal(rateLimitWaitMs(new Headers({ 'ratelimit-reset': '12' }), now), 12000);
    assert.equal(rateLimitWaitMs(new Headers({ 'ratelimit-reset': String(now / 1000 + 5) }), now), 5000);
    assert.equal(rateLimitWaitMs(new Headers({}), now), undefined);
    assert.equal(rateLimitWaitMs(new Headers({ 'retry-after': 'soon' }), now), undefined);
  });
});
