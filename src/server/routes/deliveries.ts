import type { FastifyInstance } from 'fastify';
import { AUDIENCES, type Audience } from '../../core/incidents/model';
import { ApiError } from '../httpErrors';
import { channelsFor } from '../notify/routing';
import type { RoutingTable } from '../notify/types';
import { fastifyPath, routeSchema } from '../routeSchemas';
import type { Store } from '../store/store';
import { StoreError } from '../store/store';

type IdParams = { id: string };

/** The outbox as the API shows it, its dead letters' retry, and which channels an update would reach. */
export function registerDeliveryRoutes(app: FastifyInstance, store: Store, routing: RoutingTable | undefined): void {
  app.get<{ Params: IdParams }>(
    fastifyPath('/v1/incidents/{id}/deliveries'),
    { schema: routeSchema('get', '/v1/incidents/{id}/deliveries') },
    async (request) => {
      await requireIncident(store, request.params.id);
      return { deliveries: await store.deliveries(request.params.id) };
    },
  );

  app.post<{ Params: IdParams & { deliveryId: string } }>(
    fastifyPath('/v1/incidents/{id}/deliveries/{deliveryId}/retry'),
    { schema: routeSchema('post', '/v1/incidents/{id}/deliveries/{deliveryId}/retry') },
    async (request, reply) => {
      const outcome = await store.retryDelivery(request.params.id, request.params.deliveryId, new Date().toISOString());
      if (outcome === 'not_found') throw new StoreError('not_found', `${request.params.id} has no delivery ${request.params.deliveryId}.`);
      if (outcome === 'not_dead') throw new ApiError(409, 'not_dead_letter', `${request.params.deliveryId} is not a dead letter; only dead letters are retried by hand.`);
      return reply.code(202).send({ deliveries: await store.deliveries(request.params.id) });
    },
  );

  app.get<{ Params: IdParams; Querystring: { audience: Audience } }>(
    fastifyPath('/v1/incidents/{id}/routes'),
    { schema: routeSchema('get', '/v1/incidents/{id}/routes') },
    async (request) => {
      const incident = await requireIncident(store, request.params.id);
      if (!AUDIENCES.includes(request.query.audience)) throw new ApiError(400, 'invalid_request', 'audience must be one of executive, technical, external.');
      const channels = routing ? channelsFor(routing, { event: 'status_update', severity: incident.severity, audience: request.query.audience }) : [];
      return { channels: channels.map(({ name, type, label, audience }) => ({ name, type, label, audience })) };
    },
  );
}

async function requireIncident(store: Store, id: string) {
  const incident = await store.getIncident(id);
  if (!incident) throw new StoreError('not_found', `There is no incident ${id}.`);
  return incident;
}
