import Fastify, { type FastifyInstance } from 'fastify';
import { installAuthentication } from './auth/authenticate';
import { TokenDirectory } from './auth/tokenDirectory';
import type { ChangeFeed } from './changeFeed';
import { installErrorHandling, type ErrorLogger } from './httpErrors';
import { ServerMetrics } from './metrics';
import { answerClientError, answerFrameworkError } from './protocolErrors';
import { registerEventsRoute } from './routes/events';
import { DEFAULT_ALERT_POLICY, type AlertPolicy } from './integrations/alertNotification';
import { registerIncidentRoutes } from './routes/incidents';
import { registerIntegrationRoutes } from './routes/integrations';
import { registerMeRoute } from './routes/me';
import { registerOperabilityRoutes } from './routes/operability';
import { registerStreamRoute } from './routes/stream';
import { registerDeliveryRoutes } from './routes/deliveries';
import { registerStatusRoutes } from './routes/status';
import type { StatusPageSettings } from './notify/statusPageConfig';
import type { RoutingTable } from './notify/types';
import type { Store } from './store/store';

export const BODY_LIMIT_BYTES = 64 * 1024;

export interface AppOptions {
  store: Store;
  feed: ChangeFeed;
  logger: ErrorLogger;
  /** Told about every route as it is registered (the contract test compares them with the OpenAPI document). */
  onRoute?: (method: string, url: string) => void;
  /** Where request latencies go and /metrics reads from; a fresh registry when not given. */
  metrics?: ServerMetrics;
  /** The server's release, reported by /v1/health. */
  version?: string;
  /** How long token rows are cached; a revoked token stops working within this. */
  tokenCacheMs?: number;
  /** How alerts become incidents (the config file's `alerts:` section). */
  alertPolicy?: AlertPolicy;
  /** `/status`: public or behind a token (the config file's `status_page:`). */
  statusPage?: StatusPageSettings;
  /** The notify: routes, for the route preview; none configured when not given. */
  routing?: RoutingTable;
}

/** The fastify application: validation, auth, error shape and routes. Listening is the caller's business. */
export function buildApp({ store, feed, logger, onRoute, metrics = new ServerMetrics(), version = '0.0.0-dev', tokenCacheMs, alertPolicy = DEFAULT_ALERT_POLICY, statusPage, routing }: AppOptions): FastifyInstance {
  const app = Fastify({
    // Failures before routing (headers too large, a path that does not decode) answer in the API's error shape too.
    clientErrorHandler: answerClientError,
    frameworkErrors: answerFrameworkError,
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
  app.addHook('onResponse', async (request, reply) => {
    // Unmatched URLs share one label so a scan of random paths cannot grow the series without bound.
    metrics.observeRequest(request.method, request.routeOptions.url ?? 'unmatched', reply.statusCode, reply.elapsedTime / 1000);
  });
  if (onRoute) {
    app.addHook('onRoute', (route) => {
      for (const method of [route.method].flat()) onRoute(method, route.url);
    });
  }

  const directory = new TokenDirectory(store, tokenCacheMs === undefined ? {} : { ttlMs: tokenCacheMs });
  installAuthentication(app, directory);

  registerOperabilityRoutes(app, store, metrics, version);
  registerMeRoute(app);
  registerIncidentRoutes(app, store, feed);
  registerEventsRoute(app, store);
  registerStreamRoute(app, store, feed, logger);
  registerIntegrationRoutes(app, store, feed, alertPolicy);
  registerDeliveryRoutes(app, store, routing);
  registerStatusRoutes(app, store, directory, statusPage);
  return app;
}
