import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { PrometheusSource } from '../../../src/backends/prometheus/prometheusSource';

/** A real HTTP server speaking the Prometheus query API's shapes, recording what it was asked. */
async function fakeApi(answer: (query: string) => { status: number; body: unknown }): Promise<{ url: string; seen: { query: string; time: string; authorization?: string }[]; close(): Promise<void> }> {
  const seen: { query: string; time: string; authorization?: string }[] = [];
  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://x');
    const query = url.searchParams.get('query') ?? '';
    seen.push({ query, time: url.searchParams.get('time') ?? '', ...(request.headers.authorization ? { authorization: request.headers.authorization } : {}) });
    const { status, body } = url.pathname === '/prom/api/v1/query' ? answer(query) : { status: 404, body: { status: 'error', error: 'not here' } };
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/prom`, seen, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe('Prometheus instant queries', () => {
  it('sums a vector, reads a scalar, counts an empty result as 0, at the given time, with the bearer token', async () => {
    const api = await fakeApi((query) => ({
      status: 200,
      body:
        query === 'vec'
          ? { status: 'success', data: { resultType: 'vector', result: [{ metric: {}, value: [1, '2.5'] }, { metric: {}, value: [1, '1.5'] }] } }
          : query === 'sca'
            ? { status: 'success', data: { resultType: 'scalar', result: [1, '7'] } }
            : { status: 'success', data: { resultType: 'vector', result: [] } },
    }));
    try {
      const source = new PrometheusSource({ url: api.url, token: 's3cret' });
      assert.equal(await source.instant('vec', 1700000000), 4);
      assert.equal(await source.instant('sca', 1700000000), 7);
      assert.equal(await source.instant('none', 1700000000), 0);
      assert.deepEqual(api.seen[0], { query: 'vec', time: '1700000000', authorization: 'Bearer s3cret' });
    } finally {
      await api.close();
    }
  });

  it('a bad query is an error with Prometheus’s reason and never the token', async () => {
    const api = await fakeApi(() => ({ status: 400, body: { status: 'error', errorType: 'bad_data', error: 'parse error: s3cret unexpected' } }));
    try {
      const source = new PrometheusSource({ url: api.url, token: 's3cret' });
      await assert.rejects(source.instant('sum(', 1), (error: Error) => /400: parse error/.test(error.message) && !error.message.includes('s3cret'));
    } finally {
      await api.close();
    }
  });

  it('refuses a URL that is not http(s)', () => {
    assert.throws(() => new PrometheusSource({ url: 'file:///etc/passwd' }), /http\(s\)/);
    assert.throws(() => new PrometheusSource({ url: 'not a url' }), /not a URL/);
  });
});
