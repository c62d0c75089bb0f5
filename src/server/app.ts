import Fastify, { type FastifyInstance } from 'fastify';
import { installAuthentication, type RouteConfig } from './auth/authenticate';
import { TokenDirectory } from './auth/tokenDirectory';
import type { ChangeFeed } from './changeFeed';
import { installErrorHandling, type ErrorLogger } from './httpErrors';
import { openApiDocument } from './openapi';
import { routeSchema } from './routeSchemas';
import { registerEventsRoute } from './routes/events';
import { registerIncidentRoutes } from './routes/incidents';
import { registerMeRoute } from './routes/me';
import { registerStreamRoute } from './routes/stream';
import type { Store } from './store/store';

export const BODY_LIMIT_BYTES = 64 * 1024;

export interface AppOptions {
  store: Store;
  feed: ChangeFeed;
  logger: ErrorLogger;
  /** Told about every route as it is registered (the contract test compares them with the OpenAPI document). */
  onRoute?: (method: string, url: string) => void;
  /** How long token rows are cached; a revoked token stops working within this. */
  tokenCacheMs?: number;
}

/** The fastify application: validation, auth, error shape and routes. Listening is the caller's business. */
export function buildApp({ store, feed, logger, onRoute, tokenCacheMs }: AppOptions): FastifyInstance {
  const app = Fastify({
    logger: false,
    bodyLimit: BODY_LIMIT_BYTES,
    // Every operation is explicit in the OpenAPI document; implicit HEAD routes would not be.
    exposeHeadRoutes: false,
    // SSE connections are long-lived; closing the server must not wait for them.
    forceCloseConnections: true,
    ajv: {
      customOptions: {
        // The contract says unknown fields and wrong types are errors, so never strip or coerce.
        removeAdditional: false,
        coerceTypes: false,
        useDefaults: true,
        allErrors: false,
        discriminator: true,
      },
    },
  });

  installErrorHandling(app, logger);
  if (onRoute) {
    app.addHook('onRoute', (route) => {
      for (const method of [route.method].flat()) onRoute(method, route.url);
    });
  }

  installAuthentication(app, new TokenDirectory(store, tokenCacheMs === undefined ? {} : { ttlMs: tokenCacheMs }));

  const publicRoute = { config: { public: true } satisfies RouteConfig };
  app.get('/v1/health', { ...publicRoute, schema: routeSchema('get', '/v1/health') }, async () => ({
    status: 'ok',
    time: new Date().toISOString(),
  }));
  app.get('/v1/openapi.json', { ...publicRoute, schema: routeSchema('get', '/v1/openapi.json') }, async () => openApiDocument);

  registerMeRoute(app);
  registerIncidentRoutes(app, store, feed);
  registerEventsRoute(app, store);
  registerStreamRoute(app, store, feed, logger);
  return app;
}
