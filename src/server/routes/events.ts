import type { FastifyInstance } from 'fastify';
import { integerQueryParameters } from '../queryIntegers';
import { routeSchema } from '../routeSchemas';
import type { Store } from '../store/store';

/** `GET /v1/events`: the change log's timeline events across incidents, a page at a time. */
export function registerEventsRoute(app: FastifyInstance, store: Store): void {
  app.get<{ Querystring: { after: number; limit: number } }>(
    '/v1/events',
    { schema: routeSchema('get', '/v1/events'), preValidation: integerQueryParameters('get', '/v1/events') },
    async (request) => store.eventPage(request.query.after, request.query.limit),
  );
}
