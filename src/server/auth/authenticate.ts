import type { FastifyInstance, FastifyRequest } from 'fastify';
import { sendError } from '../httpErrors';
import type { TokenScope } from '../store/store';
import { bearerToken } from '../tokens';
import type { TokenDirectory } from './tokenDirectory';

/** Who sent a request, from its bearer token. */
export interface Identity {
  name: string;
  scope: TokenScope;
}

/** Routes that answer without a token, marked in their route config. */
export interface RouteConfig {
  public?: boolean;
}

const identities = new WeakMap<FastifyRequest, Identity>();
const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Every non-public route needs a valid bearer token; a viewer token may only read.
 * The identity found is what routes record as the author of a change.
 */
export function installAuthentication(app: FastifyInstance, directory: TokenDirectory): void {
  app.addHook('onRequest', async (request, reply) => {
    if ((request.routeOptions.config as RouteConfig | undefined)?.public) return;
    const token = bearerToken(request.headers.authorization);
    const found = token === undefined ? undefined : await directory.find(token);
    if (!found) {
      reply.header('WWW-Authenticate', 'Bearer realm="incident-desk"');
      return sendError(
        reply,
        401,
        'unauthorized',
        token === undefined
          ? 'Send a bearer token: Authorization: Bearer <token> (create one with `incident-desk token create --name NAME --data DIR`).'
          : 'The bearer token is not valid for this server (unknown or revoked).',
      );
    }
    if (found.scope === 'viewer' && !READ_METHODS.has(request.method)) {
      return sendError(reply, 403, 'forbidden', `The token '${found.name}' has the viewer scope, which can only read; ask for a responder token to make changes.`);
    }
    identities.set(request, { name: found.name, scope: found.scope });
  });
}

/** The identity the authentication hook found; only public routes have none. */
export function identityOf(request: FastifyRequest): Identity {
  const identity = identities.get(request);
  if (!identity) throw new Error('internal: a protected route ran without an identity');
  return identity;
}
