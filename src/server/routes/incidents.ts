import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { DeclareRequest, IncidentPatch, NewEvent } from '../../core/incidents/model';
import { canonicalJson } from '../canonicalJson';
import type { ChangeFeed } from '../changeFeed';
import { ApiError } from '../httpErrors';
import { fastifyPath, routeSchema } from '../routeSchemas';
import type { IdempotencyClaim, IncidentFilter, Store, WriteResult } from '../store/store';
import { StoreError } from '../store/store';

/** Who a PATCH is attributed to when the client does not say. */
const UNKNOWN_AUTHOR = 'unknown';

type IdParams = { id: string };

/** The incident endpoints. Request shapes are already checked against the OpenAPI schemas when a handler runs. */
export function registerIncidentRoutes(app: FastifyInstance, store: Store, feed: ChangeFeed): void {
  app.get<{ Querystring: { status?: IncidentFilter } }>(
    '/v1/incidents',
    { schema: routeSchema('get', '/v1/incidents') },
    async (request) => ({ incidents: await store.listIncidents(request.query.status ?? 'active') }),
  );

  app.post<{ Body: DeclareRequest }>(
    '/v1/incidents',
    { schema: routeSchema('post', '/v1/incidents') },
    async (request, reply) => {
      const result = await store.declare(request.body, withClaim(request));
      afterWrite(feed, reply, result);
      return reply
        .code(201)
        .header('ETag', etag(result.value.version))
        .header('Location', `/v1/incidents/${result.value.id}`)
        .send(result.value);
    },
  );

  app.get<{ Params: IdParams }>(
    fastifyPath('/v1/incidents/{id}'),
    { schema: routeSchema('get', '/v1/incidents/{id}') },
    async (request, reply) => {
      const incident = await store.getIncident(request.params.id);
      if (!incident) throw new StoreError('not_found', `There is no incident ${request.params.id}.`);
      return reply.header('ETag', etag(incident.version)).send(incident);
    },
  );

  app.patch<{ Params: IdParams; Body: IncidentPatch & { author?: string } }>(
    fastifyPath('/v1/incidents/{id}'),
    { schema: routeSchema('patch', '/v1/incidents/{id}') },
    async (request, reply) => {
      const { author, ...patch } = request.body;
      const expectedVersion = parseIfMatch(request.headers['if-match']);
      const context = { ...withClaim(request), author: author ?? UNKNOWN_AUTHOR, ...(expectedVersion === undefined ? {} : { expectedVersion }) };
      const result = await store.update(request.params.id, patch, context);
      afterWrite(feed, reply, result);
      return reply.header('ETag', etag(result.value.version)).send(result.value);
    },
  );

  app.post<{ Params: IdParams; Body: NewEvent }>(
    fastifyPath('/v1/incidents/{id}/events'),
    { schema: routeSchema('post', '/v1/incidents/{id}/events') },
    async (request, reply) => {
      const result = await store.appendEvent(request.params.id, request.body, withClaim(request));
      afterWrite(feed, reply, result);
      return reply.code(201).send(result.value);
    },
  );
}

function afterWrite(feed: ChangeFeed, reply: FastifyReply, result: WriteResult<unknown>): void {
  if (result.replayed) reply.header('Idempotent-Replayed', 'true');
  else feed.poke();
}

export function etag(version: number): string {
  return `"${version}"`;
}

/** `"3"`, `W/"3"` and a bare `3` all mean version 3; `*` means any version (no check). */
export function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined || header.trim() === '*') return undefined;
  const match = /^\s*(?:W\/)?"?([0-9]{1,15})"?\s*$/.exec(header);
  if (!match?.[1]) {
    throw new ApiError(400, 'invalid_request', 'If-Match must be an incident version such as "3" (from the ETag header).');
  }
  return Number(match[1]);
}

/**
 * The idempotency claim for a write. The fingerprint covers method, path, body
 * and precondition, so a key reused for a different write is refused instead of
 * silently answering with the wrong result. The body is canonical (keys sorted), so
 * the same body with its keys in another order is the same request.
 */
function withClaim(request: FastifyRequest): { idempotency?: IdempotencyClaim } {
  const key = request.headers['idempotency-key'];
  if (typeof key !== 'string' || key === '') return {};
  const digest = (body: string): string =>
    createHash('sha256').update(`${request.method} ${request.url.split('?')[0]}\n${request.headers['if-match'] ?? ''}\n${body}`).digest('hex');
  return { idempotency: { key, fingerprint: digest(canonicalJson(request.body)), legacyFingerprint: digest(JSON.stringify(request.body)) } };
}
