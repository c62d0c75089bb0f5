import * as assert from 'node:assert/strict';
import Fastify, { type FastifyInstance } from 'fastify';
import { buildApp } from '../../../src/server/app';
import { ChangeFeed } from '../../../src/server/changeFeed';
import { openApiDocument } from '../../../src/server/openapi';
import { fastifyPath, resolveRefs, routeSchema, type HttpMethod } from '../../../src/server/routeSchemas';
import { SqliteStore } from '../../../src/server/store/sqliteStore';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TestServer } from './serverFixture';

const documented = Object.entries(openApiDocument.paths).flatMap(([route, item]) =>
  Object.keys(item).map((method) => `${method.toUpperCase()} ${fastifyPath(route)}`),
);

/**
 * Validates a value against a component schema with the same validator settings
 * the server uses, by posting it to a throwaway fastify route.
 */
async function contractChecker(): Promise<{ check(schema: string, value: unknown): Promise<void>; close(): Promise<void> }> {
  const app: FastifyInstance = Fastify({ ajv: { customOptions: { removeAdditional: false, coerceTypes: false, discriminator: true } } });
  for (const name of Object.keys(openApiDocument.components.schemas)) {
    app.post(`/check/${name}`, { schema: { body: resolveRefs({ $ref: `#/components/schemas/${name}` }) } }, async () => ({ ok: true }));
  }
  await app.ready();
  return {
    async check(schema, value) {
      const response = await app.inject({ method: 'POST', url: `/check/${schema}`, payload: JSON.stringify(value), headers: { 'content-type': 'application/json' } });
      assert.equal(response.statusCode, 200, `${schema} contract violated: ${response.body}\n${JSON.stringify(value).slice(0, 500)}`);
    },
    close: () => app.close(),
  };
}

describe('OpenAPI contract', () => {
  it('documents every route the server serves, and serves every documented operation', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'incident-desk-openapi-'));
    const store = SqliteStore.open(dataDir);
    const served: string[] = [];
    const app = buildApp({ store, feed: new ChangeFeed(store, { heartbeatMs: 60_000 }), logger: { error: () => {} }, onRoute: (method, url) => served.push(`${method} ${url}`) });
    try {
      await app.ready();
      assert.deepEqual([...served].sort(), [...documented].sort());
    } finally {
      await app.close();
      await store.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('is a 3.1 document whose every operation yields compilable request schemas', () => {
    assert.equal(openApiDocument.openapi, '3.1.0');
    for (const [route, item] of Object.entries(openApiDocument.paths)) {
      for (const method of Object.keys(item)) {
        const schema = routeSchema(method as HttpMethod, route);
        assert.ok(!JSON.stringify(schema).includes('$ref'), `${method} ${route} still has references`);
      }
    }
  });

  it('describes what the server actually answers (demo data, errors, events)', async () => {
    const server = await TestServer.start({ demo: true });
    const checker = await contractChecker();
    try {
      const list = await server.request('GET', '/v1/incidents?status=all');
      await checker.check('IncidentList', list.json);
      const incidents = (list.json as { incidents: { id: string }[] }).incidents;
      assert.ok(incidents.length >= 4);
      for (const { id } of incidents) {
        await checker.check('IncidentWithTimeline', (await server.request('GET', `/v1/incidents/${id}`)).json);
      }
      const first = incidents[0]?.id ?? '';
      const patched = await server.request('PATCH', `/v1/incidents/${first}`, { body: { status: 'monitoring' } });
      await checker.check('Incident', patched.json);
      const event = await server.request('POST', `/v1/incidents/${first}/events`, { body: { type: 'check_in' } });
      await checker.check('TimelineEvent', event.json);
      await checker.check('Health', (await server.request('GET', '/v1/health')).json);
      await checker.check('Error', (await server.request('GET', '/v1/incidents/INC-999')).json);
      await checker.check('Error', (await server.request('GET', '/v1/incidents', { token: null })).json);

      // And the checker is not a rubber stamp.
      await assert.rejects(checker.check('Incident', { ...(patched.json as object), severity: 9 }));
      await assert.rejects(checker.check('TimelineEvent', { ...(event.json as object), type: 'exploded' }));
    } finally {
      await checker.close();
      await server.dispose();
    }
  });

  it('is served at /v1/openapi.json exactly as kept in the repository', async () => {
    const server = await TestServer.start();
    try {
      const response = await server.request('GET', '/v1/openapi.json', { token: null });
      assert.deepEqual(response.json, JSON.parse(JSON.stringify(openApiDocument)));
    } finally {
      await server.dispose();
    }
  });
});
