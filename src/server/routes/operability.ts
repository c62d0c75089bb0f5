import type { FastifyInstance } from 'fastify';
import { sendError } from '../httpErrors';
import type { ServerMetrics } from '../metrics';
import { API_VERSION, openApiDocument } from '../openapi';
import { routeSchema } from '../routeSchemas';
import type { Store } from '../store/store';

/** How long readiness waits for the store before calling it unreachable. */
const READY_TIMEOUT_MS = 1000;

const publicRoute = { config: { public: true } };

/**
 * What operators and load balancers ask without a token: liveness (the process
 * answers), readiness (the store answers too), metrics, and the contract itself.
 */
export function registerOperabilityRoutes(app: FastifyInstance, store: Store, metrics: ServerMetrics, version: string): void {
  app.get('/v1/health', { ...publicRoute, schema: routeSchema('get', '/v1/health') }, async () => ({
    status: 'ok',
    version,
    apiVersion: API_VERSION,
    time: new Date().toISOString(),
  }));

  app.get('/v1/ready', { ...publicRoute, schema: routeSchema('get', '/v1/ready') }, async (_request, reply) => {
    const problem = await storeProblem(store);
    if (problem !== undefined) return sendError(reply, 503, 'not_ready', `The store does not answer: ${problem}`);
    return { status: 'ready' };
  });

  app.get('/metrics', { ...publicRoute, schema: routeSchema('get', '/metrics') }, async (_request, reply) => {
    const { contentType, text } = await metrics.exposition();
    return reply.type(contentType).send(text);
  });

  app.get('/v1/openapi.json', { ...publicRoute, schema: routeSchema('get', '/v1/openapi.json') }, async () => openApiDocument);
}

/** undefined when a cheap read answers in time; otherwise why not. */
async function storeProblem(store: Store): Promise<string | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(`no answer within ${READY_TIMEOUT_MS} ms.`), READY_TIMEOUT_MS);
  });
  try {
    return await Promise.race([store.latestSeq().then(() => undefined), timeout]);
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    clearTimeout(timer);
  }
}
