import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { DeclareRequest, IncidentPatch, NewEvent } from '../../core/incidents/model';
import { canonicalJson } from '../canonicalJson';
import { actorFor, type ClaimedAttribution } from '../auth/actor';
import { identityOf } from '../auth/authenticate';
import type { ChangeFeed } from '../changeFeed';
import { ApiError } from '../httpErrors';
import { integerQueryParameters } from '../queryIntegers';
import { fastifyPath, routeSchema } from '../routeSchemas';
import type { IdempotencyClaim, IncidentFilter, Store, WriteResult } from '../store/store';
import { StoreError } from '../store/store';
import { decodeCursor, encodeCursor } from './pageCursor';

type IdParams = { id: string };
type ListQuery = { status: IncidentFilter; since?: string; limit: number; cursor?: string };
/** Request bodies as the wire carries them: who acts comes from the token, so `author` may be absent. */
type Attributed<T> = Omit<T, 'author' | 'onBehalfOf'> & ClaimedAttribution;

/** The incident endpoints. Request shapes are already checked against the OpenAPI schemas when a handler runs. */
export function registerIncidentRoutes(app: FastifyInstance, store: Store, feed: ChangeFeed): void {
  app.get<{ Querystring: ListQuery }>(
    '/v1/incidents',
    { schema: routeSchema('get', '/v1/incidents'), preValidation: integerQueryParameters('get', '/v1/incidents') },
    async (request) => {
      const { status, since, limit, cursor } = request.query;
      const page = await store.incidentPage({
        filter: status,
        limit,
        // Stored times are UTC with milliseconds; a since with an offset compares correctly only once it is too.
        ...(since === undefined ? {} : { since: new Date(since).toISOString() }),
        ...(cursor === undefined ? {} : { after: decodeCursor(cursor) }),
      });
      return { incidents: page.incidents, nextCursor: page.next === null ? null : encodeCursor(page.next) };
    },
  );

  app.post<{ Body: Attributed<DeclareRequest> }>(
    '/v1/incidents',
    { schema: routeSchema('post', '/v1/incidents') },
    async (request, reply) => {
      const { author, onBehalfOf, ...fields } = request.body;
      const declared: DeclareRequest = { ...fields, ...actorFor(request, { author, onBehalfOf }) };
      const result = await store.declare(declared, withClaim(request));
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

  app.patch<{ Params: IdParams; Body: IncidentPatch & ClaimedAttribution }>(
    fastifyPath('/v1/incidents/{id}'),
    { schema: routeSchema('patch', '/v1/incidents/{id}') },
    async (request, reply) => {
      const { author, onBehalfOf, ...patch } = request.body;
      const actor = actorFor(request, { author, onBehalfOf });
      const expectedVersion = parseIfMatch(request.headers['if-match']);
      const context = { ...withClaim(request), ...actor, ...(expectedVersion === undefined ? {} : { expectedVersion }) };
      const result = await store.update(request.params.id, patch, context);
      afterWrite(feed, reply, result);
      return reply.header('ETag', etag(result.value.version)).send(result.value);
    },
  );

  app.post<{ Params: IdParams; Body: Attributed<NewEvent> }>(
    fastifyPath('/v1/incidents/{id}/events'),
    { schema: routeSchema('post', '/v1/incidents/{id}/events') },
    async (request, reply) => {
      const { author, onBehalfOf, ...fields } = request.body;
      const event = { ...fields, ...actorFor(request, { author, onBehalfOf }) } as NewEvent;
      const result = await store.appendEvent(request.params.id, event, withClaim(request));
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
 * The idempotency claim for a write. The fingerprint covers who asks, method, path,
 * body and precondition, so a key reused for a different write — or by another
 * token, which must never be handed someone else's result — is refused instead of
 * silently answering with the wrong one. The body is canonical (keys sorted), so the
 * same body with its keys in another order is the same request. The legacy
 * fingerprint is how releases before identity digested a request; records they
 * wrote still replay, so an upgrade never turns an offline queue into rejects.
 */
function withClaim(request: FastifyRequest): { idempotency?: IdempotencyClaim } {
  const key = request.headers['idempotency-key'];
  if (typeof key !== 'string' || key === '') return {};
  const digest = (body: string, who = ''): string =>
    createHash('sha256').update(`${who}${request.method} ${request.url.split('?')[0]}\n${request.headers['if-match'] ?? ''}\n${body}`).digest('hex');
  const who = `${identityOf(request).name}\n`;
  return { idempotency: { key, fingerprint: digest(canonicalJson(request.body), who), legacyFingerprint: digest(JSON.stringify(request.body)) } };
}
