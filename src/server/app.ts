import Fastify, { type FastifyInstance } from 'fastify';
import type { ChangeFeed } from './changeFeed';
import { installErrorHandling, sendError, type ErrorLogger } from './httpErrors';
import { ServerMetrics } from './metrics';
import { answerClientError, answerFrameworkError } from './protocolErrors';
import { registerIncidentRoutes } from './routes/incidents';
import { registerOperabilityRoutes } from './routes/operability';
import { registerStreamRoute } from './routes/stream';
import type { Store } from './store/store';
import { bearerToken, tokenMatches } from './tokens';

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
}

/** Routes that answer without a token, marked in their route config. */
interface RouteConfig {
  public?: boolean;
}

/** The fastify application: validation, auth, error shape and routes. Listening is the caller's business. */
export function buildApp({ store, feed, logger, onRoute, metrics = new ServerMetrics(), version = '0.0.0-dev' }: AppOptions): FastifyInstance {
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

  app.addHook('onRequest', async (request, reply) => {
    if ((request.routeOptions.config as RouteConfig | undefined)?.public) return;
    const token = bearerToken(request.headers.authorization);
    if (token !== undefined && tokenMatches(token, await store.tokenHashes())) return;
    reply.header('WWW-Authenticate', 'Bearer realm="incident-desk"');
    return sendError(
      reply,
      401,
      'unauthorized',
      token === undefined
        ? 'Send a bearer token: Authorization: Bearer <token> (create one with `incident-desk token create --data DIR`).'
        : 'The bearer token is not valid for this server.',
    );
  });

  registerOperabilityRoutes(app, store, metrics, version);
  registerIncidentRoutes(app, store, feed);
  registerStreamRoute(app, store, feed, logger);
  return app;
}
