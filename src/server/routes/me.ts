import type { FastifyInstance } from 'fastify';
import { identityOf } from '../auth/authenticate';
import { routeSchema } from '../routeSchemas';

/** `GET /v1/me`: the name everything written with this token is recorded under, and its scope. */
export function registerMeRoute(app: FastifyInstance): void {
  app.get('/v1/me', { schema: routeSchema('get', '/v1/me') }, async (request) => {
    const { name, scope } = identityOf(request);
    return { name, scope };
  });
}
